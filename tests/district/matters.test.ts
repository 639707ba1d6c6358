// The district's matter catalogue (办事指南) on a throw-away PostgreSQL with two real halls: published versions applied
// as the halls' published matters (the kiosk finds them, by pinyin too), a hall's own edit kept as an override and
// reported, the next version followed by untouched matters only, 恢复区级版本, bad publishes and foreign tokens refused.
import { createServer } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDistrictServer, type DistrictServer } from '../../district/server.ts';
import type { Matter } from '../../core/matters.ts';
import { startTestHall, type TestHall } from '../helpers/hall.ts';
import { usePostgres } from '../helpers/postgres.ts';
import { DISTRICT_ADMIN, DistrictApi, hallActivity, hallHeadSeq, hallSeqs, storedSeqs, waitFor, type DistrictHall } from './district-helpers.ts';

const pgCluster = usePostgres();
let databaseUrl: string;
let district: DistrictServer;
let admin: DistrictApi;
const halls: { hall: TestHall; id: string; token: string; serviceId: string }[] = [];

beforeAll(async () => {
  databaseUrl = await pgCluster.current.createDatabase('matters');
  district = await startDistrictServer({
    databaseUrl,
    port: 0,
    adminPassword: DISTRICT_ADMIN,
    log: () => undefined,
  });
  admin = await DistrictApi.signIn(district.url);
  for (const code of ['east', 'west']) {
    const { id, token } = await admin.json<{ id: string; token: string }>('POST', '/api/v1/halls', { code, name: `${code} 便民服务中心` });
    const hall = await startTestHall({ district: { urls: [district.url], token, retryMaxMs: 1000, calendarEveryMs: 300 } });
    // Each hall has its own service id under the code the district names.
    const service = await hall.admin.createService({ code: 'huji', name: '户籍业务', prefix: 'H' });
    halls.push({ hall, id, token, serviceId: service.id });
  }
}, 60_000);

afterAll(async () => {
  for (const h of halls) await h.hall.close();
  await district?.close();
});

const residence = (name: string, promisedDays = 5) => ({
  code: 'HJ-001',
  name,
  department: '公安局',
  category: '户籍',
  serviceCode: 'huji',
  legalDays: 20,
  promisedDays,
  materials: [{ name: '居民户口簿', original: true, copies: 1 }],
});
const birth = (promisedDays: number) => ({
  code: 'HJ-002',
  name: '出生登记',
  department: '公安局',
  category: '户籍',
  serviceCode: 'no-such-service',
  legalDays: 10,
  promisedDays,
});

type Link = { mattersVersion: number; matterOverrides: string[] };
type Catalogue = { version: number; items: { code: string; name: string }[]; overrides: { hallId: string; codes: string[] }[] };
const link = (h: TestHall) => h.admin.request<Link>('GET', '/api/v1/district-link');
const published = (h: TestHall, code: string) => h.anon.request<Matter>('GET', `/api/v1/matters/${code}`);
const catalogueItem = async (h: TestHall, code: string) =>
  (
    await h.admin.request<{ items: { code: string; draft: Matter | null; district: { overridden: boolean } | null }[] }>('GET', '/api/v1/matter-catalogue')
  ).items.find((i) => i.code === code)!;
const applied = async (version: number) => {
  for (const h of halls) await waitFor(async () => (await link(h.hall)).mattersVersion === version, `the halls to apply matters version ${version}`);
};

