// The district's read side over PostgreSQL: all halls at once, one hall's figures, reports across halls, 好差评.
import type { Pool } from 'pg';

/** Heard from within this long: `online` (contract: 60 s). */
export const ONLINE_MS = 60_000;

export interface DistrictHallRow {
  id: string;
  code: string;
  name: string;
  lastSeq: number;
  lastSeenAt: string | null;
  online: boolean;
  waiting: number;
  /** Added: the longest a waiting ticket has waited, seconds; null when nobody waits. */
  longestWaitSeconds: number | null;
  countersOpen: number;
  /** The hall's newest event seq it last told the district of, and how many events the district still lacks. */
  headSeq: number;
  lagEvents: number;
  /** Seconds between the hall's newest replicated event and the last time it was heard from. */
  lastEventAt: string | null;
  offlineSeconds: number | null;
  revoked: boolean;
}

const iso = (v: Date | null): string | null => (v ? v.toISOString() : null);

/** `hallId` limits the list to one hall (a hall manager's). */
export async function districtHalls(pool: Pool, hallId: string | null): Promise<DistrictHallRow[]> {
  const { rows } = await pool.query<{
    id: string;
    code: string;
    name: string;
    last_seq: string;
    head_seq: string;
    last_seen_at: Date | null;
    last_event_at: Date | null;
    revoked_at: Date | null;
    waiting: string | null;
    oldest: Date | null;
    open: string | null;
    now: Date;
  }>(
    `SELECT h.id, h.code, h.name, h.last_seq, h.head_seq, h.last_seen_at, h.last_event_at, h.revoked_at, w.waiting, w.oldest, c.open, now() AS now
     FROM halls h
     LEFT JOIN (SELECT hall_id, count(*) AS waiting, min(issued_at) AS oldest FROM tickets WHERE status = 'waiting' GROUP BY hall_id) w ON w.hall_id = h.id
     LEFT JOIN (SELECT hall_id, count(*) AS open FROM counters WHERE state <> 'closed' GROUP BY hall_id) c ON c.hall_id = h.id
     WHERE $1::text IS NULL OR h.id = $1
     ORDER BY h.code`,
    [hallId],
  );
  return rows.map((r) => {
    const now = r.now.getTime();
    const seen = r.last_seen_at?.getTime() ?? null;
    const online = seen !== null && now - seen <= ONLINE_MS;
    return {
      id: r.id,
      code: r.code,
      name: r.name,
      lastSeq: Number(r.last_seq),
      lastSeenAt: iso(r.last_seen_at),
      online,
      waiting: Number(r.waiting ?? 0),
      longestWaitSeconds: r.oldest ? Math.max(0, Math.round((now - r.oldest.getTime()) / 1000)) : null,
      countersOpen: Number(r.open ?? 0),
      headSeq: Number(r.head_seq),
      lagEvents: Math.max(0, Number(r.head_seq) - Number(r.last_seq)),
      lastEventAt: iso(r.last_event_at),
      offlineSeconds: online ? null : seen === null ? null : Math.round((now - seen) / 1000),
      revoked: r.revoked_at !== null,
    };
  });
}

