// `npm run bench -- district`: one busy day of 200 halls (about 2 million events) pushed to a district server process
// over HTTP into a throw-away PostgreSQL, beside PostgreSQL's own COPY of the same rows in the same cluster, then the
// dashboard query's latency at 200 halls. DISTRICT_BENCH_HALLS and DISTRICT_BENCH_EVENTS (per hall) make it smaller.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { startPgCluster } from '../district/pg-cluster.ts';
import { ROOT, fmt, percentile } from './lib.ts';

const HALLS = Number(process.env.DISTRICT_BENCH_HALLS ?? 200);
const EVENTS_PER_HALL = Number(process.env.DISTRICT_BENCH_EVENTS ?? 10_000);
/** Events per push, as the hall's replicator sends them (its default). */
const BATCH = 5000;
/** Halls pushing at once (each in seq order, one batch at a time, as the replicator does). */
const CONCURRENT_HALLS = 8;
const ADMIN = 'bench-district-admin-2026';

const uuid = (hall: number, n: number) => `00000000-${hall.toString(16).padStart(4, '0')}-4000-8000-${n.toString(16).padStart(12, '0')}`;

/** A hall's day as wire events (the hall's log format), generated in seq order batch by batch. */
function* hallDay(hall: number, total: number, batch: number): Generator<{ seq: number; type: string; at: string; data: string }[]> {
  const day = Date.parse('2026-12-07T00:30:00Z');
  const services = Array.from({ length: 6 }, (_, i) => uuid(hall, 1_000_000 + i));
  const counters = Array.from({ length: 10 }, (_, i) => uuid(hall, 2_000_000 + i));
  let seq = 0;
  let out: { seq: number; type: string; at: string; data: string }[] = [];
  const emit = (type: string, atMs: number, data: string) => {
    out.push({ seq: ++seq, type, at: new Date(atMs).toISOString(), data });
  };
  const view = (i: number, status: string, called: number | null, ended: number | null) =>
    `{"id":"${uuid(hall, i)}","number":"${String.fromCharCode(65 + (i % 6))}${String(Math.floor(i / 6) + 1).padStart(3, '0')}","serviceId":"${services[i % 6]}",` +
    `"status":"${status}","priority":false,"priorityReason":null,"appointment":false,"lateArrival":false,"issuedAt":"${new Date(day + i * 9_000).toISOString()}",` +
    `"calledAt":${called === null ? 'null' : `"${new Date(called).toISOString()}"`},"endedAt":${ended === null ? 'null' : `"${new Date(ended).toISOString()}"`},` +
    `"counterId":${called === null ? 'null' : `"${counters[i % 10]}"`},"maskedName":null,"maskedIdNumber":"3201**********${String(i % 10_000).padStart(4, '0')}","recallCount":0}`;
  for (let s = 0; s < 6; s++)
    emit(
      'service.created',
      day - 60_000,
      `{"service":{"id":"${services[s]}","code":"s${s}","name":"业务${s}","prefix":"${String.fromCharCode(65 + s)}","targetWaitMinutes":20}}`,
    );
  for (let c = 0; c < 10; c++) {
    emit(
      'counter.signed_in',
      day - 30_000,
      `{"counter":{"id":"${counters[c]}","number":${c + 1},"name":"窗口${c + 1}","serviceIds":[],"state":"open","paused":false},"staff":{"id":"${uuid(hall, 3_000_000 + c)}","name":"工作人员${c + 1}"}}`,
    );
  }
  // Per ticket: issued, then five tickets later called, six later completed, a third of those rated.
  for (let i = 0; seq < total; i++) {
    const issued = day + i * 9_000;
    emit('ticket.issued', issued, `{"ticket":${view(i, 'waiting', null, null)}}`);
    const c = i - 5;
    if (c >= 0 && seq < total) {
      const calledAt = day + c * 9_000 + 45_000;
      emit(
        'ticket.called',
        calledAt,
        `{"ticket":${view(c, 'called', calledAt, null)},"counter":{"id":"${counters[c % 10]}","number":${(c % 10) + 1}},"outOfOrder":false,"calledBy":{"id":"${uuid(hall, 3_000_000 + (c % 10))}","name":"工作人员${(c % 10) + 1}"}}`,
      );
    }
    const d = i - 6;
    if (d >= 0 && seq < total) {
      const calledAt = day + d * 9_000 + 45_000;
      emit(
        'ticket.completed',
        calledAt + 40_000,
        `{"ticket":${view(d, 'done', calledAt, calledAt + 40_000)},"counter":{"id":"${counters[d % 10]}","number":${(d % 10) + 1}}}`,
      );
      if (d % 3 === 0 && seq < total) {
        emit(
          'ticket.rated',
          calledAt + 60_000,
          `{"ticketId":"${uuid(hall, d)}","number":"X","level":${d % 30 === 0 ? 1 : 5},"tags":[],"channel":"pad","serviceId":"${services[d % 6]}","counterId":"${counters[d % 10]}"}`,
        );
      }
    }
    if (out.length >= batch) {
      yield out;
      out = [];
    }
  }
  if (out.length) yield out;
}

