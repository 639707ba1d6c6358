// Contract tests of the WebSocket event stream /api/v1/events: auth, message shape, event types, replay with
// ?since= across reconnects and restarts, and the close codes 4409 / 4410.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { HallClient, HallEvent } from '../../client/hall-client.ts';
import { startTestHall, type TestHall } from '../helpers/hall.ts';

interface Stream {
  ws: WebSocket;
  events: HallEvent[];
  raw: string[];
  closed: Promise<{ code: number; reason: string }>;
  waitFor(pred: (events: HallEvent[]) => boolean, ms?: number): Promise<void>;
  close(): Promise<void>;
}

function connect(url: string, headers: Record<string, string> = {}): Promise<Stream> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, { headers });
    const events: HallEvent[] = [];
    const raw: string[] = [];
    const waiters: (() => void)[] = [];
    ws.on('message', (data) => {
      const text = data.toString();
      raw.push(text);
      events.push(JSON.parse(text) as HallEvent);
      for (const w of waiters.splice(0)) w();
    });
    const closed = new Promise<{ code: number; reason: string }>((r) =>
      ws.on('close', (code, reason) => {
        r({ code, reason: reason.toString() });
        for (const w of waiters.splice(0)) w();
      }),
    );
    ws.once('error', reject);
    ws.once('open', () =>
      resolve({
        ws,
        events,
        raw,
        closed,
        async waitFor(pred, ms = 5000) {
          const deadline = Date.now() + ms;
          while (!pred(events)) {
            if (Date.now() > deadline) throw new Error(`timed out waiting; have ${events.length} events: ${events.map((e) => `${e.seq}:${e.type}`).join(' ')}`);
            await new Promise<void>((r) => {
              waiters.push(r);
              setTimeout(r, 50);
            });
          }
        },
        async close() {
          if (ws.readyState === WebSocket.CLOSED) return;
          ws.close();
          await closed;
        },
      }),
    );
  });
}

