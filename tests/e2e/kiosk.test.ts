// The kiosk in browser mode end to end: Chromium on the built page, the real agent, real ptys with the ID reader and printer emulators, a real hall server.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { SAMPLE_RESIDENT, type CardIdentity } from '../../drivers/index.ts';
import { withCheckDigit } from '../drivers/fixtures.ts';
import { startKioskRig, type KioskRig } from './kiosk-rig.ts';

const zhang = SAMPLE_RESIDENT;
const elderlyWang: CardIdentity = { ...zhang, name: '王老伯', birthDate: '19400512', idNumber: withCheckDigit('32010219400512005') };

let rig: KioskRig;
let page: Page;

beforeAll(async () => {
  rig = await startKioskRig();
}, 240_000);

afterAll(async () => {
  await rig?.close();
}, 60_000);

beforeEach(async () => {
  rig.line.setMode('open');
  rig.kiosk.printer.setPaper('ok');
  await page?.close();
  page = await rig.browser.newPage({ viewport: { width: 1920, height: 1080 } });
  await page.goto(rig.pageUrl());
  await page.getByTestId('service-company').waitFor({ timeout: 20_000 });
});

const heading = () => page.locator('h1');

/** Lifts the card and waits until the reader has polled an empty field, so the next placement counts as new. */
async function liftCard() {
  const { idReader } = rig.kiosk;
  idReader.removeCard();
  const seen = idReader.commands.length;
  await expect.poll(() => idReader.commands.slice(seen).filter((c) => c === 'findCard').length, { timeout: 10_000 }).toBeGreaterThanOrEqual(2);
}

async function placeCard(card: CardIdentity) {
  await liftCard();
  rig.kiosk.idReader.placeCard(card);
  await page.getByTestId('card-read').waitFor({ timeout: 15_000 });
}

/** The printer emulator's next whole ticket after `before` tickets. */
async function printedTicket(before: number) {
  await expect.poll(() => rig.kiosk.printer.tickets.length, { timeout: 15_000 }).toBeGreaterThan(before);
  return rig.kiosk.printer.tickets[before]!;
}

