// zod schemas of the hall API's request bodies: checked once at the HTTP edge, reused by typed clients.
import { z } from 'zod';
import { PAUSE_REASONS, PRIORITY_REASONS, RATING_CHANNELS } from './model.ts';
import { isValidPhone, normalizePhone } from './phone.ts';
import { passwordProblem } from './password-policy.ts';
import { ALERT_COMPONENTS, REPORTED_ALERTS } from './alerts.ts';

const id = z.string().min(1).max(100);
const isoDay = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a day as YYYY-MM-DD');
const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$|^24:00$/, 'time as HH:MM');

export const OpeningPeriodSchema = z
  .object({
    weekdays: z.array(z.number().int().min(1).max(7)).min(1).max(7).optional(),
    from: hhmm,
    to: hhmm,
    appointmentsOnly: z.boolean().optional(),
  })
  .strict()
  .refine((p) => p.from < p.to, { message: 'from must be before to', path: ['to'] });

export const LoginBody = z.object({ username: z.string().min(1).max(64), password: z.string().min(1).max(256) }).strict();

export const CreateUserBody = z
  .object({
    username: z.string().regex(/^[A-Za-z0-9_.-]{3,32}$/, '3–32 letters, digits, _ . or -'),
    password: z.string().min(1).max(256),
    role: z.enum(['manager', 'staff']),
    displayName: z.string().min(1).max(40).optional(),
  })
  .strict()
  .superRefine((u, ctx) => {
    const problem = passwordProblem(u.password, u.username);
    if (problem) ctx.addIssue({ code: 'custom', path: ['password'], message: problem });
  });

export const UpdateUserBody = z
  .object({ role: z.enum(['manager', 'staff']).optional(), disabled: z.boolean().optional() })
  .strict()
  .refine((b) => b.role !== undefined || b.disabled !== undefined, { message: 'send role or disabled' });

export const ChangePasswordBody = z.object({ currentPassword: z.string().min(1).max(256), newPassword: z.string().min(1).max(256) }).strict();

export const CreateDeviceBody = z.object({ name: z.string().min(1).max(80), kind: z.enum(['kiosk', 'display', 'integrator', 'rating_pad']) }).strict();

/** Translations of a name kept in zh-CN; an empty string removes one. */
export const LocalizedNamesSchema = z
  .object({ en: z.string().trim().max(120), 'zh-TW': z.string().trim().max(60), ja: z.string().trim().max(60) })
  .partial()
  .strict()
  .transform((names) => Object.fromEntries(Object.entries(names).filter(([, v]) => v !== '')) as Partial<Record<'en' | 'zh-TW' | 'ja', string>>);

const serviceName = z.string().min(1).max(60);
const serviceCategory = z.string().min(1).max(40).nullable();
const dailyCap = z.number().int().min(1).max(100_000).nullable();
const openingHours = z.array(OpeningPeriodSchema).max(28).nullable();
const targetWaitMinutes = z.number().int().min(1).max(600).nullable();
const prefix = z.string().regex(/^[A-Z]{1,2}$/, 'one or two capital letters');
const kioskOrder = z.number().int().min(0).max(9999);
const cutoffMinutes = z.number().int().min(1).max(240).nullable();
const defaultServiceSeconds = z.number().int().min(10).max(14_400);

export const CreateServiceBody = z
  .object({
    code: z.string().regex(/^[A-Za-z0-9_-]{1,32}$/, '1–32 letters, digits, _ or -'),
    name: serviceName,
    names: LocalizedNamesSchema.optional(),
    prefix,
    dailyCap: dailyCap.optional(),
    category: serviceCategory.optional(),
    openingHours: openingHours.optional(),
    targetWaitMinutes: targetWaitMinutes.optional(),
    defaultServiceSeconds: defaultServiceSeconds.optional(),
    kioskOrder: kioskOrder.optional(),
    cutoffMinutes: cutoffMinutes.optional(),
  })
  .strict();

/** PATCH /services/:id (contract v1.1): only the fields given change; null clears a cap, category, hours or target. */
export const UpdateServiceBody = z
  .object({
    name: serviceName,
    category: serviceCategory,
    dailyCap,
    openingHours,
    targetWaitMinutes,
    active: z.boolean(),
    names: LocalizedNamesSchema,
    kioskOrder,
    cutoffMinutes,
    defaultServiceSeconds,
    /** Takes effect from the next hall day (`pendingPrefix` until then). */
    prefix,
  })
  .partial()
  .strict();

