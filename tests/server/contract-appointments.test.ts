// Contract tests of the hall API on the hall's clock: appointments and their check-in, and the day rollover
// at the hall's local midnight (Asia/Shanghai: 16:00 UTC).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HallClient } from '../../client/hall-client.ts';
import { apiError } from '../helpers/api-error.ts';
import { ADMIN_PASSWORD, startTestHall, type TestHall } from '../helpers/hall.ts';
import { makeIdNumber } from '../helpers/id-numbers.ts';

/** Local (Asia/Shanghai) wall time of 2026-03-10 as an instant. */
const local = (hhmm: string, day = '2026-03-10') => Date.parse(`${day}T${hhmm}:00+08:00`);
const iso = (ms: number) => new Date(ms).toISOString();

let hall: TestHall;
let kiosk: HallClient;
let platform: HallClient;
let keySeq = 0;

async function issue(serviceId: string) {
  const t = await kiosk.issueTicket({ serviceId }, `a-${++keySeq}`);
  hall.clock.advance(1000);
  return t;
}

let svcSeq = 0;
async function newService(extra: { prefix?: string; dailyCap?: number } = {}) {
  const n = ++svcSeq;
  return hall.admin.createService({
    code: `ap-${n}`,
    name: `预约服务${n}`,
    prefix: extra.prefix ?? String.fromCharCode(65 + (n % 26)) + 'P',
    ...(extra.dailyCap ? { dailyCap: extra.dailyCap } : {}),
  });
}
let counterSeq = 0;
const newCounter = (serviceIds: string[]) => hall.admin.createCounter({ number: ++counterSeq, serviceIds });

/** The admin session lasts 12 h of hall time: sign in again after moving the clock a day. */
async function relogin(h: TestHall): Promise<void> {
  h.admin.token = (await h.anon.login('admin', ADMIN_PASSWORD)).token;
}

beforeAll(async () => {
  hall = await startTestHall({ now: local('09:00') });
  kiosk = hall.anon.withToken((await hall.admin.createDevice({ name: 'Kiosk', kind: 'kiosk' })).token);
  platform = hall.anon.withToken((await hall.admin.createDevice({ name: '预约平台', kind: 'integrator' })).token);
});

afterAll(async () => {
  await hall?.close();
});

describe('POST /api/v1/appointments', () => {
  it('201 for a manager or an integrator device; 403 for kiosk and staff; 401 without a token', async () => {
    const s = await newService();
    const body = (code: string) => ({ code, serviceId: s.id, windowStart: iso(local('10:00')), windowEnd: iso(local('10:30')) });
    const a = await hall.admin.createAppointment(body('MGR-0001'));
    expect(a).toMatchObject({ code: 'MGR-0001', status: 'booked' });
    expect(typeof a.id).toBe('string');
    const b = await platform.createAppointment({ ...body('PLT-0001'), idCardNumber: makeIdNumber('1980-01-01', 11), personName: '赵六' });
    expect(b).toMatchObject({ code: 'PLT-0001', status: 'booked', serviceId: s.id, maskedName: '赵*' });
    expect((b as { windowStart?: string }).windowStart).toMatch(/\+08:00$/);
    await apiError(kiosk.createAppointment(body('KSK-0001')), 403, 'FORBIDDEN');
    await hall.admin.createUser({ username: 'appt-staff', password: 'appt-staff-pw', role: 'staff' });
    const staff = hall.anon.withToken((await hall.anon.login('appt-staff', 'appt-staff-pw')).token);
    await apiError(staff.createAppointment(body('STF-0001')), 403, 'FORBIDDEN');
    await apiError(hall.anon.createAppointment(body('ANO-0001')), 401, 'UNAUTHENTICATED');
  });

  it('404 for an unknown service, 409 for a taken code, 400 naming the field', async () => {
    const s = await newService();
    const good = { code: 'VAL-0001', serviceId: s.id, windowStart: iso(local('11:00')), windowEnd: iso(local('11:30')) };
    await apiError(platform.createAppointment({ ...good, serviceId: 'no-such-service' }), 404);
    await platform.createAppointment(good);
    await apiError(platform.createAppointment(good), 409, 'APPOINTMENT_CODE_TAKEN');
    const cases: [Record<string, unknown>, string][] = [
      [{ ...good, code: 'VAL-0002', windowEnd: iso(local('10:00')) }, 'windowEnd'],
      [{ ...good, code: 'VAL-0003', windowStart: 'tomorrow at ten' }, 'windowStart'],
      [{ ...good, code: 'VAL-0004', windowStart: '2026-03-10T10:00:00' }, 'windowStart'],
      [{ ...good, code: 'x' }, 'code'],
      [{ ...good, code: 'VAL-0005', idCardNumber: '110101199003071234' }, 'idCardNumber'],
    ];
    for (const [body, field] of cases) {
      const e = await apiError(platform.request('POST', '/api/v1/appointments', body), 400, 'VALIDATION_FAILED');
      expect(e.details?.field, JSON.stringify(body)).toBe(field);
    }
  });
});

