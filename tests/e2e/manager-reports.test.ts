// The manager's Reports tab and queue alerts in Chromium against a real hall: tickets issued, called, served, rated and
// missed through the API yesterday and today (the hall's clock moved), then the page's figures read against the API's
// own answers, charts drawn, CSV/XLSX/PDF downloaded and read back, the print view, and the 建议增开窗口 alert.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import ExcelJS from 'exceljs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { HallClient } from '../../client/hall-client.ts';
import { ADMIN_PASSWORD, issue, launchChromium, seedFloor, STAFF_PASSWORD, startE2EHall, until, type E2EHall, type Floor } from './counter-harness.ts';
import { screenshot, seriousAxeViolations, SIZES, textOverflows } from './page-checks.ts';

interface Row {
  key: string;
  label: string;
  issued: number;
  served: number;
  noShow: number;
  cancelled: number;
  waitSeconds: { mean: number | null; p50: number | null; p90: number | null };
  serviceSeconds: { mean: number | null; p50: number | null; p90: number | null };
  serviceLevel: number | null;
  ratings: { count: number; satisfaction: number | null };
  noShowRate?: number | null;
}
interface Summary {
  from: string;
  to: string;
  rows: Row[];
  total: Row;
}

const MIN = 60_000;
let offset = 0;
const clock = () => Date.now() + offset;
let hall: E2EHall;
let floor: Floor;
let admin: HallClient;
let wang: HallClient;
let liu: HallClient;
let today: string;
let yesterday: string;
let browser: Browser;
let page: Page;

const dayStart = (day: string) => Date.parse(`${day}T00:00:00+08:00`);
const setClock = (ms: number) => {
  offset = ms - Date.now();
};
const advance = (ms: number) => {
  offset += ms;
};
const summary = (from: string, to: string, groupBy: string, extra = '') =>
  admin.request<Summary>('GET', `/api/v1/reports/summary?from=${from}&to=${to}&groupBy=${groupBy}${extra}`);
const login = async (username: string, password: string) =>
  new HallClient(hall.url).withToken((await new HallClient(hall.url).login(username, password)).token);

// The page's formats, written out again here: minutes to one decimal, shares as percent to one decimal.
const asMinutes = (s: number | null | undefined) => (s === null || s === undefined ? '—' : (s / 60).toFixed(1));
const asPercent = (v: number | null | undefined) => (v === null || v === undefined ? '—' : `${(v * 100).toFixed(1)}%`);

/** Serves the counter's next ticket: called now, completed `minutes` later. */
async function serve(staff: HallClient, counterId: string, waitMinutes: number, minutes: number, level?: number) {
  advance(waitMinutes * MIN);
  const { ticket } = await staff.callNext(counterId);
  if (!ticket) throw new Error('nobody to call');
  advance(minutes * MIN);
  await staff.complete(ticket.id);
  if (level) await staff.rate(ticket.id, level);
  return ticket;
}

async function signInPage(width: number, height: number) {
  page = await browser.newPage({ viewport: { width, height }, acceptDownloads: true });
  page.setDefaultTimeout(10_000);
  await page.goto(`${hall.url}/manager/`);
  await page.fill('input[name=username]', 'admin');
  await page.fill('input[name=password]', ADMIN_PASSWORD);
  await page.click('button[type=submit]');
  await page.waitForSelector('[data-link=live]');
}

/** The period buttons are labels around hidden radio inputs: a person clicks the label. */
const pickPeriod = (kind: string) => page.click(`label.period-kind:has(input[value=${kind}])`);

async function openReports() {
  await page.click('[data-tab=reports]');
  await page.waitForSelector('[data-testid=kpis]');
  await page.waitForSelector('[data-chart=trend][data-ready=true]');
}

/** Every chart drew something: its canvas holds pixels that are not blank. */
async function chartsDrawn(): Promise<Record<string, boolean>> {
  return page.evaluate(() =>
    Object.fromEntries(
      [...document.querySelectorAll<HTMLElement>('[data-chart]')].map((box) => {
        const canvas = box.querySelector('canvas');
        if (!canvas || canvas.width === 0 || canvas.height === 0) return [box.dataset.chart, false];
        const data = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height).data;
        let inked = 0;
        for (let i = 3; i < data.length; i += 4) if (data[i]! > 0) inked++;
        return [box.dataset.chart, inked > 500];
      }),
    ),
  );
}

