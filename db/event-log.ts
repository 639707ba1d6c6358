// Reading the durable event log for replay, and trimming it to the retention period.
import type { EventWire } from '../core/model.ts';
import type { Db } from './database.ts';

/** The wire form of a stored event: its data column is JSON already, so it is spliced in, not parsed and re-written. */
export function eventWire(seq: number, type: string, at: string, dataJson: string): EventWire {
  return { seq, type, json: `{"seq":${seq},"type":${JSON.stringify(type)},"at":${JSON.stringify(at)},"data":${dataJson}}` };
}

export function eventsAfter(db: Db, afterSeq: number, limit: number): EventWire[] {
  return (
    db.prepare('SELECT seq, type, at, data FROM events WHERE seq > ? ORDER BY seq LIMIT ?').all(afterSeq, limit) as {
      seq: number;
      type: string;
      at: string;
      data: string;
    }[]
  ).map((r) => eventWire(r.seq, r.type, r.at, r.data));
}

/** The smallest seq still in the log, or null when it is empty. */
export function oldestSeq(db: Db): number | null {
  const r = db.prepare('SELECT MIN(seq) AS seq FROM events').get() as { seq: number | null };
  return r.seq;
}

/** Deletes events older than the cut-off; with a district, only those it acknowledged (`replicatedSeq`): an outage of any length loses none. */
export function pruneEventsBefore(db: Db, isoCutoff: string, replicatedSeq: number | null = null): number {
  return db.prepare('DELETE FROM events WHERE at < ? AND seq <= ?').run(isoCutoff, replicatedSeq ?? Number.MAX_SAFE_INTEGER).changes;
}
