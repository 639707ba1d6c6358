// A hall's batch of events into PostgreSQL exactly once: under the hall's row lock, only seqs past its acknowledged
// seq are taken; the events and the figures derived from them (tickets, counters, ratings, …) are written by one
// set-based statement per batch and commit together.
import type { PoolClient } from 'pg';
import { mayNeedScrub, scrubEventData } from '../core/district.ts';
import { HallError } from '../core/errors.ts';

export interface HallEvent {
  seq: number;
  type: string;
  at: string;
  data: unknown;
}

type Json = Record<string, unknown>;
const obj = (v: unknown): Json | null => (v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Json) : null);
/** What the figures take from an event is typed: a value of another JSON type counts as absent. */
const str = (v: unknown): string | null => (typeof v === 'string' ? v : null);
const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);

/** Per ticket, counter, service, staff member, rating and follow-up the batch touches: its latest state in the batch. */
interface BatchFigures {
  tickets: {
    id: string;
    number: string;
    service_id: string;
    status: string;
    issued_at: string;
    called_at: string | null;
    ended_at: string | null;
    counter_id: string | null;
    staff_id: string | null;
  }[];
  ratings: {
    ticket_id: string;
    seq: number;
    number: string;
    level: number;
    tags: unknown[];
    channel: string | null;
    service_id: string | null;
    counter_id: string | null;
    at: string;
  }[];
  counters: { id: string; number: number; name: string | null; state: string }[];
  services: { id: string; code: string | null; name: string; target_wait_minutes: number | null }[];
  staff: { id: string; name: string }[];
  follow_ups: {
    id: string;
    ticket_id: string;
    number: string;
    level: number;
    service_id: string | null;
    counter_id: string | null;
    opened_at: string;
    due_day: string;
    status: string;
    resolved_at: string | null;
  }[];
}

/**
 * The figures a batch's events (in seq order) leave: walked once here on the already parsed events, so PostgreSQL
 * gets a few small typed record sets instead of taking thousands of JSON documents apart several times each.
 */
function batchFigures(events: readonly HallEvent[]): BatchFigures {
  const tickets = new Map<string, BatchFigures['tickets'][number]>();
  const ratings = new Map<string, BatchFigures['ratings'][number]>();
  const counters = new Map<string, BatchFigures['counters'][number]>();
  const services = new Map<string, BatchFigures['services'][number]>();
  const staff = new Map<string, BatchFigures['staff'][number]>();
  const followUps = new Map<string, BatchFigures['follow_ups'][number]>();
  for (const e of events) {
    const data = obj(e.data);
    if (!data) continue;
    const type = e.type;
    if (type.startsWith('ticket.')) {
      const t = obj(data.ticket);
      const id = str(t?.id);
      if (t && id !== null && str(t.number) !== null && str(t.serviceId) !== null && str(t.issuedAt) !== null && str(t.status) !== null) {
        const calledBy = type === 'ticket.called' ? str(obj(data.calledBy)?.id) : null;
        tickets.set(id, {
          id,
          number: t.number as string,
          service_id: t.serviceId as string,
          status: t.status as string,
          issued_at: t.issuedAt as string,
          called_at: str(t.calledAt),
          ended_at: str(t.endedAt),
          counter_id: str(t.counterId),
          // The latest caller the batch names; an event without one keeps the earlier.
          staff_id: calledBy ?? tickets.get(id)?.staff_id ?? null,
        });
      }
      if (type === 'ticket.rated') {
        const ticketId = str(data.ticketId);
        const level = num(data.level);
        if (ticketId !== null && level !== null && level !== 0)
          ratings.set(ticketId, {
            ticket_id: ticketId,
            seq: e.seq,
            number: str(data.number) ?? '',
            level,
            tags: Array.isArray(data.tags) ? data.tags : [],
            channel: str(data.channel),
            service_id: str(data.serviceId),
            counter_id: str(data.counterId),
            at: e.at,
          });
      }
    }
    if (type.startsWith('counter.')) {
      const c = obj(data.counter);
      const id = str(c?.id);
      const number = num(c?.number);
      const state = str(c?.state);
      if (id !== null && number !== null && state !== null) counters.set(id, { id, number, name: str(c!.name), state });
    }
    if (type === 'service.created' || type === 'service.updated') {
      const s = obj(data.service);
      const id = str(s?.id);
      const name = str(s?.name);
      if (id !== null && name !== null) services.set(id, { id, code: str(s!.code), name, target_wait_minutes: num(s!.targetWaitMinutes) });
    }
    if (type === 'ticket.called' || type === 'counter.signed_in') {
      const p = obj(type === 'ticket.called' ? data.calledBy : data.staff);
      const id = str(p?.id);
      const name = str(p?.name);
      if (id !== null && name !== null) staff.set(id, { id, name });
    }
    if (type === 'followup.opened' || type === 'followup.resolved') {
      const f = obj(data.followUp);
      const id = str(f?.id);
      const ticketId = str(f?.ticketId);
      const openedAt = str(f?.openedAt);
      const dueDay = str(f?.dueDay);
      const level = num(f?.level);
      if (id !== null && ticketId !== null && openedAt !== null && dueDay !== null && level !== null)
        followUps.set(id, {
          id,
          ticket_id: ticketId,
          number: str(f!.number) ?? '',
          level,
          service_id: str(f!.serviceId),
          counter_id: str(f!.counterId),
          opened_at: openedAt,
          due_day: dueDay,
          status: str(f!.status) ?? 'open',
          resolved_at: str(f!.resolvedAt),
        });
    }
  }
  return {
    tickets: [...tickets.values()],
    ratings: [...ratings.values()],
    counters: [...counters.values()],
    services: [...services.values()],
    staff: [...staff.values()],
    follow_ups: [...followUps.values()],
  };
}

