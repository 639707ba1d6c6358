// `npm run kiosk:agent -- --pair CODE` against a real hall: the agent redeems a manager's pairing code for its own
// token, keeps it in its data directory (0600) and starts with it again without the code.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { ROOT } from '../../bench/lib.ts';
import { KioskAgentHttpClient } from '../../client/kiosk-agent-http.ts';
import { startKioskHall, waitFor, type KioskHall } from './agent-fixtures.ts';

let k: KioskHall;
const children = new Set<ChildProcess>();

beforeEach(async () => {
  k = await startKioskHall();
});

afterEach(async () => {
  for (const child of children) child.kill('SIGKILL');
  children.clear();
  await k.close();
});

/** Runs the agent as `npm run kiosk:agent` does, without KIOSK_TOKEN; resolves once it listens or exits. */
async function runAgent(
  args: string[],
  env: Record<string, string> = {},
): Promise<{ child: ChildProcess; url: string | null; stderr: () => string; exitCode: number | null }> {
  const { KIOSK_TOKEN: _unused, ...inherited } = process.env;
  const child = spawn(process.execPath, ['--import', 'tsx', 'electron/agent/main.ts', ...args], {
    cwd: ROOT,
    env: { ...inherited, KIOSK_SERVER_URL: k.hall.url, KIOSK_DATA_DIR: join(k.dir, 'agent'), KIOSK_PORT: '0', KIOSK_SYNC_INTERVAL_MS: '200', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.add(child);
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  let exitCode: number | null = null;
  const url = await new Promise<string | null>((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`agent neither listened nor exited; stderr:\n${stderr}`)), 20_000);
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /kiosk agent listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]!);
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      exitCode = code;
      resolve(null);
    });
  });
  return { child, url, stderr: () => stderr, exitCode };
}

async function online(url: string): Promise<void> {
  const client = new KioskAgentHttpClient(url, { timeoutMs: 10_000 });
  await waitFor(async () => (await client.status()).online, 'the agent online', 15_000);
}

it('pairs by --pair CODE, keeps the token 0600 in its data dir, and restarts with it; the code is spent', async () => {
  const { code } = await k.hall.admin.createPairingCode({ name: '二楼自助机', kind: 'kiosk' });
  const first = await runAgent(['--pair', code]);
  expect(first.url, first.stderr()).not.toBeNull();
  await online(first.url!);
  const tokenFile = join(k.dir, 'agent', 'device-token');
  expect(statSync(tokenFile).mode & 0o777).toBe(0o600);
  const token = readFileSync(tokenFile, 'utf8').trim();
  const me = await k.hall.anon.withToken(token).me();
  expect(me).toMatchObject({ kind: 'device', role: 'kiosk', name: '二楼自助机' });
  const listed = (await k.hall.admin.devices()).find((d) => d.id === me.id);
  expect(listed).toMatchObject({ kind: 'kiosk', name: '二楼自助机', revoked: false });
  expect(listed!.number).toBeGreaterThan(0);

  first.child.kill('SIGTERM');
  await new Promise((r) => first.child.once('exit', r));
  const again = await runAgent([]);
  expect(again.url, again.stderr()).not.toBeNull();
  await online(again.url!);
  again.child.kill('SIGTERM');
  await new Promise((r) => again.child.once('exit', r));

  // The same code a second time: refused with the hall's reason, and the stored token stays.
  const reused = await runAgent([`--pair=${code}`]);
  expect(reused.url).toBeNull();
  expect(reused.exitCode).toBe(2);
  expect(reused.stderr()).toMatch(/PAIRING_CODE_USED/);
  expect(readFileSync(tokenFile, 'utf8').trim()).toBe(token);
});

it('takes KIOSK_PAIRING_CODE, refuses a display code, and without token or code says how to pair', async () => {
  const bare = await runAgent([]);
  expect(bare.exitCode).toBe(2);
  expect(bare.stderr()).toMatch(/--pair <code> or KIOSK_PAIRING_CODE/);

  const display = await k.hall.admin.createPairingCode({ name: '大屏', kind: 'display' });
  const wrong = await runAgent([], { KIOSK_PAIRING_CODE: display.code });
  expect(wrong.exitCode).toBe(2);
  expect(wrong.stderr()).toMatch(/PAIRING_CODE_KIND.*for a display, not a kiosk/);
  // Refused before it was spent: the display can still use it.
  expect((await k.hall.anon.pairDevice(display.code, 'display')).kind).toBe('display');
  expect(existsSync(join(k.dir, 'agent', 'device-token'))).toBe(false);

  const { code } = await k.hall.admin.createPairingCode({ name: '三楼自助机', kind: 'kiosk' });
  const paired = await runAgent([], { KIOSK_PAIRING_CODE: code });
  expect(paired.url, paired.stderr()).not.toBeNull();
  await online(paired.url!);
  paired.child.kill('SIGTERM');
  await new Promise((r) => paired.child.once('exit', r));
  // The spent code stays in a service's environment: the next start uses the kept token instead.
  const restarted = await runAgent([], { KIOSK_PAIRING_CODE: code });
  expect(restarted.url, restarted.stderr()).not.toBeNull();
  await online(restarted.url!);
  expect((await k.hall.admin.devices()).filter((d) => d.name === '三楼自助机')).toHaveLength(1);
});
