// Kiosk sync benchmark: 10,000 tickets issued offline, then the reconnect until the hall server has applied them all.
// Also home of the TCP proxy that the kiosk partition tests use to cut the line between agent and hall server.
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, connect, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { HallClient } from '../client/hall-client.ts';
import { createKioskAgent } from '../electron/agent/index.ts';
import { ADMIN_PASSWORD, fmt, startServer } from './lib.ts';

/**
 * open: bytes flow both ways; refuse: every connection is reset at once (a pulled cable that the OS noticed);
 * swallowPush: requests reach the hall server, but the answer to a push never comes back (the agent dies waiting);
 * swallowAll: no answer to anything comes back (a server that takes requests and stalls).
 */
export type ProxyMode = 'open' | 'refuse' | 'swallowPush' | 'swallowAll';

export interface TcpProxy {
  url: string;
  mode: ProxyMode;
  setMode(mode: ProxyMode): void;
  /** Push requests seen since the start. */
  pushesSeen: number;
  close(): Promise<void>;
}

/** A loopback TCP proxy to `target` (host:port) whose line the caller cuts and restores. */
export async function startTcpProxy(targetPort: number): Promise<TcpProxy> {
  const pairs = new Set<[Socket, Socket]>();
  const proxy: TcpProxy = {
    url: '',
    mode: 'open',
    pushesSeen: 0,
    setMode(mode) {
      proxy.mode = mode;
      if (mode !== 'refuse') return;
      for (const [a, b] of pairs) {
        a.destroy();
        b.destroy();
      }
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const [a, b] of pairs) {
          a.destroy();
          b.destroy();
        }
        server.close(() => resolve());
      }),
  };
  const server = createServer((client) => {
    if (proxy.mode === 'refuse') return void client.resetAndDestroy();
    const upstream = connect(targetPort, '127.0.0.1');
    const pair: [Socket, Socket] = [client, upstream];
    pairs.add(pair);
    let swallowed = false;
    client.on('data', (chunk) => {
      if (chunk.includes('POST /api/v1/sync/push')) {
        proxy.pushesSeen++;
        if (proxy.mode === 'swallowPush') swallowed = true;
      }
      upstream.write(chunk);
    });
    upstream.on('data', (chunk) => {
      if (!swallowed && proxy.mode !== 'swallowAll') client.write(chunk);
    });
    const end = () => {
      pairs.delete(pair);
      client.destroy();
      upstream.destroy();
    };
    client.on('close', end).on('error', end);
    upstream.on('close', end).on('error', end);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  proxy.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return proxy;
}

const TICKETS = 10_000;
const GOAL_MS = 3000;

async function waitFor(check: () => Promise<boolean> | boolean, timeoutMs: number, what: string): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

export async function benchKioskSync(): Promise<string[]> {
  const lines: string[] = [];
  const dir = mkdtempSync(join(tmpdir(), 'hall-bench-kiosk-'));
  const server = await startServer({ dataDir: join(dir, 'hall') });
  const proxy = await startTcpProxy(server.port);
  let agent: ReturnType<typeof createKioskAgent> | undefined;
  try {
    const anon = new HallClient(server.url);
    const admin = anon.withToken((await anon.login('admin', ADMIN_PASSWORD)).token);
    const services = await Promise.all(['A', 'B', 'C', 'D'].map((prefix, i) => admin.createService({ code: `s${i}`, name: `事项${prefix}`, prefix })));
    const { token } = await admin.createDevice({ name: '自助机 1', kind: 'kiosk' });

    // Reference: the same server taking tickets one at a time from one client, online.
    const online = new HallClient(server.url, { token });
    const refStart = performance.now();
    let refCount = 0;
    while (performance.now() - refStart < 1000) {
      await online.issueTicket({ serviceId: services[refCount % services.length]!.id }, `ref-${refCount}`);
      refCount++;
    }
    const refRate = refCount / ((performance.now() - refStart) / 1000);

    agent = createKioskAgent({ serverUrl: proxy.url, token, dataDir: join(dir, 'kiosk'), syncIntervalMs: 60_000, backoffMaxMs: 60_000 });
    await agent.start();
    await waitFor(async () => (await agent!.status()).online && (await agent!.services()).length === services.length, 10_000, 'the agent online');
    await agent.syncNow();

    proxy.setMode('refuse');
    const issueStart = performance.now();
    for (let i = 0; i < TICKETS; i++) {
      const outcome = await agent.issueTicket({ serviceId: services[i % services.length]!.id });
      if (!outcome.ticket.offline) throw new Error('ticket issued online: the line was not cut');
    }
    const issueMs = performance.now() - issueStart;
    if ((await agent.status()).pendingOps !== TICKETS) throw new Error('outbox does not hold every ticket');

    proxy.setMode('open');
    const syncStart = performance.now();
    await agent.syncNow();
    const syncMs = performance.now() - syncStart;
    const status = await agent.status();
    const waiting = (await admin.queue()).services.reduce((n, s) => n + s.waiting, 0);
    if (status.pendingOps !== 0 || waiting !== TICKETS + refCount) {
      throw new Error(`after sync: ${status.pendingOps} ops pending, ${waiting} tickets waiting (expected ${TICKETS + refCount})`);
    }

    lines.push(
      `kiosk sync: ${fmt(TICKETS)} offline tickets issued in ${fmt(issueMs)} ms (${fmt(TICKETS / (issueMs / 1000))}/s, one fsync each on the kiosk)`,
      `kiosk sync: reconnect → all ${fmt(TICKETS)} applied in ${fmt(syncMs)} ms (${fmt(TICKETS / (syncMs / 1000))} ops/s; goal < ${fmt(GOAL_MS)} ms: ${syncMs < GOAL_MS ? 'met' : 'MISSED'})`,
      `kiosk sync: reference, the same server online, one client POST /tickets: ${fmt(refRate)} tickets/s → push is ${fmt(TICKETS / (syncMs / 1000) / refRate, 1)}× that`,
    );
    return lines;
  } finally {
    await agent?.stop();
    await proxy.close();
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  for (const line of await benchKioskSync()) console.log(line);
}
