// Contract tests of the hall API: health, sign-in, users, devices, roles and the OpenAPI description.
// Real loopback HTTP against a real hall server over a real SQLite file.
import { request, type IncomingHttpHeaders } from 'node:http';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { HallClient } from '../../client/hall-client.ts';
import { apiError } from '../helpers/api-error.ts';
import { ADMIN_PASSWORD, startTestHall, type TestHall } from '../helpers/hall.ts';

interface RawReply {
  status: number;
  json: unknown;
  contentType: string | null;
}

async function raw(
  url: string,
  method: string,
  path: string,
  opts: { token?: string; body?: string; headers?: Record<string, string> } = {},
): Promise<RawReply> {
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

/** A sign-in from a given loopback address (Linux routes all of 127/8 to lo), with the reply's headers. */
function loginFrom(
  url: string,
  from: string,
  username: string,
  password: string,
  cookie?: string,
): Promise<{ status: number; headers: IncomingHttpHeaders; json: { token?: string; error?: { code: string; details?: { retryAfterSeconds?: number } } } }> {
  const body = JSON.stringify({ username, password });
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: hostname,
        port,
        localAddress: from,
        method: 'POST',
        path: '/api/v1/auth/login',
        headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), ...(cookie ? { cookie } : {}) },
      },
      (res) => {
        let text = '';
        res.on('data', (c: Buffer) => (text += c.toString()));
        res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, json: JSON.parse(text) }));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

/** The device cookie a sign-in set, as a browser would send it back. */
const deviceCookie = (headers: IncomingHttpHeaders): string => {
  const set = headers['set-cookie']?.find((c) => c.startsWith('hall_login_device='));
  expect(set).toBeDefined();
  expect(set).toMatch(/; HttpOnly/);
  expect(set).toMatch(/; SameSite=Strict/);
  return set!.split(';')[0]!;
};

async function expectThrottled(r: Awaited<ReturnType<typeof loginFrom>>, seconds?: number): Promise<void> {
  expect(r.status).toBe(429);
  expect(r.json.error?.code).toBe('TOO_MANY_ATTEMPTS');
  const retryAfter = Number(r.headers['retry-after']);
  expect(retryAfter).toBeGreaterThanOrEqual(1);
  expect(r.json.error?.details?.retryAfterSeconds).toBe(retryAfter);
  if (seconds !== undefined) expect(retryAfter).toBe(seconds);
}

