// The manager's 人员 (staff) tab in Chromium against a real hall server: disabling a member of staff signs their open
// counter console out; a reset password is shown once and must be changed at the next sign-in; new accounts; a sign-in
// throttle shown and cleared.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { HallClient } from '../../client/hall-client.ts';
import { ADMIN_PASSWORD, launchChromium, seedFloor, startE2EHall, STAFF_PASSWORD, type E2EHall, type Floor } from './counter-harness.ts';
import { screenshot, seriousAxeViolations, SIZES, textOverflows } from './page-checks.ts';

let hall: E2EHall;
let floor: Floor;
let browser: Browser;
let manager: Page;
/** The hall's clock runs this far from the real one: the throttle test walks it forward through the growing waits. */
let clockOffsetMs = 0;

const CONSOLE = SIZES.console[0];
const row = (username: string) => `[data-testid=staff-table] tr[data-username="${username}"]`;

/** A counter console in its own browser context (its own sessionStorage), signed in and at its counter. */
async function openConsole(username: string, password: string, counterId: string): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: CONSOLE.width, height: CONSOLE.height } });
  const page = await context.newPage();
  page.setDefaultTimeout(8_000);
  await page.goto(`${hall.url}/counter/?counter=${counterId}`);
  await page.fill('input[name=username]', username);
  await page.fill('input[name=password]', password);
  await page.click('button[type=submit]');
  return page;
}

beforeAll(async () => {
  hall = await startE2EHall({}, { now: () => Date.now() + clockOffsetMs });
  floor = await seedFloor(hall);
  browser = await launchChromium();
  // bypassCSP: the page's CSP (script-src 'self') would refuse the inline axe-core script seriousAxeViolations adds.
  const context = await browser.newContext({ viewport: { width: CONSOLE.width, height: CONSOLE.height }, bypassCSP: true });
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: hall.url });
  manager = await context.newPage();
  manager.setDefaultTimeout(8_000);
  await manager.goto(`${hall.url}/manager/`);
  await manager.fill('input[name=username]', 'admin');
  await manager.fill('input[name=password]', ADMIN_PASSWORD);
  await manager.click('button[type=submit]');
  await manager.waitForSelector('[data-link=live]');
  await manager.click('[data-tab=staff]');
  await manager.waitForSelector(row('wang'));
}, 240_000);

afterAll(async () => {
  await browser?.close();
  await hall?.close();
});

it('disabling a member of staff signs their open counter console out within a couple of seconds', async () => {
  const counter = await openConsole('wang', STAFF_PASSWORD, floor.counters.one.id);
  await counter.waitForSelector('.bar-counter');
  await counter.waitForSelector('[data-link=live]');

  await manager.click(`${row('wang')} button:has-text("停用")`);
  await manager.waitForSelector(`${row('wang')} [data-status=disabled]`);
  await counter.waitForSelector('input[name=username]', { timeout: 3_000 });
  expect(await counter.isVisible('.bar-counter')).toBe(false);
  const c = (await hall.admin.counters()).find((x) => x.id === floor.counters.one.id)!;
  expect(c).toMatchObject({ state: 'closed', staffUserId: null });

  // Signing in again is refused like a wrong password.
  await counter.fill('input[name=username]', 'wang');
  await counter.fill('input[name=password]', STAFF_PASSWORD);
  await counter.click('button[type=submit]');
  await counter.waitForSelector('.login [role=alert]');
  expect(await counter.textContent('.login [role=alert]')).toContain('用户名或密码不正确');

  await manager.click(`${row('wang')} button:has-text("启用")`);
  await manager.waitForSelector(`${row('wang')} [data-status=active]`);
  await counter.context().close();
});

it('a reset password is shown once, and its user sets a new one at sign-in before reaching their counter', async () => {
  await manager.click(`${row('liu')} button:has-text("重置密码")`);
  const dialog = await manager.waitForSelector('[data-testid=temporary-password]');
  const temporary = (await dialog.$eval('code', (el) => el.textContent ?? '')).trim();
  expect(temporary).toMatch(/^[A-Za-z2-9]{14}$/);
  await manager.click('[data-testid=temporary-password] button:has-text("复制")');
  await manager.waitForSelector('[data-testid=temporary-password] button:has-text("已复制")');
  expect(await manager.evaluate(() => navigator.clipboard.readText())).toBe(temporary);
  await manager.setViewportSize({ width: CONSOLE.width, height: CONSOLE.height });
  expect(await seriousAxeViolations(manager)).toEqual([]);
  await manager.click('[data-testid=temporary-password] button:has-text("关闭")');
  await manager.waitForSelector(`${row('liu')} .pill-warn`);
  expect(await manager.content()).not.toContain(temporary);

  const counter = await openConsole('liu', temporary, floor.counters.two.id);
  await counter.waitForSelector('[data-testid=change-password]');
  await counter.fill('input[name=newPassword]', 'liu');
  await counter.fill('input[name=repeatPassword]', 'liu');
  await counter.click('button[type=submit]');
  await counter.waitForSelector('[data-testid=change-password] [role=alert]');
  expect(await counter.textContent('[data-testid=change-password] [role=alert]')).toContain('至少 10 个字符');
  await counter.fill('input[name=newPassword]', 'Liu-new-password-7');
  await counter.fill('input[name=repeatPassword]', 'Liu-new-password-7');
  await counter.click('button[type=submit]');
  await counter.waitForSelector('.bar-counter');
  expect(await counter.textContent('.bar-counter')).toContain('5');
  expect((await new HallClient(hall.url).login('liu', 'Liu-new-password-7')).mustChangePassword).toBeUndefined();
  await manager.click('[data-tab=monitor]');
  await manager.click('[data-tab=staff]');
  await manager.waitForSelector(`${row('liu')} [data-status=active]`);
  expect(await manager.isVisible(`${row('liu')} .pill-warn`)).toBe(false);
  await counter.context().close();
});