/** One hall's live figures, read-only: per service waiting and longest wait, per counter state and current number. */
export async function hallDetail(pool: Pool, hallId: string) {
  const [services, counters, today] = await Promise.all([
    pool.query<{ id: string; name: string; waiting: string; oldest: Date | null }>(
      `SELECT s.id, s.name, count(t.id) AS waiting, min(t.issued_at) AS oldest
       FROM services s LEFT JOIN tickets t ON t.hall_id = s.hall_id AND t.service_id = s.id AND t.status = 'waiting'
       WHERE s.hall_id = $1 GROUP BY s.id, s.name ORDER BY s.name`,
      [hallId],
    ),
    pool.query<{ id: string; number: number; name: string | null; state: string; current: string | null }>(
      `SELECT c.id, c.number, c.name, c.state,
         (SELECT t.number FROM tickets t WHERE t.hall_id = c.hall_id AND t.counter_id = c.id AND t.status IN ('called', 'serving')
          ORDER BY t.called_at DESC LIMIT 1) AS current
       FROM counters c WHERE c.hall_id = $1 ORDER BY c.number`,
      [hallId],
    ),
    pool.query<{ issued: string; served: string; wait: number | null }>(
      `SELECT count(*) AS issued, count(*) FILTER (WHERE status = 'done') AS served,
         avg(extract(epoch FROM called_at - issued_at))::float8 AS wait
       FROM tickets WHERE hall_id = $1 AND issued_at >= now() - interval '24 hours'`,
      [hallId],
    ),
  ]);
  const now = Date.now();
  return {
    services: services.rows.map((s) => ({
      id: s.id,
      name: s.name,
      waiting: Number(s.waiting),
      longestWaitSeconds: s.oldest ? Math.max(0, Math.round((now - s.oldest.getTime()) / 1000)) : null,
    })),
    counters: counters.rows.map((c) => ({ id: c.id, number: c.number, name: c.name, state: c.state, currentNumber: c.current })),
    last24h: {
      issued: Number(today.rows[0]?.issued ?? 0),
      served: Number(today.rows[0]?.served ?? 0),
      waitMeanSeconds: today.rows[0]?.wait === null || today.rows[0]?.wait === undefined ? null : Math.round(today.rows[0].wait),
    },
  };
}

export const GROUP_BYS = ['hall', 'service', 'counter', 'staff', 'hour', 'day'] as const;
export type GroupBy = (typeof GROUP_BYS)[number];

/** The SQL key of each grouping (`t` a ticket or the rated ticket, `local` its hall-local time) and its label from the key `g.key`. */
const KEYS: Record<GroupBy, { key: string; label: string }> = {
  hall: { key: 't.hall_id', label: '(SELECT name FROM halls WHERE id = g.key)' },
  service: { key: 't.service_id', label: '(SELECT name FROM services s WHERE s.id = g.key LIMIT 1)' },
  counter: { key: 't.counter_id', label: "(SELECT coalesce(c.name || ' ', '') || c.number FROM counters c WHERE c.id = g.key LIMIT 1)" },
  staff: { key: 't.staff_id', label: '(SELECT name FROM staff s WHERE s.id = g.key LIMIT 1)' },
  hour: { key: "to_char(local, 'HH24')", label: 'g.key' },
  day: { key: "to_char(local, 'YYYY-MM-DD')", label: 'g.key' },
};

interface Figures {
  issued: number;
  served: number;
  noShow: number;
  cancelled: number;
  waitSeconds: { mean: number | null; p50: number | null; p90: number | null };
  serviceSeconds: { mean: number | null; p50: number | null; p90: number | null };
  serviceLevel: number | null;
  ratings: { count: number; byLevel: Record<'1' | '2' | '3' | '4' | '5', number>; satisfaction: number | null };
}

export interface SummaryRow extends Figures {
  key: string;
  label: string;
}

const round1 = (v: number | null): number | null => (v === null ? null : Math.round(v * 10) / 10);

