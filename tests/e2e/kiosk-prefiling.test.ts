// 自助申报 end to end: Chromium on the built kiosk page, the real agent with the emulated ID reader and thermal printer, a
// real hall with the demo's matters. A pre-fileable matter's form prefilled from the card, filled, signed with mouse
// strokes, sent for a ticket; a window calls that ticket and reads the draft with the signature. Axe and overflow checked.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { SAMPLE_RESIDENT, type CardIdentity } from '../../drivers/index.ts';
import { seedDemoMatters } from '../../scripts/demo-matters.ts';
import { startKioskRig, type KioskRig } from './kiosk-rig.ts';
import { screenshot, seriousAxeViolations, SIZES, textOverflows } from './page-checks.ts';

const zhang = SAMPLE_RESIDENT as Extract<CardIdentity, { kind: 'resident' }>;
const MATTER = '320100-SCJG-003';
let rig: KioskRig;
let page: Page;

beforeAll(async () => {
  rig = await startKioskRig({
    services: [
      { code: 'company', name: '企业开办', prefix: 'A', category: '企业服务' },
      { code: 'estate', name: '不动产登记', prefix: 'B', category: '不动产' },
      { code: 'social', name: '社保医保', prefix: 'C', category: '社会保障' },
      { code: 'fund', name: '公积金', prefix: 'D', category: '社会保障' },
      { code: 'exit-entry', name: '出入境', prefix: 'E', category: '公安服务' },
    ],
  });
  await rig.hall.admin.patchSettings({ issueWithoutOpenCounter: true });
  await seedDemoMatters(rig.hall.admin);
}, 240_000);

afterAll(async () => {
  await page?.close();
  await rig?.close();
}, 60_000);

async function check(name: string) {
  expect(await seriousAxeViolations(page)).toEqual([]);
  expect(await textOverflows(page)).toEqual([]);
  await screenshot(page, name);
}

async function openForm(size: { width: number; height: number }) {
  page = await rig.browser.newPage({ viewport: size });
  await page.goto(rig.pageUrl());
  await page.getByTestId('open-guide').click();
  await page.getByTestId(`matter-${MATTER}`).click();
  await page.getByTestId('matter-prefile').click();
  await page.locator('.prefiling[data-step="card"]').waitFor();
  const { idReader } = rig.kiosk;
  idReader.removeCard();
  const seen = idReader.commands.length;
  await expect.poll(() => idReader.commands.slice(seen).filter((c) => c === 'findCard').length, { timeout: 10_000 }).toBeGreaterThanOrEqual(2);
  idReader.placeCard(zhang);
  await page.getByTestId('prefile-form').waitFor({ timeout: 15_000 });
}

it('portrait 1080×1920: the card prefills the form, a field error is shown beside it, signed and sent, the window reads the draft', async () => {
  const size = SIZES.kiosk[0]!;
  await openForm(size);
  expect(await page.getByTestId('prefile-card').innerText()).toContain(`${zhang.idNumber.slice(0, 4)}**********${zhang.idNumber.slice(-4)}`);
  expect(await page.getByTestId('prefile-name').inputValue()).toBe(zhang.name);
  await page.getByTestId('prefile-phone').fill('12');
  await page.getByTestId('prefile-shopName').fill('玄武区张记面馆');
  await page.getByTestId('prefile-premises').fill('玄武区珠江路1号');
  await page.getByTestId('prefile-submit').click();
  await page.getByTestId('prefile-phone-error').waitFor({ timeout: 15_000 });
  await page.getByTestId('prefile-phone').fill('13800138000');

  await page.getByTestId('commitment-accept').check();
  const pad = (await page.getByTestId('signature-pad').boundingBox())!;
  await page.mouse.move(pad.x + 30, pad.y + pad.height / 2);
  await page.mouse.down();
  for (let i = 1; i <= 20; i++) await page.mouse.move(pad.x + 30 + i * 20, pad.y + pad.height / 2 + (i % 2 ? 30 : -30));
  await page.mouse.up();
  await check(`kiosk-prefiling-form-${size.name}`);

  const printed = rig.kiosk.printer.tickets.length;
  await page.getByTestId('prefile-submit').click();
  await page.getByTestId('prefile-done').waitFor({ timeout: 15_000 });
  const number = (await page.getByTestId('prefile-number').innerText()).trim();
  await expect.poll(() => rig.kiosk.printer.tickets.length).toBe(printed + 1);
  expect(rig.kiosk.printer.tickets.at(-1)!.lines.join('\n')).toContain(number);
  await check(`kiosk-prefiling-done-${size.name}`);

  const [ticket] = await rig.hall.admin.request<{ id: string; serviceId: string }[]>('GET', `/api/v1/tickets?day=today&number=${encodeURIComponent(number)}`);
  const counter = await rig.hall.admin.createCounter({ number: 9, serviceIds: [ticket!.serviceId] });
  await rig.hall.admin.request('POST', `/api/v1/counters/${counter.id}/call`, { ticketId: ticket!.id });
  const { draft } = await rig.hall.admin.request<{
    draft: {
      matterCode: string;
      applicant: { idNumber: string };
      fields: { key: string; value: string }[];
      commitment: { accepted: boolean; signaturePng: string | null };
    };
  }>('GET', `/api/v1/prefilings?ticketId=${ticket!.id}`);
  expect(draft.matterCode).toBe(MATTER);
  expect(draft.applicant.idNumber).not.toBe(zhang.idNumber);
  expect(Object.fromEntries(draft.fields.map((f) => [f.key, f.value]))).toMatchObject({
    name: zhang.name,
    phone: '13800138000',
    shopName: '玄武区张记面馆',
    premises: '玄武区珠江路1号',
  });
  expect(draft.commitment.accepted).toBe(true);
  expect(draft.commitment.signaturePng).toMatch(/^data:image\/png;base64,/);
  expect(Buffer.from(draft.commitment.signaturePng!.split(',')[1]!, 'base64').length).toBeLessThanOrEqual(200_000);
  await page.getByTestId('prefile-finish').click();
  await page.close();
});

it('landscape 1920×1080 in 关怀版: the form fits, and the hall unreachable offers a normal ticket', async () => {
  const size = SIZES.kiosk[1]!;
  await openForm(size);
  await page.getByTestId('care-toggle').click();
  await check(`kiosk-prefiling-form-care-${size.name}`);
  rig.line.setMode('refuse');
  await page.getByTestId('prefile-phone').fill('13800138000');
  await page.getByTestId('prefile-shopName').fill('玄武区张记面馆');
  await page.getByTestId('prefile-premises').fill('玄武区珠江路1号');
  await page.getByTestId('prefile-submit').click();
  await page.locator('[data-testid="prefile-error"][data-code="HALL_UNREACHABLE"]').waitFor({ timeout: 20_000 });
  await page.getByTestId('prefile-ticket-instead').waitFor();
  rig.line.setMode('open');
});
