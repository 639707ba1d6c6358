// The district's matter catalogue (办事指南 published for every hall): an item is a hall matter with the district's
// `serviceCode` in place of the hall-local `serviceId`. Checked with the hall's own matter schema, so an entry the
// district accepts is one every hall stores. Pure, no I/O.
import { z } from 'zod';
import { HallError } from './errors.ts';
import { MATTER_CODE, MatterBody, matterOf, type Matter } from './matters.ts';

/** A hall service's code (core/schemas.ts): the district names the queue service by it, never by the hall's id. */
const SERVICE_CODE = z.string().regex(/^[A-Za-z0-9_-]{1,32}$/, '1–32 letters, digits, _ or -');

/** A matter as the district publishes it. */
export type DistrictMatter = Omit<Matter, 'serviceId'> & { serviceCode: string | null };

export const MAX_DISTRICT_MATTERS = 2000;

/**
 * Every item checked before any is stored: the first bad one is a 400 naming its field (`items[3].legalDays`) and
 * code, so a version with a mistake in it is never published half-way.
 */
export function parseDistrictMatters(items: unknown[]): DistrictMatter[] {
  if (items.length > MAX_DISTRICT_MATTERS) throw new HallError(400, 'VALIDATION_FAILED', `items: at most ${MAX_DISTRICT_MATTERS} matters`, { field: 'items' });
  const seen = new Map<string, number>();
  return items.map((item, i) => {
    const record = typeof item === 'object' && item !== null && !Array.isArray(item) ? (item as Record<string, unknown>) : null;
    const code = typeof record?.code === 'string' ? record.code : null;
    const refuse = (path: (string | number)[], message: string): never => {
      const field = [`items[${i}]`, ...path.map(String)].join('.');
      throw new HallError(400, 'VALIDATION_FAILED', `${field}${code ? ` (${code})` : ''}: ${message}; nothing was published`, { field, index: i, code });
    };
    if (!record) return refuse([], 'a matter {code, name, …, serviceCode}');
    const { code: rawCode, serviceCode: rawServiceCode = null, ...body } = record;
    const parsedCode = MATTER_CODE.safeParse(rawCode);
    if (!parsedCode.success) return refuse(['code'], parsedCode.error.issues[0]!.message);
    const serviceCode = SERVICE_CODE.nullable().safeParse(rawServiceCode);
    if (!serviceCode.success) return refuse(['serviceCode'], serviceCode.error.issues[0]!.message);
    if ('serviceId' in body) return refuse(['serviceId'], "a hall's own service id: give serviceCode (the hall service's code) instead");
    const parsed = MatterBody.safeParse({ ...body, serviceId: null });
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      return refuse(issue.path as (string | number)[], issue.message);
    }
    if (seen.has(parsedCode.data)) return refuse(['code'], `the code appears twice (also items[${seen.get(parsedCode.data)}])`);
    seen.set(parsedCode.data, i);
    const { serviceId: _serviceId, ...matter } = matterOf(parsedCode.data, parsed.data);
    return { ...matter, serviceCode: serviceCode.data };
  });
}

/**
 * A matter's serviceId is the hall's own: the district's serviceCode picks the hall service with that code (none:
 * null), and a hall that picks another service for a district matter has not edited its content (no override).
 */
export function sameContent(hall: Matter, district: DistrictMatter): boolean {
  const { serviceId: _serviceId, ...own } = hall;
  const { serviceCode: _serviceCode, ...theirs } = district;
  return canonical(own) === canonical(theirs);
}

/** JSON with each object's keys sorted: stored matters and published ones may list their fields in another order. */
const canonical = (value: unknown): string =>
  JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) : v,
  );

/** The hall matter a district item becomes, with the hall's service for it. */
export function hallMatterOf(district: DistrictMatter, serviceId: string | null): Matter {
  const { serviceCode: _serviceCode, ...matter } = district;
  return { ...matter, serviceId };
}
