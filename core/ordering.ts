// Queue ordering as one replaceable policy object; the default is the contract's.
import type { TicketClass, TicketRecord } from './model.ts';

export interface QueueCandidate {
  id: string;
  serviceId: string;
  ticketClass: TicketClass;
  sortAt: number;
  /** Insertion order: the tie-break within one millisecond. */
  issueOrder: number;
  appointmentFrom: number | null;
}

export interface InterleaveState {
  lastClass: 'priority' | 'normal' | null;
  classRun: number;
}

/** Waiting tickets of one service relative to a target ticket (the target itself excluded). */
export interface LaneCounts {
  before: number;
  total: number;
}

export interface ServiceQueueCounts {
  readyAppointment: LaneCounts;
  priority: LaneCounts;
  normal: LaneCounts;
}

export interface OrderingPolicy {
  readonly name: string;
  /** The next ticket for a counter among the waiting tickets of its services, or null. */
  pick(waiting: readonly QueueCandidate[], state: InterleaveState, now: number): { ticket: QueueCandidate; state: InterleaveState } | null;
  /** The lane a waiting ticket is in at `now`. */
  lane(ticket: QueueCandidate, now: number): 'readyAppointment' | 'priority' | 'normal';
  /** How many tickets of the same service will be called before the target. */
  ahead(target: QueueCandidate, counts: ServiceQueueCounts, now: number): number;
}

const earliest = (list: readonly QueueCandidate[]): QueueCandidate | undefined => {
  let best: QueueCandidate | undefined;
  for (const t of list) if (!best || t.sortAt < best.sortAt || (t.sortAt === best.sortAt && t.issueOrder < best.issueOrder)) best = t;
  return best;
};

/**
 * Checked-in appointments whose window has begun first; then priority and normal tickets interleaved
 * at `ratio` so neither lane starves; within a lane, longest waiting first by original issue time.
 */
export function defaultOrderingPolicy(ratio: { priority: number; normal: number }): OrderingPolicy {
  const p = Math.max(1, Math.floor(ratio.priority));
  const n = Math.max(1, Math.floor(ratio.normal));
  const lane: OrderingPolicy['lane'] = (t, now) => {
    if (t.ticketClass === 'appointment') {
      return t.appointmentFrom !== null && t.appointmentFrom <= now ? 'readyAppointment' : 'normal';
    }
    return t.ticketClass;
  };
  return {
    name: `default(priority ${p}:${n} normal)`,
    lane,
    pick(waiting, state, now) {
      const ready = earliest(waiting.filter((t) => lane(t, now) === 'readyAppointment'));
      if (ready) return { ticket: ready, state };
      const pri = earliest(waiting.filter((t) => lane(t, now) === 'priority'));
      const norm = earliest(waiting.filter((t) => lane(t, now) === 'normal'));
      let take: 'priority' | 'normal';
      if (pri && norm) {
        const runOver = state.lastClass === 'priority' ? state.classRun >= p : state.lastClass === 'normal' ? state.classRun >= n : false;
        const current = state.lastClass ?? 'priority';
        take = runOver ? (current === 'priority' ? 'normal' : 'priority') : current;
      } else if (pri) {
        take = 'priority';
      } else if (norm) {
        take = 'normal';
      } else {
        return null;
      }
      const ticket = take === 'priority' ? pri! : norm!;
      const classRun = state.lastClass === take ? state.classRun + 1 : 1;
      return { ticket, state: { lastClass: take, classRun } };
    },
    ahead(target, counts, now) {
      const mine = lane(target, now);
      if (mine === 'readyAppointment') return counts.readyAppointment.before;
      const ready = counts.readyAppointment.total;
      if (mine === 'priority') {
        const priorityAhead = counts.priority.before;
        return ready + priorityAhead + Math.min(counts.normal.total, n * Math.floor(priorityAhead / p));
      }
      const normalAhead = counts.normal.before;
      return ready + normalAhead + Math.min(counts.priority.total, p * Math.ceil((normalAhead + 1) / n));
    },
  };
}

