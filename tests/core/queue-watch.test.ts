// The rules of queue alerts (建议增开窗口): which limit applies to a service, and when a queue has reached it.
import { describe, expect, it } from 'vitest';
import { breachOf, breaches, limitsFor, type ServiceQueueState } from '../../core/queue-watch.ts';

const NOW = Date.parse('2026-11-23T10:00:00+08:00');
const state = (waiting: number, waitedMinutes: number | null, serviceId = 's1'): ServiceQueueState => ({
  serviceId,
  name: serviceId,
  waiting,
  waitingSince: waitedMinutes === null ? null : NOW - waitedMinutes * 60_000,
});

describe('limitsFor', () => {
  it("takes a service's own field where given (null included: no limit there) and the hall's otherwise", () => {
    const settings = { waiting: 10, waitMinutes: 30, services: { s1: { waiting: 4 }, s2: { waitMinutes: null } } };
    expect(limitsFor(settings, 's1')).toEqual({ waiting: 4, waitMinutes: 30 });
    expect(limitsFor(settings, 's2')).toEqual({ waiting: 10, waitMinutes: null });
    expect(limitsFor(settings, 's3')).toEqual({ waiting: 10, waitMinutes: 30 });
  });
});

describe('breachOf', () => {
  it('opens at the limit, not below it, and names what was reached', () => {
    const limits = { waiting: 5, waitMinutes: 20 };
    expect(breachOf(state(4, 19), limits, NOW)).toBeNull();
    expect(breachOf(state(5, 19), limits, NOW)?.reached).toEqual(['waiting']);
    expect(breachOf(state(4, 20), limits, NOW)).toEqual({ waiting: 4, longestWaitSeconds: 1200, limits, reached: ['wait'] });
    expect(breachOf(state(6, 45), limits, NOW)?.reached).toEqual(['waiting', 'wait']);
  });

  it('no limits, or nobody waiting, is never a breach', () => {
    expect(breachOf(state(500, 600), { waiting: null, waitMinutes: null }, NOW)).toBeNull();
    expect(breachOf(state(0, null), { waiting: null, waitMinutes: 1 }, NOW)).toBeNull();
  });
});

it('breaches lists only the services past their limits', () => {
  const settings = { waiting: 3, waitMinutes: null, services: { b: { waiting: null } } };
  const over = breaches([state(3, 1, 'a'), state(9, 1, 'b'), state(2, 1, 'c')], settings, NOW);
  expect([...over.keys()]).toEqual(['a']);
});
