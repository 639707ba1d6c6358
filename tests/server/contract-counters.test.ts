// Contract tests of the hall API at the counters: call-next and its ordering, pause/resume, recall,
// out-of-order calls, complete, no-show, transfer, staff rules and ratings.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HallApiError, HallClient } from '../../client/hall-client.ts';
import { apiError } from '../helpers/api-error.ts';
import { startTestHall, type TestHall } from '../helpers/hall.ts';

const START = Date.parse('2026-03-10T01:00:00Z');

let hall: TestHall;
let kiosk: HallClient;
let keySeq = 0;

async function issue(serviceId: string, extra: { priority?: boolean } = {}) {
  const t = await kiosk.issueTicket({ serviceId, ...extra }, `k-${++keySeq}`);
  hall.clock.advance(1000);
  return t;
}

let svcSeq = 0;
async function newService() {
  const n = ++svcSeq;
  return hall.admin.createService({
    code: `c-svc-${n}`,
    name: `服务${n}`,
    prefix: String.fromCharCode(65 + (n % 26)) + String.fromCharCode(65 + Math.floor(n / 26)),
  });
}

let counterSeq = 0;
async function newCounter(serviceIds: string[]) {
  return hall.admin.createCounter({ number: ++counterSeq, serviceIds });
}

async function staffClient(username: string): Promise<HallClient> {
  await hall.admin.createUser({ username, password: `${username}-password`, role: 'staff' });
  return hall.anon.withToken((await hall.anon.login(username, `${username}-password`)).token);
}

beforeAll(async () => {
  hall = await startTestHall({ now: START });
  kiosk = hall.anon.withToken((await hall.admin.createDevice({ name: 'Kiosk', kind: 'kiosk' })).token);
});

afterAll(async () => {
  await hall?.close();
});

describe('POST /counters/:id/call-next', () => {
  it('calls the longest-waiting ticket, completes the current one on the next call, then {ticket:null}', async () => {
    const s = await newService();
    const c = await newCounter([s.id]);
    const t1 = await issue(s.id);
    const t2 = await issue(s.id);
    const r1 = await hall.admin.callNext(c.id);
    expect(r1.ticket).toMatchObject({ id: t1.id, number: t1.number, status: 'called', counterId: c.id });
    const r2 = await hall.admin.callNext(c.id);
    expect(r2.ticket!.id).toBe(t2.id);
    expect((await hall.admin.ticket(t1.id)).status).toBe('done');
    const r3 = await hall.admin.request<{ ticket: unknown }>('POST', `/api/v1/counters/${c.id}/call-next`);
    expect(r3).toEqual({ ticket: null });
    expect((await hall.admin.ticket(t2.id)).status).toBe('done');
    expect(await hall.admin.callNext(c.id)).toEqual({ ticket: null });
  });

  it('a counter calls only its own services, across them by issue time', async () => {
    const a = await newService();
    const b = await newService();
    const other = await newService();
    const c = await newCounter([a.id, b.id]);
    const o1 = await issue(other.id);
    const b1 = await issue(b.id);
    const a1 = await issue(a.id);
    const b2 = await issue(b.id);
    const called = [];
    for (let i = 0; i < 4; i++) called.push((await hall.admin.callNext(c.id)).ticket?.id ?? null);
    expect(called).toEqual([b1.id, a1.id, b2.id, null]);
    expect((await hall.admin.ticket(o1.id)).status).toBe('waiting');
  });

  it('interleaves priority and normal tickets at the configured ratio (default 2:1)', async () => {
    const s = await newService();
    const c = await newCounter([s.id]);
    const n1 = await issue(s.id);
    const n2 = await issue(s.id);
    const n3 = await issue(s.id);
    const p1 = await issue(s.id, { priority: true });
    const p2 = await issue(s.id, { priority: true });
    const p3 = await issue(s.id, { priority: true });
    const order = [];
    for (let i = 0; i < 6; i++) order.push((await hall.admin.callNext(c.id)).ticket!.id);
    expect(order).toEqual([p1.id, p2.id, n1.id, p3.id, n2.id, n3.id]);
  });

  it('404 for an unknown counter', async () => {
    const e = await apiError(hall.admin.callNext('no-such-counter'), 404);
    expect(e.code).toBe('COUNTER_NOT_FOUND');
  });

  it('concurrent call-next across counters sharing services never hands out one ticket twice', async () => {
    const a = await newService();
    const b = await newService();
    const counters = [await newCounter([a.id, b.id]), await newCounter([a.id]), await newCounter([b.id]), await newCounter([a.id, b.id])];
    const issued = await Promise.all(Array.from({ length: 40 }, (_, i) => kiosk.issueTicket({ serviceId: i % 2 ? a.id : b.id }, `burst-${i}`)));
    hall.clock.advance(1000);
    const calls = await Promise.all(Array.from({ length: 80 }, (_, i) => hall.admin.callNext(counters[i % counters.length]!.id)));
    const ids = calls.map((r) => r.ticket?.id).filter((x): x is string => x !== undefined);
    expect(new Set(ids).size).toBe(ids.length);
    expect(new Set(ids)).toEqual(new Set(issued.map((t) => t.id)));
    for (const r of calls) {
      if (!r.ticket) continue;
      const counter = counters.find((c) => c.id === r.ticket!.counterId)!;
      expect(counter.serviceIds).toContain(r.ticket.serviceId);
    }
    const statuses = await Promise.all(issued.map((t) => hall.admin.ticket(t.id)));
    expect(statuses.every((t) => t.status === 'called' || t.status === 'done')).toBe(true);
    const q = await hall.admin.queue();
    const current = q.counters
      .filter((c) => counters.some((x) => x.id === c.id))
      .map((c) => c.current?.id)
      .filter(Boolean);
    expect(new Set(current).size).toBe(current.length);
  });
});

