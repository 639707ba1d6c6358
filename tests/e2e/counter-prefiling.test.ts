// The counter console in Chromium: when a ticket taken with a pre-filed form (自助申报) is called, the console shows
// the form (ID number and name masked, the answers, the signature) and accepts it into a case in one step.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { makeIdNumber } from '../helpers/id-numbers.ts';
import { launchChromium, seedFloor, startE2EHall, STAFF_PASSWORD, type E2EHall, type Floor } from './counter-harness.ts';
import { screenshot, seriousAxeViolations, textOverflows } from './page-checks.ts';

const SIGNATURE = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==';
let hall: E2EHall;
let floor: Floor;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  hall = await startE2EHall();
  floor = await seedFloor(hall);
  await hall.admin.request('PUT', '/api/v1/matters/JZZ-1', {
    name: '居住证申领',
    department: '公安局',
    category: '户籍',
    serviceId: floor.services.a.id,
    legalDays: 15,
    promisedDays: 5,
    commitment: true,
    prefile: {
      enabled: true,
      fields: [
        { key: 'address', label: '居住地址', kind: 'address', required: true, fromIdCard: 'address' },
        { key: 'phone', label: '联系电话', kind: 'phone', required: true },
      ],
    },
  });
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  page.setDefaultTimeout(15_000);
  await page.goto(`${hall.url}/counter/`);
  await page.fill('input[name=username]', 'wang');
  await page.fill('input[name=password]', STAFF_PASSWORD);
  await page.click('button[type=submit]');
  await page.click(`.picker-item[data-counter-id="${floor.counters.one.id}"]`);
  await page.waitForSelector('[data-link=live]');
}, 240_000);
afterAll(async () => {
  await browser?.close();
  await hall?.close();
});

it('shows the pre-filed form when its ticket is called and accepts it into a case', async () => {
  const id = makeIdNumber('19881104', 275);
  const prefiled = await floor.kiosk.request<{ draftId: string; ticket: { id: string; number: string } }>('POST', '/api/v1/prefilings', {
    matterCode: 'JZZ-1',
    idCard: { number: id, name: '陈美玲', address: '江苏省南京市鼓楼区中山北路8号' },
    fields: { phone: '13700001111' },
    commitment: { accepted: true, signaturePng: SIGNATURE },
  });
  // Waiting: nothing shown yet.
  await page.waitForSelector(`tr[data-number="${prefiled.ticket.number}"]`);
  expect(await page.$('[data-testid=prefiling]')).toBeNull();
  await page.keyboard.press('n');
  await page.waitForSelector(`[data-testid=current][data-number="${prefiled.ticket.number}"]`);
  const panel = await page.waitForSelector('[data-testid=prefiling]');
  expect(await panel.textContent()).toContain('居住证申领');
  expect(await page.textContent('[data-field=applicant]')).toBe(`陈*玲 ${id.slice(0, 4)}**********${id.slice(14)}`);
  expect(await page.textContent('[data-field=address]')).toBe('江苏省南京市鼓楼区中山北路8号');
  expect(await page.textContent('[data-field=phone]')).toBe('13700001111');
  expect(await page.getAttribute('.prefiling-signature', 'src')).toBe(`data:image/png;base64,${SIGNATURE}`);
  expect(await seriousAxeViolations(page)).toEqual([]);
  expect(await textOverflows(page, '[data-testid=prefiling]')).toEqual([]);
  await screenshot(page, 'counter-prefiling-1280x800');
  await page.click('[data-testid=prefiling-accept]');
  const done = await page.waitForSelector('[data-testid=prefiling-accepted]');
  const receipt = /(\d{13,20})/.exec((await done.textContent()) ?? '')?.[1];
  expect(receipt).toBeDefined();
  const row = hall.server.db.prepare('SELECT matter_code, ticket_id, masked_name FROM cases WHERE receipt_number = ?').get(receipt) as Record<string, string>;
  expect(row).toEqual({ matter_code: 'JZZ-1', ticket_id: prefiled.ticket.id, masked_name: '陈*玲' });
});
