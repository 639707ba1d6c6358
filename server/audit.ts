// The audit trail at the command layer: every named command that commits appends exactly one audit row in the
// same transaction (so a rolled-back command leaves none), named by AUDIT below. A command without a rule is a
// type error, so a new command cannot forget its audit entry.
import { AsyncLocalStorage } from 'node:async_hooks';
import { SYSTEM_ACTOR, type AuditAction, type AuditActor, type AuditDetail, type AuditTarget } from '../core/audit.ts';
import type { Actor } from '../core/model.ts';
import { uuidv7 } from '../core/uuid.ts';
import type { CommandArgs, CommandName, CommandResult, WriterContext } from './commands.ts';
import { BOOKING_AUDIT } from './booking-commands.ts';

/** The actor of the HTTP request being handled: the router sets it, the writer's client sends it with each command. */
export const requestActor = new AsyncLocalStorage<Actor>();

/** Who a command run now acts for: the request's actor, or the hall itself (timers: day rollover, purge, first start). */
export function currentAuditActor(): AuditActor {
  const actor = requestActor.getStore();
  return actor ? { kind: actor.kind, id: actor.id, name: actor.name } : SYSTEM_ACTOR;
}

export interface AuditRule<K extends CommandName> {
  action: AuditAction | ((args: CommandArgs<K>, result: CommandResult<K>) => AuditAction);
  target?: (args: CommandArgs<K>, result: CommandResult<K>) => AuditTarget | null;
  detail?: (args: CommandArgs<K>, result: CommandResult<K>) => AuditDetail | null;
  /** When the one acting is not the request's actor: the user signing in, the hall's own jobs. */
  actor?: (args: CommandArgs<K>, c: WriterContext) => AuditActor;
  /** True when the command changed nothing (an idempotent replay): no entry then. */
  unchanged?: (args: CommandArgs<K>, result: CommandResult<K>) => boolean;
}

const ref = (kind: string, id: string): AuditTarget => ({ kind, id });
const actorOf = (a: Actor): AuditActor => ({ kind: a.kind, id: a.id, name: a.name });
const system = (): AuditActor => SYSTEM_ACTOR;
const ticketDetail = (t: { number: string; counterId?: string | null }) => ({ number: t.number, counterId: t.counterId ?? null });

