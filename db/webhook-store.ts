// Webhook subscriptions and the durable outbox of deliveries (migration 22). The writer thread inserts deliveries in
// the transaction of the event that caused them and records attempts; the main thread reads what is due.
import type { DeliveryStatus, NewDelivery, WebhookEvent, WebhookSubscription } from '../core/webhooks.ts';
import type { AppointmentRecord } from '../core/model.ts';
import type { Db } from './database.ts';

interface SubscriptionRow {
  id: string;
  url: string;
  events: string;
  near_ahead: number;
  description: string | null;
  secret_sealed: string;
  secret_rotated_at: number;
  disabled: number;
  created_at: number;
}

export interface StoredSubscription extends WebhookSubscription {
  secretSealed: string;
}

const subscriptionOf = (r: SubscriptionRow): StoredSubscription => ({
  id: r.id,
  url: r.url,
  events: JSON.parse(r.events) as WebhookEvent[],
  nearAhead: r.near_ahead,
  description: r.description,
  disabled: r.disabled === 1,
  createdAt: r.created_at,
  secretRotatedAt: r.secret_rotated_at,
  secretSealed: r.secret_sealed,
});

export interface DeliveryRow {
  id: string;
  subscriptionId: string;
  type: string;
  body: string;
  status: DeliveryStatus;
  attempts: number;
  nextAt: number;
  lastStatus: number | null;
  lastError: string | null;
  createdAt: number;
  /** Made, or last replayed: retries go on for a day from here. */
  retrySince: number;
  deliveredAt: number | null;
}

interface RawDelivery {
  id: string;
  subscription_id: string;
  type: string;
  body: string;
  status: DeliveryStatus;
  attempts: number;
  next_at: number;
  last_status: number | null;
  last_error: string | null;
  created_at: number;
  retry_since: number;
  delivered_at: number | null;
}

const deliveryOf = (r: RawDelivery): DeliveryRow => ({
  id: r.id,
  subscriptionId: r.subscription_id,
  type: r.type,
  body: r.body,
  status: r.status,
  attempts: r.attempts,
  nextAt: r.next_at,
  lastStatus: r.last_status,
  lastError: r.last_error,
  createdAt: r.created_at,
  retrySince: r.retry_since,
  deliveredAt: r.delivered_at,
});

/** One attempt's outcome: delivered, or failed with the next try (null: given up, marked failed). */
export interface AttemptResult {
  id: string;
  at: number;
  status: number | null;
  error: string | null;
  delivered: boolean;
  nextAt: number | null;
}

export class WebhookStore {
  private readonly stmts;

  constructor(private readonly db: Db) {
    const s = (sql: string) => db.prepare(sql);
    this.stmts = {
      subscriptions: s('SELECT * FROM webhook_subscriptions ORDER BY created_at, id'),
      subscription: s('SELECT * FROM webhook_subscriptions WHERE id = ?'),
      insertSubscription: s(
        `INSERT INTO webhook_subscriptions (id, url, events, near_ahead, description, secret_sealed, secret_rotated_at, disabled, created_at)
         VALUES (@id, @url, @events, @nearAhead, @description, @secretSealed, @createdAt, 0, @createdAt)`,
      ),
      updateSubscription: s(
        'UPDATE webhook_subscriptions SET url = @url, events = @events, near_ahead = @nearAhead, description = @description, disabled = @disabled WHERE id = @id',
      ),
      rotateSecret: s('UPDATE webhook_subscriptions SET secret_sealed = ?, secret_rotated_at = ? WHERE id = ?'),
      insertDelivery: s(
        `INSERT OR IGNORE INTO webhook_deliveries (id, subscription_id, type, body, dedupe, status, attempts, next_at, created_at, retry_since)
         VALUES (?, ?, ?, ?, ?, 'pending', 0, ?, ?, ?)`,
      ),
      due: s("SELECT * FROM webhook_deliveries WHERE status = 'pending' AND next_at <= ? ORDER BY next_at LIMIT ?"),
      nextDue: s("SELECT MIN(next_at) AS at FROM webhook_deliveries WHERE status = 'pending'"),
      delivery: s('SELECT * FROM webhook_deliveries WHERE id = ?'),
      delivered: s(
        "UPDATE webhook_deliveries SET status = 'delivered', attempts = attempts + 1, last_status = ?, last_error = NULL, delivered_at = ? WHERE id = ? AND status = 'pending'",
      ),
      retry: s("UPDATE webhook_deliveries SET attempts = attempts + 1, last_status = ?, last_error = ?, next_at = ? WHERE id = ? AND status = 'pending'"),
      failed: s(
        "UPDATE webhook_deliveries SET status = 'failed', attempts = attempts + 1, last_status = ?, last_error = ? WHERE id = ? AND status = 'pending'",
      ),
      replay: s("UPDATE webhook_deliveries SET status = 'pending', next_at = ?, retry_since = ? WHERE id = ?"),
      replayFailed: s(
        "UPDATE webhook_deliveries SET status = 'pending', next_at = @now, retry_since = @now WHERE status = 'failed' AND subscription_id = @sub",
      ),
      replayAllFailed: s("UPDATE webhook_deliveries SET status = 'pending', next_at = ?, retry_since = ? WHERE status = 'failed'"),
      bookedBetween: s("SELECT * FROM appointments WHERE status = 'booked' AND window_start > ? AND window_start <= ? ORDER BY window_start"),
      counts: s('SELECT subscription_id AS id, status, COUNT(*) AS n FROM webhook_deliveries GROUP BY subscription_id, status'),
    };
  }

