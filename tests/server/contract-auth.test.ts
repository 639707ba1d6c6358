// Contract tests of the hall API: health, sign-in, users, devices, roles and the OpenAPI description.
// Real loopback HTTP against a real hall server over a real SQLite file.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HallApiError, HallClient } from '../../client/hall-client.ts';
import { apiError } from '../helpers/api-error.ts';
import { ADMIN_PASSWORD, startTestHall, type TestHall } from '../helpers/hall.ts';

interface RawReply {
  status: number;
  json: unknown;
  contentType: string | null;
}

async function raw(url: string, method: string, path: string, opts: { token?: string; body?: string; headers?: Record<string, string> } = {}): Promise<RawReply> {
  const res = await fetch(url + path, {
    method,
    headers: { ...(opts.token ? { authorization: `Bearer ${opts.token}` } : {}), ...opts.headers },
    body: opts.body,
  });
  const text = await res.text();
  return { status: res.status, json: text ? JSON.parse(text) : undefined, contentType: res.headers.get('content-type') };
}

function expectErrorBody(r: RawReply, status: number, code?: string): { code: string; message: string; details?: Record<string, unknown> } {
  expect(r.status).toBe(status);
  expect(r.contentType).toMatch(/^application\/json/);
  const body = r.json as { error: { code: string; message: string; details?: Record<string, unknown> } };
  expect(body.error.code).toMatch(/^[A-Z][A-Z0-9_]*$/);
  expect(typeof body.error.message).toBe('string');
  expect(body.error.message.length).toBeGreaterThan(0);
  if (code) expect(body.error.code).toBe(code);
  return body.error;
}

let hall: TestHall;
let staff: HallClient;
let staffUser: { id: string; username: string; role: string };

beforeAll(async () => {
  hall = await startTestHall();
  staffUser = await hall.admin.createUser({ username: 'staff1', password: 'staff-password-1', role: 'staff' });
  staff = hall.anon.withToken((await hall.anon.login('staff1', 'staff-password-1')).token);
});

afterAll(async () => {
  await hall?.close();
});

describe('GET /api/v1/health', () => {
  it('answers 200 {ok:true} as JSON without a token', async () => {
    const r = await raw(hall.url, 'GET', '/api/v1/health');
    expect(r.status).toBe(200);
    expect(r.contentType).toMatch(/^application\/json/);
    expect(r.json).toEqual({ ok: true });
  });
});

describe('POST /api/v1/auth/login', () => {
  it('returns a token and the user {id, username, role}; the token works', async () => {
    const res = await hall.anon.login('admin', ADMIN_PASSWORD);
    expect(typeof res.token).toBe('string');
    expect(res.token.length).toBeGreaterThanOrEqual(20);
    expect(res.user).toMatchObject({ username: 'admin', role: 'manager' });
    expect(typeof res.user.id).toBe('string');
    expect(JSON.stringify(res)).not.toMatch(/scrypt|password/i);
    const me = await hall.anon.withToken(res.token).me();
    expect(me).toMatchObject({ kind: 'user', id: res.user.id, role: 'manager' });
  });

  it('gives every sign-in its own token', async () => {
    const a = await hall.anon.login('staff1', 'staff-password-1');
    const b = await hall.anon.login('staff1', 'staff-password-1');
    expect(a.token).not.toBe(b.token);
    expect(a.user.id).toBe(staffUser.id);
  });

  it('401 BAD_CREDENTIALS on a wrong password and on an unknown user', async () => {
    await apiError(hall.anon.login('admin', 'wrong-password'), 401, 'BAD_CREDENTIALS');
    await apiError(hall.anon.login('nobody-here', 'whatever-pw'), 401, 'BAD_CREDENTIALS');
  });

  it('400 VALIDATION_FAILED naming the field for malformed bodies', async () => {
    let e = expectErrorBody(await raw(hall.url, 'POST', '/api/v1/auth/login', { body: JSON.stringify({ username: 'admin' }) }), 400, 'VALIDATION_FAILED');
    expect(e.details?.field).toBe('password');
    expect(e.message).toContain('password');
    e = expectErrorBody(await raw(hall.url, 'POST', '/api/v1/auth/login', { body: JSON.stringify({ username: 42, password: 'x' }) }), 400, 'VALIDATION_FAILED');
    expect(e.details?.field).toBe('username');
    expectErrorBody(await raw(hall.url, 'POST', '/api/v1/auth/login', { body: '{"username": "admin", "password": ' }), 400, 'VALIDATION_FAILED');
    expectErrorBody(await raw(hall.url, 'POST', '/api/v1/auth/login', { body: '[]' }), 400, 'VALIDATION_FAILED');
    expectErrorBody(await raw(hall.url, 'POST', '/api/v1/auth/login'), 400, 'VALIDATION_FAILED');
  });

  it('logout ends the session: the token then gets 401', async () => {
    const { token } = await hall.anon.login('staff1', 'staff-password-1');
    const c = hall.anon.withToken(token);
    await c.me();
    await c.request('POST', '/api/v1/auth/logout');
    await apiError(c.me(), 401, 'UNAUTHENTICATED');
  });
});

