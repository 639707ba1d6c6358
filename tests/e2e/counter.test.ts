// The counter console in Chromium against a real hall server: sign-in, keyboard shortcuts, no double call,
// pause, transfer, calling a specific number, the offline banner and catching up after a restart.
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import { makeIdNumber } from '../helpers/id-numbers.ts';
import { UNDO_MS } from '../../renderer/counter/store.ts';
import { issue, launchChromium, seedFloor, startE2EHall, STAFF_PASSWORD, until, type E2EHall, type Floor } from './counter-harness.ts';

let hall: E2EHall;
let floor: Floor;
let browser: Browser;
let page: Page;
const browserLog: string[] = [];

const waitCurrent = (number: string | null) =>
  number === null ? page.waitForSelector('.current-empty') : page.waitForSelector(`[data-testid=current][data-number="${number}"]`);
const counterOne = async () => (await hall.admin.queue()).counters.find((c) => c.id === floor.counters.one.id)!;
const idle = () => page.waitForSelector('.console[data-busy="false"]');

beforeAll(async () => {
  hall = await startE2EHall();
  floor = await seedFloor(hall);
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1366, height: 768 } });
  // Shorter than the test's own limit, so a failure names the element it waited for.
  page.setDefaultTimeout(15_000);
  page.on('console', (m) => browserLog.push(`${m.type()}: ${m.text()}`));
  page.on('pageerror', (e) => browserLog.push(`pageerror: ${e.message}`));
  page.on('requestfailed', (r) => browserLog.push(`requestfailed: ${r.method()} ${r.url()} ${r.failure()?.errorText ?? ''}`));
  page.on('websocket', (ws) => {
    browserLog.push(`websocket opened ${ws.url().replace(/token=[^&]+/, 'token=…')}`);
    ws.on('close', () => browserLog.push('websocket closed'));
  });
  await page.goto(`${hall.url}/counter/`);
}, 240_000);

// The tests share one console: when one fails, say what the page and the server held at that moment.
afterEach(async ({ task }) => {
  if (task.result?.state !== 'fail') return;
  const shown = await page
    .$eval('.console', (el) => ({
      busy: el.getAttribute('data-busy'),
      current: el.querySelector('[data-testid=current]')?.getAttribute('data-number') ?? null,
      status: el.querySelector('[role=status]')?.textContent ?? null,
      link: el.querySelector('[data-link]')?.getAttribute('data-link') ?? null,
      waiting: [...el.querySelectorAll('tbody tr')].map((r) => r.getAttribute('data-number')),
    }))
    .catch((err: unknown) => String(err));
  const server = await counterOne().catch((err: unknown) => String(err));
  // Thrown, so it is printed beside the failure itself rather than among the run's output.
  throw new Error(`state when it failed: ${JSON.stringify({ shown, server, browserLog: browserLog.slice(-15) })}`);
});

afterAll(async () => {
  await browser?.close();
  await hall?.close();
});

it('signs staff in and takes the counter they pick', async () => {
  await page.fill('input[name=username]', 'wang');
  await page.fill('input[name=password]', 'wrong-password');
  await page.click('button[type=submit]');
  await page.waitForSelector('.login .error');
  await page.fill('input[name=password]', STAFF_PASSWORD);
  await page.click('button[type=submit]');
  await page.click(`.picker-item[data-counter-id="${floor.counters.one.id}"]`);
  await page.waitForSelector('[data-link=live]');
  expect((await counterOne()).staffUserId).not.toBeNull();
  expect(await page.textContent('.bar-counter')).toContain('3');
});

it('every action shows its key; N calls the next ticket with its details, the waiting list follows', async () => {
  const labels = await page.$$eval('.action', (buttons) => buttons.map((b) => b.querySelector('kbd')?.textContent));
  expect(labels).toEqual(['N', 'R', 'C', 'X', 'T', 'P', 'S']);
  const first = await floor.kiosk.issueTicket({ serviceId: floor.services.a.id, idCardNumber: makeIdNumber('19900307'), personName: '张小三' }, 'c-1');
  const second = await issue(floor.kiosk, floor.services.b.id);
  await page.waitForSelector(`tr[data-number="${second.number}"]`);
  expect(await page.$$eval('tbody tr', (rows) => rows.map((r) => r.getAttribute('data-number')))).toEqual([first.number, second.number]);
  await page.keyboard.press('n');
  await waitCurrent(first.number);
  expect(await page.textContent('.current-service')).toBe(floor.services.a.name);
  expect(await page.textContent('.current-name')).toBe('张*三');
  expect(await page.textContent('[data-testid=waited]')).toMatch(/已等候 \d+ 分 \d+ 秒/);
  await page.waitForSelector(`tr[data-number="${first.number}"]`, { state: 'detached' });
});

it('R recalls, C completes, X marks a no-show', async () => {
  const first = (await counterOne()).current!;
  await page.keyboard.press('r');
  await until(async () => (await hall.admin.ticket(first.id)).recallCount === 1, 10_000, 'the recall');
  await idle();
  await page.keyboard.press('c');
  await waitCurrent(null);
  // Held back for the undo window, then sent.
  await until(async () => (await hall.admin.ticket(first.id)).status === 'done', UNDO_MS + 10_000, 'the completion');

  await page.keyboard.press('n');
  await page.waitForSelector('[data-testid=current][data-number]');
  const second = (await counterOne()).current!;
  await idle();
  await page.keyboard.press('x');
  await waitCurrent(null);
  await until(async () => (await hall.admin.ticket(second.id)).status === 'no_show', UNDO_MS + 10_000, 'the no-show');
}, 60_000);

