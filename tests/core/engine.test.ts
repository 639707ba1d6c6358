// The queue engine's rules on a real SQLite file, with the hall clock under the test's control.
import { createHmac, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { QueueEngine } from '../../core/engine.ts';
import { HallError } from '../../core/errors.ts';
import { DEFAULT_SETTINGS, type Actor, type HallSettings } from '../../core/model.ts';
import { defaultOrderingPolicy } from '../../core/ordering.ts';
import { openDatabase, type Db } from '../../db/database.ts';
import { SqliteQueueStore } from '../../db/queue-store.ts';
import { makeIdNumber } from '../helpers/id-numbers.ts';

const manager: Actor = { kind: 'user', id: 'm1', role: 'manager', name: 'manager' };
const kiosk: Actor = { kind: 'device', id: 'k1', role: 'kiosk', name: 'kiosk 1' };
const staffA: Actor = { kind: 'user', id: 'sA', role: 'staff', name: 'A' };
const staffB: Actor = { kind: 'user', id: 'sB', role: 'staff', name: 'B' };

/** 2026-11-23 10:00 in Shanghai. */
const MORNING = Date.parse('2026-11-23T10:00:00+08:00');
const MIN = 60_000;

let dir: string;
let db: Db;
let engine: QueueEngine;
let store: SqliteQueueStore;
let now: number;
let settings: HallSettings;

/** One engine command in its own transaction, as the commit queue runs it. */
function run<T>(fn: (at: number) => T): T {
  return db.transaction(() => fn(now))();
}

function refusal(fn: () => unknown): HallError {
  try {
    fn();
  } catch (e) {
    if (e instanceof HallError) return e;
    throw e;
  }
  throw new Error('expected a refusal');
}

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'engine-'));
  db = openDatabase(join(dir, 'hall.sqlite'));
  store = new SqliteQueueStore(db);
  now = MORNING;
  settings = { ...DEFAULT_SETTINGS };
  engine = new QueueEngine({
    store,
    settings: () => settings,
    policy: () => defaultOrderingPolicy(settings.priorityRatio),
    hashPerson: (id) => createHmac('sha256', 'test-key').update(id).digest('hex'),
    newId: randomUUID,
  });
});