  subscriptions(): StoredSubscription[] {
    return (this.stmts.subscriptions.all() as SubscriptionRow[]).map(subscriptionOf);
  }

  subscription(id: string): StoredSubscription | null {
    const row = this.stmts.subscription.get(id) as SubscriptionRow | undefined;
    return row ? subscriptionOf(row) : null;
  }

  insertSubscription(sub: Omit<StoredSubscription, 'disabled' | 'secretRotatedAt'>): void {
    this.stmts.insertSubscription.run({ ...sub, events: JSON.stringify(sub.events) });
  }

  updateSubscription(sub: StoredSubscription): void {
    this.stmts.updateSubscription.run({
      id: sub.id,
      url: sub.url,
      events: JSON.stringify(sub.events),
      nearAhead: sub.nearAhead,
      description: sub.description,
      disabled: sub.disabled ? 1 : 0,
    });
  }

  rotateSecret(id: string, secretSealed: string, now: number): void {
    this.stmts.rotateSecret.run(secretSealed, now, id);
  }

  /** False when the subscription has a delivery with this dedupe key already. */
  insertDelivery(d: NewDelivery, now: number): boolean {
    return this.stmts.insertDelivery.run(d.id, d.subscriptionId, d.type, d.body, d.dedupe, now, now, now).changes === 1;
  }

  due(now: number, limit: number): DeliveryRow[] {
    return (this.stmts.due.all(now, limit) as RawDelivery[]).map(deliveryOf);
  }

  nextDueAt(): number | null {
    return (this.stmts.nextDue.get() as { at: number | null }).at;
  }

  delivery(id: string): DeliveryRow | null {
    const row = this.stmts.delivery.get(id) as RawDelivery | undefined;
    return row ? deliveryOf(row) : null;
  }

  /** Attempts of deliveries still pending; one replayed or marked meanwhile is left as it is. */
  recordAttempts(results: readonly AttemptResult[]): void {
    for (const r of results) {
      if (r.delivered) this.stmts.delivered.run(r.status, r.at, r.id);
      else if (r.nextAt === null) this.stmts.failed.run(r.status, r.error, r.id);
      else this.stmts.retry.run(r.status, r.error, r.nextAt, r.id);
    }
  }

  /** Sends a delivery again with its id and body, retried for another day from now. */
  replay(id: string, now: number): boolean {
    return this.stmts.replay.run(now, now, id).changes === 1;
  }

  replayFailed(subscriptionId: string | null, now: number): number {
    return (subscriptionId === null ? this.stmts.replayAllFailed.run(now, now) : this.stmts.replayFailed.run({ now, sub: subscriptionId })).changes;
  }

  /** Booked appointments starting in (from, to]: the ones a reminder may be due for. */
  bookedBetween(from: number, to: number): AppointmentRecord[] {
    return (this.stmts.bookedBetween.all(from, to) as Record<string, unknown>[]).map((r) => ({
      id: r.id as string,
      code: r.code as string,
      serviceId: r.service_id as string,
      day: r.day as string,
      windowStart: r.window_start as number,
      windowEnd: r.window_end as number,
      personHash: null,
      maskedIdNumber: r.masked_id_number as string | null,
      maskedName: r.masked_name as string | null,
      status: 'booked',
      ticketId: r.ticket_id as string | null,
      createdBy: r.created_by as string,
      createdAt: r.created_at as number,
    }));
  }

  /** Deliveries per subscription and status, for the list. */
  counts(): Map<string, Record<DeliveryStatus, number>> {
    const out = new Map<string, Record<DeliveryStatus, number>>();
    for (const r of this.stmts.counts.all() as { id: string; status: DeliveryStatus; n: number }[]) {
      let c = out.get(r.id);
      if (!c) out.set(r.id, (c = { pending: 0, delivered: 0, failed: 0 }));
      c[r.status] = r.n;
    }
    return out;
  }

  /** The delivery log, newest first, paged by (created_at, id). */
  list(filter: { subscriptionId?: string | undefined; status?: DeliveryStatus | undefined; before?: { at: number; id: string } | undefined; limit: number }) {
    const where: string[] = [];
    const params: unknown[] = [];
    if (filter.subscriptionId) {
      where.push('subscription_id = ?');
      params.push(filter.subscriptionId);
    }
    if (filter.status) {
      where.push('status = ?');
      params.push(filter.status);
    }
    if (filter.before) {
      where.push('(created_at < ? OR (created_at = ? AND id < ?))');
      params.push(filter.before.at, filter.before.at, filter.before.id);
    }
    const sql = `SELECT * FROM webhook_deliveries ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY created_at DESC, id DESC LIMIT ?`;
    return (this.db.prepare(sql).all(...params, filter.limit) as RawDelivery[]).map(deliveryOf);
  }
}
