// Self-service certificates (证明打印): types as data, the records they are filled from, the rules of issuing
// (daily limit, a repeat within minutes, validity) and the content a certificate shows. Pure, no I/O.
import { createHash } from 'node:crypto';
import { z } from 'zod';
import { conflict, invalid } from './errors.ts';
import { checkIdNumber } from './id-card.ts';
import { addDays } from './time.ts';

export const FIELD_KINDS = ['text', 'number', 'date'] as const;
export type FieldKind = (typeof FIELD_KINDS)[number];

export interface CertificateField {
  key: string;
  label: string;
  kind: FieldKind;
}

/** A choice of rows the visitor makes: the last `months` months up to the issue month (0: every row). */
export interface CertificatePeriod {
  key: string;
  label: string;
  months: number;
}

export interface CertificateTemplate {
  title: string;
  /** Paragraphs with {placeholders}: a field key, or name, idNumber, hallName, issueDate, validUntil, period, documentNumber. */
  paragraphs: string[];
  /** The record's rows; `monthColumn` (YYYY-MM values) is what a period filters on. */
  table?: { columns: { key: string; label: string }[]; monthColumn?: string | undefined } | undefined;
}

export interface CertificateType {
  code: string;
  name: string;
  fields: CertificateField[];
  template: CertificateTemplate;
  periods: CertificatePeriod[];
  validityDays: number;
  dailyLimit: number;
}

export type RecordValue = string | number;

/** What a source knows about one person for one type: keyed by the person hash, the holder only masked. */
export interface CertificateRecord {
  type: string;
  personHash: string;
  maskedName: string;
  maskedId: string;
  data: Record<string, RecordValue>;
  rows: Record<string, RecordValue>[];
  source: 'push' | 'platform';
  updatedAt: number;
}

export type CertificateOutcome = 'completed' | 'aborted';
export type CertificateStatus = 'valid' | 'revoked' | 'expired';

/** One issued certificate (the prints log): never the clear name or ID number. */
export interface IssuedCertificate {
  id: string;
  type: string;
  typeName: string;
  personHash: string;
  maskedName: string;
  maskedId: string;
  period: string | null;
  kioskId: string;
  kioskName: string;
  issuedAt: number;
  /** Hall-local day of issue, YYYY-MM-DD: the daily limit counts by it. */
  day: string;
  /** Last hall-local day it is valid. */
  validUntil: string;
  sha256: string;
  idempotencyKey: string | null;
  outcome: CertificateOutcome | null;
  outcomeReason: string | null;
  revokedAt: number | null;
  revokedReason: string | null;
  prints: number;
}

export const DEFAULT_DAILY_LIMIT = 5;
/** A print that did not complete may be asked for again this long and gives the same certificate. */
export const REPEAT_WINDOW_MS = 10 * 60_000;

const PLACEHOLDER = /\{([A-Za-z][A-Za-z0-9_]*)\}/g;
export const HOLDER_PLACEHOLDERS = ['name', 'idNumber', 'hallName', 'issueDate', 'validUntil', 'period', 'documentNumber'] as const;

const key = z.string().regex(/^[A-Za-z][A-Za-z0-9_]{0,39}$/, 'a key: a letter, then letters, digits or _ (up to 40)');
const label = z.string().trim().min(1).max(60);
const recordValue = z.union([z.string().max(500), z.number().finite()]);

export const CertificateTypeBody = z
  .object({
    name: z.string().trim().min(1).max(60),
    fields: z.array(z.object({ key, label, kind: z.enum(FIELD_KINDS) }).strict()).max(40),
    template: z
      .object({
        title: z.string().trim().min(1).max(60),
        paragraphs: z.array(z.string().min(1).max(2000)).min(1).max(20),
        table: z
          .object({ columns: z.array(z.object({ key, label }).strict()).min(1).max(8), monthColumn: key.optional() })
          .strict()
          .optional(),
      })
      .strict(),
    periods: z
      .array(z.object({ key, label, months: z.number().int().min(0).max(240) }).strict())
      .max(8)
      .optional(),
    validityDays: z.number().int().min(1).max(3650),
    dailyLimit: z.number().int().min(1).max(100).optional(),
  })
  .strict()
  .superRefine((t, ctx) => {
    const known = new Set<string>([...HOLDER_PLACEHOLDERS, ...t.fields.map((f) => f.key)]);
    t.template.paragraphs.forEach((p, i) => {
      for (const [, name] of p.matchAll(PLACEHOLDER)) {
        if (!known.has(name!))
          ctx.addIssue({
            code: 'custom',
            path: ['template', 'paragraphs', i],
            message: `{${name}} is neither a field key nor one of ${HOLDER_PLACEHOLDERS.join(', ')}`,
          });
      }
    });
    const table = t.template.table;
    if (table?.monthColumn && !table.columns.some((c) => c.key === table.monthColumn)) {
      ctx.addIssue({ code: 'custom', path: ['template', 'table', 'monthColumn'], message: 'must be one of the table columns' });
    }
    if ((t.periods?.length ?? 0) > 0 && !table?.monthColumn) {
      ctx.addIssue({ code: 'custom', path: ['periods'], message: 'periods filter table rows: give the table a monthColumn' });
    }
  });
