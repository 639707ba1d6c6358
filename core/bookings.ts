// Appointment booking (预约, issue 14): each service's rules, the slots of a day, the rules a booking is held to, and the
// rate limits of the public booking endpoints. Pure: the store and the clock are given.
import { HallError, conflict, invalid } from './errors.ts';
import { dayKind, weekdayOf, type HallCalendar } from './hall-calendar.ts';
import { isValidPhone, maskPhone, normalizePhone } from './phone.ts';
import { addDays, hallDay, startOfHallDay } from './time.ts';
import { addWorkingDays } from './working-days.ts';

export interface OpenSpan {
  /** 1 = Monday … 7 = Sunday. */
  weekday: number;
  start: string;
  end: string;
}

export interface AppointmentRules {
  slotMinutes: number;
  capacityPerSlot: number;
  /** When set and the service has a daily cap: this share of it (0..1) is reserved for appointments, spread evenly over the day's slots (instead of capacityPerSlot). */
  dailyCapShare?: number | null | undefined;
  /** Booking opens this many working days ahead. */
  daysAhead: number;
  open: OpenSpan[];
  /** Booking closes this many minutes before the slot starts. */
  closeBeforeMinutes: number;
  /** Cancelling is possible until this many minutes before the slot starts (then TOO_LATE_TO_CANCEL). */
  cancelBeforeMinutes: number;
  /** A booking not checked in this many minutes after its slot ends is a no-show. */
  lateMinutes: number;
  /** A slot held while the visitor fills the form is kept this long. */
  holdMinutes: number;
  /** `noShowLimit` no-shows within `noShowWindowDays` block online booking for `blockDays` after the last one. */
  noShowLimit: number;
  noShowWindowDays: number;
  blockDays: number;
}

export const RULE_DEFAULTS: Omit<AppointmentRules, 'slotMinutes' | 'capacityPerSlot' | 'open'> = {
  daysAhead: 5,
  closeBeforeMinutes: 120,
  cancelBeforeMinutes: 120,
  lateMinutes: 15,
  holdMinutes: 5,
  noShowLimit: 3,
  noShowWindowDays: 180,
  blockDays: 30,
};

/** A day's exception: closed (bookings cancelled with notice) or another capacity per slot. */
export interface AppointmentDay {
  serviceId: string;
  day: string;
  closed: boolean;
  reason: string | null;
  capacityPerSlot: number | null;
}

export interface Slot {
  start: number;
  end: number;
  capacity: number;
}

const minutesOf = (hhmm: string): number => {
  const [h, m] = hhmm.split(':').map(Number) as [number, number];
  return h * 60 + m;
};

export function checkRules(rules: AppointmentRules): AppointmentRules {
  for (const [i, span] of rules.open.entries()) {
    if (minutesOf(span.end) <= minutesOf(span.start)) throw invalid(`open.${i}.end`, 'must be after start');
    if (minutesOf(span.end) - minutesOf(span.start) < rules.slotMinutes) throw invalid(`open.${i}`, 'shorter than one slot');
  }
  return rules;
}

/**
 * The slots of `day`: none on a holiday or a closed day; a 调休 workday keeps Monday's; rest days only where the rules open
 * them. Capacity: the day's exception, else the share of the service's daily cap, else capacityPerSlot.
 */
export function slotsOn(rules: AppointmentRules, day: string, calendar: HallCalendar, exception?: AppointmentDay, dailyCap: number | null = null): Slot[] {
  const kind = dayKind(day, calendar);
  if (kind === 'holiday' || exception?.closed) return [];
  const weekday = kind === 'workday' ? 1 : weekdayOf(day);
  const midnight = startOfHallDay(day, calendar.timeZone);
  const slots: Slot[] = [];
  for (const span of rules.open.filter((s) => s.weekday === weekday).sort((a, b) => minutesOf(a.start) - minutesOf(b.start))) {
    for (let m = minutesOf(span.start); m + rules.slotMinutes <= minutesOf(span.end); m += rules.slotMinutes) {
      slots.push({ start: midnight + m * 60_000, end: midnight + (m + rules.slotMinutes) * 60_000, capacity: 0 });
    }
  }
  const shared = rules.dailyCapShare != null && dailyCap !== null ? Math.floor((dailyCap * rules.dailyCapShare) / Math.max(1, slots.length)) : null;
  const capacity = exception?.capacityPerSlot ?? shared ?? rules.capacityPerSlot;
  return slots.map((s) => ({ ...s, capacity }));
}