export const CreateCounterBody = z
  .object({
    number: z.number().int().min(1).max(9999),
    name: z.string().min(1).max(40).nullable().optional(),
    serviceIds: z.array(id).min(1).max(100),
  })
  .strict();

export const UpdateCounterBody = z
  .object({
    name: z.string().min(1).max(40).nullable(),
    serviceIds: z.array(id).min(1).max(100),
    active: z.boolean(),
  })
  .partial()
  .strict()
  .refine((patch) => Object.keys(patch).length > 0, 'give at least one of name, serviceIds, active');

export const IssueTicketBody = z
  .object({
    serviceId: id,
    /** A kiosk may choose the id (a UUID) so the QR code it prints is right whether it is online or not. */
    ticketId: z.uuid().optional(),
    priority: z.union([z.boolean(), z.enum(PRIORITY_REASONS)]).optional(),
    idCardNumber: z.string().min(1).max(40).optional(),
    personName: z.string().min(1).max(60).optional(),
    appointmentCode: z.string().min(1).max(64).optional(),
    /** The guide's matter the ticket is taken for (取号办理): its service must be serviceId. */
    matterCode: z.string().min(1).max(64).optional(),
  })
  .strict();

export const CheckInBody = z
  .object({
    code: z.string().min(1).max(64).optional(),
    idCardNumber: z.string().min(1).max(40).optional(),
    personName: z.string().min(1).max(60).optional(),
  })
  .strict()
  .refine((b) => b.code !== undefined || b.idCardNumber !== undefined, { message: 'give code or idCardNumber', path: ['code'] });

export const CreateAppointmentBody = z
  .object({
    code: z.string().regex(/^[A-Za-z0-9-]{4,64}$/, '4–64 letters, digits or -'),
    serviceId: id,
    windowStart: z.iso.datetime({ offset: true }),
    windowEnd: z.iso.datetime({ offset: true }),
    idCardNumber: z.string().min(1).max(40).optional(),
    personName: z.string().min(1).max(60).optional(),
  })
  .strict();

/** Known reasons are kept as codes; any other text is kept as the note of reason "other". */
export const PauseBody = z
  .object({ reason: z.string().trim().min(1).max(100), note: z.string().max(200).optional() })
  .strict()
  .transform(({ reason, note }) =>
    (PAUSE_REASONS as readonly string[]).includes(reason)
      ? { reason: reason as (typeof PAUSE_REASONS)[number], note: note ?? null }
      : { reason: 'other' as const, note: note ? `${reason}: ${note}` : reason },
  );

export const CallTicketBody = z.object({ ticketId: id }).strict();

export const TransferBody = z.object({ serviceId: id }).strict();

const ratingFields = {
  level: z.number().int().min(1).max(5),
  comment: z.string().max(500).optional(),
  /** Reasons picked from the rating page's list, mostly for ratings of 2 or less. */
  tags: z.array(z.string().trim().min(1).max(30)).max(10).optional(),
};

/** An optional call-back number for the follow-up a low rating opens: digits kept, checked, '' meaning none. */
const followUpPhone = z
  .string()
  .max(30)
  .transform((raw) => normalizePhone(raw) || undefined)
  .refine((p) => p === undefined || isValidPhone(p), 'a mainland mobile number (11 digits, 13–19…) or a landline with its area code (010-62345678)')
  .optional();

const onlyWithFollowUp = (body: { level: number; phone?: string | undefined }) => body.phone === undefined || body.level <= 2;
const phoneRule = { message: 'a call-back number goes with a rating of 2 or less (the ones that open a follow-up)', path: ['phone'] };

export const RatingBody = z
  .object({ ...ratingFields, phone: followUpPhone, channel: z.enum(RATING_CHANNELS).optional() })
  .strict()
  .refine(onlyWithFollowUp, phoneRule);

export const PublicRatingBody = z
  .object({ ...ratingFields, phone: followUpPhone })
  .strict()
  .refine(onlyWithFollowUp, phoneRule);

export const ResolveFollowUpBody = z.object({ note: z.string().trim().min(1).max(1000) }).strict();

export const LeaseBody = z.object({ serviceId: id, count: z.number().int().min(1).max(500).optional() }).strict();

/** core/id-seal.ts `sealIdNumber`: `<keyId>.<base64url of ephemeral key, iv, ciphertext, tag>`. */
const SEALED_ID_PATTERN = /^[0-9a-f]{16}\.[A-Za-z0-9_-]{80,200}$/;

