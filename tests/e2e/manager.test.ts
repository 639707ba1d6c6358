// The manager page in Chromium against a real hall server: manager-only sign-in, the live monitor, device alerts,
// 好差评 follow-ups resolved with a note, the satisfaction report and the display boards' notice line.
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { screenshot } from './page-checks.ts';
import { ADMIN_PASSWORD, issue, launchChromium, seedFloor, startE2EHall, STAFF_PASSWORD, until, type E2EHall, type Floor } from './counter-harness.ts';

let hall: E2EHall;
let floor: Floor;
let browser: Browser;
let page: Page;
let served: { id: string; number: string };

const serviceRow = (id: string) => `[data-testid=services] tr[data-service-id="${id}"]`;
const counterRow = (id: string) => `[data-testid=counters] tr[data-counter-id="${id}"]`;

beforeAll(async () => {
  hall = await startE2EHall();
  floor = await seedFloor(hall);
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1366, height: 768 } });
  // A missing element fails its test with the selector, well inside the test's own limit.
  page.setDefaultTimeout(8_000);
  await page.goto(`${hall.url}/manager/`);
}, 240_000);

afterAll(async () => {
  await browser?.close();
  await hall?.close();
});

it('refuses a staff account with a message, then signs the manager in', async () => {
  await page.fill('input[name=username]', floor.staff.username);
  await page.fill('input[name=password]', STAFF_PASSWORD);
  await page.click('button[type=submit]');
  await page.waitForSelector('.login .error');
  expect(await page.textContent('.login .error')).toContain('仅限大厅管理员');
  await page.fill('input[name=username]', 'admin');
  await page.fill('input[name=password]', ADMIN_PASSWORD);
  await page.click('button[type=submit]');
  await page.waitForSelector('[data-link=live]');
  expect(await page.getAttribute('[data-tab=monitor]', 'aria-selected')).toBe('true');
});

it('the monitor shows an issued ticket waiting and follows a counter calling it', async () => {
  const ticket = await issue(floor.kiosk, floor.services.a.id);
  await page.waitForSelector(`${serviceRow(floor.services.a.id)}[data-waiting="1"]`);
  // Nobody is signed in to a counter for it yet: no wait can be promised.
  expect(await page.textContent(`${serviceRow(floor.services.a.id)} td:nth-child(3)`)).toBe('无窗口开放');
  expect(await page.textContent('[data-figure=issued] .figure-value')).toBe('1');

  await floor.staff.client.signIn(floor.counters.one.id);
  await floor.staff.client.callTicket(floor.counters.one.id, ticket.id);
  await page.waitForSelector(`${counterRow(floor.counters.one.id)}[data-current="${ticket.number}"]`);
  await page.waitForSelector(`${serviceRow(floor.services.a.id)}[data-waiting="0"]`);
  expect(await page.textContent(counterRow(floor.counters.one.id))).toContain(floor.staff.username);
  expect(await page.getAttribute(counterRow(floor.counters.one.id), 'data-state')).toBe('open');
  expect(await page.textContent('[data-figure=called] .figure-value')).toBe('1');
  served = ticket;
});

it('a device alert appears live, is acknowledged, and stays until the device recovers', async () => {
  await floor.kiosk.deviceAlert('paper_out', '2 号取号机');
  await page.waitForSelector('[data-testid=alerts] .alert[data-alert=printer_paper_out]');
  expect(await page.textContent('[data-testid=alerts]')).toContain('打印机缺纸');
  await floor.staff2.client.signIn(floor.counters.two.id);
  await floor.staff2.client.pause(floor.counters.two.id, 'break');
  await page.waitForSelector(`${counterRow(floor.counters.two.id)}[data-state=paused]`);
  // Set HALL_SCREENSHOT_DIR to look at the monitor as a manager sees it.
  if (process.env.HALL_SCREENSHOT_DIR) await page.screenshot({ path: join(process.env.HALL_SCREENSHOT_DIR, 'manager-monitor.png'), fullPage: true });
  await page.click('[data-testid=alerts] .alert-ack');
  await page.waitForSelector('[data-testid=alerts] .alert[data-acknowledged=true]');
  await floor.kiosk.deviceAlert('recovered');
  await page.waitForSelector('[data-testid=alerts]', { state: 'detached' });
});

