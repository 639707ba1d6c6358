// 办事指南 on the kiosk end to end: Chromium on the built page, the real agent with the emulated thermal printer, a real hall
// with the demo's matters. Search by pinyin initials on the letter keyboard, browse by theme, the matter page in large type,
// the checklist printed and decoded, 取号办理 recording the matter, 常用服务 on the home screen; axe and overflow at both sizes.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { ticketMatter } from '../../client/matters-client.ts';
import { DEMO_MATTERS, seedDemoMatters } from '../../scripts/demo-matters.ts';
import { startKioskRig, type KioskRig } from './kiosk-rig.ts';
import { screenshot, seriousAxeViolations, SIZES, textOverflows } from './page-checks.ts';

let rig: KioskRig;
let page: Page;

beforeAll(async () => {
  rig = await startKioskRig({
    services: [
      { code: 'company', name: '企业开办', prefix: 'A', category: '企业服务' },
      { code: 'estate', name: '不动产登记', prefix: 'B', category: '不动产' },
      { code: 'social', name: '社保医保', prefix: 'C', category: '社会保障' },
      { code: 'fund', name: '公积金', prefix: 'D', category: '社会保障' },
      { code: 'exit-entry', name: '出入境', prefix: 'E', category: '公安服务' },
    ],
  });
  await rig.hall.admin.patchSettings({ issueWithoutOpenCounter: true });
  await seedDemoMatters(rig.hall.admin);
}, 240_000);

afterAll(async () => {
  await page?.close();
  await rig?.close();
}, 60_000);

async function check(name: string) {
  expect(await seriousAxeViolations(page)).toEqual([]);
  expect(await textOverflows(page)).toEqual([]);
  await screenshot(page, name);
}

it('portrait 1080×1920: search bdc on the letter keys, open the matter, print the checklist, take a ticket for it', async () => {
  const size = SIZES.kiosk[0]!;
  page = await rig.browser.newPage({ viewport: { width: size.width, height: size.height } });
  await page.goto(rig.pageUrl());
  await page.getByTestId('open-guide').click();
  await page.getByTestId('guide-list').waitFor({ timeout: 20_000 });
  expect(await page.getByTestId('guide-list').locator('li').count()).toBe(DEMO_MATTERS.length);
  await check(`kiosk-guide-list-${size.name}`);

  for (const key of ['B', 'D', 'C']) await page.getByTestId(`guide-key-${key}`).click();
  await expect.poll(() => page.getByTestId('guide-q').inputValue()).toBe('bdc');
  await expect.poll(() => page.getByTestId('guide-list').locator('li').count()).toBe(1);
  await page.getByTestId('matter-320100-BDC-001').click();
  await page.getByTestId('matter-detail').waitFor();
  expect(await page.locator('h1').innerText()).toBe('不动产登记（二手房转移登记）');
  expect(await page.getByTestId('matter-materials').locator('li').count()).toBe(6);
  await check(`kiosk-guide-matter-${size.name}`);

  const printed = rig.kiosk.printer.tickets.length;
  await page.getByTestId('matter-print').click();
  await page.getByTestId('matter-printed').waitFor();
  await expect.poll(() => rig.kiosk.printer.tickets.length).toBe(printed + 1);
  const checklist = rig.kiosk.printer.tickets.at(-1)!;
  // The title is printed double size: a long one wraps onto a second line.
  expect(checklist.lines.slice(0, 2).join('')).toBe('不动产登记（二手房转移登记）');
  expect(checklist.lines.join('\n')).toContain('4. 存量房买卖合同');

  await page.getByTestId('matter-qr').click();
  await page.getByTestId('matter-qr-code').waitFor();
  expect(checklist.qrCodes[0]).toMatch(/\/m\/\?matter=320100-BDC-001$/);

  await page.getByTestId('matter-ticket').click();
  await page.getByTestId('take-ticket').click();
  await page.getByTestId('ticket-number').waitFor({ timeout: 15_000 });
  const number = await page.getByTestId('ticket-number').innerText();
  const [ticket] = await rig.hall.admin.request<{ id: string }[]>('GET', `/api/v1/tickets?day=today&number=${encodeURIComponent(number.trim())}`);
  expect((await ticketMatter(rig.hall.admin, ticket!.id)).matterCode).toBe('320100-BDC-001');
  await page.close();
});

it('landscape 1920×1080 and 关怀版: 常用服务 on the home screen opens its matter; browsing by theme and life event', async () => {
  const size = SIZES.kiosk[1]!;
  page = await rig.browser.newPage({ viewport: { width: size.width, height: size.height } });
  await page.goto(rig.pageUrl());
  await page.getByTestId('popular-320100-BDC-001').waitFor({ timeout: 20_000 });
  await check(`kiosk-home-popular-${size.name}`);
  await page.getByTestId('popular-320100-BDC-001').click();
  await page.getByTestId('matter-detail').waitFor();
  await page.getByTestId('care-toggle').click();
  await check(`kiosk-guide-matter-care-${size.name}`);
  await page.getByTestId('matter-back').click();
  await page.getByTestId('guide-category-公积金').click();
  await expect.poll(() => page.getByTestId('guide-list').locator('li').allInnerTexts()).toEqual([expect.stringContaining('公积金提取（租房）')]);
  await page.getByTestId('guide-event-企业开办').click();
  await expect.poll(() => page.getByTestId('guide-list').locator('li').allInnerTexts()).toEqual([expect.stringContaining('个体工商户设立登记')]);
  await check(`kiosk-guide-browse-care-${size.name}`);
  // The hall unreachable: the guide says so and what to do.
  rig.line.setMode('refuse');
  await page.getByTestId('guide-all').click();
  await page.getByTestId('guide-unreachable').waitFor({ timeout: 15_000 });
  rig.line.setMode('open');
});

it('the phone page of a matter (扫码带走): published matters only, readable at 390×844', async () => {
  const phone = SIZES.phone[0]!;
  page = await rig.browser.newPage({ viewport: { width: phone.width, height: phone.height } });
  await page.goto(`${rig.hall.url}/m/?matter=320100-GJJ-008`);
  await page.getByTestId('matter-detail').waitFor({ timeout: 15_000 });
  expect(await page.locator('h1').innerText()).toBe('公积金提取（租房）');
  expect(await page.getByTestId('matter-materials').locator('li').count()).toBe(3);
  await check(`m-matter-${phone.name}`);
  await rig.hall.admin.request('PUT', '/api/v1/matters/T-DRAFT', {
    name: '草稿事项',
    department: '测试',
    category: '测试',
    serviceId: null,
    legalDays: 1,
    promisedDays: 1,
    draft: true,
  });
  await page.goto(`${rig.hall.url}/m/?matter=T-DRAFT`);
  await page.getByText('没有找到这个事项').waitFor({ timeout: 15_000 });
  await page.close();
});
