// The district server's endpoints on the hall's typed router: halls and their tokens, ingest, dashboard, reports, 好差评.
import { randomBytes, randomUUID } from 'node:crypto';
import type { Pool } from 'pg';
import { z } from 'zod';
import { HallError, conflict, forbidden, notFound } from '../core/errors.ts';
import type { Actor, Role } from '../core/model.ts';
import { passwordProblem } from '../core/password-policy.ts';
import { SUMMARY_CSV_HEADER, summaryCsvValues } from '../core/reports.ts';
import { TYPE_CODE } from '../core/certificates.ts';
import { PublishedCertificateTypes } from '../core/district.ts';
import { MAX_DISTRICT_MATTERS, parseDistrictMatters } from '../core/district-matters.ts';
import { MATTER_CODE } from '../core/matters.ts';
import { hashPassword, tokenHash, verifyPassword } from '../server/auth.ts';
import { route, type RouteDef } from '../server/http.ts';
import { ingestBatch, type HallEvent } from './ingest.ts';
import { GROUP_BYS, RATING_EXPORT_COLUMNS, districtHalls, followUps, hallDetail, ratingsForExport, summary, toCsv } from './queries.ts';

/** District roles: a district manager sees every hall, a hall manager one hall, a hall token replicates that hall. */
export type DistrictRole = 'district_manager' | 'hall_manager' | 'hall';
export interface DistrictActor extends Actor {
  /** The hall a hall manager or a hall token belongs to; null for district managers. */
  hallId: string | null;
}

/** The hall's router compares roles as strings; the district's are its own. */
const roles = (...r: DistrictRole[]) => r as unknown as readonly Role[];
const MANAGERS = roles('district_manager', 'hall_manager');
const SESSION_MS = 12 * 3600_000;

export interface DistrictContext {
  pool: Pool;
  timeZone: string;
  openapi: () => unknown;
}

const newToken = () => randomBytes(32).toString('base64url');

/**
 * Failed sign-ins per username and address, in this server's memory (as on a hall): 5 free, then each further one
 * waits 1 s, 2 s, 4 s … up to 5 min; forgotten 30 min after the last failure.
 */
class LoginThrottle {
  private readonly failures = new Map<string, { n: number; last: number }>();
  waitSeconds(key: string, now: number): number {
    const f = this.failures.get(key);
    if (!f || now - f.last > 30 * 60_000) return 0;
    if (f.n < 5) return 0;
    return Math.max(0, Math.ceil((f.last + Math.min(300_000, 1000 * 2 ** (f.n - 5)) - now) / 1000));
  }
  fail(key: string, now: number): void {
    const f = this.failures.get(key);
    this.failures.set(key, { n: f && now - f.last <= 30 * 60_000 ? f.n + 1 : 1, last: now });
    if (this.failures.size > 50_000) this.failures.delete(this.failures.keys().next().value!);
  }
  clear(key: string): void {
    this.failures.delete(key);
  }
}
const who = (a: Actor) => a as DistrictActor;

/** The hall a request may read: a hall manager only their own, a district manager any (null: all). */
function scopeHall(actor: Actor, asked: string | null): string | null {
  const a = who(actor);
  if (a.role === ('hall_manager' as Role)) {
    if (asked && asked !== a.hallId) throw forbidden('OTHER_HALL', 'a hall manager sees only their own hall');
    return a.hallId;
  }
  return asked;
}

const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a date YYYY-MM-DD');
const reportQuery = z.object({
  from: day,
  to: day,
  groupBy: z.enum(GROUP_BYS).default('hall'),
  hallId: z.string().max(64).optional(),
  format: z.enum(['json', 'csv']).default('json'),
});

function parseQuery<S extends z.ZodType>(schema: S, query: URLSearchParams): z.output<S> {
  const parsed = schema.safeParse(Object.fromEntries(query));
  if (!parsed.success) {
    const i = parsed.error.issues[0]!;
    const field = i.path.join('.') || 'query';
    throw new HallError(400, 'VALIDATION_FAILED', `${field}: ${i.message}`, { field });
  }
  return parsed.data;
}

