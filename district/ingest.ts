// A hall's batch of events into PostgreSQL exactly once: under the hall's row lock, only seqs past its acknowledged
// seq are taken; the events and the figures derived from them (tickets, counters, ratings, …) commit together.
import type { PoolClient } from 'pg';
import { mayNeedScrub, scrubEventData } from '../core/district.ts';
import { HallError } from '../core/errors.ts';

export interface HallEvent {
  seq: number;
  type: string;
  at: string;
  data: unknown;
}

interface TicketRow {
  id: string;
  number: string;
  service_id: string;
  status: string;
  issued_at: string;
  called_at: string | null;
  ended_at: string | null;
  counter_id: string | null;
  staff_id: string | null;
}

type Obj = Record<string, unknown>;
const obj = (v: unknown): Obj | null => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Obj) : null);
const str = (v: unknown): string | null => (typeof v === 'string' ? v : null);
const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);

/** The latest state per row the batch touches, in seq order: one upsert per table per batch. */
export function deriveRows(events: readonly HallEvent[]) {
  const tickets = new Map<string, TicketRow>();
  const counters = new Map<string, { id: string; number: number; name: string | null; state: string }>();
  const services = new Map<string, { id: string; code: string | null; name: string; target_wait_minutes: number | null }>();
  const staff = new Map<string, { id: string; name: string }>();
  const ratings = new Map<string, Obj>();
  const followUps = new Map<string, Obj>();
  const noteStaff = (who: unknown) => {
    const s = obj(who);
    const id = str(s?.id);
    const name = str(s?.name);
    if (id && name) staff.set(id, { id, name });
  };
  for (const e of events) {
    const d = obj(e.data);
    if (!d) continue;
    if (e.type.startsWith('ticket.')) {
      const t = obj(d.ticket);
      const id = str(t?.id);
      if (t && id && str(t.number) && str(t.serviceId) && str(t.issuedAt) && str(t.status)) {
        const before = tickets.get(id);
        const calledBy = e.type === 'ticket.called' ? str(obj(d.calledBy)?.id) : null;
        tickets.set(id, {
          id,
          number: t.number as string,
          service_id: t.serviceId as string,
          status: t.status as string,
          issued_at: t.issuedAt as string,
          called_at: str(t.calledAt),
          ended_at: str(t.endedAt),
          counter_id: str(t.counterId),
          staff_id: calledBy ?? before?.staff_id ?? null,
        });
        if (e.type === 'ticket.called') noteStaff(d.calledBy);
      }
      if (e.type === 'ticket.rated' && str(d.ticketId) && num(d.level)) {
        ratings.set(d.ticketId as string, {
          ticket_id: d.ticketId,
          seq: e.seq,
          number: str(d.number) ?? '',
          level: d.level,
          tags: Array.isArray(d.tags) ? d.tags : [],
          channel: str(d.channel),
          service_id: str(d.serviceId),
          counter_id: str(d.counterId),
          at: e.at,
        });
      }
    } else if (e.type.startsWith('counter.')) {
      const c = obj(d.counter);
      if (c && str(c.id) && num(c.number) !== null && str(c.state)) {
        counters.set(c.id as string, { id: c.id as string, number: c.number as number, name: str(c.name), state: c.state as string });
      }
      if (e.type === 'counter.signed_in') noteStaff(d.staff);
    } else if (e.type === 'service.created' || e.type === 'service.updated') {
      const s = obj(d.service);
      if (s && str(s.id) && str(s.name)) {
        services.set(s.id as string, { id: s.id as string, code: str(s.code), name: s.name as string, target_wait_minutes: num(s.targetWaitMinutes) });
      }
    } else if (e.type === 'followup.opened' || e.type === 'followup.resolved') {
      const f = obj(d.followUp);
      if (f && str(f.id) && str(f.ticketId) && str(f.openedAt) && str(f.dueDay) && num(f.level)) {
        followUps.set(f.id as string, {
          id: f.id,
          ticket_id: f.ticketId,
          number: str(f.number) ?? '',
          level: f.level,
          service_id: str(f.serviceId),
          counter_id: str(f.counterId),
          opened_at: f.openedAt,
          due_day: f.dueDay,
          status: str(f.status) ?? 'open',
          resolved_at: str(f.resolvedAt),
        });
      }
    }
  }
  return { tickets, counters, services, staff, ratings, followUps };
}

const json = (m: Map<string, unknown>) => JSON.stringify([...m.values()]);

/**
 * Stores the events of `hallId` past its acknowledged seq; returns the seq now acknowledged. The row lock on the hall
 * serialises two district servers taking the same hall's batches; `(hall_id, seq)` unique backs it.
 */
