// The manager's 事项设置 and 大厅设置 tabs in Chromium against a real hall server, with the real kiosk agent and
// its page open beside them and a display board: a created service's tile appears on the open kiosk, a lowered
// cap refuses the kiosk's next ticket, a holiday shows 今日休息 on the kiosk, hall settings reach the board — all
// without a reload. Screenshots of the new tabs (1280×800) and the kiosk's closed screen (1080×1920).
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { ADMIN_PASSWORD } from '../helpers/hall.ts';
import { startKioskRig, type KioskRig } from './kiosk-rig.ts';
import { screenshot, seriousAxeViolations, SIZES, textOverflows } from './page-checks.ts';

let rig: KioskRig;
let manager: Page;
let kiosk: Page;
let board: Page;

const CONSOLE = SIZES.console[0];
const KIOSK = SIZES.kiosk[0];
/** The kiosk page asks its agent every 10 s, the agent the hall every 5 s. */
const LIVE = { timeout: 30_000 };
const today = () => new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date());

beforeAll(async () => {
  rig = await startKioskRig();
  manager = await rig.browser.newPage({ viewport: { width: CONSOLE.width, height: CONSOLE.height }, bypassCSP: true });
  manager.setDefaultTimeout(10_000);
  await manager.goto(`${rig.hall.url}/manager/`);
  await manager.fill('input[name=username]', 'admin');
  await manager.fill('input[name=password]', ADMIN_PASSWORD);
  await manager.click('button[type=submit]');
  await manager.waitForSelector('[data-link=live]');

  kiosk = await rig.browser.newPage({ viewport: { width: KIOSK.width, height: KIOSK.height }, bypassCSP: true });
  await kiosk.goto(rig.pageUrl());
  await kiosk.getByTestId('service-company').waitFor({ timeout: 20_000 });

  const { token } = await rig.hall.admin.createDevice({ name: '大厅大屏', kind: 'display' });
  board = await rig.browser.newPage({ viewport: { width: 1280, height: 720 } });
  await board.goto(`${rig.hall.url}/display/?token=${token}&voice=fake`);
  await board.waitForSelector('.hall-name');
}, 240_000);

afterAll(async () => {
  await rig?.close();
}, 60_000);

it('creates a service in 事项设置; its tile appears on the open kiosk without a reload', async () => {
  await manager.click('[data-tab=services]');
  await manager.waitForSelector('[data-testid=services-admin] tr[data-service=company]');
  await manager.click('[data-testid=new-service]');
  const editor = '[data-testid=service-editor]';
  await manager.fill(`${editor} [data-field=code]`, 'passport');
  await manager.fill(`${editor} [data-field=name]`, '出入境证件');
  await manager.fill(`${editor} [data-field=name-en]`, 'Exit and entry permits');
  await manager.fill(`${editor} [data-field=name-ja]`, '出入国証明');
  await manager.fill(`${editor} [data-field=category]`, '出入境');
  await manager.fill(`${editor} [data-field=prefix]`, 'F');
  await manager.fill(`${editor} [data-field=kiosk-order]`, '5');
  await manager.fill(`${editor} [data-field=cutoff]`, '30');
  // The usual weekday hours with the lunch break, and Saturday morning for appointments only.
  await manager.click(`${editor} tr[data-weekday="6"] button:has-text("添加时段")`);
  await manager.check(`${editor} tr[data-weekday="6"] .period input[type=checkbox]`);
  expect(await seriousAxeViolations(manager)).toEqual([]);
  expect(await textOverflows(manager, '.panel')).toEqual([]);
  await screenshot(manager, 'manager-service-editor-1280x800');

  // Walk-in hours depend on the day the test runs: any time, so the tile takes tickets now.
  await manager.check(`${editor} [data-field=all-day]`);
  await manager.click(`${editor} button[type=submit]`);
  await manager.waitForSelector('[data-testid=services-admin] tr[data-service=passport]');
  const created = (await rig.hall.admin.services()).find((s) => s.code === 'passport')!;
  expect(created).toMatchObject({
    name: '出入境证件',
    names: { en: 'Exit and entry permits', ja: '出入国証明' },
    prefix: 'F',
    kioskOrder: 5,
    cutoffMinutes: 30,
    openingHours: null,
  });

  const tile = kiosk.getByTestId('service-passport');
  await tile.waitFor(LIVE);
  expect(await tile.isEnabled()).toBe(true);
  expect(await tile.textContent()).toContain('出入境证件');
  expect(await textOverflows(manager, '.panel')).toEqual([]);
  await screenshot(manager, 'manager-services-1280x800');
}, 90_000);

