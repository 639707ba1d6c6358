// The service guide (办事指南): published matters for anyone (kiosk, phone, integrators), search in Chinese and by
// pinyin initials, the manager's and integrator's catalogue with drafts, publishing, import and export, and 常用服务.
import { z } from 'zod';
import { HallError, invalid, notFound } from '../core/errors.ts';
import { ImportBody, MATTER_CODE, PutMatterBody, matterOf, parseCatalogue, type Matter } from '../core/matters.ts';
import { addDays } from '../core/time.ts';
import { matterStoreOf, type MatterEntry } from '../db/matter-store.ts';
import { districtMatters } from '../db/district-catalogue.ts';
import { route, type RouteDef } from './http.ts';
import { ANY, ok, type HallContext } from './routes.ts';

const EDITORS = ['manager', 'integrator'] as const;
const DEFAULT_LIMIT = 50;
const MAX_LIMIT = 500;
const POPULAR_DAYS = 30;

const codeOf = (code: string | undefined): string => {
  if (!MATTER_CODE.safeParse(code).success) throw invalid('code', 'a matter code: letters, digits, - _ or . (up to 64)');
  return code!;
};

const intParam = (query: URLSearchParams, name: string, fallback: number, max: number): number => {
  const v = query.get(name);
  if (v === null) return fallback;
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0 || n > max) throw invalid(name, `a whole number from 0 to ${max}`);
  return n;
};

const entryView = (e: MatterEntry, iso: (ms: number) => string) => ({
  code: e.code,
  name: (e.draft ?? e.published)!.name,
  status: e.published ? (e.draft ? 'published_with_draft' : 'published') : 'draft',
  published: e.published,
  draft: e.draft,
  updatedAt: iso(e.updatedAt),
  publishedAt: e.publishedAt === null ? null : iso(e.publishedAt),
});

/** The export's entries: each published version, then each draft marked `draft: true` (the import's own shape). */
const exportEntries = (entries: MatterEntry[]): (Matter & { draft?: true })[] => [
  ...entries.flatMap((e) => (e.published ? [e.published] : [])),
  ...entries.flatMap((e) => (e.draft ? [{ ...e.draft, draft: true as const }] : [])),
];

