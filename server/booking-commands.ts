// Online booking's commands (issue 14), run on the writer like every state change: capacity is counted and taken inside
// one transaction of the only writing connection, so two bookings can never both take a slot's last place.
import { randomInt } from 'node:crypto';
import type { AuditActor } from '../core/audit.ts';
import {
  BOOKING_CODE_ALPHABET,
  RULE_DEFAULTS,
  blockedUntil,
  bookableSlot,
  keptForAppointments,
  mayCancel,
  slotsOn,
  type AppointmentDay,
  type AppointmentRules,
  type BookingPerson,
  type Slot,
} from '../core/bookings.ts';
import { HallError, conflict, forbidden, notFound } from '../core/errors.ts';
import type { HallCalendar } from '../core/hall-calendar.ts';
import type { Actor, ServiceRecord } from '../core/model.ts';
import { addDays, hallDay } from '../core/time.ts';
import { bookingStoreOf, type BookingRow, type BookingSource } from '../db/booking-store.ts';
import type { Db } from '../db/database.ts';
import type { AuditRule } from './audit.ts';
import type { WriterContext } from './commands.ts';

export interface BookInput {
  /** Chosen on the main thread: the sealed phone is bound to it. */
  id: string;
  serviceId: string;
  slotStart: number;
  person: BookingPerson;
  phone: { sealed: string; masked: string } | null;
  holdId?: string | null | undefined;
  source: BookingSource;
}

export interface ImportLine extends Omit<BookInput, 'serviceId' | 'source'> {
  line: number;
  serviceCode: string;
}

export type BookingView = ReturnType<typeof bookingView>;

export function bookingView(b: BookingRow, iso: (ms: number) => string) {
  return {
    id: b.id,
    code: b.code,
    serviceId: b.serviceId,
    slotStart: iso(b.windowStart),
    slotEnd: iso(b.windowEnd),
    windowStart: iso(b.windowStart),
    windowEnd: iso(b.windowEnd),
    day: b.day,
    status: b.status,
    source: b.source,
    maskedName: b.maskedName,
    maskedIdNumber: b.maskedIdNumber,
    phoneMasked: b.phoneMasked,
    ticketId: b.ticketId,
    cancelReason: b.cancelReason,
  };
}

const rulesOf = (c: WriterContext, serviceId: string): AppointmentRules => {
  const rules = bookingStoreOf(c.db).rules(serviceId);
  if (!rules) throw conflict('NO_APPOINTMENTS', 'this service takes no appointments: take a ticket at the hall');
  return rules;
};

function drawCode(c: WriterContext): string {
  const store = bookingStoreOf(c.db);
  for (;;) {
    let code = '';
    for (let i = 0; i < 8; i++) code += BOOKING_CODE_ALPHABET[randomInt(BOOKING_CODE_ALPHABET.length)];
    if (!store.codeTaken(code)) return code;
  }
}

/** The slot, checked for capacity: bookings and live holds (but the booker's own hold) count. */
function slotWithRoom(c: WriterContext, serviceId: string, slotStart: number, now: number, exceptHold: string | null, online: boolean): Slot {
  const store = bookingStoreOf(c.db);
  const settings = c.settings();
  const rules = rulesOf(c, serviceId);
  const exception = store.dayException(serviceId, hallDay(slotStart, settings.timeZone));
  // An import brings bookings another system made: its own booking window held, only the slot and its room count.
  const dailyCap = c.engine.requireService(serviceId).dailyCap;
  const slot = online ? bookableSlot(rules, slotStart, now, settings, exception, dailyCap) : importSlot(rules, slotStart, now, settings, exception, dailyCap);
  const taken = store.takenOn(serviceId, slot.start, slot.start + 1, now, exceptHold).get(slot.start) ?? 0;
  if (taken >= slot.capacity) throw conflict('SLOT_FULL', 'this slot is fully booked: choose another slot', { capacity: slot.capacity });
  return slot;
}

/** A slot of the rules at any future time: another system's booking window was its own. */
function importSlot(
  rules: AppointmentRules,
  slotStart: number,
  now: number,
  settings: HallCalendar,
  exception: AppointmentDay | undefined,
  dailyCap: number | null,
): Slot {
  const slot = slotsOn(rules, hallDay(slotStart, settings.timeZone), settings, exception, dailyCap).find((s) => s.start === slotStart);
  if (!slot) {
    if (exception?.closed) throw conflict('DAY_CLOSED', `appointments on ${exception.day} are closed: choose another day`, { reason: exception.reason });
    throw new HallError(404, 'SLOT_NOT_FOUND', 'there is no appointment slot at this time: choose a slot of the service rules');
  }
  if (slot.start <= now) throw conflict('BOOKING_CLOSED', 'this slot has begun already: choose a later one');
  return slot;
}

