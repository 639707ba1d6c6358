// TLS end to end on the built hall server with certificates made here: HTTPS and WSS on one port, the kiosk agent
// trusting the hall's CA (and refusing without it), SIGHUP swapping the certificate, and no plain HTTP beyond loopback.
import { copyFileSync } from 'node:fs';
import { connect } from 'node:tls';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { buildServers, call, removeBuild, removeDirs, seedHall, startBuilt, stopProcess, tempDir, type BuiltProcess } from '../helpers/built-hall.ts';
import { makeCa } from '../helpers/test-certs.ts';

const dirs: string[] = [];
const running: BuiltProcess[] = [];
afterEach(async () => {
  for (const p of running.splice(0).reverse()) await stopProcess(p, 'SIGKILL');
  removeDirs(dirs);
});
let out = '';
beforeAll(() => void (out = buildServers('tls')), 120_000);
afterAll(() => removeBuild(out));

async function start(env: Record<string, string>, args: string[] = [], entry = 'server/main.js') {
  const p = await startBuilt(`${out}/${entry}`, env, args);
  running.push(p);
  return p;
}

/** SHA-256 fingerprint of the certificate the server presents now. */
function servedFingerprint(port: number, ca: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const s = connect({ host: '127.0.0.1', port, ca, servername: 'localhost' }, () => {
      resolve(s.getPeerCertificate().fingerprint256);
      s.end();
    });
    s.on('error', reject);
  });
}

