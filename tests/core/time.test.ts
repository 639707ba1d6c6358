import { describe, expect, it } from 'vitest';
import { walkInClosure } from '../../core/hall-calendar.ts';
import { addDays, hallDay, isoInZone, localTime, localTimeByParts, startOfHallDay } from '../../core/time.ts';

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
    const calendar = { timeZone: 'Asia/Shanghai', holidays: [], extraWorkdays: [] };
    const isOpenAt = (openingHours: typeof hours | null, ms: number) => walkInClosure({ openingHours, cutoffMinutes: null }, ms, calendar) === null;
    expect(isOpenAt(hours, monday('08:59'))).toBe(false);
    expect(isOpenAt(hours, monday('09:00'))).toBe(true);
    expect(isOpenAt(hours, monday('12:30'))).toBe(false);
    expect(isOpenAt(hours, monday('16:59'))).toBe(true);
    expect(isOpenAt(hours, Date.parse('2026-11-22T10:00:00+08:00'))).toBe(false);
    expect(isOpenAt(null, monday('03:00'))).toBe(true);
  });
});

describe('addDays', () => {
  it('counts calendar days across months, years and leap days, both ways', () => {
    expect(addDays('2026-11-23', -2)).toBe('2026-11-21');
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
    expect(addDays('2028-03-01', -1)).toBe('2028-02-29');
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addDays('2027-01-01', -2)).toBe('2026-12-30');
    expect(addDays('2026-11-23', 0)).toBe('2026-11-23');
  });
});

describe('isoInZone', () => {
  it('writes each millisecond of a second, whichever zone asked last', () => {
    const t = Date.parse('2026-11-23T01:02:03.000Z');
    expect(isoInZone(t, 'Asia/Shanghai')).toBe('2026-11-23T09:02:03.000+08:00');
    expect(isoInZone(t + 7, 'Asia/Shanghai')).toBe('2026-11-23T09:02:03.007+08:00');
    expect(isoInZone(t + 999, 'Asia/Kolkata')).toBe('2026-11-23T06:32:03.999+05:30');
    expect(hallDay(t + 999, 'America/St_Johns')).toBe('2026-11-22');
    expect(isoInZone(t + 42, 'America/St_Johns')).toBe('2026-11-22T21:32:03.042-03:30');
    expect(isoInZone(t + 1000, 'Asia/Shanghai')).toBe('2026-11-23T09:02:04.000+08:00');
    // The second the clocks go back in Berlin, and the one before it.
    const back = Date.parse('2026-10-25T01:00:00.000Z');
    expect(isoInZone(back - 1, 'Europe/Berlin')).toBe('2026-10-25T02:59:59.999+02:00');
    expect(isoInZone(back, 'Europe/Berlin')).toBe('2026-10-25T02:00:00.000+01:00');
  });
});

describe('localTime (quarter-hour offset cache)', () => {
  it('agrees with the calendar second by second, across DST changes and odd offsets', () => {
    const zones = [
      'Asia/Shanghai',
      'Europe/Berlin',
      'America/New_York',
      'Australia/Lord_Howe',
      'Asia/Kathmandu',
      'Pacific/Chatham',
      'America/St_Johns',
      'Asia/Kolkata',
    ];
    let seed = 7;
    const rnd = () => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32;
    const from = Date.parse('1995-01-01T00:00:00Z');
    const span = Date.parse('2040-01-01T00:00:00Z') - from;
    for (let i = 0; i < 4000; i++) {
      const zone = zones[i % zones.length]!;
      const ms = Math.floor(from + rnd() * span);
      expect(localTime(ms, zone), `${zone} ${new Date(ms).toISOString()}`).toEqual(localTimeByParts(ms, zone));
    }
    // Each second around the clocks going back and forward in Berlin, and Lord Howe's half-hour change.
    for (const change of ['2026-10-25T01:00:00Z', '2026-03-29T01:00:00Z', '2026-04-04T15:00:00Z', '2026-10-03T15:30:00Z']) {
      for (let s = -3; s <= 3; s++) {
        const ms = Date.parse(change) + s * 1000;
        for (const zone of ['Europe/Berlin', 'Australia/Lord_Howe']) expect(localTime(ms, zone)).toEqual(localTimeByParts(ms, zone));
      }
    }
  });
});
