// 好差评 over HTTP: ratings with reasons, follow-ups due in working days, satisfaction figures, the phone page.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { HallClient } from '../../client/hall-client.ts';
import { apiError } from '../helpers/api-error.ts';
import { ADMIN_PASSWORD, startTestHall, type TestHall } from '../helpers/hall.ts';

/** Monday 2026-11-23, 10:00 in Shanghai. */
const MONDAY = Date.parse('2026-11-23T10:00:00+08:00');
let hall: TestHall;
let staff: HallClient;
let kiosk: HallClient;
let svc: { a: string; b: string };
let counters: { c1: string; c2: string };

/** Issues, calls and completes one ticket at a counter; returns its id. */
async function servedTicket(client: HallClient, serviceId: string, counterId: string): Promise<string> {
  const t = await kiosk.issueTicket({ serviceId });
  hall.clock.advance(1000);
  const called = await client.callNext(counterId);
  expect(called.ticket?.id).toBe(t.id);
  await client.complete(t.id);
  return t.id;
}

beforeEach(async () => {
  hall = await startTestHall({ now: MONDAY, settings: { holidays: ['2026-12-01'], extraWorkdays: ['2026-12-05'] } });
  svc = {
    a: (await hall.admin.createService({ code: 'biz', name: '企业开办', prefix: 'A' })).id,
    b: (await hall.admin.createService({ code: 'tax', name: '税务', prefix: 'B' })).id,
  };
  counters = {
    c1: (await hall.admin.createCounter({ number: 1, serviceIds: [svc.a] })).id,
    c2: (await hall.admin.createCounter({ number: 2, serviceIds: [svc.b] })).id,
  };
  await hall.admin.createUser({ username: 'wang', password: 'staff-password', role: 'staff', displayName: '王芳' });
  staff = hall.anon.withToken((await hall.anon.login('wang', 'staff-password')).token);
  await staff.signIn(counters.c1);
  kiosk = new HallClient(hall.url, { token: (await hall.admin.createDevice({ name: 'rate pad', kind: 'kiosk' })).token });
});

afterEach(async () => {
  await hall.close();
});

describe('ratings and follow-ups', () => {
  it('opens a follow-up for a rating of 2 or less, due 15 working days later (holidays and 调休 counted)', async () => {
    const id = await servedTicket(staff, svc.a, counters.c1);
    const rating = await kiosk.request<{ followUpId: string | null; tags: string[]; channel: string }>('POST', `/api/v1/tickets/${id}/rating`, {
      level: 1,
      tags: ['等候时间长', '态度不好'],
      comment: '等了很久',
      channel: 'rate_page',
    });
    expect(rating.followUpId).not.toBeNull();
    expect([rating.channel, rating.tags]).toEqual(['rate_page', ['等候时间长', '态度不好']]);
    const open = await hall.admin.request<{ id: string; dueDay: string; staffUserId: string; level: number; overdue: boolean }[]>('GET', '/api/v1/follow-ups');
    expect(open).toHaveLength(1);
    // Mon 11-23 + 15 working days: Tue 12-01 is a holiday, Sat 12-05 a make-up working day.
    expect(open[0]).toMatchObject({ level: 1, dueDay: '2026-12-14', overdue: false });
    expect((await apiError(staff.request('GET', '/api/v1/follow-ups'))).status).toBe(403);
    const resolved = await hall.admin.request<{ status: string; resolutionNote: string }>('POST', `/api/v1/follow-ups/${open[0]!.id}/resolve`, {
      note: '已电话回访，致歉并说明',
    });
    expect(resolved).toMatchObject({ status: 'resolved', resolutionNote: '已电话回访，致歉并说明' });
    expect((await apiError(hall.admin.request('POST', `/api/v1/follow-ups/${open[0]!.id}/resolve`, { note: 'again' }))).code).toBe('FOLLOW_UP_RESOLVED');
    expect(await hall.admin.request('GET', '/api/v1/follow-ups')).toEqual([]);
    expect(await hall.admin.request('GET', '/api/v1/follow-ups?status=resolved')).toHaveLength(1);
    expect(await apiError(hall.admin.request('POST', '/api/v1/follow-ups/nope/resolve', { note: 'x' }))).toMatchObject({
      status: 404,
      code: 'FOLLOW_UP_NOT_FOUND',
    });
  });

  it('marks an open follow-up overdue after its due day', async () => {
    const id = await servedTicket(staff, svc.a, counters.c1);
    await kiosk.rate(id, 2);
    hall.clock.set(Date.parse('2026-12-15T09:00:00+08:00'));
    // Three weeks on, yesterday's session has expired: sign in again as a manager would.
    expect((await apiError(hall.admin.request('GET', '/api/v1/follow-ups'))).status).toBe(401);
    const manager = hall.anon.withToken((await hall.anon.login('admin', ADMIN_PASSWORD)).token);
    const [item] = await manager.request<{ overdue: boolean }[]>('GET', '/api/v1/follow-ups');
    expect(item!.overdue).toBe(true);
  });

  it('opens no follow-up for satisfied visitors', async () => {
    const id = await servedTicket(staff, svc.a, counters.c1);
    expect((await kiosk.request<{ followUpId: string | null }>('POST', `/api/v1/tickets/${id}/rating`, { level: 4 })).followUpId).toBeNull();
    expect(await hall.admin.request('GET', '/api/v1/follow-ups?status=all')).toEqual([]);
  });
});