export async function ingestBatch(
  client: PoolClient,
  hallId: string,
  events: readonly HallEvent[],
  headSeq: number | null,
): Promise<{ lastSeq: number; accepted: number }> {
  await client.query('BEGIN');
  try {
    const hall = await client.query<{ last_seq: string }>('SELECT last_seq FROM halls WHERE id = $1 AND revoked_at IS NULL FOR UPDATE', [hallId]);
    if (hall.rowCount === 0) throw new HallError(401, 'UNAUTHENTICATED', 'this hall token was revoked: ask the district for a new one');
    const acked = Number(hall.rows[0]!.last_seq);
    const fresh: HallEvent[] = [];
    let prev = acked;
    for (const e of events) {
      if (e.seq <= acked) continue;
      if (e.seq <= prev) throw new HallError(400, 'VALIDATION_FAILED', 'events: seqs must increase strictly within a batch', { field: 'events' });
      prev = e.seq;
      fresh.push(e);
    }
    const lastSeq = fresh.length ? fresh[fresh.length - 1]!.seq : acked;
    if (fresh.length) {
      const rows = fresh.map((e) => {
        const text = JSON.stringify(e.data);
        return `{"seq":${e.seq},"type":${JSON.stringify(e.type)},"at":${JSON.stringify(e.at)},"data":${mayNeedScrub(text) ? JSON.stringify(scrubEventData(e.data)) : text}}`;
      });
      await client.query(
        `INSERT INTO events (hall_id, seq, type, at, data)
         SELECT $1, x.seq, x.type, x.at, x.data FROM jsonb_to_recordset($2::jsonb) AS x(seq bigint, type text, at timestamptz, data jsonb)
         ON CONFLICT (hall_id, seq) DO NOTHING`,
        [hallId, `[${rows.join(',')}]`],
      );
      await applyDerived(client, hallId, deriveRows(fresh));
    }
    const lastAt = fresh.length ? fresh[fresh.length - 1]!.at : null;
    await client.query(
      `UPDATE halls SET last_seq = $2, head_seq = GREATEST(head_seq, $2, COALESCE($3, 0)), last_seen_at = now(),
         last_event_at = COALESCE($4::timestamptz, last_event_at) WHERE id = $1`,
      [hallId, lastSeq, headSeq, lastAt],
    );
    await client.query('COMMIT');
    return { lastSeq, accepted: fresh.length };
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  }
}

async function applyDerived(client: PoolClient, hallId: string, d: ReturnType<typeof deriveRows>): Promise<void> {
  if (d.tickets.size) {
    await client.query(
      `INSERT INTO tickets (hall_id, id, number, service_id, status, issued_at, called_at, ended_at, counter_id, staff_id)
       SELECT $1, x.id, x.number, x.service_id, x.status, x.issued_at, x.called_at, x.ended_at, x.counter_id, x.staff_id
       FROM jsonb_to_recordset($2::jsonb) AS x(id text, number text, service_id text, status text, issued_at timestamptz,
         called_at timestamptz, ended_at timestamptz, counter_id text, staff_id text)
       ON CONFLICT (hall_id, id) DO UPDATE SET number = excluded.number, service_id = excluded.service_id, status = excluded.status,
         issued_at = excluded.issued_at, called_at = excluded.called_at, ended_at = excluded.ended_at,
         counter_id = excluded.counter_id, staff_id = COALESCE(excluded.staff_id, tickets.staff_id)`,
      [hallId, json(d.tickets)],
    );
  }
  if (d.counters.size) {
    await client.query(
      `INSERT INTO counters (hall_id, id, number, name, state)
       SELECT $1, x.id, x.number, x.name, x.state FROM jsonb_to_recordset($2::jsonb) AS x(id text, number integer, name text, state text)
       ON CONFLICT (hall_id, id) DO UPDATE SET number = excluded.number, name = excluded.name, state = excluded.state`,
      [hallId, json(d.counters)],
    );
  }
  if (d.services.size) {
    await client.query(
      `INSERT INTO services (hall_id, id, code, name, target_wait_minutes)
       SELECT $1, x.id, x.code, x.name, x.target_wait_minutes
       FROM jsonb_to_recordset($2::jsonb) AS x(id text, code text, name text, target_wait_minutes integer)
       ON CONFLICT (hall_id, id) DO UPDATE SET code = COALESCE(excluded.code, services.code), name = excluded.name,
         target_wait_minutes = excluded.target_wait_minutes`,
      [hallId, json(d.services)],
    );
  }
  if (d.staff.size) {
    await client.query(
      `INSERT INTO staff (hall_id, id, name) SELECT $1, x.id, x.name FROM jsonb_to_recordset($2::jsonb) AS x(id text, name text)
       ON CONFLICT (hall_id, id) DO UPDATE SET name = excluded.name`,
      [hallId, json(d.staff)],
    );
  }
  if (d.ratings.size) {
    await client.query(
      `INSERT INTO ratings (hall_id, ticket_id, seq, number, level, tags, channel, service_id, counter_id, at)
       SELECT $1, x.ticket_id, x.seq, x.number, x.level, x.tags, x.channel, x.service_id, x.counter_id, x.at
       FROM jsonb_to_recordset($2::jsonb) AS x(ticket_id text, seq bigint, number text, level smallint, tags jsonb, channel text,
         service_id text, counter_id text, at timestamptz)
       ON CONFLICT (hall_id, ticket_id) DO NOTHING`,
      [hallId, json(d.ratings)],
    );
  }
  if (d.followUps.size) {
    await client.query(
      `INSERT INTO follow_ups (hall_id, id, ticket_id, number, level, service_id, counter_id, opened_at, due_day, status, resolved_at)
       SELECT $1, x.id, x.ticket_id, x.number, x.level, x.service_id, x.counter_id, x.opened_at, x.due_day, x.status, x.resolved_at
       FROM jsonb_to_recordset($2::jsonb) AS x(id text, ticket_id text, number text, level smallint, service_id text, counter_id text,
         opened_at timestamptz, due_day date, status text, resolved_at timestamptz)
       ON CONFLICT (hall_id, id) DO UPDATE SET status = excluded.status, resolved_at = excluded.resolved_at`,
      [hallId, json(d.followUps)],
    );
  }
}