/** What is wrong with one pushed event `{seq, type, at, data}`, or null. */
function eventProblem(e: unknown): { key: string; message: string } | null {
  if (!e || typeof e !== 'object' || Array.isArray(e)) return { key: '', message: 'an event {seq, type, at, data}' };
  const { seq, type, at, data } = e as Record<string, unknown>;
  if (typeof seq !== 'number' || !Number.isSafeInteger(seq) || seq < 1) return { key: 'seq', message: 'a positive whole number' };
  if (typeof type !== 'string' || type.length < 1 || type.length > 64) return { key: 'type', message: 'text of 1 to 64 characters' };
  if (typeof at !== 'string' || at.length > 40 || Number.isNaN(Date.parse(at))) return { key: 'at', message: 'an ISO-8601 time' };
  if (data === undefined) return { key: 'data', message: 'required' };
  return null;
}

/**
 * A batch is up to 10,000 events, checked by one loop rather than a schema per event: at that size the per-object
 * schema cost the single server thread more than PostgreSQL spent storing the batch.
 */
const eventsSchema = z
  .array(z.unknown())
  .max(10_000)
  .superRefine((events, ctx) => {
    for (let i = 0; i < events.length; i++) {
      const problem = eventProblem(events[i]);
      if (problem) {
        ctx.addIssue({ code: 'custom', path: problem.key ? [i, problem.key] : [i], message: problem.message });
        return;
      }
    }
  })
  .transform((events) => events as HallEvent[])
  .describe('the events in seq order: [{seq, type, at, data}]');
const ingestBody = z.object({ events: eventsSchema, headSeq: z.number().int().nonnegative().optional() });

const isUniqueViolation = (e: unknown) => (e as { code?: string })?.code === '23505';

/** CSV replies write the response themselves (the router answers JSON). */
function sendCsv(ctx: { response: import('node:http').ServerResponse }, name: string, text: string) {
  ctx.response.writeHead(200, {
    'content-type': 'text/csv; charset=utf-8',
    'content-disposition': `attachment; filename="${name}"`,
    'cache-control': 'no-store',
    'x-content-type-options': 'nosniff',
  });
  ctx.response.end(`\ufeff${text}`);
  return { status: 200, body: null };
}