describe('login rate limit', () => {
  it('429 after repeated failures for one username, even with the right password; other users still sign in', async () => {
    const h = await startTestHall();
    try {
      await h.admin.createUser({ username: 'victim', password: 'victim-password', role: 'staff' });
      await h.admin.createUser({ username: 'other', password: 'other-password', role: 'staff' });
      const statuses: number[] = [];
      for (let i = 0; i < 6; i++) {
        const e = await h.anon.login('victim', `wrong-${i}`).then(
          () => null,
          (err: HallApiError) => err,
        );
        statuses.push(e?.status ?? 200);
      }
      expect(statuses.slice(0, 5)).toEqual([401, 401, 401, 401, 401]);
      expect(statuses[5]).toBe(429);
      const blocked = await apiError(h.anon.login('victim', 'victim-password'), 429, 'TOO_MANY_ATTEMPTS');
      expect(blocked.details?.retryAfterSeconds).toBeGreaterThan(0);
      const r = await raw(h.url, 'POST', '/api/v1/auth/login', { body: JSON.stringify({ username: 'victim', password: 'victim-password' }) });
      expectErrorBody(r, 429, 'TOO_MANY_ATTEMPTS');
      expect((await h.anon.login('other', 'other-password')).user.username).toBe('other');
    } finally {
      await h.close();
    }
  });

  it('429 for one address after many failures across usernames', async () => {
    const h = await startTestHall();
    try {
      await h.admin.createUser({ username: 'someone', password: 'someone-password', role: 'staff' });
      let first429 = -1;
      for (let i = 0; i < 110 && first429 < 0; i++) {
        const e = await h.anon.login(`probe${i}`, 'wrong-password').then(
          () => null,
          (err: HallApiError) => err,
        );
        if (e?.status === 429) first429 = i;
        else expect(e?.status).toBe(401);
      }
      // A hall's counters may share one address: the limit is far above what one person mistypes.
      expect(first429).toBe(100);
      await apiError(h.anon.login('someone', 'someone-password'), 429, 'TOO_MANY_ATTEMPTS');
    } finally {
      await h.close();
    }
  });
});

describe('users (manager only)', () => {
  it('201 with {id, username, role} and never the password or its hash; the user can sign in', async () => {
    const u = await hall.admin.createUser({ username: 'clerk.a', password: 'clerk-password', role: 'staff', displayName: '王小明' });
    expect(u).toMatchObject({ username: 'clerk.a', role: 'staff' });
    expect(typeof u.id).toBe('string');
    expect(JSON.stringify(u)).not.toMatch(/clerk-password|scrypt|hash/i);
    const r = await raw(hall.url, 'POST', '/api/v1/users', {
      token: hall.admin.token!,
      body: JSON.stringify({ username: 'boss.b', password: 'boss-password', role: 'manager' }),
    });
    expect(r.status).toBe(201);
    expect(r.json).toMatchObject({ username: 'boss.b', role: 'manager' });
    const login = await hall.anon.login('clerk.a', 'clerk-password');
    expect(login.user).toMatchObject({ id: u.id, role: 'staff' });
    const list = await hall.admin.request<{ username: string }[]>('GET', '/api/v1/users');
    expect(list.map((x) => x.username)).toEqual(expect.arrayContaining(['admin', 'staff1', 'clerk.a', 'boss.b']));
    expect(JSON.stringify(list)).not.toMatch(/scrypt/);
  });

  it('409 USERNAME_TAKEN for a duplicate username', async () => {
    await apiError(hall.admin.createUser({ username: 'staff1', password: 'another-password', role: 'staff' }), 409, 'USERNAME_TAKEN');
  });

  it('403 for a staff token, 401 without or with a bad token', async () => {
    const body = { username: 'sneaky', password: 'sneaky-password', role: 'manager' as const };
    await apiError(staff.createUser(body), 403, 'FORBIDDEN');
    await apiError(hall.anon.createUser(body), 401, 'UNAUTHENTICATED');
    await apiError(hall.anon.withToken('not-a-real-token').createUser(body), 401, 'UNAUTHENTICATED');
    expectErrorBody(await raw(hall.url, 'POST', '/api/v1/users', { body: JSON.stringify(body), headers: { authorization: 'Basic YWRtaW46eA==' } }), 401);
    await apiError(hall.anon.login('sneaky', 'sneaky-password'), 401, 'BAD_CREDENTIALS');
  });

  it('400 VALIDATION_FAILED naming the field', async () => {
    let e = await apiError(hall.admin.createUser({ username: 'shortpw', password: 'short', role: 'staff' }), 400, 'VALIDATION_FAILED');
    expect(e.details?.field).toBe('password');
    e = await apiError(hall.admin.request('POST', '/api/v1/users', { username: 'kiosky', password: 'long-enough-pw', role: 'kiosk' }), 400, 'VALIDATION_FAILED');
    expect(e.details?.field).toBe('role');
    e = await apiError(hall.admin.createUser({ username: 'a b', password: 'long-enough-pw', role: 'staff' }), 400, 'VALIDATION_FAILED');
    expect(e.details?.field).toBe('username');
    expect(e.message).toContain('username');
  });
});