it('a double click or a doubled key press calls only one ticket', async () => {
  const a = await issue(floor.kiosk, floor.services.a.id);
  const b = await issue(floor.kiosk, floor.services.a.id);
  await page.waitForSelector(`tr[data-number="${b.number}"]`);
  await page.dblclick('[data-action=call-next]');
  await waitCurrent(a.number);
  await idle();
  expect((await hall.admin.ticket(b.id)).status).toBe('waiting');

  // Two key presses in the same instant: the second finds the first still on its way.
  await page.evaluate(() => {
    for (let i = 0; i < 2; i++) window.dispatchEvent(new KeyboardEvent('keydown', { key: 'n', bubbles: true }));
  });
  await waitCurrent(b.number);
  await idle();
  const c = await issue(floor.kiosk, floor.services.a.id);
  await page.waitForSelector(`tr[data-number="${c.number}"]`);
  expect((await hall.admin.ticket(c.id)).status).toBe('waiting');
  expect((await hall.admin.ticket(a.id)).status).toBe('done');
});

it('P pauses with a reason: nothing can be called until resumed', async () => {
  await page.keyboard.press('p');
  await page.waitForSelector('[role=dialog]');
  expect(await page.$$eval('.choice kbd', (k) => k.map((x) => x.textContent))).toEqual(['1', '2', '3', '4']);
  await page.keyboard.press('2');
  await page.waitForSelector('[data-testid=paused-banner]');
  expect(await page.textContent('[data-testid=paused-banner]')).toContain('会议');
  const counter = await counterOne();
  expect(counter).toMatchObject({ paused: true, pauseReason: 'meeting' });
  expect(await page.isDisabled('[data-action=call-next]')).toBe(true);
  const before = counter.current?.id;
  await page.keyboard.press('n');
  await expect(floor.staff.client.callNext(floor.counters.one.id)).rejects.toMatchObject({ code: 'COUNTER_PAUSED' });
  expect((await counterOne()).current?.id).toBe(before);
  await page.keyboard.press('p');
  await page.waitForSelector('[data-testid=paused-banner]', { state: 'detached' });
  expect((await counterOne()).paused).toBe(false);
});

it('T transfers the ticket in hand to another service, keeping its number', async () => {
  const current = (await counterOne()).current!;
  await page.keyboard.press('t');
  await page.waitForSelector('[role=dialog]');
  expect(await page.textContent('[role=dialog]')).toContain(floor.services.b.name);
  await page.keyboard.press('1');
  await waitCurrent(null);
  const moved = await hall.admin.ticket(current.id);
  expect(moved).toMatchObject({ status: 'waiting', serviceId: floor.services.b.id, number: current.number });
  await page.waitForSelector(`tr[data-number="${current.number}"]`);
});

it('S calls a specific waiting number typed in; a row button calls that row', async () => {
  const waiting = await hall.admin.waitingTickets([floor.services.a.id, floor.services.b.id]);
  const last = waiting.at(-1)!;
  await page.keyboard.press('s');
  await page.waitForSelector('.call-number input');
  await page.keyboard.type(last.number.toLowerCase());
  await page.keyboard.press('Enter');
  await waitCurrent(last.number);
  await idle();
  const row = waiting[0]!;
  await page.click(`tr[data-number="${row.number}"] .list-call`);
  await waitCurrent(row.number);
  expect((await hall.admin.ticket(last.id)).status).toBe('done');
});

it('shows an offline banner while the server is gone and catches up with what happened meanwhile', async () => {
  await idle();
  await hall.stop();
  await page.waitForSelector('[data-testid=offline-banner]', { timeout: 20_000 });
  await hall.restart();
  // A manager works the counter before the console is back: the console must replay it.
  const fresh = await issue(floor.kiosk, floor.services.b.id);
  const { ticket } = await hall.admin.callTicket(floor.counters.one.id, fresh.id);
  expect(ticket.number).toBe(fresh.number);
  await page.waitForSelector('[data-testid=offline-banner]', { state: 'detached', timeout: 30_000 });
  await waitCurrent(fresh.number);
  const later = await issue(floor.kiosk, floor.services.a.id);
  await page.waitForSelector(`tr[data-number="${later.number}"]`);
});

it('says when a typed number is not waiting; a counter signed out elsewhere goes back to the picker; sign-out leaves it', async () => {
  await page.keyboard.press('s');
  await page.keyboard.type('Z999');
  await page.keyboard.press('Enter');
  expect(await page.textContent('.call-number .error')).toContain('Z999');
  await page.keyboard.press('Escape');
  await page.waitForSelector('[role=dialog]', { state: 'detached' });

  await hall.admin.signOut(floor.counters.one.id);
  await page.keyboard.press('n');
  await page.waitForSelector(`.picker-item[data-counter-id="${floor.counters.one.id}"]`);
  await page.click(`.picker-item[data-counter-id="${floor.counters.one.id}"]`);
  await page.waitForSelector('[data-link=live]');
  await page.click('.bar-signout');
  await page.waitForSelector('input[name=username]');
  expect((await counterOne()).staffUserId).toBeNull();
  await expect(floor.staff.client.callNext(floor.counters.one.id)).rejects.toMatchObject({ code: 'NOT_SIGNED_IN' });
});
