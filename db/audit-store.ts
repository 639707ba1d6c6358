// The audit trail on SQLite (migration 13): appended by the writer in the transaction of the change it records,
// read by the manager newest first, and the retention purge of personal data.
import type { AuditAction, AuditActor, AuditDetail, AuditTarget, PurgeCounts, Retention } from '../core/audit.ts';
import type { Db } from './database.ts';

export interface AuditRow {
  seq: number;
  id: string;
  at: number;
  actor: AuditActor;
  action: AuditAction;
  target: AuditTarget | null;
  detail: AuditDetail | null;
}

export interface AuditFilter {
  /** Entries at or after this instant (ms), and before `until`. */
  since?: number | undefined;
  until?: number | undefined;
  actorId?: string | undefined;
  action?: AuditAction | undefined;
  targetId?: string | undefined;
  /** Entries older than this seq (the cursor). */
  beforeSeq?: number | undefined;
}

type Row = Record<string, unknown>;

/** How long after its issue a ticket can still be acted on (same day; a rating within minutes of the end). */
const TICKET_ENTRIES_MS = 2 * 86_400_000;

function rowFrom(r: Row): AuditRow {
  return {
    seq: Number(r.seq),
    id: r.id as string,
    at: Number(r.at),
    actor: { kind: r.actor_kind as AuditActor['kind'], id: (r.actor_id as string | null) ?? null, name: (r.actor_name as string | null) ?? null },
    action: r.action as AuditAction,
    target: r.target_kind === null ? null : { kind: r.target_kind as string, id: r.target_id as string },
    detail: r.detail === null ? null : (JSON.parse(r.detail as string) as AuditDetail),
  };
}

export class AuditStore {
  private readonly insert;

  constructor(private readonly db: Db) {
    this.insert = db.prepare(
      'INSERT INTO audit (id, at, actor_kind, actor_id, actor_name, action, target_kind, target_id, detail) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
    );
  }

  append(id: string, at: number, actor: AuditActor, action: AuditAction, target: AuditTarget | null, detail: AuditDetail | null): void {
    this.insert.run(id, at, actor.kind, actor.id, actor.name, action, target?.kind ?? null, target?.id ?? null, detail ? JSON.stringify(detail) : null);
  }

  /** Newest first, at most `limit`. */
  list(filter: AuditFilter, limit: number): AuditRow[] {
    const where: string[] = [];
    const args: unknown[] = [];
    const add = (sql: string, value: unknown) => {
      if (value === undefined) return;
      where.push(sql);
      args.push(value);
    };
    add('at >= ?', filter.since);
    add('at < ?', filter.until);
    add('actor_id = ?', filter.actorId);
    add('action = ?', filter.action);
    // A ticket's entries are all within a day or two of its issue (migration 13 keeps ticket ids out of the target index).
    let table = 'audit';
    if (filter.targetId !== undefined) {
      const issuedAt = this.db.prepare('SELECT issued_at FROM tickets WHERE id = ?').pluck().get(filter.targetId) as number | undefined;
      if (issuedAt === undefined) {
        where.push("target_kind <> 'ticket'");
      } else {
        table = 'audit INDEXED BY audit_at';
        add('at >= ?', issuedAt);
        add('at < ?', issuedAt + TICKET_ENTRIES_MS);
      }
      add('target_id = ?', filter.targetId);
    }
    add('seq < ?', filter.beforeSeq);
    const sql = `SELECT * FROM ${table} ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY seq DESC LIMIT ?`;
    return (this.db.prepare(sql).all(...args, limit) as Row[]).map(rowFrom);
  }

  /**
   * Removes the personal data retention no longer allows: masked names and ID numbers of visitors, rating comments,
   * unresolved follow-ups' call-back numbers, and audit details. `now` and the hall's day decide the cut-offs.
   */
  purge(retention: Retention, now: number, dayOf: (ms: number) => string): PurgeCounts {
    const cutoff = (days: number) => now - days * 86_400_000;
    const nameCut = cutoff(retention.maskedNamesDays);
    const nameDay = dayOf(nameCut);
    const run = (sql: string, ...args: unknown[]) => this.db.prepare(sql).run(...args).changes;
    const maskedNames =
      run(
        'UPDATE tickets SET masked_name = NULL, masked_id_number = NULL WHERE day < ? AND (masked_name IS NOT NULL OR masked_id_number IS NOT NULL)',
        nameDay,
      ) +
      run(
        'UPDATE appointments SET masked_name = NULL, masked_id_number = NULL WHERE day < ? AND (masked_name IS NOT NULL OR masked_id_number IS NOT NULL)',
        nameDay,
      ) +
      run('UPDATE follow_ups SET masked_name = NULL WHERE opened_at < ? AND masked_name IS NOT NULL', nameCut);
    const commentCut = cutoff(retention.ratingCommentsDays);
    const ratingComments =
      run('UPDATE ratings SET comment = NULL WHERE at < ? AND comment IS NOT NULL', commentCut) +
      run('UPDATE follow_ups SET comment = NULL WHERE opened_at < ? AND comment IS NOT NULL', commentCut);
    const phoneNumbers = run(
      'UPDATE follow_ups SET phone_sealed = NULL, phone_masked = NULL WHERE opened_at < ? AND (phone_sealed IS NOT NULL OR phone_masked IS NOT NULL)',
      cutoff(retention.phoneNumbersDays),
    );
    const auditDetails = run('UPDATE audit SET detail = NULL WHERE at < ? AND detail IS NOT NULL', cutoff(retention.auditDetailDays));
    return { maskedNames, ratingComments, phoneNumbers, auditDetails };
  }
}