/**
 * How many of the day's tickets are still kept for appointments (issue 14): with a `dailyCapShare`, the places of the
 * day's slots, less those already checked in. When booking has closed for the day's last slot, places nobody booked go
 * to walk-ins; a booked place stays kept until its holder checks in or is a no-show.
 */
export function keptForAppointments(rules: AppointmentRules, slots: readonly Slot[], now: number, appointments: { booked: number; checkedIn: number }): number {
  if (rules.dailyCapShare == null || slots.length === 0) return 0;
  const reserved = slots.reduce((n, s) => n + s.capacity, 0);
  const open = Math.max(0, reserved - appointments.checkedIn);
  const bookingClosed = now >= slots[slots.length - 1]!.start - rules.closeBeforeMinutes * 60_000;
  return bookingClosed ? Math.min(open, appointments.booked) : open;
}

/** The last day booking is open for now: `daysAhead` working days after today. */
export function lastBookableDay(rules: AppointmentRules, today: string, calendar: HallCalendar): string {
  return addWorkingDays(today, rules.daysAhead, calendar);
}

/** The slot a booking asks for, or why it cannot be booked now (before capacity and the person are looked at). */
export function bookableSlot(
  rules: AppointmentRules,
  slotStart: number,
  now: number,
  calendar: HallCalendar,
  exception?: AppointmentDay,
  dailyCap: number | null = null,
): Slot {
  const day = hallDay(slotStart, calendar.timeZone);
  const today = hallDay(now, calendar.timeZone);
  const slot = slotsOn(rules, day, calendar, exception, dailyCap).find((s) => s.start === slotStart);
  if (!slot) {
    if (exception?.closed) throw conflict('DAY_CLOSED', `appointments on ${day} are closed: choose another day`, { reason: exception.reason });
    throw new HallError(404, 'SLOT_NOT_FOUND', 'there is no appointment slot at this time: choose a slot from the list');
  }
  if (day < today || slot.start - rules.closeBeforeMinutes * 60_000 <= now) {
    throw conflict('BOOKING_CLOSED', `booking closes ${rules.closeBeforeMinutes / 60} h before the slot: choose a later slot`);
  }
  if (day > lastBookableDay(rules, today, calendar)) {
    throw conflict('BOOKING_NOT_OPEN', `booking opens ${rules.daysAhead} working days ahead: come back later for this day`);
  }
  return slot;
}

/** Until when (YYYY-MM-DD, exclusive) a person with these no-show days may not book online; null: not blocked. */
export function blockedUntil(noShowDays: readonly string[], today: string, rules: AppointmentRules): string | null {
  const since = addDays(today, -rules.noShowWindowDays);
  const recent = noShowDays.filter((d) => d > since).sort();
  if (recent.length < rules.noShowLimit) return null;
  const until = addDays(recent[recent.length - 1]!, rules.blockDays + 1);
  return today < until ? until : null;
}

export function mayCancel(rules: AppointmentRules, slotStart: number, now: number): void {
  if (now > slotStart - rules.cancelBeforeMinutes * 60_000) {
    throw conflict(
      'TOO_LATE_TO_CANCEL',
      `bookings can be cancelled until ${rules.cancelBeforeMinutes / 60} h before the slot: call the hall if you cannot come`,
    );
  }
}

export interface BookingPerson {
  hash: string;
  maskedIdNumber: string;
  maskedName: string;
}

export function bookingPhone(raw: string): { phone: string; masked: string } {
  const phone = normalizePhone(raw);
  if (!isValidPhone(phone)) throw invalid('phone', 'not a phone number: give a mobile number (11 digits) or a landline with its area code');
  return { phone, masked: maskPhone(phone) };
}

