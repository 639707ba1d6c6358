// The district's shared catalogue on the hall (certificate types): each type keeps the district's definition as last
// applied beside the one the hall uses. Rule: a type the hall never edited follows every new district version; a type
// the hall edited (or had of its own under that code first) keeps the hall's definition — an override — and only its
// district copy moves on. Saving the district's definition again ends the override. Types the district drops stay.
import type { CertificateType } from '../core/certificates.ts';
import { hallMatterOf, sameContent, type DistrictMatter } from '../core/district-matters.ts';
import { conflict, notFound } from '../core/errors.ts';
import type { Matter } from '../core/matters.ts';
import type { Db } from './database.ts';
import { matterStoreOf } from './matter-store.ts';

export type CatalogueKind = 'certificate_types' | 'matters';

/** The district version of `kind` this hall applied; 0: none. */
export function appliedCatalogueVersion(db: Db, kind: CatalogueKind): number {
  const r = db.prepare('SELECT version FROM district_catalogue WHERE kind = ?').get(kind) as { version: number } | undefined;
  return r?.version ?? 0;
}

/** Codes of the certificate types the hall keeps its own edit of, against the district's. */
export function certificateTypeOverrides(db: Db): string[] {
  return (
    db.prepare('SELECT code FROM certificate_types WHERE district_definition IS NOT NULL AND definition <> district_definition ORDER BY code').all() as {
      code: string;
    }[]
  ).map((r) => r.code);
}

/** Applies district version `version` of the certificate types (see the rule above); the codes kept as overrides. */
export function applyDistrictCertificateTypes(db: Db, version: number, types: readonly CertificateType[], now: number): { updated: string[]; kept: string[] } {
  const updated: string[] = [];
  const kept: string[] = [];
  const get = db.prepare('SELECT definition, district_definition FROM certificate_types WHERE code = ?');
  const follow = db.prepare(
    `INSERT INTO certificate_types (code, definition, district_definition, updated_at) VALUES (?, ?, ?, ?)
     ON CONFLICT (code) DO UPDATE SET definition = excluded.definition, district_definition = excluded.district_definition, updated_at = excluded.updated_at`,
  );
  const keep = db.prepare('UPDATE certificate_types SET district_definition = ? WHERE code = ?');
  for (const type of types) {
    const json = JSON.stringify(type);
    const row = get.get(type.code) as { definition: string; district_definition: string | null } | undefined;
    if (!row || (row.district_definition !== null && row.definition === row.district_definition)) {
      follow.run(type.code, json, json, now);
      updated.push(type.code);
    } else {
      keep.run(json, type.code);
      if (row.definition === json) updated.push(type.code);
      else kept.push(type.code);
    }
  }
  db.prepare(
    `INSERT INTO district_catalogue (kind, version, applied_at) VALUES ('certificate_types', ?, ?)
     ON CONFLICT (kind) DO UPDATE SET version = excluded.version, applied_at = excluded.applied_at`,
  ).run(version, now);
  return { updated, kept };
}

// The district's matters (办事指南) follow the same rule, with one difference: a matter's serviceId is the hall's own
// (core/district-matters.ts), so it is never part of an override; a hall draft in progress is left alone.

const parseDistrict = (v: unknown): DistrictMatter | null => (typeof v === 'string' ? (JSON.parse(v) as DistrictMatter) : null);
const parseMatter = (v: unknown): Matter | null => (typeof v === 'string' ? (JSON.parse(v) as Matter) : null);

/** The hall's matters that came from the district: the district's definition as last applied, and whether the hall's differs. */
export function districtMatters(db: Db): Map<string, { definition: DistrictMatter; overridden: boolean }> {
  const rows = db.prepare('SELECT code, published, district_definition FROM matters WHERE district_definition IS NOT NULL ORDER BY code').all() as {
    code: string;
    published: string | null;
    district_definition: string;
  }[];
  return new Map(
    rows.map((r) => {
      const definition = parseDistrict(r.district_definition)!;
      const published = parseMatter(r.published);
      return [r.code, { definition, overridden: published !== null && !sameContent(published, definition) }];
    }),
  );
}

/** Codes of the district matters the hall keeps its own edit of. */
export function matterOverrides(db: Db): string[] {
  return [...districtMatters(db)].filter(([, m]) => m.overridden).map(([code]) => code);
}

/**
 * Applies district version `version` of the matters (see the rule above) as published versions, through the matter
 * store's write path (search keys computed there); `serviceIdOf` maps a district serviceCode to this hall's service.
 */
export function applyDistrictMatters(
  db: Db,
  version: number,
  items: readonly DistrictMatter[],
  serviceIdOf: (serviceCode: string | null) => string | null,
  now: number,
): { updated: string[]; kept: string[] } {
  const updated: string[] = [];
  const kept: string[] = [];
  const store = matterStoreOf(db);
  const get = db.prepare('SELECT published, district_definition FROM matters WHERE code = ?');
  const setDistrict = db.prepare('UPDATE matters SET district_definition = ? WHERE code = ?');
  for (const item of items) {
    const row = get.get(item.code) as { published: string | null; district_definition: string | null } | undefined;
    const published = parseMatter(row?.published);
    const before = parseDistrict(row?.district_definition);
    if (!published || (before !== null && sameContent(published, before))) {
      // The hall's own choice of service stays; one still as the district's code gave it follows the new code.
      const ownService = published !== null && before !== null && published.serviceId !== serviceIdOf(before.serviceCode);
      store.put(hallMatterOf(item, ownService ? published.serviceId : serviceIdOf(item.serviceCode)), false, now, true);
      updated.push(item.code);
    } else if (sameContent(published, item)) {
      updated.push(item.code);
    } else {
      kept.push(item.code);
    }
    setDistrict.run(JSON.stringify(item), item.code);
  }
  db.prepare(
    `INSERT INTO district_catalogue (kind, version, applied_at) VALUES ('matters', ?, ?)
     ON CONFLICT (kind) DO UPDATE SET version = excluded.version, applied_at = excluded.applied_at`,
  ).run(version, now);
  return { updated, kept };
}

/**
 * The district's definition of a matter published again, which ends the hall's override; the hall's service and any
 * draft in progress stay.
 */
export function restoreDistrictMatter(db: Db, code: string, serviceIdOf: (serviceCode: string | null) => string | null, now: number): Matter {
  const row = db.prepare('SELECT published, district_definition FROM matters WHERE code = ?').get(code) as
    { published: string | null; district_definition: string | null } | undefined;
  if (!row) throw notFound('matter', code);
  const district = parseDistrict(row.district_definition);
  if (!district) throw conflict('MATTER_NOT_DISTRICT', `matter ${code} is the hall's own, not from the district catalogue: there is nothing to restore`);
  const published = parseMatter(row.published);
  const matter = hallMatterOf(district, published ? published.serviceId : serviceIdOf(district.serviceCode));
  matterStoreOf(db).put(matter, false, now, true);
  return matter;
}
