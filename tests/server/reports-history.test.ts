// Reports over a generated history (scripts/demo-history.ts: the real commands, rolled up at each day's end), checked
// against an independent computation in plain JS over rows read with SQL; then with the roll-ups gone (every day live).
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateHistory } from '../../scripts/demo-history.ts';
import { ADMIN_PASSWORD, startTestHall, type TestHall } from '../helpers/hall.ts';

// Answers are read as loose JSON on purpose: the test checks them field by field against its own computation.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Loose = any;

const TZ = 'Asia/Shanghai';
const FROM = '2026-11-20'; // a Friday: a weekend without visitors inside the range
const TO = '2026-11-25';
let dir: string;
let hall: TestHall;
let file: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'hall-history-'));
  file = join(dir, 'hall.sqlite');
  await generateHistory({ file, days: 6, end: TO, perDay: 500, seed: 5, adminPassword: ADMIN_PASSWORD });
  // Today is the day after the history, at 10:00: every day of it has ended and been rolled up.
  hall = await startTestHall({ dir, now: Date.parse('2026-11-26T10:00:00+08:00') });
}, 240_000);
afterAll(async () => {
  await hall?.close();
  rmSync(dir, { recursive: true, force: true });
  rmSync(`${dir}-keys`, { recursive: true, force: true });
});

// ── the independent computation ──

