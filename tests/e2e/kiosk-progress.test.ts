// 办件进度查询 end to end: Chromium on the built kiosk page (1080×1920), the real agent with the emulated ID reader, a
// real hall. By card the holder's cases only; by receipt number (the big keypad, or the hand scanner typing the slip's
// QR URL) that case masked; typos and unknown numbers say so. The phone page of a slip shows the same, masked.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { caseReceipt, createCase, moveCase, type CaseView } from '../../client/cases-client.ts';
import { putMatter } from '../../client/matters-client.ts';
import { receiptNumber } from '../../core/cases.ts';
import { SAMPLE_RESIDENT, type CardIdentity } from '../../drivers/index.ts';
import { residentOuyang } from '../drivers/fixtures.ts';
import { startKioskRig, type KioskRig } from './kiosk-rig.ts';
import { screenshot, seriousAxeViolations, SIZES, textOverflows } from './page-checks.ts';

const zhang = SAMPLE_RESIDENT as Extract<CardIdentity, { kind: 'resident' }>;
const ouyang = residentOuyang as Extract<CardIdentity, { kind: 'resident' }>;

let rig: KioskRig;
let page: Page;
let zhangCase: CaseView;
let ouyangCase: CaseView;
const vp = (s: { width: number; height: number }) => ({ width: s.width, height: s.height });

beforeAll(async () => {
  rig = await startKioskRig();
  const admin = rig.hall.admin;
  await putMatter(admin, 'BDC-001', {
    name: '不动产转移登记',
    department: '不动产登记中心',
    category: '不动产',
    serviceId: rig.services.estate.id,
    legalDays: 30,
    promisedDays: 5,
  });
  const integrator = rig.hall.anon.withToken((await admin.createDevice({ name: '一网通办', kind: 'integrator' })).token);
  zhangCase = await createCase(integrator, { matterCode: 'BDC-001', idCardNumber: zhang.idNumber, name: zhang.name }, 'e2e-zhang');
  await moveCase(integrator, zhangCase.id, 'reviewing');
  zhangCase = await moveCase(integrator, zhangCase.id, 'needs_more', '请补交购房合同原件');
  ouyangCase = await createCase(integrator, { matterCode: 'BDC-001', idCardNumber: ouyang.idNumber, name: ouyang.name }, 'e2e-ouyang');
}, 240_000);

afterAll(async () => {
  await rig?.close();
}, 60_000);

beforeEach(async () => {
  await page?.close();
  rig.kiosk.idReader.removeCard();
});

async function openProgress(homeScreenshot?: string) {
  page = await rig.browser.newPage({ viewport: vp(SIZES.kiosk[0]) });
  await page.goto(rig.pageUrl());
  await page.getByTestId('open-progress').waitFor({ timeout: 20_000 });
  if (homeScreenshot) await checkScreen(homeScreenshot);
  await page.getByTestId('open-progress').click();
  await page.locator('main.progress[data-step="ask"]').waitFor();
}

async function placeCard(card: CardIdentity) {
  const { idReader } = rig.kiosk;
  const seen = idReader.commands.length;
  await expect.poll(() => idReader.commands.slice(seen).filter((c) => c === 'findCard').length, { timeout: 10_000 }).toBeGreaterThanOrEqual(2);
  idReader.placeCard(card);
}

async function checkScreen(name?: string) {
  expect(await seriousAxeViolations(page)).toEqual([]);
  expect(await textOverflows(page)).toEqual([]);
  if (name) await screenshot(page, name);
}

async function typeOnKeypad(digits: string) {
  const pad = page.locator('.digit-pad');
  for (const d of digits) await pad.getByRole('button', { name: d, exact: true }).click();
}

