// Every kiosk screen at the kiosk sizes, with few and many services, in standard and 关怀版: nothing overflows or is cut,
// no serious axe finding, 关怀版 text at 7:1 or more; the no-open-counter hint; the hall's translated names in en and ja.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HallClient } from '../../client/hall-client.ts';
import { SAMPLE_RESIDENT } from '../../drivers/index.ts';
import { ADMIN_PASSWORD, makeIdNumber } from '../helpers/hall.ts';
import { startKioskRig, type KioskRig, type RigService } from './kiosk-rig.ts';
import { screenshot, seriousAxeViolations, SIZES, textOverflows } from './page-checks.ts';

const FEW: RigService[] = [
  { code: 'company', name: '企业开办', prefix: 'A', category: '企业服务' },
  { code: 'tax', name: '税务登记与发票申领', prefix: 'B', category: '企业服务' },
  { code: 'estate', name: '不动产登记（二手房转移登记）', prefix: 'C', category: '不动产' },
  { code: 'social', name: '社保医保', prefix: 'D', category: '社会保障' },
  { code: 'fund', name: '住房公积金提取与贷款咨询', prefix: 'E', category: '社会保障' },
  { code: 'permit', name: '出入境证件办理（护照、港澳台通行证）', prefix: 'F', category: '公安服务' },
];

const MANY: RigService[] = [
  ...FEW,
  { code: 'household', name: '个体工商户登记', prefix: 'G', category: '企业服务' },
  { code: 'project', name: '建设工程规划许可及施工许可联合审批', prefix: 'H', category: '工程建设' },
  { code: 'card', name: '社会保障卡申领、补换及挂失', prefix: 'J', category: '社会保障' },
  { code: 'medical', name: '医保关系转移接续', prefix: 'K', category: '社会保障' },
  { code: 'driver', name: '机动车驾驶证换证与补证', prefix: 'L', category: '公安服务' },
  { code: 'hukou', name: '户籍迁移与居民身份证办理', prefix: 'M', category: '公安服务' },
  { code: 'talent', name: '人才引进落户', prefix: 'N', category: '人才服务' },
  { code: 'housing', name: '公共租赁住房申请', prefix: 'P', category: '住房保障' },
  { code: 'elderly', name: '老年人优待证办理', prefix: 'Q', category: '民政服务' },
  { code: 'disability', name: '残疾人证办理及补贴申请', prefix: 'R', category: '民政服务' },
  { code: 'marriage', name: '婚姻登记咨询', prefix: 'S', category: '民政服务' },
  { code: 'abroad', name: '外国人来华工作许可及居留许可一件事', prefix: 'T', category: '人才服务' },
];

/** Its counters are all closed: tiles and confirmation say to ask the desk. */
const NO_COUNTER = 'permit';

/** Translations set on the hall server (services' names, settings hallNames and categoryNames), which the agent passes on. */
const NAMES: Record<string, { en: string; ja: string }> = {
  company: { en: 'Starting a business', ja: '会社設立' },
  tax: { en: 'Tax registration and invoices', ja: '税務登録・請求書の申請' },
  estate: { en: 'Real estate registration (transfer of second-hand homes)', ja: '不動産登記（中古住宅の移転登記）' },
  social: { en: 'Social and medical insurance', ja: '社会保険・医療保険' },
  fund: { en: 'Housing provident fund withdrawals and loan advice', ja: '住宅積立金の引き出し・ローン相談' },
  permit: { en: 'Exit-entry documents (passports, travel permits)', ja: '出入国証明書（パスポート・通行証）' },
};
const CATEGORY_NAMES: Record<string, { en: string; ja: string }> = {
  企业服务: { en: 'Business services', ja: '企業サービス' },
  不动产: { en: 'Real estate', ja: '不動産' },
  社会保障: { en: 'Social security', ja: '社会保障' },
  公安服务: { en: 'Police services', ja: '警察サービス' },
};
const HALL_NAMES = { en: 'Xuanwu District Government Service Centre', ja: '玄武区行政サービスセンター' };

