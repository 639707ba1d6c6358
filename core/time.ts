// The hall's local calendar: service days, opening hours and ISO times with offset, for any IANA zone.

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      weekday: 'short',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

export interface LocalTime {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  /** 1 = Monday … 7 = Sunday */
  weekday: number;
}

const WEEKDAYS: Record<string, number> = { Mon: 1, Tue: 2, Wed: 3, Thu: 4, Fri: 5, Sat: 6, Sun: 7 };

/**
 * The last second converted, with its day and ISO text once asked for: a busy server asks for the same second
 * many times (formatToParts costs µs).
 */
let last: { timeZone: string; second: number; value: Readonly<LocalTime>; day: string | null; iso: { head: string; offset: string } | null } | null = null;

function lastSecond(ms: number, timeZone: string): NonNullable<typeof last> {
  const second = Math.floor(ms / 1000);
  if (!last || last.second !== second || last.timeZone !== timeZone) last = { timeZone, second, value: convert(ms, timeZone), day: null, iso: null };
  return last;
}

export function localTime(ms: number, timeZone: string): Readonly<LocalTime> {
  return lastSecond(ms, timeZone).value;
}

function byParts(ms: number, timeZone: string): Readonly<LocalTime> {
  const out: Record<string, string> = {};
  for (const p of formatter(timeZone).formatToParts(ms)) out[p.type] = p.value;
  return Object.freeze({
    year: Number(out.year),
    month: Number(out.month),
    day: Number(out.day),
    hour: Number(out.hour),
    minute: Number(out.minute),
    second: Number(out.second),
    weekday: WEEKDAYS[out.weekday ?? ''] ?? 1,
  });
}

const BLOCK_MS = 900_000;
/**
 * Offsets from UTC (ms) by zone and quarter hour: offset changes fall on quarter hours, so one formatToParts per
 * block serves every second in it (formatToParts costs µs; a day's report or a busy writer converts thousands of
 * different seconds). A block whose two ends differ (an odd historical offset) is converted second by second.
 */
const offsets = new Map<string, Map<number, number | null>>();

function blockOffset(block: number, timeZone: string): number | null {
  let zone = offsets.get(timeZone);
  if (!zone) offsets.set(timeZone, (zone = new Map()));
  let offset = zone.get(block);
  if (offset === undefined) {
    const at = (ms: number) => {
      const t = byParts(ms, timeZone);
      return Date.UTC(t.year, t.month - 1, t.day, t.hour, t.minute, t.second) - ms;
    };
    const start = block * BLOCK_MS;
    const first = at(start);
    offset = first === at(start + BLOCK_MS - 1000) ? first : null;
    if (zone.size >= 100_000) zone.clear();
    zone.set(block, offset);
  }
  return offset;
}

function convert(ms: number, timeZone: string): Readonly<LocalTime> {
  const second = Math.floor(ms / 1000) * 1000;
  const offset = blockOffset(Math.floor(second / BLOCK_MS), timeZone);
  if (offset === null) return byParts(second, timeZone);
  const d = new Date(second + offset);
  return Object.freeze({
    year: d.getUTCFullYear(),
    month: d.getUTCMonth() + 1,
    day: d.getUTCDate(),
    hour: d.getUTCHours(),
    minute: d.getUTCMinutes(),
    second: d.getUTCSeconds(),
    weekday: d.getUTCDay() || 7,
  });
}

/** The calendar's answer without the quarter-hour cache, for tests that check the cache against it. */
export const localTimeByParts = (ms: number, timeZone: string): Readonly<LocalTime> => byParts(ms, timeZone);

export function isValidTimeZone(timeZone: string): boolean {
  try {
    formatter(timeZone);
    return true;
  } catch {
    return false;
  }
}

const pad = (n: number, width = 2): string => String(n).padStart(width, '0');

/** The service day (YYYY-MM-DD) that instant `ms` falls in, at the hall. */
export function hallDay(ms: number, timeZone: string): string {
  const entry = lastSecond(ms, timeZone);
  if (entry.day === null) {
    const t = entry.value;
    entry.day = `${t.year}-${pad(t.month)}-${pad(t.day)}`;
  }
  return entry.day;
}

/** The calendar day `n` days after `day` (YYYY-MM-DD; `n` may be negative). */
export function addDays(day: string, n: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);
}

/** Offset of the zone from UTC at `ms`, in minutes (Asia/Shanghai: +480). */
export function zoneOffsetMinutes(ms: number, timeZone: string): number {
  const t = localTime(ms, timeZone);
  const asUtc = Date.UTC(t.year, t.month - 1, t.day, t.hour, t.minute, t.second);
  return Math.round((asUtc - Math.floor(ms / 1000) * 1000) / 60000);
}

/** 2026-11-23T09:05:00.000+08:00 */
export function isoInZone(ms: number, timeZone: string): string {
  const entry = lastSecond(ms, timeZone);
  // The text up to the milliseconds and the offset are the same all second: only the milliseconds go between.
  if (entry.iso === null) {
    const t = entry.value;
    const off = zoneOffsetMinutes(ms, timeZone);
    const abs = Math.abs(off);
    entry.iso = {
      head: `${hallDay(ms, timeZone)}T${pad(t.hour)}:${pad(t.minute)}:${pad(t.second)}.`,
      offset: `${off < 0 ? '-' : '+'}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`,
    };
  }
  return `${entry.iso.head}${pad(ms % 1000 < 0 ? 0 : ms % 1000, 3)}${entry.iso.offset}`;
}

/** Instant of local midnight starting `day` at the hall (handles zones with DST). */
export function startOfHallDay(day: string, timeZone: string): number {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  let guess = Date.UTC(y, m - 1, d);
  for (let i = 0; i < 3; i++) {
    guess = Date.UTC(y, m - 1, d) - zoneOffsetMinutes(guess, timeZone) * 60000;
  }
  return guess;
}

export interface OpeningPeriod {
  /** 1 = Monday … 7 = Sunday; omitted means every day */
  weekdays?: number[] | undefined;
  /** HH:MM, local */
  from: string;
  /** HH:MM, local; 24:00 allowed */
  to: string;
}

const minutesOf = (hhmm: string): number => {
  const [h, m] = hhmm.split(':').map(Number) as [number, number];
  return h * 60 + m;
};

/** No periods means open around the clock. */
export function isOpenAt(periods: readonly OpeningPeriod[] | null | undefined, ms: number, timeZone: string): boolean {
  if (!periods || periods.length === 0) return true;
  const t = localTime(ms, timeZone);
  const now = t.hour * 60 + t.minute;
  return periods.some(
    (p) => (!p.weekdays || p.weekdays.includes(t.weekday)) && now >= minutesOf(p.from) && now < minutesOf(p.to),
  );
}
