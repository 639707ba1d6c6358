// Every state change of the hall as a named command: run by the writer thread inside one group commit.
// Commands take plain data and return plain data (views), because they cross a thread boundary.
import type { AlertComponent, DeviceAlerts, ReportedAlert } from '../core/alerts.ts';
import { BACKUP_ALERT_DEVICE, BACKUP_ALERT_KIND } from '../core/alerts.ts';
import { DEFAULT_RETENTION, type Retention } from '../core/audit.ts';
import { HallError, conflict, forbidden, notFound } from '../core/errors.ts';
import type { CounterPatch, IssuedTicket, IssueTicketInput, NewAppointment, NewService, QueueEngine, RatingInput, ServicePatch } from '../core/engine.ts';
import type { Actor, DeviceKind, HallSettings, PauseReason, UserRole } from '../core/model.ts';
import type { KioskSync, SyncOp, SyncResult } from '../core/sync.ts';
import { calendarYear, withCalendarYear, type CalendarEntry } from '../core/hall-calendar.ts';
import { applyQueueThresholds } from '../core/queue-watch.ts';
import { isoInZone } from '../core/time.ts';
import type { AuditStore } from '../db/audit-store.ts';
import { readSetting, writeSetting, type AuthStore, type DeviceRow, type UserRow } from '../db/auth-store.ts';
import type { Db } from '../db/database.ts';
import type { DeviceStore, PairingCodeRow } from '../db/device-store.ts';
import { pruneEventsBefore } from '../db/event-log.ts';
import { queueStates } from '../db/queue-watch-store.ts';
import { rollUpEndedDays } from '../db/report-store.ts';
import { SETTINGS_KEY } from './hall-engine.ts';
import { jsonText } from './http.ts';
import {
  certificateView,
  issueCertificate,
  type CertificateOutcome,
  type CertificateRecord,
  type CertificateType,
  type IssueRequest,
} from '../core/certificates.ts';
import { certificateStoreOf } from '../db/certificate-store.ts';
import { applyDistrictCertificateTypes, applyDistrictMatters, restoreDistrictMatter } from '../db/district-catalogue.ts';
import type { DistrictMatter } from '../core/district-matters.ts';
import { addDays, hallDay } from '../core/time.ts';
import { DEFAULT_NEAR_AHEAD, type CreateWebhookInput, type WebhookPatch } from '../core/webhooks.ts';
import type { AttemptResult, StoredSubscription } from '../db/webhook-store.ts';
import type { WebhookOutbox } from './webhooks-dispatcher.ts';
import { BOOKING_COMMANDS, bookingRollover, roomForAppointment } from './booking-commands.ts';
import type { Matter } from '../core/matters.ts';
import { matterStoreOf } from '../db/matter-store.ts';
import { caseView, moveCase, openCase, type CaseRecord, type CaseStatus, type Idempotency, type NewCase } from '../core/cases.ts';
import { caseStoreOf } from '../db/case-store.ts';
import { prefilingStoreOf, type DraftRow } from '../db/prefiling-store.ts';

export interface WriterContext {
  engine: QueueEngine;
  sync: KioskSync;
  alerts: DeviceAlerts;
  authStore: AuthStore;
  audit: AuditStore;
  devices: DeviceStore;
  db: Db;
  settings(): HallSettings;
  setSettings(next: HallSettings): void;
  /** A savepoint inside the current batch: a failure undoes only what ran in it. */
  atomic<T>(run: () => T): T;
  /** The webhook outbox (server/webhooks-dispatcher.ts), filled in the transaction of the events it follows. */
  webhooks: WebhookOutbox;
}

// The id and number ride along for the audit trail, which records them without parsing the text.
const issuedAsText = ({ ticket, replayed, ticketJson }: IssuedTicket) => ({
  ticket: jsonText(ticket, ticketJson),
  replayed,
  id: ticket.id,
  number: ticket.number,
});

export const RETENTION_KEY = 'retention';
/** The retention settings stored, over the documented defaults. */
export const readRetention = (db: Db): Retention => ({ ...DEFAULT_RETENTION, ...readSetting<Partial<Retention>>(db, RETENTION_KEY) });

