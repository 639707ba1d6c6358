// The display board at every screen size people mount (720p to 4K, and a portrait TV), for a small hall
// (12 counters, 6 services) and a large one (40 counters, 20 services, long names), with calls in progress:
// no text cut, wrapped out or spilling, no tile on another, nothing outside the screen, axe clean; in English and
// Japanese with the service names the hall translated, which the board follows live.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HallClient } from '../../client/hall-client.ts';
import { issue, launchChromium, startE2EHall, type E2EHall } from './counter-harness.ts';
import { screenshot, seriousAxeViolations, SIZES, textOverflows } from './page-checks.ts';

const SERVICE_NAMES = [
  '企业开办（设立登记）',
  '不动产登记（抵押权）',
  '社会保障卡办理',
  '医保参保登记与变更',
  '公积金提取',
  '出入境证件办理',
  '户籍迁移',
  '税务综合服务（发票领用）',
  '机动车驾驶证换证',
  '婚姻登记',
  '残疾人证办理',
  '建设工程施工许可',
  '食品经营许可（新办）',
  '退役军人事务',
  '人才引进落户',
  '个体工商户注册',
  '交通违法处理',
  '养老保险待遇领取',
  '法律援助申请',
  '综合咨询',
];

/** The hall's translations of SERVICE_NAMES (services' `names`, set through PATCH /services/:id). */
const TRANSLATED: { en: string; ja: string }[] = [
  { en: 'Starting a business (registration)', ja: '会社設立（設立登記）' },
  { en: 'Real estate registration (mortgages)', ja: '不動産登記（抵当権）' },
  { en: 'Social security cards', ja: '社会保障カードの申請' },
  { en: 'Medical insurance enrolment and changes', ja: '医療保険の加入登録・変更' },
  { en: 'Housing fund withdrawals', ja: '住宅積立金の引き出し' },
  { en: 'Exit-entry documents', ja: '出入国証明書の申請' },
  { en: 'Household registration transfer', ja: '戸籍の移転' },
  { en: 'Tax services (invoice issuance)', ja: '税務総合サービス（請求書の受領）' },
  { en: 'Driving licence renewal', ja: '運転免許証の更新' },
  { en: 'Marriage registration', ja: '婚姻届' },
  { en: 'Disability certificates', ja: '障害者手帳の申請' },
  { en: 'Construction permits', ja: '建設工事の施工許可' },
  { en: 'Food business licences (new)', ja: '食品営業許可（新規）' },
  { en: "Veterans' affairs", ja: '退役軍人に関する手続き' },
  { en: 'Settling as recruited talent', ja: '人材誘致による戸籍登録' },
  { en: 'Sole trader registration', ja: '個人事業主の登録' },
  { en: 'Traffic violations', ja: '交通違反の処理' },
  { en: 'Pension payments', ja: '年金の受給手続き' },
  { en: 'Legal aid applications', ja: '法律扶助の申請' },
  { en: 'General enquiries', ja: '総合案内' },
];

interface Board {
  hall: E2EHall;
  token: string;
}

/** A hall with `counters` counters and `services` services, tickets called at most counters, one counter left idle. */
async function seedHall(counters: number, services: number): Promise<Board> {
  const hall = await startE2EHall({ hallName: '玄武区政务服务中心', noticeLine: '请携带身份证原件办理业务；今日 16:00 后暂停受理不动产登记业务，敬请谅解。' });
  const { admin } = hall;
  const made = [];
  for (let i = 0; i < services; i++) {
    made.push(await admin.createService({ code: `s${i}`, name: SERVICE_NAMES[i]!, prefix: String.fromCharCode(65 + i) }));
  }
  const counterIds: string[] = [];
  for (let n = 1; n <= counters; n++) {
    const counter = await admin.createCounter({ number: n, serviceIds: [made[(n - 1) % services]!.id] });
    counterIds.push(counter.id);
  }
  const kiosk = new HallClient(hall.url, { token: (await admin.createDevice({ name: 'kiosk', kind: 'kiosk' })).token });
  for (let i = 0; i < counters + services * 3; i++) await issue(kiosk, made[i % services]!.id);
  // A manager may call at any counter: every counter but the last two has someone at it.
  for (const id of counterIds.slice(0, -2)) await admin.callNext(id);
  const token = (await admin.createDevice({ name: 'board', kind: 'display' })).token;
  return { hall, token };
}

let browser: Browser;
beforeAll(async () => {
  browser = await launchChromium();
}, 60_000);
afterAll(async () => {
  await browser?.close();
});