describe('kiosk, browser mode', () => {
  it('swipe a card, pick a service, take the ticket: the printer prints the number the hall server holds', async () => {
    const before = rig.kiosk.printer.tickets.length;
    await placeCard(zhang);
    await expect(page.getByTestId('card-read').textContent()).resolves.toContain('张*三');

    // Keyboard only: Enter on the tile, Space on the confirm button.
    await page.getByTestId('service-company').focus();
    await page.keyboard.press('Enter');
    await expect(page.getByTestId('confirm-service').textContent()).resolves.toBe('企业开办');
    await page.getByTestId('take-ticket').focus();
    const started = Date.now();
    await page.keyboard.press('Space');
    const number = page.getByTestId('ticket-number');
    await number.waitFor({ timeout: 10_000 });
    const onScreenMs = Date.now() - started;
    const shown = (await number.textContent())!;
    expect(shown).toMatch(/^A\d{3}$/);
    expect(onScreenMs).toBeLessThan(4000);

    const ticket = await printedTicket(before);
    expect(ticket.lines.join('\n')).toContain(shown);
    const qr = ticket.qrCodes[0]!;
    const id = new URL(qr).searchParams.get('t') ?? qr.split('/').pop()!;
    await expect.poll(async () => (await rig.hall.admin.ticket(id).catch(() => null))?.number, { timeout: 15_000 }).toBe(shown);
    await expect(heading().textContent()).resolves.toBe('请取走号票');

    await page.getByTestId('finish').click();
    await page.getByTestId('service-company').waitFor();
  });

  it('an elderly card gets priority without asking; the same person is refused after the daily limit, told what to do next', async () => {
    await placeCard(elderlyWang);
    await page.getByTestId('service-social').click();
    await expect(page.locator('.notice').first().textContent()).resolves.toContain('70');
    await page.getByTestId('take-ticket').click();
    await page.getByTestId('ticket-number').waitFor({ timeout: 10_000 });
    await expect(page.locator('.tag').textContent()).resolves.toBe('优先号');
    await page.getByTestId('finish').click();

    // The agent forgets a card after its ticket: the visitor places it again for each ticket.
    for (let round = 0; round < 2; round++) {
      await placeCard(elderlyWang);
      await page.getByTestId('service-social').click();
      await page.getByTestId('take-ticket').click();
      if (round === 0) {
        await page.getByTestId('ticket-number').waitFor({ timeout: 10_000 });
        await page.getByTestId('finish').click();
      }
    }
    const error = page.getByTestId('error-text');
    await error.waitFor({ timeout: 10_000 });
    await expect(error.getAttribute('data-code')).resolves.toBe('PERSON_LIMIT_REACHED');
    await expect(error.textContent()).resolves.toContain('请使用已有号票');
    await page.getByTestId('back-home').click();
    await page.getByTestId('service-social').waitFor();
  });

  it('checks in an appointment typed on the on-screen keyboard, and says what to do with an unknown code', async () => {
    const now = Date.now();
    await rig.hall.admin.createAppointment({
      code: 'YY2026',
      serviceId: rig.services.estate.id,
      windowStart: new Date(now - 10 * 60_000).toISOString(),
      windowEnd: new Date(now + 50 * 60_000).toISOString(),
    });
    const before = rig.kiosk.printer.tickets.length;

    await page.getByTestId('open-check-in').click();
    await expect(heading().textContent()).resolves.toBe('预约签到');
    // A visitor's typo, corrected with the delete key, then the on-screen submit button.
    for (const k of ['Y', 'Y', '2', 'O', '删除', '0', '2', '6']) {
      await page.locator('.keyboard').getByRole('button', { name: k, exact: true }).click();
    }
    await expect(page.getByTestId('appointment-code').inputValue()).resolves.toBe('YY2026');
    await page.getByTestId('submit-check-in').click();
    // A scanner types the code and presses Enter.
    await page.keyboard.press('Enter');
    await page.getByTestId('ticket-number').waitFor({ timeout: 10_000 });
    const shown = (await page.getByTestId('ticket-number').textContent())!;
    expect(shown).toMatch(/^B\d{3}$/);
    await expect(page.locator('.tag').textContent()).resolves.toContain('预约');
    expect((await printedTicket(before)).lines.join('\n')).toContain(shown);

    await page.getByTestId('finish').click();
    await page.getByTestId('open-check-in').click();
    // A scanner types the code and presses Enter.
    await page.getByTestId('appointment-code').pressSequentially('nope99');
    await page.keyboard.press('Enter');
    const error = page.getByTestId('error-text');
    await error.waitFor({ timeout: 10_000 });
    await expect(error.getAttribute('data-code')).resolves.toBe('APPOINTMENT_NOT_FOUND');
    await page.getByRole('button', { name: '重新输入' }).click();
    await expect(page.getByTestId('appointment-code').inputValue()).resolves.toBe('');
  });

  it('out of paper: warns on the home screen, shows the ticket QR code on screen and says staff have been told', async () => {
    rig.kiosk.printer.setPaper('out');
    await page.getByTestId('printer-notice').waitFor({ timeout: 15_000 });
    await page.getByTestId('service-fund').click();
    await page.getByTestId('take-ticket').click();
    const qr = page.getByTestId('ticket-qr');
    await qr.waitFor({ timeout: 10_000 });
    await expect(page.getByTestId('ticket-number').textContent()).resolves.toMatch(/^D\d{3}$/);
    await expect(qr.getByRole('img').getAttribute('aria-label')).resolves.toContain('二维码');
    const box = await qr.locator('svg').boundingBox();
    expect(box!.width).toBeGreaterThanOrEqual(200);
    await expect(qr.textContent()).resolves.toContain('已通知工作人员');
    await expect(qr.textContent()).resolves.toContain('缺纸');
  });

  it('关怀版 enlarges everything and the language switch changes every word; touch targets stay at least 64 px', async () => {
    const tileHeight = async () => (await page.getByTestId('service-company').boundingBox())!.height;
    const normal = await tileHeight();
    expect(normal).toBeGreaterThanOrEqual(64);
    for (const button of await page.locator('button:visible').all()) {
      const box = (await button.boundingBox())!;
      expect(Math.min(box.width, box.height), (await button.textContent()) ?? '').toBeGreaterThanOrEqual(64);
    }

    await page.getByTestId('care-toggle').click();
    await expect(page.getByTestId('care-toggle').getAttribute('aria-pressed')).resolves.toBe('true');
    await expect.poll(tileHeight).toBeGreaterThan(normal * 1.2);

    await page.getByTestId('lang-en').click();
    await expect(heading().textContent()).resolves.toBe('Choose a service');
    await expect(page.locator('html').getAttribute('lang')).resolves.toBe('en');
    await expect(page.getByTestId('open-check-in').textContent()).resolves.toContain('Appointment check-in');
    await page.getByTestId('lang-zh-TW').click();
    await expect(heading().textContent()).resolves.toBe('請選擇辦理事項');
    await page.getByTestId('lang-zh-CN').click();
    await expect(heading().textContent()).resolves.toBe('请选择办理事项');
  });

  it('returns to the start after inactivity, warning first, and the next visitor finds zh-CN and standard text', async () => {
    await page.goto(rig.pageUrl({ idle: '3' }));
    await page.getByTestId('lang-en').click();
    await page.getByTestId('care-toggle').click();
    await page.getByTestId('open-check-in').click();
    await expect(heading().textContent()).resolves.toBe('Appointment check-in');
    await page.getByTestId('idle-warning').waitFor({ timeout: 10_000 });
    await page.getByTestId('service-company').waitFor({ timeout: 10_000 });
    await expect(heading().textContent()).resolves.toBe('请选择办理事项');
    await expect(page.getByTestId('care-toggle').getAttribute('aria-pressed')).resolves.toBe('false');
  });

  it('hall server unreachable: tiles say "last known", the visitor still walks away with a printed ticket that reaches the server later', async () => {
    const before = rig.kiosk.printer.tickets.length;
    rig.line.setMode('refuse');
    await page.getByTestId('offline-notice').waitFor({ timeout: 20_000 });
    await page.locator('.stale').first().waitFor({ timeout: 20_000 });

    await page.getByTestId('service-estate').click();
    const started = Date.now();
    await page.getByTestId('take-ticket').click();
    await page.getByTestId('ticket-number').waitFor({ timeout: 10_000 });
    const onScreenMs = Date.now() - started;
    const shown = (await page.getByTestId('ticket-number').textContent())!;
    expect(shown).toMatch(/^B\d{3,4}$/);
    expect(onScreenMs).toBeLessThan(4000);
    await expect(page.locator('.ticket .notice').textContent()).resolves.toContain('网络暂时中断');
    const ticket = await printedTicket(before);
    expect(ticket.lines.join('\n')).toContain(shown);
    // The ticket screen carries its own offline note; the start screen still warns until the line is back.
    await page.getByTestId('finish').click();
    await page.getByTestId('offline-notice').waitFor();

    rig.line.setMode('open');
    const id = new URL(ticket.qrCodes[0]!).searchParams.get('t') ?? ticket.qrCodes[0]!.split('/').pop()!;
    await expect.poll(async () => (await rig.hall.admin.ticket(id).catch(() => null))?.number, { timeout: 30_000 }).toBe(shown);
    await page.getByTestId('offline-notice').waitFor({ state: 'detached', timeout: 30_000 });
  }, 90_000);
});
