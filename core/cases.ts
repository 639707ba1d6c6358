// Cases (办件): what a window accepted for a matter (事项), its receipt number (受理编号), its status timeline and the
// due date promised in the hall's working days. Pure rules: the store and the writer apply them (db/case-store.ts).
import { z } from 'zod';
import { HallError, conflict, invalid } from './errors.ts';
import { checkIdNumber } from './id-card.ts';
import { addWorkingDays, type WorkCalendar } from './working-days.ts';

export const CASE_STATUSES = ['accepted', 'reviewing', 'decided', 'completed', 'ready_for_pickup', 'mailed', 'rejected', 'needs_more'] as const;
export type CaseStatus = (typeof CASE_STATUSES)[number];

/** The forward path; a case may skip forward steps. ready_for_pickup and mailed both end it. */
const FORWARD: Record<CaseStatus, number> = {
  accepted: 0,
  reviewing: 1,
  decided: 2,
  completed: 3,
  ready_for_pickup: 4,
  mailed: 4,
  rejected: -1,
  needs_more: -1,
};
export const FINAL_STATUSES: readonly CaseStatus[] = ['ready_for_pickup', 'mailed', 'rejected'];

/** Where a case in `from` may go next, in the order a clerk usually picks them. */
export function nextStatuses(from: CaseStatus): CaseStatus[] {
  if (FINAL_STATUSES.includes(from)) return [];
  // Supplied materials go back to review; a case waiting for them may also be turned down.
  if (from === 'needs_more') return ['reviewing', 'rejected'];
  const forward = CASE_STATUSES.filter((s) => FORWARD[s] > FORWARD[from]);
  const side: CaseStatus[] = FORWARD[from] <= FORWARD.reviewing ? ['needs_more', 'rejected'] : FORWARD[from] <= FORWARD.decided ? ['rejected'] : [];
  return [...forward, ...side];
}

export function checkMove(from: CaseStatus, to: CaseStatus, note: string | null): void {
  if (!nextStatuses(from).includes(to)) {
    throw conflict(
      'CASE_STATUS_INVALID',
      `a case that is ${from} cannot become ${to}: it may become ${nextStatuses(from).join(', ') || 'nothing (it has ended)'}`,
      {
        from,
        to,
        allowed: nextStatuses(from),
      },
    );
  }
  if (to === 'needs_more' && !note) throw invalid('note', 'say what is missing (补正材料), so the applicant knows what to bring');
  if (to === 'rejected' && !note) throw invalid('note', 'give the reason for not accepting (不予受理/不予许可)');
}

// ── receipt numbers: [hall code] YYYYMMDD NNNN C, digits only so a kiosk keypad types them; C is a Damm check digit,
// which catches every single wrong digit and every swap of two neighbours ──

const DAMM = [
  [0, 3, 1, 7, 5, 9, 8, 6, 4, 2],
  [7, 0, 9, 2, 1, 5, 4, 8, 6, 3],
  [4, 2, 0, 6, 8, 7, 1, 3, 5, 9],
  [1, 7, 5, 0, 9, 8, 3, 4, 2, 6],
  [6, 1, 2, 3, 0, 4, 5, 9, 7, 8],
  [3, 6, 7, 4, 2, 0, 9, 5, 8, 1],
  [5, 8, 6, 9, 7, 2, 0, 1, 3, 4],
  [8, 9, 4, 5, 3, 6, 2, 0, 1, 7],
  [9, 4, 3, 8, 6, 1, 7, 2, 0, 5],
  [2, 5, 8, 1, 4, 3, 6, 7, 9, 0],
] as const;

export function dammDigit(digits: string): number {
  let interim = 0;
  for (const ch of digits) interim = DAMM[interim]![Number(ch)]!;
  return interim;
}

/** A hall code is 0–6 digits (HALL_CODE), the same on every receipt of the hall. */
export const HALL_CODE = /^\d{0,6}$/;

export function receiptNumber(hallCode: string, day: string, seq: number): string {
  const body = `${hallCode}${day.replaceAll('-', '')}${String(seq).padStart(4, '0')}`;
  return `${body}${dammDigit(body)}`;
}

/** 3201 20261206 0007 3: the parts apart, for the slip and the screens. */
export function formatReceiptNumber(n: string, hallCode = ''): string {
  const h = hallCode.length;
  return [n.slice(0, h), n.slice(h, h + 8), n.slice(h + 8, -1), n.slice(-1)].filter((p) => p !== '').join(' ');
}

export type ReceiptCheck = { ok: true; receiptNumber: string } | { ok: false; problem: 'format' | 'check_digit' };

/**
 * What a visitor typed or scanned: spaces and dashes go, and a scanned slip QR (a URL with `?case=`) gives its number.
 * Wrong check digit: a typo, said as such, before any lookup.
 */
