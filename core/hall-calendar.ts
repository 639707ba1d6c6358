// When a service takes walk-in tickets: its weekly hours (gaps between periods are breaks), the last-ticket cut-off,
// and the hall calendar — a holiday closes the hall for issuing, a 调休 workday opens it with Monday's hours.
import { HallError } from './errors.ts';
import { addDays, hallDay, localTime, startOfHallDay, type OpeningPeriod } from './time.ts';

export interface HallCalendar {
  timeZone: string;
  holidays: readonly string[];
  extraWorkdays: readonly string[];
  /** Names of calendar days (国庆节, 国庆节调休). */
  calendarNames?: Readonly<Record<string, string>> | undefined;
}

export interface OpeningRules {
  openingHours: readonly OpeningPeriod[] | null;
  /** No new walk-in ticket this many minutes before each period ends (before a break and before closing). */
  cutoffMinutes: number | null;
}

/** A closure as the API sends it: `nextOpening` as ISO-8601 with offset. */
export type ClosureView = Omit<Closure, 'nextOpening'> & { nextOpening: string | null };

export type DayKind = 'holiday' | 'workday' | 'regular';

export const CLOSURE_REASONS = ['holiday', 'closed_today', 'before_opening', 'break', 'after_closing', 'cut_off', 'appointments_only'] as const;
export type ClosureReason = (typeof CLOSURE_REASONS)[number];

/** Why walk-in tickets are refused now, and when they are next taken (epoch ms; null: not within two weeks). */
export interface Closure {
  code: 'HALL_CLOSED' | 'SERVICE_CLOSED' | 'APPOINTMENTS_ONLY';
  reason: ClosureReason;
  nextOpening: number | null;
  /** The holiday's name on a holiday. */
  holidayName: string | null;
}

export function dayKind(day: string, calendar: HallCalendar): DayKind {
  if (calendar.holidays.includes(day)) return 'holiday';
  if (calendar.extraWorkdays.includes(day)) return 'workday';
  return 'regular';
}

/** 1 = Monday … 7 = Sunday, of a YYYY-MM-DD day. */
export function weekdayOf(day: string): number {
  return new Date(`${day}T00:00:00Z`).getUTCDay() || 7;
}

/** The weekday whose hours a day keeps: a 调休 workday keeps Monday's. */
function scheduleWeekday(day: string, calendar: HallCalendar): number {
  return dayKind(day, calendar) === 'workday' ? 1 : weekdayOf(day);
}

const minutesOf = (hhmm: string): number => {
  const [h, m] = hhmm.split(':').map(Number) as [number, number];
  return h * 60 + m;
};

interface Span {
  from: number;
  to: number;
  appointmentsOnly: boolean;
}

function spansOn(hours: readonly OpeningPeriod[], weekday: number): Span[] {
  return hours
    .filter((p) => !p.weekdays || p.weekdays.includes(weekday))
    .map((p) => ({ from: minutesOf(p.from), to: minutesOf(p.to), appointmentsOnly: p.appointmentsOnly === true }))
    .sort((a, b) => a.from - b.from);
}

/** The first walk-in period start after minute `afterMinute` of `day` (or on a later day), within two weeks. */
export function nextWalkInOpening(rules: OpeningRules, day: string, afterMinute: number, calendar: HallCalendar): number | null {
  for (let i = 0; i < 15; i++) {
    const d = addDays(day, i);
    if (dayKind(d, calendar) === 'holiday') continue;
    const after = i === 0 ? afterMinute : -1;
    if (!rules.openingHours || rules.openingHours.length === 0) {
      if (i > 0) return startOfHallDay(d, calendar.timeZone);
      continue;
    }
    const start = spansOn(rules.openingHours, scheduleWeekday(d, calendar)).find((s) => !s.appointmentsOnly && s.from > after);
    if (start) return startOfHallDay(d, calendar.timeZone) + start.from * 60_000;
  }
  return null;
}

/** Null when the service takes walk-in tickets at `now`; appointment check-ins are not held to this. */
export function walkInClosure(rules: OpeningRules, now: number, calendar: HallCalendar): Closure | null {
  const day = hallDay(now, calendar.timeZone);
  const t = localTime(now, calendar.timeZone);
  const minute = t.hour * 60 + t.minute;
  const closed = (code: Closure['code'], reason: ClosureReason, after = minute): Closure => ({
    code,
    reason,
    nextOpening: nextWalkInOpening(rules, day, after, calendar),
    holidayName: reason === 'holiday' ? (calendar.calendarNames?.[day] ?? null) : null,
  });
  if (dayKind(day, calendar) === 'holiday') return closed('HALL_CLOSED', 'holiday', 24 * 60);
  if (!rules.openingHours || rules.openingHours.length === 0) return null;
  const spans = spansOn(rules.openingHours, scheduleWeekday(day, calendar));
  const current = spans.find((s) => minute >= s.from && minute < s.to && !s.appointmentsOnly);
  if (current) {
    const cutoff = rules.cutoffMinutes ?? 0;
    return cutoff > 0 && minute >= current.to - cutoff ? closed('SERVICE_CLOSED', 'cut_off') : null;
  }
  if (spans.some((s) => minute >= s.from && minute < s.to)) return closed('APPOINTMENTS_ONLY', 'appointments_only');
  const walkIns = spans.filter((s) => !s.appointmentsOnly);
  if (walkIns.length === 0) return closed('SERVICE_CLOSED', 'closed_today');
  if (minute < walkIns[0]!.from) return closed('SERVICE_CLOSED', 'before_opening');
  if (walkIns.some((s) => s.from > minute)) return closed('SERVICE_CLOSED', 'break');
  return closed('SERVICE_CLOSED', 'after_closing');
}

