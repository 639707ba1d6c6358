// The kiosk agent's own SQLite file: tickets it issued, the outbox of operations for the hall server, number leases.
import type { ClosureView } from '../../core/hall-calendar.ts';
import type { SyncConfig } from '../../client/hall-client.ts';
import type { PriorityReason } from '../../core/model.ts';
import type { LeaseView, SyncOp, SyncResult } from '../../core/sync.ts';
import { openDatabase, type Db } from '../../db/database.ts';

/** Numbered like the hall's: never edit one that shipped, append a new one. */
export const AGENT_MIGRATIONS: readonly string[] = [
  `
  CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
  CREATE TABLE tickets (
    id TEXT PRIMARY KEY,
    seq INTEGER NOT NULL UNIQUE,
    day TEXT NOT NULL,
    service_id TEXT NOT NULL,
    service_name TEXT NOT NULL,
    number TEXT,
    state TEXT NOT NULL,
    issued_at INTEGER NOT NULL,
    priority_reason TEXT,
    appointment INTEGER NOT NULL DEFAULT 0,
    person_hash TEXT,
    masked_id_number TEXT,
    masked_name TEXT,
    ahead INTEGER,
    estimated_wait_seconds INTEGER,
    refusal TEXT
  );
  CREATE INDEX tickets_person ON tickets (person_hash, service_id, day);
  CREATE TABLE outbox (
    seq INTEGER PRIMARY KEY,
    kind TEXT NOT NULL,
    op TEXT NOT NULL,
    state TEXT NOT NULL,
    result TEXT,
    created_at INTEGER NOT NULL
  );
  CREATE INDEX outbox_state ON outbox (state, seq);
  CREATE TABLE leases (
    id TEXT PRIMARY KEY,
    day TEXT NOT NULL,
    prefix TEXT NOT NULL,
    first INTEGER NOT NULL,
    last INTEGER NOT NULL,
    next INTEGER NOT NULL
  );
  CREATE TABLE fallback_counters (day TEXT NOT NULL, prefix TEXT NOT NULL, next INTEGER NOT NULL, PRIMARY KEY (day, prefix));
  `,
  /* 2: offline waiting figures count the day's tickets per service; old days are pruned */ `
  CREATE INDEX tickets_by_service ON tickets (service_id, issued_at);
  CREATE INDEX tickets_by_day ON tickets (day);
  `,
  /* 3: kiosks hold no hall secret: hashes made with the hall's key go (the kiosk's own key counts from now), and queued
     operations lose the protocol-1 personHash so the hall server still takes the printed tickets */ `
  UPDATE tickets SET person_hash = NULL;
  UPDATE outbox SET op = json_remove(op, '$.personHash') WHERE kind = 'ticket.issue';
  `,
];

/**
 * issuing: committed, the hall server was asked and has not answered yet (or the agent died meanwhile);
 * online: numbered by the hall server; offline: numbered from the lease or the fallback scheme;
 * refused: the hall server said no (nothing printed); abandoned: the agent died before printing and the hall server never had it.
 */
export type TicketState = 'issuing' | 'online' | 'offline' | 'refused' | 'abandoned';

/**
 * held: written with its ticket while the hall server is asked directly (not pushed unless that fails);
 * pending: to push; applied / rejected: the hall server answered; void: nothing to push (refused or answered online).
 */
export type OutboxState = 'held' | 'pending' | 'applied' | 'rejected' | 'void';

export interface LocalTicket {
  id: string;
  seq: number;
  day: string;
  serviceId: string;
  serviceName: string;
  number: string | null;
  state: TicketState;
  issuedAt: number;
  priorityReason: PriorityReason | null;
  appointment: boolean;
  personHash: string | null;
  maskedIdNumber: string | null;
  maskedName: string | null;
  ahead: number | null;
  estimatedWaitSeconds: number | null;
  refusal: string | null;
}

export interface OutboxRow {
  seq: number;
  op: SyncOp;
  state: OutboxState;
}

/** Last queue figures fetched from the hall server, shown (marked stale) while it is unreachable. */
export interface QueueFigures {
  asOf: number;
  services: Record<string, { waiting: number; estimatedWaitSeconds: number | null; open: boolean; openCounters?: number; closure?: ClosureView | null }>;
}

/** The sync configuration as kept on disk; a server without ID sealing gives no key (offline tickets then carry no ID number). */
export type StoredConfig = Omit<SyncConfig, 'sealingKey'> & { sealingKey: SyncConfig['sealingKey'] | null };

type Row = Record<string, unknown>;

