// 好差评 for the manager (follow-ups, satisfaction figures), the counter's rating pad and the visitor's mobile ticket page.
import { HallError } from '../core/errors.ts';
import { RATING_PAD_WINDOW_MS, type Role, type TicketRecord } from '../core/model.ts';
import { PublicRatingBody, ResolveFollowUpBody } from '../core/schemas.ts';
import { addDays, startOfHallDay } from '../core/time.ts';
import { latestCompletedAt, listFollowUps, satisfaction, type SatisfactionGroup } from '../db/reports.ts';
import { ANONYMOUS, route, type RouteDef } from './http.ts';
import { sealPhone, unsealPhone } from './phone-seal.ts';
import { MANAGER, ok, type HallContext } from './routes.ts';
import type { StreamedView, TicketStreams } from './ticket-stream.ts';

const DAY = /^\d{4}-\d{2}-\d{2}$/;
/** The rating pad's device token is a kiosk's; staff and managers may look at a counter's pad too. */
const RATING_PAD: readonly Role[] = ['rating_pad', 'kiosk', 'staff', 'manager'];
const FINAL = new Set<TicketRecord['status']>(['done', 'no_show', 'cancelled']);

/** What the phone page shows of tickets, reading each service's waiting list once. */
export function publicTicketViews(hall: HallContext, tickets: readonly TicketRecord[], at: number) {
  const views = hall.engine.ticketViews(tickets, at);
  const { hallName, hallNames } = hall.settings();
  return tickets.map((t, i) => {
    const view = views[i]!;
    const counter = t.counterId ? hall.store.getCounter(t.counterId) : undefined;
    const service = hall.store.getService(t.serviceId);
    return {
      id: t.id,
      number: t.number,
      status: t.status,
      serviceName: service?.name ?? null,
      serviceNames: service?.names ?? {},
      ahead: view.ahead ?? 0,
      // Null while no counter is open for the service: the page must not promise a short wait.
      estimatedWaitSeconds: view.estimatedWaitSeconds ?? null,
      issuedAt: view.issuedAt,
      calledAt: view.calledAt,
      counterNumber: counter?.number ?? null,
      rated: hall.store.getRating(t.id) !== undefined,
      hallName,
      hallNames,
    };
  });
}

type PublicTicketView = ReturnType<typeof publicTicketViews>[number];

/** A finished visit that is rated (or cannot be: missed, cancelled) changes no more. */
const streamed = (v: PublicTicketView): StreamedView => ({ json: JSON.stringify(v), final: FINAL.has(v.status) && (v.rated || v.status !== 'done') });

/** The streams' view of the tickets they watch. */
export function streamedTicketViews(hall: HallContext, ids: readonly string[]): Map<string, StreamedView> {
  const tickets = ids.map((id) => hall.store.getTicket(id)).filter((t): t is TicketRecord => t !== undefined);
  return new Map(publicTicketViews(hall, tickets, hall.now()).map((v) => [v.id, streamed(v)]));
}

