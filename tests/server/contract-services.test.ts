// Contract tests of PATCH /api/v1/services/:id (v1.1), translated names of services, categories and the hall,
// counters open per service in /queue, and the NO_COUNTER_OPEN / SERVICE_INACTIVE refusals.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HallClient } from '../../client/hall-client.ts';
import { apiError } from '../helpers/api-error.ts';
import { sendJson, startTestHall, type TestHall } from '../helpers/hall.ts';

// 2026-03-10 09:00 in Asia/Shanghai (a Tuesday).
const START = Date.parse('2026-03-10T01:00:00Z');

let hall: TestHall;
let kiosk: HallClient;
let staff: HallClient;
let keySeq = 0;
const issue = (serviceId: string, client: HallClient = kiosk) => client.issueTicket({ serviceId }, `svc-key-${++keySeq}`);

let seq = 0;
async function newService(extra: Parameters<HallClient['createService']>[0] extends infer B ? Partial<B> : never = {}) {
  const n = ++seq;
  return hall.admin.createService({
    code: `s-${n}`,
    name: `事项${n}`,
    prefix: String.fromCharCode(65 + (n % 26)) + String.fromCharCode(65 + Math.floor(n / 26)),
    ...extra,
  });
}

let counterSeq = 0;
const newCounter = (serviceIds: string[]) => hall.admin.createCounter({ number: ++counterSeq, serviceIds });

const patchRaw = (id: string, body: unknown, token?: string | null) => sendJson(hall, 'PATCH', `/api/v1/services/${id}`, body, token);

beforeAll(async () => {
  hall = await startTestHall({ now: START });
  kiosk = hall.anon.withToken((await hall.admin.createDevice({ name: 'Kiosk', kind: 'kiosk' })).token);
  await hall.admin.createUser({ username: 'clerk', password: 'clerk-password', role: 'staff' });
  staff = hall.anon.withToken((await hall.anon.login('clerk', 'clerk-password')).token);
});

afterAll(async () => {
  await hall?.close();
});