/** Booking codes: 8 characters nobody misreads or mistypes (no 0/O, 1/I). */
export const BOOKING_CODE_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';
export const BOOKING_CODE = /^[A-HJ-NP-Z2-9]{8}$/;

/**
 * Token buckets by key (an address, a person): `perMinute` refill, `burst` at once. Hand-written because it runs on the
 * hall's clock (tests move it), which the rate-limit libraries do not take.
 */
export class RateLimit {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();
  constructor(
    readonly perMinute: number,
    readonly burst: number,
    private readonly maxKeys = 50_000,
  ) {}

  /** 0 when the request may go; else the milliseconds until one token is back (nothing is taken then). */
  take(key: string, now: number): number {
    const b = this.buckets.get(key);
    // A clock set back refills nothing (and takes nothing back).
    const tokens = b ? Math.min(this.burst, b.tokens + (Math.max(0, now - b.at) * this.perMinute) / 60_000) : this.burst;
    if (tokens < 1) return Math.ceil(((1 - tokens) * 60_000) / this.perMinute);
    this.buckets.delete(key);
    this.buckets.set(key, { tokens: tokens - 1, at: Math.max(now, b?.at ?? now) });
    if (this.buckets.size > this.maxKeys) this.buckets.delete(this.buckets.keys().next().value!);
    return 0;
  }
}

export const tooMany = (what: string, waitMs: number): HallError => {
  const seconds = Math.max(1, Math.ceil(waitMs / 1000));
  return new HallError(429, 'TOO_MANY_REQUESTS', `too many booking requests ${what}: wait ${seconds} s and try again`, { retryAfterSeconds: seconds });
};

export interface BookingCsvLine {
  line: number;
  serviceCode: string;
  slotStart: number;
  name: string;
  idCardNumber: string;
  phone: string;
}

const badLine = (line: number, field: string, message: string): HallError =>
  new HallError(400, 'VALIDATION_FAILED', `line ${line}: ${message}`, { line, field });

/** `service,slotStart,name,idCardNumber,phone` lines (a header line is skipped); slotStart ISO-8601 or `YYYY-MM-DD HH:MM` hall time. */
export function parseBookingsCsv(text: string, timeZone: string): BookingCsvLine[] {
  const out: BookingCsvLine[] = [];
  text
    .replace(/^\uFEFF/, '')
    .split(/\r?\n/)
    .forEach((raw, i) => {
      const line = i + 1;
      if (raw.trim() === '' || (i === 0 && /^\s*service\s*,/i.test(raw))) return;
      const cells = raw.split(',').map((c) => c.trim().replace(/^"(.*)"$/, '$1'));
      if (cells.length !== 5) throw badLine(line, 'line', `${cells.length} fields: write service,slotStart,name,idCardNumber,phone`);
      const [serviceCode, when, name, idCardNumber, phone] = cells as [string, string, string, string, string];
      const local = /^(\d{4}-\d{2}-\d{2})[ T](\d{2}):(\d{2})$/.exec(when);
      const slotStart = local ? startOfHallDay(local[1]!, timeZone) + (Number(local[2]) * 60 + Number(local[3])) * 60_000 : Date.parse(when);
      if (!serviceCode) throw badLine(line, 'service', 'the service code is empty');
      if (Number.isNaN(slotStart) || (!local && !/[+-]\d{2}:?\d{2}$|Z$/.test(when))) {
        throw badLine(line, 'slotStart', `"${when}" is not a time: write YYYY-MM-DD HH:MM (hall time) or ISO-8601 with offset`);
      }
      if (!name || name.length > 60) throw badLine(line, 'name', 'the name is empty or longer than 60 characters');
      out.push({ line, serviceCode, slotStart, name, idCardNumber, phone });
    });
  if (out.length === 0) throw new HallError(400, 'VALIDATION_FAILED', 'no bookings in the file: one line per booking', { field: 'content' });
  return out;
}
