// Sign-in, tokens and roles: scrypt password hashes, hashed bearer tokens, login rate limiting.
import { createHmac, hash, hkdfSync, randomBytes, randomInt, randomUUID, scrypt as scryptCb, timingSafeEqual } from 'node:crypto';
import { promisify } from 'node:util';
import { HallError, conflict, invalid, notFound } from '../core/errors.ts';
import type { Actor, DeviceKind, PublicUser, SignInState, StaffUser, UserRole } from '../core/model.ts';
import { passwordProblem } from '../core/password-policy.ts';
import type { AuthStore, UserRow } from '../db/auth-store.ts';
import type { RunCommand } from './commands.ts';

const scrypt = promisify(scryptCb) as (password: string, salt: Buffer, keylen: number, options: object) => Promise<Buffer>;
const SCRYPT = { N: 16384, r: 8, p: 1, maxmem: 64 * 1024 * 1024 };
const SESSION_MS = 12 * 3600_000;

export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await scrypt(password, salt, 32, SCRYPT);
  return `scrypt$${SCRYPT.N}$${SCRYPT.r}$${SCRYPT.p}$${salt.toString('base64')}$${key.toString('base64')}`;
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, n, r, p, salt, key] = stored.split('$');
  if (scheme !== 'scrypt' || !salt || !key) return false;
  const expected = Buffer.from(key, 'base64');
  const actual = await scrypt(password, Buffer.from(salt, 'base64'), expected.length, {
    N: Number(n),
    r: Number(r),
    p: Number(p),
    maxmem: SCRYPT.maxmem,
  });
  return timingSafeEqual(actual, expected);
}

export const tokenHash = (token: string): string => hash('sha256', token);
const newToken = (): string => randomBytes(32).toString('base64url');
const badCredentials = () => new HallError(401, 'BAD_CREDENTIALS', 'wrong username or password: check them and try again');

/**
 * Failed sign-ins per key with growing delays: `free` failures cost nothing, then each further one makes the key wait
 * 1 s, 2 s, 4 s … up to `capMs` after it. A key's failures are forgotten `forgetMs` after its last one.
 */
export class Throttle {
  private readonly keys = new Map<string, { failures: number; last: number }>();
  constructor(
    private readonly free: number,
    private readonly capMs: number,
    private readonly forgetMs = 30 * 60_000,
    private readonly maxKeys = 50_000,
  ) {}

  private current(key: string, now: number): { failures: number; last: number } | undefined {
    const entry = this.keys.get(key);
    if (entry && now - entry.last > this.forgetMs) this.keys.delete(key);
    else return entry;
    return undefined;
  }

  waitMs(key: string, now: number): number {
    const entry = this.current(key, now);
    if (!entry || entry.failures < this.free) return 0;
    return Math.max(0, entry.last + Math.min(this.capMs, 1000 * 2 ** (entry.failures - this.free)) - now);
  }

  fail(key: string, now: number): void {
    const failures = (this.current(key, now)?.failures ?? 0) + 1;
    this.keys.delete(key);
    this.keys.set(key, { failures, last: now });
    // Oldest first: an attacker filling the table pushes out only stale keys first.
    if (this.keys.size > this.maxKeys) this.keys.delete(this.keys.keys().next().value!);
  }

  clear(key: string): void {
    this.keys.delete(key);
  }

  /** Every remembered key with its failures and when its wait ends (null while its failures are still free). */
  *entries(now: number): Generator<[key: string, failures: number, until: number | null]> {
    for (const [key, entry] of this.keys) {
      if (now - entry.last > this.forgetMs) continue;
      const until = entry.failures < this.free ? null : entry.last + Math.min(this.capMs, 1000 * 2 ** (entry.failures - this.free));
      yield [key, entry.failures, until];
    }
  }
}

/** The cookie that marks a browser some users signed in from before: `userId.issuedAt.signature`, several joined by `~`. */
export const DEVICE_COOKIE = 'hall_login_device';
const DEVICE_COOKIE_DAYS = 90;
const DEVICE_COOKIE_USERS = 8;
/** Addresses a user signed in from, kept per user (newest last). */
const TRUSTED_ADDRESSES = 32;

export const publicUser = (u: UserRow): PublicUser => ({ id: u.id, username: u.username, role: u.role, displayName: u.displayName });

