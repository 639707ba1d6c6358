// The district's shared catalogue on the hall (certificate types): each type keeps the district's definition as last
// applied beside the one the hall uses. Rule: a type the hall never edited follows every new district version; a type
// the hall edited (or had of its own under that code first) keeps the hall's definition — an override — and only its
// district copy moves on. Saving the district's definition again ends the override. Types the district drops stay.
import type { CertificateType } from '../core/certificates.ts';
import type { Db } from './database.ts';

export type CatalogueKind = 'certificate_types';

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
