// A wall-mounted board has nobody to tap it: where the browser blocks sound without a gesture (the desktop
// default), the board says so on screen and raises display_audio_blocked for the manager, and recovered once it
// can sound; where autoplay is allowed (the display shell, the documented Chromium flags) it does neither.
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { HallEvent } from '../../client/hall-client.ts';
import { launchChromium, startE2EHall, type E2EHall } from './counter-harness.ts';
import { screenshot, seriousAxeViolations, textOverflows } from './page-checks.ts';

interface AlertData {
  device: { id: string; name: string };
  alert: string;
  message: string | null;
}

let hall: E2EHall;
let socket: WebSocket;
const alerts: AlertData[] = [];
const browsers: Browser[] = [];

/** Resolves with the first alert from `device` of the given kind, as the manager's event stream receives it. */
function alertFrom(device: string, kind: string, timeoutMs = 20_000): Promise<AlertData> {
  return new Promise((resolve, reject) => {
    const deadline = Date.now() + timeoutMs;
    const poll = () => {
      const found = alerts.find((a) => a.device.name === device && a.alert === kind);
      if (found) resolve(found);
      else if (Date.now() > deadline) reject(new Error(`no ${kind} alert from ${device}; got ${JSON.stringify(alerts)}`));
      else setTimeout(poll, 50);
    };
    poll();
  });
}

beforeAll(async () => {
  hall = await startE2EHall();
  socket = new WebSocket(hall.admin.eventsUrl());
  socket.on('message', (data) => {
    const event = JSON.parse(String(data)) as HallEvent<AlertData>;
    if (event.type === 'device.alert') alerts.push(event.data);
  });
  await new Promise((resolve, reject) => socket.once('open', resolve).once('error', reject));
}, 240_000);

afterAll(async () => {
  socket?.close();
  for (const b of browsers) await b.close();
  await hall?.close();
});

it('without autoplay: a notice on screen, display_audio_blocked for the manager, then recovered after a tap', async () => {
  const token = (await hall.admin.createDevice({ name: 'blocked-board', kind: 'display' })).token;
  // Headless Chromium allows autoplay unless told otherwise: this is the policy of a desktop Chromium or Chrome.
  const browser = await chromium.launch({
    executablePath: process.env.HALL_CHROMIUM ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--autoplay-policy=document-user-activation-required'],
  });
  browsers.push(browser);
  const page = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
  await page.goto(`${hall.url}/display/?token=${token}&voice=clips`);
  // Nothing may touch the page before the board has decided: Playwright's evaluate counts as a user gesture.
  const blocked = await alertFrom('blocked-board', 'display_audio_blocked');
  expect(blocked.message).toContain('--autoplay-policy=no-user-gesture-required');
  const notice = page.getByTestId('sound-blocked');
  await notice.waitFor();
  expect(await notice.textContent()).toBe('语音播报暂不可用，请留意屏幕叫号（已通知工作人员）');
  expect(await notice.getAttribute('role')).toBe('status');
  for (const size of [
    { width: 1920, height: 1080 },
    { width: 1080, height: 1920 },
    { width: 1280, height: 720 },
  ]) {
    await page.setViewportSize(size);
    await page.waitForTimeout(300);
    await screenshot(page, `display-sound-blocked-${size.width}x${size.height}`);
    expect(await textOverflows(page)).toEqual([]);
  }
  expect(await seriousAxeViolations(page)).toEqual([]);
  expect(alerts.filter((a) => a.device.name === 'blocked-board' && a.alert === 'recovered')).toEqual([]);

  // Someone taps the screen: the browser now lets it sound, the notice goes, and the manager hears it recovered.
  await page.mouse.click(960, 540);
  await alertFrom('blocked-board', 'recovered');
  await notice.waitFor({ state: 'detached' });
  expect(alerts.filter((a) => a.device.name === 'blocked-board').map((a) => a.alert)).toEqual(['display_audio_blocked', 'recovered']);
});

it('with autoplay allowed: no notice and no alert', async () => {
  const token = (await hall.admin.createDevice({ name: 'allowed-board', kind: 'display' })).token;
  const browser = await launchChromium();
  browsers.push(browser);
  const page = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
  await page.goto(`${hall.url}/display/?token=${token}&voice=clips`);
  await page.waitForSelector('.board[data-audio="allowed"]');
  // An alert would be on its way by now; give it the time one takes to arrive.
  await page.waitForTimeout(1000);
  expect(await page.getByTestId('sound-blocked').count()).toBe(0);
  expect(alerts.filter((a) => a.device.name === 'allowed-board')).toEqual([]);
});
