// Cases (办件) and 进度查询 over loopback against a real hall server: due dates in the hall's working days (a holiday week
// and a 调休 Saturday), the status moves, integrators' Idempotency-Keys, the window's one step from a ticket, queries by
// card and by receipt number (masked, never another person's), and roles.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { caseReceipt, createCase, moveCase, queryCases, type CaseView } from '../../client/cases-client.ts';
import { HallApiError, type HallClient } from '../../client/hall-client.ts';
import { putMatter } from '../../client/matters-client.ts';
import { checkReceiptNumber, dammDigit, nextStatuses, receiptNumber } from '../../core/cases.ts';
import { makeIdNumber, sendJson, startTestHall, type TestHall } from '../helpers/hall.ts';

// Wednesday 30 September 2026, 10:00 in Shanghai: 国庆 1–7 October, Saturday 10 October is a 调休 workday.
const ACCEPTED_AT = Date.parse('2026-09-30T10:00:00+08:00');
const CALENDAR = {
  holidays: ['2026-10-01', '2026-10-02', '2026-10-03', '2026-10-04', '2026-10-05', '2026-10-06', '2026-10-07'],
  extraWorkdays: ['2026-10-10'],
};
const ZHANG = { idCardNumber: makeIdNumber('1985-04-12', 231), name: '张小三' };
const LI = { idCardNumber: makeIdNumber('1990-01-02', 452), name: '李四' };

let hall: TestHall;
let integrator: HallClient;
let kiosk: HallClient;
let serviceId: string;
let keys = 0;
const key = () => `case-test-${keys++}`;

const refusal = (p: Promise<unknown>) =>
  p.then(
    () => null,
    (e: unknown) => e as HallApiError,
  );

beforeEach(async () => {
  hall = await startTestHall({ now: ACCEPTED_AT, settings: CALENDAR });
  serviceId = (await hall.admin.createService({ code: 'house', name: '不动产登记', prefix: 'B' })).id;
  await putMatter(hall.admin, 'BDC-001', {
    name: '不动产转移登记',
    department: '不动产登记中心',
    category: '不动产',
    serviceId,
    legalDays: 30,
    promisedDays: 3,
  });
  integrator = hall.anon.withToken((await hall.admin.createDevice({ name: '一网通办', kind: 'integrator' })).token);
  kiosk = hall.anon.withToken((await hall.admin.createDevice({ name: 'kiosk', kind: 'kiosk' })).token);
});

afterEach(async () => {
  await hall.close();
});

describe('receipt numbers', () => {
  it('end in a Damm check digit that catches every wrong digit and every swap of neighbours', () => {
    const n = receiptNumber('3201', '2026-09-30', 7);
    expect(n).toMatch(/^3201202609300007\d$/);
    expect(dammDigit(n)).toBe(0);
    for (let i = 0; i < n.length; i++) {
      for (let d = 0; d <= 9; d++) {
        if (String(d) === n[i]) continue;
        expect(checkReceiptNumber(n.slice(0, i) + d + n.slice(i + 1))).toEqual({ ok: false, problem: 'check_digit' });
      }
      if (i + 1 < n.length && n[i] !== n[i + 1]) {
        expect(checkReceiptNumber(n.slice(0, i) + n[i + 1] + n[i] + n.slice(i + 2)).ok).toBe(false);
      }
    }
    // Typed with spaces, or scanned from the slip's QR code.
    expect(checkReceiptNumber(`3201 20260930 0007 ${n.at(-1)}`)).toEqual({ ok: true, receiptNumber: n });
    expect(checkReceiptNumber(`https://hall.example/m/?case=${n}&k=abc`)).toEqual({ ok: true, receiptNumber: n });
    expect(checkReceiptNumber('12345')).toEqual({ ok: false, problem: 'format' });
  });
});