describe('pause, resume and recall', () => {
  it('a paused counter answers 409 COUNTER_PAUSED and calls nothing; resume lets it call again', async () => {
    const s = await newService();
    const c = await newCounter([s.id]);
    const t = await issue(s.id);
    const paused = await hall.admin.pause(c.id, 'break');
    expect(paused).toMatchObject({ id: c.id, paused: true, pauseReason: 'break' });
    await apiError(hall.admin.callNext(c.id), 409, 'COUNTER_PAUSED');
    await apiError(hall.admin.callTicket(c.id, t.id), 409, 'COUNTER_PAUSED');
    expect((await hall.admin.ticket(t.id)).status).toBe('waiting');
    expect((await hall.admin.queue()).services.find((x) => x.id === s.id)!.waiting).toBe(1);
    const e = await apiError(hall.admin.request('POST', `/api/v1/counters/${c.id}/pause`, {}), 400, 'VALIDATION_FAILED');
    expect(e.details?.field).toBe('reason');
    await apiError(hall.admin.pause('no-such-counter', 'break'), 404);
    expect(await hall.admin.resume(c.id)).toMatchObject({ paused: false });
    expect((await hall.admin.callNext(c.id)).ticket!.id).toBe(t.id);
    await apiError(hall.admin.resume('no-such-counter'), 404);
  });

  it('recall announces the current ticket again; nothing to recall is 409', async () => {
    const s = await newService();
    const c = await newCounter([s.id]);
    await apiError(hall.admin.recall(c.id), 409);
    const t = await issue(s.id);
    await hall.admin.callNext(c.id);
    const r1 = await hall.admin.recall(c.id);
    expect(r1.ticket).toMatchObject({ id: t.id, status: 'called', recallCount: 1 });
    const r2 = await hall.admin.recall(c.id);
    expect(r2.ticket.recallCount).toBe(2);
    expect((await hall.admin.ticket(t.id)).recallCount).toBe(2);
    await apiError(hall.admin.recall('no-such-counter'), 404);
  });
});

describe('POST /counters/:id/call (out of order)', () => {
  it('calls the chosen waiting ticket; a non-waiting ticket is 409 TICKET_NOT_WAITING; unknown is 404', async () => {
    const s = await newService();
    const other = await newService();
    const c = await newCounter([s.id]);
    const t1 = await issue(s.id);
    const t2 = await issue(s.id);
    const t3 = await issue(s.id);
    const elsewhere = await issue(other.id);
    const r = await hall.admin.callTicket(c.id, t3.id);
    expect(r.ticket).toMatchObject({ id: t3.id, status: 'called', counterId: c.id });
    await apiError(hall.admin.callTicket(c.id, t3.id), 409, 'TICKET_NOT_WAITING');
    await apiError(hall.admin.callTicket(c.id, 'no-such-ticket'), 404);
    const wrong = await apiError(hall.admin.callTicket(c.id, elsewhere.id), 409);
    expect(wrong.code).not.toBe('TICKET_NOT_WAITING');
    expect((await hall.admin.ticket(elsewhere.id)).status).toBe('waiting');
    // The normal order resumes with the earliest waiting ticket; t3 was completed by that call.
    expect((await hall.admin.callNext(c.id)).ticket!.id).toBe(t1.id);
    expect((await hall.admin.ticket(t3.id)).status).toBe('done');
    await apiError(hall.admin.callTicket(c.id, t3.id), 409, 'TICKET_NOT_WAITING');
    expect((await hall.admin.callNext(c.id)).ticket!.id).toBe(t2.id);
    const v = await apiError(hall.admin.request('POST', `/api/v1/counters/${c.id}/call`, {}), 400, 'VALIDATION_FAILED');
    expect(v.details?.field).toBe('ticketId');
  });
});

