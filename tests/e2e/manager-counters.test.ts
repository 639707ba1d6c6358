// The manager's Counters tab in Chromium against a real hall server: changing a counter's services reaches the
// counter console signed in there, live; retiring and creating counters; the ticket desk finds and cancels a ticket.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { ADMIN_PASSWORD, issue, launchChromium, seedFloor, STAFF_PASSWORD, startE2EHall, type E2EHall, type Floor } from './counter-harness.ts';
import { screenshot, seriousAxeViolations, SIZES, textOverflows } from './page-checks.ts';

let hall: E2EHall;
let floor: Floor;
let browser: Browser;
let manager: Page;
let console_: Page;

const CONSOLE = SIZES.console[0];
const row = (n: number) => `[data-testid=counters-admin] tr[data-counter="${n}"]`;
const serviceBox = (n: number, name: string) => `${row(n)} label:has-text("${name}") input[type=checkbox]`;

beforeAll(async () => {
  hall = await startE2EHall();
  floor = await seedFloor(hall);
  // Counter 5 serves only B; a third service C is for nobody yet.
  await hall.admin.createService({ code: 'tax', name: '税务登记', prefix: 'C' });
  browser = await launchChromium();
  // bypassCSP: the page's CSP (script-src 'self') would refuse the inline axe-core script seriousAxeViolations adds.
  manager = await browser.newPage({ viewport: { width: CONSOLE.width, height: CONSOLE.height }, bypassCSP: true });
  manager.setDefaultTimeout(8_000);
  await manager.goto(`${hall.url}/manager/`);
  await manager.fill('input[name=username]', 'admin');
  await manager.fill('input[name=password]', ADMIN_PASSWORD);
  await manager.click('button[type=submit]');
  await manager.waitForSelector('[data-link=live]');
  await manager.click('[data-tab=counters]');
  await manager.waitForSelector(row(5));

  console_ = await browser.newPage({ viewport: { width: CONSOLE.width, height: CONSOLE.height } });
  console_.setDefaultTimeout(8_000);
  await console_.goto(`${hall.url}/counter/`);
  await console_.fill('input[name=username]', 'liu');
  await console_.fill('input[name=password]', STAFF_PASSWORD);
  await console_.click('button[type=submit]');
  await console_.click(`.picker-item[data-counter-id="${floor.counters.two.id}"]`);
  await console_.waitForSelector('[data-link=live]');
}, 240_000);

afterAll(async () => {
  await browser?.close();
  await hall?.close();
});

it("changes counter 5's services; the console signed in there shows them and calls them without a reload", async () => {
  expect(await console_.textContent('.bar-services')).toBe('医保业务');
  // The manager sees who is signed in at counter 5.
  await manager.waitForSelector(`${row(5)} td:has-text("liu")`);
  await manager.check(serviceBox(5, '税务登记'));
  await manager.uncheck(serviceBox(5, '医保业务'));
  await manager.click(`${row(5)} button[type=submit]`);
  await manager.waitForSelector(`${row(5)} [data-status=ok]`);
  expect((await hall.admin.counters()).find((c) => c.number === 5)?.serviceIds).toHaveLength(1);
  await console_.waitForFunction(() => document.querySelector('.bar-services')?.textContent === '税务登记');
  // A ticket of the new service is this counter's next call.
  const tax = (await hall.admin.services()).find((s) => s.code === 'tax')!;
  const t = await issue(floor.kiosk, tax.id);
  expect((await floor.staff2.client.callNext(floor.counters.two.id)).ticket?.number).toBe(t.number);
  await floor.staff2.client.complete(t.id);
});

