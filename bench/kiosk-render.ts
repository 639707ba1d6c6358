// Kiosk page first render in headless Chromium (navigation start → first service tile visible) beside a trivial static page in the same browser, and gzipped JS per app in dist/renderer.
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import type { Browser } from 'playwright-core';
import { startKioskRig } from '../tests/e2e/kiosk-rig.ts';
import { ROOT, fmt } from './lib.ts';

const RUNS = 7;
const RENDER_GOAL_MS = 1500;
const JS_GOAL_KB = 300;

/** Milliseconds from navigation start until `selector` is in the DOM and laid out, in a fresh context (cold cache). */
async function firstRender(browser: Browser, url: string, selector: string): Promise<number> {
  const context = await browser.newContext({ viewport: { width: 1920, height: 1080 } });
  try {
    const page = await context.newPage();
    // Injected by the browser itself, so the page's CSP does not apply; a string, so no transpiler helper leaks into it.
    await page.addInitScript(`{
      const sel = ${JSON.stringify(selector)};
      const check = () => {
        const el = document.querySelector(sel);
        if (window.__seenAt === undefined && el && el.getBoundingClientRect().height > 0) window.__seenAt = performance.now();
      };
      new MutationObserver(check).observe(document, { childList: true, subtree: true });
    }`);
    await page.goto(url);
    await page.locator(selector).first().waitFor({ timeout: 30_000 });
    const seenAt = await page.evaluate(() => (window as unknown as { __seenAt?: number }).__seenAt);
    if (seenAt === undefined) throw new Error(`${url}: ${selector} appeared but the observer missed it`);
    return seenAt;
  } finally {
    await context.close();
  }
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/** JS each page loads (its entry script and module preloads), gzipped. */
function jsPerApp(): string[] {
  const dist = join(ROOT, 'dist', 'renderer');
  if (!existsSync(dist)) return ['renderer JS: dist/renderer is missing (run npx vite build)'];
  const lines: string[] = [];
  for (const app of readdirSync(dist, { withFileTypes: true })) {
    const html = join(dist, app.name, 'index.html');
    if (!app.isDirectory() || !existsSync(html)) continue;
    const text = readFileSync(html, 'utf8');
    const files = [...text.matchAll(/(?:src|href)="(\/assets\/[^"]+\.js)"/g)].map((m) => m[1]!);
    let raw = 0;
    let gz = 0;
    for (const f of new Set(files)) {
      const bytes = readFileSync(join(dist, f));
      raw += bytes.length;
      gz += gzipSync(bytes, { level: 9 }).length;
    }
    const kb = gz / 1024;
    lines.push(
      `  ${app.name.padEnd(8)} ${fmt(kb, 1).padStart(6)} KB gzipped (${fmt(raw / 1024, 1)} KB raw, ${files.length} files)  ${kb < JS_GOAL_KB ? 'ok' : 'OVER'} (goal < ${JS_GOAL_KB} KB)`,
    );
  }
  return lines;
}

export async function benchKioskRender(): Promise<string[]> {
  const rig = await startKioskRig();
  const trivial = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end('<!doctype html><html lang="zh-CN"><body><h1 class="tile">请选择办理事项</h1></body></html>');
  });
  await new Promise<void>((resolve) => trivial.listen(0, '127.0.0.1', resolve));
  const trivialUrl = `http://127.0.0.1:${(trivial.address() as AddressInfo).port}/`;
  try {
    const kiosk: number[] = [];
    const reference: number[] = [];
    // Warm the OS file cache and the agent once; every measured run then starts from a cold browser cache.
    await firstRender(rig.browser, rig.pageUrl(), '.tile');
    for (let i = 0; i < RUNS; i++) {
      reference.push(await firstRender(rig.browser, trivialUrl, '.tile'));
      kiosk.push(await firstRender(rig.browser, rig.pageUrl(), '.tile'));
    }
    const m = median(kiosk);
    return [
      `kiosk first render (navigation start → first tile visible, headless Chromium, cold cache, ${RUNS} runs): median ${fmt(m, 0)} ms, ` +
        `min ${fmt(Math.min(...kiosk), 0)}, max ${fmt(Math.max(...kiosk), 0)}  ${m < RENDER_GOAL_MS ? 'ok' : 'OVER'} (goal < ${RENDER_GOAL_MS} ms)`,
      `  reference: trivial static page in the same browser: median ${fmt(median(reference), 0)} ms (min ${fmt(Math.min(...reference), 0)}, max ${fmt(Math.max(...reference), 0)})`,
      'renderer JS per app (entry + module preloads):',
      ...jsPerApp(),
    ];
  } finally {
    await new Promise((resolve) => trivial.close(resolve));
    await rig.close();
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  for (const line of await benchKioskRender()) console.log(line);
  process.exit(0);
}