describe('complete, no-show and transfer', () => {
  it('complete → done; no-show → no_show; a finished ticket cannot be finished again', async () => {
    const s = await newService();
    const c = await newCounter([s.id]);
    const t1 = await issue(s.id);
    const t2 = await issue(s.id);
    await hall.admin.callNext(c.id);
    const done = await hall.admin.complete(t1.id);
    expect(done).toMatchObject({ id: t1.id, status: 'done' });
    expect((await hall.admin.ticket(t1.id)).endedAt).not.toBeNull();
    expect((await hall.admin.queue()).counters.find((x) => x.id === c.id)!.current).toBeNull();
    await apiError(hall.admin.complete(t1.id), 409);
    await apiError(hall.admin.noShow(t2.id), 409);
    await hall.admin.callNext(c.id);
    expect(await hall.admin.noShow(t2.id)).toMatchObject({ id: t2.id, status: 'no_show' });
    expect((await hall.admin.ticket(t2.id)).status).toBe('no_show');
    await apiError(hall.admin.complete(t2.id), 409);
    // The no-show is not silently completed by the next call.
    expect(await hall.admin.callNext(c.id)).toEqual({ ticket: null });
    expect((await hall.admin.ticket(t2.id)).status).toBe('no_show');
  });

  it('404 for unknown ticket ids on every ticket action', async () => {
    const s = await newService();
    const actions = [
      () => hall.admin.complete('nope'),
      () => hall.admin.noShow('nope'),
      () => hall.admin.transfer('nope', s.id),
      () => hall.admin.rate('nope', 5),
      () => hall.admin.ticket('nope'),
      () => hall.admin.startTicket('nope'),
      () => hall.admin.cancel('nope'),
    ];
    for (const act of actions) {
      const e = await apiError(act(), 404);
      expect(e.code).toBe('TICKET_NOT_FOUND');
    }
  });

  it('transfer returns the ticket to waiting in the new service with the same number, ahead of later tickets', async () => {
    const from = await newService();
    const to = await newService();
    const cFrom = await newCounter([from.id]);
    const cTo = await newCounter([to.id]);
    const before = await issue(to.id);
    const moving = await issue(from.id);
    const later1 = await issue(to.id);
    const later2 = await issue(to.id);
    expect((await hall.admin.callNext(cFrom.id)).ticket!.id).toBe(moving.id);
    hall.clock.advance(60_000);
    const moved = await hall.admin.transfer(moving.id, to.id);
    expect(moved).toMatchObject({ id: moving.id, number: moving.number, serviceId: to.id, status: 'waiting', issuedAt: moving.issuedAt });
    expect(moved.ahead).toBe(1);
    expect((await hall.admin.queue()).counters.find((x) => x.id === cFrom.id)!.current).toBeNull();
    const order = [];
    for (let i = 0; i < 4; i++) order.push((await hall.admin.callNext(cTo.id)).ticket!.id);
    expect(order).toEqual([before.id, moving.id, later1.id, later2.id]);
    // Transferring to an unknown service is 404; a finished ticket cannot be transferred.
    await apiError(hall.admin.transfer(later1.id, 'no-such-service'), 404);
    await apiError(hall.admin.transfer(before.id, from.id), 409);
    const v = await apiError(hall.admin.request('POST', `/api/v1/tickets/${later2.id}/transfer`, {}), 400, 'VALIDATION_FAILED');
    expect(v.details?.field).toBe('serviceId');
  });
});

