// Reading the durable event log for replay, and trimming it to the retention period.
import type { EventRecord } from '../core/model.ts';
import type { Db } from './database.ts';

export function eventsAfter(db: Db, afterSeq: number, limit: number): EventRecord[] {
  return (db.prepare('SELECT seq, type, at, data FROM events WHERE seq > ? ORDER BY seq LIMIT ?').all(afterSeq, limit) as {
    seq: number;
    type: string;
    at: string;
    data: string;
  }[]).map((r) => ({ seq: r.seq, type: r.type, at: r.at, data: JSON.parse(r.data) }));
}

/** The smallest seq still in the log, or null when it is empty. */
export function oldestSeq(db: Db): number | null {
  const r = db.prepare('SELECT MIN(seq) AS seq FROM events').get() as { seq: number | null };
  return r.seq;
}

export function pruneEventsBefore(db: Db, isoCutoff: string): number {
  return db.prepare('DELETE FROM events WHERE at < ?').run(isoCutoff).changes;
}
