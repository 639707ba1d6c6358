// Online booking's tables (migration 21): rules, a day's exceptions, slot holds, no-shows, and bookings as rows of
// `appointments` (so the kiosk's check-in by code or ID card finds them as it finds an integrator's).
import type { AppointmentDay, AppointmentRules } from '../core/bookings.ts';
import type { AppointmentStatus } from '../core/model.ts';
import type { Statement } from 'better-sqlite3';
import type { Db } from './database.ts';

export type BookingSource = 'phone' | 'integrator' | 'import';

export interface BookingRow {
  id: string;
  code: string;
  serviceId: string;
  day: string;
  windowStart: number;
  windowEnd: number;
  personHash: string | null;
  maskedIdNumber: string | null;
  maskedName: string | null;
  status: AppointmentStatus;
  ticketId: string | null;
  createdBy: string;
  createdAt: number;
  source: BookingSource;
  phoneSealed: string | null;
  phoneMasked: string | null;
  cancelReason: string | null;
  endedAt: number | null;
}

type Row = Record<string, unknown>;

const bookingOf = (r: Row): BookingRow => ({
  id: r.id as string,
  code: r.code as string,
  serviceId: r.service_id as string,
  day: r.day as string,
  windowStart: r.window_start as number,
  windowEnd: r.window_end as number,
  personHash: (r.person_hash as string | null) ?? null,
  maskedIdNumber: (r.masked_id_number as string | null) ?? null,
  maskedName: (r.masked_name as string | null) ?? null,
  status: r.status as AppointmentStatus,
  ticketId: (r.ticket_id as string | null) ?? null,
  createdBy: r.created_by as string,
  createdAt: r.created_at as number,
  source: r.source as BookingSource,
  phoneSealed: (r.phone_sealed as string | null) ?? null,
  phoneMasked: (r.phone_masked as string | null) ?? null,
  cancelReason: (r.cancel_reason as string | null) ?? null,
  endedAt: (r.ended_at as number | null) ?? null,
});

/** Every booking but a cancelled one takes its place in the slot. */
const HOLDS_PLACE = "status != 'cancelled'";

export class BookingStore {
  private readonly statements = new Map<string, Statement>();
  constructor(private readonly conn: Db) {}

  /** Each statement prepared once per connection. */
  private q(sql: string): Statement {
    let st = this.statements.get(sql);
    if (!st) this.statements.set(sql, (st = this.conn.prepare(sql)));
    return st;
  }

  rules(serviceId: string): AppointmentRules | undefined {
    const r = this.q('SELECT rules FROM appointment_rules WHERE service_id = ?').get(serviceId) as { rules: string } | undefined;
    return r ? (JSON.parse(r.rules) as AppointmentRules) : undefined;
  }

  allRules(): Map<string, AppointmentRules> {
    const rows = this.q('SELECT service_id, rules FROM appointment_rules').all() as { service_id: string; rules: string }[];
    return new Map(rows.map((r) => [r.service_id, JSON.parse(r.rules) as AppointmentRules]));
  }

  putRules(serviceId: string, rules: AppointmentRules, now: number): void {
    this.q(
      'INSERT INTO appointment_rules (service_id, rules, updated_at) VALUES (?, ?, ?) ON CONFLICT (service_id) DO UPDATE SET rules = excluded.rules, updated_at = excluded.updated_at',
    ).run(serviceId, JSON.stringify(rules), now);
  }

  dayException(serviceId: string, day: string): AppointmentDay | undefined {
    const r = this.q('SELECT * FROM appointment_days WHERE service_id = ? AND day = ?').get(serviceId, day) as Row | undefined;
    return r
      ? { serviceId, day, closed: r.closed === 1, reason: (r.reason as string | null) ?? null, capacityPerSlot: (r.capacity_per_slot as number | null) ?? null }
      : undefined;
  }

  putDayException(d: AppointmentDay): void {
    if (!d.closed && d.capacityPerSlot === null) {
      this.q('DELETE FROM appointment_days WHERE service_id = ? AND day = ?').run(d.serviceId, d.day);
      return;
    }
    this.q(
      `INSERT INTO appointment_days (service_id, day, closed, reason, capacity_per_slot) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT (service_id, day) DO UPDATE SET closed = excluded.closed, reason = excluded.reason, capacity_per_slot = excluded.capacity_per_slot`,
    ).run(d.serviceId, d.day, d.closed ? 1 : 0, d.reason, d.capacityPerSlot);
  }

  /** Places taken in each slot of a service's day: bookings, and holds not yet expired (but `exceptHold`). */
  takenOn(serviceId: string, from: number, to: number, now: number, exceptHold: string | null = null): Map<number, number> {
    const taken = new Map<number, number>();
    const booked = this.q(
      `SELECT window_start AS s, COUNT(*) AS n FROM appointments WHERE service_id = ? AND window_start >= ? AND window_start < ? AND ${HOLDS_PLACE} GROUP BY window_start`,
    ).all(serviceId, from, to) as { s: number; n: number }[];
    const held = this.q(
      'SELECT slot_start AS s, COUNT(*) AS n FROM slot_holds WHERE service_id = ? AND slot_start >= ? AND slot_start < ? AND expires_at > ? AND id IS NOT ? GROUP BY slot_start',
    ).all(serviceId, from, to, now, exceptHold) as { s: number; n: number }[];
    for (const { s, n } of [...booked, ...held]) taken.set(s, (taken.get(s) ?? 0) + n);
    return taken;
  }

