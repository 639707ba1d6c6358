// 证明打印 end to end: Chromium on the built kiosk page, the real agent with the emulated ID reader, a real hall, and a
// real private cupsd with a CUPS-PDF queue. The printed PDF is read back (pdftotext, zbarimg) and its QR verified
// against the hall's published keys. Faults, the daily limit, the hall unreachable and the idle timeout too.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { JSONWebKeySet } from 'jose';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { listCertificates } from '../../client/certificates-client.ts';
import { tokenFromText, verifyToken } from '../../core/certificate-token.ts';
import { SAMPLE_RESIDENT, type CardIdentity } from '../../drivers/index.ts';
import { residentOuyang } from '../drivers/fixtures.ts';
import { startCups, type CupsServer } from '../helpers/cups.ts';
import { startKioskRig, type KioskRig } from './kiosk-rig.ts';
import { screenshot, seriousAxeViolations, SIZES, textOverflows } from './page-checks.ts';

const zhang = SAMPLE_RESIDENT as Extract<CardIdentity, { kind: 'resident' }>;
const ouyang = residentOuyang as Extract<CardIdentity, { kind: 'resident' }>;

let cups: CupsServer;
let rig: KioskRig;
let page: Page;
const vp = (s: { width: number; height: number }) => ({ width: s.width, height: s.height });

/** The last 14 months of contributions, so the 12-month period shows 12 rows. */
function months(n: number): { month: string; base: string; pension: string; medical: string; unemployment: string }[] {
  const now = new Date();
  return Array.from({ length: n }, (_, i) => {
    const d = new Date(now.getFullYear(), now.getMonth() - i, 1);
    return {
      month: `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}`,
      base: '8500.00',
      pension: '680.00',
      medical: '170.00',
      unemployment: '42.50',
    };
  });
}

beforeAll(async () => {
  cups = await startCups();
  await cups.addPdfQueue('a4');
  rig = await startKioskRig({
    documentPrinter: { cupsUrl: cups.url, queue: 'a4', pollMs: 50, faultGraceMs: 300 },
    agentOptions: { documentPrinterPollMs: 200 },
  });
  const put = (body: unknown) => rig.hall.admin.request('PUT', '/api/v1/certificate-records', body);
  await put({
    type: 'social-insurance',
    idCardNumber: zhang.idNumber,
    name: zhang.name,
    data: { insuredPlace: '南京市玄武区', employer: '南京某某科技有限公司', firstInsuredOn: '2015-07-01', status: '正常参保' },
    rows: months(14),
  });
  await put({
    type: 'real-estate',
    idCardNumber: zhang.idNumber,
    name: zhang.name,
    data: { queryScope: '南京市' },
    rows: [{ certificateNumber: '苏(2023)南京市不动产权第0099999号', location: '鼓楼区中山路2号', area: '120', use: '住宅', restriction: '无' }],
  });
  // Another person's record: never offered to Zhang.
  await put({
    type: 'housing-fund',
    idCardNumber: ouyang.idNumber,
    name: ouyang.name,
    data: { accountNumber: '1234', employer: '某单位', openedOn: '2018-01-01', balance: 100, status: '正常' },
    rows: [],
  });
}, 240_000);

afterAll(async () => {
  await rig?.close();
  await cups?.stop();
}, 60_000);

beforeEach(async () => {
  rig.line.setMode('open');
  await cups.setReasons('a4', []);
  await page?.close();
});

async function open(size: { width: number; height: number }, query: Record<string, string> = {}) {
  page = await rig.browser.newPage({ viewport: size });
  await page.goto(rig.pageUrl(query));
  await page.getByTestId('open-certificates').waitFor({ timeout: 20_000 });
}

async function placeCard(card: CardIdentity) {
  const { idReader } = rig.kiosk;
  idReader.removeCard();
  const seen = idReader.commands.length;
  await expect.poll(() => idReader.commands.slice(seen).filter((c) => c === 'findCard').length, { timeout: 10_000 }).toBeGreaterThanOrEqual(2);
  idReader.placeCard(card);
}

async function checkScreen(name?: string) {
  expect(await seriousAxeViolations(page)).toEqual([]);
  expect(await textOverflows(page)).toEqual([]);
  if (name) await screenshot(page, name);
}