it('creates an account from the form; a weak password is refused with the rule', async () => {
  await manager.fill('[data-testid=create-user] input[name=username]', 'zhao.min');
  await manager.fill('[data-testid=create-user] input[name=displayName]', '赵敏');
  await manager.fill('[data-testid=create-user] input[name=password]', 'short');
  await manager.click('[data-testid=create-user] button[type=submit]');
  await manager.waitForSelector('[data-status=error]');
  expect(await manager.textContent('[data-status=error]')).toContain('至少 10 个字符');
  await manager.fill('[data-testid=create-user] input[name=password]', 'Zhao-password-1');
  await manager.selectOption('[data-testid=create-user] select[name=role]', 'manager');
  await manager.click('[data-testid=create-user] button[type=submit]');
  await manager.waitForSelector(row('zhao.min'));
  const created = (await hall.admin.users()).find((u) => u.username === 'zhao.min')!;
  expect(created).toMatchObject({ displayName: '赵敏', role: 'manager', disabled: false });
  // Own account: role and disable are not offered.
  expect(await manager.isDisabled(`${row('admin')} select[name=role]`)).toBe(true);
  expect(await manager.isDisabled(`${row('admin')} button:has-text("停用")`)).toBe(true);
});

it('reads well at the console size with disabled and reset accounts: no serious axe findings, no text overflowing', async () => {
  const sun = await hall.admin.createUser({ username: 'sun.li', password: 'Sun-password-1', role: 'staff', displayName: '孙丽' });
  await hall.admin.updateUser(sun.id, { disabled: true });
  await hall.admin.resetPassword((await hall.admin.users()).find((u) => u.username === 'wang')!.id);
  await manager.click('[data-tab=monitor]');
  await manager.click('[data-tab=staff]');
  await manager.waitForSelector(`${row('sun.li')} [data-status=disabled]`);
  await manager.waitForSelector(`${row('wang')} .pill-warn`);
  await manager.evaluate(() => window.scrollTo(0, 0));
  expect(await seriousAxeViolations(manager)).toEqual([]);
  expect(await textOverflows(manager)).toEqual([]);
  await screenshot(manager, `manager-staff-${CONSOLE.name}`);
});

it('shows a throttled sign-in with its failures and wait, and a manager clears it', async () => {
  await hall.admin.createUser({ username: 'zhou.qi', password: 'Zhou-password-1', role: 'staff', displayName: '周琦' });
  const wrong = () => new HallClient(hall.url).login('zhou.qi', 'wrong-password').catch((e: unknown) => e);
  // Seven waits run out one after another on the hall's clock, which ends back at real time for the browser.
  clockOffsetMs = -7 * 301_000;
  for (let i = 0; i < 5; i++) await wrong();
  for (let i = 0; i < 7; i++) {
    clockOffsetMs += 301_000;
    await wrong();
  }
  const zhou = (await hall.admin.users()).find((u) => u.username === 'zhou.qi')!;
  expect(zhou.signIn).toMatchObject({ failures: 12 });
  expect(Date.parse(zhou.signIn!.throttledUntil!) - Date.now()).toBeGreaterThan(100_000);

  await manager.click('[data-tab=monitor]');
  await manager.click('[data-tab=staff]');
  const state = await manager.waitForSelector(`${row('zhou.qi')} [data-testid=sign-in-state]`);
  expect(await state.textContent()).toMatch(/^登录受限，约 [23] 分钟后可再试登录失败 12 次$/);
  await manager.evaluate(() => window.scrollTo(0, 0));
  expect(await seriousAxeViolations(manager)).toEqual([]);
  expect(await textOverflows(manager)).toEqual([]);
  await screenshot(manager, `manager-staff-throttled-${CONSOLE.name}`);

  await manager.click(`${row('zhou.qi')} button:has-text("解除限制")`);
  await manager.waitForSelector(`${row('zhou.qi')} [data-testid=sign-in-state]`, { state: 'detached' });
  expect(await manager.textContent('[data-status=ok]')).toContain('已解除 周琦 的登录限制');
  expect(await manager.isVisible(`${row('zhou.qi')} button:has-text("解除限制")`)).toBe(false);
  expect((await hall.admin.users()).find((u) => u.username === 'zhou.qi')!.signIn).toEqual({ failures: 0, throttledUntil: null });
  expect((await new HallClient(hall.url).login('zhou.qi', 'Zhou-password-1')).token).toBeTruthy();
});
