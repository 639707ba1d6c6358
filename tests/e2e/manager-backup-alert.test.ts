// The backup_failed alert on the manager page in Chromium: the band names it in the manager's language with the
// reason, fits in zh-CN, zh-TW and English, and leaves once a backup succeeds.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { ADMIN_PASSWORD, launchChromium, startE2EHall, type E2EHall } from './counter-harness.ts';
import { screenshot, seriousAxeViolations, SIZES, textOverflows } from './page-checks.ts';

let hall: E2EHall;
let browser: Browser;
let page: Page;
const row = '[data-testid=alerts] .alert[data-alert=backup_failed]';

beforeAll(async () => {
  hall = await startE2EHall();
  // What the daily schedule runs after a failed copy (server/backups.ts), here with its message.
  await hall.server.context.run(
    'backupOutcome',
    'ENOSPC: no space left on device, open /var/backups/hall/hall-20270101T190000000Z.sqlite.partial: check that HALL_BACKUP_DIR=/var/backups/hall exists, is writable and has room',
  );
  browser = await launchChromium();
  const { width, height } = SIZES.console[0]!;
  page = await browser.newPage({ viewport: { width, height } });
  page.setDefaultTimeout(8_000);
  await page.goto(`${hall.url}/manager/`);
  await page.fill('input[name=username]', 'admin');
  await page.fill('input[name=password]', ADMIN_PASSWORD);
  await page.click('button[type=submit]');
  await page.waitForSelector('[data-link=live]');
}, 240_000);

afterAll(async () => {
  await browser?.close();
  await hall?.close();
});

it('shows a failed backup with what to check, in every manager language, until a backup succeeds', async () => {
  await page.waitForSelector(row);
  const text = await page.textContent(row);
  expect(text).toContain('数据备份');
  expect(text).toContain('数据备份失败：请检查备份目录的空间和权限');
  expect(text).toContain('ENOSPC');
  expect(await seriousAxeViolations(page)).toEqual([]);
  expect(await textOverflows(page)).toEqual([]);
  await screenshot(page, 'manager-monitor-backup-alert-1280x800');
  for (const lang of ['en', 'zh-TW', 'zh-CN']) {
    await page.selectOption('select.lang', lang);
    if (lang === 'en') expect(await page.textContent(row)).toContain('Backup failed: check the backup folder');
    expect(await textOverflows(page), lang).toEqual([]);
  }

  await hall.server.context.run('backupOutcome', null);
  await page.waitForSelector(row, { state: 'detached' });
});