it('lowers a daily cap in the editor; the next ticket on the kiosk is refused', async () => {
  const company = rig.services.company;
  await rig.hall.admin.issueTicket({ serviceId: company.id }, 'cap-e2e-1');
  await manager.click('[data-testid=services-admin] tr[data-service=company] button');
  await manager.fill('[data-testid=service-editor] [data-field=daily-cap]', '1');
  await manager.click('[data-testid=service-editor] button[type=submit]');
  await manager.waitForSelector('[data-testid=services-admin] tr[data-service=company] td:has-text("1")');
  expect((await rig.hall.admin.services()).find((s) => s.id === company.id)?.dailyCap).toBe(1);

  await kiosk.getByTestId('service-company').click();
  await kiosk.getByTestId('take-ticket').click();
  const refusal = kiosk.getByTestId('error-text');
  await refusal.waitFor();
  expect(await refusal.getAttribute('data-code')).toBe('DAILY_CAP_REACHED');
  await kiosk.getByTestId('back-home').click();
}, 60_000);

it('a service closed while a visitor confirms: the kiosk refuses and says when to come back', async () => {
  await kiosk.getByTestId('service-estate').click();
  await kiosk.getByTestId('take-ticket').waitFor();
  // Half an hour starting two hours from now (hall time): closed now, open later today or tomorrow.
  const hour = (Number(new Intl.DateTimeFormat('en-GB', { timeZone: 'Asia/Shanghai', hour: '2-digit', hourCycle: 'h23' }).format(new Date())) + 2) % 24;
  const from = `${String(hour).padStart(2, '0')}:00`;
  await rig.hall.admin.updateService(rig.services.estate.id, { openingHours: [{ from, to: `${String(hour).padStart(2, '0')}:30` }] });
  await kiosk.getByTestId('take-ticket').click();
  await kiosk.getByTestId('error-text').waitFor();
  expect(await kiosk.getByTestId('error-text').getAttribute('data-code')).toBe('SERVICE_CLOSED');
  expect(await kiosk.getByTestId('next-opening').textContent()).toMatch(new RegExp(`^请于 (\\d+月\\d+日周. )?${from} 再来取号。$`));
  await kiosk.getByTestId('back-home').click();
  await rig.hall.admin.updateService(rig.services.estate.id, { openingHours: null });
}, 60_000);

it('a holiday added in 大厅设置 closes issuing: the kiosk shows 今日休息 and when tickets are given again', async () => {
  await manager.click('[data-tab=settings]');
  await manager.waitForSelector('[data-testid=calendar]');
  await manager.fill('[data-field=calendar-date]', today());
  await manager.fill('[data-field=calendar-name]', '测试假日');
  await manager.click('[data-testid=calendar] form button[type=submit]');
  await manager.waitForSelector(`[data-testid=calendar] tr[data-date="${today()}"][data-kind=holiday]`);
  expect(await seriousAxeViolations(manager)).toEqual([]);
  expect(await textOverflows(manager, '.panel')).toEqual([]);
  await screenshot(manager, 'manager-settings-1280x800');

  const closed = kiosk.getByTestId('closed-today');
  await closed.waitFor(LIVE);
  const text = await closed.textContent();
  expect(text).toContain('今日休息');
  expect(text).toContain('测试假日');
  expect(text).toContain('下次取号时间');
  expect(await kiosk.locator('.tiles').count()).toBe(0);
  expect(await seriousAxeViolations(kiosk)).toEqual([]);
  expect(await textOverflows(kiosk)).toEqual([]);
  await screenshot(kiosk, 'kiosk-closed-today-1080x1920');
  // The same in English.
  await kiosk.getByTestId('lang-en').click();
  expect(await closed.textContent()).toContain('Closed today');
  expect(await textOverflows(kiosk)).toEqual([]);
  await kiosk.getByTestId('lang-zh-CN').click();

  // Removing the holiday opens the hall again.
  await manager.click(`[data-testid=calendar] tr[data-date="${today()}"] button`);
  await kiosk.getByTestId('service-company').waitFor(LIVE);
}, 90_000);

