// The kiosk's words for a closed service or hall: when tickets are given again, in the hall's wall time, and when the
// whole day counts as closed (今日休息) rather than one service being between its periods.
import { describe, expect, it } from 'vitest';
import type { KioskService } from '../../client/kiosk-agent.ts';
import { openingText } from '../../renderer/kiosk/common.tsx';
import { closedDay } from '../../renderer/kiosk/home.tsx';

const service = (id: string, closure: KioskService['closure']): KioskService => ({
  id,
  code: id,
  name: id,
  prefix: 'A',
  category: null,
  open: closure === null,
  waiting: 0,
  estimatedWaitSeconds: null,
  estimateStale: false,
  closure,
});

describe('openingText', () => {
  const today = new Date(2026, 10, 23, 12, 30);
  it('says only the time later today, and the day with its weekday otherwise, whatever the browser’s zone', () => {
    expect(openingText('zh-CN', '2026-11-23T13:30:00.000+08:00', today)).toBe('13:30');
    expect(openingText('zh-CN', '2026-11-26T09:00:00.000+08:00', today)).toBe('11月26日周四 09:00');
    expect(openingText('en', '2026-11-26T09:00:00.000+08:00', today)).toContain('09:00');
    expect(openingText('ja', '2026-11-26T09:00:00.000+08:00', today)).toContain('11月26日');
  });
});

describe('closedDay', () => {
  const holiday = (id: string, next: string | null) => service(id, { code: 'HALL_CLOSED', reason: 'holiday', nextOpening: next, holidayName: '国庆节' });
  it('is the 今日休息 screen only when no service has walk-in hours today, with the earliest next opening', () => {
    expect(closedDay([holiday('a', '2026-10-08T09:00:00.000+08:00'), holiday('b', '2026-10-08T08:30:00.000+08:00')])).toEqual({
      holidayName: '国庆节',
      nextOpening: '2026-10-08T08:30:00.000+08:00',
    });
    const noHoursToday = service('c', { code: 'SERVICE_CLOSED', reason: 'closed_today', nextOpening: null, holidayName: null });
    expect(closedDay([noHoursToday])).toEqual({ holidayName: null, nextOpening: null });
    // A service on its lunch break, or one open for appointments only, keeps the tiles.
    expect(closedDay([noHoursToday, service('d', { code: 'SERVICE_CLOSED', reason: 'break', nextOpening: null, holidayName: null })])).toBeNull();
    expect(
      closedDay([noHoursToday, service('e', { code: 'APPOINTMENTS_ONLY', reason: 'appointments_only', nextOpening: null, holidayName: null })]),
    ).toBeNull();
    expect(closedDay([noHoursToday, service('f', null)])).toBeNull();
    expect(closedDay([])).toBeNull();
  });
});