describe('devices', () => {
  let serviceId: string;
  let counterId: string;

  beforeAll(async () => {
    serviceId = (await hall.admin.createService({ code: 'dev-svc', name: '设备测试', prefix: 'D' })).id;
    counterId = (await hall.admin.createCounter({ number: 1, serviceIds: [serviceId] })).id;
  });

  it('201 {id, token} for kiosk and display; manager only', async () => {
    const r = await raw(hall.url, 'POST', '/api/v1/devices', { token: hall.admin.token!, body: JSON.stringify({ name: 'Kiosk 1', kind: 'kiosk' }) });
    expect(r.status).toBe(201);
    const dev = r.json as { id: string; token: string; kind: string };
    expect(typeof dev.id).toBe('string');
    expect(typeof dev.token).toBe('string');
    expect(dev.kind).toBe('kiosk');
    await apiError(staff.createDevice({ name: 'x', kind: 'kiosk' }), 403, 'FORBIDDEN');
    await apiError(hall.anon.createDevice({ name: 'x', kind: 'kiosk' }), 401, 'UNAUTHENTICATED');
    const e = await apiError(hall.admin.request('POST', '/api/v1/devices', { name: 'x', kind: 'printer' }), 400, 'VALIDATION_FAILED');
    expect(e.details?.field).toBe('kind');
    const listed = await hall.admin.request<{ id: string }[]>('GET', '/api/v1/devices');
    expect(listed.map((d) => d.id)).toContain(dev.id);
    expect(JSON.stringify(listed)).not.toContain(dev.token);
  });

  it('a kiosk token issues tickets and reads services and queue, but cannot call, set up or manage', async () => {
    const kiosk = hall.anon.withToken((await hall.admin.createDevice({ name: 'Kiosk 2', kind: 'kiosk' })).token);
    expect((await kiosk.services()).map((s) => s.id)).toContain(serviceId);
    expect((await kiosk.queue()).services.map((s) => s.id)).toContain(serviceId);
    const t = await kiosk.issueTicket({ serviceId }, 'kiosk-key-1');
    expect(t.status).toBe('waiting');
    expect((await kiosk.ticket(t.id)).id).toBe(t.id);
    await apiError(kiosk.callNext(counterId), 403, 'FORBIDDEN');
    await apiError(kiosk.signIn(counterId), 403, 'FORBIDDEN');
    await apiError(kiosk.pause(counterId, 'break'), 403, 'FORBIDDEN');
    await apiError(kiosk.complete(t.id), 403, 'FORBIDDEN');
    await apiError(kiosk.createService({ code: 'k', name: 'k', prefix: 'K' }), 403, 'FORBIDDEN');
    await apiError(kiosk.createUser({ username: 'kk1', password: 'kiosk-password', role: 'manager' }), 403, 'FORBIDDEN');
    await apiError(kiosk.createDevice({ name: 'k', kind: 'kiosk' }), 403, 'FORBIDDEN');
    await apiError(kiosk.createAppointment({ code: 'KIOSK-1', serviceId, windowStart: new Date().toISOString(), windowEnd: new Date(Date.now() + 3_600_000).toISOString() }), 403, 'FORBIDDEN');
    await apiError(kiosk.request('PUT', '/api/v1/settings', { hallName: 'x' }), 403, 'FORBIDDEN');
  });

  it('a display token reads queue, services and tickets but cannot issue, rate or call', async () => {
    const display = hall.anon.withToken((await hall.admin.createDevice({ name: 'Board', kind: 'display' })).token);
    const q = await display.queue();
    expect(typeof q.seq).toBe('number');
    await display.services();
    const t = await hall.admin.issueTicket({ serviceId });
    expect((await display.ticket(t.id)).number).toBe(t.number);
    await apiError(display.issueTicket({ serviceId }, 'display-key'), 403, 'FORBIDDEN');
    await apiError(display.rate(t.id, 5), 403, 'FORBIDDEN');
    await apiError(display.callNext(counterId), 403, 'FORBIDDEN');
    await apiError(display.cancel(t.id), 403, 'FORBIDDEN');
    expect((await display.ticket(t.id)).status).toBe('waiting');
  });

  it('a revoked device token gets 401; revoking an unknown device is 404', async () => {
    const dev = await hall.admin.createDevice({ name: 'Kiosk 3', kind: 'kiosk' });
    const kiosk = hall.anon.withToken(dev.token);
    await kiosk.issueTicket({ serviceId }, 'before-revoke');
    await kiosk.queue();
    expect(await hall.admin.request('DELETE', `/api/v1/devices/${dev.id}`)).toEqual({ ok: true });
    await apiError(kiosk.queue(), 401, 'UNAUTHENTICATED');
    await apiError(kiosk.issueTicket({ serviceId }, 'after-revoke'), 401, 'UNAUTHENTICATED');
    await apiError(hall.admin.request('DELETE', '/api/v1/devices/no-such-device'), 404);
    await apiError(staff.request('DELETE', `/api/v1/devices/${dev.id}`), 403, 'FORBIDDEN');
  });
});

