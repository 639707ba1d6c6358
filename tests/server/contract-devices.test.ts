// Contract tests of devices: one-time pairing codes redeemed for a device's own token, the list with last seen,
// rename and revoke (token 401 at once, WebSocket closed within a second). Real loopback HTTP, WebSocket and SQLite.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { apiError } from '../helpers/api-error.ts';
import { sendJson, startTestHall, type TestHall } from '../helpers/hall.ts';

let hall: TestHall;
let staffToken: string;
const T0 = Date.parse('2026-12-07T02:00:00Z');

beforeAll(async () => {
  hall = await startTestHall({ now: T0 });
  await hall.admin.createUser({ username: 'dev.staff', password: 'dev.staff-Secret-pw', role: 'staff' });
  staffToken = (await hall.anon.login('dev.staff', 'dev.staff-Secret-pw')).token;
});
afterAll(() => hall.close());

function closedWithin(ws: WebSocket, ms: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`still open after ${ms} ms`)), ms);
    ws.once('close', (code) => {
      clearTimeout(timer);
      resolve(code);
    });
  });
}

describe('POST /api/v1/devices/pairing-codes', () => {
  it('201 {code, qr, expiresAt} for a manager: 8 digits, 10 minutes, a display page address in the QR', async () => {
    const r = await sendJson(hall, 'POST', '/api/v1/devices/pairing-codes', { name: '大厅一号屏', kind: 'display' });
    expect(r.status).toBe(201);
    const body = (await r.json()) as { code: string; qr: string; expiresAt: string; kind: string; name: string };
    expect(body.code).toMatch(/^\d{8}$/);
    expect(body.qr).toBe(`${hall.url}/display/?pair=${body.code}`);
    expect(body.expiresAt).toBe(new Date(T0 + 10 * 60_000).toISOString());
    expect(body).toMatchObject({ name: '大厅一号屏', kind: 'display' });
    // Stored hashed: the clear code is nowhere in the database.
    const rows = hall.server.db.prepare('SELECT * FROM pairing_codes').all();
    expect(rows.length).toBeGreaterThan(0);
    expect(JSON.stringify(rows)).not.toContain(body.code);
    const rate = await hall.admin.createPairingCode({ name: '3号窗评价器', kind: 'rating_pad' });
    expect(rate.qr).toBe(`${hall.url}/rate/?pair=${rate.code}`);
    const kiosk = await hall.admin.createPairingCode({ name: '一号机', kind: 'kiosk' });
    expect(kiosk.qr).toBe(kiosk.code);
  });

  it('400 for a bad body, 401 without a token, 403 for staff', async () => {
    expect((await sendJson(hall, 'POST', '/api/v1/devices/pairing-codes', { name: 'x', kind: 'toaster' })).status).toBe(400);
    expect((await sendJson(hall, 'POST', '/api/v1/devices/pairing-codes', { name: '', kind: 'kiosk' })).status).toBe(400);
    expect((await sendJson(hall, 'POST', '/api/v1/devices/pairing-codes', { name: 'x', kind: 'kiosk', token: 'x' })).status).toBe(400);
    expect((await sendJson(hall, 'POST', '/api/v1/devices/pairing-codes', { name: 'x', kind: 'kiosk' }, null)).status).toBe(401);
    const r = await sendJson(hall, 'POST', '/api/v1/devices/pairing-codes', { name: 'x', kind: 'kiosk' }, staffToken);
    expect(r.status).toBe(403);
  });
});