  hold(id: string, serviceId: string, slotStart: number, expiresAt: number): void {
    this.q('INSERT INTO slot_holds (id, service_id, slot_start, expires_at) VALUES (?, ?, ?, ?)').run(id, serviceId, slotStart, expiresAt);
  }

  holdById(id: string): { serviceId: string; slotStart: number; expiresAt: number } | undefined {
    const r = this.q('SELECT service_id, slot_start, expires_at FROM slot_holds WHERE id = ?').get(id) as Row | undefined;
    return r ? { serviceId: r.service_id as string, slotStart: r.slot_start as number, expiresAt: r.expires_at as number } : undefined;
  }

  releaseHold(id: string): void {
    this.q('DELETE FROM slot_holds WHERE id = ?').run(id);
  }

  pruneHolds(now: number): number {
    return this.q('DELETE FROM slot_holds WHERE expires_at <= ?').run(now).changes;
  }

  personHasBooking(personHash: string, serviceId: string, day: string): boolean {
    return (
      this.q("SELECT 1 FROM appointments WHERE person_hash = ? AND service_id = ? AND day = ? AND status IN ('booked', 'checked_in') LIMIT 1").get(
        personHash,
        serviceId,
        day,
      ) !== undefined
    );
  }

  /** A service's appointments of a day still to come (`booked`) and already checked in. */
  countsOn(serviceId: string, day: string): { booked: number; checkedIn: number } {
    const r = this.q(
      "SELECT COUNT(*) FILTER (WHERE status = 'booked') AS booked, COUNT(*) FILTER (WHERE status = 'checked_in') AS checked_in FROM appointments WHERE service_id = ? AND day = ?",
    ).get(serviceId, day) as { booked: number; checked_in: number };
    return { booked: r.booked, checkedIn: r.checked_in };
  }

  insert(b: BookingRow): void {
    this.q(
      `INSERT INTO appointments (id, code, service_id, day, window_start, window_end, person_hash, masked_id_number, masked_name, status, ticket_id,
           created_by, created_at, source, phone_sealed, phone_masked, cancel_reason, ended_at)
         VALUES (@id, @code, @serviceId, @day, @windowStart, @windowEnd, @personHash, @maskedIdNumber, @maskedName, @status, @ticketId,
           @createdBy, @createdAt, @source, @phoneSealed, @phoneMasked, @cancelReason, @endedAt)`,
    ).run(b);
  }

  codeTaken(code: string): boolean {
    return this.q('SELECT 1 FROM appointments WHERE code = ?').get(code) !== undefined;
  }

  byCode(code: string): BookingRow | undefined {
    const r = this.q('SELECT * FROM appointments WHERE code = ?').get(code) as Row | undefined;
    return r ? bookingOf(r) : undefined;
  }

  byId(id: string): BookingRow | undefined {
    const r = this.q('SELECT * FROM appointments WHERE id = ?').get(id) as Row | undefined;
    return r ? bookingOf(r) : undefined;
  }

  /** A service's (or every service's) bookings of a day, in slot order. */
  onDay(day: string, serviceId: string | null): BookingRow[] {
    const rows = serviceId
      ? this.q('SELECT * FROM appointments WHERE day = ? AND service_id = ? ORDER BY window_start, created_at').all(day, serviceId)
      : this.q('SELECT * FROM appointments WHERE day = ? ORDER BY window_start, created_at').all(day);
    return (rows as Row[]).map(bookingOf);
  }

  end(id: string, status: 'cancelled' | 'no_show', reason: string | null, now: number): void {
    this.q('UPDATE appointments SET status = ?, cancel_reason = ?, ended_at = ? WHERE id = ?').run(status, reason, now, id);
  }

  move(id: string, windowStart: number, windowEnd: number, day: string): void {
    this.q('UPDATE appointments SET window_start = ?, window_end = ?, day = ? WHERE id = ?').run(windowStart, windowEnd, day, id);
  }

  /** Booked and never checked in, with a window that ended before `before`. */
  missed(before: number): BookingRow[] {
    return (this.q("SELECT * FROM appointments WHERE status = 'booked' AND window_end < ? ORDER BY window_end").all(before) as Row[]).map(bookingOf);
  }

  recordNoShow(personHash: string, day: string, appointmentId: string): void {
    this.q('INSERT OR IGNORE INTO booking_no_shows (person_hash, day, appointment_id) VALUES (?, ?, ?)').run(personHash, day, appointmentId);
  }

  noShowDays(personHash: string, since: string): string[] {
    return (this.q('SELECT day FROM booking_no_shows WHERE person_hash = ? AND day > ? ORDER BY day').all(personHash, since) as { day: string }[]).map(
      (r) => r.day,
    );
  }

  pruneNoShows(before: string): number {
    return this.q('DELETE FROM booking_no_shows WHERE day < ?').run(before).changes;
  }

  /** Phones are kept for reminders and check-in only: sealed and masked forms go once their day has passed. */
  forgetPhonesBefore(day: string): number {
    return this.q(
      'UPDATE appointments SET phone_sealed = NULL, phone_masked = NULL WHERE day < ? AND (phone_sealed IS NOT NULL OR phone_masked IS NOT NULL)',
    ).run(day).changes;
  }
}

const stores = new WeakMap<Db, BookingStore>();
export function bookingStoreOf(db: Db): BookingStore {
  let store = stores.get(db);
  if (!store) stores.set(db, (store = new BookingStore(db)));
  return store;
}
