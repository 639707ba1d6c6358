// The event log's retention: events older than the retention period go at the day's rollover, except those a district
// the hall replicates to has not acknowledged yet (a WAN outage of any length loses none). Real hall servers over a
// real SQLite file: the rollover a hall runs when it starts on a new day.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { startTestHall } from '../helpers/hall.ts';

const DAY = 86_400_000;
const MONDAY = Date.parse('2026-08-03T09:00:00+08:00');
const dir = mkdtempSync(join(tmpdir(), 'hall-event-retention-'));
// A district nobody answers at: the hall keeps trying, and has had nothing acknowledged.
const unreachable = { urls: ['http://127.0.0.1:9'], token: 'hall-token-never-used', retryMaxMs: 60_000 };
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
  rmSync(`${dir}-keys`, { recursive: true, force: true });
});

const count = (hall: Awaited<ReturnType<typeof startTestHall>>, where = '1') =>
  hall.server.db.prepare(`SELECT COUNT(*) FROM events WHERE ${where}`).pluck().get() as number;

it('keeps events a district has not acknowledged past the retention period, and prunes them once nothing holds them', async () => {
  let hall = await startTestHall({ now: MONDAY, dir, district: unreachable });
  const serviceId = (await hall.admin.createService({ code: 'biz', name: '企业开办', prefix: 'A' })).id;
  for (let i = 0; i < 3; i++) await hall.admin.issueTicket({ serviceId });
  const old = count(hall);
  expect(old).toBeGreaterThan(3);
  await hall.close();

  // 120 days later the district is still unreachable: the day's rollover at start keeps every old event.
  hall = await startTestHall({ now: MONDAY + 120 * DAY, dir, district: unreachable });
  expect(count(hall, `at < '2026-08-04'`)).toBe(old);
  // Acknowledged up to seq 2 (as the replicator reports it): the rollover removes those and no more.
  await hall.server.context.run('rollover', 90 * DAY, 2);
  expect(count(hall, 'seq <= 2')).toBe(0);
  expect(count(hall, `at < '2026-08-04'`)).toBe(old - 2);
  await hall.close();

  // The hall no longer replicates: past the retention period, the old events go.
  hall = await startTestHall({ now: MONDAY + 121 * DAY, dir });
  expect(count(hall, `at < '2026-08-04'`)).toBe(0);
  await hall.close();
});
