// The manager's 消息推送 tab and the phone page's turn alert in Chromium against a real hall server: a subscription made
// in the tab shows its secret once, and that secret verifies the signed test ping a loopback receiver gets; the log
// shows a receiver that refuses, and a replay. The phone page, with notifications allowed, constructs a Notification
// and vibrates when its ticket is next and when it is called.
import { createHmac } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { ADMIN_PASSWORD, issue, launchChromium, seedFloor, startE2EHall, until, type E2EHall, type Floor } from './counter-harness.ts';
import { screenshot, seriousAxeViolations, SIZES, textOverflows } from './page-checks.ts';

let hall: E2EHall;
let floor: Floor;
let browser: Browser;
let receiver: Server;
let answer = 204;
const got: { headers: IncomingHttpHeaders; body: string }[] = [];

const CONSOLE = SIZES.console[0];
const PHONE = SIZES.phone[0];

beforeAll(async () => {
  hall = await startE2EHall();
  floor = await seedFloor(hall);
  browser = await launchChromium();
  receiver = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      got.push({ headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
      res.writeHead(answer).end();
    });
  });
  await new Promise<void>((done) => receiver.listen(0, '127.0.0.1', done));
}, 240_000);

afterAll(async () => {
  await browser?.close();
  await new Promise((done) => receiver?.close(done));
  await hall?.close();
});

async function managerPage(): Promise<Page> {
  // bypassCSP: the page's CSP (script-src 'self') would refuse the inline axe-core script seriousAxeViolations adds.
  const context = await browser.newContext({ viewport: { width: CONSOLE.width, height: CONSOLE.height }, bypassCSP: true });
  const page = await context.newPage();
  page.setDefaultTimeout(8_000);
  await page.goto(`${hall.url}/manager/`);
  await page.fill('input[name=username]', 'admin');
  await page.fill('input[name=password]', ADMIN_PASSWORD);
  await page.click('button[type=submit]');
  await page.waitForSelector('[data-link=live]');
  await page.click('[data-tab=webhooks]');
  await page.waitForSelector('[data-testid=new-webhook]');
  return page;
}

