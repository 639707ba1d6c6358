// Shared setup of the counter, display and rating end-to-end tests and the display benchmark:
// the renderer built once into a private folder, a real hall server on loopback serving it, Chromium.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { HallClient } from '../../client/hall-client.ts';
import type { HallSettings } from '../../core/model.ts';
import { startHallServer, type HallServer } from '../../server/hall-server.ts';

const ROOT = resolve(import.meta.dirname, '..', '..');
export const ADMIN_PASSWORD = 'e2e-admin-password';
export const STAFF_PASSWORD = 'staff-password-1';

function hashTree(dir: string, hash = createHash('sha256')): ReturnType<typeof createHash> {
  for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) hashTree(path, hash);
    else hash.update(path).update(readFileSync(path));
  }
  return hash;
}

/**
 * The renderer built once per source state into its own folder: `npx vite build` into dist/renderer would
 * race other engineers' and test files' builds that empty the same folder.
 */
export function rendererBuild(): string {
  const hash = hashTree(join(ROOT, 'renderer'));
  // Everything the renderer imports from outside its folder counts, or a stale build would be reused.
  for (const dep of ['client', 'core', 'electron/shared', 'vite.config.ts']) {
    const p = join(ROOT, dep);
    if (statSync(p).isDirectory()) hashTree(p, hash);
    else hash.update(readFileSync(p));
  }
  const out = join(tmpdir(), `hall-renderer-prod-${hash.digest('hex').slice(0, 16)}`);
  const done = join(out, '.built');
  if (existsSync(done)) return out;
  const lock = `${out}.lock`;
  const deadline = Date.now() + 180_000;
  for (;;) {
    try {
      mkdirSync(lock);
      break;
    } catch {
      if (existsSync(done)) return out;
      if (Date.now() > deadline) throw new Error(`renderer build lock ${lock} held for 3 minutes: remove it if no build runs`);
      execFileSync('sleep', ['0.5']);
    }
  }
  try {
    if (!existsSync(done)) {
      // vitest sets NODE_ENV=test, which would give React's development build.
      execFileSync('npx', ['vite', 'build', '--outDir', out, '--emptyOutDir', '--logLevel', 'error'], {
        cwd: ROOT,
        stdio: 'inherit',
        env: { ...process.env, NODE_ENV: 'production' },
      });
      writeFileSync(done, new Date().toISOString());
    }
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
  return out;
}

export interface E2EHall {
  server: HallServer;
  url: string;
  dir: string;
  admin: HallClient;
  /** Stops the server, keeping its data folder (for restarts). */
  stop(): Promise<void>;
  /** Starts it again on the same data folder and port. */
  restart(): Promise<void>;
  close(): Promise<void>;
}

/** `opts.now`: the hall's clock (reports need days gone by); the real one by default. */
export async function startE2EHall(settings: Partial<HallSettings> = {}, opts: { now?: () => number } = {}): Promise<E2EHall> {
  const staticDir = rendererBuild();
  const dir = mkdtempSync(join(tmpdir(), 'hall-e2e-'));
  const boot = (port: number) =>
    startHallServer({
      dataDir: dir,
      port,
      host: '127.0.0.1',
      adminPassword: ADMIN_PASSWORD,
      initialSettings: settings,
      staticDir,
      log: () => undefined,
      now: opts.now,
    });
  let server: HallServer | null = await boot(0);
  const port = server.port;
  const url = server.url;
  const admin = new HallClient(url).withToken((await new HallClient(url).login('admin', ADMIN_PASSWORD)).token);
  const hall: E2EHall = {
    server,
    url,
    dir,
    admin,
    async stop() {
      await server?.close();
      server = null;
    },
    async restart() {
      server = await boot(port);
      hall.server = server;
    },
    async close() {
      await server?.close();
      server = null;
      rmSync(dir, { recursive: true, force: true });
      rmSync(`${dir}-keys`, { recursive: true, force: true });
    },
  };
  return hall;
}

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.HALL_CHROMIUM ?? '/usr/bin/chromium',
    // /tmp instead of /dev/shm: a CI container's small /dev/shm makes pages hang or crash.
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-dev-shm-usage',
      '--autoplay-policy=no-user-gesture-required',
    ],
  });
}

export interface Floor {
  services: { a: { id: string; name: string }; b: { id: string; name: string } };
  counters: { one: { id: string; number: number }; two: { id: string; number: number } };
  staff: { username: string; client: HallClient };
  staff2: { username: string; client: HallClient };
  displayToken: string;
  kioskToken: string;
  kiosk: HallClient;
}

/** Two services, counter 3 serving both, counter 5 serving B, two staff members, a display and a kiosk. */
export async function seedFloor(hall: E2EHall): Promise<Floor> {
  const { admin } = hall;
  const a = await admin.createService({ code: 'social', name: '社保业务', prefix: 'A' });
  const b = await admin.createService({ code: 'medical', name: '医保业务', prefix: 'B' });
  const one = await admin.createCounter({ number: 3, name: '综合窗口', serviceIds: [a.id, b.id] });
  const two = await admin.createCounter({ number: 5, serviceIds: [b.id] });
  const users = [];
  for (const username of ['wang', 'liu']) {
    await admin.createUser({ username, password: STAFF_PASSWORD, role: 'staff', displayName: username });
    const { token } = await new HallClient(hall.url).login(username, STAFF_PASSWORD);
    users.push({ username, client: new HallClient(hall.url, { token }) });
  }
  const display = await admin.createDevice({ name: 'board', kind: 'display' });
  const kiosk = await admin.createDevice({ name: 'rate-3', kind: 'kiosk' });
  return {
    services: { a: { id: a.id, name: a.name }, b: { id: b.id, name: b.name } },
    counters: { one: { id: one.id, number: one.number }, two: { id: two.id, number: two.number } },
    staff: users[0]!,
    staff2: users[1]!,
    displayToken: display.token,
    kioskToken: kiosk.token,
    kiosk: new HallClient(hall.url, { token: kiosk.token }),
  };
}

let keySeq = 0;
export function issue(kiosk: HallClient, serviceId: string, extra: { personName?: string; priority?: boolean } = {}) {
  return kiosk.issueTicket({ serviceId, ...extra }, `e2e-${process.pid}-${Date.now()}-${keySeq++}`);
}

/** Polls `check` until it returns a value other than undefined/false, or fails after `timeoutMs`. */
export async function until<T>(check: () => Promise<T | undefined | false> | T | undefined | false, timeoutMs = 15_000, what = 'condition'): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await check();
      if (value !== undefined && value !== false) return value;
    } catch (err) {
      last = err;
    }
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}${last ? `: ${String(last)}` : ''}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
