// Certificates on SQLite (migration 16): types (built-ins unless replaced), pushed records by person hash, issued
// certificates and their prints. Only masked names and ID numbers are ever written here.
import { STANDARD_CERTIFICATE_TYPES } from '../core/certificate-standard-types.ts';
import type { CertificateOutcome, CertificateRecord, CertificateType, IssuedCertificate } from '../core/certificates.ts';
import type { Db } from './database.ts';

type Row = Record<string, unknown>;

const numOrNull = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));

function certificateFrom(r: Row): IssuedCertificate {
  return {
    id: r.id as string,
    type: r.type as string,
    typeName: r.type_name as string,
    personHash: r.person_hash as string,
    maskedName: r.masked_name as string,
    maskedId: r.masked_id as string,
    period: (r.period as string | null) ?? null,
    kioskId: r.kiosk_id as string,
    kioskName: r.kiosk_name as string,
    issuedAt: Number(r.issued_at),
    day: r.day as string,
    validUntil: r.valid_until as string,
    sha256: r.sha256 as string,
    idempotencyKey: (r.idempotency_key as string | null) ?? null,
    outcome: (r.outcome as CertificateOutcome | null) ?? null,
    outcomeReason: (r.outcome_reason as string | null) ?? null,
    revokedAt: numOrNull(r.revoked_at),
    revokedReason: (r.revoked_reason as string | null) ?? null,
    prints: Number(r.prints),
  };
}

function recordFrom(r: Row): CertificateRecord {
  return {
    type: r.type as string,
    personHash: r.person_hash as string,
    maskedName: r.masked_name as string,
    maskedId: r.masked_id as string,
    data: JSON.parse(r.data as string) as CertificateRecord['data'],
    rows: JSON.parse(r.rows as string) as CertificateRecord['rows'],
    source: r.source as CertificateRecord['source'],
    updatedAt: Number(r.updated_at),
  };
}

export interface CertificateListFilter {
  fromDay: string;
  toDay: string;
  type?: string | undefined;
  limit: number;
  /** Issued before this (issuedAt, id): the next page. */
  before?: { issuedAt: number; id: string } | undefined;
}

export class SqliteCertificateStore {
  constructor(private readonly db: Db) {}

  /** The built-in types, each replaced by a stored one of the same code, then the hall's own types. */
  types(): CertificateType[] {
    const stored = new Map(
      (this.db.prepare('SELECT code, definition FROM certificate_types ORDER BY code').all() as Row[]).map((r) => [
        r.code as string,
        JSON.parse(r.definition as string) as CertificateType,
      ]),
    );
    const builtIn = STANDARD_CERTIFICATE_TYPES.map((t) => stored.get(t.code) ?? t);
    const own = [...stored.values()].filter((t) => !STANDARD_CERTIFICATE_TYPES.some((b) => b.code === t.code));
    return [...builtIn, ...own];
  }

  type(code: string): CertificateType | undefined {
    const r = this.db.prepare('SELECT definition FROM certificate_types WHERE code = ?').get(code) as Row | undefined;
    return r ? (JSON.parse(r.definition as string) as CertificateType) : STANDARD_CERTIFICATE_TYPES.find((t) => t.code === code);
  }

  putType(type: CertificateType, now: number): void {
    this.db
      .prepare(
        'INSERT INTO certificate_types (code, definition, updated_at) VALUES (?, ?, ?) ON CONFLICT (code) DO UPDATE SET definition = excluded.definition, updated_at = excluded.updated_at',
      )
      .run(type.code, JSON.stringify(type), now);
  }

  recordsOf(personHash: string): CertificateRecord[] {
    return (this.db.prepare('SELECT * FROM certificate_records WHERE person_hash = ? ORDER BY type').all(personHash) as Row[]).map(recordFrom);
  }

  putRecord(r: CertificateRecord): void {
    this.db
      .prepare(
        `INSERT INTO certificate_records (type, person_hash, masked_name, masked_id, data, rows, source, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (person_hash, type) DO UPDATE SET masked_name = excluded.masked_name, masked_id = excluded.masked_id, data = excluded.data,
           rows = excluded.rows, source = excluded.source, updated_at = excluded.updated_at`,
      )
      .run(r.type, r.personHash, r.maskedName, r.maskedId, JSON.stringify(r.data), JSON.stringify(r.rows), r.source, r.updatedAt);
  }

  certificate(id: string): IssuedCertificate | undefined {
    const r = this.db.prepare('SELECT * FROM certificates WHERE id = ?').get(id) as Row | undefined;
    return r ? certificateFrom(r) : undefined;
  }

  byIdempotencyKey(kioskId: string, key: string): IssuedCertificate | undefined {
    const r = this.db.prepare('SELECT * FROM certificates WHERE kiosk_id = ? AND idempotency_key = ?').get(kioskId, key) as Row | undefined;
    return r ? certificateFrom(r) : undefined;
  }

