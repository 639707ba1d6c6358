// Contract tests of the configuration endpoints (issue 12): POST /services with kiosk order, cut-off and opening
// hours with appointment-only periods; PATCH /services/:id prefix (from the next hall day); PATCH /settings (partial,
// PUT still works); GET/PUT /calendar/:year; and the 409s a closed service or hall gives, over loopback on a moved clock.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HallClient } from '../../client/hall-client.ts';
import { apiError } from '../helpers/api-error.ts';
import { sendJson, startTestHall, type TestHall } from '../helpers/hall.ts';

/** Tuesday 2026-03-10 10:00 in Asia/Shanghai. */
const START = Date.parse('2026-03-10T10:00:00+08:00');
const HOURS = [
  { weekdays: [1, 2, 3, 4, 5], from: '09:00', to: '12:00' },
  { weekdays: [1, 2, 3, 4, 5], from: '13:30', to: '17:00' },
  { weekdays: [6], from: '09:00', to: '11:00', appointmentsOnly: true },
];

let hall: TestHall;
let kiosk: HallClient;
let staff: HallClient;
let keySeq = 0;
const issue = (serviceId: string) => kiosk.issueTicket({ serviceId }, `cfg-key-${++keySeq}`);

beforeAll(async () => {
  hall = await startTestHall({ now: START });
  kiosk = hall.anon.withToken((await hall.admin.createDevice({ name: 'Kiosk', kind: 'kiosk' })).token);
  await hall.admin.createUser({ username: 'clerk', password: 'clerk-password', role: 'staff' });
  staff = hall.anon.withToken((await hall.anon.login('clerk', 'clerk-password')).token);
});

afterAll(async () => {
  await hall?.close();
});

