// The queue engine's storage on SQLite: prepared statements over the tables of migration 1.
import type Database from 'better-sqlite3';
import type { AppointmentRecord, CounterRecord, EventRecord, EventWire, FollowUpRecord, RatingRecord, ServiceRecord, TicketRecord } from '../core/model.ts';
import { toCandidate, type NumberCursor, type QueueCandidate } from '../core/ordering.ts';
import type { DayTotals, IdempotencyRecord, QueueStore } from '../core/store.ts';
import type { Db } from './database.ts';
import { eventWire } from './event-log.ts';

type Row = Record<string, unknown>;

const str = (v: unknown): string => v as string;
const strOrNull = (v: unknown): string | null => (v === null || v === undefined ? null : (v as string));
const numOrNull = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));

function serviceFrom(r: Row): ServiceRecord {
  return {
    id: str(r.id),
    code: str(r.code),
    name: str(r.name),
    names: r.names ? JSON.parse(str(r.names)) : {},
    prefix: str(r.prefix),
    category: strOrNull(r.category),
    dailyCap: numOrNull(r.daily_cap),
    openingHours: r.opening_hours ? JSON.parse(str(r.opening_hours)) : null,
    targetWaitMinutes: numOrNull(r.target_wait_minutes),
    defaultServiceSeconds: Number(r.default_service_seconds),
    active: r.active === 1,
    createdAt: Number(r.created_at),
    kioskOrder: Number(r.kiosk_order ?? 0),
    cutoffMinutes: numOrNull(r.cutoff_minutes),
    pendingPrefix: r.pending_prefix ? { prefix: str(r.pending_prefix), from: str(r.pending_prefix_from) } : null,
  };
}

function ticketFrom(r: Row): TicketRecord {
  return {
    id: str(r.id),
    day: str(r.day),
    number: str(r.number),
    serviceId: str(r.service_id),
    originalServiceId: str(r.original_service_id),
    status: r.status as TicketRecord['status'],
    ticketClass: r.ticket_class as TicketRecord['ticketClass'],
    priorityReason: strOrNull(r.priority_reason) as TicketRecord['priorityReason'],
    appointmentId: strOrNull(r.appointment_id),
    appointmentFrom: numOrNull(r.appointment_from),
    lateArrival: r.late_arrival === 1,
    issuedAt: Number(r.issued_at),
    sortAt: Number(r.sort_at),
    issueOrder: Number(r.issue_order),
    calledAt: numOrNull(r.called_at),
    startedAt: numOrNull(r.started_at),
    endedAt: numOrNull(r.ended_at),
    counterId: strOrNull(r.counter_id),
    staffUserId: strOrNull(r.staff_user_id),
    personHash: strOrNull(r.person_hash),
    maskedIdNumber: strOrNull(r.masked_id_number),
    maskedName: strOrNull(r.masked_name),
    issuedBy: str(r.issued_by),
    recallCount: Number(r.recall_count),
  };
}

function ticketParams(t: TicketRecord): Row {
  return {
    id: t.id,
    day: t.day,
    number: t.number,
    service_id: t.serviceId,
    original_service_id: t.originalServiceId,
    status: t.status,
    ticket_class: t.ticketClass,
    priority_reason: t.priorityReason,
    appointment_id: t.appointmentId,
    appointment_from: t.appointmentFrom,
    late_arrival: t.lateArrival ? 1 : 0,
    issued_at: t.issuedAt,
    sort_at: t.sortAt,
    called_at: t.calledAt,
    started_at: t.startedAt,
    ended_at: t.endedAt,
    counter_id: t.counterId,
    staff_user_id: t.staffUserId,
    person_hash: t.personHash,
    masked_id_number: t.maskedIdNumber,
    masked_name: t.maskedName,
    issued_by: t.issuedBy,
    recall_count: t.recallCount,
  };
}

function appointmentFrom(r: Row): AppointmentRecord {
  return {
    id: str(r.id),
    code: str(r.code),
    serviceId: str(r.service_id),
    day: str(r.day),
    windowStart: Number(r.window_start),
    windowEnd: Number(r.window_end),
    personHash: strOrNull(r.person_hash),
    maskedIdNumber: strOrNull(r.masked_id_number),
    maskedName: strOrNull(r.masked_name),
    status: r.status as AppointmentRecord['status'],
    ticketId: strOrNull(r.ticket_id),
    createdBy: str(r.created_by),
    createdAt: Number(r.created_at),
  };
}

