// Walk-in issuing against opening hours, breaks, the last-ticket cut-off and the hall calendar (holidays, 调休,
// appointment-only rest days), and a prefix change waiting for the next hall day: the engine on a real SQLite file,
// the hall clock moved by the test.
import { createHmac, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { QueueEngine } from '../../core/engine.ts';
import { HallError } from '../../core/errors.ts';
import { calendarYear, parseCalendarCsv, parseCalendarJson, withCalendarYear } from '../../core/hall-calendar.ts';
import { DEFAULT_SETTINGS, type Actor, type HallSettings } from '../../core/model.ts';
import { defaultOrderingPolicy } from '../../core/ordering.ts';
import type { OpeningPeriod } from '../../core/time.ts';
import { openDatabase, type Db } from '../../db/database.ts';
import { SqliteQueueStore } from '../../db/queue-store.ts';

const manager: Actor = { kind: 'user', id: 'm1', role: 'manager', name: 'manager' };
const kiosk: Actor = { kind: 'device', id: 'k1', role: 'kiosk', name: 'kiosk 1' };
/** Shanghai local time → epoch ms. 2026-11-23 is a Monday, 2026-11-28 a Saturday. */
const at = (local: string) => Date.parse(`${local}:00+08:00`);

const WEEKDAYS = [1, 2, 3, 4, 5];
/** 09:00–12:00 and 13:30–17:00 on weekdays (the lunch break between), Saturday morning for appointments only. */
const HOURS: OpeningPeriod[] = [
  { weekdays: WEEKDAYS, from: '09:00', to: '12:00' },
  { weekdays: WEEKDAYS, from: '13:30', to: '17:00' },
  { weekdays: [6], from: '09:00', to: '12:00', appointmentsOnly: true },
];

let dir: string;
let db: Db;
let engine: QueueEngine;
let now: number;
let settings: HallSettings;

const run = <T>(fn: (t: number) => T): T => db.transaction(() => fn(now))();

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
  dir = mkdtempSync(join(tmpdir(), 'opening-'));
  db = openDatabase(join(dir, 'hall.sqlite'));
  settings = { ...DEFAULT_SETTINGS };
  now = at('2026-11-23T10:00');
  engine = new QueueEngine({
    store: new SqliteQueueStore(db),
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

const service = (extra: Partial<Parameters<QueueEngine['createService']>[0]> = {}) =>
  run((t) =>
    engine.createService({ code: `s-${randomUUID().slice(0, 8)}`, name: '社保卡补办', prefix: 'A', openingHours: HOURS, cutoffMinutes: 30, ...extra }, t),
  );

const issueAt = (local: string, serviceId: string) => {
  now = at(local);
  return run((t) => engine.issueTicket(kiosk, { serviceId }, t).ticket);
};

const refusedAt = (local: string, serviceId: string) => {
  now = at(local);
  return refusal(() => run((t) => engine.issueTicket(kiosk, { serviceId }, t)));
};

describe('opening hours, breaks and the cut-off', () => {
  it('takes tickets inside a period and refuses before opening, in the break, after the cut-off and after closing, naming the next opening', () => {
    const s = service();
    expect(issueAt('2026-11-23T10:00', s.id).number).toBe('A001');
    const cases: [string, string, string, string][] = [
      ['2026-11-23T08:30', 'SERVICE_CLOSED', 'before_opening', '2026-11-23T09:00'],
      ['2026-11-23T11:40', 'SERVICE_CLOSED', 'cut_off', '2026-11-23T13:30'],
      ['2026-11-23T12:30', 'SERVICE_CLOSED', 'break', '2026-11-23T13:30'],
      ['2026-11-23T16:31', 'SERVICE_CLOSED', 'cut_off', '2026-11-24T09:00'],
      ['2026-11-23T17:30', 'SERVICE_CLOSED', 'after_closing', '2026-11-24T09:00'],
      // Friday evening: the weekend has no walk-in hours, so Monday.
      ['2026-11-27T17:30', 'SERVICE_CLOSED', 'after_closing', '2026-11-30T09:00'],
      ['2026-11-29T10:00', 'SERVICE_CLOSED', 'closed_today', '2026-11-30T09:00'],
    ];
    for (const [time, code, reason, next] of cases) {
      const e = refusedAt(time, s.id);
      expect([time, e.status, e.code, e.details?.reason, e.details?.nextOpening]).toEqual([time, 409, code, reason, `${next}:00.000+08:00`]);
    }
    expect(issueAt('2026-11-23T11:29', s.id).number).toBe('A002');
    expect(issueAt('2026-11-23T13:30', s.id).number).toBe('A003');
  });

  it('shows the closure in the queue snapshot, so kiosks grey the tile and say when to come back', () => {
    const s = service();
    now = at('2026-11-23T12:30');
    const view = engine.queueSnapshot(now).services.find((x) => x.id === s.id)!;
    expect(view.open).toBe(false);
    expect(view.closure).toMatchObject({ code: 'SERVICE_CLOSED', reason: 'break', nextOpening: '2026-11-23T13:30:00.000+08:00' });
    now = at('2026-11-23T14:00');
    expect(engine.queueSnapshot(now).services.find((x) => x.id === s.id)).toMatchObject({ open: true, closure: null });
  });

  it('a service without opening hours takes tickets around the clock, but not on a holiday', () => {
    const s = service({ openingHours: null });
    expect(issueAt('2026-11-29T03:00', s.id).number).toBe('A001');
    settings = { ...settings, holidays: ['2026-11-30'], calendarNames: { '2026-11-30': '测试假日' } };
    const e = refusedAt('2026-11-30T10:00', s.id);
    expect([e.code, e.details?.reason, e.details?.holidayName, e.details?.nextOpening]).toEqual([
      'HALL_CLOSED',
      'holiday',
      '测试假日',
      '2026-12-01T00:00:00.000+08:00',
    ]);
  });
});

describe('the hall calendar', () => {
  it('a holiday closes the hall for walk-ins and names the next working day; the day after opens again', () => {
    const s = service();
    settings = { ...settings, holidays: ['2026-11-24', '2026-11-25'], calendarNames: { '2026-11-24': '国庆节' } };
    const e = refusedAt('2026-11-24T10:00', s.id);
    expect([e.status, e.code, e.details?.reason, e.details?.holidayName, e.details?.nextOpening]).toEqual([
      409,
      'HALL_CLOSED',
      'holiday',
      '国庆节',
      '2026-11-26T09:00:00.000+08:00',
    ]);
    expect(e.message).toContain('国庆节');
    // The evening before a holiday points past it.
    expect(refusedAt('2026-11-23T17:30', s.id).details?.nextOpening).toBe('2026-11-26T09:00:00.000+08:00');
    expect(issueAt('2026-11-26T09:00', s.id).number).toBe('A001');
  });

  it('a 调休 workday on a Saturday opens walk-ins with Monday’s hours instead of the appointment-only morning', () => {
    const s = service();
    expect(refusedAt('2026-11-28T10:00', s.id).code).toBe('APPOINTMENTS_ONLY');
    settings = { ...settings, extraWorkdays: ['2026-11-28'] };
    expect(issueAt('2026-11-28T10:00', s.id).number).toBe('A001');
    expect(refusedAt('2026-11-28T12:30', s.id).details?.reason).toBe('break');
    // Friday evening now points to the Saturday.
    expect(refusedAt('2026-11-27T17:30', s.id).details?.nextOpening).toBe('2026-11-28T09:00:00.000+08:00');
  });

  it('a rest day opened for appointments only refuses walk-ins with APPOINTMENTS_ONLY and checks appointments in', () => {
    const s = service();
    now = at('2026-11-27T10:00');
    run((t) =>
      engine.createAppointment(manager, { code: 'SAT-0001', serviceId: s.id, windowStart: at('2026-11-28T09:30'), windowEnd: at('2026-11-28T10:00') }, t),
    );
    const e = refusedAt('2026-11-28T09:20', s.id);
    expect([e.status, e.code, e.details?.reason, e.details?.nextOpening]).toEqual([
      409,
      'APPOINTMENTS_ONLY',
      'appointments_only',
      '2026-11-30T09:00:00.000+08:00',
    ]);
    const checkedIn = run((t) => engine.checkIn(kiosk, { code: 'SAT-0001' }, t)).ticket;
    expect(checkedIn).toMatchObject({ serviceId: s.id, status: 'waiting' });
  });

  it('reads a year from CSV and JSON, naming the bad line, and replaces only that year', () => {
    const csv = 'date,kind,name\n2027-10-01,holiday,国庆节\n2027-10-09,workday,国庆节调休\n';
    expect(parseCalendarCsv(csv, 2027)).toEqual([
      { date: '2027-10-01', kind: 'holiday', name: '国庆节' },
      { date: '2027-10-09', kind: 'workday', name: '国庆节调休' },
    ]);
    const cases: [string, string, string][] = [
      ['date,kind,name\n2027-10-01,holiday,国庆节\n2027-02-30,holiday,x', 'line 3', 'date'],
      ['2027-10-01,holiday,a\n2027-10-01,holiday,b', 'line 2', 'date'],
      ['2027-05-32,holiday,a', 'line 1', 'date'],
      ['2027-10-01,vacation,a', 'line 1', 'kind'],
      ['2026-10-01,holiday,a', 'line 1', 'date'],
      // 2027-10-12 is a Tuesday: a weekday needs no 调休.
      ['2027-10-12,workday,a', 'line 1', 'kind'],
    ];
    for (const [text, where, field] of cases) {
      const e = refusal(() => parseCalendarCsv(text, 2027));
      expect([e.status, e.message.startsWith(where), e.details?.field]).toEqual([400, true, field]);
    }
    const e = refusal(() =>
      parseCalendarJson(
        JSON.stringify([
          { date: '2027-01-01', kind: 'holiday', name: '元旦' },
          { date: '2027-1-2', kind: 'holiday' },
        ]),
        2027,
      ),
    );
    expect([e.message.startsWith('item 2'), e.details?.line]).toEqual([true, 2]);
    expect(refusal(() => parseCalendarJson('{oops', 2027)).status).toBe(400);

    const before = { holidays: ['2026-10-01', '2027-05-01'], extraWorkdays: ['2027-04-25'], calendarNames: { '2026-10-01': '国庆节', '2027-05-01': '劳动节' } };
    const after = withCalendarYear(before, 2027, parseCalendarCsv(csv, 2027));
    expect(after).toEqual({
      holidays: ['2026-10-01', '2027-10-01'],
      extraWorkdays: ['2027-10-09'],
      calendarNames: { '2026-10-01': '国庆节', '2027-10-01': '国庆节', '2027-10-09': '国庆节调休' },
    });
    expect(calendarYear(after, 2026)).toEqual([{ date: '2026-10-01', kind: 'holiday', name: '国庆节' }]);
  });
});

describe('service changes', () => {
  it('a prefix change keeps today’s numbers on the old prefix and starts the next hall day with the new one', () => {
    const s = service({ openingHours: null });
    expect(issueAt('2026-11-23T10:00', s.id).number).toBe('A001');
    const changed = run((t) => engine.updateService(s.id, { prefix: 'Q' }, t));
    expect([changed.prefix, changed.pendingPrefix]).toEqual(['A', { prefix: 'Q', from: '2026-11-24' }]);
    expect(issueAt('2026-11-23T10:05', s.id).number).toBe('A002');
    // Before the rollover has run, the new day's first ticket already carries the new prefix.
    expect(issueAt('2026-11-24T00:00', s.id).number).toBe('Q001');
    run((t) => engine.rollover(t));
    expect(engine.store.getService(s.id)).toMatchObject({ prefix: 'Q', pendingPrefix: null });
    // Changing it back the same day cancels the pending change.
    run((t) => engine.updateService(s.id, { prefix: 'R' }, t));
    expect(run((t) => engine.updateService(s.id, { prefix: 'Q' }, t)).pendingPrefix).toBeNull();
  });

  it('a lowered cap refuses the next ticket; a retired service refuses with SERVICE_INACTIVE', () => {
    const s = service({ openingHours: null, dailyCap: 10 });
    issueAt('2026-11-23T10:00', s.id);
    issueAt('2026-11-23T10:01', s.id);
    run((t) => engine.updateService(s.id, { dailyCap: 2 }, t));
    expect(refusedAt('2026-11-23T10:02', s.id).code).toBe('DAILY_CAP_REACHED');
    run((t) => engine.updateService(s.id, { active: false }, t));
    expect(refusedAt('2026-11-23T10:03', s.id).code).toBe('SERVICE_INACTIVE');
  });

  it('lists services in kiosk order', () => {
    const later = service({ openingHours: null, kioskOrder: 5, name: '后' });
    const first = service({ openingHours: null, kioskOrder: 1, name: '先', prefix: 'Z' });
    expect(engine.store.listServices().map((x) => x.id)).toEqual([first.id, later.id]);
  });
});