describe('POST /api/v1/services', () => {
  it('creates a service with every configurable field and 201; the list follows kiosk order', async () => {
    const res = await sendJson(hall, 'POST', '/api/v1/services', {
      code: 'social-card',
      name: '社保卡补办',
      names: { en: 'Social security card', 'zh-TW': '社保卡補辦' },
      prefix: 'S',
      category: '社会保障',
      dailyCap: 80,
      openingHours: HOURS,
      targetWaitMinutes: 20,
      defaultServiceSeconds: 420,
      kioskOrder: 1,
      cutoffMinutes: 30,
    });
    expect(res.status).toBe(201);
    const created = await res.json();
    expect(created).toMatchObject({
      code: 'social-card',
      prefix: 'S',
      kioskOrder: 1,
      cutoffMinutes: 30,
      pendingPrefix: null,
      openingHours: HOURS,
      active: true,
    });
    await hall.admin.createService({ code: 'late', name: '后排事项', prefix: 'L', kioskOrder: 99 });
    await hall.admin.createService({ code: 'early', name: '前排事项', prefix: 'E' });
    const codes = (await hall.admin.services()).map((s) => s.code);
    expect(codes.indexOf('early')).toBeLessThan(codes.indexOf('social-card'));
    expect(codes.indexOf('social-card')).toBeLessThan(codes.indexOf('late'));
  });

  it('400 naming the field, 409 for a taken code, 403 for staff and devices, 401 without a token', async () => {
    const bad: [unknown, string][] = [
      [{ code: 'x1', name: 'x', prefix: 'X', cutoffMinutes: 0 }, 'cutoffMinutes'],
      [{ code: 'x1', name: 'x', prefix: 'X', kioskOrder: -1 }, 'kioskOrder'],
      [{ code: 'x1', name: 'x', prefix: 'X', openingHours: [{ from: '09:00', to: '12:00', appointmentsOnly: 'yes' }] }, 'openingHours'],
      [{ code: 'x1', name: 'x', prefix: 'X', openingHours: [{ from: '13:00', to: '12:00' }] }, 'openingHours'],
      [{ code: 'x1', name: 'x', prefix: 'x' }, 'prefix'],
    ];
    for (const [body, field] of bad) {
      const res = await sendJson(hall, 'POST', '/api/v1/services', body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      const { error } = (await res.json()) as { error: { code: string; message: string } };
      expect([error.code, error.message.includes(field)]).toEqual(['VALIDATION_FAILED', true]);
    }
    await apiError(hall.admin.createService({ code: 'social-card', name: '重复', prefix: 'S' }), 409, 'SERVICE_CODE_TAKEN');
    await apiError(staff.createService({ code: 'y1', name: 'y', prefix: 'Y' }), 403, 'FORBIDDEN');
    await apiError(kiosk.createService({ code: 'y1', name: 'y', prefix: 'Y' }), 403, 'FORBIDDEN');
    expect((await sendJson(hall, 'POST', '/api/v1/services', { code: 'y1', name: 'y', prefix: 'Y' }, null)).status).toBe(401);
  });
});

describe('issuing against hours, cut-off and the calendar', () => {
  it('refuses in the break with 409 SERVICE_CLOSED and the next opening; takes tickets again after it', async () => {
    const s = await hall.admin.createService({ code: 'hours', name: '限时事项', prefix: 'H', openingHours: HOURS, cutoffMinutes: 30 });
    hall.clock.set(Date.parse('2026-03-10T12:10:00+08:00'));
    const e = await apiError(issue(s.id), 409, 'SERVICE_CLOSED');
    expect(e.details).toMatchObject({ reason: 'break', nextOpening: '2026-03-10T13:30:00.000+08:00' });
    expect((await hall.admin.queue()).services.find((x) => x.id === s.id)).toMatchObject({ open: false, closure: { reason: 'break' } });
    hall.clock.set(Date.parse('2026-03-10T16:40:00+08:00'));
    expect((await apiError(issue(s.id), 409, 'SERVICE_CLOSED')).details).toMatchObject({ reason: 'cut_off', nextOpening: '2026-03-11T09:00:00.000+08:00' });
    hall.clock.set(Date.parse('2026-03-10T14:00:00+08:00'));
    expect((await issue(s.id)).number).toBe('H001');
  });

  it('a holiday set through the calendar closes the hall (409 HALL_CLOSED); an appointment-only Saturday refuses walk-ins', async () => {
    const s = await hall.admin.createService({ code: 'cal', name: '日历事项', prefix: 'K', openingHours: HOURS });
    hall.clock.set(Date.parse('2026-03-10T10:00:00+08:00'));
    await hall.admin.importCalendar(2026, { format: 'csv', content: 'date,kind,name\n2026-03-10,holiday,测试假日\n2026-03-14,workday,测试调休\n' });
    const e = await apiError(issue(s.id), 409, 'HALL_CLOSED');
    expect(e.details).toMatchObject({ reason: 'holiday', holidayName: '测试假日', nextOpening: '2026-03-11T09:00:00.000+08:00' });
    // The 调休 Saturday takes walk-ins with Monday's hours; the next Saturday is appointments only.
    hall.clock.set(Date.parse('2026-03-14T10:00:00+08:00'));
    expect((await issue(s.id)).number).toBe('K001');
    hall.clock.set(Date.parse('2026-03-21T10:00:00+08:00'));
    await apiError(issue(s.id), 409, 'APPOINTMENTS_ONLY');
    // Back on the holiday (the manager's session lasts 12 hours of the hall's clock): removing it opens the hall.
    hall.clock.set(Date.parse('2026-03-10T10:00:00+08:00'));
    await hall.admin.importCalendar(2026, { format: 'json', content: '[]' });
    expect((await issue(s.id)).number).toBe('K001');
  });
});

describe('PATCH /api/v1/services/:id prefix', () => {
  it('keeps today’s prefix and shows the new one as pending from tomorrow', async () => {
    hall.clock.set(Date.parse('2026-03-10T10:00:00+08:00'));
    const s = await hall.admin.createService({ code: 'pfx', name: '换号头', prefix: 'P' });
    const patched = await hall.admin.updateService(s.id, { prefix: 'Q' });
    expect(patched).toMatchObject({ prefix: 'P', pendingPrefix: { prefix: 'Q', from: '2026-03-11' } });
    expect((await issue(s.id)).number).toMatch(/^P\d{3}$/);
    await apiError(hall.admin.updateService('no-such-service', { prefix: 'Q' }), 404);
    hall.clock.set(Date.parse('2026-03-11T10:00:00+08:00'));
    expect((await issue(s.id)).number).toBe('Q001');
    hall.clock.set(START);
  });
});

describe('PATCH /api/v1/settings', () => {
  it('changes only the fields given; PUT still works; settings.changed carries them', async () => {
    const before = await hall.admin.settings();
    const revision = (await kiosk.queue()).settingsRevision;
    const after = await hall.admin.patchSettings({ elderlyAge: 65, noticeLine: '今天下午三点后暂停办理不动产登记' });
    expect(after).toEqual({ ...before, elderlyAge: 65, noticeLine: '今天下午三点后暂停办理不动产登记' });
    // Kiosk agents fetch their configuration again when the revision in GET /queue changes.
    expect((await kiosk.queue()).settingsRevision).not.toBe(revision);
    expect(await hall.admin.updateSettings({ announceRepeat: 3 })).toMatchObject({ elderlyAge: 65, announceRepeat: 3 });
  });

  it('400 naming the field for a bad value or an unknown field; 403 for staff and devices; 401 without a token', async () => {
    const bad: [unknown, string][] = [
      [{ elderlyAge: 30 }, 'elderlyAge'],
      [{ priorityRatio: { priority: 0, normal: 1 } }, 'priorityRatio'],
      [{ announceRepeat: 9 }, 'announceRepeat'],
      [{ personDailyLimit: 'two' }, 'personDailyLimit'],
      [{ issueWithoutOpenCounter: 'no' }, 'issueWithoutOpenCounter'],
      [{ timeZone: 'Mars/Olympus' }, 'timeZone'],
      [{ calendarNames: { 'not-a-day': 'x' } }, 'calendarNames'],
      [{ colour: 'red' }, 'colour'],
    ];
    for (const [body, field] of bad) {
      const res = await sendJson(hall, 'PATCH', '/api/v1/settings', body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      const { error } = (await res.json()) as { error: { code: string; message: string } };
      expect([error.code, error.message.includes(field)], error.message).toEqual(['VALIDATION_FAILED', true]);
    }
    await apiError(staff.patchSettings({ elderlyAge: 60 }), 403, 'FORBIDDEN');
    await apiError(kiosk.patchSettings({ elderlyAge: 60 }), 403, 'FORBIDDEN');
    expect((await sendJson(hall, 'PATCH', '/api/v1/settings', { elderlyAge: 60 }, null)).status).toBe(401);
    expect((await hall.admin.settings()).elderlyAge).toBe(65);
  });
});

describe('GET and PUT /api/v1/calendar/:year', () => {
  it('imports a year from CSV and JSON, replacing only that year, and lists it', async () => {
    await hall.admin.importCalendar(2026, { format: 'csv', content: '2026-10-01,holiday,国庆节\n' });
    const stored = await hall.admin.importCalendar(2027, {
      format: 'json',
      content: JSON.stringify([
        { date: '2027-10-01', kind: 'holiday', name: '国庆节' },
        { date: '2027-10-09', kind: 'workday', name: '国庆节调休' },
      ]),
    });
    expect(stored.items).toEqual([
      { date: '2027-10-01', kind: 'holiday', name: '国庆节' },
      { date: '2027-10-09', kind: 'workday', name: '国庆节调休' },
    ]);
    expect((await kiosk.calendar(2026)).items).toEqual([{ date: '2026-10-01', kind: 'holiday', name: '国庆节' }]);
    const settings = await hall.admin.settings();
    expect([settings.holidays, settings.extraWorkdays]).toEqual([['2026-10-01', '2027-10-01'], ['2027-10-09']]);
  });

  it('400 naming the bad line and storing nothing; 400 for a bad year; 403 for staff; 401 without a token', async () => {
    const before = await hall.admin.calendar(2027);
    const res = await sendJson(hall, 'PUT', '/api/v1/calendar/2027', {
      format: 'csv',
      content: 'date,kind,name\n2027-05-01,holiday,劳动节\n2027-05-32,holiday,坏日子\n',
    });
    expect(res.status).toBe(400);
    const { error } = (await res.json()) as { error: { code: string; message: string; details: { line: number } } };
    expect([error.code, error.message.startsWith('line 3:'), error.details.line]).toEqual(['VALIDATION_FAILED', true, 3]);
    expect(await hall.admin.calendar(2027)).toEqual(before);
    expect((await sendJson(hall, 'PUT', '/api/v1/calendar/2027', { format: 'xml', content: '<x/>' })).status).toBe(400);
    expect((await sendJson(hall, 'GET', '/api/v1/calendar/27', undefined)).status).toBe(400);
    await apiError(staff.importCalendar(2027, { format: 'json', content: '[]' }), 403, 'FORBIDDEN');
    expect((await sendJson(hall, 'PUT', '/api/v1/calendar/2027', { format: 'json', content: '[]' }, null)).status).toBe(401);
    expect((await sendJson(hall, 'GET', '/api/v1/calendar/2027', undefined, null)).status).toBe(401);
  });
});
