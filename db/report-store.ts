// Reports (issue 13): a day's figures computed from its tickets, ratings and counter events, rolled up once the day
// has ended (the rollover command, in the writer's transaction), and read back by grain; today is computed live.
import {
  PAUSE_KEYS,
  addEncoded,
  addFigures,
  addRating,
  addStaffTime,
  addTicket,
  emptyBadRatings,
  emptyFigures,
  emptyStaffTime,
  encodeFigures,
  type BadRatings,
  type Figures,
  type StaffTime,
  type TicketFact,
} from '../core/reports.ts';
import { addDays, hallDay, localTime, startOfHallDay } from '../core/time.ts';
import type { Db } from './database.ts';

export const CHANNELS = ['kiosk', 'offline', 'appointment', 'desk', 'integrator'] as const;
/** How a ticket came: checked-in appointment, pushed by a kiosk that was offline, a kiosk online, a desk (staff), an integrator. */
export type Channel = (typeof CHANNELS)[number];
export const GROUP_BY = ['service', 'counter', 'staff', 'hour', 'day'] as const;
export type GroupBy = (typeof GROUP_BY)[number];

export interface ReportFilter {
  serviceId?: string | undefined;
  counterId?: string | undefined;
  staffId?: string | undefined;
  channel?: Channel | undefined;
}

export interface ReportRange {
  from: string;
  /** Inclusive. */
  to: string;
  filter: ReportFilter;
}

/** One cell of the finest grain: a day, an hour of issue (ratings: of rating), a service, counter, member of staff and channel. */
interface Cell {
  hour: number;
  serviceId: string;
  counterId: string;
  staffId: string;
  channel: Channel;
  f: Figures;
}

export interface DayFigures {
  day: string;
  cells: Map<string, Cell>;
  /** By `${counterId}|${staffId}`. */
  staff: Map<string, { counterId: string; staffId: string; t: StaffTime }>;
  /**
   * Most tickets waiting at once, by `${hour}|${serviceId}` (hour -1 the whole day, service '' the whole hall), and the
   * same of one channel's tickets by `${hour}|${serviceId}@${channel}`.
   */
  peaks: Map<string, number>;
  /** The channel of each ticket rated on the day, by ticket id (kept with its follow-up when the day is rolled up). */
  rated: Map<string, Channel>;
}

