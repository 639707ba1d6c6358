import { describe, expect, it } from 'vitest';
import { hallDay, isOpenAt, isoInZone, startOfHallDay } from '../../core/time.ts';

describe('hall calendar', () => {
  it('puts the day boundary at local midnight of the configured zone', () => {
    const justBefore = Date.parse('2026-11-23T15:59:59.999Z');
    const midnight = Date.parse('2026-11-23T16:00:00.000Z');
    expect(hallDay(justBefore, 'Asia/Shanghai')).toBe('2026-11-23');
    expect(hallDay(midnight, 'Asia/Shanghai')).toBe('2026-11-24');
    expect(hallDay(midnight, 'Europe/Berlin')).toBe('2026-11-23');
    expect(startOfHallDay('2026-11-24', 'Asia/Shanghai')).toBe(midnight);
    expect(startOfHallDay('2026-03-29', 'Europe/Berlin')).toBe(Date.parse('2026-03-28T23:00:00Z'));
  });

  it('writes ISO times with the hall offset', () => {
    const at = Date.parse('2026-11-23T01:05:06.007Z');
    expect(isoInZone(at, 'Asia/Shanghai')).toBe('2026-11-23T09:05:06.007+08:00');
    expect(Date.parse(isoInZone(at, 'America/New_York'))).toBe(at);
  });

  it('checks opening hours per weekday, with lunch breaks', () => {
    const hours = [
      { weekdays: [1, 2, 3, 4, 5], from: '09:00', to: '12:00' },
      { weekdays: [1, 2, 3, 4, 5], from: '13:30', to: '17:00' },
    ];
    const monday = (hhmm: string) => Date.parse(`2026-11-23T${hhmm}:00+08:00`);
    expect(isOpenAt(hours, monday('08:59'), 'Asia/Shanghai')).toBe(false);
    expect(isOpenAt(hours, monday('09:00'), 'Asia/Shanghai')).toBe(true);
    expect(isOpenAt(hours, monday('12:30'), 'Asia/Shanghai')).toBe(false);
    expect(isOpenAt(hours, monday('16:59'), 'Asia/Shanghai')).toBe(true);
    expect(isOpenAt(hours, Date.parse('2026-11-22T10:00:00+08:00'), 'Asia/Shanghai')).toBe(false);
    expect(isOpenAt(null, monday('03:00'), 'Asia/Shanghai')).toBe(true);
  });
});
