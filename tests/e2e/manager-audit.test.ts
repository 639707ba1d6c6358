// The manager's 操作日志 (audit) tab in Chromium against a real hall server: entries name who acted; filters by who,
// what, when and target; paging; the CSV download; the retention form.
import { readFileSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { HallClient } from '../../client/hall-client.ts';
import { AUDIT_CSV_HEADER } from '../../core/audit.ts';
import { ADMIN_PASSWORD, launchChromium, seedFloor, startE2EHall, type E2EHall, type Floor } from './counter-harness.ts';
import { screenshot, seriousAxeViolations, SIZES, textOverflows } from './page-checks.ts';

let hall: E2EHall;
let floor: Floor;
let browser: Browser;
let manager: Page;
let wangId: string;
let completedId: string;

const CONSOLE = SIZES.console[0];
const rows = (page: Page) => page.locator('[data-testid=audit-table] tbody tr');

beforeAll(async () => {
  hall = await startE2EHall();
  floor = await seedFloor(hall);
  wangId = (await floor.staff.client.me()).id;
  const { staff, kiosk } = floor;
  await staff.client.signIn(floor.counters.one.id);
  for (let i = 0; i < 55; i++) await kiosk.issueTicket({ serviceId: floor.services.a.id }, randomUUID());
  const called = await staff.client.callNext(floor.counters.one.id);
  completedId = called.ticket!.id;
  await staff.client.complete(completedId);
  await new HallClient(hall.url).login('wang', 'not-the-password').catch(() => undefined);

  browser = await launchChromium();
  // bypassCSP: the page's CSP (script-src 'self') would refuse the inline axe-core script seriousAxeViolations adds.
  const context = await browser.newContext({ viewport: { width: CONSOLE.width, height: CONSOLE.height }, bypassCSP: true, acceptDownloads: true });
  manager = await context.newPage();
  manager.setDefaultTimeout(8_000);
  await manager.goto(`${hall.url}/manager/`);
  await manager.fill('input[name=username]', 'admin');
  await manager.fill('input[name=password]', ADMIN_PASSWORD);
  await manager.click('button[type=submit]');
  await manager.waitForSelector('[data-link=live]');
  await manager.click('[data-tab=audit]');
  await manager.waitForSelector('[data-testid=audit-table] tbody tr');
}, 240_000);

afterAll(async () => {
  await browser?.close();
  await hall?.close();
});

it('lists entries newest first naming who acted, and pages to older ones', async () => {
  expect(await rows(manager).count()).toBe(50);
  const done = manager.locator('tr[data-action="ticket.complete"]');
  await expect(done.count()).resolves.toBe(1);
  expect(await done.textContent()).toContain('人员 · wang');
  expect(await done.textContent()).toContain('办结');
  const failed = manager.locator('tr[data-action="auth.login_failed"]');
  expect(await failed.textContent()).toContain('登录失败');
  expect(await failed.textContent()).toContain('原因: 密码错误');

  await manager.click('button:has-text("加载更早的记录")');
  await manager.waitForFunction(() => document.querySelectorAll('[data-testid=audit-table] tbody tr').length > 50);
  const ids = await manager.$$eval('[data-testid=audit-table] tbody tr', (trs) => trs.map((tr) => tr.textContent));
  expect(ids.length).toBeGreaterThan(50);
  // The hall's first start is the system's doing.
  expect(await manager.locator('tr[data-action="day.rollover"]').textContent()).toContain('系统');
});

it('filters by who, what, when and target', async () => {
  await manager.selectOption('select[name=actor]', wangId);
  await manager.click('button:has-text("查询")');
  await manager.waitForFunction(
    (id) => [...document.querySelectorAll('[data-testid=audit-table] tbody tr')].every((tr) => tr.getAttribute('data-actor') === id),
    wangId,
  );
  const actions = await manager.$$eval('[data-testid=audit-table] tbody tr', (trs) => trs.map((tr) => tr.getAttribute('data-action')));
  expect(actions).toEqual(['auth.login_failed', 'ticket.complete', 'ticket.call_next', 'counter.sign_in', 'auth.login']);

  await manager.selectOption('select[name=action]', 'ticket.complete');
  await manager.click('button:has-text("查询")');
  await manager.waitForFunction(() => document.querySelectorAll('[data-testid=audit-table] tbody tr').length === 1);
  await manager.click('[data-testid=audit-table] tbody tr .link-button');
  expect(await manager.inputValue('input[name=target]')).toBe(completedId);
  expect(await rows(manager).count()).toBe(1);

  // Today's ticket number stands for that ticket.
  await manager.click('button:has-text("清空条件")');
  await manager.fill('input[name=target]', 'a001');
  await manager.click('button:has-text("查询")');
  await manager.waitForFunction(() => document.querySelectorAll('[data-testid=audit-table] tbody tr').length === 3);
  expect(await manager.$$eval('[data-testid=audit-table] tbody tr', (trs) => trs.map((tr) => tr.getAttribute('data-action')))).toEqual([
    'ticket.complete',
    'ticket.call_next',
    'ticket.issue',
  ]);
  await manager.fill('input[name=target]', 'Z999');
  await manager.click('button:has-text("查询")');
  await manager.waitForSelector('text=今天没有 Z999 号');

  // Tomorrow onward holds nothing yet.
  await manager.click('button:has-text("清空条件")');
  const tomorrow = new Date(Date.now() + 86_400_000);
  const day = `${tomorrow.getFullYear()}-${String(tomorrow.getMonth() + 1).padStart(2, '0')}-${String(tomorrow.getDate()).padStart(2, '0')}`;
  await manager.fill('input[name=from]', day);
  await manager.click('button:has-text("查询")');
  await manager.waitForSelector('text=没有符合条件的记录');
  await manager.click('button:has-text("清空条件")');
  await manager.waitForSelector('[data-testid=audit-table] tbody tr');
});

it('downloads the filtered list as CSV with the contract header', async () => {
  await manager.selectOption('select[name=actor]', wangId);
  await manager.click('button:has-text("查询")');
  await manager.waitForFunction(() => document.querySelectorAll('[data-testid=audit-table] tbody tr').length === 5);
  const [download] = await Promise.all([manager.waitForEvent('download'), manager.click('[data-testid=audit-export]')]);
  const text = readFileSync((await download.path())!, 'utf8');
  const lines = text.trim().split('\r\n');
  expect(lines[0]).toBe(AUDIT_CSV_HEADER);
  expect(lines).toHaveLength(6);
  expect(lines.slice(1).every((l) => l.split(',')[2] === wangId)).toBe(true);
  await manager.click('button:has-text("清空条件")');
});

it('saves the retention settings, and the change is in the log', async () => {
  await manager.fill('input[name=auditDetailDays]', '0');
  await manager.click('button:has-text("保存期限")');
  await manager.waitForSelector('[data-testid=retention-form] ~ [role=status][data-status=error]');
  await manager.fill('input[name=auditDetailDays]', '90');
  await manager.click('button:has-text("保存期限")');
  await manager.waitForSelector('[role=status][data-status=saved]');
  expect(await hall.admin.request('GET', '/api/v1/retention')).toMatchObject({ auditDetailDays: 90 });
  await manager.click('button:has-text("查询")');
  await manager.waitForSelector('tr[data-action="retention.update"]');
});

it('reads well at 1280×800: no overflow, no serious axe violations, in Chinese and English', async () => {
  expect(await textOverflows(manager, '.panel')).toEqual([]);
  expect(await seriousAxeViolations(manager)).toEqual([]);
  await screenshot(manager, 'manager-audit-1280x800');
  await manager.locator('[data-testid=retention-form]').scrollIntoViewIfNeeded();
  await screenshot(manager, 'manager-audit-retention-1280x800');
  await manager.selectOption('.lang', 'en');
  await manager.waitForSelector('button:has-text("Export CSV")');
  await screenshot(manager, 'manager-audit-en-1280x800');
  expect(await textOverflows(manager, '.panel')).toEqual([]);
  expect(await seriousAxeViolations(manager)).toEqual([]);
  await manager.selectOption('.lang', 'zh-CN');
});
