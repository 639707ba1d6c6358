// The figures the district derives from pushed batches (district/ingest.ts batchFigures): a ticket whose state changes
// across batches, values of the wrong JSON type, and the report across halls read as the hall reads its own figures.
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addRating, addTicket, emptyBadRatings, emptyFigures, summaryRow } from '../../core/reports.ts';
import { startDistrictServer, type DistrictServer } from '../../district/server.ts';
import { districtMigrations, migrate } from '../../district/migrate.ts';
import { summary } from '../../district/queries.ts';
import { usePostgres } from '../helpers/postgres.ts';
import { DISTRICT_ADMIN, DistrictApi } from './district-helpers.ts';

const pgCluster = usePostgres();
let dbUrl: string;
let district: DistrictServer;
let admin: DistrictApi;

beforeAll(async () => {
  dbUrl = await pgCluster.current.createDatabase('figures');
  district = await startDistrictServer({ databaseUrl: dbUrl, port: 0, adminPassword: DISTRICT_ADMIN, log: () => undefined });
  admin = await DistrictApi.signIn(district.url);
}, 60_000);

afterAll(async () => {
  await district?.close();
});

const DAY = '2026-12-07';
const at = (hhmmss: string) => `${DAY}T${hhmmss}.000+08:00`;
const iso = (hhmmss: string) => new Date(at(hhmmss)).toISOString();

async function newHall(code: string) {
  const { id, token } = await admin.json<{ id: string; token: string }>('POST', '/api/v1/halls', { code, name: `${code} 便民服务中心` });
  const api = new DistrictApi(district.url, token);
  let seq = 0;
  const push = async (events: { type: string; at: string; data: unknown }[]) => {
    const res = await api.send('POST', `/api/v1/district/halls/${id}/events`, { events: events.map((e) => ({ seq: ++seq, ...e })) });
    expect(res.status).toBe(200);
  };
  return { id, push };
}

const ticket = (id: string, status: string, issuedAt: string, calledAt: string | null, endedAt: string | null) => ({
  id,
  number: 'A001',
  serviceId: 'svc-1',
  status,
  issuedAt: iso(issuedAt),
  calledAt: calledAt && iso(calledAt),
  endedAt: endedAt && iso(endedAt),
  counterId: calledAt ? 'ctr-1' : null,
  maskedIdNumber: null,
});

async function rows<T>(sql: string, params: unknown[]): Promise<T[]> {
  const client = new pg.Client({ connectionString: dbUrl });
  await client.connect();
  try {
    return (await client.query(sql, params)).rows as T[];
  } finally {
    await client.end();
  }
}