export type CertificateTypeInput = z.output<typeof CertificateTypeBody>;

const idCardNumber = z
  .string()
  .max(40)
  .refine((v) => checkIdNumber(v).ok, { message: 'not a valid resident ID number (18 characters, check digit): read the card again' });
/** A name as the card gives it: Han characters (rare ones too), a middle dot for minority names, Latin letters. */
const personName = z.string().trim().min(1).max(40);
const typeCode = z.string().regex(/^[a-z][a-z0-9_-]{0,39}$/, 'a type code: lower-case letters, digits, _ or -');
const periodKey = key.optional();

export const CertificateRecordBody = z
  .object({
    type: typeCode,
    idCardNumber,
    name: personName,
    data: z.record(key, recordValue),
    rows: z.array(z.record(key, recordValue)).max(600).optional(),
  })
  .strict();
export const CertificateOffersBody = z.object({ idCardNumber }).strict();
export const CertificateRequestBody = z.object({ type: typeCode, idCardNumber, name: personName, period: periodKey }).strict();
export const CertificateOutcomeBody = z.object({ outcome: z.enum(['completed', 'aborted']), reason: z.string().trim().min(1).max(200).optional() }).strict();
export const RevokeCertificateBody = z.object({ reason: z.string().trim().min(1).max(500) }).strict();
export const TYPE_CODE = typeCode;

export function certificateType(code: string, input: CertificateTypeInput): CertificateType {
  return {
    code,
    name: input.name,
    fields: input.fields,
    template: input.template,
    periods: input.periods ?? [],
    validityDays: input.validityDays,
    dailyLimit: input.dailyLimit ?? DEFAULT_DAILY_LIMIT,
  };
}

/** Record fields the type knows, of the kind it says; rows keep the table's columns only. */
export function checkRecordAgainstType(type: CertificateType, data: Record<string, RecordValue>, rows: Record<string, RecordValue>[]): void {
  for (const field of type.fields) {
    const value = data[field.key];
    if (value === undefined) throw invalid(`data.${field.key}`, `${field.label} is missing: the type ${type.code} needs it`);
    if (field.kind === 'number' && typeof value !== 'number') throw invalid(`data.${field.key}`, 'a number');
    if (field.kind === 'date' && !(typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value))) {
      throw invalid(`data.${field.key}`, 'a date as YYYY-MM-DD');
    }
  }
  const columns = type.template.table?.columns.map((c) => c.key) ?? [];
  if (rows.length > 0 && columns.length === 0) throw invalid('rows', `the type ${type.code} has no table: send no rows`);
  const month = type.template.table?.monthColumn;
  rows.forEach((row, i) => {
    if (month && !(typeof row[month] === 'string' && /^\d{4}-\d{2}$/.test(row[month]))) {
      throw invalid(`rows.${i}.${month}`, 'a month as YYYY-MM');
    }
  });
}

/** The periods a visitor may pick for this type (none: the whole record). */
export function periodChoices(type: CertificateType): { key: string; label: string }[] | undefined {
  return type.periods.length > 0 ? type.periods.map(({ key, label }) => ({ key, label })) : undefined;
}

export function resolvePeriod(type: CertificateType, period: string | undefined): CertificatePeriod | null {
  if (type.periods.length === 0) {
    if (period !== undefined) throw invalid('period', `${type.name} has no periods: send no period`);
    return null;
  }
  if (period === undefined) return type.periods[0]!;
  const found = type.periods.find((p) => p.key === period);
  if (!found) throw invalid('period', `${type.name} offers periods ${type.periods.map((p) => p.key).join(', ')}: pick one of them`);
  return found;
}