describe('PATCH /api/v1/services/:id', () => {
  it('changes each field it is given, returns 200 with the service, and leaves the others alone', async () => {
    const s = await newService({ category: '社会保障', dailyCap: 40 });
    const steps: [Record<string, unknown>, Record<string, unknown>][] = [
      [{ name: '社保卡补办' }, { name: '社保卡补办', category: '社会保障', dailyCap: 40 }],
      [{ category: '医疗保障' }, { name: '社保卡补办', category: '医疗保障' }],
      [{ dailyCap: 80 }, { dailyCap: 80, category: '医疗保障' }],
      [
        { openingHours: [{ weekdays: [1, 2, 3, 4, 5], from: '09:00', to: '17:00' }] },
        { openingHours: [{ weekdays: [1, 2, 3, 4, 5], from: '09:00', to: '17:00' }], dailyCap: 80 },
      ],
      [{ targetWaitMinutes: 20 }, { targetWaitMinutes: 20 }],
      [
        { names: { en: 'Social security card', 'zh-TW': '社保卡補辦', ja: '社会保障カード' } },
        { names: { en: 'Social security card', 'zh-TW': '社保卡補辦', ja: '社会保障カード' }, name: '社保卡补办' },
      ],
      [{ active: false }, { active: false, targetWaitMinutes: 20 }],
      [{ active: true }, { active: true }],
      // null clears a cap, a category, opening hours, a target.
      [
        { dailyCap: null, category: null, openingHours: null, targetWaitMinutes: null },
        { dailyCap: null, category: null, openingHours: null, targetWaitMinutes: null, name: '社保卡补办' },
      ],
    ];
    for (const [body, expected] of steps) {
      const res = await patchRaw(s.id, body);
      expect(res.status, JSON.stringify(body)).toBe(200);
      const returned = await res.json();
      expect(returned).toMatchObject({ id: s.id, code: s.code, prefix: s.prefix, ...expected });
      const listed = (await hall.admin.services()).find((x) => x.id === s.id);
      expect(listed).toEqual(returned);
    }
  });

  it('an empty translation removes it; the others stay', async () => {
    const s = await newService({ names: { en: 'Tax', 'zh-TW': '稅務' } });
    expect(s.names).toEqual({ en: 'Tax', 'zh-TW': '稅務' });
    const updated = await hall.admin.updateService(s.id, { names: { en: 'Taxation', 'zh-TW': '' } });
    expect(updated.names).toEqual({ en: 'Taxation' });
  });

  it('refuses malformed bodies with 400 VALIDATION_FAILED naming the field', async () => {
    const s = await newService();
    const bad: [unknown, string][] = [
      [{ name: '' }, 'name'],
      [{ name: 'x'.repeat(61) }, 'name'],
      [{ dailyCap: 0 }, 'dailyCap'],
      [{ dailyCap: 1.5 }, 'dailyCap'],
      [{ active: 'no' }, 'active'],
      [{ targetWaitMinutes: -1 }, 'targetWaitMinutes'],
      [{ openingHours: [{ from: '18:00', to: '09:00' }] }, 'openingHours'],
      [{ names: { fr: 'Impôts' } }, 'names'],
      [{ names: { en: 42 } }, 'names'],
      [{ names: ['Tax'] }, 'names'],
      [{ prefix: 'z1' }, 'prefix'],
      [{ code: 'other' }, 'code'],
    ];
    for (const [body, field] of bad) {
      const res = await patchRaw(s.id, body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      const { error } = (await res.json()) as { error: { code: string; message: string } };
      expect(error.code).toBe('VALIDATION_FAILED');
      expect(error.message).toContain(field);
    }
    const res = await fetch(`${hall.url}/api/v1/services/${s.id}`, {
      method: 'PATCH',
      headers: { authorization: `Bearer ${hall.admin.token}`, 'content-type': 'application/json' },
      body: '{"name": ',
    });
    expect(res.status).toBe(400);
    expect((await hall.admin.services()).find((x) => x.id === s.id)).toMatchObject({ name: s.name, names: {} });
  });

  it('404 for an unknown service, 403 for staff and devices, 401 without a token', async () => {
    const s = await newService();
    await apiError(hall.admin.updateService('no-such-service', { name: '无' }), 404);
    await apiError(staff.updateService(s.id, { name: '改名' }), 403, 'FORBIDDEN');
    await apiError(kiosk.updateService(s.id, { active: false }), 403, 'FORBIDDEN');
    expect((await patchRaw(s.id, { name: '改名' }, null)).status).toBe(401);
    expect((await hall.admin.services()).find((x) => x.id === s.id)!.name).toBe(s.name);
  });

  it('active:false refuses new tickets with 409 SERVICE_INACTIVE (check-ins too); active:true takes them again', async () => {
    const s = await newService();
    await hall.admin.createAppointment({
      code: 'APT-INACTIVE',
      serviceId: s.id,
      windowStart: new Date(START + 10 * 60_000).toISOString(),
      windowEnd: new Date(START + 40 * 60_000).toISOString(),
    });
    await hall.admin.updateService(s.id, { active: false });
    await apiError(issue(s.id), 409, 'SERVICE_INACTIVE');
    await apiError(kiosk.checkIn({ code: 'APT-INACTIVE' }), 409, 'SERVICE_INACTIVE');
    await hall.admin.updateService(s.id, { active: true });
    expect((await issue(s.id)).status).toBe('waiting');
  });

  it('a daily cap set by PATCH is enforced at once', async () => {
    const s = await newService();
    await issue(s.id);
    await hall.admin.updateService(s.id, { dailyCap: 2 });
    await issue(s.id);
    await apiError(issue(s.id), 409, 'DAILY_CAP_REACHED');
  });

  it('is in the OpenAPI description with its body', async () => {
    const doc = (await (await fetch(`${hall.url}/api/v1/openapi.json`)).json()) as { paths: Record<string, Record<string, { requestBody?: unknown }>> };
    const path = Object.keys(doc.paths).find((p) => /^\/api\/v1\/services\/[:{]id}?$/.test(p));
    expect(path).toBeDefined();
    expect(JSON.stringify(doc.paths[path!]!.patch?.requestBody)).toContain('targetWaitMinutes');
  });
});

describe('translated names', () => {
  it('POST /services takes names; GET /services returns them; they survive a restart', async () => {
    const dir = hall.dir + '-restart';
    const first = await startTestHall({ now: START, dir });
    const created = await first.admin.createService({ code: 'tax', name: '税务', prefix: 'T', names: { en: 'Tax', ja: '税務' } });
    expect(created.names).toEqual({ en: 'Tax', ja: '税務' });
    await first.admin.updateSettings({ hallNames: { en: 'City Hall' }, categoryNames: { 税务: { en: 'Taxes' } } });
    await first.close();
    const again = await startTestHall({ now: START, dir });
    try {
      expect((await again.admin.services()).find((s) => s.code === 'tax')!.names).toEqual({ en: 'Tax', ja: '税務' });
      expect(await again.admin.settings()).toMatchObject({ hallNames: { en: 'City Hall' }, categoryNames: { 税务: { en: 'Taxes' } } });
    } finally {
      await again.close();
    }
  });

  it('a service without translations has names {}', async () => {
    expect((await newService()).names).toEqual({});
  });

  it('settings take hallNames and categoryNames, and refuse malformed ones', async () => {
    const next = await hall.admin.updateSettings({
      hallNames: { en: 'Government Service Hall', 'zh-TW': '政務服務大廳', ja: '行政サービスホール' },
      categoryNames: { 社会保障: { en: 'Social security', 'zh-TW': '社會保障' }, 医疗保障: { en: 'Medical insurance' } },
    });
    expect(next.hallNames).toEqual({ en: 'Government Service Hall', 'zh-TW': '政務服務大廳', ja: '行政サービスホール' });
    expect(next.categoryNames['医疗保障']).toEqual({ en: 'Medical insurance' });
    expect((await kiosk.settings()).categoryNames['社会保障']).toEqual({ en: 'Social security', 'zh-TW': '社會保障' });
    const bad: [unknown, string][] = [
      [{ hallNames: { fr: 'Salle' } }, 'hallNames'],
      [{ hallNames: { en: 'x'.repeat(121) } }, 'hallNames'],
      [{ hallNames: 'Hall' }, 'hallNames'],
      [{ categoryNames: { '': { en: 'x' } } }, 'categoryNames'],
      [{ categoryNames: { 税务: { de: 'Steuer' } } }, 'categoryNames'],
      [{ categoryNames: { 税务: 'Taxes' } }, 'categoryNames'],
      [{ issueWithoutOpenCounter: 'no' }, 'issueWithoutOpenCounter'],
    ];
    for (const [body, field] of bad) {
      const err = await apiError(hall.admin.updateSettings(body as never), 400, 'VALIDATION_FAILED');
      expect(err.message).toContain(field);
    }
    expect((await hall.admin.settings()).hallNames.en).toBe('Government Service Hall');
  });

  it('the kiosk sync configuration carries service names, category names and hall names', async () => {
    const s = await newService({ category: '社会保障', names: { en: 'Pensions' } });
    const t = await issue(s.id);
    expect(await hall.anon.publicTicket(t.id)).toMatchObject({ serviceNames: { en: 'Pensions' }, hallNames: { en: 'Government Service Hall' } });
    const config = await kiosk.syncConfig();
    expect(config.services.find((x) => x.id === s.id)!.names).toEqual({ en: 'Pensions' });
    expect(config.settings.categoryNames['社会保障']).toEqual({ en: 'Social security', 'zh-TW': '社會保障' });
    expect(config.settings.hallNames.en).toBe('Government Service Hall');
  });
});

describe('counters open per service', () => {
  it('GET /queue gives openCounters per service: signed in, open or paused; no estimate while it is 0', async () => {
    const s = await newService();
    const other = await newService();
    const c = await newCounter([s.id, other.id]);
    const entry = async (id: string) => (await kiosk.queue()).services.find((x) => x.id === id)!;
    await issue(s.id);
    expect(await entry(s.id)).toMatchObject({ openCounters: 0, waiting: 1, estimatedWaitSeconds: null });
    await staff.signIn(c.id);
    expect(await entry(s.id)).toMatchObject({ openCounters: 1, waiting: 1 });
    expect((await entry(s.id)).estimatedWaitSeconds).toBeGreaterThan(0);
    expect((await entry(other.id)).openCounters).toBe(1);
    await staff.pause(c.id, 'break');
    expect((await entry(s.id)).openCounters).toBe(1);
    await staff.resume(c.id);
    const second = await newCounter([s.id]);
    await hall.admin.signIn(second.id);
    expect((await entry(s.id)).openCounters).toBe(2);
    await staff.signOut(c.id);
    await hall.admin.signOut(second.id);
    expect(await entry(s.id)).toMatchObject({ openCounters: 0, estimatedWaitSeconds: null });
  });

  it('a ticket for a service with no open counter does not claim a short wait', async () => {
    const s = await newService();
    await issue(s.id);
    const t = await issue(s.id);
    expect(t).toMatchObject({ ahead: 1, estimatedWaitSeconds: null });
    expect((await kiosk.ticket(t.id)).estimatedWaitSeconds).toBeNull();
    // The phone's ticket page too.
    expect(await hall.anon.publicTicket(t.id)).toMatchObject({ ahead: 1, estimatedWaitSeconds: null, serviceName: s.name, serviceNames: {} });
  });
});

describe('issueWithoutOpenCounter', () => {
  it('off: POST /tickets for a service with no open counter is 409 NO_COUNTER_OPEN; with a counter open it issues', async () => {
    const s = await newService();
    const c = await newCounter([s.id]);
    await hall.admin.updateSettings({ issueWithoutOpenCounter: false });
    try {
      await apiError(issue(s.id), 409, 'NO_COUNTER_OPEN');
      await apiError(issue(s.id, staff), 409, 'NO_COUNTER_OPEN');
      await staff.signIn(c.id);
      const t = await issue(s.id);
      expect(t).toMatchObject({ status: 'waiting', ahead: 0, estimatedWaitSeconds: 0 });
      // A paused counter is still staffed: tickets go on.
      await staff.pause(c.id, 'break');
      expect((await issue(s.id)).ahead).toBe(1);
      await staff.signOut(c.id);
      await apiError(issue(s.id), 409, 'NO_COUNTER_OPEN');
    } finally {
      await hall.admin.updateSettings({ issueWithoutOpenCounter: true });
    }
  });

  it('off: an appointment check-in still goes through (the slot was booked)', async () => {
    const s = await newService();
    await hall.admin.createAppointment({
      code: 'APT-NO-COUNTER',
      serviceId: s.id,
      windowStart: new Date(START + 5 * 60_000).toISOString(),
      windowEnd: new Date(START + 35 * 60_000).toISOString(),
    });
    await hall.admin.updateSettings({ issueWithoutOpenCounter: false });
    try {
      const t = await kiosk.checkIn({ code: 'APT-NO-COUNTER' });
      expect(t).toMatchObject({ appointment: true, status: 'waiting', estimatedWaitSeconds: null });
    } finally {
      await hall.admin.updateSettings({ issueWithoutOpenCounter: true });
    }
  });

  it('on (the default): tickets are issued with no counter open', async () => {
    expect((await hall.admin.settings()).issueWithoutOpenCounter).toBe(true);
    const s = await newService();
    expect((await issue(s.id)).status).toBe('waiting');
  });
});