function book(c: WriterContext, now: number, actor: Actor, input: BookInput): BookingRow {
  const store = bookingStoreOf(c.db);
  const service = c.engine.requireService(input.serviceId);
  if (!service.active) throw conflict('SERVICE_INACTIVE', `${service.name} is not offered at the moment: ask the help desk`);
  const rules = rulesOf(c, service.id);
  const tz = c.settings().timeZone;
  const today = hallDay(now, tz);
  const day = hallDay(input.slotStart, tz);
  const online = input.source === 'phone';
  if (online) {
    const until = blockedUntil(store.noShowDays(input.person.hash, addDays(today, -rules.noShowWindowDays)), today, rules);
    if (until) {
      throw conflict(
        'BOOKING_BLOCKED',
        `${rules.noShowLimit} missed appointments: online booking is open to you again from ${until}; until then take a ticket at the hall`,
        {
          until,
        },
      );
    }
  }
  const hold = input.holdId ? store.holdById(input.holdId) : undefined;
  const ownHold = hold && hold.serviceId === service.id && hold.slotStart === input.slotStart && hold.expiresAt > now ? input.holdId! : null;
  const slot = slotWithRoom(c, service.id, input.slotStart, now, ownHold, online);
  if (input.person.hash && store.personHasBooking(input.person.hash, service.id, day)) {
    throw conflict('PERSON_LIMIT_REACHED', `this ID number already has a booking for ${service.name} on ${day}: cancel it first to choose another time`, {
      limit: 1,
    });
  }
  const row: BookingRow = {
    id: input.id,
    code: drawCode(c),
    serviceId: service.id,
    day,
    windowStart: slot.start,
    windowEnd: slot.end,
    personHash: input.person.hash,
    maskedIdNumber: input.person.maskedIdNumber,
    maskedName: input.person.maskedName,
    status: 'booked',
    ticketId: null,
    createdBy: actor.id,
    createdAt: now,
    source: input.source,
    phoneSealed: input.phone?.sealed ?? null,
    phoneMasked: input.phone?.masked ?? null,
    cancelReason: null,
    endedAt: null,
  };
  store.insert(row);
  if (input.holdId) store.releaseHold(input.holdId);
  c.engine.emit('appointment.booked', now, { appointment: bookingView(row, (ms) => c.engine.iso(ms)) });
  return row;
}

function cancel(c: WriterContext, now: number, actor: Actor, b: BookingRow, reason: string, note: string | null): BookingView {
  const store = bookingStoreOf(c.db);
  store.end(b.id, 'cancelled', reason, now);
  const view = bookingView(store.byId(b.id)!, (ms) => c.engine.iso(ms));
  c.engine.emit('appointment.cancelled', now, { appointment: view, reason, note, by: { kind: actor.kind, id: actor.id, name: actor.name } });
  return view;
}

function requireBooking(c: WriterContext, ref: { code?: string; id?: string }): BookingRow {
  const store = bookingStoreOf(c.db);
  const b = ref.code !== undefined ? store.byCode(ref.code) : store.byId(ref.id ?? '');
  if (!b) throw new HallError(404, 'BOOKING_NOT_FOUND', 'no booking has this code: check the code on your booking');
  return b;
}

