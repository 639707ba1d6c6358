// The service guide over HTTP on a real hall: search in Chinese and by pinyin initials, drafts hidden from visitors until
// published, import/export round trip with a bad entry refused whole, roles, and 常用服务 from tickets taken for a matter.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HallClient, HallApiError } from '../../client/hall-client.ts';
import {
  exportMatters,
  getMatter,
  importMatters,
  matterCatalogue,
  matterTopics,
  popularMatters,
  publishMatter,
  putMatter,
  searchMatters,
  ticketMatter,
} from '../../client/matters-client.ts';
import { DEMO_MATTERS, seedDemoMatters } from '../../scripts/demo-matters.ts';
import { ADMIN_PASSWORD, sendJson, startTestHall, type TestHall } from '../helpers/hall.ts';

const MORNING = Date.parse('2026-11-23T09:00:00+08:00');
let hall: TestHall;
const serviceIds = new Map<string, string>();

beforeAll(async () => {
  hall = await startTestHall({ now: MORNING, settings: { issueWithoutOpenCounter: true } });
  for (const [i, code] of ['company', 'estate', 'social', 'fund', 'exit-entry'].entries()) {
    serviceIds.set(code, (await hall.admin.createService({ code, name: code, prefix: String.fromCharCode(65 + i) })).id);
  }
  await seedDemoMatters(hall.admin);
});
afterAll(() => hall.close());

const names = (items: { name: string }[]) => items.map((m) => m.name);
const status = async (p: Promise<unknown>) =>
  p.then(
    () => 200,
    (e: unknown) => (e instanceof HallApiError ? e.status : 0),
  );

describe('search', () => {
  it('finds a matter by pinyin initials, full pinyin and Chinese, the name before other fields', async () => {
    expect(names((await searchMatters(hall.anon, { q: 'bdc' })).items)[0]).toBe('不动产登记（二手房转移登记）');
    expect(names((await searchMatters(hall.anon, { q: 'BDCDJ' })).items)).toEqual(['不动产登记（二手房转移登记）']);
    expect(names((await searchMatters(hall.anon, { q: 'gjj' })).items)).toEqual(['公积金提取（租房）']);
    expect(names((await searchMatters(hall.anon, { q: 'shebao' })).items)).toEqual(['社保卡补办']);
    expect(names((await searchMatters(hall.anon, { q: '居住证' })).items)).toEqual(['居住证办理']);
    // 身份证 is a material of four matters and in no name: found through the materials, after nothing better.
    expect((await searchMatters(hall.anon, { q: '身份证' })).items).toHaveLength(5);
    // A name match outranks a life-event match: 企业开办 is only a life event of 个体工商户设立登记.
    expect(names((await searchMatters(hall.anon, { q: '企业开办' })).items)).toEqual(['个体工商户设立登记']);
    expect((await searchMatters(hall.anon, { q: 'xyzq' })).items).toEqual([]);
  });

  it('ranks a name beginning with the text before one containing it', async () => {
    await putMatter(hall.admin, 'T-ORDER-1', { ...base(), name: '补办不动产权证书' });
    await putMatter(hall.admin, 'T-ORDER-2', { ...base(), name: '不动产抵押登记' });
    const found = names((await searchMatters(hall.anon, { q: '不动产' })).items);
    expect(found.slice(0, 2).sort()).toEqual(['不动产抵押登记', '不动产登记（二手房转移登记）'].sort());
    expect(found[2]).toBe('补办不动产权证书');
    expect(names((await searchMatters(hall.anon, { q: 'bdcdy' })).items)).toEqual(['不动产抵押登记']);
    await hall.admin.request('DELETE', '/api/v1/matters/T-ORDER-1');
    await hall.admin.request('DELETE', '/api/v1/matters/T-ORDER-2');
  });

  it('browses by category and life event', async () => {
    expect(names((await searchMatters(hall.anon, { category: '公积金' })).items)).toEqual(['公积金提取（租房）']);
    expect(names((await searchMatters(hall.anon, { lifeEvent: '企业开办' })).items)).toEqual(['个体工商户设立登记']);
    const topics = await matterTopics(hall.anon);
    expect(topics.categories.map((c) => c.name).sort()).toEqual(['不动产', '公积金', '市场监管', '户籍', '社保'].sort());
    expect(topics.lifeEvents).toContainEqual({ name: '买房', count: 1 });
  });
});

