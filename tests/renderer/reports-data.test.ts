// The Reports tab's periods: a day, its Monday-to-Sunday week, its calendar month, and the period before each.
import { describe, expect, it } from 'vitest';
import { delta, periodOf, previousPeriod } from '../../renderer/manager/reports-data.ts';

const custom = { from: '2026-03-10', to: '2026-03-16' };

describe('periodOf and previousPeriod', () => {
  it('a day against the day before', () => {
    const p = periodOf('day', '2026-03-01', custom);
    expect(p).toEqual({ from: '2026-03-01', to: '2026-03-01' });
    expect(previousPeriod('day', p)).toEqual({ from: '2026-02-28', to: '2026-02-28' });
  });

  it('a week from Monday to Sunday, whatever day is picked, against the week before', () => {
    // 2026-03-01 is a Sunday.
    expect(periodOf('week', '2026-03-01', custom)).toEqual({ from: '2026-02-23', to: '2026-03-01' });
    const p = periodOf('week', '2026-03-04', custom);
    expect(p).toEqual({ from: '2026-03-02', to: '2026-03-08' });
    expect(previousPeriod('week', p)).toEqual({ from: '2026-02-23', to: '2026-03-01' });
  });

  it('a calendar month against the whole month before, however long', () => {
    const march = periodOf('month', '2026-03-31', custom);
    expect(march).toEqual({ from: '2026-03-01', to: '2026-03-31' });
    expect(previousPeriod('month', march)).toEqual({ from: '2026-02-01', to: '2026-02-28' });
    expect(previousPeriod('month', periodOf('month', '2026-01-15', custom))).toEqual({ from: '2025-12-01', to: '2025-12-31' });
    expect(periodOf('month', '2028-02-10', custom)).toEqual({ from: '2028-02-01', to: '2028-02-29' });
  });

  it('a custom range against as many days just before it', () => {
    expect(periodOf('custom', '2026-03-31', custom)).toEqual(custom);
    expect(previousPeriod('custom', custom)).toEqual({ from: '2026-03-03', to: '2026-03-09' });
  });
});

it('delta: relative for counts and times, points for shares, none when there is nothing to compare', () => {
  expect(delta(7, 5, 'count')).toBe('+40.0%');
  expect(delta(3, 4, 'seconds')).toBe('−25.0%');
  expect(delta(0.85, 0.9, 'share')).toBe('−5.0pt');
  expect(delta(3, 0, 'count')).toBeNull();
  expect(delta(0, 0, 'count')).toBe('±0');
  expect(delta(null, 5, 'count')).toBeNull();
});