beforeAll(async () => {
  const now = Date.now();
  today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(now);
  yesterday = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(dayStart(today) - 12 * 3_600_000);
  // Yesterday at 10:00 in the hall.
  setClock(dayStart(yesterday) + 10 * 3_600_000);
  hall = await startE2EHall({}, { now: clock });
  floor = await seedFloor(hall);
  admin = hall.admin;
  await admin.updateService(floor.services.a.id, { targetWaitMinutes: 5 });
  const { one, two } = floor.counters;
  wang = floor.staff.client;
  liu = floor.staff2.client;
  await wang.signIn(one.id);
  await liu.signIn(two.id);
  const { a, b } = floor.services;
  for (const s of [a, a, a, b]) {
    await issue(floor.kiosk, s.id);
    advance(MIN);
  }
  await serve(wang, one.id, 3, 6, 5);
  await serve(liu, two.id, 1, 3, 4);
  await serve(wang, one.id, 2, 5, 2);
  advance(MIN);
  const missed = (await wang.callNext(one.id)).ticket!;
  await wang.noShow(missed.id);
  const cancelled = await issue(floor.kiosk, a.id);
  await admin.cancel(cancelled.id);

  // Today at 09:00: a busier morning.
  setClock(dayStart(today) + 9 * 3_600_000);
  admin = await login('admin', ADMIN_PASSWORD);
  wang = await login(floor.staff.username, STAFF_PASSWORD);
  liu = await login(floor.staff2.username, STAFF_PASSWORD);
  const kiosk = floor.kiosk;
  for (const s of [a, a, a, a, a, b, b]) {
    await issue(kiosk, s.id);
    advance(MIN);
  }
  await wang.signIn(one.id);
  await liu.signIn(two.id);
  await serve(wang, one.id, 2, 4, 5);
  await serve(wang, one.id, 1, 3, 4);
  await serve(liu, two.id, 9, 8, 1);
  advance(MIN);
  const gone = (await wang.callNext(one.id)).ticket!;
  await wang.noShow(gone.id);
  // Left waiting: two of A, one of B; both windows free.
  browser = await launchChromium();
  await signInPage(SIZES.console[0]!.width, SIZES.console[0]!.height);
}, 300_000);

afterAll(async () => {
  await browser?.close();
  await hall?.close();
});

