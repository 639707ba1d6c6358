// Reports over HTTP on a small hall: the contract's summary fields, a day across midnight, a holiday, an empty period,
// a service renamed mid-period, CSV and XLSX read back, staff time, permissions and bad parameters.
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { HallClient } from '../../client/hall-client.ts';
import { SUMMARY_CSV_HEADER } from '../../core/reports.ts';
import Database from 'better-sqlite3';
import { join } from 'node:path';
import { rollUpDay, rollUpEndedDays } from '../../db/report-store.ts';
import { ADMIN_PASSWORD, startTestHall, type TestHall } from '../helpers/hall.ts';

// Answers are read as loose JSON on purpose: the test checks them field by field against its own computation.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Loose = any;

/** Monday 2026-11-23, 09:00 in Shanghai (01:00 UTC). */
const MONDAY = Date.parse('2026-11-23T09:00:00+08:00');
let hall: TestHall;
let staff: HallClient;
let staffId: string;
let kiosk: HallClient;
let kioskToken: string;
let svc: { a: string; b: string };
let c1: string;

async function get(path: string, token: string | null | undefined = hall.admin.token): Promise<Response> {
  return fetch(`${hall.url}${path}`, { headers: token ? { authorization: `Bearer ${token}` } : {} });
}
async function summary(query: string) {
  const res = await get(`/api/v1/reports/summary?${query}`);
  expect(res.status, await res.clone().text()).toBe(200);
  return (await res.json()) as { rows: Loose[]; total: Loose; groupBy: string; from: string; to: string };
}

/** Moves the clock; sessions last 12 h, so the manager and the clerk sign in again later on. */
let signedInAt = MONDAY;
async function setClock(at: number): Promise<void> {
  hall.clock.set(at);
  if (at - signedInAt < 11 * 3_600_000) return;
  signedInAt = at;
  hall.admin = hall.anon.withToken((await hall.anon.login('admin', ADMIN_PASSWORD)).token);
  staff = hall.anon.withToken((await hall.anon.login('wang', 'staff-password')).token);
}