export const staffUser = (u: UserRow): StaffUser => ({
  ...publicUser(u),
  disabled: u.disabled,
  mustChangePassword: u.mustChangePassword ?? false,
  createdAt: new Date(u.createdAt).toISOString(),
});

/** Letters and digits that cannot be misread when a manager reads a temporary password out (no 0/O, 1/l/I). */
const TEMPORARY_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnpqrstuvwxyz23456789';

export interface SignIn {
  token: string;
  user: PublicUser;
  /** Present (true) after a manager's reset: every endpoint but the password change, me and logout answers 403 until then. */
  mustChangePassword?: true;
  /** Set-Cookie value that marks this browser as one the user signed in from. */
  deviceCookie: string;
}

export class Auth {
  /** Per known user and source (a trusted browser, else the address): the attempts one person at one place makes. */
  private readonly bySource = new Throttle(5, 5 * 60_000);
  /** Per known user, from untrusted sources only: guessing spread over many addresses. */
  private readonly byUser = new Throttle(20, 5 * 60_000);
  /** Per address, unknown usernames only: probing names never slows down known users behind the same address. */
  private readonly byAddress = new Throttle(20, 5 * 60_000);
  private readonly trustedAddresses = new Map<string, Map<string, number>>();
  private readonly deviceKey: Buffer;
  private readonly cache = new Map<string, { actor: Actor; until: number }>();
  /** When each device last made a request, kept here and written at most once a minute (server/devices.ts). */
  readonly devicesSeen = new Map<string, number>();
  private dummyHash: Promise<string> | null = null;

  constructor(
    private readonly store: AuthStore,
    private readonly run: RunCommand,
    private readonly now: () => number,
    /** Server secret the device cookies are signed with (derived, never used as is); random when absent. */
    secret: Buffer = randomBytes(32),
  ) {
    this.deviceKey = Buffer.from(hkdfSync('sha256', secret, Buffer.alloc(0), 'hall login device cookie', 32));
  }

  async login(username: string, password: string, address: string, cookieHeader?: string): Promise<SignIn> {
    const now = this.now();
    const user = this.store.userByName(username);
    if (!user) {
      this.refuseIfWaiting(this.byAddress.waitMs(address, now));
      // Unknown names cost the same time as known ones, so names cannot be probed by timing.
      await this.burn(password);
      this.byAddress.fail(address, now);
      await this.run('loginFailed', null, 'unknown_user');
      throw badCredentials();
    }
    const devices = this.deviceEntries(cookieHeader, now);
    const device = devices.find((d) => d.userId === user.id);
    const trusted = device !== undefined || this.isTrustedAddress(user.id, address, now);
    const sourceKey = `${user.id}\n${device ? `device ${device.signature}` : `address ${address}`}`;
    this.refuseIfWaiting(Math.max(this.bySource.waitMs(sourceKey, now), trusted ? 0 : this.byUser.waitMs(user.id, now)));
    const ok = user.disabled ? (await this.burn(password), false) : await verifyPassword(password, user.passwordHash);
    if (!ok) {
      this.bySource.fail(sourceKey, now);
      if (!trusted) this.byUser.fail(user.id, now);
      await this.run('loginFailed', { id: user.id, name: user.displayName ?? user.username }, user.disabled ? 'disabled' : 'bad_password');
      throw badCredentials();
    }
    this.bySource.clear(sourceKey);
    this.trustAddress(user.id, address, now);
    const token = newToken();
    await this.run('insertSession', tokenHash(token), user.id, now + SESSION_MS);
    const cookie = [this.deviceEntry(user.id, now), ...devices.filter((d) => d.userId !== user.id).map((d) => d.raw)].slice(0, DEVICE_COOKIE_USERS);
    return {
      token,
      user: publicUser(user),
      ...(user.mustChangePassword ? { mustChangePassword: true as const } : {}),
      deviceCookie: `${DEVICE_COOKIE}=${cookie.join('~')}; Path=/api/v1/auth/login; Max-Age=${DEVICE_COOKIE_DAYS * 86_400}; HttpOnly; SameSite=Strict`,
    };
  }

