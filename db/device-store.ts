// Devices as the manager's list shows them, when each was last seen, and one-time pairing codes (stored as hashes).
import type { DeviceKind } from '../core/model.ts';
import type { Db } from './database.ts';

export interface DeviceRecord {
  id: string;
  name: string;
  kind: DeviceKind;
  /** Kiosks only: the number in their fallback ticket numbers. */
  number: number | null;
  revoked: boolean;
  createdAt: number;
  lastSeenAt: number | null;
}

export interface PairingCodeRow {
  codeHash: string;
  name: string;
  kind: DeviceKind;
  createdBy: string;
  createdAt: number;
  expiresAt: number;
  redeemedAt: number | null;
  deviceId: string | null;
}

type Row = Record<string, unknown>;

const deviceFrom = (r: Row): DeviceRecord => ({
  id: r.id as string,
  name: r.name as string,
  kind: r.kind as DeviceKind,
  number: r.number === null ? null : Number(r.number),
  revoked: r.revoked === 1,
  createdAt: Number(r.created_at),
  lastSeenAt: r.last_seen_at === null ? null : Number(r.last_seen_at),
});

const codeFrom = (r: Row): PairingCodeRow => ({
  codeHash: r.code_hash as string,
  name: r.name as string,
  kind: r.kind as DeviceKind,
  createdBy: r.created_by as string,
  createdAt: Number(r.created_at),
  expiresAt: Number(r.expires_at),
  redeemedAt: r.redeemed_at === null ? null : Number(r.redeemed_at),
  deviceId: (r.device_id as string | null) ?? null,
});

/** Redeemed and expired codes stay a day (a device that asks again gets "used" or "expired", not "unknown"). */
const KEEP_CODES_MS = 86_400_000;

export class DeviceStore {
  constructor(private readonly db: Db) {}

  list(): DeviceRecord[] {
    return (this.db.prepare('SELECT * FROM devices ORDER BY created_at, id').all() as Row[]).map(deviceFrom);
  }

  byId(id: string): DeviceRecord | undefined {
    const r = this.db.prepare('SELECT * FROM devices WHERE id = ?').get(id) as Row | undefined;
    return r ? deviceFrom(r) : undefined;
  }

  rename(id: string, name: string): boolean {
    return this.db.prepare('UPDATE devices SET name = ? WHERE id = ?').run(name, id).changes > 0;
  }

  /** One statement per device seen since the last flush, all in one commit: never a write per request. */
  recordSeen(seen: readonly (readonly [id: string, at: number])[]): void {
    const update = this.db.prepare('UPDATE devices SET last_seen_at = MAX(COALESCE(last_seen_at, 0), ?) WHERE id = ?');
    for (const [id, at] of seen) update.run(at, id);
  }

  insertPairingCode(row: PairingCodeRow, now: number): void {
    this.db.prepare('DELETE FROM pairing_codes WHERE expires_at < ?').run(now - KEEP_CODES_MS);
    this.db
      .prepare('INSERT INTO pairing_codes (code_hash, name, kind, created_by, created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?)')
      .run(row.codeHash, row.name, row.kind, row.createdBy, row.createdAt, row.expiresAt);
  }

  pairingCode(codeHash: string): PairingCodeRow | undefined {
    const r = this.db.prepare('SELECT * FROM pairing_codes WHERE code_hash = ?').get(codeHash) as Row | undefined;
    return r ? codeFrom(r) : undefined;
  }

  markRedeemed(codeHash: string, at: number, deviceId: string): void {
    this.db.prepare('UPDATE pairing_codes SET redeemed_at = ?, device_id = ? WHERE code_hash = ?').run(at, deviceId, codeHash);
  }
}