it('the 消息推送 tab: a subscription, its secret shown once and verifying the signed ping, the log and a replay', async () => {
  const page = await managerPage();
  const url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/sms-hook`;
  await page.fill('[data-testid=new-webhook] input[name=url]', url);
  await page.fill('[data-testid=new-webhook] input[name=description]', '短信平台');
  await page.check('[data-testid=new-webhook] input[value="appointment.reminder"]');
  await page.click('[data-testid=new-webhook] button[type=submit]');
  const secret = (await page.textContent('[data-testid=webhook-secret]'))!;
  expect(secret).toMatch(/^whsec_[A-Za-z0-9_-]{43}$/);
  expect(await seriousAxeViolations(page)).toEqual([]);
  await page.click('.webhooks-secret button');
  expect(await page.$('[data-testid=webhook-secret]')).toBeNull();

  const row = '[data-testid=webhooks-table] tr:has-text("短信平台")';
  expect(await page.textContent(`${row} td:nth-child(2)`)).toBe('即将叫到、叫号、预约提醒（前一天、前一小时）');
  // The test ping reaches the receiver signed with the secret the tab showed.
  await page.click(`${row} button:has-text("发送测试")`);
  await page.waitForSelector('[data-status=ok]');
  const ping = await until(() => got.find((r) => (JSON.parse(r.body) as { type: string }).type === 'webhook.ping'));
  const expected =
    'v1=' +
    createHmac('sha256', secret)
      .update(`${String(ping.headers['hall-webhook-timestamp'])}.${ping.body}`)
      .digest('hex');
  expect(ping.headers['hall-webhook-signature']).toBe(expected);
  await page.waitForSelector('[data-testid=webhook-log] tr[data-status=delivered]');

  // A refusing receiver: the log shows the HTTP status and the next try; once it takes deliveries, a replay goes through.
  answer = 503;
  await issue(floor.kiosk, floor.services.a.id);
  await page.waitForSelector('[data-testid=webhook-log] tr[data-status=pending] td:has-text("HTTP 503")', { timeout: 15_000 });
  expect(await page.textContent('[data-testid=webhook-log] tr[data-status=pending] .webhooks-last small')).toContain('下次重试');
  expect(await seriousAxeViolations(page)).toEqual([]);
  expect(await textOverflows(page, '.panel')).toEqual([]);
  await screenshot(page, `manager-webhooks-${CONSOLE.name}`);
  answer = 204;
  await page.waitForSelector('[data-testid=webhook-log] tr[data-status=pending]', { state: 'detached', timeout: 20_000 });
  const delivered = await page.$$eval('[data-testid=webhook-log] tr[data-status=delivered]', (rows) => rows.length);
  expect(delivered).toBeGreaterThanOrEqual(2);
  await page.click('[data-testid=webhook-log] tr[data-status=delivered] button:has-text("重发")');
  await page.waitForSelector('[data-status=ok]:has-text("已重新排队发送")');

  // Disabling keeps the subscription, marked, until it is enabled again.
  await page.click(`${row} button:has-text("停用")`);
  await page.waitForSelector(`${row}.is-disabled`);
  expect(await page.textContent(`${row} td:nth-child(3)`)).toBe('已停用');
  await page.context().close();
}, 90_000);

it('the phone page notifies and vibrates when the ticket is next and when it is called, while open', async () => {
  const context = await browser.newContext({ viewport: { width: PHONE.width, height: PHONE.height }, bypassCSP: true, isMobile: true, hasTouch: true });
  await context.grantPermissions(['notifications'], { origin: hall.url });
  // Spies kept in the page: each Notification the page makes, after the real constructor accepted it, and each vibration.
  await context.addInitScript(() => {
    const w = window as unknown as { __notes: string[]; __vibrations: number; Notification: typeof Notification };
    w.__notes = [];
    w.__vibrations = 0;
    const Real = window.Notification;
    class Spy extends Real {
      constructor(title: string, options?: NotificationOptions) {
        super(title, options);
        w.__notes.push(`${title}|${options?.body ?? ''}`);
      }
    }
    Object.defineProperty(Spy, 'permission', { get: () => Real.permission });
    Object.defineProperty(Spy, 'requestPermission', { value: Real.requestPermission.bind(Real) });
    w.Notification = Spy;
    navigator.vibrate = () => {
      w.__vibrations += 1;
      return true;
    };
  });
  const phone = await context.newPage();
  phone.setDefaultTimeout(8_000);
  const { staff } = floor;
  await staff.client.request('POST', `/api/v1/counters/${floor.counters.one.id}/sign-in`);
  // Clear the queue the first test left, then two waiting: ours is second.
  while ((await staff.client.request<{ ticket: unknown }>('POST', `/api/v1/counters/${floor.counters.one.id}/call-next`)).ticket !== null);
  await issue(floor.kiosk, floor.services.a.id);
  const mine = await issue(floor.kiosk, floor.services.a.id);
  // Before the visitor allows notifications the page offers a button (the permission prompt needs their tap).
  const asking = await browser.newContext({ viewport: { width: PHONE.width, height: PHONE.height }, bypassCSP: true, isMobile: true, hasTouch: true });
  const ask = await asking.newPage();
  await ask.goto(`${hall.url}/m/?t=${mine.id}`);
  await ask.waitForSelector('[data-testid=m-notify]:has-text("轮到我时提醒我")');
  expect(await seriousAxeViolations(ask)).toEqual([]);
  expect(await textOverflows(ask)).toEqual([]);
  await screenshot(ask, `m-turn-alert-ask-${PHONE.name}`);
  await asking.close();

  await phone.goto(`${hall.url}/m/?t=${mine.id}`);
  await phone.waitForSelector('[data-testid=m-ahead]:has-text("前面还有 1 人")');
  await phone.waitForSelector('.m-notify-state');
  expect(await phone.evaluate(() => (window as unknown as { __notes: string[] }).__notes)).toEqual([]);
  expect(await seriousAxeViolations(phone)).toEqual([]);
  expect(await textOverflows(phone)).toEqual([]);
  await screenshot(phone, `m-turn-alert-${PHONE.name}`);

  await staff.client.request('POST', `/api/v1/counters/${floor.counters.one.id}/call-next`);
  await phone.waitForSelector('[data-testid=m-ahead]:has-text("下一位就是您")');
  await until(() => phone.evaluate(() => (window as unknown as { __notes: string[] }).__notes.length === 1));
  expect(await phone.evaluate(() => (window as unknown as { __notes: string[] }).__notes)).toEqual([`${mine.number} 快轮到您了|社保业务`]);

  await staff.client.request('POST', `/api/v1/counters/${floor.counters.one.id}/call-next`);
  await until(() => phone.evaluate(() => (window as unknown as { __notes: string[] }).__notes.length === 2));
  expect(await phone.evaluate(() => (window as unknown as { __notes: string[] }).__notes[1])).toBe(`${mine.number} 请到 3 号窗口|社保业务`);
  expect(await phone.evaluate(() => (window as unknown as { __vibrations: number }).__vibrations)).toBe(2);
  await context.close();
}, 60_000);