export const AUDIT: { [K in CommandName]: AuditRule<K> } = {
  createService: { action: 'service.create', target: (_a, s) => ref('service', s.id), detail: (_a, s) => ({ code: s.code, prefix: s.prefix }) },
  updateService: {
    action: 'service.update',
    target: ([id]) => ref('service', id),
    detail: ([, patch]) => ({ changed: Object.keys(patch).filter((k) => patch[k as keyof typeof patch] !== undefined) }),
  },
  createCounter: { action: 'counter.create', target: (_a, c) => ref('counter', c.id), detail: (_a, c) => ({ number: c.number }) },
  updateCounter: {
    action: 'counter.update',
    target: ([id]) => ref('counter', id),
    detail: ([, patch]) => ({ changed: Object.keys(patch).filter((k) => patch[k as keyof typeof patch] !== undefined) }),
  },
  createAppointment: { action: 'appointment.create', target: (_a, ap) => ref('appointment', ap.id), detail: (_a, ap) => ({ serviceId: ap.serviceId }) },

  signIn: { action: 'counter.sign_in', target: ([, id]) => ref('counter', id) },
  signOut: { action: 'counter.sign_out', target: ([, id]) => ref('counter', id) },
  callNext: {
    action: 'ticket.call_next',
    target: ([, counterId], t) => (t ? ref('ticket', t.id) : ref('counter', counterId)),
    detail: ([, counterId], t) => ({ counterId, number: t?.number ?? null }),
    // Nobody waiting: nothing changed (an idle window pressing 下一位 was a quarter of a year's audit rows).
    unchanged: (_a, t) => t === null,
  },
  callTicket: {
    action: 'ticket.call',
    target: ([, , id]) => ref('ticket', id),
    detail: ([, counterId], t) => ({ counterId, number: t.number, outOfOrder: true }),
  },
  recall: { action: 'ticket.recall', target: (_a, t) => ref('ticket', t.id), detail: (_a, t) => ticketDetail(t) },
  pause: { action: 'counter.pause', target: ([, id]) => ref('counter', id), detail: ([, , reason]) => ({ reason }) },
  resume: { action: 'counter.resume', target: ([, id]) => ref('counter', id) },

  issueTicket: {
    action: 'ticket.issue',
    target: (_a, r) => ref('ticket', r.id),
    detail: ([, input], r) => ({ number: r.number, serviceId: input.serviceId }),
    unchanged: (_a, r) => r.replayed,
  },
  checkIn: {
    action: 'appointment.check_in',
    target: (_a, r) => ref('ticket', r.id),
    detail: (_a, r) => ({ number: r.number }),
    unchanged: (_a, r) => r.replayed,
  },
  start: { action: 'ticket.start', target: ([, id]) => ref('ticket', id), detail: (_a, t) => ticketDetail(t) },
  complete: { action: 'ticket.complete', target: ([, id]) => ref('ticket', id), detail: (_a, t) => ticketDetail(t) },
  noShow: { action: 'ticket.no_show', target: ([, id]) => ref('ticket', id), detail: (_a, t) => ticketDetail(t) },
  transfer: { action: 'ticket.transfer', target: ([, id]) => ref('ticket', id), detail: ([, , to], t) => ({ number: t.number, toServiceId: to }) },
  cancel: { action: 'ticket.cancel', target: ([, id]) => ref('ticket', id), detail: (_a, t) => ({ number: t.number }) },
  // The phone page rates as the visitor's phone, not as whoever else the request is.
  rate: {
    action: 'ticket.rate',
    actor: ([actor]) => actorOf(actor),
    target: ([, id]) => ref('ticket', id),
    detail: (_a, r) => ({ level: r.level, channel: r.channel }),
  },
  resolveFollowUp: { action: 'followup.resolve', target: ([, id]) => ref('followup', id) },
  revealFollowUpPhone: { action: 'followup.phone_reveal', target: ([, id]) => ref('followup', id), detail: (_a, r) => ({ ticketId: r.ticketId }) },

  grantLease: { action: 'sync.lease', target: ([, serviceId]) => ref('service', serviceId), detail: ([, , count]) => ({ count }) },
  syncPush: {
    action: 'sync.push',
    target: ([actor]) => ref('device', actor.id),
    detail: (_a, results) => ({ ops: results.length, rejected: results.filter((r) => r.status === 'rejected').length }),
  },
  deviceAlert: { action: 'device.alert', target: ([actor]) => ref('device', actor.id), detail: ([, alert, , component]) => ({ alert, component }) },
  acknowledgeAlert: { action: 'alert.acknowledge', target: ([, id]) => ref('alert', id) },

  updateSettings: { action: 'settings.update', detail: ([patch]) => ({ changed: Object.keys(patch) }) },
  updateRetention: { action: 'retention.update', detail: ([patch]) => ({ ...patch }) },
  purgePersonalData: { action: 'retention.purge', actor: system, detail: (_a, counts) => ({ ...counts }) },
  rollover: { action: 'day.rollover', actor: system },

  insertSession: {
    action: 'auth.login',
    actor: ([, userId], c) => {
      const user = c.authStore.userById(userId);
      return { kind: 'user', id: userId, name: user ? (user.displayName ?? user.username) : null };
    },
    target: ([, userId]) => ref('user', userId),
  },
  loginFailed: {
    action: 'auth.login_failed',
    actor: ([user]) => ({ kind: 'user', id: user?.id ?? null, name: user?.name ?? null }),
    target: ([user]) => (user ? ref('user', user.id) : null),
    detail: ([, reason]) => ({ reason }),
  },
  clearSignInThrottle: { action: 'user.clear_throttle', target: ([id]) => ref('user', id), detail: ([, failures]) => ({ failures }) },
  deleteSession: { action: 'auth.logout' },
  insertUser: { action: 'user.create', target: ([row]) => ref('user', row.id), detail: ([row]) => ({ role: row.role }) },
  updateUser: {
    action: 'user.update',
    target: ([, id]) => ref('user', id),
    detail: ([, , patch]) => ({ role: patch.role ?? null, disabled: patch.disabled ?? null }),
  },
  setPassword: {
    action: ([, , mustChange]) => (mustChange ? 'user.reset_password' : 'auth.password_change'),
    target: ([id]) => ref('user', id),
  },
  insertDevice: { action: 'device.create', target: ([row]) => ref('device', row.id), detail: ([row]) => ({ kind: row.kind }) },
  // An unknown device is a 404 to the request: nothing was revoked.
  revokeDevice: { action: 'device.revoke', target: ([, id]) => ref('device', id), unchanged: (_a, revoked) => !revoked },
  importCalendar: { action: 'calendar.import', detail: ([year, entries]) => ({ year, days: entries.length }) },
  putCertificateType: { action: 'certificate_type.put', target: ([type]) => ref('certificate_type', type.code) },
  applyDistrictCertificateTypes: {
    action: 'certificate_type.district_apply',
    actor: system,
    detail: (_a, r) => ({ version: r.version, updated: r.updated, kept: r.kept }),
  },
  // Records are keyed by the person hash: the entry names the type only.
  putCertificateRecord: { action: 'certificate_record.put', detail: ([record]) => ({ type: record.type }) },
  issueCertificate: {
    action: (_a, r) => (r.repeated ? 'certificate.reprint' : 'certificate.issue'),
    target: (_a, r) => ref('certificate', r.certificate.id),
    detail: (_a, r) => ({ type: r.certificate.type }),
  },
  certificateOutcome: { action: 'certificate.outcome', target: ([, id]) => ref('certificate', id), detail: ([, , outcome]) => ({ outcome }) },
  revokeCertificate: { action: 'certificate.revoke', target: ([, id]) => ref('certificate', id) },
  certificateKeyRotated: { action: 'certificate_key.rotate', detail: ([, kid]) => ({ kid }) },
  createCase: {
    action: 'case.create',
    target: (_a, r) => ref('case', r.case.id),
    detail: ([, input], r) => ({ receiptNumber: r.case.receiptNumber, matterCode: input.matter.code, ticketId: input.ticketId }),
    unchanged: (_a, r) => r.replayed,
  },
  moveCase: {
    action: 'case.status',
    target: ([, id]) => ref('case', id),
    detail: ([, , status], r) => ({ from: r.from, to: status }),
    unchanged: (_a, r) => r.replayed,
  },
  printCaseReceipt: { action: 'case.receipt_print', target: ([, id]) => ref('case', id), detail: ([, , counterId]) => ({ counterId }) },
  prefile: {
    action: 'prefiling.create',
    target: (_a, r) => ref('ticket', r.id),
    detail: ([, draft], r) => ({ number: r.number, draftId: r.draftId, matterCode: draft.matterCode }),
    unchanged: (_a, r) => r.replayed,
  },
  acceptPrefiling: {
    action: 'prefiling.accept',
    target: (_a, r) => ref('case', r.case.id),
    detail: ([, draftId], r) => ({ draftId, receiptNumber: r.case.receiptNumber }),
    unchanged: (_a, r) => r.replayed,
  },
  putMatter: {
    action: 'matter.put',
    target: ([m]) => ref('matter', m.code),
    detail: ([m, draft]) => ({ draft, serviceId: m.serviceId }),
  },
  publishMatter: { action: 'matter.publish', target: ([code]) => ref('matter', code) },
  deleteMatter: { action: 'matter.delete', target: ([code]) => ref('matter', code) },
  importMatters: { action: 'matter.import', detail: (_a, r) => ({ ...r }) },
  applyDistrictMatters: {
    action: 'matter.district_apply',
    actor: system,
    detail: (_a, r) => ({ version: r.version, updated: r.updated, kept: r.kept }),
  },
  restoreDistrictMatter: { action: 'matter.district_restore', target: ([code]) => ref('matter', code) },
  // The hall's own watch opens and closes 建议增开窗口 alerts, whichever request's commit woke it.
  queueThresholds: { action: 'queue.threshold', actor: system },
  // Only when the backup alert opens or closes: a good night's copy after another leaves no entry.
  backupOutcome: { action: 'backup.alert', actor: system, detail: ([failure]) => ({ failed: failure !== null }), unchanged: (_a, changed) => !changed },
  createPairingCode: { action: 'device.pairing_code', detail: ([, row]) => ({ name: row.name, kind: row.kind }) },
  // The one pairing is the new device itself, redeeming the code a manager made.
  redeemPairingCode: {
    action: 'device.pair',
    target: ([, deviceId]) => ref('device', deviceId),
    detail: (_a, r) => ({ kind: r.kind }),
    actor: ([, deviceId], c) => ({ kind: 'device', id: deviceId, name: c.devices.byId(deviceId)?.name ?? deviceId }),
  },
  renameDevice: { action: 'device.rename', target: ([, id]) => ref('device', id) },
  // Housekeeping, not a change anyone made: when devices were last seen.
  recordDevicesSeen: { action: 'device.rename', unchanged: () => true },
  createWebhook: { action: 'webhook.create', target: ([, id]) => ref('webhook', id), detail: ([, , input]) => ({ events: input.events }) },
  updateWebhook: {
    action: 'webhook.update',
    target: ([, id]) => ref('webhook', id),
    detail: ([, , patch]) => ({ changed: Object.keys(patch).filter((k) => patch[k as keyof typeof patch] !== undefined) }),
  },
  rotateWebhookSecret: { action: 'webhook.rotate_secret', target: ([, id]) => ref('webhook', id) },
  pingWebhook: { action: 'webhook.ping', target: ([, id]) => ref('webhook', id), detail: (_a, r) => ({ deliveryId: r.deliveryId }) },
  replayWebhookDelivery: { action: 'webhook.replay', target: ([, id]) => ref('webhook_delivery', id) },
  replayFailedWebhooks: {
    action: 'webhook.replay',
    target: ([, sub]) => (sub ? ref('webhook', sub) : null),
    detail: (_a, r) => ({ replayed: r.replayed }),
  },
  // Housekeeping of the outbox, not a change anyone made: attempts and reminders are in the delivery log.
  webhookAttempts: { action: 'webhook.replay', unchanged: () => true },
  webhookReminders: { action: 'webhook.replay', unchanged: () => true },
  ...BOOKING_AUDIT,
};

/**
 * Runs a command and appends its audit entry, both inside the running batch: if the command or the entry fails,
 * the commit queue rolls back both (with the batch, or the command's savepoint).
 */
export function runAudited(c: WriterContext, name: CommandName, run: () => unknown, args: unknown[], requestActor: AuditActor, now: number): unknown {
  const result = run();
  const rule = AUDIT[name] as unknown as AuditRule<CommandName>;
  const a = args as CommandArgs<CommandName>;
  const r = result as CommandResult<CommandName>;
  if (rule.unchanged?.(a, r)) return result;
  const action = typeof rule.action === 'function' ? rule.action(a, r) : rule.action;
  c.audit.append(uuidv7(), now, rule.actor?.(a, c) ?? requestActor, action, rule.target?.(a, r) ?? null, rule.detail?.(a, r) ?? null);
  return result;
}
