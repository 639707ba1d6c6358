// The counter console at 1280×800 in Chromium against a real hall server: a no-show or completion is held back
// for its undo window (Z takes it back, call-next sends it first, a reload sends it), the pause dialog answers
// console keys, and a reload keeps the clerk signed in at the counter the server has them at.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { UNDO_MS } from '../../renderer/counter/store.ts';
import { issue, launchChromium, seedFloor, startE2EHall, STAFF_PASSWORD, until, type E2EHall, type Floor } from './counter-harness.ts';
import { screenshot, seriousAxeViolations, SIZES, textOverflows } from './page-checks.ts';

let hall: E2EHall;
let floor: Floor;
let browser: Browser;
let page: Page;
const size = SIZES.console[0]!;

const waitCurrent = (number: string | null) =>
  number === null ? page.waitForSelector('.current-empty') : page.waitForSelector(`[data-testid=current][data-number="${number}"]`);
const idle = () => page.waitForSelector('.console[data-busy="false"]');
const status = async (id: string) => (await hall.admin.ticket(id)).status;
const waitingOnServer = async () => (await hall.admin.waitingTickets([floor.services.a.id, floor.services.b.id])).map((t) => t.number);
const counterOne = async () => (await hall.admin.queue()).counters.find((c) => c.id === floor.counters.one.id)!;

beforeAll(async () => {
  hall = await startE2EHall();
  floor = await seedFloor(hall);
  browser = await launchChromium();
  // A context of our own, so a second window can share its localStorage (as the next shift's window would).
  page = await (await browser.newContext({ viewport: { width: size.width, height: size.height } })).newPage();
  page.setDefaultTimeout(15_000);
  await page.goto(`${hall.url}/counter/`);
  await page.fill('input[name=username]', 'wang');
  await page.fill('input[name=password]', STAFF_PASSWORD);
  await page.click('button[type=submit]');
  await page.click(`.picker-item[data-counter-id="${floor.counters.one.id}"]`);
  await page.waitForSelector('[data-link=live]');
}, 240_000);

afterAll(async () => {
  await browser?.close();
  await hall?.close();
});

it('X holds the no-show back with an undo bar; Z takes it back: the ticket is still called, the queue unchanged', async () => {
  const first = await issue(floor.kiosk, floor.services.a.id, { personName: '张小三' });
  const second = await issue(floor.kiosk, floor.services.a.id);
  const third = await issue(floor.kiosk, floor.services.b.id);
  await page.waitForSelector(`tr[data-number="${third.number}"]`);
  await page.keyboard.press('n');
  await waitCurrent(first.number);
  await idle();
  expect(await textOverflows(page)).toEqual([]);
  await screenshot(page, `counter-console-${size.name}`);
  const queueBefore = await waitingOnServer();

  await page.keyboard.press('x');
  const bar = await page.waitForSelector('[data-testid=undo-bar]');
  expect(await bar.textContent()).toContain(`${first.number} 已过号`);
  expect(await bar.textContent()).toContain('撤销');
  expect(await page.textContent('[data-action=undo] kbd')).toBe('Z');
  await waitCurrent(null);
  expect(await textOverflows(page)).toEqual([]);
  expect(await seriousAxeViolations(page)).toEqual([]);
  await screenshot(page, `counter-undo-${size.name}`);
  // Held back: the server has not heard of it.
  expect(await status(first.id)).toBe('called');

  await page.keyboard.press('z');
  await waitCurrent(first.number);
  await page.waitForSelector('[data-testid=undo-bar]', { state: 'detached' });
  expect(await page.textContent('[role=status]')).toContain(`已撤销，${first.number} 仍在办理`);
  // Past the undo window it is still called: taken back, not merely late.
  await new Promise((r) => setTimeout(r, UNDO_MS + 1000));
  expect(await status(first.id)).toBe('called');
  expect((await counterOne()).current?.id).toBe(first.id);
  expect(await waitingOnServer()).toEqual(queueBefore);
  expect(await page.$$eval('tbody tr', (rows) => rows.map((r) => r.getAttribute('data-number')))).toEqual([second.number, third.number]);
  await waitCurrent(first.number);
}, 60_000);

