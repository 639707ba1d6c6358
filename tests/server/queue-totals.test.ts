// GET /api/v1/queue carries the day's figures, so a manager's monitor is exact whenever it was opened.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { ADMIN_PASSWORD, startTestHall, type TestHall } from '../helpers/hall.ts';

let hall: TestHall;
beforeAll(async () => {
  hall = await startTestHall({ now: Date.parse('2026-11-23T09:00:00+08:00') });
});
afterAll(async () => {
  await hall.close();
});

it("counts the day's issued, called, completed, no-show and cancelled tickets, and starts again the next day", async () => {
  const s = (await hall.admin.createService({ code: 'q', name: '税务', prefix: 'F' })).id;
  const c = (await hall.admin.createCounter({ number: 1, serviceIds: [s] })).id;
  const t = [];
  for (let i = 0; i < 5; i++) {
    t.push(await hall.admin.issueTicket({ serviceId: s }));
    hall.clock.advance(1000);
  }
  await hall.admin.callNext(c);
  await hall.admin.callNext(c);
  await hall.admin.noShow(t[1]!.id);
  await hall.admin.cancel(t[4]!.id);
  expect((await hall.admin.queue()).today).toEqual({ issued: 5, called: 2, done: 1, noShow: 1, cancelled: 1 });
  hall.clock.set(Date.parse('2026-11-24T08:00:00+08:00'));
  const relogin = hall.anon.withToken((await hall.anon.login('admin', ADMIN_PASSWORD)).token);
  expect((await relogin.queue()).today).toEqual({ issued: 0, called: 0, done: 0, noShow: 0, cancelled: 0 });
});