const localParts = new Intl.DateTimeFormat('en-CA', { timeZone: TZ, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', hourCycle: 'h23' });
function local(ms: number): { day: string; hour: string } {
  const p = Object.fromEntries(localParts.formatToParts(ms).map((x) => [x.type, x.value]));
  return { day: `${p.year}-${p.month}-${p.day}`, hour: p.hour! };
}
/** Nearest rank: the smallest value with at least p·n values at or below it. */
function exactPercentile(values: number[], p: number): number | null {
  if (!values.length) return null;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.max(1, Math.ceil(p * sorted.length)) - 1]!;
}
/** The documented error of a bucketed percentile: half a bucket. */
const bucketHalf = (s: number) => (s < 600 ? 7.5 : s < 3600 ? 30 : s < 14_400 ? 150 : Infinity);

interface Expected {
  issued: number;
  served: number;
  noShow: number;
  cancelled: number;
  transferred: number;
  appointments: number;
  appointmentsOnTime: number;
  offline: number;
  waits: number[];
  targeted: number;
  within: number;
  services: number[];
  levels: number[];
}

function independent(groupBy: 'service' | 'counter' | 'staff' | 'hour' | 'day'): { rows: Map<string, Expected>; total: Expected } {
  const db = new Database(file, { readonly: true });
  const tickets = db.prepare('SELECT * FROM tickets').all() as Record<string, Loose>[];
  const ratings = db.prepare('SELECT r.*, t.issued_by FROM ratings r JOIN tickets t ON t.id = r.ticket_id').all() as Record<string, Loose>[];
  const events = db.prepare("SELECT type, at, data FROM events WHERE type IN ('ticket.called', 'ticket.transferred', 'ticket.issued') ORDER BY seq").all() as {
    type: string;
    at: string;
    data: string;
  }[];
  const targets = new Map(
    (db.prepare('SELECT id, target_wait_minutes AS m FROM services').all() as { id: string; m: number | null }[]).map((s) => [s.id, s.m]),
  );
  db.close();
  const firstCall = new Map<string, number>();
  const transferred = new Set<string>();
  const offline = new Set<string>();
  for (const e of events) {
    const data = JSON.parse(e.data);
    if (e.type === 'ticket.called' && !firstCall.has(data.ticket.id)) firstCall.set(data.ticket.id, Date.parse(e.at));
    if (e.type === 'ticket.transferred') transferred.add(data.ticket.id);
    if (e.type === 'ticket.issued' && data.offline) offline.add(data.ticket.id);
  }
  const empty = (): Expected => ({
    issued: 0,
    served: 0,
    noShow: 0,
    cancelled: 0,
    transferred: 0,
    appointments: 0,
    appointmentsOnTime: 0,
    offline: 0,
    waits: [],
    targeted: 0,
    within: 0,
    services: [],
    levels: [0, 0, 0, 0, 0],
  });
  const rows = new Map<string, Expected>();
  const total = empty();
  const into = (key: string | null) => {
    const out = [total];
    if (key) {
      if (!rows.has(key)) rows.set(key, empty());
      out.push(rows.get(key)!);
    }
    return out;
  };
  const keyOf = (serviceId: string, counterId: string | null, staffId: string | null, at: number) =>
    groupBy === 'service' ? serviceId : groupBy === 'counter' ? counterId : groupBy === 'staff' ? staffId : groupBy === 'hour' ? local(at).hour : local(at).day;
  for (const t of tickets) {
    if (t.day < FROM || t.day > TO) continue;
    const first = firstCall.get(t.id) ?? null;
    for (const e of into(keyOf(t.service_id, t.counter_id, t.staff_user_id, t.issued_at))) {
      e.issued++;
      if (t.status === 'done') e.served++;
      if (t.status === 'no_show') e.noShow++;
      if (t.status === 'cancelled') e.cancelled++;
      if (transferred.has(t.id)) e.transferred++;
      if (t.appointment_id) {
        e.appointments++;
        if (!t.late_arrival) e.appointmentsOnTime++;
      }
      if (offline.has(t.id)) e.offline++;
      if (first !== null) {
        const wait = (first - t.issued_at) / 1000;
        e.waits.push(wait);
        const target = targets.get(transferred.has(t.id) ? t.original_service_id : t.service_id);
        if (target !== null && target !== undefined) {
          e.targeted++;
          if (wait <= target * 60) e.within++;
        }
      }
      if (t.status === 'done' && t.called_at !== null && local(t.ended_at).day === t.day) e.services.push((t.ended_at - t.called_at) / 1000);
    }
  }
  for (const r of ratings) {
    const day = local(r.at).day;
    if (day < FROM || day > TO) continue;
    for (const e of into(keyOf(r.service_id, r.counter_id, r.staff_user_id, r.at))) e.levels[r.level - 1]! += 1;
  }
  return { rows, total };
}

function compare(api: Loose, exp: Expected, where: string): void {
  const msg = (f: string) => `${where}: ${f}`;
  for (const k of ['issued', 'served', 'noShow', 'cancelled', 'transferred'] as const) expect(api[k], msg(k)).toBe(exp[k]);
  expect(api.appointments.count, msg('appointments')).toBe(exp.appointments);
  expect(api.appointments.onTime, msg('appointments on time')).toBe(exp.appointmentsOnTime);
  expect(api.offline.count, msg('offline')).toBe(exp.offline);
  expect(api.called, msg('called')).toBe(exp.waits.length);
  const mean = (v: number[]) => (v.length ? v.reduce((a, b) => a + b, 0) / v.length : null);
  for (const [field, values] of [
    ['waitSeconds', exp.waits],
    ['serviceSeconds', exp.services],
  ] as const) {
    const m = mean(values);
    if (m === null) expect(api[field].mean, msg(field)).toBeNull();
    else expect(Math.abs(api[field].mean - m), msg(`${field} mean`)).toBeLessThanOrEqual(0.5);
    for (const [p, name] of [
      [0.5, 'p50'],
      [0.9, 'p90'],
    ] as const) {
      const exact = exactPercentile(values, p);
      if (exact === null) expect(api[field][name]).toBeNull();
      else expect(Math.abs(api[field][name] - exact), msg(`${field} ${name} (exact ${exact})`)).toBeLessThanOrEqual(bucketHalf(exact));
    }
  }
  if (exp.targeted === 0) expect(api.serviceLevel, msg('serviceLevel')).toBeNull();
  else expect(api.serviceLevel, msg('serviceLevel')).toBeCloseTo(exp.within / exp.targeted, 3);
  expect(Object.values(api.ratings.byLevel), msg('ratings')).toEqual(exp.levels);
  const rated = exp.levels.reduce((a, b) => a + b, 0);
  expect(api.ratings.count).toBe(rated);
  if (rated === 0) expect(api.ratings.satisfaction, msg('satisfaction')).toBeNull();
  else expect(api.ratings.satisfaction, msg('satisfaction')).toBeCloseTo((exp.levels[3]! + exp.levels[4]!) / rated, 3);
}

async function summary(groupBy: string, extra = '') {
  const res = await fetch(`${hall.url}/api/v1/reports/summary?from=${FROM}&to=${TO}&groupBy=${groupBy}${extra}`, {
    headers: { authorization: `Bearer ${hall.admin.token}` },
  });
  expect(res.status).toBe(200);
  return (await res.json()) as { rows: Loose[]; total: Loose };
}

describe('reports over a generated history', () => {
  const groupings = ['service', 'counter', 'staff', 'hour', 'day'] as const;

  it('match an independent computation for every groupBy', async () => {
    for (const groupBy of groupings) {
      const body = await summary(groupBy);
      const exp = independent(groupBy);
      expect(body.total.issued).toBeGreaterThan(1000);
      compare(body.total, exp.total, `${groupBy} total`);
      expect(new Set(body.rows.map((r) => r.key))).toEqual(new Set(exp.rows.keys()));
      for (const row of body.rows) compare(row, exp.rows.get(row.key)!, `${groupBy} ${row.key}`);
    }
    // The history has every kind of ticket the figures count.
    const { total } = await summary('day');
    for (const k of ['noShow', 'cancelled', 'transferred']) expect(total[k], k).toBeGreaterThan(0);
    expect(total.appointments.count).toBeGreaterThan(0);
    expect(total.offline.count).toBeGreaterThan(0);
    expect(total.badRatings.count).toBeGreaterThan(0);
    expect(total.peakWaiting).toBeGreaterThan(0);
  });

  it('count bad ratings by the channel their ticket came through, as computed independently', async () => {
    const db = new Database(file, { readonly: true });
    const kinds = new Map((db.prepare('SELECT id, kind FROM devices').all() as { id: string; kind: string }[]).map((d) => [d.id, d.kind]));
    const offline = new Set(
      (db.prepare("SELECT data FROM events WHERE type = 'ticket.issued'").pluck().all() as string[])
        .map((d) => JSON.parse(d))
        .filter((d) => d.offline === true)
        .map((d) => d.ticket.id as string),
    );
    const rows = db.prepare('SELECT t.id, t.appointment_id, t.issued_by, f.opened_at FROM follow_ups f JOIN tickets t ON t.id = f.ticket_id').all() as {
      id: string;
      appointment_id: string | null;
      issued_by: string;
      opened_at: number;
    }[];
    db.close();
    const channelOf = (t: (typeof rows)[number]) =>
      t.appointment_id !== null
        ? 'appointment'
        : offline.has(t.id)
          ? 'offline'
          : kinds.get(t.issued_by) === 'kiosk'
            ? 'kiosk'
            : kinds.get(t.issued_by) === 'integrator'
              ? 'integrator'
              : 'desk';
    const inRange = rows.filter((r) => local(r.opened_at).day >= FROM && local(r.opened_at).day <= TO);
    let total = 0;
    for (const channel of ['kiosk', 'offline', 'appointment', 'desk', 'integrator']) {
      const expected = inRange.filter((r) => channelOf(r) === channel).length;
      expect((await summary('service', `&channel=${channel}`)).total.badRatings.count, channel).toBe(expected);
      total += expected;
    }
    expect(total).toBe((await summary('service')).total.badRatings.count);
    expect(total).toBeGreaterThan(0);
  });

  it('give the same answers from the live computation as from the day-end roll-ups, filters included', async () => {
    const queries = [
      ...groupings.map((g) => [g, ''] as const),
      ['hour', '&channel=kiosk'],
      ['hour', `&counterId=${(await summary('counter')).rows[0].key}`],
      ['service', '&channel=appointment'],
      ['day', `&staffId=${(await summary('staff')).rows[0].key}`],
    ] as const;
    const staffReport = async () =>
      (await (await fetch(`${hall.url}/api/v1/reports/staff?from=${FROM}&to=${TO}`, { headers: { authorization: `Bearer ${hall.admin.token}` } })).json()) as {
        rows: Loose[];
      };
    const heatmap = async () =>
      (await (
        await fetch(`${hall.url}/api/v1/reports/heatmap?from=${FROM}&to=${TO}`, { headers: { authorization: `Bearer ${hall.admin.token}` } })
      ).json()) as { cells: Loose[] };
    const rolled = await Promise.all(queries.map(([g, extra]) => summary(g, extra)));
    const rolledStaff = await staffReport();
    const rolledHeat = await heatmap();
    expect(rolledStaff.rows.some((r) => r.pauseSeconds.break > 0 && r.idleSeconds > 0 && r.signedInSeconds > r.busySeconds)).toBe(true);
    const db = new Database(file);
    db.exec('DELETE FROM report_days; DELETE FROM report_cells; DELETE FROM report_staff; DELETE FROM report_peaks;');
    db.close();
    const live = await Promise.all(queries.map(([g, extra]) => summary(g, extra)));
    expect(live).toEqual(rolled);
    expect(await staffReport()).toEqual(rolledStaff);
    expect(await heatmap()).toEqual(rolledHeat);
  });
});
