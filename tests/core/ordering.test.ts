import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  LEASE_BASE,
  defaultOrderingPolicy,
  takeNumbers,
  estimateWaitSeconds,
  serviceSecondsEstimate,
  formatTicketNumber,
  type InterleaveState,
  type QueueCandidate,
} from '../../core/ordering.ts';

const t = (id: string, ticketClass: QueueCandidate['ticketClass'], sortAt: number, appointmentFrom: number | null = null): QueueCandidate => ({
  id,
  serviceId: 's',
  ticketClass,
  sortAt,
  issueOrder: sortAt,
  appointmentFrom,
});

/** Calls until the queue is empty and returns the order. */
function drain(policy: ReturnType<typeof defaultOrderingPolicy>, waiting: QueueCandidate[], now = 1000): string[] {
  const left = [...waiting];
  let state: InterleaveState = { lastClass: null, classRun: 0 };
  const order: string[] = [];
  for (;;) {
    const next = policy.pick(left, state, now);
    if (!next) return order;
    order.push(next.ticket.id);
    state = next.state;
    left.splice(left.indexOf(next.ticket), 1);
  }
}

describe('default ordering policy', () => {
  it('serves the longest waiting first within a lane, across services', () => {
    const policy = defaultOrderingPolicy({ priority: 2, normal: 1 });
    expect(drain(policy, [t('c', 'normal', 30), t('a', 'normal', 10), { ...t('b', 'normal', 20), serviceId: 'other' }])).toEqual(['a', 'b', 'c']);
  });

  it('interleaves priority and normal at the configured ratio, starving neither', () => {
    const waiting = [...Array.from({ length: 6 }, (_, i) => t(`p${i}`, 'priority', 100 + i)), ...Array.from({ length: 6 }, (_, i) => t(`n${i}`, 'normal', i))];
    expect(drain(defaultOrderingPolicy({ priority: 2, normal: 1 }), waiting)).toEqual(['p0', 'p1', 'n0', 'p2', 'p3', 'n1', 'p4', 'p5', 'n2', 'n3', 'n4', 'n5']);
    expect(drain(defaultOrderingPolicy({ priority: 1, normal: 3 }), waiting).slice(0, 8)).toEqual(['p0', 'n0', 'n1', 'n2', 'p1', 'n3', 'n4', 'n5']);
  });

  it('calls a normal ticket next when the priority run is over, even after a long priority-only spell', () => {
    const policy = defaultOrderingPolicy({ priority: 2, normal: 1 });
    const next = policy.pick([t('p', 'priority', 1), t('n', 'normal', 2)], { lastClass: 'priority', classRun: 9 }, 0);
    expect(next?.ticket.id).toBe('n');
    expect(next?.state).toEqual({ lastClass: 'normal', classRun: 1 });
  });

  it('puts checked-in appointments first once their window has begun, and only then', () => {
    const policy = defaultOrderingPolicy({ priority: 2, normal: 1 });
    const waiting = [t('n', 'normal', 1), t('p', 'priority', 2), t('apt', 'appointment', 50, 500)];
    expect(drain(policy, waiting, 400)).toEqual(['p', 'n', 'apt']);
    expect(drain(policy, waiting, 500)[0]).toBe('apt');
  });

  it('estimates how many will be called before a ticket', () => {
    const policy = defaultOrderingPolicy({ priority: 2, normal: 1 });
    const counts = {
      readyAppointment: { before: 0, total: 1 },
      priority: { before: 0, total: 5 },
      normal: { before: 3, total: 4 },
    };
    // 1 appointment + 3 normals ahead + up to 2 priorities per normal turn (4 turns → 8, capped at 5).
    expect(policy.ahead(t('me', 'normal', 10), counts, 0)).toBe(1 + 3 + 5);
    const pri = { ...counts, priority: { before: 4, total: 5 } };
    expect(policy.ahead(t('me', 'priority', 10), pri, 0)).toBe(1 + 4 + 2);
    expect(policy.ahead(t('me', 'appointment', 10, 0), { ...counts, readyAppointment: { before: 0, total: 0 } }, 0)).toBe(0);
  });

  it('estimates waiting time from tickets ahead, service time and open counters; none without an open counter', () => {
    expect(estimateWaitSeconds(0, 300, 2)).toBe(0);
    expect(estimateWaitSeconds(4, 300, 2)).toBe(600);
    expect(estimateWaitSeconds(4, 300, 0)).toBeNull();
    expect(estimateWaitSeconds(0, 300, 0)).toBeNull();
    // With someone ahead it is never "no wait", however quick the counters have been.
    expect(estimateWaitSeconds(2, 1, 3)).toBe(60);
  });

  it('formats numbers with three digits, then grows', () => {
    expect(formatTicketNumber('A', 1)).toBe('A001');
    expect(formatTicketNumber('B', 999)).toBe('B999');
    expect(formatTicketNumber('B', 1000)).toBe('B1000');
  });
});