it('signs a window out, retires it (not offered in the console picker), reactivates it, and creates a counter', async () => {
  await manager.click(`${row(5)} button:has-text("签退窗口")`);
  await manager.waitForSelector(`${row(5)} td[data-state=closed]`);
  await manager.click(`${row(5)} button:has-text("停用")`);
  await manager.waitForSelector(`${row(5)} td[data-state=retired]`);
  expect((await hall.admin.counters()).find((c) => c.number === 5)?.active).toBe(false);
  // The console, signed out by the manager, offers counter 3 but no longer counter 5.
  await console_.reload();
  await console_.waitForSelector(`.picker-item[data-counter-id="${floor.counters.one.id}"]`);
  expect(await console_.$(`.picker-item[data-counter-id="${floor.counters.two.id}"]`)).toBeNull();
  await manager.click(`${row(5)} button:has-text("启用")`);
  await manager.waitForSelector(`${row(5)} td[data-state=closed]`);

  await manager.fill('[data-testid=new-counter] input[type=number]', '8');
  await manager.fill('[data-testid=new-counter] input:not([type])', '自助服务区');
  await manager.check('[data-testid=new-counter] label:has-text("社保业务") input');
  await manager.click('[data-testid=new-counter] button[type=submit]');
  await manager.waitForSelector(row(8));
  expect((await hall.admin.counters()).find((c) => c.number === 8)).toMatchObject({ name: '自助服务区', serviceIds: [floor.services.a.id], active: true });
});

it('the ticket desk finds a ticket of today by number and cancels it after a confirm', async () => {
  const t = await issue(floor.kiosk, floor.services.a.id);
  await manager.fill('[data-testid=ticket-desk] input', t.number.toLowerCase());
  await manager.click('[data-testid=ticket-desk] button[type=submit]');
  await manager.waitForSelector(`[data-testid=ticket-desk] dl[data-ticket="${t.number}"] [data-status=waiting]`);
  expect(await manager.textContent('[data-testid=ticket-desk] dl')).toContain('社保业务');
  await manager.click('[data-testid=ticket-desk] button:has-text("作废此号")');
  // Nothing is cancelled before the confirm.
  expect((await hall.admin.ticket(t.id)).status).toBe('waiting');
  await manager.click('[data-testid=ticket-desk] button:has-text("确定作废")');
  await manager.waitForSelector('[data-testid=ticket-desk] [data-status=cancelled]');
  expect((await hall.admin.ticket(t.id)).status).toBe('cancelled');

  await manager.fill('[data-testid=ticket-desk] input', 'Z999');
  await manager.click('[data-testid=ticket-desk] button[type=submit]');
  await manager.waitForSelector('[data-testid=ticket-desk] .empty');
});

it('lays the Counters tab out at 1280×800 with no clipped text and no serious axe violations', async () => {
  // A counter in use, for a realistic picture.
  await floor.staff.client.signIn(floor.counters.one.id);
  await manager.waitForSelector(`${row(3)} td:has-text("wang")`);
  const t = await issue(floor.kiosk, floor.services.b.id);
  await manager.fill('[data-testid=ticket-desk] input', t.number);
  await manager.click('[data-testid=ticket-desk] button[type=submit]');
  await manager.waitForSelector(`[data-testid=ticket-desk] dl[data-ticket="${t.number}"]`);
  // A retired counter, greyed in the list.
  await hall.admin.updateCounter((await hall.admin.counters()).find((c) => c.number === 8)!.id, { active: false });
  await manager.waitForSelector(`${row(8)} td[data-state=retired]`);
  expect(await textOverflows(manager)).toEqual([]);
  expect(await seriousAxeViolations(manager)).toEqual([]);
  await screenshot(manager, `manager-counters-${CONSOLE.width}x${CONSOLE.height}`);
  // English words are longer: they fit too.
  await manager.selectOption('select[aria-label=language]', 'en');
  await manager.waitForSelector('#counters-admin-title:has-text("Counters")');
  expect(await textOverflows(manager)).toEqual([]);
  expect(await seriousAxeViolations(manager)).toEqual([]);
  await manager.selectOption('select[aria-label=language]', 'zh-CN');
});
