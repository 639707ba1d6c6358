// The manager's 设备 (devices) tab in Chromium against a real hall server: a pairing code made there is redeemed by a
// display page through ?pair= (which then shows the board), is spent after that, and the device can be revoked.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { ADMIN_PASSWORD, launchChromium, seedFloor, startE2EHall, type E2EHall } from './counter-harness.ts';
import { screenshot, seriousAxeViolations, SIZES, textOverflows } from './page-checks.ts';

let hall: E2EHall;
let browser: Browser;
let manager: Page;

const CONSOLE = SIZES.console[0];
const BOARD = SIZES.display[0];

async function openBoard(url: string): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: BOARD.width, height: BOARD.height }, bypassCSP: true });
  const page = await context.newPage();
  page.setDefaultTimeout(8_000);
  await page.goto(url);
  return page;
}

beforeAll(async () => {
  hall = await startE2EHall();
  await seedFloor(hall);
  browser = await launchChromium();
  // bypassCSP: the page's CSP (script-src 'self') would refuse the inline axe-core script seriousAxeViolations adds.
  const context = await browser.newContext({ viewport: { width: CONSOLE.width, height: CONSOLE.height }, bypassCSP: true });
  manager = await context.newPage();
  manager.setDefaultTimeout(8_000);
  await manager.goto(`${hall.url}/manager/`);
  await manager.fill('input[name=username]', 'admin');
  await manager.fill('input[name=password]', ADMIN_PASSWORD);
  await manager.click('button[type=submit]');
  await manager.waitForSelector('[data-link=live]');
  await manager.click('[data-tab=devices]');
  await manager.waitForSelector('[data-testid=add-device]');
}, 240_000);

afterAll(async () => {
  await browser?.close();
  await hall?.close();
});

it('a code made in the Devices tab pairs a display page through ?pair=, which shows the board; the code is then spent', async () => {
  await manager.fill('[data-testid=add-device] input[name=name]', '东区叫号大屏');
  await manager.selectOption('[data-testid=add-device] select[name=kind]', 'display');
  await manager.click('[data-testid=add-device] button[type=submit]');
  const dialog = await manager.waitForSelector('[data-testid=pairing-code]');
  const code = await dialog.$eval('[data-code]', (el) => el.getAttribute('data-code') ?? '');
  expect(code).toMatch(/^\d{8}$/);
  expect(await dialog.$eval('.pairing-digits', (el) => el.textContent)).toBe(`${code.slice(0, 4)} ${code.slice(4)}`);
  expect(await dialog.$('svg.qr')).not.toBeNull();
  expect(await seriousAxeViolations(manager)).toEqual([]);
  expect(await textOverflows(manager, '[data-testid=pairing-code]')).toEqual([]);
  await screenshot(manager, `manager-devices-code-${CONSOLE.name}`);

  const board = await openBoard(`${hall.url}/display/?pair=${code}`);
  await board.waitForSelector('.board');
  expect(new URL(board.url()).searchParams.get('pair')).toBeNull();
  const token = await board.evaluate(() => localStorage.getItem('hall.display.token'));
  expect(token).toBeTruthy();
  const me = await hall.admin.withToken(token!).me();
  expect(me).toMatchObject({ kind: 'device', role: 'display', name: '东区叫号大屏' });
  // The board keeps its token across a reload, with no code in the address.
  await board.reload();
  await board.waitForSelector('.board');

  await manager.waitForSelector('[data-testid=pairing-done]', { timeout: 8_000 });
  await manager.click('[data-testid=pairing-code] button:has-text("关闭")');
  const row = `[data-testid=devices-table] tr:has-text("东区叫号大屏")`;
  await manager.waitForSelector(`${row} [data-status=active]`);
  expect(await manager.textContent(`${row} td:nth-child(2)`)).toBe('显示屏');
  expect(await manager.textContent(`${row} td:nth-child(3)`)).toBe('刚刚');

  // The same code on a second board: refused with the reason, on the pairing screen.
  const second = await openBoard(`${hall.url}/display/?pair=${code}`);
  await second.waitForSelector('.pairing [role=alert]');
  expect(await second.textContent('.pairing [role=alert]')).toContain('已被使用');
  expect(await second.$('.board')).toBeNull();
  expect(await seriousAxeViolations(second)).toEqual([]);
  expect(await textOverflows(second)).toEqual([]);
  await screenshot(second, `display-pairing-${BOARD.name}`);
  await second.context().close();

  // Revoked, the board drops its token and shows the pairing screen again.
  await hall.admin.revokeDevice(me.id);
  await board.waitForSelector('.pairing', { timeout: 5_000 });
  expect(await board.evaluate(() => localStorage.getItem('hall.display.token'))).toBeNull();
  await board.context().close();
});

it('a rating pad code carries its counter; rename and revoke from the list', async () => {
  const counters = await hall.admin.counters();
  await manager.fill('[data-testid=add-device] input[name=name]', '1号窗评价器');
  await manager.selectOption('[data-testid=add-device] select[name=kind]', 'rating_pad');
  await manager.selectOption('[data-testid=add-device] select[name=counter]', counters[0]!.id);
  await manager.click('[data-testid=add-device] button[type=submit]');
  const dialog = await manager.waitForSelector('[data-testid=pairing-code]');
  const how = await dialog.$eval('.pairing-how', (el) => el.textContent ?? '');
  const code = await dialog.$eval('[data-code]', (el) => el.getAttribute('data-code') ?? '');
  expect(how).toContain(`${hall.url}/rate/?pair=${code}&counter=${counters[0]!.id}`);
  await manager.click('[data-testid=pairing-code] button:has-text("关闭")');

  const pad = await hall.admin.withToken('').pairDevice(code, 'rating_pad');
  const row = `[data-testid=devices-table] tr[data-device-id="${pad.deviceId}"]`;
  await manager.click('[data-tab=staff]');
  await manager.click('[data-tab=devices]');
  await manager.click(`${row} button:has-text("改名")`);
  await manager.fill(`${row} input`, '一号窗评价器');
  await manager.click(`${row} button:has-text("保存")`);
  await manager.waitForSelector(`${row}:has-text("一号窗评价器")`);
  await screenshot(manager, `manager-devices-${CONSOLE.name}`);
  expect(await seriousAxeViolations(manager)).toEqual([]);
  expect(await textOverflows(manager, '.panel')).toEqual([]);

  await manager.click(`${row} button:has-text("吊销")`);
  await manager.click('[data-testid=revoke-yes]');
  await manager.waitForSelector(`${row} [data-status=revoked]`);
  expect((await hall.admin.devices()).find((d) => d.id === pad.deviceId)).toMatchObject({ name: '一号窗评价器', revoked: true });
});
