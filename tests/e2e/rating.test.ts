// 好差评 in Chromium against a real hall server: the counter's rating page (its prompt survives a reload and a server
// restart), the visitor's mobile ticket page (pushed, not polled), reasons, an optional call-back number and the
// follow-up for low ratings, once per ticket, and the satisfaction figures.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { HallClient } from '../../client/hall-client.ts';
import { addWorkingDays } from '../../core/working-days.ts';
import { DEFAULT_SETTINGS } from '../../core/model.ts';
import { issue, launchChromium, seedFloor, startE2EHall, type E2EHall, type Floor } from './counter-harness.ts';
import { screenshot, seriousAxeViolations, textOverflows } from './page-checks.ts';

let hall: E2EHall;
let floor: Floor;
let browser: Browser;
let rate: Page;

/** Issues, calls and completes a ticket at counter 3; the completion is what the rating page waits for. */
async function serveOne(serviceId = floor.services.a.id) {
  const ticket = await issue(floor.kiosk, serviceId);
  await floor.staff.client.callTicket(floor.counters.one.id, ticket.id);
  await floor.staff.client.complete(ticket.id);
  return ticket;
}

beforeAll(async () => {
  hall = await startE2EHall();
  floor = await seedFloor(hall);
  await floor.staff.client.signIn(floor.counters.one.id);
  browser = await launchChromium();
  rate = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  await rate.goto(`${hall.url}/rate/?counter=${floor.counters.one.id}&token=${floor.kioskToken}`);
  await rate.waitForSelector('[data-testid=rate-idle]');
}, 240_000);

afterAll(async () => {
  await browser?.close();
  await hall?.close();
});

it('the rating page asks for a rating when its counter completes a ticket, and thanks the visitor', async () => {
  const other = await issue(floor.kiosk, floor.services.b.id);
  await floor.staff2.client.signIn(floor.counters.two.id);
  await floor.staff2.client.callNext(floor.counters.two.id);
  await floor.staff2.client.complete(other.id);
  const ticket = await serveOne();
  await rate.waitForSelector(`[data-testid=rate-prompt][data-ticket-id="${ticket.id}"]`);
  expect(await rate.textContent('.rate-title')).toContain(ticket.number);
  expect(await rate.$$eval('.level', (b) => b.map((x) => x.textContent))).toEqual(['5非常满意', '4满意', '3基本满意', '2不满意', '1非常不满意']);
  await rate.click('[data-level="5"]');
  await rate.waitForSelector('[data-testid=rating-done]');
  await expect(floor.kiosk.rateVisit(ticket.id, { level: 1 })).rejects.toMatchObject({ code: 'ALREADY_RATED' });
});

it("keeps an unrated visit's prompt on the pad across a reload and a restart of the hall server", { timeout: 90_000 }, async () => {
  const ticket = await serveOne();
  const prompt = `[data-testid=rate-prompt][data-ticket-id="${ticket.id}"]`;
  await rate.waitForSelector(prompt);
  await rate.reload();
  await rate.waitForSelector(prompt);
  expect(await rate.textContent('.rate-title')).toContain(ticket.number);
  await hall.stop();
  await hall.restart();
  await rate.reload();
  await rate.waitForSelector(prompt);
  // Rated elsewhere (the counter's evaluator) while the pad was away: after its next reload it no longer asks.
  await rate.close();
  await floor.kiosk.rateVisit(ticket.id, { level: 3, channel: 'evaluator' });
  rate = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  await rate.goto(`${hall.url}/rate/?counter=${floor.counters.one.id}&token=${floor.kioskToken}`);
  await rate.waitForSelector('[data-testid=rate-idle]');
  expect(await seriousAxeViolations(rate)).toEqual([]);
});