/** The HTTP status a refused upgrade answers with. */
function refusedStatus(url: string, headers: Record<string, string> = {}): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, { headers });
    ws.on('unexpected-response', (_req, res) => {
      let body = '';
      res.on('data', (c: Buffer) => (body += c.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      res.on('error', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    ws.on('open', () => {
      ws.close();
      reject(new Error('the upgrade was accepted'));
    });
    ws.on('error', () => undefined);
  });
}

/** The close code the server sends within `ms`, or 'still open'. */
async function closeCode(s: Stream, ms = 2000): Promise<number | 'still open'> {
  const timer = new Promise<'still open'>((r) => setTimeout(() => r('still open'), ms));
  const result = await Promise.race([s.closed.then((c) => c.code), timer]);
  await s.close();
  return result;
}

function expectContiguous(events: HallEvent[], from: number, to?: number): void {
  const seqs = events.map((e) => e.seq);
  const expected = Array.from({ length: (to ?? seqs.at(-1) ?? from - 1) - from + 1 }, (_, i) => from + i);
  expect(seqs).toEqual(expected);
}

const ISO_WITH_OFFSET = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?[+-]\d\d:\d\d$/;

let hall: TestHall;
let kiosk: HallClient;
let serviceA: string;
let serviceB: string;
let counter1: string;
let keySeq = 0;
const issue = (serviceId: string) => kiosk.issueTicket({ serviceId }, `e-${++keySeq}`);

beforeAll(async () => {
  hall = await startTestHall();
  kiosk = hall.anon.withToken((await hall.admin.createDevice({ name: 'Kiosk', kind: 'kiosk' })).token);
  serviceA = (await hall.admin.createService({ code: 'ev-a', name: '事件A', prefix: 'A' })).id;
  serviceB = (await hall.admin.createService({ code: 'ev-b', name: '事件B', prefix: 'B' })).id;
  counter1 = (await hall.admin.createCounter({ number: 1, serviceIds: [serviceA] })).id;
});

afterAll(async () => {
  await hall?.close();
});

describe('WS /api/v1/events: access', () => {
  it('401 without a token or with a bad one; ?token= and the Authorization header both work', async () => {
    const url = `${hall.url.replace(/^http/, 'ws')}/api/v1/events`;
    const none = await refusedStatus(url);
    expect(none.status).toBe(401);
    expect(JSON.parse(none.body)).toMatchObject({ error: { code: 'UNAUTHENTICATED' } });
    expect((await refusedStatus(`${url}?token=not-a-token`)).status).toBe(401);
    expect((await refusedStatus(url, { authorization: 'Bearer not-a-token' })).status).toBe(401);
    const display = await hall.admin.createDevice({ name: 'board', kind: 'display' });
    const byQuery = await connect(`${url}?token=${display.token}`);
    await byQuery.close();
    const byHeader = await connect(url, { authorization: `Bearer ${display.token}` });
    await byHeader.close();
  });

  it('400 for a malformed since; 404 for another path', async () => {
    const base = hall.url.replace(/^http/, 'ws');
    const bad = await refusedStatus(`${base}/api/v1/events?since=abc&token=${hall.admin.token}`);
    expect(bad.status).toBe(400);
    expect(JSON.parse(bad.body)).toMatchObject({ error: { code: 'VALIDATION_FAILED' } });
    expect((await refusedStatus(`${base}/api/v1/events?since=-1&token=${hall.admin.token}`)).status).toBe(400);
    expect((await refusedStatus(`${base}/api/v1/nothing?token=${hall.admin.token}`)).status).toBe(404);
  });

  it('since ahead of the log closes with 4409', async () => {
    const { seq } = await hall.admin.queue();
    const s = await connect(hall.admin.eventsUrl(seq + 1000));
    expect(await closeCode(s)).toBe(4409);
    expect(s.events).toEqual([]);
  });
});

describe('WS /api/v1/events: messages', () => {
  it('every action emits its event type, each message {seq, type, at, data} with increasing seq', async () => {
    const start = (await hall.admin.queue()).seq;
    const s = await connect(hall.admin.eventsUrl());
    const t1 = await issue(serviceA);
    const t2 = await issue(serviceA);
    const t3 = await issue(serviceA);
    const t4 = await issue(serviceA);
    const called = (await hall.admin.callNext(counter1)).ticket!;
    await hall.admin.recall(counter1);
    await hall.admin.complete(called.id);
    await hall.admin.rate(called.id, 5);
    await hall.admin.callTicket(counter1, t4.id);
    await hall.admin.noShow(t4.id);
    await hall.admin.callNext(counter1);
    await hall.admin.transfer(t2.id, serviceB);
    await hall.admin.pause(counter1, 'meeting');
    await hall.admin.resume(counter1);
    const types = [
      'ticket.issued',
      'ticket.called',
      'ticket.recalled',
      'ticket.completed',
      'ticket.rated',
      'ticket.no_show',
      'ticket.transferred',
      'counter.paused',
      'counter.resumed',
    ];
    await s.waitFor((ev) => ev.some((e) => e.type === 'counter.resumed'));
    await s.close();
    const seen = new Set(s.events.map((e) => e.type));
    expect(types.filter((t) => !seen.has(t))).toEqual([]);
    expectContiguous(s.events, start + 1);
    for (const text of s.raw) {
      const msg = JSON.parse(text) as Record<string, unknown>;
      expect(Object.keys(msg).sort()).toEqual(['at', 'data', 'seq', 'type']);
      expect(Number.isInteger(msg.seq)).toBe(true);
      expect(msg.type).toMatch(/^[a-z]+\.[a-z_]+$/);
      expect(msg.at).toMatch(ISO_WITH_OFFSET);
      expect(typeof msg.data).toBe('object');
    }
    const byType = (type: string) => s.events.filter((e) => e.type === type);
    expect(byType('ticket.issued').map((e) => (e.data as { ticket: { id: string } }).ticket.id)).toEqual([t1.id, t2.id, t3.id, t4.id]);
    const calls = byType('ticket.called').map((e) => e.data as { ticket: { id: string }; outOfOrder: boolean; counter: { id: string } });
    expect(calls.map((c) => [c.ticket.id, c.outOfOrder])).toEqual([
      [t1.id, false],
      [t4.id, true],
      [t2.id, false],
    ]);
    expect(calls.every((c) => c.counter.id === counter1)).toBe(true);
    expect(byType('ticket.recalled')[0]!.data).toMatchObject({ ticket: { id: t1.id } });
    expect(byType('ticket.completed').map((e) => (e.data as { ticket: { id: string; status: string } }).ticket)).toContainEqual(
      expect.objectContaining({ id: t1.id, status: 'done' }),
    );
    expect(byType('ticket.rated')[0]!.data).toMatchObject({ ticketId: t1.id, level: 5 });
    expect(byType('ticket.no_show')[0]!.data).toMatchObject({ ticket: { id: t4.id, status: 'no_show' } });
    expect(byType('ticket.transferred')[0]!.data).toMatchObject({
      ticket: { id: t2.id, serviceId: serviceB, status: 'waiting' },
      fromServiceId: serviceA,
      toServiceId: serviceB,
    });
    expect(byType('counter.paused')[0]!.data).toMatchObject({ counter: { id: counter1, paused: true } });
    expect(byType('counter.resumed')[0]!.data).toMatchObject({ counter: { id: counter1, paused: false } });
    // A refused action emits nothing.
    const before = (await hall.admin.queue()).seq;
    await hall.admin.rate(called.id, 4).catch(() => undefined);
    await kiosk.issueTicket({ serviceId: 'no-such-service' }, 'nothing').catch(() => undefined);
    expect((await hall.admin.queue()).seq).toBe(before);
    expect(t3.number).toBe('A003');
  });

  it('since=SEQ replays every later event from the log, then live ones; no gaps or duplicates across reconnects', async () => {
    await issue(serviceA);
    const first = await connect(hall.admin.eventsUrl(0));
    const last0 = (await hall.admin.queue()).seq;
    await first.waitFor((ev) => ev.at(-1)?.seq === last0);
    expectContiguous(first.events, 1, last0);
    await issue(serviceA);
    await first.waitFor((ev) => ev.at(-1)?.seq === last0 + 1);
    await first.close();
    const seenUpTo = first.events.at(-1)!.seq;

    // While nobody listens, the hall goes on.
    for (let i = 0; i < 5; i++) await issue(i % 2 ? serviceA : serviceB);
    await hall.admin.callNext(counter1);
    const second = await connect(hall.admin.eventsUrl(seenUpTo));
    for (let i = 0; i < 5; i++) await issue(serviceB);
    const last = (await hall.admin.queue()).seq;
    await second.waitFor((ev) => ev.at(-1)?.seq === last);
    expectContiguous(second.events, seenUpTo + 1, last);
    // The replayed part equals what the log held for those seqs.
    const again = await connect(hall.admin.eventsUrl(0));
    await again.waitFor((ev) => ev.at(-1)?.seq === last);
    expect(again.raw.slice(seenUpTo)).toEqual(second.raw);
    expect(again.raw.slice(0, seenUpTo)).toEqual(first.raw);
    await second.close();
    await again.close();
    // since equal to the last seq: nothing replayed, live events follow.
    const tail = await connect(hall.admin.eventsUrl(last));
    await issue(serviceA);
    await tail.waitFor((ev) => ev.length > 0);
    expect(tail.events[0]!.seq).toBe(last + 1);
    await tail.close();
  });

  it('clients joining at any seq while the hall is busy each get a contiguous stream', async () => {
    const base = (await hall.admin.queue()).seq;
    const streams: { since: number; s: Stream }[] = [];
    const writer = (async () => {
      for (let i = 0; i < 60; i++) {
        await Promise.all([issue(serviceA), issue(serviceB)]);
        if (i % 10 === 0) await hall.admin.callNext(counter1);
      }
    })();
    for (let i = 0; i < 8; i++) {
      const since = base + i * 7;
      // A since the log has not reached yet is refused (4409): join at a seq that exists, however slow the machine.
      while ((await hall.admin.queue()).seq < since) await new Promise((r) => setTimeout(r, 5));
      streams.push({ since, s: await connect(hall.admin.eventsUrl(since)) });
      await new Promise((r) => setTimeout(r, 15));
    }
    await writer;
    const last = (await hall.admin.queue()).seq;
    expect(last).toBeGreaterThan(base + 120);
    for (const { since, s } of streams) {
      await s.waitFor((ev) => (ev.at(-1)?.seq ?? since) >= last);
      expectContiguous(s.events, since + 1, last);
      await s.close();
    }
  });
});

describe('the event log is durable', () => {
  it('events survive a restart on the same data dir and seq continues without a gap', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'hall-events-'));
    try {
      const h1 = await startTestHall({ dir });
      const s = (await h1.admin.createService({ code: 'dur', name: '持久', prefix: 'D' })).id;
      const c = (await h1.admin.createCounter({ number: 1, serviceIds: [s] })).id;
      for (let i = 0; i < 5; i++) await h1.admin.issueTicket({ serviceId: s }, `d-${i}`);
      await h1.admin.callNext(c);
      const live = await connect(h1.admin.eventsUrl(0));
      const last1 = (await h1.admin.queue()).seq;
      await live.waitFor((ev) => ev.at(-1)?.seq === last1);
      const closing = live.closed;
      await h1.close();
      expect((await closing).code).toBe(1001);

      const h2 = await startTestHall({ dir });
      try {
        const replay = await connect(h2.admin.eventsUrl(0));
        await replay.waitFor((ev) => (ev.at(-1)?.seq ?? 0) >= last1);
        expect(replay.raw.slice(0, live.raw.length)).toEqual(live.raw);
        const resumed = await connect(h2.admin.eventsUrl(last1));
        const t = await h2.admin.issueTicket({ serviceId: s }, 'after-restart');
        expect(t.number).toBe('D006');
        await resumed.waitFor((ev) => ev.some((e) => e.type === 'ticket.issued'));
        expectContiguous(resumed.events, last1 + 1);
        expect(resumed.events.at(-1)).toMatchObject({ type: 'ticket.issued', data: { ticket: { id: t.id } } });
        await replay.close();
        await resumed.close();
      } finally {
        await h2.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('4410 also when every kept event has been pruned and the log is empty', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'hall-prune-all-'));
    const t0 = Date.parse('2026-01-05T02:00:00Z');
    try {
      const h1 = await startTestHall({ dir, now: t0 });
      const s = (await h1.admin.createService({ code: 'gone', name: '全删', prefix: 'G' })).id;
      const c = (await h1.admin.createCounter({ number: 1, serviceIds: [s] })).id;
      const t = await h1.admin.issueTicket({ serviceId: s }, 'g-1');
      await h1.admin.callNext(c);
      await h1.admin.complete(t.id);
      const oldLast = (await h1.admin.queue()).seq;
      expect(oldLast).toBeGreaterThan(3);
      await h1.close();
      const h2 = await startTestHall({ dir, now: t0 + 120 * 86_400_000 });
      try {
        expect((await h2.admin.queue()).seq).toBe(oldLast);
        // Events 1..oldLast are gone: a client that has only seq 2 must be told to reload, not left believing it is current.
        const gone = await connect(h2.admin.eventsUrl(2));
        expect(await closeCode(gone)).toBe(4410);
        expect(gone.events).toEqual([]);
        const current = await connect(h2.admin.eventsUrl(oldLast));
        await h2.admin.issueTicket({ serviceId: s }, 'g-2');
        await current.waitFor((ev) => ev.length > 0);
        expect(current.events[0]!.seq).toBe(oldLast + 1);
        await current.close();
      } finally {
        await h2.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('since older than the kept log closes with 4410 once old events are pruned', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'hall-prune-'));
    const t0 = Date.parse('2026-01-05T02:00:00Z');
    try {
      const h1 = await startTestHall({ dir, now: t0 });
      const s = (await h1.admin.createService({ code: 'old', name: '旧', prefix: 'O' })).id;
      await h1.admin.issueTicket({ serviceId: s }, 'old-1');
      const oldLast = (await h1.admin.queue()).seq;
      await h1.close();
      const h2 = await startTestHall({ dir, now: t0 + 120 * 86_400_000 });
      try {
        const q = await h2.admin.queue();
        expect(q.seq).toBeGreaterThan(oldLast);
        const gone = await connect(h2.admin.eventsUrl(0));
        expect(await closeCode(gone)).toBe(4410);
        // The events written since the prune are still replayed.
        const kept = await connect(h2.admin.eventsUrl(oldLast));
        await kept.waitFor((ev) => ev.at(-1)?.seq === q.seq);
        expectContiguous(kept.events, oldLast + 1, q.seq);
        await kept.close();
      } finally {
        await h2.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
