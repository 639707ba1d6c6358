// The headless agent (`npm run kiosk:agent`, a child process) cut off from the hall server by a proxy, and killed mid-push.
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { ROOT } from '../../bench/lib.ts';
import { KioskAgentHttpClient } from '../../client/kiosk-agent-http.ts';
import { startKioskHall, waitFor, type KioskHall } from './agent-fixtures.ts';

let k: KioskHall;
const children = new Set<ChildProcess>();

beforeEach(async () => {
  k = await startKioskHall({ leaseSize: 10, leaseLowWater: 3 });
});

afterEach(async () => {
  for (const child of children) child.kill('SIGKILL');
  children.clear();
  await k.close();
});

/** Starts the agent as `npm run kiosk:agent` does, on a free port, and resolves with its client once it listens. */
async function spawnAgent(): Promise<{ child: ChildProcess; client: KioskAgentHttpClient; exited: Promise<unknown> }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'electron/agent/main.ts'], {
    cwd: ROOT,
    env: {
      ...process.env,
      KIOSK_SERVER_URL: k.proxy.url,
      KIOSK_DATA_DIR: join(k.dir, 'agent'),
      KIOSK_TOKEN: k.token,
      KIOSK_PORT: '0',
      KIOSK_SYNC_INTERVAL_MS: '200',
      KIOSK_BACKOFF_MAX_MS: '300',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.add(child);
  const exited = new Promise((resolve) => child.once('exit', resolve));
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`agent did not start; stderr:\n${stderr}`)), 20_000);
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /kiosk agent listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]!);
      }
    });
    void exited.then(() => reject(new Error(`agent exited; stderr:\n${stderr}`)));
  });
  const client = new KioskAgentHttpClient(url, { timeoutMs: 10_000 });
  // Online, with its configuration and leases (a sync round has completed).
  await waitFor(
    async () => {
      const s = await client.status();
      return s.online && s.lastSyncAt !== null;
    },
    'the agent online and synced',
    15_000,
  );
  return { child, client, exited };
}

const services = () => [k.services.a, k.services.b, k.services.c];

it('50 tickets issued while the line is cut reach the hall server exactly once, with their numbers, in issue order', async () => {
  const { child, client, exited } = await spawnAgent();
  k.proxy.setMode('refuse');
  const issued: { id: string; number: string }[] = [];
  for (let i = 0; i < 50; i++) {
    const { ticket } = await client.issueTicket({ serviceId: services()[i % 3]! });
    expect(ticket.offline).toBe(true);
    issued.push({ id: ticket.id, number: ticket.number });
  }
  expect(await client.status()).toMatchObject({ online: false, pendingOps: 50 });
  // Lease numbers first, then the kiosk's fallback numbers.
  expect(issued.slice(0, 3).map((t) => t.number)).toEqual(['A901', 'B901', 'C901']);
  expect(issued.at(-1)!.number).toBe('B1-007');

  k.proxy.setMode('open');
  await waitFor(async () => (await client.status()).pendingOps === 0, 'the outbox to drain', 15_000);
  expect((await client.status()).online).toBe(true);

  const waiting = await k.hall.admin.waitingTickets();
  expect(waiting).toHaveLength(50);
  expect(new Set(waiting.map((t) => t.number)).size).toBe(50);
  expect(new Map(waiting.map((t) => [t.id, t.number]))).toEqual(new Map(issued.map((t) => [t.id, t.number])));
  // The counter calls them in the order they were issued.
  const called: string[] = [];
  for (let i = 0; i < 50; i++) called.push((await k.hall.admin.callNext(k.counter)).ticket!.id);
  expect(called).toEqual(issued.map((t) => t.id));

  child.kill('SIGTERM');
  expect(await exited).toBe(0);
});

it('an agent killed while its push is unanswered loses nothing and doubles nothing after a restart on the same data', async () => {
  const first = await spawnAgent();
  k.proxy.setMode('refuse');
  const ids: string[] = [];
  for (let i = 0; i < 120; i++) ids.push((await first.client.issueTicket({ serviceId: services()[i % 3]! })).ticket.id);

  // The hall server applies the push, but its answer never reaches the agent.
  k.proxy.setMode('swallowPush');
  await waitFor(async () => (await k.hall.admin.waitingTickets()).length === 120, 'the push applied on the hall server', 15_000);
  expect((await first.client.status()).pendingOps).toBe(120);
  first.child.kill('SIGKILL');
  await first.exited;

  k.proxy.setMode('open');
  const second = await spawnAgent();
  await waitFor(async () => (await second.client.status()).pendingOps === 0, 'the outbox to drain after the restart', 15_000);
  const waiting = await k.hall.admin.waitingTickets();
  expect(waiting).toHaveLength(120);
  expect(new Set(waiting.map((t) => t.id))).toEqual(new Set(ids));
  expect(new Set(waiting.map((t) => t.number)).size).toBe(120);

  // The restarted agent goes on issuing online with fresh seqs.
  const { ticket } = await second.client.issueTicket({ serviceId: k.services.a });
  expect(ticket.offline).toBe(false);
  expect((await k.hall.admin.waitingTickets()).length).toBe(121);
});
