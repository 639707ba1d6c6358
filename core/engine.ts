// The queue engine: every rule of the hall's day, applied to a QueueStore inside one transaction per command.
import { ageOn, checkIdNumber, idBirthDate, maskIdNumber, maskName, normalizeIdNumber } from './id-card.ts';
import { HallError, conflict, forbidden, invalid, notFound } from './errors.ts';
import type {
  Actor,
  AppointmentRecord,
  CounterRecord,
  FollowUpRecord,
  HallSettings,
  LocalizedNames,
  RatingChannel,
  RatingRecord,
  PauseReason,
  PriorityReason,
  ServiceRecord,
  TicketRecord,
} from './model.ts';
import {
  estimateWaitSeconds,
  serviceSecondsEstimate,
  formatTicketNumber,
  queueCounts,
  takeNumbers,
  toCandidate,
  type OrderingPolicy,
  type QueueCandidate,
} from './ordering.ts';
import type { QueueStore } from './store.ts';
import { addDays, hallDay, isoInZone, type OpeningPeriod } from './time.ts';
import { walkInClosure, type Closure, type ClosureView } from './hall-calendar.ts';
import { addWorkingDays } from './working-days.ts';

export interface EngineDeps {
  store: QueueStore;
  settings: () => HallSettings;
  policy: () => OrderingPolicy;
  /** Keyed hash of a normalised ID number: the only form of it the hall keeps. */
  hashPerson: (idNumber: string) => string;
  newId: () => string;
  /** Of a service's daily cap, the tickets still kept for appointments today (0: none): walk-ins stop short of them. */
  keptForAppointments?: (service: ServiceRecord, day: string, now: number) => number;
}

export interface TicketView {
  id: string;
  number: string;
  serviceId: string;
  status: TicketRecord['status'];
  priority: boolean;
  priorityReason: PriorityReason | null;
  appointment: boolean;
  lateArrival: boolean;
  issuedAt: string;
  calledAt: string | null;
  endedAt: string | null;
  counterId: string | null;
  maskedName: string | null;
  maskedIdNumber: string | null;
  recallCount: number;
  ahead?: number;
  /** Null while no counter is open for the ticket's service: nobody can say when it will be called. */
  estimatedWaitSeconds?: number | null;
}

export interface CounterView {
  id: string;
  number: number;
  name: string | null;
  serviceIds: string[];
  state: CounterRecord['state'];
  paused: boolean;
  pauseReason: PauseReason | null;
  staffUserId: string | null;
  currentTicketId: string | null;
  active: boolean;
}

export type ServiceView = Omit<ServiceRecord, 'createdAt'>;

export interface IssueTicketInput {
  serviceId: string;
  ticketId?: string | undefined;
  priority?: boolean | PriorityReason | undefined;
  idCardNumber?: string | undefined;
  personName?: string | undefined;
  appointmentCode?: string | undefined;
  idempotency?: { key: string; fingerprint: string } | undefined;
}

export interface IssuedTicket {
  ticket: TicketView;
  replayed: boolean;
  /** The ticket's JSON text, where the engine built it anyway (a new ticket): the reply need not build it again. */
  ticketJson?: string;
}

export interface RatingInput {
  level: number;
  comment?: string | null | undefined;
  tags?: string[] | undefined;
  channel: RatingChannel;
  /** A call-back number for the follow-up, sealed at the HTTP edge: the clear number never reaches the engine. */
  phone?: { sealed: string; masked: string } | undefined;
}

export interface RatingView {
  ticketId: string;
  level: number;
  comment: string | null;
  tags: string[];
  channel: RatingChannel;
  ratedAt: string;
  followUpId: string | null;
}

export interface NewService {
  code: string;
  name: string;
  names?: LocalizedNames | undefined;
  prefix: string;
  dailyCap?: number | null | undefined;
  category?: string | null | undefined;
  openingHours?: OpeningPeriod[] | null | undefined;
  targetWaitMinutes?: number | null | undefined;
  defaultServiceSeconds?: number | undefined;
  kioskOrder?: number | undefined;
  cutoffMinutes?: number | null | undefined;
}

export interface ServicePatch {
  name?: string | undefined;
  names?: LocalizedNames | undefined;
  category?: string | null | undefined;
  dailyCap?: number | null | undefined;
  openingHours?: OpeningPeriod[] | null | undefined;
  targetWaitMinutes?: number | null | undefined;
  active?: boolean | undefined;
  kioskOrder?: number | undefined;
  cutoffMinutes?: number | null | undefined;
  defaultServiceSeconds?: number | undefined;
  /** Becomes `pendingPrefix` from the next hall day: today's numbers keep the prefix they started with. */
  prefix?: string | undefined;
}

export interface CounterPatch {
  name?: string | null | undefined;
  serviceIds?: string[] | undefined;
  active?: boolean | undefined;
}

export interface NewAppointment {
  code: string;
  serviceId: string;
  windowStart: number;
  windowEnd: number;
  idCardNumber?: string | undefined;
  personName?: string | undefined;
}

const ACTIVE_AT_COUNTER = new Set<TicketRecord['status']>(['called', 'serving']);

export class QueueEngine {
  /** Changes whenever the settings do (counted since start): a kiosk agent fetches its configuration again on a change. */
  private settingsRevision = 0;
  private settingsSeen: HallSettings | null = null;

  constructor(readonly deps: EngineDeps) {}

  get store(): QueueStore {
    return this.deps.store;
  }

  get settings(): HallSettings {
    return this.deps.settings();
  }

  today(now: number): string {
    return hallDay(now, this.settings.timeZone);
  }

  /** Idempotency-Keys are kept for the tickets of today and the two days before (at least 47 hours). */
  keysKeptSince(now: number): string {
    const day = this.today(now);
    if (this.keysSince?.day !== day) this.keysSince = { day, since: addDays(day, -2) };
    return this.keysSince.since;
  }
  private keysSince: { day: string; since: string } | null = null;

  iso(ms: number): string {
    return isoInZone(ms, this.settings.timeZone);
  }