function base() {
  return {
    name: '测试事项',
    department: '测试局',
    category: '测试',
    serviceId: serviceIds.get('estate')!,
    legalDays: 10,
    promisedDays: 5,
    materials: [{ name: '身份证', original: true, copies: 1, note: '' }],
  };
}

describe('drafts', () => {
  it('keeps a draft from visitors until it is published', async () => {
    await putMatter(hall.admin, 'T-DRAFT', { ...base(), name: '草稿事项甲' }, true);
    expect(await status(getMatter(hall.anon, 'T-DRAFT'))).toBe(404);
    expect((await searchMatters(hall.anon, { q: '草稿事项' })).items).toEqual([]);
    expect((await matterCatalogue(hall.admin)).items.find((i) => i.code === 'T-DRAFT')?.status).toBe('draft');

    await publishMatter(hall.admin, 'T-DRAFT');
    expect((await getMatter(hall.anon, 'T-DRAFT')).name).toBe('草稿事项甲');
    expect(names((await searchMatters(hall.anon, { q: 'cgsx' })).items)).toEqual(['草稿事项甲']);

    // A new draft leaves the published version as visitors see it.
    await putMatter(hall.admin, 'T-DRAFT', { ...base(), name: '草稿事项乙', promisedDays: 2 }, true);
    expect((await getMatter(hall.anon, 'T-DRAFT')).name).toBe('草稿事项甲');
    const entry = (await matterCatalogue(hall.admin)).items.find((i) => i.code === 'T-DRAFT')!;
    expect([entry.status, entry.published?.name, entry.draft?.name]).toEqual(['published_with_draft', '草稿事项甲', '草稿事项乙']);
    await publishMatter(hall.admin, 'T-DRAFT');
    expect((await getMatter(hall.anon, 'T-DRAFT')).promisedDays).toBe(2);
    expect(await status(publishMatter(hall.admin, 'T-DRAFT'))).toBe(409);
    await hall.admin.request('DELETE', '/api/v1/matters/T-DRAFT');
    expect(await status(getMatter(hall.anon, 'T-DRAFT'))).toBe(404);
  });

  it('refuses an unknown service, promised days over legal days, and a path/body code mismatch', async () => {
    const put = (body: unknown, code = 'T-BAD') => sendJson(hall, 'PUT', `/api/v1/matters/${code}`, body).then((r) => r.status);
    expect(await put({ ...base(), serviceId: 'no-such-service' })).toBe(400);
    expect(await put({ ...base(), promisedDays: 20 })).toBe(400);
    expect(await put({ ...base(), code: 'OTHER' })).toBe(400);
    expect(await put({ ...base(), materials: [{ name: '', original: true, copies: 1 }] })).toBe(400);
    expect(await put(base(), 'bad code!')).toBe(400);
    expect(await status(getMatter(hall.anon, 'T-BAD'))).toBe(404);
  });
});

describe('roles', () => {
  it('lets anyone read published matters, and only managers and integrators write', async () => {
    const kiosk = new HallClient(hall.url, { token: (await hall.admin.createDevice({ name: 'K', kind: 'kiosk' })).token });
    const integrator = new HallClient(hall.url, { token: (await hall.admin.createDevice({ name: '事项库', kind: 'integrator' })).token });
    const staff = await hall.admin.createUser({ username: 'guide.staff', password: 'Guide-Staff-pw1', role: 'staff' });
    const staffClient = hall.anon.withToken((await hall.anon.login('guide.staff', 'Guide-Staff-pw1')).token);
    expect(staff.role).toBe('staff');

    expect((await searchMatters(kiosk)).items.length).toBe(DEMO_MATTERS.length);
    expect(await status(putMatter(kiosk, 'T-ROLE', base()))).toBe(403);
    expect(await status(putMatter(staffClient, 'T-ROLE', base()))).toBe(403);
    expect(await status(putMatter(hall.anon, 'T-ROLE', base()))).toBe(401);
    expect(await status(matterCatalogue(hall.anon))).toBe(401);
    expect(await status(matterCatalogue(kiosk))).toBe(403);
    expect(await status(exportMatters(staffClient))).toBe(403);
    expect(await status(putMatter(integrator, 'T-ROLE', base()))).toBe(200);
    expect((await getMatter(hall.anon, 'T-ROLE')).name).toBe('测试事项');
    await integrator.request('DELETE', '/api/v1/matters/T-ROLE');
  });
});

