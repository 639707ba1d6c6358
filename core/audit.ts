// The audit trail's vocabulary: who did what to which thing, and how long personal data is kept (retention).

/** Every action the audit trail names (the `action` enum of GET /api/v1/audit). */
export const AUDIT_ACTIONS = [
  'auth.login',
  'auth.login_failed',
  'auth.logout',
  'auth.password_change',
  'user.create',
  'user.update',
  'user.reset_password',
  'device.create',
  'device.revoke',
  'device.alert',
  'queue.threshold',
  'backup.alert',
  'device.pairing_code',
  'device.pair',
  'device.rename',
  'alert.acknowledge',
  'settings.update',
  'calendar.import',
  'retention.update',
  'retention.purge',
  'day.rollover',
  'service.create',
  'service.update',
  'counter.create',
  'counter.update',
  'counter.sign_in',
  'counter.sign_out',
  'counter.pause',
  'counter.resume',
  'ticket.issue',
  'ticket.call_next',
  'ticket.call',
  'ticket.recall',
  'ticket.start',
  'ticket.complete',
  'ticket.no_show',
  'ticket.transfer',
  'ticket.cancel',
  'ticket.rate',
  'appointment.create',
  'appointment.check_in',
  'appointment.rules',
  'appointment.day',
  'appointment.hold',
  'appointment.book',
  'appointment.cancel',
  'appointment.update',
  'appointment.import',
  'appointment.no_show',
  'followup.resolve',
  'followup.phone_reveal',
  'sync.lease',
  'sync.push',
  'certificate_type.put',
  'certificate_record.put',
  'certificate.issue',
  'certificate.reprint',
  'certificate.outcome',
  'certificate.revoke',
  'certificate_key.rotate',
  'user.clear_throttle',
  'webhook.create',
  'webhook.update',
  'webhook.rotate_secret',
  'webhook.ping',
  'webhook.replay',
  'case.create',
  'case.status',
  'case.receipt_print',
  'prefiling.create',
  'prefiling.accept',
  'matter.put',
  'matter.publish',
  'matter.delete',
  'matter.import',
  'certificate_type.district_apply',
  'matter.district_apply',
  'matter.district_restore',
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

export type AuditActorKind = 'user' | 'device' | 'system';
/** `id` null: a failed sign-in under a username nobody has (the typed name is not kept: it may be a password). */
export interface AuditActor {
  kind: AuditActorKind;
  id: string | null;
  name: string | null;
}
export const SYSTEM_ACTOR: AuditActor = { kind: 'system', id: 'system', name: 'system' };

export interface AuditTarget {
  kind: string;
  id: string;
}

/** Detail: ids, codes, numbers and changed field names only, never a visitor's or a password's text. */
export type AuditDetail = Record<string, string | number | boolean | null | string[]>;

export interface AuditEntry {
  id: string;
  at: string;
  actor: AuditActor;
  action: AuditAction;
  target: AuditTarget | null;
  detail: AuditDetail | null;
}

export const AUDIT_CSV_HEADER = 'at,actor_kind,actor_id,actor_name,action,target_kind,target_id,detail';

/** RFC 4180 field: quoted when it holds a comma, quote or line break; a leading =+-@ is defused for spreadsheets. */
function csvField(value: string | null): string {
  if (value === null) return '';
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

export function auditCsvLine(e: AuditEntry): string {
  return [e.at, e.actor.kind, e.actor.id, e.actor.name, e.action, e.target?.kind ?? null, e.target?.id ?? null, e.detail ? JSON.stringify(e.detail) : null]
    .map(csvField)
    .join(',');
}

/** Days personal data is kept before the daily purge removes it (docs/api-guide.md, "Audit and retention"), 1–3650 each. */
export interface Retention {
  /** Masked visitor names and ID numbers on tickets, appointments and follow-ups. */
  maskedNamesDays: number;
  /** 好差评 comments on ratings and follow-ups. */
  ratingCommentsDays: number;
  /** Sealed call-back phone numbers of follow-ups not yet resolved (resolving deletes them at once). */
  phoneNumbersDays: number;
  /** The detail of audit entries; the entry itself (who, what, when, which) stays. */
  auditDetailDays: number;
}
export const RETENTION_FIELDS = [
  'maskedNamesDays',
  'ratingCommentsDays',
  'phoneNumbersDays',
  'auditDetailDays',
] as const satisfies readonly (keyof Retention)[];
export const RETENTION_MAX_DAYS = 3650;
export const DEFAULT_RETENTION: Retention = { maskedNamesDays: 30, ratingCommentsDays: 365, phoneNumbersDays: 30, auditDetailDays: 180 };

/** What one purge removed, per kind of data. */
export interface PurgeCounts {
  maskedNames: number;
  ratingComments: number;
  phoneNumbers: number;
  auditDetails: number;
}
