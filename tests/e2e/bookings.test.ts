// Online booking end to end in Debian Chromium: a visitor books on the phone page (service → day → slot → form → code
// and QR), the QR is read back with zbarimg and "scanned" into the kiosk (a hand scanner types it and presses Enter);
// another booking is checked in with the ID card on the emulated reader; the manager's 预约 tab shows the day.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appointmentRules, book, bookingByCode, putAppointmentRules } from '../../client/bookings-client.ts';
import { SAMPLE_RESIDENT } from '../../drivers/index.ts';
import { makeIdNumber } from '../helpers/id-numbers.ts';
import { startKioskRig, type KioskRig } from './kiosk-rig.ts';
import { screenshot, seriousAxeViolations, textOverflows } from './page-checks.ts';

let rig: KioskRig;
const tmp = mkdtempSync(join(tmpdir(), 'bookings-e2e-'));
// Every day, all day: the next slot starts within 30 minutes, so it can be checked in at once (from 60 min before).
const ALL_DAY = [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ weekday, start: '00:00', end: '24:00' }));
const RULES = { slotMinutes: 30, capacityPerSlot: 5, daysAhead: 5, open: ALL_DAY, closeBeforeMinutes: 0, cancelBeforeMinutes: 0 };

beforeAll(async () => {
  rig = await startKioskRig();
  // The tests book the next slot and check it in today: near the hall's midnight that slot would be tomorrow's.
  const hour = Number(new Intl.DateTimeFormat('en-GB', { timeZone: 'Asia/Shanghai', hour: '2-digit', hourCycle: 'h23' }).format(new Date()));
  if (hour >= 22) await rig.hall.admin.patchSettings({ timeZone: 'Europe/London' });
  await putAppointmentRules(rig.hall.admin, rig.services.estate.id, RULES);
  await putAppointmentRules(rig.hall.admin, rig.services.company.id, RULES);
}, 240_000);

afterAll(async () => {
  await rig?.close();
  rmSync(tmp, { recursive: true, force: true });
}, 60_000);

async function kioskPage(): Promise<Page> {
  const page = await rig.browser.newPage({ viewport: { width: 1080, height: 1920 } });
  await page.goto(rig.pageUrl());
  await page.getByTestId('service-company').waitFor({ timeout: 20_000 });
  return page;
}

/** The first slot still open for booking on the hall's clock (the page offers the same one first). */
async function nextSlot(serviceId: string): Promise<string> {
  const services = await rig.hall.anon.request<{ id: string; days: string[] }[]>('GET', '/api/v1/appointment-services');
  const day = services.find((s) => s.id === serviceId)!.days[0]!;
  const slots = await rig.hall.anon.request<{ start: string; bookable: boolean; remaining: number }[]>(
    'GET',
    `/api/v1/appointment-slots?serviceId=${serviceId}&date=${day}`,
  );
  return slots.find((s) => s.bookable && s.remaining > 0)!.start;
}

