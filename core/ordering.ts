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
  pick(
    waiting: readonly QueueCandidate[],
    state: InterleaveState,
    now: number,
  ): { ticket: QueueCandidate; state: InterleaveState } | null;
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

/** Seconds until a ticket is likely called: tickets ahead × mean service time ÷ counters open for it. */
export function estimateWaitSeconds(ahead: number, meanServiceSeconds: number, openCounters: number): number {
  if (ahead <= 0) return 0;
  return Math.round((ahead * meanServiceSeconds) / Math.max(1, openCounters));
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
