// Three real halls replicating to a real district server on a throw-away PostgreSQL: exactly once, through a partition
// the test controls, hall tokens confined to their own hall, the dashboard and the report across halls.
import { parse } from 'csv-parse/sync';
import { SUMMARY_CSV_HEADER } from '../../core/reports.ts';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDistrictServer, type DistrictServer } from '../../district/server.ts';
import { startTestHall, type TestHall } from '../helpers/hall.ts';
import { usePostgres } from '../helpers/postgres.ts';
import { startTcpProxy, type TcpProxy } from '../helpers/tcp-proxy.ts';
import { makeIdNumber } from '../helpers/id-numbers.ts';
import { maskIdNumber, maskName } from '../../core/id-card.ts';
import { STANDARD_CERTIFICATE_TYPES } from '../../core/certificate-standard-types.ts';
import { DISTRICT_ADMIN, DistrictApi, hallActivity, hallHeadSeq, hallSeqs, moreTickets, storedSeqs, waitFor, type DistrictHall } from './district-helpers.ts';

const pgCluster = usePostgres();
let dbUrl: string;
let district: DistrictServer;
let admin: DistrictApi;
let proxy: TcpProxy;
const halls: { hall: TestHall; id: string; token: string; code: string; serviceId: string; counterId: string }[] = [];

beforeAll(async () => {
  dbUrl = await pgCluster.current.createDatabase('replication');
  district = await startDistrictServer({ databaseUrl: dbUrl, port: 0, adminPassword: DISTRICT_ADMIN, log: () => undefined });
  admin = await DistrictApi.signIn(district.url);
  proxy = await startTcpProxy('127.0.0.1', district.port);
  for (const [i, code] of ['town-1', 'town-2', 'village-3'].entries()) {
    const { id, token } = await admin.json<{ id: string; token: string }>('POST', '/api/v1/halls', { code, name: `${code} 便民服务中心` });
    // The third hall reaches the district only through the proxy the test cuts.
    const hall = await startTestHall({ district: { urls: [i === 2 ? proxy.url : district.url], token, retryMaxMs: 1000, calendarEveryMs: 300 } });
    const { serviceId, counterId } = await hallActivity(hall, 6 + i * 2, code);
    halls.push({ hall, id, token, code, serviceId, counterId });
  }
}, 60_000);

afterAll(async () => {
  for (const h of halls) await h.hall.close();
  await proxy?.close();
  await district?.close();
});

const districtHall = async (id: string) => (await admin.json<DistrictHall[]>('GET', '/api/v1/district/halls')).find((h) => h.id === id)!;
const caughtUp = (h: (typeof halls)[number]) => async () => (await districtHall(h.id)).lastSeq === hallHeadSeq(h.hall);

