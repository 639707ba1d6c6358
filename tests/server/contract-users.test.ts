// Contract tests of staff accounts: list, role and disable, password reset and the forced change.
// Real loopback HTTP and WebSocket against a real hall server over a real SQLite file.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { HallClient } from '../../client/hall-client.ts';
import { apiError } from '../helpers/api-error.ts';
import { startTestHall, type TestHall } from '../helpers/hall.ts';

let hall: TestHall;
let adminId: string;

beforeAll(async () => {
  hall = await startTestHall();
  adminId = (await hall.admin.me()).id;
});
afterAll(() => hall.close());

async function staffMember(username: string, role: 'staff' | 'manager' = 'staff'): Promise<{ id: string; client: HallClient; token: string }> {
  const password = `${username}-Secret-pw`;
  const { id } = await hall.admin.createUser({ username, password, role, displayName: `员工${username}` });
  const { token } = await hall.anon.login(username, password);
  return { id, client: hall.anon.withToken(token), token };
}

/** Resolves with the close code once the socket closes; rejects if it does not within `ms`. */
function closedWithin(ws: WebSocket, ms: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`still open after ${ms} ms`)), ms);
    ws.once('close', (code) => {
      clearTimeout(timer);
      resolve(code);
    });
  });
}

describe('GET /api/v1/users', () => {
  it('lists every user with the documented fields and no password data', async () => {
    await staffMember('list.a');
    const list = await hall.admin.users();
    const a = list.find((u) => u.username === 'list.a')!;
    expect(Object.keys(a).sort()).toEqual(['createdAt', 'disabled', 'displayName', 'id', 'mustChangePassword', 'role', 'signIn', 'username']);
    expect(a.signIn).toEqual({ failures: 0, throttledUntil: null });
    expect(a).toMatchObject({ role: 'staff', disabled: false, mustChangePassword: false, displayName: '员工list.a' });
    expect(Number.isNaN(Date.parse(a.createdAt))).toBe(false);
    expect(JSON.stringify(list)).not.toMatch(/scrypt|hash|Secret-pw/i);
  });

  it('403 for staff, 401 without a token', async () => {
    const s = await staffMember('list.b');
    await apiError(s.client.users(), 403, 'FORBIDDEN');
    await apiError(hall.anon.users(), 401, 'UNAUTHENTICATED');
  });
});

describe('password policy on create', () => {
  it.each([
    ['Ab1', 'at least 10 characters'],
    ['policy.user', 'must not be the username'],
    ['onlylowercaseletters', 'mix at least two'],
    ['aaaaaaaaaa1', 'at least 4 different'],
  ])('400 VALIDATION_FAILED for %s, saying why', async (password, reason) => {
    const e = await apiError(hall.admin.createUser({ username: 'policy.user', password, role: 'staff' }), 400, 'VALIDATION_FAILED');
    expect(e.details?.field).toBe('password');
    expect(e.message).toContain(reason);
  });
});

describe('PATCH /api/v1/users/:id', () => {
  it('changes the role: 200 with the user, and the next request sees the new role at once', async () => {
    const s = await staffMember('role.a');
    await apiError(s.client.users(), 403, 'FORBIDDEN');
    const user = await hall.admin.updateUser(s.id, { role: 'manager' });
    expect(user).toMatchObject({ id: s.id, role: 'manager', disabled: false });
    expect((await s.client.users()).length).toBeGreaterThan(0);
    await hall.admin.updateUser(s.id, { role: 'staff' });
    await apiError(s.client.users(), 403, 'FORBIDDEN');
  });

  it('disabling: the old token is 401 at once, login is refused like a bad password, the counter closes, the WebSocket closes within a second', async () => {
    const svc = await hall.admin.createService({ code: 'social', name: '社保', prefix: 'S' });
    const counter = await hall.admin.createCounter({ number: 41, serviceIds: [svc.id] });
    const s = await staffMember('disable.a');
    await s.client.signIn(counter.id);
    expect((await s.client.me()).id).toBe(s.id); // the token is now in the lookup cache
    const ws = new WebSocket(s.client.eventsUrl());
    await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject));
    const closed = closedWithin(ws, 1000);

    const user = await hall.admin.updateUser(s.id, { disabled: true });
    expect(user).toMatchObject({ id: s.id, disabled: true });
    expect(await closed).toBe(4401);
    await apiError(s.client.me(), 401, 'UNAUTHENTICATED');
    await apiError(hall.anon.login('disable.a', 'disable.a-Secret-pw'), 401, 'BAD_CREDENTIALS');
    const c = (await hall.admin.counters()).find((x) => x.id === counter.id)!;
    expect(c).toMatchObject({ state: 'closed', staffUserId: null });
    const again = new WebSocket(s.client.eventsUrl());
    const refused = await new Promise<number>((resolve) => again.once('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0)));
    expect(refused).toBe(401);

    // Enabled again: the password works, the old token stays dead.
    await hall.admin.updateUser(s.id, { disabled: false });
    await apiError(s.client.me(), 401, 'UNAUTHENTICATED');
    expect((await hall.anon.login('disable.a', 'disable.a-Secret-pw')).user.id).toBe(s.id);
  });

  it('409 OWN_ACCOUNT: a manager cannot disable or demote themselves', async () => {
    await apiError(hall.admin.updateUser(adminId, { disabled: true }), 409, 'OWN_ACCOUNT');
    await apiError(hall.admin.updateUser(adminId, { role: 'staff' }), 409, 'OWN_ACCOUNT');
    expect((await hall.admin.me()).role).toBe('manager');
  });

  it('409 LAST_MANAGER: two managers demoting each other at once leave one manager, never none', async () => {
    const h = await startTestHall();
    try {
      const adminUser = (await h.admin.me()).id;
      const other = await h.admin.createUser({ username: 'boss2', password: 'boss2-Secret-pw', role: 'manager' });
      const { token } = await h.anon.login('boss2', 'boss2-Secret-pw');
      // boss2's request was let in (still a manager) just before admin's demotion of boss2 committed.
      const boss2InFlight = h.server.context.auth.authenticate(token)!;
      await h.admin.updateUser(other.id, { role: 'staff' });
      const refused = await h.server.context.auth.updateUser(boss2InFlight, adminUser, { disabled: true }).catch((e: unknown) => e);
      expect(refused).toMatchObject({ status: 409, code: 'LAST_MANAGER' });
      expect((refused as Error).message).toContain('make another user a manager first');
      const managers = h.server.db.prepare("SELECT COUNT(*) AS n FROM users WHERE role = 'manager' AND disabled = 0").get() as { n: number };
      expect(managers.n).toBe(1);
    } finally {
      await h.close();
    }
  });

  it('400 for an empty or unknown patch, 404 for an unknown user, 403 for staff', async () => {
    const s = await staffMember('patch.a');
    let e = await apiError(hall.admin.request('PATCH', `/api/v1/users/${s.id}`, {}), 400, 'VALIDATION_FAILED');
    expect(e.message).toContain('role or disabled');
    e = await apiError(hall.admin.request('PATCH', `/api/v1/users/${s.id}`, { role: 'kiosk' }), 400, 'VALIDATION_FAILED');
    expect(e.details?.field).toBe('role');
    await apiError(hall.admin.request('PATCH', `/api/v1/users/${s.id}`, { password: 'x' }), 400, 'VALIDATION_FAILED');
    await apiError(hall.admin.updateUser('no-such-user', { disabled: true }), 404, 'USER_NOT_FOUND');
    await apiError(s.client.updateUser(s.id, { role: 'manager' }), 403, 'FORBIDDEN');
  });
});