export function checkReceiptNumber(raw: string): ReceiptCheck {
  const fromUrl = /[?&]case=([\d\s-]+)/.exec(raw)?.[1] ?? raw;
  const n = fromUrl.replace(/[\s-]/g, '');
  if (!/^\d{13,20}$/.test(n)) return { ok: false, problem: 'format' };
  if (dammDigit(n) !== 0) return { ok: false, problem: 'check_digit' };
  return { ok: true, receiptNumber: n };
}

export function requireReceiptNumber(raw: string): string {
  const check = checkReceiptNumber(raw);
  if (check.ok) return check.receiptNumber;
  throw check.problem === 'check_digit'
    ? new HallError(400, 'RECEIPT_NUMBER_INVALID', 'this receipt number does not add up (its last digit is a check digit): type it again from the slip', {
        field: 'receiptNumber',
        problem: 'check_digit',
      })
    : new HallError(400, 'RECEIPT_NUMBER_INVALID', 'a receipt number is 13 to 20 digits, as printed on the 受理回执: type it again from the slip', {
        field: 'receiptNumber',
        problem: 'format',
      });
}

// ── due dates ──

/** The promised days counted in the hall's working days from the day the case was accepted (that day not counted). */
export function dueDate(acceptedDay: string, promisedDays: number, calendar: WorkCalendar): string {
  return addWorkingDays(acceptedDay, promisedDays, calendar);
}

// ── records and views ──

/** What cases need of a matter (办事指南, core/matters.ts): filled from the matter store. */
export interface CaseMatter {
  code: string;
  name: string;
  serviceId: string | null;
  promisedDays: number;
}
export interface MatterLookup {
  matter(code: string): CaseMatter | undefined;
}

export interface CaseStep {
  status: CaseStatus;
  at: number;
  note: string | null;
}

export interface CaseRecord {
  id: string;
  receiptNumber: string;
  day: string;
  seq: number;
  matterCode: string;
  matterName: string;
  serviceId: string | null;
  personHash: string;
  maskedName: string;
  maskedId: string;
  status: CaseStatus;
  dueDate: string;
  ticketId: string | null;
  /** The window that accepted it (prints the slip), when a window did. */
  counterId: string | null;
  createdBy: string;
  createdAt: number;
  updatedAt: number;
  timeline: CaseStep[];
}

export interface CaseView {
  id: string;
  receiptNumber: string;
  matterCode: string;
  matterName: string;
  applicant: { name: string; idNumber?: string };
  status: CaseStatus;
  dueDate: string;
  /** Past the due date and not ended by then. */
  overdue: boolean;
  /** Where it may go from here (none once ended). */
  next: CaseStatus[];
  acceptedAt: string;
  updatedAt: string;
  timeline: { status: CaseStatus; at: string; note: string | null }[];
  ticketId?: string | null;
  counterId?: string | null;
}

/** Ended: the day its last step was taken; a case that ended late stays late. */
export function isOverdue(c: Pick<CaseRecord, 'status' | 'dueDate' | 'timeline'>, today: string, dayOf: (ms: number) => string): boolean {
  if (FINAL_STATUSES.includes(c.status) || c.status === 'completed') {
    const done = c.timeline.find((s) => s.status === 'completed' || FINAL_STATUSES.includes(s.status));
    return done ? dayOf(done.at) > c.dueDate : false;
  }
  return today > c.dueDate;
}

/**
 * `full`: the holder (by card), staff and integrators: masked name and ID number, ticket and window.
 * `receipt`: anyone holding the receipt number: the masked name only, never the ID number.
 */
export function caseView(c: CaseRecord, o: { iso: (ms: number) => string; today: string; dayOf: (ms: number) => string; scope: 'full' | 'receipt' }): CaseView {
  const view: CaseView = {
    id: c.id,
    receiptNumber: c.receiptNumber,
    matterCode: c.matterCode,
    matterName: c.matterName,
    applicant: o.scope === 'full' ? { name: c.maskedName, idNumber: c.maskedId } : { name: c.maskedName },
    status: c.status,
    dueDate: c.dueDate,
    overdue: isOverdue(c, o.today, o.dayOf),
    next: nextStatuses(c.status),
    acceptedAt: o.iso(c.createdAt),
    updatedAt: o.iso(c.updatedAt),
    timeline: c.timeline.map((s) => ({ status: s.status, at: o.iso(s.at), note: s.note })),
  };
  if (o.scope === 'full') Object.assign(view, { ticketId: c.ticketId, counterId: c.counterId });
  return view;
}

// ── bodies ──

const idCardNumber = z
  .string()
  .max(40)
  .refine((v) => checkIdNumber(v).ok, { message: 'not a valid resident ID number (18 characters, check digit): read the card again' });