describe('satisfaction figures', () => {
  it('groups ratings by counter, staff member and service', async () => {
    const levels: [HallClient, string, string, number][] = [
      [staff, svc.a, counters.c1, 5],
      [staff, svc.a, counters.c1, 4],
      [staff, svc.a, counters.c1, 1],
      [hall.admin, svc.b, counters.c2, 5],
    ];
    for (const [client, service, counter, level] of levels) {
      const id = await servedTicket(client, service, counter);
      await kiosk.rate(id, level);
    }
    type Report = {
      overall: { ratings: number; average: number; satisfiedRate: number };
      rows: { name: string; ratings: number; average: number; satisfiedRate: number; levels: Record<string, number> }[];
    };
    const byCounter = await hall.admin.request<Report>('GET', '/api/v1/reports/satisfaction?by=counter&from=2026-11-23&to=2026-11-23');
    expect(byCounter.overall).toEqual({ ratings: 4, average: 3.75, satisfiedRate: 0.75 });
    expect(byCounter.rows[0]).toMatchObject({ name: '1', ratings: 3, average: 3.33, satisfiedRate: 0.667, levels: { '1': 1, '2': 0, '3': 0, '4': 1, '5': 1 } });
    const byStaff = await hall.admin.request<Report>('GET', '/api/v1/reports/satisfaction?by=staff&from=2026-11-23&to=2026-11-23');
    expect(byStaff.rows.find((r) => r.name === '王芳')).toMatchObject({ ratings: 3 });
    const byService = await hall.admin.request<Report>('GET', '/api/v1/reports/satisfaction?by=service');
    expect(byService.rows.map((r) => [r.name, r.ratings])).toEqual([
      ['企业开办', 3],
      ['税务', 1],
    ]);
    const tomorrow = await hall.admin.request<Report>('GET', '/api/v1/reports/satisfaction?by=service&from=2026-11-24&to=2026-11-24');
    expect(tomorrow.overall.ratings).toBe(0);
    for (const q of ['by=desk', 'from=2026-13-01', 'from=2026-11-24&to=2026-11-23']) {
      expect((await apiError(hall.admin.request('GET', `/api/v1/reports/satisfaction?${q}`))).code).toBe('VALIDATION_FAILED');
    }
    expect((await apiError(staff.request('GET', '/api/v1/reports/satisfaction'))).status).toBe(403);
  });
});

describe('the mobile ticket page API', () => {
  it('shows a ticket without a token, with no personal data, and takes one rating', async () => {
    const t = await kiosk.issueTicket({ serviceId: svc.a, personName: '张小三' });
    const view = await hall.anon.request<Record<string, unknown>>('GET', `/api/v1/public/tickets/${t.id}`);
    expect(view).toMatchObject({ number: 'A001', status: 'waiting', serviceName: '企业开办', ahead: 0, rated: false });
    expect(JSON.stringify(view)).not.toContain('张');
    expect((await apiError(hall.anon.request('POST', `/api/v1/public/tickets/${t.id}/rating`, { level: 5 }))).code).toBe('TICKET_NOT_DONE');
    hall.clock.advance(1000);
    await hall.admin.callNext(counters.c1);
    expect(await hall.anon.request('GET', `/api/v1/public/tickets/${t.id}`)).toMatchObject({ status: 'called', counterNumber: 1 });
    await hall.admin.complete(t.id);
    const r = await hall.anon.request<{ channel: string }>('POST', `/api/v1/public/tickets/${t.id}/rating`, { level: 2, tags: ['办事指引不清'] });
    expect(r.channel).toBe('mobile');
    expect((await apiError(hall.anon.request('POST', `/api/v1/public/tickets/${t.id}/rating`, { level: 5 }))).code).toBe('ALREADY_RATED');
    expect((await apiError(hall.anon.request('POST', `/api/v1/public/tickets/${t.id}/rating`, { level: 5, channel: 'evaluator' }))).code).toBe(
      'VALIDATION_FAILED',
    );
    expect((await apiError(hall.anon.request('GET', '/api/v1/public/tickets/unknown'))).status).toBe(404);
    expect(await hall.anon.request('GET', `/api/v1/public/tickets/${t.id}`)).toMatchObject({ rated: true });
  });
});