describe('a case through its life', () => {
  it('is due 3 working days later across the National Day week and the 调休 Saturday, moves forward, and says when it is overdue', async () => {
    const events: { type: string; data: { case: CaseView & { applicant: { idNumber?: string } }; from?: string } }[] = [];
    const socket = new WebSocket(hall.admin.eventsUrl(0));
    socket.on('message', (raw) => {
      const e = JSON.parse(String(raw)) as (typeof events)[number];
      if (e.type.startsWith('case.')) events.push(e);
    });

    const created = await createCase(integrator, { matterCode: 'BDC-001', ...ZHANG }, key());
    expect(created).toMatchObject({
      matterCode: 'BDC-001',
      matterName: '不动产转移登记',
      applicant: { name: '张*三', idNumber: '3201**********' + ZHANG.idCardNumber.slice(-4) },
      status: 'accepted',
      // 1–7 October off; Thursday 8 (1), Friday 9 (2), Saturday 10 the 调休 workday (3).
      dueDate: '2026-10-10',
      overdue: false,
      next: ['reviewing', 'decided', 'completed', 'ready_for_pickup', 'mailed', 'needs_more', 'rejected'],
    });
    expect(created.receiptNumber).toMatch(/^202609300001\d$/);
    expect(JSON.stringify(created)).not.toContain(ZHANG.name);
    expect(JSON.stringify(created)).not.toContain(ZHANG.idCardNumber);

    hall.clock.advance(3_600_000);
    await moveCase(integrator, created.id, 'reviewing');
    const needs = await moveCase(integrator, created.id, 'needs_more', '缺少购房合同原件');
    expect(needs.next).toEqual(['reviewing', 'rejected']);
    hall.clock.set(Date.parse('2026-10-12T09:00:00+08:00'));
    const back = await moveCase(integrator, created.id, 'reviewing', '已补正');
    expect(back.overdue).toBe(true);
    const decided = await moveCase(integrator, created.id, 'decided');
    const ready = await moveCase(integrator, created.id, 'ready_for_pickup', '请到3号窗口领取');
    expect(decided.status).toBe('decided');
    expect(ready).toMatchObject({ status: 'ready_for_pickup', next: [], overdue: true });
    expect(ready.timeline.map((s) => [s.status, s.note])).toEqual([
      ['accepted', null],
      ['reviewing', null],
      ['needs_more', '缺少购房合同原件'],
      ['reviewing', '已补正'],
      ['decided', null],
      ['ready_for_pickup', '请到3号窗口领取'],
    ]);

    // Subscribers (webhooks) see every change, with the receipt's masked view: no ID number.
    await expect.poll(() => events.length).toBe(6);
    socket.close();
    expect(events.map((e) => e.type)).toEqual(['case.created', ...Array(5).fill('case.updated')]);
    expect(events[2]!.data).toMatchObject({ from: 'reviewing', case: { status: 'needs_more', receiptNumber: created.receiptNumber } });
    expect(events.every((e) => e.data.case.applicant.idNumber === undefined)).toBe(true);
  });

  it('is due the same day for promisedDays 0 and counts a case accepted on a holiday from the next working day', async () => {
    await putMatter(hall.admin, 'NOW-1', { name: '即办件', department: '综合窗口', category: '综合', serviceId, legalDays: 0, promisedDays: 0 });
    expect((await createCase(integrator, { matterCode: 'NOW-1', ...ZHANG }, key())).dueDate).toBe('2026-09-30');
    hall.clock.set(Date.parse('2026-10-03T11:00:00+08:00'));
    expect((await createCase(integrator, { matterCode: 'BDC-001', ...ZHANG }, key())).dueDate).toBe('2026-10-10');
  });

  it('refuses other moves with 409 CASE_STATUS_INVALID, and needs_more without what is missing with 400', async () => {
    const c = await createCase(integrator, { matterCode: 'BDC-001', ...ZHANG }, key());
    const same = await refusal(moveCase(integrator, c.id, 'accepted'));
    expect([same?.status, same?.code]).toEqual([409, 'CASE_STATUS_INVALID']);
    expect((await refusal(moveCase(integrator, c.id, 'needs_more')))?.code).toBe('VALIDATION_FAILED');
    await moveCase(integrator, c.id, 'completed');
    for (const to of ['reviewing', 'needs_more', 'rejected', 'accepted'] as const) {
      const e = await refusal(moveCase(integrator, c.id, to, 'x'));
      expect([e?.status, e?.code, to]).toEqual([409, 'CASE_STATUS_INVALID', to]);
    }
    await moveCase(integrator, c.id, 'mailed');
    expect((await refusal(moveCase(integrator, c.id, 'ready_for_pickup')))?.code).toBe('CASE_STATUS_INVALID');
    expect(nextStatuses('mailed')).toEqual([]);
    expect((await refusal(moveCase(integrator, 'no-such-case', 'reviewing')))?.status).toBe(404);
    expect((await refusal(createCase(integrator, { matterCode: 'NO-SUCH', ...ZHANG }, key())))?.code).toBe('MATTER_NOT_FOUND');
  });
});

