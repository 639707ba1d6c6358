// The district app in Chromium against a real district server on PostgreSQL, fed by real halls replicating: every
// hall on one screen (an unconnected one marked), the drill-down, 好差评 across halls with an overdue follow-up and the
// provincial export; axe-core and text overflow at the console sizes.
import { readFileSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startDistrictServer, type DistrictServer } from '../../district/server.ts';
import { RATING_EXPORT_COLUMNS } from '../../district/queries.ts';
import { DISTRICT_ADMIN, DistrictApi, hallActivity, hallHeadSeq, waitFor, type DistrictHall } from '../district/district-helpers.ts';
import { ADMIN_PASSWORD, startTestHall, type TestHall } from '../helpers/hall.ts';
import { STANDARD_CERTIFICATE_TYPES } from '../../core/certificate-standard-types.ts';
import { usePostgres } from '../helpers/postgres.ts';
import { launchChromium } from './counter-harness.ts';
import { screenshot, seriousAxeViolations, textOverflows } from './page-checks.ts';

const pgCluster = usePostgres();
let district: DistrictServer;
let browser: Browser;
let page: Page;
const halls: TestHall[] = [];

const SIZES = [
  { name: '1920x1080', width: 1920, height: 1080 },
  { name: '1280x800', width: 1280, height: 800 },
];

beforeAll(async () => {
  district = await startDistrictServer({
    databaseUrl: await pgCluster.current.createDatabase('e2e'),
    port: 0,
    adminPassword: DISTRICT_ADMIN,
    log: () => undefined,
  });
  const admin = await DistrictApi.signIn(district.url);
  const specs = [
    { code: 'qu-zhongxin', name: '区政务服务中心', tickets: 14, daysAgo: 0 },
    { code: 'dongcheng', name: '东城街道便民服务中心', tickets: 8, daysAgo: 0 },
    // A low rating thirty days ago: its follow-up (due 15 working days later) is overdue by now.
    { code: 'xishan', name: '西山镇便民服务中心', tickets: 6, daysAgo: 30 },
  ];
  for (const s of specs) {
    const { id, token } = await admin.json<{ id: string; token: string }>('POST', '/api/v1/halls', { code: s.code, name: s.name });
    const hall = await startTestHall({
      district: { urls: [district.url], token, calendarEveryMs: 500 },
      ...(s.daysAgo ? { now: Date.now() - s.daysAgo * 86_400_000 } : {}),
    });
    halls.push(hall);
    await hallActivity(hall, s.tickets, s.code);
    await waitFor(
      async () => (await admin.json<DistrictHall[]>('GET', '/api/v1/district/halls')).find((h) => h.id === id)!.lastSeq === hallHeadSeq(hall),
      `${s.code} replicated`,
    );
  }
  // Registered, never connected: the overview must say so.
  await admin.json('POST', '/api/v1/halls', { code: 'nanhu-cun', name: '南湖村便民服务站' });
  browser = await launchChromium();
  const context = await browser.newContext({ viewport: SIZES[0], bypassCSP: true, acceptDownloads: true });
  page = await context.newPage();
  page.setDefaultTimeout(10_000);
  await page.goto(`${district.url}/`);
  await page.fill('input[name=username]', 'admin');
  await page.fill('input[name=password]', DISTRICT_ADMIN);
  await page.click('button[type=submit]');
  await page.waitForSelector('table.halls tbody tr');
}, 120_000);

afterAll(async () => {
  await browser?.close();
  for (const h of halls) await h.close();
  await district?.close();
});

it('shows every hall on one screen with its waiting count, and the one never connected as such', async () => {
  const rows = page.locator('table.halls tbody tr');
  expect(await rows.count()).toBe(4);
  const centre = page.locator('table.halls tbody tr', { hasText: '区政务服务中心' });
  // 14 issued, 7 called and completed: 7 wait.
  expect(await centre.locator('td').nth(1).innerText()).toBe('7');
  expect(await centre.locator('.badge').innerText()).toBe('在线');
  expect(await page.locator('table.halls tbody tr', { hasText: '南湖村便民服务站' }).locator('.badge').innerText()).toBe('尚未连接');
  for (const size of SIZES) {
    await page.setViewportSize(size);
    expect(await seriousAxeViolations(page)).toEqual([]);
    expect(await textOverflows(page)).toEqual([]);
    await screenshot(page, `district-overview-${size.name}`);
  }
});

it('drills down into one hall, read-only', async () => {
  await page.setViewportSize(SIZES[1]!);
  await page.click('button.link:has-text("东城街道便民服务中心")');
  await page.waitForSelector('.detail table');
  expect(await page.locator('.detail .tile-value').first().innerText()).toBe('4');
  expect(await page.locator('.detail').innerText()).toContain('1 号窗口');
  expect(await seriousAxeViolations(page)).toEqual([]);
  expect(await textOverflows(page)).toEqual([]);
  await screenshot(page, 'district-hall-1280x800');
  await page.click('text=返回总览');
});

