// Reports a hall is judged by (issue 13): the contract's summary, staff time and the hour × day heatmap, as JSON, CSV or XLSX.
import ExcelJS from 'exceljs';
import type { ServerResponse } from 'node:http';
import { z } from 'zod';
import { HallError } from '../core/errors.ts';
import { PAUSE_KEYS, SUMMARY_CSV_HEADER, csvText, idleSeconds, percentile, summaryCsvValues, summaryRow, type Figures } from '../core/reports.ts';
import { addDays, localTime, startOfHallDay } from '../core/time.ts';
import { CHANNELS, GROUP_BY, heatmapFigures, staffFigures, summaryFigures, type ReportRange } from '../db/report-store.ts';
import { route, type RouteDef } from './http.ts';
import { MANAGER, ok, type HallContext } from './routes.ts';

const DAY = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'a day as YYYY-MM-DD')
  .refine((d) => !Number.isNaN(Date.parse(`${d}T00:00:00Z`)) && new Date(`${d}T00:00:00Z`).toISOString().startsWith(d), 'not a calendar day');
/** Two years at most: a longer range is two reports. */
const MAX_DAYS = 731;

const RangeQuery = z
  .object({
    from: DAY,
    to: DAY,
    serviceId: z.string().min(1).max(64).optional(),
    counterId: z.string().min(1).max(64).optional(),
    staffId: z.string().min(1).max(64).optional(),
    channel: z.enum(CHANNELS).optional(),
    format: z.enum(['json', 'csv', 'xlsx']).default('json'),
  })
  .refine((q) => q.to >= q.from, { message: 'must not be before from', path: ['to'] })
  .refine((q) => (Date.parse(q.to) - Date.parse(q.from)) / 86_400_000 < MAX_DAYS, { message: `at most ${MAX_DAYS} days: split the period`, path: ['to'] });
const SummaryQuery = z.intersection(RangeQuery, z.object({ groupBy: z.enum(GROUP_BY) }));

function parseQuery<S extends z.ZodType>(schema: S, query: URLSearchParams, today: string): z.output<S> {
  const raw: Record<string, string> = { from: today, to: today };
  for (const [k, v] of query) raw[k] = v;
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const field = issue.path.join('.') || 'query';
    throw new HallError(400, 'VALIDATION_FAILED', `${field}: ${issue.message}`, { field });
  }
  return parsed.data;
}

const rangeOf = (q: z.output<typeof RangeQuery>): ReportRange => ({
  from: q.from,
  to: q.to,
  filter: { serviceId: q.serviceId, counterId: q.counterId, staffId: q.staffId, channel: q.channel },
});

const WEEKDAY_ZH = ['', '周一', '周二', '周三', '周四', '周五', '周六', '周日'];

function labels(hall: HallContext) {
  const services = new Map(hall.store.listServices().map((s) => [s.id, s.name]));
  const counters = new Map(hall.store.listCounters().map((c) => [c.id, c.name ? `${c.number} ${c.name}` : `${c.number}号窗口`]));
  const users = new Map(hall.authStore.listUsers().map((u) => [u.id, u.displayName ?? u.username]));
  return {
    service: (k: string) => services.get(k) ?? k,
    counter: (k: string) => counters.get(k) ?? k,
    staff: (k: string) => users.get(k) ?? k,
    hour: (k: string) => `${k}:00–${String(Number(k) + 1).padStart(2, '0')}:00`,
    day: (k: string) => `${k} ${WEEKDAY_ZH[new Date(`${k}T00:00:00Z`).getUTCDay() || 7]}`,
  };
}

/** Sends a table as CSV or as an XLSX workbook with the same columns. */
async function sendTable(
  res: ServerResponse,
  format: 'csv' | 'xlsx',
  name: string,
  header: readonly string[],
  rows: (string | number | null)[][],
): Promise<void> {
  if (format === 'csv') {
    // A UTF-8 byte order mark: Excel on Chinese Windows reads a CSV without one as GBK and garbles every name.
    const body = `\uFEFF${csvText(header, rows)}`;
    res.writeHead(200, {
      'content-type': 'text/csv; charset=utf-8',
      'content-disposition': `attachment; filename="${name}.csv"`,
      'content-length': Buffer.byteLength(body),
      'cache-control': 'no-store',
      'x-content-type-options': 'nosniff',
    });
    res.end(body);
    return;
  }
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet(name.slice(0, 31));
  sheet.addRow([...header]);
  for (const r of rows) sheet.addRow(r.map((v) => v ?? null));
  sheet.getRow(1).font = { bold: true };
  const body = Buffer.from(await workbook.xlsx.writeBuffer());
  res.writeHead(200, {
    'content-type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    'content-disposition': `attachment; filename="${name}.xlsx"`,
    'content-length': body.length,
    'cache-control': 'no-store',
    'x-content-type-options': 'nosniff',
  });
  res.end(body);
}

const round = (n: number) => Math.round(n);
const share = (part: number, whole: number) => (whole > 0 ? Math.round((part / whole) * 10_000) / 10_000 : null);
const serviceTimes = (f: Figures) => ({
  mean: f.servedTimed > 0 ? round(f.serviceSum / f.servedTimed) : null,
  p50: percentile(f.serviceHist, f.servedTimed, 0.5),
  p90: percentile(f.serviceHist, f.servedTimed, 0.9),
});

export const STAFF_CSV_HEADER = [
  'key',
  'label',
  'served',
  'serviceMean',
  'serviceP50',
  'serviceP90',
  'signedInSeconds',
  'busySeconds',
  'pauseBreak',
  'pauseMeeting',
  'pauseSystemFault',
  'pauseOther',
  'idleSeconds',
  'ratings',
  'satisfaction',
] as const;
export const HEATMAP_CSV_HEADER = ['day', 'weekday', 'hour', 'issued', 'served', 'called', 'waitMean', 'waitP90', 'serviceLevel', 'peakWaiting'] as const;