describe('login throttling', () => {
  let h: TestHall;
  beforeEach(async () => {
    h = await startTestHall({ now: Date.parse('2026-03-02T09:00:00+08:00') });
    await h.admin.createUser({ username: 'victim', password: 'victim-password', role: 'staff' });
  });
  afterEach(async () => {
    await h.close();
  });

  it('per username and address: free attempts, then delays of 1 s, 2 s, 4 s …, each 429 with Retry-After', async () => {
    const attacker = '127.0.0.3';
    for (let i = 0; i < 5; i++) expect((await loginFrom(h.url, attacker, 'victim', `wrong-${i}`)).status).toBe(401);
    for (const seconds of [1, 2, 4, 8]) {
      await expectThrottled(await loginFrom(h.url, attacker, 'victim', 'wrong-again'), seconds);
      // Even the right password waits: the delay holds whatever is sent.
      await expectThrottled(await loginFrom(h.url, attacker, 'victim', 'victim-password'), seconds);
      h.clock.advance(seconds * 1000 - 1);
      await expectThrottled(await loginFrom(h.url, attacker, 'victim', 'wrong-again'), 1);
      h.clock.advance(1);
      expect((await loginFrom(h.url, attacker, 'victim', 'wrong-again')).status).toBe(401);
    }
    h.clock.advance(16_000);
    expect((await loginFrom(h.url, attacker, 'victim', 'victim-password')).status).toBe(200);
    // A success starts the count again.
    for (let i = 0; i < 5; i++) expect((await loginFrom(h.url, attacker, 'victim', `wrong-${i}`)).status).toBe(401);
    await expectThrottled(await loginFrom(h.url, attacker, 'victim', 'wrong'), 1);
  });

  it('the right password from an address the user signed in from before still signs in after an attacker’s failures elsewhere', async () => {
    const counter = '127.0.0.2';
    expect((await loginFrom(h.url, counter, 'victim', 'victim-password')).status).toBe(200);
    // Twenty failures from four addresses: enough to slow the user down from any address not trusted.
    for (let a = 3; a <= 6; a++) for (let i = 0; i < 5; i++) expect((await loginFrom(h.url, `127.0.0.${a}`, 'victim', `guess-${a}-${i}`)).status).toBe(401);
    await expectThrottled(await loginFrom(h.url, '127.0.0.9', 'victim', 'victim-password'));
    const r = await loginFrom(h.url, counter, 'victim', 'victim-password');
    expect(r.status).toBe(200);
    expect(typeof r.json.token).toBe('string');
  });

  it('an attacker behind the same address as the user: the user’s browser (device cookie) still signs in', async () => {
    const hallNat = '127.0.0.4';
    const first = await loginFrom(h.url, '127.0.0.2', 'victim', 'victim-password');
    expect(first.status).toBe(200);
    const cookie = deviceCookie(first.headers);
    for (let i = 0; i < 12; i++) {
      const r = await loginFrom(h.url, hallNat, 'victim', `guess-${i}`);
      expect([401, 429]).toContain(r.status);
    }
    await expectThrottled(await loginFrom(h.url, hallNat, 'victim', 'victim-password'));
    expect((await loginFrom(h.url, hallNat, 'victim', 'victim-password', cookie)).status).toBe(200);
    // A forged or foreign cookie is no cookie at all.
    const forged = cookie.replace(/.$/, (c) => (c === 'A' ? 'B' : 'A'));
    await expectThrottled(await loginFrom(h.url, hallNat, 'victim', 'victim-password', forged));
  });

  it('made-up usernames throttle their address for unknown names only: known users behind it sign in', async () => {
    await h.admin.createUser({ username: 'someone', password: 'someone-password', role: 'staff' });
    const nat = '127.0.0.6';
    const statuses: number[] = [];
    for (let i = 0; i < 24; i++) {
      const r = await loginFrom(h.url, nat, `probe${i}`, 'wrong-password');
      statuses.push(r.status);
      if (r.status === 429) await expectThrottled(r);
    }
    expect(statuses.slice(0, 20)).toEqual(Array(20).fill(401));
    expect(statuses.slice(20)).toEqual([429, 429, 429, 429]);
    // Known users behind that address, one of them never signed in before, are not slowed down.
    expect((await loginFrom(h.url, nat, 'someone', 'someone-password')).status).toBe(200);
    expect((await loginFrom(h.url, nat, 'victim', 'victim-password')).status).toBe(200);
    // Another address probing names is not held back by the first.
    expect((await loginFrom(h.url, '127.0.0.7', 'probe-x', 'wrong-password')).status).toBe(401);
  });

  it('every 429 carries Retry-After in seconds, through the typed client too', async () => {
    for (let i = 0; i < 5; i++) await apiError(h.anon.login('victim', `wrong-${i}`), 401, 'BAD_CREDENTIALS');
    const blocked = await apiError(h.anon.login('victim', 'victim-password'), 429, 'TOO_MANY_ATTEMPTS');
    expect(blocked.details?.retryAfterSeconds).toBe(1);
    const res = await fetch(`${h.url}/api/v1/auth/login`, { method: 'POST', body: JSON.stringify({ username: 'victim', password: 'x' }) });
    expect(res.status).toBe(429);
    expect(res.headers.get('retry-after')).toBe('1');
    expectErrorBody({ status: res.status, json: await res.json(), contentType: res.headers.get('content-type') }, 429, 'TOO_MANY_ATTEMPTS');
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
    e = await apiError(
      hall.admin.request('POST', '/api/v1/users', { username: 'kiosky', password: 'long-enough-pw', role: 'kiosk' }),
      400,
      'VALIDATION_FAILED',
    );
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
    await apiError(
      kiosk.createAppointment({ code: 'KIOSK-1', serviceId, windowStart: new Date().toISOString(), windowEnd: new Date(Date.now() + 3_600_000).toISOString() }),
      403,
      'FORBIDDEN',
    );
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