export function followUpFrom(r: Row): FollowUpRecord {
  return {
    id: str(r.id),
    ticketId: str(r.ticket_id),
    number: str(r.number),
    level: Number(r.level),
    tags: JSON.parse(str(r.tags)) as string[],
    comment: strOrNull(r.comment),
    serviceId: str(r.service_id),
    counterId: strOrNull(r.counter_id),
    staffUserId: strOrNull(r.staff_user_id),
    openedAt: Number(r.opened_at),
    dueDay: str(r.due_day),
    status: r.status as FollowUpRecord['status'],
    resolvedAt: numOrNull(r.resolved_at),
    resolvedBy: strOrNull(r.resolved_by),
    resolutionNote: strOrNull(r.resolution_note),
    maskedName: strOrNull(r.masked_name),
    phoneSealed: strOrNull(r.phone_sealed),
    phoneMasked: strOrNull(r.phone_masked),
  };
}

const TICKET_COLUMNS = Object.keys(ticketParams({} as TicketRecord));
const FIXED_AT_ISSUE = new Set(['id', 'day', 'original_service_id']);

interface WaitingDay {
  day: string;
  byService: Map<string, QueueCandidate[]>;
  /** Ticket id → its service, so an update finds the list the ticket is in. */
  serviceOf: Map<string, string>;
}

const NONE_WAITING: readonly QueueCandidate[] = Object.freeze([]);

function candidateFrom(r: Row): QueueCandidate {
  return {
    id: str(r.id),
    serviceId: str(r.service_id),
    ticketClass: r.ticket_class as QueueCandidate['ticketClass'],
    sortAt: Number(r.sort_at),
    issueOrder: Number(r.issue_order),
    appointmentFrom: numOrNull(r.appointment_from),
  };
}

function addWaiting(w: WaitingDay, c: QueueCandidate): void {
  let list = w.byService.get(c.serviceId);
  if (!list) w.byService.set(c.serviceId, (list = []));
  list.push(c);
  w.serviceOf.set(c.id, c.serviceId);
}

function removeWaiting(w: WaitingDay, ticketId: string): void {
  const serviceId = w.serviceOf.get(ticketId);
  if (serviceId === undefined) return;
  w.serviceOf.delete(ticketId);
  const list = w.byService.get(serviceId)!;
  list.splice(
    list.findIndex((c) => c.id === ticketId),
    1,
  );
}