describe('numbers and kiosk leases', () => {
  const start = { next: 1, leaseNext: 0 };

  it('counts issued tickets from 1 and leases from LEASE_BASE, so counter numbers stay in order', () => {
    const a = takeNumbers(start, 'issue', 1);
    const lease = takeNumbers(a.cursor, 'lease', 20);
    const b = takeNumbers(lease.cursor, 'issue', 1);
    const lease2 = takeNumbers(b.cursor, 'lease', 20);
    expect([a.first, lease.first, b.first, lease2.first]).toEqual([1, LEASE_BASE, 2, LEASE_BASE + 20]);
  });

  it('jumps issued numbers over the leased range when they reach it, and leases above what was issued', () => {
    expect(takeNumbers({ next: LEASE_BASE, leaseNext: LEASE_BASE + 40 }, 'issue', 1).first).toBe(LEASE_BASE + 40);
    expect(takeNumbers({ next: LEASE_BASE + 5, leaseNext: 0 }, 'lease', 10).first).toBe(LEASE_BASE + 5);
    expect(takeNumbers({ next: 950, leaseNext: 0 }, 'issue', 1).first).toBe(950);
  });

  it('never gives a number twice, whatever the mix of issues and leases', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.constantFrom<'issue' | 'lease'>('issue', 'lease'), fc.integer({ min: 1, max: 400 })), { maxLength: 60 }), (steps) => {
        let cursor = start;
        const seen = new Set<number>();
        for (const [lane, count] of steps) {
          const taken = takeNumbers(cursor, lane, lane === 'issue' ? 1 : count);
          for (let n = taken.first; n < taken.first + (lane === 'issue' ? 1 : count); n++) {
            expect(seen.has(n)).toBe(false);
            seen.add(n);
          }
          cursor = taken.cursor;
        }
      }),
      { numRuns: 500 },
    );
  });
});

describe('seconds per ticket for the wait estimate', () => {
  const DEFAULT = 300;
  const normal = (n: number, from = 240) => Array.from({ length: n }, (_, i) => from + (i % 5) * 30);

  it("is the service's default until the day has completions", () => {
    expect(serviceSecondsEstimate([], DEFAULT)).toBe(300);
  });

  it('a single quick completion at the start of the day barely moves it', () => {
    const one = serviceSecondsEstimate([2], DEFAULT);
    expect(one).toBeGreaterThan(200);
    expect(one).toBeLessThanOrEqual(300);
    // Each further completion weighs more until MIN_SERVICE_SAMPLE have been seen.
    expect(serviceSecondsEstimate([120, 120], DEFAULT)).toBeCloseTo((2 * 120 + 3 * 300) / 5);
  });

  it('a few 2-second completions among normal ones leave it near the normal pace', () => {
    const samples = [...normal(12), 2, 2, 2, 3];
    const s = serviceSecondsEstimate(samples, DEFAULT);
    expect(s).toBeGreaterThanOrEqual(240);
    expect(s).toBeLessThanOrEqual(360);
    // A mean would have been dragged down by them.
    const mean = samples.reduce((a, b) => a + b, 0) / samples.length;
    expect(s).toBeGreaterThan(mean);
  });

  it('a burst of nothing but quick completions never takes it below a fifth of the default', () => {
    expect(serviceSecondsEstimate([2, 2, 3, 1, 2, 2, 2, 4], DEFAULT)).toBe(60);
    expect(serviceSecondsEstimate([0, 0, 0, 0, 0], 60)).toBe(30);
  });

  it('one very slow completion does not blow it up', () => {
    const s = serviceSecondsEstimate([...normal(9), 7200], DEFAULT);
    expect(s).toBeLessThanOrEqual(360);
  });

  it('follows a real change of pace once it is the usual one', () => {
    expect(serviceSecondsEstimate(Array(10).fill(600), DEFAULT)).toBe(600);
    expect(serviceSecondsEstimate(Array(10).fill(100), DEFAULT)).toBe(100);
  });

  it('for any sample: positive, and between the floor and the largest of sample and default', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: 0, max: 20_000, noNaN: true }), { maxLength: 50 }), fc.integer({ min: 10, max: 14_400 }), (samples, d) => {
        const s = serviceSecondsEstimate(samples, d);
        expect(s).toBeGreaterThanOrEqual(Math.max(30, d / 5));
        expect(s).toBeLessThanOrEqual(Math.max(30, d, ...samples));
      }),
    );
  });
});