const monthIndex = (ym: string) => Number(ym.slice(0, 4)) * 12 + Number(ym.slice(5, 7)) - 1;

export interface CertificateContent {
  type: string;
  typeName: string;
  title: string;
  paragraphs: string[];
  table?: { columns: string[]; rows: string[][] };
  hallName: string;
  validUntil: string;
}

export interface ContentContext {
  hallName: string;
  /** Hall-local day of issue. */
  issueDay: string;
  documentNumber: string;
}

const formatValue = (v: RecordValue | undefined): string => (v === undefined ? '' : typeof v === 'number' ? String(v) : v);
const chineseDate = (day: string) => `${Number(day.slice(0, 4))}年${Number(day.slice(5, 7))}月${Number(day.slice(8, 10))}日`;

export const validUntilDay = (type: CertificateType, issueDay: string): string => addDays(issueDay, type.validityDays - 1);

/** What the certificate says: the holder's clear name and number appear only here, on the way to the paper. */
export function certificateContent(
  type: CertificateType,
  record: CertificateRecord,
  holder: { name: string; idNumber: string },
  period: CertificatePeriod | null,
  ctx: ContentContext,
): CertificateContent {
  const validUntil = validUntilDay(type, ctx.issueDay);
  const table = type.template.table;
  let rows = record.rows;
  if (period && period.months > 0 && table?.monthColumn) {
    const last = monthIndex(ctx.issueDay);
    const month = table.monthColumn;
    rows = rows.filter((r) => {
      const m = monthIndex(String(r[month]));
      return m <= last && m > last - period.months;
    });
  }
  if (table?.monthColumn) rows = [...rows].sort((a, b) => String(a[table.monthColumn!]).localeCompare(String(b[table.monthColumn!])));
  const values: Record<string, string> = {
    ...Object.fromEntries(Object.entries(record.data).map(([k, v]) => [k, formatValue(v)])),
    name: holder.name,
    idNumber: holder.idNumber,
    hallName: ctx.hallName,
    issueDate: chineseDate(ctx.issueDay),
    validUntil: chineseDate(validUntil),
    period: period?.label ?? '',
    documentNumber: ctx.documentNumber,
  };
  return {
    type: type.code,
    typeName: type.name,
    title: type.template.title,
    paragraphs: type.template.paragraphs.map((p) => p.replace(PLACEHOLDER, (_, name: string) => values[name] ?? '')),
    ...(table ? { table: { columns: table.columns.map((c) => c.label), rows: rows.map((r) => table.columns.map((c) => formatValue(r[c.key]))) } } : {}),
    hallName: ctx.hallName,
    validUntil,
  };
}

/** The digest the signature carries: SHA-256 of the content's canonical JSON together with the certificate's id and issue time. */
export function contentDigest(id: string, issuedAt: string, content: CertificateContent): string {
  const canonical = JSON.stringify([
    id,
    issuedAt,
    content.type,
    content.title,
    content.paragraphs,
    content.table ?? null,
    content.hallName,
    content.validUntil,
  ]);
  return createHash('sha256').update(canonical).digest('hex');
}

export function certificateStatus(c: Pick<IssuedCertificate, 'revokedAt' | 'validUntil'>, today: string): CertificateStatus {
  if (c.revokedAt !== null) return 'revoked';
  return today > c.validUntil ? 'expired' : 'valid';
}

/** A print of the same person, type and period within minutes that did not complete gives the same certificate again. */
export function repeatable(c: IssuedCertificate, period: string | null, now: number): boolean {
  return c.period === period && c.outcome !== 'completed' && c.revokedAt === null && now - c.issuedAt <= REPEAT_WINDOW_MS;
}

/** The signed payload the QR code carries (contract: id, type, issuedAt, holder, holderId, sha256). */
export interface CertificateClaims {
  id: string;
  type: string;
  issuedAt: string;
  holder: string;
  holderId: string;
  sha256: string;
  validUntil: string;
  hall: string;
}

/** 证明编号: the hall-local issue day and the id's random tail, so a clerk can read it out. */
export const documentNumber = (id: string, issueDay: string): string => `${issueDay.replaceAll('-', '')}-${id.replaceAll('-', '').slice(-10).toUpperCase()}`;

