// 证明打印 in Chromium against a real hall: the manager's Certificates tab (list, counts per type and day, revoke with a
// reason) and the verification page a certificate's QR code opens, on a phone (390×844), in zh-CN and en.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { HallClient } from '../../client/hall-client.ts';
import { certificateOutcome, certificateVerification, issueCertificate } from '../../client/certificates-client.ts';
import { seedCertificateRecords } from '../../scripts/demo-certificates.ts';
import { DEMO_CARDS } from '../../scripts/demo-devices.ts';
import { ADMIN_PASSWORD, launchChromium, startE2EHall, type E2EHall } from './counter-harness.ts';
import { screenshot, seriousAxeViolations, SIZES, textOverflows } from './page-checks.ts';

let hall: E2EHall;
let browser: Browser;
let manager: Page;
let kiosk: HallClient;
const printed: { id: string; url: string }[] = [];

const CONSOLE = SIZES.console[0];
const PHONE = SIZES.phone[0];
const zhang = DEMO_CARDS.zhang!.identity as { idNumber: string; name: string };
const wang = DEMO_CARDS.wang!.identity as { idNumber: string; name: string };

/** The verification URL of a printed certificate: the PDF's Subject carries the URL its QR code holds. */
async function print(who: { idNumber: string; name: string }, type: string, key: string) {
  const c = await issueCertificate(kiosk, { type, idCardNumber: who.idNumber, name: who.name }, key);
  await certificateOutcome(kiosk, c.id, 'completed');
  const { PDFDocument } = await import('pdf-lib');
  const url = (await PDFDocument.load(c.pdf)).getSubject()!;
  printed.push({ id: c.id, url });
  return { id: c.id, url };
}

beforeAll(async () => {
  hall = await startE2EHall({ hallName: '南京市玄武区政务服务中心' });
  await seedCertificateRecords(hall.admin, DEMO_CARDS);
  kiosk = new HallClient(hall.url, { token: (await hall.admin.createDevice({ name: '1号自助终端', kind: 'kiosk' })).token });
  await print(zhang, 'social-insurance', 'e2e-1');
  await print(zhang, 'housing-fund', 'e2e-2');
  await print(wang, 'real-estate', 'e2e-3');
  browser = await launchChromium();
  const context = await browser.newContext({ viewport: { width: CONSOLE.width, height: CONSOLE.height }, bypassCSP: true });
  manager = await context.newPage();
  manager.setDefaultTimeout(8_000);
  await manager.goto(`${hall.url}/manager/`);
  await manager.fill('input[name=username]', 'admin');
  await manager.fill('input[name=password]', ADMIN_PASSWORD);
  await manager.click('button[type=submit]');
  await manager.waitForSelector('[data-link=live]');
  await manager.click('[data-tab=certificates]');
  await manager.waitForSelector('[data-testid=certificate-list]');
}, 240_000);

afterAll(async () => {
  await browser?.close();
  await hall?.close();
});

it('lists the printed certificates masked, with counts per type and day, and filters by type', async () => {
  const rows = await manager.$$eval('[data-testid=certificate-list] tbody tr', (trs) => trs.map((tr) => tr.textContent ?? ''));
  expect(rows).toHaveLength(3);
  expect(rows.join('')).toContain('张*三');
  expect(rows.join('')).not.toContain(zhang.idNumber);
  expect(rows.join('')).not.toContain('张小三');
  const counts = await manager.$$eval('[data-testid=certificate-counts] tbody td', (tds) => tds.map((td) => td.textContent));
  expect(counts.filter((c) => c === '1')).toHaveLength(3);
  expect(await seriousAxeViolations(manager)).toEqual([]);
  expect(await textOverflows(manager, 'main')).toEqual([]);
  await screenshot(manager, `manager-certificates-${CONSOLE.name}`);
  // The English words are longer: still nothing cut or spilling.
  await manager.selectOption('select.lang', 'en');
  await manager.waitForSelector('th:has-text("Holder")');
  expect(await textOverflows(manager, 'main')).toEqual([]);
  await manager.selectOption('select.lang', 'zh-CN');

  await manager.selectOption('select[name=type]', 'real-estate');
  await manager.click('[data-testid=certificate-filters] button[type=submit]');
  await manager.waitForFunction(() => document.querySelectorAll('[data-testid=certificate-list] tbody tr').length === 1);
  expect(await manager.textContent('[data-testid=certificate-list] tbody')).toContain('不动产登记信息查询结果');
  await manager.selectOption('select[name=type]', '');
  await manager.click('[data-testid=certificate-filters] button[type=submit]');
  await manager.waitForFunction(() => document.querySelectorAll('[data-testid=certificate-list] tbody tr').length === 3);
  // A print at a kiosk shows up without asking again.
  await print(wang, 'social-insurance', 'e2e-4');
  await manager.waitForFunction(() => document.querySelectorAll('[data-testid=certificate-list] tbody tr').length === 4);
});

it('a phone opening the QR code sees valid; after the manager revokes with a reason, revoked', async () => {
  const target = printed[0]!;
  // A phone in China asks for zh-CN; the page follows Accept-Language, ?lang= overrides it.
  const context = await browser.newContext({ viewport: { width: PHONE.width, height: PHONE.height }, locale: 'zh-CN', bypassCSP: true });
  const phone = await context.newPage();
  await phone.goto(target.url);
  expect(await phone.getAttribute('[data-verdict]', 'data-verdict')).toBe('valid');
  expect(await phone.textContent('[data-verdict] strong')).toBe('有效');
  expect(await phone.textContent('dl')).toContain('张*三');
  // The number the paper carries, to compare with it.
  const listed = (await hall.admin.request<{ items: { id: string; number: string }[] }>('GET', '/api/v1/certificates')).items.find((c) => c.id === target.id)!;
  expect(await phone.textContent('dl')).toContain(listed.number);
  expect(await seriousAxeViolations(phone)).toEqual([]);
  expect(await textOverflows(phone)).toEqual([]);
  await screenshot(phone, `v-valid-${PHONE.name}`);

  const row = `[data-testid=certificate-list] tr[data-id="${target.id}"]`;
  await manager.click(`${row} button:has-text("撤销")`);
  await manager.click(`${row} button:has-text("确认撤销")`);
  expect(await manager.textContent('[data-status=error]')).toContain('撤销原因');
  await manager.fill(`${row} input`, '参保单位信息有误，已重新出具');
  await manager.click(`${row} button:has-text("确认撤销")`);
  await manager.waitForSelector(`${row}[data-status=revoked]`);
  expect(await manager.textContent(`${row} .cert-status`)).toContain('已撤销');
  expect((await certificateVerification(hall.admin, target.id)).status).toBe('revoked');

  await phone.reload();
  expect(await phone.getAttribute('[data-verdict]', 'data-verdict')).toBe('revoked');
  expect(await textOverflows(phone)).toEqual([]);
  await screenshot(phone, `v-revoked-${PHONE.name}`);
  await phone.goto(`${target.url}?lang=en`);
  expect(await phone.textContent('[data-verdict] strong')).toBe('Revoked');
  expect(await phone.getAttribute('html', 'lang')).toBe('en');
  expect(await seriousAxeViolations(phone)).toEqual([]);
  expect(await textOverflows(phone)).toEqual([]);
  await screenshot(phone, `v-revoked-en-${PHONE.name}`);
  await context.close();
});
