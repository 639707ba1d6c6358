// Online booking (预约, issue 14) over a real hall server on loopback and its SQLite file, on the hall's clock
// (Asia/Shanghai): capacity under concurrency, the person limit, the cancel deadline, holds, no-shows and the block,
// rate limits, the CSV import, closing a day, integrators and roles.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  appointmentSlots,
  appointmentsOn,
  book,
  bookableServices,
  bookingByCode,
  bookingsOn,
  cancelAppointment,
  cancelBooking,
  holdSlot,
  importBookings,
  moveAppointment,
  putAppointmentDay,
  putAppointmentRules,
  type RulesInput,
} from '../../client/bookings-client.ts';
import { startNoShowWatch } from '../../server/routes-bookings.ts';
import { apiError } from '../helpers/api-error.ts';
import { ADMIN_PASSWORD, sendJson, startTestHall, type TestHall } from '../helpers/hall.ts';
import { makeIdNumber } from '../helpers/id-numbers.ts';

/** Local (Asia/Shanghai) wall time as an instant. 2026-03-09 is a Monday. */
const local = (day: string, hhmm: string) => Date.parse(`${day}T${hhmm}:00+08:00`);
const slot = (day: string, hhmm: string) => new Date(local(day, hhmm)).toISOString();
const WEEKDAYS = [1, 2, 3, 4, 5].map((weekday) => ({ weekday, start: '09:00', end: '12:00' }));
const RULES: RulesInput = { slotMinutes: 30, capacityPerSlot: 10, daysAhead: 5, open: WEEKDAYS };

let serial = 0;
const visitor = (name = '张三') => ({ name, idCardNumber: makeIdNumber('1985-06-15', ++serial), phone: '13812345678' });

let svcSeq = 0;
async function bookableService(hall: TestHall, rules: Partial<RulesInput> = {}) {
  const n = ++svcSeq;
  const s = await hall.admin.createService({ code: `bk-${n}`, name: `预约事项${n}`, prefix: `B${String.fromCharCode(65 + (n % 26))}` });
  await putAppointmentRules(hall.admin, s.id, { ...RULES, ...rules });
  return s;
}

const eventsOf = (hall: TestHall, type: string) =>
  (hall.server.db.prepare('SELECT data FROM events WHERE type = ? ORDER BY seq').all(type) as { data: string }[]).map(
    (r) => JSON.parse(r.data) as { appointment: { code: string; status: string }; reason?: string; note?: string },
  );

async function relogin(hall: TestHall) {
  hall.admin.token = (await hall.anon.login('admin', ADMIN_PASSWORD)).token;
}