describe('staff rules', () => {
  it('staff act on the counter they are signed into; others get 403', async () => {
    const s = await newService();
    const c1 = await newCounter([s.id]);
    const c2 = await newCounter([s.id]);
    const alice = await staffClient('alice');
    const bob = await staffClient('bob');
    const display = hall.anon.withToken((await hall.admin.createDevice({ name: 'board', kind: 'display' })).token);
    const t1 = await issue(s.id);
    const t2 = await issue(s.id);
    const t3 = await issue(s.id);

    const signed = await alice.signIn(c1.id);
    expect(signed).toMatchObject({ id: c1.id, staffUserId: expect.any(String) });
    await apiError(bob.callNext(c1.id), 403);
    await apiError(bob.pause(c1.id, 'break'), 403);
    await apiError(bob.recall(c1.id), 403);
    await apiError(bob.callTicket(c1.id, t1.id), 403);
    const taken = await apiError(bob.signIn(c1.id), 409);
    expect(taken.code).toBe('COUNTER_TAKEN');
    await apiError(display.callNext(c1.id), 403, 'FORBIDDEN');

    expect((await alice.callNext(c1.id)).ticket!.id).toBe(t1.id);
    await bob.signIn(c2.id);
    expect((await bob.callNext(c2.id)).ticket!.id).toBe(t2.id);
    // Tickets at another counter are not theirs to finish or move.
    await apiError(bob.complete(t1.id), 403);
    await apiError(bob.noShow(t1.id), 403);
    await apiError(alice.complete(t2.id), 403);
    await apiError(bob.transfer(t1.id, s.id), 403);
    expect((await hall.admin.ticket(t1.id)).status).toBe('called');
    expect((await hall.admin.ticket(t2.id)).status).toBe('called');
    expect(await alice.complete(t1.id)).toMatchObject({ status: 'done' });
    expect(await bob.noShow(t2.id)).toMatchObject({ status: 'no_show' });
    // A manager may act on any counter.
    expect((await hall.admin.callNext(c1.id)).ticket!.id).toBe(t3.id);
    expect(await hall.admin.complete(t3.id)).toMatchObject({ status: 'done' });
    // After signing out, the counter is free for another.
    await alice.signOut(c1.id);
    await bob.signIn(c1.id);
    await apiError(alice.callNext(c1.id), 403);
  });
});

describe('POST /tickets/:id/rating', () => {
  it('1..5 once per completed ticket: 409 TICKET_NOT_DONE before, 409 ALREADY_RATED after, 400 outside 1..5', async () => {
    const s = await newService();
    const c = await newCounter([s.id]);
    const t = await issue(s.id);
    await apiError(kiosk.rate(t.id, 5), 409, 'TICKET_NOT_DONE');
    await hall.admin.callNext(c.id);
    await apiError(kiosk.rate(t.id, 5), 409, 'TICKET_NOT_DONE');
    await hall.admin.complete(t.id);
    for (const level of [6, 0, -1, 2.5]) {
      const e = await apiError(kiosk.rate(t.id, level), 400, 'VALIDATION_FAILED');
      expect(e.details?.field).toBe('level');
      expect(e.message).toContain('level');
    }
    await apiError(kiosk.request('POST', `/api/v1/tickets/${t.id}/rating`, { level: '5' }), 400, 'VALIDATION_FAILED');
    const res = await fetch(`${hall.url}/api/v1/tickets/${t.id}/rating`, {
      method: 'POST',
      headers: { authorization: `Bearer ${kiosk.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ level: 4, comment: '办事快' }),
    });
    expect(res.status).toBeLessThan(300);
    expect(await res.json()).toMatchObject({ ticketId: t.id, level: 4 });
    await apiError(kiosk.rate(t.id, 5), 409, 'ALREADY_RATED');
    await apiError(hall.admin.rate(t.id, 1), 409, 'ALREADY_RATED');
  });

  it('each level 1..5 is accepted once on its own ticket', async () => {
    const s = await newService();
    const c = await newCounter([s.id]);
    for (let level = 1; level <= 5; level++) {
      const t = await issue(s.id);
      await hall.admin.callNext(c.id);
      await hall.admin.complete(t.id);
      expect(await kiosk.rate(t.id, level)).toMatchObject({ ticketId: t.id, level });
    }
  });

  it('concurrent ratings of one ticket: exactly one succeeds', async () => {
    const s = await newService();
    const c = await newCounter([s.id]);
    const t = await issue(s.id);
    await hall.admin.callNext(c.id);
    await hall.admin.complete(t.id);
    const results = await Promise.allSettled(Array.from({ length: 10 }, (_, i) => kiosk.rate(t.id, (i % 5) + 1)));
    expect(results.filter((r) => r.status === 'fulfilled').length).toBe(1);
    for (const r of results) if (r.status === 'rejected') expect((r.reason as HallApiError).code).toBe('ALREADY_RATED');
  });
});
