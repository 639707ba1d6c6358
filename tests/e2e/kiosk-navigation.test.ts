// Navigation cannot leave the kiosk app in browser mode (after Actual Budget's test): no way out through links, forms, history, new windows or injected markup.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startKioskRig, type KioskRig } from './kiosk-rig.ts';

let rig: KioskRig;
let page: Page;
let origin: string;

beforeAll(async () => {
  rig = await startKioskRig();
  origin = new URL(rig.hall.url).origin;
  page = await rig.browser.newPage({ viewport: { width: 1920, height: 1080 } });
  await page.goto(rig.pageUrl());
  await page.getByTestId('service-company').waitFor({ timeout: 20_000 });
}, 240_000);

afterAll(async () => {
  await rig?.close();
}, 60_000);

/** Still the kiosk page of this hall, in the one tab it started in. */
async function expectInsideApp() {
  const url = new URL(page.url());
  expect(url.origin).toBe(origin);
  expect(url.pathname).toBe('/kiosk/');
  expect(page.context().pages()).toHaveLength(1);
  expect(await page.evaluate(() => document.querySelector('.kiosk h1') !== null)).toBe(true);
}

describe('kiosk navigation, browser mode', () => {
  it('has no link, form target or window opener that leads out of the page', async () => {
    const links = await page.locator('a[href]').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
    for (const href of links) expect(href, String(href)).toMatch(/^#/);
    expect(await page.locator('[target]').count()).toBe(0);
    expect(await page.locator('form[action]').count()).toBe(0);
  });

  it('stays inside the app through every screen, and never adds a history entry Back could walk through', async () => {
    const entries = await page.evaluate(() => window.history.length);
    await page.getByText('跳到办理事项').focus();
    await page.keyboard.press('Enter');
    await expectInsideApp();
    for (const code of ['company', 'estate', 'social', 'fund']) {
      await page.getByTestId(`service-${code}`).click();
      await expectInsideApp();
      await page.getByRole('button', { name: '返回', exact: true }).click();
      await expectInsideApp();
    }
    await page.getByTestId('open-check-in').click();
    await page.getByTestId('appointment-code').pressSequentially('ABC123');
    await page.keyboard.press('Enter');
    await page.getByTestId('error-text').waitFor({ timeout: 10_000 });
    await expectInsideApp();
    await page.getByRole('button', { name: '取普通号' }).click();
    await expectInsideApp();
    expect(await page.evaluate(() => window.history.length)).toBe(entries);
    expect(new URL(page.url()).hash).toBe('');
  });

  it('the page policy refuses injected scripts, foreign form posts and framing', async () => {
    const csp = (await fetch(rig.pageUrl())).headers.get('content-security-policy') ?? '';
    expect(csp).toContain("form-action 'none'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toContain('unsafe-inline');

    const blocked: string[] = [];
    page.on('console', (m) => blocked.push(m.text()));
    const ran = await page.evaluate(() => {
      const s = document.createElement('script');
      s.textContent = 'window.injected = true';
      document.body.append(s);
      return (window as unknown as { injected?: boolean }).injected === true;
    });
    expect(ran).toBe(false);
    await page.evaluate(() => {
      const form = document.createElement('form');
      form.action = 'https://example.com/steal';
      form.method = 'post';
      document.body.append(form);
      form.submit();
    });
    await expect.poll(() => blocked.some((line) => line.includes('form-action'))).toBe(true);
    await expectInsideApp();
  });
});
