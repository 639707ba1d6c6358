// Kiosk sync, server side: number leases, and outbox operations applied exactly once per (device, seq).
import type { AlertComponent, DeviceAlerts, ReportedAlert } from './alerts.ts';
import { HallError, conflict } from './errors.ts';
import { SealError } from './id-seal.ts';
import type { QueueEngine } from './engine.ts';
import type { Actor, LeaseRecord, PriorityReason, TicketRecord } from './model.ts';
import { formatTicketNumber } from './ordering.ts';
import { hallDay } from './time.ts';

export interface SyncStore {
  kioskNumber(deviceId: string): number | null;
  insertLease(lease: LeaseRecord): void;
  leasesFor(deviceId: string, day: string, prefix: string): LeaseRecord[];
  appliedResult(deviceId: string, seq: number): SyncResult | undefined;
  saveApplied(deviceId: string, seq: number, result: SyncResult, at: number): void;
}

export type SyncOp =
  | {
      seq: number;
      kind: 'ticket.issue';
      ticketId?: string | undefined;
      idempotencyKey?: string | undefined;
      serviceId: string;
      number: string;
      issuedAt: string;
      priorityReason?: PriorityReason | null | undefined;
      /** The ID number sealed to the hall server's key (core/id-seal.ts), bound to ticketId; only the server opens it. */
      sealedIdNumber?: string | undefined;
      maskedIdNumber?: string | null | undefined;
      maskedName?: string | null | undefined;
    }
  | { seq: number; kind: 'device.alert'; alert: ReportedAlert; message?: string | undefined; component?: AlertComponent | undefined; at: string };

export interface SyncResult {
  seq: number;
  status: 'applied' | 'rejected';
  ticketId?: string;
  number?: string;
  /** The server number the ticket had before it took the number printed on paper. */
  renumberedFrom?: string;
  /** What the server accepted although it would have refused it online (the visitor holds a printed ticket). */
  flags?: string[];
  error?: { code: string; message: string };
  /** Why the ticket was kept without its person data (flag `person_dropped`): the sealed ID number did not open or is invalid. */
  personDropped?: { code: string; message: string };
}

export interface LeaseView {
  id: string;
  day: string;
  prefix: string;
  first: number;
  last: number;
  firstNumber: string;
  lastNumber: string;
}

/** Numbers a kiosk prints when its lease is used up offline: prefix, kiosk number, dash, its own count (A3-007). */
export function fallbackNumber(prefix: string, kioskNumber: number, n: number): string {
  return `${prefix}${kioskNumber}-${String(n).padStart(3, '0')}`;
}

export class KioskSync {
  constructor(
    private readonly engine: QueueEngine,
    private readonly store: SyncStore,
    private readonly newId: () => string,
    private readonly alerts: DeviceAlerts,
    /** Opens a sealed ID number (core/id-seal.ts `idUnsealer`); throws SealError. */
    private readonly unsealIdNumber: (sealed: string, ticketId: string) => string,
  ) {}

  /** Reserves `count` numbers of the service's prefix for today; they are never issued by anyone else. */
  grantLease(actor: Actor, serviceId: string, count: number, now: number): LeaseView {
    const service = this.engine.requireService(serviceId);
    const day = this.engine.today(now);
    const prefix = this.engine.prefixOn(service, day);
    const first = this.engine.reserveNumbers(day, prefix, 'lease', count);
    const lease: LeaseRecord = { id: this.newId(), deviceId: actor.id, day, prefix, first, last: first + count - 1, createdAt: now };
    this.store.insertLease(lease);
    return this.leaseView(lease);
  }

  leaseView(l: LeaseRecord): LeaseView {
    return {
      id: l.id,
      day: l.day,
      prefix: l.prefix,
      first: l.first,
      last: l.last,
      firstNumber: formatTicketNumber(l.prefix, l.first),
      lastNumber: formatTicketNumber(l.prefix, l.last),
    };
  }