// ── the calendar of a year, imported as CSV or JSON ──

export const CALENDAR_KINDS = ['holiday', 'workday'] as const;
export type CalendarKind = (typeof CALENDAR_KINDS)[number];

export interface CalendarEntry {
  date: string;
  kind: CalendarKind;
  name: string;
}

function isRealDay(day: string): boolean {
  const ms = Date.parse(`${day}T00:00:00Z`);
  return /^\d{4}-\d{2}-\d{2}$/.test(day) && !Number.isNaN(ms) && new Date(ms).toISOString().slice(0, 10) === day;
}

const bad = (where: string, line: number, field: string, message: string): HallError =>
  new HallError(400, 'VALIDATION_FAILED', `${where} ${line}: ${message}`, { line, field });

function checkEntry(raw: { date: unknown; kind: unknown; name: unknown }, year: number, where: string, line: number, seen: Set<string>): CalendarEntry {
  const date = typeof raw.date === 'string' ? raw.date.trim() : '';
  if (!isRealDay(date)) throw bad(where, line, 'date', `"${String(raw.date ?? '')}" is not a date: write it as YYYY-MM-DD`);
  if (!date.startsWith(`${year}-`)) throw bad(where, line, 'date', `${date} is not in ${year}: import one year at a time`);
  if (seen.has(date)) throw bad(where, line, 'date', `${date} is listed twice: keep one line per day`);
  seen.add(date);
  const kind = typeof raw.kind === 'string' ? raw.kind.trim() : '';
  if (!(CALENDAR_KINDS as readonly string[]).includes(kind)) {
    throw bad(where, line, 'kind', `kind "${kind}" is neither holiday (放假) nor workday (调休上班)`);
  }
  if (kind === 'workday' && weekdayOf(date) < 6) {
    throw bad(where, line, 'kind', `${date} is a weekday already: a workday (调休上班) falls on a Saturday or Sunday`);
  }
  const name = typeof raw.name === 'string' ? raw.name.trim() : '';
  if (name.length > 40) throw bad(where, line, 'name', 'the name is longer than 40 characters');
  return { date, kind: kind as CalendarKind, name };
}

/** CSV lines `date,kind,name` (a header line is allowed); errors name the line. */
export function parseCalendarCsv(text: string, year: number): CalendarEntry[] {
  const seen = new Set<string>();
  const entries: CalendarEntry[] = [];
  text
    .replace(/^\uFEFF/, '')
    .split(/\r?\n/)
    .forEach((raw, i) => {
      const line = raw.trim();
      if (line === '' || (i === 0 && /^date\s*,/i.test(line))) return;
      const [date, kind, ...rest] = line.split(',');
      const name = rest
        .join(',')
        .trim()
        .replace(/^"(.*)"$/, '$1');
      entries.push(checkEntry({ date, kind, name }, year, 'line', i + 1, seen));
    });
  return entries;
}

/** A JSON array of `{date, kind, name}` (or `{items: [...]}`); errors name the item, counted from 1. */
export function parseCalendarJson(text: string, year: number): CalendarEntry[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (error) {
    throw new HallError(400, 'VALIDATION_FAILED', `not JSON: ${(error as Error).message}`, { field: 'content' });
  }
  const items = Array.isArray(parsed) ? parsed : (parsed as { items?: unknown } | null)?.items;
  if (!Array.isArray(items)) throw new HallError(400, 'VALIDATION_FAILED', 'expected an array of {date, kind, name}', { field: 'content' });
  const seen = new Set<string>();
  return items.map((item: unknown, i) => {
    if (typeof item !== 'object' || item === null) throw bad('item', i + 1, 'item', 'expected an object {date, kind, name}');
    const o = item as Record<string, unknown>;
    return checkEntry({ date: o.date, kind: o.kind, name: o.name }, year, 'item', i + 1, seen);
  });
}

/** The hall calendar with `year` replaced by `entries`; other years stay. */
export function withCalendarYear(
  calendar: Pick<HallCalendar, 'holidays' | 'extraWorkdays' | 'calendarNames'>,
  year: number,
  entries: readonly CalendarEntry[],
): { holidays: string[]; extraWorkdays: string[]; calendarNames: Record<string, string> } {
  const other = (d: string) => !d.startsWith(`${year}-`);
  const names = Object.fromEntries(Object.entries(calendar.calendarNames ?? {}).filter(([d]) => other(d)));
  for (const e of entries) if (e.name) names[e.date] = e.name;
  return {
    holidays: [...calendar.holidays.filter(other), ...entries.filter((e) => e.kind === 'holiday').map((e) => e.date)].sort(),
    extraWorkdays: [...calendar.extraWorkdays.filter(other), ...entries.filter((e) => e.kind === 'workday').map((e) => e.date)].sort(),
    calendarNames: names,
  };
}

/** The entries of one year, by date. */
export function calendarYear(calendar: Pick<HallCalendar, 'holidays' | 'extraWorkdays' | 'calendarNames'>, year: number): CalendarEntry[] {
  const of = (days: readonly string[], kind: CalendarKind) =>
    days.filter((d) => d.startsWith(`${year}-`)).map((date) => ({ date, kind, name: calendar.calendarNames?.[date] ?? '' }));
  return [...of(calendar.holidays, 'holiday'), ...of(calendar.extraWorkdays, 'workday')].sort((a, b) => a.date.localeCompare(b.date));
}
