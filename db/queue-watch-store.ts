// Each service's waiting count and longest-waiting ticket today, from the waiting tickets' index alone (migration 5).
import type { ServiceQueueState } from '../core/queue-watch.ts';
import type { Db } from './database.ts';

export function queueStates(db: Db, day: string, services: readonly { id: string; name: string }[]): ServiceQueueState[] {
  const rows = db
    .prepare("SELECT service_id AS serviceId, count(*) AS waiting, min(sort_at) AS since FROM tickets WHERE status = 'waiting' AND day = ? GROUP BY service_id")
    .all(day) as { serviceId: string; waiting: number; since: number }[];
  const byService = new Map(rows.map((r) => [r.serviceId, r]));
  return services.map((s) => {
    const r = byService.get(s.id);
    return { serviceId: s.id, name: s.name, waiting: r?.waiting ?? 0, waitingSince: r ? Number(r.since) : null };
  });
}
