// Checks every screen test shares: axe-core accessibility, text that overflows its box, and screenshots for docs/screens.
import { createRequire } from 'node:module';
import { mkdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import type { Page } from 'playwright-core';

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

export interface AxeFinding {
  id: string;
  impact: string | null;
  help: string;
  targets: string[];
}

/** axe-core's serious and critical violations on the page as it is now (WCAG 2.x A and AA rules). */
export async function seriousAxeViolations(page: Page): Promise<AxeFinding[]> {
  // Evaluated over the DevTools protocol, not as an inline <script>: the hall's pages forbid inline scripts (CSP).
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(axeSource);
  const found = await page.evaluate(async () => {
    const axe = (
      window as unknown as {
        axe: {
          run(
            ctx: Document,
            opts: unknown,
          ): Promise<{ violations: Array<{ id: string; impact: string | null; help: string; nodes: Array<{ target: unknown[] }> }> }>;
        };
      }
    ).axe;
    const result = await axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } });
    return result.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, targets: v.nodes.map((n) => n.target.map(String).join(' ')) }));
  });
  return found.filter((v) => v.impact === 'serious' || v.impact === 'critical');
}

export interface Overflow {
  selector: string;
  text: string;
  why: string;
}

/**
 * Elements whose own text does not fit: wider or taller than their box (content clipped or spilling), cut by an
 * ellipsis, or outside the viewport. Only elements with direct text are checked; 1 px of rounding is allowed.
 */
export async function textOverflows(page: Page, root = 'body'): Promise<Overflow[]> {
  return page.evaluate((rootSelector) => {
    const out: Array<{ selector: string; text: string; why: string }> = [];
    const vw = document.documentElement.clientWidth;
    const vh = document.documentElement.clientHeight;
    const describe = (el: Element) => el.tagName.toLowerCase() + (el.id ? `#${el.id}` : '') + (el.classList.length ? `.${[...el.classList].join('.')}` : '');
    for (const el of document.querySelectorAll<HTMLElement>(`${rootSelector} *`)) {
      const ownText = [...el.childNodes]
        .filter((n) => n.nodeType === Node.TEXT_NODE)
        .map((n) => n.textContent ?? '')
        .join('')
        .trim();
      if (!ownText) continue;
      const style = getComputedStyle(el);
      if (style.display === 'none' || style.visibility === 'hidden' || el.closest('[aria-hidden="true"], .sr-only, .visually-hidden')) continue;
      const rect = el.getBoundingClientRect();
      if (rect.width === 0 && rect.height === 0) continue;
      const text = ownText.slice(0, 40);
      if (el.scrollWidth > el.clientWidth + 1 && style.overflowX !== 'visible' && el.clientWidth > 0)
        out.push({ selector: describe(el), text, why: `scrollWidth ${el.scrollWidth} > clientWidth ${el.clientWidth}` });
      else if (
        el.scrollHeight > el.clientHeight + 1 &&
        style.overflowY !== 'visible' &&
        el.clientHeight > 0 &&
        style.overflowY !== 'auto' &&
        style.overflowY !== 'scroll'
      )
        out.push({ selector: describe(el), text, why: `scrollHeight ${el.scrollHeight} > clientHeight ${el.clientHeight}` });
      else if (style.textOverflow === 'ellipsis' && el.scrollWidth > el.clientWidth) out.push({ selector: describe(el), text, why: 'cut by an ellipsis' });
      // Text spilling out of a box that lets it overflow visibly: measure the text itself against its parent box.
      const range = document.createRange();
      range.selectNodeContents(el);
      const textRect = range.getBoundingClientRect();
      const box = el.getBoundingClientRect();
      if (textRect.width > 0 && (textRect.right > box.right + 1 || textRect.bottom > box.bottom + 1 || textRect.left < box.left - 1)) {
        if (style.overflowX === 'visible' && style.overflowY === 'visible') out.push({ selector: describe(el), text, why: 'text spills out of its box' });
      }
      if (rect.right > vw + 1 || rect.bottom > vh + 1 || rect.left < -1 || rect.top < -1) {
        // Below the fold of a scrolling box that is itself on screen (a long preview): reached by scrolling that box.
        let scroller = el.parentElement;
        while (scroller && !(['auto', 'scroll'].includes(getComputedStyle(scroller).overflowY) && scroller.scrollHeight > scroller.clientHeight))
          scroller = scroller.parentElement;
        const inScroller = scroller !== null && scroller !== document.scrollingElement && scroller.getBoundingClientRect().bottom <= vh + 1;
        const scrollable =
          inScroller || (document.scrollingElement && (document.scrollingElement.scrollHeight > vh || document.scrollingElement.scrollWidth > vw));
        if (!scrollable || rect.right > vw + 1 || rect.left < -1) out.push({ selector: describe(el), text, why: 'outside the viewport' });
      }
    }
    return out;
  }, root);
}

export const SCREENS_DIR = resolve(import.meta.dirname, '../../docs/screens');

/** Saves a screenshot for docs/screens when HALL_SCREENS=1 (or into the temp dir given), always returns the PNG. */
export async function screenshot(page: Page, name: string): Promise<Buffer> {
  const dir = process.env.HALL_SCREENS === '1' ? SCREENS_DIR : process.env.HALL_SCREENS_DIR;
  const path = dir ? join(dir, `${name}.png`) : undefined;
  if (path) mkdirSync(dirname(path), { recursive: true });
  return page.screenshot({ path, fullPage: false });
}

/** The sizes people use, by kind of screen. */
export const SIZES = {
  display: [
    { name: '1280x720', width: 1280, height: 720 },
    { name: '1366x768', width: 1366, height: 768 },
    { name: '1920x1080', width: 1920, height: 1080 },
    { name: '3840x2160', width: 3840, height: 2160 },
    { name: '1080x1920', width: 1080, height: 1920 },
  ],
  kiosk: [
    { name: '1080x1920', width: 1080, height: 1920 },
    { name: '1920x1080', width: 1920, height: 1080 },
    { name: '1280x1024', width: 1280, height: 1024 },
  ],
  console: [{ name: '1280x800', width: 1280, height: 800 }],
  phone: [{ name: '390x844', width: 390, height: 844 }],
} as const;