  /** The person's certificates of a type issued on or after `sinceDay`, newest first. */
  certificatesOf(personHash: string, type: string, sinceDay: string): IssuedCertificate[] {
    return (
      this.db
        .prepare('SELECT * FROM certificates WHERE person_hash = ? AND type = ? AND day >= ? ORDER BY issued_at DESC')
        .all(personHash, type, sinceDay) as Row[]
    ).map(certificateFrom);
  }

  insertCertificate(c: IssuedCertificate): void {
    this.db
      .prepare(
        `INSERT INTO certificates (id, type, type_name, person_hash, masked_name, masked_id, period, kiosk_id, kiosk_name, issued_at, day, valid_until,
           sha256, idempotency_key, outcome, outcome_reason, revoked_at, revoked_reason, prints)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        c.id,
        c.type,
        c.typeName,
        c.personHash,
        c.maskedName,
        c.maskedId,
        c.period,
        c.kioskId,
        c.kioskName,
        c.issuedAt,
        c.day,
        c.validUntil,
        c.sha256,
        c.idempotencyKey,
        c.outcome,
        c.outcomeReason,
        c.revokedAt,
        c.revokedReason,
        c.prints,
      );
    this.logPrint(c.id, c.kioskId, c.issuedAt);
  }

  /** The same certificate printed again (after a fault): its outcome is open again, on the kiosk that prints it now. */
  reprint(id: string, kiosk: { id: string; name: string }, sha256: string, now: number): void {
    this.db
      .prepare('UPDATE certificates SET prints = prints + 1, outcome = NULL, outcome_reason = NULL, kiosk_id = ?, kiosk_name = ?, sha256 = ? WHERE id = ?')
      .run(kiosk.id, kiosk.name, sha256, id);
    this.logPrint(id, kiosk.id, now);
  }

  setOutcome(id: string, outcome: CertificateOutcome, reason: string | null): void {
    this.db.prepare('UPDATE certificates SET outcome = ?, outcome_reason = ? WHERE id = ?').run(outcome, reason, id);
    this.db
      .prepare(
        `UPDATE certificate_prints SET outcome = ?, reason = ? WHERE rowid = (SELECT rowid FROM certificate_prints WHERE certificate_id = ? ORDER BY at DESC, rowid DESC LIMIT 1)`,
      )
      .run(outcome, reason, id);
  }

  revoke(id: string, reason: string, by: string, now: number): void {
    this.db.prepare('UPDATE certificates SET revoked_at = ?, revoked_reason = ?, revoked_by = ? WHERE id = ?').run(now, reason, by, id);
  }

  list(f: CertificateListFilter): IssuedCertificate[] {
    const where = ['day >= ?', 'day <= ?'];
    const params: unknown[] = [f.fromDay, f.toDay];
    if (f.type) {
      where.push('type = ?');
      params.push(f.type);
    }
    if (f.before) {
      where.push('(issued_at < ? OR (issued_at = ? AND id < ?))');
      params.push(f.before.issuedAt, f.before.issuedAt, f.before.id);
    }
    const sql = `SELECT * FROM certificates WHERE ${where.join(' AND ')} ORDER BY issued_at DESC, id DESC LIMIT ?`;
    return (this.db.prepare(sql).all(...params, f.limit) as Row[]).map(certificateFrom);
  }

  /** Certificates per type and day (aborted prints not counted), for the manager's figures. */
  counts(f: Omit<CertificateListFilter, 'limit' | 'before'>): { day: string; type: string; typeName: string; count: number }[] {
    const params: unknown[] = [f.fromDay, f.toDay, ...(f.type ? [f.type] : [])];
    const sql = `SELECT day, type, MAX(type_name) AS type_name, COUNT(*) AS n FROM certificates
      WHERE day >= ? AND day <= ? ${f.type ? 'AND type = ?' : ''} AND (outcome IS NULL OR outcome = 'completed')
      GROUP BY day, type ORDER BY day, type`;
    return (this.db.prepare(sql).all(...params) as Row[]).map((r) => ({
      day: r.day as string,
      type: r.type as string,
      typeName: r.type_name as string,
      count: Number(r.n),
    }));
  }

  private logPrint(id: string, kioskId: string, at: number): void {
    this.db.prepare('INSERT INTO certificate_prints (certificate_id, kiosk_id, at) VALUES (?, ?, ?)').run(id, kioskId, at);
  }
}

const stores = new WeakMap<Db, SqliteCertificateStore>();

/** One store (its statements prepared once) per connection. */
export function certificateStoreOf(db: Db): SqliteCertificateStore {
  let store = stores.get(db);
  if (!store) stores.set(db, (store = new SqliteCertificateStore(db)));
  return store;
}
