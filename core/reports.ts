// Report figures, pure: fixed-bucket histograms of seconds, the figures of a cell of tickets, and the contract's row.

/**
 * Buckets of seconds: 15 s wide below 10 min, 1 min below 1 h, 5 min below 4 h, then one bucket for the rest.
 * A percentile is the middle of the bucket that holds it: off by at most half a bucket (7.5 s, 30 s, 2.5 min);
 * from 4 h on it reads 4 h. Means are exact (sums are kept).
 */
const STEPS: readonly { until: number; width: number }[] = [
  { until: 600, width: 15 },
  { until: 3600, width: 60 },
  { until: 14_400, width: 300 },
];
const LOWER: number[] = [];
const WIDTH: number[] = [];
for (let from = 0, i = 0; i < STEPS.length; i++) {
  const { until, width } = STEPS[i]!;
  for (let s = from; s < until; s += width) {
    LOWER.push(s);
    WIDTH.push(width);
  }
  from = until;
}
LOWER.push(14_400);
WIDTH.push(0);
export const BUCKETS = LOWER.length;

export function bucketOf(seconds: number): number {
  if (seconds < 600) return Math.max(0, Math.floor(seconds / 15));
  if (seconds < 3600) return 40 + Math.floor((seconds - 600) / 60);
  if (seconds < 14_400) return 90 + Math.floor((seconds - 3600) / 300);
  return BUCKETS - 1;
}

/** The largest error of a percentile that reads `seconds` (half its bucket). */
export const percentileError = (seconds: number): number => (WIDTH[bucketOf(seconds)] ?? 0) / 2;

/** Nearest-rank percentile (the smallest value with at least p·n values at or below it), as its bucket's middle. */
export function percentile(hist: ArrayLike<number>, n: number, p: number): number | null {
  if (n <= 0) return null;
  const rank = Math.max(1, Math.ceil(p * n));
  let seen = 0;
  for (let i = 0; i < BUCKETS; i++) {
    seen += hist[i] ?? 0;
    if (seen >= rank) return LOWER[i]! + WIDTH[i]! / 2;
  }
  return LOWER[BUCKETS - 1]!;
}

/** What a cell of tickets adds up to; cells of any days and keys merge by adding. */
export interface Figures {
  issued: number;
  served: number;
  noShow: number;
  cancelled: number;
  transferred: number;
  /** Tickets called at least once (no-shows included): the base of wait, service level and no-show rate. */
  called: number;
  /** Called tickets whose service has a target wait, and those of them called within it. */
  targeted: number;
  withinTarget: number;
  appointments: number;
  appointmentsOnTime: number;
  offline: number;
  waitSum: number;
  /** Completed visits with a service time (call → complete). */
  servedTimed: number;
  serviceSum: number;
  ratings: [number, number, number, number, number];
  waitHist: Uint32Array;
  serviceHist: Uint32Array;
}

const COUNTS = [
  'issued',
  'served',
  'noShow',
  'cancelled',
  'transferred',
  'called',
  'targeted',
  'withinTarget',
  'appointments',
  'appointmentsOnTime',
  'offline',
  'waitSum',
  'servedTimed',
  'serviceSum',
] as const;

export function emptyFigures(): Figures {
  return {
    issued: 0,
    served: 0,
    noShow: 0,
    cancelled: 0,
    transferred: 0,
    called: 0,
    targeted: 0,
    withinTarget: 0,
    appointments: 0,
    appointmentsOnTime: 0,
    offline: 0,
    waitSum: 0,
    servedTimed: 0,
    serviceSum: 0,
    ratings: [0, 0, 0, 0, 0],
    waitHist: new Uint32Array(BUCKETS),
    serviceHist: new Uint32Array(BUCKETS),
  };
}

export function addFigures(into: Figures, from: Figures): Figures {
  for (const k of COUNTS) into[k] += from[k];
  for (let i = 0; i < 5; i++) into.ratings[i]! += from.ratings[i]!;
  for (let i = 0; i < BUCKETS; i++) {
    into.waitHist[i]! += from.waitHist[i]!;
    into.serviceHist[i]! += from.serviceHist[i]!;
  }
  return into;
}