describe('booking on the hall clock', () => {
  let hall: TestHall;
  beforeAll(async () => {
    hall = await startTestHall({ now: local('2026-03-09', '08:00') });
  });
  afterAll(() => hall.close());

  it('50 bookings at once for 10 places: exactly 10 booked, 40 SLOT_FULL, nothing oversold', async () => {
    const s = await bookableService(hall);
    const results = await Promise.allSettled(
      Array.from({ length: 50 }, () => book(hall.anon, { serviceId: s.id, slotStart: slot('2026-03-10', '10:00'), ...visitor() })),
    );
    const booked = results.filter((r) => r.status === 'fulfilled');
    const refused = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    expect(booked).toHaveLength(10);
    expect(refused.map((r) => (r.reason as { code: string }).code)).toEqual(Array(40).fill('SLOT_FULL'));
    const stored = hall.server.db.prepare("SELECT COUNT(*) AS n FROM appointments WHERE service_id = ? AND status = 'booked'").get(s.id) as { n: number };
    expect(stored.n).toBe(10);
    const slots = await appointmentSlots(hall.anon, s.id, '2026-03-10');
    expect(slots.filter((x) => x.remaining === 0).map((x) => Date.parse(x.start))).toEqual([local('2026-03-10', '10:00')]);
    expect(slots).toHaveLength(6);
  });

  it('keeps only the hash and masked forms: no clear name, ID number or phone in the database file', async () => {
    const s = await bookableService(hall);
    const v = { name: '欧阳明月', idCardNumber: makeIdNumber('1972-02-02', 777), phone: '13987654321' };
    const b = await book(hall.anon, { serviceId: s.id, slotStart: slot('2026-03-11', '09:30'), ...v });
    expect(b).toMatchObject({ serviceId: s.id, status: 'booked', maskedName: '欧**月', phoneMasked: '139****4321' });
    expect(b.code).toMatch(/^[A-HJ-NP-Z2-9]{8}$/);
    expect([Date.parse(b.slotStart), Date.parse(b.slotEnd)]).toEqual([local('2026-03-11', '09:30'), local('2026-03-11', '10:00')]);
    await hall.server.writer.run('rollover', 90 * 86_400_000); // any write: the WAL is checkpointed into the file below
    const bytes = Buffer.concat(['hall.sqlite', 'hall.sqlite-wal'].map((f) => readFileSync(join(hall.dir, f), { flag: 'r' })));
    for (const clear of [v.idCardNumber, v.phone, v.name]) expect(bytes.includes(Buffer.from(clear)), clear).toBe(false);
    const row = hall.server.db.prepare('SELECT phone_sealed FROM appointments WHERE code = ?').get(b.code) as { phone_sealed: string };
    expect(row.phone_sealed).toMatch(/^v1\./);
  });

  it('one booking per person per service per day (PERSON_LIMIT_REACHED); another day or service is fine', async () => {
    const s = await bookableService(hall);
    const other = await bookableService(hall);
    const v = visitor();
    await book(hall.anon, { serviceId: s.id, slotStart: slot('2026-03-10', '09:00'), ...v });
    await apiError(book(hall.anon, { serviceId: s.id, slotStart: slot('2026-03-10', '11:00'), ...v }), 409, 'PERSON_LIMIT_REACHED');
    await book(hall.anon, { serviceId: s.id, slotStart: slot('2026-03-11', '09:00'), ...v });
    await book(hall.anon, { serviceId: other.id, slotStart: slot('2026-03-10', '11:00'), ...v });
  });

  it('checks the ID number and the phone, and the booking window: opens 5 working days ahead, closes 2 h before', async () => {
    const s = await bookableService(hall);
    const bad = { ...visitor(), idCardNumber: makeIdNumber('1985-06-15', 1).slice(0, 17) + 'Y' };
    await apiError(book(hall.anon, { serviceId: s.id, slotStart: slot('2026-03-10', '09:00'), ...bad }), 400, 'VALIDATION_FAILED');
    await apiError(book(hall.anon, { serviceId: s.id, slotStart: slot('2026-03-10', '09:00'), ...visitor(), phone: '12345' }), 400, 'VALIDATION_FAILED');
    // Monday 08:00: today's 09:30 slot closed at 07:30; today 10:30 is open; 5 working days ahead is next Monday.
    await apiError(book(hall.anon, { serviceId: s.id, slotStart: slot('2026-03-09', '09:30'), ...visitor() }), 409, 'BOOKING_CLOSED');
    await book(hall.anon, { serviceId: s.id, slotStart: slot('2026-03-09', '10:30'), ...visitor() });
    await book(hall.anon, { serviceId: s.id, slotStart: slot('2026-03-16', '09:00'), ...visitor() });
    await apiError(book(hall.anon, { serviceId: s.id, slotStart: slot('2026-03-17', '09:00'), ...visitor() }), 409, 'BOOKING_NOT_OPEN');
    await apiError(book(hall.anon, { serviceId: s.id, slotStart: slot('2026-03-10', '09:10'), ...visitor() }), 404, 'SLOT_NOT_FOUND');
    const listed = (await bookableServices(hall.anon)).find((x) => x.id === s.id)!;
    expect(listed.days).toEqual(['2026-03-09', '2026-03-10', '2026-03-11', '2026-03-12', '2026-03-13', '2026-03-16']);
  });

  it('rest-day slots for a service open by appointment only; none on a holiday; a 调休 workday keeps Monday’s', async () => {
    const s = await bookableService(hall, {
      open: [
        { weekday: 6, start: '09:00', end: '10:00' },
        { weekday: 1, start: '14:00', end: '15:00' },
      ],
    });
    expect((await appointmentSlots(hall.anon, s.id, '2026-03-14')).map((x) => x.start)).toHaveLength(2);
    expect(await appointmentSlots(hall.anon, s.id, '2026-03-15')).toEqual([]);
    await hall.admin.patchSettings({ holidays: ['2026-03-14'], extraWorkdays: ['2026-03-15'] });
    expect(await appointmentSlots(hall.anon, s.id, '2026-03-14')).toEqual([]);
    const sunday = await appointmentSlots(hall.anon, s.id, '2026-03-15');
    expect(sunday.map((x) => x.start.slice(11, 16))).toEqual(['14:00', '14:30']);
    await hall.admin.patchSettings({ holidays: [], extraWorkdays: [] });
  });

  it('cancels with the ID number until 2 h before the slot; then TOO_LATE_TO_CANCEL; the event says why', async () => {
    const s = await bookableService(hall);
    const v = visitor();
    const b = await book(hall.anon, { serviceId: s.id, slotStart: slot('2026-03-09', '11:30'), ...v });
    const lateVisitor = visitor();
    hall.clock.set(local('2026-03-09', '07:59'));
    const late = await book(hall.anon, { serviceId: s.id, slotStart: slot('2026-03-09', '10:00'), ...lateVisitor });
    await apiError(cancelBooking(hall.anon, b.code, makeIdNumber('1990-01-01', 5)), 403, 'BOOKING_PERSON_MISMATCH');
    const cancelled = await cancelBooking(hall.anon, b.code, v.idCardNumber);
    expect(cancelled.status).toBe('cancelled');
    expect((await bookingByCode(hall.anon, b.code)).status).toBe('cancelled');
    expect(eventsOf(hall, 'appointment.cancelled').at(-1)).toMatchObject({ appointment: { code: b.code }, reason: 'visitor' });
    // The 10:00 slot: cancellable until 08:00 sharp, not a millisecond later.
    hall.clock.set(local('2026-03-09', '08:00'));
    await apiError(cancelBooking(hall.anon, late.code, makeIdNumber('1990-01-01', 5)), 403, 'BOOKING_PERSON_MISMATCH');
    hall.clock.set(local('2026-03-09', '08:00') + 1);
    const refused = await apiError(cancelBooking(hall.anon, late.code, lateVisitor.idCardNumber), 409, 'TOO_LATE_TO_CANCEL');
    expect(refused.message).toMatch(/2 h/);
    hall.clock.set(local('2026-03-09', '08:00'));
  });

  it('a held place is kept while the form is filled, and freed when the hold expires', async () => {
    const s = await bookableService(hall, { capacityPerSlot: 1 });
    const at = slot('2026-03-10', '09:00');
    const hold = await holdSlot(hall.anon, s.id, at);
    expect(Date.parse(hold.expiresAt) - hall.clock.now).toBe(5 * 60_000);
    expect((await appointmentSlots(hall.anon, s.id, '2026-03-10'))[0]).toMatchObject({ capacity: 1, remaining: 0 });
    await apiError(book(hall.anon, { serviceId: s.id, slotStart: at, ...visitor() }), 409, 'SLOT_FULL');
    await apiError(holdSlot(hall.anon, s.id, at), 409, 'SLOT_FULL');
    hall.clock.advance(5 * 60_000);
    const other = await book(hall.anon, { serviceId: s.id, slotStart: at, ...visitor() });
    expect(other.status).toBe('booked');
    await apiError(book(hall.anon, { serviceId: s.id, slotStart: at, ...visitor(), holdId: hold.holdId }), 409, 'SLOT_FULL');
    // A live hold is its holder's place: the booking with it goes through although the slot is otherwise full.
    const next = slot('2026-03-10', '09:30');
    const mine = await holdSlot(hall.anon, s.id, next);
    await book(hall.anon, { serviceId: s.id, slotStart: next, ...visitor(), holdId: mine.holdId });
    hall.clock.set(local('2026-03-09', '08:00'));
  });

  it('a share of the daily cap reserved for appointments, spread over the day’s slots', async () => {
    const s = await hall.admin.createService({ code: 'bk-share', name: '共享名额', prefix: 'SH', dailyCap: 100 });
    await putAppointmentRules(hall.admin, s.id, { ...RULES, dailyCapShare: 0.3 });
    // 30 of 100 over six half-hour slots: 5 each.
    expect((await appointmentSlots(hall.anon, s.id, '2026-03-10')).map((x) => x.capacity)).toEqual(Array(6).fill(5));
    await hall.admin.updateService(s.id, { dailyCap: 40 });
    expect((await appointmentSlots(hall.anon, s.id, '2026-03-10')).map((x) => x.capacity)).toEqual(Array(6).fill(2));
    await putAppointmentDay(hall.admin, s.id, '2026-03-11', { closed: false, capacityPerSlot: 9 });
    expect((await appointmentSlots(hall.anon, s.id, '2026-03-11'))[0]!.capacity).toBe(9);
  });

  it('closing a day cancels its bookings with notice; a capacity change shows in the slots', async () => {
    const s = await bookableService(hall);
    const b = await book(hall.anon, { serviceId: s.id, slotStart: slot('2026-03-12', '09:00'), ...visitor() });
    await putAppointmentDay(hall.admin, s.id, '2026-03-11', { closed: false, capacityPerSlot: 3 });
    expect((await appointmentSlots(hall.anon, s.id, '2026-03-11')).map((x) => x.capacity)).toEqual(Array(6).fill(3));
    const closed = await putAppointmentDay(hall.admin, s.id, '2026-03-12', { closed: true, reason: '系统升级' });
    expect(closed.cancelled).toBe(1);
    expect((await bookingByCode(hall.anon, b.code)).status).toBe('cancelled');
    expect(eventsOf(hall, 'appointment.cancelled').at(-1)).toMatchObject({ appointment: { code: b.code }, reason: 'day_closed', note: '系统升级' });
    expect(await appointmentSlots(hall.anon, s.id, '2026-03-12')).toEqual([]);
    await apiError(book(hall.anon, { serviceId: s.id, slotStart: slot('2026-03-12', '09:00'), ...visitor() }), 409, 'DAY_CLOSED');
    await apiError(putAppointmentDay(hall.admin, s.id, '2026-03-13', { closed: true }), 400, 'VALIDATION_FAILED');
  });

  it('imports bookings from CSV: all lines or none, a bad line named', async () => {
    const s = await bookableService(hall, { capacityPerSlot: 1 });
    const code = `bk-${svcSeq}`;
    const before = (hall.server.db.prepare('SELECT COUNT(*) AS n FROM appointments').get() as { n: number }).n;
    const line = (when: string, seq: number) => `${code},${when},李四,${makeIdNumber('1970-01-01', seq)},13800001111`;
    const badId = `${code},2026-03-13 09:30,王五,${makeIdNumber('1970-01-01', 3).slice(0, 17)}X,13800001111`;
    const e1 = await apiError(importBookings(hall.admin, ['service,slotStart,name,idCardNumber,phone', line('2026-03-13 09:00', 1), badId].join('\n')), 400);
    expect(e1.message).toMatch(/: line 3:/);
    const e2 = await apiError(importBookings(hall.admin, [line('2026-03-13 09:00', 1), line('2026-03-13 09:00', 2)].join('\n')), 409, 'SLOT_FULL');
    expect(e2.message).toMatch(/: line 2:/);
    const e3 = await apiError(
      importBookings(hall.admin, [line('2026-03-13 09:00', 1), `nope,2026-03-13 09:30,赵六,${makeIdNumber('1970-01-01', 9)},13800001111`].join('\n')),
      400,
    );
    expect(e3.message).toMatch(/: line 2:/);
    expect((hall.server.db.prepare('SELECT COUNT(*) AS n FROM appointments').get() as { n: number }).n).toBe(before);
    // Another system may have booked beyond this hall's own booking window.
    const done = await importBookings(hall.admin, [line('2026-03-13 09:00', 1), line('2026-03-20T10:00:00+08:00', 2)].join('\r\n'));
    expect(done.imported).toBe(2);
    const listed = await bookingsOn(hall.admin, '2026-03-13', s.id);
    expect(listed.items.map((b) => [b.source, b.maskedName, b.phoneMasked])).toEqual([['import', '李*', '138****1111']]);
  });

  it('integrators list, move and cancel appointments; roles hold on every booking endpoint', async () => {
    const s = await bookableService(hall, { capacityPerSlot: 1 });
    const platform = hall.anon.withToken((await hall.admin.createDevice({ name: '预约平台', kind: 'integrator' })).token);
    const kiosk = hall.anon.withToken((await hall.admin.createDevice({ name: 'K', kind: 'kiosk' })).token);
    await platform.createAppointment({ code: 'PLT-7001', serviceId: s.id, windowStart: slot('2026-03-10', '09:00'), windowEnd: slot('2026-03-10', '09:30') });
    const b = await book(hall.anon, { serviceId: s.id, slotStart: slot('2026-03-10', '10:00'), ...visitor() });
    const listed = await appointmentsOn(platform, '2026-03-10', s.id);
    expect(listed.items.map((a) => [a.code, a.source])).toEqual([
      ['PLT-7001', 'integrator'],
      [b.code, 'phone'],
    ]);
    const id = listed.items[0]!.id;
    // The platform's own appointment into the full 10:00 slot is refused too: a slot is never oversold.
    await apiError(
      platform.createAppointment({ code: 'PLT-7002', serviceId: s.id, windowStart: slot('2026-03-10', '10:00'), windowEnd: slot('2026-03-10', '10:30') }),
      409,
      'SLOT_FULL',
    );
    await apiError(moveAppointment(platform, id, slot('2026-03-10', '10:00'), slot('2026-03-10', '10:30')), 409, 'SLOT_FULL');
    const moved = await moveAppointment(platform, id, slot('2026-03-10', '11:00'), slot('2026-03-10', '11:30'));
    expect(Date.parse(moved.slotStart)).toBe(local('2026-03-10', '11:00'));
    expect((await cancelAppointment(platform, id, '平台取消')).status).toBe('cancelled');
    expect(eventsOf(hall, 'appointment.cancelled').at(-1)).toMatchObject({ reason: 'integrator', note: '平台取消' });

    const staffUser = await hall.admin.createUser({ username: 'bk.staff', password: 'Bk-Staff-pw1', role: 'staff' });
    expect(staffUser.id).toBeTruthy();
    const staff = hall.anon.withToken((await hall.anon.login('bk.staff', 'Bk-Staff-pw1')).token);
    const rules = { ...RULES };
    for (const [who, token] of [
      ['kiosk', kiosk.token],
      ['staff', staff.token],
      ['integrator', platform.token],
    ] as const) {
      expect((await sendJson(hall, 'PUT', `/api/v1/services/${s.id}/appointment-rules`, rules, token)).status, who).toBe(403);
      expect((await sendJson(hall, 'PUT', `/api/v1/services/${s.id}/appointment-days/2026-03-11`, { closed: false }, token)).status, who).toBe(403);
      expect((await sendJson(hall, 'POST', '/api/v1/bookings/import', { content: 'x' }, token)).status, who).toBe(403);
      expect((await fetch(`${hall.url}/api/v1/bookings?date=2026-03-10`, { headers: { authorization: `Bearer ${token}` } })).status, who).toBe(403);
    }
    for (const token of [kiosk.token, staff.token]) {
      expect((await fetch(`${hall.url}/api/v1/appointments?date=2026-03-10`, { headers: { authorization: `Bearer ${token}` } })).status).toBe(403);
      expect((await sendJson(hall, 'POST', `/api/v1/appointments/${id}/cancel`, {}, token)).status).toBe(403);
    }
    expect((await sendJson(hall, 'PUT', `/api/v1/services/${s.id}/appointment-rules`, rules, null)).status).toBe(401);
    expect((await fetch(`${hall.url}/api/v1/appointments?date=2026-03-10`)).status).toBe(401);
  });

  it('a kiosk checks a booking in by its code: an appointment ticket, event appointment.checked_in', async () => {
    const s = await bookableService(hall);
    const kiosk = hall.anon.withToken((await hall.admin.createDevice({ name: 'K2', kind: 'kiosk' })).token);
    const v = visitor();
    const b = await book(hall.anon, { serviceId: s.id, slotStart: slot('2026-03-09', '11:00'), ...v });
    hall.clock.set(local('2026-03-09', '10:30'));
    const ticket = await kiosk.checkIn({ code: b.code });
    expect(ticket).toMatchObject({ serviceId: s.id, appointment: true, status: 'waiting' });
    expect((await bookingByCode(hall.anon, b.code)).status).toBe('checked_in');
    expect(eventsOf(hall, 'appointment.checked_in').length).toBeGreaterThan(0);
    hall.clock.set(local('2026-03-09', '08:00'));
  });
});