export const BOOKING_COMMANDS = {
  putAppointmentRules: (c: WriterContext, now: number, _actor: Actor, serviceId: string, rules: AppointmentRules) => {
    const service = c.engine.requireService(serviceId);
    bookingStoreOf(c.db).putRules(service.id, rules, now);
    c.engine.emit('appointment_rules.updated', now, { serviceId: service.id, rules });
    return rules;
  },
  /** A day closed (its bookings cancelled with notice) or given another capacity per slot; both off: back to the rules. */
  putAppointmentDay: (c: WriterContext, now: number, actor: Actor, exception: AppointmentDay) => {
    c.engine.requireService(exception.serviceId);
    const store = bookingStoreOf(c.db);
    store.putDayException(exception);
    const cancelled = exception.closed
      ? store
          .onDay(exception.day, exception.serviceId)
          .filter((b) => b.status === 'booked')
          .map((b) => cancel(c, now, actor, b, 'day_closed', exception.reason))
      : [];
    c.engine.emit('appointment_day.updated', now, { ...exception, cancelled: cancelled.length });
    return { ...exception, cancelled: cancelled.length };
  },
  holdSlot: (c: WriterContext, now: number, holdId: string, serviceId: string, slotStart: number) => {
    const store = bookingStoreOf(c.db);
    store.pruneHolds(now);
    slotWithRoom(c, serviceId, slotStart, now, null, true);
    const expiresAt = now + rulesOf(c, serviceId).holdMinutes * 60_000;
    store.hold(holdId, serviceId, slotStart, expiresAt);
    return { holdId, serviceId, slotStart: c.engine.iso(slotStart), expiresAt: c.engine.iso(expiresAt) };
  },
  book: (c: WriterContext, now: number, actor: Actor, input: BookInput) => bookingView(book(c, now, actor, input), (ms) => c.engine.iso(ms)),
  /** A visitor cancels with the ID number booked with, until the deadline; a manager or integrator (`personHash` null) any time before it ends. */
  cancelBooking: (c: WriterContext, now: number, actor: Actor, ref: { code?: string; id?: string }, personHash: string | null, note: string | null) => {
    const b = requireBooking(c, ref);
    if (personHash !== null && b.personHash !== personHash) {
      throw forbidden('BOOKING_PERSON_MISMATCH', 'this booking was made with another ID number: give the ID number it was booked with');
    }
    if (b.status === 'cancelled') return bookingView(b, (ms) => c.engine.iso(ms));
    if (b.status !== 'booked') throw conflict('BOOKING_NOT_ACTIVE', `this booking is ${b.status.replace('_', ' ')} and can no longer be cancelled`);
    if (personHash !== null)
      mayCancel(bookingStoreOf(c.db).rules(b.serviceId) ?? { ...RULE_DEFAULTS, slotMinutes: 0, capacityPerSlot: 0, open: [] }, b.windowStart, now);
    return cancel(c, now, actor, b, personHash !== null ? 'visitor' : actor.kind === 'device' ? 'integrator' : 'manager', note);
  },
  /** An integrator (or manager) moves an appointment: into a slot of the rules, that slot's room is checked. */
  moveAppointment: (c: WriterContext, now: number, _actor: Actor, id: string, windowStart: number, windowEnd: number) => {
    const store = bookingStoreOf(c.db);
    const b = requireBooking(c, { id });
    if (b.status !== 'booked') throw conflict('BOOKING_NOT_ACTIVE', `this appointment is ${b.status.replace('_', ' ')}: it cannot be moved`);
    if (windowEnd <= windowStart) throw new HallError(400, 'VALIDATION_FAILED', 'windowEnd: must be after windowStart', { field: 'windowEnd' });
    const tz = c.settings().timeZone;
    if (store.rules(b.serviceId) && windowStart !== b.windowStart) slotWithRoom(c, b.serviceId, windowStart, now, null, false);
    store.move(id, windowStart, windowEnd, hallDay(windowStart, tz));
    const view = bookingView(store.byId(id)!, (ms) => c.engine.iso(ms));
    c.engine.emit('appointment.updated', now, { appointment: view });
    return view;
  },
  /** Bookings from another system: every line or none (a bad line is named). */
  importBookings: (c: WriterContext, now: number, actor: Actor, lines: ImportLine[]) => {
    const byCode = new Map(c.engine.store.listServices().map((s) => [s.code, s.id]));
    const codes = lines.map((l) => {
      try {
        const serviceId = byCode.get(l.serviceCode);
        if (!serviceId) throw notFound('service', l.serviceCode);
        return book(c, now, actor, { ...l, serviceId, source: 'import' }).code;
      } catch (error) {
        if (!(error instanceof HallError)) throw error;
        throw new HallError(error.status === 404 ? 400 : error.status, error.code, `line ${l.line}: ${error.message}`, { ...error.details, line: l.line });
      }
    });
    return { imported: codes.length, codes };
  },
  /** Bookings not checked in by the end of their slot and the late window are no-shows (they feed the block rule). */
  recordNoShows: (c: WriterContext, now: number) => recordNoShows(c, now),
};

/** An integrator's appointment at a slot of the service's rules takes a place there: refused when the slot is full. */
export function roomForAppointment(c: WriterContext, serviceId: string, windowStart: number, now: number): void {
  const store = bookingStoreOf(c.db);
  const rules = store.rules(serviceId);
  if (!rules) return;
  const tz = c.settings().timeZone;
  const dailyCap = c.engine.store.getService(serviceId)?.dailyCap ?? null;
  const slot = slotsOn(rules, hallDay(windowStart, tz), c.settings(), store.dayException(serviceId, hallDay(windowStart, tz)), dailyCap).find(
    (s) => s.start === windowStart,
  );
  if (slot && (store.takenOn(serviceId, slot.start, slot.start + 1, now).get(slot.start) ?? 0) >= slot.capacity) {
    throw conflict('SLOT_FULL', 'this slot is fully booked: choose another time', { capacity: slot.capacity });
  }
}