/**
 * The batch `$2` (`{"events":[…]}` as JSON text) past seq `$3` into `events`, and the batch's figures (batchFigures(),
 * one JSON array each in `$7`…`$12`) upserted into tickets, ratings, counters, services, staff and follow-ups, in one statement.
 * The events are a plain insert: under the hall's row lock nothing past its acknowledged seq can be stored yet, and
 * should it be, `(hall_id, seq)` unique fails the batch rather than store a seq twice (a speculative insert per row
 * cost a tenth of the statement).
 */
const INGEST_SQL = `
WITH ev AS (
  INSERT INTO events (hall_id, seq, type, at, data)
  SELECT $1, x.seq, x.type, x.at, x.data FROM jsonb_to_recordset(($2::jsonb) -> 'events') AS x(seq bigint, type text, at timestamptz, data jsonb)
  WHERE x.seq > $3
),
tk AS (
  INSERT INTO tickets (hall_id, id, number, service_id, status, issued_at, called_at, ended_at, counter_id, staff_id)
  SELECT $1, x.* FROM json_to_recordset($7::json) AS x(id text, number text, service_id text, status text, issued_at timestamptz,
    called_at timestamptz, ended_at timestamptz, counter_id text, staff_id text)
  ON CONFLICT (hall_id, id) DO UPDATE SET number = excluded.number, service_id = excluded.service_id, status = excluded.status,
    issued_at = excluded.issued_at, called_at = excluded.called_at, ended_at = excluded.ended_at,
    counter_id = excluded.counter_id, staff_id = COALESCE(excluded.staff_id, tickets.staff_id)
),
rt AS (
  INSERT INTO ratings (hall_id, ticket_id, seq, number, level, tags, channel, service_id, counter_id, at)
  SELECT $1, x.* FROM json_to_recordset($8::json) AS x(ticket_id text, seq bigint, number text, level numeric, tags jsonb, channel text,
    service_id text, counter_id text, at timestamptz)
  ON CONFLICT (hall_id, ticket_id) DO NOTHING
),
ct AS (
  INSERT INTO counters (hall_id, id, number, name, state)
  SELECT $1, x.* FROM json_to_recordset($9::json) AS x(id text, number numeric, name text, state text)
  ON CONFLICT (hall_id, id) DO UPDATE SET number = excluded.number, name = excluded.name, state = excluded.state
),
sv AS (
  INSERT INTO services (hall_id, id, code, name, target_wait_minutes)
  SELECT $1, x.* FROM json_to_recordset($10::json) AS x(id text, code text, name text, target_wait_minutes numeric)
  ON CONFLICT (hall_id, id) DO UPDATE SET code = COALESCE(excluded.code, services.code), name = excluded.name,
    target_wait_minutes = excluded.target_wait_minutes
),
st AS (
  INSERT INTO staff (hall_id, id, name)
  SELECT $1, x.* FROM json_to_recordset($11::json) AS x(id text, name text)
  ON CONFLICT (hall_id, id) DO UPDATE SET name = excluded.name
),
fu AS (
  INSERT INTO follow_ups (hall_id, id, ticket_id, number, level, service_id, counter_id, opened_at, due_day, status, resolved_at)
  SELECT $1, x.* FROM json_to_recordset($12::json) AS x(id text, ticket_id text, number text, level numeric, service_id text,
    counter_id text, opened_at timestamptz, due_day date, status text, resolved_at timestamptz)
  ON CONFLICT (hall_id, id) DO UPDATE SET status = excluded.status, resolved_at = excluded.resolved_at
)
UPDATE halls SET last_seq = $4, head_seq = GREATEST(head_seq, $4, COALESCE($5::bigint, 0)), last_seen_at = now(),
  last_event_at = COALESCE($6::timestamptz, last_event_at) WHERE id = $1`;