type Command = (c: WriterContext, now: number, ...args: never[]) => unknown;

export const COMMANDS = {
  createService: (c: WriterContext, now: number, input: NewService) => c.engine.serviceView(c.engine.createService(input, now)),
  updateService: (c: WriterContext, now: number, id: string, patch: ServicePatch) => c.engine.serviceView(c.engine.updateService(id, patch, now)),
  createCounter: (c: WriterContext, now: number, input: { number: number; name?: string | null | undefined; serviceIds: string[] }) =>
    c.engine.counterView(c.engine.createCounter(input, now)),
  updateCounter: (c: WriterContext, now: number, id: string, patch: CounterPatch) => c.engine.counterView(c.engine.updateCounter(id, patch, now)),
  createAppointment: (c: WriterContext, now: number, actor: Actor, input: NewAppointment) => {
    // Online booking's slots (issue 14) are never oversold, not by an integrator either.
    roomForAppointment(c, input.serviceId, input.windowStart, now);
    return c.engine.appointmentView(c.engine.createAppointment(actor, input, now));
  },

  signIn: (c: WriterContext, now: number, actor: Actor, counterId: string) => c.engine.counterView(c.engine.signIn(actor, counterId, now)),
  signOut: (c: WriterContext, now: number, actor: Actor, counterId: string) => c.engine.counterView(c.engine.signOut(actor, counterId, now)),
  callNext: (c: WriterContext, now: number, actor: Actor, counterId: string) => c.engine.callNext(actor, counterId, now),
  callTicket: (c: WriterContext, now: number, actor: Actor, counterId: string, ticketId: string) => c.engine.callTicket(actor, counterId, ticketId, now),
  recall: (c: WriterContext, now: number, actor: Actor, counterId: string) => c.engine.recall(actor, counterId, now),
  pause: (c: WriterContext, now: number, actor: Actor, counterId: string, reason: PauseReason, note: string | null) =>
    c.engine.counterView(c.engine.pause(actor, counterId, reason, note, now)),
  resume: (c: WriterContext, now: number, actor: Actor, counterId: string) => c.engine.counterView(c.engine.resume(actor, counterId, now)),

  // The ticket goes straight into the HTTP reply: it crosses to the main thread as its JSON text.
  issueTicket: (c: WriterContext, now: number, actor: Actor, input: IssueTicketInput & { matterCode?: string | undefined }) => {
    const matter = input.matterCode === undefined ? null : requireMatterFor(c, input.matterCode, input.serviceId);
    const issued = c.engine.issueTicket(actor, input, now);
    // 常用服务 and the counter read which matter a ticket was taken for.
    if (matter && !issued.replayed) matterStoreOf(c.db).recordTicket(issued.ticket.id, c.engine.today(now), matter.code);
    return issuedAsText(issued);
  },
  checkIn: (c: WriterContext, now: number, actor: Actor, input: Parameters<QueueEngine['checkIn']>[1]) => issuedAsText(c.engine.checkIn(actor, input, now)),
  start: (c: WriterContext, now: number, actor: Actor, ticketId: string) => c.engine.start(actor, ticketId, now),
  complete: (c: WriterContext, now: number, actor: Actor, ticketId: string) => c.engine.complete(actor, ticketId, now),
  noShow: (c: WriterContext, now: number, actor: Actor, ticketId: string) => c.engine.noShow(actor, ticketId, now),
  transfer: (c: WriterContext, now: number, actor: Actor, ticketId: string, serviceId: string) => c.engine.transfer(actor, ticketId, serviceId, now),
  cancel: (c: WriterContext, now: number, actor: Actor, ticketId: string) => c.engine.cancel(actor, ticketId, now),
  rate: (c: WriterContext, now: number, actor: Actor, ticketId: string, input: RatingInput) => c.engine.rate(actor, ticketId, input, now),
  resolveFollowUp: (c: WriterContext, now: number, actor: Actor, id: string, note: string) => c.engine.resolveFollowUp(actor, id, note, now),
  revealFollowUpPhone: (c: WriterContext, now: number, actor: Actor, id: string) => c.engine.revealFollowUpPhone(actor, id, now),

  grantLease: (c: WriterContext, now: number, actor: Actor, serviceId: string, count: number) => c.sync.grantLease(actor, serviceId, count, now),
  syncPush: (c: WriterContext, now: number, actor: Actor, ops: SyncOp[]) =>
    ops.map((op): SyncResult => {
      try {
        return c.atomic(() => c.sync.apply(actor, op, now));
      } catch (error) {
        // A poison operation must not block the kiosk's outbox behind it; it stays recorded for the manager.
        c.atomic(() => c.engine.emit('sync.op_failed', now, { device: { id: actor.id, name: actor.name }, seq: op.seq, error: String(error) }));
        return { seq: op.seq, status: 'rejected', error: { code: 'OP_FAILED', message: String(error) } };
      }
    }),
  deviceAlert: (c: WriterContext, now: number, actor: Actor, alert: ReportedAlert, message: string | null, component: AlertComponent | null) => {
    c.engine.emit('device.alert', now, { device: { id: actor.id, name: actor.name }, alert, message, at: c.engine.iso(now) });
    c.alerts.report({ id: actor.id, name: actor.name }, { alert, message, component, at: now }, now);
  },
  acknowledgeAlert: (c: WriterContext, now: number, actor: Actor, id: string) => c.alerts.acknowledge(actor, id, now),

  updateSettings: (c: WriterContext, now: number, patch: Partial<HallSettings>) => {
    const next = { ...c.settings(), ...patch };
    writeSetting(c.db, SETTINGS_KEY, next);
    c.engine.emit('settings.changed', now, { settings: next });
    c.setSettings(next);
    return next;
  },
  /**
   * The first moment of a new day: yesterday's open tickets end; expired sessions and old events go (with a district,
   * only those it acknowledged: `replicatedSeq`, 0 before it answered).
   */
  rollover: (c: WriterContext, now: number, eventRetentionMs: number, replicatedSeq: number | null = null) => {
    // Missed bookings are counted while their person hashes are still kept (the engine's rollover forgets them).
    bookingRollover(c, now);
    c.engine.rollover(now);
    // Ended days are rolled up for the reports before their events (pauses, transfers) are pruned.
    rollUpEndedDays(c.db, c.engine.today(now), c.settings().timeZone, now);
    c.authStore.pruneSessions(now);
    pruneEventsBefore(c.db, isoInZone(now - eventRetentionMs, c.settings().timeZone), replicatedSeq);
    c.alerts.prune(now);
    // Pre-filings nobody accepted on their day go, with their signatures.
    prefilingStoreOf(c.db).purgeBefore(c.engine.today(now));
  },

  updateRetention: (c: WriterContext, _now: number, patch: Partial<Retention>) => {
    const next = { ...readRetention(c.db), ...patch };
    writeSetting(c.db, RETENTION_KEY, next);
    return next;
  },
  /** The daily purge of personal data older than the retention settings allow. */
  purgePersonalData: (c: WriterContext, now: number) => c.audit.purge(readRetention(c.db), now, (ms) => c.engine.today(ms)),

  insertSession: (c: WriterContext, _now: number, tokenHash: string, userId: string, expiresAt: number) =>
    c.authStore.insertSession(tokenHash, userId, expiresAt),
  /** Changes nothing but the audit trail: a sign-in refused for a wrong password, a disabled or an unknown user. */
  loginFailed: (_c: WriterContext, _now: number, _user: { id: string; name: string } | null, reason: 'bad_password' | 'disabled' | 'unknown_user') => reason,
  /** Changes nothing but the audit trail: the throttle lives in the main thread's memory (server/auth.ts). */
  clearSignInThrottle: (_c: WriterContext, _now: number, _userId: string, failures: number) => failures,
  deleteSession: (c: WriterContext, _now: number, tokenHash: string) => c.authStore.deleteSession(tokenHash),
  insertUser: (c: WriterContext, _now: number, row: UserRow) => {
    if (c.authStore.userByName(row.username)) throw conflict('USERNAME_TAKEN', `user ${row.username} exists already: pick another username`);
    c.authStore.insertUser(row);
  },
  /** Role and disabled, checked here in one commit so two managers cannot both demote the last other manager. */
  updateUser: (c: WriterContext, now: number, actor: Actor, id: string, patch: { role?: UserRole | undefined; disabled?: boolean | undefined }) => {
    const user = c.authStore.userById(id);
    if (!user) throw notFound('user', id);
    const losesManager = patch.disabled === true || patch.role === 'staff';
    if (id === actor.id && losesManager) {
      throw conflict('OWN_ACCOUNT', 'you cannot disable or demote your own account: ask another manager to do it');
    }
    if (user.role === 'manager' && !user.disabled && losesManager && c.authStore.activeManagerCount() <= 1) {
      throw conflict('LAST_MANAGER', 'this is the last active manager: make another user a manager first');
    }
    c.authStore.updateUser(id, patch);
    if (patch.disabled === true) {
      c.authStore.deleteUserSessions(id);
      // The window shows closed at once, not staffed by someone who can no longer work it.
      const held = c.engine.store.counterHeldBy(id);
      if (held) c.engine.signOut(actor, held.id, now);
    }
    return c.authStore.userById(id)!;
  },
  /** A new password; `mustChange` for a manager's reset, whose old sessions end with it. */
  setPassword: (c: WriterContext, _now: number, id: string, passwordHash: string, mustChange: boolean) => {
    if (!c.authStore.userById(id)) throw notFound('user', id);
    c.authStore.setPassword(id, passwordHash, mustChange);
    if (mustChange) c.authStore.deleteUserSessions(id);
  },
  insertDevice: (c: WriterContext, _now: number, row: DeviceRow, tokenHash: string) => c.authStore.insertDevice(row, tokenHash),
  revokeDevice: (c: WriterContext, now: number, _actor: Actor, id: string) => {
    const revoked = c.authStore.revokeDevice(id);
    // A device taken out of service never reports recovery: its open alerts end with it.
    if (revoked) c.alerts.deviceRevoked(id, now);
    return revoked;
  },
  createPairingCode: (c: WriterContext, now: number, _actor: Actor, row: PairingCodeRow) => {
    // Eight random digits repeat now and then: the caller draws again.
    if (c.devices.pairingCode(row.codeHash)) throw conflict('PAIRING_CODE_TAKEN', 'this code is in use: draw another');
    c.devices.insertPairingCode(row, now);
  },
  /** Checked and spent in one commit, so a code pairs one device however many ask at once. */
  redeemPairingCode: (c: WriterContext, now: number, codeHash: string, deviceId: string, tokenHash: string, kind: DeviceKind | null) => {
    const code = c.devices.pairingCode(codeHash);
    if (!code) throw new HallError(404, 'PAIRING_CODE_UNKNOWN', 'no such pairing code: check the digits, or ask the manager for a new code');
    if (code.redeemedAt !== null) throw conflict('PAIRING_CODE_USED', 'this pairing code was used already: ask the manager for a new code');
    if (code.expiresAt <= now)
      throw new HallError(410, 'PAIRING_CODE_EXPIRED', 'this pairing code has expired (codes last 10 minutes): ask the manager for a new code');
    if (kind !== null && code.kind !== kind) {
      throw conflict('PAIRING_CODE_KIND', `this pairing code is for a ${code.kind}, not a ${kind}: make a code for a ${kind}`, { codeKind: code.kind });
    }
    c.authStore.insertDevice({ id: deviceId, name: code.name, kind: code.kind, revoked: false, createdAt: now }, tokenHash);
    c.devices.markRedeemed(codeHash, now, deviceId);
    return { name: code.name, kind: code.kind };
  },
  renameDevice: (c: WriterContext, _now: number, _actor: Actor, id: string, name: string) => {
    if (!c.devices.rename(id, name)) throw notFound('device', id);
    return c.devices.byId(id)!;
  },
  /** When devices were last seen, gathered in memory and written at most once a minute. */
  recordDevicesSeen: (c: WriterContext, _now: number, seen: [id: string, at: number][]) => c.devices.recordSeen(seen),
  /** One year of the hall calendar replaced in one commit: two imports never interleave. */
  importCalendar: (c: WriterContext, now: number, year: number, entries: CalendarEntry[]) => {
    const next = { ...c.settings(), ...withCalendarYear(c.settings(), year, entries) };
    writeSetting(c.db, SETTINGS_KEY, next);
    c.engine.emit('settings.changed', now, { settings: next });
    c.setSettings(next);
    return { year, items: calendarYear(next, year) };
  },
  // Certificates (core/certificates.ts): names and ID numbers arrive here masked or hashed only.
  putCertificateType: (c: WriterContext, now: number, type: CertificateType) => {
    certificateStoreOf(c.db).putType(type, now);
    c.engine.emit('certificate_type.updated', now, { type: { code: type.code, name: type.name } });
    return type;
  },
  /** A new district version of the certificate types (db/district-catalogue.ts: the hall's own edits are kept). */
  applyDistrictCertificateTypes: (c: WriterContext, now: number, version: number, types: CertificateType[]) => {
    const result = applyDistrictCertificateTypes(c.db, version, types, now);
    for (const code of result.updated) c.engine.emit('certificate_type.updated', now, { type: { code, name: types.find((t) => t.code === code)!.name } });
    return { version, ...result };
  },
  putCertificateRecord: (c: WriterContext, now: number, record: CertificateRecord) => {
    certificateStoreOf(c.db).putRecord({ ...record, updatedAt: now });
    return { type: record.type, holder: record.maskedName, holderId: record.maskedId, updatedAt: c.engine.iso(now) };
  },
  issueCertificate: (c: WriterContext, now: number, request: IssueRequest) => {
    const store = certificateStoreOf(c.db);
    const tz = c.settings().timeZone;
    const today = hallDay(now, tz);
    const { certificate, repeated } = issueCertificate(store, request, addDays(today, -1), now);
    const view = certificateView(certificate, (ms) => c.engine.iso(ms), today);
    c.engine.emit(repeated ? 'certificate.reprinted' : 'certificate.issued', now, { certificate: view });
    return { certificate, repeated };
  },
  certificateOutcome: (c: WriterContext, now: number, actor: Actor, id: string, outcome: CertificateOutcome, reason: string | null) => {
    const store = certificateStoreOf(c.db);
    const found = store.certificate(id);
    if (!found) throw notFound('certificate', id);
    if (found.kioskId !== actor.id) throw forbidden('NOT_YOUR_CERTIFICATE', 'only the kiosk that printed this certificate reports its outcome');
    store.setOutcome(id, outcome, reason);
    const view = certificateView(store.certificate(id)!, (ms) => c.engine.iso(ms), hallDay(now, c.settings().timeZone));
    c.engine.emit('certificate.outcome', now, { certificate: view });
    return view;
  },
  revokeCertificate: (c: WriterContext, now: number, actor: Actor, id: string, reason: string) => {
    const store = certificateStoreOf(c.db);
    const found = store.certificate(id);
    if (!found) throw notFound('certificate', id);
    if (found.revokedAt !== null) throw conflict('CERTIFICATE_REVOKED', 'this certificate is revoked already');
    store.revoke(id, reason, actor.id, now);
    const view = certificateView(store.certificate(id)!, (ms) => c.engine.iso(ms), hallDay(now, c.settings().timeZone));
    c.engine.emit('certificate.revoked', now, { certificate: view, by: { id: actor.id, name: actor.name } });
    return view;
  },
  /** The signing key was rotated (server/certificate-keys.ts, outside the database): recorded as an event. */
  certificateKeyRotated: (c: WriterContext, now: number, actor: Actor, kid: string, retired: string[]) => {
    c.engine.emit('certificate_key.rotated', now, { kid, retired, by: { id: actor.id, name: actor.name } });
    return { kid, retired };
  },
  // Cases (办件, core/cases.ts): the applicant arrives hashed and masked; events carry the view a receipt number shows.
  createCase: (c: WriterContext, now: number, actor: Actor, input: NewCase) => {
    const today = c.engine.today(now);
    const { record, replayed } = openCase(caseStoreOf(c.db), actor.id, input, { now, day: today, calendar: c.settings() });
    if (!replayed) c.engine.emit('case.created', now, caseEvent(c, record, now));
    return { case: caseView(record, caseViewContext(c, now, 'full')), replayed };
  },
  moveCase: (c: WriterContext, now: number, actor: Actor, id: string, status: CaseStatus, note: string | null, idempotency: Idempotency | undefined) => {
    const { record, from, replayed } = moveCase(caseStoreOf(c.db), actor.id, id, { status, note, idempotency }, now);
    if (!replayed) c.engine.emit('case.updated', now, { ...caseEvent(c, record, now), from });
    return { case: caseView(record, caseViewContext(c, now, 'full')), from, replayed };
  },
  /** The 受理回执 again, on the thermal printer of `counterId` (its counter bridge prints on this event). */
  printCaseReceipt: (c: WriterContext, now: number, _actor: Actor, id: string, counterId: string) => {
    const found = caseStoreOf(c.db).byId(id);
    if (!found) throw new HallError(404, 'CASE_NOT_FOUND', `case ${JSON.stringify(id)} does not exist: check the id`);
    c.engine.emit('case.receipt_requested', now, { caseId: id, receiptNumber: found.receiptNumber, counterId });
    return { caseId: id, counterId };
  },
  // Pre-filing (自助申报, core/prefiling.ts): the ticket and its sealed draft in one step; accepted into a case in one.
  prefile: (
    c: WriterContext,
    now: number,
    actor: Actor,
    draft: Omit<DraftRow, 'ticketId' | 'day' | 'createdBy' | 'createdAt' | 'caseId' | 'acceptedBy' | 'acceptedAt'>,
    issue: IssueTicketInput,
  ) => {
    const issued = issuedAsText(c.engine.issueTicket(actor, issue, now));
    const store = prefilingStoreOf(c.db);
    const had = store.byTicket(issued.id);
    if (issued.replayed && had) return { ...issued, draftId: had.id };
    store.insert({
      ...draft,
      ticketId: issued.id,
      day: c.engine.today(now),
      createdBy: actor.id,
      createdAt: now,
      caseId: null,
      acceptedBy: null,
      acceptedAt: null,
    });
    matterStoreOf(c.db).recordTicket(issued.id, c.engine.today(now), draft.matterCode);
    return { ...issued, draftId: draft.id };
  },
  acceptPrefiling: (c: WriterContext, now: number, actor: Actor, draftId: string, input: NewCase) => {
    const store = prefilingStoreOf(c.db);
    const draft = store.byId(draftId);
    if (!draft) throw new HallError(404, 'DRAFT_NOT_FOUND', 'this pre-filing is gone (not accepted on its day): fill the form at the window');
    const cases = caseStoreOf(c.db);
    if (draft.caseId !== null) {
      // The same request again (its Idempotency-Key opened this very case): the case, unchanged.
      const seen = input.idempotency ? cases.request(actor.id, input.idempotency.key) : undefined;
      if (seen?.caseId !== draft.caseId)
        throw conflict('DRAFT_ACCEPTED', `this pre-filing is case ${draft.caseId} already: open that case`, { caseId: draft.caseId });
    }
    const { record, replayed } = openCase(cases, actor.id, input, { now, day: c.engine.today(now), calendar: c.settings() });
    if (replayed) return { case: caseView(record, caseViewContext(c, now, 'full')), replayed, draftId };
    c.engine.emit('case.created', now, caseEvent(c, record, now));
    store.accept(draftId, record.id, actor.id, now);
    return { case: caseView(record, caseViewContext(c, now, 'full')), replayed, draftId };
  },
  // The service guide (core/matters.ts): a matter is replaced whole; a draft waits beside the published version.
  putMatter: (c: WriterContext, now: number, matter: Matter, draft: boolean) => {
    requireServiceOf(c, matter);
    const entry = matterStoreOf(c.db).put(matter, draft, now);
    if (!draft) c.engine.emit('matter.published', now, { matter: { code: matter.code, name: matter.name } });
    return entry;
  },
  publishMatter: (c: WriterContext, now: number, code: string) => {
    const store = matterStoreOf(c.db);
    const entry = store.entry(code);
    if (!entry) throw notFound('matter', code);
    if (!entry.draft) throw conflict('MATTER_NO_DRAFT', `matter ${code} has no draft to publish: save a draft first`);
    requireServiceOf(c, entry.draft);
    c.engine.emit('matter.published', now, { matter: { code, name: entry.draft.name } });
    return store.put(entry.draft, false, now);
  },
  deleteMatter: (c: WriterContext, now: number, code: string) => {
    if (!matterStoreOf(c.db).delete(code)) throw notFound('matter', code);
    c.engine.emit('matter.deleted', now, { matter: { code } });
    return { code };
  },
  /** A whole catalogue in one commit: checked entry by entry before (routes-matters.ts), so it lands whole or not at all. */
  importMatters: (c: WriterContext, now: number, entries: { matter: Matter; draft: boolean }[]) => {
    const store = matterStoreOf(c.db);
    entries.forEach(({ matter }, i) => requireServiceOf(c, matter, `matters[${i}] (${matter.code}): `));
    // Published versions first, so a draft in the same file stays beside its published version.
    for (const e of [...entries].sort((a, b) => Number(a.draft) - Number(b.draft))) store.put(e.matter, e.draft, now);
    c.engine.emit('matter.imported', now, { count: entries.length });
    return { imported: entries.length, published: entries.filter((e) => !e.draft).length, drafts: entries.filter((e) => e.draft).length };
  },
  /** A new district version of the matters (db/district-catalogue.ts: the hall's own edits and drafts are kept). */
  applyDistrictMatters: (c: WriterContext, now: number, version: number, items: DistrictMatter[]) => {
    const result = applyDistrictMatters(c.db, version, items, serviceIdByCode(c), now);
    // One event for the version, as for an import: a catalogue may hold hundreds of matters.
    if (result.updated.length > 0) c.engine.emit('matter.imported', now, { count: result.updated.length, districtVersion: version });
    return { version, ...result };
  },
  /** 恢复区级版本: the district's definition published again, ending the hall's override. */
  restoreDistrictMatter: (c: WriterContext, now: number, code: string) => {
    const matter = restoreDistrictMatter(c.db, code, serviceIdByCode(c), now);
    c.engine.emit('matter.published', now, { matter: { code, name: matter.name } });
    return matterStoreOf(c.db).entry(code)!;
  },
  /** Queue alerts (建议增开窗口) opened and closed from the queue as this transaction sees it (core/queue-watch.ts). */
  queueThresholds: (c: WriterContext, now: number) =>
    applyQueueThresholds(c.alerts, queueStates(c.db, c.engine.today(now), c.engine.store.listServices()), c.settings().queueAlert, now),
  // Outbound webhooks (issue 14): the secret arrives sealed, made and sealed on the main thread.
  createWebhook: (c: WriterContext, now: number, _actor: Actor, id: string, input: CreateWebhookInput, secretSealed: string) => {
    c.webhooks.store.insertSubscription({
      id,
      url: input.url,
      events: input.events,
      nearAhead: input.nearAhead ?? DEFAULT_NEAR_AHEAD,
      description: input.description ?? null,
      secretSealed,
      createdAt: now,
    });
    c.webhooks.changed();
    return c.webhooks.store.subscription(id)!;
  },
  updateWebhook: (c: WriterContext, _now: number, _actor: Actor, id: string, patch: WebhookPatch): StoredSubscription => {
    const sub = c.webhooks.store.subscription(id);
    if (!sub) throw notFound('webhook', id);
    const defined = Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined));
    c.webhooks.store.updateSubscription({ ...sub, ...defined });
    c.webhooks.changed();
    return c.webhooks.store.subscription(id)!;
  },
  rotateWebhookSecret: (c: WriterContext, now: number, _actor: Actor, id: string, secretSealed: string) => {
    if (!c.webhooks.store.subscription(id)) throw notFound('webhook', id);
    c.webhooks.store.rotateSecret(id, secretSealed, now);
    c.webhooks.changed();
    return c.webhooks.store.subscription(id)!;
  },
  pingWebhook: (c: WriterContext, now: number, _actor: Actor, id: string) => {
    if (!c.webhooks.store.subscription(id)) throw notFound('webhook', id);
    return { deliveryId: c.webhooks.ping(id, c.engine.iso(now)).id };
  },
  replayWebhookDelivery: (c: WriterContext, _now: number, _actor: Actor, id: string) => {
    if (!c.webhooks.store.replay(id, Date.now())) throw notFound('delivery', id);
    return c.webhooks.store.delivery(id)!;
  },
  replayFailedWebhooks: (c: WriterContext, _now: number, _actor: Actor, subscriptionId: string | null) => ({
    replayed: c.webhooks.store.replayFailed(subscriptionId, Date.now()),
  }),
  /** What the dispatcher's attempts came to (delivered, retry at, failed). */
  webhookAttempts: (c: WriterContext, _now: number, results: AttemptResult[]) => c.webhooks.store.recordAttempts(results),
  /** appointment.reminder deliveries that have come due by the hall's clock. */
  webhookReminders: (c: WriterContext, now: number) => c.webhooks.reminders(now),
  /** The scheduled backup's outcome: a failure opens the `backup_failed` alert, the next good copy closes it; says whether it changed. */
  backupOutcome: (c: WriterContext, now: number, failure: string | null) =>
    failure === null ? c.alerts.resolve(BACKUP_ALERT_DEVICE.id, BACKUP_ALERT_KIND, now) : c.alerts.raise(BACKUP_ALERT_DEVICE, BACKUP_ALERT_KIND, failure, now),
  ...BOOKING_COMMANDS,
} satisfies Record<string, Command>;