const matterCode = z.string().trim().min(1).max(64);
const note = z.string().trim().min(1).max(500);

/** `idCardNumber` and `name` may be left out when `ticketId` names a ticket issued with an ID card (the window's one step). */
export const CreateCaseBody = z
  .object({
    matterCode,
    idCardNumber: idCardNumber.optional(),
    name: z.string().trim().min(1).max(40).optional(),
    ticketId: z.string().min(1).max(64).optional(),
    note: note.optional(),
  })
  .strict()
  .refine((b) => b.ticketId !== undefined || (b.idCardNumber !== undefined && b.name !== undefined), {
    message: 'give idCardNumber and name, or the ticketId of a ticket issued with an ID card',
    path: ['idCardNumber'],
  });
export type CreateCaseInput = z.output<typeof CreateCaseBody>;

export const CaseStatusBody = z.object({ status: z.enum(CASE_STATUSES), note: note.optional() }).strict();

export const CaseQueryBody = z.union([z.object({ receiptNumber: z.string().min(1).max(300) }).strict(), z.object({ idCardNumber }).strict()]);

// ── applied by the writer (server/commands.ts), on the store behind this port ──

export interface CaseStorePort {
  byId(id: string): CaseRecord | undefined;
  nextSeq(day: string): number;
  insert(c: CaseRecord, actorId: string): void;
  move(id: string, step: CaseStep, actorId: string): void;
  request(actorId: string, key: string): { fingerprint: string; caseId: string } | undefined;
  remember(actorId: string, key: string, fingerprint: string, caseId: string, now: number): void;
}

export interface Idempotency {
  key: string;
  fingerprint: string;
}

export interface NewCase {
  id: string;
  matter: CaseMatter;
  personHash: string;
  maskedName: string;
  maskedId: string;
  ticketId: string | null;
  counterId: string | null;
  note: string | null;
  hallCode: string;
  idempotency?: Idempotency | undefined;
}

const reused = () => conflict('IDEMPOTENCY_KEY_REUSED', 'this Idempotency-Key was already used for a different request: send a new key for a new request');

/** The case a key was used for, when the same request comes again; a different request under the key is refused. */
function replay(store: CaseStorePort, actorId: string, idempotency: Idempotency | undefined, caseId?: string): CaseRecord | undefined {
  if (!idempotency) return undefined;
  const seen = store.request(actorId, idempotency.key);
  if (!seen) return undefined;
  if (seen.fingerprint !== idempotency.fingerprint || (caseId !== undefined && seen.caseId !== caseId)) throw reused();
  return store.byId(seen.caseId);
}

export function openCase(
  store: CaseStorePort,
  actorId: string,
  input: NewCase,
  at: { now: number; day: string; calendar: WorkCalendar },
): { record: CaseRecord; replayed: boolean } {
  const again = replay(store, actorId, input.idempotency);
  if (again) return { record: again, replayed: true };
  const seq = store.nextSeq(at.day);
  const record: CaseRecord = {
    id: input.id,
    receiptNumber: receiptNumber(input.hallCode, at.day, seq),
    day: at.day,
    seq,
    matterCode: input.matter.code,
    matterName: input.matter.name,
    serviceId: input.matter.serviceId,
    personHash: input.personHash,
    maskedName: input.maskedName,
    maskedId: input.maskedId,
    status: 'accepted',
    dueDate: dueDate(at.day, input.matter.promisedDays, at.calendar),
    ticketId: input.ticketId,
    counterId: input.counterId,
    createdBy: actorId,
    createdAt: at.now,
    updatedAt: at.now,
    timeline: [{ status: 'accepted', at: at.now, note: input.note }],
  };
  store.insert(record, actorId);
  if (input.idempotency) store.remember(actorId, input.idempotency.key, input.idempotency.fingerprint, record.id, at.now);
  return { record, replayed: false };
}

export function moveCase(
  store: CaseStorePort,
  actorId: string,
  id: string,
  move: { status: CaseStatus; note: string | null; idempotency?: Idempotency | undefined },
  now: number,
): { record: CaseRecord; from: CaseStatus; replayed: boolean } {
  const again = replay(store, actorId, move.idempotency, id);
  if (again) return { record: again, from: again.status, replayed: true };
  const found = store.byId(id);
  if (!found) throw new HallError(404, 'CASE_NOT_FOUND', `case ${JSON.stringify(id)} does not exist: check the id`);
  checkMove(found.status, move.status, move.note);
  // Steps are ordered by time: a clock that stepped back still puts the new step last.
  const at = Math.max(now, found.updatedAt);
  store.move(id, { status: move.status, at, note: move.note }, actorId);
  if (move.idempotency) store.remember(actorId, move.idempotency.key, move.idempotency.fingerprint, id, now);
  return { record: store.byId(id)!, from: found.status, replayed: false };
}
