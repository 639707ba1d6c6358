// Outbound webhooks for the manager (消息推送): subscriptions, their secrets (shown once), a test ping, the delivery
// log and replays. Delivery itself: server/webhooks-dispatcher.ts; the format: docs/hall-api.md.
import { z } from 'zod';
import { invalid, notFound } from '../core/errors.ts';
import { uuidv7 } from '../core/uuid.ts';
import { CreateWebhookBody, DELIVERY_STATUSES, ReplayFailedBody, UpdateWebhookBody, type DeliveryStatus } from '../core/webhooks.ts';
import { WebhookStore, type DeliveryRow, type StoredSubscription } from '../db/webhook-store.ts';
import { route, type RouteDef } from './http.ts';
import { MANAGER, ok, type HallContext } from './routes.ts';
import { newWebhookSecret, sealSecret } from './webhooks-dispatcher.ts';

const DEFAULT_LIMIT = 50;
const MAX_LIMIT = 200;

const encodeCursor = (d: DeliveryRow): string => Buffer.from(`${d.createdAt}.${d.id}`).toString('base64url');
function decodeCursor(text: string): { at: number; id: string } {
  const m = /^(\d{1,16})\.(.{1,64})$/.exec(Buffer.from(text, 'base64url').toString());
  if (!m) throw invalid('cursor', 'not a cursor this list gave out: start again without it');
  return { at: Number(m[1]), id: m[2]! };
}

