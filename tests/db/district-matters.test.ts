// The district matter rule on a real SQLite file: what follows a district version, what stays the hall's, what the
// district drops, and the search keys of an applied matter computed by the store's own write path.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { hallMatterOf, parseDistrictMatters } from '../../core/district-matters.ts';
import { openDatabase } from '../../db/database.ts';
import { applyDistrictMatters, matterOverrides, restoreDistrictMatter } from '../../db/district-catalogue.ts';
import { matterStoreOf } from '../../db/matter-store.ts';

const dir = mkdtempSync(join(tmpdir(), 'district-matters-'));
const db = openDatabase(join(dir, 'hall.sqlite'));
afterAll(() => {
  db.close();
  rmSync(dir, { recursive: true, force: true });
});
const store = matterStoreOf(db);
const services: Record<string, string> = { huji: 'svc-huji' };
const serviceIdOf = (code: string | null) => (code === null ? null : (services[code] ?? null));
const item = (code: string, name: string, promisedDays = 5) => ({
  code,
  name,
  department: '公安局',
  category: '户籍',
  serviceCode: 'huji',
  legalDays: 20,
  promisedDays,
});
const apply = (version: number, items: ReturnType<typeof item>[]) =>
  applyDistrictMatters(db, version, parseDistrictMatters(items), serviceIdOf, version * 1000);

it('keeps a matter the hall had under the code first, follows the rest, and finds an applied matter by pinyin', () => {
  store.put(hallMatterOf(parseDistrictMatters([item('A-2', '本厅自有事项')])[0]!, null), false, 1);
  expect(apply(1, [item('A-1', '户口迁移登记'), item('A-2', '区级事项')])).toEqual({ updated: ['A-1'], kept: ['A-2'] });
  expect(store.published('A-1')).toMatchObject({ name: '户口迁移登记', serviceId: 'svc-huji' });
  expect(store.published('A-2')!.name).toBe('本厅自有事项');
  expect(matterOverrides(db)).toEqual(['A-2']);
  expect(store.search({ q: 'hkqydj' }).map((m) => m.code)).toEqual(['A-1']);
});

it('a hall draft stays through a district version; a matter the district drops stays; restore ends the override', () => {
  const published = store.published('A-1')!;
  store.put({ ...published, name: '户口迁移（草稿）' }, true, 2);
  expect(apply(2, [item('A-2', '区级事项（二）')])).toEqual({ updated: [], kept: ['A-2'] });
  expect(store.entry('A-1')).toMatchObject({ published: { name: '户口迁移登记' }, draft: { name: '户口迁移（草稿）' } });
  expect(apply(3, [item('A-1', '户口迁移登记（三）')])).toEqual({ updated: ['A-1'], kept: [] });
  expect(store.entry('A-1')).toMatchObject({ published: { name: '户口迁移登记（三）' }, draft: { name: '户口迁移（草稿）' } });
  expect(store.search({ q: 'hkqydj' }).map((m) => m.code)).toEqual(['A-1']);
  // A-2 was dropped from version 3: still there, still the hall's, its district copy as version 2 left it.
  expect(store.published('A-2')!.name).toBe('本厅自有事项');
  expect(restoreDistrictMatter(db, 'A-2', serviceIdOf, 4).name).toBe('区级事项（二）');
  // The hall's own service choice (none) stays on restore; the content is the district's, so no override.
  expect(store.published('A-2')!.serviceId).toBeNull();
  expect(matterOverrides(db)).toEqual([]);
});