const toTicket = (r: Row): LocalTicket => ({
  id: r.id as string,
  seq: Number(r.seq),
  day: r.day as string,
  serviceId: r.service_id as string,
  serviceName: r.service_name as string,
  number: (r.number as string | null) ?? null,
  state: r.state as TicketState,
  issuedAt: Number(r.issued_at),
  priorityReason: (r.priority_reason as PriorityReason | null) ?? null,
  appointment: r.appointment === 1,
  personHash: (r.person_hash as string | null) ?? null,
  maskedIdNumber: (r.masked_id_number as string | null) ?? null,
  maskedName: (r.masked_name as string | null) ?? null,
  ahead: r.ahead === null ? null : Number(r.ahead),
  estimatedWaitSeconds: r.estimated_wait_seconds === null ? null : Number(r.estimated_wait_seconds),
  refusal: (r.refusal as string | null) ?? null,
});

export class AgentStore {
  readonly db: Db;

  constructor(file: string) {
    this.db = openDatabase(file, AGENT_MIGRATIONS);
  }

  close(): void {
    this.db.close();
  }

  transaction<T>(fn: () => T): T {
    return this.db.transaction(fn)();
  }

  private meta<T>(key: string): T | null {
    const r = this.db.prepare('SELECT value FROM meta WHERE key = ?').get(key) as Row | undefined;
    return r ? (JSON.parse(r.value as string) as T) : null;
  }

  private setMeta(key: string, value: unknown): void {
    this.db.prepare('INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value').run(key, JSON.stringify(value));
  }

  config(): StoredConfig | null {
    return this.meta<StoredConfig>('config');
  }

  saveConfig(config: StoredConfig): void {
    this.setMeta('config', config);
  }

  queueFigures(): QueueFigures | null {
    return this.meta<QueueFigures>('queue');
  }

  saveQueueFigures(figures: QueueFigures): void {
    this.setMeta('queue', figures);
  }

  lastSyncAt(): number | null {
    return this.meta<number>('lastSyncAt');
  }

  saveLastSyncAt(at: number): void {
    this.setMeta('lastSyncAt', at);
  }

  /**
   * The next (device, seq). A fresh data directory starts at the clock's milliseconds, so a kiosk whose disk was
   * replaced never reuses a seq the hall server already applied (it would answer with the old ticket).
   */
  takeSeq(now: number): number {
    const next = this.meta<number>('nextSeq') ?? Math.max(1, now);
    this.setMeta('nextSeq', next + 1);
    return next;
  }

  // ── tickets ──

  insertTicket(t: LocalTicket): void {
    this.db
      .prepare(
        `INSERT INTO tickets (id, seq, day, service_id, service_name, number, state, issued_at, priority_reason, appointment,
           person_hash, masked_id_number, masked_name, ahead, estimated_wait_seconds, refusal)
         VALUES (@id, @seq, @day, @serviceId, @serviceName, @number, @state, @issuedAt, @priorityReason, @appointment,
           @personHash, @maskedIdNumber, @maskedName, @ahead, @estimatedWaitSeconds, @refusal)`,
      )
      .run({ ...t, appointment: t.appointment ? 1 : 0 });
  }

  updateTicket(t: LocalTicket): void {
    this.db
      .prepare(
        `UPDATE tickets SET day = @day, number = @number, state = @state, issued_at = @issuedAt, priority_reason = @priorityReason,
           appointment = @appointment, masked_id_number = @maskedIdNumber, masked_name = @maskedName, ahead = @ahead,
           estimated_wait_seconds = @estimatedWaitSeconds, refusal = @refusal
         WHERE id = @id`,
      )
      .run({ ...t, appointment: t.appointment ? 1 : 0 });
  }

  ticket(id: string): LocalTicket | undefined {
    const r = this.db.prepare('SELECT * FROM tickets WHERE id = ?').get(id) as Row | undefined;
    return r ? toTicket(r) : undefined;
  }

  ticketsIn(state: TicketState): LocalTicket[] {
    return (this.db.prepare('SELECT * FROM tickets WHERE state = ? ORDER BY seq').all(state) as Row[]).map(toTicket);
  }

  /** Tickets this kiosk gave the person today for the service (the offline per-person limit). */
  personTickets(personHash: string, serviceId: string, day: string): number {
    const r = this.db
      .prepare("SELECT COUNT(*) AS n FROM tickets WHERE person_hash = ? AND service_id = ? AND day = ? AND state IN ('online', 'offline', 'issuing')")
      .get(personHash, serviceId, day) as Row;
    return Number(r.n);
  }

  offlineTicketsSince(serviceId: string, since: number): number {
    const r = this.db.prepare("SELECT COUNT(*) AS n FROM tickets WHERE service_id = ? AND state = 'offline' AND issued_at > ?").get(serviceId, since) as Row;
    return Number(r.n);
  }

