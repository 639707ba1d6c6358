// zod schemas of the booking endpoints' bodies (issue 14; docs/hall-api.md "Appointments and webhooks").
import { z } from 'zod';

const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$|^24:00$/, 'time as HH:MM');
const minutes = (max: number) => z.number().int().min(0).max(max);

export const AppointmentRulesBody = z
  .object({
    slotMinutes: z.number().int().min(5).max(480),
    capacityPerSlot: z.number().int().min(0).max(1000),
    dailyCapShare: z.number().min(0).max(1).nullable().optional(),
    daysAhead: z.number().int().min(0).max(60),
    open: z.array(z.object({ weekday: z.number().int().min(1).max(7), start: hhmm, end: hhmm }).strict()).max(70),
    closeBeforeMinutes: minutes(7 * 24 * 60).optional(),
    cancelBeforeMinutes: minutes(7 * 24 * 60).optional(),
    lateMinutes: minutes(240).optional(),
    holdMinutes: z.number().int().min(1).max(30).optional(),
    noShowLimit: z.number().int().min(1).max(100).optional(),
    noShowWindowDays: z.number().int().min(1).max(365).optional(),
    blockDays: z.number().int().min(0).max(365).optional(),
  })
  .strict();

export const HoldSlotBody = z.object({ serviceId: z.string().min(1).max(100), slotStart: z.iso.datetime({ offset: true }) }).strict();

export const BookingBody = z
  .object({
    serviceId: z.string().min(1).max(100),
    slotStart: z.iso.datetime({ offset: true }),
    name: z.string().trim().min(1).max(60),
    idCardNumber: z.string().min(1).max(40),
    phone: z.string().min(5).max(30),
    holdId: z.uuid().optional(),
  })
  .strict();

export const CancelBookingBody = z.object({ idCardNumber: z.string().min(1).max(40) }).strict();

export const AppointmentDayBody = z
  .object({ closed: z.boolean(), reason: z.string().trim().max(200).optional(), capacityPerSlot: z.number().int().min(0).max(1000).nullable().optional() })
  .strict()
  .refine((b) => !b.closed || (b.reason ?? '') !== '', { message: 'say why the day is closed: the visitors are told', path: ['reason'] });

export const ImportBookingsBody = z.object({ content: z.string().min(1).max(1_000_000) }).strict();

export const MoveAppointmentBody = z.object({ windowStart: z.iso.datetime({ offset: true }), windowEnd: z.iso.datetime({ offset: true }) }).strict();

export const CancelAppointmentBody = z.object({ reason: z.string().trim().max(200).optional() }).strict();