export function districtRoutes(c: DistrictContext): RouteDef[] {
  const { pool } = c;
  const throttle = new LoginThrottle();
  /** Spent on unknown usernames too, so the answer's time does not tell which names exist. */
  const dummyHash = hashPassword(randomBytes(16).toString('hex'));
  return [
    route({
      method: 'GET',
      path: '/api/v1/health',
      roles: 'public',
      summary: 'Liveness',
      tag: 'district',
      handler: () => ({ status: 200, body: { ok: true } }),
    }),
    route({
      method: 'GET',
      path: '/api/v1/openapi.json',
      roles: 'public',
      summary: 'This description',
      tag: 'district',
      handler: () => ({ status: 200, body: c.openapi() }),
    }),
    route({
      method: 'POST',
      path: '/api/v1/auth/login',
      roles: 'public',
      summary: 'Sign in as a district or hall manager',
      tag: 'auth',
      body: z.object({ username: z.string().min(1).max(64), password: z.string().min(1).max(256) }),
      errors: [401, 429],
      handler: async ({ body, ip }) => {
        const key = `${body.username}|${ip}`;
        const wait = throttle.waitSeconds(key, Date.now());
        if (wait > 0) throw new HallError(429, 'TOO_MANY_ATTEMPTS', `too many failed sign-ins: wait ${wait} s and try again`, { retryAfterSeconds: wait });
        const { rows } = await pool.query('SELECT id, username, password_hash, role, hall_id, disabled FROM district_users WHERE username = $1', [
          body.username,
        ]);
        const u = rows[0];
        const ok = (await verifyPassword(body.password, u?.password_hash ?? (await dummyHash))) && u && !u.disabled;
        if (!ok) {
          throttle.fail(key, Date.now());
          throw new HallError(401, 'BAD_CREDENTIALS', 'wrong username or password: check them and try again');
        }
        throttle.clear(key);
        const token = newToken();
        await pool.query('INSERT INTO district_sessions (token_hash, user_id, expires_at) VALUES ($1, $2, $3)', [
          tokenHash(token),
          u.id,
          new Date(Date.now() + SESSION_MS),
        ]);
        return { status: 200, body: { token, user: { id: u.id, username: u.username, role: u.role, hallId: u.hall_id } } };
      },
    }),
    route({
      method: 'POST',
      path: '/api/v1/auth/logout',
      roles: MANAGERS,
      summary: 'Sign out',
      tag: 'auth',
      handler: async ({ token }) => {
        await pool.query('DELETE FROM district_sessions WHERE token_hash = $1', [tokenHash(token ?? '')]);
        return { status: 200, body: { ok: true } };
      },
    }),
    route({
      method: 'GET',
      path: '/api/v1/auth/me',
      roles: MANAGERS,
      summary: 'Who is signed in',
      tag: 'auth',
      handler: ({ actor }) => ({ status: 200, body: { id: actor.id, username: actor.name, role: actor.role, hallId: who(actor).hallId } }),
    }),
    route({
      method: 'POST',
      path: '/api/v1/users',
      roles: roles('district_manager'),
      summary: 'Create a district or hall manager',
      tag: 'auth',
      body: z
        .object({
          username: z.string().regex(/^[\w.-]{2,64}$/, 'letters, digits, . _ -'),
          password: z.string().min(1).max(256),
          role: z.enum(['district_manager', 'hall_manager']),
          hallId: z.string().max(64).optional(),
        })
        .refine((b) => (b.role === 'hall_manager') === (b.hallId !== undefined), {
          message: 'a hall manager needs hallId, a district manager none',
          path: ['hallId'],
        }),
      ok: { status: 201, description: 'the user' },
      errors: [409],
      handler: async ({ body }) => {
        const problem = passwordProblem(body.password, body.username);
        if (problem) throw new HallError(400, 'VALIDATION_FAILED', `password: ${problem}`, { field: 'password' });
        if (body.hallId && !(await pool.query('SELECT 1 FROM halls WHERE id = $1', [body.hallId])).rowCount) throw notFound('hall', body.hallId);
        const id = randomUUID();
        try {
          await pool.query('INSERT INTO district_users (id, username, password_hash, role, hall_id) VALUES ($1, $2, $3, $4, $5)', [
            id,
            body.username,
            await hashPassword(body.password),
            body.role,
            body.hallId ?? null,
          ]);
        } catch (e) {
          if (isUniqueViolation(e)) throw conflict('USERNAME_TAKEN', `username ${body.username} is taken: choose another`);
          throw e;
        }
        return { status: 201, body: { id, username: body.username, role: body.role, hallId: body.hallId ?? null } };
      },
    }),
    route({
      method: 'POST',
      path: '/api/v1/halls',
      roles: roles('district_manager'),
      summary: 'Register a hall and issue its replication token',
      tag: 'halls',
      body: z.object({ code: z.string().regex(/^[\w-]{1,32}$/, 'letters, digits, _ and -, up to 32'), name: z.string().min(1).max(100) }),
      ok: { status: 201, description: '{id, token}: the token is shown only now' },
      errors: [409],
      handler: async ({ body }) => {
        const id = randomUUID();
        const token = newToken();
        try {
          await pool.query('INSERT INTO halls (id, code, name, token_hash) VALUES ($1, $2, $3, $4)', [id, body.code, body.name, tokenHash(token)]);
        } catch (e) {
          if (isUniqueViolation(e)) throw conflict('HALL_CODE_TAKEN', `hall code ${body.code} is registered already: choose another`);
          throw e;
        }
        return { status: 201, body: { id, token } };
      },
    }),
    route({
      method: 'POST',
      path: '/api/v1/halls/:id/token',
      roles: roles('district_manager'),
      summary: 'Rotate a hall token (the old one stops at once)',
      tag: 'halls',
      ok: { status: 200, description: '{id, token}' },
      errors: [404],
      handler: async ({ params }) => {
        const token = newToken();
        const r = await pool.query('UPDATE halls SET token_hash = $2, token_issued_at = now(), revoked_at = NULL WHERE id = $1', [params.id, tokenHash(token)]);
        if (!r.rowCount) throw notFound('hall', params.id!);
        return { status: 200, body: { id: params.id, token } };
      },
    }),
    route({
      method: 'POST',
      path: '/api/v1/halls/:id/revoke',
      roles: roles('district_manager'),
      summary: 'Revoke a hall token',
      tag: 'halls',
      errors: [404],
      handler: async ({ params }) => {
        const r = await pool.query('UPDATE halls SET token_hash = NULL, revoked_at = now() WHERE id = $1', [params.id]);
        if (!r.rowCount) throw notFound('hall', params.id!);
        return { status: 200, body: { id: params.id, revoked: true } };
      },
    }),
    route({
      method: 'GET',
      path: '/api/v1/district/halls',
      roles: MANAGERS,
      summary: 'All halls at a glance (a hall manager: theirs)',
      tag: 'district',
      handler: async ({ actor }) => ({ status: 200, body: await districtHalls(pool, scopeHall(actor, null)) }),
    }),
    route({
      method: 'GET',
      path: '/api/v1/district/halls/:id',
      roles: MANAGERS,
      summary: "One hall's live figures, read-only",
      tag: 'district',
      errors: [404],
      handler: async ({ actor, params }) => {
        const [hall] = await districtHalls(pool, scopeHall(actor, params.id!));
        if (!hall) throw notFound('hall', params.id!);
        return { status: 200, body: { ...hall, ...(await hallDetail(pool, hall.id)) } };
      },
    }),
    route({
      method: 'GET',
      path: '/api/v1/district/me',
      roles: roles('hall'),
      summary: 'The hall this token replicates, and its acknowledged seq',
      tag: 'replication',
      handler: async ({ actor }) => {
        const { rows } = await pool.query('SELECT id, code, name, last_seq FROM halls WHERE id = $1', [who(actor).hallId]);
        const h = rows[0];
        return { status: 200, body: { id: h.id, code: h.code, name: h.name, lastSeq: Number(h.last_seq) } };
      },
    }),
    route({
      method: 'POST',
      path: '/api/v1/district/halls/:id/events',
      roles: roles('hall'),
      summary: "Push a batch of the hall's events in seq order",
      tag: 'replication',
      body: ingestBody,
      bodyLimit: 16 * 1024 * 1024,
      errors: [403],
      handler: async ({ actor, params, body, rawBody }) => {
        if (params.id !== who(actor).hallId)
          throw forbidden('OTHER_HALL', "a hall token writes only its own hall's events: use your hall's id (GET /api/v1/district/me)");
        const client = await pool.connect();
        try {
          return { status: 200, body: await ingestBatch(client, params.id!, body.events, body.headSeq ?? null, rawBody) };
        } finally {
          client.release();
        }
      },
    }),
    route({
      method: 'GET',
      path: '/api/v1/district/reports/summary',
      roles: MANAGERS,
      summary: "The hall report's figures across halls (groupBy=hall, service, counter, staff, hour, day)",
      tag: 'district',
      handler: async (ctx) => {
        const q = parseQuery(reportQuery, ctx.query);
        if (q.to < q.from) throw new HallError(400, 'VALIDATION_FAILED', 'to: on or after from', { field: 'to' });
        const report = await summary(pool, {
          from: q.from,
          to: q.to,
          groupBy: q.groupBy,
          hallId: scopeHall(ctx.actor, q.hallId ?? null),
          timeZone: c.timeZone,
        });
        if (q.format === 'json') return { status: 200, body: report };
        const rows = report.rows.map((r) => summaryCsvValues(r).map((v) => (v === null ? '' : String(v))));
        return sendCsv(ctx, `district-summary-${q.from}-${q.to}.csv`, toCsv([...SUMMARY_CSV_HEADER], rows));
      },
    }),
    route({
      method: 'GET',
      path: '/api/v1/district/follow-ups',
      roles: MANAGERS,
      summary: '好差评 follow-ups across halls (overdue=true: open past their due day)',
      tag: 'district',
      handler: async ({ actor, query }) => {
        const q = parseQuery(
          z.object({
            hallId: z.string().max(64).optional(),
            overdue: z.enum(['true', 'false']).default('false'),
            status: z.enum(['open', 'resolved']).optional(),
            limit: z.coerce.number().int().min(1).max(1000).default(200),
          }),
          query,
        );
        const items = await followUps(pool, {
          hallId: scopeHall(actor, q.hallId ?? null),
          overdue: q.overdue === 'true',
          status: q.status ?? null,
          timeZone: c.timeZone,
          limit: q.limit,
        });
        return { status: 200, body: { items, nextCursor: null } };
      },
    }),
    route({
      method: 'GET',
      path: '/api/v1/district/ratings/export',
      roles: MANAGERS,
      summary: '好差评 ratings as CSV for the provincial platform (docs/district.md)',
      tag: 'district',
      handler: async (ctx) => {
        const q = parseQuery(z.object({ from: day, to: day, hallId: z.string().max(64).optional() }), ctx.query);
        const rows = await ratingsForExport(pool, { from: q.from, to: q.to, hallId: scopeHall(ctx.actor, q.hallId ?? null), timeZone: c.timeZone });
        return sendCsv(ctx, `ratings-${q.from}-${q.to}.csv`, toCsv(RATING_EXPORT_COLUMNS, rows));
      },
    }),
    route({
      method: 'GET',
      path: '/api/v1/district/calendar',
      roles: roles('district_manager', 'hall_manager', 'hall'),
      summary: 'The published district calendar (holidays, 调休 make-up working days)',
      tag: 'catalogue',
      handler: async () => {
        const { rows } = await pool.query('SELECT version, holidays, workdays, published_at FROM calendar_versions ORDER BY version DESC LIMIT 1');
        const r = rows[0];
        return {
          status: 200,
          body: r
            ? { version: r.version, holidays: r.holidays, extraWorkdays: r.workdays, publishedAt: r.published_at.toISOString() }
            : { version: 0, holidays: [], extraWorkdays: [], publishedAt: null },
        };
      },
    }),
    route({
      method: 'PUT',
      path: '/api/v1/district/calendar',
      roles: roles('district_manager'),
      summary: 'Publish a new calendar version for every hall',
      tag: 'catalogue',
      body: z.object({ holidays: z.array(day).max(400), extraWorkdays: z.array(day).max(400) }),
      handler: async ({ actor, body }) => {
        const { rows } = await pool.query(
          'INSERT INTO calendar_versions (holidays, workdays, published_by) VALUES ($1, $2, $3) RETURNING version, published_at',
          [JSON.stringify([...new Set(body.holidays)].sort()), JSON.stringify([...new Set(body.extraWorkdays)].sort()), actor.id],
        );
        return {
          status: 200,
          body: { version: rows[0].version, holidays: body.holidays, extraWorkdays: body.extraWorkdays, publishedAt: rows[0].published_at.toISOString() },
        };
      },
    }),
    route({
      method: 'GET',
      path: '/api/v1/district/catalogue/certificate-types',
      roles: roles('district_manager', 'hall_manager', 'hall'),
      summary: 'The published certificate types halls apply, and (managers) which halls keep their own edit of which',
      tag: 'catalogue',
      ok: {
        status: 200,
        description:
          '{version, items:[{code, name, fields, template, periods, validityDays, dailyLimit}], publishedAt, overrides:[{hallId, hallCode, hallName, codes}]}',
      },
      handler: async ({ actor }) => ({ status: 200, body: await latestCatalogue(pool, 'certificate_types', actor) }),
    }),
    route({
      method: 'PUT',
      path: '/api/v1/district/catalogue/certificate-types',
      roles: roles('district_manager'),
      summary: 'Publish a new version of the certificate types for every hall (a hall keeps the types it edited itself)',
      tag: 'catalogue',
      body: z.object({ items: PublishedCertificateTypes }),
      ok: { status: 200, description: '{version, items, publishedAt}' },
      errors: [409],
      handler: async ({ actor, body }) => ({ status: 200, body: await publishCatalogue(pool, 'certificate_types', body.items, actor) }),
    }),
    route({
      method: 'GET',
      path: '/api/v1/district/catalogue/matters',
      roles: roles('district_manager', 'hall_manager', 'hall'),
      summary: 'The published matter catalogue (办事指南) halls apply, and (managers) which halls keep their own edit of which matter',
      tag: 'catalogue',
      ok: {
        status: 200,
        description:
          '{version, items:[{code, name, department, category, …the hall matter fields, serviceCode}], publishedAt, overrides:[{hallId, hallCode, hallName, codes}]}',
      },
      handler: async ({ actor }) => ({ status: 200, body: await latestCatalogue(pool, 'matters', actor) }),
    }),
    route({
      method: 'PUT',
      path: '/api/v1/district/catalogue/matters',
      roles: roles('district_manager'),
      summary:
        'Publish a new version of the matter catalogue for every hall: every item is checked first; a bad one is a 400 naming its field (items[3].legalDays)',
      tag: 'catalogue',
      body: z.object({ items: z.array(z.unknown()).max(MAX_DISTRICT_MATTERS) }),
      bodyLimit: 8 * 1024 * 1024,
      ok: { status: 200, description: '{version, items, publishedAt}' },
      errors: [400, 409],
      handler: async ({ actor, body }) => ({ status: 200, body: await publishCatalogue(pool, 'matters', parseDistrictMatters(body.items), actor) }),
    }),
    route({
      method: 'PUT',
      path: '/api/v1/district/halls/:id/overrides',
      roles: roles('hall'),
      summary: 'A hall reports the catalogue codes it keeps its own edit of',
      tag: 'catalogue',
      body: z.discriminatedUnion('kind', [
        z.object({ kind: z.literal('certificate_types'), codes: z.array(TYPE_CODE).max(500) }),
        z.object({ kind: z.literal('matters'), codes: z.array(MATTER_CODE).max(MAX_DISTRICT_MATTERS) }),
      ]),
      // Up to 2,000 matter codes of up to 64 characters.
      bodyLimit: 256 * 1024,
      errors: [403],
      handler: async ({ actor, params, body }) => {
        if (params.id !== who(actor).hallId) throw forbidden('OTHER_HALL', "a hall token reports only its own hall's overrides");
        await pool.query(
          `INSERT INTO hall_overrides (hall_id, kind, codes) VALUES ($1, $2, $3)
           ON CONFLICT (hall_id, kind) DO UPDATE SET codes = excluded.codes, reported_at = now()`,
          [params.id, body.kind, JSON.stringify([...new Set(body.codes)].sort())],
        );
        return { status: 200, body: { kind: body.kind, codes: body.codes } };
      },
    }),
  ];
}

