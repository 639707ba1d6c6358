// Contract tests of the sign-in throttle as managers see and clear it: GET /api/v1/users `signIn` and
// POST /api/v1/users/:id/clear-sign-in-throttle. Real loopback HTTP against a real hall server, on the hall's own clock.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { apiError } from '../helpers/api-error.ts';
import { startTestHall, type TestHall } from '../helpers/hall.ts';

const MORNING = Date.parse('2026-11-23T09:00:00+08:00');
let hall: TestHall;

beforeAll(async () => {
  hall = await startTestHall({ now: MORNING });
});
afterAll(() => hall.close());

const signInOf = async (id: string) => (await hall.admin.users()).find((u) => u.id === id)!.signIn;

it('counts wrong passwords, shows until when sign-in is refused, and a manager clears it so the right password works again', async () => {
  const { id } = await hall.admin.createUser({ username: 'throttled.li', password: 'Throttle-pw-1', role: 'staff', displayName: '李*' });
  expect(await signInOf(id)).toEqual({ failures: 0, throttledUntil: null });

  for (let i = 0; i < 5; i++) await apiError(hall.anon.login('throttled.li', 'wrong-password'), 401, 'BAD_CREDENTIALS');
  expect(await signInOf(id)).toEqual({ failures: 5, throttledUntil: new Date(hall.clock.now + 1000).toISOString() });
  hall.clock.advance(2000);
  await apiError(hall.anon.login('throttled.li', 'wrong-password'), 401, 'BAD_CREDENTIALS');
  expect(await signInOf(id)).toEqual({ failures: 6, throttledUntil: new Date(hall.clock.now + 2000).toISOString() });
  // Even the right password waits.
  await apiError(hall.anon.login('throttled.li', 'Throttle-pw-1'), 429, 'TOO_MANY_ATTEMPTS');

  expect(await hall.admin.clearSignInThrottle(id)).toEqual({ ok: true });
  expect(await signInOf(id)).toEqual({ failures: 0, throttledUntil: null });
  const audit = hall.server.db.prepare('SELECT action, target_id, detail FROM audit ORDER BY seq DESC LIMIT 1').get() as Record<string, string>;
  expect([audit.action, audit.target_id, JSON.parse(audit.detail!)]).toEqual(['user.clear_throttle', id, { failures: 6 }]);
  expect((await hall.anon.login('throttled.li', 'Throttle-pw-1')).token).toBeTruthy();
});

it('a wait that has run out leaves the failures counted but throttledUntil null', async () => {
  const { id } = await hall.admin.createUser({ username: 'throttled.wang', password: 'Throttle-pw-2', role: 'staff' });
  for (let i = 0; i < 5; i++) await apiError(hall.anon.login('throttled.wang', 'wrong-password'), 401, 'BAD_CREDENTIALS');
  hall.clock.advance(1500);
  expect(await signInOf(id)).toEqual({ failures: 5, throttledUntil: null });
});

it('403 for staff, 404 for an unknown user', async () => {
  await hall.admin.createUser({ username: 'throttle.staff', password: 'Throttle-pw-3', role: 'staff' });
  const staff = hall.anon.withToken((await hall.anon.login('throttle.staff', 'Throttle-pw-3')).token);
  const { id } = (await hall.admin.users()).find((u) => u.username === 'throttle.staff')!;
  await apiError(staff.clearSignInThrottle(id), 403, 'FORBIDDEN');
  await apiError(hall.admin.clearSignInThrottle('no-such-user'), 404, 'USER_NOT_FOUND');
});
