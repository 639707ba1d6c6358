// The live monitor's queue pressure: each service's longest current wait, windows open against people waiting,
// its alert limits and whether they are reached (the alert itself: core/queue-watch.ts, GET /alerts).
import { breachOf, limitsFor, longestWaitSeconds } from '../core/queue-watch.ts';
import { queueStates } from '../db/queue-watch-store.ts';
import { route, type RouteDef } from './http.ts';
import { MANAGER, ok, type HallContext } from './routes.ts';

export function queueWatchRoutes(hall: HallContext): RouteDef[] {
  const { engine, store } = hall;
  return [
    route({
      method: 'GET',
      path: '/api/v1/queue/watch',
      roles: MANAGER,
      tag: 'queue',
      summary: "Each service's waiting count, longest current wait and open windows against the queue-alert limits (settings.queueAlert)",
      ok: {
        status: 200,
        description:
          '{at, day, services:[{id, name, waiting, waitingSince, longestWaitSeconds, openWindows, limits:{waiting, waitMinutes}, reached:["waiting"|"wait"]}], total:{waiting, longestWaitSeconds, openWindows, staffedWindows}}; openWindows: counters signed in and not paused that serve the service',
      },
      handler: () => {
        const now = hall.now();
        const day = engine.today(now);
        const settings = hall.settings().queueAlert;
        const counters = store.listCounters().filter((c) => c.active && c.staffUserId !== null);
        const open = counters.filter((c) => c.state !== 'paused' && c.state !== 'closed');
        const services = queueStates(hall.db, day, store.listServices()).map((s) => {
          const limits = limitsFor(settings, s.serviceId);
          return {
            id: s.serviceId,
            name: s.name,
            waiting: s.waiting,
            waitingSince: s.waitingSince === null ? null : engine.iso(s.waitingSince),
            longestWaitSeconds: longestWaitSeconds(s, now),
            openWindows: open.filter((c) => c.serviceIds.includes(s.serviceId)).length,
            limits,
            reached: breachOf(s, limits, now)?.reached ?? [],
          };
        });
        return ok({
          at: engine.iso(now),
          day,
          services,
          total: {
            waiting: services.reduce((n, s) => n + s.waiting, 0),
            longestWaitSeconds: services.reduce((n, s) => Math.max(n, s.longestWaitSeconds), 0),
            openWindows: open.length,
            staffedWindows: counters.length,
          },
        });
      },
    }),
  ];
}