describe('GET /api/v1/openapi.json', () => {
  it('is public and lists every path and method of the contract', async () => {
    const r = await raw(hall.url, 'GET', '/api/v1/openapi.json');
    expect(r.status).toBe(200);
    const doc = r.json as { openapi: string; paths: Record<string, Record<string, unknown>> };
    expect(doc.openapi).toMatch(/^3\./);
    const contract: [string, string][] = [
      ['get', '/api/v1/health'],
      ['post', '/api/v1/auth/login'],
      ['post', '/api/v1/users'],
      ['post', '/api/v1/devices'],
      ['post', '/api/v1/services'],
      ['get', '/api/v1/services'],
      ['post', '/api/v1/counters'],
      ['post', '/api/v1/tickets'],
      ['get', '/api/v1/tickets/{id}'],
      ['post', '/api/v1/counters/{id}/call-next'],
      ['post', '/api/v1/counters/{id}/recall'],
      ['post', '/api/v1/counters/{id}/pause'],
      ['post', '/api/v1/counters/{id}/resume'],
      ['post', '/api/v1/tickets/{id}/complete'],
      ['post', '/api/v1/tickets/{id}/no-show'],
      ['post', '/api/v1/tickets/{id}/transfer'],
      ['post', '/api/v1/tickets/{id}/rating'],
      ['get', '/api/v1/queue'],
      ['get', '/api/v1/events'],
    ];
    const missing = contract.filter(([m, p]) => !doc.paths[p]?.[m]).map(([m, p]) => `${m.toUpperCase()} ${p}`);
    expect(missing).toEqual([]);
    const tickets = doc.paths['/api/v1/tickets']!.post as { requestBody?: { content: Record<string, { schema: { properties: Record<string, unknown> } }> } };
    expect(Object.keys(tickets.requestBody!.content['application/json']!.schema.properties)).toEqual(
      expect.arrayContaining(['serviceId', 'priority', 'idCardNumber', 'appointmentCode']),
    );
  });
});

describe('unknown endpoints and methods', () => {
  it('404 NOT_FOUND for an unknown path and 405 for a wrong method, as contract error bodies', async () => {
    expectErrorBody(await raw(hall.url, 'GET', '/api/v1/nope', { token: hall.admin.token! }), 404);
    expectErrorBody(await raw(hall.url, 'DELETE', '/api/v1/health'), 405);
  });
});
