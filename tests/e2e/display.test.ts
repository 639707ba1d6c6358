// The display board in Chromium against a real hall server: calls on screen, the announcement queue, recall,
// the live notice line, and recovery after the server restarts.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { SpokenEntry } from '../../renderer/display/voice/announcer.ts';
import { issue, launchChromium, seedFloor, startE2EHall, until, type E2EHall, type Floor } from './counter-harness.ts';

let hall: E2EHall;
let floor: Floor;
let browser: Browser;
let page: Page;

const log = () => page.evaluate(() => (window.__announcements ?? []).map((e) => ({ ...e })) as SpokenEntry[]);
/** Waits until `n` utterances have been said to the end. */
const said = (n: number) =>
  page.waitForFunction((count) => (window.__announcements ?? []).filter((e) => e.endedAt !== null).length >= count, n, { timeout: 20_000 });

beforeAll(async () => {
  hall = await startE2EHall({ announceRepeat: 2 });
  floor = await seedFloor(hall);
  await floor.staff.client.signIn(floor.counters.one.id);
  await floor.staff2.client.signIn(floor.counters.two.id);
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
  await page.goto(`${hall.url}/display/?token=${floor.displayToken}&voice=fake&voiceMs=300`);
  await page.waitForSelector(`[data-counter-id="${floor.counters.one.id}"]`);
}, 240_000);

afterAll(async () => {
  await browser?.close();
  await hall?.close();
});

it('keeps its device token in localStorage, not in the address bar', async () => {
  expect(new URL(page.url()).searchParams.get('token')).toBeNull();
  expect(await page.evaluate(() => localStorage.getItem('hall.display.token'))).toBe(floor.displayToken);
});

it('shows a staff call, highlighted, on the counter card too, and queues the right announcement said twice', async () => {
  const ticket = await issue(floor.kiosk, floor.services.a.id);
  await floor.staff.client.callNext(floor.counters.one.id);
  await page.waitForSelector(`.call-new[data-ticket-number="${ticket.number}"][data-counter-number="3"]`);
  await page.waitForSelector(`[data-counter-id="${floor.counters.one.id}"][data-current="${ticket.number}"]`);
  await said(2);
  const entries = await log();
  expect(entries.map((e) => [e.text, e.kind, e.repeat])).toEqual([
    [`请 ${ticket.number} 号 到 3 号窗口 办理`, 'call', 1],
    [`请 ${ticket.number} 号 到 3 号窗口 办理`, 'call', 2],
  ]);
  expect(await page.evaluate(() => window.__voiceBackend)).toBe('fake');
});

it('announces two calls in quick succession in order, one after the other, without overlap', async () => {
  const before = (await log()).length;
  await issue(floor.kiosk, floor.services.b.id);
  await issue(floor.kiosk, floor.services.b.id);
  const [one, two] = await Promise.all([floor.staff.client.callNext(floor.counters.one.id), floor.staff2.client.callNext(floor.counters.two.id)]);
  await said(before + 4);
  const entries = (await log()).slice(before);
  // The board's newest call is at the top: it must have been announced last.
  const order = await page.$$eval('.call-row', (rows) => rows.slice(0, 2).map((r) => r.getAttribute('data-ticket-number')));
  const [newest, older] = order;
  expect(new Set([newest, older])).toEqual(new Set([one.ticket!.number, two.ticket!.number]));
  expect(entries.map((e) => e.ticketNumber)).toEqual([older, older, newest, newest]);
  for (let i = 1; i < entries.length; i++) expect(entries[i]!.startedAt).toBeGreaterThanOrEqual(entries[i - 1]!.endedAt!);
  expect(await page.locator('.call-new').count()).toBe(1);
});

it('re-announces a recall', async () => {
  const before = (await log()).length;
  const { ticket } = await floor.staff.client.recall(floor.counters.one.id);
  await said(before + 2);
  const entries = (await log()).slice(before);
  expect(entries.map((e) => [e.kind, e.text])).toEqual([
    ['recall', `请 ${ticket.number} 号 到 3 号窗口 办理`],
    ['recall', `请 ${ticket.number} 号 到 3 号窗口 办理`],
  ]);
  await page.waitForSelector(`.call-new[data-ticket-number="${ticket.number}"]`);
});

it('takes the notice line, hall name and repeat count live from settings.changed', async () => {
  await hall.admin.updateSettings({ noticeLine: '今日 16:00 后暂停办理不动产业务', announceRepeat: 1, hallName: '玄武区政务服务中心' });
  await page.waitForFunction(() => document.querySelector('.notice-track')?.textContent === '今日 16:00 后暂停办理不动产业务');
  await page.waitForFunction(() => document.querySelector('.hall-name')?.textContent === '玄武区政务服务中心');
  const before = (await log()).length;
  await issue(floor.kiosk, floor.services.a.id);
  await floor.staff.client.callNext(floor.counters.one.id);
  await said(before + 1);
  await page.waitForTimeout(600);
  expect((await log()).length).toBe(before + 1);
});

it('shows waiting counts per service and a paused counter', async () => {
  await issue(floor.kiosk, floor.services.a.id);
  await issue(floor.kiosk, floor.services.a.id);
  const waiting = (await hall.admin.queue()).services.find((s) => s.id === floor.services.a.id)!.waiting;
  await page.waitForSelector(`[data-service-id="${floor.services.a.id}"][data-waiting="${waiting}"]`);
  await floor.staff2.client.pause(floor.counters.two.id, 'break');
  await page.waitForSelector(`[data-counter-id="${floor.counters.two.id}"].state-paused`);
  await floor.staff2.client.resume(floor.counters.two.id);
  await page.waitForSelector(`[data-counter-id="${floor.counters.two.id}"].state-open`);
});

it('recovers by itself after the server restarts, without announcing old calls again, and announces new ones', async () => {
  const before = (await log()).length;
  const shownBefore = await page.$$eval('.call-row', (rows) => rows.map((r) => r.getAttribute('data-ticket-number')));
  await hall.stop();
  await page.waitForSelector('.board-offline', { timeout: 20_000 });
  await hall.restart();
  await page.waitForSelector('.board-offline', { state: 'detached', timeout: 30_000 });
  expect(await page.$$eval('.call-row', (rows) => rows.map((r) => r.getAttribute('data-ticket-number')))).toEqual(shownBefore);
  expect((await log()).length).toBe(before);

  await issue(floor.kiosk, floor.services.a.id);
  const staff = floor.staff.client;
  // The restarted server kept the session: the same token works.
  const called = await until(async () => (await staff.callNext(floor.counters.one.id)).ticket ?? undefined, 15_000, 'a call after the restart');
  await page.waitForSelector(`.call-new[data-ticket-number="${called.number}"]`);
  await said(before + 1);
  expect((await log()).at(-1)!.ticketNumber).toBe(called.number);
});

it('after a reload shows the counters as they are, with no call highlighted or announced as new', async () => {
  await page.reload();
  await page.waitForSelector(`[data-counter-id="${floor.counters.one.id}"]`);
  await page.waitForSelector('.call-row');
  await page.waitForTimeout(800);
  expect(await page.locator('.call-new').count()).toBe(0);
  expect((await log()).length).toBe(0);
  const current = (await hall.admin.queue()).counters.find((c) => c.id === floor.counters.one.id)!.current!;
  await page.waitForSelector(`[data-counter-id="${floor.counters.one.id}"][data-current="${current.number}"]`);
});
