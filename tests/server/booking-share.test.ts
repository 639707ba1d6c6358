// The share of a service's daily cap reserved for appointments (预约, issue 14) holds against walk-ins: over a real hall
// server on loopback and its SQLite file, on the hall's clock (Asia/Shanghai). 2026-03-09 is a Monday.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { book, putAppointmentRules, type RulesInput } from '../../client/bookings-client.ts';
import type { HallClient } from '../../client/hall-client.ts';
import { apiError } from '../helpers/api-error.ts';
import { makeIdNumber, startTestHall, type TestHall } from '../helpers/hall.ts';

const local = (day: string, hhmm: string) => Date.parse(`${day}T${hhmm}:00+08:00`);
const slot = (hhmm: string) => new Date(local('2026-03-09', hhmm)).toISOString();
// Four one-hour slots; a share of 0.4 of a cap of 10 keeps 4 places, one a slot. Booking closes 30 min before a slot,
// so for the day's last slot (12:00) at 11:30: from then unbooked places go to walk-ins.
const RULES: RulesInput = {
  slotMinutes: 60,
  capacityPerSlot: 10,
  daysAhead: 5,
  open: [1, 2, 3, 4, 5].map((weekday) => ({ weekday, start: '09:00', end: '13:00' })),
  dailyCapShare: 0.4,
  closeBeforeMinutes: 30,
};

let serial = 0;
const visitor = () => ({ name: '张三', idCardNumber: makeIdNumber('1985-06-15', ++serial), phone: '13812345678' });

describe('walk-ins stop short of the places kept for appointments', () => {
  let hall: TestHall;
  let kiosk: HallClient;
  let n = 0;
  beforeAll(async () => {
    hall = await startTestHall({ now: local('2026-03-09', '08:00') });
    kiosk = hall.anon.withToken((await hall.admin.createDevice({ name: 'K', kind: 'kiosk' })).token);
  });
  afterAll(() => hall.close());

  async function sharedService() {
    hall.clock.set(local('2026-03-09', '08:00'));
    const i = ++n;
    const s = await hall.admin.createService({ code: `sh-${i}`, name: `预约事项${i}`, prefix: `S${String.fromCharCode(64 + i)}`, dailyCap: 10 });
    await putAppointmentRules(hall.admin, s.id, RULES);
    return s;
  }
  const walkIns = async (serviceId: string, count: number) => {
    for (let i = 0; i < count; i++) await kiosk.issueTicket({ serviceId });
  };
  const issued = (serviceId: string) => (hall.server.db.prepare('SELECT COUNT(*) AS n FROM tickets WHERE service_id = ?').get(serviceId) as { n: number }).n;

  it('cap 10, share 0.4: 6 walk-ins, then DAILY_CAP_REACHED naming the 4 kept; the 4 booked check in up to the full cap', async () => {
    const s = await sharedService();
    // The audit trail says what share the manager set.
    const audited = hall.server.db
      .prepare("SELECT detail FROM audit WHERE action = 'appointment.rules' AND target_id = ? ORDER BY seq DESC LIMIT 1")
      .pluck()
      .get(s.id) as string;
    expect(JSON.parse(audited)).toMatchObject({ dailyCapShare: RULES.dailyCapShare });
    const codes = [];
    for (const at of ['09:00', '10:00', '11:00', '12:00']) codes.push((await book(hall.anon, { serviceId: s.id, slotStart: slot(at), ...visitor() })).code);
    hall.clock.set(local('2026-03-09', '09:00'));
    await walkIns(s.id, 6);
    const refused = await apiError(kiosk.issueTicket({ serviceId: s.id }), 409, 'DAILY_CAP_REACHED');
    expect(refused.message).toMatch(/remaining 4 are kept for appointments: book online for another day/);
    expect(refused.details).toEqual({ dailyCap: 10, keptForAppointments: 4 });

    for (const [i, at] of ['09:00', '10:00', '11:00', '12:00'].entries()) {
      hall.clock.set(local('2026-03-09', at));
      expect(await kiosk.checkIn({ code: codes[i]! })).toMatchObject({ serviceId: s.id, appointment: true });
      // Every booked place is still kept: walk-ins stay refused as the appointments come in.
      await apiError(kiosk.issueTicket({ serviceId: s.id }), 409, 'DAILY_CAP_REACHED');
    }
    expect(issued(s.id)).toBe(10);
    const full = await apiError(kiosk.issueTicket({ serviceId: s.id }), 409, 'DAILY_CAP_REACHED');
    expect(full.details).toEqual({ dailyCap: 10 });
  });

  it('places nobody booked go to walk-ins when booking closes for the last slot; a booked place stays kept', async () => {
    const s = await sharedService();
    const b = await book(hall.anon, { serviceId: s.id, slotStart: slot('12:00'), ...visitor() });
    hall.clock.set(local('2026-03-09', '09:00'));
    await walkIns(s.id, 6);
    hall.clock.set(local('2026-03-09', '11:29'));
    await apiError(kiosk.issueTicket({ serviceId: s.id }), 409, 'DAILY_CAP_REACHED');
    hall.clock.set(local('2026-03-09', '11:30'));
    await walkIns(s.id, 3);
    const refused = await apiError(kiosk.issueTicket({ serviceId: s.id }), 409, 'DAILY_CAP_REACHED');
    expect(refused.details).toEqual({ dailyCap: 10, keptForAppointments: 1 });
    hall.clock.set(local('2026-03-09', '12:00'));
    expect(await kiosk.checkIn({ code: b.code })).toMatchObject({ appointment: true });
    expect(issued(s.id)).toBe(10);
  });

  it('an offline kiosk’s walk-in beyond the walk-in places is accepted, flagged, and counted; appointments still check in', async () => {
    const s = await sharedService();
    const b = await book(hall.anon, { serviceId: s.id, slotStart: slot('10:00'), ...visitor() });
    hall.clock.set(local('2026-03-09', '09:00'));
    await walkIns(s.id, 6);
    const lease = await kiosk.grantLease(s.id, 1);
    const { results } = await kiosk.pushOps([
      {
        seq: 1,
        kind: 'ticket.issue',
        ticketId: randomUUID(),
        serviceId: s.id,
        number: lease.firstNumber,
        issuedAt: new Date(local('2026-03-09', '09:05')).toISOString(),
      },
    ]);
    expect(results[0]).toMatchObject({ status: 'applied', flags: ['daily_cap_exceeded'] });
    expect(issued(s.id)).toBe(7);
    hall.clock.set(local('2026-03-09', '10:00'));
    expect(await kiosk.checkIn({ code: b.code })).toMatchObject({ appointment: true });
    await apiError(kiosk.issueTicket({ serviceId: s.id }), 409, 'DAILY_CAP_REACHED');
  });
});
