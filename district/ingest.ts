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

/** A jsonb value as text when it is a JSON string, else NULL (what the figures take from an event is typed). */
const str = (j: string) => `CASE WHEN jsonb_typeof(${j}) = 'string' THEN ${j} #>> '{}' END`;
const num = (j: string) => `CASE WHEN jsonb_typeof(${j}) = 'number' THEN (${j})::numeric END`;

/**
 * The batch `$2` (`{"events":[…]}` as JSON text) past seq `$3` into `events`, and the latest state of each ticket,
 * counter, service, staff member, rating and follow-up it touches upserted from the same rows, in one statement.
 */
const INGEST_SQL = `
WITH b AS MATERIALIZED (
  SELECT x.seq, x.type, x.at, x.data FROM jsonb_to_recordset(($2::jsonb) -> 'events') AS x(seq bigint, type text, at timestamptz, data jsonb)
  WHERE x.seq > $3
),
ev AS (
  INSERT INTO events (hall_id, seq, type, at, data) SELECT $1, seq, type, at, data FROM b ON CONFLICT (hall_id, seq) DO NOTHING
),
tb AS (
  SELECT seq, data -> 'ticket' AS t, ${str("data -> 'ticket' -> 'id'")} AS id,
    CASE WHEN type = 'ticket.called' THEN ${str("data -> 'calledBy' -> 'id'")} END AS called_by
  FROM b WHERE type LIKE 'ticket.%' AND jsonb_typeof(data -> 'ticket') = 'object'
),
tk AS (
  INSERT INTO tickets (hall_id, id, number, service_id, status, issued_at, called_at, ended_at, counter_id, staff_id)
  SELECT $1, l.id, l.t ->> 'number', l.t ->> 'serviceId', l.t ->> 'status', (l.t ->> 'issuedAt')::timestamptz,
    (${str("l.t -> 'calledAt'")})::timestamptz, (${str("l.t -> 'endedAt'")})::timestamptz, ${str("l.t -> 'counterId'")}, l.called_by
  FROM (SELECT id, (array_agg(t ORDER BY seq DESC))[1] AS t, (array_agg(called_by ORDER BY seq DESC) FILTER (WHERE called_by IS NOT NULL))[1] AS called_by
        FROM tb
        WHERE id IS NOT NULL AND ${str("t -> 'number'")} IS NOT NULL AND ${str("t -> 'serviceId'")} IS NOT NULL
          AND ${str("t -> 'issuedAt'")} IS NOT NULL AND ${str("t -> 'status'")} IS NOT NULL
        GROUP BY id) l
  ON CONFLICT (hall_id, id) DO UPDATE SET number = excluded.number, service_id = excluded.service_id, status = excluded.status,
    issued_at = excluded.issued_at, called_at = excluded.called_at, ended_at = excluded.ended_at,
    counter_id = excluded.counter_id, staff_id = COALESCE(excluded.staff_id, tickets.staff_id)
),
rt AS (
  INSERT INTO ratings (hall_id, ticket_id, seq, number, level, tags, channel, service_id, counter_id, at)
  SELECT DISTINCT ON (data ->> 'ticketId') $1, data ->> 'ticketId', seq, COALESCE(${str("data -> 'number'")}, ''), (data ->> 'level')::numeric,
    CASE WHEN jsonb_typeof(data -> 'tags') = 'array' THEN data -> 'tags' ELSE '[]'::jsonb END, ${str("data -> 'channel'")},
    ${str("data -> 'serviceId'")}, ${str("data -> 'counterId'")}, at
  FROM b WHERE type = 'ticket.rated' AND ${str("data -> 'ticketId'")} IS NOT NULL AND ${num("data -> 'level'")} <> 0
  ORDER BY data ->> 'ticketId', seq DESC
  ON CONFLICT (hall_id, ticket_id) DO NOTHING
),
ct AS (
  INSERT INTO counters (hall_id, id, number, name, state)
  SELECT DISTINCT ON (data -> 'counter' ->> 'id') $1, data -> 'counter' ->> 'id', (data -> 'counter' ->> 'number')::numeric,
    ${str("data -> 'counter' -> 'name'")}, data -> 'counter' ->> 'state'
  FROM b WHERE type LIKE 'counter.%' AND ${str("data -> 'counter' -> 'id'")} IS NOT NULL
    AND ${num("data -> 'counter' -> 'number'")} IS NOT NULL AND ${str("data -> 'counter' -> 'state'")} IS NOT NULL
  ORDER BY data -> 'counter' ->> 'id', seq DESC
  ON CONFLICT (hall_id, id) DO UPDATE SET number = excluded.number, name = excluded.name, state = excluded.state
),
sv AS (
  INSERT INTO services (hall_id, id, code, name, target_wait_minutes)
  SELECT DISTINCT ON (data -> 'service' ->> 'id') $1, data -> 'service' ->> 'id', ${str("data -> 'service' -> 'code'")},
    data -> 'service' ->> 'name', ${num("data -> 'service' -> 'targetWaitMinutes'")}
  FROM b WHERE type IN ('service.created', 'service.updated') AND ${str("data -> 'service' -> 'id'")} IS NOT NULL
    AND ${str("data -> 'service' -> 'name'")} IS NOT NULL
  ORDER BY data -> 'service' ->> 'id', seq DESC
  ON CONFLICT (hall_id, id) DO UPDATE SET code = COALESCE(excluded.code, services.code), name = excluded.name,
    target_wait_minutes = excluded.target_wait_minutes
),
st AS (
  INSERT INTO staff (hall_id, id, name)
  SELECT DISTINCT ON (s ->> 'id') $1, s ->> 'id', s ->> 'name'
  FROM (SELECT seq, CASE type WHEN 'ticket.called' THEN data -> 'calledBy' ELSE data -> 'staff' END AS s
        FROM b WHERE type IN ('ticket.called', 'counter.signed_in')) w
  WHERE ${str("s -> 'id'")} IS NOT NULL AND ${str("s -> 'name'")} IS NOT NULL
  ORDER BY s ->> 'id', seq DESC
  ON CONFLICT (hall_id, id) DO UPDATE SET name = excluded.name
),
fu AS (
  INSERT INTO follow_ups (hall_id, id, ticket_id, number, level, service_id, counter_id, opened_at, due_day, status, resolved_at)
  SELECT DISTINCT ON (f ->> 'id') $1, f ->> 'id', f ->> 'ticketId', COALESCE(${str("f -> 'number'")}, ''), (f ->> 'level')::numeric,
    ${str("f -> 'serviceId'")}, ${str("f -> 'counterId'")}, (f ->> 'openedAt')::timestamptz, (f ->> 'dueDay')::date,
    COALESCE(${str("f -> 'status'")}, 'open'), (${str("f -> 'resolvedAt'")})::timestamptz
  FROM (SELECT seq, data -> 'followUp' AS f FROM b WHERE type IN ('followup.opened', 'followup.resolved')) w
  WHERE ${str("f -> 'id'")} IS NOT NULL AND ${str("f -> 'ticketId'")} IS NOT NULL AND ${str("f -> 'openedAt'")} IS NOT NULL
    AND ${str("f -> 'dueDay'")} IS NOT NULL AND ${num("f -> 'level'")} IS NOT NULL
  ORDER BY f ->> 'id', seq DESC
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
    let accepted = 0;
    let lastAt: string | null = null;
    for (const e of events) {
      if (e.seq <= acked) continue;
      if (e.seq <= prev) throw new HallError(400, 'VALIDATION_FAILED', 'events: seqs must increase strictly within a batch', { field: 'events' });
      prev = e.seq;
      lastAt = e.at;
      accepted++;
    }
    if (accepted) {
      // A batch's rows stay in memory while the statement reads them seven times.
      await client.query("SET LOCAL work_mem = '64MB'");
      // The hall masks before sending; anything that still looks like a clear number is masked here too.
      const batch =
        rawBody !== undefined && !mayNeedScrub(rawBody) ? rawBody : JSON.stringify({ events: events.map((e) => ({ ...e, data: scrubEventData(e.data) })) });
      await client.query(INGEST_SQL, [hallId, batch, acked, prev, headSeq, lastAt]);
    } else {
      await client.query('UPDATE halls SET head_seq = GREATEST(head_seq, COALESCE($2::bigint, 0)), last_seen_at = now() WHERE id = $1', [hallId, headSeq]);
    }
    await client.query('COMMIT');
    return { lastSeq: prev, accepted };
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  }
}