  apply(actor: Actor, op: SyncOp, now: number): SyncResult {
    const seen = this.store.appliedResult(actor.id, op.seq);
    if (seen) return seen;
    let result: SyncResult;
    try {
      result = op.kind === 'ticket.issue' ? this.applyTicket(actor, op, now) : this.applyAlert(actor, op, now);
    } catch (error) {
      if (!(error instanceof HallError)) throw error;
      result = { seq: op.seq, status: 'rejected', error: { code: error.code, message: error.message } };
    }
    this.store.saveApplied(actor.id, op.seq, result, now);
    return result;
  }

  private applyAlert(actor: Actor, op: Extract<SyncOp, { kind: 'device.alert' }>, now: number): SyncResult {
    this.engine.emit('device.alert', now, { device: { id: actor.id, name: actor.name }, alert: op.alert, message: op.message ?? null, at: op.at });
    const report = { alert: op.alert, message: op.message ?? null, component: op.component ?? null, at: Date.parse(op.at) };
    this.alerts.report({ id: actor.id, name: actor.name }, report, now);
    return { seq: op.seq, status: 'applied' };
  }

  private applyTicket(actor: Actor, op: Extract<SyncOp, { kind: 'ticket.issue' }>, now: number): SyncResult {
    const { engine } = this;
    const store = engine.store;
    const issuedAtMs = Date.parse(op.issuedAt);
    // A kiosk clock ahead of the server cannot push its visitors in front of people already waiting.
    const issuedAt = Math.min(issuedAtMs, now);
    const day = hallDay(issuedAt, engine.settings.timeZone);

    // The kiosk tried POST /tickets first and never heard back: that ticket exists, with a server number.
    if (op.idempotencyKey) {
      const earlier = store.findIdempotency(actor.id, op.idempotencyKey, engine.keysKeptSince(now));
      const existing = earlier ? store.getTicket(earlier.ticketId) : undefined;
      if (existing) return this.renumber(existing, op, now);
    }

    const service = engine.requireService(op.serviceId);
    this.assertNumberIsTheKiosks(actor, op.number, engine.prefixOn(service, day), day);
    if (store.getTicketByNumber(day, op.number)) {
      throw conflict('NUMBER_TAKEN', `ticket ${op.number} exists already today: the kiosk reused a number`);
    }
    const today = engine.today(now);
    const flags: string[] = [];
    const { person, dropped } = this.openPerson(op, issuedAt);
    if (dropped) flags.push('person_dropped');
    // Accepted all the same (the kiosk gave it out): flagged when it went past the walk-in places, as online it would have been refused.
    const kept = service.dailyCap !== null ? (engine.deps.keptForAppointments?.(service, day, issuedAt) ?? 0) : 0;
    if (service.dailyCap !== null && store.issuedCount(service.id, day) + kept >= service.dailyCap) flags.push('daily_cap_exceeded');
    if (person && store.personTicketCount(person.hash, service.id, day) >= engine.settings.personDailyLimit) {
      flags.push('person_limit_exceeded');
    }
    // As online: the ID number decides elderly priority; without it the kiosk's reading of the card stands.
    const priorityReason = person && person.age !== null && person.age >= engine.settings.elderlyAge ? 'elderly' : (op.priorityReason ?? null);
    if (day < today) flags.push('previous_day');
    if (op.ticketId && store.getTicket(op.ticketId)) {
      throw conflict('TICKET_ID_TAKEN', `ticket id ${op.ticketId} exists already: the kiosk reused an id`);
    }
    const ticket: TicketRecord = {
      id: op.ticketId ?? this.newId(),
      day,
      number: op.number,
      serviceId: service.id,
      originalServiceId: service.id,
      // Yesterday's offline tickets are recorded, but nobody will be called for them today.
      status: day < today ? 'cancelled' : 'waiting',
      ticketClass: priorityReason ? 'priority' : 'normal',
      priorityReason,
      appointmentId: null,
      appointmentFrom: null,
      lateArrival: false,
      issuedAt,
      sortAt: issuedAt,
      issueOrder: 0,
      calledAt: null,
      startedAt: null,
      endedAt: day < today ? now : null,
      counterId: null,
      staffUserId: null,
      personHash: day < today ? null : (person?.hash ?? null),
      maskedIdNumber: person?.maskedIdNumber ?? op.maskedIdNumber ?? null,
      maskedName: op.maskedName ?? null,
      issuedBy: actor.id,
      recallCount: 0,
    };
    ticket.issueOrder = store.insertTicket(ticket, op.idempotencyKey ? { key: op.idempotencyKey, fingerprint: 'sync' } : undefined);
    engine.emit('ticket.issued', now, { ticket: engine.ticketView(ticket, now, false), offline: true, flags, ...(dropped ? { personDropped: dropped } : {}) });
    return {
      seq: op.seq,
      status: 'applied',
      ticketId: ticket.id,
      number: ticket.number,
      ...(flags.length ? { flags } : {}),
      ...(dropped ? { personDropped: dropped } : {}),
    };
  }