/** The engine's hook at a walk-in ticket: today's places of a service kept for appointments (see `keptForAppointments`). */
export function walkInReserve(db: Db, calendar: () => HallCalendar): (service: ServiceRecord, day: string, now: number) => number {
  return (service, day, now) => {
    const store = bookingStoreOf(db);
    const rules = store.rules(service.id);
    if (!rules || rules.dailyCapShare == null || service.dailyCap === null) return 0;
    const slots = slotsOn(rules, day, calendar(), store.dayException(service.id, day), service.dailyCap);
    return keptForAppointments(rules, slots, now, store.countsOn(service.id, day));
  };
}

export function recordNoShows(c: WriterContext, now: number): number {
  const store = bookingStoreOf(c.db);
  let n = 0;
  for (const b of store.missed(now)) {
    // An integrator's appointment keeps the old rule: a late arrival still gets a normal ticket that day.
    if (b.source === 'integrator') continue;
    const late = (store.rules(b.serviceId)?.lateMinutes ?? RULE_DEFAULTS.lateMinutes) * 60_000;
    if (b.windowEnd + late > now) continue;
    store.end(b.id, 'no_show', null, now);
    if (b.personHash) store.recordNoShow(b.personHash, b.day, b.id);
    c.engine.emit('appointment.no_show', now, { appointment: bookingView(store.byId(b.id)!, (ms) => c.engine.iso(ms)) });
    n++;
  }
  return n;
}

/** At the day's rollover, before person hashes of past days are forgotten: no-shows counted, phones and old no-shows dropped. */
export function bookingRollover(c: WriterContext, now: number): void {
  recordNoShows(c, now);
  const store = bookingStoreOf(c.db);
  const today = hallDay(now, c.settings().timeZone);
  store.forgetPhonesBefore(today);
  store.pruneNoShows(addDays(today, -366));
  store.pruneHolds(now);
}

type BookingCommands = typeof BOOKING_COMMANDS;
const ref = (kind: string, id: string) => ({ kind, id });
const system = (): AuditActor => ({ kind: 'system', id: 'system', name: 'system' });
const actorOf = (a: Actor): AuditActor => ({ kind: a.kind, id: a.id, name: a.name });
/** Holds come from phones, which have no token: named as the phone page's bookings are. */
const mobile = (): AuditActor => ({ kind: 'device', id: 'mobile', name: 'mobile' });

export const BOOKING_AUDIT: { [K in keyof BookingCommands]: AuditRule<K> } = {
  putAppointmentRules: {
    action: 'appointment.rules',
    target: ([, id]) => ref('service', id),
    detail: ([, , r]) => ({ slotMinutes: r.slotMinutes, capacityPerSlot: r.capacityPerSlot, dailyCapShare: r.dailyCapShare ?? null }),
  },
  putAppointmentDay: {
    action: 'appointment.day',
    target: ([, d]) => ref('service', d.serviceId),
    detail: ([, d], r) => ({ day: d.day, closed: d.closed, capacityPerSlot: d.capacityPerSlot, cancelled: r.cancelled }),
  },
  holdSlot: {
    action: 'appointment.hold',
    actor: mobile,
    target: ([id]) => ref('slot_hold', id),
    detail: ([, serviceId]) => ({ serviceId }),
  },
  book: {
    action: 'appointment.book',
    actor: ([a]) => actorOf(a),
    target: (_a, v) => ref('appointment', v.id),
    detail: (_a, v) => ({ code: v.code, serviceId: v.serviceId, source: v.source }),
  },
  cancelBooking: {
    action: 'appointment.cancel',
    actor: ([a]) => actorOf(a),
    target: (_a, v) => ref('appointment', v.id),
    detail: (_a, v) => ({ code: v.code, reason: v.cancelReason }),
  },
  moveAppointment: { action: 'appointment.update', target: ([, id]) => ref('appointment', id), detail: (_a, v) => ({ code: v.code }) },
  importBookings: { action: 'appointment.import', detail: (_a, r) => ({ imported: r.imported }) },
  recordNoShows: { action: 'appointment.no_show', actor: system, detail: (_a, n) => ({ count: n }), unchanged: (_a, n) => n === 0 },
};