describe('办件进度查询 on the kiosk', () => {
  it('by ID card shows the holder’s own cases only, with what is missing and what comes next', async () => {
    await openProgress('kiosk-home-progress-1080x1920');
    await checkScreen('kiosk-progress-ask-1080x1920');
    await placeCard(zhang);
    const found = page.locator('[data-testid="progress-cases"][data-by="card"]');
    await found.waitFor({ timeout: 15_000 });
    const cases = found.getByTestId('case');
    await expect.poll(() => cases.count()).toBe(1);
    const text = (await found.textContent()) ?? '';
    expect(text).toContain(zhangCase.receiptNumber);
    expect(text).not.toContain(ouyangCase.receiptNumber);
    expect(await cases.first().getAttribute('data-status')).toBe('needs_more');
    expect(await found.getByTestId('case-note').textContent()).toBe('请补交购房合同原件');
    expect(text).toContain(`承诺办结 ${zhangCase.dueDate}`);
    expect(text).toContain('需补正材料');
    await checkScreen('kiosk-progress-card-1080x1920');
  });

  it('by receipt number on the keypad shows that case masked; a scanned slip QR works too; typos and unknown numbers say so', async () => {
    await openProgress();
    await typeOnKeypad(ouyangCase.receiptNumber);
    expect(await page.getByTestId('receipt-number').inputValue()).toBe(ouyangCase.receiptNumber);
    await page.getByTestId('receipt-search').click();
    const found = page.locator('[data-testid="progress-cases"][data-by="number"]');
    await found.waitFor({ timeout: 15_000 });
    const text = (await found.textContent()) ?? '';
    expect(text).toContain('申请人 欧**明');
    // No part of the ID number beside the receipt number (whose digits may hold the same four by chance).
    expect(text.replaceAll(ouyangCase.receiptNumber, '')).not.toContain(ouyang.idNumber.slice(-4));
    await checkScreen();

    // The hand scanner is a keyboard: it types the slip's URL and presses Enter.
    await page.getByTestId('progress-again').click();
    const slip = await caseReceipt(rig.hall.admin, zhangCase.id);
    await page.getByTestId('receipt-number').focus();
    await page.keyboard.type(slip.followUrl);
    await page.keyboard.press('Enter');
    await expect
      .poll(async () => (await page.locator('[data-testid="progress-cases"]').textContent()) ?? '', { timeout: 15_000 })
      .toContain(zhangCase.receiptNumber);

    // A wrong digit is caught by the check digit before any lookup.
    await page.getByTestId('progress-again').click();
    const n = ouyangCase.receiptNumber;
    await typeOnKeypad(`${n.slice(0, -2)}${(Number(n.at(-2)) + 1) % 10}${n.at(-1)}`);
    await page.getByTestId('receipt-search').click();
    const error = page.getByTestId('progress-error');
    await error.waitFor({ timeout: 15_000 });
    expect(await error.getAttribute('data-code')).toBe('RECEIPT_NUMBER_INVALID');
    expect(await error.textContent()).toContain('请对照回执重新输入');
    await checkScreen('kiosk-progress-typo-1080x1920');

    await page.getByTestId('progress-again').click();
    await typeOnKeypad(receiptNumber('', '2020-01-01', 42));
    await page.getByTestId('receipt-search').click();
    await expect.poll(() => error.getAttribute('data-code'), { timeout: 15_000 }).toBe('CASE_NOT_FOUND');
  });
});

describe('the phone page of a 受理回执', () => {
  it('shows the case from the slip’s QR, masked; a link without the slip’s tag shows nothing', async () => {
    const slip = await caseReceipt(rig.hall.admin, zhangCase.id);
    page = await rig.browser.newPage({ viewport: vp(SIZES.phone[0]) });
    await page.goto(slip.followUrl);
    const card = page.getByTestId('case');
    await card.waitFor({ timeout: 15_000 });
    const text = (await card.textContent()) ?? '';
    expect(text).toContain(zhangCase.receiptNumber);
    expect(text).toContain('申请人 张*三');
    expect(text.replaceAll(zhangCase.receiptNumber, '')).not.toContain(zhang.idNumber.slice(-4));
    await checkScreen('m-case-390x844');

    await page.goto(`${rig.hall.url}/m/?case=${ouyangCase.receiptNumber}`);
    await page.getByTestId('case-missing').waitFor({ timeout: 15_000 });
  });
});