it('a rating of 2 or less asks for reasons and an optional call-back number, and opens a follow-up due in 15 working days', async () => {
  const ticket = await serveOne();
  await rate.waitForSelector(`[data-testid=rate-prompt][data-ticket-id="${ticket.id}"]`);
  expect(await seriousAxeViolations(rate)).toEqual([]);
  expect(await textOverflows(rate)).toEqual([]);
  await rate.click('[data-level="2"]');
  await rate.waitForSelector('[data-testid=reasons]');
  expect(await rate.isDisabled('[data-testid=reason-next]')).toBe(true);
  await rate.click('[data-tag=attitude]');
  await rate.click('[data-tag=waiting]');
  await rate.fill('.reason-comment', '窗口人员离开二十分钟');
  expect(await seriousAxeViolations(rate)).toEqual([]);
  expect(await textOverflows(rate)).toEqual([]);
  await rate.click('[data-testid=reason-next]');

  await rate.waitForSelector('[data-testid=phone-step]');
  // A wrong number is refused with what to do; the on-screen pad types a right one.
  await rate.fill('[data-testid=phone-input]', '1234');
  await rate.click('[data-testid=phone-submit]');
  expect(await rate.getAttribute('[data-testid=phone-input]', 'aria-invalid')).toBe('true');
  expect(await rate.textContent('#callback-phone-note')).toContain('11 位手机号');
  expect(await seriousAxeViolations(rate)).toEqual([]);
  await rate.fill('[data-testid=phone-input]', '');
  for (const key of '13812345678') await rate.click(`.keypad .key:text-is("${key}")`);
  expect(await rate.inputValue('[data-testid=phone-input]')).toBe('13812345678');
  expect(await rate.textContent('#callback-phone-note')).toContain('138****5678');
  expect(await seriousAxeViolations(rate)).toEqual([]);
  expect(await textOverflows(rate)).toEqual([]);
  await screenshot(rate, 'rate-phone-1280x800');
  // The visitor's Japanese fits the same screen.
  await rate.selectOption('.rate-head select', 'ja');
  expect(await rate.textContent('#callback-phone-note')).toContain('138****5678');
  expect(await textOverflows(rate)).toEqual([]);
  await rate.selectOption('.rate-head select', 'zh-CN');
  await rate.click('[data-testid=phone-submit]');
  await rate.waitForSelector('[data-testid=rating-done]');
  expect(await rate.textContent('[data-testid=rating-done]')).toBe('感谢您的评价，我们会尽快核实，并致电 138****5678 回访。');
  expect(await seriousAxeViolations(rate)).toEqual([]);

  const [item] = (await hall.admin.followUps()).filter((f) => f.ticketId === ticket.id);
  const today = (await hall.admin.queue()).day;
  expect(item).toMatchObject({
    number: ticket.number,
    level: 2,
    tags: ['attitude', 'waiting'],
    comment: '窗口人员离开二十分钟',
    counterId: floor.counters.one.id,
    status: 'open',
    dueDay: addWorkingDays(today, 15, DEFAULT_SETTINGS),
    phoneMasked: '138****5678',
  });
  expect(await hall.admin.revealFollowUpPhone(item!.id)).toMatchObject({ phone: '13812345678' });
  const resolved = await hall.admin.resolveFollowUp(item!.id, '已电话回访，致歉并说明');
  expect(resolved).toMatchObject({ status: 'resolved', resolutionNote: '已电话回访，致歉并说明' });
  expect((await hall.admin.followUps('open')).some((f) => f.id === item!.id)).toBe(false);
  expect((await hall.admin.followUps('resolved')).map((f) => f.id)).toContain(item!.id);
});

