// Device alerts on SQLite (migration 8): one open row per (device, kind), closed rows kept for the history.
import type { AlertCloseReason, AlertCursor, AlertKind, AlertRecord, AlertStore } from '../core/alerts.ts';
import type { Db } from './database.ts';

type Row = Record<string, unknown>;

const numOrNull = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));

function alertFrom(r: Row): AlertRecord {
  return {
    id: r.id as string,
    deviceId: r.device_id as string,
    deviceName: r.device_name as string,
    kind: r.kind as AlertKind,
    message: (r.message as string | null) ?? null,
    since: Number(r.since),
    closedAt: numOrNull(r.closed_at),
    closedReason: (r.closed_reason as AlertCloseReason | null) ?? null,
    acknowledgedAt: numOrNull(r.acknowledged_at),
    acknowledgedBy: r.acknowledged_by === null ? null : { id: r.acknowledged_by as string, name: r.acknowledged_by_name as string },
  };
}

export class SqliteAlertStore implements AlertStore {
  constructor(private readonly db: Db) {}

  openAlertsOf(deviceId: string): AlertRecord[] {
    return (this.db.prepare('SELECT * FROM alerts WHERE device_id = ? AND closed_at IS NULL').all(deviceId) as Row[]).map(alertFrom);
  }

  getAlert(id: string): AlertRecord | undefined {
    const r = this.db.prepare('SELECT * FROM alerts WHERE id = ?').get(id) as Row | undefined;
    return r ? alertFrom(r) : undefined;
  }

  insertAlert(a: AlertRecord): void {
    this.db
      .prepare(
        `INSERT INTO alerts (id, device_id, device_name, kind, message, since, closed_at, closed_reason, acknowledged_at, acknowledged_by, acknowledged_by_name)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        a.id,
        a.deviceId,
        a.deviceName,
        a.kind,
        a.message,
        a.since,
        a.closedAt,
        a.closedReason,
        a.acknowledgedAt,
        a.acknowledgedBy?.id ?? null,
        a.acknowledgedBy?.name ?? null,
      );
  }

  updateAlert(a: AlertRecord): void {
    this.db
      .prepare('UPDATE alerts SET closed_at = ?, closed_reason = ?, acknowledged_at = ?, acknowledged_by = ?, acknowledged_by_name = ? WHERE id = ?')
      .run(a.closedAt, a.closedReason, a.acknowledgedAt, a.acknowledgedBy?.id ?? null, a.acknowledgedBy?.name ?? null, a.id);
  }

  listAlerts({ active, limit, after }: { active: boolean; limit: number; after?: AlertCursor | undefined }): AlertRecord[] {
    const where = [active ? 'closed_at IS NULL' : '', after ? '(since < ? OR (since = ? AND id < ?))' : ''].filter(Boolean);
    const params = after ? [after.since, after.since, after.id] : [];
    const sql = `SELECT * FROM alerts ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY since DESC, id DESC LIMIT ?`;
    return (this.db.prepare(sql).all(...params, limit) as Row[]).map(alertFrom);
  }

  pruneClosedBefore(ms: number): number {
    return this.db.prepare('DELETE FROM alerts WHERE closed_at IS NOT NULL AND closed_at < ?').run(ms).changes;
  }
}