  /**
   * Each known user's sign-in throttle (the staff list): across the user's keys (every source, the per-user key, the
   * password change) the most failures under any one key and the latest end of a wait still running, i.e. the strongest
   * throttle, although a wait on one source does not hold back the others.
   */
  signInStates(): Map<string, SignInState> {
    const now = this.now();
    const states = new Map<string, { failures: number; until: number }>();
    const add = (userId: string, failures: number, until: number | null) => {
      const state = states.get(userId) ?? { failures: 0, until: 0 };
      states.set(userId, { failures: Math.max(state.failures, failures), until: Math.max(state.until, until ?? 0) });
    };
    for (const [key, failures, until] of this.bySource.entries(now)) add(key.slice(0, key.indexOf('\n')), failures, until);
    for (const [userId, failures, until] of this.byUser.entries(now)) add(userId, failures, until);
    return new Map([...states].map(([id, s]) => [id, { failures: s.failures, throttledUntil: s.until > now ? new Date(s.until).toISOString() : null }]));
  }

  /** A manager lets a user try again at once: every throttle key of theirs goes, recorded in the audit trail first. */
  async clearSignInThrottle(id: string): Promise<void> {
    const user = this.store.userById(id);
    if (!user) throw notFound('user', id);
    const failures = this.signInStates().get(id)?.failures ?? 0;
    await this.run('clearSignInThrottle', id, failures);
    this.byUser.clear(id);
    for (const [key] of [...this.bySource.entries(this.now())]) if (key.startsWith(`${id}\n`)) this.bySource.clear(key);
  }

  private refuseIfWaiting(waitMs: number): void {
    if (waitMs <= 0) return;
    const seconds = Math.ceil(waitMs / 1000);
    throw new HallError(429, 'TOO_MANY_ATTEMPTS', `too many failed sign-ins: wait ${seconds} s and try again`, { retryAfterSeconds: seconds });
  }

  private isTrustedAddress(userId: string, address: string, now: number): boolean {
    const at = this.trustedAddresses.get(userId)?.get(address);
    return at !== undefined && now - at < DEVICE_COOKIE_DAYS * 86_400_000;
  }

  private trustAddress(userId: string, address: string, now: number): void {
    const addresses = this.trustedAddresses.get(userId) ?? new Map<string, number>();
    addresses.delete(address);
    addresses.set(address, now);
    if (addresses.size > TRUSTED_ADDRESSES) addresses.delete(addresses.keys().next().value!);
    this.trustedAddresses.set(userId, addresses);
  }

  private sign(userId: string, issuedAt: number): string {
    return createHmac('sha256', this.deviceKey).update(`${userId}.${issuedAt}`).digest('base64url');
  }

  private deviceEntry(userId: string, now: number): string {
    return `${userId}.${now}.${this.sign(userId, now)}`;
  }

  /** The valid entries of the device cookie, if the request sent one. */
  private deviceEntries(cookieHeader: string | undefined, now: number): { userId: string; signature: string; raw: string }[] {
    const value = cookieHeader
      ?.split(';')
      .map((c) => c.trim())
      .find((c) => c.startsWith(`${DEVICE_COOKIE}=`))
      ?.slice(DEVICE_COOKIE.length + 1);
    if (!value || value.length > 2000) return [];
    return value.split('~').flatMap((raw) => {
      const m = /^([\w-]{1,64})\.(\d{1,15})\.([\w-]{43})$/.exec(raw);
      if (!m) return [];
      const [, userId, at, signature] = m as unknown as [string, string, string, string];
      const issuedAt = Number(at);
      if (issuedAt > now + 60_000 || now - issuedAt > DEVICE_COOKIE_DAYS * 86_400_000) return [];
      const expected = Buffer.from(this.sign(userId, issuedAt));
      return expected.length === signature.length && timingSafeEqual(expected, Buffer.from(signature)) ? [{ userId, signature, raw }] : [];
    });
  }

  private async burn(password: string): Promise<void> {
    this.dummyHash ??= hashPassword('not-a-real-password');
    await verifyPassword(password, await this.dummyHash);
  }

  async logout(token: string): Promise<void> {
    const hash = tokenHash(token);
    this.cache.delete(hash);
    await this.run('deleteSession', hash);
  }