/** A hall's day as push bodies and COPY rows, made once for hall 0: each hall's copy differs only in its ids. */
interface DayBatch {
  count: number;
  body: string;
  /** COPY text rows with HALL_ID where the district's hall id goes. */
  rows: string;
}
const HALL_ID = '\u0001hall\u0001';
function dayTemplate(): DayBatch[] {
  return [...hallDay(0, EVENTS_PER_HALL, BATCH)].map((batch) => ({
    count: batch.length,
    body: `{"headSeq":${EVENTS_PER_HALL},"events":[${batch.map((e) => `{"seq":${e.seq},"type":"${e.type}","at":"${e.at}","data":${e.data}}`).join(',')}]}`,
    rows: batch.map((e) => `${HALL_ID}\t${e.seq}\t${e.type}\t${e.at}\t${e.data.replace(/\\/g, '\\\\')}\n`).join(''),
  }));
}
/** Hall `h`'s ids in place of hall 0's (see uuid()): the halls' own work of making their logs stays out of the timing. */
const hallIds = (text: string, h: number) => (h === 0 ? text : text.replaceAll('00000000-0000-4000-', `00000000-${h.toString(16).padStart(4, '0')}-4000-`));

function startDistrict(databaseUrl: string): Promise<{ url: string; stop(): Promise<void> }> {
  const child = spawn(process.execPath, ['--import', 'tsx', join('district', 'main.ts')], {
    cwd: ROOT,
    env: { ...process.env, DISTRICT_DATABASE_URL: databaseUrl, DISTRICT_PORT: '0', DISTRICT_ADMIN_PASSWORD: ADMIN },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /district server listening on (\S+)/.exec(out);
      if (m) resolve({ url: m[1]!, stop: async () => void (child.kill('SIGTERM'), await exited) });
    });
    void exited.then(() => reject(new Error('the district server exited before its ready line')));
  });
}

/** A push as the replicator makes it: a transport error is retried (the district takes each seq once however often it comes). */
async function post(url: string, token: string, path: string, body: string, retries = { count: 0 }): Promise<unknown> {
  for (let attempt = 0; ; attempt++) {
    let res: Response;
    try {
      res = await fetch(`${url}${path}`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body });
    } catch (error) {
      if (attempt >= 3) throw new Error(`${path}: ${String((error as Error).cause ?? error)}`);
      retries.count++;
      continue;
    }
    const text = await res.text();
    if (!res.ok) throw new Error(`${path}: ${res.status} ${text.slice(0, 300)}`);
    return JSON.parse(text);
  }
}

