// The hall's icon: served at /favicon.ico (browsers ask there) and /favicon.svg (every page links it); no 404 on a page load.
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RENDERER_APPS } from '../../server/hall-server.ts';
import { launchChromium, startE2EHall, type E2EHall } from './counter-harness.ts';

let hall: E2EHall;
let browser: Browser;

beforeAll(async () => {
  hall = await startE2EHall();
  browser = await launchChromium();
}, 240_000);

afterAll(async () => {
  await browser?.close();
  await hall?.close();
});

describe('favicon', () => {
  it('GET /favicon.ico is an icon and /favicon.svg an SVG image, both 200', async () => {
    const ico = await fetch(`${hall.url}/favicon.ico`);
    expect(ico.status).toBe(200);
    expect(ico.headers.get('content-type')).toBe('image/x-icon');
    const bytes = Buffer.from(await ico.arrayBuffer());
    // ICONDIR: reserved 0, type 1 (icon), at least one image.
    expect([bytes.readUInt16LE(0), bytes.readUInt16LE(2)]).toEqual([0, 1]);
    expect(bytes.readUInt16LE(4)).toBeGreaterThan(0);
    const svg = await fetch(`${hall.url}/favicon.svg`);
    expect(svg.status).toBe(200);
    expect(svg.headers.get('content-type')).toBe('image/svg+xml');
    expect(await svg.text()).toMatch(/^<svg /);
    expect((await fetch(`${hall.url}/favicon.png`)).status).toBe(404);
  });

  it('every app page links the icon', async () => {
    for (const app of RENDERER_APPS) {
      const html = await (await fetch(`${hall.url}/${app}/`)).text();
      expect(html, app).toContain('<link rel="icon" href="/favicon.svg" type="image/svg+xml"');
    }
  });

  it('loading the counter console asks for nothing that is not there', async () => {
    const page = await browser.newPage();
    const missing: string[] = [];
    const errors: string[] = [];
    page.on('response', (r) => {
      if (r.status() === 404) missing.push(r.url());
    });
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(m.text());
    });
    await page.goto(`${hall.url}/counter/`);
    await page.waitForLoadState('networkidle');
    const icon = await page.evaluate(() => fetch((document.querySelector('link[rel="icon"]') as HTMLLinkElement).href).then((r) => r.status));
    expect(icon).toBe(200);
    expect(missing).toEqual([]);
    expect(errors.filter((e) => /404|Not Found/i.test(e))).toEqual([]);
    await page.close();
  }, 60_000);
});