/**
 * Stores the events of `hallId` past its acknowledged seq; returns the seq now acknowledged. The row lock on the hall
 * serialises two district servers taking the same hall's batches; `(hall_id, seq)` unique backs it. `rawBody` is the
 * request's JSON text (`{"events":[…]}`): handed to PostgreSQL as it came when it holds nothing to scrub.
 */
export async function ingestBatch(
  client: PoolClient,
  hallId: string,
  events: readonly HallEvent[],
  headSeq: number | null,
  rawBody?: string,
): Promise<{ lastSeq: number; accepted: number }> {
  await client.query('BEGIN');
  try {
    const hall = await client.query<{ last_seq: string }>('SELECT last_seq FROM halls WHERE id = $1 AND revoked_at IS NULL FOR UPDATE', [hallId]);
    if (hall.rowCount === 0) throw new HallError(401, 'UNAUTHENTICATED', 'this hall token was revoked: ask the district for a new one');
    const acked = Number(hall.rows[0]!.last_seq);
    let prev = acked;
    const fresh: HallEvent[] = [];
    for (const e of events) {
      if (e.seq <= acked) continue;
      if (e.seq <= prev) throw new HallError(400, 'VALIDATION_FAILED', 'events: seqs must increase strictly within a batch', { field: 'events' });
      prev = e.seq;
      fresh.push(e);
    }
    if (fresh.length) {
      // The hall masks before sending; anything that still looks like a clear number is masked here too.
      const clean = rawBody !== undefined && !mayNeedScrub(rawBody);
      const stored = clean ? fresh : fresh.map((e) => ({ ...e, data: scrubEventData(e.data) }));
      const batch = clean ? rawBody : JSON.stringify({ events: stored });
      const f = batchFigures(stored);
      const figures = [f.tickets, f.ratings, f.counters, f.services, f.staff, f.follow_ups].map((rows) => JSON.stringify(rows));
      await client.query(INGEST_SQL, [hallId, batch, acked, prev, headSeq, fresh.at(-1)!.at, ...figures]);
    } else {
      await client.query('UPDATE halls SET head_seq = GREATEST(head_seq, COALESCE($2::bigint, 0)), last_seen_at = now() WHERE id = $1', [hallId, headSeq]);
    }
    await client.query('COMMIT');
    return { lastSeq: prev, accepted: fresh.length };
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  }
}
