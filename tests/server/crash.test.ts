// Crash safety of the hall server as a real child process on a real SQLite file over loopback HTTP:
// kill -9 in the middle of a 200-client burst loses nothing that was acknowledged, duplicates nothing,
// and SIGTERM finishes the requests in flight before exiting 0.
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { request as httpRequest, type Agent } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { api, http, keepAliveAgent, setupHall, sleep, startServer, type HallSetup, type ServerProcess } from '../../bench/lib.ts';

interface TicketBody {
  id: string;
  number: string;
  status: string;
  serviceId: string;
  counterId: string | null;
}
interface EventMsg {
  seq: number;
  type: string;
  at: string;
  data: { ticket?: { id: string; number: string } };
}

const servers: ServerProcess[] = [];
const dirs: string[] = [];
const agents: Agent[] = [];
const sockets: WebSocket[] = [];

afterEach(async () => {
  for (const ws of sockets.splice(0)) ws.terminate();
  for (const a of agents.splice(0)) a.destroy();
  for (const s of servers.splice(0)) {
    s.kill();
    await s.exited;
  }
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

async function boot(dataDir: string): Promise<ServerProcess> {
  const s = await startServer({ dataDir });
  servers.push(s);
  return s;
}

function tempDir(): string {
  const d = mkdtempSync(join(tmpdir(), 'hall-crash-'));
  dirs.push(d);
  return d;
}

function agent(max: number): Agent {
  const a = keepAliveAgent(max);
  agents.push(a);
  return a;
}

/** Every event after `since` from the durable log, read over the WebSocket until `lastSeq` is reached. */
function replayEvents(url: string, token: string, lastSeq: number): Promise<EventMsg[]> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`${url.replace(/^http/, 'ws')}/api/v1/events?since=0&token=${encodeURIComponent(token)}`);
    sockets.push(ws);
    const got: EventMsg[] = [];
    const timer = setTimeout(() => reject(new Error(`replay stopped at ${got.at(-1)?.seq ?? 0} of ${lastSeq}`)), 10_000);
    ws.on('message', (raw) => {
      const e = JSON.parse(String(raw)) as EventMsg;
      got.push(e);
      if (e.seq >= lastSeq) {
        clearTimeout(timer);
        ws.close();
        resolve(got);
      }
    });
    ws.on('error', reject);
  });
}

function expectStrictlyIncreasing(seqs: readonly number[]): void {
  const bad = seqs.findIndex((s, i) => i > 0 && s <= seqs[i - 1]!);
  expect(bad, `seq ${seqs[bad]} follows ${seqs[bad - 1]}`).toBe(-1);
}

function openReadOnly(dataDir: string) {
  return new Database(join(dataDir, 'hall.sqlite'), { readonly: true, fileMustExist: true });
}

interface IssueAttempt {
  key: string;
  body: { serviceId: string; priority?: boolean };
  acked?: { id: string; number: string };
}