describe('POST /api/v1/devices/pair', () => {
  it("redeems a code once for the device's own token; again 409, after 10 minutes 410, unknown 404, malformed 400", async () => {
    const { code } = await hall.admin.createPairingCode({ name: '二号屏', kind: 'display' });
    const paired = await hall.anon.pairDevice(`${code.slice(0, 4)} ${code.slice(4)}`);
    expect(paired).toMatchObject({ kind: 'display', name: '二号屏' });
    expect(paired.token.length).toBeGreaterThan(30);
    const board = hall.anon.withToken(paired.token);
    expect(await board.me()).toMatchObject({ kind: 'device', id: paired.deviceId, role: 'display', name: '二号屏' });

    await apiError(hall.anon.pairDevice(code), 409, 'PAIRING_CODE_USED');
    // The first token still works; the second try made none.
    expect((await board.me()).id).toBe(paired.deviceId);
    expect((await hall.admin.devices()).filter((d) => d.name === '二号屏')).toHaveLength(1);

    const late = await hall.admin.createPairingCode({ name: '三号屏', kind: 'display' });
    hall.clock.advance(10 * 60_000);
    await apiError(hall.anon.pairDevice(late.code), 410, 'PAIRING_CODE_EXPIRED');
    await apiError(hall.anon.pairDevice('00000000'), 404, 'PAIRING_CODE_UNKNOWN');
    const forBoard = await hall.admin.createPairingCode({ name: '八号屏', kind: 'display' });
    const e = await apiError(hall.anon.pairDevice(forBoard.code, 'kiosk'), 409, 'PAIRING_CODE_KIND');
    expect(e.details).toEqual({ codeKind: 'display' });
    expect((await hall.anon.pairDevice(forBoard.code, 'display')).name).toBe('八号屏');
    const bad = await sendJson(hall, 'POST', '/api/v1/devices/pair', { code: '12ab' }, null);
    expect(bad.status).toBe(400);
    expect((await sendJson(hall, 'POST', '/api/v1/devices/pair', { code: '1234567' }, null)).status).toBe(400);
  });

  it('429 with Retry-After once an address has tried 5 wrong codes; a right code waits too, then pairs', async () => {
    const own = await startTestHall({ now: T0 });
    try {
      const { code } = await own.admin.createPairingCode({ name: '四号机', kind: 'kiosk' });
      for (let i = 0; i < 5; i++) await apiError(own.anon.pairDevice(`1000000${i}`), 404, 'PAIRING_CODE_UNKNOWN');
      const held = await sendJson(own, 'POST', '/api/v1/devices/pair', { code }, null);
      expect(held.status).toBe(429);
      expect(held.headers.get('retry-after')).toBe('1');
      expect(((await held.json()) as { error: { code: string } }).error.code).toBe('TOO_MANY_ATTEMPTS');
      own.clock.advance(1000);
      expect((await own.anon.pairDevice(code)).kind).toBe('kiosk');
    } finally {
      await own.close();
    }
  });

  it('a rating pad rates visits at its counter but cannot issue tickets', async () => {
    const svc = await hall.admin.createService({ code: 'pad-svc', name: '评价测试', prefix: 'P' });
    const counter = await hall.admin.createCounter({ number: 9, serviceIds: [svc.id] });
    const { code } = await hall.admin.createPairingCode({ name: '9号窗评价器', kind: 'rating_pad' });
    const pad = hall.anon.withToken((await hall.anon.pairDevice(code)).token);
    await hall.admin.signIn(counter.id);
    const t = await hall.admin.issueTicket({ serviceId: svc.id });
    await hall.admin.callNext(counter.id);
    await hall.admin.complete(t.id);
    expect((await pad.pendingRating(counter.id)).ticket?.id).toBe(t.id);
    expect(await pad.rateVisit(t.id, { level: 5 })).toMatchObject({ level: 5, channel: 'rate_page' });
    await apiError(pad.issueTicket({ serviceId: svc.id }, 'pad-key'), 403, 'FORBIDDEN');
    await apiError(pad.callNext(counter.id), 403, 'FORBIDDEN');
  });
});