/** Card → 证明打印 → type (→ period) → preview. */
async function toPreview(type: string, period?: string) {
  await page.getByTestId('open-certificates').click();
  await placeCard(zhang);
  await page.getByTestId(`certificate-type-${type}`).click();
  if (period) await page.getByTestId(`certificate-period-${period}`).click();
  await page.getByTestId('certificate-preview').waitFor({ timeout: 15_000 });
}

describe('证明打印 on the kiosk', () => {
  it('card → type → period → preview → print to CUPS: the PDF holds the holder and the type, its QR verifies with the published keys', async () => {
    await open(vp(SIZES.kiosk[0]));
    await checkScreen('kiosk-home-certificates-1080x1920');
    await page.getByTestId('open-certificates').click();
    await page.locator('main[data-step="card"]').waitFor();
    await checkScreen();
    await placeCard(zhang);
    await page.getByTestId('certificate-type-social-insurance').waitFor({ timeout: 15_000 });
    // Only the holder's own records: not Ouyang's housing fund.
    expect(await page.locator('[data-testid^="certificate-type-"]').evaluateAll((els) => els.map((e) => e.getAttribute('data-testid')))).toEqual([
      'certificate-type-social-insurance',
      'certificate-type-real-estate',
    ]);
    expect(await page.getByTestId('certificate-holder').textContent()).toContain('张*三');
    await checkScreen('kiosk-certificates-types-1080x1920');
    await page.getByTestId('certificate-type-social-insurance').click();
    await page.getByTestId('certificate-period-last12').click();
    const preview = page.getByTestId('certificate-preview');
    await preview.waitFor();
    expect(await preview.textContent()).toContain('社会保险参保缴费证明');
    expect(await preview.locator('tbody tr').count()).toBe(12);
    await checkScreen('kiosk-certificates-preview-1080x1920');

    const before = cups.outputs();
    await page.getByTestId('certificate-print').click();
    await page.getByTestId('certificate-printed').waitFor({ timeout: 30_000 });
    await checkScreen();
    const pdf = await cups.waitForOutput(before);
    const text = execFileSync('pdftotext', [pdf, '-']).toString();
    expect(text).toContain(zhang.name);
    expect(text).toContain('社会保险参保缴费证明');

    // The QR as a phone would read it from the paper.
    const dir = mkdtempSync(join(tmpdir(), 'cert-qr-'));
    try {
      execFileSync('pdftoppm', ['-png', '-r', '200', '-f', '1', '-l', '1', pdf, join(dir, 'page')]);
      const png = join(dir, execFileSync('ls', [dir]).toString().trim().split('\n')[0]!);
      const qr = execFileSync('zbarimg', ['--raw', '-q', png]).toString().trim();
      const token = tokenFromText(qr)!;
      const keys = (await (await fetch(`${rig.hall.url}/.well-known/hall-keys.json`)).json()) as JSONWebKeySet;
      const check = await verifyToken(token, keys);
      expect(check).toMatchObject({ ok: true, claims: { type: 'social-insurance', holder: '张*三' } });
      const [h, p, s] = token.split('.');
      const tampered = `${h}.${Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(p!, 'base64url').toString()), holder: '李*四' })).toString('base64url')}.${s}`;
      expect(await verifyToken(tampered, keys)).toMatchObject({ ok: false, reason: 'bad_signature' });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    const listed = await listCertificates(rig.hall.admin);
    expect(listed.items[0]).toMatchObject({ type: 'social-insurance', holder: '张*三' });
    await expect.poll(async () => (await listCertificates(rig.hall.admin)).items[0]?.outcome).toBe('completed');
    // 完成: the card's identity leaves the agent at once.
    await page.getByTestId('certificate-done').click();
    await page.locator('main.home').waitFor();
    await expect
      .poll(() =>
        rig.kiosk.agent.certificateOffers().then(
          () => 'held',
          (e: { code?: string }) => e.code,
        ),
      )
      .toBe('NO_CARD');
  });

  it('wide screen and 关怀版: the preview beside its buttons, nothing cut', async () => {
    await open(vp(SIZES.kiosk[1]));
    await toPreview('real-estate');
    await checkScreen();
    await page.getByTestId('care-toggle').click();
    await checkScreen('kiosk-certificates-preview-care-1920x1080');
    await page.setViewportSize(vp(SIZES.kiosk[0]));
    await checkScreen();
    await page.getByTestId('lang-en').click();
    await checkScreen();
    await page.getByTestId('lang-ja').click();
    await page.setViewportSize(vp(SIZES.kiosk[1]));
    await checkScreen();
  });

  it('paper out: says what to do next, raises the alert; refilled, 重新打印 prints the same certificate', async () => {
    await open(vp(SIZES.kiosk[0]));
    await toPreview('real-estate');
    await cups.setReasons('a4', ['media-empty-error']);
    await page.getByTestId('certificate-print').click();
    const error = page.getByTestId('certificate-error');
    await error.waitFor({ timeout: 15_000 });
    expect(await error.getAttribute('data-code')).toBe('PRINTER_PAPER_OUT');
    expect(await error.textContent()).toContain('缺纸');
    await checkScreen('kiosk-certificates-paper-out-1080x1920');
    await expect
      .poll(async () => (await rig.hall.admin.alerts({ active: true })).items.map((a) => a.kind), { timeout: 10_000 })
      .toContain('document_printer_paper_out');
    const before = cups.outputs();
    await cups.setReasons('a4', []);
    await page.getByTestId('certificate-retry').click();
    await page.getByTestId('certificate-printed').waitFor({ timeout: 30_000 });
    expect(execFileSync('pdftotext', [await cups.waitForOutput(before), '-']).toString()).toContain('不动产登记信息查询结果');
  });

  it('a stopped queue says so too', async () => {
    await open(vp(SIZES.kiosk[0]));
    await toPreview('real-estate');
    await cups.disable('a4');
    try {
      await page.getByTestId('certificate-print').click();
      await page.getByTestId('certificate-error').waitFor({ timeout: 15_000 });
      expect(await page.getByTestId('certificate-error').getAttribute('data-code')).toBe('PRINTER_STOPPED');
    } finally {
      await cups.enable('a4');
    }
  });

  it('the daily limit: the next print of that certificate is refused with what to do', async () => {
    const types = await rig.hall.admin.request<{ code: string }[]>('GET', '/api/v1/certificate-types');
    const estate = types.find((t) => t.code === 'real-estate')!;
    const printedToday = (await listCertificates(rig.hall.admin, { type: 'real-estate' })).items.filter((c) => c.outcome !== 'aborted').length;
    await rig.hall.admin.request('PUT', '/api/v1/certificate-types/real-estate', { ...estate, code: undefined, dailyLimit: printedToday });
    await open(vp(SIZES.kiosk[0]));
    await toPreview('real-estate');
    await page.getByTestId('certificate-print').click();
    const error = page.getByTestId('certificate-error');
    await error.waitFor({ timeout: 15_000 });
    expect(await error.getAttribute('data-code')).toBe('DAILY_LIMIT_REACHED');
    await checkScreen();
  });

  it('the idle timeout clears the preview and the card: the next visitor starts from placing theirs', async () => {
    await open(vp(SIZES.kiosk[0]), { idle: '12' });
    await toPreview('real-estate');
    await page.getByTestId('idle-warning').waitFor({ timeout: 20_000 });
    await page.locator('main.home').waitFor({ timeout: 20_000 });
    // The agent has let go of the identity too: nothing can be printed with it now.
    await expect
      .poll(() =>
        rig.kiosk.agent.certificateOffers().then(
          () => 'held',
          (e: { code?: string }) => e.code,
        ),
      )
      .toBe('NO_CARD');
    await page.getByTestId('open-certificates').click();
    await page.locator('main[data-step="card"]').waitFor();
    await page.waitForTimeout(500);
    expect(await page.locator('main[data-step="card"]').count()).toBe(1);
    expect(await page.getByTestId('certificate-preview').count()).toBe(0);
  });

  it('the hall unreachable: certificates need the hall, the kiosk offers a ticket instead', async () => {
    await open(vp(SIZES.kiosk[0]));
    await page.getByTestId('open-certificates').click();
    rig.line.setMode('refuse');
    await placeCard(zhang);
    const error = page.getByTestId('certificate-error');
    await error.waitFor({ timeout: 20_000 });
    expect(await error.getAttribute('data-code')).toBe('HALL_UNREACHABLE');
    await checkScreen('kiosk-certificates-hall-unreachable-1080x1920');
    await page.getByTestId('certificate-ticket').click();
    await page.getByTestId('service-company').waitFor();
  });
});