export function reportRoutes(hall: HallContext): RouteDef[] {
  const opts = () => ({ timeZone: hall.settings().timeZone, now: hall.now() });
  const today = () => hall.engine.today(hall.now());
  const fileName = (what: string, q: { from: string; to: string }) => `${what}-${q.from}_${q.to}`;
  return [
    route({
      method: 'GET',
      path: '/api/v1/reports/summary',
      roles: MANAGER,
      tag: 'reports',
      summary:
        'Figures by service, counter, staff, hour or day (?from=&to=YYYY-MM-DD inclusive, hall-local days; &groupBy=; filters &serviceId=&counterId=&staffId=&channel=; &format=csv|xlsx)',
      errors: [400],
      handler: async ({ query, response }) => {
        const q = parseQuery(SummaryQuery, query, today());
        const data = summaryFigures(hall.db, rangeOf(q), q.groupBy, opts());
        const label = labels(hall)[q.groupBy];
        const rows = data.rows
          .map((r) => summaryRow(r.key, label(r.key), r.f, r))
          .sort((a, b) =>
            q.groupBy === 'hour' || q.groupBy === 'day' ? (a.key < b.key ? -1 : 1) : b.issued - a.issued || a.label.localeCompare(b.label, 'zh-CN'),
          );
        const total = summaryRow('total', '合计', data.total.f, data.total);
        if (q.format !== 'json') {
          await sendTable(response, q.format, fileName(`summary-${q.groupBy}`, q), SUMMARY_CSV_HEADER, rows.map(summaryCsvValues));
          return ok(null);
        }
        return ok({ from: q.from, to: q.to, groupBy: q.groupBy, filter: rangeOf(q).filter, rows, total });
      },
    }),
    route({
      method: 'GET',
      path: '/api/v1/reports/staff',
      roles: MANAGER,
      tag: 'reports',
      summary: 'Per member of staff: served, service time, signed-in, busy, pause time by reason and idle time (same range and filters as the summary)',
      errors: [400],
      handler: async ({ query, response }) => {
        const q = parseQuery(RangeQuery, query, today());
        const label = labels(hall).staff;
        const rows = staffFigures(hall.db, rangeOf(q), opts())
          .map(({ staffId, f, t }) => {
            const pauses = Object.fromEntries(PAUSE_KEYS.map((k) => [k, round(t.pauseSeconds[k])])) as Record<(typeof PAUSE_KEYS)[number], number>;
            const rated = f.ratings.reduce((a, b) => a + b, 0);
            return {
              key: staffId,
              label: label(staffId),
              served: f.served,
              serviceSeconds: serviceTimes(f),
              signedInSeconds: round(t.signedInSeconds),
              busySeconds: round(t.busySeconds),
              pauseSeconds: { ...pauses, total: PAUSE_KEYS.reduce((n, k) => n + pauses[k], 0) },
              idleSeconds: idleSeconds(t),
              ratings: { count: rated, satisfaction: share(f.ratings[3] + f.ratings[4], rated) },
            };
          })
          .sort((a, b) => b.served - a.served || a.label.localeCompare(b.label, 'zh-CN'));
        if (q.format !== 'json') {
          const values = rows.map((r) => [
            r.key,
            r.label,
            r.served,
            r.serviceSeconds.mean,
            r.serviceSeconds.p50,
            r.serviceSeconds.p90,
            r.signedInSeconds,
            r.busySeconds,
            r.pauseSeconds.break,
            r.pauseSeconds.meeting,
            r.pauseSeconds.system_fault,
            r.pauseSeconds.other,
            r.idleSeconds,
            r.ratings.count,
            r.ratings.satisfaction,
          ]);
          await sendTable(response, q.format, fileName('staff', q), STAFF_CSV_HEADER, values);
          return ok(null);
        }
        return ok({ from: q.from, to: q.to, filter: rangeOf(q).filter, rows });
      },
    }),
    route({
      method: 'GET',
      path: '/api/v1/reports/heatmap',
      roles: MANAGER,
      tag: 'reports',
      summary: 'Figures by day × hour of day (hour of issue), with the most tickets waiting at once in each hour (same range and filters as the summary)',
      errors: [400],
      handler: async ({ query, response }) => {
        const q = parseQuery(RangeQuery, query, today());
        const cells = heatmapFigures(hall.db, rangeOf(q), opts()).map(({ day, hour, f, peakWaiting }) => ({
          day,
          weekday: localTime(startOfHallDay(day, hall.settings().timeZone) + 12 * 3_600_000, hall.settings().timeZone).weekday,
          hour,
          issued: f.issued,
          served: f.served,
          called: f.called,
          waitMean: f.called > 0 ? round(f.waitSum / f.called) : null,
          waitP90: percentile(f.waitHist, f.called, 0.9),
          serviceLevel: share(f.withinTarget, f.targeted),
          peakWaiting,
        }));
        if (q.format !== 'json') {
          await sendTable(
            response,
            q.format,
            fileName('heatmap', q),
            HEATMAP_CSV_HEADER,
            cells.map((c) => HEATMAP_CSV_HEADER.map((k) => c[k])),
          );
          return ok(null);
        }
        return ok({ from: q.from, to: q.to, filter: rangeOf(q).filter, days: dayList(q.from, q.to), cells });
      },
    }),
  ];
}

function dayList(from: string, to: string): string[] {
  const out: string[] = [];
  for (let d = from; d <= to; d = addDays(d, 1)) out.push(d);
  return out;
}
