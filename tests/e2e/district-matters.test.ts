// The district's matter catalogue in Chromium: the district manager imports a JSON file on 目录 → 办事指南 (a bad entry is
// refused by its field), two real halls apply it, one hall's own edit shows as 本厅修改 on the district page and as a
// badge in that hall's 办事指南 tab, where 恢复区级版本 ends it. axe-core and text overflow at the console size.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startDistrictServer, type DistrictServer } from '../../district/server.ts';
import type { Matter } from '../../core/matters.ts';
import { DEMO_MATTERS } from '../../scripts/demo-matters.ts';
import { DISTRICT_ADMIN, DistrictApi, waitFor } from '../district/district-helpers.ts';
import { ADMIN_PASSWORD, startTestHall, type TestHall } from '../helpers/hall.ts';
import { usePostgres } from '../helpers/postgres.ts';
import { launchChromium } from './counter-harness.ts';
import { screenshot, seriousAxeViolations, SIZES, textOverflows } from './page-checks.ts';

const pgCluster = usePostgres();
const CONSOLE = SIZES.console[0];
const dir = mkdtempSync(join(tmpdir(), 'district-matters-e2e-'));
let district: DistrictServer;
let admin: DistrictApi;
let browser: Browser;
let page: Page;
const halls: { hall: TestHall; id: string }[] = [];

/** The demo guide as the district publishes it: the queue service by its code. */
const items = DEMO_MATTERS.map(({ service, ...m }) => ({ ...m, serviceCode: service }));
const EDITED = '320100-SB-014';

beforeAll(async () => {
  district = await startDistrictServer({
    databaseUrl: await pgCluster.current.createDatabase('e2e_matters'),
    port: 0,
    adminPassword: DISTRICT_ADMIN,
    log: () => undefined,
  });
  admin = await DistrictApi.signIn(district.url);
  for (const [code, name] of [
    ['qu-zhongxin', '区政务服务中心'],
    ['dongcheng', '东城街道便民服务中心'],
  ]) {
    const { id, token } = await admin.json<{ id: string; token: string }>('POST', '/api/v1/halls', { code, name });
    const hall = await startTestHall({ district: { urls: [district.url], token, calendarEveryMs: 300 } });
    await hall.admin.createService({ code: 'social', name: '社保业务', prefix: 'A' });
    halls.push({ hall, id });
  }
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: CONSOLE.width, height: CONSOLE.height }, bypassCSP: true });
  page.setDefaultTimeout(10_000);
  await page.goto(`${district.url}/`);
  await page.fill('input[name=username]', 'admin');
  await page.fill('input[name=password]', DISTRICT_ADMIN);
  await page.click('button[type=submit]');
  await page.click('button.tab:has-text("目录")');
  await page.click('button:has-text("办事指南")');
  await page.getByTestId('matter-catalogue').waitFor();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  for (const h of halls) await h.hall.close();
  await district?.close();
  rmSync(dir, { recursive: true, force: true });
});

const mattersVersion = async (h: TestHall) => (await h.admin.request<{ mattersVersion: number }>('GET', '/api/v1/district-link')).mattersVersion;

it('publishes the guide from a JSON file, refusing a bad entry by its field; the halls apply it', async () => {
  const bad = items.map((m, i) => (i === 2 ? { ...m, promisedDays: 'soon' } : m));
  writeFileSync(join(dir, 'bad.json'), JSON.stringify({ items: bad }));
  await page.setInputFiles('[data-testid=matter-catalogue-file]', join(dir, 'bad.json'));
  await expect.poll(() => page.getByTestId('matter-catalogue-status').innerText()).toContain('items[2].promisedDays');
  expect((await admin.json<{ version: number }>('GET', '/api/v1/district/catalogue/matters')).version).toBe(0);

  writeFileSync(join(dir, 'good.json'), JSON.stringify(items));
  await page.setInputFiles('[data-testid=matter-catalogue-file]', join(dir, 'good.json'));
  await expect.poll(() => page.getByTestId('matter-catalogue-status').innerText()).toContain('已发布第 1 版');
  await expect.poll(() => page.getByTestId('matter-items').locator('tbody tr').count()).toBe(items.length);
  for (const h of halls) await waitFor(async () => (await mattersVersion(h.hall)) === 1, 'the halls to apply version 1');
});

it('shows a hall’s own edit as 本厅修改 on the district page', async () => {
  const { hall } = halls[0]!;
  const m = await hall.anon.request<Matter>('GET', `/api/v1/matters/${EDITED}`);
  const { code: _code, ...body } = m;
  await hall.admin.request('PUT', `/api/v1/matters/${EDITED}`, { ...body, name: '社保卡补办（本中心即时制卡）' });
  await waitFor(
    async () => (await admin.json<{ overrides: unknown[] }>('GET', '/api/v1/district/catalogue/matters')).overrides.length === 1,
    'the hall to report its edit',
  );
  await page.click('button.tab:has-text("大厅总览")');
  await page.click('button.tab:has-text("目录")');
  await page.click('button:has-text("办事指南")');
  const row = page.getByTestId('matter-overrides').locator('tbody tr', { hasText: '区政务服务中心' });
  await expect.poll(() => row.locator('td').innerText()).toBe(`社保卡补办（${EDITED}）`);
  expect(await page.locator('p.hint').innerText()).toContain(`当前为第 1 版（${items.length} 项）`);
  expect(await seriousAxeViolations(page)).toEqual([]);
  expect(await textOverflows(page)).toEqual([]);
  await screenshot(page, 'district-catalogue-matters-1280x800');
});

it('marks district matters and the hall’s edit in its 办事指南 tab; 恢复区级版本 ends the override', async () => {
  const { hall } = halls[0]!;
  const context = await browser.newContext({ viewport: { width: CONSOLE.width, height: CONSOLE.height } });
  const manager = await context.newPage();
  manager.setDefaultTimeout(10_000);
  await manager.goto(`${hall.url}/manager/`);
  await manager.fill('input[name=username]', 'admin');
  await manager.fill('input[name=password]', ADMIN_PASSWORD);
  await manager.click('button[type=submit]');
  await manager.click('[data-tab=matters]');
  await manager.getByTestId('matter-table').waitFor();
  expect(await manager.locator('.matter-origin:not(.overridden)').count()).toBe(items.length);
  expect(await manager.locator('.matter-origin.overridden').allInnerTexts()).toEqual(['本厅修改']);
  await manager.getByTestId(`matter-edit-${EDITED}`).click();
  expect(await manager.getByTestId('matter-origin-note').innerText()).toContain('本厅已修改');
  expect(await seriousAxeViolations(manager)).toEqual([]);
  expect(await textOverflows(manager)).toEqual([]);
  await screenshot(manager, 'manager-matters-district-1280x800');

  manager.once('dialog', (d) => void d.accept());
  await manager.getByTestId('matter-restore-district').click();
  await expect.poll(() => manager.getByTestId('matter-status').innerText()).toContain('已恢复区级版本');
  await expect.poll(() => manager.locator('.matter-origin.overridden').count()).toBe(0);
  expect(await manager.getByTestId('mf-name').inputValue()).toBe('社保卡补办');
  expect((await hall.anon.request<Matter>('GET', `/api/v1/matters/${EDITED}`)).name).toBe('社保卡补办');
  await waitFor(
    async () => (await admin.json<{ overrides: unknown[] }>('GET', '/api/v1/district/catalogue/matters')).overrides.length === 0,
    'the override to end at the district',
  );
  await context.close();
});
