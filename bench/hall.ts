// The hall server's benchmark: durable ticket throughput against the disk's raw fdatasync rate, event
// fan-out latency against a loopback round trip, and memory growth. The server runs as a child process
// on a temp data dir; every figure is printed beside a reference measured in the same run.
import { closeSync, fdatasyncSync, mkdtempSync, openSync, rmSync, writeSync } from 'node:fs';
import type { Agent } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import WebSocket from 'ws';
import { CommitQueue } from '../db/commit-queue.ts';
import { openDatabase } from '../db/database.ts';
import { createHallEngine } from '../server/hall-engine.ts';
import {
  api,
  cpuSeconds,
  fmt,
  http,
  keepAliveAgent,
  LoadConnection,
  percentile,
  rssKiB,
  setupHall,
  sleep,
  startServer,
  threadCpuSeconds,
  type HallSetup,
  type ServerProcess,
} from './lib.ts';

type Print = (line: string) => void;

/**
 * Small block + fdatasync in a loop, in the folder the database lives in: the disk's commit ceiling.
 * 'overwrite' rewrites blocks in place, as a reused WAL does (the goal's reference: the faster of the two);
 * 'append' grows the file, so each fdatasync also journals the new size.
 */
export function rawFdatasyncPerSecond(dir: string, ms = 2000, mode: 'overwrite' | 'append' = 'overwrite'): number {
  const file = join(dir, 'fdatasync-probe.bin');
  const fd = openSync(file, 'w');
  const block = Buffer.alloc(4096, 0x5a);
  try {
    for (let i = 0; i < 64; i++) writeSync(fd, block, 0, block.length, i * block.length);
    fdatasyncSync(fd);
    let n = 0;
    const start = performance.now();
    let now = start;
    while (now - start < ms) {
      writeSync(fd, block, 0, block.length, (mode === 'overwrite' ? n % 64 : 64 + n) * block.length);
      fdatasyncSync(fd);
      n++;
      if ((n & 15) === 0) now = performance.now();
    }
    return n / ((performance.now() - start) / 1000);
  } finally {
    closeSync(fd);
    rmSync(file, { force: true });
  }
}

const LETTERS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
/** AA, AB … for the bench's many services: every one needs its own number prefix. */
const poolPrefix = (i: number) => LETTERS[Math.floor(i / 26)]! + LETTERS[i % 26]!;

/**
 * The writer thread's work alone, without HTTP or threads: issue commands through the real group commit on
 * its own file, in batches of the size the 64-client load produces. Its rate is the ceiling of the server's.
 */
async function writerAlone(dir: string, batch: number, ms = 2000): Promise<{ perSecond: number; usPerIssue: number }> {
  const db = openDatabase(join(dir, 'writer-alone.sqlite'));
  try {
    const { engine, store } = createHallEngine(db, new Uint8Array(32), {}, { soleWriter: true });
    const queue = new CommitQueue(db, store, () => undefined);
    const kiosk = { kind: 'device', id: 'bench-kiosk', role: 'kiosk', name: 'bench' } as const;
    const services = await queue.submit(() =>
      Array.from({ length: 400 }, (_, i) => engine.createService({ code: `w${i}`, name: `事项 ${i}`, prefix: poolPrefix(i) }, Date.now())),
    );
    const pool = new ServicePool(services.map((s) => s.id));
    let n = 0;
    const start = performance.now();
    while (performance.now() - start < ms) {
      await Promise.all(
        Array.from({ length: batch }, () => {
          const serviceId = pool.next();
          const key = `alone-${++n}`;
          return queue.submit(() => engine.issueTicket(kiosk, { serviceId, idempotency: { key, fingerprint: key } }, Date.now()));
        }),
      );
    }
    const seconds = (performance.now() - start) / 1000;
    return { perSecond: n / seconds, usPerIssue: (seconds * 1e6) / n };
  } finally {
    db.close();
  }
}

interface Stats {
  commits: number;
  committedOps: number;
}

interface LoadResult {
  opsPerSecond: number;
  ops: number;
  errors: number;
  p50: number;
  p99: number;
  opsPerCommit: number;
  serverCpu: number;
  /** CPU of the server's main thread and of its busiest other thread (the writer), as fractions of a core. */
  mainThreadCpu: number;
  writerThreadCpu: number;
  clientCpu: number;
}

let keySeq = 0;

/**
 * Where the benchmark's tickets go: ACTIVE services at a time, each taking up to PER_SERVICE tickets (a busy
 * service's day) before the next ones open. Queue depth stays realistic however long the run, so the figure
 * is the cost of a durable issue, not of an ever longer queue (every issue counts the tickets ahead of it).
 */