/** Issues at `at`, called `waitS` later, completed `serviceS` after that; returns the ticket id. */
async function visit(serviceId: string, at: number, waitS: number, serviceS: number, rating?: number): Promise<string> {
  await setClock(at);
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
  signedInAt = MONDAY;
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
        for (const k of ['key', 'label', 'issued', 'served', 'noShow', 'cancelled', 'waitSeconds', 'serviceSeconds', 'serviceLevel', 'ratings'])
          expect(r).toHaveProperty(k);
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

/** What the writer does at a day's end, from a second connection to the hall's file (WAL): roll up every ended day. */
function rollUp(today: string): string[] {
  const db = new Database(join(hall.dir, 'hall.sqlite'));
  db.pragma('busy_timeout = 5000');
  try {
    return db.transaction(() => rollUpEndedDays(db, today, 'Asia/Shanghai', hall.clock.now))();
  } finally {
    db.close();
  }
}

const parseCsv = (text: string, o: { bom?: boolean } = {}): string[][] => parse(text, { relaxColumnCount: true, ...o });

const csvColumns = (r: Loose) => [
  r.key,
  r.label,
  r.issued,
  r.served,
  r.noShow,
  r.cancelled,
  r.waitSeconds.mean,
  r.waitSeconds.p50,
  r.waitSeconds.p90,
  r.serviceSeconds.mean,
  r.serviceSeconds.p50,
  r.serviceSeconds.p90,
  r.serviceLevel,
  r.ratings.count,
  r.ratings.satisfaction,
];

describe('days, holidays and names', () => {
  it('puts tickets in the hall-local day and hour across midnight, rolled up or live alike', async () => {
    // Monday 23:50 in Shanghai (15:50 UTC): still waiting at midnight, so the day's end cancels it.
    await setClock(Date.parse('2026-11-23T23:50:00+08:00'));
    await kiosk.issueTicket({ serviceId: svc.b });
    // Wednesday 07:30 in Shanghai is Tuesday 23:30 UTC: it is Wednesday's ticket (Tuesday is a holiday, nobody came).
    await visit(svc.b, Date.parse('2026-11-25T07:30:00+08:00'), 120, 300);
    const q = 'from=2026-11-23&to=2026-11-25';
    const live = { day: await summary(`${q}&groupBy=day`), hour: await summary(`${q}&groupBy=hour`) };
    expect(live.day.rows.map((r) => [r.key, r.issued, r.served])).toEqual([
      ['2026-11-23', 1, 0],
      ['2026-11-25', 1, 1],
    ]);
    expect(live.day.rows[1].label).toBe('2026-11-25 周三');
    expect(live.hour.rows.map((r) => [r.key, r.issued])).toEqual([
      ['07', 1],
      ['23', 1],
    ]);
    expect(live.hour.rows[0].label).toBe('07:00–08:00');
    // The day rolls over: Monday's open ticket is cancelled by the writer... here the roll-up alone runs, from the file.
    expect(rollUp('2026-11-25')).toEqual(['2026-11-23', '2026-11-24']);
    const rolled = { day: await summary(`${q}&groupBy=day`), hour: await summary(`${q}&groupBy=hour`) };
    expect(rolled).toEqual(live);
    // The holiday has no row and an empty report of its own.
    const holiday = await summary('from=2026-11-24&to=2026-11-24&groupBy=service');
    expect(holiday.rows).toEqual([]);
    expect(holiday.total.issued).toBe(0);
  });

  it('counts a rating given on a closed day on that day, rolled up or live', async () => {
    const id = await visit(svc.a, Date.parse('2026-11-23T16:00:00+08:00'), 60, 120);
    // The visitor rates from the phone page on Tuesday, the holiday: no ticket that day, one rating.
    await setClock(Date.parse('2026-11-24T20:00:00+08:00'));
    await kiosk.rate(id, 4);
    const q = 'from=2026-11-23&to=2026-11-24&groupBy=day';
    const live = await summary(q);
    expect(live.rows.map((r) => [r.key, r.issued, r.ratings.count])).toEqual([
      ['2026-11-23', 1, 0],
      ['2026-11-24', 0, 1],
    ]);
    await setClock(Date.parse('2026-11-25T09:00:00+08:00'));
    rollUp('2026-11-25');
    expect(await summary(q)).toEqual(live);
  });

  it('reads a whole month from its month cells with the same figures as its days, also after a day is rolled up again', async () => {
    await visit(svc.a, Date.parse('2026-11-02T10:00:00+08:00'), 60, 120, 5);
    await visit(svc.b, Date.parse('2026-11-30T10:00:00+08:00'), 900, 300, 2);
    await visit(svc.a, Date.parse('2026-12-01T10:00:00+08:00'), 30, 60, 4);
    await setClock(Date.parse('2026-12-02T10:00:00+08:00'));
    const q = 'from=2026-10-31&to=2026-12-01&groupBy=service';
    const live = await summary(q);
    expect(live.total.issued).toBe(3);
    expect(rollUp('2026-12-02')).toHaveLength(30);
    const db = new Database(join(hall.dir, 'hall.sqlite'));
    const monthCells = () => db.prepare("SELECT COUNT(*) FROM report_cells WHERE grain = 'mds' AND day = '2026-11'").pluck().get();
    expect(monthCells()).toBe(2);
    expect(await summary(q)).toEqual(live);
    db.transaction(() => rollUpDay(db, '2026-11-30', 'Asia/Shanghai', hall.clock.now))();
    expect(monthCells()).toBe(2);
    db.close();
    expect(await summary(q)).toEqual(live);
    expect((await summary('from=2026-11-01&to=2026-11-30&groupBy=day')).rows.map((r) => r.key)).toEqual(['2026-11-02', '2026-11-30']);
  });

  it('counts a bad rating followed up by its due working day (past the holiday) as on time', async () => {
    await hall.admin.updateSettings({ followUpWorkingDays: 1 });
    const id = await visit(svc.a, MONDAY, 60, 120, 1);
    const [followUp] = await hall.admin.followUps('open');
    // One working day after Monday, Tuesday being a holiday: Wednesday.
    expect(followUp).toMatchObject({ ticketId: id, dueDay: '2026-11-25' });
    await setClock(Date.parse('2026-11-25T16:00:00+08:00'));
    await hall.admin.resolveFollowUp(followUp!.id, '已回访');
    const body = await summary('from=2026-11-23&to=2026-11-25&groupBy=service');
    expect(body.total.badRatings).toMatchObject({ count: 1, resolvedOnTime: 1, resolvedLate: 0, onTimeRate: 1 });
    expect(body.rows[0].badRatings.count).toBe(1);
  });

  it('applies the channel filter to bad ratings and to the most waiting at once, live and rolled up', async () => {
    await visit(svc.a, MONDAY, 60, 120, 1);
    hall.clock.set(MONDAY + 3_600_000);
    await kiosk.issueTicket({ serviceId: svc.a });
    await kiosk.issueTicket({ serviceId: svc.b });
    // A ticket the manager issues at the desk: channel desk.
    await hall.admin.issueTicket({ serviceId: svc.a });
    const q = 'from=2026-11-23&to=2026-11-23&groupBy=service';
    const read = async () => ({ all: await summary(q), kiosk: await summary(`${q}&channel=kiosk`), desk: await summary(`${q}&channel=desk`) });
    const live = await read();
    const peaks = (r: Loose) => Object.fromEntries(r.rows.map((row: Loose) => [row.key, row.peakWaiting]));
    expect([live.all.total.badRatings.count, live.kiosk.total.badRatings.count, live.desk.total.badRatings.count]).toEqual([1, 1, 0]);
    expect([live.all.total.peakWaiting, live.kiosk.total.peakWaiting, live.desk.total.peakWaiting]).toEqual([3, 2, 1]);
    expect(peaks(live.all)).toEqual({ [svc.a]: 2, [svc.b]: 1 });
    expect(peaks(live.kiosk)).toEqual({ [svc.a]: 1, [svc.b]: 1 });
    expect(peaks(live.desk)).toEqual({ [svc.a]: 1 });
    await setClock(Date.parse('2026-11-25T09:00:00+08:00'));
    rollUp('2026-11-25');
    expect(await read()).toEqual(live);
    // The roll-up kept the rated ticket's channel with its follow-up: bad ratings by channel no longer look it up.
    expect(hall.server.db.prepare('SELECT channel FROM follow_ups').pluck().all()).toEqual(['kiosk']);
  });

  it('keeps a service renamed mid-period as one row under its current name', async () => {
    await visit(svc.a, MONDAY, 60, 120);
    await hall.admin.updateService(svc.a, { name: '企业开办一件事' });
    await visit(svc.a, Date.parse('2026-11-25T10:00:00+08:00'), 60, 120);
    const body = await summary('from=2026-11-23&to=2026-11-25&groupBy=service');
    expect(body.rows.map((r) => [r.key, r.label, r.issued])).toEqual([[svc.a, '企业开办一件事', 2]]);
  });

  it('answers an empty period with no rows and a total of nothing', async () => {
    await visit(svc.a, MONDAY, 60, 120, 5);
    const body = await summary('from=2026-01-01&to=2026-01-31&groupBy=day');
    expect(body.rows).toEqual([]);
    expect(body.total).toMatchObject({
      issued: 0,
      served: 0,
      waitSeconds: { mean: null, p50: null, p90: null },
      serviceSeconds: { mean: null, p50: null, p90: null },
      serviceLevel: null,
      ratings: { count: 0, satisfaction: null },
      peakWaiting: null,
    });
    const csv = await (await get('/api/v1/reports/summary?from=2026-01-01&to=2026-01-31&groupBy=day&format=csv')).text();
    expect(csv).toBe(`${SUMMARY_CSV_HEADER.join(',')}\r\n`);
  });
});

describe('exports', () => {
  it('CSV and XLSX hold the JSON rows under the contract header', async () => {
    await visit(svc.a, MONDAY, 300, 240, 5);
    await visit(svc.b, MONDAY + 600_000, 30, 600, 4);
    await hall.admin.updateService(svc.b, { name: '税务, "综合"' });
    const q = 'from=2026-11-23&to=2026-11-23&groupBy=service';
    const json = await summary(q);
    const expected = json.rows.map((r) => csvColumns(r).map((v) => (v === null ? '' : String(v))));

    const csvRes = await get(`/api/v1/reports/summary?${q}&format=csv`);
    expect(csvRes.headers.get('content-type')).toMatch(/^text\/csv/);
    // Starts with the UTF-8 byte order mark Excel needs to read the names as UTF-8 (not GBK), then the contract header.
    const bytes = Buffer.from(await csvRes.arrayBuffer());
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const csv = parseCsv(new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes), { bom: true });
    expect(csv[0]).toEqual([...SUMMARY_CSV_HEADER]);
    expect(csv.slice(1)).toEqual(expected);

    const xlsxRes = await get(`/api/v1/reports/summary?${q}&format=xlsx`);
    expect(xlsxRes.headers.get('content-type')).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(await xlsxRes.arrayBuffer());
    const sheet = workbook.worksheets[0]!;
    const cells: string[][] = [];
    sheet.eachRow((row) => cells.push(Array.from((row.values as unknown[]).slice(1), (v) => (v === null || v === undefined ? '' : String(v)))));
    const padded = cells.map((r) => [...r, ...Array(SUMMARY_CSV_HEADER.length - r.length).fill('')]);
    expect(padded[0]).toEqual([...SUMMARY_CSV_HEADER]);
    expect(padded.slice(1)).toEqual(expected);
    // Numbers stay numbers in the workbook.
    expect(typeof sheet.getRow(2).getCell(3).value).toBe('number');
  });

  it('staff report: pauses by reason, busy and idle time; as CSV too', async () => {
    hall.clock.set(MONDAY + 60_000);
    await staff.pause(c1, 'break');
    hall.clock.set(MONDAY + 11 * 60_000);
    await staff.resume(c1);
    await visit(svc.a, MONDAY + 12 * 60_000, 60, 300, 5);
    hall.clock.set(MONDAY + 30 * 60_000);
    await staff.pause(c1, 'meeting');
    hall.clock.set(MONDAY + 40 * 60_000);
    await staff.signOut(c1);
    const res = await get('/api/v1/reports/staff?from=2026-11-23&to=2026-11-23');
    expect(res.status).toBe(200);
    const body = (await res.json()) as { rows: Loose[] };
    expect(body.rows).toEqual([
      {
        key: staffId,
        label: '王芳',
        served: 1,
        serviceSeconds: { mean: 300, p50: 307.5, p90: 307.5 },
        signedInSeconds: 2400,
        busySeconds: 300,
        pauseSeconds: { break: 600, meeting: 600, system_fault: 0, other: 0, total: 1200 },
        idleSeconds: 900,
        ratings: { count: 1, satisfaction: 1 },
      },
    ]);
    const csv = parseCsv(await (await get('/api/v1/reports/staff?from=2026-11-23&to=2026-11-23&format=csv')).text());
    expect(csv[1]).toEqual([staffId, '王芳', '1', '300', '307.5', '307.5', '2400', '300', '600', '600', '0', '0', '900', '1', '1']);
  });

  it('heatmap: figures by day and hour with the most waiting at once', async () => {
    hall.clock.set(MONDAY);
    await kiosk.issueTicket({ serviceId: svc.a });
    await kiosk.issueTicket({ serviceId: svc.a });
    await kiosk.issueTicket({ serviceId: svc.b });
    const res = await get('/api/v1/reports/heatmap?from=2026-11-23&to=2026-11-23');
    const body = (await res.json()) as { cells: Loose[]; days: string[] };
    expect(body.days).toEqual(['2026-11-23']);
    expect(body.cells).toEqual([
      { day: '2026-11-23', weekday: 1, hour: 9, issued: 3, served: 0, called: 0, waitMean: null, waitP90: null, serviceLevel: null, peakWaiting: 3 },
    ]);
    const bySvc = (await (await get(`/api/v1/reports/heatmap?from=2026-11-23&to=2026-11-23&serviceId=${svc.a}`)).json()) as { cells: Loose[] };
    expect(bySvc.cells[0]).toMatchObject({ issued: 2, peakWaiting: 2 });
  });
});

