// Queue alerts (建议增开窗口) over HTTP with no manager page open: a service's waiting count or longest wait reaching the
// hall's limit opens a queue_threshold alert on the service's pseudo-device, recorded with its events; back under closes
// it. A growing wait is noticed by the server's own timer, with no event at all.
import { afterEach, beforeEach, expect, it } from 'vitest';
import type { AlertView } from '../../core/alerts.ts';
import { HallClient } from '../../client/hall-client.ts';
import { QUEUE_WATCH_INTERVAL_MS } from '../../server/queue-watch.ts';
import { apiError } from '../helpers/api-error.ts';
import { startTestHall, type TestHall } from '../helpers/hall.ts';

const MORNING = Date.parse('2026-11-23T09:00:00.000+08:00');
let hall: TestHall;
let staff: HallClient;
let kiosk: HallClient;
let a: string;
let b: string;
let counter: string;
let keys = 0;

const queueAlerts = async () => (await hall.admin.alerts({ limit: 200 })).items.filter((x) => x.kind === 'queue_threshold');
const openFor = async (serviceId: string): Promise<AlertView | undefined> =>
  (await queueAlerts()).find((x) => x.active && x.deviceId === `service:${serviceId}`);

async function until<T>(check: () => Promise<T | undefined>, what: string, timeoutMs = QUEUE_WATCH_INTERVAL_MS * 3): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
const issue = (serviceId: string) => kiosk.issueTicket({ serviceId }, `qw-${keys++}`);

beforeEach(async () => {
  hall = await startTestHall({ now: MORNING });
  a = (await hall.admin.createService({ code: 'social', name: '社保业务', prefix: 'A' })).id;
  b = (await hall.admin.createService({ code: 'medical', name: '医保业务', prefix: 'B' })).id;
  counter = (await hall.admin.createCounter({ number: 1, serviceIds: [a] })).id;
  await hall.admin.createUser({ username: 'wang', password: 'staff-password-1', role: 'staff' });
  staff = hall.anon.withToken((await hall.anon.login('wang', 'staff-password-1')).token);
  kiosk = new HallClient(hall.url, { token: (await hall.admin.createDevice({ name: 'kiosk', kind: 'kiosk' })).token });
  // Hall-wide: 3 waiting or 20 minutes; the medical service has no waiting-count limit of its own.
  await hall.admin.updateSettings({ queueAlert: { waiting: 3, waitMinutes: 20, services: { [b]: { waiting: null } } } });
});

afterEach(async () => {
  await hall.close();
});

it('opens when the waiting count reaches the limit, records it, and closes once back under', async () => {
  await issue(a);
  await issue(a);
  for (let i = 0; i < 5; i++) await issue(b);
  // Two waiting for A, five for B whose count has no limit: no alert, however many times the watch looks.
  await new Promise((r) => setTimeout(r, QUEUE_WATCH_INTERVAL_MS + 500));
  expect(await queueAlerts()).toEqual([]);

  await issue(a);
  const opened = await until(() => openFor(a), 'the alert of service A');
  expect(opened).toMatchObject({ deviceName: '社保业务', component: 'queue', since: '2026-11-23T09:00:00.000+08:00', acknowledgedAt: null });
  expect(opened.message).toBe('等候 3 人（阈值 3）：建议增开窗口');
  expect(await openFor(b)).toBeUndefined();
  const watch = await hall.admin.queueWatch();
  expect(watch.services.find((s) => s.id === a)).toMatchObject({ waiting: 3, reached: ['waiting'], limits: { waiting: 3, waitMinutes: 20 }, openWindows: 0 });
  expect(watch.services.find((s) => s.id === b)).toMatchObject({ waiting: 5, reached: [], limits: { waiting: null, waitMinutes: 20 } });

  // A window opens and calls one: 2 waiting, under the limit again.
  hall.clock.advance(60_000);
  await staff.signIn(counter);
  await staff.callNext(counter);
  const closed = await until(async () => (await queueAlerts()).find((x) => x.id === opened.id && !x.active), 'the alert closing');
  expect(closed).toMatchObject({ closedReason: 'recovered', closedAt: '2026-11-23T09:01:00.000+08:00' });
  expect((await hall.admin.queueWatch()).services.find((s) => s.id === a)).toMatchObject({ waiting: 2, openWindows: 1, reached: [] });
  const events = hall.server.db.prepare("SELECT type, data FROM events WHERE type LIKE 'alert.%' ORDER BY seq").all() as { type: string; data: string }[];
  expect(events.map((e) => e.type)).toEqual(['alert.opened', 'alert.closed']);
});

it('opens on the longest wait by the server timer alone, with no event, and a settings change closes it', async () => {
  await issue(b);
  hall.clock.advance(10 * 60_000);
  await issue(b);
  hall.clock.advance(9 * 60_000);
  await new Promise((r) => setTimeout(r, QUEUE_WATCH_INTERVAL_MS + 500));
  expect(await openFor(b)).toBeUndefined();
  expect((await hall.admin.queueWatch()).services.find((s) => s.id === b)).toMatchObject({
    waiting: 2,
    longestWaitSeconds: 19 * 60,
    waitingSince: '2026-11-23T09:00:00.000+08:00',
  });

  // Twenty minutes since the first ticket: nothing is committed, the timer notices.
  hall.clock.advance(60_000);
  const opened = await until(() => openFor(b), 'the wait alert of service B');
  expect(opened.message).toBe('最长等候 20 分钟（阈值 20）：建议增开窗口');
  const watch = await hall.admin.queueWatch();
  expect(watch.services.find((s) => s.id === b)?.reached).toEqual(['wait']);
  expect(watch.total).toMatchObject({ waiting: 2, longestWaitSeconds: 20 * 60, openWindows: 0 });

  // The manager lifts B's wait limit: the alert ends (settings.changed wakes the watch).
  await hall.admin.updateSettings({ queueAlert: { waiting: 3, waitMinutes: 20, services: { [b]: { waiting: null, waitMinutes: null } } } });
  await until(async () => ((await openFor(b)) ? undefined : true), 'the alert closing after the limit was lifted');
});

it('is for managers: staff and devices get 403, bad limits 400', async () => {
  await apiError(staff.queueWatch(), 403);
  await apiError(kiosk.queueWatch(), 403);
  await apiError(hall.admin.updateSettings({ queueAlert: { waiting: 0, waitMinutes: null, services: {} } }), 400, 'VALIDATION_FAILED');
});