it('C then waiting out the undo window completes the ticket on the server; the undo button works too', async () => {
  const ticket = (await counterOne()).current!;
  await page.keyboard.press('c');
  await page.waitForSelector('[data-testid=undo-bar]');
  expect(await page.textContent('[data-testid=undo-bar]')).toContain(`${ticket.number} 已办结`);
  expect(await status(ticket.id)).toBe('called');
  await until(async () => (await status(ticket.id)) === 'done', UNDO_MS + 10_000, 'the completion to reach the server');
  await page.waitForSelector('[data-testid=undo-bar]', { state: 'detached' });
  expect(await page.textContent('[role=status]')).toContain(`${ticket.number} 已办结`);
  await waitCurrent(null);

  await page.keyboard.press('n');
  const next = await page.waitForSelector('[data-testid=current][data-number]');
  const number = (await next.getAttribute('data-number'))!;
  await idle();
  await page.keyboard.press('x');
  await page.click('[data-action=undo]');
  await waitCurrent(number);
}, 60_000);

it('N during the undo window sends the no-show first, then calls the next ticket', async () => {
  const held = (await counterOne()).current!;
  const later = await issue(floor.kiosk, floor.services.a.id);
  await page.waitForSelector(`tr[data-number="${later.number}"]`);
  await page.keyboard.press('x');
  await page.waitForSelector('[data-testid=undo-bar]');
  await page.keyboard.press('n');
  await page.waitForSelector(`[data-testid=current][data-number]:not([data-number="${held.number}"])`);
  await page.waitForSelector('[data-testid=undo-bar]', { state: 'detached' });
  // A no-show, not the completion call-next would have made of a ticket still in hand.
  expect(await status(held.id)).toBe('no_show');
  expect((await counterOne()).current?.status).toBe('called');
  await idle();
});

it('the pause dialog answers N and C with what to do, and calls nothing', async () => {
  const before = (await counterOne()).current!;
  await page.keyboard.press('p');
  await page.waitForSelector('[role=dialog]');
  await page.keyboard.press('n');
  const hint = await page.waitForSelector('[role=dialog] [role=alert]');
  expect(await hint.textContent()).toContain('请先选择暂停原因');
  expect(await hint.textContent()).toContain('Esc');
  await page.keyboard.press('c');
  expect(await textOverflows(page)).toEqual([]);
  await screenshot(page, `counter-pause-dialog-${size.name}`);
  expect((await counterOne()).current?.id).toBe(before.id);
  expect(await status(before.id)).toBe('called');
  await page.keyboard.press('Escape');
  await page.waitForSelector('[role=dialog]', { state: 'detached' });
  expect((await counterOne()).paused).toBe(false);
});

it('a reload keeps the clerk signed in at the counter; a new window starts signed out', async () => {
  const held = (await counterOne()).current!;
  await page.reload();
  await page.waitForSelector('[data-link=live]');
  expect(await page.textContent('.bar-counter')).toContain(String(floor.counters.one.number));
  await waitCurrent(held.number);
  // The token lives with the window, not on the shared PC's disk for the next shift.
  expect(await page.evaluate(() => localStorage.getItem('hall.counter.session'))).toBeNull();
  // A new window (the next shift) shares localStorage but not this window's sessionStorage.
  const other = await page.context().newPage();
  await other.goto(`${hall.url}/counter/`);
  await other.waitForSelector('input[name=username]');
  await other.close();
});

it('a reload in the undo window sends the no-show and says so', async () => {
  const held = (await counterOne()).current!;
  await page.keyboard.press('x');
  await page.waitForSelector('[data-testid=undo-bar]');
  await page.reload();
  await page.waitForSelector('[data-link=live]');
  await until(async () => (await status(held.id)) === 'no_show', 10_000, 'the held-back no-show to be sent');
  await page.waitForSelector(`[role=status]:has-text("${held.number} 已过号")`);
  await waitCurrent(null);
});

it('a reload restores the counter the server has: signed out there meanwhile → the picker', async () => {
  await hall.admin.signOut(floor.counters.one.id);
  await page.reload();
  await page.waitForSelector(`.picker-item[data-counter-id="${floor.counters.one.id}"]`);
  await page.click(`.picker-item[data-counter-id="${floor.counters.one.id}"]`);
  await page.waitForSelector('[data-link=live]');
});