describe('GET, PATCH and revoke /api/v1/devices', () => {
  it('lists id, name, kind, lastSeenAt, revoked, createdAt and never a token; staff 403', async () => {
    const { code } = await hall.admin.createPairingCode({ name: '五号屏', kind: 'display' });
    const paired = await hall.anon.pairDevice(code);
    const created = hall.clock.now;
    hall.clock.advance(5000);
    await hall.anon.withToken(paired.token).queue();
    const listed = await hall.admin.devices();
    const mine = listed.find((d) => d.id === paired.deviceId)!;
    expect(mine).toEqual({
      id: paired.deviceId,
      name: '五号屏',
      kind: 'display',
      number: null,
      lastSeenAt: new Date(created + 5000).toISOString(),
      revoked: false,
      createdAt: new Date(created).toISOString(),
    });
    const text = JSON.stringify(listed);
    expect(text).not.toContain(paired.token);
    expect(text).not.toMatch(/token/i);
    expect((await sendJson(hall, 'GET', '/api/v1/devices', undefined, staffToken)).status).toBe(403);
  });

  it('PATCH renames (the device acts under its new name at once); 400, 403, 404', async () => {
    const { code } = await hall.admin.createPairingCode({ name: '旧名', kind: 'display' });
    const paired = await hall.anon.pairDevice(code);
    const board = hall.anon.withToken(paired.token);
    expect((await board.me()).name).toBe('旧名');
    expect(await hall.admin.renameDevice(paired.deviceId, '  新名  ')).toMatchObject({ id: paired.deviceId, name: '新名' });
    expect((await board.me()).name).toBe('新名');
    expect((await sendJson(hall, 'PATCH', `/api/v1/devices/${paired.deviceId}`, { name: '' })).status).toBe(400);
    expect((await sendJson(hall, 'PATCH', `/api/v1/devices/${paired.deviceId}`, { name: 'x', kind: 'kiosk' })).status).toBe(400);
    expect((await sendJson(hall, 'PATCH', `/api/v1/devices/${paired.deviceId}`, { name: 'x' }, staffToken)).status).toBe(403);
    await apiError(hall.admin.renameDevice('no-such-device', 'x'), 404, 'DEVICE_NOT_FOUND');
  });

  it('revoke: the token is 401 at once and the open WebSocket closes within a second; again 409, unknown 404, staff 403', async () => {
    const { code } = await hall.admin.createPairingCode({ name: '六号屏', kind: 'display' });
    const paired = await hall.anon.pairDevice(code);
    const board = hall.anon.withToken(paired.token);
    await board.queue(); // the token is now in the lookup cache
    const ws = new WebSocket(board.eventsUrl());
    await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject));
    const closed = closedWithin(ws, 1000);

    expect((await sendJson(hall, 'POST', `/api/v1/devices/${paired.deviceId}/revoke`, undefined, staffToken)).status).toBe(403);
    expect(await hall.admin.revokeDevice(paired.deviceId)).toMatchObject({ id: paired.deviceId, revoked: true });
    expect(await closed).toBe(4401);
    await apiError(board.queue(), 401, 'UNAUTHENTICATED');
    const again = new WebSocket(board.eventsUrl());
    const refused = await new Promise<number | undefined>((resolve) =>
      again.once('unexpected-response', (_req, res) => resolve(res.statusCode)).once('open', () => resolve(undefined)),
    );
    expect(refused).toBe(401);
    await apiError(hall.admin.revokeDevice(paired.deviceId), 409, 'DEVICE_REVOKED');
    await apiError(hall.admin.revokeDevice('no-such-device'), 404, 'DEVICE_NOT_FOUND');
    expect((await hall.admin.devices()).find((d) => d.id === paired.deviceId)?.revoked).toBe(true);
  });
});

describe('last seen', () => {
  it('is kept in memory, not written per request, and stored when the hall flushes (at most once a minute, and on close)', async () => {
    const own = await startTestHall({ now: T0 });
    const dir = own.dir;
    const { code } = await own.admin.createPairingCode({ name: '七号机', kind: 'kiosk' });
    const paired = await own.anon.pairDevice(code);
    const kiosk = own.anon.withToken(paired.token);
    for (let i = 0; i < 5; i++) {
      own.clock.advance(1000);
      await kiosk.services();
    }
    const stored = () => own.server.db.prepare('SELECT last_seen_at FROM devices WHERE id = ?').pluck().get(paired.deviceId);
    expect(stored()).toBeNull();
    expect((await own.admin.devices()).find((d) => d.id === paired.deviceId)?.lastSeenAt).toBe(new Date(T0 + 5000).toISOString());
    await own.server.close();
    const reopened = await startTestHall({ now: T0 + 60_000, dir });
    try {
      expect((await reopened.admin.devices()).find((d) => d.id === paired.deviceId)?.lastSeenAt).toBe(new Date(T0 + 5000).toISOString());
    } finally {
      await reopened.close();
    }
  });
});
