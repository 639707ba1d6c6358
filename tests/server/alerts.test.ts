// Device alerts as state over HTTP: opened by a device's report (online or from the kiosk outbox), one per
// (device, kind), acknowledged by a manager, closed by the device's recovery, kept in the history across restarts.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AlertView } from '../../core/alerts.ts';
import { HallClient } from '../../client/hall-client.ts';
import { apiError } from '../helpers/api-error.ts';
import { startTestHall, type TestHall } from '../helpers/hall.ts';

const MORNING = Date.parse('2026-11-23T09:00:00.000+08:00');
let dir: string;
let hall: TestHall;
let kiosk: HallClient;
let kioskToken: string;
let kioskId: string;

const active = async (h: TestHall = hall) => (await h.admin.alerts({ active: true })).items;
const eventTypes = (h: TestHall = hall) =>
  (h.server.db.prepare("SELECT type FROM events WHERE type LIKE 'alert.%' OR type = 'device.alert' ORDER BY seq").all() as { type: string }[]).map(
    (r) => r.type,
  );

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'hall-alerts-'));
  hall = await startTestHall({ now: MORNING, dir });
  const device = await hall.admin.createDevice({ name: '1 号取号机', kind: 'kiosk' });
  kioskToken = device.token;
  kioskId = device.id;
  kiosk = new HallClient(hall.url, { token: kioskToken });
});