it('imports next year’s calendar from a file in 大厅设置; a bad line is named and nothing is stored', async () => {
  const y = new Date().getFullYear() + 1;
  await manager.selectOption('[data-field=calendar-year]', String(y));
  await manager.waitForSelector(`[data-testid=calendar] p.empty:has-text("${y}")`);
  const file = (name: string, text: string) => ({ name, mimeType: name.endsWith('.json') ? 'application/json' : 'text/csv', buffer: Buffer.from(text) });
  await manager.setInputFiles('[data-field=calendar-file]', file('calendar.csv', `date,kind,name\n${y}-10-01,holiday,国庆节\n${y}-10-32,holiday,坏日子\n`));
  const error = manager.locator('[data-testid=calendar] [data-status=error]');
  await error.waitFor();
  expect(await error.textContent()).toContain('line 3');
  expect((await rig.hall.admin.calendar(y)).items).toEqual([]);
  const days = [
    { date: `${y}-10-01`, kind: 'holiday', name: '国庆节' },
    { date: `${y}-10-02`, kind: 'holiday', name: '国庆节' },
  ];
  await manager.setInputFiles('[data-field=calendar-file]', file('calendar.json', JSON.stringify(days)));
  await manager.waitForSelector(`[data-testid=calendar] tr[data-date="${y}-10-02"][data-kind=holiday]`);
  expect((await rig.hall.admin.calendar(y)).items).toEqual(days);
  await manager.selectOption('[data-field=calendar-year]', String(y - 1));
}, 60_000);

it('hall settings saved in 大厅设置 reach the board and the kiosk without a reload; a bad value is refused with its reason', async () => {
  await manager.fill('[data-field=hall-name]', '玄武区政务服务中心（新馆）');
  await manager.fill('[data-field=notice-line]', '今天下午三点后暂停办理不动产登记');
  await manager.fill('[data-field=announce-repeat]', '3');
  await manager.click('[data-testid=hall-settings] button[type=submit]');
  await manager.waitForSelector('[data-testid=hall-settings] [data-status=ok]');
  expect(await rig.hall.admin.settings()).toMatchObject({
    hallName: '玄武区政务服务中心（新馆）',
    announceRepeat: 3,
    noticeLine: '今天下午三点后暂停办理不动产登记',
  });
  await board.waitForFunction(() => document.querySelector('.hall-name')?.textContent?.includes('新馆'));
  await board.waitForFunction(() => document.body.textContent?.includes('今天下午三点后暂停办理不动产登记'));
  // The kiosk's agent sees the settings revision change in its next queue pull and fetches its configuration.
  await kiosk.waitForFunction(() => document.querySelector('.hall-name')?.textContent?.includes('新馆'), undefined, LIVE);

  // The browser's own limits are lifted: the server's zod check answers and names the field.
  await manager.evaluate(() => document.querySelector('[data-field=elderly-age]')?.removeAttribute('min'));
  await manager.fill('[data-field=elderly-age]', '30');
  await manager.click('[data-testid=hall-settings] button[type=submit]');
  const error = manager.locator('[data-testid=hall-settings] [data-status=error]');
  await error.waitFor();
  expect(await error.textContent()).toContain('elderlyAge');
  expect((await rig.hall.admin.settings()).elderlyAge).toBe(70);
}, 60_000);