it("shows today's figures as the API gives them, against yesterday, with every chart drawn", async () => {
  await openReports();
  const now = await summary(today, today, 'day');
  const before = await summary(yesterday, yesterday, 'day');
  expect(now.total.issued).toBe(7);
  expect(before.total.issued).toBe(5);
  const kpi = async (id: string) => ({
    value: await page.getAttribute(`[data-kpi=${id}]`, 'data-value'),
    previous: await page.getAttribute(`[data-kpi=${id}]`, 'data-previous'),
    text: await page.textContent(`[data-kpi=${id}] .kpi-value`),
    delta: await page.getAttribute(`[data-kpi=${id}] .kpi-delta`, 'data-delta'),
  });
  const issued = await kpi('issued');
  expect(issued).toEqual({ value: '7', previous: '5', text: '7', delta: '+40.0%' });
  const wait = await kpi('waitMean');
  expect(Number(wait.value)).toBe(now.total.waitSeconds.mean);
  expect(Number(wait.previous)).toBe(before.total.waitSeconds.mean);
  expect(wait.text).toBe(asMinutes(now.total.waitSeconds.mean));
  const relative = ((now.total.waitSeconds.mean! - before.total.waitSeconds.mean!) / before.total.waitSeconds.mean!) * 100;
  expect(wait.delta).toBe(`${relative >= 0 ? '+' : '−'}${Math.abs(relative).toFixed(1)}%`);
  const level = await kpi('serviceLevel');
  expect(level.text).toBe(asPercent(now.total.serviceLevel));
  const points = (now.total.serviceLevel! - before.total.serviceLevel!) * 100;
  expect(level.delta).toBe(`${points >= 0 ? '+' : '−'}${Math.abs(points).toFixed(1)}pt`);
  const satisfied = await kpi('satisfaction');
  expect(satisfied.text).toBe(asPercent(now.total.ratings.satisfaction));
  expect(await page.textContent('[data-testid=period-shown]')).toContain(yesterday);

  // Each grouping's table holds the API's rows, cell by cell, as the page formats them.
  for (const groupBy of ['service', 'counter', 'staff', 'hour', 'day']) {
    await page.click(`.subtab[data-group-by=${groupBy}]`);
    const api = await summary(today, today, groupBy);
    const table = `[data-testid=report-table-${groupBy}]`;
    await page.waitForSelector(table, { state: 'visible' });
    const shown = await page.$$eval(`${table} tbody tr[data-key]`, (trs) =>
      trs.map((tr) => ({
        key: (tr as HTMLElement).dataset.key,
        label: tr.querySelector('td')?.textContent,
        cells: Object.fromEntries([...tr.querySelectorAll<HTMLElement>('td[data-cell]')].map((td) => [td.dataset.cell, td.textContent])),
      })),
    );
    expect(
      shown.map((r) => r.key),
      groupBy,
    ).toEqual(api.rows.map((r) => r.key));
    for (const [i, r] of api.rows.entries()) {
      expect(shown[i]!.label).toBe(r.label || r.key);
      expect(shown[i]!.cells, `${groupBy} ${r.key}`).toMatchObject({
        issued: String(r.issued),
        served: String(r.served),
        noShow: String(r.noShow),
        cancelled: String(r.cancelled),
        waitMean: asMinutes(r.waitSeconds.mean),
        waitP90: asMinutes(r.waitSeconds.p90),
        serviceMean: asMinutes(r.serviceSeconds.mean),
        serviceLevel: asPercent(r.serviceLevel),
        ratings: String(r.ratings.count),
        satisfaction: asPercent(r.ratings.satisfaction),
      });
    }
    expect(await page.textContent(`${table} tfoot [data-cell=issued]`)).toBe(String(api.total.issued));
  }
  // Staff time, from the server's staff report: served and the seconds behind each cell.
  await page.click('.subtab[data-group-by=staffTime]');
  const staff = await admin.request<{ rows: { key: string; served: number; signedInSeconds: number; busySeconds: number; idleSeconds: number }[] }>(
    'GET',
    `/api/v1/reports/staff?from=${today}&to=${today}`,
  );
  expect(staff.rows.length).toBe(2);
  const staffShown = await page.$$eval('[data-testid=report-table-staffTime] tbody tr[data-key]', (trs) =>
    trs.map((tr) => ({
      key: (tr as HTMLElement).dataset.key,
      served: Number(tr.querySelector<HTMLElement>('[data-cell=served]')!.dataset.value),
      signedInSeconds: Number(tr.querySelector<HTMLElement>('[data-cell=signedIn]')!.dataset.value),
      busySeconds: Number(tr.querySelector<HTMLElement>('[data-cell=busy]')!.dataset.value),
      idleSeconds: Number(tr.querySelector<HTMLElement>('[data-cell=idle]')!.dataset.value),
    })),
  );
  expect(staffShown).toEqual(
    staff.rows.map((r) => ({ key: r.key, served: r.served, signedInSeconds: r.signedInSeconds, busySeconds: r.busySeconds, idleSeconds: r.idleSeconds })),
  );
  await page.click('.subtab[data-group-by=service]');

  expect(await chartsDrawn()).toEqual({ trend: true, heatmap: true, hours: true, services: true, ratings: true });
  expect(await seriousAxeViolations(page)).toEqual([]);
  expect(await textOverflows(page)).toEqual([]);
  await page.evaluate(() => window.scrollTo(0, 0));
  await screenshot(page, 'manager-reports-1280x800');
  for (const lang of ['en', 'zh-TW', 'zh-CN']) {
    await page.selectOption('select.lang', lang);
    expect(await textOverflows(page), lang).toEqual([]);
  }
});

