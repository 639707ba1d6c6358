// Read-only figures for the manager: 好差评 satisfaction and follow-up lists.
import type { FollowUpRecord, SatisfactionGroup, SatisfactionRow } from '../core/model.ts';

export type { SatisfactionGroup, SatisfactionRow };
import type { Db } from './database.ts';
import { followUpFrom } from './queue-store.ts';

const COLUMN: Record<SatisfactionGroup, string> = { counter: 'counter_id', staff: 'staff_user_id', service: 'service_id' };

/** Ratings between two instants grouped by counter, staff member or service. */
export function satisfaction(db: Db, group: SatisfactionGroup, fromMs: number, toMs: number): SatisfactionRow[] {
  const col = COLUMN[group];
  const rows = db
    .prepare(
      `SELECT ${col} AS key, COUNT(*) AS n, AVG(level) AS avg,
         SUM(level = 1) AS l1, SUM(level = 2) AS l2, SUM(level = 3) AS l3, SUM(level = 4) AS l4, SUM(level = 5) AS l5
       FROM ratings WHERE at >= ? AND at < ? GROUP BY ${col} ORDER BY n DESC`,
    )
    .all(fromMs, toMs) as Record<string, number | string | null>[];
  return rows.map((r) => {
    const n = Number(r.n);
    return {
      key: (r.key as string | null) ?? null,
      ratings: n,
      average: Math.round(Number(r.avg) * 100) / 100,
      satisfiedRate: Math.round(((Number(r.l4) + Number(r.l5)) / n) * 1000) / 1000,
      levels: { '1': Number(r.l1), '2': Number(r.l2), '3': Number(r.l3), '4': Number(r.l4), '5': Number(r.l5) },
    };
  });
}

export function listFollowUps(db: Db, status: 'open' | 'resolved' | 'all'): FollowUpRecord[] {
  const rows =
    status === 'all'
      ? db.prepare('SELECT * FROM follow_ups ORDER BY due_day, opened_at').all()
      : db.prepare('SELECT * FROM follow_ups WHERE status = ? ORDER BY due_day, opened_at').all(status);
  return (rows as Record<string, unknown>[]).map(followUpFrom);
}

/** The id of a counter's most recently completed ticket, if it ended at or after `sinceMs` (tickets of `fromDay` on). */
export function latestCompletedAt(db: Db, counterId: string, fromDay: string, sinceMs: number): string | undefined {
  const row = db
    .prepare("SELECT id FROM tickets WHERE day >= ? AND counter_id = ? AND status = 'done' AND ended_at >= ? ORDER BY ended_at DESC, rowid DESC LIMIT 1")
    .get(fromDay, counterId, sinceMs) as { id: string } | undefined;
  return row?.id;
}
