// Users, device tokens and sessions. Secrets are stored only as hashes.
import type { DeviceKind, UserRole } from '../core/model.ts';
import type { Db } from './database.ts';

export interface UserRow {
  id: string;
  username: string;
  displayName: string | null;
  passwordHash: string;
  role: UserRole;
  disabled: boolean;
  createdAt: number;
  mustChangePassword?: boolean;
}

export interface DeviceRow {
  id: string;
  name: string;
  kind: DeviceKind;
  /** Kiosks only. */
  number?: number | null;
  revoked: boolean;
  createdAt: number;
}

type Row = Record<string, unknown>;

const userFrom = (r: Row): UserRow => ({
  id: r.id as string,
  username: r.username as string,
  displayName: (r.display_name as string | null) ?? null,
  passwordHash: r.password_hash as string,
  role: r.role as UserRole,
  disabled: r.disabled === 1,
  createdAt: Number(r.created_at),
  mustChangePassword: r.must_change_password === 1,
});

const deviceFrom = (r: Row): DeviceRow => ({
  id: r.id as string,
  name: r.name as string,
  kind: r.kind as DeviceKind,
  number: r.number === null || r.number === undefined ? null : Number(r.number),
  revoked: r.revoked === 1,
  createdAt: Number(r.created_at),
});

export class AuthStore {
  constructor(private readonly db: Db) {}

  userCount(): number {
    return Number((this.db.prepare('SELECT COUNT(*) AS n FROM users').get() as Row).n);
  }

  userByName(username: string): UserRow | undefined {
    const r = this.db.prepare('SELECT * FROM users WHERE username = ?').get(username) as Row | undefined;
    return r ? userFrom(r) : undefined;
  }

  userById(id: string): UserRow | undefined {
    const r = this.db.prepare('SELECT * FROM users WHERE id = ?').get(id) as Row | undefined;
    return r ? userFrom(r) : undefined;
  }

  listUsers(): UserRow[] {
    return (this.db.prepare('SELECT * FROM users ORDER BY username').all() as Row[]).map(userFrom);
  }

  insertUser(u: UserRow): void {
    this.db
      .prepare('INSERT INTO users (id, username, display_name, password_hash, role, disabled, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)')
      .run(u.id, u.username, u.displayName, u.passwordHash, u.role, u.disabled ? 1 : 0, u.createdAt);
  }

  updateUser(id: string, patch: { role?: UserRole | undefined; disabled?: boolean | undefined }): void {
    if (patch.role !== undefined) this.db.prepare('UPDATE users SET role = ? WHERE id = ?').run(patch.role, id);
    if (patch.disabled !== undefined) this.db.prepare('UPDATE users SET disabled = ? WHERE id = ?').run(patch.disabled ? 1 : 0, id);
  }

  setPassword(id: string, passwordHash: string, mustChange: boolean): void {
    this.db.prepare('UPDATE users SET password_hash = ?, must_change_password = ? WHERE id = ?').run(passwordHash, mustChange ? 1 : 0, id);
  }

  activeManagerCount(): number {
    return Number((this.db.prepare("SELECT COUNT(*) AS n FROM users WHERE role = 'manager' AND disabled = 0").get() as Row).n);
  }

  deleteUserSessions(userId: string): void {
    this.db.prepare('DELETE FROM sessions WHERE user_id = ?').run(userId);
  }

  /** Kiosks are numbered 1, 2, … in order of registration: the number appears in their fallback ticket numbers. */
  insertDevice(d: DeviceRow, tokenHash: string): number | null {
    const number =
      d.kind === 'kiosk' ? Number((this.db.prepare("SELECT COALESCE(MAX(number), 0) + 1 AS n FROM devices WHERE kind = 'kiosk'").get() as Row).n) : null;
    this.db
      .prepare('INSERT INTO devices (id, name, kind, token_hash, revoked, created_at, number) VALUES (?, ?, ?, ?, 0, ?, ?)')
      .run(d.id, d.name, d.kind, tokenHash, d.createdAt, number);
    return number;
  }

  listDevices(): DeviceRow[] {
    return (this.db.prepare('SELECT * FROM devices ORDER BY created_at').all() as Row[]).map(deviceFrom);
  }

  revokeDevice(id: string): boolean {
    return this.db.prepare('UPDATE devices SET revoked = 1 WHERE id = ? AND revoked = 0').run(id).changes > 0;
  }

  deviceByTokenHash(tokenHash: string): DeviceRow | undefined {
    const r = this.db.prepare('SELECT * FROM devices WHERE token_hash = ? AND revoked = 0').get(tokenHash) as Row | undefined;
    return r ? deviceFrom(r) : undefined;
  }

  insertSession(tokenHash: string, userId: string, expiresAt: number): void {
    this.db.prepare('INSERT INTO sessions (token_hash, user_id, expires_at) VALUES (?, ?, ?)').run(tokenHash, userId, expiresAt);
  }

  sessionUser(tokenHash: string, now: number): { user: UserRow; expiresAt: number } | undefined {
    const r = this.db
      .prepare('SELECT u.*, s.expires_at AS session_expires FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.token_hash = ? AND s.expires_at > ?')
      .get(tokenHash, now) as Row | undefined;
    return r ? { user: userFrom(r), expiresAt: Number(r.session_expires) } : undefined;
  }

  deleteSession(tokenHash: string): void {
    this.db.prepare('DELETE FROM sessions WHERE token_hash = ?').run(tokenHash);
  }

  pruneSessions(now: number): number {
    return this.db.prepare('DELETE FROM sessions WHERE expires_at <= ?').run(now).changes;
  }
}

export function readSetting<T>(db: Db, key: string): T | undefined {
  const r = db.prepare('SELECT value FROM settings WHERE key = ?').get(key) as Row | undefined;
  return r ? (JSON.parse(r.value as string) as T) : undefined;
}

export function writeSetting(db: Db, key: string, value: unknown): void {
  db.prepare('INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value').run(key, JSON.stringify(value));
}