/** The hall report's rows computed from the replicated tickets and ratings; days are hall-local in `timeZone`. */
export async function summary(pool: Pool, q: { from: string; to: string; groupBy: GroupBy; hallId: string | null; timeZone: string }) {
  const k = KEYS[q.groupBy];
  const params = [q.from, q.to, q.timeZone, q.hallId];
  const range = `t.local >= $1::date AND t.local < $2::date + 1 AND ($4::text IS NULL OR t.hall_id = $4)`;
  const tickets = await pool.query(
    `WITH t AS (SELECT t.*, (t.issued_at AT TIME ZONE $3) AS local,
        extract(epoch FROM t.called_at - t.issued_at)::float8 AS wait,
        CASE WHEN t.status = 'done' THEN extract(epoch FROM t.ended_at - t.called_at)::float8 END AS work,
        s.target_wait_minutes AS target
      FROM tickets t LEFT JOIN services s ON s.hall_id = t.hall_id AND s.id = t.service_id WHERE ($4::text IS NULL OR t.hall_id = $4)
        AND t.issued_at >= ($1::date - 1)::timestamp AT TIME ZONE 'UTC' AND t.issued_at < ($2::date + 2)::timestamp AT TIME ZONE 'UTC')
     SELECT g.*, ${k.label} AS label FROM (SELECT GROUPING(${k.key}) AS total, ${k.key} AS key,
       count(*) AS issued, count(*) FILTER (WHERE status = 'done') AS served, count(*) FILTER (WHERE status = 'no_show') AS no_show,
       count(*) FILTER (WHERE status = 'cancelled') AS cancelled,
       avg(wait) AS wait_mean, percentile_cont(0.5) WITHIN GROUP (ORDER BY wait) AS wait_p50, percentile_cont(0.9) WITHIN GROUP (ORDER BY wait) AS wait_p90,
       avg(work) AS work_mean, percentile_cont(0.5) WITHIN GROUP (ORDER BY work) AS work_p50, percentile_cont(0.9) WITHIN GROUP (ORDER BY work) AS work_p90,
       count(*) FILTER (WHERE wait IS NOT NULL AND target IS NOT NULL) AS level_of,
       count(*) FILTER (WHERE wait IS NOT NULL AND target IS NOT NULL AND wait <= target * 60) AS level_met
     FROM t WHERE ${range}
     GROUP BY GROUPING SETS ((${k.key}), ())) g`,
    params,
  );
  const ratings = await pool.query(
    `WITH t AS (SELECT r.level, r.hall_id, coalesce(r.service_id, tk.service_id) AS service_id, coalesce(r.counter_id, tk.counter_id) AS counter_id,
        tk.staff_id, (r.at AT TIME ZONE $3) AS local
      FROM ratings r LEFT JOIN tickets tk ON tk.hall_id = r.hall_id AND tk.id = r.ticket_id)
     SELECT g.*, ${k.label} AS label FROM (SELECT GROUPING(${k.key}) AS total, ${k.key} AS key, count(*) AS count,
       count(*) FILTER (WHERE level = 1) AS l1, count(*) FILTER (WHERE level = 2) AS l2, count(*) FILTER (WHERE level = 3) AS l3,
       count(*) FILTER (WHERE level = 4) AS l4, count(*) FILTER (WHERE level = 5) AS l5
     FROM t WHERE ${range}
     GROUP BY GROUPING SETS ((${k.key}), ())) g`,
    params,
  );
  const empty = (): Figures => ({
    issued: 0,
    served: 0,
    noShow: 0,
    cancelled: 0,
    waitSeconds: { mean: null, p50: null, p90: null },
    serviceSeconds: { mean: null, p50: null, p90: null },
    serviceLevel: null,
    ratings: { count: 0, byLevel: { '1': 0, '2': 0, '3': 0, '4': 0, '5': 0 }, satisfaction: null },
  });
  const rows = new Map<string, SummaryRow>();
  let total = empty();
  const slot = (r: { total: number; key: string | null; label: string | null }): Figures => {
    if (Number(r.total) === 1) return total;
    const key = r.key ?? '';
    let row = rows.get(key);
    if (!row) rows.set(key, (row = { key, label: r.label ?? key, ...empty() }));
    return row;
  };
  for (const r of tickets.rows) {
    const f = slot(r);
    f.issued = Number(r.issued);
    f.served = Number(r.served);
    f.noShow = Number(r.no_show);
    f.cancelled = Number(r.cancelled);
    f.waitSeconds = { mean: round1(r.wait_mean), p50: round1(r.wait_p50), p90: round1(r.wait_p90) };
    f.serviceSeconds = { mean: round1(r.work_mean), p50: round1(r.work_p50), p90: round1(r.work_p90) };
    f.serviceLevel = Number(r.level_of) ? Number(r.level_met) / Number(r.level_of) : null;
  }
  for (const r of ratings.rows) {
    const f = slot(r);
    const byLevel = { '1': Number(r.l1), '2': Number(r.l2), '3': Number(r.l3), '4': Number(r.l4), '5': Number(r.l5) };
    const count = Number(r.count);
    f.ratings = { count, byLevel, satisfaction: count ? (byLevel['4'] + byLevel['5']) / count : null };
  }
  if (!tickets.rows.length && !ratings.rows.length) total = empty();
  return { from: q.from, to: q.to, groupBy: q.groupBy, rows: [...rows.values()].sort((a, b) => a.key.localeCompare(b.key)), total };
}

