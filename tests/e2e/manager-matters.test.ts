// The manager's 办事指南 tab in Chromium against a real hall: edit a matter as JSON with its preview, save a draft that
// visitors do not see, publish it, and an import with a bad entry refused whole with the entry named.
import { writeFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { HallApiError, HallClient } from '../../client/hall-client.ts';
import { getMatter, matterCatalogue } from '../../client/matters-client.ts';
import { DEMO_MATTERS } from '../../scripts/demo-matters.ts';
import { ADMIN_PASSWORD, launchChromium, seedFloor, startE2EHall, type E2EHall } from './counter-harness.ts';
import { screenshot, seriousAxeViolations, SIZES, textOverflows } from './page-checks.ts';

let hall: E2EHall;
let browser: Browser;
let page: Page;
const dir = mkdtempSync(join(tmpdir(), 'matters-e2e-'));
const CONSOLE = SIZES.console[0];
/** No token: what a visitor's phone or kiosk page reads. */
const visitor = () => new HallClient(hall.url);

beforeAll(async () => {
  hall = await startE2EHall();
  await seedFloor(hall);
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: CONSOLE.width, height: CONSOLE.height }, bypassCSP: true });
  page.setDefaultTimeout(8_000);
  await page.goto(`${hall.url}/manager/`);
  await page.fill('input[name=username]', 'admin');
  await page.fill('input[name=password]', ADMIN_PASSWORD);
  await page.click('button[type=submit]');
  await page.waitForSelector('[data-link=live]');
  await page.click('[data-tab=matters]');
}, 240_000);

afterAll(async () => {
  await browser?.close();
  await hall?.close();
  rmSync(dir, { recursive: true, force: true });
});

const entries = (serviceId: string | null) => DEMO_MATTERS.map(({ service: _s, ...m }) => ({ ...m, serviceId }));

it('imports a guide, refusing a file with a bad entry whole and naming it', async () => {
  const bad = [...entries(null)];
  bad[3] = { ...bad[3]!, legalDays: -1 } as never;
  writeFileSync(join(dir, 'bad.json'), JSON.stringify({ matters: bad }));
  await page.setInputFiles('[data-testid=matter-import]', join(dir, 'bad.json'));
  await expect.poll(() => page.getByTestId('matter-status').innerText()).toContain('matters[3] (320100-GA-021)');
  expect((await matterCatalogue(hall.admin)).items).toEqual([]);

  writeFileSync(join(dir, 'good.json'), JSON.stringify({ matters: entries(null) }));
  await page.setInputFiles('[data-testid=matter-import]', join(dir, 'good.json'));
  await page.getByTestId('matter-table').waitFor();
  expect(await page.getByTestId('matter-table').locator('tbody tr').count()).toBe(DEMO_MATTERS.length);
});

it('saves a draft visitors do not see, previews it, then publishes it', async () => {
  await page.getByTestId('matter-edit-320100-SB-014').click();
  const json = JSON.parse(await page.getByTestId('matter-json').inputValue()) as { promisedDays: number; name: string };
  await page.getByTestId('matter-json').fill(JSON.stringify({ ...json, name: '社保卡补办（即时制卡）' }, null, 2));
  await expect.poll(() => page.getByTestId('matter-preview').innerText()).toContain('社保卡补办（即时制卡）');
  await page.getByTestId('matter-save-draft').click();
  await page.getByTestId('matter-status').waitFor();
  expect((await getMatter(visitor(), '320100-SB-014')).name).toBe('社保卡补办');
  expect(await seriousAxeViolations(page)).toEqual([]);
  expect(await textOverflows(page)).toEqual([]);
  await screenshot(page, `manager-matters-${CONSOLE.name}`);

  await page.getByTestId('matter-publish').click();
  await expect.poll(() => getMatter(visitor(), '320100-SB-014').then((m) => m.name)).toBe('社保卡补办（即时制卡）');

  // Malformed JSON is said, and nothing can be saved.
  await page.getByTestId('matter-json').fill('{"name": ');
  expect(await page.getByTestId('matter-save-draft').isDisabled()).toBe(true);
  await expect(getMatter(visitor(), 'NO-SUCH')).rejects.toBeInstanceOf(HallApiError);
});
