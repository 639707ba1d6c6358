// Call → display board updated, in Chromium: from just before the call-next request until the called number is
// in the board's DOM, over 200 calls; the reference is the call-next API round trip in the same run.
import { resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { issue, launchChromium, seedFloor, startE2EHall } from '../tests/e2e/counter-harness.ts';
import { fmt, percentile } from './lib.ts';

const CALLS = 200;
const WARMUP = 10;

const stats = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return { p50: percentile(sorted, 50), p99: percentile(sorted, 99), max: sorted.at(-1) ?? NaN };
};

export async function benchDisplay(): Promise<string[]> {
  const hall = await startE2EHall({ announceRepeat: 1 });
  const browser = await launchChromium();
  try {
    const floor = await seedFloor(hall);
    await floor.staff.client.signIn(floor.counters.one.id);
    const numbers: string[] = [];
    for (let i = 0; i < CALLS + WARMUP; i++) numbers.push((await issue(floor.kiosk, floor.services.a.id)).number);
    const page = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
    await page.goto(`${hall.url}/display/?token=${floor.displayToken}&voice=fake&voiceMs=1`);
    await page.waitForSelector(`[data-counter-id="${floor.counters.one.id}"]`);

    const board: number[] = [];
    const api: number[] = [];
    for (const [i, number] of numbers.entries()) {
      // The page notes the instant the number appears, on the same wall clock as ours.
      // A string, not a function: tsx would wrap the function's inner names in a helper the page lacks;
      // the comma keeps Playwright from awaiting the promise here.
      await page.evaluate(`(window.__seen = new Promise((done) => {
        const observer = new MutationObserver(() => {
          if (!document.querySelector('.call-new[data-ticket-number="${number}"]')) return;
          observer.disconnect();
          done(performance.timeOrigin + performance.now());
        });
        observer.observe(document.body, { subtree: true, childList: true, attributes: true });
      }), true)`);
      const t0 = performance.timeOrigin + performance.now();
      const { ticket } = await floor.staff.client.callNext(floor.counters.one.id);
      const t1 = performance.timeOrigin + performance.now();
      if (ticket?.number !== number) throw new Error(`expected ${number} to be called, got ${ticket?.number ?? 'nothing'}`);
      const seenAt = await page.evaluate(() => (window as unknown as { __seen: Promise<number> }).__seen);
      if (i < WARMUP) continue;
      board.push(seenAt - t0);
      api.push(t1 - t0);
    }
    const b = stats(board);
    const a = stats(api);
    return [
      `display: call → number on the board in Chromium, ${CALLS} calls: p50 ${fmt(b.p50, 1)} ms, p99 ${fmt(b.p99, 1)} ms, max ${fmt(b.max, 1)} ms (goal p99 < 100 ms)`,
      `reference: the call-next API round trip alone: p50 ${fmt(a.p50, 1)} ms, p99 ${fmt(a.p99, 1)} ms`,
      `display: board after the API reply (event fan-out + WebSocket + React render): p50 ${fmt(b.p50 - a.p50, 1)} ms`,
    ];
  } finally {
    await browser.close();
    await hall.close();
  }
}

if (process.argv[1] && resolve(process.argv[1]) === resolve(import.meta.filename)) {
  for (const line of await benchDisplay()) console.log(line);
}
