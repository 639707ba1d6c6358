// Leases and applied kiosk operations on SQLite.
import type { LeaseRecord } from '../core/model.ts';
import type { SyncResult, SyncStore } from '../core/sync.ts';
import type { Db } from './database.ts';

type Row = Record<string, unknown>;

export class SqliteSyncStore implements SyncStore {
  constructor(private readonly db: Db) {}

  kioskNumber(deviceId: string): number | null {
    const r = this.db.prepare('SELECT number FROM devices WHERE id = ?').get(deviceId) as Row | undefined;
    return r?.number === null || r?.number === undefined ? null : Number(r.number);
  }

  insertLease(l: LeaseRecord): void {
    this.db
      .prepare('INSERT INTO leases (id, device_id, day, prefix, first, last, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)')
      .run(l.id, l.deviceId, l.day, l.prefix, l.first, l.last, l.createdAt);
  }

  leasesFor(deviceId: string, day: string, prefix: string): LeaseRecord[] {
    return (this.db.prepare('SELECT * FROM leases WHERE device_id = ? AND day = ? AND prefix = ?').all(deviceId, day, prefix) as Row[]).map((r) => ({
      id: r.id as string,
      deviceId: r.device_id as string,
      day: r.day as string,
      prefix: r.prefix as string,
      first: Number(r.first),
      last: Number(r.last),
      createdAt: Number(r.created_at),
    }));
  }

  appliedResult(deviceId: string, seq: number): SyncResult | undefined {
    const r = this.db.prepare('SELECT result FROM sync_applied WHERE device_id = ? AND seq = ?').get(deviceId, seq) as Row | undefined;
    return r ? (JSON.parse(r.result as string) as SyncResult) : undefined;
  }

  saveApplied(deviceId: string, seq: number, result: SyncResult, at: number): void {
    this.db.prepare('INSERT INTO sync_applied (device_id, seq, result, applied_at) VALUES (?, ?, ?, ?)').run(deviceId, seq, JSON.stringify(result), at);
  }
}