/** The first event seq at or after the start of `day` (events' `at` begins with the hall-local date); seq order is time order. */
function firstSeqOfDay(db: Db, day: string): number {
  const bounds = db.prepare('SELECT MIN(seq) AS lo, MAX(seq) AS hi FROM events').get() as { lo: number | null; hi: number | null };
  if (bounds.lo === null || bounds.hi === null) return 0;
  const atOf = db.prepare('SELECT at FROM events WHERE seq >= ? ORDER BY seq LIMIT 1').pluck();
  let lo = bounds.lo;
  let hi = bounds.hi + 1;
  while (lo < hi) {
    const mid = Math.floor((lo + hi) / 2);
    const at = atOf.get(mid) as string | undefined;
    if (at === undefined || at >= day) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

const channelOf = (appointmentId: unknown, offline: boolean, issuerKind: string | undefined): Channel =>
  appointmentId !== null ? 'appointment' : offline ? 'offline' : issuerKind === 'kiosk' ? 'kiosk' : issuerKind === 'integrator' ? 'integrator' : 'desk';

/** Everything the reports know of one hall day, from its rows and its events (until `now` for today). */
export function computeDay(db: Db, day: string, timeZone: string, now: number): DayFigures {
  const dayStart = startOfHallDay(day, timeZone);
  const dayEnd = startOfHallDay(addDays(day, 1), timeZone);
  const end = Math.min(dayEnd, now);
  const hourOf = (ms: number) => (ms < dayStart ? 0 : ms >= dayEnd ? 23 : localTime(ms, timeZone).hour);

  const issuerKind = new Map((db.prepare('SELECT id, kind FROM devices').raw().all() as [string, string][]).map(([id, kind]) => [id, kind]));
  const targets = new Map(
    (db.prepare('SELECT id, target_wait_minutes FROM services').raw().all() as [string, number | null][]).map(([id, m]) => [id, m === null ? null : m * 60]),
  );

  // The day's events: offline issues, first calls of transferred tickets, sign-ins and pauses.
  const offline = new Set<string>();
  const transferred = new Set<string>();
  const firstCall = new Map<string, number>();
  const counterEvents: [string, number, string, string | null, string | null][] = [];
  const fromSeq = firstSeqOfDay(db, day);
  const toSeq = firstSeqOfDay(db, addDays(day, 1));
  if (toSeq > fromSeq) {
    // The few events worth parsing: counters, transfers and offline issues (not the day's every issue and call).
    const rows = db
      .prepare(
        `SELECT type, at, data FROM events WHERE seq >= ? AND seq < ?
           AND (type IN ('ticket.transferred', 'counter.signed_in', 'counter.signed_out', 'counter.paused', 'counter.resumed')
             OR (type = 'ticket.issued' AND instr(data, '"offline":true') > 0))
         ORDER BY seq`,
      )
      .raw()
      .iterate(fromSeq, toSeq) as Iterable<[string, string, string]>;
    for (const [type, at, text] of rows) {
      const data = JSON.parse(text) as {
        ticket?: { id: string };
        offline?: boolean;
        counter?: { id: string; staffUserId: string | null };
        staff?: { id: string };
        reason?: string;
      };
      if (type === 'ticket.issued') {
        if (data.offline === true && data.ticket) offline.add(data.ticket.id);
      } else if (type === 'ticket.transferred') {
        if (data.ticket) transferred.add(data.ticket.id);
      } else if (data.counter) {
        const staffId = type === 'counter.signed_in' || type === 'counter.signed_out' ? (data.staff?.id ?? null) : data.counter.staffUserId;
        counterEvents.push([type, Date.parse(at), data.counter.id, staffId, data.reason ?? null]);
      }
    }
    // A transferred ticket's row keeps only its last call: its first is in the log.
    if (transferred.size > 0) {
      const calls = db
        .prepare(
          `SELECT at, ticket_id FROM (SELECT at, json_extract(data, '$.ticket.id') AS ticket_id FROM events WHERE seq >= ? AND seq < ? AND type = 'ticket.called')
           WHERE ticket_id IN (SELECT value FROM json_each(?))`,
        )
        .raw()
        .iterate(fromSeq, toSeq, JSON.stringify([...transferred])) as Iterable<[string, string]>;
      for (const [at, ticketId] of calls) if (!firstCall.has(ticketId)) firstCall.set(ticketId, Date.parse(at));
    }
  }

  const cells = new Map<string, Cell>();
  const cellOf = (hour: number, serviceId: string, counterId: string, staffId: string, channel: Channel): Figures => {
    const key = `${hour}|${serviceId}|${counterId}|${staffId}|${channel}`;
    let cell = cells.get(key);
    if (!cell) cells.set(key, (cell = { hour, serviceId, counterId, staffId, channel, f: emptyFigures() }));
    return cell.f;
  };

  const staff = new Map<string, { counterId: string; staffId: string; t: StaffTime }>();
  const staffOf = (counterId: string, staffId: string): StaffTime => {
    const key = `${counterId}|${staffId}`;
    let s = staff.get(key);
    if (!s) staff.set(key, (s = { counterId, staffId, t: emptyStaffTime() }));
    return s.t;
  };

  const deltas: [number, number, string, Channel][] = [];
  const tickets = db
    .prepare(
      `SELECT id, service_id, original_service_id, status, appointment_id, late_arrival, issued_at, called_at, ended_at, counter_id, staff_user_id, issued_by
       FROM tickets WHERE day = ?`,
    )
    .raw()
    .iterate(day) as Iterable<
    [string, string, string, TicketFact['status'], string | null, number, number, number | null, number | null, string | null, string | null, string]
  >;
  for (const [id, serviceId, originalServiceId, status, appointmentId, late, issuedAt, calledAt, endedAt, counterId, staffId, issuedBy] of tickets) {
    const wasTransferred = transferred.has(id);
    const first = wasTransferred ? (firstCall.get(id) ?? calledAt) : calledAt;
    const isOffline = offline.has(id);
    const fact: TicketFact = {
      status,
      transferred: wasTransferred,
      appointment: appointmentId !== null,
      lateArrival: late === 1,
      offline: isOffline,
      issuedAt,
      firstCalledAt: first,
      calledAt,
      endedAt,
      targetSeconds: targets.get(wasTransferred ? originalServiceId : serviceId) ?? null,
      endedByDayEnd: endedAt !== null && endedAt >= dayEnd,
    };
    const channel = channelOf(appointmentId, isOffline, issuerKind.get(issuedBy));
    addTicket(cellOf(hourOf(issuedAt), serviceId, counterId ?? '', staffId ?? '', channel), fact);
    if (counterId && staffId && calledAt !== null) {
      const until = Math.min(endedAt ?? end, end);
      if (until > calledAt) staffOf(counterId, staffId).busySeconds += (until - calledAt) / 1000;
    }
    // Waiting from issue to first call or cancel (still waiting: to the end of the sweep); transfers wait again unseen.
    const waitEnd = first ?? (status === 'waiting' ? null : endedAt);
    deltas.push([issuedAt, 1, originalServiceId, channel]);
    if (waitEnd !== null && waitEnd < end) deltas.push([waitEnd, -1, originalServiceId, channel]);
  }

  const ratings = db
    .prepare(
      `SELECT r.ticket_id, r.level, r.service_id, r.counter_id, r.staff_user_id, r.at, t.appointment_id, t.issued_by
       FROM ratings AS r JOIN tickets AS t ON t.id = r.ticket_id WHERE r.at >= ? AND r.at < ?`,
    )
    .raw()
    .iterate(dayStart, dayEnd) as Iterable<[string, number, string, string | null, string | null, number, string | null, string]>;
  const rated = new Map<string, Channel>();
  for (const [ticketId, level, serviceId, counterId, staffId, at, appointmentId, issuedBy] of ratings) {
    const channel = channelOf(appointmentId, offline.has(ticketId), issuerKind.get(issuedBy));
    addRating(cellOf(hourOf(at), serviceId, counterId ?? '', staffId ?? '', channel), level);
    rated.set(ticketId, channel);
  }

  // Signed-in and paused time: a session open at the start of the day counts from then, one open at its end until then.
  const signedIn = new Map<string, number>();
  const paused = new Map<string, { from: number; reason: string; key: string }>();
  const closePause = (counterId: string, at: number) => {
    const p = paused.get(counterId);
    if (!p) return;
    paused.delete(counterId);
    const [c, s] = p.key.split('|') as [string, string];
    const reason = (PAUSE_KEYS as readonly string[]).includes(p.reason) ? (p.reason as (typeof PAUSE_KEYS)[number]) : 'other';
    staffOf(c, s).pauseSeconds[reason] += Math.max(0, at - p.from) / 1000;
  };
  for (const [type, at, counterId, staffId, reason] of counterEvents) {
    if (!staffId) continue;
    const key = `${counterId}|${staffId}`;
    if (type === 'counter.signed_in') {
      if (!signedIn.has(key)) signedIn.set(key, at);
    } else if (type === 'counter.signed_out') {
      closePause(counterId, at);
      staffOf(counterId, staffId).signedInSeconds += Math.max(0, at - (signedIn.get(key) ?? dayStart)) / 1000;
      signedIn.delete(key);
    } else if (type === 'counter.paused') {
      closePause(counterId, at);
      paused.set(counterId, { from: at, reason: reason ?? 'other', key });
    } else if (type === 'counter.resumed') {
      closePause(counterId, at);
    }
  }
  for (const counterId of [...paused.keys()]) closePause(counterId, end);
  for (const [key, from] of signedIn) {
    const [c, s] = key.split('|') as [string, string];
    staffOf(c, s).signedInSeconds += Math.max(0, end - from) / 1000;
  }

  return { day, cells, staff, peaks: peaksOf(deltas, hourOf), rated };
}

/** The key of the peaks of a service ('' the whole hall), of one channel's tickets or of all. */
export const peakKey = (serviceId: string, channel: Channel | '' = ''): string => (channel === '' ? serviceId : `${serviceId}@${channel}`);

/** Sweeps the day's waiting intervals: the most waiting at once per hour, per service and per channel. */
function peaksOf(deltas: [number, number, string, Channel][], hourOf: (ms: number) => number): Map<string, number> {
  deltas.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  const peaks = new Map<string, number>();
  const level = new Map<string, number>();
  const raise = (hour: number, key: string, n: number) => {
    const k = `${hour}|${key}`;
    if ((peaks.get(k) ?? 0) < n) peaks.set(k, n);
  };
  let hour = -1;
  for (const [at, d, service, channel] of deltas) {
    const h = hourOf(at);
    // Those still waiting when an hour begins are waiting in it.
    for (; hour < h;) {
      hour++;
      for (const [k, n] of level) if (n > 0) raise(hour, k, n);
    }
    for (const key of [service, '', peakKey(service, channel), peakKey('', channel)]) {
      const n = (level.get(key) ?? 0) + d;
      level.set(key, n);
      if (d > 0) {
        raise(h, key, n);
        raise(-1, key, n);
      }
    }
  }
  return peaks;
}

// ── roll-ups ──

type Grain = 'd' | 'dd' | 'ds' | 'dc' | 'h' | 'hs' | 'hc' | 'hd';
/**
 * The dims each grain keeps: hour, service, counter, staff, channel. A report reads the smallest grain that has the
 * dims its grouping and filters need: by day the services' and the counters' sides apart (a few dozen and a few
 * hundred cells a day), both together only when a filter asks for both; by hour each side alone.
 */
const GRAIN_DIMS: Record<Grain, [boolean, boolean, boolean, boolean, boolean]> = {
  d: [false, true, true, true, true],
  dd: [false, false, false, false, false],
  ds: [false, true, false, false, true],
  dc: [false, false, true, true, false],
  h: [true, false, false, false, false],
  hs: [true, true, false, false, true],
  hc: [true, false, true, true, false],
  // By hour with filters of both sides (a service or channel and a counter or member of staff): every dim.
  hd: [true, true, true, true, true],
};

function project(cells: Iterable<Cell>, grain: Grain): Cell[] {
  const [h, s, c, st, ch] = GRAIN_DIMS[grain];
  const out = new Map<string, Cell>();
  for (const cell of cells) {
    const p = {
      hour: h ? cell.hour : -1,
      serviceId: s ? cell.serviceId : '',
      counterId: c ? cell.counterId : '',
      staffId: st ? cell.staffId : '',
      channel: (ch ? cell.channel : '') as Channel,
    };
    const key = `${p.hour}|${p.serviceId}|${p.counterId}|${p.staffId}|${p.channel}`;
    const had = out.get(key);
    if (had) addFigures(had.f, cell.f);
    else out.set(key, { ...p, f: addFigures(emptyFigures(), cell.f) });
  }
  return [...out.values()];
}

/** Writes one ended day's roll-up (again: replaces it). */
export function rollUpDay(db: Db, day: string, timeZone: string, now: number): void {
  const data = computeDay(db, day, timeZone, now);
  for (const table of ['report_cells', 'report_staff', 'report_peaks']) db.prepare(`DELETE FROM ${table} WHERE day = ?`).run(day);
  const again = db.prepare('SELECT 1 FROM report_days WHERE day = ?').pluck().get(day) !== undefined;
  const cell = db.prepare('INSERT INTO report_cells (grain, day, hour, service_id, counter_id, staff_id, channel, figures) VALUES (?, ?, ?, ?, ?, ?, ?, ?)');
  const month = day.slice(0, 7);
  for (const grain of Object.keys(GRAIN_DIMS) as Grain[]) {
    const cells = project(data.cells.values(), grain);
    for (const c of cells) cell.run(grain, day, c.hour, c.serviceId, c.counterId, c.staffId, c.channel, encodeFigures(c.f));
    // The month's cells are the sum of its days': a new day is added to them, a day rolled up again means a recount.
    const sum = new Map<string, Cell>();
    const merge = (c: Omit<Cell, 'f'>, addTo: (f: Figures) => void) => {
      const key = `${c.hour}|${c.serviceId}|${c.counterId}|${c.staffId}|${c.channel}`;
      let m = sum.get(key);
      if (!m) sum.set(key, (m = { ...c, f: emptyFigures() }));
      addTo(m.f);
    };
    const source = again
      ? db
          .prepare('SELECT hour, service_id, counter_id, staff_id, channel, figures FROM report_cells WHERE grain = ? AND day BETWEEN ? AND ?')
          .raw()
          .all(grain, `${month}-01`, `${month}-31`)
      : db
          .prepare('SELECT hour, service_id, counter_id, staff_id, channel, figures FROM report_cells WHERE grain = ? AND day = ?')
          .raw()
          .all(`m${grain}`, month);
    for (const [hour, serviceId, counterId, staffId, channel, blob] of source as [number, string, string, string, Channel, Buffer][]) {
      merge({ hour, serviceId, counterId, staffId, channel }, (f) => addEncoded(f, blob));
    }
    if (!again) for (const c of cells) merge(c, (f) => addFigures(f, c.f));
    db.prepare('DELETE FROM report_cells WHERE grain = ? AND day = ?').run(`m${grain}`, month);
    for (const c of sum.values()) cell.run(`m${grain}`, month, c.hour, c.serviceId, c.counterId, c.staffId, c.channel, encodeFigures(c.f));
  }
  const staff = db.prepare(
    'INSERT INTO report_staff (day, counter_id, staff_id, signed_in_s, busy_s, pause_break_s, pause_meeting_s, pause_system_fault_s, pause_other_s) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
  );
  for (const { counterId, staffId, t } of data.staff.values()) {
    const p = t.pauseSeconds;
    staff.run(day, counterId, staffId, t.signedInSeconds, t.busySeconds, p.break, p.meeting, p.system_fault, p.other);
  }
  const peak = db.prepare('INSERT INTO report_peaks (day, hour, service_id, peak) VALUES (?, ?, ?, ?)');
  for (const [key, n] of data.peaks) {
    const [hour, service] = key.split('|') as [string, string];
    peak.run(day, Number(hour), service, n);
  }
  const followUp = db.prepare('UPDATE follow_ups SET channel = ? WHERE ticket_id = ?');
  for (const [ticketId, channel] of data.rated) followUp.run(channel, ticketId);
  db.prepare('INSERT OR REPLACE INTO report_days (day, rolled_at) VALUES (?, ?)').run(day, now);
}

/**
 * Rolls up every day before `today` not rolled up yet, from the first day with tickets (the writer, at the day's
 * rollover). Days without tickets too: a rating given on a closed day counts on it.
 */
export function rollUpEndedDays(db: Db, today: string, timeZone: string, now: number, maxDays = 31): string[] {
  const last = db.prepare('SELECT MAX(day) FROM report_days').pluck().get() as string | null;
  let first = last === null ? (db.prepare('SELECT MIN(day) FROM tickets').pluck().get() as string | null) : addDays(last, 1);
  // A hall that ran without roll-ups (before migration 17) gets its latest month: older days are computed when asked.
  if (first !== null && first < addDays(today, -maxDays)) first = addDays(today, -maxDays);
  const done: string[] = [];
  for (let day = first; day !== null && day < today; day = addDays(day, 1)) {
    rollUpDay(db, day, timeZone, now);
    done.push(day);
  }
  return done;
}

// ── reading ──

export interface ReadOptions {
  timeZone: string;
  now: number;
}

function daysBetween(from: string, to: string): string[] {
  const out: string[] = [];
  for (let d = from; d <= to; d = addDays(d, 1)) out.push(d);
  return out;
}

/** Days of the range the roll-ups hold, and those computed live (today, or days not rolled up yet). */
function splitDays(db: Db, range: ReportRange, o: ReadOptions): { rolled: Set<string>; live: string[] } {
  const today = hallDay(o.now, o.timeZone);
  const to = range.to < today ? range.to : today;
  if (to < range.from) return { rolled: new Set(), live: [] };
  const rolled = new Set(db.prepare('SELECT day FROM report_days WHERE day BETWEEN ? AND ?').pluck().all(range.from, to) as string[]);
  // A day not rolled up with neither tickets nor ratings is empty: no need to compute it.
  const hasTickets = db.prepare('SELECT 1 FROM tickets WHERE day = ? LIMIT 1').pluck();
  const hasRatings = db.prepare('SELECT 1 FROM ratings WHERE at >= ? AND at < ? LIMIT 1').pluck();
  const live = daysBetween(range.from, to).filter(
    (d) =>
      !rolled.has(d) &&
      (d === today ||
        hasTickets.get(d) !== undefined ||
        hasRatings.get(startOfHallDay(d, o.timeZone), startOfHallDay(addDays(d, 1), o.timeZone)) !== undefined),
  );
  return { rolled, live };
}

interface CellVisit {
  day: string;
  hour: number;
  serviceId: string;
  counterId: string;
  staffId: string;
  channel: string;
}

const matches = (c: CellVisit, f: ReportFilter) =>
  (f.serviceId === undefined || c.serviceId === f.serviceId) &&
  (f.counterId === undefined || c.counterId === f.counterId) &&
  (f.staffId === undefined || c.staffId === f.staffId) &&
  (f.channel === undefined || c.channel === f.channel);

/** The roll-up grain that answers a grouping with these filters. */
function grainFor(groupBy: GroupBy | null, f: ReportFilter): Grain {
  const serviceSide = groupBy === 'service' || f.serviceId !== undefined || f.channel !== undefined;
  const counterSide = groupBy === 'counter' || groupBy === 'staff' || f.counterId !== undefined || f.staffId !== undefined;
  if (groupBy === 'hour') return counterSide ? (serviceSide ? 'hd' : 'hc') : serviceSide ? 'hs' : 'h';
  return counterSide ? (serviceSide ? 'd' : 'dc') : serviceSide ? 'ds' : 'dd';
}

/** 'YYYY-MM' of the month after. */
const nextMonth = (m: string): string => addDays(`${m}-28`, 4).slice(0, 7);

/** Adds a visited cell's figures, stored (a blob) or live, to `into`. */
export type AddTo = (into: Figures) => void;

/**
 * Calls `add(cell)` for every cell of the range that passes the filter, rolled up or live; inside it `addTo(into)`
 * adds that cell's figures (one cell object and one adder serve every row: no allocation per cell).
 */
function visitCells(
  db: Db,
  range: ReportRange,
  o: ReadOptions,
  groupBy: GroupBy | null,
  add: (c: CellVisit, addTo: AddTo) => void,
  byDay = groupBy === 'day',
): DayFigures[] {
  const cell: CellVisit = { day: '', hour: -1, serviceId: '', counterId: '', staffId: '', channel: '' };
  let blob: Uint8Array | null = null;
  let figures: Figures | null = null;
  const addTo: AddTo = (into) => (blob !== null ? addEncoded(into, blob) : addFigures(into, figures!));
  const grain = grainFor(groupBy, range.filter);
  const { rolled, live } = splitDays(db, range, o);
  const computed = live.map((d) => computeDay(db, d, o.timeZone, o.now));
  // Whole months of the range are read as month cells (the sum of their rolled-up days), unless days are asked for.
  const months: string[] = [];
  if (!byDay) {
    for (let m = range.from.slice(0, 7); `${m}-01` <= range.to; m = nextMonth(m)) {
      if (`${m}-01` >= range.from && addDays(`${nextMonth(m)}-01`, -1) <= range.to) months.push(m);
    }
  }
  const spans: [string, string, string][] =
    months.length === 0
      ? [[grain, range.from, range.to]]
      : [
          [grain, range.from, addDays(`${months[0]}-01`, -1)],
          [`m${grain}`, months[0]!, months[months.length - 1]!],
          [grain, `${nextMonth(months[months.length - 1]!)}-01`, range.to],
        ];
  for (const [spanGrain, spanFrom, spanTo] of rolled.size > 0 ? spans : []) {
    if (spanTo < spanFrom) continue;
    const f = range.filter;
    const [, s, c, st, ch] = GRAIN_DIMS[grain];
    const params: Record<string, string> = { grain: spanGrain, from: spanFrom, to: spanTo };
    const conditions: [boolean, string, string | undefined][] = [
      [s, 'service_id', f.serviceId],
      [c, 'counter_id', f.counterId],
      [st, 'staff_id', f.staffId],
      [ch, 'channel', f.channel],
    ];
    let where = '';
    for (const [kept, column, value] of conditions) {
      if (!kept || value === undefined) continue;
      where += ` AND ${column} = @${column}`;
      params[column] = value;
    }
    const rows = db
      .prepare(
        `SELECT day, hour, service_id, counter_id, staff_id, channel, figures FROM report_cells WHERE grain = @grain AND day BETWEEN @from AND @to${where}`,
      )
      .raw()
      .iterate(params) as Iterable<[string, number, string, string, string, string, Buffer]>;
    for (const row of rows) {
      cell.day = row[0];
      cell.hour = row[1];
      cell.serviceId = row[2];
      cell.counterId = row[3];
      cell.staffId = row[4];
      cell.channel = row[5];
      blob = row[6];
      add(cell, addTo);
    }
    blob = null;
  }
  for (const d of computed) {
    for (const c of d.cells.values()) {
      Object.assign(cell, { day: d.day, hour: c.hour, serviceId: c.serviceId, counterId: c.counterId, staffId: c.staffId, channel: c.channel });
      figures = c.f;
      if (matches(cell, range.filter)) add(cell, addTo);
    }
  }
  return computed;
}

/** Most waiting at once per (day, hour) for the service and channel filters (the whole hall without them). */
function peaksIn(db: Db, range: ReportRange, computed: DayFigures[]): Map<string, number> {
  const key = peakKey(range.filter.serviceId ?? '', range.filter.channel ?? '');
  const out = new Map<string, number>();
  for (const [day, hour, peak] of db
    .prepare('SELECT day, hour, peak FROM report_peaks WHERE day BETWEEN ? AND ? AND service_id = ?')
    .raw()
    .iterate(range.from, range.to, key) as Iterable<[string, number, number]>) {
    out.set(`${day}|${hour}`, peak);
  }
  for (const d of computed) {
    for (const [k, n] of d.peaks) {
      const [hour, s] = k.split('|') as [string, string];
      if (s === key) out.set(`${d.day}|${hour}`, n);
    }
  }
  return out;
}

/** Service peaks by day (whole day) for the channel filter, for rows grouped by service. */
function servicePeaks(db: Db, range: ReportRange, computed: DayFigures[]): Map<string, number> {
  const channel = range.filter.channel ?? '';
  const out = new Map<string, number>();
  const raise = (key: string, n: number) => {
    const [s, ch = ''] = key.split('@') as [string, string?];
    if (s !== '' && ch === channel) out.set(s, Math.max(out.get(s) ?? 0, n));
  };
  for (const [key, n] of db
    .prepare("SELECT service_id, MAX(peak) FROM report_peaks WHERE day BETWEEN ? AND ? AND hour = -1 AND service_id <> '' GROUP BY service_id")
    .raw()
    .all(range.from, range.to) as [string, number][]) {
    raise(key, n);
  }
  for (const d of computed) {
    for (const [k, n] of d.peaks) {
      const [hour, s] = k.split('|') as [string, string];
      if (hour === '-1') raise(s, n);
    }
  }
  return out;
}

const hourKey = (h: number) => String(h).padStart(2, '0');

/** Follow-ups of bad ratings opened in the range, by group key; the channel filter applies to the rated ticket's channel. */
function badRatingsBy(db: Db, range: ReportRange, o: ReadOptions, groupBy: GroupBy | null) {
  const start = startOfHallDay(range.from, o.timeZone);
  const end = startOfHallDay(addDays(range.to, 1), o.timeZone);
  const today = hallDay(o.now, o.timeZone);
  const f = range.filter;
  // The end of each day a follow-up can be due on (resolved before it: on time), in a table of this connection's own.
  db.exec('CREATE TEMP TABLE IF NOT EXISTS report_day_ends (day TEXT PRIMARY KEY, end_ms INTEGER NOT NULL) WITHOUT ROWID');
  const known = db.prepare('SELECT 1 FROM temp.report_day_ends WHERE day = ?').pluck();
  const insertEnd = db.prepare('INSERT INTO temp.report_day_ends (day, end_ms) VALUES (?, ?)');
  for (let d = range.from; d <= addDays(range.to, 400); d = addDays(d, 1)) {
    if (known.get(d) === undefined) insertEnd.run(d, startOfHallDay(addDays(d, 1), o.timeZone));
  }
  // Hours and days from quarter-hour blocks of opening time (offsets change on quarter hours): one conversion per block.
  const key =
    groupBy === 'service'
      ? 'f.service_id'
      : groupBy === 'counter'
        ? 'f.counter_id'
        : groupBy === 'staff'
          ? 'f.staff_user_id'
          : groupBy === null
            ? 'NULL'
            : 'f.opened_at / 900000';
  let where = [
    f.serviceId !== undefined ? ' AND f.service_id = @serviceId' : '',
    f.counterId !== undefined ? ' AND f.counter_id = @counterId' : '',
    f.staffId !== undefined ? ' AND f.staff_user_id = @staffId' : '',
  ].join('');
  const params: Record<string, string | number> = { start, end, today };
  if (f.serviceId !== undefined) params.serviceId = f.serviceId;
  if (f.counterId !== undefined) params.counterId = f.counterId;
  if (f.staffId !== undefined) params.staffId = f.staffId;
  if (f.channel !== undefined) {
    // The channel kept when the day was rolled up; else the rated ticket's, as computeDay's channelOf tells it.
    where += ` AND (f.channel = @channel OR (f.channel IS NULL AND (
      SELECT CASE WHEN t.appointment_id IS NOT NULL THEN 'appointment'
        WHEN EXISTS (SELECT 1 FROM temp.report_offline AS o WHERE o.ticket_id = t.id) THEN 'offline'
        WHEN dv.kind = 'kiosk' THEN 'kiosk' WHEN dv.kind = 'integrator' THEN 'integrator' ELSE 'desk' END
      FROM tickets AS t LEFT JOIN devices AS dv ON dv.id = t.issued_by WHERE t.id = f.ticket_id) = @channel))`;
    params.channel = f.channel;
    // The tickets kiosks pushed after an outage, keyed for the lookup above (this connection's own table, refilled).
    db.exec('CREATE TEMP TABLE IF NOT EXISTS report_offline (ticket_id TEXT PRIMARY KEY) WITHOUT ROWID; DELETE FROM temp.report_offline');
    db.prepare(
      `INSERT OR IGNORE INTO temp.report_offline (ticket_id) SELECT json_extract(result, '$.ticketId') FROM sync_applied
       WHERE applied_at >= ? AND json_extract(result, '$.ticketId') IS NOT NULL`,
    ).run(start - 31 * 86_400_000);
  }
  const rows = db
    .prepare(
      `SELECT ${key} AS k, COUNT(*), SUM(f.status = 'resolved' AND f.resolved_at < e.end_ms), SUM(f.status = 'resolved' AND f.resolved_at >= e.end_ms),
         SUM(f.status <> 'resolved' AND f.due_day < @today)
       FROM follow_ups AS f LEFT JOIN temp.report_day_ends AS e ON e.day = f.due_day
       WHERE f.opened_at >= @start AND f.opened_at < @end${where} GROUP BY k`,
    )
    .raw()
    .all(params) as [string | number | null, number, number, number, number][];
  const out = new Map<string, BadRatings>();
  const total = emptyBadRatings();
  for (const [k, count, onTime, late, overdue] of rows) {
    const targets = [total];
    if (groupBy !== null) {
      const block = Number(k) * 900_000;
      const name = groupBy === 'hour' ? hourKey(localTime(block, o.timeZone).hour) : groupBy === 'day' ? hallDay(block, o.timeZone) : String(k ?? '');
      let b = out.get(name);
      if (!b) out.set(name, (b = emptyBadRatings()));
      targets.push(b);
    }
    for (const b of targets) {
      b.count += count;
      b.resolvedOnTime += onTime;
      b.resolvedLate += late;
      b.overdue += overdue;
      b.open += count - onTime - late - overdue;
    }
  }
  return { byKey: out, total };
}

export interface SummaryData {
  rows: { key: string; f: Figures; peakWaiting: number | null; badRatings: BadRatings }[];
  total: { f: Figures; peakWaiting: number | null; badRatings: BadRatings };
}

/** The summary's figures by group (keys: service, counter or staff id, hour "00"–"23", or the day). */
export function summaryFigures(db: Db, range: ReportRange, groupBy: GroupBy, o: ReadOptions): SummaryData {
  const groups = new Map<string, Figures>();
  const total = emptyFigures();
  const keyOf = (c: CellVisit): string =>
    groupBy === 'service' ? c.serviceId : groupBy === 'counter' ? c.counterId : groupBy === 'staff' ? c.staffId : groupBy === 'hour' ? hourKey(c.hour) : c.day;
  const computed = visitCells(db, range, o, groupBy, (c, addTo) => {
    addTo(total);
    const key = keyOf(c);
    // Staff and counters are credited with the tickets they called; tickets never called are in the total only.
    if (key === '') return;
    let f = groups.get(key);
    if (!f) groups.set(key, (f = emptyFigures()));
    addTo(f);
  });
  // The most waiting at once by day (whole day), by hour of day and over the range, in one pass (not one per row).
  const peakByDay = new Map<string, number>();
  const peakByHour = new Map<string, number>();
  for (const [k, n] of peaksIn(db, range, computed)) {
    const [day, hour] = k.split('|') as [string, string];
    const [map, key] = hour === '-1' ? [peakByDay, day] : [peakByHour, hourKey(Number(hour))];
    map.set(key, Math.max(map.get(key) ?? 0, n));
  }
  const rangePeak = peakByDay.size > 0 ? Math.max(...peakByDay.values()) : null;
  const byService = groupBy === 'service' ? servicePeaks(db, range, computed) : null;
  const bad = badRatingsBy(db, range, o, groupBy);
  const rows = [...groups].map(([key, f]) => ({
    key,
    f,
    peakWaiting:
      groupBy === 'day' ? (peakByDay.get(key) ?? null) : groupBy === 'hour' ? (peakByHour.get(key) ?? null) : byService ? (byService.get(key) ?? null) : null,
    badRatings: bad.byKey.get(key) ?? emptyBadRatings(),
  }));
  return { rows, total: { f: total, peakWaiting: rangePeak, badRatings: bad.total } };
}

export interface StaffFigures {
  staffId: string;
  f: Figures;
  t: StaffTime;
}

/** Per member of staff: served and service times (from the cells) and signed-in, busy and pause time. */
export function staffFigures(db: Db, range: ReportRange, o: ReadOptions): StaffFigures[] {
  const out = new Map<string, StaffFigures>();
  const of = (staffId: string) => {
    let s = out.get(staffId);
    if (!s) out.set(staffId, (s = { staffId, f: emptyFigures(), t: emptyStaffTime() }));
    return s;
  };
  const computed = visitCells(db, range, o, 'staff', (c, addTo) => {
    if (c.staffId !== '') addTo(of(c.staffId).f);
  });
  const f = range.filter;
  const keep = (counterId: string, staffId: string) =>
    (f.counterId === undefined || counterId === f.counterId) && (f.staffId === undefined || staffId === f.staffId);
  const where = `${f.counterId !== undefined ? ' AND counter_id = @counterId' : ''}${f.staffId !== undefined ? ' AND staff_id = @staffId' : ''}`;
  const params: Record<string, string> = { from: range.from, to: range.to };
  if (f.counterId !== undefined) params.counterId = f.counterId;
  if (f.staffId !== undefined) params.staffId = f.staffId;
  for (const [staffId, signedIn, busy, pauseBreak, meeting, fault, other] of db
    .prepare(
      `SELECT staff_id, SUM(signed_in_s), SUM(busy_s), SUM(pause_break_s), SUM(pause_meeting_s), SUM(pause_system_fault_s), SUM(pause_other_s)
       FROM report_staff WHERE day BETWEEN @from AND @to${where} GROUP BY staff_id`,
    )
    .raw()
    .iterate(params) as Iterable<[string, number, number, number, number, number, number]>) {
    addStaffTime(of(staffId).t, { signedInSeconds: signedIn, busySeconds: busy, pauseSeconds: { break: pauseBreak, meeting, system_fault: fault, other } });
  }
  for (const d of computed) for (const s of d.staff.values()) if (keep(s.counterId, s.staffId)) addStaffTime(of(s.staffId).t, s.t);
  return [...out.values()];
}

export interface HeatCell {
  day: string;
  hour: number;
  f: Figures;
  peakWaiting: number | null;
}

/** Figures by (day, hour of day): the heatmap and the day's curve. */
export function heatmapFigures(db: Db, range: ReportRange, o: ReadOptions): HeatCell[] {
  const out = new Map<string, HeatCell>();
  const computed = visitCells(
    db,
    range,
    o,
    'hour',
    (c, addTo) => {
      const key = `${c.day}|${c.hour}`;
      let h = out.get(key);
      if (!h) out.set(key, (h = { day: c.day, hour: c.hour, f: emptyFigures(), peakWaiting: null }));
      addTo(h.f);
    },
    true,
  );
  for (const [key, n] of peaksIn(db, range, computed)) {
    const h = out.get(key);
    if (h) h.peakWaiting = n;
  }
  return [...out.values()].sort((a, b) => (a.day < b.day ? -1 : a.day > b.day ? 1 : a.hour - b.hour));
}