it('the mobile ticket page follows the ticket live, then takes its rating once', { timeout: 90_000 }, async () => {
  const ahead = await issue(floor.kiosk, floor.services.a.id);
  const ticket = await issue(floor.kiosk, floor.services.a.id);
  const phone = await browser.newPage({ viewport: { width: 390, height: 844 } });
  // Every read of the ticket the page makes: it must come pushed over its event stream, never by polling.
  const polls: string[] = [];
  const streams: string[] = [];
  phone.on('request', (r) => {
    const path = new URL(r.url()).pathname;
    if (path === `/api/v1/public/tickets/${ticket.id}`) polls.push(path);
    if (path === `/api/v1/public/tickets/${ticket.id}/events`) streams.push(path);
  });
  await phone.goto(`${hall.url}/m/?t=${ticket.id}`);
  await phone.waitForSelector('[data-testid=m-ticket][data-status=waiting]');
  expect(await phone.textContent('.m-number')).toBe(ticket.number);
  expect(await phone.textContent('[data-testid=m-ahead]')).toBe('前面还有 1 人');
  expect(await seriousAxeViolations(phone)).toEqual([]);
  expect(await textOverflows(phone)).toEqual([]);
  await screenshot(phone, 'm-waiting-390x844');
  await phone.selectOption('.m-head select', 'ja');
  expect(await phone.textContent('[data-testid=m-ahead]')).toBe('あなたの前に 1 人');
  expect(await textOverflows(phone)).toEqual([]);
  await phone.selectOption('.m-head select', 'zh-CN');

  await floor.staff.client.callTicket(floor.counters.one.id, ahead.id);
  await phone.waitForFunction(() => document.querySelector('[data-testid=m-ahead]')?.textContent === '下一位就是您，请留意叫号', null, { timeout: 15_000 });
  await floor.staff.client.callNext(floor.counters.one.id);
  await phone.waitForSelector('[data-testid=m-ticket][data-status=called]', { timeout: 15_000 });
  expect(await phone.textContent('.m-goto')).toBe('请到 3 号窗口办理');
  expect(await seriousAxeViolations(phone)).toEqual([]);
  await floor.staff.client.complete(ticket.id);
  await phone.waitForSelector('[data-testid=m-rate]', { timeout: 15_000 });
  expect(await seriousAxeViolations(phone)).toEqual([]);
  expect(await textOverflows(phone)).toEqual([]);
  // Four changes reached the page, each pushed on the one stream it opened: no GET of the ticket at all.
  expect(polls).toEqual([]);
  expect(streams).toHaveLength(1);
  // The phone offers the same reasons and call-back number (its own keyboard, no on-screen pad); back out to rate 4.
  await phone.click('[data-level="2"]');
  await phone.click('[data-tag=waiting]');
  await phone.click('[data-testid=reason-next]');
  await phone.fill('[data-testid=phone-input]', '010-6234 5678');
  expect(await phone.textContent('#callback-phone-note')).toContain('010****5678');
  expect(await phone.locator('.keypad').count()).toBe(0);
  expect(await seriousAxeViolations(phone)).toEqual([]);
  expect(await textOverflows(phone)).toEqual([]);
  await screenshot(phone, 'm-phone-entry-390x844');
  await phone.click('.reason-back');
  await phone.click('.reason-back');
  // The counter's rating page asks too; the phone answers first and the page's prompt goes away.
  await rate.waitForSelector(`[data-testid=rate-prompt][data-ticket-id="${ticket.id}"]`);
  await phone.click('[data-level="4"]');
  await phone.waitForSelector('.m-message');
  expect(await phone.textContent('.m-message')).toBe('您已评价，感谢您的参与。');
  await rate.waitForSelector('[data-testid=rate-idle]');
  await phone.reload();
  await phone.waitForSelector('.m-message');
  expect(await phone.textContent('.m-message')).toBe('您已评价，感谢您的参与。');
  expect(await phone.locator('[data-testid=m-rate]').count()).toBe(0);
  await expect(new HallClient(hall.url).publicRate(ticket.id, { level: 1 })).rejects.toMatchObject({ code: 'ALREADY_RATED' });
  await phone.close();
});

it('an unknown ticket says so on the phone', async () => {
  const phone = await browser.newPage({ viewport: { width: 390, height: 844 } });
  await phone.goto(`${hall.url}/m/?t=00000000-0000-4000-8000-000000000000`);
  await phone.waitForSelector('.m-message');
  expect(await phone.textContent('.m-message')).toContain('未找到该号票');
  await phone.close();
});

it('the phone page reconnects by itself after the hall server restarts and keeps following', { timeout: 90_000 }, async () => {
  const ticket = await issue(floor.kiosk, floor.services.a.id);
  const phone = await browser.newPage({ viewport: { width: 390, height: 844 } });
  await phone.goto(`${hall.url}/m/?t=${ticket.id}`);
  await phone.waitForSelector('[data-testid=m-ticket][data-status=waiting]');
  await hall.stop();
  await phone.waitForSelector('.rate-offline');
  await hall.restart();
  await floor.staff.client.callTicket(floor.counters.one.id, ticket.id);
  await phone.waitForSelector('[data-testid=m-ticket][data-status=called]', { timeout: 30_000 });
  await phone.waitForSelector('.rate-offline', { state: 'detached' });
  await phone.close();
});

it('ratings feed satisfaction by counter, staff and service', async () => {
  const me = await floor.staff.client.me();
  const byCounter = await hall.admin.satisfaction('counter');
  expect(byCounter.overall).toEqual({ ratings: 4, average: 3.5, satisfiedRate: 0.5 });
  expect(byCounter.rows).toEqual([
    expect.objectContaining({ key: floor.counters.one.id, name: '3 综合窗口', ratings: 4, levels: { '1': 0, '2': 1, '3': 1, '4': 1, '5': 1 } }),
  ]);
  const byStaff = await hall.admin.satisfaction('staff');
  expect(byStaff.rows).toEqual([expect.objectContaining({ key: me.id, name: 'wang', ratings: 4, average: 3.5 })]);
  const byService = await hall.admin.satisfaction('service');
  expect(byService.rows).toEqual([expect.objectContaining({ key: floor.services.a.id, name: floor.services.a.name, ratings: 4 })]);
  const yesterday = new Date(Date.parse(`${byCounter.from}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
  expect((await hall.admin.satisfaction('counter', { from: yesterday, to: yesterday })).overall.ratings).toBe(0);
  await expect(floor.staff.client.satisfaction('counter')).rejects.toMatchObject({ status: 403 });
});