describe('figures from pushed batches', () => {
  it('a ticket whose state changes across batches is counted once, in its last state, and keeps who called it', async () => {
    const hall = await newHall('figures-1');
    await hall.push([
      { type: 'service.created', at: iso('08:00:00'), data: { service: { id: 'svc-1', code: 's1', name: '社保', targetWaitMinutes: 10 } } },
      { type: 'ticket.issued', at: iso('09:00:00'), data: { ticket: ticket('t-1', 'waiting', '09:00:00', null, null) } },
      { type: 'ticket.issued', at: iso('09:01:00'), data: { ticket: ticket('t-2', 'waiting', '09:01:00', null, null) } },
      {
        type: 'ticket.called',
        at: iso('09:12:30'),
        data: { ticket: ticket('t-1', 'called', '09:00:00', '09:12:30', null), calledBy: { id: 'staff-1', name: '王*' } },
      },
    ]);
    // The next batch completes t-1 (no caller named), calls and completes t-2, rates t-1.
    await hall.push([
      { type: 'ticket.completed', at: iso('09:20:00'), data: { ticket: ticket('t-1', 'done', '09:00:00', '09:12:30', '09:20:00') } },
      {
        type: 'ticket.called',
        at: iso('09:02:00'),
        data: { ticket: ticket('t-2', 'called', '09:01:00', '09:02:00', null), calledBy: { id: 'staff-2', name: '李*' } },
      },
      { type: 'ticket.completed', at: iso('09:05:00'), data: { ticket: ticket('t-2', 'done', '09:01:00', '09:02:00', '09:05:00') } },
      { type: 'ticket.rated', at: iso('09:21:00'), data: { ticketId: 't-1', number: 'A001', level: 5, tags: [], serviceId: 'svc-1' } },
    ]);
    const stored = await rows<{ id: string; status: string; staff_id: string; ended_at: Date }>(
      'SELECT id, status, staff_id, ended_at FROM tickets WHERE hall_id = $1 ORDER BY id',
      [hall.id],
    );
    expect(stored.map((t) => [t.id, t.status, t.staff_id, t.ended_at.toISOString()])).toEqual([
      ['t-1', 'done', 'staff-1', iso('09:20:00')],
      ['t-2', 'done', 'staff-2', iso('09:05:00')],
    ]);

    // The hall's own figures of the same two tickets and rating (core/reports.ts), as the hall's report reads them.
    const f = emptyFigures();
    const fact = (issued: string, called: string, ended: string) => ({
      status: 'done' as const,
      transferred: false,
      appointment: false,
      lateArrival: false,
      offline: false,
      issuedAt: Date.parse(at(issued)),
      firstCalledAt: Date.parse(at(called)),
      calledAt: Date.parse(at(called)),
      endedAt: Date.parse(at(ended)),
      targetSeconds: 600,
      endedByDayEnd: false,
    });
    addTicket(f, fact('09:00:00', '09:12:30', '09:20:00'));
    addTicket(f, fact('09:01:00', '09:02:00', '09:05:00'));
    addRating(f, 5);
    const hallRow = summaryRow(hall.id, 'figures-1 便民服务中心', f, { peakWaiting: null, badRatings: emptyBadRatings() });

    const report = await admin.json<{ rows: Record<string, unknown>[] }>(
      'GET',
      `/api/v1/district/reports/summary?from=${DAY}&to=${DAY}&groupBy=hall&hallId=${hall.id}`,
    );
    expect(report.rows).toEqual([
      {
        key: hallRow.key,
        label: hallRow.label,
        issued: 2,
        served: 2,
        noShow: 0,
        cancelled: 0,
        waitSeconds: hallRow.waitSeconds,
        serviceSeconds: hallRow.serviceSeconds,
        serviceLevel: hallRow.serviceLevel,
        ratings: hallRow.ratings,
      },
    ]);
    // One of two called within the 10 minutes the service sets; waits of 750 s and 60 s.
    expect(hallRow.serviceLevel).toBe(0.5);
    expect(hallRow.waitSeconds.mean).toBe(405);
  });

  it('values of the wrong JSON type count as absent and do not stop the batch', async () => {
    const hall = await newHall('figures-2');
    await hall.push([
      { type: 'ticket.issued', at: iso('10:00:00'), data: { ticket: { ...ticket('t-3', 'waiting', '10:00:00', null, null), number: 7 } } },
      { type: 'ticket.issued', at: iso('10:01:00'), data: { ticket: ticket('t-4', 'waiting', '10:01:00', null, null) } },
      { type: 'ticket.rated', at: iso('10:02:00'), data: { ticketId: 't-4', level: '5' } },
      { type: 'ticket.rated', at: iso('10:02:00'), data: { ticketId: 't-4', level: 0 } },
      { type: 'counter.opened', at: iso('10:03:00'), data: { counter: { id: 'ctr-9', number: '9', state: 'open' } } },
      { type: 'counter.opened', at: iso('10:03:00'), data: { counter: { id: 'ctr-8', number: 8, name: 3, state: 'open' } } },
      { type: 'service.created', at: iso('10:04:00'), data: { service: { id: 'svc-9', name: '公积金', targetWaitMinutes: '15' } } },
      { type: 'ticket.called', at: iso('10:05:00'), data: ['not', 'an', 'object'] },
    ]);
    expect(await rows('SELECT id FROM tickets WHERE hall_id = $1', [hall.id])).toEqual([{ id: 't-4' }]);
    expect(await rows('SELECT count(*)::int AS n FROM ratings WHERE hall_id = $1', [hall.id])).toEqual([{ n: 0 }]);
    expect(await rows('SELECT id, number, name FROM counters WHERE hall_id = $1', [hall.id])).toEqual([{ id: 'ctr-8', number: 8, name: null }]);
    expect(await rows('SELECT id, target_wait_minutes FROM services WHERE hall_id = $1', [hall.id])).toEqual([{ id: 'svc-9', target_wait_minutes: null }]);
    expect(await rows('SELECT count(*)::int AS n FROM events WHERE hall_id = $1', [hall.id])).toEqual([{ n: 8 }]);
  });

  it('a rating comment or follow-up note pushed in clear is withheld from the stored event', async () => {
    const hall = await newHall('figures-3');
    await hall.push([
      { type: 'ticket.rated', at: iso('11:00:00'), data: { ticketId: 't-5', level: 1, tags: [], comment: '王小明办事很慢' } },
      { type: 'followup.resolved', at: iso('11:30:00'), data: { followUp: { id: 'f-1', resolutionNote: '已电话联系王小明' } } },
    ]);
    const stored = await rows<{ text: string }>('SELECT data::text AS text FROM events WHERE hall_id = $1', [hall.id]);
    expect(stored).toHaveLength(2);
    for (const e of stored) expect(e.text).not.toContain('王小明');
  });

  it('an existing database gets the seconds of the tickets it already holds, and reports them', async () => {
    const url = await pgCluster.current.createDatabase('before_seconds');
    const pool = new pg.Pool({ connectionString: url });
    try {
      const all = districtMigrations();
      const seconds = all.find((m) => m.name === 'ingest_ticket_seconds')!;
      await migrate(
        pool,
        all.filter((m) => m.version < seconds.version),
      );
      await pool.query("INSERT INTO halls (id, code, name) VALUES ('h1', 'old', '老大厅')");
      await pool.query(
        `INSERT INTO tickets (hall_id, id, number, service_id, status, issued_at, called_at, ended_at) VALUES
           ('h1', 't1', 'A001', 's1', 'done', $1, $2, $3), ('h1', 't2', 'A002', 's1', 'waiting', $1, NULL, NULL)`,
        [iso('09:00:00'), iso('09:03:20'), iso('09:08:20')],
      );
      expect(await migrate(pool)).toEqual([seconds.version, ...all.filter((m) => m.version > seconds.version).map((m) => m.version)]);
      const { rows } = await pool.query('SELECT id, wait_seconds, service_seconds FROM tickets ORDER BY id');
      expect(rows).toEqual([
        { id: 't1', wait_seconds: 200, service_seconds: 300 },
        { id: 't2', wait_seconds: null, service_seconds: null },
      ]);
      const report = await summary(pool, { from: DAY, to: DAY, groupBy: 'hall', hallId: null, timeZone: 'Asia/Shanghai' });
      expect(report.total).toMatchObject({ issued: 2, served: 1, waitSeconds: { mean: 200 }, serviceSeconds: { mean: 300 } });
    } finally {
      await pool.end();
    }
  });
});
