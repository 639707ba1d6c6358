// A hall certificate outside its dates, as a kiosk meets it after the hall forgot to renew or its own clock was lost: the
// agent's fetch refuses it over real TLS on loopback and says to check the clock and the certificate, not the CA.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { hallFetch } from '../../electron/agent/hall-tls.ts';
import { makeCa } from '../helpers/test-certs.ts';

const dir = mkdtempSync(join(tmpdir(), 'agent-tls-dates-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

it('an expired or not-yet-valid hall certificate is refused with what to check: the clock and the certificate', async () => {
  const ca = makeCa(dir);
  for (const [name, dates, code] of [
    ['expired', { start: '20200101000000Z', end: '20200102000000Z' }, 'CERT_HAS_EXPIRED'],
    ['future', { start: '20991231000000Z', end: '21000101000000Z' }, 'CERT_NOT_YET_VALID'],
  ] as const) {
    const cert = ca.issue(name, dates);
    const server = createServer({ cert: readFileSync(cert.certFile), key: readFileSync(cert.keyFile) }, (_req, res) => res.end('{}'));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const lines: string[] = [];
    const fetchHall = hallFetch(ca.caFile, (line) => lines.push(line));
    const url = `https://127.0.0.1:${(server.address() as { port: number }).port}/api/v1/health`;
    await expect(fetchHall(url)).rejects.toThrow(TypeError);
    await expect(fetchHall(url)).rejects.toThrow(code);
    // Said once however often the agent retries, and it names the clock, not the CA.
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(new RegExp(`not trusted \\(${code}\\): check this machine's clock \\(it reads \\d{4}-\\d\\d-\\d\\dT`));
    expect(lines[0]).toContain('renew the hall');
    expect(lines[0]).not.toContain('KIOSK_HALL_CA');
    await new Promise((resolve) => server.close(resolve));
  }
  // The trusted certificate still works, so the refusals above are about the dates.
  const good = ca.issue('good');
  const server = createServer({ cert: readFileSync(good.certFile), key: readFileSync(good.keyFile) }, (_req, res) => res.end('{"ok":true}'));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const res = await hallFetch(ca.caFile, () => undefined)(`https://127.0.0.1:${(server.address() as { port: number }).port}/`);
  expect(await res.json()).toEqual({ ok: true });
  await new Promise((resolve) => server.close(resolve));
});