type CatalogueKind = 'certificate_types' | 'matters';

/** The latest published version of a catalogue, and (for managers) which halls keep their own edit of which code. */
async function latestCatalogue(pool: Pool, kind: CatalogueKind, actor: Actor) {
  const { rows } = await pool.query('SELECT version, items, published_at FROM catalogue_versions WHERE kind = $1 ORDER BY version DESC LIMIT 1', [kind]);
  const r = rows[0];
  const overrides =
    actor.role === ('hall' as Role)
      ? []
      : (
          await pool.query(
            `SELECT h.id, h.code, h.name, o.codes FROM hall_overrides o JOIN halls h ON h.id = o.hall_id
             WHERE o.kind = $2 AND jsonb_array_length(o.codes) > 0 AND ($1::text IS NULL OR h.id = $1) ORDER BY h.code`,
            [scopeHall(actor, null), kind],
          )
        ).rows.map((o) => ({ hallId: o.id, hallCode: o.code, hallName: o.name, codes: o.codes }));
  return r
    ? { version: r.version, items: r.items, publishedAt: r.published_at.toISOString(), overrides }
    : { version: 0, items: [], publishedAt: null, overrides };
}

/** A new version of a catalogue, numbered after the latest; two managers publishing at once: one is told to retry. */
async function publishCatalogue(pool: Pool, kind: CatalogueKind, items: unknown[], actor: Actor) {
  try {
    const { rows } = await pool.query(
      `INSERT INTO catalogue_versions (kind, version, items, published_by)
       SELECT $1, COALESCE(max(version), 0) + 1, $2, $3 FROM catalogue_versions WHERE kind = $1
       RETURNING version, items, published_at`,
      [kind, JSON.stringify(items), actor.id],
    );
    return { version: rows[0].version, items: rows[0].items, publishedAt: rows[0].published_at.toISOString() };
  } catch (e) {
    if (isUniqueViolation(e)) throw conflict('VERSION_TAKEN', 'another manager published at the same moment: reload and publish again');
    throw e;
  }
}

/** Bearer token → actor: a signed-in district user, or a hall's replication token. One query, no cache: revocation holds at once on every server. */
export async function authenticate(pool: Pool, token: string): Promise<DistrictActor | null> {
  const { rows } = await pool.query(
    `SELECT 'user' AS kind, u.id, u.role, u.username AS name, u.hall_id FROM district_sessions s JOIN district_users u ON u.id = s.user_id
       WHERE s.token_hash = $1 AND s.expires_at > now() AND NOT u.disabled
     UNION ALL
     SELECT 'device', h.id, 'hall', h.code, h.id FROM halls h WHERE h.token_hash = $1 AND h.revoked_at IS NULL`,
    [tokenHash(token)],
  );
  const r = rows[0];
  return r ? { kind: r.kind, id: r.id, role: r.role as Role, name: r.name, hallId: r.hall_id } : null;
}