  /** Person hashes serve only the day's limit; older ones are dropped like the hall server drops its own. */
  forgetPeopleBefore(day: string): void {
    this.db.prepare('UPDATE tickets SET person_hash = NULL WHERE day < ? AND person_hash IS NOT NULL').run(day);
  }

  /** Tickets of days before `day` and their settled outbox rows; anything not yet applied stays. */
  pruneBefore(day: string): void {
    this.db.prepare("DELETE FROM tickets WHERE day < ? AND seq NOT IN (SELECT seq FROM outbox WHERE state IN ('pending', 'held'))").run(day);
    this.db.prepare("DELETE FROM outbox WHERE state IN ('applied', 'rejected', 'void') AND seq NOT IN (SELECT seq FROM tickets)").run();
  }

  // ── outbox ──

  insertOp(op: SyncOp, state: OutboxState, at: number): void {
    this.db.prepare('INSERT INTO outbox (seq, kind, op, state, created_at) VALUES (?, ?, ?, ?, ?)').run(op.seq, op.kind, JSON.stringify(op), state, at);
  }

  updateOp(op: SyncOp, state: OutboxState): void {
    this.db.prepare('UPDATE outbox SET op = ?, state = ? WHERE seq = ?').run(JSON.stringify(op), state, op.seq);
  }

  /** Once an operation is settled its sealed ID number serves nothing, so it goes. */
  setOpState(seq: number, state: OutboxState, result: SyncResult | null = null): void {
    this.db
      .prepare(
        `UPDATE outbox SET state = @state, result = @result,
           op = CASE WHEN @state IN ('applied', 'rejected', 'void') THEN json_remove(op, '$.sealedIdNumber') ELSE op END
         WHERE seq = @seq`,
      )
      .run({ state, result: result ? JSON.stringify(result) : null, seq });
  }

  pendingOps(limit: number): OutboxRow[] {
    return (this.db.prepare("SELECT seq, op, state FROM outbox WHERE state = 'pending' ORDER BY seq LIMIT ?").all(limit) as Row[]).map((r) => ({
      seq: Number(r.seq),
      op: JSON.parse(r.op as string) as SyncOp,
      state: r.state as OutboxState,
    }));
  }

  /** Operations the hall server has not applied yet, including tickets whose direct answer is awaited. */
  unappliedCount(): number {
    return Number((this.db.prepare("SELECT COUNT(*) AS n FROM outbox WHERE state IN ('pending', 'held')").get() as Row).n);
  }

  opResult(seq: number): { state: OutboxState; result: SyncResult | null } | undefined {
    const r = this.db.prepare('SELECT state, result FROM outbox WHERE seq = ?').get(seq) as Row | undefined;
    return r ? { state: r.state as OutboxState, result: r.result ? (JSON.parse(r.result as string) as SyncResult) : null } : undefined;
  }

  // ── numbers ──

  saveLease(l: LeaseView): void {
    this.db
      .prepare('INSERT OR IGNORE INTO leases (id, day, prefix, first, last, next) VALUES (?, ?, ?, ?, ?, ?)')
      .run(l.id, l.day, l.prefix, l.first, l.last, l.first);
  }

  /** Numbers of the day's leases for the prefix not yet given to a visitor. */
  leaseRemaining(day: string, prefix: string): number {
    const r = this.db.prepare('SELECT COALESCE(SUM(last - next + 1), 0) AS n FROM leases WHERE day = ? AND prefix = ?').get(day, prefix) as Row;
    return Number(r.n);
  }

  /** Takes the lowest unused leased number, or null when the day's leases are used up. */
  takeLeased(day: string, prefix: string): number | null {
    const r = this.db.prepare('SELECT id, next FROM leases WHERE day = ? AND prefix = ? AND next <= last ORDER BY first LIMIT 1').get(day, prefix) as
      Row | undefined;
    if (!r) return null;
    this.db.prepare('UPDATE leases SET next = next + 1 WHERE id = ?').run(r.id);
    return Number(r.next);
  }

  takeFallback(day: string, prefix: string): number {
    const r = this.db
      .prepare('INSERT INTO fallback_counters (day, prefix, next) VALUES (?, ?, 2) ON CONFLICT (day, prefix) DO UPDATE SET next = next + 1 RETURNING next')
      .get(day, prefix) as Row;
    return Number(r.next) - 1;
  }

  dropLeasesBefore(day: string): void {
    this.db.prepare('DELETE FROM leases WHERE day < ?').run(day);
    this.db.prepare('DELETE FROM fallback_counters WHERE day < ?').run(day);
  }
}