/** FNV-1a of principal and key: the writer's key table holds numbers only (strings were 0.7 KB a key on the heap). */
export function keyHash(principal: string, key: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < principal.length; i++) h = Math.imul(h ^ principal.charCodeAt(i), 0x01000193);
  h = Math.imul(h ^ 10, 0x01000193);
  for (let i = 0; i < key.length; i++) h = Math.imul(h ^ key.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

function addKey(byHash: Map<number, number | number[]>, hash: number, rowid: number): void {
  const had = byHash.get(hash);
  byHash.set(hash, had === undefined ? rowid : typeof had === 'number' ? [had, rowid] : [...had, rowid]);
}

export class SqliteQueueStore implements QueueStore {
  /** Events appended since the commit queue last took them, in their wire form. */
  appended: EventWire[] = [];
  private readonly stmts: Record<string, Database.Statement>;
  private readonly counterServices = new Map<string, string[]>();
  /**
   * Reads the writer repeats for every ticket it issues, kept in memory. Only the connection that makes every
   * write may keep them (it sees each change); every write that touches them drops or updates them, and every
   * rollback drops them all.
   */
  private readonly memo: {
    services: Map<string, ServiceRecord | undefined>;
    serviceSeconds: Map<string, { day: string; sample: number; seconds: readonly number[] }>;
    openCounters: Map<string, number>;
    /**
     * The day's waiting tickets by service, read in one scan and then kept up to date by every insert and
     * update: every issue counts the tickets ahead of it in its service's list.
     */
    waiting: WaitingDay | null;
    /** Tickets issued per service in one day, for the daily cap (a ticket's service of issue and day never change). */
    issued: Map<string, { day: string; n: number }>;
    /** Number cursors by prefix, of one day. */
    cursors: Map<string, { day: string; cursor: NumberCursor }>;
    /**
     * The Idempotency-Keys of tickets of days from `since` on: the hash of principal and key → the tickets'
     * rowids, read in one scan of those days, then added to by every insert; a hit is checked against the row.
     * No index: one on random keys was several pages of every commit.
     */
    keys: { since: string; byHash: Map<number, number | number[]> } | null;
    /** Keys of days before this are already forgotten on disk; a prune reads only the days after it. */
    keysPrunedBefore: string | null;
  } | null;

  constructor(
    private readonly db: Db,
    options: { soleWriter?: boolean } = {},
  ) {
    this.memo = options.soleWriter
      ? {
          services: new Map(),
          serviceSeconds: new Map(),
          openCounters: new Map(),
          waiting: null,
          issued: new Map(),
          cursors: new Map(),
          keys: null,
          keysPrunedBefore: null,
        }
      : null;
    const s = (sql: string) => db.prepare(sql);
    this.stmts = {
      getService: s('SELECT * FROM services WHERE id = ?'),
      getServiceByCode: s('SELECT * FROM services WHERE code = ?'),
      listServices: s('SELECT * FROM services ORDER BY kiosk_order, prefix, code'),
      insertService:
        s(`INSERT INTO services (id, code, name, names, prefix, category, daily_cap, opening_hours, target_wait_minutes, default_service_seconds, active, created_at,
          kiosk_order, cutoff_minutes, pending_prefix, pending_prefix_from)
        VALUES (@id, @code, @name, @names, @prefix, @category, @daily_cap, @opening_hours, @target_wait_minutes, @default_service_seconds, @active, @created_at,
          @kiosk_order, @cutoff_minutes, @pending_prefix, @pending_prefix_from)`),
      updateService: s(`UPDATE services SET code=@code, name=@name, names=@names, prefix=@prefix, category=@category, daily_cap=@daily_cap,
        opening_hours=@opening_hours, target_wait_minutes=@target_wait_minutes, default_service_seconds=@default_service_seconds, active=@active,
        kiosk_order=@kiosk_order, cutoff_minutes=@cutoff_minutes, pending_prefix=@pending_prefix, pending_prefix_from=@pending_prefix_from WHERE id=@id`),
      getCounter: s('SELECT * FROM counters WHERE id = ?'),
      getCounterByNumber: s('SELECT * FROM counters WHERE number = ?'),
      listCounters: s('SELECT * FROM counters ORDER BY number'),
      counterHeldBy: s('SELECT * FROM counters WHERE staff_user_id = ?'),
      counterServices: s('SELECT service_id FROM counter_services WHERE counter_id = ?'),
      insertCounter:
        s(`INSERT INTO counters (id, number, name, state, pause_reason, pause_note, current_ticket_id, staff_user_id, last_class, class_run, active)
        VALUES (@id, @number, @name, @state, @pause_reason, @pause_note, @current_ticket_id, @staff_user_id, @last_class, @class_run, @active)`),
      insertCounterService: s('INSERT INTO counter_services (counter_id, service_id) VALUES (?, ?)'),
      deleteCounterServices: s('DELETE FROM counter_services WHERE counter_id = ?'),
      updateCounter: s(`UPDATE counters SET number=@number, name=@name, state=@state, pause_reason=@pause_reason, pause_note=@pause_note,
        current_ticket_id=@current_ticket_id, staff_user_id=@staff_user_id, last_class=@last_class, class_run=@class_run, active=@active WHERE id=@id`),
      getTicket: s('SELECT rowid AS issue_order, * FROM tickets WHERE id = ?'),
      getTicketByNumber: s('SELECT rowid AS issue_order, * FROM tickets WHERE day = ? AND number = ?'),
      // Positional: binding 23 named parameters looks each up on the object, on every ticket issued.
      insertTicket: s(`INSERT INTO tickets (${TICKET_COLUMNS.join(', ')}, idempotency_key, idempotency_fingerprint)
          VALUES (${TICKET_COLUMNS.map(() => '?').join(', ')}, ?, ?)`),
      // A ticket's day and service of issue are fixed when it is issued (the daily cap's count relies on it).
      updateTicket: s(
        `UPDATE tickets SET ${TICKET_COLUMNS.filter((c) => !FIXED_AT_ISSUE.has(c))
          .map((c) => `${c}=@${c}`)
          .join(', ')} WHERE id=@id`,
      ),
      waitingTickets: s("SELECT rowid AS issue_order, * FROM tickets WHERE day = ? AND status = 'waiting' ORDER BY sort_at, rowid"),
      // Named: without statistics SQLite would walk the day's every ticket in the (day, number) index instead.
      waitingOf: s(`SELECT rowid AS issue_order, id, service_id, ticket_class, sort_at, appointment_from FROM tickets INDEXED BY tickets_waiting
          WHERE day = ? AND status = 'waiting' AND service_id = ?`),
      waitingOn: s(`SELECT rowid AS issue_order, id, service_id, ticket_class, sort_at, appointment_from FROM tickets INDEXED BY tickets_waiting
          WHERE day = ? AND status = 'waiting'`),
      waitingCounts: s("SELECT service_id, COUNT(*) AS n FROM tickets WHERE day = ? AND status = 'waiting' GROUP BY service_id"),
      dayTotals: s(`SELECT COUNT(*) AS issued, COALESCE(SUM(called_at IS NOT NULL), 0) AS called, COALESCE(SUM(status = 'done'), 0) AS done,
          COALESCE(SUM(status = 'no_show'), 0) AS no_show, COALESCE(SUM(status = 'cancelled'), 0) AS cancelled FROM tickets WHERE day = ?`),
      issuedCount: s('SELECT COUNT(*) AS n FROM tickets WHERE original_service_id = ? AND day = ?'),
      personTicketCount: s("SELECT COUNT(*) AS n FROM tickets WHERE person_hash = ? AND service_id = ? AND day = ? AND status <> 'cancelled'"),
      recentServiceSeconds: s(`SELECT (ended_at - COALESCE(started_at, called_at)) / 1000.0 AS d FROM tickets
          WHERE service_id = ? AND day = ? AND status = 'done' AND called_at IS NOT NULL
          ORDER BY ended_at DESC LIMIT ?`),
      // A paused counter is staffed and will call again: it counts as open.
      openCountersFor: s(`SELECT COUNT(*) AS n FROM counters c JOIN counter_services cs ON cs.counter_id = c.id
          WHERE cs.service_id = ? AND c.state IN ('open', 'paused')`),
      numberCursor: s('SELECT next, lease_next FROM number_sequences WHERE day = ? AND prefix = ?'),
      // An update, then an insert for a prefix's first number of the day: an upsert costs half as much again per issue.
      updateNumberCursor: s('UPDATE number_sequences SET next = ?, lease_next = ? WHERE day = ? AND prefix = ?'),
      insertNumberCursor: s('INSERT INTO number_sequences (day, prefix, next, lease_next) VALUES (?, ?, ?, ?)'),
      staleTickets: s("SELECT rowid AS issue_order, * FROM tickets WHERE day < ? AND status IN ('waiting', 'called', 'serving')"),
      forgetPersonHashes: s('UPDATE tickets SET person_hash = NULL WHERE day < ? AND person_hash IS NOT NULL'),
      forgetAppointmentHashes: s('UPDATE appointments SET person_hash = NULL WHERE day < ? AND person_hash IS NOT NULL'),
      // Named (the UNIQUE (day, number) index): only the tickets of the days asked for are read.
      findIdempotency: s(`SELECT id, idempotency_fingerprint FROM tickets INDEXED BY sqlite_autoindex_tickets_2
          WHERE day >= ? AND issued_by = ? AND idempotency_key = ?`),
      keptKeys: s(`SELECT rowid, issued_by, idempotency_key FROM tickets INDEXED BY sqlite_autoindex_tickets_2
          WHERE day >= ? AND idempotency_key IS NOT NULL`),
      keyedTicket: s('SELECT id, day, issued_by, idempotency_key, idempotency_fingerprint FROM tickets WHERE rowid = ?'),
      pruneIdempotency: s(`UPDATE tickets INDEXED BY sqlite_autoindex_tickets_2 SET idempotency_key = NULL, idempotency_fingerprint = NULL
          WHERE day >= ? AND day < ? AND idempotency_key IS NOT NULL`),
      getAppointment: s('SELECT * FROM appointments WHERE id = ?'),
      getAppointmentByCode: s('SELECT * FROM appointments WHERE code = ?'),
      bookedAppointmentsFor: s("SELECT * FROM appointments WHERE person_hash = ? AND day = ? AND status = 'booked'"),
      insertAppointment:
        s(`INSERT INTO appointments (id, code, service_id, day, window_start, window_end, person_hash, masked_id_number, masked_name, status, ticket_id, created_by, created_at)
          VALUES (@id, @code, @service_id, @day, @window_start, @window_end, @person_hash, @masked_id_number, @masked_name, @status, @ticket_id, @created_by, @created_at)`),
      updateAppointment: s('UPDATE appointments SET status = @status, ticket_id = @ticket_id WHERE id = @id'),
      getRating: s('SELECT * FROM ratings WHERE ticket_id = ?'),
      insertRating: s(`INSERT INTO ratings (ticket_id, level, comment, tags, channel, service_id, counter_id, staff_user_id, rated_by, at)
          VALUES (@ticketId, @level, @comment, @tags, @channel, @serviceId, @counterId, @staffUserId, @ratedBy, @at)`),
      getFollowUp: s('SELECT * FROM follow_ups WHERE id = ?'),
      insertFollowUp:
        s(`INSERT INTO follow_ups (id, ticket_id, number, level, tags, comment, service_id, counter_id, staff_user_id, opened_at, due_day, status, resolved_at, resolved_by, resolution_note, masked_name, phone_sealed, phone_masked)
          VALUES (@id, @ticketId, @number, @level, @tags, @comment, @serviceId, @counterId, @staffUserId, @openedAt, @dueDay, @status, @resolvedAt, @resolvedBy, @resolutionNote, @maskedName, @phoneSealed, @phoneMasked)`),
      updateFollowUp: s(
        'UPDATE follow_ups SET status = @status, resolved_at = @resolvedAt, resolved_by = @resolvedBy, resolution_note = @resolutionNote, phone_sealed = @phoneSealed, phone_masked = @phoneMasked WHERE id = @id',
      ),
      appendEvent: s('INSERT INTO events (type, at, data) VALUES (?, ?, ?)'),
      lastSeq: s("SELECT COALESCE((SELECT seq FROM sqlite_sequence WHERE name = 'events'), 0) AS seq"),
    };
  }

  private one<T>(name: string, map: (r: Row) => T, ...params: unknown[]): T | undefined {
    const row = this.stmts[name]!.get(...params) as Row | undefined;
    return row ? map(row) : undefined;
  }

  private count(name: string, ...params: unknown[]): number {
    return Number((this.stmts[name]!.get(...params) as Row).n);
  }

  private servicesOf(counterId: string): string[] {
    const read = () => (this.stmts.counterServices!.all(counterId) as Row[]).map((r) => str(r.service_id));
    // Only the writer sees every change of a counter's services; a reading connection reads them each time.
    if (!this.memo) return read();
    let ids = this.counterServices.get(counterId);
    if (!ids) {
      ids = read();
      this.counterServices.set(counterId, ids);
    }
    return ids;
  }

  private counterFrom = (r: Row): CounterRecord => ({
    id: str(r.id),
    number: Number(r.number),
    name: strOrNull(r.name),
    state: r.state as CounterRecord['state'],
    pauseReason: strOrNull(r.pause_reason) as CounterRecord['pauseReason'],
    pauseNote: strOrNull(r.pause_note),
    currentTicketId: strOrNull(r.current_ticket_id),
    staffUserId: strOrNull(r.staff_user_id),
    lastClass: strOrNull(r.last_class) as CounterRecord['lastClass'],
    classRun: Number(r.class_run),
    serviceIds: this.servicesOf(str(r.id)),
    active: Number(r.active) !== 0,
  });

  getService(id: string) {
    if (!this.memo) return this.one('getService', serviceFrom, id);
    if (this.memo.services.has(id)) return this.memo.services.get(id);
    const service = this.one('getService', serviceFrom, id);
    this.memo.services.set(id, service);
    return service;
  }

  /** After a rollback: whatever was read inside it may no longer be true, and what was held back goes with it. */
  forgetMemo(): void {
    this.held.clear();
    this.counterServices.clear();
    this.memo?.services.clear();
    this.memo?.serviceSeconds.clear();
    this.memo?.openCounters.clear();
    if (this.memo) this.memo.waiting = null;
    this.memo?.issued.clear();
    this.memo?.cursors.clear();
    if (this.memo) {
      this.memo.keys = null;
      this.memo.keysPrunedBefore = null;
    }
  }
  getServiceByCode(code: string) {
    return this.one('getServiceByCode', serviceFrom, code);
  }
  listServices() {
    return (this.stmts.listServices!.all() as Row[]).map(serviceFrom);
  }
  private serviceParams(s: ServiceRecord): Row {
    return {
      id: s.id,
      code: s.code,
      name: s.name,
      names: JSON.stringify(s.names),
      prefix: s.prefix,
      category: s.category,
      daily_cap: s.dailyCap,
      opening_hours: s.openingHours ? JSON.stringify(s.openingHours) : null,
      target_wait_minutes: s.targetWaitMinutes,
      default_service_seconds: s.defaultServiceSeconds,
      active: s.active ? 1 : 0,
      created_at: s.createdAt,
      kiosk_order: s.kioskOrder,
      cutoff_minutes: s.cutoffMinutes,
      pending_prefix: s.pendingPrefix?.prefix ?? null,
      pending_prefix_from: s.pendingPrefix?.from ?? null,
    };
  }
  insertService(s: ServiceRecord) {
    this.stmts.insertService!.run(this.serviceParams(s));
    this.memo?.services.delete(s.id);
  }
  updateService(s: ServiceRecord) {
    const { created_at: _, ...params } = this.serviceParams(s);
    this.stmts.updateService!.run(params);
    this.memo?.services.delete(s.id);
  }

  getCounter(id: string) {
    return this.one('getCounter', this.counterFrom, id);
  }
  getCounterByNumber(number: number) {
    return this.one('getCounterByNumber', this.counterFrom, number);
  }
  listCounters() {
    return (this.stmts.listCounters!.all() as Row[]).map(this.counterFrom);
  }
  counterHeldBy(userId: string) {
    return this.one('counterHeldBy', this.counterFrom, userId);
  }
  private counterParams(c: CounterRecord): Row {
    return {
      id: c.id,
      number: c.number,
      name: c.name,
      state: c.state,
      pause_reason: c.pauseReason,
      pause_note: c.pauseNote,
      current_ticket_id: c.currentTicketId,
      staff_user_id: c.staffUserId,
      last_class: c.lastClass,
      class_run: c.classRun,
      active: c.active ? 1 : 0,
    };
  }
  insertCounter(c: CounterRecord) {
    this.stmts.insertCounter!.run(this.counterParams(c));
    for (const sid of c.serviceIds) this.stmts.insertCounterService!.run(c.id, sid);
    this.counterServices.delete(c.id);
    this.memo?.openCounters.clear();
  }
  updateCounter(c: CounterRecord) {
    this.stmts.updateCounter!.run(this.counterParams(c));
    this.memo?.openCounters.clear();
  }
  setCounterServices(counterId: string, serviceIds: readonly string[]) {
    this.stmts.deleteCounterServices!.run(counterId);
    for (const sid of serviceIds) this.stmts.insertCounterService!.run(counterId, sid);
    this.counterServices.delete(counterId);
    this.memo?.openCounters.clear();
  }

  getTicket(id: string) {
    return this.one('getTicket', ticketFrom, id);
  }
  getTicketByNumber(day: string, number: string) {
    return this.one('getTicketByNumber', ticketFrom, day, number);
  }
  insertTicket(t: TicketRecord, idempotency?: { key: string; fingerprint: string }) {
    const values = Object.values(ticketParams(t));
    values.push(idempotency?.key ?? null, idempotency?.fingerprint ?? null);
    const issueOrder = Number(this.stmts.insertTicket!.run(values).lastInsertRowid);
    const keys = this.memo?.keys;
    if (idempotency && keys && t.day >= keys.since) addKey(keys.byHash, keyHash(t.issuedBy, idempotency.key), issueOrder);
    const issued = this.memo?.issued.get(t.originalServiceId);
    if (issued?.day === t.day) issued.n += 1;
    if (t.status === 'waiting' && this.memo?.waiting?.day === t.day) addWaiting(this.memo.waiting, { ...toCandidate(t), issueOrder });
    return issueOrder;
  }
  updateTicket(t: TicketRecord) {
    this.stmts.updateTicket!.run(ticketParams(t));
    if (!this.memo) return;
    // A ticket ending (or moving) changes its service's recent service times.
    this.memo.serviceSeconds.delete(t.serviceId);
    // It may have left one service's waiting list, and joined that or another's.
    const waiting = this.memo.waiting;
    if (!waiting) return;
    removeWaiting(waiting, t.id);
    if (t.status !== 'waiting' || t.day !== waiting.day) return;
    // A record without its insertion order cannot be placed: read the day again when next asked.
    if (t.issueOrder > 0) addWaiting(waiting, toCandidate(t));
    else this.memo.waiting = null;
  }
  waitingIn(serviceIds: readonly string[], day: string): readonly QueueCandidate[] {
    if (serviceIds.length === 1) return this.waitingOf(serviceIds[0]!, day);
    const all: QueueCandidate[] = [];
    for (const id of serviceIds) for (const t of this.waitingOf(id, day)) all.push(t);
    return all;
  }
  private waitingOf(serviceId: string, day: string): readonly QueueCandidate[] {
    if (!this.memo) return (this.stmts.waitingOf!.all(day, serviceId) as Row[]).map(candidateFrom);
    if (this.memo.waiting?.day !== day) {
      const waiting: WaitingDay = { day, byService: new Map(), serviceOf: new Map() };
      for (const r of this.stmts.waitingOn!.all(day) as Row[]) addWaiting(waiting, candidateFrom(r));
      this.memo.waiting = waiting;
    }
    return this.memo.waiting.byService.get(serviceId) ?? NONE_WAITING;
  }
  waitingTickets(day: string, serviceIds?: readonly string[]) {
    const all = (this.stmts.waitingTickets!.all(day) as Row[]).map(ticketFrom);
    return serviceIds ? all.filter((t) => serviceIds.includes(t.serviceId)) : all;
  }
  waitingCounts(day: string) {
    return new Map((this.stmts.waitingCounts!.all(day) as Row[]).map((r) => [str(r.service_id), Number(r.n)]));
  }
  dayTotals(day: string): DayTotals {
    const r = this.stmts.dayTotals!.get(day) as Row;
    return { issued: Number(r.issued), called: Number(r.called), done: Number(r.done), noShow: Number(r.no_show), cancelled: Number(r.cancelled) };
  }
  issuedCount(serviceId: string, day: string) {
    if (!this.memo) return this.count('issuedCount', serviceId, day);
    const hit = this.memo.issued.get(serviceId);
    if (hit?.day === day) return hit.n;
    const n = this.count('issuedCount', serviceId, day);
    this.memo.issued.set(serviceId, { day, n });
    return n;
  }
  personTicketCount(personHash: string, serviceId: string, day: string) {
    return this.count('personTicketCount', personHash, serviceId, day);
  }
  recentServiceSeconds(serviceId: string, day: string, sample: number) {
    // Keyed by service alone: a new day or sample size replaces the entry instead of adding one.
    const hit = this.memo?.serviceSeconds.get(serviceId);
    if (hit && hit.day === day && hit.sample === sample) return hit.seconds;
    const seconds = (this.stmts.recentServiceSeconds!.all(serviceId, day, sample) as Row[]).map((r) => Number(r.d));
    this.memo?.serviceSeconds.set(serviceId, { day, sample, seconds });
    return seconds;
  }
  openCountersFor(serviceId: string) {
    if (!this.memo) return this.count('openCountersFor', serviceId);
    let n = this.memo.openCounters.get(serviceId);
    if (n === undefined) {
      n = this.count('openCountersFor', serviceId);
      this.memo.openCounters.set(serviceId, n);
    }
    return n;
  }
  numberCursor(day: string, prefix: string): NumberCursor {
    const hit = this.memo?.cursors.get(prefix);
    if (hit?.day === day) return { ...hit.cursor };
    const r = this.stmts.numberCursor!.get(day, prefix) as Row | undefined;
    return r ? { next: Number(r.next), leaseNext: Number(r.lease_next) } : { next: 1, leaseNext: 0 };
  }
  saveNumberCursor(day: string, prefix: string, cursor: NumberCursor) {
    // Outside a transaction there is no commit to hold the write for.
    if (!this.memo || !this.db.inTransaction) {
      this.writeNumberCursor(day, prefix, cursor);
      this.memo?.cursors.set(prefix, { day, cursor: { ...cursor } });
      return;
    }
    // The writer writes a prefix's cursor once per commit, not once per ticket (see flushHeld).
    this.memo.cursors.set(prefix, { day, cursor: { ...cursor } });
    this.held.set(`${day}\n${prefix}`, { day, prefix, cursor: { ...cursor } });
    this.heldCount += 1;
  }
  private writeNumberCursor(day: string, prefix: string, cursor: NumberCursor): void {
    if (this.stmts.updateNumberCursor!.run(cursor.next, cursor.leaseNext, day, prefix).changes === 0) {
      this.stmts.insertNumberCursor!.run(day, prefix, cursor.next, cursor.leaseNext);
    }
  }
  /** Writes held back since the last flush (the commit queue flushes them before each commit and savepoint end). */
  private readonly held = new Map<string, { day: string; prefix: string; cursor: NumberCursor }>();
  private heldCount = 0;
  /** How many writes were ever held back: an operation that held one back has written. */
  heldWrites(): number {
    return this.heldCount;
  }
  flushHeld(): void {
    for (const { day, prefix, cursor } of this.held.values()) this.writeNumberCursor(day, prefix, cursor);
    this.held.clear();
  }
  staleTickets(day: string) {
    return (this.stmts.staleTickets!.all(day) as Row[]).map(ticketFrom);
  }
  forgetPersonHashesBefore(day: string) {
    return this.stmts.forgetPersonHashes!.run(day).changes + this.stmts.forgetAppointmentHashes!.run(day).changes;
  }

  findIdempotency(principal: string, key: string, since: string): IdempotencyRecord | undefined {
    if (!this.memo) {
      return this.one('findIdempotency', (r) => ({ principal, key, fingerprint: str(r.idempotency_fingerprint), ticketId: str(r.id) }), since, principal, key);
    }
    const found = this.keptKeys(this.memo, since).get(keyHash(principal, key));
    if (found === undefined) return undefined;
    for (const rowid of typeof found === 'number' ? [found] : found) {
      const r = this.stmts.keyedTicket!.get(rowid) as Row | undefined;
      if (r && r.issued_by === principal && r.idempotency_key === key && str(r.day) >= since) {
        return { principal, key, fingerprint: str(r.idempotency_fingerprint), ticketId: str(r.id) };
      }
    }
    return undefined;
  }
  private keptKeys(memo: NonNullable<SqliteQueueStore['memo']>, since: string): Map<number, number | number[]> {
    // A new day reads the kept days again: once a day, and the days before fall out.
    if (memo.keys?.since === since) return memo.keys.byHash;
    const byHash = new Map<number, number | number[]>();
    for (const r of this.stmts.keptKeys!.all(since) as Row[]) addKey(byHash, keyHash(str(r.issued_by), str(r.idempotency_key)), Number(r.rowid));
    memo.keys = { since, byHash };
    return byHash;
  }
  pruneIdempotencyBefore(day: string) {
    // The writer remembers how far it pruned, so the daily prune reads one day of tickets, not all of them.
    const from = this.memo?.keysPrunedBefore ?? '';
    const changes = from < day ? this.stmts.pruneIdempotency!.run(from, day).changes : 0;
    if (this.memo) this.memo.keysPrunedBefore = day > from ? day : from;
    return changes;
  }

  getAppointment(id: string) {
    return this.one('getAppointment', appointmentFrom, id);
  }
  getAppointmentByCode(code: string) {
    return this.one('getAppointmentByCode', appointmentFrom, code);
  }
  bookedAppointmentsFor(personHash: string, day: string) {
    return (this.stmts.bookedAppointmentsFor!.all(personHash, day) as Row[]).map(appointmentFrom);
  }
  insertAppointment(a: AppointmentRecord) {
    this.stmts.insertAppointment!.run({
      id: a.id,
      code: a.code,
      service_id: a.serviceId,
      day: a.day,
      window_start: a.windowStart,
      window_end: a.windowEnd,
      person_hash: a.personHash,
      masked_id_number: a.maskedIdNumber,
      masked_name: a.maskedName,
      status: a.status,
      ticket_id: a.ticketId,
      created_by: a.createdBy,
      created_at: a.createdAt,
    });
  }
  updateAppointment(a: AppointmentRecord) {
    this.stmts.updateAppointment!.run({ id: a.id, status: a.status, ticket_id: a.ticketId });
  }

  getRating(ticketId: string) {
    return this.one(
      'getRating',
      (r): RatingRecord => ({
        ticketId: str(r.ticket_id),
        level: Number(r.level),
        comment: strOrNull(r.comment),
        tags: JSON.parse(str(r.tags)) as string[],
        channel: r.channel as RatingRecord['channel'],
        serviceId: str(r.service_id),
        counterId: strOrNull(r.counter_id),
        staffUserId: strOrNull(r.staff_user_id),
        ratedBy: str(r.rated_by),
        at: Number(r.at),
      }),
      ticketId,
    );
  }
  insertRating(r: RatingRecord) {
    this.stmts.insertRating!.run({ ...r, tags: JSON.stringify(r.tags) });
  }
  getFollowUp(id: string) {
    return this.one('getFollowUp', followUpFrom, id);
  }
  insertFollowUp(f: FollowUpRecord) {
    this.stmts.insertFollowUp!.run({ ...f, tags: JSON.stringify(f.tags) });
  }
  updateFollowUp(f: FollowUpRecord) {
    this.stmts.updateFollowUp!.run({
      id: f.id,
      status: f.status,
      resolvedAt: f.resolvedAt,
      resolvedBy: f.resolvedBy,
      resolutionNote: f.resolutionNote,
      phoneSealed: f.phoneSealed,
      phoneMasked: f.phoneMasked,
    });
  }

  appendEvent(type: string, at: string, data: unknown, json = JSON.stringify(data)): EventRecord {
    const seq = Number(this.stmts.appendEvent!.run(type, at, json).lastInsertRowid);
    this.appended.push(eventWire(seq, type, at, json));
    return { seq, type, at, data };
  }
  lastSeq() {
    return Number((this.stmts.lastSeq!.get() as Row).seq);
  }
}