describe('three halls replicating', () => {
  it('every event of every hall reaches PostgreSQL once, in seq order, and the dashboard shows each hall', async () => {
    for (const h of halls) await waitFor(caughtUp(h), `${h.code} to catch up`);
    for (const h of halls) {
      expect(await storedSeqs(dbUrl, h.id)).toEqual(hallSeqs(h.hall));
      const row = await districtHall(h.id);
      const queue = await h.hall.admin.queue();
      expect(row.online).toBe(true);
      expect(row.waiting).toBe(queue.services.reduce((n, s) => n + s.waiting, 0));
      expect(row.countersOpen).toBe(1);
      expect(row.longestWaitSeconds).not.toBeNull();
    }
  });

  it('the report across halls counts each hall’s tickets and ratings (groupBy=hall)', async () => {
    const today = new Date().toLocaleDateString('sv-SE', { timeZone: 'Asia/Shanghai' });
    const report = await admin.json<{
      rows: {
        key: string;
        label: string;
        issued: number;
        served: number;
        ratings: { count: number; byLevel: Record<string, number>; satisfaction: number | null };
      }[];
      total: { issued: number };
    }>('GET', `/api/v1/district/reports/summary?from=${today}&to=${today}&groupBy=hall`);
    expect(report.rows.map((r) => r.key).sort()).toEqual(halls.map((h) => h.id).sort());
    for (const [i, h] of halls.entries()) {
      const row = report.rows.find((r) => r.key === h.id)!;
      expect(row.label).toBe(`${h.code} 便民服务中心`);
      expect(row.issued).toBe(6 + i * 2);
      expect(row.served).toBe(3 + i);
      expect(row.ratings.count).toBe(Math.ceil((3 + i) / 2));
    }
    expect(report.total.issued).toBe(6 + 8 + 10);
    // The same report as CSV: the contract's columns, one line per hall, the figures of the JSON.
    const csv = parse(
      await (await admin.send('GET', `/api/v1/district/reports/summary?from=${today}&to=${today}&groupBy=hall&format=csv`)).text(),
    ) as string[][];
    expect(csv[0]).toEqual([...SUMMARY_CSV_HEADER]);
    for (const row of report.rows) expect(csv.find((line) => line[0] === row.key)?.slice(2, 4)).toEqual([String(row.issued), String(row.served)]);
    // Every low rating opened a follow-up at its hall; the district lists them across halls.
    const followUps = await admin.json<{ items: { hallId: string; level: number }[] }>('GET', '/api/v1/district/follow-ups?status=open');
    const lows = report.rows.reduce((n, r) => n + r.ratings.byLevel['1']!, 0);
    expect(followUps.items.length).toBe(lows);
    expect(lows).toBeGreaterThan(0);
  });

  it('a partitioned hall keeps working, shows its lag, then catches up exactly once', async () => {
    const village = halls[2]!;
    proxy.cut();
    const before = (await districtHall(village.id)).lastSeq;
    await moreTickets(village.hall, village.serviceId, village.counterId, 12);
    await waitFor(async () => {
      const link = await village.hall.admin.request<{ connected: boolean; lagEvents: number }>('GET', '/api/v1/district-link');
      return !link.connected && link.lagEvents > 0;
    }, 'the hall to show it is cut off');
    const link = await village.hall.admin.request<{ lagEvents: number; ackedSeq: number; lastError: string | null }>('GET', '/api/v1/district-link');
    expect(link.lagEvents).toBe(hallHeadSeq(village.hall) - before);
    expect(link.lastError).toMatch(/127\.0\.0\.1/);
    expect((await districtHall(village.id)).lastSeq).toBe(before);
    proxy.restore();
    await waitFor(caughtUp(village), 'the partitioned hall to catch up', 40_000);
    expect(await storedSeqs(dbUrl, village.id)).toEqual(hallSeqs(village.hall));
    const after = await village.hall.admin.request<{ connected: boolean; lagEvents: number }>('GET', '/api/v1/district-link');
    expect(after).toMatchObject({ connected: true, lagEvents: 0 });
  }, 60_000);

  it("a hall token writing another hall's events is refused and changes nothing", async () => {
    const [a, b] = halls;
    const beforeSeqs = await storedSeqs(dbUrl, b!.id);
    const res = await new DistrictApi(district.url, a!.token).send('POST', `/api/v1/district/halls/${b!.id}/events`, {
      events: [{ seq: 999_999, type: 'ticket.issued', at: new Date().toISOString(), data: {} }],
    });
    expect(res.status).toBe(403);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('OTHER_HALL');
    expect(await storedSeqs(dbUrl, b!.id)).toEqual(beforeSeqs);
    // Nor may it read the district's figures.
    expect((await new DistrictApi(district.url, a!.token).send('GET', '/api/v1/district/halls')).status).toBe(403);
  });

  it('clear ID and phone numbers never reach the district, even if a hall sent them', async () => {
    const { id, token } = await admin.json<{ id: string; token: string }>('POST', '/api/v1/halls', { code: 'leaky', name: '测试大厅' });
    const clearId = makeIdNumber('19800101');
    const api = new DistrictApi(district.url, token);
    const res = await api.send('POST', `/api/v1/district/halls/${id}/events`, {
      events: [
        {
          seq: 1,
          type: 'note',
          at: new Date().toISOString(),
          data: { remark: `身份证 ${clearId} 电话 13812345678`, idCardNumber: clearId, phoneSealed: 'x' },
        },
      ],
    });
    expect(res.status).toBe(200);
    const client = new pg.Client({ connectionString: dbUrl });
    await client.connect();
    const { rows } = await client.query('SELECT data::text AS text FROM events WHERE hall_id = $1', [id]);
    await client.end();
    expect(rows[0].text).not.toContain(clearId);
    expect(rows[0].text).not.toContain('13812345678');
    expect(rows[0].text).not.toContain('phoneSealed');
    expect(rows[0].text).toContain(`${clearId.slice(0, 4)}**********${clearId.slice(-4)}`);
  });

  it("a real hall's visitor data reaches no district table in clear: ID number, name, call-back phone, comment, note", async () => {
    const h = halls[1]!;
    const clearId = makeIdNumber('19750312', 457);
    const name = '欧阳明华';
    const phone = '13912345678';
    const ticket = await h.hall.admin.issueTicket({ serviceId: h.serviceId, idCardNumber: clearId, personName: name });
    let called = await h.hall.admin.callNext(h.counterId);
    while (called.ticket && called.ticket.id !== ticket.id) {
      await h.hall.admin.complete(called.ticket.id);
      called = await h.hall.admin.callNext(h.counterId);
    }
    await h.hall.admin.complete(ticket.id);
    const rated = await h.hall.admin.rateVisit(ticket.id, { level: 1, comment: `${name}说办事太慢，电话${phone}，身份证${clearId}`, phone });
    await h.hall.admin.resolveFollowUp(rated.followUpId!, `已回访${name}，电话 ${phone}`);
    await waitFor(caughtUp(h), 'the hall to replicate the visit');
    const client = new pg.Client({ connectionString: dbUrl });
    await client.connect();
    const stored: string[] = [];
    for (const table of ['events', 'tickets', 'ratings', 'follow_ups', 'staff', 'services', 'counters']) {
      const { rows } = await client.query(`SELECT t::text AS row FROM ${table} t WHERE hall_id = $1`, [h.id]);
      stored.push(...rows.map((r) => r.row as string));
    }
    await client.end();
    const all = stored.join('\n');
    // The visit is there (masked), the clear values are not.
    expect(all).toContain(ticket.id);
    expect(all).toContain(maskName(name));
    expect(all).toContain(maskIdNumber(clearId));
    for (const clear of [clearId, clearId.slice(6, 14), name, phone, '办事太慢', '已回访']) expect(all).not.toContain(clear);
  });

  it('a rotated token replaces the old one at once; a revoked one is refused', async () => {
    const { id, token } = await admin.json<{ id: string; token: string }>('POST', '/api/v1/halls', { code: 'rotate', name: '轮换大厅' });
    const rotated = await admin.json<{ token: string }>('POST', `/api/v1/halls/${id}/token`);
    expect((await new DistrictApi(district.url, token).send('GET', '/api/v1/district/me')).status).toBe(401);
    expect((await new DistrictApi(district.url, rotated.token).send('GET', '/api/v1/district/me')).status).toBe(200);
    await admin.json('POST', `/api/v1/halls/${id}/revoke`);
    expect((await new DistrictApi(district.url, rotated.token).send('GET', '/api/v1/district/me')).status).toBe(401);
  });

  it('a hall manager sees only their own hall', async () => {
    const [a, b] = halls;
    await admin.json('POST', '/api/v1/users', { username: 'town1-manager', password: 'Town1-Manager-2026!', role: 'hall_manager', hallId: a!.id }, 201);
    const manager = await DistrictApi.signIn(district.url, 'town1-manager', 'Town1-Manager-2026!');
    const list = await manager.json<DistrictHall[]>('GET', '/api/v1/district/halls');
    expect(list.map((h) => h.id)).toEqual([a!.id]);
    expect((await manager.send('GET', `/api/v1/district/halls/${b!.id}`)).status).toBe(403);
    expect((await manager.send('POST', '/api/v1/halls', { code: 'x', name: 'x' })).status).toBe(403);
  });

  it('halls apply a new district calendar and keep their own overrides, shown as overrides', async () => {
    const hall = halls[0]!.hall;
    const link = () => hall.admin.request<{ calendarVersion: number; calendarOverrides: Record<string, string[]> }>('GET', '/api/v1/district-link');
    const version = async () => (await link()).calendarVersion;
    // The hall closes on a local day of its own before the district publishes anything.
    await hall.admin.updateSettings({ holidays: ['2026-12-31'] });
    const v1 = await admin.json<{ version: number }>('PUT', '/api/v1/district/calendar', {
      holidays: ['2027-01-01', '2027-02-17'],
      extraWorkdays: ['2027-02-07'],
    });
    await waitFor(async () => (await version()) === v1.version, 'the hall to apply the first calendar');
    let settings = await hall.admin.settings();
    expect(settings.holidays).toEqual(['2026-12-31', '2027-01-01', '2027-02-17']);
    expect(settings.extraWorkdays).toEqual(['2027-02-07']);
    expect((await link()).calendarOverrides).toEqual({ addedHolidays: ['2026-12-31'], removedHolidays: [], addedWorkdays: [], removedWorkdays: [] });
    // The hall works on one district holiday; the next version keeps that, and brings the district's new day.
    await hall.admin.updateSettings({ holidays: ['2026-12-31', '2027-01-01'] });
    const v2 = await admin.json<{ version: number }>('PUT', '/api/v1/district/calendar', {
      holidays: ['2027-01-01', '2027-02-17', '2027-02-18'],
      extraWorkdays: ['2027-02-07'],
    });
    await waitFor(async () => (await version()) === v2.version, 'the hall to apply the second calendar');
    settings = await hall.admin.settings();
    expect(settings.holidays).toEqual(['2026-12-31', '2027-01-01', '2027-02-18']);
    expect((await link()).calendarOverrides).toEqual({
      addedHolidays: ['2026-12-31'],
      removedHolidays: ['2027-02-17'],
      addedWorkdays: [],
      removedWorkdays: [],
    });
    // Every hall got it.
    await waitFor(async () => (await halls[1]!.hall.admin.settings()).districtCalendar?.version === v2.version, 'the other halls');
  });

  it('halls apply new certificate type versions; a hall’s own edit is kept as an override, and the district sees it', async () => {
    const [town, other] = [halls[0]!.hall, halls[1]!.hall];
    const base = STANDARD_CERTIFICATE_TYPES[0]!;
    const body = (name: string) => {
      const { code: _code, ...rest } = base;
      return { ...rest, name };
    };
    type Link = { certificateTypesVersion: number; certificateTypeOverrides: string[] };
    const link = (h: TestHall) => h.admin.request<Link>('GET', '/api/v1/district-link');
    const typeName = async (h: TestHall, code: string) =>
      (await h.admin.request<{ code: string; name: string }[]>('GET', '/api/v1/certificate-types')).find((t) => t.code === code)?.name;
    // The town hall made a type of its own under a code the district then publishes too.
    await town.admin.request('PUT', '/api/v1/certificate-types/residence-proof', body('本镇居住证明'));
    const v1 = await admin.json<{ version: number }>('PUT', '/api/v1/district/catalogue/certificate-types', {
      items: [
        { code: 'district-income', ...body('收入证明（区级）') },
        { code: 'residence-proof', ...body('居住证明（区级）') },
      ],
    });
    for (const h of [town, other]) await waitFor(async () => (await link(h)).certificateTypesVersion === v1.version, 'the halls to apply version 1');
    expect(await typeName(town, 'residence-proof')).toBe('本镇居住证明');
    expect(await typeName(town, 'district-income')).toBe('收入证明（区级）');
    expect(await typeName(other, 'residence-proof')).toBe('居住证明（区级）');
    expect((await link(town)).certificateTypeOverrides).toEqual(['residence-proof']);
    expect((await link(other)).certificateTypeOverrides).toEqual([]);

    // The other hall edits a district type; the next version changes it: that hall keeps its edit, the town follows.
    await other.admin.request('PUT', '/api/v1/certificate-types/district-income', body('收入证明（本厅）'));
    const v2 = await admin.json<{ version: number }>('PUT', '/api/v1/district/catalogue/certificate-types', {
      items: [
        { code: 'district-income', ...body('收入情况证明') },
        { code: 'residence-proof', ...body('居住证明（区级）') },
      ],
    });
    for (const h of [town, other]) await waitFor(async () => (await link(h)).certificateTypesVersion === v2.version, 'the halls to apply version 2');
    expect(await typeName(town, 'district-income')).toBe('收入情况证明');
    expect(await typeName(other, 'district-income')).toBe('收入证明（本厅）');
    expect((await link(other)).certificateTypeOverrides).toEqual(['district-income']);
    type Catalogue = { version: number; overrides: { hallId: string; codes: string[] }[] };
    await waitFor(
      async () => (await admin.json<Catalogue>('GET', '/api/v1/district/catalogue/certificate-types')).overrides.length === 2,
      'both halls to report',
    );
    const catalogue = await admin.json<Catalogue>('GET', '/api/v1/district/catalogue/certificate-types');
    expect(catalogue.version).toBe(v2.version);
    expect(catalogue.overrides).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ hallId: halls[0]!.id, codes: ['residence-proof'] }),
        expect.objectContaining({ hallId: halls[1]!.id, codes: ['district-income'] }),
      ]),
    );
    // Only a district manager publishes; a hall token reports only its own hall.
    const manager = await DistrictApi.signIn(district.url, 'town1-manager', 'Town1-Manager-2026!');
    expect((await manager.send('PUT', '/api/v1/district/catalogue/certificate-types', { items: [] })).status).toBe(403);
    const res = await new DistrictApi(district.url, halls[0]!.token).send('PUT', `/api/v1/district/halls/${halls[1]!.id}/overrides`, {
      kind: 'certificate_types',
      codes: [],
    });
    expect(res.status).toBe(403);
  });

  it('slows down repeated failed sign-ins with 429 and Retry-After', async () => {
    const anon = new DistrictApi(district.url);
    for (let i = 0; i < 5; i++) expect((await anon.send('POST', '/api/v1/auth/login', { username: 'admin', password: `wrong-${i}` })).status).toBe(401);
    const res = await anon.send('POST', '/api/v1/auth/login', { username: 'admin', password: DISTRICT_ADMIN });
    expect(res.status).toBe(429);
    expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
  });
});
