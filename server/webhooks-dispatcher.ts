// Outbound webhooks in two halves. On the writer thread, `WebhookOutbox` turns the events of each group commit into
// deliveries in the same transaction (so a delivery exists exactly when its event does, and survives any crash). On the
// main thread, `WebhookDispatcher` sends what is due, signed, a few at a time per subscription, and records each attempt
// through the writer; ticket issue only pays for the outbox rows of the events someone subscribed to.
import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes } from 'node:crypto';
import type { QueueEngine } from '../core/engine.ts';
import type { EventWire } from '../core/model.ts';
import { uuidv7 } from '../core/uuid.ts';
import {
  DELIVERY_TIMEOUT_MS,
  PER_SUBSCRIPTION_CONCURRENCY,
  SECRET_PREFIX,
  SOURCE_EVENTS,
  deliveryBody,
  nextAttemptAt,
  payloadOf,
  ticketPayload,
  type NewDelivery,
} from '../core/webhooks.ts';
import type { Db } from '../db/database.ts';
import { WebhookStore, type AttemptResult, type DeliveryRow, type StoredSubscription } from '../db/webhook-store.ts';
import type { RunCommand } from './commands.ts';

const HOUR = 3_600_000;

// ── secrets ─────────────────────────────────────────────────────────────────────────────────────────────────────
// The hall must sign with the secret, so it keeps it, sealed (AES-256-GCM) under a key derived from the person-hash
// key, which lives outside the database: a copied database file gives no one the power to forge a delivery.

const SECRET_INFO = 'hall webhook secret v1';
const secretKeys = new Map<string, Buffer>();
function secretKey(personKeyBase64: string): Buffer {
  let key = secretKeys.get(personKeyBase64);
  if (!key) secretKeys.set(personKeyBase64, (key = Buffer.from(hkdfSync('sha256', Buffer.from(personKeyBase64, 'base64'), Buffer.alloc(0), SECRET_INFO, 32))));
  return key;
}

export const newWebhookSecret = (): string => `${SECRET_PREFIX}${randomBytes(32).toString('base64url')}`;

export function sealSecret(personKeyBase64: string, subscriptionId: string, secret: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', secretKey(personKeyBase64), iv);
  cipher.setAAD(Buffer.from(subscriptionId));
  const body = Buffer.concat([cipher.update(secret, 'utf8'), cipher.final()]);
  return `v1.${Buffer.concat([iv, body, cipher.getAuthTag()]).toString('base64url')}`;
}

export function openSecret(personKeyBase64: string, subscriptionId: string, sealed: string): string {
  const raw = Buffer.from(sealed.slice(3), 'base64url');
  const decipher = createDecipheriv('aes-256-gcm', secretKey(personKeyBase64), raw.subarray(0, 12));
  decipher.setAAD(Buffer.from(subscriptionId));
  decipher.setAuthTag(raw.subarray(raw.length - 16));
  return Buffer.concat([decipher.update(raw.subarray(12, raw.length - 16)), decipher.final()]).toString('utf8');
}

