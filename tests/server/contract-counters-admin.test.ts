// Contract tests of PATCH /api/v1/counters/:id (v1.1 "Administration and audit"): name, services (the next call
// uses them at once), retiring (no sign-in, not shown, refused while in use), the counter.updated event; and the
// manager's ticket desk: GET /api/v1/tickets?day=today&number=A012.
import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HallClient } from '../../client/hall-client.ts';
import type { HallEvent } from '../../client/hall-client.ts';
import { apiError } from '../helpers/api-error.ts';
import { ADMIN_PASSWORD, sendJson, startTestHall, type TestHall } from '../helpers/hall.ts';

// 2026-03-10 09:00 in Asia/Shanghai (a Tuesday).
const START = Date.parse('2026-03-10T01:00:00Z');

let hall: TestHall;
let kiosk: HallClient;
let staff: HallClient;
let keySeq = 0;
const issue = (serviceId: string) => kiosk.issueTicket({ serviceId }, `ctr-key-${++keySeq}`);

let seq = 0;
const newService = () => {
  const n = ++seq;
  return hall.admin.createService({ code: `c-${n}`, name: `事项${n}`, prefix: String.fromCharCode(66 + n) });
};
let counterSeq = 0;
const newCounter = (serviceIds: string[]) => hall.admin.createCounter({ number: ++counterSeq, serviceIds });

const patchRaw = (id: string, body: unknown, token?: string | null) => sendJson(hall, 'PATCH', `/api/v1/counters/${id}`, body, token);

beforeAll(async () => {
  hall = await startTestHall({ now: START });
  kiosk = hall.anon.withToken((await hall.admin.createDevice({ name: 'Kiosk', kind: 'kiosk' })).token);
  await hall.admin.createUser({ username: 'clerk', password: 'clerk-password', role: 'staff' });
  staff = hall.anon.withToken((await hall.anon.login('clerk', 'clerk-password')).token);
});

afterAll(async () => {
  await hall?.close();
});