const caseViewContext = (c: WriterContext, now: number, scope: 'full' | 'receipt') => ({
  iso: (ms: number) => c.engine.iso(ms),
  today: c.engine.today(now),
  dayOf: (ms: number) => c.engine.today(ms),
  scope,
});
/** What subscribers (webhooks, the counter bridge, the district) get: the receipt's view, the window and the ticket. */
const caseEvent = (c: WriterContext, record: CaseRecord, now: number) => ({
  case: caseView(record, caseViewContext(c, now, 'receipt')),
  counterId: record.counterId,
  ticketId: record.ticketId,
});
function requireServiceOf(c: WriterContext, matter: Matter, where = ''): void {
  if (matter.serviceId !== null && !c.engine.store.getService(matter.serviceId)) {
    throw new HallError(400, 'VALIDATION_FAILED', `${where}serviceId: no service ${JSON.stringify(matter.serviceId)}: pick one of the hall's services`, {
      field: 'serviceId',
    });
  }
}

/** The district names a matter's queue service by its code: this hall's service with that code, or none. */
const serviceIdByCode =
  (c: WriterContext) =>
  (code: string | null): string | null =>
    code === null ? null : (c.engine.store.getServiceByCode(code)?.id ?? null);

/** A ticket is taken for a published matter handled by the ticket's service. */
function requireMatterFor(c: WriterContext, code: string, serviceId: string): Matter {
  const matter = matterStoreOf(c.db).published(code);
  if (!matter) throw notFound('matter', code);
  if (matter.serviceId !== serviceId) {
    throw conflict('MATTER_SERVICE_MISMATCH', `${matter.name} is handled by another service: take the ticket for that service`, {
      serviceId: matter.serviceId,
    });
  }
  return matter;
}

export type Commands = typeof COMMANDS;
export type CommandName = keyof Commands;
export type CommandArgs<K extends CommandName> = Commands[K] extends (c: WriterContext, now: number, ...args: infer A) => unknown ? A : never;
export type CommandResult<K extends CommandName> = ReturnType<Commands[K]>;

/** Runs a command in the writer thread's next group commit; resolves once that commit is on disk. */
export type RunCommand = <K extends CommandName>(name: K, ...args: CommandArgs<K>) => Promise<CommandResult<K>>;