  /** Appends an event to the log inside the current transaction; published once it is committed. */
  emit(type: string, now: number, data: unknown, json?: string): void {
    this.store.appendEvent(type, this.iso(now), data, json);
  }

  // ── views ─────────────────────────────────────────────────────────────

  ticketView(t: TicketRecord, now: number, withEstimate = true): TicketView {
    const view: TicketView = {
      id: t.id,
      number: t.number,
      serviceId: t.serviceId,
      status: t.status,
      priority: t.ticketClass === 'priority',
      priorityReason: t.priorityReason,
      appointment: t.ticketClass === 'appointment',
      lateArrival: t.lateArrival,
      issuedAt: this.iso(t.issuedAt),
      calledAt: t.calledAt === null ? null : this.iso(t.calledAt),
      endedAt: t.endedAt === null ? null : this.iso(t.endedAt),
      counterId: t.counterId,
      maskedName: t.maskedName,
      maskedIdNumber: t.maskedIdNumber,
      recallCount: t.recallCount,
    };
    if (withEstimate) Object.assign(view, this.estimate(t, now));
    return view;
  }

  /** Tickets ahead and estimated wait for a waiting ticket; zero once it has been called. */
  estimate(t: TicketRecord, now: number, waiting?: readonly QueueCandidate[]): { ahead: number; estimatedWaitSeconds: number | null } {
    if (t.status !== 'waiting' || t.day !== this.today(now)) return { ahead: 0, estimatedWaitSeconds: 0 };
    const policy = this.deps.policy();
    const target = toCandidate(t);
    const ahead = policy.ahead(target, queueCounts(policy, waiting ?? this.store.waitingIn([t.serviceId], t.day), target, now), now);
    return { ahead, estimatedWaitSeconds: this.waitFor(t.serviceId, ahead, t.day) };
  }

  /** Views of many tickets with their estimates, reading each service's waiting list once. */
  ticketViews(tickets: readonly TicketRecord[], now: number): TicketView[] {
    const lists = new Map<string, readonly QueueCandidate[]>();
    const listOf = (t: TicketRecord) => {
      const key = `${t.serviceId}|${t.day}`;
      let list = lists.get(key);
      if (!list) lists.set(key, (list = this.store.waitingIn([t.serviceId], t.day)));
      return list;
    };
    return tickets.map((t) => {
      const view = this.ticketView(t, now, false);
      Object.assign(view, this.estimate(t, now, t.status === 'waiting' ? listOf(t) : []));
      return view;
    });
  }

  private waitFor(serviceId: string, ahead: number, day: string): number | null {
    const service = this.store.getService(serviceId);
    const perTicket = serviceSecondsEstimate(
      this.store.recentServiceSeconds(serviceId, day, this.settings.serviceTimeSample),
      service?.defaultServiceSeconds ?? 300,
    );
    return estimateWaitSeconds(ahead, perTicket, this.store.openCountersFor(serviceId));
  }

  counterView(c: CounterRecord): CounterView {
    return {
      id: c.id,
      number: c.number,
      name: c.name,
      serviceIds: c.serviceIds,
      state: c.state,
      paused: c.state === 'paused',
      pauseReason: c.pauseReason,
      staffUserId: c.staffUserId,
      currentTicketId: c.currentTicketId,
      active: c.active,
    };
  }

  serviceView(s: ServiceRecord): ServiceView {
    const { createdAt: _, ...view } = s;
    return view;
  }

  queueSnapshot(now: number) {
    const day = this.today(now);
    const waiting = this.store.waitingCounts(day);
    if (this.settings !== this.settingsSeen) {
      this.settingsSeen = this.settings;
      this.settingsRevision += 1;
    }
    return {
      seq: this.store.lastSeq(),
      day,
      settingsRevision: this.settingsRevision,
      today: this.store.dayTotals(day),
      services: this.store.listServices().map((s) => {
        const count = waiting.get(s.id) ?? 0;
        const closure = s.active ? walkInClosure(s, now, this.settings) : null;
        return {
          id: s.id,
          code: s.code,
          name: s.name,
          names: s.names,
          prefix: s.prefix,
          waiting: count,
          estimatedWaitSeconds: this.waitFor(s.id, count, day),
          active: s.active,
          open: s.active && closure === null,
          closure: this.closureView(closure),
          openCounters: this.store.openCountersFor(s.id),
        };
      }),
      // A retired counter is no window to show or open; its tickets keep its name in their history.
      counters: this.store
        .listCounters()
        .filter((c) => c.active)
        .map((c) => {
          const current = c.currentTicketId ? this.store.getTicket(c.currentTicketId) : undefined;
          return {
            ...this.counterView(c),
            current: current ? this.ticketView(current, now, false) : null,
          };
        }),
    };
  }

  // ── setup ─────────────────────────────────────────────────────────────

  createService(input: NewService, now: number): ServiceRecord {
    if (this.store.getServiceByCode(input.code)) {
      throw conflict('SERVICE_CODE_TAKEN', `a service with code ${input.code} exists already: pick another code`);
    }
    const service: ServiceRecord = {
      id: this.deps.newId(),
      code: input.code,
      name: input.name,
      names: input.names ?? {},
      prefix: input.prefix,
      category: input.category ?? null,
      dailyCap: input.dailyCap ?? null,
      openingHours: input.openingHours ?? null,
      targetWaitMinutes: input.targetWaitMinutes ?? null,
      defaultServiceSeconds: input.defaultServiceSeconds ?? 300,
      active: true,
      createdAt: now,
      kioskOrder: input.kioskOrder ?? 0,
      cutoffMinutes: input.cutoffMinutes ?? null,
      pendingPrefix: null,
    };
    this.store.insertService(service);
    this.emit('service.created', now, { service: this.serviceView(service) });
    return service;
  }

