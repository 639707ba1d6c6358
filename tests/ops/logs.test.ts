// A day at a real hall with its log captured: every line is one JSON object, every answered request has one line
// with a request id (the caller's X-Request-Id when it sent a plain one, else a new one, echoed in the response),
// the route template, status, duration and actor id, and no name, ID number, phone, token, password, comment or
// ticket id used during the day appears anywhere in the log.
import { randomUUID } from 'node:crypto';
import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HallApiError, HallClient } from '../../client/hall-client.ts';
import { certificateOffers, issueCertificate } from '../../client/certificates-client.ts';
import { startHallServer, type HallServer } from '../../server/hall-server.ts';
import { makeIdNumber } from '../helpers/hall.ts';
import { tempDir } from '../helpers/built-hall.ts';

const ADMIN_PASSWORD = 'day-admin-Password-7';
const STAFF_PASSWORD = 'day-staff-Password-8';
const WRONG_PASSWORD = 'Wrong-Guess-Password-9';
const ZHANG = { name: '张伟明', id: makeIdNumber('1988-04-12', 321) };
const LI = { name: '李秀英', id: makeIdNumber('1952-09-30', 654) };
const PHONE = '13912345678';
const COMMENT = '等了很久没人理睬';

const dirs: string[] = [];
const lines: string[] = [];
let hall: HallServer;
const secrets: string[] = [ADMIN_PASSWORD, STAFF_PASSWORD, WRONG_PASSWORD, ZHANG.name, ZHANG.id, LI.name, LI.id, PHONE, COMMENT];
const sent: { id: string; status: number; route: string }[] = [];

beforeAll(async () => {
  hall = await startHallServer({ dataDir: tempDir('hall-logs-', dirs), port: 0, adminPassword: ADMIN_PASSWORD, log: (l) => lines.push(l) });
  const anon = new HallClient(hall.url);
  const admin = anon.withToken((await anon.login('admin', ADMIN_PASSWORD)).token);
  secrets.push(admin.token!);
  const service = await admin.createService({ code: 'social', name: '社保业务', prefix: 'A' });
  const counter = await admin.createCounter({ number: 1, serviceIds: [service.id] });
  await admin.createUser({ username: 'wang', password: STAFF_PASSWORD, role: 'staff', displayName: '王芳' });
  secrets.push('王芳');
  const kiosk = new HallClient(hall.url, { token: (await admin.createDevice({ name: '一号机', kind: 'kiosk' })).token });
  const integrator = new HallClient(hall.url, { token: (await admin.createDevice({ name: '市平台', kind: 'integrator' })).token });
  secrets.push(kiosk.token!, integrator.token!);

  // Failed sign-ins (a wrong password, an unknown name), then the counter's staff signs in.
  for (const [user, password] of [
    ['wang', WRONG_PASSWORD],
    [ZHANG.name, WRONG_PASSWORD],
  ] as const) {
    await expect(anon.login(user, password)).rejects.toBeInstanceOf(HallApiError);
  }
  const staff = anon.withToken((await anon.login('wang', STAFF_PASSWORD)).token);
  secrets.push(staff.token!);
  await staff.signIn(counter.id);

  // Visitors with ID cards; one called, served and rating low with a comment and a call-back number.
  const tickets = [];
  for (const who of [ZHANG, LI]) tickets.push(await kiosk.issueTicket({ serviceId: service.id, idCardNumber: who.id, personName: who.name }));
  const called = await staff.callNext(counter.id);
  await staff.complete(called.ticket!.id);
  await staff.rateVisit(called.ticket!.id, { level: 1, comment: COMMENT, phone: PHONE, channel: 'evaluator' });
  const [followUp] = await admin.followUps();
  expect((await admin.revealFollowUpPhone(followUp!.id)).phone).toBe(PHONE);
  await admin.resolveFollowUp(followUp!.id, `已回电 ${PHONE}`);

  // Certificate records pushed by the city platform, then printed at the kiosk.
  await integrator.request('PUT', '/api/v1/certificate-records', {
    type: 'housing-fund',
    idCardNumber: ZHANG.id,
    name: ZHANG.name,
    data: { accountNumber: '3201000123456', employer: '南京玄武科技有限公司', openedOn: '2015-07-01', balance: 48210.5, status: '正常缴存' },
    rows: [{ month: '2026-11', base: 8000, employerPart: 960, personalPart: 960 }],
  });
  expect((await certificateOffers(kiosk, ZHANG.id)).offers.map((o) => o.type)).toEqual(['housing-fund']);
  await issueCertificate(kiosk, { type: 'housing-fund', idCardNumber: ZHANG.id, name: ZHANG.name }, randomUUID());

  // Requests with and without the caller's request id, and one whose id is no plain token.
  for (const [header, route] of [
    ['trace-4f2a.9', '/api/v1/tickets/:id'],
    [undefined, '/api/v1/tickets/:id'],
    [`${ZHANG.id} ${PHONE}`, '/api/v1/tickets/:id'],
  ] as const) {
    const res = await fetch(`${hall.url}/api/v1/tickets/${tickets[1]!.id}?idCardNumber=${LI.id}`, {
      headers: { authorization: `Bearer ${admin.token}`, ...(header ? { 'x-request-id': header } : {}) },
    });
    expect(res.status).toBe(200);
    const id = res.headers.get('x-request-id')!;
    if (header === 'trace-4f2a.9') expect(id).toBe(header);
    else expect(id).toMatch(/^[0-9a-f-]{36}$/);
    sent.push({ id, status: 200, route });
  }
  secrets.push(...tickets.map((t) => t.id));
  await hall.close();
}, 60_000);