it('filters by service and channel, and a week or month compares with the week or month before', async () => {
  const { a } = floor.services;
  await page.selectOption('select[name=serviceId]', a.id);
  const onlyA = await summary(today, today, 'day', `&serviceId=${a.id}`);
  await until(async () => (await page.getAttribute('[data-kpi=issued]', 'data-value')) === String(onlyA.total.issued), 5_000, 'the service filter');
  expect(onlyA.total.issued).toBe(5);
  await page.selectOption('select[name=serviceId]', '');
  await page.selectOption('select[name=channel]', 'desk');
  // Every ticket came from the kiosk: nothing was issued at a desk.
  await until(async () => (await page.getAttribute('[data-kpi=issued]', 'data-value')) === '0', 5_000, 'the channel filter');
  await page.selectOption('select[name=channel]', '');

  await pickPeriod('month');
  const month = await summary(`${today.slice(0, 7)}-01`, today, 'day');
  await until(async () => (await page.getAttribute('[data-kpi=issued]', 'data-value')) === String(month.total.issued), 5_000, 'the month');
  const shown = await page.textContent('[data-testid=period-shown]');
  expect(shown).toContain(`${today.slice(0, 7)}-01`);
  await pickPeriod('day');
  await until(async () => (await page.getAttribute('[data-kpi=issued]', 'data-value')) === '7', 5_000, 'back to today');
});

it('downloads CSV and XLSX from the server for the table shown, and the monthly PDF with its charts', async () => {
  await page.click('.subtab[data-group-by=service]');
  const api = await summary(today, today, 'service');
  const [csv] = await Promise.all([page.waitForEvent('download'), page.click('[data-action=csv]')]);
  const text = readFileSync((await csv.path())!, 'utf8').replace(/^\uFEFF/, '');
  const lines = text.trim().split(/\r?\n/);
  expect(lines[0]).toBe(
    'key,label,issued,served,noShow,cancelled,waitMean,waitP50,waitP90,serviceMean,serviceP50,serviceP90,serviceLevel,ratings,satisfaction',
  );
  expect(lines.slice(1).map((l) => l.split(',')[0])).toEqual(api.rows.map((r) => r.key));
  expect(lines[1]!.split(',')[2]).toBe(String(api.rows[0]!.issued));

  const [xlsx] = await Promise.all([page.waitForEvent('download'), page.click('[data-action=xlsx]')]);
  expect(xlsx.suggestedFilename()).toMatch(/\.xlsx$/);
  const book = new ExcelJS.Workbook();
  await book.xlsx.readFile((await xlsx.path())!);
  const sheet = book.worksheets[0]!;
  expect((sheet.getRow(1).values as unknown[]).slice(1, 4)).toEqual(['key', 'label', 'issued']);
  expect(sheet.getRow(2).getCell(1).value).toBe(api.rows[0]!.key);
  expect(Number(sheet.getRow(2).getCell(3).value)).toBe(api.rows[0]!.issued);

  await pickPeriod('month');
  await page.waitForSelector('[data-chart=heatmap][data-ready=true]');
  const [pdf] = await Promise.all([page.waitForEvent('download', { timeout: 30_000 }), page.click('[data-action=pdf]')]);
  expect(pdf.suggestedFilename()).toBe(`monthly-${today.slice(0, 7)}.pdf`);
  const file = (await pdf.path())!;
  expect(readFileSync(file).subarray(0, 5).toString()).toBe('%PDF-');
  const info = execFileSync('pdfinfo', [file], { encoding: 'utf8' });
  expect(info).toMatch(/Pages:\s+3/);
  expect(info).toContain('月报');
  // Each page is one picture of the page, the charts drawn into it.
  const images = execFileSync('pdfimages', ['-list', file], { encoding: 'utf8' }).trim().split('\n').slice(2);
  expect(images).toHaveLength(3);
  const text1 = execFileSync('pdftoppm', ['-r', '20', '-f', '1', '-l', '1', '-png', file], { encoding: 'buffer' });
  expect(text1.length).toBeGreaterThan(1000);
  await pickPeriod('day');
});