describe('integrators', () => {
  it('get the same case for the same key and body, 409 for another body under the key; a status step is not taken twice', async () => {
    const k = key();
    const first = await createCase(integrator, { matterCode: 'BDC-001', ...ZHANG }, k);
    const again = await createCase(integrator, { matterCode: 'BDC-001', ...ZHANG }, k);
    expect(again).toEqual(first);
    const other = await refusal(createCase(integrator, { matterCode: 'BDC-001', ...LI }, k));
    expect([other?.status, other?.code]).toEqual([409, 'IDEMPOTENCY_KEY_REUSED']);

    const step = key();
    await moveCase(integrator, first.id, 'reviewing', undefined, step);
    const replayed = await moveCase(integrator, first.id, 'reviewing', undefined, step);
    expect(replayed.timeline.map((s) => s.status)).toEqual(['accepted', 'reviewing']);
    expect((await refusal(moveCase(integrator, first.id, 'decided', undefined, step)))?.code).toBe('IDEMPOTENCY_KEY_REUSED');
    // One audit entry per change, none for the replays.
    const audit = await hall.admin.request<{ items: { action: string }[] }>('GET', '/api/v1/audit?action=case.create');
    expect(audit.items).toHaveLength(1);
  });
});

describe('the window', () => {
  it('opens a case from the ticket it serves in one step: the applicant comes from the ticket’s ID card', async () => {
    const counter = await hall.admin.createCounter({ number: 3, serviceIds: [serviceId] });
    await hall.admin.createUser({ username: 'wang', password: 'staff-password-1', role: 'staff' });
    const staff = hall.anon.withToken((await hall.anon.login('wang', 'staff-password-1')).token);
    await staff.signIn(counter.id);
    const ticket = await kiosk.issueTicket({ serviceId, idCardNumber: ZHANG.idCardNumber, personName: ZHANG.name }, key());
    const plain = await kiosk.issueTicket({ serviceId }, key());

    // Not yet called to this window: refused.
    expect((await refusal(createCase(staff, { matterCode: 'BDC-001', ticketId: ticket.id }, key())))?.code).toBe('NOT_SIGNED_IN');
    await staff.callNext(counter.id);
    const c = await createCase(staff, { matterCode: 'BDC-001', ticketId: ticket.id }, key());
    expect(c).toMatchObject({
      applicant: { name: '张*三', idNumber: '3201**********' + ZHANG.idCardNumber.slice(-4) },
      ticketId: ticket.id,
      counterId: counter.id,
    });
    expect((await staff.request<{ items: CaseView[] }>('GET', `/api/v1/cases?ticketId=${ticket.id}`)).items.map((x) => x.id)).toEqual([c.id]);
    // The holder's card finds the case the window opened from the ticket.
    expect((await queryCases(kiosk, { idCardNumber: ZHANG.idCardNumber })).cases.map((x) => x.id)).toEqual([c.id]);

    await staff.callNext(counter.id);
    const noCard = await refusal(createCase(staff, { matterCode: 'BDC-001', ticketId: plain.id }, key()));
    expect([noCard?.status, noCard?.code]).toEqual([409, 'TICKET_WITHOUT_ID_CARD']);

    const slip = await caseReceipt(staff, c.id);
    expect(slip).toMatchObject({ matterName: '不动产转移登记', applicant: '张*三', dueDate: '2026-10-10' });
    expect(slip.followUrl).toMatch(new RegExp(`/m/\\?case=${c.receiptNumber}&k=[0-9a-f]{16}$`));
  });
});