describe('check-in', () => {
  it('on time, by code on POST /tickets: an appointment ticket called before earlier normal tickets', async () => {
    hall.clock.set(local('09:20'));
    const s = await newService();
    const c = await newCounter([s.id]);
    await platform.createAppointment({ code: 'ONTIME-01', serviceId: s.id, windowStart: iso(local('09:30')), windowEnd: iso(local('10:00')) });
    const n1 = await issue(s.id);
    const n2 = await issue(s.id);
    hall.clock.set(local('09:35'));
    const t = await kiosk.issueTicket({ serviceId: s.id, appointmentCode: 'ONTIME-01' }, 'ontime-key');
    hall.clock.advance(1000);
    expect(t).toMatchObject({ status: 'waiting', appointment: true, lateArrival: false, serviceId: s.id, ahead: 0 });
    expect((await kiosk.ticket(n1.id)).ahead).toBe(1);
    const order = [];
    for (let i = 0; i < 3; i++) order.push((await hall.admin.callNext(c.id)).ticket!.id);
    expect(order).toEqual([t.id, n1.id, n2.id]);
  });

  it('POST /appointments/check-in by code and by ID number gives the ticket', async () => {
    hall.clock.set(local('12:50'));
    const s = await newService();
    const id = makeIdNumber('1985-05-05', 55);
    await platform.createAppointment({ code: 'BYCODE-01', serviceId: s.id, windowStart: iso(local('13:00')), windowEnd: iso(local('13:30')) });
    await platform.createAppointment({
      code: 'BYID-0001',
      serviceId: s.id,
      windowStart: iso(local('13:00')),
      windowEnd: iso(local('13:30')),
      idCardNumber: id,
    });
    const res = await fetch(`${hall.url}/api/v1/appointments/check-in`, {
      method: 'POST',
      headers: { authorization: `Bearer ${kiosk.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ code: 'BYCODE-01' }),
    });
    expect(res.status).toBe(201);
    const byCode = (await res.json()) as { id: string; status: string; appointment: boolean; serviceId: string };
    expect(byCode).toMatchObject({ status: 'waiting', appointment: true, serviceId: s.id });
    const byId = await kiosk.checkIn({ idCardNumber: id });
    expect(byId).toMatchObject({ status: 'waiting', appointment: true, serviceId: s.id, maskedIdNumber: `${id.slice(0, 4)}**********${id.slice(-4)}` });
    expect(byId.id).not.toBe(byCode.id);
    await apiError(kiosk.checkIn({ idCardNumber: id }), 404, 'APPOINTMENT_NOT_FOUND');
    const v = await apiError(kiosk.request('POST', '/api/v1/appointments/check-in', {}), 400, 'VALIDATION_FAILED');
    expect(v.details?.field).toBe('code');
    await apiError(kiosk.checkIn({ idCardNumber: '110101199003071234' }), 400, 'VALIDATION_FAILED');
  });

  it('late arrival gets a normal ticket with lateArrival: true, queued by its own time', async () => {
    hall.clock.set(local('14:00'));
    const s = await newService();
    const c = await newCounter([s.id]);
    await platform.createAppointment({ code: 'LATE-0001', serviceId: s.id, windowStart: iso(local('14:10')), windowEnd: iso(local('14:30')) });
    const n1 = await issue(s.id);
    hall.clock.set(local('14:45'));
    const late = await kiosk.checkIn({ code: 'LATE-0001' });
    hall.clock.advance(1000);
    expect(late).toMatchObject({ status: 'waiting', appointment: false, lateArrival: true });
    const n2 = await issue(s.id);
    const order = [];
    for (let i = 0; i < 3; i++) order.push((await hall.admin.callNext(c.id)).ticket!.id);
    expect(order).toEqual([n1.id, late.id, n2.id]);
  });

  it('unknown code 404; already checked in 409; too early, another day and another service 409', async () => {
    hall.clock.set(local('15:00'));
    const s = await newService();
    const other = await newService();
    await apiError(kiosk.issueTicket({ serviceId: s.id, appointmentCode: 'NOPE-0000' }, 'unknown-code'), 404, 'APPOINTMENT_NOT_FOUND');
    await apiError(kiosk.checkIn({ code: 'NOPE-0000' }), 404, 'APPOINTMENT_NOT_FOUND');
    await platform.createAppointment({ code: 'TWICE-001', serviceId: s.id, windowStart: iso(local('15:00')), windowEnd: iso(local('15:30')) });
    const first = await kiosk.checkIn({ code: 'TWICE-001' });
    const again = await apiError(kiosk.checkIn({ code: 'TWICE-001' }), 409, 'APPOINTMENT_ALREADY_CHECKED_IN');
    expect(again.details?.ticketId).toBe(first.id);
    await apiError(kiosk.issueTicket({ serviceId: s.id, appointmentCode: 'TWICE-001' }, 'twice-key'), 409, 'APPOINTMENT_ALREADY_CHECKED_IN');
    await platform.createAppointment({ code: 'EARLY-001', serviceId: s.id, windowStart: iso(local('17:00')), windowEnd: iso(local('17:30')) });
    await apiError(kiosk.checkIn({ code: 'EARLY-001' }), 409, 'APPOINTMENT_TOO_EARLY');
    await platform.createAppointment({
      code: 'TMRW-0001',
      serviceId: s.id,
      windowStart: iso(local('10:00', '2026-03-11')),
      windowEnd: iso(local('10:30', '2026-03-11')),
    });
    await apiError(kiosk.checkIn({ code: 'TMRW-0001' }), 409, 'APPOINTMENT_NOT_TODAY');
    await platform.createAppointment({ code: 'OTHER-001', serviceId: other.id, windowStart: iso(local('15:00')), windowEnd: iso(local('15:30')) });
    await apiError(kiosk.issueTicket({ serviceId: s.id, appointmentCode: 'OTHER-001' }, 'other-key'), 409);
    expect((await kiosk.checkIn({ code: 'OTHER-001' })).serviceId).toBe(other.id);
  });

  it('an appointment booked with an ID number is refused to another ID card (409) and given to its own', async () => {
    hall.clock.set(local('15:40'));
    const s = await newService();
    const owner = makeIdNumber('1992-02-02', 21);
    const stranger = makeIdNumber('1992-02-02', 22);
    await platform.createAppointment({
      code: 'OWNED-001',
      serviceId: s.id,
      windowStart: iso(local('15:30')),
      windowEnd: iso(local('16:00')),
      idCardNumber: owner,
    });
    await apiError(kiosk.checkIn({ code: 'OWNED-001', idCardNumber: stranger }), 409, 'APPOINTMENT_PERSON_MISMATCH');
    await apiError(
      kiosk.issueTicket({ serviceId: s.id, appointmentCode: 'OWNED-001', idCardNumber: stranger }, 'stranger-key'),
      409,
      'APPOINTMENT_PERSON_MISMATCH',
    );
    const t = await kiosk.checkIn({ code: 'OWNED-001', idCardNumber: owner });
    expect(t).toMatchObject({ appointment: true, maskedIdNumber: `${owner.slice(0, 4)}**********${owner.slice(-4)}` });
  });

  it("yesterday's appointment is expired the next day: 409", async () => {
    hall.clock.set(local('16:00'));
    const s = await newService();
    await platform.createAppointment({ code: 'YDAY-0001', serviceId: s.id, windowStart: iso(local('16:30')), windowEnd: iso(local('17:00')) });
    hall.clock.set(local('09:00', '2026-03-11'));
    await apiError(kiosk.checkIn({ code: 'YDAY-0001' }), 409, 'APPOINTMENT_EXPIRED');
    await apiError(kiosk.issueTicket({ serviceId: s.id, appointmentCode: 'YDAY-0001' }, 'yday-key'), 409, 'APPOINTMENT_EXPIRED');
    await relogin(hall);
  });
});

describe('day rollover at the hall midnight', () => {
  it("numbers restart at 00:00 Asia/Shanghai (16:00 UTC); yesterday's waiting tickets are not called today", async () => {
    const h = await startTestHall({ now: Date.parse('2026-03-10T15:58:00Z') });
    try {
      const k = h.anon.withToken((await h.admin.createDevice({ name: 'k', kind: 'kiosk' })).token);
      const s = await h.admin.createService({ code: 'roll', name: '跨日', prefix: 'A', dailyCap: 3 });
      const c = await h.admin.createCounter({ number: 1, serviceIds: [s.id] });
      const id = makeIdNumber('1970-07-07', 70);
      const y1 = await k.issueTicket({ serviceId: s.id, idCardNumber: id }, 'r1');
      h.clock.advance(1000);
      const y2 = await k.issueTicket({ serviceId: s.id, idCardNumber: id }, 'r2');
      h.clock.set(Date.parse('2026-03-10T15:59:59.999Z'));
      const y3 = await k.issueTicket({ serviceId: s.id }, 'r3');
      expect([y1.number, y2.number, y3.number]).toEqual(['A001', 'A002', 'A003']);
      expect(y3.issuedAt).toBe('2026-03-10T23:59:59.999+08:00');
      await apiError(k.issueTicket({ serviceId: s.id }, 'r4'), 409, 'DAILY_CAP_REACHED');

      h.clock.set(Date.parse('2026-03-10T16:00:00.000Z'));
      const t1 = await k.issueTicket({ serviceId: s.id, idCardNumber: id }, 'r5');
      expect(t1.number).toBe('A001');
      expect(t1.issuedAt).toBe('2026-03-11T00:00:00.000+08:00');
      expect(t1.ahead).toBe(0);
      h.clock.advance(1000);
      // The person limit and the daily cap are per day too.
      const t2 = await k.issueTicket({ serviceId: s.id, idCardNumber: id }, 'r6');
      expect(t2.number).toBe('A002');
      h.clock.advance(1000);
      expect((await k.queue()).services.find((x) => x.id === s.id)!.waiting).toBe(2);

      expect((await h.admin.callNext(c.id)).ticket!.id).toBe(t1.id);
      expect((await h.admin.callNext(c.id)).ticket!.id).toBe(t2.id);
      expect(await h.admin.callNext(c.id)).toEqual({ ticket: null });
      for (const y of [y1, y2, y3]) {
        const read = await h.admin.ticket(y.id);
        expect(['waiting', 'cancelled']).toContain(read.status);
        expect(read.counterId).toBeNull();
        const e = await apiError(h.admin.callTicket(c.id, y.id), 409);
        expect(e.code).toBe('TICKET_NOT_WAITING');
      }
      expect((await h.admin.waitingTickets([s.id])).map((t) => t.id)).toEqual([]);
    } finally {
      await h.close();
    }
  });

  it("a restart on a later day ends yesterday's open tickets", async () => {
    const { mkdtempSync, rmSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const dir = mkdtempSync(join(tmpdir(), 'hall-roll-'));
    try {
      const day1 = await startTestHall({ dir, now: local('10:00') });
      const s = await day1.admin.createService({ code: 'r2', name: '重启', prefix: 'B' });
      const c = await day1.admin.createCounter({ number: 1, serviceIds: [s.id] });
      const waiting = await day1.admin.issueTicket({ serviceId: s.id });
      day1.clock.advance(1000);
      const called = await day1.admin.issueTicket({ serviceId: s.id });
      await day1.admin.callTicket(c.id, called.id);
      await day1.close();
      const day2 = await startTestHall({ dir, now: local('08:00', '2026-03-11') });
      try {
        expect((await day2.admin.ticket(waiting.id)).status).toBe('cancelled');
        expect((await day2.admin.ticket(called.id)).status).toBe('done');
        const q = await day2.admin.queue();
        expect(q.counters.find((x) => x.id === c.id)!.current).toBeNull();
        expect((await day2.admin.issueTicket({ serviceId: s.id })).number).toBe('B001');
      } finally {
        await day2.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
