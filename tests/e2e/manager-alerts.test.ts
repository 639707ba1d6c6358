// Device alerts on the manager page in Chromium: alerts raised before the page opened are shown on load,
// acknowledging goes to the server (and survives a reload), recovery takes an alert off, the history keeps it.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { HallClient } from '../../client/hall-client.ts';
import { ADMIN_PASSWORD, issue, launchChromium, seedFloor, startE2EHall, until, type E2EHall, type Floor } from './counter-harness.ts';
import { screenshot, seriousAxeViolations, SIZES, textOverflows } from './page-checks.ts';

let hall: E2EHall;
let floor: Floor;
let kiosk1: HallClient;
let kiosk2: HallClient;
let browser: Browser;
let page: Page;

const band = '[data-testid=alerts]';
const bandRow = (kind: string) => `${band} .alert[data-alert=${kind}]`;

beforeAll(async () => {
  hall = await startE2EHall();
  floor = await seedFloor(hall);
  kiosk1 = new HallClient(hall.url, { token: (await hall.admin.createDevice({ name: '1 号取号机', kind: 'kiosk' })).token });
  kiosk2 = new HallClient(hall.url, { token: (await hall.admin.createDevice({ name: '2 号取号机', kind: 'kiosk' })).token });
  for (const serviceId of [floor.services.a.id, floor.services.a.id, floor.services.b.id]) await issue(floor.kiosk, serviceId);
  // All of this happens before any manager has the page open.
  await kiosk1.deviceAlert('paper_out', '纸仓已空，请更换热敏纸卷', 'printer');
  await kiosk1.deviceAlert('reader_offline', undefined, 'reader');
  await kiosk2.deviceAlert('cover_open', undefined, 'printer');
  await kiosk2.deviceAlert('recovered', '打印机已恢复', 'printer');
  browser = await launchChromium();
  const { width, height } = SIZES.console[0]!;
  page = await browser.newPage({ viewport: { width, height } });
  page.setDefaultTimeout(8_000);
  await page.goto(`${hall.url}/manager/`);
  await page.fill('input[name=username]', 'admin');
  await page.fill('input[name=password]', ADMIN_PASSWORD);
  await page.click('button[type=submit]');
  await page.waitForSelector('[data-link=live]');
}, 240_000);

afterAll(async () => {
  await browser?.close();
  await hall?.close();
});

it('shows on load the alerts raised before the page was opened, with the device, the kind in words and since when', async () => {
  await page.waitForSelector(bandRow('printer_paper_out'));
  const row = await page.textContent(bandRow('printer_paper_out'));
  expect(row).toContain('1 号取号机');
  expect(row).toContain('打印机缺纸');
  expect(row).toContain('纸仓已空');
  expect(row).toMatch(/\d{2}:\d{2} 起/);
  expect(await page.textContent(bandRow('reader_offline'))).toContain('身份证阅读器离线');
  // The other kiosk's alert ended before the page opened: in the history, not in the band.
  expect(await page.$(bandRow('printer_cover_open'))).toBeNull();
  const history = await page.textContent('[data-testid=alert-history]');
  expect(history).toContain('2 号取号机');
  expect(history).toContain('打印机盖未关闭');
  expect(await page.$$('[data-testid=alert-history] tr[data-active=true]')).toHaveLength(2);

  expect(await seriousAxeViolations(page)).toEqual([]);
  expect(await textOverflows(page)).toEqual([]);
  await screenshot(page, 'manager-monitor-alerts-1280x800');
  // The longest words: English and Traditional Chinese fit too.
  for (const lang of ['en', 'zh-TW', 'zh-CN']) {
    await page.selectOption('select.lang', lang);
    if (lang === 'en') expect(await page.textContent(bandRow('printer_paper_out'))).toContain('Printer out of paper');
    expect(await textOverflows(page), lang).toEqual([]);
  }
});

it('acknowledging goes to the server and stays after a reload; the band calms once all are acknowledged', async () => {
  await page.click(`${bandRow('printer_paper_out')} .alert-ack`);
  await page.waitForSelector(`${bandRow('printer_paper_out')}[data-acknowledged=true]`);
  const onServer = (await hall.admin.alerts({ active: true })).items.find((a) => a.kind === 'printer_paper_out');
  expect(onServer?.acknowledgedAt).not.toBeNull();
  expect(onServer?.acknowledgedBy?.name).toBe('管理员');

  await page.reload();
  await page.waitForSelector(`${bandRow('printer_paper_out')}[data-acknowledged=true]`);
  expect(await page.textContent(bandRow('printer_paper_out'))).toContain('已确认（管理员');
  expect(await page.getAttribute(bandRow('reader_offline'), 'data-acknowledged')).toBe('false');
  expect(await page.getAttribute(band, 'class')).toBe('alerts');

  await page.click(`${bandRow('reader_offline')} .alert-ack`);
  await page.waitForSelector(`${band}.alerts-calm`);
  expect(await page.$(`${band} .alert-ack`)).toBeNull();
  expect(await seriousAxeViolations(page)).toEqual([]);
  await screenshot(page, 'manager-monitor-alerts-acknowledged-1280x800');
});

it("a device's recovery takes its alert off the band live, and the history shows when it ended", async () => {
  const paperOut = await page.getAttribute(bandRow('printer_paper_out'), 'data-alert-id');
  await kiosk1.deviceAlert('recovered', '打印机已恢复', 'printer');
  await page.waitForSelector(bandRow('printer_paper_out'), { state: 'detached' });
  // Only the printer recovered: the reader's alert stays.
  expect(await page.$(bandRow('reader_offline'))).not.toBeNull();
  await page.waitForSelector(`[data-testid=alert-history] tr[data-alert-id="${paperOut}"][data-active=false]`);
  expect(await page.textContent(`[data-testid=alert-history] tr[data-alert-id="${paperOut}"]`)).toMatch(/\d{2}:\d{2}.*管理员/);

  // A fault raised while the page is open appears at once.
  await kiosk2.deviceAlert('paper_near_end', undefined, 'printer');
  await page.waitForSelector(`${bandRow('printer_paper_near_end')}[data-acknowledged=false]`);
  expect(await page.getAttribute(band, 'class')).toBe('alerts');

  await kiosk1.deviceAlert('recovered', undefined, 'reader');
  await kiosk2.deviceAlert('recovered', undefined, 'printer');
  await page.waitForSelector(band, { state: 'detached' });
  await until(async () => (await hall.admin.alerts({ active: true })).items.length === 0, 5_000, 'no open alerts on the server');
});