describe('booking on the phone, check-in at the kiosk', () => {
  it('books on the phone page in four languages, axe clean; the QR code, scanned at the kiosk, checks the booking in', async () => {
    const phone = await rig.browser.newPage({ viewport: { width: 390, height: 844 } });
    await phone.goto(`${rig.hall.url}/m/?book`);
    await phone.getByTestId('bk-start').waitFor({ timeout: 15_000 });
    expect(await seriousAxeViolations(phone)).toEqual([]);
    await phone.getByTestId('bk-start').click();
    await phone.getByRole('button', { name: '不动产登记' }).click();
    await phone.locator('.bk-choices button').first().click();
    const first = await nextSlot(rig.services.estate.id);
    await phone.locator('.bk-slots button:not([disabled])').first().click();
    await phone.getByTestId('bk-held').waitFor();
    await screenshot(phone, 'm-booking-form-390x844');
    expect(await seriousAxeViolations(phone)).toEqual([]);

    // A wrong check digit is caught on the phone, said next to the field.
    await phone.getByLabel('姓名').fill('李小明');
    const id = makeIdNumber('1988-08-08', 42);
    await phone.getByLabel('身份证号码').fill(id.slice(0, 17) + (id.endsWith('1') ? '2' : '1'));
    await phone.getByLabel('手机号码').fill('13912345678');
    await phone.getByTestId('bk-submit').click();
    await expect(phone.getByLabel('身份证号码').getAttribute('aria-invalid')).resolves.toBe('true');
    await expect(phone.locator('.bk-problem').textContent()).resolves.toContain('身份证号码不正确');
    await phone.getByLabel('身份证号码').fill(id);
    await phone.getByTestId('bk-submit').click();
    const code = (await phone.getByTestId('bk-code').textContent({ timeout: 10_000 }))!;
    expect(code).toMatch(/^[A-HJ-NP-Z2-9]{8}$/);
    const booked = await bookingByCode(rig.hall.anon, code);
    expect(booked).toMatchObject({ status: 'booked', maskedName: '李*明', phoneMasked: '139****5678' });
    expect(Date.parse(booked.slotStart)).toBe(Date.parse(first));
    await screenshot(phone, 'm-booking-code-390x844');
    expect(await seriousAxeViolations(phone)).toEqual([]);
    expect(await textOverflows(phone)).toEqual([]);
    const headings: Record<string, string> = { 'zh-TW': '預約碼', en: 'Booking code', ja: '予約番号' };
    for (const lang of ['zh-TW', 'en', 'ja']) {
      await phone.evaluate((l) => localStorage.setItem('hall.lang', l), lang);
      await phone.goto(`${rig.hall.url}/m/?b=${code}`);
      await phone.getByTestId('bk-code').waitFor();
      await expect(phone.locator('h1').textContent()).resolves.toBe(headings[lang]);
      expect(await seriousAxeViolations(phone), lang).toEqual([]);
      expect(await textOverflows(phone), lang).toEqual([]);
    }

    // The QR code as a hand scanner sees it: zbarimg reads the code back from the page's pixels.
    const png = join(tmp, 'booking-qr.png');
    writeFileSync(png, await phone.locator('svg.qr').screenshot());
    const read = spawnSync('zbarimg', ['--raw', '-q', png], { encoding: 'utf8' });
    expect(read.stdout.trim()).toBe(code);

    const kiosk = await kioskPage();
    const before = rig.kiosk.printer.tickets.length;
    await kiosk.getByTestId('open-check-in').click();
    // A keyboard-wedge scanner types what it read and presses Enter.
    await kiosk.getByTestId('appointment-code').pressSequentially(read.stdout.trim(), { delay: 5 });
    await kiosk.keyboard.press('Enter');
    await kiosk.getByTestId('ticket-number').waitFor({ timeout: 10_000 });
    const number = (await kiosk.getByTestId('ticket-number').textContent())!;
    expect(number).toMatch(/^B\d{3}$/);
    await expect(kiosk.locator('.tag').textContent()).resolves.toContain('预约');
    await expect.poll(() => rig.kiosk.printer.tickets.length, { timeout: 15_000 }).toBeGreaterThan(before);
    expect((await bookingByCode(rig.hall.anon, code)).status).toBe('checked_in');
    await phone.close();
    await kiosk.close();
  });

  it('checks a booking in with the ID card it was made with', async () => {
    const slotStart = await nextSlot(rig.services.company.id);
    const b = await book(rig.hall.anon, {
      serviceId: rig.services.company.id,
      slotStart,
      name: SAMPLE_RESIDENT.name,
      idCardNumber: SAMPLE_RESIDENT.idNumber,
      phone: '13800138000',
    });
    const kiosk = await kioskPage();
    rig.kiosk.idReader.placeCard(SAMPLE_RESIDENT);
    await kiosk.getByTestId('card-read').waitFor({ timeout: 15_000 });
    await kiosk.getByTestId('open-check-in').click();
    await kiosk.getByTestId('check-in-card').click();
    await kiosk.getByTestId('ticket-number').waitFor({ timeout: 10_000 });
    await expect(kiosk.getByTestId('ticket-number').textContent()).resolves.toMatch(/^A\d{3}$/);
    await expect(kiosk.locator('.tag').textContent()).resolves.toContain('预约');
    expect((await bookingByCode(rig.hall.anon, b.code)).status).toBe('checked_in');
    rig.kiosk.idReader.removeCard();
    await kiosk.close();
  });

  it('a booking QR scanned on the kiosk’s home screen goes straight to check-in; a person typing slowly does not', async () => {
    const slotStart = await nextSlot(rig.services.estate.id);
    const b = await book(rig.hall.anon, {
      serviceId: rig.services.estate.id,
      slotStart,
      name: '王五',
      idCardNumber: makeIdNumber('1979-09-09', 9),
      phone: '13700001111',
    });
    const kiosk = await kioskPage();
    // Slow keys on the home screen are not a scan.
    await kiosk.keyboard.type(b.code, { delay: 200 });
    await kiosk.keyboard.press('Enter');
    await expect(kiosk.getByTestId('service-company').isVisible()).resolves.toBe(true);
    expect((await bookingByCode(rig.hall.anon, b.code)).status).toBe('booked');
    // A scanner's burst: every key within milliseconds (sent in the page, as CDP round trips on a loaded machine are slower).
    await kiosk.evaluate((code) => {
      for (const key of [...code, 'Enter']) document.body.dispatchEvent(new KeyboardEvent('keydown', { key, bubbles: true }));
    }, b.code);
    await kiosk.getByTestId('ticket-number').waitFor({ timeout: 10_000 });
    await expect(kiosk.locator('.tag').textContent()).resolves.toContain('预约');
    expect((await bookingByCode(rig.hall.anon, b.code)).status).toBe('checked_in');
    await kiosk.close();
  });

  it('the manager’s 预约 tab shows the day’s slots and bookings, masked', async () => {
    await book(rig.hall.anon, {
      serviceId: rig.services.estate.id,
      slotStart: await nextSlot(rig.services.estate.id),
      name: '孙小明',
      idCardNumber: makeIdNumber('1977-07-07', 77),
      phone: '13912345678',
    });
    const page = await rig.browser.newPage({ viewport: { width: 1280, height: 800 } });
    await page.goto(`${rig.hall.url}/manager/`);
    await page.getByLabel('用户名').fill('admin');
    await page.getByLabel('密码').fill('test-admin-password');
    await page.getByRole('button', { name: '登录' }).click();
    await page.locator('[data-tab="bookings"]').click();
    await page.getByLabel('事项').selectOption(rig.services.estate.id);
    const list = page.getByTestId('booking-list');
    await list.waitFor({ timeout: 10_000 });
    // The list first shows the service chosen on opening; the chosen one's bookings follow.
    await expect.poll(() => list.textContent(), { timeout: 10_000 }).toContain('孙*明');
    await expect(list.textContent()).resolves.toContain('139****5678');
    await expect(list.textContent()).resolves.not.toContain('13912345678');
    await page.getByTestId('booking-slots').waitFor();
    expect(await seriousAxeViolations(page)).toEqual([]);
    await screenshot(page, 'manager-bookings-1280x800');

    // A CSV from another system: a bad line is named and nothing stored; then a good file.
    const services = await rig.hall.anon.request<{ id: string; days: string[] }[]>('GET', '/api/v1/appointment-services');
    const later = services.find((x) => x.id === rig.services.estate.id)!.days.at(-1)!;
    const file = (text: string) => ({ name: 'bookings.csv', mimeType: 'text/csv', buffer: Buffer.from(text) });
    const good = `estate,${later} 10:00,赵六,${makeIdNumber('1966-06-06', 66)},13600001111`;
    const importForm = page.getByTestId('booking-import');
    await importForm.locator('input[type=file]').setInputFiles(file(`${good}\nestate,${later} 10:00,钱七,123,13600001111\n`));
    await importForm.getByRole('button', { name: '导入' }).click();
    await expect.poll(() => page.locator('[data-status=error]').textContent()).toContain('line 2');
    await importForm.locator('input[type=file]').setInputFiles(file(good));
    await importForm.getByRole('button', { name: '导入' }).click();
    await expect.poll(() => page.locator('[data-status=ok]').textContent()).toContain('已导入 1 个预约');

    // Closing that day cancels its booking after a confirmation, with the reason the visitors are told.
    await page.getByLabel('日期').fill(later);
    await expect.poll(() => page.getByTestId('booking-list').textContent()).toContain('赵*');
    page.once('dialog', (d) => void d.accept());
    await page.getByLabel('停止原因（会通知预约人）').fill('系统升级');
    await page.getByTestId('close-day').click();
    await expect.poll(() => page.locator('[data-status=ok]').textContent()).toContain('取消了 1 个预约');
    await expect.poll(() => page.getByTestId('booking-list').locator('tr[data-status=cancelled]').count()).toBe(1);
    await page.close();
  });

  it('the manager keeps a share of a capped service’s day for appointments in the 预约 rules form', async () => {
    const fund = rig.services.fund.id;
    await rig.hall.admin.updateService(fund, { dailyCap: 50 });
    await putAppointmentRules(rig.hall.admin, fund, {
      ...RULES,
      slotMinutes: 20,
      open: [1, 2, 3, 4, 5].map((weekday) => ({ weekday, start: '09:00', end: '17:00' })),
    });
    const page = await rig.browser.newPage({ viewport: { width: 1280, height: 800 } });
    await page.goto(`${rig.hall.url}/manager/`);
    await page.getByLabel('用户名').fill('admin');
    await page.getByLabel('密码').fill('test-admin-password');
    await page.getByRole('button', { name: '登录' }).click();
    await page.locator('[data-tab="bookings"]').click();
    await page.getByLabel('事项').selectOption(fund);
    // Its rules are loaded into the form (a fill before that would be overwritten).
    await expect.poll(() => page.getByLabel('每个时段（分钟）').inputValue()).toBe('20');
    const share = page.getByLabel('每日上限留给预约（%）');
    await expect(share.getAttribute('aria-describedby')).resolves.toBe('bk-share-hint');
    await expect.poll(() => page.locator('#bk-share-hint').textContent()).toContain('未约出的名额放给现场取号');
    await share.fill('40');
    await page.getByRole('button', { name: '保存规则' }).click();
    await expect.poll(() => page.locator('[data-status=ok]').textContent()).toBeTruthy();
    await expect.poll(async () => (await appointmentRules(rig.hall.admin, fund).catch(() => null))?.dailyCapShare).toBe(0.4);
    expect(await seriousAxeViolations(page)).toEqual([]);
    expect(await textOverflows(page)).toEqual([]);
    await screenshot(page, 'manager-bookings-share-1280x800');
    await page.close();
  });
});