describe('进度查询', () => {
  it('by card shows only the holder’s cases; by receipt number a masked view; typos and unknown numbers say so', async () => {
    const mine = await createCase(integrator, { matterCode: 'BDC-001', ...ZHANG }, key());
    const theirs = await createCase(integrator, { matterCode: 'BDC-001', ...LI }, key());

    const byCard = await queryCases(kiosk, { idCardNumber: ZHANG.idCardNumber });
    expect(byCard.cases.map((c) => c.id)).toEqual([mine.id]);
    expect(JSON.stringify(byCard)).not.toContain(theirs.receiptNumber);

    const byNumber = await queryCases(kiosk, { receiptNumber: theirs.receiptNumber });
    expect(byNumber.cases).toHaveLength(1);
    expect(byNumber.cases[0]!.applicant).toEqual({ name: '李*' });
    expect(byNumber.cases[0]).not.toHaveProperty('ticketId');
    expect(JSON.stringify(byNumber)).not.toContain(LI.idCardNumber.slice(-4));

    const n = mine.receiptNumber;
    const typo = `${n.slice(0, -2)}${(Number(n.at(-2)) + 1) % 10}${n.at(-1)}`;
    const bad = await refusal(queryCases(kiosk, { receiptNumber: typo }));
    expect([bad?.status, bad?.code, bad?.details?.problem]).toEqual([400, 'RECEIPT_NUMBER_INVALID', 'check_digit']);
    expect(bad?.message).toMatch(/type it again/);
    const unknown = receiptNumber('', '2026-09-30', 99);
    const missing = await refusal(queryCases(kiosk, { receiptNumber: unknown }));
    expect([missing?.status, missing?.code]).toEqual([404, 'CASE_NOT_FOUND']);

    // The phone page answers only with the slip's tag: a guessed number gets nothing.
    const slip = await caseReceipt(hall.admin, mine.id);
    const phone = await fetch(`${hall.url}/api/v1/public/cases/${n}${new URL(slip.followUrl).search.replace(/^\?case=\d+&/, '?')}`);
    expect(phone.status).toBe(200);
    expect(((await phone.json()) as { case: CaseView }).case.applicant).toEqual({ name: '张*三' });
    expect((await fetch(`${hall.url}/api/v1/public/cases/${n}?k=0000000000000000`)).status).toBe(404);
    expect((await fetch(`${hall.url}/api/v1/public/cases/${theirs.receiptNumber}`)).status).toBe(404);
  });

  it('roles: a kiosk may query but not create or move; a display may not query; staff and integrators create', async () => {
    const display = (await hall.admin.createDevice({ name: 'board', kind: 'display' })).token;
    expect((await sendJson(hall, 'POST', '/api/v1/cases', { matterCode: 'BDC-001', ...ZHANG }, kiosk.token)).status).toBe(403);
    const c = await createCase(integrator, { matterCode: 'BDC-001', ...ZHANG }, key());
    expect((await sendJson(hall, 'POST', `/api/v1/cases/${c.id}/status`, { status: 'reviewing' }, kiosk.token)).status).toBe(403);
    expect((await sendJson(hall, 'POST', '/api/v1/cases/query', { receiptNumber: c.receiptNumber }, display)).status).toBe(403);
    expect((await sendJson(hall, 'POST', '/api/v1/cases/query', { receiptNumber: c.receiptNumber }, null)).status).toBe(401);
    expect((await sendJson(hall, 'POST', '/api/v1/cases/query', { receiptNumber: c.receiptNumber }, integrator.token)).status).toBe(403);
    expect((await sendJson(hall, 'GET', `/api/v1/cases/${c.id}/receipt`, undefined, integrator.token)).status).toBe(403);
  });
});
