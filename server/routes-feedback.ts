// 好差评 for the manager (follow-ups, satisfaction figures) and the visitor's mobile ticket page.
import { HallError } from '../core/errors.ts';
import { PublicRatingBody, ResolveFollowUpBody } from '../core/schemas.ts';
import { startOfHallDay } from '../core/time.ts';
import { listFollowUps, satisfaction, type SatisfactionGroup } from '../db/reports.ts';
import { ANONYMOUS, route, type RouteDef } from './http.ts';
import { MANAGER, ok, type HallContext } from './routes.ts';

const DAY = /^\d{4}-\d{2}-\d{2}$/;

export function feedbackRoutes(hall: HallContext): RouteDef[] {
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
        for (const [field, v] of [['from', from], ['to', to]] as const) {
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
          overall: { ratings: total, average: total ? Math.round((sum / total) * 100) / 100 : null, satisfiedRate: total ? Math.round((satisfied / total) * 1000) / 1000 : null },
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
      handler: ({ params }) => {
        const at = now();
        const t = engine.requireTicket(params.id!);
        const view = engine.ticketView(t, at);
        const counter = t.counterId ? hall.store.getCounter(t.counterId) : undefined;
        const service = hall.store.getService(t.serviceId);
        return ok({
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
          hallName: hall.settings().hallName,
          hallNames: hall.settings().hallNames,
        });
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
      handler: async ({ params, body }) =>
        ok(await run('rate', { ...ANONYMOUS, id: 'mobile', name: 'mobile' }, params.id!, { ...body, channel: 'mobile' }), 201),
    }),
  ];
}

function nameLookup(hall: HallContext, by: SatisfactionGroup): Map<string, string> {
  if (by === 'service') return new Map(hall.store.listServices().map((s) => [s.id, s.name]));
  if (by === 'counter') return new Map(hall.store.listCounters().map((c) => [c.id, c.name ? `${c.number} ${c.name}` : String(c.number)]));
  return new Map(hall.authStore.listUsers().map((u) => [u.id, u.displayName ?? u.username]));
}
