import { expect, it } from 'vitest';
import { formatIssuedAt, ticketLines } from '../../drivers/index.ts';

it('prints the issue time in the hall zone, not the kiosk machine zone', () => {
  const at = new Date('2026-11-23T01:05:00Z');
  expect(formatIssuedAt(at, 'Asia/Shanghai')).toBe('2026-11-23 09:05');
  expect(formatIssuedAt(at, 'Europe/Berlin')).toBe('2026-11-23 02:05');
  const lines = ticketLines({
    hallName: '政务服务大厅',
    serviceName: '税务',
    number: 'F001',
    waitingAhead: 0,
    estimatedWaitMinutes: 0,
    issuedAt: at,
    timeZone: 'Asia/Shanghai',
    mobileUrl: 'http://h/m/?t=1',
  });
  expect(JSON.stringify(lines)).toContain('2026-11-23 09:05');
});