/** Pairs of counter tiles whose boxes overlap, and tiles not wholly on screen. */
async function tileProblems(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const problems: string[] = [];
    const tiles = [...document.querySelectorAll('.counter-card')].map((el) => ({ id: el.getAttribute('data-counter-id'), r: el.getBoundingClientRect() }));
    const vw = document.documentElement.clientWidth;
    const vh = document.documentElement.clientHeight;
    for (const [i, a] of tiles.entries()) {
      if (a.r.width < 1 || a.r.height < 1) problems.push(`${a.id} has no size`);
      if (a.r.left < 0 || a.r.top < 0 || a.r.right > vw + 0.5 || a.r.bottom > vh + 0.5) problems.push(`${a.id} off screen`);
      for (const b of tiles.slice(i + 1)) {
        const w = Math.min(a.r.right, b.r.right) - Math.max(a.r.left, b.r.left);
        const h = Math.min(a.r.bottom, b.r.bottom) - Math.max(a.r.top, b.r.top);
        if (w > 0.5 && h > 0.5) problems.push(`${a.id} overlaps ${b.id}`);
      }
    }
    return problems;
  });
}

/** The smallest font size among texts a visitor must read from afar (px). */
const smallestText = (page: Page) =>
  page.evaluate(() =>
    Math.min(
      ...[...document.querySelectorAll('.counter-card-label, .counter-card-number, .waiting-name, .call-number, .call-counter')].map((el) =>
        parseFloat(getComputedStyle(el).fontSize),
      ),
    ),
  );

async function settle(page: Page) {
  // Fit runs on layout and on ResizeObserver: two frames and a short pause let it finish.
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
  await page.waitForTimeout(250);
}

for (const [counters, services] of [
  [12, 6],
  [40, 20],
] as const) {
  describe(`a hall of ${counters} counters and ${services} services`, () => {
    let board: Board;
    let page: Page;

    beforeAll(async () => {
      board = await seedHall(counters, services);
      page = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
      await page.goto(`${board.hall.url}/display/?token=${board.token}&voice=fake&voiceMs=50`);
      await page.waitForSelector(`.counter-card >> nth=${counters - 1}`);
      await page.waitForSelector(`.waiting-item >> nth=${services - 1}`);
      // One fresh call, so the highlighted (largest) row is on the board too.
      const last = (await board.hall.admin.counters()).find((c) => c.number === counters)!;
      await board.hall.admin.callNext(last.id);
      await page.waitForSelector('.call-new');
    }, 240_000);

    afterAll(async () => {
      await page?.close();
      await board?.hall.close();
    });

    for (const size of SIZES.display) {
      it(`fits ${size.name}: no overflowing text, no overlapping tiles, every counter and service shown`, async () => {
        await page.setViewportSize({ width: size.width, height: size.height });
        await settle(page);
        await screenshot(page, `display-${counters}-counters-${size.name}`);
        expect(await textOverflows(page)).toEqual([]);
        expect(await tileProblems(page)).toEqual([]);
        expect(await page.locator('.counter-card').count()).toBe(counters);
        expect(await page.locator('.waiting-item').count()).toBe(services);
        expect(await page.locator('.call-row').count()).toBe(6);
        expect(await smallestText(page)).toBeGreaterThanOrEqual(10);
        // "NN 号窗口" is one line: its box is one line high.
        const wrapped = await page.$$eval('.counter-card-label, .call-counter', (els) =>
          els.filter((el) => el.getBoundingClientRect().height > parseFloat(getComputedStyle(el).fontSize) * 2).map((el) => el.textContent),
        );
        expect(wrapped).toEqual([]);
      });
    }

    it('has no serious accessibility violations', async () => {
      await page.setViewportSize({ width: 1920, height: 1080 });
      await settle(page);
      expect(await seriousAxeViolations(page)).toEqual([]);
    });

    it("fits in English and Japanese too (longer labels), with the hall's translated service names", async () => {
      const { admin } = board.hall;
      for (const [lang, size] of [
        ['en', SIZES.display[0]],
        ['ja', SIZES.display[4]],
      ] as const) {
        await page.setViewportSize({ width: size.width, height: size.height });
        await page.goto(`${board.hall.url}/display/?lang=${lang}&voice=fake&voiceMs=50`);
        await page.waitForSelector(`.counter-card >> nth=${counters - 1}`);
        await page.waitForSelector(`.waiting-item >> nth=${services - 1}`);
        if (lang === 'en') {
          // Translated on the server while this board is up: it follows the services' service.updated events; the
          // Japanese board loads them with its snapshot.
          for (const s of await admin.services()) await admin.updateService(s.id, { names: TRANSLATED[Number(s.code.slice(1))]! });
        }
        const shown = () => page.locator('.waiting-name').allTextContents();
        await expect
          .poll(async () => (await shown()).sort(), { timeout: 10_000 })
          .toEqual(
            TRANSLATED.slice(0, services)
              .map((n) => n[lang])
              .sort(),
          );
        await settle(page);
        expect(await page.evaluate(() => document.documentElement.lang)).toBe(lang);
        await screenshot(page, `display-${counters}-counters-${lang}-${size.name}`);
        expect({ lang, size: size.name, overflows: await textOverflows(page) }).toEqual({ lang, size: size.name, overflows: [] });
        expect(await tileProblems(page)).toEqual([]);
        // Longer translated names shrink to fit, but stay readable from afar.
        expect(await smallestText(page)).toBeGreaterThanOrEqual(10);
      }
    });
  });
}