describe('the district matter catalogue', () => {
  it('two halls apply a published version: the kiosk lists and finds it by pinyin, with the hall’s own service', async () => {
    const v1 = await admin.json<{ version: number }>('PUT', '/api/v1/district/catalogue/matters', { items: [residence('户口迁移登记'), birth(5)] });
    await applied(v1.version);
    for (const h of halls) {
      const m = await published(h.hall, 'HJ-001');
      expect(m).toMatchObject({ name: '户口迁移登记', serviceId: h.serviceId, promisedDays: 5 });
      expect((await published(h.hall, 'HJ-002')).serviceId).toBeNull();
      const found = await h.hall.anon.request<{ items: Matter[] }>('GET', '/api/v1/matters?q=hkqy');
      expect(found.items.map((i) => i.code)).toEqual(['HJ-001']);
      expect((await catalogueItem(h.hall, 'HJ-001')).district).toEqual({ overridden: false });
      expect((await link(h.hall)).matterOverrides).toEqual([]);
    }
  });

  it('a hall’s own edit is an override the district sees; the next version moves the rest and only the district copy of it', async () => {
    const [east, west] = halls as [(typeof halls)[number], (typeof halls)[number]];
    const { code: _code, serviceCode: _s, ...body } = residence('户口迁移（东厅办理须知）', 3);
    await east.hall.admin.request('PUT', '/api/v1/matters/HJ-001', { ...body, serviceId: east.serviceId });
    // West picks another service for a district matter: its own choice, not an edit of the content.
    const other = await west.hall.admin.createService({ code: 'zonghe', name: '综合窗口', prefix: 'Z' });
    const { serviceId: _sid, ...birthMatter } = await published(west.hall, 'HJ-002');
    await west.hall.admin.request('PUT', '/api/v1/matters/HJ-002', { ...birthMatter, serviceId: other.id });
    // A draft in progress at west is left alone by the next version.
    await west.hall.admin.request('PUT', '/api/v1/matters/HJ-001', { ...body, name: '户口迁移（草稿）', serviceId: west.serviceId, draft: true });
    await waitFor(async () => (await link(east.hall)).matterOverrides.join() === 'HJ-001', 'east to see its override');
    expect((await link(west.hall)).matterOverrides).toEqual([]);
    await waitFor(async () => {
      const c = await admin.json<Catalogue>('GET', '/api/v1/district/catalogue/matters');
      return c.overrides.length === 1 && c.overrides[0]!.hallId === east.id && c.overrides[0]!.codes.join() === 'HJ-001';
    }, 'the district to show east’s override');

    const v2 = await admin.json<{ version: number }>('PUT', '/api/v1/district/catalogue/matters', { items: [residence('户口迁移登记（新版）', 4), birth(3)] });
    await applied(v2.version);
    // East keeps its text; west, untouched, follows and keeps its draft; the birth matter follows in both, west's service stays.
    expect(await published(east.hall, 'HJ-001')).toMatchObject({ name: '户口迁移（东厅办理须知）', promisedDays: 3 });
    expect(await published(west.hall, 'HJ-001')).toMatchObject({ name: '户口迁移登记（新版）', promisedDays: 4, serviceId: west.serviceId });
    expect((await catalogueItem(west.hall, 'HJ-001')).draft?.name).toBe('户口迁移（草稿）');
    expect(await published(east.hall, 'HJ-002')).toMatchObject({ promisedDays: 3, serviceId: null });
    expect(await published(west.hall, 'HJ-002')).toMatchObject({ promisedDays: 3, serviceId: other.id });
    expect((await east.hall.anon.request<{ items: Matter[] }>('GET', '/api/v1/matters?q=hkqydj')).items).toEqual([]);
    expect((await west.hall.anon.request<{ items: Matter[] }>('GET', '/api/v1/matters?q=hkqydj')).items.map((i) => i.code)).toEqual(['HJ-001']);
    expect((await catalogueItem(east.hall, 'HJ-001')).district).toEqual({ overridden: true });
    expect((await link(east.hall)).matterOverrides).toEqual(['HJ-001']);
    // The district copy moved on: restoring brings version 2, and ends the override at the hall and the district.
    await east.hall.admin.request('POST', '/api/v1/matters/HJ-001/restore-district');
    expect(await published(east.hall, 'HJ-001')).toMatchObject({ name: '户口迁移登记（新版）', promisedDays: 4, serviceId: east.serviceId });
    expect((await link(east.hall)).matterOverrides).toEqual([]);
    const audit = east.hall.server.db.prepare("SELECT actor_kind FROM audit WHERE action = 'matter.district_restore'").all();
    expect(audit).toEqual([{ actor_kind: 'user' }]);
    await waitFor(
      async () => (await admin.json<Catalogue>('GET', '/api/v1/district/catalogue/matters')).overrides.length === 0,
      'the override to end at the district',
    );
    // A matter of the hall's own has nothing to restore.
    await east.hall.admin.request('PUT', '/api/v1/matters/OWN-1', {
      name: '本厅事项',
      department: '街道',
      category: '其他',
      serviceId: null,
      legalDays: 1,
      promisedDays: 1,
    });
    const refused = await east.hall.admin.request('POST', '/api/v1/matters/OWN-1/restore-district').catch((e: unknown) => e);
    expect(refused).toMatchObject({ status: 409, code: 'MATTER_NOT_DISTRICT' });
  });

  it('a bad entry is a 400 naming its field, and the published version stays', async () => {
    const before = await admin.json<Catalogue>('GET', '/api/v1/district/catalogue/matters');
    const bad = { ...birth(3), code: 'HJ-009', legalDays: -1 };
    const res = await admin.send('PUT', '/api/v1/district/catalogue/matters', { items: [residence('户口迁移登记'), birth(3), bad] });
    expect(res.status).toBe(400);
    const body = (await res.json()) as { error: { code: string; message: string; details: { field: string } } };
    expect(body.error.details.field).toBe('items[2].legalDays');
    expect(body.error.message).toContain('HJ-009');
    // A hall-local service id is not the district's to give.
    const local = await admin.send('PUT', '/api/v1/district/catalogue/matters', { items: [{ ...residence('x'), serviceId: 'abc' }] });
    expect(((await local.json()) as { error: { details: { field: string } } }).error.details.field).toBe('items[0].serviceId');
    const after = await admin.json<Catalogue>('GET', '/api/v1/district/catalogue/matters');
    expect(after.version).toBe(before.version);
    expect(after.items).toEqual(before.items);
  });

  it('only a district manager publishes; a hall token reports only its own overrides', async () => {
    const [east, west] = halls;
    const asHall = new DistrictApi(district.url, east!.token);
    expect((await asHall.send('PUT', '/api/v1/district/catalogue/matters', { items: [] })).status).toBe(403);
    expect((await new DistrictApi(district.url).send('PUT', '/api/v1/district/catalogue/matters', { items: [] })).status).toBe(401);
    await admin.json('POST', '/api/v1/users', { username: 'east-manager', password: 'East-Manager-2026!', role: 'hall_manager', hallId: east!.id }, 201);
    const manager = await DistrictApi.signIn(district.url, 'east-manager', 'East-Manager-2026!');
    expect((await manager.send('PUT', '/api/v1/district/catalogue/matters', { items: [] })).status).toBe(403);
    const res = await asHall.send('PUT', `/api/v1/district/halls/${west!.id}/overrides`, { kind: 'matters', codes: ['HJ-001'] });
    expect(res.status).toBe(403);
    expect((await admin.json<Catalogue>('GET', '/api/v1/district/catalogue/matters')).overrides).toEqual([]);
  });

  it('a district not yet upgraded to the matter catalogue still receives every event; the hall keeps its own guide', async () => {
    // The older district answers the catalogue as it answers any route it does not know.
    const unknown = await new DistrictApi(district.url).send('GET', '/api/v1/district/catalogue/no-such-kind');
    expect(unknown.status).toBe(404);
    const unknownBody = await unknown.text();
    const older = createServer(async (req, res) => {
      if (req.url === '/api/v1/district/catalogue/matters') return void res.writeHead(404, { 'content-type': 'application/json' }).end(unknownBody);
      const chunks: Buffer[] = [];
      for await (const chunk of req) chunks.push(chunk as Buffer);
      const upstream = await fetch(`${district.url}${req.url}`, {
        method: req.method,
        headers: { authorization: req.headers.authorization ?? '', 'content-type': req.headers['content-type'] ?? 'application/json' },
        body: chunks.length ? Buffer.concat(chunks) : undefined,
      });
      res.writeHead(upstream.status, { 'content-type': upstream.headers.get('content-type') ?? 'application/json' }).end(await upstream.text());
    });
    await new Promise<void>((resolve) => older.listen(0, '127.0.0.1', resolve));
    const olderUrl = `http://127.0.0.1:${(older.address() as { port: number }).port}`;
    const lines: string[] = [];
    const { id, token } = await admin.json<{ id: string; token: string }>('POST', '/api/v1/halls', { code: 'north', name: 'north 便民服务中心' });
    const hall = await startTestHall({ district: { urls: [olderUrl], token, retryMaxMs: 1000, calendarEveryMs: 300 }, log: (line) => lines.push(line) });
    try {
      await hallActivity(hall, 4, 'north');
      const stored = async () => (await admin.json<DistrictHall[]>('GET', '/api/v1/district/halls')).find((h) => h.id === id)!.lastSeq;
      await waitFor(async () => (await stored()) === hallHeadSeq(hall), 'north to catch up through the older district');
      expect(await storedSeqs(databaseUrl, id)).toEqual(hallSeqs(hall));
      const status = await hall.admin.request<Link & { connected: boolean; lastError: string | null; certificateTypesVersion: number }>(
        'GET',
        '/api/v1/district-link',
      );
      expect(status).toMatchObject({ connected: true, lastError: null, mattersVersion: 0 });
      expect((await hall.admin.request<{ items: unknown[] }>('GET', '/api/v1/matters')).items).toEqual([]);
      expect(lines.filter((l) => l.includes('no matters catalogue'))).toHaveLength(1);
    } finally {
      await hall.close();
      await new Promise((resolve) => older.close(resolve));
    }
  });
});
