// A browser keeps the sign-in's device cookie and sends it back, so its user is trusted while others' failures are throttled.
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, startE2EHall, type E2EHall } from './counter-harness.ts';

let hall: E2EHall;
let browser: Browser;

beforeAll(async () => {
  hall = await startE2EHall();
  await hall.admin.createUser({ username: 'clerk', password: 'clerk-password', role: 'staff' });
  browser = await launchChromium();
}, 240_000);

afterAll(async () => {
  await browser?.close();
  await hall?.close();
});

describe('device cookie in a browser', () => {
  it('is stored HttpOnly by a sign-in from the hall’s page and lets the right password through while the address is throttled', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${hall.url}/counter/`);
    const login = (password: string) =>
      page.evaluate(
        async (pw) => (await fetch('/api/v1/auth/login', { method: 'POST', body: JSON.stringify({ username: 'clerk', password: pw }) })).status,
        password,
      );
    expect(await login('clerk-password')).toBe(200);
    const cookie = (await context.cookies(`${hall.url}/api/v1/auth/login`)).find((c) => c.name === 'hall_login_device');
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Strict', path: '/api/v1/auth/login' });
    expect(await page.evaluate(() => document.cookie)).not.toContain('hall_login_device');
    // Someone else at the same address guesses; the page (this browser) still signs in.
    for (let i = 0; i < 8; i++) {
      const r = await fetch(`${hall.url}/api/v1/auth/login`, { method: 'POST', body: JSON.stringify({ username: 'clerk', password: `guess-${i}` }) });
      expect([401, 429]).toContain(r.status);
    }
    const other = await fetch(`${hall.url}/api/v1/auth/login`, { method: 'POST', body: JSON.stringify({ username: 'clerk', password: 'clerk-password' }) });
    expect(other.status).toBe(429);
    expect(Number(other.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(await login('clerk-password')).toBe(200);
    await context.close();
  }, 60_000);

  it('tells a throttled user on the sign-in form how many seconds to wait, not that the system failed', async () => {
    await hall.admin.createUser({ username: 'clerk2', password: 'clerk2-password', role: 'staff' });
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${hall.url}/counter/`);
    // Guesses from this address until it is throttled for clerk2; this browser has no device cookie of clerk2's.
    let throttled = false;
    for (let i = 0; i < 12 && !throttled; i++) {
      const r = await fetch(`${hall.url}/api/v1/auth/login`, { method: 'POST', body: JSON.stringify({ username: 'clerk2', password: `guess-${i}` }) });
      throttled = r.status === 429;
    }
    expect(throttled).toBe(true);
    await page.fill('input[name=username]', 'clerk2');
    await page.fill('input[name=password]', 'clerk2-password');
    await page.click('button[type=submit]');
    const text = await page.locator('.login .error').innerText();
    expect(text).toMatch(/^尝试次数过多，请 \d+ 秒后再试/);
    await context.close();
  }, 60_000);
});