describe('hall server under kill -9 and SIGTERM', () => {
  it('keeps every acknowledged ticket and call through kill -9 mid-burst, and duplicates nothing', async () => {
    const dataDir = tempDir();
    const first = await boot(dataDir);
    const hall: HallSetup = await setupHall(first.url, { prefixes: ['A', 'B', 'C', 'D'], counters: 6 });

    // A display watching live events: whatever it saw before the crash must still be in the log after.
    const seen: EventMsg[] = [];
    const watcher = new WebSocket(`${first.url.replace(/^http/, 'ws')}/api/v1/events?token=${hall.displayToken}`);
    sockets.push(watcher);
    watcher.on('message', (raw) => seen.push(JSON.parse(String(raw)) as EventMsg));
    watcher.on('error', () => undefined);
    await new Promise<void>((resolve, reject) => {
      watcher.once('open', () => resolve());
      watcher.once('error', reject);
    });

    const pool = agent(200);
    const issues: IssueAttempt[] = [];
    const calls: { counterId: string; ticket: TicketBody | null }[] = [];
    const unexpected: string[] = [];
    let acked = 0;
    let inFlight = 0;
    let inFlightAtKill = -1;
    let ackedAtKill = -1;
    let crashed = false;
    const KILL_AFTER = 500;

    const crash = () => {
      if (crashed) return;
      crashed = true;
      inFlightAtKill = inFlight;
      ackedAtKill = acked;
      first.kill();
    };
    const acknowledge = () => {
      acked++;
      if (acked >= KILL_AFTER) crash();
    };

    const issuer = async (client: number) => {
      for (let n = 0; !crashed; n++) {
        const attempt: IssueAttempt = {
          key: `crash-${client}-${n}`,
          body: { serviceId: hall.services[(client + n) % hall.services.length]!.id, ...(n % 5 === 0 ? { priority: true } : {}) },
        };
        issues.push(attempt);
        inFlight++;
        try {
          const r = await http<TicketBody>(pool, first.url, 'POST', '/api/v1/tickets', {
            token: hall.kioskToken,
            body: attempt.body,
            headers: { 'idempotency-key': attempt.key },
          });
          if (r.status === 201) {
            attempt.acked = { id: r.body.id, number: r.body.number };
            acknowledge();
          } else unexpected.push(`issue ${attempt.key}: ${r.status} ${JSON.stringify(r.body)}`);
        } catch {
          return; // the server is gone; this attempt is not acknowledged
        } finally {
          inFlight--;
        }
      }
    };
    const caller = async (client: number) => {
      const counter = hall.counters[client % hall.counters.length]!;
      while (!crashed) {
        inFlight++;
        try {
          const r = await http<{ ticket: TicketBody | null }>(pool, first.url, 'POST', `/api/v1/counters/${counter.id}/call-next`, {
            token: counter.staffToken,
          });
          if (r.status === 200) {
            calls.push({ counterId: counter.id, ticket: r.body.ticket });
            acknowledge();
          } else unexpected.push(`call-next at ${counter.number}: ${r.status} ${JSON.stringify(r.body)}`);
        } catch {
          return;
        } finally {
          inFlight--;
        }
        await sleep(2);
      }
    };

    const safety = setTimeout(crash, 12_000);
    const started = Date.now();
    await Promise.all(Array.from({ length: 200 }, (_, i) => (i < 20 ? caller(i) : issuer(i))));
    clearTimeout(safety);
    const died = await first.exited;
    expect(died.signal).toBe('SIGKILL');
    expect(unexpected).toEqual([]);
    expect(ackedAtKill, 'the burst reached the kill point before the safety timer').toBeGreaterThanOrEqual(KILL_AFTER);
    expect(inFlightAtKill, 'requests were in flight when the server was killed').toBeGreaterThan(0);

    const ackedIssues = issues.filter((a) => a.acked);
    const lostIssues = issues.filter((a) => !a.acked);
    const ackedCalls = calls.filter((c) => c.ticket !== null);
    expect(ackedIssues.length).toBeGreaterThan(100);
    expect(ackedCalls.length).toBeGreaterThan(10);
    expect(lostIssues.length).toBeGreaterThan(0);
    const beforeCrash = [...seen];

    // ── restart on the same data dir ──
    const second = await boot(dataDir);
    const pool2 = agent(32);
    const get = (id: string) => http<TicketBody>(pool2, second.url, 'GET', `/api/v1/tickets/${id}`, { token: hall.kioskToken });

    // Every acknowledged ticket is there with the number it was acknowledged with.
    for (let i = 0; i < ackedIssues.length; i += 32) {
      await Promise.all(
        ackedIssues.slice(i, i + 32).map(async (a) => {
          const r = await get(a.acked!.id);
          expect(r.status, `acknowledged ticket ${a.acked!.number} (${a.key})`).toBe(200);
          expect(r.body.number).toBe(a.acked!.number);
        }),
      );
    }
    // Every acknowledged call is reflected: the called ticket left `waiting`, at that counter.
    await Promise.all(
      ackedCalls.map(async (c) => {
        const r = await get(c.ticket!.id);
        expect(r.status).toBe(200);
        expect(r.body.status, `called ticket ${c.ticket!.number}`).not.toBe('waiting');
        expect(r.body.counterId).toBe(c.counterId);
      }),
    );

    // Retrying each unacknowledged issue with its key, twice, yields one ticket per key.
    let replayed = 0;
    for (const a of lostIssues) {
      const send = () =>
        http<TicketBody>(pool2, second.url, 'POST', '/api/v1/tickets', {
          token: hall.kioskToken,
          body: a.body,
          headers: { 'idempotency-key': a.key },
        });
      const r1 = await send();
      const r2 = await send();
      expect(r1.status, `retry of ${a.key}: ${JSON.stringify(r1.body)}`).toBe(201);
      expect(r2.status).toBe(201);
      expect(r2.body.id).toBe(r1.body.id);
      expect(r2.body.number).toBe(r1.body.number);
      expect(r2.headers['idempotent-replayed']).toBe('true');
      if (r1.headers['idempotent-replayed'] === 'true') replayed++;
      a.acked = { id: r1.body.id, number: r1.body.number };
    }

    // The event log: strictly increasing seq, nothing seen live before the crash is missing or changed,
    // every acknowledged issue and call has its event.
    const queue = await api<{ seq: number }>(pool2, second.url, 'GET', '/api/v1/queue', { token: hall.displayToken });
    const log = await replayEvents(second.url, hall.displayToken, queue.seq);
    expectStrictlyIncreasing(log.map((e) => e.seq));
    const bySeq = new Map(log.map((e) => [e.seq, e]));
    for (const e of beforeCrash) {
      const kept = bySeq.get(e.seq);
      expect(kept, `event ${e.seq} (${e.type}) was published before the crash`).toBeDefined();
      expect(kept!.type).toBe(e.type);
      expect(kept!.data.ticket?.id).toBe(e.data.ticket?.id);
    }
    expectStrictlyIncreasing(beforeCrash.map((e) => e.seq));
    const issuedEvents = new Set(log.filter((e) => e.type === 'ticket.issued').map((e) => e.data.ticket!.id));
    const calledEvents = new Set(log.filter((e) => e.type === 'ticket.called').map((e) => e.data.ticket!.id));
    for (const a of ackedIssues) expect(issuedEvents.has(a.acked!.id), `ticket.issued for ${a.acked!.number}`).toBe(true);
    for (const c of ackedCalls) expect(calledEvents.has(c.ticket!.id), `ticket.called for ${c.ticket!.number}`).toBe(true);

    const stopped = await second.stop();
    expect(stopped.code).toBe(0);

    // The file itself, read-only with the server stopped.
    const db = openReadOnly(dataDir);
    try {
      expect(db.prepare('SELECT day, number, COUNT(*) AS n FROM tickets GROUP BY day, number HAVING COUNT(*) > 1').all()).toEqual([]);
      // Exactly one ticket per key ever sent, and no ticket without a key: nothing was issued twice.
      const keys = db.prepare('SELECT idempotency_key AS key, id AS ticket_id FROM tickets WHERE idempotency_key IS NOT NULL').all() as {
        key: string;
        ticket_id: string;
      }[];
      const ticketCount = (db.prepare('SELECT COUNT(*) AS n FROM tickets').get() as { n: number }).n;
      expect(keys.length).toBe(issues.length);
      expect(ticketCount).toBe(issues.length);
      const byKey = new Map(keys.map((k) => [k.key, k.ticket_id]));
      for (const a of issues) expect(byKey.get(a.key), a.key).toBe(a.acked!.id);
      const seqs = (db.prepare('SELECT seq FROM events ORDER BY rowid').all() as { seq: number }[]).map((r) => r.seq);
      expectStrictlyIncreasing(seqs);
      expect(new Set(seqs).size).toBe(seqs.length);
      expect(seqs.length).toBeGreaterThanOrEqual(log.length);
    } finally {
      db.close();
    }
    console.info(
      `crash: ${ackedIssues.length} issues + ${calls.length} calls acknowledged in ${Date.now() - started} ms, ` +
        `${inFlightAtKill} in flight at kill -9, ${lostIssues.length} unacknowledged issues retried (${replayed} had committed)`,
    );
  }, 30_000);

  it('on SIGTERM finishes the requests in flight with 2xx, exits 0 and keeps their work', async () => {
    const dataDir = tempDir();
    const first = await boot(dataDir);
    const hall = await setupHall(first.url, { prefixes: ['A', 'B'], counters: 2 });
    const pool = agent(64);

    // Some tickets to call during shutdown.
    for (let i = 0; i < 20; i++) {
      await api(pool, first.url, 'POST', '/api/v1/tickets', {
        token: hall.kioskToken,
        body: { serviceId: hall.services[i % 2]!.id },
        headers: { 'idempotency-key': `pre-${i}` },
      });
    }

    const finishers: (() => void)[] = [];
    // Requests the server has certainly begun: headers read (it answered 100 Continue), body still to come.
    const held = Array.from({ length: 16 }, (_, i) => {
      const key = `held-${i}`;
      const body = JSON.stringify({ serviceId: hall.services[i % 2]!.id });
      let continued!: () => void;
      const started = new Promise<void>((r) => (continued = r));
      const done = new Promise<{ status: number; body: TicketBody }>((resolve, reject) => {
        const req = httpRequest(
          `${first.url}/api/v1/tickets`,
          {
            method: 'POST',
            agent: false,
            headers: {
              authorization: `Bearer ${hall.kioskToken}`,
              'content-type': 'application/json',
              'content-length': String(Buffer.byteLength(body)),
              'idempotency-key': key,
              expect: '100-continue',
            },
          },
          (res) => {
            let text = '';
            res.setEncoding('utf8');
            res.on('data', (c: string) => (text += c));
            res.on('end', () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(text) as TicketBody }));
          },
        );
        req.on('error', reject);
        req.on('continue', () => continued());
        req.flushHeaders();
        finishers.push(() => req.end(body));
      });
      return { key, started, done };
    });
    await Promise.all(held.map((h) => h.started));

    // And a burst of complete requests racing the signal on open keep-alive connections: any reply must be a 2xx.
    await Promise.all(Array.from({ length: 60 }, () => api(pool, first.url, 'GET', '/api/v1/health')));
    const burst = Array.from({ length: 60 }, (_, i) => {
      const key = `burst-${i}`;
      const body = { serviceId: hall.services[i % 2]!.id };
      const reply =
        i % 6 === 0
          ? http<{ ticket: TicketBody | null }>(pool, first.url, 'POST', `/api/v1/counters/${hall.counters[i % 2]!.id}/call-next`, {
              token: hall.counters[i % 2]!.staffToken,
            })
          : http<TicketBody>(pool, first.url, 'POST', '/api/v1/tickets', { token: hall.kioskToken, body, headers: { 'idempotency-key': key } });
      return {
        key,
        body,
        isCall: i % 6 === 0,
        reply: reply.then(
          (r) => r,
          () => null,
        ),
      };
    });
    await sleep(1);
    first.child.kill('SIGTERM');
    await sleep(150);
    for (const f of finishers) f();

    const heldReplies = await Promise.all(held.map((h) => h.done));
    for (const [i, r] of heldReplies.entries()) expect(r.status, `held request ${i}: ${JSON.stringify(r.body)}`).toBe(201);
    const burstReplies = await Promise.all(burst.map((b) => b.reply));
    for (const r of burstReplies) if (r) expect(r.status, JSON.stringify(r.body)).toBeLessThan(300);
    const exit = await first.exited;
    expect(exit).toEqual({ code: 0, signal: null });

    const second = await boot(dataDir);
    const pool2 = agent(16);
    const get = (id: string) => http<TicketBody>(pool2, second.url, 'GET', `/api/v1/tickets/${id}`, { token: hall.kioskToken });
    for (const r of heldReplies) {
      const t = await get(r.body.id);
      expect(t.status).toBe(200);
      expect(t.body.number).toBe(r.body.number);
    }
    for (const [i, b] of burst.entries()) {
      const r = burstReplies[i];
      if (!r) {
        // Never acknowledged: sent on a connection the server closed before reading it. Retrying is safe.
        if (b.isCall) continue;
        const again = await http<TicketBody>(pool2, second.url, 'POST', '/api/v1/tickets', {
          token: hall.kioskToken,
          body: b.body,
          headers: { 'idempotency-key': b.key },
        });
        expect(again.status).toBe(201);
        continue;
      }
      if (b.isCall) {
        const called = (r.body as { ticket: TicketBody | null }).ticket;
        if (called) expect((await get(called.id)).body.status).not.toBe('waiting');
      } else {
        const t = await get((r.body as TicketBody).id);
        expect(t.status).toBe(200);
        expect(t.body.number).toBe((r.body as TicketBody).number);
      }
    }
    expect((await second.stop()).code).toBe(0);
    const db = openReadOnly(dataDir);
    try {
      expect(db.prepare('SELECT day, number, COUNT(*) AS n FROM tickets GROUP BY day, number HAVING COUNT(*) > 1').all()).toEqual([]);
      const tickets = (db.prepare('SELECT COUNT(*) AS n FROM tickets').get() as { n: number }).n;
      expect(tickets).toBe(20 + held.length + burst.filter((b) => !b.isCall).length);
    } finally {
      db.close();
    }
    const answered = burstReplies.filter(Boolean).length;
    console.info(`sigterm: ${held.length} held requests answered 201, ${answered}/${burst.length} racing requests answered (all 2xx)`);
  }, 30_000);
});