describe('no-shows', () => {
  let hall: TestHall;
  beforeAll(async () => {
    hall = await startTestHall({ now: local('2026-03-09', '07:00') });
  });
  afterAll(() => hall.close());

  it('a booking not checked in by its slot’s end and the late window is a no-show; 3 in 180 days block online booking for 30 days', async () => {
    const s = await bookableService(hall);
    const kiosk = hall.anon.withToken((await hall.admin.createDevice({ name: 'K', kind: 'kiosk' })).token);
    const watch = startNoShowWatch(hall.server.context, () => undefined);
    const v = visitor();
    const missed: string[] = [];
    for (const day of ['2026-03-09', '2026-03-10', '2026-03-11']) {
      hall.clock.set(local(day, '06:59'));
      await relogin(hall);
      const b = await book(hall.anon, { serviceId: s.id, slotStart: slot(day, '09:00'), ...v });
      missed.push(b.code);
      // 09:30 end + 15 min late window: not yet at 09:44, a no-show at 09:45.
      hall.clock.set(local(day, '09:44'));
      await watch.check();
      expect((await bookingByCode(hall.anon, b.code)).status).toBe('booked');
      hall.clock.set(local(day, '09:45'));
      await watch.check();
      expect((await bookingByCode(hall.anon, b.code)).status).toBe('no_show');
      await apiError(kiosk.checkIn({ code: b.code }), 409, 'APPOINTMENT_EXPIRED');
    }
    expect(eventsOf(hall, 'appointment.no_show').map((e) => e.appointment.code)).toEqual(missed);
    // Once their day has passed, the phones (sealed and masked) go at the rollover; the no-shows stay for the rule.
    hall.clock.set(local('2026-03-12', '00:01'));
    await hall.server.writer.run('rollover', 90 * 86_400_000);
    const phones = hall.server.db
      .prepare("SELECT COUNT(*) AS n FROM appointments WHERE day < '2026-03-12' AND (phone_sealed IS NOT NULL OR phone_masked IS NOT NULL)")
      .get() as { n: number };
    expect(phones.n).toBe(0);
    expect((hall.server.db.prepare('SELECT COUNT(*) AS n FROM booking_no_shows').get() as { n: number }).n).toBe(3);
    hall.clock.set(local('2026-03-12', '07:00'));
    const refused = await apiError(book(hall.anon, { serviceId: s.id, slotStart: slot('2026-03-12', '10:00'), ...v }), 409, 'BOOKING_BLOCKED');
    expect(refused.details).toEqual({ until: '2026-04-11' });
    // Another person books as before; the blocked one can still be booked by the hall (an import).
    await book(hall.anon, { serviceId: s.id, slotStart: slot('2026-03-12', '10:00'), ...visitor() });
    hall.clock.set(local('2026-04-10', '07:00'));
    await apiError(book(hall.anon, { serviceId: s.id, slotStart: slot('2026-04-10', '10:00'), ...v }), 409, 'BOOKING_BLOCKED');
    hall.clock.set(local('2026-04-13', '07:00'));
    const again = await book(hall.anon, { serviceId: s.id, slotStart: slot('2026-04-13', '10:00'), ...v });
    expect(again.status).toBe('booked');
    watch.stop();
  });
});

