// `npm run certificate -- verify`: offline checks of a printed PDF (its QR code read with pdftoppm + zbarimg) and of
// tokens, against the hall's JWK set from its URL or a saved file; `rotate-key` on a stopped hall's key folder.
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { HallClient } from '../../client/hall-client.ts';
import { certificateOutcome, issueCertificate } from '../../client/certificates-client.ts';
import { makeIdNumber, startTestHall, type TestHall } from '../helpers/hall.ts';

const run = promisify(execFile);
let hall: TestHall;
let work: string;
let pdfFile: string;
let token: string;

const cli = async (...args: string[]) => {
  try {
    const { stdout } = await run(process.execPath, ['--import', 'tsx', 'scripts/certificate.ts', ...args], {
      env: { ...process.env, HALL_DATA_DIR: hall.dir },
    });
    return { code: 0, out: stdout };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, out: e.stdout + e.stderr };
  }
};

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'cert-cli-'));
  hall = await startTestHall();
  const person = { idCardNumber: makeIdNumber('1990-03-07'), name: '张小三' };
  await hall.admin.request('PUT', '/api/v1/certificate-records', {
    type: 'real-estate',
    ...person,
    data: { queryScope: '南京市' },
    rows: [{ certificateNumber: '苏(2020)南京市不动产权第0012345号', location: '玄武区北京东路41号', area: 89.5, use: '住宅', restriction: '无' }],
  });
  const kiosk = new HallClient(hall.url, { token: (await hall.admin.createDevice({ name: '自助终端', kind: 'kiosk' })).token });
  const printed = await issueCertificate(kiosk, { type: 'real-estate', ...person }, 'cli-1');
  await certificateOutcome(kiosk, printed.id, 'completed');
  pdfFile = join(work, 'certificate.pdf');
  writeFileSync(pdfFile, printed.pdf);
  const { stdout } = await run('sh', ['-c', `pdftoppm -r 150 -gray -png '${pdfFile}' '${work}/p' && zbarimg --raw -q '${work}'/p*.png`]);
  token = stdout.trim().split('/v/')[1]!;
}, 60_000);

afterAll(async () => {
  await hall.close();
  rmSync(work, { recursive: true, force: true });
});

it('verifies a PDF by its QR code against the keys at the URL it links to', async () => {
  const r = await cli('verify', pdfFile);
  expect(r.code, r.out).toBe(0);
  expect(r.out).toContain('signature valid');
  expect(r.out).toContain('token from QR code');
  expect(r.out).toContain('holder 张*三');
});

it('verifies a token offline against a saved JWK set; a tampered one fails with exit 1', async () => {
  const keys = join(work, 'hall-keys.json');
  writeFileSync(keys, await (await fetch(`${hall.url}/.well-known/hall-keys.json`)).text());
  expect((await cli('verify', token, '--keys', keys)).code).toBe(0);
  const [h, p, s] = token.split('.') as [string, string, string];
  const claims = JSON.parse(Buffer.from(p, 'base64url').toString()) as Record<string, string>;
  const tampered = [h, Buffer.from(JSON.stringify({ ...claims, validUntil: '2099-12-31' })).toString('base64url'), s].join('.');
  const r = await cli('verify', tampered, '--keys', keys);
  expect(r.code).toBe(1);
  expect(r.out).toContain('INVALID');
  expect((await cli('verify', 'nonsense')).code).toBe(2);
});

it('rotate-key adds a key; the old one still verifies what it signed', async () => {
  const r = await cli('rotate-key');
  expect(r.code).toBe(0);
  const jwks = (await (await fetch(`${hall.url}/.well-known/hall-keys.json`)).json()) as { keys: { kid: string }[] };
  expect(jwks.keys).toHaveLength(2);
  expect((await cli('verify', pdfFile)).code).toBe(0);
});