  /** The actor behind a bearer token, or null. Looked up once a minute at most per token. */
  authenticate(token: string): Actor | null {
    if (token.length > 200) return null;
    const hash = tokenHash(token);
    const now = this.now();
    const hit = this.cache.get(hash);
    if (hit && hit.until > now) {
      if (hit.actor.kind === 'device') this.devicesSeen.set(hit.actor.id, now);
      return hit.actor;
    }
    this.cache.delete(hash);
    const device = this.store.deviceByTokenHash(hash);
    let actor: Actor | null = null;
    let until = now + 60_000;
    if (device) {
      actor = { kind: 'device', id: device.id, role: device.kind, name: device.name };
      this.devicesSeen.set(device.id, now);
    } else {
      const session = this.store.sessionUser(hash, now);
      if (session && !session.user.disabled) {
        const u = session.user;
        actor = { kind: 'user', id: u.id, role: u.role, name: u.displayName ?? u.username, ...(u.mustChangePassword ? { mustChangePassword: true } : {}) };
        until = Math.min(until, session.expiresAt);
      }
    }
    if (actor) {
      if (this.cache.size > 10_000) this.cache.clear();
      this.cache.set(hash, { actor, until });
    }
    return actor;
  }

  async createUser(input: { username: string; password: string; role: UserRole; displayName?: string | undefined }): Promise<PublicUser> {
    if (this.store.userByName(input.username)) {
      throw conflict('USERNAME_TAKEN', `user ${input.username} exists already: pick another username`);
    }
    const row: UserRow = {
      id: randomUUID(),
      username: input.username,
      displayName: input.displayName ?? null,
      passwordHash: await hashPassword(input.password),
      role: input.role,
      disabled: false,
      createdAt: this.now(),
    };
    await this.run('insertUser', row);
    return publicUser(row);
  }

  /** Cached lookups of this user's tokens go, so a change to the account applies to the next request. */
  private forgetUser(userId: string): void {
    for (const [key, hit] of this.cache) if (hit.actor.kind === 'user' && hit.actor.id === userId) this.cache.delete(key);
  }

  async updateUser(actor: Actor, id: string, patch: { role?: UserRole | undefined; disabled?: boolean | undefined }): Promise<StaffUser> {
    const row = await this.run('updateUser', actor, id, patch);
    this.forgetUser(id);
    return staffUser(row);
  }

  /** A random temporary password, shown once to the manager; the user must change it at their next sign-in. */
  async resetPassword(id: string): Promise<string> {
    const user = this.store.userById(id);
    if (!user) throw notFound('user', id);
    let temporary = '';
    while (!temporary || passwordProblem(temporary, user.username)) {
      temporary = Array.from({ length: 14 }, () => TEMPORARY_ALPHABET[randomInt(TEMPORARY_ALPHABET.length)]).join('');
    }
    await this.run('setPassword', id, await hashPassword(temporary), true);
    this.forgetUser(id);
    return temporary;
  }

  async changePassword(actor: Actor, currentPassword: string, newPassword: string): Promise<void> {
    const user = actor.kind === 'user' ? this.store.userById(actor.id) : undefined;
    if (!user) throw new HallError(403, 'FORBIDDEN', 'only users have passwords: devices keep their tokens');
    const key = `${user.id}\npassword change`;
    const now = this.now();
    this.refuseIfWaiting(this.bySource.waitMs(key, now));
    if (!(await verifyPassword(currentPassword, user.passwordHash))) {
      this.bySource.fail(key, now);
      throw invalid('currentPassword', 'not your current password: type it again');
    }
    this.bySource.clear(key);
    const problem = passwordProblem(newPassword, user.username) ?? (newPassword === currentPassword ? 'must differ from the current password' : null);
    if (problem) throw invalid('newPassword', problem);
    await this.run('setPassword', user.id, await hashPassword(newPassword), false);
    this.forgetUser(user.id);
  }

  async createDevice(input: { name: string; kind: DeviceKind }): Promise<{ id: string; name: string; kind: DeviceKind; number: number | null; token: string }> {
    const token = newToken();
    const id = randomUUID();
    const number = await this.run('insertDevice', { id, name: input.name, kind: input.kind, revoked: false, createdAt: this.now() }, tokenHash(token));
    return { id, name: input.name, kind: input.kind, number, token };
  }

  async revokeDevice(actor: Actor, id: string): Promise<boolean> {
    const done = await this.run('revokeDevice', actor, id);
    this.forgetDevice(id);
    return done;
  }

  /** Cached lookups of this device's token go: revoked, it is 401 at the next request; renamed, it acts under its new name. */
  forgetDevice(id: string): void {
    for (const [key, hit] of this.cache) if (hit.actor.kind === 'device' && hit.actor.id === id) this.cache.delete(key);
  }
}
