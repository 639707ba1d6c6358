// Sign-in, tokens and roles: scrypt password hashes, hashed bearer tokens, login rate limiting.
import { hash, randomBytes, randomUUID, scrypt as scryptCb, timingSafeEqual } from 'node:crypto';
import { promisify } from 'node:util';
import { HallError, conflict } from '../core/errors.ts';
import type { Actor, DeviceKind, PublicUser, UserRole } from '../core/model.ts';
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

/** Failed sign-ins per key within a window; past the limit the key waits. */
class FailureWindow {
  private readonly failures = new Map<string, number[]>();
  constructor(
    private readonly limit: number,
    private readonly windowMs: number,
  ) {}

  retryAfterMs(key: string, now: number): number {
    const recent = (this.failures.get(key) ?? []).filter((t) => t > now - this.windowMs);
    if (recent.length === 0) this.failures.delete(key);
    else this.failures.set(key, recent);
    return recent.length >= this.limit ? recent[0]! + this.windowMs - now : 0;
  }

  fail(key: string, now: number): void {
    const list = this.failures.get(key) ?? [];
    list.push(now);
    this.failures.set(key, list);
  }

  clear(key: string): void {
    this.failures.delete(key);
  }
}


export const publicUser = (u: UserRow): PublicUser => ({ id: u.id, username: u.username, role: u.role, displayName: u.displayName });

export class Auth {
  private readonly byUser = new FailureWindow(5, 5 * 60_000);
  // Generous per address: a whole hall's counters may sign in from behind one NAT.
  private readonly byAddress = new FailureWindow(100, 5 * 60_000);
  private readonly cache = new Map<string, { actor: Actor; until: number }>();
  private dummyHash: Promise<string> | null = null;

  constructor(
    private readonly store: AuthStore,
    private readonly run: RunCommand,
    private readonly now: () => number,
  ) {}

  async login(username: string, password: string, address: string): Promise<{ token: string; user: PublicUser }> {
    const now = this.now();
    const wait = Math.max(this.byUser.retryAfterMs(username, now), this.byAddress.retryAfterMs(address, now));
    if (wait > 0) {
      throw new HallError(429, 'TOO_MANY_ATTEMPTS', `too many failed sign-ins: wait ${Math.ceil(wait / 1000)} s and try again`, {
        retryAfterSeconds: Math.ceil(wait / 1000),
      });
    }
    const user = this.store.userByName(username);
    // Unknown names cost the same time as known ones, so names cannot be probed.
    const ok = user && !user.disabled ? await verifyPassword(password, user.passwordHash) : (await this.burn(password), false);
    if (!ok || !user) {
      this.byUser.fail(username, now);
      this.byAddress.fail(address, now);
      throw new HallError(401, 'BAD_CREDENTIALS', 'wrong username or password: check them and try again');
    }
    this.byUser.clear(username);
    const token = newToken();
    await this.run('insertSession', tokenHash(token), user.id, now + SESSION_MS);
    return { token, user: publicUser(user) };
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
    if (hit && hit.until > now) return hit.actor;
    this.cache.delete(hash);
    const device = this.store.deviceByTokenHash(hash);
    let actor: Actor | null = null;
    let until = now + 60_000;
    if (device) {
      actor = { kind: 'device', id: device.id, role: device.kind, name: device.name };
    } else {
      const session = this.store.sessionUser(hash, now);
      if (session && !session.user.disabled) {
        const u = session.user;
        actor = { kind: 'user', id: u.id, role: u.role, name: u.displayName ?? u.username };
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

  async createDevice(input: { name: string; kind: DeviceKind }): Promise<{ id: string; name: string; kind: DeviceKind; number: number | null; token: string }> {
    const token = newToken();
    const id = randomUUID();
    const number = await this.run('insertDevice', { id, name: input.name, kind: input.kind, revoked: false, createdAt: this.now() }, tokenHash(token));
    return { id, name: input.name, kind: input.kind, number, token };
  }

  async revokeDevice(id: string): Promise<boolean> {
    const done = await this.run('revokeDevice', id);
    this.cache.clear();
    return done;
  }
}