export const SyncOpSchema = z.discriminatedUnion('kind', [
  z
    .object({
      seq: z.number().int().min(1),
      kind: z.literal('ticket.issue'),
      /** The id the kiosk printed in the ticket's QR code; the server keeps it. */
      ticketId: z.uuid().optional(),
      /** The Idempotency-Key the kiosk used if it tried POST /tickets first. */
      idempotencyKey: z.string().min(1).max(128).optional(),
      serviceId: id,
      number: z.string().regex(/^[A-Z]{1,2}(\d{3,}|\d{1,4}-\d{3,})$/, 'a leased or fallback ticket number'),
      issuedAt: z.iso.datetime({ offset: true }),
      priorityReason: z.enum(PRIORITY_REASONS).nullable().optional(),
      /** The ID number sealed to sync/config's sealingKey; replaced the kiosk-computed personHash of sync protocol 1. */
      sealedIdNumber: z.string().regex(SEALED_ID_PATTERN, 'a sealed ID number: <keyId>.<base64url>').optional(),
      personHash: z
        .never({ error: 'personHash is sync protocol 1, which needed the hall key on the kiosk: update the kiosk agent (it sends sealedIdNumber)' })
        .optional(),
      maskedIdNumber: z.string().max(40).nullable().optional(),
      maskedName: z.string().max(60).nullable().optional(),
    })
    .strict(),
  z
    .object({
      seq: z.number().int().min(1),
      kind: z.literal('device.alert'),
      alert: z.enum(REPORTED_ALERTS),
      message: z.string().max(200).optional(),
      /** The part the report is about (core/alerts.ts): `recovered` then closes only that part's alerts. */
      component: z.enum(ALERT_COMPONENTS).optional(),
      at: z.iso.datetime({ offset: true }),
    })
    .strict(),
]);

export const SyncPushBody = z.object({ ops: z.array(SyncOpSchema).min(1).max(500) }).strict();

export const DeviceAlertBody = z
  .object({
    alert: z.enum(REPORTED_ALERTS),
    message: z.string().max(200).optional(),
    /** The part the report is about (core/alerts.ts): `recovered` then closes only that part's alerts. */
    component: z.enum(ALERT_COMPONENTS).optional(),
  })
  .strict();

const queueAlertLimits = {
  waiting: z.number().int().min(1).max(10_000).nullable(),
  waitMinutes: z
    .number()
    .int()
    .min(1)
    .max(24 * 60)
    .nullable(),
};
const QueueAlertSchema = z
  .object({
    ...queueAlertLimits,
    services: z
      .record(z.string().min(1).max(64), z.object(queueAlertLimits).partial().strict())
      .refine((r) => Object.keys(r).length <= 500, 'at most 500 services'),
  })
  .strict();

export const SettingsBody = z
  .object({
    hallName: z.string().min(1).max(60),
    timeZone: z.string().min(1).max(64),
    elderlyAge: z.number().int().min(50).max(120),
    personDailyLimit: z.number().int().min(1).max(50),
    priorityRatio: z.object({ priority: z.number().int().min(1).max(20), normal: z.number().int().min(1).max(20) }).strict(),
    appointmentEarlyMinutes: z.number().int().min(0).max(600),
    serviceTimeSample: z.number().int().min(1).max(500),
    noticeLine: z.string().max(300),
    announceRepeat: z.number().int().min(1).max(5),
    holidays: z.array(isoDay).max(400),
    extraWorkdays: z.array(isoDay).max(100),
    followUpWorkingDays: z.number().int().min(1).max(60),
    leaseSize: z.number().int().min(1).max(500),
    leaseLowWater: z.number().int().min(0).max(499),
    publicUrl: z.union([z.literal(''), z.url({ protocol: /^https?$/ })]),
    hallNames: LocalizedNamesSchema,
    categoryNames: z.record(z.string().min(1).max(40), LocalizedNamesSchema).refine((r) => Object.keys(r).length <= 200, 'at most 200 categories'),
    issueWithoutOpenCounter: z.boolean(),
    calendarNames: z.record(isoDay, z.string().max(40)).refine((r) => Object.keys(r).length <= 500, 'at most 500 named days'),
    queueAlert: QueueAlertSchema,
  })
  .partial()
  .strict();

/** A year of the hall calendar, as the file the manager uploads (core/hall-calendar.ts parses it and names a bad line). */
export const CalendarImportBody = z.object({ format: z.enum(['csv', 'json']), content: z.string().min(1).max(60_000) }).strict();

export const EmptyBody = z.object({}).strict();