/** `v1=<hex HMAC-SHA256 of "<timestamp>.<body>">`, keyed with the subscription's secret (docs/hall-api.md). */
export function webhookSignature(secret: string, timestamp: number, body: string): string {
  return `v1=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

// ── the writer thread's half ────────────────────────────────────────────────────────────────────────────────────

/** The writer thread's outbox: deliveries for the events of the batch being committed, inside its transaction. */
export class WebhookOutbox {
  readonly store: WebhookStore;
  private subs: StoredSubscription[] | null = null;
  private wanted = new Set<string>();
  private changedInBatch = false;

  constructor(
    db: Db,
    private readonly engine: QueueEngine,
  ) {
    this.store = new WebhookStore(db);
  }

  /** A subscription was made or changed in this batch: read them again now, and after the commit (or rollback). */
  changed(): void {
    this.subs = null;
    this.changedInBatch = true;
  }

  /** Called after every commit or rollback. */
  settled(): void {
    if (this.changedInBatch) this.subs = null;
    this.changedInBatch = false;
  }

  private active(): StoredSubscription[] {
    if (this.subs === null) {
      this.subs = this.store.subscriptions().filter((s) => !s.disabled);
      this.wanted = new Set(this.subs.flatMap((s) => s.events));
    }
    return this.subs;
  }

  /** Runs at the end of each batch transaction, before its commit. */
  beforeCommit(events: readonly EventWire[]): void {
    const subs = this.active();
    if (subs.length === 0) return;
    const now = Date.now();
    const near = this.wanted.has('ticket.near') ? subs.filter((s) => s.events.includes('ticket.near')) : [];
    let nearServices: Map<string, { at: string; ms: number }> | null = null;
    for (const e of events) {
      const source = SOURCE_EVENTS[e.type];
      const nearSource = near.length > 0 && (e.type === 'ticket.called' || e.type === 'ticket.issued' || e.type === 'ticket.transferred');
      if (!nearSource && (source === undefined || !this.wanted.has(source))) continue;
      const record = JSON.parse(e.json) as { at: string; data: Record<string, unknown> };
      if (nearSource) {
        const serviceId = (record.data.ticket as { serviceId?: string } | undefined)?.serviceId;
        if (serviceId) (nearServices ??= new Map()).set(serviceId, { at: record.at, ms: Date.parse(record.at) });
      }
      if (source === undefined || !this.wanted.has(source)) continue;
      const payload = payloadOf(e.type, record.data);
      if (!payload) continue;
      for (const s of subs) {
        if (!s.events.includes(payload.type)) continue;
        const id = uuidv7(now);
        this.store.insertDelivery(
          { id, subscriptionId: s.id, type: payload.type, body: deliveryBody(id, payload.type, record.at, payload.data), dedupe: null },
          now,
        );
      }
    }
    if (nearServices) for (const [serviceId, when] of nearServices) this.nearTickets(serviceId, when, near, now);
  }

  /** ticket.near, once per ticket per subscription, to the waiting tickets with at most `nearAhead` ahead of them. */
  private nearTickets(serviceId: string, when: { at: string; ms: number }, subs: readonly StoredSubscription[], now: number): void {
    const most = Math.max(...subs.map((s) => s.nearAhead));
    const waiting = this.engine.store.waitingIn([serviceId], this.engine.today(when.ms));
    // Waiting lists are in arrival order; lanes may move a ticket a few places, so a few more than N are looked at.
    for (const candidate of waiting.slice(0, 2 * most + 2)) {
      const ticket = this.engine.store.getTicket(candidate.id);
      if (!ticket) continue;
      const { ahead } = this.engine.estimate(ticket, when.ms, waiting);
      for (const s of subs) {
        if (ahead > s.nearAhead) continue;
        const id = uuidv7(now);
        const data = { ticket: ticketPayload(this.engine.ticketView(ticket, when.ms, false)), ahead };
        this.store.insertDelivery(
          { id, subscriptionId: s.id, type: 'ticket.near', body: deliveryBody(id, 'ticket.near', when.at, data), dedupe: `near:${ticket.id}` },
          now,
        );
      }
    }
  }

  /** appointment.reminder a day before (from 24 h to 2 h ahead) and an hour before; once each per appointment. */
  reminders(hallNow: number): number {
    const subs = this.active().filter((s) => s.events.includes('appointment.reminder'));
    if (subs.length === 0) return 0;
    const now = Date.now();
    let made = 0;
    for (const a of this.store.bookedBetween(hallNow, hallNow + 24 * HOUR)) {
      const left = a.windowStart - hallNow;
      const kind = left <= HOUR ? 'hour' : left > 2 * HOUR ? 'day' : null;
      if (kind === null) continue;
      const view = this.engine.appointmentView(a);
      const data = {
        appointment: {
          id: view.id,
          code: view.code,
          serviceId: view.serviceId,
          windowStart: view.windowStart,
          windowEnd: view.windowEnd,
          maskedName: view.maskedName,
        },
        before: kind,
      };
      for (const s of subs) {
        const id = uuidv7(now);
        const made1 = this.store.insertDelivery(
          {
            id,
            subscriptionId: s.id,
            type: 'appointment.reminder',
            body: deliveryBody(id, 'appointment.reminder', this.engine.iso(hallNow), data),
            dedupe: `reminder:${a.id}:${kind}`,
          },
          now,
        );
        if (made1) made++;
      }
    }
    return made;
  }

  /** The manager's test: one delivery of `webhook.ping` to one subscription. */
  ping(subscriptionId: string, at: string): NewDelivery {
    const now = Date.now();
    const id = uuidv7(now);
    const delivery = { id, subscriptionId, type: 'webhook.ping', body: deliveryBody(id, 'webhook.ping', at, { subscriptionId }), dedupe: null };
    this.store.insertDelivery(delivery, now);
    return delivery;
  }
}

// ── the main thread's half ──────────────────────────────────────────────────────────────────────────────────────

export interface DispatcherOptions {
  db: Db;
  run: RunCommand;
  personKeyBase64: string;
  log: (line: string) => void;
  /** Real time, for retries. */
  now?: () => number;
  /** How often reminders are looked for. */
  reminderEveryMs?: number;
  /** The first retry's wait (BACKOFF_BASE_MS unless set). */
  retryBaseMs?: number | undefined;
}

const DUE_PAGE = 200;
const IDLE_POLL_MS = 5_000;

/** Sends due deliveries from the outbox and records every attempt; lives on the main thread, off the writer's path. */
export class WebhookDispatcher {
  private readonly store: WebhookStore;
  private readonly now: () => number;
  private readonly inFlight = new Set<string>();
  private readonly perSubscription = new Map<string, number>();
  private results: AttemptResult[] = [];
  private flushChain: Promise<void> = Promise.resolve();
  private scheduled = false;
  private timer: NodeJS.Timeout | null = null;
  private reminderTimer: NodeJS.Timeout | null = null;
  private stopped = false;
  private readonly sends = new Set<Promise<void>>();

  constructor(private readonly options: DispatcherOptions) {
    this.store = new WebhookStore(options.db);
    this.now = options.now ?? Date.now;
  }

  start(): void {
    this.nudge();
    const every = this.options.reminderEveryMs ?? 60_000;
    this.reminderTimer = setInterval(() => void this.options.run('webhookReminders').then((n) => n > 0 && this.nudge()), every);
    this.reminderTimer.unref();
  }

  /** Something may have become due (a commit with events, a replay): look at once. */
  nudge(): void {
    if (this.scheduled || this.stopped) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      this.pump();
    });
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    if (this.reminderTimer) clearInterval(this.reminderTimer);
    await Promise.allSettled([...this.sends]);
    await this.flush();
  }

  private pump(): void {
    if (this.stopped) return;
    const now = this.now();
    const subs = new Map<string, StoredSubscription>();
    for (const row of this.store.due(now, DUE_PAGE)) {
      if (this.inFlight.has(row.id)) continue;
      let sub = subs.get(row.subscriptionId);
      if (!sub) {
        const found = this.store.subscription(row.subscriptionId);
        if (!found) continue;
        subs.set(found.id, (sub = found));
      }
      // A disabled subscription's deliveries wait, kept, until it is enabled again.
      if (sub.disabled) continue;
      const busy = this.perSubscription.get(sub.id) ?? 0;
      if (busy >= PER_SUBSCRIPTION_CONCURRENCY) continue;
      this.perSubscription.set(sub.id, busy + 1);
      this.inFlight.add(row.id);
      const sending = this.send(sub, row);
      this.sends.add(sending);
      void sending.finally(() => this.sends.delete(sending));
    }
    this.wakeAt(this.store.nextDueAt());
  }

  private wakeAt(at: number | null): void {
    if (this.timer) clearTimeout(this.timer);
    const wait = Math.min(IDLE_POLL_MS, Math.max(10, (at ?? Infinity) - this.now()));
    this.timer = setTimeout(() => this.pump(), wait);
    this.timer.unref();
  }

  private async send(sub: StoredSubscription, row: DeliveryRow): Promise<void> {
    let status: number | null = null;
    let error: string | null = null;
    try {
      const secret = openSecret(this.options.personKeyBase64, sub.id, sub.secretSealed);
      const timestamp = Math.floor(this.now() / 1000);
      const response = await fetch(sub.url, {
        method: 'POST',
        body: row.body,
        redirect: 'manual',
        signal: AbortSignal.timeout(DELIVERY_TIMEOUT_MS),
        headers: {
          'content-type': 'application/json; charset=utf-8',
          'user-agent': 'hall-webhooks/1',
          'hall-webhook-id': row.id,
          'hall-webhook-timestamp': String(timestamp),
          'hall-webhook-signature': webhookSignature(secret, timestamp, row.body),
        },
      });
      status = response.status;
      // Only the status counts; the body is read and dropped so the connection can be reused.
      await response.arrayBuffer().catch(() => undefined);
      if (status < 200 || status > 299) error = `HTTP ${status}`;
    } catch (e) {
      const cause = (e as { cause?: { code?: string; message?: string } }).cause;
      error = (cause?.code ?? cause?.message ?? (e instanceof Error ? e.message : String(e))).slice(0, 200);
    }
    const at = this.now();
    const delivered = error === null;
    this.results.push({
      id: row.id,
      at,
      status,
      error,
      delivered,
      nextAt: delivered ? null : nextAttemptAt(row.attempts + 1, row.retrySince, at, this.options.retryBaseMs),
    });
    void this.flush().finally(() => {
      this.inFlight.delete(row.id);
      this.perSubscription.set(sub.id, (this.perSubscription.get(sub.id) ?? 1) - 1);
      this.nudge();
    });
  }

  /** Attempts go to the writer in batches: whatever arrived while the last command was on its way goes in one. */
  private flush(): Promise<void> {
    const next = this.flushChain.then(async () => {
      if (this.results.length === 0) return;
      const batch = this.results;
      this.results = [];
      try {
        await this.options.run('webhookAttempts', batch);
      } catch (e) {
        // Unrecorded attempts are made again later with the same id: at least once, never lost.
        this.options.log(`recording webhook attempts failed: ${String(e)}`);
      }
    });
    this.flushChain = next;
    return next;
  }
}