/** One ticket of the day, as the figures see it (times in ms). */
export interface TicketFact {
  status: 'waiting' | 'called' | 'serving' | 'done' | 'no_show' | 'cancelled';
  transferred: boolean;
  appointment: boolean;
  lateArrival: boolean;
  offline: boolean;
  issuedAt: number;
  /** The first call (before any transfer), null if never called. */
  firstCalledAt: number | null;
  /** The last call (the visit that ended), null if not called since its last transfer. */
  calledAt: number | null;
  endedAt: number | null;
  /** Target wait in seconds of the service it was first called for, null: none set. */
  targetSeconds: number | null;
  /** Tickets the day's end closed have no real service time. */
  endedByDayEnd: boolean;
}

export function addTicket(f: Figures, t: TicketFact): void {
  f.issued++;
  if (t.status === 'done') f.served++;
  else if (t.status === 'no_show') f.noShow++;
  else if (t.status === 'cancelled') f.cancelled++;
  if (t.transferred) f.transferred++;
  if (t.appointment) {
    f.appointments++;
    if (!t.lateArrival) f.appointmentsOnTime++;
  }
  if (t.offline) f.offline++;
  if (t.firstCalledAt !== null) {
    const wait = Math.max(0, (t.firstCalledAt - t.issuedAt) / 1000);
    f.called++;
    f.waitSum += wait;
    f.waitHist[bucketOf(wait)]!++;
    if (t.targetSeconds !== null) {
      f.targeted++;
      if (wait <= t.targetSeconds) f.withinTarget++;
    }
  }
  if (t.status === 'done' && t.calledAt !== null && t.endedAt !== null && !t.endedByDayEnd) {
    const service = Math.max(0, (t.endedAt - t.calledAt) / 1000);
    f.servedTimed++;
    f.serviceSum += service;
    f.serviceHist[bucketOf(service)]!++;
  }
}

export function addRating(f: Figures, level: number): void {
  if (level >= 1 && level <= 5) f.ratings[level - 1]!++;
}

// ── storage: a cell's figures as one blob (fixed numbers, then each histogram's non-empty buckets) ──

export function encodeFigures(f: Figures): Buffer {
  const out: number[] = COUNTS.map((k) => f[k]);
  out.push(...f.ratings);
  for (const hist of [f.waitHist, f.serviceHist]) {
    const at = out.length;
    out.push(0);
    for (let i = 0; i < BUCKETS; i++) {
      if (hist[i]) out.push(i, hist[i]!);
    }
    out[at] = (out.length - at - 1) / 2;
  }
  return Buffer.from(new Float64Array(out).buffer);
}

/** Adds a stored blob to `into` without building a Figures for it. */
export function addEncoded(into: Figures, blob: Uint8Array): void {
  // A view needs 8-byte alignment; a blob that lacks it is copied.
  const a = blob.byteOffset % 8 === 0 ? new Float64Array(blob.buffer, blob.byteOffset, blob.byteLength / 8) : new Float64Array(Uint8Array.from(blob).buffer);
  let i = 0;
  for (const k of COUNTS) into[k] += a[i++]!;
  for (let l = 0; l < 5; l++) into.ratings[l]! += a[i++]!;
  for (const hist of [into.waitHist, into.serviceHist]) {
    const n = a[i++]!;
    for (let j = 0; j < n; j++, i += 2) hist[a[i]!]! += a[i + 1]!;
  }
}

// ── the contract's row ──

const share = (part: number, whole: number): number | null => (whole > 0 ? Math.round((part / whole) * 10_000) / 10_000 : null);
const mean = (sum: number, n: number): number | null => (n > 0 ? Math.round(sum / n) : null);

export interface BadRatings {
  /** Follow-ups opened (ratings of 1 or 2) in the period. */
  count: number;
  resolvedOnTime: number;
  resolvedLate: number;
  /** Still open: not yet due, and past due. */
  open: number;
  overdue: number;
}

export const emptyBadRatings = (): BadRatings => ({ count: 0, resolvedOnTime: 0, resolvedLate: 0, open: 0, overdue: 0 });