export async function benchDistrict(): Promise<string[]> {
  const lines: string[] = [];
  const cluster = await startPgCluster();
  try {
    const dbUrl = await cluster.createDatabase('district');
    const server = await startDistrict(dbUrl);
    try {
      const login = await fetch(`${server.url}/api/v1/auth/login`, { method: 'POST', body: JSON.stringify({ username: 'admin', password: ADMIN }) });
      const { token: adminToken } = (await login.json()) as { token: string };
      const halls: { id: string; token: string }[] = [];
      for (let h = 0; h < HALLS; h++) {
        const res = await fetch(`${server.url}/api/v1/halls`, {
          method: 'POST',
          headers: { authorization: `Bearer ${adminToken}` },
          body: JSON.stringify({ code: `hall-${h}`, name: `便民服务中心${h}` }),
        });
        halls.push((await res.json()) as { id: string; token: string });
      }

      // The replication path: HTTP batches through the district server, events and derived figures in one transaction.
      const template = dayTemplate();
      let events = 0;
      let next = 0;
      const retries = { count: 0 };
      const started = performance.now();
      const pushHall = async (h: number) => {
        const { id, token } = halls[h]!;
        for (const batch of template) {
          await post(server.url, token, `/api/v1/district/halls/${id}/events`, hallIds(batch.body, h), retries);
          events += batch.count;
        }
      };
      await Promise.all(
        Array.from({ length: CONCURRENT_HALLS }, async () => {
          while (next < HALLS) await pushHall(next++);
        }),
      );
      const ingestS = (performance.now() - started) / 1000;

      // PostgreSQL's own raw insert rate: COPY of the same event rows into a table of the same shape, same cluster.
      const client = new pg.Client({ connectionString: dbUrl });
      await client.connect();
      await client.query('CREATE TABLE events_copy (LIKE events INCLUDING ALL)');
      const copyStarted = performance.now();
      let copied = 0;
      const copyHall = async (c: pg.Client, h: number) => {
        const id = halls[h]!.id;
        const rows = (function* () {
          for (const batch of template) {
            yield hallIds(batch.rows, h).replaceAll(HALL_ID, id);
            copied += batch.count;
          }
        })();
        await pipeline(Readable.from(rows), c.query(copyFrom('COPY events_copy (hall_id, seq, type, at, data) FROM STDIN')));
      };
      const copiers = await Promise.all(
        Array.from({ length: CONCURRENT_HALLS }, async () => {
          const c = new pg.Client({ connectionString: dbUrl });
          await c.connect();
          return c;
        }),
      );
      let copyNext = 0;
      await Promise.all(
        copiers.map(async (c) => {
          while (copyNext < HALLS) await copyHall(c, copyNext++);
        }),
      );
      const copyS = (performance.now() - copyStarted) / 1000;
      for (const c of copiers) await c.end();

      const stored = Number((await client.query('SELECT count(*) AS n FROM events')).rows[0].n);
      if (stored !== events) throw new Error(`the district holds ${stored} events, ${events} were pushed`);
      lines.push(
        `district ingest: ${HALLS} halls × ${fmt(EVENTS_PER_HALL)} events = ${fmt(events)} events over HTTP in ${fmt(ingestS, 1)} s → ${fmt(events / ingestS)} events/s (goal: 2 M under 60 s)${retries.count ? `, ${retries.count} pushes retried after a transport error` : ''}`,
      );
      lines.push(
        `  reference, PostgreSQL COPY of the same rows (events only, no derived figures): ${fmt(copied)} rows in ${fmt(copyS, 1)} s → ${fmt(copied / copyS)} rows/s; ingest/COPY time ${fmt(ingestS / copyS, 1)}×`,
      );

      // The dashboard at this many halls: the all-halls list and the report across halls.
      const time = async (path: string, n: number) => {
        const ms: number[] = [];
        for (let i = 0; i < n; i++) {
          const t = performance.now();
          const res = await fetch(`${server.url}${path}`, { headers: { authorization: `Bearer ${adminToken}` } });
          await res.arrayBuffer();
          if (!res.ok) throw new Error(`${path}: ${res.status}`);
          ms.push(performance.now() - t);
        }
        return ms.sort((a, b) => a - b);
      };
      const list = await time('/api/v1/district/halls', 200);
      lines.push(
        `district dashboard GET /district/halls at ${HALLS} halls: p50 ${fmt(percentile(list, 50), 1)} ms, p99 ${fmt(percentile(list, 99), 1)} ms (goal < 200 ms)`,
      );
      const report = await time('/api/v1/district/reports/summary?from=2026-12-07&to=2026-12-07&groupBy=hall', 10);
      lines.push(
        `district report groupBy=hall over ${fmt(events)} events' tickets: p50 ${fmt(percentile(report, 50), 0)} ms, p99 ${fmt(percentile(report, 99), 0)} ms (goal well under 1 s)`,
      );
      // PostgreSQL's own pass over the same day's tickets and ratings (a count per hall), same cluster.
      const scan: number[] = [];
      for (let i = 0; i < 10; i++) {
        const t = performance.now();
        await client.query(
          `SELECT hall_id, count(*) FROM tickets WHERE issued_at >= '2026-12-07'::timestamp AT TIME ZONE 'Asia/Shanghai' AND issued_at < '2026-12-08'::timestamp AT TIME ZONE 'Asia/Shanghai' GROUP BY 1
           UNION ALL SELECT hall_id, count(*) FROM ratings WHERE at >= '2026-12-07'::timestamp AT TIME ZONE 'Asia/Shanghai' AND at < '2026-12-08'::timestamp AT TIME ZONE 'Asia/Shanghai' GROUP BY 1`,
        );
        scan.push(performance.now() - t);
      }
      scan.sort((a, b) => a - b);
      lines.push(
        `  reference, PostgreSQL counting the same day's tickets and ratings per hall: p50 ${fmt(percentile(scan, 50), 0)} ms, p99 ${fmt(percentile(scan, 99), 0)} ms; report/count time ${fmt(percentile(report, 50) / percentile(scan, 50), 1)}×`,
      );
      await client.end();
    } finally {
      await server.stop();
    }
  } finally {
    await cluster.stop();
  }
  return lines;
}