const ACTIVE = 8;
const PER_SERVICE = 300;
class ServicePool {
  private issued = 0;
  constructor(private readonly ids: readonly string[]) {}
  next(): string {
    const n = this.issued++;
    const window = Math.floor(n / (ACTIVE * PER_SERVICE));
    const i = window * ACTIVE + (n % ACTIVE);
    if (i >= this.ids.length) throw new Error(`the bench ran out of services after ${n} tickets: create more`);
    return this.ids[i]!;
  }
}

/** `clients` kiosks on their own keep-alive connections, each issuing one ticket at a time (201 only after the commit), for `ms`. */
async function issueLoad(
  server: ServerProcess,
  hall: HallSetup,
  pool: ServicePool,
  agent: Agent,
  clients: number,
  ms: number,
  stop?: { count: number },
): Promise<LoadResult> {
  const statsBefore = await api<Stats>(agent, server.url, 'GET', '/api/v1/stats', { token: hall.adminToken });
  const connections = await Promise.all(Array.from({ length: clients }, () => LoadConnection.open(server.url)));
  const cpu0 = cpuSeconds(server.pid);
  const threads0 = threadCpuSeconds(server.pid);
  const own0 = process.cpuUsage();
  const latencies: number[] = [];
  let errors = 0;
  let issued = 0;
  const start = performance.now();
  const deadline = start + ms;
  const head = `authorization: Bearer ${hall.kioskToken}\r\ncontent-type: application/json\r\n`;
  const kiosk = async (connection: LoadConnection) => {
    while (performance.now() < deadline && (!stop || issued < stop.count)) {
      const t0 = performance.now();
      issued++;
      const key = `idempotency-key: bench-${process.pid}-${++keySeq}\r\n`;
      const r = await connection.request('POST', '/api/v1/tickets', head + key, `{"serviceId":"${pool.next()}"}`);
      if (r.status === 201) latencies.push(performance.now() - t0);
      else errors++;
    }
  };
  try {
    await Promise.all(connections.map(kiosk));
  } finally {
    for (const c of connections) c.close();
  }
  const elapsed = (performance.now() - start) / 1000;
  const own = process.cpuUsage(own0);
  const serverCpu = cpuSeconds(server.pid) - cpu0;
  const perThread = [...threadCpuSeconds(server.pid)].map(([tid, s]) => [tid, (s - (threads0.get(tid) ?? 0)) / elapsed] as const);
  const mainThreadCpu = perThread.find(([tid]) => tid === server.pid)?.[1] ?? NaN;
  const writerThreadCpu = Math.max(0, ...perThread.filter(([tid]) => tid !== server.pid).map(([, c]) => c));
  const statsAfter = await api<Stats>(agent, server.url, 'GET', '/api/v1/stats', { token: hall.adminToken });
  latencies.sort((a, b) => a - b);
  const commits = statsAfter.commits - statsBefore.commits;
  return {
    opsPerSecond: latencies.length / elapsed,
    ops: latencies.length,
    errors,
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    opsPerCommit: commits > 0 ? (statsAfter.committedOps - statsBefore.committedOps) / commits : NaN,
    serverCpu: serverCpu / elapsed,
    mainThreadCpu,
    writerThreadCpu,
    clientCpu: (own.user + own.system) / 1e6 / elapsed,
  };
}

async function sequentialRoundTrips(n: number, send: () => Promise<unknown>): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    await send();
    times.push(performance.now() - t0);
  }
  return times.sort((a, b) => a - b);
}

export interface HallBenchOptions {
  /** Seconds per throughput measurement (default 5). */
  seconds?: number;
  /** Node flags for the server child, e.g. ['--cpu-prof']. */
  serverNodeArgs?: string[];
}