describe('PATCH /api/v1/counters/:id', () => {
  it('changes each field it is given, returns 200 with the counter, and GET /counters shows the same', async () => {
    const [a, b] = [await newService(), await newService()];
    const c = await newCounter([a.id]);
    expect(c.active).toBe(true);
    const steps: [Record<string, unknown>, Record<string, unknown>][] = [
      [{ name: '综合窗口' }, { name: '综合窗口', serviceIds: [a.id], active: true }],
      [{ serviceIds: [a.id, b.id] }, { name: '综合窗口', serviceIds: [a.id, b.id] }],
      [{ serviceIds: [b.id, b.id] }, { serviceIds: [b.id] }],
      [{ active: false }, { active: false, serviceIds: [b.id], name: '综合窗口' }],
      [{ active: true }, { active: true }],
      [{ name: null }, { name: null, serviceIds: [b.id] }],
    ];
    for (const [body, expected] of steps) {
      const res = await patchRaw(c.id, body);
      expect(res.status, JSON.stringify(body)).toBe(200);
      const returned = await res.json();
      expect(returned).toMatchObject({ id: c.id, number: c.number, ...expected });
      // Read on the main thread's own connection: it must not keep a counter's old services.
      expect((await hall.admin.counters()).find((x) => x.id === c.id)).toEqual(returned);
    }
  });

  it('refuses bad bodies (400), staff (403), unknown counters and services (404)', async () => {
    const a = await newService();
    const c = await newCounter([a.id]);
    for (const body of [{}, { name: '' }, { serviceIds: [] }, { active: 'no' }, { number: 9 }, { serviceIds: 'x' }]) {
      const res = await patchRaw(c.id, body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect((await res.json()).error.code).toBe('VALIDATION_FAILED');
    }
    expect((await patchRaw(c.id, { name: 'x' }, staff.token)).status).toBe(403);
    expect((await patchRaw(c.id, { name: 'x' }, null)).status).toBe(401);
    const missing = await patchRaw('no-such-counter', { name: 'x' });
    expect(missing.status).toBe(404);
    expect((await missing.json()).error.code).toBe('COUNTER_NOT_FOUND');
    const noService = await patchRaw(c.id, { serviceIds: [a.id, 'no-such-service'] });
    expect(noService.status).toBe(404);
    expect((await hall.admin.counters()).find((x) => x.id === c.id)?.serviceIds).toEqual([a.id]);
  });

  it('a change of services takes effect for the very next call', async () => {
    const [a, b] = [await newService(), await newService()];
    const c = await newCounter([a.id]);
    await hall.admin.signIn(c.id);
    // The writer reads the counter's services and the waiting list once: both must follow the change.
    expect((await hall.admin.callNext(c.id)).ticket).toBeNull();
    const tb = await issue(b.id);
    expect((await hall.admin.callNext(c.id)).ticket).toBeNull();
    await hall.admin.updateCounter(c.id, { serviceIds: [a.id, b.id] });
    expect((await hall.admin.callNext(c.id)).ticket?.id).toBe(tb.id);
    // And a service taken away is no longer called.
    await hall.admin.updateCounter(c.id, { serviceIds: [a.id] });
    await issue(b.id);
    expect((await hall.admin.callNext(c.id)).ticket).toBeNull();
    await hall.admin.signOut(c.id);
  });

  it('counts the counter as open for its new services at once (estimates and NO_COUNTER_OPEN)', async () => {
    const [a, b] = [await newService(), await newService()];
    const c = await newCounter([a.id]);
    await staff.signIn(c.id);
    const before = (await hall.admin.queue()).services.find((s) => s.id === b.id);
    expect(before?.openCounters).toBe(0);
    await hall.admin.updateCounter(c.id, { serviceIds: [b.id] });
    const q = await hall.admin.queue();
    expect(q.services.find((s) => s.id === b.id)?.openCounters).toBe(1);
    expect(q.services.find((s) => s.id === a.id)?.openCounters).toBe(0);
    expect((await issue(b.id)).estimatedWaitSeconds).not.toBeNull();
    await staff.signOut(c.id);
  });

  it('a counter in use cannot be retired (409 COUNTER_IN_USE, says to sign out first); once signed out it can', async () => {
    const a = await newService();
    const c = await newCounter([a.id]);
    await staff.signIn(c.id);
    const inUse = await apiError(hall.admin.updateCounter(c.id, { active: false }), 409, 'COUNTER_IN_USE');
    expect(inUse.message).toMatch(/sign.*out/);
    // A manager signs the window out for the clerk.
    expect((await hall.admin.signOut(c.id)).staffUserId).toBeNull();
    // A ticket in hand (called by a manager, nobody signed in) keeps it in use too.
    const t = await issue(a.id);
    expect((await hall.admin.callNext(c.id)).ticket?.id).toBe(t.id);
    await apiError(hall.admin.updateCounter(c.id, { active: false }), 409, 'COUNTER_IN_USE');
    await hall.admin.complete(t.id);
    expect((await hall.admin.updateCounter(c.id, { active: false })).active).toBe(false);
  });

  it('a retired counter cannot be signed into, is not offered in the queue, and keeps its history', async () => {
    const a = await newService();
    const c = await newCounter([a.id]);
    await staff.signIn(c.id);
    const t = await issue(a.id);
    await staff.callNext(c.id);
    await staff.complete(t.id);
    await staff.signOut(c.id);
    await hall.admin.updateCounter(c.id, { active: false });
    const refused = await apiError(staff.signIn(c.id), 409, 'COUNTER_RETIRED');
    expect(refused.message).toMatch(/another counter|reactivate/);
    // Nobody is called to a window no board shows, not by a manager either.
    const waiting = await issue(a.id);
    await apiError(hall.admin.callNext(c.id), 409, 'COUNTER_RETIRED');
    await apiError(hall.admin.callTicket(c.id, waiting.id), 409, 'COUNTER_RETIRED');
    expect((await hall.admin.ticket(waiting.id)).status).toBe('waiting');
    expect((await hall.admin.queue()).counters.map((x) => x.id)).not.toContain(c.id);
    expect((await hall.admin.counters()).find((x) => x.id === c.id)?.active).toBe(false);
    expect((await hall.admin.ticket(t.id)).counterId).toBe(c.id);
    await hall.admin.updateCounter(c.id, { active: true });
    expect((await staff.signIn(c.id)).staffUserId).not.toBeNull();
    expect((await hall.admin.queue()).counters.map((x) => x.id)).toContain(c.id);
    await staff.signOut(c.id);
  });

  it('emits counter.updated with the counter and the fields changed', async () => {
    const [a, b] = [await newService(), await newService()];
    const c = await newCounter([a.id]);
    const ws = new WebSocket(`${hall.url.replace('http', 'ws')}/api/v1/events?token=${hall.admin.token}`);
    const events: HallEvent[] = [];
    ws.on('message', (data) => events.push(JSON.parse(data.toString()) as HallEvent));
    await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject));
    await hall.admin.updateCounter(c.id, { name: '3号', serviceIds: [b.id] });
    const deadline = Date.now() + 5000;
    while (!events.some((e) => e.type === 'counter.updated') && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    ws.close();
    const e = events.find((x) => x.type === 'counter.updated');
    expect(e?.data).toEqual({ counter: expect.objectContaining({ id: c.id, name: '3号', serviceIds: [b.id], active: true }), changed: ['name', 'serviceIds'] });
  });

  it('is in the OpenAPI description with its body', async () => {
    const doc = (await (await fetch(`${hall.url}/api/v1/openapi.json`)).json()) as { paths: Record<string, Record<string, { requestBody?: unknown }>> };
    const path = Object.keys(doc.paths).find((p) => /^\/api\/v1\/counters\/[:{]id}?$/.test(p));
    expect(path).toBeDefined();
    const body = JSON.stringify(doc.paths[path!]!.patch?.requestBody);
    for (const field of ['name', 'serviceIds', 'active']) expect(body).toContain(field);
  });
});

describe("GET /api/v1/tickets?day=today&number= (the manager's ticket desk)", () => {
  it("finds today's ticket by number in any status, [] when there is none", async () => {
    const a = await newService();
    const t = await issue(a.id);
    const found = await hall.admin.ticketByNumber(t.number.toLowerCase());
    expect(found).toMatchObject({ id: t.id, number: t.number, status: 'waiting', serviceId: a.id });
    await hall.admin.cancel(t.id);
    expect((await hall.admin.ticketByNumber(t.number))?.status).toBe('cancelled');
    expect(await hall.admin.ticketByNumber('Z999')).toBeNull();
    // Without number the list of waiting tickets is as before.
    const waiting = await hall.admin.request<{ id: string }[]>('GET', '/api/v1/tickets');
    expect(waiting.map((x) => x.id)).not.toContain(t.id);
    await apiError(hall.admin.request('GET', `/api/v1/tickets?day=2026-03-09&number=${t.number}`), 400, 'VALIDATION_FAILED');
    // The next day it is not today's ticket any more.
    hall.clock.advance(24 * 3600_000);
    const manager = hall.anon.withToken((await hall.anon.login('admin', ADMIN_PASSWORD)).token);
    expect(await manager.ticketByNumber(t.number)).toBeNull();
  });
});