export function feedbackRoutes(hall: HallContext, streams: TicketStreams): RouteDef[] {
  const { engine, run, now } = hall;
  return [
    route({
      method: 'GET',
      path: '/api/v1/follow-ups',
      roles: MANAGER,
      tag: 'feedback',
      summary: 'List follow-ups of low ratings (?status=open|resolved|all)',
      handler: ({ query }) => {
        const status = query.get('status') ?? 'open';
        if (status !== 'open' && status !== 'resolved' && status !== 'all') {
          throw new HallError(400, 'VALIDATION_FAILED', 'status: open, resolved or all', { field: 'status' });
        }
        const today = engine.today(now());
        return ok(listFollowUps(hall.db, status).map((f) => ({ ...engine.followUpView(f), overdue: f.status === 'open' && f.dueDay < today })));
      },
    }),
    route({
      method: 'POST',
      path: '/api/v1/follow-ups/:id/resolve',
      roles: MANAGER,
      body: ResolveFollowUpBody,
      tag: 'feedback',
      summary: 'Resolve a follow-up with a note',
      errors: [404, 409],
      handler: async ({ actor, params, body }) => ok(await run('resolveFollowUp', actor, params.id!, body.note)),
    }),
    route({
      method: 'POST',
      path: '/api/v1/follow-ups/:id/phone',
      roles: MANAGER,
      tag: 'feedback',
      summary: "Show an open follow-up's call-back number in clear, to call the visitor back (recorded as followup.phone_revealed)",
      ok: { status: 200, description: '{phone, phoneMasked}' },
      errors: [404, 409],
      handler: async ({ actor, params }) => {
        const { ticketId, sealed } = await run('revealFollowUpPhone', actor, params.id!);
        const phone = unsealPhone(hall.personKeyBase64, ticketId, sealed);
        const item = engine.store.getFollowUp(params.id!);
        return ok({ phone, phoneMasked: item?.phoneMasked ?? null });
      },
    }),
    route({
      method: 'GET',
      path: '/api/v1/counters/:id/pending-rating',
      roles: RATING_PAD,
      tag: 'feedback',
      summary: "The counter's latest completed visit if it is still unrated and within the rating pad's window (10 minutes), else null",
      ok: { status: 200, description: '{ticket, rateableSeconds}: ticket null when nothing waits for a rating' },
      errors: [404],
      handler: ({ params }) => {
        const at = now();
        const counter = engine.requireCounter(params.id!);
        const since = at - RATING_PAD_WINDOW_MS;
        // Only the counter's latest completion counts: once the next visit ends, the one before is no longer asked about.
        const id = latestCompletedAt(hall.db, counter.id, addDays(engine.today(at), -1), since);
        const ticket = id === undefined ? undefined : engine.requireTicket(id);
        if (!ticket || ticket.endedAt === null || hall.store.getRating(ticket.id)) return ok({ ticket: null, rateableSeconds: 0 });
        return ok({
          ticket: engine.ticketView(ticket, at, false),
          rateableSeconds: Math.max(0, Math.ceil((ticket.endedAt + RATING_PAD_WINDOW_MS - at) / 1000)),
        });
      },
    }),
    route({
      method: 'GET',
      path: '/api/v1/reports/satisfaction',
      roles: MANAGER,
      tag: 'feedback',
      summary: 'Satisfaction by counter, staff or service (?by=&from=YYYY-MM-DD&to=YYYY-MM-DD, days inclusive)',
      handler: ({ query }) => {
        const by = (query.get('by') ?? 'counter') as SatisfactionGroup;
        if (!['counter', 'staff', 'service'].includes(by)) {
          throw new HallError(400, 'VALIDATION_FAILED', 'by: counter, staff or service', { field: 'by' });
        }
        const today = engine.today(now());
        const from = query.get('from') ?? today;
        const to = query.get('to') ?? today;
        for (const [field, v] of [
          ['from', from],
          ['to', to],
        ] as const) {
          if (!DAY.test(v) || Number.isNaN(Date.parse(v))) throw new HallError(400, 'VALIDATION_FAILED', `${field}: a day as YYYY-MM-DD`, { field });
        }
        if (to < from) throw new HallError(400, 'VALIDATION_FAILED', 'to: must not be before from', { field: 'to' });
        const tz = hall.settings().timeZone;
        const end = new Date(Date.parse(`${to}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
        const rows = satisfaction(hall.db, by, startOfHallDay(from, tz), startOfHallDay(end, tz));
        const names = nameLookup(hall, by);
        const total = rows.reduce((n, r) => n + r.ratings, 0);
        const satisfied = rows.reduce((n, r) => n + r.levels['4'] + r.levels['5'], 0);
        const sum = rows.reduce((n, r) => n + r.average * r.ratings, 0);
        return ok({
          by,
          from,
          to,
          overall: {
            ratings: total,
            average: total ? Math.round((sum / total) * 100) / 100 : null,
            satisfiedRate: total ? Math.round((satisfied / total) * 1000) / 1000 : null,
          },
          rows: rows.map((r) => ({ ...r, name: r.key === null ? null : (names.get(r.key) ?? r.key) })),
        });
      },
    }),

    // ── the visitor's phone: the ticket id in the QR code is the only key ──
    route({
      method: 'GET',
      path: '/api/v1/public/tickets/:id',
      roles: 'public',
      tag: 'mobile',
      summary: 'Follow a ticket from a phone: number, status, place in the queue',
      errors: [404],
      handler: ({ params }) => ok(publicTicketViews(hall, [engine.requireTicket(params.id!)], now())[0]),
    }),
    route({
      method: 'GET',
      path: '/api/v1/public/tickets/:id/events',
      roles: 'public',
      tag: 'mobile',
      summary:
        'Server-sent events: the public ticket view at once, then on every change of the ticket or of its place in the queue; ends once the visit is final (and rated). At most 20 streams per address (429 with Retry-After)',
      ok: { status: 200, description: 'text/event-stream; each `data:` line is the view GET /public/tickets/:id returns; `: ping` comments every 20 s' },
      errors: [404, 429],
      handler: ({ params, ip, response }) => {
        const t = engine.requireTicket(params.id!);
        if (!streams.admits(ip)) {
          return {
            status: 429,
            headers: { 'retry-after': '30' },
            body: {
              error: {
                code: 'TOO_MANY_STREAMS',
                message: 'too many live ticket pages from this address: close some; the page refreshes every few seconds meanwhile',
              },
            },
          };
        }
        streams.open(t.id, ip, response, streamed(publicTicketViews(hall, [t], now())[0]!));
        return ok(null);
      },
    }),
    route({
      method: 'POST',
      path: '/api/v1/public/tickets/:id/rating',
      roles: 'public',
      body: PublicRatingBody,
      tag: 'mobile',
      summary: 'Rate a completed visit from a phone (好差评), once per ticket',
      ok: { status: 201, description: 'the rating' },
      errors: [404, 409],
      handler: async ({ params, body }) => {
        const phone = body.phone === undefined ? undefined : sealPhone(hall.personKeyBase64, params.id!, body.phone);
        return ok(await run('rate', { ...ANONYMOUS, id: 'mobile', name: 'mobile' }, params.id!, { ...body, channel: 'mobile', phone }), 201);
      },
    }),
  ];
}

function nameLookup(hall: HallContext, by: SatisfactionGroup): Map<string, string> {
  if (by === 'service') return new Map(hall.store.listServices().map((s) => [s.id, s.name]));
  if (by === 'counter') return new Map(hall.store.listCounters().map((c) => [c.id, c.name ? `${c.number} ${c.name}` : String(c.number)]));
  return new Map(hall.authStore.listUsers().map((u) => [u.id, u.displayName ?? u.username]));
}
