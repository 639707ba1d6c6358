// Kiosk agent tests: a real hall on loopback, a proxy the test can cut, and the agent on its own data directory.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startTcpProxy, type TcpProxy } from '../../bench/kiosk-sync.ts';
import { HallClient } from '../../client/hall-client.ts';
import type { HallSettings } from '../../core/model.ts';
import { createKioskAgent, type KioskAgent, type KioskAgentOptions } from '../../electron/agent/index.ts';
import { startTestHall, type TestHall } from '../helpers/hall.ts';

export interface KioskHall {
  hall: TestHall;
  proxy: TcpProxy;
  /** The kiosk's device token and a hall client with it. */
  token: string;
  kiosk: HallClient;
  services: { a: string; b: string; c: string };
  counter: string;
  dir: string;
  close(): Promise<void>;
}

export async function startKioskHall(settings: Partial<HallSettings> = {}): Promise<KioskHall> {
  const hall = await startTestHall({ settings: { leaseSize: 5, leaseLowWater: 2, ...settings } });
  const proxy = await startTcpProxy(hall.server.port);
  const [a, b, c] = await Promise.all([
    hall.admin.createService({ code: 'household', name: '户籍办理', prefix: 'A' }),
    hall.admin.createService({ code: 'tax', name: '税务登记', prefix: 'B' }),
    hall.admin.createService({ code: 'social', name: '社保医保', prefix: 'C' }),
  ]);
  const counter = await hall.admin.createCounter({ number: 1, serviceIds: [a!.id, b!.id, c!.id] });
  const { token } = await hall.admin.createDevice({ name: '一楼自助机', kind: 'kiosk' });
  const dir = mkdtempSync(join(tmpdir(), 'hall-kiosk-'));
  return {
    hall,
    proxy,
    token,
    kiosk: new HallClient(hall.url, { token }),
    services: { a: a!.id, b: b!.id, c: c!.id },
    counter: counter.id,
    dir,
    async close() {
      await proxy.close();
      await hall.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** An agent through the hall's proxy, started and waited for until it is online with its leases. */
export async function startAgent(k: KioskHall, options: Partial<KioskAgentOptions> = {}): Promise<KioskAgent> {
  const agent = createKioskAgent({
    serverUrl: k.proxy.url,
    token: k.token,
    dataDir: join(k.dir, 'agent'),
    syncIntervalMs: 60_000,
    backoffMinMs: 50,
    backoffMaxMs: 200,
    ...options,
  });
  await agent.start();
  await waitFor(async () => (await agent.status()).online && (await agent.services()).length > 0, 'the agent online');
  await agent.syncNow();
  return agent;
}

/** Bounded polling for a condition; the failure says what was awaited. */
export async function waitFor(check: () => Promise<boolean> | boolean, what: string, timeoutMs = 10_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > until) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}
