// Cases on SQLite (migration 19): one row per case, its status steps, and the Idempotency-Keys integrators sent.
// The applicant is the person hash with the masked name and ID number beside it, never the clear ones.
import type { CaseRecord, CaseStatus, CaseStep } from '../core/cases.ts';
import type { Db } from './database.ts';

type Row = Record<string, unknown>;

export interface CaseRequest {
  fingerprint: string;
  caseId: string;
}

export class SqliteCaseStore {
  readonly #stmts;

  constructor(db: Db) {
    const s = (sql: string) => db.prepare(sql);
    this.#stmts = {
      byId: s('SELECT * FROM cases WHERE id = ?'),
      byReceipt: s('SELECT * FROM cases WHERE receipt_number = ?'),
      byPerson: s('SELECT * FROM cases WHERE person_hash = ? ORDER BY created_at DESC LIMIT ?'),
      byTicket: s('SELECT * FROM cases WHERE ticket_id = ? ORDER BY created_at'),
      steps: s('SELECT status, at, note FROM case_steps WHERE case_id = ? ORDER BY at, rowid'),
      nextSeq: s('SELECT COALESCE(MAX(seq), 0) + 1 AS n FROM cases WHERE day = ?'),
      insert: s(`INSERT INTO cases (id, receipt_number, day, seq, matter_code, matter_name, service_id, person_hash, masked_name, masked_id, status,
        due_date, ticket_id, counter_id, created_by, created_at, updated_at)
        VALUES (@id, @receiptNumber, @day, @seq, @matterCode, @matterName, @serviceId, @personHash, @maskedName, @maskedId, @status,
        @dueDate, @ticketId, @counterId, @createdBy, @createdAt, @updatedAt)`),
      step: s('INSERT INTO case_steps (case_id, at, status, note, actor_id) VALUES (?, ?, ?, ?, ?)'),
      setStatus: s('UPDATE cases SET status = ?, updated_at = ? WHERE id = ?'),
      request: s('SELECT fingerprint, case_id FROM case_requests WHERE actor_id = ? AND key = ?'),
      remember: s('INSERT INTO case_requests (actor_id, key, fingerprint, case_id, at) VALUES (?, ?, ?, ?, ?)'),
    };
  }

  #from(r: Row | undefined): CaseRecord | undefined {
    if (!r) return undefined;
    const id = r.id as string;
    return {
      id,
      receiptNumber: r.receipt_number as string,
      day: r.day as string,
      seq: Number(r.seq),
      matterCode: r.matter_code as string,
      matterName: r.matter_name as string,
      serviceId: (r.service_id as string | null) ?? null,
      personHash: r.person_hash as string,
      maskedName: r.masked_name as string,
      maskedId: r.masked_id as string,
      status: r.status as CaseStatus,
      dueDate: r.due_date as string,
      ticketId: (r.ticket_id as string | null) ?? null,
      counterId: (r.counter_id as string | null) ?? null,
      createdBy: r.created_by as string,
      createdAt: Number(r.created_at),
      updatedAt: Number(r.updated_at),
      timeline: (this.#stmts.steps.all(id) as Row[]).map((s): CaseStep => ({
        status: s.status as CaseStatus,
        at: Number(s.at),
        note: (s.note as string | null) ?? null,
      })),
    };
  }

  byId(id: string): CaseRecord | undefined {
    return this.#from(this.#stmts.byId.get(id) as Row | undefined);
  }

  byReceiptNumber(n: string): CaseRecord | undefined {
    return this.#from(this.#stmts.byReceipt.get(n) as Row | undefined);
  }

  /** The holder's cases, newest first. */
  byPerson(personHash: string, limit = 50): CaseRecord[] {
    return (this.#stmts.byPerson.all(personHash, limit) as Row[]).map((r) => this.#from(r)!);
  }

  byTicket(ticketId: string): CaseRecord[] {
    return (this.#stmts.byTicket.all(ticketId) as Row[]).map((r) => this.#from(r)!);
  }

  nextSeq(day: string): number {
    return Number((this.#stmts.nextSeq.get(day) as Row).n);
  }

  insert(c: CaseRecord, actorId: string): void {
    const { timeline, ...row } = c;
    this.#stmts.insert.run(row);
    for (const s of timeline) this.#stmts.step.run(c.id, s.at, s.status, s.note, actorId);
  }

  move(id: string, step: CaseStep, actorId: string): void {
    this.#stmts.setStatus.run(step.status, step.at, id);
    this.#stmts.step.run(id, step.at, step.status, step.note, actorId);
  }

  request(actorId: string, key: string): CaseRequest | undefined {
    const r = this.#stmts.request.get(actorId, key) as Row | undefined;
    return r ? { fingerprint: r.fingerprint as string, caseId: r.case_id as string } : undefined;
  }

  remember(actorId: string, key: string, fingerprint: string, caseId: string, now: number): void {
    this.#stmts.remember.run(actorId, key, fingerprint, caseId, now);
  }
}

const stores = new WeakMap<Db, SqliteCaseStore>();

/** One store (its statements prepared once) per connection. */
export function caseStoreOf(db: Db): SqliteCaseStore {
  let store = stores.get(db);
  if (!store) stores.set(db, (store = new SqliteCaseStore(db)));
  return store;
}
