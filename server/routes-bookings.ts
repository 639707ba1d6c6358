// Online booking (预约, issue 14): rules and day exceptions for the manager, slots, holds and bookings for the phone page
// (rate-limited per address and per person), list/update/cancel for integrators. Clear ID numbers and phones stop here:
// the writer gets the person hash, masked forms and the phone sealed to the booking's id.
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import {
  AppointmentDayBody,
  AppointmentRulesBody,
  BookingBody,
  CancelAppointmentBody,
  CancelBookingBody,
  HoldSlotBody,
  ImportBookingsBody,
  MoveAppointmentBody,
} from '../core/booking-schemas.ts';
import {
  RULE_DEFAULTS,
  RateLimit,
  BOOKING_CODE,
  bookingPhone,
  checkRules,
  lastBookableDay,
  parseBookingsCsv,
  slotsOn,
  tooMany,
  type AppointmentRules,
  type BookingPerson,
} from '../core/bookings.ts';
import { HallError, invalid, notFound } from '../core/errors.ts';
import type { Role } from '../core/model.ts';
import { addDays } from '../core/time.ts';
import { bookingStoreOf } from '../db/booking-store.ts';
import { bookingView, type ImportLine } from './booking-commands.ts';
import { ANONYMOUS, route, type RouteDef } from './http.ts';
import { sealPhone } from './phone-seal.ts';
import { MANAGER, ok, type HallContext } from './routes.ts';

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const DAY_QUERY = z.string().regex(DAY);
const OPTIONAL_QUERY = z.string().optional();
const INTEGRATORS: readonly Role[] = ['manager', 'integrator'];
const VISITOR = { ...ANONYMOUS, id: 'mobile', name: 'mobile' };

/** Limits of the public endpoints; a hall behind one address must still book 60 a minute (contract). */
export interface BookingLimits {
  /** Bookings, holds and cancellations per address: per minute, and at once. */
  addressPerMinute: number;
  addressBurst: number;
  /** Bookings and cancellations per person (ID number hash). */
  personPerMinute: number;
  personBurst: number;
}

/** HALL_BOOKINGS_PER_ADDRESS raises the per-address limit (a hall's own booking desk behind NAT, the bench); never below 60. */
const perAddress = Math.max(60, Number(process.env.HALL_BOOKINGS_PER_ADDRESS) || 120);
export const BOOKING_LIMITS: BookingLimits = { addressPerMinute: perAddress, addressBurst: perAddress, personPerMinute: 0.5, personBurst: 5 };

function parseInstant(field: string, iso: string): number {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) throw invalid(field, 'not a valid time');
  return ms;
}

