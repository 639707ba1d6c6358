// The manager's names screen in Chromium against a real hall server: service, category and hall names with their
// en / zh-TW / ja translations saved through the API, and the "issue with no counter open" rule.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { HallApiError } from '../../client/hall-client.ts';
import { ADMIN_PASSWORD, issue, launchChromium, seedFloor, startE2EHall, type E2EHall, type Floor } from './counter-harness.ts';
import { screenshot, seriousAxeViolations, SIZES, textOverflows } from './page-checks.ts';

let hall: E2EHall;
let floor: Floor;
let browser: Browser;
let page: Page;

const CONSOLE = SIZES.console[0];
const serviceRow = (id: string) => `[data-testid=service-names] tr[data-service-id="${id}"]`;

beforeAll(async () => {
  hall = await startE2EHall();
  floor = await seedFloor(hall);
  await hall.admin.updateService(floor.services.a.id, { category: '社会保障' });
  await hall.admin.updateService(floor.services.b.id, { category: '医疗保障' });
  browser = await launchChromium();
  // bypassCSP: the page's CSP (script-src 'self') would refuse the inline axe-core script seriousAxeViolations adds.
  page = await browser.newPage({ viewport: { width: CONSOLE.width, height: CONSOLE.height }, bypassCSP: true });
  page.setDefaultTimeout(8_000);
  await page.goto(`${hall.url}/manager/`);
  await page.fill('input[name=username]', 'admin');
  await page.fill('input[name=password]', ADMIN_PASSWORD);
  await page.click('button[type=submit]');
  await page.waitForSelector('[data-link=live]');
  await page.click('[data-tab=names]');
  await page.waitForSelector(serviceRow(floor.services.a.id));
}, 240_000);

afterAll(async () => {
  await browser?.close();
  await hall?.close();
});

it("saves a service's name and translations; an empty translation is removed", async () => {
  const row = serviceRow(floor.services.a.id);
  await page.fill(`${row} input[name=en]`, 'Social insurance');
  await page.fill(`${row} input[name="zh-TW"]`, '社保業務');
  await page.fill(`${row} input[name=ja]`, '社会保険');
  await page.click(`${row} button`);
  await page.waitForSelector(`${row} [data-status=saved]`);
  const saved = (await hall.admin.services()).find((s) => s.id === floor.services.a.id)!;
  expect(saved).toMatchObject({ name: '社保业务', names: { en: 'Social insurance', 'zh-TW': '社保業務', ja: '社会保険' } });

  await page.fill(`${row} input[name=ja]`, '');
  await page.click(`${row} button`);
  await page.waitForSelector(`${row} button:disabled`);
  const after = (await hall.admin.services()).find((s) => s.id === floor.services.a.id)!;
  expect(after.names).toEqual({ en: 'Social insurance', 'zh-TW': '社保業務' });
});

it("shows another manager's change at once, without losing a row being edited", async () => {
  const rowA = serviceRow(floor.services.a.id);
  const rowB = serviceRow(floor.services.b.id);
  await page.fill(`${rowA} input[name=ja]`, '社会保険（編集中）');
  await hall.admin.updateService(floor.services.b.id, { names: { en: 'Medical insurance' } });
  await hall.admin.updateService(floor.services.a.id, { names: { en: 'Changed elsewhere' } });
  await page.waitForFunction((sel) => (document.querySelector(sel) as HTMLInputElement | null)?.value === 'Medical insurance', `${rowB} input[name=en]`);
  expect(await page.inputValue(`${rowA} input[name=ja]`)).toBe('社会保険（編集中）');
  expect(await page.inputValue(`${rowA} input[name=en]`)).toBe('Social insurance');
  await page.fill(`${rowA} input[name=ja]`, '');
  await page.click(`${rowA} button`);
  await page.waitForSelector(`${rowA} button:disabled`);
});

it('saves category translations and the hall name in every language', async () => {
  const category = '[data-testid=category-names] tr[data-category="社会保障"]';
  await page.fill(`${category} input[name=en]`, 'Social security');
  await page.fill(`${category} input[name="zh-TW"]`, '社會保障');
  await page.click('[data-testid=category-names] button[type=submit]');
  await page.waitForSelector('[data-testid=category-names] [data-status=saved]');

  await page.fill('[data-testid=hall-names] input[name=en]', 'Government Service Hall');
  await page.fill('[data-testid=hall-names] input[name="zh-TW"]', '政務服務大廳');
  await page.click('[data-testid=hall-names] button[type=submit]');
  await page.waitForSelector('[data-testid=hall-names] [data-status=saved]');

  const settings = await hall.admin.settings();
  expect(settings.categoryNames['社会保障']).toEqual({ en: 'Social security', 'zh-TW': '社會保障' });
  expect(settings.hallNames).toEqual({ en: 'Government Service Hall', 'zh-TW': '政務服務大廳' });
});

it('turning off "issue while no counter is open" refuses tickets for a service nobody serves', async () => {
  const box = 'input[name=issueWithoutOpenCounter]';
  expect(await page.isChecked(box)).toBe(true);
  await page.click(box);
  await page.waitForSelector(`${box}:not(:checked):not(:disabled)`);
  expect((await hall.admin.settings()).issueWithoutOpenCounter).toBe(false);
  const refused = await issue(floor.kiosk, floor.services.b.id).catch((e: unknown) => e);
  expect(refused).toBeInstanceOf(HallApiError);
  expect((refused as HallApiError).code).toBe('NO_COUNTER_OPEN');
  await page.click(box);
  await page.waitForSelector(`${box}:checked:not(:disabled)`);
  expect((await issue(floor.kiosk, floor.services.b.id)).number).toBe('B001');
});

it('reads well at the console size in zh-CN and en: no serious axe findings, no text overflowing', async () => {
  await page.evaluate(() => window.scrollTo(0, 0));
  expect(await seriousAxeViolations(page)).toEqual([]);
  expect(await textOverflows(page)).toEqual([]);
  await screenshot(page, `manager-names-${CONSOLE.name}`);
  await page.selectOption('select[aria-label=language]', 'en');
  await page.waitForSelector('text=Service names');
  expect(await textOverflows(page)).toEqual([]);
  await screenshot(page, `manager-names-en-${CONSOLE.name}`);
  await page.selectOption('select[aria-label=language]', 'zh-CN');
});