export async function benchHall(print: Print, options: HallBenchOptions = {}): Promise<void> {
  const seconds = options.seconds ?? Number(process.env.BENCH_SECONDS ?? 5);
  const dataDir = mkdtempSync(join(tmpdir(), 'hall-bench-'));
  let server: ServerProcess | null = null;
  const agent = keepAliveAgent(128);
  const subscribers: WebSocket[] = [];
  try {
    print(
      'load: generated by this bench process, one keep-alive HTTP connection per client, to the server child process; ' +
        'on 2 cores a second load process would only take CPU from the server. CPU use of both is printed.',
    );

    // 1. The disk's reference.
    const raw = rawFdatasyncPerSecond(dataDir);
    print(`raw fdatasync/s (4 KiB overwrite + fdatasync, data dir ${dataDir}): ${fmt(raw)}/s`);
    const rawAppend = rawFdatasyncPerSecond(dataDir, 1000, 'append');
    print(`  for comparison, 4 KiB append + fdatasync: ${fmt(rawAppend)}/s (the goal is measured against the overwrite figure above)`);

    // BENCH_SERVER_PROF=dir writes a V8 CPU profile of the server child there (open it in Chrome DevTools).
    const prof = process.env.BENCH_SERVER_PROF;
    server = await startServer({ dataDir, nodeArgs: options.serverNodeArgs ?? (prof ? ['--cpu-prof', `--cpu-prof-dir=${prof}`] : []) });
    const poolPrefixes = Array.from({ length: 26 * 26 }, (_, i) => poolPrefix(i));
    const hall = await setupHall(server.url, {
      prefixes: ['F', ...poolPrefixes],
      counters: 1,
      // The one counter serves only F, the fan-out test's service.
      counterServices: (_, ids) => ids.slice(0, 1),
    });
    const pool = new ServicePool(hall.services.slice(1).map((s) => s.id));
    const rssStart = rssKiB(server.pid);

    // 2. Durable ticket operations.
    const health = await sequentialRoundTrips(500, () => http(agent, server!.url, 'GET', '/api/v1/health'));
    print(`reference: loopback GET /health round trip, 1 client: p50 ${fmt(health[249]!, 3)} ms, p99 ${fmt(percentile(health, 99), 3)} ms`);
    for (const clients of [1, 64]) {
      await issueLoad(server, hall, pool, agent, clients, 1000); // warm-up
      const r = await issueLoad(server, hall, pool, agent, clients, seconds * 1000);
      const goal = clients === 64 ? ', goal >= 2' : '';
      print(
        `durable ticket ops/s, ${clients} client${clients > 1 ? 's' : ''}: ${fmt(r.opsPerSecond)}/s ` +
          `(raw fdatasync ${fmt(raw)}/s, ratio ${fmt(r.opsPerSecond / raw, 2)}${goal})`,
      );
      print(
        `  ${clients} client${clients > 1 ? 's' : ''}: ${fmt(r.opsPerCommit, 1)} ops per commit, latency p50 ${fmt(r.p50, 2)} ms p99 ${fmt(r.p99, 2)} ms, ` +
          `${r.errors} errors, server CPU ${fmt(r.serverCpu * 100)}% (main thread ${fmt(r.mainThreadCpu * 100)}%, writer thread ${fmt(r.writerThreadCpu * 100)}%), ` +
          `load generator CPU ${fmt(r.clientCpu * 100)}% (of one core); ` +
          `tickets spread over ${ACTIVE} services at a time, up to ${PER_SERVICE} waiting in each`,
      );
      if (clients === 64) {
        const alone = await writerAlone(dataDir, Math.max(1, Math.round(r.opsPerCommit)));
        print(
          `  writer alone (issue commands through the group commit, no HTTP, batches of ${fmt(r.opsPerCommit, 0)}): ${fmt(alone.perSecond)}/s, ` +
            `${fmt(alone.usPerIssue, 1)} µs per issue including its share of the commit: the ceiling of the server on this machine`,
        );
      }
      if (clients === 64 && r.opsPerSecond < 2 * raw) {
        const cpuPerIssue = `${fmt((r.serverCpu * 1e6) / r.opsPerSecond)} µs of server CPU per durable issue`;
        const commitsPerSecond = r.opsPerSecond / r.opsPerCommit;
        print(
          r.serverCpu >= 0.9
            ? `  goal missed: ${fmt(r.opsPerCommit, 1)} issues share each fsync, so the disk is not the limit; the machine's 2 cores are: ` +
                `server and load generator together use ${fmt((r.serverCpu + r.clientCpu) * 100)}% of 200% (${cpuPerIssue}; ` +
                `per issue the main thread parses HTTP, authenticates, validates and writes the reply to a loopback socket, the writer ` +
                `thread runs the command and its share of the commit)`
            : `  goal missed: the server is busy ${fmt(r.serverCpu * 100)}% of the time (${cpuPerIssue}) and waits on the disk the rest: ` +
                `${fmt(commitsPerSecond)} commits/s of ${fmt(r.opsPerCommit, 1)} issues, ${fmt(1000 / commitsPerSecond, 2)} ms each ` +
                `(each commit writes and fsyncs several pages per ticket, not one 4 KiB block)`,
        );
      }
    }

    // 3. Event fan-out to 500 WebSocket subscribers.
    const fanout = hall.services[0]!;
    const fanCounter = hall.counters[0]!;
    const CALLS = 200;
    for (let i = 0; i < CALLS + 20; i += 20) {
      await Promise.all(
        Array.from({ length: 20 }, (_, j) =>
          api(agent, server!.url, 'POST', '/api/v1/tickets', {
            token: hall.kioskToken,
            body: { serviceId: fanout.id },
            headers: { 'idempotency-key': `fan-${i + j}` },
          }),
        ),
      );
    }
    const SUBSCRIBERS = 500;
    let onCalled: ((at: number) => void) | null = null;
    const wsUrl = `${server.url.replace(/^http/, 'ws')}/api/v1/events?token=${hall.displayToken}`;
    for (let i = 0; i < SUBSCRIBERS; i += 50) {
      await Promise.all(
        Array.from(
          { length: 50 },
          () =>
            new Promise<void>((resolve, reject) => {
              const ws = new WebSocket(wsUrl, { perMessageDeflate: false });
              subscribers.push(ws);
              ws.on('message', (data) => {
                const at = performance.now();
                if (onCalled && String(data).includes('"type":"ticket.called"')) onCalled(at);
              });
              ws.once('open', () => resolve());
              ws.once('error', reject);
            }),
        ),
      );
    }
    const waitSubscribed = performance.now() + 5000;
    while (performance.now() < waitSubscribed) {
      const s = await api<{ eventSubscribers: number }>(agent, server.url, 'GET', '/api/v1/stats', { token: hall.adminToken });
      if (s.eventSubscribers >= SUBSCRIBERS) break;
      await sleep(20);
    }
    const deliveries: number[] = [];
    const lastDelivery: number[] = [];
    const callReply: number[] = [];
    let missed = 0;
    for (let i = 0; i < CALLS; i++) {
      let got = 0;
      let last = 0;
      let t0 = 0;
      const all = new Promise<void>((resolve) => {
        onCalled = (at) => {
          deliveries.push(at - t0);
          last = at - t0;
          if (++got === SUBSCRIBERS) resolve();
        };
      });
      t0 = performance.now();
      const reply = http(agent, server.url, 'POST', `/api/v1/counters/${fanCounter.id}/call-next`, { token: fanCounter.staffToken }).then(() =>
        callReply.push(performance.now() - t0),
      );
      const timedOut = await Promise.race([all.then(() => false), sleep(2000).then(() => true)]);
      await reply;
      if (timedOut) missed += SUBSCRIBERS - got;
      lastDelivery.push(last);
      onCalled = null;
    }
    deliveries.sort((a, b) => a - b);
    lastDelivery.sort((a, b) => a - b);
    callReply.sort((a, b) => a - b);
    const ref = await sequentialRoundTrips(200, () => http(agent, server!.url, 'GET', '/api/v1/health'));
    print(
      `event fan-out, ${SUBSCRIBERS} WebSocket subscribers × ${CALLS} call-next: call → ticket.called received p50 ${fmt(percentile(deliveries, 50), 2)} ms, ` +
        `p99 ${fmt(percentile(deliveries, 99), 2)} ms (goal p99 < 20 ms; reference GET /health round trip p50 ${fmt(percentile(ref, 50), 3)} ms, ` +
        `p99 ${fmt(percentile(ref, 99), 3)} ms)`,
    );
    print(
      `  per call, last of ${SUBSCRIBERS} subscribers: p50 ${fmt(percentile(lastDelivery, 50), 2)} ms, p99 ${fmt(percentile(lastDelivery, 99), 2)} ms; ` +
        `call-next reply p50 ${fmt(percentile(callReply, 50), 2)} ms; ${missed} deliveries missing; measured in the bench process, ` +
        `so it includes this process reading all ${SUBSCRIBERS} sockets`,
    );
    for (const ws of subscribers.splice(0)) ws.terminate();
    await sleep(200);

    // 4. Memory: RSS of the server before and after 10,000 more tickets.
    const before = rssKiB(server.pid);
    const r = await issueLoad(server, hall, pool, agent, 64, 120_000, { count: 10_000 });
    await sleep(200);
    const after = rssKiB(server.pid);
    print(
      `server RSS before/after issuing ${fmt(r.ops)} tickets: ${fmt(before / 1024, 1)} MiB → ${fmt(after / 1024, 1)} MiB ` +
        `(delta ${after >= before ? '+' : ''}${fmt((after - before) / 1024, 1)} MiB; ${fmt(rssStart / 1024, 1)} MiB right after start)`,
    );
    const stopped = await server.stop();
    server = null;
    if (stopped.code !== 0) print(`warning: the server exited with ${JSON.stringify(stopped)}`);
  } finally {
    for (const ws of subscribers) ws.terminate();
    agent.destroy();
    if (server) await server.stop(3000);
    rmSync(dataDir, { recursive: true, force: true });
  }
}