describe('rate limits', () => {
  let hall: TestHall;
  beforeAll(async () => {
    hall = await startTestHall({ now: local('2026-03-09', '07:00') });
  });
  afterAll(() => hall.close());

  it('a whole hall behind one address books 60 a minute; beyond the limit 429 with Retry-After; one person is limited too', async () => {
    const s = await bookableService(hall, { capacityPerSlot: 1000 });
    const at = slot('2026-03-10', '09:00');
    const post = (body: unknown) =>
      fetch(`${hall.url}/api/v1/bookings`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    // Three minutes at 60 a minute, one a second: every one booked.
    for (let i = 0; i < 180; i++) {
      const res = await post({ serviceId: s.id, slotStart: at, ...visitor() });
      expect(res.status, `booking ${i + 1}`).toBe(201);
      hall.clock.advance(1000);
    }
    // Then as fast as possible: the address's burst runs out.
    let refused: Response | null = null;
    for (let i = 0; i < 200 && !refused; i++) {
      const res = await post({ serviceId: s.id, slotStart: at, ...visitor() });
      if (res.status === 429) refused = res;
      else expect(res.status).toBe(201);
    }
    expect(refused).not.toBeNull();
    expect(Number(refused!.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(((await refused!.json()) as { error: { code: string } }).error.code).toBe('TOO_MANY_REQUESTS');
    hall.clock.advance(60_000);
    // One person trying again and again from anywhere: after 5 tries, 429 for that ID number.
    const v = visitor();
    const codes: number[] = [];
    for (let i = 0; i < 7; i++) codes.push((await post({ serviceId: s.id, slotStart: slot('2026-03-10', '10:00'), ...v })).status);
    expect(codes).toEqual([201, 409, 409, 409, 409, 429, 429]);
  });
});