afterEach(() => {
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

function setupHall() {
  const a = run((at) => engine.createService({ code: 'biz', name: '企业开办', prefix: 'A' }, at));
  const a2 = run((at) => engine.createService({ code: 'biz-change', name: '企业变更', prefix: 'A' }, at));
  const b = run((at) => engine.createService({ code: 'estate', name: '不动产登记', prefix: 'B', dailyCap: 3 }, at));
  const c1 = run((at) => engine.createCounter({ number: 1, serviceIds: [a.id, a2.id] }, at));
  const c2 = run((at) => engine.createCounter({ number: 2, serviceIds: [a.id, b.id] }, at));
  return { a, a2, b, c1, c2 };
}

const issue = (serviceId: string, extra: Record<string, unknown> = {}) => {
  now += 1000;
  return run((at) => engine.issueTicket(kiosk, { serviceId, ...extra }, at).ticket);
};

describe('numbering', () => {
  it('keeps tickets issued in the same millisecond in issue order', () => {
    const { a, c1 } = setupHall();
    const numbers = Array.from({ length: 10 }, () => run((at) => engine.issueTicket(kiosk, { serviceId: a.id }, at).ticket.number));
    const called = numbers.map(() => run((at) => engine.callNext(manager, c1.id, at))!.number);
    expect(called).toEqual(numbers);
  });

  it('numbers per prefix per day, shared by services with one prefix, never repeated', () => {
    const { a, a2, b } = setupHall();
    expect([issue(a.id).number, issue(a2.id).number, issue(b.id).number, issue(a.id).number]).toEqual(['A001', 'A002', 'B001', 'A003']);
    const t = issue(a.id);
    run((at) => engine.cancel(manager, t.id, at));
    expect(issue(a.id).number).toBe('A005');
  });

  it('restarts at the hall local midnight, and yesterday’s waiting tickets end there', () => {
    const { a, c1 } = setupHall();
    const old = issue(a.id);
    issue(a.id);
    now = Date.parse('2026-11-23T23:59:58+08:00');
    expect(issue(a.id).number).toBe('A003');
    now = Date.parse('2026-11-24T00:00:01+08:00');
    expect(run((at) => engine.rollover(at)).cancelled).toBe(3);
    expect(store.getTicket(old.id)?.status).toBe('cancelled');
    expect(issue(a.id).number).toBe('A001');
    expect(run((at) => engine.callNext(manager, c1.id, at))?.number).toBe('A001');
    expect(run((at) => engine.callNext(manager, c1.id, at))).toBeNull();
  });

  it('follows the configured time zone for the day boundary', () => {
    settings = { ...settings, timeZone: 'Europe/Berlin' };
    const { a } = setupHall();
    now = Date.parse('2026-11-23T23:30:00+01:00');
    issue(a.id);
    now = Date.parse('2026-11-24T00:00:30+01:00');
    expect(issue(a.id).number).toBe('A001');
  });
});

describe('caps and per-person limits', () => {
  it('refuses past the daily cap with DAILY_CAP_REACHED', () => {
    const { b } = setupHall();
    for (let i = 0; i < 3; i++) issue(b.id);
    const e = refusal(() => issue(b.id));
    expect([e.status, e.code]).toEqual([409, 'DAILY_CAP_REACHED']);
  });

  it('allows N tickets per person per service per day, then PERSON_LIMIT_REACHED, and again tomorrow', () => {
    const { a, a2 } = setupHall();
    const id = makeIdNumber('1990-05-06');
    issue(a.id, { idCardNumber: id });
    issue(a.id, { idCardNumber: id.toLowerCase() });
    const e = refusal(() => issue(a.id, { idCardNumber: id }));
    expect([e.status, e.code]).toEqual([409, 'PERSON_LIMIT_REACHED']);
    expect(issue(a2.id, { idCardNumber: id }).number).toMatch(/^A/);
    now = Date.parse('2026-11-24T09:00:00+08:00');
    run((at) => engine.rollover(at));
    expect(issue(a.id, { idCardNumber: id }).status).toBe('waiting');
  });

  it('rejects a wrong ID number with a 400 naming the field', () => {
    const { a } = setupHall();
    const bad = makeIdNumber('1990-05-06').slice(0, 17) + '0';
    const good = makeIdNumber('1990-05-06');
    const e = refusal(() => issue(a.id, { idCardNumber: bad === good ? good.slice(0, 17) + '1' : bad }));
    expect([e.status, e.code, e.details?.field]).toEqual([400, 'VALIDATION_FAILED', 'idCardNumber']);
  });

  it('keeps only a keyed hash and masked forms of the ID number', () => {
    const { a } = setupHall();
    const id = makeIdNumber('1990-05-06');
    const t = issue(a.id, { idCardNumber: id, personName: '张小三' });
    const row = store.getTicket(t.id)!;
    expect(row.maskedIdNumber).toBe(id.slice(0, 4) + '*'.repeat(10) + id.slice(-4));
    expect(row.maskedName).toBe('张*三');
    expect(row.personHash).not.toContain(id);
    expect(JSON.stringify(db.prepare('SELECT * FROM events').all())).not.toContain(id);
  });

  it('forgets person hashes once their day is over', () => {
    const { a } = setupHall();
    const t = issue(a.id, { idCardNumber: makeIdNumber('1990-05-06') });
    now = Date.parse('2026-11-24T08:00:00+08:00');
    run((at) => engine.rollover(at));
    expect(store.getTicket(t.id)?.personHash).toBeNull();
    expect(store.getTicket(t.id)?.maskedIdNumber).toMatch(/\*{10}/);
  });
});

describe('priority', () => {
  it('gives priority to visitors at or over the elderly age, by their ID number', () => {
    const { a } = setupHall();
    expect(issue(a.id, { idCardNumber: makeIdNumber('1956-11-23') }).priorityReason).toBe('elderly');
    expect(issue(a.id, { idCardNumber: makeIdNumber('1956-11-24') }).priority).toBe(false);
    settings = { ...settings, elderlyAge: 60 };
    expect(issue(a.id, { idCardNumber: makeIdNumber('1966-11-23') }).priority).toBe(true);
  });

  it('interleaves priority and normal calls at the configured ratio', () => {
    const { a, c1 } = setupHall();
    settings = { ...settings, priorityRatio: { priority: 1, normal: 2 } };
    const normals = [issue(a.id), issue(a.id), issue(a.id), issue(a.id)].map((t) => t.number);
    const prios = [issue(a.id, { priority: 'disabled' }), issue(a.id, { priority: true })].map((t) => t.number);
    const calls = Array.from({ length: 6 }, () => run((at) => engine.callNext(manager, c1.id, at))!.number);
    expect(calls).toEqual([prios[0], normals[0], normals[1], prios[1], normals[2], normals[3]]);
  });
});

describe('counters', () => {
  it('calls only its services, and two counters never get the same ticket', () => {
    const { a, b, c1, c2 } = setupHall();
    const tb = issue(b.id);
    const ta = issue(a.id);
    expect(run((at) => engine.callNext(manager, c1.id, at))?.id).toBe(ta.id);
    expect(run((at) => engine.callNext(manager, c1.id, at))).toBeNull();
    expect(run((at) => engine.callNext(manager, c2.id, at))?.id).toBe(tb.id);
    expect(store.getTicket(ta.id)?.status).toBe('done');
  });

  it('calls nothing while paused, and resumes', () => {
    const { a, c1 } = setupHall();
    issue(a.id);
    run((at) => engine.pause(manager, c1.id, 'break', null, at));
    expect(refusal(() => run((at) => engine.callNext(manager, c1.id, at))).code).toBe('COUNTER_PAUSED');
    expect(store.waitingTickets(engine.today(now))).toHaveLength(1);
    run((at) => engine.resume(manager, c1.id, at));
    expect(run((at) => engine.callNext(manager, c1.id, at))?.number).toBe('A001');
  });

  it('lets staff work the counter they hold and no other', () => {
    const { a, c1, c2 } = setupHall();
    issue(a.id);
    issue(a.id);
    expect(refusal(() => run((at) => engine.callNext(staffA, c1.id, at))).code).toBe('NOT_SIGNED_IN');
    run((at) => engine.signIn(staffA, c1.id, at));
    const first = run((at) => engine.callNext(staffA, c1.id, at))!;
    expect(store.getCounter(c1.id)?.staffUserId).toBe(staffA.id);
    expect(refusal(() => run((at) => engine.callNext(staffB, c1.id, at))).status).toBe(403);
    expect(refusal(() => run((at) => engine.complete(staffB, first.id, at))).status).toBe(403);
    expect(refusal(() => run((at) => engine.signIn(staffB, c1.id, at))).code).toBe('COUNTER_TAKEN');
    run((at) => engine.signIn(staffA, c2.id, at));
    expect(store.getCounter(c1.id)?.staffUserId).toBeNull();
  });

  it('calls a specific waiting ticket out of order and records it', () => {
    const { a, c1 } = setupHall();
    issue(a.id);
    const later = issue(a.id);
    run((at) => engine.signIn(staffA, c1.id, at));
    expect(run((at) => engine.callTicket(staffA, c1.id, later.id, at)).id).toBe(later.id);
    const event = db.prepare("SELECT data FROM events WHERE type = 'ticket.called' ORDER BY seq DESC").get() as { data: string };
    expect(JSON.parse(event.data)).toMatchObject({ outOfOrder: true, calledBy: { id: staffA.id } });
    expect(refusal(() => run((at) => engine.callTicket(staffA, c1.id, later.id, at))).code).toBe('TICKET_NOT_WAITING');
  });
});

describe('transfers', () => {
  it('returns the ticket to waiting in the new service with its number and original place in time', () => {
    const { a, b, c1, c2 } = setupHall();
    const early = issue(a.id);
    const bLater = issue(b.id);
    run((at) => engine.callNext(manager, c1.id, at));
    now += 5 * MIN;
    const moved = run((at) => engine.transfer(manager, early.id, b.id, at));
    expect([moved.status, moved.number, moved.serviceId]).toEqual(['waiting', early.number, b.id]);
    expect(store.getCounter(c1.id)?.currentTicketId).toBeNull();
    // c2 serves A and B: the transferred ticket was issued first, so it goes before the later B ticket.
    expect(run((at) => engine.callNext(manager, c2.id, at))?.id).toBe(early.id);
    expect(run((at) => engine.callNext(manager, c2.id, at))?.id).toBe(bLater.id);
  });
});

describe('appointments', () => {
  const book = (serviceId: string, code: string, startOffsetMin: number, lengthMin = 30, idCardNumber?: string) =>
    run((at) =>
      engine.createAppointment(
        manager,
        { code, serviceId, windowStart: at + startOffsetMin * MIN, windowEnd: at + (startOffsetMin + lengthMin) * MIN, idCardNumber },
        at,
      ),
    );

  it('serves an on-time check-in before earlier normal tickets', () => {
    const { a, c1 } = setupHall();
    issue(a.id);
    issue(a.id);
    book(a.id, 'APT-0001', -5);
    const t = run((at) => engine.checkIn(kiosk, { code: 'APT-0001' }, at)).ticket;
    expect(t.appointment).toBe(true);
    expect(t.ahead).toBe(0);
    expect(run((at) => engine.callNext(manager, c1.id, at))?.id).toBe(t.id);
  });

  it('admits early check-in within the allowance but serves it first only from its window', () => {
    const { a, c1 } = setupHall();
    book(a.id, 'APT-0002', 30);
    const normal = issue(a.id);
    now += 1000;
    const t = run((at) => engine.checkIn(kiosk, { code: 'APT-0002' }, at)).ticket;
    expect(run((at) => engine.callNext(manager, c1.id, at))?.id).toBe(normal.id);
    issue(a.id);
    now += 31 * MIN;
    expect(run((at) => engine.callNext(manager, c1.id, at))?.id).toBe(t.id);
  });

  it('refuses too early, unknown, already used and expired codes with clear codes', () => {
    const { a } = setupHall();
    book(a.id, 'APT-EARLY', 180);
    expect(refusal(() => run((at) => engine.checkIn(kiosk, { code: 'APT-EARLY' }, at))).code).toBe('APPOINTMENT_TOO_EARLY');
    expect(refusal(() => run((at) => engine.checkIn(kiosk, { code: 'NOPE' }, at))).status).toBe(404);
    book(a.id, 'APT-USED', 0);
    run((at) => engine.checkIn(kiosk, { code: 'APT-USED' }, at));
    expect(refusal(() => run((at) => engine.checkIn(kiosk, { code: 'APT-USED' }, at))).code).toBe('APPOINTMENT_ALREADY_CHECKED_IN');
    book(a.id, 'APT-OLD', 10);
    now += 24 * 60 * MIN;
    expect(refusal(() => run((at) => engine.checkIn(kiosk, { code: 'APT-OLD' }, at))).code).toBe('APPOINTMENT_EXPIRED');
  });

  it('turns a late arrival into a normal ticket', () => {
    const { a } = setupHall();
    book(a.id, 'APT-LATE', 0, 30);
    now += 45 * MIN;
    const t = run((at) => engine.checkIn(kiosk, { code: 'APT-LATE' }, at)).ticket;
    expect([t.appointment, t.lateArrival, t.priority]).toEqual([false, true, false]);
  });

  it('checks in by the ID number the appointment was booked with', () => {
    const { a } = setupHall();
    const id = makeIdNumber('1985-01-02');
    book(a.id, 'APT-ID', 0, 30, id);
    const t = run((at) => engine.checkIn(kiosk, { idCardNumber: id }, at)).ticket;
    expect(t.appointment).toBe(true);
    expect(refusal(() => run((at) => engine.checkIn(kiosk, { idCardNumber: makeIdNumber('1985-01-03') }, at))).code).toBe('APPOINTMENT_NOT_FOUND');
  });
});

describe('wait estimate', () => {
  /** Serves `n` tickets of the service at counter c1, each taking `seconds`. */
  function serve(c1: string, n: number, seconds: number) {
    for (let i = 0; i < n; i++) {
      const called = run((at) => engine.callNext(staffA, c1, at))!;
      now += seconds * 1000;
      run((at) => engine.complete(staffA, called.id, at));
    }
  }

  it('is none while no counter is open for the service; then tickets ahead × seconds per ticket ÷ open counters', () => {
    const { a, a2, c1, c2 } = setupHall();
    expect(issue(a.id)).toMatchObject({ ahead: 0, estimatedWaitSeconds: null });
    expect(issue(a.id)).toMatchObject({ ahead: 1, estimatedWaitSeconds: null });
    run((at) => engine.signIn(staffA, c1.id, at));
    // The service's default (300 s) until the day has completions.
    expect(issue(a.id)).toMatchObject({ ahead: 2, estimatedWaitSeconds: 600 });
    run((at) => engine.signIn(staffB, c2.id, at));
    expect(issue(a.id)).toMatchObject({ ahead: 3, estimatedWaitSeconds: 450 });
    // A paused counter is staffed: it still counts.
    run((at) => engine.pause(staffB, c2.id, 'break', null, at));
    expect(issue(a.id)).toMatchObject({ ahead: 4, estimatedWaitSeconds: 600 });
    run((at) => engine.signOut(staffB, c2.id, at));
    expect(issue(a2.id)).toMatchObject({ ahead: 0, estimatedWaitSeconds: 0 });
  });

  it('is not wrecked by a few very quick completions: with people ahead it never says "no wait"', () => {
    const { a, c1 } = setupHall();
    run((at) => engine.signIn(staffA, c1.id, at));
    for (let i = 0; i < 40; i++) issue(a.id);
    // One quick completion at the start of the day: the default still dominates.
    serve(c1.id, 1, 2);
    const early = issue(a.id);
    expect(early.estimatedWaitSeconds! / early.ahead!).toBeGreaterThan(200);
    // Normal ones, then a burst of 2-second ones (tickets closed without service).
    serve(c1.id, 8, 240);
    serve(c1.id, 3, 2);
    const t = issue(a.id);
    expect(t.estimatedWaitSeconds! / t.ahead!).toBeGreaterThanOrEqual(200);
    expect(t.estimatedWaitSeconds! / t.ahead!).toBeLessThanOrEqual(300);
    // One very slow one does not blow it up either.
    serve(c1.id, 1, 3 * 3600);
    const slow = issue(a.id);
    expect(slow.estimatedWaitSeconds! / slow.ahead!).toBeLessThanOrEqual(300);
  });

  it('two people ahead after nothing but 2-second completions is still at least a minute, not "no wait"', () => {
    const { a, c1 } = setupHall();
    run((at) => engine.signIn(staffA, c1.id, at));
    for (let i = 0; i < 8; i++) issue(a.id);
    serve(c1.id, 6, 2);
    const t = issue(a.id);
    expect(t.ahead).toBe(2);
    expect(t.estimatedWaitSeconds).toBeGreaterThanOrEqual(60 * 2);
  });
});

describe('the text of an issued ticket', () => {
  it('is the ticket as JSON, and the ticket.issued event holds the same view without the estimate', () => {
    const { a, c1 } = setupHall();
    run((at) => engine.signIn(staffA, c1.id, at));
    issue(a.id);
    run((at) => engine.createAppointment(manager, { code: 'APT-J', serviceId: a.id, windowStart: at - MIN, windowEnd: at + 30 * MIN }, at));
    const results = [
      run((at) => engine.issueTicket(kiosk, { serviceId: a.id, idCardNumber: makeIdNumber('1940-01-01'), personName: '张三' }, at)),
      run((at) => engine.issueTicket(kiosk, { serviceId: a.id, priority: 'disabled', idempotency: { key: 'j-1', fingerprint: 'f' } }, at)),
      run((at) => engine.checkIn(kiosk, { code: 'APT-J' }, at)),
    ];
    const issued = db.prepare("SELECT data FROM events WHERE type = 'ticket.issued' ORDER BY seq DESC LIMIT 3").all() as { data: string }[];
    results.forEach((r, i) => {
      expect(r.ticketJson).toBe(JSON.stringify(r.ticket));
      const { ahead, estimatedWaitSeconds, ...view } = r.ticket;
      expect([typeof ahead, typeof estimatedWaitSeconds]).toEqual(['number', 'number']);
      expect(issued[results.length - 1 - i]!.data).toBe(JSON.stringify({ ticket: view }));
    });
    expect(results.some((r) => (r.ticket.ahead ?? 0) > 0 && (r.ticket.estimatedWaitSeconds ?? 0) > 0)).toBe(true);
    expect(results[0]!.ticket).toMatchObject({ priority: true, priorityReason: 'elderly', maskedName: '张*' });
    // A replay has no text of its own: the reply is built from the stored ticket.
    const replay = run((at) => engine.issueTicket(kiosk, { serviceId: a.id, priority: 'disabled', idempotency: { key: 'j-1', fingerprint: 'f' } }, at));
    expect(replay).toMatchObject({ replayed: true, ticket: { id: results[1]!.ticket.id } });
    expect(replay.ticketJson).toBeUndefined();
  });
});
