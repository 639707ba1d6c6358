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

/** The last instant converted: a busy server asks for the same second many times (formatToParts costs µs). */
let last: { timeZone: string; second: number; value: Readonly<LocalTime> } | null = null;

export function localTime(ms: number, timeZone: string): Readonly<LocalTime> {
  const second = Math.floor(ms / 1000);
  if (last && last.second === second && last.timeZone === timeZone) return last.value;
  const out: Record<string, string> = {};
  for (const p of formatter(timeZone).formatToParts(ms)) out[p.type] = p.value;
  const value = Object.freeze({
    year: Number(out.year),
    month: Number(out.month),
    day: Number(out.day),
    hour: Number(out.hour),
    minute: Number(out.minute),
    second: Number(out.second),
    weekday: WEEKDAYS[out.weekday ?? ''] ?? 1,
  });
  last = { timeZone, second, value };
  return value;
}

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
  const t = localTime(ms, timeZone);
  return `${t.year}-${pad(t.month)}-${pad(t.day)}`;
}

/** Offset of the zone from UTC at `ms`, in minutes (Asia/Shanghai: +480). */
export function zoneOffsetMinutes(ms: number, timeZone: string): number {
  const t = localTime(ms, timeZone);
  const asUtc = Date.UTC(t.year, t.month - 1, t.day, t.hour, t.minute, t.second);
  return Math.round((asUtc - Math.floor(ms / 1000) * 1000) / 60000);
}

/** 2026-11-23T09:05:00.000+08:00 */
export function isoInZone(ms: number, timeZone: string): string {
  const t = localTime(ms, timeZone);
  const off = zoneOffsetMinutes(ms, timeZone);
  const sign = off < 0 ? '-' : '+';
  const abs = Math.abs(off);
  return (
    `${t.year}-${pad(t.month)}-${pad(t.day)}T${pad(t.hour)}:${pad(t.minute)}:${pad(t.second)}.${pad(ms % 1000 < 0 ? 0 : ms % 1000, 3)}` +
    `${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`
  );
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