it('a low rating shows as an open follow-up; resolving it needs a note and moves it to resolved', async () => {
  await floor.staff.client.complete(served.id);
  await floor.kiosk.rateVisit(served.id, { level: 1, tags: ['attitude'], comment: '窗口人员态度冷淡', channel: 'evaluator', phone: '13812345678' });
  await page.waitForSelector('[data-tab=followUps] .badge');
  await page.focus('[data-tab=monitor]');
  await page.keyboard.press('ArrowRight');
  expect(await page.getAttribute('[data-tab=followUps]', 'aria-selected')).toBe('true');
  const row = `[data-testid=open-follow-ups] tr[data-number="${served.number}"]`;
  await page.waitForSelector(row);
  const text = await page.textContent(row);
  expect(text).toContain('1 非常不满意');
  expect(text).toContain('服务态度差');
  expect(text).toContain('窗口人员态度冷淡');
  // The call-back number is masked until the manager asks for it.
  expect(await page.textContent(`${row} [data-testid=phone-masked]`)).toBe('138****5678');
  expect(text).not.toContain('13812345678');
  await page.click(`${row} [data-testid=phone-toggle]`);
  expect(await page.textContent(`${row} [data-testid=phone-clear]`)).toBe('13812345678');
  await screenshot(page, 'manager-follow-ups-1366x768');
  expect(await page.getAttribute(`${row} [data-testid=phone-clear]`, 'href')).toBe('tel:13812345678');
  await page.click(`${row} [data-testid=phone-toggle]`);
  await page.waitForSelector(`${row} [data-testid=phone-masked]`);

  await page.click(`${row} .resolve`);
  await page.click('.resolve-form button[type=submit]');
  expect(await page.textContent('.resolve-form .error')).toContain('请填写处理说明');
  await page.keyboard.type('已电话联系办事人并致歉');
  await page.keyboard.press('Control+Enter');
  await page.waitForSelector(row, { state: 'detached' });
  const resolved = await until(async () => (await hall.admin.followUps('resolved')).find((f) => f.number === served.number), 5_000, 'the resolved follow-up');
  expect(resolved).toMatchObject({ status: 'resolved', resolutionNote: '已电话联系办事人并致歉' });
  expect(await hall.admin.followUps('open')).toHaveLength(0);
  await page.click('[data-subtab=resolved]');
  await page.waitForSelector(`[data-testid=resolved-follow-ups] tr[data-number="${served.number}"]`);
  expect(await page.textContent('[data-testid=resolved-follow-ups]')).toContain('已电话联系办事人并致歉');
});

it("the satisfaction report shows today's rating by counter and by service", async () => {
  await page.click('[data-tab=report]');
  const row = `[data-testid=satisfaction] tr[data-key="${floor.counters.one.id}"]`;
  await page.waitForSelector(row);
  expect(await page.textContent(`${row} [data-cell=ratings]`)).toBe('1');
  expect(await page.textContent(`${row} [data-cell=average]`)).toBe('1.00');
  expect(await page.textContent(`${row} [data-level="1"]`)).toBe('1');
  expect(await page.textContent(row)).toContain('0.0%');
  await page.selectOption('select[name=by]', 'service');
  await page.waitForSelector(`[data-testid=satisfaction][data-by=service] tr[data-key="${floor.services.a.id}"]`);
  expect(await page.textContent('[data-testid=satisfaction]')).toContain(floor.services.a.name);
});

it('changing the notice line and the repeat count reaches the settings', async () => {
  await page.click('[data-tab=notice]');
  await page.waitForSelector('textarea[name=noticeLine]');
  await page.fill('textarea[name=noticeLine]', '今日下午三点起社保业务暂停办理，敬请谅解。');
  await page.selectOption('select[name=announceRepeat]', '3');
  await page.click('.notice-form button[type=submit]');
  await page.waitForSelector('[data-status=saved]');
  const settings = await hall.admin.settings();
  expect(settings).toMatchObject({ noticeLine: '今日下午三点起社保业务暂停办理，敬请谅解。', announceRepeat: 3 });
});