export function matterRoutes(hall: HallContext): RouteDef[] {
  const { run, engine } = hall;
  const store = matterStoreOf(hall.db);
  const iso = (ms: number) => engine.iso(ms);
  // 常用服务 is counted again only when today's tickets for matters changed: the kiosk home screen asks on every visit.
  let popularCache: { day: string; today: number; items: { code: string; tickets: number }[] } | null = null;

  return [
    route({
      method: 'GET',
      path: '/api/v1/matters',
      roles: 'public',
      query: {
        q: z.string().describe('Chinese text or pinyin initials ("bdc" → 不动产登记)'),
        category: z.string(),
        lifeEvent: z.string(),
        limit: z.number().int(),
        cursor: z.string(),
      },
      tag: 'matters',
      summary: 'Published matters of the service guide, the best match first',
      ok: {
        status: 200,
        description:
          '{items:[{code, name, department, category, lifeEvents, serviceId, conditions, materials:[{name, original, copies, note, eLicence}], fees, legalDays, promisedDays, location, window, hours, onlineUrl, faq, commitment, prefile}], nextCursor}',
      },
      handler: ({ query }) => {
        const limit = intParam(query, 'limit', DEFAULT_LIMIT, MAX_LIMIT) || DEFAULT_LIMIT;
        const offset = query.get('cursor') === null ? 0 : intParam(query, 'cursor', 0, 1_000_000);
        const found = store.search({
          q: query.get('q')?.slice(0, 40) ?? undefined,
          category: query.get('category') ?? undefined,
          lifeEvent: query.get('lifeEvent') ?? undefined,
        });
        const items = found.slice(offset, offset + limit);
        return ok({ items, nextCursor: offset + limit < found.length ? String(offset + limit) : null });
      },
    }),
    route({
      method: 'GET',
      path: '/api/v1/matter-topics',
      roles: 'public',
      tag: 'matters',
      summary: 'The categories and life events of the published matters, with how many each has',
      ok: { status: 200, description: '{categories:[{name, count}], lifeEvents:[{name, count}]}' },
      handler: () => ok(store.topics()),
    }),
    route({
      method: 'GET',
      path: '/api/v1/popular-matters',
      roles: 'public',
      query: { limit: z.number().int() },
      tag: 'matters',
      summary: '常用服务: the published matters most tickets were taken for in the last 30 days',
      ok: { status: 200, description: '{items:[{code, name, category, serviceId, tickets}]}' },
      handler: ({ query }) => {
        const limit = intParam(query, 'limit', 8, 50) || 8;
        const day = engine.today(hall.now());
        const today = store.ticketsOn(day);
        if (!popularCache || popularCache.day !== day || popularCache.today !== today) {
          popularCache = { day, today, items: store.popular(addDays(day, -(POPULAR_DAYS - 1)), 50) };
        }
        const items = popularCache.items.slice(0, limit).flatMap(({ code, tickets }) => {
          const m = store.published(code);
          return m ? [{ code, name: m.name, category: m.category, serviceId: m.serviceId, tickets }] : [];
        });
        return ok({ items });
      },
    }),
    route({
      method: 'GET',
      path: '/api/v1/matters/:code',
      roles: 'public',
      tag: 'matters',
      summary: 'One published matter',
      ok: { status: 200, description: 'the matter' },
      errors: [404],
      handler: ({ params }) => {
        const m = store.published(params.code!);
        if (!m) throw notFound('matter', params.code!);
        return ok(m);
      },
    }),
    route({
      method: 'PUT',
      path: '/api/v1/matters/:code',
      roles: EDITORS,
      body: PutMatterBody,
      tag: 'matters',
      summary: 'Create or replace a matter: published at once, or kept as a draft with `draft: true`',
      ok: { status: 200, description: '{code, name, status, published, draft, updatedAt, publishedAt}' },
      errors: [400],
      handler: async ({ params, body }) => {
        const code = codeOf(params.code);
        if (body.code !== undefined && body.code !== code) throw invalid('code', `the body's code ${body.code} differs from the path's ${code}`);
        return ok(entryView(await run('putMatter', matterOf(code, body), body.draft === true), iso));
      },
    }),
    route({
      method: 'POST',
      path: '/api/v1/matters/:code/publish',
      roles: EDITORS,
      tag: 'matters',
      summary: "Publish a matter's draft: visitors see it from now on",
      ok: { status: 200, description: '{code, name, status, published, draft, updatedAt, publishedAt}' },
      errors: [404, 409],
      handler: async ({ params }) => ok(entryView(await run('publishMatter', codeOf(params.code)), iso)),
    }),
    route({
      method: 'POST',
      path: '/api/v1/matters/:code/restore-district',
      roles: EDITORS,
      tag: 'matters',
      summary: "恢复区级版本: publish the district catalogue's definition again, ending this hall's override (the hall's service and any draft stay)",
      ok: { status: 200, description: '{code, name, status, published, draft, updatedAt, publishedAt}' },
      errors: [404, 409],
      handler: async ({ params }) => ok(entryView(await run('restoreDistrictMatter', codeOf(params.code)), iso)),
    }),
    route({
      method: 'DELETE',
      path: '/api/v1/matters/:code',
      roles: EDITORS,
      tag: 'matters',
      summary: 'Remove a matter, published version and draft',
      ok: { status: 200, description: '{code}' },
      errors: [404],
      handler: async ({ params }) => ok(await run('deleteMatter', codeOf(params.code))),
    }),
    route({
      method: 'GET',
      path: '/api/v1/matter-catalogue',
      roles: EDITORS,
      tag: 'matters',
      summary: 'Every matter with its published version and draft, for editing and preview',
      ok: {
        status: 200,
        description:
          '{items:[{code, name, status: published|draft|published_with_draft, published, draft, updatedAt, publishedAt, district: {overridden}|null}]}: district is set for a matter of the district catalogue, overridden when this hall edited it',
      },
      handler: () => {
        const district = districtMatters(hall.db);
        return ok({
          items: store.entries().map((e) => {
            const d = district.get(e.code);
            return { ...entryView(e, iso), district: d ? { overridden: d.overridden } : null };
          }),
        });
      },
    }),
    route({
      method: 'GET',
      path: '/api/v1/matter-catalogue/export',
      roles: EDITORS,
      tag: 'matters',
      summary: 'The whole guide as JSON, in the shape the import takes',
      ok: { status: 200, description: '{exportedAt, matters:[{code, …matter, draft?: true}]}' },
      handler: () => ok({ exportedAt: iso(hall.now()), matters: exportEntries(store.entries()) }),
    }),
    route({
      method: 'POST',
      path: '/api/v1/matter-catalogue/import',
      roles: EDITORS,
      body: ImportBody,
      bodyLimit: 4 * 1024 * 1024,
      tag: 'matters',
      summary: 'Import matters (create or replace each): every entry is checked first; one bad entry is named and nothing is stored',
      ok: { status: 200, description: '{imported, published, drafts}' },
      errors: [400],
      handler: async ({ body }) => {
        const entries = parseCatalogue(body.matters);
        if (entries.length === 0) throw new HallError(400, 'VALIDATION_FAILED', 'matters: the file holds no matters', { field: 'matters' });
        return ok(await run('importMatters', entries));
      },
    }),
    route({
      method: 'GET',
      path: '/api/v1/tickets/:id/matter',
      roles: ANY,
      tag: 'matters',
      summary: 'The matter a ticket was taken for (取号办理 from the guide), for the counter',
      ok: { status: 200, description: '{matterCode, matter: {code, name, promisedDays}|null}' },
      errors: [404],
      handler: ({ params }) => {
        engine.requireTicket(params.id!);
        const matterCode = store.ticketMatter(params.id!);
        const m = matterCode ? store.published(matterCode) : null;
        return ok({ matterCode, matter: m ? { code: m.code, name: m.name, promisedDays: m.promisedDays } : null });
      },
    }),
  ];
}