  /**
   * The person behind a sealed ID number, hashed and masked as online. One that does not open or is no valid ID number
   * costs only the person data: the visitor holds a printed ticket, so the ticket stands and the result says why.
   */
  private openPerson(op: Extract<SyncOp, { kind: 'ticket.issue' }>, issuedAt: number) {
    if (!op.sealedIdNumber) return { person: null, dropped: null };
    try {
      return { person: this.engine.person(this.unsealIdNumber(op.sealedIdNumber, op.ticketId ?? ''), undefined, issuedAt), dropped: null };
    } catch (error) {
      if (!(error instanceof SealError) && !(error instanceof HallError)) throw error;
      const code = error instanceof SealError ? error.code : 'SEALED_ID_INVALID';
      return { person: null, dropped: { code, message: error.message } };
    }
  }

  /** The visitor holds the number printed on paper; the ticket takes it, and a false no-show is undone. */
  private renumber(existing: TicketRecord, op: Extract<SyncOp, { kind: 'ticket.issue' }>, now: number): SyncResult {
    if (existing.number === op.number) return { seq: op.seq, status: 'applied', ticketId: existing.id, number: existing.number };
    const { engine } = this;
    if (engine.store.getTicketByNumber(existing.day, op.number)) {
      throw conflict('NUMBER_TAKEN', `ticket ${op.number} exists already today: the kiosk reused a number`);
    }
    const restored = existing.status === 'no_show';
    const updated: TicketRecord = {
      ...existing,
      number: op.number,
      ...(restored ? { status: 'waiting' as const, calledAt: null, endedAt: null, counterId: null, staffUserId: null } : {}),
    };
    engine.store.updateTicket(updated);
    engine.emit('ticket.renumbered', now, { ticket: engine.ticketView(updated, now, false), from: existing.number, restoredFromNoShow: restored });
    return { seq: op.seq, status: 'applied', ticketId: existing.id, number: op.number, renumberedFrom: existing.number };
  }

  private assertNumberIsTheKiosks(actor: Actor, number: string, prefix: string, day: string): void {
    if (!number.startsWith(prefix)) {
      throw conflict('NUMBER_NOT_LEASED', `ticket number ${number} does not carry the service prefix ${prefix}`);
    }
    const rest = number.slice(prefix.length);
    const fallback = /^(\d+)-\d{3,}$/.exec(rest);
    if (fallback) {
      if (Number(fallback[1]) !== this.store.kioskNumber(actor.id)) {
        throw conflict('NUMBER_NOT_LEASED', `fallback number ${number} belongs to another kiosk`);
      }
      return;
    }
    const n = Number(rest);
    if (!/^\d+$/.test(rest) || !this.store.leasesFor(actor.id, day, prefix).some((l) => n >= l.first && n <= l.last)) {
      throw conflict('NUMBER_NOT_LEASED', `ticket number ${number} was not leased to this kiosk for ${day}`);
    }
  }
}
