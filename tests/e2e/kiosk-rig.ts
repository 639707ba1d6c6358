// The kiosk's end-to-end rig: a real hall server, the real agent on real ptys with the drivers' emulators, the built page in Debian Chromium.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Browser } from 'playwright-core';
import { startTcpProxy, type TcpProxy } from '../../bench/kiosk-sync.ts';
import type { ServiceView } from '../../core/engine.ts';
import { startEmulatedKiosk, type EmulatedKiosk, type EmulatedKioskOptions } from '../../scripts/demo-kiosk.ts';
import { startTestHall, type TestHall } from '../helpers/hall.ts';
import { launchChromium } from './counter-harness.ts';

const root = resolve(import.meta.dirname, '..', '..');
const builtPage = join(root, 'dist', 'renderer', 'kiosk', 'index.html');

export interface RigService {
  code: string;
  name: string;
  prefix: string;
  category: string | null;
}

export const SERVICES = [
  { code: 'company', name: '企业开办', prefix: 'A', category: '企业服务' },
  { code: 'estate', name: '不动产登记', prefix: 'B', category: '不动产' },
  { code: 'social', name: '社保医保', prefix: 'C', category: '社会保障' },
  { code: 'fund', name: '公积金', prefix: 'D', category: '社会保障' },
] as const;

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(path) : statSync(path).mtimeMs);
  }
  return newest;
}

/** `npm test` builds before vitest; a lone vitest run builds here when the page is missing or older than its sources. */
export function ensureRendererBuilt(): void {
  const stale = () => {
    try {
      return statSync(builtPage).mtimeMs < newestMtime(join(root, 'renderer'));
    } catch {
      return true;
    }
  };
  if (!stale()) return;
  // Test files run in parallel: one builds, the others wait for its lock to go.
  const lock = join(tmpdir(), 'hall-renderer-build.lock');
  try {
    mkdirSync(lock);
  } catch {
    const until = Date.now() + 180_000;
    while (Date.now() < until) {
      spawnSync('sleep', ['0.5']);
      try {
        statSync(lock);
      } catch {
        return;
      }
    }
    throw new Error(`waited 3 minutes for another renderer build (${lock}); remove the lock if no build runs`);
  }
  try {
    // vitest sets NODE_ENV=test, which would leave React's development build in dist/renderer for npm start.
    const run = spawnSync('npx', ['vite', 'build', '--logLevel', 'warn'], { cwd: root, stdio: 'inherit', env: { ...process.env, NODE_ENV: 'production' } });
    if (run.status !== 0) throw new Error('vite build failed: see its output above');
  } finally {
    rmdirSync(lock);
  }
}

export interface KioskRig {
  hall: TestHall;
  kiosk: EmulatedKiosk;
  browser: Browser;
  /** The agent's line to the hall server: setMode('refuse') makes the hall unreachable for the kiosk only. */
  line: TcpProxy;
  /** By code: the default four, or the ones the test asked for. */
  services: Record<(typeof SERVICES)[number]['code'], ServiceView> & Record<string, ServiceView>;
  /** The kiosk page with extra query parameters (idle limits). */
  pageUrl(query?: Record<string, string>): string;
  close(): Promise<void>;
}

/** configRefreshMs: how soon the agent sees names and settings changed on the hall server (a minute by default). */
export async function startKioskRig(
  options: { services?: readonly RigService[]; configRefreshMs?: number } & Pick<EmulatedKioskOptions, 'documentPrinter' | 'agentOptions'> = {},
): Promise<KioskRig> {
  ensureRendererBuilt();
  const hall = await startTestHall({ settings: { hallName: '玄武区政务服务中心' } });
  const services = {} as KioskRig['services'];
  for (const s of options.services ?? SERVICES) services[s.code] = await hall.admin.createService({ ...s });
  const { token } = await hall.admin.createDevice({ name: '1号取号机', kind: 'kiosk' });
  const dataDir = mkdtempSync(join(tmpdir(), 'kiosk-e2e-'));
  const line = await startTcpProxy(hall.server.port);
  const kiosk = await startEmulatedKiosk({
    hallUrl: hall.url,
    agentServerUrl: line.url,
    kioskToken: token,
    dataDir,
    configRefreshMs: options.configRefreshMs,
    documentPrinter: options.documentPrinter,
    agentOptions: options.agentOptions,
  });
  const browser = await launchChromium();
  return {
    hall,
    kiosk,
    browser,
    line,
    services,
    pageUrl(query = {}) {
      const url = new URL(kiosk.url);
      for (const [k, v] of Object.entries(query)) url.searchParams.set(k, v);
      return url.toString();
    },
    async close() {
      await browser.close();
      await kiosk.stop();
      await line.close();
      await hall.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