/**
 * Text whose contrast with the background behind it is under `min`, whatever its size: 关怀版 promises 7:1 for all text
 * (axe's AAA rule lets large text pass at 4.5:1, and in 关怀版 nearly all text is large).
 */
async function lowContrastTexts(page: Page, min: number): Promise<string[]> {
  return page.evaluate((min) => {
    const rgb = (c: string) => (c.match(/[\d.]+/g) ?? []).map(Number);
    const luminance = ([r, g, b]: number[]) => {
      const f = (v: number) => ((v /= 255) <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4);
      return 0.2126 * f(r!) + 0.7152 * f(g!) + 0.0722 * f(b!);
    };
    const background = (el: Element | null): number[] => {
      for (; el; el = el.parentElement) {
        const c = rgb(getComputedStyle(el).backgroundColor);
        if (c.length === 3 || (c.length === 4 && c[3]! > 0)) return c.slice(0, 3);
      }
      return [255, 255, 255];
    };
    const out: string[] = [];
    for (const el of document.querySelectorAll<HTMLElement>('body *')) {
      const text = [...el.childNodes]
        .filter((n) => n.nodeType === Node.TEXT_NODE)
        .map((n) => n.textContent ?? '')
        .join('')
        .trim();
      if (!text || el.closest('[aria-hidden="true"]') || el.getClientRects().length === 0) continue;
      const style = getComputedStyle(el);
      if (style.visibility === 'hidden' || el.closest('.skip')) continue;
      const [a, b] = [luminance(rgb(style.color)), luminance(background(el))];
      const ratio = (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
      if (ratio < min) out.push(`${text.slice(0, 20)}: ${ratio.toFixed(2)}`);
    }
    return out;
  }, min);
}

interface Floor {
  name: 'few' | 'many';
  services: RigService[];
}

for (const floor of [
  { name: 'few', services: FEW },
  { name: 'many', services: MANY },
] satisfies Floor[]) {
  describe(`kiosk screens, ${floor.services.length} services`, () => {
    let rig: KioskRig;
    let page: Page;
    let visitors = 0;

    beforeAll(async () => {
      // The agent fetches the hall's configuration every second, so names set on the server reach the screen promptly.
      rig = await startKioskRig({ services: floor.services, configRefreshMs: 1000 });
      // One counter open for every service but one.
      const { admin } = rig.hall;
      await admin.createUser({ username: 'chen', password: ADMIN_PASSWORD, role: 'staff', displayName: '陈' });
      const staff = new HallClient(rig.hall.url, { token: (await new HallClient(rig.hall.url).login('chen', ADMIN_PASSWORD)).token });
      const counter = await admin.createCounter({
        number: 1,
        serviceIds: floor.services.filter((s) => s.code !== NO_COUNTER).map((s) => rig.services[s.code]!.id),
      });
      await staff.signIn(counter.id);
      await admin.createCounter({ number: 2, serviceIds: [rig.services[NO_COUNTER]!.id] });
    }, 240_000);

    afterAll(async () => {
      await page?.context().close();
      await rig?.close();
    }, 60_000);

    /** A fresh page at this size; axe needs its script injected, which the kiosk's CSP would refuse. */
    async function open(size: { width: number; height: number }, query: Record<string, string> = {}) {
      await page?.context().close();
      const context = await rig.browser.newContext({ viewport: size, bypassCSP: true });
      page = await context.newPage();
      await page.goto(rig.pageUrl(query));
      // The agent has pulled the queue with the signed-in counter (the page refreshes its tiles every 10 s).
      await page.getByTestId(`service-${NO_COUNTER}`).getByTestId('no-counter').waitFor({ timeout: 30_000 });
      await page.getByTestId(`service-${floor.services[0]!.code}`).getByTestId('no-counter').waitFor({ state: 'detached', timeout: 30_000 });
    }

    /** What every screen must pass; saves its screenshot. */
    async function check(name: string, care: boolean) {
      await page.evaluate(() => document.fonts.ready);
      await screenshot(page, `kiosk-${name}`);
      expect(await textOverflows(page), name).toEqual([]);
      // The way on (take, finish, back, retry, stay) shows without scrolling.
      const belowFold = await page.locator('.actions button, .idle-warning button').evaluateAll((buttons) => {
        window.scrollTo(0, 0);
        return buttons.filter((b) => b.getBoundingClientRect().bottom > window.innerHeight + 1).map((b) => b.textContent);
      });
      expect(belowFold, name).toEqual([]);
      expect(await seriousAxeViolations(page), name).toEqual([]);
      if (care) expect(await lowContrastTexts(page, 7), name).toEqual([]);
    }

    async function liftCard() {
      const { idReader } = rig.kiosk;
      idReader.removeCard();
      const seen = idReader.commands.length;
      await expect.poll(() => idReader.commands.slice(seen).filter((c) => c === 'findCard').length, { timeout: 10_000 }).toBeGreaterThanOrEqual(2);
    }

    for (const size of SIZES.kiosk) {
      for (const care of [false, true]) {
        const mode = care ? 'care' : 'normal';
        const tag = (screen: string) => `${screen}${floor.name === 'many' ? '-many' : ''}${care ? '-care' : ''}-${size.name}`;

        it(`${size.name}, ${mode}: home, confirmation with card and priority, working, ticket, check-in, refusals`, async () => {
          await open(size);
          if (care) await page.getByTestId('care-toggle').click();

          // Home: the tiles use the screen's width, and in portrait its height too.
          const tiles = (await page.locator('.tiles').boundingBox())!;
          expect(tiles.x + tiles.width).toBeGreaterThan(size.width - 90);
          if (size.height > size.width && floor.name === 'few') expect(tiles.y + tiles.height).toBeGreaterThan(size.height * 0.85);
          for (const s of floor.services) {
            await expect(page.getByTestId(`service-${s.code}`).getByTestId('no-counter').count(), s.code).resolves.toBe(s.code === NO_COUNTER ? 1 : 0);
          }
          await check(tag('home'), care);

          // Confirmation with a card on the reader (a new visitor each run: one person's tickets are limited), the
          // priority choice, and the no-counter hint (said, not blocking).
          await liftCard();
          visitors += 1;
          rig.kiosk.idReader.placeCard({ ...SAMPLE_RESIDENT, idNumber: makeIdNumber('19900307', visitors) });
          await page.getByTestId('card-read').waitFor({ timeout: 15_000 });
          await page.getByTestId(`service-${NO_COUNTER}`).click();
          await page.getByTestId('priority-none').waitFor();
          await expect(page.getByTestId('no-counter').textContent()).resolves.toBe('暂无窗口办理，请咨询服务台');
          await check(tag('confirm'), care);
          await page.getByRole('button', { name: '返回', exact: true }).click();

          // Working (the agent's real answer held back here: nothing real delays it without changing it, a stalled line
          // makes an offline ticket), then the ticket: printed in standard mode, on screen as a QR code in 关怀版.
          rig.kiosk.printer.setPaper(care ? 'out' : 'ok');
          let release!: () => void;
          const held = new Promise<void>((resolve) => (release = resolve));
          await page.route(`${rig.kiosk.agentUrl}/local/tickets`, async (route) => {
            await held;
            await route.continue();
          });
          await page.getByTestId(`service-${NO_COUNTER}`).click();
          await page.getByTestId('take-ticket').click();
          await page.locator('.working').waitFor();
          await check(tag('working'), care);
          release();
          await page.getByTestId('ticket-number').waitFor({ timeout: 15_000 });
          if (care) await page.getByTestId('ticket-qr').waitFor();
          await check(tag('ticket'), care);
          await page.unroute(`${rig.kiosk.agentUrl}/local/tickets`);
          rig.kiosk.printer.setPaper('ok');
          await page.getByTestId('finish').click();

          // Check-in, then its refusal for an unknown code.
          await page.getByTestId('open-check-in').click();
          await page.getByTestId('appointment-code').waitFor();
          await check(tag('check-in'), care);
          await page.getByTestId('appointment-code').pressSequentially('NOPE99');
          await page.keyboard.press('Enter');
          await page.getByTestId('error-text').waitFor({ timeout: 10_000 });
          await check(tag('error'), care);
          await page.getByRole('button', { name: '取普通号' }).click();

          // A hall that issues no tickets for a service nobody serves: the hall server refuses (409 NO_COUNTER_OPEN), the
          // agent passes it on, and the screen says why and what to do.
          await rig.hall.admin.updateSettings({ issueWithoutOpenCounter: false });
          try {
            await page.getByTestId(`service-${NO_COUNTER}`).click();
            await page.getByTestId('take-ticket').click();
            const refusal = page.getByTestId('error-text');
            await refusal.waitFor({ timeout: 10_000 });
            await expect(refusal.getAttribute('data-code')).resolves.toBe('NO_COUNTER_OPEN');
            await expect(refusal.locator('p').allTextContents()).resolves.toEqual([
              '暂无窗口办理该事项，请咨询服务台。',
              '工作人员会为您安排办理；您也可以返回首页，选择其他事项。',
            ]);
            await expect(page.getByTestId('back-home').isVisible()).resolves.toBe(true);
            await check(tag('refusal'), care);
          } finally {
            await rig.hall.admin.updateSettings({ issueWithoutOpenCounter: true });
          }
        }, 180_000);

        it(`${size.name}, ${mode}: the idle warning`, async () => {
          await open(size, { idle: '14' });
          if (care) await page.getByTestId('care-toggle').click();
          await page.getByTestId(`service-${floor.services[0]!.code}`).click();
          await page.getByTestId('idle-warning').waitFor({ timeout: 10_000 });
          await check(tag('idle'), care);
        }, 60_000);
      }
    }

    if (floor.name === 'few') {
      it("en and ja: the hall's translated names for services, categories and the hall, and every screen's words fit", async () => {
        // Named on the hall server as a manager does; the agent brings them with its next configuration fetch.
        const { admin } = rig.hall;
        for (const [code, names] of Object.entries(NAMES)) await admin.updateService(rig.services[code]!.id, { names });
        await admin.updateSettings({ hallNames: HALL_NAMES, categoryNames: CATEGORY_NAMES });
        await open(SIZES.kiosk[0]);

        for (const lang of ['ja', 'en'] as const) {
          await page.getByTestId(`lang-${lang}`).click();
          await expect(page.locator('html').getAttribute('lang')).resolves.toBe(lang);
          const tile = page.getByTestId('service-estate');
          await expect.poll(() => tile.textContent(), { timeout: 20_000 }).toContain(NAMES.estate![lang]);
          await expect.poll(() => tile.textContent(), { timeout: 15_000 }).toContain(CATEGORY_NAMES['不动产']![lang]);
          await expect.poll(() => page.locator('.hall-name').textContent(), { timeout: 15_000 }).toBe(HALL_NAMES[lang]);
          await check(`home-${lang}-1080x1920`, false);
          await page.getByTestId(`service-${NO_COUNTER}`).click();
          await expect(page.getByTestId('confirm-service').textContent()).resolves.toBe(NAMES[NO_COUNTER]![lang]);
          await check(`confirm-${lang}-1080x1920`, false);
          await page.getByTestId('take-ticket').click();
          await page.getByTestId('ticket-number').waitFor({ timeout: 15_000 });
          await expect(page.locator('.ticket-service').textContent()).resolves.toBe(NAMES[NO_COUNTER]![lang]);
          await check(`ticket-${lang}-1080x1920`, false);
          await page.getByTestId('finish').click();
        }
      }, 120_000);
    }
  });
}