it('lists 好差评 across halls with the overdue follow-up, and exports the ratings as documented', async () => {
  await page.setViewportSize(SIZES[0]!);
  await page.click('button.tab:has-text("好差评")');
  const from = new Date(Date.now() - 40 * 86_400_000).toISOString().slice(0, 10);
  await page.fill('input[type=date] >> nth=0', from);
  await page.waitForSelector('tr.overdue');
  expect(await page.locator('tr.overdue').first().innerText()).toContain('西山镇便民服务中心');
  expect(await seriousAxeViolations(page)).toEqual([]);
  expect(await textOverflows(page)).toEqual([]);
  await screenshot(page, 'district-ratings-1920x1080');
  const [download] = await Promise.all([page.waitForEvent('download'), page.click('text=导出评价（省平台格式 CSV）')]);
  const csv = readFileSync((await download.path())!, 'utf8').replace(/^\ufeff/, '');
  const [header, ...lines] = csv.trim().split('\r\n');
  expect(header).toBe(RATING_EXPORT_COLUMNS.join(','));
  // Every other served ticket is rated: the centre 7 served → 4, 东城 4 → 2, 西山 3 → 2 (one 非常不满意, followed up late).
  expect(lines.length).toBe(4 + 2 + 2);
  const xishan = lines.map((l) => l.split(',')).filter((cells) => cells[1] === 'xishan');
  expect(xishan.map((cells) => cells[8]).sort()).toEqual(['非常不满意', '非常满意']);
  expect(xishan.find((cells) => cells[8] === '非常不满意')![12]).toBe('open');
});

it("shows the hall's manager the district link on the monitor", async () => {
  const manager = await page.context().newPage();
  await manager.setViewportSize(SIZES[1]!);
  await manager.goto(`${halls[0]!.url}/manager/`);
  await manager.fill('input[name=username]', 'admin');
  await manager.fill('input[name=password]', ADMIN_PASSWORD);
  await manager.click('button[type=submit]');
  await manager.waitForSelector('[data-testid=district-link][data-state=synced]');
  expect(await manager.locator('[data-testid=district-link]').innerText()).toMatch(/区级同步\s+已同步（序号 \d+）/);
  expect(await seriousAxeViolations(manager)).toEqual([]);
  await screenshot(manager, 'manager-district-link-1280x800');
  await manager.close();
});

it('registers a hall and rotates and revokes its token from the district app', async () => {
  await page.setViewportSize(SIZES[1]!);
  await page.click('button.tab:has-text("接入管理")');
  await page.fill('input[name=code]', 'beishan-cun');
  await page.fill('input[name=name]', '北山村便民服务站');
  await page.click('button:has-text("登记大厅")');
  const shownToken = async () => ((await page.locator('[data-testid=new-token] code').innerText()).split('=')[1] ?? '').trim();
  await page.waitForSelector('[data-testid=new-token]');
  const first = await shownToken();
  const me = (token: string) => new DistrictApi(district.url, token).send('GET', '/api/v1/district/me');
  expect((await me(first)).status).toBe(200);
  const row = 'tr[data-code="beishan-cun"]';
  await page.click(`${row} button:has-text("更换令牌")`);
  await page.waitForFunction((old) => !document.querySelector('[data-testid=new-token] code')?.textContent?.includes(old), first);
  const second = await shownToken();
  expect((await me(first)).status).toBe(401);
  expect((await me(second)).status).toBe(200);
  expect(await seriousAxeViolations(page)).toEqual([]);
  expect(await textOverflows(page)).toEqual([]);
  await screenshot(page, 'district-admin-1280x800');
  page.once('dialog', (d) => void d.accept());
  await page.click(`${row} button:has-text("吊销")`);
  await page.waitForSelector(`${row} .badge.bad`);
  expect((await me(second)).status).toBe(401);
});

it('publishes certificate types from 目录; a hall’s own edit is kept and shown as 本厅修改 in both apps', async () => {
  const { code: _code, ...base } = STANDARD_CERTIFICATE_TYPES[0]!;
  const hall = halls[0]!;
  await hall.admin.request('PUT', '/api/v1/certificate-types/residence-proof', { ...base, name: '本厅居住证明' });
  await page.setViewportSize(SIZES[1]!);
  await page.click('button.tab:has-text("目录")');
  await page.waitForSelector('textarea[name=items]');
  const items = [
    { code: 'residence-proof', ...base, name: '居住证明' },
    { code: 'income-proof', ...base, name: '收入证明' },
  ];
  await page.fill('textarea[name=items]', JSON.stringify(items, null, 2));
  await page.click('button:has-text("发布新版本")');
  await page.waitForSelector('p.ok:has-text("已发布第 1 版")');
  const admin = await DistrictApi.signIn(district.url);
  await waitFor(
    async () => (await admin.json<{ overrides: unknown[] }>('GET', '/api/v1/district/catalogue/certificate-types')).overrides.length === 1,
    'the hall to report its own edit',
  );
  await page.click('button.tab:has-text("接入管理")');
  await page.click('button.tab:has-text("目录")');
  const row = page.locator('table.overrides tbody tr', { hasText: '区政务服务中心' });
  expect(await row.locator('td').innerText()).toBe('居住证明');
  expect(await page.locator('p.hint').innerText()).toContain('当前为第 1 版（2 种）');
  expect(await seriousAxeViolations(page)).toEqual([]);
  expect(await textOverflows(page)).toEqual([]);
  await screenshot(page, 'district-catalogue-1280x800');

  // The hall's manager sees which type is its own edit.
  // A context of its own: the earlier manager sign-in is remembered in this one.
  const context = await browser.newContext({ viewport: SIZES[1]! });
  const manager = await context.newPage();
  await manager.goto(`${hall.url}/manager/`);
  await manager.fill('input[name=username]', 'admin');
  await manager.fill('input[name=password]', ADMIN_PASSWORD);
  await manager.click('button[type=submit]');
  await manager.click('button:has-text("证明打印")');
  await manager.waitForSelector('option[data-override]', { state: 'attached' });
  expect(await manager.locator('option[data-override]').allInnerTexts()).toEqual(['本厅居住证明（本厅修改）']);
  expect(await manager.locator('option', { hasText: '收入证明' }).count()).toBe(1);
  await context.close();
});