export function toCandidate(t: TicketRecord): QueueCandidate {
  return {
    id: t.id,
    serviceId: t.serviceId,
    ticketClass: t.ticketClass,
    sortAt: t.sortAt,
    issueOrder: t.issueOrder,
    appointmentFrom: t.appointmentFrom,
  };
}

/** The target's service's waiting tickets per lane at `now`: how many in all, how many came before it. */
export function queueCounts(policy: OrderingPolicy, waiting: readonly QueueCandidate[], target: QueueCandidate, now: number): ServiceQueueCounts {
  const counts: ServiceQueueCounts = { readyAppointment: { before: 0, total: 0 }, priority: { before: 0, total: 0 }, normal: { before: 0, total: 0 } };
  for (const t of waiting) {
    if (t.serviceId !== target.serviceId || t.issueOrder === target.issueOrder) continue;
    const lane = counts[policy.lane(t, now)];
    lane.total += 1;
    if (t.sortAt < target.sortAt || (t.sortAt === target.sortAt && t.issueOrder < target.issueOrder)) lane.before += 1;
  }
  return counts;
}

/** Completions of the day a service needs before its own times count alone; fewer are blended with its default. */
export const MIN_SERVICE_SAMPLE = 5;
/** An estimate for someone with people ahead is at least this: never "no wait" while others wait first. */
export const MIN_WAIT_SECONDS = 60;

/**
 * Seconds one ticket takes at a counter: the median of the day's latest completions (one very quick or very slow
 * one moves it little), blended with the service's default while there are fewer than MIN_SERVICE_SAMPLE, and never
 * under a fifth of the default (30 s at least): a burst of tickets closed in seconds is not the hall's pace.
 */
export function serviceSecondsEstimate(samples: readonly number[], defaultSeconds: number): number {
  const floor = Math.max(30, defaultSeconds / 5);
  if (samples.length === 0) return Math.max(floor, defaultSeconds);
  const sorted = [...samples].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  const median = sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
  const n = Math.min(sorted.length, MIN_SERVICE_SAMPLE);
  const blended = (n * median + (MIN_SERVICE_SAMPLE - n) * defaultSeconds) / MIN_SERVICE_SAMPLE;
  return Math.max(floor, blended);
}

/**
 * Seconds until a ticket is likely called: tickets ahead × seconds per ticket ÷ counters open for it, at least
 * MIN_WAIT_SECONDS with anyone ahead; null when no counter is open for the service (nobody will call it yet).
 */
export function estimateWaitSeconds(ahead: number, serviceSeconds: number, openCounters: number): number | null {
  if (openCounters <= 0) return null;
  if (ahead <= 0) return 0;
  return Math.max(MIN_WAIT_SECONDS, Math.round((ahead * serviceSeconds) / openCounters));
}

/** Kiosk leases start here, so the numbers people get at the counter or an online kiosk run A001, A002 … */
export const LEASE_BASE = 901;

/** Where a prefix's numbering stands for a day; `leaseNext` 0 while nothing is leased. */
export interface NumberCursor {
  next: number;
  leaseNext: number;
}

/**
 * Takes `count` numbers that were never given out: issued tickets count up from 1 and jump over the
 * leased range when they reach it; leases count up from LEASE_BASE, above anything already issued.
 */
export function takeNumbers(cursor: NumberCursor, lane: 'issue' | 'lease', count: number): { first: number; cursor: NumberCursor } {
  if (lane === 'lease') {
    const first = Math.max(cursor.leaseNext || LEASE_BASE, cursor.next);
    return { first, cursor: { ...cursor, leaseNext: first + count } };
  }
  let first = cursor.next;
  const leased = cursor.leaseNext > 0;
  if (leased && first + count - 1 >= LEASE_BASE && first < cursor.leaseNext) first = cursor.leaseNext;
  return { first, cursor: { ...cursor, next: first + count } };
}

/** A001 … A999, then A1000: numbers are never reused within a day. */
export function formatTicketNumber(prefix: string, n: number): string {
  return prefix + String(n).padStart(3, '0');
}