describe('POST /api/v1/users/:id/reset-password and the forced change', () => {
  it('reset → login says mustChangePassword → 403 PASSWORD_CHANGE_REQUIRED until changed → then works', async () => {
    const s = await staffMember('reset.a');
    const { temporaryPassword } = await hall.admin.resetPassword(s.id);
    expect(temporaryPassword.length).toBeGreaterThanOrEqual(10);
    expect(JSON.stringify(await hall.admin.users())).not.toContain(temporaryPassword);
    // The reset ends the user's sessions, and the old password is gone.
    await apiError(s.client.me(), 401, 'UNAUTHENTICATED');
    await apiError(hall.anon.login('reset.a', 'reset.a-Secret-pw'), 401, 'BAD_CREDENTIALS');

    const login = await hall.anon.login('reset.a', temporaryPassword);
    expect(login.mustChangePassword).toBe(true);
    const c = hall.anon.withToken(login.token);
    expect(await c.me()).toMatchObject({ id: s.id, mustChangePassword: true });
    await apiError(c.queue(), 403, 'PASSWORD_CHANGE_REQUIRED');
    await apiError(c.counters(), 403, 'PASSWORD_CHANGE_REQUIRED');
    const ws = new WebSocket(c.eventsUrl());
    expect(await new Promise<number>((resolve) => ws.once('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0)))).toBe(403);
    expect((await hall.admin.users()).find((u) => u.id === s.id)!.mustChangePassword).toBe(true);

    let e = await apiError(c.changePassword('wrong-current-pw', 'New-password-1'), 400, 'VALIDATION_FAILED');
    expect(e.details?.field).toBe('currentPassword');
    e = await apiError(c.changePassword(temporaryPassword, 'short'), 400, 'VALIDATION_FAILED');
    expect(e.details?.field).toBe('newPassword');
    e = await apiError(c.changePassword(temporaryPassword, temporaryPassword), 400, 'VALIDATION_FAILED');
    expect(e.message).toContain('differ');
    await apiError(c.queue(), 403, 'PASSWORD_CHANGE_REQUIRED');

    await c.changePassword(temporaryPassword, 'New-password-1');
    expect((await c.queue()).seq).toBeGreaterThanOrEqual(0);
    expect((await c.me()).mustChangePassword).toBeUndefined();
    const next = await hall.anon.login('reset.a', 'New-password-1');
    expect(next.mustChangePassword).toBeUndefined();
    expect((await hall.admin.users()).find((u) => u.id === s.id)!.mustChangePassword).toBe(false);
  });

  it('any signed-in user may change their own password; 401 without a token; 404/403 on reset', async () => {
    const s = await staffMember('change.a');
    await s.client.changePassword('change.a-Secret-pw', 'Another-pass-2');
    expect((await hall.anon.login('change.a', 'Another-pass-2')).user.id).toBe(s.id);
    await apiError(hall.anon.changePassword('x', 'Another-pass-3'), 401, 'UNAUTHENTICATED');
    await apiError(hall.admin.resetPassword('no-such-user'), 404, 'USER_NOT_FOUND');
    await apiError(s.client.resetPassword(s.id), 403, 'FORBIDDEN');
    const e = await apiError(s.client.changePassword('Another-pass-2', 'change.a'), 400, 'VALIDATION_FAILED');
    expect(e.message).toContain('10 characters');
  });
});

describe('OpenAPI', () => {
  it('describes the new endpoints', async () => {
    const doc = await hall.anon.request<{ paths: Record<string, Record<string, unknown>> }>('GET', '/api/v1/openapi.json');
    expect(doc.paths['/api/v1/users/{id}']?.patch).toBeDefined();
    expect(doc.paths['/api/v1/users/{id}/reset-password']?.post).toBeDefined();
    expect(doc.paths['/api/v1/auth/password']?.post).toBeDefined();
  });
});
