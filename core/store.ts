// What the queue engine needs from storage. Synchronous: every call runs inside one open transaction.
import type { AppointmentRecord, CounterRecord, EventRecord, FollowUpRecord, RatingRecord, ServiceRecord, TicketRecord } from './model.ts';
import type { NumberCursor, QueueCandidate } from './ordering.ts';

export interface DayTotals {
  issued: number;
  called: number;
  done: number;
  noShow: number;
  cancelled: number;
}

export interface IdempotencyRecord {
  principal: string;
  key: string;
  fingerprint: string;
  ticketId: string;
}

export interface QueueStore {
  getService(id: string): ServiceRecord | undefined;
  getServiceByCode(code: string): ServiceRecord | undefined;
  listServices(): ServiceRecord[];
  insertService(service: ServiceRecord): void;
  updateService(service: ServiceRecord): void;

  getCounter(id: string): CounterRecord | undefined;
  getCounterByNumber(number: number): CounterRecord | undefined;
  listCounters(): CounterRecord[];
  counterHeldBy(userId: string): CounterRecord | undefined;
  insertCounter(counter: CounterRecord): void;
  updateCounter(counter: CounterRecord): void;
  /** Replaces the services a counter calls for; the next call uses them. */
  setCounterServices(counterId: string, serviceIds: readonly string[]): void;

  getTicket(id: string): TicketRecord | undefined;
  getTicketByNumber(day: string, number: string): TicketRecord | undefined;
  /** Stores a new ticket, with the Idempotency-Key it was issued under; returns its insertion order. */
  insertTicket(ticket: TicketRecord, idempotency?: { key: string; fingerprint: string }): number;
  updateTicket(ticket: TicketRecord): void;
  /** Waiting tickets of the day in any of these services (the store's own list: read, never change it). */
  waitingIn(serviceIds: readonly string[], day: string): readonly QueueCandidate[];
  waitingTickets(day: string, serviceIds?: readonly string[]): TicketRecord[];
  waitingCounts(day: string): Map<string, number>;
  /** The day's tickets so far: issued, called, completed, no-show, cancelled. */
  dayTotals(day: string): DayTotals;
  issuedCount(serviceId: string, day: string): number;
  personTicketCount(personHash: string, serviceId: string, day: string): number;
  /** Service seconds of the latest `sample` completed tickets of the service that day, latest first (read, never change it). */
  recentServiceSeconds(serviceId: string, day: string, sample: number): readonly number[];
  /** Counters staffed now (open or paused) that serve the service. */
  openCountersFor(serviceId: string): number;
  numberCursor(day: string, prefix: string): NumberCursor;
  saveNumberCursor(day: string, prefix: string, cursor: NumberCursor): void;
  /** Tickets of days before `day` still waiting or at a counter. */
  staleTickets(day: string): TicketRecord[];
  /** Forgets person hashes of days before `day` (they only serve same-day limits). */
  forgetPersonHashesBefore(day: string): number;

  /** The ticket `principal` issued under `key`, among the tickets of days from `since` on. */
  findIdempotency(principal: string, key: string, since: string): IdempotencyRecord | undefined;
  /** Forgets the keys of tickets of days before `day`. */
  pruneIdempotencyBefore(day: string): number;

  getAppointment(id: string): AppointmentRecord | undefined;
  getAppointmentByCode(code: string): AppointmentRecord | undefined;
  bookedAppointmentsFor(personHash: string, day: string): AppointmentRecord[];
  insertAppointment(appointment: AppointmentRecord): void;
  updateAppointment(appointment: AppointmentRecord): void;

  getRating(ticketId: string): RatingRecord | undefined;
  insertRating(rating: RatingRecord): void;
  getFollowUp(id: string): FollowUpRecord | undefined;
  insertFollowUp(item: FollowUpRecord): void;
  updateFollowUp(item: FollowUpRecord): void;

  /** `json`: the text of `data` where the caller has it already. */
  appendEvent(type: string, at: string, data: unknown, json?: string): EventRecord;
  lastSeq(): number;
}
