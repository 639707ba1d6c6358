// The audit trail for the manager (filters, paging, CSV) and the retention settings of personal data.
import { z } from 'zod';
import { AUDIT_ACTIONS, AUDIT_CSV_HEADER, RETENTION_FIELDS, RETENTION_MAX_DAYS, auditCsvLine, type AuditEntry } from '../core/audit.ts';
import { invalid } from '../core/errors.ts';
import { AuditStore, type AuditFilter, type AuditRow } from '../db/audit-store.ts';
import { readRetention } from './commands.ts';
import { route, type RouteDef } from './http.ts';
import { MANAGER, ok, type HallContext } from './routes.ts';

const DEFAULT_LIMIT = 50;
const MAX_LIMIT = 500;
/** A CSV export holds at most this many entries: narrow the filter for more. */
const MAX_CSV_ROWS = 100_000;

const AuditQuery = {
  since: z.iso.datetime({ offset: true }).describe('entries at or after this time'),
  until: z.iso.datetime({ offset: true }).describe('entries before this time'),
  actor: z.string().max(100).describe('an actor id (a user or device id, or "system")'),
  action: z.enum(AUDIT_ACTIONS),
  target: z.string().max(100).describe('a target id (ticket, counter, service, user, device …)'),
  limit: z.coerce.number().int().min(1).max(MAX_LIMIT),
  cursor: z.string().max(40).describe('nextCursor of the page before'),
  format: z.enum(['json', 'csv']),
};
const QuerySchema = z.object(AuditQuery).partial().strict();

const days = z.number().int().min(1).max(RETENTION_MAX_DAYS);
const RetentionBody = z
  .object(Object.fromEntries(RETENTION_FIELDS.map((k) => [k, days])) as Record<(typeof RETENTION_FIELDS)[number], typeof days>)
  .partial()
  .strict();

function parseQuery(query: URLSearchParams) {
  const parsed = QuerySchema.safeParse(Object.fromEntries(query));
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw invalid(String(issue.path[0] ?? 'query'), issue.message);
  }
  return parsed.data;
}

const encodeCursor = (seq: number) => Buffer.from(`a${seq}`).toString('base64url');
function decodeCursor(text: string): number {
  const m = /^a(\d{1,15})$/.exec(Buffer.from(text, 'base64url').toString());
  if (!m) throw invalid('cursor', 'not a cursor this list gave out: start again without it');
  return Number(m[1]);
}

export function auditRoutes(hall: HallContext): RouteDef[] {
  const store = new AuditStore(hall.db);
  const entry = (r: AuditRow): AuditEntry => ({ id: r.id, at: hall.engine.iso(r.at), actor: r.actor, action: r.action, target: r.target, detail: r.detail });
  return [
    route({
      method: 'GET',
      path: '/api/v1/audit',
      roles: MANAGER,
      tag: 'audit',
      query: AuditQuery,
      summary: 'Read the audit trail, newest first, filtered by when (since, until), who (actor), what (action) and which (target); format=csv exports it all',
      ok: {
        status: 200,
        description:
          '{items:[{id, at, actor:{kind, id, name}, action, target:{kind, id}|null, detail}], nextCursor}; with format=csv text/csv with header ' +
          AUDIT_CSV_HEADER,
      },
      handler: ({ query, response }) => {
        const q = parseQuery(query);
        const filter: AuditFilter = {
          since: q.since === undefined ? undefined : Date.parse(q.since),
          until: q.until === undefined ? undefined : Date.parse(q.until),
          actorId: q.actor,
          action: q.action,
          targetId: q.target,
          beforeSeq: q.cursor === undefined ? undefined : decodeCursor(q.cursor),
        };
        if (q.format === 'csv') {
          const lines = [AUDIT_CSV_HEADER];
          let page: AuditRow[];
          let rows = 0;
          do {
            page = store.list(filter, Math.min(1000, MAX_CSV_ROWS - rows));
            for (const r of page) lines.push(auditCsvLine(entry(r)));
            rows += page.length;
            filter.beforeSeq = page.at(-1)?.seq;
          } while (page.length > 0 && rows < MAX_CSV_ROWS);
          const text = `${lines.join('\r\n')}\r\n`;
          response.writeHead(200, {
            'content-type': 'text/csv; charset=utf-8',
            'content-length': Buffer.byteLength(text),
            'content-disposition': 'attachment; filename="audit.csv"',
            'cache-control': 'no-store',
            'x-content-type-options': 'nosniff',
          });
          response.end(text);
          return ok(null);
        }
        const limit = q.limit ?? DEFAULT_LIMIT;
        const rows = store.list(filter, limit + 1);
        const items = rows.slice(0, limit);
        return ok({ items: items.map(entry), nextCursor: rows.length > limit ? encodeCursor(items.at(-1)!.seq) : null });
      },
    }),
    route({
      method: 'GET',
      path: '/api/v1/retention',
      roles: MANAGER,
      tag: 'audit',
      summary: 'Read how many days personal data is kept: maskedNamesDays, ratingCommentsDays, phoneNumbersDays, auditDetailDays',
      handler: () => ok(readRetention(hall.db)),
    }),
    route({
      method: 'PUT',
      path: '/api/v1/retention',
      roles: MANAGER,
      body: RetentionBody,
      tag: 'audit',
      summary: 'Change how many days personal data is kept (1–3650 each); the daily purge applies it',
      handler: async ({ body }) => ok(await hall.run('updateRetention', body)),
    }),
  ];
}