export function summaryRow(key: string, label: string, f: Figures, extra: { peakWaiting: number | null; badRatings: BadRatings }) {
  const rated = f.ratings.reduce((a, b) => a + b, 0);
  const due = extra.badRatings.resolvedOnTime + extra.badRatings.resolvedLate + extra.badRatings.overdue;
  return {
    key,
    label,
    issued: f.issued,
    served: f.served,
    noShow: f.noShow,
    cancelled: f.cancelled,
    waitSeconds: { mean: mean(f.waitSum, f.called), p50: percentile(f.waitHist, f.called, 0.5), p90: percentile(f.waitHist, f.called, 0.9) },
    serviceSeconds: {
      mean: mean(f.serviceSum, f.servedTimed),
      p50: percentile(f.serviceHist, f.servedTimed, 0.5),
      p90: percentile(f.serviceHist, f.servedTimed, 0.9),
    },
    serviceLevel: share(f.withinTarget, f.targeted),
    ratings: {
      count: rated,
      byLevel: { '1': f.ratings[0], '2': f.ratings[1], '3': f.ratings[2], '4': f.ratings[3], '5': f.ratings[4] },
      satisfaction: share(f.ratings[3] + f.ratings[4], rated),
    },
    // Additions (issue 13)
    called: f.called,
    transferred: f.transferred,
    noShowRate: share(f.noShow, f.called),
    appointments: {
      count: f.appointments,
      share: share(f.appointments, f.issued),
      onTime: f.appointmentsOnTime,
      onTimeRate: share(f.appointmentsOnTime, f.appointments),
    },
    offline: { count: f.offline, share: share(f.offline, f.issued) },
    badRatings: { ...extra.badRatings, onTimeRate: share(extra.badRatings.resolvedOnTime, due) },
    peakWaiting: extra.peakWaiting,
  };
}

export type SummaryRow = ReturnType<typeof summaryRow>;

export const SUMMARY_CSV_HEADER = [
  'key',
  'label',
  'issued',
  'served',
  'noShow',
  'cancelled',
  'waitMean',
  'waitP50',
  'waitP90',
  'serviceMean',
  'serviceP50',
  'serviceP90',
  'serviceLevel',
  'ratings',
  'satisfaction',
] as const;

/** What a CSV line needs of a summary row: the hall's and the district's reports share the contract's columns. */
export type SummaryCsvRow = Pick<SummaryRow, 'key' | 'label' | 'issued' | 'served' | 'noShow' | 'cancelled' | 'serviceLevel'> & {
  waitSeconds: Pick<SummaryRow['waitSeconds'], 'mean' | 'p50' | 'p90'>;
  serviceSeconds: Pick<SummaryRow['serviceSeconds'], 'mean' | 'p50' | 'p90'>;
  ratings: Pick<SummaryRow['ratings'], 'count' | 'satisfaction'>;
};

export function summaryCsvValues(r: SummaryCsvRow): (string | number | null)[] {
  return [
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
}

/** RFC 4180: fields with a comma, quote or line break are quoted; a leading = + - @ is neutralised for spreadsheets. */
export function csvField(v: string | number | null): string {
  if (v === null) return '';
  if (typeof v === 'number') return String(v);
  const safe = /^[=+\-@]/.test(v) ? `'${v}` : v;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

export const csvText = (header: readonly string[], rows: readonly (readonly (string | number | null)[])[]): string =>
  [header, ...rows].map((r) => r.map(csvField).join(',')).join('\r\n') + '\r\n';

// ── pauses, sign-ins and busy time of one member of staff at one counter in one day ──

export const PAUSE_KEYS = ['break', 'meeting', 'system_fault', 'other'] as const;

export interface StaffTime {
  signedInSeconds: number;
  busySeconds: number;
  pauseSeconds: Record<(typeof PAUSE_KEYS)[number], number>;
}

export const emptyStaffTime = (): StaffTime => ({ signedInSeconds: 0, busySeconds: 0, pauseSeconds: { break: 0, meeting: 0, system_fault: 0, other: 0 } });

export function addStaffTime(into: StaffTime, from: StaffTime): StaffTime {
  into.signedInSeconds += from.signedInSeconds;
  into.busySeconds += from.busySeconds;
  for (const k of PAUSE_KEYS) into.pauseSeconds[k] += from.pauseSeconds[k];
  return into;
}

/** Idle: signed in, neither paused nor serving (call → end of each visit). */
export function idleSeconds(t: StaffTime): number {
  const paused = PAUSE_KEYS.reduce((n, k) => n + t.pauseSeconds[k], 0);
  return Math.max(0, Math.round(t.signedInSeconds - paused - t.busySeconds));
}