  /** PATCH: the fields given replace the service's; `active: false` stops new tickets (409 SERVICE_INACTIVE). */
  updateService(id: string, patch: ServicePatch, now: number): ServiceRecord {
    const service = this.requireService(id);
    const { prefix, ...defined } = Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined)) as ServicePatch;
    const updated: ServiceRecord = { ...service, ...defined };
    if (prefix !== undefined) {
      const current = this.prefixOn(service, this.today(now));
      updated.prefix = current;
      updated.pendingPrefix = prefix === current ? null : { prefix, from: addDays(this.today(now), 1) };
    }
    this.store.updateService(updated);
    this.emit('service.updated', now, { service: this.serviceView(updated), changed: [...Object.keys(defined), ...(prefix !== undefined ? ['prefix'] : [])] });
    return updated;
  }

  createCounter(input: { number: number; name?: string | null | undefined; serviceIds: string[] }, now: number): CounterRecord {
    if (this.store.getCounterByNumber(input.number)) {
      throw conflict('COUNTER_NUMBER_TAKEN', `counter ${input.number} exists already: pick another number`);
    }
    const serviceIds = [...new Set(input.serviceIds)];
    for (const id of serviceIds) if (!this.store.getService(id)) throw notFound('service', id);
    const counter: CounterRecord = {
      id: this.deps.newId(),
      number: input.number,
      name: input.name ?? null,
      state: 'closed',
      pauseReason: null,
      pauseNote: null,
      currentTicketId: null,
      staffUserId: null,
      lastClass: null,
      classRun: 0,
      serviceIds,
      active: true,
    };
    this.store.insertCounter(counter);
    this.emit('counter.created', now, { counter: this.counterView(counter) });
    return counter;
  }

  /** PATCH: name, services (the next call uses them) or `active` (retire / reactivate). */
  updateCounter(id: string, patch: CounterPatch, now: number): CounterRecord {
    const counter = this.requireCounter(id);
    const serviceIds = patch.serviceIds ? [...new Set(patch.serviceIds)] : counter.serviceIds;
    for (const sid of serviceIds) if (!this.store.getService(sid)) throw notFound('service', sid);
    if (patch.active === false && counter.active) {
      const current = counter.currentTicketId ? this.store.getTicket(counter.currentTicketId) : undefined;
      if (counter.staffUserId || (current && ACTIVE_AT_COUNTER.has(current.status))) {
        throw conflict(
          'COUNTER_IN_USE',
          `counter ${counter.number} is in use (signed in or serving a ticket): sign the window out first (POST /api/v1/counters/${counter.id}/sign-out), then retire it`,
        );
      }
    }
    const updated: CounterRecord = {
      ...counter,
      name: patch.name === undefined ? counter.name : patch.name,
      active: patch.active ?? counter.active,
      serviceIds,
    };
    this.store.updateCounter(updated);
    if (patch.serviceIds) this.store.setCounterServices(id, serviceIds);
    const changed = Object.entries(patch)
      .filter(([, v]) => v !== undefined)
      .map(([k]) => k);
    this.emit('counter.updated', now, { counter: this.counterView(updated), changed });
    return updated;
  }

  createAppointment(actor: Actor, input: NewAppointment, now: number): AppointmentRecord {
    const service = this.requireService(input.serviceId);
    if (input.windowEnd <= input.windowStart) throw invalid('windowEnd', 'must be after windowStart');
    if (input.windowEnd <= now) throw invalid('windowEnd', 'the window has already ended: book a later time');
    if (this.store.getAppointmentByCode(input.code)) {
      throw conflict('APPOINTMENT_CODE_TAKEN', `appointment code ${input.code} exists already: use a unique code`);
    }
    const person = input.idCardNumber ? this.person(input.idCardNumber, input.personName, now) : null;
    const appointment: AppointmentRecord = {
      id: this.deps.newId(),
      code: input.code,
      serviceId: service.id,
      day: hallDay(input.windowStart, this.settings.timeZone),
      windowStart: input.windowStart,
      windowEnd: input.windowEnd,
      personHash: person?.hash ?? null,
      maskedIdNumber: person?.maskedIdNumber ?? null,
      maskedName: person?.maskedName ?? (input.personName ? maskName(input.personName) : null),
      status: 'booked',
      ticketId: null,
      createdBy: actor.id,
      createdAt: now,
    };
    this.store.insertAppointment(appointment);
    this.emit('appointment.created', now, { appointment: this.appointmentView(appointment) });
    return appointment;
  }

  appointmentView(a: AppointmentRecord) {
    return {
      id: a.id,
      code: a.code,
      serviceId: a.serviceId,
      windowStart: this.iso(a.windowStart),
      windowEnd: this.iso(a.windowEnd),
      maskedName: a.maskedName,
      maskedIdNumber: a.maskedIdNumber,
      status: a.status,
      ticketId: a.ticketId,
    };
  }

  // ── issuing ───────────────────────────────────────────────────────────

  issueTicket(actor: Actor, input: IssueTicketInput, now: number): IssuedTicket {
    if (input.idempotency) {
      const seen = this.store.findIdempotency(actor.id, input.idempotency.key, this.keysKeptSince(now));
      if (seen) {
        if (seen.fingerprint !== input.idempotency.fingerprint) {
          throw conflict('IDEMPOTENCY_KEY_REUSED', 'this Idempotency-Key was already used for a different request: send a new key for a new ticket');
        }
        const ticket = this.store.getTicket(seen.ticketId);
        if (ticket) return { ticket: this.ticketView(ticket, now), replayed: true };
      }
    }
    const service = this.requireService(input.serviceId);
    const settings = this.settings;
    if (!service.active) {
      throw conflict('SERVICE_INACTIVE', `${service.name} is not offered at the moment: ask the help desk`);
    }
    // Opening hours, breaks, the cut-off and the calendar hold walk-ins only: a booked appointment's check-in stands.
    const closure = input.appointmentCode === undefined ? walkInClosure(service, now, settings) : null;
    if (closure) throw this.closedError(service, closure);
    const day = this.today(now);
    const person = input.idCardNumber ? this.person(input.idCardNumber, input.personName, now) : null;

    let appointment: AppointmentRecord | null = null;
    let lateArrival = false;
    if (input.appointmentCode !== undefined) {
      appointment = this.appointmentForCheckIn(this.requireAppointmentByCode(input.appointmentCode), person, now);
      if (appointment.serviceId !== service.id) {
        throw conflict('APPOINTMENT_SERVICE_MISMATCH', 'this appointment is for another service: choose that service');
      }
      lateArrival = now > appointment.windowEnd;
    } else {
      // An appointment's slot was booked, so its check-in stands; a walk-in ticket with nobody to call it does not.
      if (!settings.issueWithoutOpenCounter && this.store.openCountersFor(service.id) === 0) {
        throw conflict('NO_COUNTER_OPEN', `no counter is open for ${service.name} now: ask the help desk`);
      }
      if (service.dailyCap !== null) {
        const kept = this.deps.keptForAppointments?.(service, day, now) ?? 0;
        if (this.store.issuedCount(service.id, day) + kept >= service.dailyCap) {
          throw conflict(
            'DAILY_CAP_REACHED',
            kept > 0
              ? `${service.name} has given out all of today's walk-in tickets; the remaining ${kept} are kept for appointments: book online for another day or come back tomorrow`
              : `${service.name} has given out all of today's tickets: please come back tomorrow or book an appointment`,
            kept > 0 ? { dailyCap: service.dailyCap, keptForAppointments: kept } : { dailyCap: service.dailyCap },
          );
        }
      }
      if (person && this.store.personTicketCount(person.hash, service.id, day) >= settings.personDailyLimit) {
        throw conflict(
          'PERSON_LIMIT_REACHED',
          `this ID number already has ${settings.personDailyLimit} tickets for ${service.name} today: use the ticket you have or ask the help desk`,
          { limit: settings.personDailyLimit },
        );
      }
    }

    let priorityReason: PriorityReason | null = null;
    if (input.priority === true) priorityReason = 'other';
    else if (typeof input.priority === 'string') priorityReason = input.priority;
    if (person && person.age !== null && person.age >= settings.elderlyAge) priorityReason = 'elderly';

    if (input.ticketId && this.store.getTicket(input.ticketId)) {
      throw conflict('TICKET_ID_TAKEN', `ticket id ${input.ticketId} exists already: send a new id, or the same Idempotency-Key to get that ticket`);
    }
    const onTime = appointment !== null && !lateArrival;
    const prefix = this.prefixOn(service, day);
    const n = this.reserveNumbers(day, prefix, 'issue', 1);
    const ticket: TicketRecord = {
      id: input.ticketId ?? this.deps.newId(),
      day,
      number: formatTicketNumber(prefix, n),
      serviceId: service.id,
      originalServiceId: service.id,
      status: 'waiting',
      ticketClass: onTime ? 'appointment' : priorityReason ? 'priority' : 'normal',
      priorityReason,
      appointmentId: appointment?.id ?? null,
      appointmentFrom: onTime ? appointment!.windowStart : null,
      lateArrival,
      issuedAt: now,
      sortAt: now,
      issueOrder: 0,
      calledAt: null,
      startedAt: null,
      endedAt: null,
      counterId: null,
      staffUserId: null,
      personHash: person?.hash ?? appointment?.personHash ?? null,
      maskedIdNumber: person?.maskedIdNumber ?? appointment?.maskedIdNumber ?? null,
      maskedName: person?.maskedName ?? appointment?.maskedName ?? null,
      issuedBy: actor.id,
      recallCount: 0,
    };
    ticket.issueOrder = this.store.insertTicket(ticket, input.idempotency);
    if (appointment) {
      this.store.updateAppointment({ ...appointment, status: 'checked_in', ticketId: ticket.id });
      this.emit('appointment.checked_in', now, { appointmentId: appointment.id, ticketId: ticket.id, lateArrival });
    }
    const view = this.ticketView(ticket, now, false);
    const viewJson = JSON.stringify(view);
    this.emit('ticket.issued', now, { ticket: view }, `{"ticket":${viewJson}}`);
    const { ahead, estimatedWaitSeconds } = this.estimate(ticket, now);
    // The reply is the event's view and the estimate: its text is the view's, spliced, not a second stringify.
    const ticketJson = `${viewJson.slice(0, -1)},"ahead":${JSON.stringify(ahead)},"estimatedWaitSeconds":${JSON.stringify(estimatedWaitSeconds)}}`;
    return { ticket: { ...view, ahead, estimatedWaitSeconds }, replayed: false, ticketJson };
  }

  /** Check-in by code or by the ID number the appointment was booked with. */
  checkIn(
    actor: Actor,
    input: { code?: string | undefined; idCardNumber?: string | undefined; personName?: string | undefined; idempotency?: IssueTicketInput['idempotency'] },
    now: number,
  ): IssuedTicket {
    let code = input.code;
    if (code === undefined) {
      if (!input.idCardNumber) throw invalid('code', 'give an appointment code or an ID number');
      const person = this.person(input.idCardNumber, input.personName, now);
      const booked = this.store.bookedAppointmentsFor(person.hash, this.today(now)).sort((a, b) => a.windowStart - b.windowStart);
      const first = booked.find((a) => now <= a.windowEnd) ?? booked[0];
      if (!first) {
        throw new HallError(404, 'APPOINTMENT_NOT_FOUND', 'no appointment today for this ID number: take a normal ticket instead');
      }
      code = first.code;
    }
    const appointment = this.requireAppointmentByCode(code);
    return this.issueTicket(
      actor,
      {
        serviceId: appointment.serviceId,
        appointmentCode: code,
        idCardNumber: input.idCardNumber,
        personName: input.personName,
        idempotency: input.idempotency,
      },
      now,
    );
  }

  private requireAppointmentByCode(code: string): AppointmentRecord {
    const a = this.store.getAppointmentByCode(code);
    if (!a) {
      throw new HallError(404, 'APPOINTMENT_NOT_FOUND', `appointment code ${code} is unknown: check the code or take a normal ticket`);
    }
    return a;
  }

  private appointmentForCheckIn(a: AppointmentRecord, person: Person | null, now: number): AppointmentRecord {
    const settings = this.settings;
    const today = this.today(now);
    if (a.status === 'cancelled') throw conflict('APPOINTMENT_CANCELLED', 'this appointment was cancelled: take a normal ticket');
    if (a.status === 'no_show')
      throw conflict('APPOINTMENT_EXPIRED', 'this appointment was missed (its slot and the late window have passed): book again or take a normal ticket');
    if (a.status === 'checked_in') {
      throw conflict('APPOINTMENT_ALREADY_CHECKED_IN', 'this appointment has already been checked in: use the ticket given then', {
        ticketId: a.ticketId,
      });
    }
    if (a.day < today) throw conflict('APPOINTMENT_EXPIRED', `this appointment was for ${a.day} and has expired: book again or take a normal ticket`);
    if (a.day > today) throw conflict('APPOINTMENT_NOT_TODAY', `this appointment is for ${a.day}: please come back that day`);
    const opensAt = a.windowStart - settings.appointmentEarlyMinutes * 60_000;
    if (now < opensAt) {
      throw conflict('APPOINTMENT_TOO_EARLY', `check-in for this appointment opens at ${this.iso(opensAt).slice(11, 16)}: please come back then`, {
        checkInFrom: this.iso(opensAt),
      });
    }
    if (person && a.personHash && person.hash !== a.personHash) {
      throw conflict('APPOINTMENT_PERSON_MISMATCH', 'this appointment was booked with another ID card: use the card it was booked with');
    }
    return a;
  }

  /** Hash, masks and age of an ID number; also for the ID numbers kiosks sealed offline (core/sync.ts). */
  person(idCardNumber: string, name: string | undefined, now: number): Person {
    const check = checkIdNumber(idCardNumber);
    if (!check.ok) throw invalid('idCardNumber', check.message ?? 'invalid ID number');
    const id = normalizeIdNumber(idCardNumber);
    const birth = idBirthDate(id);
    return {
      hash: this.deps.hashPerson(id),
      maskedIdNumber: maskIdNumber(id),
      maskedName: name ? maskName(name) : null,
      age: birth ? ageOn(birth, this.today(now)) : null,
    };
  }

  // ── counters ──────────────────────────────────────────────────────────

  signIn(actor: Actor, counterId: string, now: number): CounterRecord {
    const counter = this.requireCounter(counterId);
    if (actor.kind !== 'user') throw forbidden('STAFF_ONLY', 'only staff sign in to counters');
    if (!counter.active) throw conflict('COUNTER_RETIRED', `counter ${counter.number} is retired: pick another counter, or ask a manager to reactivate it`);
    if (counter.staffUserId && counter.staffUserId !== actor.id) {
      throw conflict('COUNTER_TAKEN', `counter ${counter.number} is signed in by someone else: ask them to sign out or pick another counter`);
    }
    return this.takeCounter(actor, counter, now);
  }

  signOut(actor: Actor, counterId: string, now: number): CounterRecord {
    const counter = this.counterFor(actor, counterId);
    const updated: CounterRecord = { ...counter, staffUserId: null, state: 'closed', pauseReason: null, pauseNote: null };
    this.store.updateCounter(updated);
    this.emit('counter.signed_out', now, { counter: this.counterView(updated), staff: { id: actor.id, name: actor.name } });
    return updated;
  }

  private takeCounter(actor: Actor, counter: CounterRecord, now: number): CounterRecord {
    const held = this.store.counterHeldBy(actor.id);
    if (held && held.id !== counter.id) {
      const left: CounterRecord = { ...held, staffUserId: null, state: 'closed', pauseReason: null, pauseNote: null };
      this.store.updateCounter(left);
      this.emit('counter.signed_out', now, { counter: this.counterView(left), staff: { id: actor.id, name: actor.name } });
    }
    if (counter.staffUserId === actor.id && counter.state !== 'closed') return counter;
    const taken: CounterRecord = { ...counter, staffUserId: actor.id, state: counter.state === 'closed' ? 'open' : counter.state };
    this.store.updateCounter(taken);
    this.emit('counter.signed_in', now, { counter: this.counterView(taken), staff: { id: actor.id, name: actor.name } });
    return taken;
  }

  /** The counter, if this actor may work it: managers any, staff only the one they are signed into. */
  private counterFor(actor: Actor, counterId: string): CounterRecord {
    const counter = this.requireCounter(counterId);
    if (actor.role === 'manager') return counter;
    if (actor.role !== 'staff') throw forbidden('FORBIDDEN', 'this token may not work counters');
    if (counter.staffUserId !== actor.id) {
      throw forbidden(
        'NOT_SIGNED_IN',
        counter.staffUserId
          ? `counter ${counter.number} is signed in by another member of staff: work your own counter`
          : `sign in to counter ${counter.number} first (POST /api/v1/counters/${counter.id}/sign-in)`,
      );
    }
    return counter;
  }

  callNext(actor: Actor, counterId: string, now: number): TicketView | null {
    let counter = this.counterFor(actor, counterId);
    this.assertNotPaused(counter);
    counter = this.finishCurrent(actor, counter, now);
    const day = this.today(now);
    const picked = this.deps.policy().pick(this.store.waitingIn(counter.serviceIds, day), { lastClass: counter.lastClass, classRun: counter.classRun }, now);
    if (!picked) {
      this.store.updateCounter(counter);
      return null;
    }
    counter = { ...counter, lastClass: picked.state.lastClass, classRun: picked.state.classRun };
    return this.callTicketAt(actor, counter, this.store.getTicket(picked.ticket.id)!, now, false);
  }

  /** Calls one waiting ticket out of order: allowed for staff, and recorded in the event. */
  callTicket(actor: Actor, counterId: string, ticketId: string, now: number): TicketView {
    let counter = this.counterFor(actor, counterId);
    this.assertNotPaused(counter);
    const ticket = this.requireTicket(ticketId);
    if (ticket.status !== 'waiting' || ticket.day !== this.today(now)) {
      throw conflict('TICKET_NOT_WAITING', `ticket ${ticket.number} is ${ticket.status}, not waiting: pick a waiting ticket`);
    }
    if (!counter.serviceIds.includes(ticket.serviceId)) {
      throw conflict('SERVICE_NOT_AT_COUNTER', `counter ${counter.number} does not handle this ticket's service: transfer it first`);
    }
    counter = this.finishCurrent(actor, counter, now);
    return this.callTicketAt(actor, counter, ticket, now, true);
  }

  private callTicketAt(actor: Actor, counter: CounterRecord, ticket: TicketRecord, now: number, outOfOrder: boolean): TicketView {
    const called: TicketRecord = {
      ...ticket,
      status: 'called',
      calledAt: now,
      counterId: counter.id,
      staffUserId: actor.kind === 'user' ? actor.id : null,
    };
    this.store.updateTicket(called);
    const updated: CounterRecord = { ...counter, currentTicketId: called.id, state: counter.state === 'closed' ? 'open' : counter.state };
    this.store.updateCounter(updated);
    const view = this.ticketView(called, now, false);
    this.emit('ticket.called', now, {
      ticket: view,
      counter: this.counterRef(updated),
      outOfOrder,
      calledBy: { id: actor.id, name: actor.name },
    });
    return view;
  }

  recall(actor: Actor, counterId: string, now: number): TicketView {
    const counter = this.counterFor(actor, counterId);
    const current = counter.currentTicketId ? this.store.getTicket(counter.currentTicketId) : undefined;
    if (!current || !ACTIVE_AT_COUNTER.has(current.status)) {
      throw conflict('NO_CURRENT_TICKET', `counter ${counter.number} has no ticket to recall: call the next one`);
    }
    const recalled: TicketRecord = { ...current, recallCount: current.recallCount + 1 };
    this.store.updateTicket(recalled);
    const view = this.ticketView(recalled, now, false);
    this.emit('ticket.recalled', now, { ticket: view, counter: this.counterRef(counter), recallCount: recalled.recallCount, by: actorRef(actor) });
    return view;
  }

  pause(actor: Actor, counterId: string, reason: PauseReason, note: string | null, now: number): CounterRecord {
    const counter = this.counterFor(actor, counterId);
    const paused: CounterRecord = { ...counter, state: 'paused', pauseReason: reason, pauseNote: note };
    this.store.updateCounter(paused);
    this.emit('counter.paused', now, { counter: this.counterView(paused), reason, note, by: actorRef(actor) });
    return paused;
  }

  resume(actor: Actor, counterId: string, now: number): CounterRecord {
    const counter = this.counterFor(actor, counterId);
    if (counter.state !== 'paused') return counter;
    const resumed: CounterRecord = { ...counter, state: 'open', pauseReason: null, pauseNote: null };
    this.store.updateCounter(resumed);
    this.emit('counter.resumed', now, { counter: this.counterView(resumed), by: actorRef(actor) });
    return resumed;
  }

  private assertNotPaused(counter: CounterRecord): void {
    // A retired counter is on no board: nobody may call a visitor to it, a manager neither.
    if (!counter.active) throw conflict('COUNTER_RETIRED', `counter ${counter.number} is retired: reactivate it before calling there`);
    if (counter.state === 'paused') {
      throw conflict('COUNTER_PAUSED', `counter ${counter.number} is paused: resume it before calling`);
    }
  }

  /** Completes the counter's ticket in hand, as call-next does before calling. */
  private finishCurrent(actor: Actor, counter: CounterRecord, now: number): CounterRecord {
    const current = counter.currentTicketId ? this.store.getTicket(counter.currentTicketId) : undefined;
    if (current && ACTIVE_AT_COUNTER.has(current.status)) this.endTicket(actor, current, 'done', now);
    return { ...counter, currentTicketId: null };
  }

  private counterRef(c: CounterRecord) {
    return { id: c.id, number: c.number, name: c.name };
  }

  // ── tickets at a counter ──────────────────────────────────────────────

  start(actor: Actor, ticketId: string, now: number): TicketView {
    const ticket = this.ticketAtActorsCounter(actor, ticketId);
    if (ticket.status !== 'called') throw conflict('TICKET_NOT_CALLED', `ticket ${ticket.number} is ${ticket.status}: only a called ticket can start`);
    const started: TicketRecord = { ...ticket, status: 'serving', startedAt: now };
    this.store.updateTicket(started);
    const view = this.ticketView(started, now, false);
    this.emit('ticket.started', now, { ticket: view, by: actorRef(actor) });
    return view;
  }

  complete(actor: Actor, ticketId: string, now: number): TicketView {
    const ticket = this.ticketAtActorsCounter(actor, ticketId);
    if (!ACTIVE_AT_COUNTER.has(ticket.status)) {
      throw conflict('TICKET_NOT_CALLED', `ticket ${ticket.number} is ${ticket.status}: only a called ticket can be completed`);
    }
    return this.ticketView(this.endTicket(actor, ticket, 'done', now), now, false);
  }

  noShow(actor: Actor, ticketId: string, now: number): TicketView {
    const ticket = this.ticketAtActorsCounter(actor, ticketId);
    if (ticket.status !== 'called') {
      throw conflict('TICKET_NOT_CALLED', `ticket ${ticket.number} is ${ticket.status}: only a called ticket can be marked no-show`);
    }
    return this.ticketView(this.endTicket(actor, ticket, 'no_show', now), now, false);
  }

  private endTicket(actor: Actor, ticket: TicketRecord, status: 'done' | 'no_show', now: number): TicketRecord {
    const ended: TicketRecord = { ...ticket, status, endedAt: now };
    this.store.updateTicket(ended);
    this.releaseFromCounter(ticket);
    const counter = ticket.counterId ? this.store.getCounter(ticket.counterId) : undefined;
    this.emit(status === 'done' ? 'ticket.completed' : 'ticket.no_show', now, {
      ticket: this.ticketView(ended, now, false),
      counter: counter ? this.counterRef(counter) : null,
      by: actorRef(actor),
    });
    return ended;
  }

  private releaseFromCounter(ticket: TicketRecord): void {
    if (!ticket.counterId) return;
    const counter = this.store.getCounter(ticket.counterId);
    if (counter && counter.currentTicketId === ticket.id) this.store.updateCounter({ ...counter, currentTicketId: null });
  }

  transfer(actor: Actor, ticketId: string, serviceId: string, now: number): TicketView {
    const ticket = this.requireTicket(ticketId);
    const target = this.requireService(serviceId);
    if (ticket.status !== 'waiting' && !ACTIVE_AT_COUNTER.has(ticket.status)) {
      throw conflict('TICKET_NOT_TRANSFERABLE', `ticket ${ticket.number} is ${ticket.status}: only waiting or called tickets can be transferred`);
    }
    if (ticket.status === 'waiting') this.assertServesService(actor, ticket.serviceId);
    else this.ticketAtActorsCounter(actor, ticketId);
    if (ticket.serviceId === target.id && ticket.status === 'waiting') {
      throw conflict('TRANSFER_SAME_SERVICE', `ticket ${ticket.number} already waits for ${target.name}: pick another service`);
    }
    const moved: TicketRecord = {
      ...ticket,
      serviceId: target.id,
      status: 'waiting',
      calledAt: null,
      startedAt: null,
      counterId: null,
      staffUserId: null,
    };
    this.store.updateTicket(moved);
    this.releaseFromCounter(ticket);
    const view = this.ticketView(moved, now);
    this.emit('ticket.transferred', now, {
      ticket: this.ticketView(moved, now, false),
      fromServiceId: ticket.serviceId,
      toServiceId: target.id,
      fromCounterId: ticket.counterId,
      by: actorRef(actor),
    });
    return view;
  }

  cancel(actor: Actor, ticketId: string, now: number): TicketView {
    const ticket = this.requireTicket(ticketId);
    if (actor.role === 'staff') this.assertServesService(actor, ticket.serviceId);
    if (ticket.status !== 'waiting') {
      throw conflict('TICKET_NOT_WAITING', `ticket ${ticket.number} is ${ticket.status}: only a waiting ticket can be cancelled`);
    }
    const cancelled: TicketRecord = { ...ticket, status: 'cancelled', endedAt: now };
    this.store.updateTicket(cancelled);
    const view = this.ticketView(cancelled, now, false);
    this.emit('ticket.cancelled', now, { ticket: view, reason: 'cancelled', by: actorRef(actor) });
    return view;
  }

  /** 好差评: one rating per completed visit; 2 or less opens a follow-up due in N working days. */
  rate(actor: Actor, ticketId: string, input: RatingInput, now: number): RatingView {
    const ticket = this.requireTicket(ticketId);
    if (ticket.status !== 'done') {
      throw conflict('TICKET_NOT_DONE', `ticket ${ticket.number} is ${ticket.status}: a visit can be rated once it is completed`);
    }
    if (this.store.getRating(ticket.id)) throw conflict('ALREADY_RATED', `ticket ${ticket.number} has been rated already: each visit is rated once`);
    const rating: RatingRecord = {
      ticketId: ticket.id,
      level: input.level,
      comment: input.comment ?? null,
      tags: input.tags ?? [],
      channel: input.channel,
      serviceId: ticket.serviceId,
      counterId: ticket.counterId,
      staffUserId: ticket.staffUserId,
      ratedBy: actor.id,
      at: now,
    };
    this.store.insertRating(rating);
    this.emit('ticket.rated', now, {
      ticketId: ticket.id,
      number: ticket.number,
      level: rating.level,
      tags: rating.tags,
      channel: rating.channel,
      serviceId: ticket.serviceId,
      counterId: ticket.counterId,
    });
    let followUp: FollowUpRecord | null = null;
    if (rating.level <= 2) {
      const settings = this.settings;
      followUp = {
        id: this.deps.newId(),
        ticketId: ticket.id,
        number: ticket.number,
        level: rating.level,
        tags: rating.tags,
        comment: rating.comment,
        serviceId: ticket.serviceId,
        counterId: ticket.counterId,
        staffUserId: ticket.staffUserId,
        openedAt: now,
        dueDay: addWorkingDays(this.today(now), settings.followUpWorkingDays, settings),
        status: 'open',
        resolvedAt: null,
        resolvedBy: null,
        resolutionNote: null,
        maskedName: ticket.maskedName,
        phoneSealed: input.phone?.sealed ?? null,
        phoneMasked: input.phone?.masked ?? null,
      };
      this.store.insertFollowUp(followUp);
      this.emit('followup.opened', now, { followUp: this.followUpView(followUp) });
    }
    return {
      ticketId: ticket.id,
      level: rating.level,
      comment: rating.comment,
      tags: rating.tags,
      channel: rating.channel,
      ratedAt: this.iso(now),
      followUpId: followUp?.id ?? null,
    };
  }

  resolveFollowUp(actor: Actor, id: string, note: string, now: number) {
    const item = this.store.getFollowUp(id);
    if (!item) throw notFound('follow-up', id);
    if (item.status === 'resolved') throw conflict('FOLLOW_UP_RESOLVED', 'this follow-up is resolved already: nothing more to do');
    // The call-back number has served its purpose: it goes with the resolution.
    const resolved: FollowUpRecord = {
      ...item,
      status: 'resolved',
      resolvedAt: now,
      resolvedBy: actor.id,
      resolutionNote: note,
      phoneSealed: null,
      phoneMasked: null,
    };
    this.store.updateFollowUp(resolved);
    const view = this.followUpView(resolved);
    this.emit('followup.resolved', now, { followUp: view });
    return view;
  }

  /** A manager asks for an open follow-up's call-back number: recorded, then handed over sealed for the edge to open. */
  revealFollowUpPhone(actor: Actor, id: string, now: number): { ticketId: string; sealed: string } {
    const item = this.store.getFollowUp(id);
    if (!item) throw notFound('follow-up', id);
    if (item.phoneSealed === null) {
      throw conflict('FOLLOW_UP_NO_PHONE', 'no call-back number is kept for this follow-up (none was given, or it was resolved)');
    }
    this.emit('followup.phone_revealed', now, { followUpId: item.id, ticketId: item.ticketId, by: { id: actor.id, name: actor.name } });
    return { ticketId: item.ticketId, sealed: item.phoneSealed };
  }

  followUpView(f: FollowUpRecord) {
    return {
      id: f.id,
      ticketId: f.ticketId,
      number: f.number,
      level: f.level,
      tags: f.tags,
      comment: f.comment,
      serviceId: f.serviceId,
      counterId: f.counterId,
      staffUserId: f.staffUserId,
      openedAt: this.iso(f.openedAt),
      dueDay: f.dueDay,
      status: f.status,
      resolvedAt: f.resolvedAt === null ? null : this.iso(f.resolvedAt),
      resolvedBy: f.resolvedBy,
      resolutionNote: f.resolutionNote,
      maskedName: f.maskedName,
      phoneMasked: f.phoneMasked,
    };
  }

  /** A ticket that is called or being served at a counter this actor works. */
  private ticketAtActorsCounter(actor: Actor, ticketId: string): TicketRecord {
    const ticket = this.requireTicket(ticketId);
    if (actor.role === 'manager') return ticket;
    if (actor.role !== 'staff') throw forbidden('FORBIDDEN', 'this token may not act on tickets');
    const held = this.store.counterHeldBy(actor.id);
    if (!held || ticket.counterId !== held.id) {
      throw forbidden('NOT_YOUR_TICKET', `ticket ${ticket.number} is not at your counter: act only on your counter's ticket`);
    }
    return ticket;
  }

  private assertServesService(actor: Actor, serviceId: string): void {
    if (actor.role === 'manager') return;
    const held = actor.role === 'staff' ? this.store.counterHeldBy(actor.id) : undefined;
    if (!held || !held.serviceIds.includes(serviceId)) {
      throw forbidden('NOT_YOUR_SERVICE', 'this ticket waits for a service your counter does not handle: ask that counter or a manager');
    }
  }

  // ── the day ───────────────────────────────────────────────────────────

  /** At the first moment of a new day: yesterday's open tickets end, same-day data is forgotten. */
  rollover(now: number): { cancelled: number; forgotten: number } {
    const day = this.today(now);
    for (const s of this.store.listServices()) {
      if (!s.pendingPrefix || s.pendingPrefix.from > day) continue;
      const updated: ServiceRecord = { ...s, prefix: s.pendingPrefix.prefix, pendingPrefix: null };
      this.store.updateService(updated);
      this.emit('service.updated', now, { service: this.serviceView(updated), changed: ['prefix'] });
    }
    const stale = this.store.staleTickets(day);
    for (const t of stale) {
      const ended: TicketRecord = { ...t, status: t.status === 'waiting' ? 'cancelled' : 'done', endedAt: now };
      this.store.updateTicket(ended);
      this.releaseFromCounter(t);
      this.emit(ended.status === 'cancelled' ? 'ticket.cancelled' : 'ticket.completed', now, {
        ticket: this.ticketView(ended, now, false),
        reason: 'day_end',
        by: { kind: 'system', id: 'system', name: 'system' },
      });
    }
    const forgotten = this.store.forgetPersonHashesBefore(day);
    this.store.pruneIdempotencyBefore(this.keysKeptSince(now));
    return { cancelled: stale.length, forgotten };
  }

  /** Numbers nobody has had today, from the lane of people issued here or of kiosk leases. */
  reserveNumbers(day: string, prefix: string, lane: 'issue' | 'lease', count: number): number {
    const taken = takeNumbers(this.store.numberCursor(day, prefix), lane, count);
    this.store.saveNumberCursor(day, prefix, taken.cursor);
    return taken.first;
  }

  // ── lookups ───────────────────────────────────────────────────────────

  /** The prefix a service's numbers carry on `day`: a pending change counts from its day on. */
  prefixOn(service: ServiceRecord, day: string): string {
    return service.pendingPrefix && service.pendingPrefix.from <= day ? service.pendingPrefix.prefix : service.prefix;
  }

  closureView(closure: Closure | null): ClosureView | null {
    if (!closure) return null;
    return { ...closure, nextOpening: closure.nextOpening === null ? null : this.iso(closure.nextOpening) };
  }

  /** 409 with the reason and when walk-in tickets are next taken, so a kiosk can say when to come back. */
  private closedError(service: ServiceRecord, closure: Closure): HallError {
    const view = this.closureView(closure)!;
    const next = view.nextOpening ? ` from ${view.nextOpening.slice(0, 16).replace('T', ' ')}` : '';
    const what: Record<Closure['reason'], string> = {
      holiday: `the hall is closed today${closure.holidayName ? ` (${closure.holidayName})` : ''}`,
      closed_today: `${service.name} takes no tickets today`,
      before_opening: `${service.name} has not opened yet`,
      break: `${service.name} is on its break`,
      after_closing: `${service.name} has closed for today`,
      cut_off: `the last ticket for ${service.name} has been given out before closing`,
      appointments_only: `${service.name} serves appointments only now`,
    };
    return conflict(closure.code, `${what[closure.reason]}: tickets are taken again${next || ' on another day'}`, {
      reason: view.reason,
      nextOpening: view.nextOpening,
      holidayName: view.holidayName,
    });
  }

  requireService(id: string): ServiceRecord {
    const s = this.store.getService(id);
    if (!s) throw notFound('service', id);
    return s;
  }

  requireCounter(id: string): CounterRecord {
    const c = this.store.getCounter(id);
    if (!c) throw notFound('counter', id);
    return c;
  }

  requireTicket(id: string): TicketRecord {
    const t = this.store.getTicket(id);
    if (!t) throw notFound('ticket', id);
    return t;
  }
}

export type FollowUpView = ReturnType<QueueEngine['followUpView']>;

/** Who did it, in the events of ticket and counter actions (a manager acting on a counter is the manager). */
const actorRef = (a: Actor) => ({ kind: a.kind, id: a.id, name: a.name });

interface Person {
  hash: string;
  maskedIdNumber: string;
  maskedName: string | null;
  age: number | null;
}