afterAll(() => {
  for (const d of dirs.splice(0)) {
    rmSync(d, { recursive: true, force: true });
    rmSync(`${d}-keys`, { recursive: true, force: true });
  }
});

describe('the hall log over a day', () => {
  it('is one JSON object per line, with start-up and shutdown', () => {
    expect(lines.length).toBeGreaterThan(20);
    for (const line of lines) {
      expect(line).not.toContain('\n');
      const entry = JSON.parse(line) as { level: string; time: string; msg: string };
      expect(['info', 'warn', 'error', 'fatal']).toContain(entry.level);
      expect(Number.isNaN(Date.parse(entry.time))).toBe(false);
    }
    expect(lines.some((l) => /created the person-hash key/.test(l))).toBe(true);
    expect(JSON.parse(lines.at(-1)!)).toMatchObject({ msg: expect.stringMatching(/hall server closed/) });
  });

  it('has one line per answered request: request id, route template, status, ms and actor, never the raw URL', () => {
    const requests = lines.map((l) => JSON.parse(l) as Record<string, unknown>).filter((e) => e.msg === 'request');
    for (const r of requests) {
      expect(r).toMatchObject({
        reqId: expect.any(String),
        method: expect.any(String),
        route: expect.any(String),
        status: expect.any(Number),
        ms: expect.any(Number),
      });
      expect(String(r.route)).not.toContain('?');
    }
    for (const s of sent)
      expect(requests.filter((r) => r.reqId === s.id)).toEqual([expect.objectContaining({ route: s.route, status: s.status, actor: expect.any(String) })]);
    const failedLogins = requests.filter((r) => r.route === '/api/v1/auth/login' && r.status === 401);
    expect(failedLogins).toHaveLength(2);
    expect(failedLogins[0]!.actor).toBeUndefined();
    expect(requests.some((r) => r.route === '/api/v1/follow-ups/:id/phone' && r.status === 200)).toBe(true);
    expect(requests.some((r) => r.route === '/api/v1/certificates' && r.method === 'POST')).toBe(true);
  });

  it('holds none of the names, ID numbers, phone, comment, passwords, tokens or ticket ids used', () => {
    const all = lines.join('\n');
    for (const secret of secrets) expect(all, secret).not.toContain(secret);
    // Nor an ID number's last digits or a phone's middle, in case something masked them its own way.
    expect(all).not.toContain(ZHANG.id.slice(6, 14));
    expect(all).not.toContain(PHONE.slice(3, 7) + PHONE.slice(7));
  });
});