async function until<T>(probe: () => Promise<T | undefined>, what: string, ms = 15_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = await probe();
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('TLS', () => {
  it('serves HTTPS and WSS on one port and swaps the certificate on SIGHUP', async () => {
    const dir = tempDir('hall-tls-', dirs);
    const ca = makeCa(dir);
    const first = ca.issue('server-1');
    const hall = await start({ HALL_DATA_DIR: `${dir}/data`, HALL_TLS_CERT: first.certFile, HALL_TLS_KEY: first.keyFile });
    expect(hall.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    const port = Number(new URL(hall.url).port);

    const { serviceId, kioskToken, adminToken } = await seedHall(hall.url, ca.ca);
    const ws = new WebSocket(`wss://127.0.0.1:${port}/api/v1/events?since=0`, { ca: ca.ca, headers: { authorization: `Bearer ${adminToken}` } });
    const issuedOverWss = new Promise<string>((resolve, reject) => {
      ws.on('message', (raw) => {
        const e = JSON.parse(String(raw)) as { type: string; data: { ticket?: { number: string } } };
        if (e.type === 'ticket.issued') resolve(e.data.ticket!.number);
      });
      ws.on('error', reject);
    });
    await new Promise((r, j) => ws.once('open', r).once('error', j));
    const issued = await call<{ number: string }>(hall.url, 'POST', '/api/v1/tickets', { ca: ca.ca, token: kioskToken, body: { serviceId } });
    expect(issued.status).toBe(201);
    expect(await issuedOverWss).toBe(issued.body.number);
    ws.close();

    // Plain HTTP on the TLS port gets no API, and a client that does not trust the CA is refused.
    await expect(call(hall.url.replace('https:', 'http:'), 'GET', '/api/v1/health')).rejects.toThrow();
    await expect(call(hall.url, 'GET', '/api/v1/health')).rejects.toThrow();

    // A renewed certificate is written over the same files; SIGHUP makes new connections get it.
    const before = await servedFingerprint(port, ca.ca);
    const renewed = ca.issue('server-2');
    copyFileSync(renewed.certFile, first.certFile);
    copyFileSync(renewed.keyFile, first.keyFile);
    expect(await servedFingerprint(port, ca.ca)).toBe(before);
    hall.child.kill('SIGHUP');
    const after = await until(async () => {
      const f = await servedFingerprint(port, ca.ca);
      return f !== before ? f : undefined;
    }, 'the renewed certificate');
    expect(after).not.toBe(before);
    expect(hall.child.exitCode).toBeNull();
    expect((await call(hall.url, 'GET', '/api/v1/health', { ca: ca.ca })).status).toBe(200);
    expect(hall.stderr()).toMatch(/SIGHUP: reloaded the TLS certificate/);

    hall.child.kill('SIGTERM');
    expect((await hall.exited).code).toBe(0);
  }, 60_000);

  it('the kiosk agent issues online through the hall CA, and without it refuses the certificate with a clear line', async () => {
    const dir = tempDir('hall-tls-agent-', dirs);
    const ca = makeCa(dir);
    const cert = ca.issue('server');
    const hall = await start({ HALL_DATA_DIR: `${dir}/data`, HALL_TLS_CERT: cert.certFile, HALL_TLS_KEY: cert.keyFile });
    const { serviceId, kioskToken } = await seedHall(hall.url, ca.ca);
    const agentEnv = { KIOSK_SERVER_URL: hall.url, KIOSK_TOKEN: kioskToken, KIOSK_PORT: '0', KIOSK_PROBE_INTERVAL_MS: '200', KIOSK_SYNC_INTERVAL_MS: '200' };

    const trusted = await start({ ...agentEnv, KIOSK_DATA_DIR: `${dir}/kiosk-1`, KIOSK_HALL_CA: ca.caFile }, [], 'kiosk-agent/main.js');
    await until(async () => ((await call<{ online: boolean }>(trusted.url, 'GET', '/local/status')).body.online ? true : undefined), 'the agent online');
    const online = await call<{ ticket: { number: string; offline: boolean } }>(trusted.url, 'POST', '/local/tickets', { body: { serviceId } });
    expect(online.status).toBe(201);
    expect(online.body.ticket).toMatchObject({ number: 'A001', offline: false });

    const untrusting = await start({ ...agentEnv, KIOSK_DATA_DIR: `${dir}/kiosk-2` }, [], 'kiosk-agent/main.js');
    await until(async () => (/TLS certificate is not trusted/.test(untrusting.stderr()) ? true : undefined), 'the refusal line');
    expect(untrusting.stderr()).toMatch(/set KIOSK_HALL_CA to the hall's CA file/);
    expect((await call<{ online: boolean }>(untrusting.url, 'GET', '/local/status')).body.online).toBe(false);
  }, 60_000);

  it('refuses plain HTTP beyond loopback in one line unless --insecure-lan, and unreadable TLS files with the paths', async () => {
    const data = tempDir('hall-lan-', dirs);
    const refused = startBuilt(`${out}/server/main.js`, { HALL_DATA_DIR: data, HALL_HOST: '0.0.0.0' });
    const error = await refused.then(
      () => new Error('started'),
      (e: Error) => e,
    );
    expect(error.message).toMatch(/exited with 2/);
    const line = error.message.split('stderr:\n')[1]!.trim();
    expect(line.split('\n')).toHaveLength(1);
    expect(line).toMatch(/refusing to serve plain HTTP on 0\.0\.0\.0: .*HALL_TLS_CERT.*--insecure-lan/);

    const badTls = await startBuilt(`${out}/server/main.js`, {
      HALL_DATA_DIR: data,
      HALL_TLS_CERT: `${data}/missing.crt`,
      HALL_TLS_KEY: `${data}/missing.key`,
    }).then(
      () => new Error('started'),
      (e: Error) => e,
    );
    expect(badTls.message).toMatch(/exited with 2[^]*HALL_TLS_CERT=.*missing\.crt .*cannot be used: .*ENOENT/);

    const lan = await start({ HALL_DATA_DIR: data, HALL_HOST: '0.0.0.0' }, ['--insecure-lan']);
    expect(lan.url).toMatch(/^http:\/\/0\.0\.0\.0:\d+$/);
    lan.child.kill('SIGTERM');
    expect((await lan.exited).code).toBe(0);
    const lanEnv = await start({ HALL_DATA_DIR: data, HALL_HOST: '0.0.0.0', HALL_INSECURE_LAN: '1' });
    expect((await call(lanEnv.url.replace('0.0.0.0', '127.0.0.1'), 'GET', '/api/v1/health')).status).toBe(200);
  }, 60_000);
});
