// Outbound webhooks (issue 14): the event types a subscription may ask for, how a hall event becomes a delivery's
// masked payload, the signature of the contract (docs/hall-api.md "Appointments and webhooks") and the retry schedule.
import { z } from 'zod';

/** What a subscription may ask for; `webhook.ping` is the manager's test and goes to its one subscription only. */
export const WEBHOOK_EVENTS = [
  'ticket.issued',
  'ticket.near',
  'ticket.called',
  'appointment.reminder',
  'appointment.cancelled',
  'case.updated',
  'rating.bad',
] as const;
export type WebhookEvent = (typeof WEBHOOK_EVENTS)[number];
export const PING_TYPE = 'webhook.ping';

export const DEFAULT_NEAR_AHEAD = 3;
/** Retries go on at least this long after a delivery was made (the contract asks for 24 h), then it is marked failed. */
export const GIVE_UP_MS = 25 * 3_600_000;
export const BACKOFF_BASE_MS = 2_000;
export const BACKOFF_CAP_MS = 30 * 60_000;
/** Deliveries in flight at once per subscription: a slow receiver is not flooded, nor does it hold up the others. */
export const PER_SUBSCRIPTION_CONCURRENCY = 4;
export const DELIVERY_TIMEOUT_MS = 10_000;

export const WebhookUrl = z
  .string()
  .max(2000)
  .refine((text) => {
    try {
      const url = new URL(text);
      return (url.protocol === 'http:' || url.protocol === 'https:') && url.username === '' && url.password === '';
    } catch {
      return false;
    }
  }, 'an http:// or https:// address without user or password, e.g. https://sms.example.gov.cn/hall-hook');

const Events = z
  .array(z.enum(WEBHOOK_EVENTS))
  .min(1, 'pick at least one event type')
  .max(WEBHOOK_EVENTS.length)
  .transform((list) => [...new Set(list)]);

export const CreateWebhookBody = z.object({
  url: WebhookUrl,
  events: Events,
  /** ticket.near goes to a ticket when this many (or fewer) are ahead of it. */
  nearAhead: z.number().int().min(1).max(50).optional(),
  description: z.string().trim().max(100).optional(),
});
export type CreateWebhookInput = z.output<typeof CreateWebhookBody>;

export const UpdateWebhookBody = z
  .object({
    url: WebhookUrl.optional(),
    events: Events.optional(),
    nearAhead: z.number().int().min(1).max(50).optional(),
    description: z.string().trim().max(100).optional(),
    disabled: z.boolean().optional(),
  })
  .refine((b) => Object.values(b).some((v) => v !== undefined), 'send at least one of url, events, nearAhead, description, disabled');
export type WebhookPatch = z.output<typeof UpdateWebhookBody>;

export const ReplayFailedBody = z.object({ subscriptionId: z.string().max(64).optional() });

export interface WebhookSubscription {
  id: string;
  url: string;
  events: WebhookEvent[];
  nearAhead: number;
  description: string | null;
  disabled: boolean;
  createdAt: number;
  secretRotatedAt: number;
}

export type DeliveryStatus = 'pending' | 'delivered' | 'failed';
export const DELIVERY_STATUSES: readonly DeliveryStatus[] = ['pending', 'delivered', 'failed'];

/** A delivery waiting in the outbox: its body is fixed when it is made, so every retry sends the same bytes and id. */
export interface NewDelivery {
  id: string;
  subscriptionId: string;
  type: string;
  body: string;
  /** At most one delivery per subscription per key (a ticket's ticket.near, an appointment's reminder). */
  dedupe: string | null;
}

/** The body of the contract: `{id, type, at, data}`. */
export const deliveryBody = (id: string, type: string, at: string, data: unknown): string => JSON.stringify({ id, type, at, data });

/** The wait before the next attempt: doubling from 2 s up to 30 min, with "full jitter" over its upper half. */
export function backoffMs(attempts: number, baseMs = BACKOFF_BASE_MS, random: () => number = Math.random): number {
  const ceiling = Math.min(BACKOFF_CAP_MS, baseMs * 2 ** Math.min(attempts - 1, 20));
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}

/** After a failed attempt: when to try again, or null once the delivery has been retried long enough. */
export function nextAttemptAt(attempts: number, retrySince: number, now: number, baseMs = BACKOFF_BASE_MS, random: () => number = Math.random): number | null {
  if (now - retrySince >= GIVE_UP_MS) return null;
  return now + backoffMs(attempts, baseMs, random);
}

interface TicketLike {
  id: string;
  number: string;
  serviceId: string;
  status?: string;
  priority?: boolean;
  appointment?: boolean;
  issuedAt?: string;
  calledAt?: string | null;
  counterId?: string | null;
  maskedName?: string | null;
  maskedIdNumber?: string | null;
}

/** Only masked and non-personal fields of a ticket leave the hall. */
export const ticketPayload = (t: TicketLike) => ({
  id: t.id,
  number: t.number,
  serviceId: t.serviceId,
  status: t.status ?? null,
  priority: t.priority ?? false,
  appointment: t.appointment ?? false,
  issuedAt: t.issuedAt ?? null,
  calledAt: t.calledAt ?? null,
  counterId: t.counterId ?? null,
  maskedName: t.maskedName ?? null,
  maskedIdNumber: t.maskedIdNumber ?? null,
});

const CLEAR_PERSONAL_KEYS = new Set(['name', 'idCardNumber', 'idNumber', 'phone', 'personName', 'personHash', 'phoneSealed', 'comment']);

/** Events of other parts (appointments, cases) pass through with any clear personal field taken out, however deep. */
export function withoutClearPersonalData(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutClearPersonalData);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value as Record<string, unknown>)
      .filter(([k]) => !CLEAR_PERSONAL_KEYS.has(k))
      .map(([k, v]) => [k, withoutClearPersonalData(v)]),
  );
}

/**
 * The webhook type and payload a logged hall event gives, or null when it gives none. ticket.near and
 * appointment.reminder come from the queue and the clock, not from one event (server/webhooks-dispatcher.ts).
 */
export function payloadOf(type: string, data: Record<string, unknown>): { type: WebhookEvent; data: unknown } | null {
  switch (type) {
    case 'ticket.issued':
      return { type, data: { ticket: ticketPayload(data.ticket as TicketLike) } };
    case 'ticket.called': {
      const counter = data.counter as { id: string; number: number; name?: string | null } | undefined;
      return {
        type,
        data: {
          ticket: ticketPayload(data.ticket as TicketLike),
          counter: counter ? { id: counter.id, number: counter.number, name: counter.name ?? null } : null,
        },
      };
    }
    case 'ticket.rated': {
      const level = data.level as number;
      if (level > 2) return null;
      return {
        type: 'rating.bad',
        data: {
          ticketId: data.ticketId,
          number: data.number,
          level,
          tags: data.tags ?? [],
          channel: data.channel ?? null,
          serviceId: data.serviceId ?? null,
          counterId: data.counterId ?? null,
        },
      };
    }
    case 'appointment.cancelled':
    case 'case.updated':
      return { type, data: withoutClearPersonalData(data) };
    default:
      return null;
  }
}

/** Hall event types that may give a delivery of the wanted webhook type. */
export const SOURCE_EVENTS: Record<string, WebhookEvent> = {
  'ticket.issued': 'ticket.issued',
  'ticket.called': 'ticket.called',
  'ticket.rated': 'rating.bad',
  'appointment.cancelled': 'appointment.cancelled',
  'case.updated': 'case.updated',
};

/** A subscription's secret is `whsec_` and 32 random bytes, base64url. */
export const SECRET_PREFIX = 'whsec_';