/** What issuing needs of storage (db/certificate-store.ts on the writer's connection). */
export interface CertificateLog {
  certificate(id: string): IssuedCertificate | undefined;
  byIdempotencyKey(kioskId: string, key: string): IssuedCertificate | undefined;
  certificatesOf(personHash: string, type: string, sinceDay: string): IssuedCertificate[];
  insertCertificate(c: IssuedCertificate): void;
  reprint(id: string, kiosk: { id: string; name: string }, sha256: string, now: number): void;
  setOutcome(id: string, outcome: CertificateOutcome, reason: string | null): void;
  revoke(id: string, reason: string, by: string, now: number): void;
}

export interface IssueRequest {
  kiosk: { id: string; name: string };
  idempotencyKey: string | null;
  dailyLimit: number;
  /** The new certificate, content digest included, should none be given again. */
  candidate: IssuedCertificate;
  /** Digests the kiosk's request gives for certificates it may repeat (rendered again with their id and issue time). */
  repeatDigests: Record<string, string>;
}

/** The certificate a repeat of this request within the repeat window would give again, if any. */
export function repeatCandidate(
  log: Pick<CertificateLog, 'certificatesOf'>,
  personHash: string,
  type: string,
  period: string | null,
  sinceDay: string,
  now: number,
) {
  return log.certificatesOf(personHash, type, sinceDay).find((c) => repeatable(c, period, now));
}

/** Issues a certificate, or gives one again: the same Idempotency-Key, or a print of the same request that did not complete. */
export function issueCertificate(log: CertificateLog, req: IssueRequest, sinceDay: string, now: number): { certificate: IssuedCertificate; repeated: boolean } {
  const c = req.candidate;
  if (req.idempotencyKey !== null) {
    const earlier = log.byIdempotencyKey(req.kiosk.id, req.idempotencyKey);
    if (earlier) {
      if (earlier.personHash !== c.personHash || earlier.type !== c.type || earlier.period !== c.period) {
        throw conflict('IDEMPOTENCY_KEY_REUSED', 'this Idempotency-Key was used for another certificate: send a new key for a new request');
      }
      return { certificate: earlier, repeated: true };
    }
  }
  const again = repeatCandidate(log, c.personHash, c.type, c.period, sinceDay, now);
  if (again) {
    const digest = req.repeatDigests[again.id];
    if (digest === undefined) throw conflict('CERTIFICATE_BUSY', 'this certificate is being printed right now: try again in a moment');
    log.reprint(again.id, req.kiosk, digest, now);
    return { certificate: log.certificate(again.id)!, repeated: true };
  }
  const today = log.certificatesOf(c.personHash, c.type, c.day).filter((x) => x.day === c.day && x.outcome !== 'aborted');
  if (today.length >= req.dailyLimit) {
    throw conflict('DAILY_LIMIT_REACHED', `${c.typeName} can be printed ${req.dailyLimit} times a day per person: come back tomorrow or ask at the help desk`, {
      limit: req.dailyLimit,
    });
  }
  log.insertCertificate(c);
  return { certificate: c, repeated: false };
}

/** The manager's and the verifier's view: never the person hash. */
export function certificateView(c: IssuedCertificate, iso: (ms: number) => string, today: string) {
  return {
    id: c.id,
    number: documentNumber(c.id, c.day),
    type: c.type,
    typeName: c.typeName,
    holder: c.maskedName,
    holderId: c.maskedId,
    period: c.period,
    kiosk: { id: c.kioskId, name: c.kioskName },
    issuedAt: iso(c.issuedAt),
    validUntil: c.validUntil,
    sha256: c.sha256,
    outcome: c.outcome,
    outcomeReason: c.outcomeReason,
    prints: c.prints,
    revoked: c.revokedAt !== null,
    revokedAt: c.revokedAt === null ? null : iso(c.revokedAt),
    revokedReason: c.revokedReason,
    status: certificateStatus(c, today),
  };
}
export type CertificateView = ReturnType<typeof certificateView>;

/** Where records come from (docs/certificate-source.md): pushed by integrators and kept here, or asked of a city platform. */
export interface CertificateSource {
  /** The person's records of these types; the clear ID number only travels to a source that needs it to look up. */
  records(person: { personHash: string; idNumber: string }, types: readonly CertificateType[]): Promise<CertificateRecord[]>;
}
