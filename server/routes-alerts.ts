// Device alerts for the manager: the open ones and the history, and acknowledging one (core/alerts.ts).
import { alertView, type AlertCursor } from '../core/alerts.ts';
import { invalid } from '../core/errors.ts';
import { SqliteAlertStore } from '../db/alert-store.ts';
import { route, type RouteDef } from './http.ts';
import { MANAGER, ok, type HallContext } from './routes.ts';

const DEFAULT_LIMIT = 50;
const MAX_LIMIT = 200;

const encodeCursor = (c: AlertCursor): string => Buffer.from(`${c.since}.${c.id}`).toString('base64url');

function decodeCursor(text: string): AlertCursor {
  const m = /^(\d{1,16})\.(.{1,64})$/.exec(Buffer.from(text, 'base64url').toString());
  if (!m) throw invalid('cursor', 'not a cursor this list gave out: start again without it');
  return { since: Number(m[1]), id: m[2]! };
}

export function alertRoutes(hall: HallContext): RouteDef[] {
  const { engine, run } = hall;
  const store = new SqliteAlertStore(hall.db);
  return [
    route({
      method: 'GET',
      path: '/api/v1/alerts',
      roles: MANAGER,
      tag: 'alerts',
      summary: 'List device alerts, newest first: ?active=true the open ones only, otherwise the history too (?limit=1..200&cursor=)',
      ok: {
        status: 200,
        description:
          '{seq, items:[{id, deviceId, deviceName, kind, component, message, since, active, acknowledgedAt, acknowledgedBy, closedAt, closedReason}], nextCursor}; seq: the event log position the list reflects',
      },
      handler: ({ query }) => {
        const active = query.get('active');
        if (active !== null && active !== 'true' && active !== 'false') throw invalid('active', 'true or false');
        const limitText = query.get('limit');
        const limit = limitText === null ? DEFAULT_LIMIT : Number(limitText);
        if (!Number.isInteger(limit) || limit < 1 || limit > MAX_LIMIT) throw invalid('limit', `a whole number from 1 to ${MAX_LIMIT}`);
        const cursor = query.get('cursor');
        // Read before the list: a page that replays events after `seq` over it misses nothing.
        const seq = hall.store.lastSeq();
        const rows = store.listAlerts({ active: active === 'true', limit: limit + 1, after: cursor ? decodeCursor(cursor) : undefined });
        const page = rows.slice(0, limit);
        const last = page.at(-1);
        return ok({
          seq,
          items: page.map((a) => alertView(a, (ms) => engine.iso(ms))),
          nextCursor: rows.length > limit && last ? encodeCursor(last) : null,
        });
      },
    }),
    route({
      method: 'POST',
      path: '/api/v1/alerts/:id/acknowledge',
      roles: MANAGER,
      tag: 'alerts',
      summary: 'Acknowledge a device alert (again: no change); it stays open until the device reports recovery',
      ok: { status: 200, description: 'the alert' },
      errors: [404],
      handler: async ({ actor, params }) => ok(await run('acknowledgeAlert', actor, params.id!)),
    }),
  ];
}
