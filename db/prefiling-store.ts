// Pre-filing drafts (core/prefiling.ts): the sealed form and signature of a kiosk's pre-filing, by its ticket; the window
// accepts one into a case; those not accepted by the end of their day are deleted, signature and all.
import type { Db } from './database.ts';

export interface DraftRow {
  id: string;
  ticketId: string;
  day: string;
  matterCode: string;
  matterName: string;
  maskedName: string;
  maskedId: string;
  dataSealed: string;
  signatureSealed: string | null;
  createdBy: string;
  createdAt: number;
  caseId: string | null;
  acceptedBy: string | null;
  acceptedAt: number | null;
}

type Row = Record<string, unknown>;
const draftFrom = (r: Row): DraftRow => ({
  id: String(r.id),
  ticketId: String(r.ticket_id),
  day: String(r.day),
  matterCode: String(r.matter_code),
  matterName: String(r.matter_name),
  maskedName: String(r.masked_name),
  maskedId: String(r.masked_id),
  dataSealed: String(r.data_sealed),
  signatureSealed: r.signature_sealed === null ? null : String(r.signature_sealed),
  createdBy: String(r.created_by),
  createdAt: Number(r.created_at),
  caseId: r.case_id === null ? null : String(r.case_id),
  acceptedBy: r.accepted_by === null ? null : String(r.accepted_by),
  acceptedAt: r.accepted_at === null ? null : Number(r.accepted_at),
});

export class PrefilingStore {
  constructor(private readonly db: Db) {}

  insert(d: DraftRow): void {
    this.db
      .prepare(
        `INSERT INTO prefile_drafts (id, ticket_id, day, matter_code, matter_name, masked_name, masked_id, data_sealed, signature_sealed, created_by, created_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(d.id, d.ticketId, d.day, d.matterCode, d.matterName, d.maskedName, d.maskedId, d.dataSealed, d.signatureSealed, d.createdBy, d.createdAt);
  }

  byId(id: string): DraftRow | undefined {
    const r = this.db.prepare('SELECT * FROM prefile_drafts WHERE id = ?').get(id) as Row | undefined;
    return r ? draftFrom(r) : undefined;
  }

  byTicket(ticketId: string): DraftRow | undefined {
    const r = this.db.prepare('SELECT * FROM prefile_drafts WHERE ticket_id = ?').get(ticketId) as Row | undefined;
    return r ? draftFrom(r) : undefined;
  }

  accept(id: string, caseId: string, by: string, at: number): void {
    this.db.prepare('UPDATE prefile_drafts SET case_id = ?, accepted_by = ?, accepted_at = ? WHERE id = ?').run(caseId, by, at, id);
  }

  /** Deletes the drafts of days before `today` never accepted (their sealed form and signature with them). */
  purgeBefore(today: string): number {
    return this.db.prepare('DELETE FROM prefile_drafts WHERE day < ? AND case_id IS NULL').run(today).changes;
  }
}

export const prefilingStoreOf = (db: Db): PrefilingStore => new PrefilingStore(db);
