// The district's read side over PostgreSQL: all halls at once, one hall's figures, reports across halls, 好差评.
import type { Pool } from 'pg';
import { addFigures, bucketOf, emptyBadRatings, emptyFigures, summaryRow, type Figures, type SummaryCsvRow } from '../core/reports.ts';

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
  hour: { key: "to_char(t.local, 'HH24')", label: 'g.key' },
  day: { key: "to_char(t.local, 'YYYY-MM-DD')", label: 'g.key' },
};

/** The lower ends of the hall report's histogram buckets (core/reports.ts bucketOf), for width_bucket in SQL. */
const BUCKET_LOWER = Array.from({ length: 14_401 }, (_, s) => s).filter((s) => s === 0 || bucketOf(s) !== bucketOf(s - 1));

export type SummaryRow = SummaryCsvRow & { ratings: SummaryCsvRow['ratings'] & { byLevel: Record<'1' | '2' | '3' | '4' | '5', number> } };

/**
 * The hall report's rows computed from the replicated tickets and ratings; days are hall-local in `timeZone`. The
 * figures are the hall's own (core/reports.ts): counts and sums, and fixed-bucket histograms whose percentiles are
 * read as the hall reads them, so PostgreSQL only counts per key and bucket (no sort of every wait).
 */
export async function summary(pool: Pool, q: { from: string; to: string; groupBy: GroupBy; hallId: string | null; timeZone: string }) {
  const k = KEYS[q.groupBy];
  const params = [q.from, q.to, q.timeZone, q.hallId, BUCKET_LOWER];
  // The range as instants, so each row is compared as it is stored; local time only where the key needs it.
  const range = (at: string) => `${at} >= $1::date::timestamp AT TIME ZONE $3 AND ${at} < ($2::date + 1)::timestamp AT TIME ZONE $3`;
  const local = (at: string) => (q.groupBy === 'hour' || q.groupBy === 'day' ? `, (${at} AT TIME ZONE $3) AS local` : '');
  // The tickets' hall-local time is a column of the lateral w.
  const ticketKey = k.key.replace('t.local', 'w.local');
  // One read-only transaction: the per-key counts fit in memory (hashed, not sorted on disk), and compiling them
  // (JIT) costs more than it saves.
  const client = await pool.connect();
  let tickets, ratings;
  try {
    await client.query("BEGIN READ ONLY; SET LOCAL work_mem = '64MB'; SET LOCAL jit = off");
    tickets = await client.query(
      `SELECT GROUPING(wb, sb) AS set, c.key, wb, sb, sum(n) AS n, sum(n) FILTER (WHERE status = 'done') AS served,
         sum(n) FILTER (WHERE status = 'no_show') AS no_show, sum(n) FILTER (WHERE status = 'cancelled') AS cancelled, sum(called) AS called,
         sum(wait_sum) AS wait_sum, sum(worked) AS worked, sum(work_sum) AS work_sum, sum(targeted) AS targeted, sum(within) AS within,
         CASE WHEN GROUPING(wb, sb) = 3 THEN ${k.label.replaceAll('g.key', 'c.key')} END AS label
       FROM (SELECT ${ticketKey} AS key, status, width_bucket(w.wait, $5::float8[]) - 1 AS wb, width_bucket(w.work, $5::float8[]) - 1 AS sb,
           count(*) AS n, count(w.wait) AS called, sum(w.wait) AS wait_sum, count(w.work) AS worked, sum(w.work) AS work_sum,
           count(*) FILTER (WHERE w.wait IS NOT NULL AND s.target_wait_minutes IS NOT NULL) AS targeted,
           count(*) FILTER (WHERE w.wait <= s.target_wait_minutes * 60) AS within
         FROM tickets t LEFT JOIN services s ON s.hall_id = t.hall_id AND s.id = t.service_id,
           LATERAL (SELECT t.wait_seconds AS wait, t.service_seconds AS work${local('t.issued_at')}) w
         WHERE ($4::text IS NULL OR t.hall_id = $4) AND ${range('t.issued_at')}
         GROUP BY 1, 2, 3, 4) c
       GROUP BY GROUPING SETS ((c.key), (c.key, wb), (c.key, sb))`,
      params,
    );
    // A rating's service, counter and staff member come from its ticket when it does not name them.
    const viaTicket = q.groupBy === 'service' || q.groupBy === 'counter' || q.groupBy === 'staff';
    ratings = await client.query(
      `WITH t AS (SELECT r.level, r.hall_id${local('r.at')}${
        viaTicket
          ? `, coalesce(r.service_id, tk.service_id) AS service_id, coalesce(r.counter_id, tk.counter_id) AS counter_id, tk.staff_id
        FROM ratings r LEFT JOIN tickets tk ON tk.hall_id = r.hall_id AND tk.id = r.ticket_id`
          : ' FROM ratings r'
      }
        WHERE ($4::text IS NULL OR r.hall_id = $4) AND ${range('r.at')})
       SELECT g.*, ${k.label} AS label FROM (SELECT ${k.key} AS key, level, count(*) AS n FROM t GROUP BY 1, 2) g`,
      params.slice(0, 4),
    );
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
  const cells = new Map<string, { label: string; f: Figures }>();
  const cell = (r: { key: string | null; label: string | null }): Figures => {
    const key = r.key ?? '';
    let c = cells.get(key);
    if (!c) cells.set(key, (c = { label: key, f: emptyFigures() }));
    // Only a key's row of counts carries its label.
    if (r.label !== null) c.label = r.label;
    return c.f;
  };
  for (const r of tickets.rows) {
    const f = cell(r);
    const n = Number(r.n);
    // GROUPING(wb, sb): 1 a wait bucket, 2 a service-time bucket, 3 the key's counts and sums.
    if (Number(r.set) === 1) {
      if (r.wb !== null) f.waitHist[r.wb]! += n;
    } else if (Number(r.set) === 2) {
      if (r.sb !== null) f.serviceHist[r.sb]! += n;
    } else if (Number(r.set) === 3) {
      f.issued += n;
      f.served += Number(r.served);
      f.noShow += Number(r.no_show);
      f.cancelled += Number(r.cancelled);
      f.called += Number(r.called);
      f.waitSum += Number(r.wait_sum);
      f.servedTimed += Number(r.worked);
      f.serviceSum += Number(r.work_sum);
      f.targeted += Number(r.targeted);
      f.withinTarget += Number(r.within);
    }
  }
  for (const r of ratings.rows) {
    const level = Number(r.level);
    // As addRating: levels 1–5 count.
    if (level >= 1 && level <= 5) cell(r).ratings[level - 1]! += Number(r.n);
  }
  const total = emptyFigures();
  for (const c of cells.values()) addFigures(total, c.f);
  return {
    from: q.from,
    to: q.to,
    groupBy: q.groupBy,
    rows: [...cells].map(([key, c]) => row(key, c.label, c.f)).sort((a, b) => a.key.localeCompare(b.key)),
    total: row('', '', total),
  };
}

/** The contract's summary row of a cell, with the hall's own rounding and percentiles. */
function row(key: string, label: string, f: Figures): SummaryRow {
  const r = summaryRow(key, label, f, { peakWaiting: null, badRatings: emptyBadRatings() });
  return {
    key,
    label,
    issued: r.issued,
    served: r.served,
    noShow: r.noShow,
    cancelled: r.cancelled,
    waitSeconds: r.waitSeconds,
    serviceSeconds: r.serviceSeconds,
    serviceLevel: r.serviceLevel,
    ratings: r.ratings,
  };
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