describe('access and parameters', () => {
  const paths = ['/api/v1/reports/summary?groupBy=day', '/api/v1/reports/staff', '/api/v1/reports/heatmap'];

  it('is for managers: staff and devices 403, no token 401', async () => {
    const display = (await hall.admin.createDevice({ name: 'board', kind: 'display' })).token;
    const integrator = (await hall.admin.createDevice({ name: 'platform', kind: 'integrator' })).token;
    for (const path of paths) {
      expect((await get(path)).status).toBe(200);
      for (const token of [staff.token, kioskToken, display, integrator]) expect((await get(path, token)).status, path).toBe(403);
      expect((await get(path, null)).status).toBe(401);
    }
  });

  it('refuses bad parameters with 400 and the field', async () => {
    const cases: [string, string][] = [
      ['groupBy=week', 'groupBy'],
      ['', 'groupBy'],
      ['groupBy=day&from=2026-13-01', 'from'],
      ['groupBy=day&from=2026-02-30', 'from'],
      ['groupBy=day&from=2026-11-25&to=2026-11-23', 'to'],
      ['groupBy=day&from=2020-01-01&to=2026-11-23', 'to'],
      ['groupBy=day&channel=fax', 'channel'],
      ['groupBy=day&format=pdf', 'format'],
    ];
    for (const [query, field] of cases) {
      const res = await get(`/api/v1/reports/summary?${query}`);
      expect(res.status, query).toBe(400);
      const body = (await res.json()) as { error: { code: string; details: { field: string } } };
      expect(body.error.code).toBe('VALIDATION_FAILED');
      expect(body.error.details.field, query).toBe(field);
    }
    expect((await get('/api/v1/reports/heatmap?from=yesterday')).status).toBe(400);
  });
});
