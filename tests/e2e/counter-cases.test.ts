// 受理办件 at the counter console (1280×800, Chromium, real hall): the visitor called, A and Enter accept a case from the
// ticket (applicant from its ID card, matter from the guide it was taken for), the status moves with a note typed in
// the panel, and keys typed there are text, not the console's single-key actions (a, x would be accept, no-show).
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { casesOfTicket } from '../../client/cases-client.ts';
import { putMatter } from '../../client/matters-client.ts';
import { makeIdNumber } from '../helpers/id-numbers.ts';
import { launchChromium, seedFloor, startE2EHall, STAFF_PASSWORD, until, type E2EHall, type Floor } from './counter-harness.ts';
import { screenshot, seriousAxeViolations, SIZES, textOverflows } from './page-checks.ts';

let hall: E2EHall;
let floor: Floor;
let browser: Browser;
let page: Page;
const size = SIZES.console[0]!;

beforeAll(async () => {
  hall = await startE2EHall();
  floor = await seedFloor(hall);
  await putMatter(hall.admin, 'SB-003', {
    name: '社会保障卡补换',
    department: '人社局',
    category: '社保',
    serviceId: floor.services.a.id,
    legalDays: 10,
    promisedDays: 3,
  });
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: size.width, height: size.height } });
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

it('accepts a case from the ticket in hand with A and Enter, then moves it with a note; keys typed in the panel stay there', async () => {
  const ticket = await floor.kiosk.issueTicket(
    { serviceId: floor.services.a.id, idCardNumber: makeIdNumber('1985-04-12', 231), personName: '张小三', matterCode: 'SB-003' },
    'counter-cases-1',
  );
  await page.waitForSelector(`tr[data-number="${ticket.number}"]`);
  await page.keyboard.press('n');
  await page.waitForSelector(`[data-testid=current][data-number="${ticket.number}"]`);
  // The ticket was taken from the guide: the matter is filled in.
  await until(async () => (await page.inputValue('[data-testid=case-matter]')) === 'SB-003', 15_000, 'the matter prefilled');

  await page.keyboard.press('a');
  expect(await page.evaluate(() => document.activeElement?.id)).toBe('case-matter');
  await page.keyboard.press('Enter');
  const row = await page.waitForSelector('[data-testid=case-row][data-status=accepted]');
  const receipt = await row.getAttribute('data-receipt');
  const [created] = (await casesOfTicket(hall.admin, ticket.id)).items;
  expect(created).toMatchObject({ receiptNumber: receipt, applicant: { name: '张*三' }, matterName: '社会保障卡补换' });
  expect(await page.textContent('[data-testid=case-status]')).toContain(receipt!);

  await page.selectOption('[data-testid=case-next]', 'needs_more');
  await page.click('[data-testid=case-note]');
  await page.keyboard.type('缺少照片 a x c n');
  await page.click('[data-testid=case-move]');
  await page.waitForSelector('[data-testid=case-row][data-status=needs_more]');
  expect((await casesOfTicket(hall.admin, ticket.id)).items[0]!.timeline.at(-1)).toMatchObject({ status: 'needs_more', note: '缺少照片 a x c n' });
  // Still called: the a, x, c and n typed in the note were not a no-show, a completion or a call.
  expect((await hall.admin.ticket(ticket.id)).status).toBe('called');
  expect(await seriousAxeViolations(page)).toEqual([]);
  expect(await textOverflows(page)).toEqual([]);
  await screenshot(page, `counter-cases-${size.name}`);
});