export function bookingRoutes(hall: HallContext, limits: BookingLimits = BOOKING_LIMITS): RouteDef[] {
  const { engine, run, now } = hall;
  const store = bookingStoreOf(hall.db);
  const byAddress = new Map((['book', 'hold', 'read'] as const).map((k) => [k, new RateLimit(limits.addressPerMinute, limits.addressBurst)] as const));
  const byPerson = new RateLimit(limits.personPerMinute, limits.personBurst);
  const limitAddress = (kind: 'book' | 'hold' | 'read', ip: string) => {
    const wait = byAddress.get(kind)!.take(ip, now());
    if (wait > 0) throw tooMany('from this address', wait);
  };
  const person = (idCardNumber: string, name: string | null): BookingPerson => {
    const p = engine.person(idCardNumber, name ?? undefined, now());
    const wait = byPerson.take(p.hash, now());
    if (wait > 0) throw tooMany('for this ID number', wait);
    return { hash: p.hash, maskedIdNumber: p.maskedIdNumber, maskedName: p.maskedName ?? '' };
  };
  const rulesOf = (serviceId: string): AppointmentRules => {
    engine.requireService(serviceId);
    const rules = store.rules(serviceId);
    if (!rules) throw new HallError(404, 'NO_APPOINTMENTS', 'this service takes no appointments: take a ticket at the hall');
    return rules;
  };
  const dayParam = (text: string | null | undefined, field = 'date'): string => {
    if (!text || !DAY.test(text)) throw invalid(field, 'a day as YYYY-MM-DD');
    return text;
  };
  const slotsOf = (serviceId: string, day: string) => {
    const rules = rulesOf(serviceId);
    const at = now();
    const slots = slotsOn(rules, day, hall.settings(), store.dayException(serviceId, day), engine.requireService(serviceId).dailyCap);
    if (slots.length === 0) return [];
    const taken = store.takenOn(serviceId, slots[0]!.start, slots[slots.length - 1]!.start + 1, at);
    const today = engine.today(at);
    const open = day >= today && day <= lastBookableDay(rules, today, hall.settings());
    return slots.map((s) => ({
      start: engine.iso(s.start),
      end: engine.iso(s.end),
      capacity: s.capacity,
      remaining: Math.max(0, s.capacity - (taken.get(s.start) ?? 0)),
      bookable: open && s.start - rules.closeBeforeMinutes * 60_000 > at,
    }));
  };
  const publicBooking = (code: string) => {
    const b = BOOKING_CODE.test(code) ? store.byCode(code) : undefined;
    if (!b) throw new HallError(404, 'BOOKING_NOT_FOUND', 'no booking has this code: check the code on your booking');
    const service = hall.store.getService(b.serviceId);
    const rules = store.rules(b.serviceId);
    const { id: _id, source: _source, ...view } = bookingView(b, (ms) => engine.iso(ms));
    return {
      ...view,
      serviceName: service?.name ?? null,
      serviceNames: service?.names ?? {},
      cancelUntil: engine.iso(b.windowStart - (rules?.cancelBeforeMinutes ?? RULE_DEFAULTS.cancelBeforeMinutes) * 60_000),
      checkInFrom: engine.iso(b.windowStart - hall.settings().appointmentEarlyMinutes * 60_000),
    };
  };
  const listQuery = (query: URLSearchParams) => {
    const serviceId = query.get('serviceId');
    if (serviceId) engine.requireService(serviceId);
    return store.onDay(dayParam(query.get('date')), serviceId).map((b) => {
      const { phoneMasked, ...rest } = bookingView(b, (ms) => engine.iso(ms));
      return { ...rest, phoneMasked };
    });
  };

  return [
    // ── the manager ──
    route({
      method: 'PUT',
      path: '/api/v1/services/:id/appointment-rules',
      roles: MANAGER,
      body: AppointmentRulesBody,
      tag: 'appointments',
      summary:
        'Set a service’s booking rules: slot length, capacity per slot, booking opens daysAhead working days ahead, open spans by weekday (1 = Monday … 7 = Sunday; rest days too for services open by appointment only); optional closeBeforeMinutes (120), cancelBeforeMinutes (120), lateMinutes (15), holdMinutes (5), noShowLimit (3) in noShowWindowDays (180) block online booking for blockDays (30)',
      ok: { status: 200, description: 'the rules, defaults filled in' },
      errors: [404],
      handler: async ({ actor, params, body }) => ok(await run('putAppointmentRules', actor, params.id!, checkRules({ ...RULE_DEFAULTS, ...body }))),
    }),
    route({
      method: 'GET',
      path: '/api/v1/services/:id/appointment-rules',
      roles: MANAGER,
      tag: 'appointments',
      summary: 'A service’s booking rules (404 NO_APPOINTMENTS while it has none)',
      errors: [404],
      handler: ({ params }) => ok(rulesOf(params.id!)),
    }),
    route({
      method: 'PUT',
      path: '/api/v1/services/:id/appointment-days/:date',
      roles: MANAGER,
      body: AppointmentDayBody,
      tag: 'appointments',
      summary:
        'Close a day for appointments (its bookings are cancelled: event appointment.cancelled with reason day_closed and the note) or give it another capacity per slot; closed false and capacityPerSlot null: back to the rules',
      ok: { status: 200, description: '{serviceId, day, closed, reason, capacityPerSlot, cancelled}' },
      errors: [404],
      handler: async ({ actor, params, body }) =>
        ok(
          await run('putAppointmentDay', actor, {
            serviceId: params.id!,
            day: dayParam(params.date),
            closed: body.closed,
            reason: body.reason || null,
            capacityPerSlot: body.capacityPerSlot ?? null,
          }),
        ),
    }),
    route({
      method: 'GET',
      path: '/api/v1/bookings',
      roles: MANAGER,
      query: { date: DAY_QUERY, serviceId: OPTIONAL_QUERY },
      tag: 'appointments',
      summary: 'A day’s bookings and appointments (masked name, ID number and phone), in slot order',
      ok: { status: 200, description: '{items, nextCursor}' },
      handler: ({ query }) => ok({ items: listQuery(query), nextCursor: null }),
    }),
    route({
      method: 'POST',
      path: '/api/v1/bookings/import',
      roles: MANAGER,
      body: ImportBookingsBody,
      bodyLimit: 1_100_000,
      tag: 'appointments',
      summary:
        'Import bookings from another system as CSV `service,slotStart,name,idCardNumber,phone` (service code; slotStart `YYYY-MM-DD HH:MM` hall time or ISO-8601): all lines or none, a bad line is named',
      ok: { status: 201, description: '{imported, codes}' },
      errors: [404, 409],
      handler: async ({ actor, body }) => {
        const lines: ImportLine[] = parseBookingsCsv(body.content, hall.settings().timeZone).map((l) => {
          const id = randomUUID();
          try {
            const p = engine.person(l.idCardNumber, l.name, now());
            const phone = bookingPhone(l.phone);
            return {
              id,
              line: l.line,
              serviceCode: l.serviceCode,
              slotStart: l.slotStart,
              person: { hash: p.hash, maskedIdNumber: p.maskedIdNumber, maskedName: p.maskedName ?? '' },
              phone: { sealed: sealPhone(hall.personKeyBase64, id, phone.phone).sealed, masked: phone.masked },
            };
          } catch (error) {
            if (!(error instanceof HallError)) throw error;
            throw new HallError(error.status, error.code, `line ${l.line}: ${error.message}`, { ...error.details, line: l.line });
          }
        });
        return ok(await run('importBookings', actor, lines), 201);
      },
    }),

    // ── integrators ──
    route({
      method: 'GET',
      path: '/api/v1/appointments',
      roles: INTEGRATORS,
      query: { date: DAY_QUERY, serviceId: OPTIONAL_QUERY },
      tag: 'appointments',
      summary: 'A day’s appointments, bookings included (masked), in slot order',
      ok: { status: 200, description: '{items, nextCursor}' },
      handler: ({ query }) => ok({ items: listQuery(query), nextCursor: null }),
    }),
    route({
      method: 'PATCH',
      path: '/api/v1/appointments/:id',
      roles: INTEGRATORS,
      body: MoveAppointmentBody,
      tag: 'appointments',
      summary: 'Move a booked appointment to another window (into a slot of the service’s rules: that slot must have room)',
      errors: [404, 409],
      handler: async ({ actor, params, body }) =>
        ok(await run('moveAppointment', actor, params.id!, parseInstant('windowStart', body.windowStart), parseInstant('windowEnd', body.windowEnd))),
    }),
    route({
      method: 'POST',
      path: '/api/v1/appointments/:id/cancel',
      roles: INTEGRATORS,
      body: CancelAppointmentBody,
      tag: 'appointments',
      summary: 'Cancel a booked appointment (event appointment.cancelled); cancelling it again answers the same',
      errors: [404, 409],
      handler: async ({ actor, params, body }) => ok(await run('cancelBooking', actor, { id: params.id! }, null, body.reason || null)),
    }),

    // ── the visitor's phone ──
    route({
      method: 'GET',
      path: '/api/v1/appointment-services',
      roles: 'public',
      tag: 'mobile',
      summary: 'Services open for booking now, with the days booking is open for',
      ok: { status: 200, description: '[{id, code, name, names, category, days:[YYYY-MM-DD]}]' },
      handler: () => {
        const today = engine.today(now());
        const all = store.allRules();
        return ok(
          hall.store
            .listServices()
            .filter((s) => s.active && all.has(s.id))
            .map((s) => {
              const rules = all.get(s.id)!;
              const days: string[] = [];
              for (let d = today; d <= lastBookableDay(rules, today, hall.settings()); d = addDays(d, 1)) {
                if (slotsOn(rules, d, hall.settings(), store.dayException(s.id, d), s.dailyCap).length > 0) days.push(d);
              }
              return { id: s.id, code: s.code, name: s.name, names: s.names, category: s.category, days };
            }),
        );
      },
    }),
    route({
      method: 'GET',
      path: '/api/v1/appointment-slots',
      roles: 'public',
      query: { serviceId: OPTIONAL_QUERY, date: DAY_QUERY },
      tag: 'appointments',
      summary: 'A service’s slots of a day: [{start, end, capacity, remaining, bookable}] (remaining counts bookings and live holds)',
      errors: [404],
      handler: ({ query }) => {
        const serviceId = query.get('serviceId');
        if (!serviceId) throw invalid('serviceId', 'give the service id');
        return ok(slotsOf(serviceId, dayParam(query.get('date'))));
      },
    }),
    route({
      method: 'POST',
      path: '/api/v1/appointment-slots/hold',
      roles: 'public',
      body: HoldSlotBody,
      tag: 'mobile',
      summary: 'Hold a place in a slot while the visitor fills the form (the service’s holdMinutes, default 5); send holdId with the booking',
      ok: { status: 201, description: '{holdId, serviceId, slotStart, expiresAt}' },
      errors: [404, 409, 429],
      handler: async ({ ip, body }) => {
        limitAddress('hold', ip);
        return ok(await run('holdSlot', randomUUID(), body.serviceId, parseInstant('slotStart', body.slotStart)), 201);
      },
    }),
    route({
      method: 'POST',
      path: '/api/v1/bookings',
      roles: 'public',
      body: BookingBody,
      tag: 'appointments',
      summary:
        'Book a slot: name, ID number (check digit) and phone are checked; only the hash and masked forms are kept (the phone sealed for reminders). Rate-limited per address and per person (429, Retry-After)',
      ok: { status: 201, description: '{code, serviceId, slotStart, slotEnd, …}' },
      errors: [404, 409, 429],
      handler: async ({ ip, body }) => {
        limitAddress('book', ip);
        const phone = bookingPhone(body.phone);
        const who = person(body.idCardNumber, body.name);
        const id = randomUUID();
        const view = await run('book', VISITOR, {
          id,
          serviceId: body.serviceId,
          slotStart: parseInstant('slotStart', body.slotStart),
          person: who,
          phone: { sealed: sealPhone(hall.personKeyBase64, id, phone.phone).sealed, masked: phone.masked },
          holdId: body.holdId,
          source: 'phone',
        });
        return ok(publicBooking(view.code), 201);
      },
    }),
    route({
      method: 'GET',
      path: '/api/v1/bookings/:code',
      roles: 'public',
      tag: 'mobile',
      summary: 'A booking by its code (masked name, ID number and phone), with its cancel deadline and check-in time',
      errors: [404, 429],
      handler: ({ ip, params }) => {
        limitAddress('read', ip);
        return ok(publicBooking(params.code!));
      },
    }),
    route({
      method: 'POST',
      path: '/api/v1/bookings/:code/cancel',
      roles: 'public',
      body: CancelBookingBody,
      tag: 'appointments',
      summary: 'Cancel a booking with the ID number it was made with, until cancelBeforeMinutes (120) before the slot: then 409 TOO_LATE_TO_CANCEL',
      errors: [403, 404, 409, 429],
      handler: async ({ ip, params, body }) => {
        limitAddress('book', ip);
        const code = params.code!;
        if (!BOOKING_CODE.test(code) || !store.byCode(code)) throw notFound('booking', code);
        const who = person(body.idCardNumber, null);
        await run('cancelBooking', VISITOR, { code }, who.hash, null);
        return ok(publicBooking(code));
      },
    }),
  ];
}

/** Every 30 s: once a booking's slot and late window have passed without a check-in, the writer records its no-show. */
export function startNoShowWatch(hall: HallContext, log: (line: string) => void): { check(): Promise<void>; stop(): void } {
  const store = bookingStoreOf(hall.db);
  const check = async () => {
    const at = hall.now();
    // Read here first: the writer is asked only when some booking is due.
    const due = store
      .missed(at)
      .some((b) => b.source !== 'integrator' && b.windowEnd + (store.rules(b.serviceId)?.lateMinutes ?? RULE_DEFAULTS.lateMinutes) * 60_000 <= at);
    if (due) await hall.run('recordNoShows');
  };
  const timer = setInterval(() => void check().catch((e) => log(`recording no-shows failed: ${String(e)}`)), 30_000);
  timer.unref();
  return { check, stop: () => clearInterval(timer) };
}