describe('import and export', () => {
  it('round-trips the catalogue, drafts included, through JSON', async () => {
    await putMatter(hall.admin, '320100-SB-014', { ...base(), name: '社保卡补办（新版）' }, true);
    const exported = await exportMatters(hall.admin);
    expect(exported.matters.filter((m) => m.draft).map((m) => m.code)).toEqual(['320100-SB-014']);

    const other = await startTestHall({ now: MORNING });
    try {
      for (const [i, code] of ['company', 'estate', 'social', 'fund', 'exit-entry'].entries()) {
        await other.admin.createService({ code, name: code, prefix: String.fromCharCode(65 + i) });
      }
      // Service ids differ between halls: an import maps them by the receiving hall's services.
      const theirs = new Map((await other.admin.services()).map((s) => [s.code, s.id]));
      const ours = new Map([...serviceIds].map(([code, id]) => [id, code]));
      const mapped = exported.matters.map((m) => ({ ...m, serviceId: m.serviceId && theirs.get(ours.get(m.serviceId)!)! }));
      expect(await importMatters(other.admin, JSON.parse(JSON.stringify(mapped)) as unknown[])).toEqual({ imported: 6, published: 5, drafts: 1 });
      const again = await exportMatters(other.admin);
      expect(again.matters).toEqual(mapped);
      expect((await getMatter(other.anon, '320100-SB-014')).name).toBe('社保卡补办');
    } finally {
      await other.close();
    }
    await putMatter(hall.admin, '320100-SB-014', (await getMatter(hall.admin, '320100-SB-014')) as never);
  });

  it('names the bad entry and stores nothing of the file', async () => {
    const before = await exportMatters(hall.admin);
    const good = { ...base(), code: 'T-IMP-1' };
    const bad = { ...base(), code: 'T-IMP-2', materials: [{ name: '身份证', original: 'yes', copies: 1 }] };
    const res = await sendJson(hall, 'POST', '/api/v1/matter-catalogue/import', { matters: [good, bad] });
    expect(res.status).toBe(400);
    const body = (await res.json()) as { error: { code: string; message: string; details: { field: string; index: number; code: string } } };
    expect(body.error.code).toBe('VALIDATION_FAILED');
    expect(body.error.details).toMatchObject({ field: 'matters[1].materials.0.original', index: 1, code: 'T-IMP-2' });
    expect(body.error.message).toContain('matters[1] (T-IMP-2)');
    // An unknown service is found in the writer's transaction: still nothing stored.
    const res2 = await sendJson(hall, 'POST', '/api/v1/matter-catalogue/import', { matters: [good, { ...good, code: 'T-IMP-3', serviceId: 'gone' }] });
    expect(res2.status).toBe(400);
    expect(((await res2.json()) as { error: { message: string } }).error.message).toContain('matters[1] (T-IMP-3)');
    expect(await exportMatters(hall.admin)).toEqual({ ...before, exportedAt: expect.any(String) as string });
  });
});

describe('tickets for a matter', () => {
  it('records the matter on the ticket and counts 常用服务 over the last 30 days', async () => {
    const estate = serviceIds.get('estate')!;
    const fund = serviceIds.get('fund')!;
    const issue = (serviceId: string, matterCode: string) => hall.admin.issueTicket({ serviceId, matterCode });
    const t = await issue(estate, '320100-BDC-001');
    await issue(estate, '320100-BDC-001');
    await issue(fund, '320100-GJJ-008');
    await hall.admin.issueTicket({ serviceId: fund });
    expect((await ticketMatter(hall.admin, t.id)).matter?.name).toBe('不动产登记（二手房转移登记）');
    // The matter's own service only.
    expect(await status(issue(fund, '320100-BDC-001'))).toBe(409);
    expect(await status(issue(fund, 'NO-SUCH'))).toBe(404);
    const popular = await popularMatters(hall.anon);
    expect(popular.items.map((p) => [p.code, p.tickets])).toEqual([
      ['320100-BDC-001', 2],
      ['320100-GJJ-008', 1],
    ]);
    // 31 days on, those tickets have left the window.
    hall.clock.advance(31 * 86_400_000);
    const admin = hall.anon.withToken((await hall.anon.login('admin', ADMIN_PASSWORD)).token);
    await admin.issueTicket({ serviceId: fund, matterCode: '320100-GJJ-008' });
    expect((await popularMatters(hall.anon)).items.map((p) => [p.code, p.tickets])).toEqual([['320100-GJJ-008', 1]]);
  });
});
