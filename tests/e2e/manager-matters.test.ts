// The manager's 办事指南 tab in Chromium against a real hall: create and edit a matter through the form with its preview,
// save a draft that visitors do not see, publish it, the hall's field-named refusal shown beside its field, and an import
// with a bad entry refused whole with the entry named.
import { writeFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { HallApiError, HallClient } from '../../client/hall-client.ts';
import { getMatter, matterCatalogue, searchMatters } from '../../client/matters-client.ts';
import { DEMO_MATTERS } from '../../scripts/demo-matters.ts';
import { ADMIN_PASSWORD, launchChromium, seedFloor, startE2EHall, type E2EHall, type Floor } from './counter-harness.ts';
import { screenshot, seriousAxeViolations, SIZES, textOverflows } from './page-checks.ts';

let hall: E2EHall;
let browser: Browser;
let page: Page;
let floor: Floor;
const dir = mkdtempSync(join(tmpdir(), 'matters-e2e-'));
const CONSOLE = SIZES.console[0];
/** No token: what a visitor's phone or kiosk page reads. */
const visitor = () => new HallClient(hall.url);

beforeAll(async () => {
  hall = await startE2EHall();
  floor = await seedFloor(hall);
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

it('edits an existing matter in the form: a draft visitors do not see, then published with its materials reordered', async () => {
  await page.getByTestId('matter-edit-320100-SB-014').click();
  const before = await getMatter(visitor(), '320100-SB-014');
  expect(await page.getByTestId('mf-name').inputValue()).toBe(before.name);
  expect(await page.getByTestId('mf-material-0-name').inputValue()).toBe(before.materials[0]!.name);
  await page.getByTestId('mf-name').fill('社保卡补办（即时制卡）');
  await page.getByRole('button', { name: '材料 2下移' }).waitFor({ state: 'attached' });
  await page.getByRole('button', { name: '材料 2上移' }).click();
  await expect.poll(() => page.getByTestId('matter-preview').innerText()).toContain('社保卡补办（即时制卡）');
  await page.getByTestId('matter-save-draft').click();
  await expect.poll(() => page.getByTestId('matter-status').innerText()).toContain('草稿已保存');
  expect((await getMatter(visitor(), '320100-SB-014')).name).toBe('社保卡补办');

  await page.getByTestId('matter-publish').click();
  await expect.poll(() => getMatter(visitor(), '320100-SB-014').then((m) => m.name)).toBe('社保卡补办（即时制卡）');
  const after = await getMatter(visitor(), '320100-SB-014');
  expect(after.materials).toEqual([before.materials[1], before.materials[0], ...before.materials.slice(2)]);
  expect({ ...after, name: before.name, materials: before.materials }).toEqual(before);
});

it('creates a matter through the form: checks, a refusal beside its field, draft hidden, published exactly as entered', async () => {
  await page.getByTestId('matter-new').click();
  // Nothing filled: the form marks the required fields and sends nothing.
  await page.getByTestId('matter-save-draft').click();
  await expect.poll(() => page.getByTestId('error-name').innerText()).toContain('请填写此项');
  await page.getByTestId('error-code').waitFor();
  expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('matter-code');

  await page.getByTestId('matter-code').fill('320100-SC-001');
  await page.getByTestId('mf-name').fill('个体工商户设立登记');
  await page.getByTestId('mf-department').fill('市市场监督管理局');
  await page.getByTestId('mf-category').fill('市场监管');
  await page.getByTestId('mf-serviceId').selectOption(floor.services.a.id);
  await page.getByTestId('mf-lifeEvent').fill('企业开办');
  await page.getByTestId('mf-lifeEvent').press('Enter');
  await page.getByTestId('mf-lifeEvent').fill('买房');
  await page.getByTestId('mf-lifeEvent-add').click();
  await page.getByRole('button', { name: '移除“买房”' }).click();
  await page.getByTestId('mf-condition-add').click();
  await page.getByTestId('mf-condition-0').fill('经营者为有经营能力的自然人');
  await page.getByTestId('mf-material-add').click();
  await page.getByTestId('mf-material-add').click();
  await page.getByTestId('mf-material-0-name').fill('经营场所证明');
  await page.getByTestId('mf-material-0-form').selectOption('copy');
  await page.getByTestId('mf-material-0-copies').fill('2');
  await page.getByTestId('mf-material-0-note').fill('租赁合同或产权证明');
  await page.getByTestId('mf-material-1-name').fill('经营者身份证');
  await page.getByTestId('mf-material-1-elicence').check();
  await page.getByTestId('mf-fees').fill('不收费');
  await page.getByTestId('mf-legalDays').fill('15');
  await page.getByTestId('mf-promisedDays').fill('1');
  await page.getByTestId('mf-location').fill('市民中心二楼 B 区');
  await page.getByTestId('mf-window').fill('12 号窗口');
  await page.getByTestId('mf-hours').fill('工作日 9:00–17:00');
  await page.getByTestId('mf-onlineUrl').fill('https://zwfw.example.gov.cn/gt');
  await page.getByTestId('mf-faq-add').click();
  await page.getByTestId('mf-faq-0-q').fill('可以委托他人办理吗？');
  await page.getByTestId('mf-faq-0-a').fill('可以，需携带委托书和代理人身份证。');
  await page.getByTestId('mf-commitment').check();
  await page.getByTestId('mf-prefile-enabled').check();
  await page.getByTestId('mf-field-add').click();
  // A key the hall refuses (it must start with a letter): said beside that key.
  await page.getByTestId('mf-field-0-key').fill('1owner');
  await page.getByTestId('mf-field-0-label').fill('经营者姓名');
  await page.getByTestId('mf-field-0-required').check();
  await page.getByTestId('mf-field-0-fromId').selectOption('name');
  await page.getByTestId('mf-field-add').click();
  await page.getByTestId('mf-field-1-key').fill('form');
  await page.getByTestId('mf-field-1-label').fill('组成形式');
  await page.getByTestId('mf-field-1-kind').selectOption('select');
  await page.getByTestId('mf-field-1-options').fill('个人经营\n家庭经营\n');

  await page.getByTestId('matter-save-draft').click();
  const keyField = page.locator('[data-field="prefile.fields.0.key"]');
  await expect.poll(() => keyField.getByTestId('error-prefile.fields.0.key').innerText()).toContain('a field key');
  expect(await keyField.locator('input').getAttribute('aria-invalid')).toBe('true');
  expect((await matterCatalogue(hall.admin)).items.map((m) => m.code)).not.toContain('320100-SC-001');
  expect(await seriousAxeViolations(page)).toEqual([]);

  await page.getByTestId('mf-field-0-key').fill('owner');
  await page.getByTestId('matter-save-draft').click();
  await expect.poll(() => page.getByTestId('matter-status').innerText()).toContain('草稿已保存');
  expect(await page.getByTestId('error-prefile.fields.0.key').count()).toBe(0);
  const found = async () => (await searchMatters(visitor(), { q: '个体工商户设立', limit: 50 })).items.map((m) => m.code);
  expect(await found()).not.toContain('320100-SC-001');
  await expect(getMatter(visitor(), '320100-SC-001')).rejects.toBeInstanceOf(HallApiError);
  await expect.poll(() => page.getByTestId('matter-preview').innerText()).toContain('经营场所证明');
  expect(await seriousAxeViolations(page)).toEqual([]);
  expect(await textOverflows(page)).toEqual([]);
  await page.getByTestId('mf-material-0').evaluate((e) => e.scrollIntoView({ block: 'start' }));
  await screenshot(page, `manager-matters-form-${CONSOLE.name}`);

  await page.getByTestId('matter-publish').click();
  await expect.poll(() => page.getByTestId('matter-status').innerText()).toContain('已发布');
  expect(await found()).toContain('320100-SC-001');
  expect(await getMatter(visitor(), '320100-SC-001')).toEqual({
    code: '320100-SC-001',
    name: '个体工商户设立登记',
    department: '市市场监督管理局',
    category: '市场监管',
    lifeEvents: ['企业开办'],
    serviceId: floor.services.a.id,
    conditions: ['经营者为有经营能力的自然人'],
    materials: [
      { name: '经营场所证明', original: false, copies: 2, note: '租赁合同或产权证明', eLicence: false },
      { name: '经营者身份证', original: true, copies: 1, note: '', eLicence: true },
    ],
    fees: '不收费',
    legalDays: 15,
    promisedDays: 1,
    location: '市民中心二楼 B 区',
    window: '12 号窗口',
    hours: '工作日 9:00–17:00',
    onlineUrl: 'https://zwfw.example.gov.cn/gt',
    faq: [{ q: '可以委托他人办理吗？', a: '可以，需携带委托书和代理人身份证。' }],
    commitment: true,
    prefile: {
      enabled: true,
      fields: [
        { key: 'owner', label: '经营者姓名', kind: 'text', required: true, fromIdCard: 'name' },
        { key: 'form', label: '组成形式', kind: 'select', required: false, options: ['个人经营', '家庭经营'] },
      ],
    },
  });
});