it('prints the report alone: every table, no bar or controls', async () => {
  await page.emulateMedia({ media: 'print' });
  try {
    expect(await page.isVisible('.bar')).toBe(false);
    expect(await page.isVisible('.reports-controls')).toBe(false);
    expect(await page.isVisible('.print-head')).toBe(true);
    for (const g of ['service', 'counter', 'staff', 'hour', 'day', 'staffTime']) expect(await page.isVisible(`[data-testid=report-table-${g}]`), g).toBe(true);
    expect(await page.textContent('.print-head')).toContain(yesterday);
  } finally {
    await page.emulateMedia({ media: 'screen' });
  }
  expect(await page.isVisible('[data-testid=report-table-counter]')).toBe(false);
});

it('fits and passes axe at 1920×1080 too', async () => {
  await page.setViewportSize({ width: 1920, height: 1080 });
  await page.waitForTimeout(300);
  expect(await chartsDrawn()).toEqual({ trend: true, heatmap: true, hours: true, services: true, ratings: true });
  expect(await textOverflows(page)).toEqual([]);
  expect(await seriousAxeViolations(page)).toEqual([]);
  await page.evaluate(() => window.scrollTo(0, 0));
  await screenshot(page, 'manager-reports-1920x1080');
  await page.setViewportSize({ width: 1280, height: 800 });
});

it('the monitor shows the longest wait and windows against waiting; a limit set there opens 建议增开窗口 and closes it', async () => {
  const { a } = floor.services;
  await page.click('[data-tab=monitor]');
  const row = `[data-testid=services] tr[data-service-id="${a.id}"]`;
  await page.waitForSelector(`${row} [data-cell=longest-wait]`);
  const watch = await admin.queueWatch();
  const forA = watch.services.find((s) => s.id === a.id)!;
  expect(forA.waiting).toBe(2);
  expect(await page.textContent(`${row} [data-cell=windows]`)).toBe(String(forA.openWindows));
  // The page read its figures a moment before the test did, and grows them every 5 s: a few seconds apart at most.
  const shownWait = Number(await page.getAttribute(`${row} [data-cell=longest-wait]`, 'data-seconds'));
  expect(Math.abs(shownWait - forA.longestWaitSeconds)).toBeLessThanOrEqual(10);
  expect(await page.textContent(`${row} [data-cell=longest-wait]`)).toBe(`${Math.floor(shownWait / 60)} 分钟`);
  expect(await page.getAttribute('[data-figure=windows]', 'data-open')).toBe(String(watch.total.openWindows));
  expect(await page.getAttribute('[data-figure=windows]', 'data-waiting')).toBe(String(watch.total.waiting));

  // A's own limit: 3 waiting.
  await page.click('[data-testid=queue-limits] summary');
  await page.fill(`input[name="waiting-${a.id}"]`, '3');
  await page.click('[data-testid=queue-limits] button[type=submit]');
  await page.waitForSelector('[data-testid=queue-limits] .ok');
  expect((await admin.settings()).queueAlert.services[a.id]).toEqual({ waiting: 3 });
  expect(await page.$('.alert[data-alert=queue_threshold]')).toBeNull();

  await issue(floor.kiosk, a.id);
  const band = '[data-testid=alerts] .alert[data-alert=queue_threshold]';
  await page.waitForSelector(band);
  const text = await page.textContent(band);
  expect(text).toContain('社保业务');
  expect(text).toContain('建议增开窗口');
  await page.waitForSelector(`${row}[data-over=true]`);
  expect(await page.textContent(row)).toContain('建议增开窗口');
  expect(await seriousAxeViolations(page)).toEqual([]);
  expect(await textOverflows(page)).toEqual([]);
  await screenshot(page, 'manager-monitor-queue-alert-1280x800');

  await wang.callNext(floor.counters.one.id);
  await page.waitForSelector(band, { state: 'detached' });
  await page.waitForSelector(`${row}[data-over=false]`);
  const closed = (await admin.alerts()).items.find((x) => x.kind === 'queue_threshold')!;
  expect(closed).toMatchObject({ active: false, closedReason: 'recovered', deviceId: `service:${a.id}` });
  await page.waitForSelector(`[data-testid=alert-history] tr[data-alert-id="${closed.id}"][data-active=false]`);
});