export function webhookRoutes(hall: HallContext, nudge: () => void): RouteDef[] {
  const { engine, run } = hall;
  const store = new WebhookStore(hall.db);
  const iso = (ms: number | null) => (ms === null ? null : engine.iso(ms));
  const subscriptionView = (s: StoredSubscription, counts = store.counts().get(s.id)) => ({
    id: s.id,
    url: s.url,
    events: s.events,
    nearAhead: s.nearAhead,
    description: s.description,
    disabled: s.disabled,
    createdAt: iso(s.createdAt),
    secretRotatedAt: iso(s.secretRotatedAt),
    deliveries: counts ?? { pending: 0, delivered: 0, failed: 0 },
  });
  const deliveryView = (d: DeliveryRow) => ({
    id: d.id,
    subscriptionId: d.subscriptionId,
    type: d.type,
    status: d.status,
    attempts: d.attempts,
    lastStatus: d.lastStatus,
    lastError: d.lastError,
    createdAt: iso(d.createdAt),
    nextAttemptAt: d.status === 'pending' ? iso(d.nextAt) : null,
    deliveredAt: iso(d.deliveredAt),
    body: d.body,
  });

  return [
    route({
      method: 'POST',
      path: '/api/v1/webhooks',
      roles: MANAGER,
      body: CreateWebhookBody,
      tag: 'webhooks',
      summary:
        'Subscribe a URL (any http(s) address, LAN included) to event types: ticket.issued, ticket.near (nearAhead, default 3), ticket.called, appointment.reminder, appointment.cancelled, case.updated, rating.bad',
      ok: { status: 201, description: '{id, secret}: the signing secret, shown this once' },
      handler: async ({ actor, body }) => {
        const id = uuidv7();
        const secret = newWebhookSecret();
        await run('createWebhook', actor, id, body, sealSecret(hall.personKeyBase64, id, secret));
        return ok({ id, secret }, 201);
      },
    }),
    route({
      method: 'GET',
      path: '/api/v1/webhooks',
      roles: MANAGER,
      tag: 'webhooks',
      summary: 'The subscriptions, with their deliveries counted by status (never the secret)',
      ok: {
        status: 200,
        description:
          '{items:[{id, url, events, nearAhead, description, disabled, createdAt, secretRotatedAt, deliveries:{pending, delivered, failed}}], nextCursor: null}',
      },
      handler: () => {
        const counts = store.counts();
        return ok({ items: store.subscriptions().map((s) => subscriptionView(s, counts.get(s.id))), nextCursor: null });
      },
    }),
    route({
      method: 'PATCH',
      path: '/api/v1/webhooks/:id',
      roles: MANAGER,
      body: UpdateWebhookBody,
      tag: 'webhooks',
      summary: "Change a subscription's URL, events, nearAhead or description, or disable it (its deliveries wait, kept, until it is enabled)",
      ok: { status: 200, description: 'the subscription' },
      errors: [404],
      handler: async ({ actor, params, body }) => {
        const sub = await run('updateWebhook', actor, params.id!, body);
        nudge();
        return ok(subscriptionView(sub));
      },
    }),
    route({
      method: 'POST',
      path: '/api/v1/webhooks/:id/rotate-secret',
      roles: MANAGER,
      tag: 'webhooks',
      summary: 'A new signing secret; deliveries from now on (retries included) are signed with it',
      ok: { status: 200, description: '{id, secret}: the new secret, shown this once' },
      errors: [404],
      handler: async ({ actor, params }) => {
        const id = params.id!;
        const secret = newWebhookSecret();
        await run('rotateWebhookSecret', actor, id, sealSecret(hall.personKeyBase64, id, secret));
        return ok({ id, secret });
      },
    }),
    route({
      method: 'POST',
      path: '/api/v1/webhooks/:id/test',
      roles: MANAGER,
      tag: 'webhooks',
      summary: 'Send a webhook.ping delivery to this subscription (signed and retried like any other)',
      ok: { status: 202, description: '{deliveryId}' },
      errors: [404],
      handler: async ({ actor, params }) => {
        const result = await run('pingWebhook', actor, params.id!);
        nudge();
        return ok(result, 202);
      },
    }),
    route({
      method: 'GET',
      path: '/api/v1/webhook-deliveries',
      roles: MANAGER,
      tag: 'webhooks',
      query: {
        subscriptionId: z.string().optional(),
        status: z.enum(['pending', 'delivered', 'failed']).optional(),
        limit: z.number().int().min(1).max(MAX_LIMIT).optional(),
        cursor: z.string().optional(),
      },
      summary: 'The delivery log, newest first: status, attempts, last HTTP status or error, the body sent',
      ok: {
        status: 200,
        description: '{items:[{id, subscriptionId, type, status, attempts, lastStatus, lastError, createdAt, nextAttemptAt, deliveredAt, body}], nextCursor}',
      },
      handler: ({ query }) => {
        const status = query.get('status');
        if (status !== null && !DELIVERY_STATUSES.includes(status as DeliveryStatus)) throw invalid('status', 'pending, delivered or failed');
        const limitText = query.get('limit');
        const limit = limitText === null ? DEFAULT_LIMIT : Number(limitText);
        if (!Number.isInteger(limit) || limit < 1 || limit > MAX_LIMIT) throw invalid('limit', `a whole number from 1 to ${MAX_LIMIT}`);
        const cursor = query.get('cursor');
        const rows = store.list({
          subscriptionId: query.get('subscriptionId') ?? undefined,
          status: (status as DeliveryStatus | null) ?? undefined,
          before: cursor ? decodeCursor(cursor) : undefined,
          limit: limit + 1,
        });
        const page = rows.slice(0, limit);
        const last = page.at(-1);
        return ok({ items: page.map(deliveryView), nextCursor: rows.length > limit && last ? encodeCursor(last) : null });
      },
    }),
    route({
      method: 'POST',
      path: '/api/v1/webhook-deliveries/:id/replay',
      roles: MANAGER,
      tag: 'webhooks',
      summary: 'Send a delivery again now, with the same id and body (retried for another day if it fails)',
      ok: { status: 200, description: 'the delivery' },
      errors: [404],
      handler: async ({ actor, params }) => {
        const row = await run('replayWebhookDelivery', actor, params.id!);
        nudge();
        return ok(deliveryView(row));
      },
    }),
    route({
      method: 'POST',
      path: '/api/v1/webhook-deliveries/replay-failed',
      roles: MANAGER,
      body: ReplayFailedBody,
      tag: 'webhooks',
      summary: 'Send every failed delivery again (of one subscription when subscriptionId is given), each with its own id',
      ok: { status: 200, description: '{replayed}' },
      errors: [404],
      handler: async ({ actor, body }) => {
        if (body.subscriptionId !== undefined && !store.subscription(body.subscriptionId)) throw notFound('webhook', body.subscriptionId);
        const result = await run('replayFailedWebhooks', actor, body.subscriptionId ?? null);
        nudge();
        return ok(result);
      },
    }),
  ];
}