afterEach(async () => {
  await hall.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('alerts from POST /devices/alerts', () => {
  it('opens one alert per report kind, lists it, acknowledges it, closes it on recovery and keeps it in the history', async () => {
    await kiosk.deviceAlert('paper_out', '纸仓已空');
    hall.clock.advance(60_000);
    await kiosk.deviceAlert('paper_out', '纸仓已空');
    const [alert, ...others] = await active();
    expect(others).toEqual([]);
    expect(alert).toMatchObject({
      deviceId: kioskId,
      deviceName: '1 号取号机',
      kind: 'printer_paper_out',
      component: 'printer',
      message: '纸仓已空',
      since: '2026-11-23T09:00:00.000+08:00',
      acknowledgedAt: null,
      active: true,
    });

    hall.clock.advance(60_000);
    const acked = await hall.admin.acknowledgeAlert(alert!.id);
    expect(acked).toMatchObject({ id: alert!.id, acknowledgedAt: '2026-11-23T09:02:00.000+08:00', acknowledgedBy: { name: expect.any(String) }, active: true });
    hall.clock.advance(60_000);
    // Again: the same alert, still as first acknowledged.
    expect(await hall.admin.acknowledgeAlert(alert!.id)).toEqual(acked);
    expect(await active()).toEqual([acked]);

    hall.clock.advance(60_000);
    await kiosk.deviceAlert('recovered', '打印机已恢复');
    expect(await active()).toEqual([]);
    const history = await hall.admin.alerts();
    expect(history.items).toEqual([{ ...acked, active: false, closedAt: '2026-11-23T09:04:00.000+08:00', closedReason: 'recovered' }]);
    expect(history.nextCursor).toBeNull();
    // device.alert stays for its existing readers; every change of state has its own event.
    expect(eventTypes()).toEqual(['device.alert', 'alert.opened', 'device.alert', 'alert.acknowledged', 'device.alert', 'alert.closed']);

    // A new fault after recovery is a new alert.
    await kiosk.deviceAlert('paper_out');
    const [again] = await active();
    expect(again!.id).not.toBe(alert!.id);
    expect(again!.acknowledgedAt).toBeNull();
  });

  it("closes only the recovered part's alerts, and a part's newer fault replaces its older one", async () => {
    await kiosk.deviceAlert('paper_near_end', undefined, 'printer');
    await kiosk.deviceAlert('reader_offline', undefined, 'reader');
    hall.clock.advance(1000);
    await kiosk.deviceAlert('paper_out', undefined, 'printer');
    expect((await active()).map((a) => a.kind)).toEqual(['printer_paper_out', 'reader_offline']);
    const nearEnd = (await hall.admin.alerts()).items.find((a) => a.kind === 'printer_paper_near_end');
    expect(nearEnd).toMatchObject({ active: false, closedReason: 'superseded' });

    await kiosk.deviceAlert('recovered', '打印机已恢复', 'printer');
    expect((await active()).map((a) => a.kind)).toEqual(['reader_offline']);
    // A report naming no part is the whole device recovering.
    await kiosk.deviceAlert('recovered');
    expect(await active()).toEqual([]);
  });

  it("keeps each device's alerts apart", async () => {
    const k2 = new HallClient(hall.url, { token: (await hall.admin.createDevice({ name: '2 号取号机', kind: 'kiosk' })).token });
    await kiosk.deviceAlert('cover_open');
    hall.clock.advance(1000);
    await k2.deviceAlert('cover_open');
    await k2.deviceAlert('recovered');
    expect(await active()).toMatchObject([{ deviceId: kioskId, kind: 'printer_cover_open' }]);
  });

  it("closes a revoked device's open alerts: it will never report recovery", async () => {
    await kiosk.deviceAlert('paper_out');
    await hall.admin.request('DELETE', `/api/v1/devices/${kioskId}`);
    expect(await active()).toEqual([]);
    expect((await hall.admin.alerts()).items).toMatchObject([{ kind: 'printer_paper_out', active: false, closedReason: 'device_revoked' }]);
  });

  it('lets only managers read and acknowledge alerts; an unknown alert is 404', async () => {
    await kiosk.deviceAlert('printer_offline');
    const [alert] = await active();
    await hall.admin.createUser({ username: 'wang', password: 'staff-password', role: 'staff' });
    const staff = hall.anon.withToken((await hall.anon.login('wang', 'staff-password')).token);
    const display = new HallClient(hall.url, { token: (await hall.admin.createDevice({ name: '大屏', kind: 'display' })).token });
    for (const client of [staff, kiosk, display]) {
      await apiError(client.alerts({ active: true }), 403);
      await apiError(client.acknowledgeAlert(alert!.id), 403);
    }
    await apiError(hall.anon.alerts(), 401);
    await apiError(hall.admin.acknowledgeAlert('no-such-alert'), 404, 'ALERT_NOT_FOUND');
    await apiError(hall.admin.request('GET', '/api/v1/alerts?active=yes'), 400, 'VALIDATION_FAILED');
    await apiError(hall.admin.request('GET', '/api/v1/alerts?limit=0'), 400, 'VALIDATION_FAILED');
    await apiError(hall.admin.request('GET', '/api/v1/alerts?cursor=!!'), 400, 'VALIDATION_FAILED');
  });

  it('is described in the OpenAPI with its roles', async () => {
    const doc = await hall.anon.request<{ paths: Record<string, Record<string, { 'x-roles'?: unknown }>> }>('GET', '/api/v1/openapi.json');
    expect(doc.paths['/api/v1/alerts']?.get?.['x-roles']).toEqual(['manager']);
    expect(doc.paths['/api/v1/alerts/{id}/acknowledge']?.post?.['x-roles']).toEqual(['manager']);
  });

  it('pages the history newest first', async () => {
    for (let i = 0; i < 5; i++) {
      await kiosk.deviceAlert(i % 2 === 0 ? 'paper_out' : 'cover_open');
      hall.clock.advance(1000);
    }
    const all = (await hall.admin.alerts()).items;
    expect(all).toHaveLength(5);
    expect(all.map((a) => a.since)).toEqual([...all.map((a) => a.since)].sort().reverse());
    const seen: AlertView[] = [];
    let cursor: string | undefined;
    do {
      const page = await hall.admin.alerts({ limit: 2, ...(cursor ? { cursor } : {}) });
      expect(page.items.length).toBeLessThanOrEqual(2);
      seen.push(...page.items);
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    expect(seen.map((a) => a.id)).toEqual(all.map((a) => a.id));
  });

  it('keeps open, acknowledged and closed alerts across a restart of the hall server, and prunes closed ones after 180 days', async () => {
    await kiosk.deviceAlert('reader_offline', undefined, 'reader');
    await kiosk.deviceAlert('paper_out', undefined, 'printer');
    const reader = (await active()).find((a) => a.kind === 'reader_offline')!;
    await hall.admin.acknowledgeAlert(reader.id);
    await kiosk.deviceAlert('recovered', undefined, 'printer');
    const before = await hall.admin.alerts();
    await hall.close();

    hall = await startTestHall({ now: MORNING + 3_600_000, dir });
    expect(await hall.admin.alerts()).toEqual({ ...before, seq: expect.any(Number) });
    // The open alert is still the one: the device's repeated report does not open another.
    kiosk = new HallClient(hall.url, { token: kioskToken });
    await kiosk.deviceAlert('reader_offline', undefined, 'reader');
    expect((await active()).map((a) => a.id)).toEqual([reader.id]);
    await hall.close();

    // Half a year on, the day rollover forgets the closed alert; the open one stays.
    hall = await startTestHall({ now: MORNING + 181 * 86_400_000, dir });
    expect((await hall.admin.alerts()).items.map((a) => [a.kind, a.active])).toEqual([['reader_offline', true]]);
  });
});

describe('alerts from the kiosk outbox', () => {
  it('a synced device.alert opens an alert dated when the kiosk saw it; a synced recovery closes it, each exactly once', async () => {
    const seen = MORNING - 10 * 60_000;
    const ops = [
      { seq: 1, kind: 'device.alert', alert: 'paper_out', message: '打印机缺纸', component: 'printer', at: new Date(seen).toISOString() },
      { seq: 2, kind: 'device.alert', alert: 'reader_offline', component: 'reader', at: new Date(seen).toISOString() },
    ];
    const push = (body: unknown[]) => kiosk.request<{ results: { status: string }[] }>('POST', '/api/v1/sync/push', { ops: body });
    expect((await push(ops)).results.map((r) => r.status)).toEqual(['applied', 'applied']);
    // The same operations again (a lost answer): applied once.
    await push(ops);
    // Both seen at the same moment: in the order the kiosk sent them (ids made in one millisecond keep their order).
    const open = await active();
    expect(open.map((a) => [a.kind, a.since, a.deviceName])).toEqual([
      ['reader_offline', '2026-11-23T08:50:00.000+08:00', '1 号取号机'],
      ['printer_paper_out', '2026-11-23T08:50:00.000+08:00', '1 号取号机'],
    ]);
    await push([{ seq: 3, kind: 'device.alert', alert: 'recovered', component: 'printer', at: new Date(seen + 60_000).toISOString() }]);
    expect((await active()).map((a) => a.kind)).toEqual(['reader_offline']);
    expect((await hall.admin.alerts()).items.find((a) => a.kind === 'printer_paper_out')).toMatchObject({
      active: false,
      closedAt: '2026-11-23T08:51:00.000+08:00',
    });
  });
});