/** Follow-ups of low ratings across halls; `overdue`: still open after their due day (hall-local today). */
export async function followUps(
  pool: Pool,
  q: { hallId: string | null; overdue: boolean; status: 'open' | 'resolved' | null; timeZone: string; limit: number },
) {
  const { rows } = await pool.query(
    `SELECT f.hall_id, h.code AS hall_code, h.name AS hall_name, f.id, f.ticket_id, f.number, f.level, f.service_id,
       (SELECT name FROM services s WHERE s.hall_id = f.hall_id AND s.id = f.service_id) AS service_name,
       f.opened_at, to_char(f.due_day, 'YYYY-MM-DD') AS due_day, f.status, f.resolved_at,
       f.status = 'open' AND f.due_day < (now() AT TIME ZONE $3)::date AS overdue
     FROM follow_ups f JOIN halls h ON h.id = f.hall_id
     WHERE ($1::text IS NULL OR f.hall_id = $1) AND ($2::text IS NULL OR f.status = $2)
       AND (NOT $4 OR (f.status = 'open' AND f.due_day < (now() AT TIME ZONE $3)::date))
     ORDER BY f.due_day, f.opened_at LIMIT $5`,
    [q.hallId, q.status, q.timeZone, q.overdue, q.limit],
  );
  return rows.map((r) => ({
    hallId: r.hall_id as string,
    hallCode: r.hall_code as string,
    hallName: r.hall_name as string,
    id: r.id as string,
    ticketId: r.ticket_id as string,
    number: r.number as string,
    level: Number(r.level),
    serviceId: r.service_id as string | null,
    serviceName: r.service_name as string | null,
    openedAt: (r.opened_at as Date).toISOString(),
    dueDay: r.due_day as string,
    status: r.status as string,
    resolvedAt: iso(r.resolved_at as Date | null),
    overdue: r.overdue as boolean,
  }));
}

/** The columns of the provincial 好差评 export (docs/district.md). */
export const RATING_EXPORT_COLUMNS = [
  'rating_id',
  'hall_code',
  'hall_name',
  'ticket_number',
  'service_code',
  'service_name',
  'counter_number',
  'level',
  'level_text',
  'channel',
  'tags',
  'rated_at',
  'follow_up_status',
] as const;
const LEVEL_TEXT = ['', '非常不满意', '不满意', '基本满意', '满意', '非常满意'];

export async function ratingsForExport(pool: Pool, q: { from: string; to: string; hallId: string | null; timeZone: string }): Promise<string[][]> {
  const { rows } = await pool.query(
    `SELECT h.code || '-' || r.seq AS rating_id, h.code, h.name, r.number, s.code AS service_code, s.name AS service_name, c.number AS counter_number,
       r.level, r.channel, r.tags, r.at, f.status AS follow_up_status
     FROM ratings r JOIN halls h ON h.id = r.hall_id
     LEFT JOIN services s ON s.hall_id = r.hall_id AND s.id = r.service_id
     LEFT JOIN counters c ON c.hall_id = r.hall_id AND c.id = r.counter_id
     LEFT JOIN follow_ups f ON f.hall_id = r.hall_id AND f.ticket_id = r.ticket_id
     WHERE (r.at AT TIME ZONE $3) >= $1::date AND (r.at AT TIME ZONE $3) < $2::date + 1 AND ($4::text IS NULL OR r.hall_id = $4)
     ORDER BY r.at, h.code`,
    [q.from, q.to, q.timeZone, q.hallId],
  );
  return rows.map((r) => [
    r.rating_id,
    r.code,
    r.name,
    r.number,
    r.service_code ?? '',
    r.service_name ?? '',
    r.counter_number === null ? '' : String(r.counter_number),
    String(r.level),
    LEVEL_TEXT[Number(r.level)] ?? '',
    r.channel ?? '',
    (r.tags as string[]).join('|'),
    (r.at as Date).toISOString(),
    r.follow_up_status ?? '',
  ]);
}

/** RFC 4180 CSV; a cell starting with = + - @ is prefixed with ' so spreadsheets do not run it. */
export function toCsv(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const cell = (v: string) => {
    const safe = /^[=+\-@]/.test(v) ? `'${v}` : v;
    return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
  };
  return [header, ...rows].map((r) => r.map(cell).join(',')).join('\r\n') + '\r\n';
}
