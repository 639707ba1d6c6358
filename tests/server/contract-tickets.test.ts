// Contract tests of the hall API: services, counters, issuing tickets (idempotency, numbering, caps,
// person limit, ID numbers and privacy), reading tickets and the queue.
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, existsSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { HallClient } from '../../client/hall-client.ts';
import { apiError } from '../helpers/api-error.ts';
import { startTestHall, type TestHall } from '../helpers/hall.ts';
import { makeIdNumber } from '../helpers/id-numbers.ts';

const ISO_WITH_OFFSET = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?[+-]\d\d:\d\d$/;
// 2026-03-10 09:00 in Asia/Shanghai
const START = Date.parse('2026-03-10T01:00:00Z');

let hall: TestHall;
let kiosk: HallClient;
let keySeq = 0;
const newKey = () => `key-${Date.now()}-${++keySeq}`;

/** Issues a ticket from the kiosk, then moves the hall clock on a second so issue times differ. */
async function issue(body: Parameters<HallClient['issueTicket']>[0], client: HallClient = kiosk) {
  const t = await client.issueTicket(body, newKey());
  hall.clock.advance(1000);
  return t;
}

let prefixSeq = 0;
async function newService(extra: { dailyCap?: number; prefix?: string } = {}) {
  const n = ++prefixSeq;
  const prefix = extra.prefix ?? String.fromCharCode(65 + (Math.floor(n / 26) % 26)) + String.fromCharCode(65 + (n % 26));
  return hall.admin.createService({ code: `svc-${n}`, name: `服务${n}`, prefix, ...(extra.dailyCap ? { dailyCap: extra.dailyCap } : {}) });
}

let counterSeq = 100;
async function newCounter(serviceIds: string[]) {
  return hall.admin.createCounter({ number: ++counterSeq, serviceIds });
}

beforeAll(async () => {
  hall = await startTestHall({ now: START });
  kiosk = hall.anon.withToken((await hall.admin.createDevice({ name: 'Kiosk', kind: 'kiosk' })).token);
});

afterAll(async () => {
  await hall?.close();
});

describe('services', () => {
  it('201 with id and the given fields; listed by GET /services', async () => {
    const s = await hall.admin.createService({ code: 'hukou', name: '户籍办理', prefix: 'H', dailyCap: 50 });
    expect(s).toMatchObject({ code: 'hukou', name: '户籍办理', prefix: 'H', dailyCap: 50 });
    expect(typeof s.id).toBe('string');
    const r = await fetch(`${hall.url}/api/v1/services`, {
      method: 'POST',
      headers: { authorization: `Bearer ${hall.admin.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ code: 'tax', name: '税务', prefix: 'T' }),
    });
    expect(r.status).toBe(201);
    const listed = await kiosk.services();
    expect(listed.find((x) => x.id === s.id)).toMatchObject({ code: 'hukou', prefix: 'H', dailyCap: 50 });
    expect(listed.map((x) => x.code)).toContain('tax');
  });

  it('400 VALIDATION_FAILED names the field; 409 for a taken code; manager only', async () => {
    const cases: [Record<string, unknown>, string][] = [
      [{ code: 'p1', name: 'x', prefix: 'a1' }, 'prefix'],
      [{ code: 'p2', name: 'x', prefix: 'ABC' }, 'prefix'],
      [{ code: 'p3', prefix: 'P' }, 'name'],
      [{ code: 'p4', name: 'x', prefix: 'P', dailyCap: 0 }, 'dailyCap'],
      [{ code: 'p5', name: 'x', prefix: 'P', dailyCap: 1.5 }, 'dailyCap'],
      [{ code: 'bad code!', name: 'x', prefix: 'P' }, 'code'],
      [{ name: 'x', prefix: 'P' }, 'code'],
    ];
    for (const [body, field] of cases) {
      const e = await apiError(hall.admin.request('POST', '/api/v1/services', body), 400, 'VALIDATION_FAILED');
      expect(e.details?.field, JSON.stringify(body)).toBe(field);
      expect(e.message).toContain(field);
    }
    await apiError(hall.admin.createService({ code: 'hukou', name: '重复', prefix: 'H' }), 409, 'SERVICE_CODE_TAKEN');
    await apiError(kiosk.createService({ code: 'k1', name: 'x', prefix: 'K' }), 403, 'FORBIDDEN');
    await apiError(hall.anon.createService({ code: 'k1', name: 'x', prefix: 'K' }), 401, 'UNAUTHENTICATED');
    expect((await hall.admin.services()).map((s) => s.code)).not.toContain('p1');
  });
});

describe('counters', () => {
  it('201 with id and serviceIds; listed by GET /counters', async () => {
    const s = await newService();
    const c = await hall.admin.createCounter({ number: 7, name: '七号窗口', serviceIds: [s.id] });
    expect(c).toMatchObject({ number: 7, name: '七号窗口', serviceIds: [s.id], paused: false });
    expect(typeof c.id).toBe('string');
    const listed = await kiosk.counters();
    expect(listed.find((x) => x.id === c.id)).toMatchObject({ number: 7, serviceIds: [s.id] });
  });

  it('404 for an unknown service, 400 naming the field, 409 for a taken number', async () => {
    const s = await newService();
    const e404 = await apiError(hall.admin.createCounter({ number: 8, serviceIds: [s.id, 'no-such-service'] }), 404);
    expect(e404.code).toBe('SERVICE_NOT_FOUND');
    expect((await hall.admin.counters()).map((c) => c.number)).not.toContain(8);
    let e = await apiError(hall.admin.request('POST', '/api/v1/counters', { number: 8, serviceIds: [] }), 400, 'VALIDATION_FAILED');
    expect(e.details?.field).toBe('serviceIds');
    e = await apiError(hall.admin.request('POST', '/api/v1/counters', { number: '8', serviceIds: [s.id] }), 400, 'VALIDATION_FAILED');
    expect(e.details?.field).toBe('number');
    e = await apiError(hall.admin.request('POST', '/api/v1/counters', { number: 8 }), 400, 'VALIDATION_FAILED');
    expect(e.details?.field).toBe('serviceIds');
    await apiError(hall.admin.createCounter({ number: 7, serviceIds: [s.id] }), 409, 'COUNTER_NUMBER_TAKEN');
    await apiError(kiosk.createCounter({ number: 9, serviceIds: [s.id] }), 403, 'FORBIDDEN');
  });
});

describe('POST /api/v1/tickets', () => {
  it('201 {id, number, serviceId, status:"waiting", ahead, estimatedWaitSeconds, issuedAt with offset}', async () => {
    const s = await newService();
    // With an open counter for the service (a manager signed in), the reply carries a wait estimate.
    await hall.admin.signIn((await newCounter([s.id])).id);
    const res = await fetch(`${hall.url}/api/v1/tickets`, {
      method: 'POST',
      headers: { authorization: `Bearer ${kiosk.token}`, 'content-type': 'application/json', 'idempotency-key': newKey() },
      body: JSON.stringify({ serviceId: s.id }),
    });
    expect(res.status).toBe(201);
    const t = (await res.json()) as Record<string, unknown>;
    expect(t).toMatchObject({ serviceId: s.id, status: 'waiting', ahead: 0, estimatedWaitSeconds: 0, number: `${s.prefix}001` });
    expect(typeof t.id).toBe('string');
    expect(t.issuedAt).toMatch(ISO_WITH_OFFSET);
    expect(t.issuedAt).toMatch(/\+08:00$/);
    expect(Date.parse(t.issuedAt as string)).toBe(hall.clock.now);
    hall.clock.advance(1000);
    const second = await issue({ serviceId: s.id });
    expect(second.ahead).toBe(1);
    expect(second.estimatedWaitSeconds).toBeGreaterThan(0);
    const third = await issue({ serviceId: s.id });
    expect(third.ahead).toBe(2);
    expect(third.estimatedWaitSeconds).toBeGreaterThan(second.estimatedWaitSeconds!);
  });

  it('the same Idempotency-Key returns the same ticket and never a second one', async () => {
    const s = await newService();
    const key = newKey();
    const a = await kiosk.issueTicket({ serviceId: s.id }, key);
    hall.clock.advance(5000);
    const res = await fetch(`${hall.url}/api/v1/tickets`, {
      method: 'POST',
      headers: { authorization: `Bearer ${kiosk.token}`, 'content-type': 'application/json', 'idempotency-key': key },
      body: JSON.stringify({ serviceId: s.id }),
    });
    expect(res.status).toBe(201);
    const b = (await res.json()) as { id: string; number: string; issuedAt: string };
    expect(b).toMatchObject({ id: a.id, number: a.number, issuedAt: a.issuedAt });
    const waiting = await hall.admin.waitingTickets([s.id]);
    expect(waiting.map((t) => t.id)).toEqual([a.id]);
    const next = await issue({ serviceId: s.id });
    expect(next.number).toBe(`${s.prefix}002`);
  });

  it('a retried body is the same request whatever the order of its fields', async () => {
    const s = await newService();
    const key = newKey();
    const send = (body: string) =>
      fetch(`${hall.url}/api/v1/tickets`, {
        method: 'POST',
        headers: { authorization: `Bearer ${kiosk.token}`, 'content-type': 'application/json', 'idempotency-key': key },
        body,
      });
    const first = await send(JSON.stringify({ serviceId: s.id, priority: true }));
    expect(first.status).toBe(201);
    expect(first.headers.get('idempotent-replayed')).toBeNull();
    const again = await send(JSON.stringify({ priority: true, serviceId: s.id }));
    expect(again.status).toBe(201);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(((await again.json()) as { id: string }).id).toBe(((await first.json()) as { id: string }).id);
    expect((await send(JSON.stringify({ priority: 'elderly', serviceId: s.id }))).status).toBe(409);
  });

  it('concurrent duplicate requests with one key give one ticket', async () => {
    const s = await newService();
    const key = newKey();
    const results = await Promise.all(Array.from({ length: 25 }, () => kiosk.issueTicket({ serviceId: s.id }, key)));
    expect(new Set(results.map((t) => t.id)).size).toBe(1);
    expect(new Set(results.map((t) => t.number))).toEqual(new Set([`${s.prefix}001`]));
    expect((await hall.admin.waitingTickets([s.id])).length).toBe(1);
    expect((await kiosk.queue()).services.find((x) => x.id === s.id)!.waiting).toBe(1);
    // And keys of different requests in the same burst each get their own ticket.
    const distinct = await Promise.all(Array.from({ length: 10 }, (_, i) => kiosk.issueTicket({ serviceId: s.id }, `${key}-${i}`)));
    expect(new Set(distinct.map((t) => t.number)).size).toBe(10);
    expect((await hall.admin.waitingTickets([s.id])).length).toBe(11);
  });

  it('the same key with a different body is 409; a malformed key is 400', async () => {
    const s1 = await newService();
    const s2 = await newService();
    const key = newKey();
    await kiosk.issueTicket({ serviceId: s1.id }, key);
    const e = await apiError(kiosk.issueTicket({ serviceId: s2.id }, key), 409);
    expect(e.code).toMatch(/^[A-Z_]+$/);
    await apiError(kiosk.issueTicket({ serviceId: s1.id, priority: true }, key), 409);
    expect((await hall.admin.waitingTickets([s2.id])).length).toBe(0);
    const bad = await apiError(kiosk.issueTicket({ serviceId: s1.id }, 'x'.repeat(200)), 400, 'VALIDATION_FAILED');
    expect(bad.message.toLowerCase()).toContain('idempotency-key');
  });

  it('numbers run A001, A002 … per prefix, shared by services with the same prefix', async () => {
    const a1 = await newService({ prefix: 'Q' });
    const a2 = await newService({ prefix: 'Q' });
    const b = await newService({ prefix: 'R' });
    const numbers = [];
    numbers.push((await issue({ serviceId: a1.id })).number);
    numbers.push((await issue({ serviceId: a2.id })).number);
    numbers.push((await issue({ serviceId: b.id })).number);
    numbers.push((await issue({ serviceId: a1.id })).number);
    numbers.push((await issue({ serviceId: b.id })).number);
    expect(numbers).toEqual(['Q001', 'Q002', 'R001', 'Q003', 'R002']);
    const burst = await Promise.all(Array.from({ length: 20 }, (_, i) => kiosk.issueTicket({ serviceId: i % 2 ? a1.id : a2.id }, newKey())));
    const nums = burst.map((t) => Number(t.number.slice(1))).sort((x, y) => x - y);
    expect(nums).toEqual(Array.from({ length: 20 }, (_, i) => i + 4));
  });

  it('404 for an unknown service; 400 naming serviceId when it is missing', async () => {
    const e = await apiError(kiosk.issueTicket({ serviceId: 'no-such-service' }, newKey()), 404);
    expect(e.code).toBe('SERVICE_NOT_FOUND');
    const v = await apiError(kiosk.request('POST', '/api/v1/tickets', {}, { 'idempotency-key': newKey() }), 400, 'VALIDATION_FAILED');
    expect(v.details?.field).toBe('serviceId');
  });

  it('409 DAILY_CAP_REACHED once the cap is given out', async () => {
    const s = await newService({ dailyCap: 2 });
    await issue({ serviceId: s.id });
    await issue({ serviceId: s.id });
    const e = await apiError(kiosk.issueTicket({ serviceId: s.id }, newKey()), 409, 'DAILY_CAP_REACHED');
    expect(e.message.length).toBeGreaterThan(0);
    expect((await hall.admin.waitingTickets([s.id])).length).toBe(2);
  });

  it('400 VALIDATION_FAILED naming idCardNumber for a wrong check digit', async () => {
    const s = await newService();
    const good = makeIdNumber('1985-06-15', 321);
    const wrong = good.slice(0, 17) + (good[17] === '1' ? '2' : '1');
    const e = await apiError(kiosk.issueTicket({ serviceId: s.id, idCardNumber: wrong }, newKey()), 400, 'VALIDATION_FAILED');
    expect(e.message).toContain('idCardNumber');
    expect(e.details?.field).toBe('idCardNumber');
    expect(e.message).not.toContain(wrong);
    await apiError(kiosk.issueTicket({ serviceId: s.id, idCardNumber: '12345' }, newKey()), 400, 'VALIDATION_FAILED');
    expect((await hall.admin.waitingTickets([s.id])).length).toBe(0);
  });

  it('409 PERSON_LIMIT_REACHED on the third ticket of one person for one service in a day', async () => {
    const s = await newService();
    const other = await newService();
    const id = makeIdNumber('1990-02-03', 555);
    await issue({ serviceId: s.id, idCardNumber: id });
    await issue({ serviceId: s.id, idCardNumber: id });
    const e = await apiError(kiosk.issueTicket({ serviceId: s.id, idCardNumber: id }, newKey()), 409, 'PERSON_LIMIT_REACHED');
    expect(e.message).not.toContain(id);
    // The same number typed with spaces is the same person.
    const spaced = `${id.slice(0, 6)} ${id.slice(6, 14)} ${id.slice(14)}`;
    await apiError(kiosk.issueTicket({ serviceId: s.id, idCardNumber: spaced }, newKey()), 409, 'PERSON_LIMIT_REACHED');
    // Another service, and another person, are not limited by it.
    expect((await issue({ serviceId: other.id, idCardNumber: id })).status).toBe('waiting');
    expect((await issue({ serviceId: s.id, idCardNumber: makeIdNumber('1990-02-03', 556) })).status).toBe('waiting');
    expect((await hall.admin.waitingTickets([s.id])).length).toBe(3);
  });

  it('a visitor aged 70 or more by their ID number gets a priority ticket; 69 does not', async () => {
    const s = await newService();
    const old = await issue({ serviceId: s.id, idCardNumber: makeIdNumber('1950-01-01', 101) });
    expect(old).toMatchObject({ priority: true, priorityReason: 'elderly' });
    // The hall's day is 2026-03-10: born 1956-03-10 turns 70 today, born 1956-03-11 is still 69.
    const seventy = await issue({ serviceId: s.id, idCardNumber: makeIdNumber('1956-03-10', 102) });
    expect(seventy.priority).toBe(true);
    const sixtyNine = await issue({ serviceId: s.id, idCardNumber: makeIdNumber('1956-03-11', 103) });
    expect(sixtyNine).toMatchObject({ priority: false, priorityReason: null });
    const asked = await issue({ serviceId: s.id, priority: 'disabled' });
    expect(asked).toMatchObject({ priority: true, priorityReason: 'disabled' });
    const v = await apiError(kiosk.issueTicket({ serviceId: s.id, priority: 'vip' as never }, newKey()), 400, 'VALIDATION_FAILED');
    expect(v.details?.field).toBe('priority');
  });

  it('shows only a masked ID number and a masked name', async () => {
    const s = await newService();
    const id = makeIdNumber('1979-12-31', 77, '320102');
    const t = await issue({ serviceId: s.id, idCardNumber: id, personName: '张小三' });
    expect(t.maskedIdNumber).toBe(`${id.slice(0, 4)}${'*'.repeat(10)}${id.slice(-4)}`);
    expect(t.maskedIdNumber).toMatch(/^\d{4}\*{10}[\dX]{4}$/);
    expect(t.maskedName).toBe('张*三');
    const read = await kiosk.ticket(t.id);
    expect(read.maskedIdNumber).toBe(t.maskedIdNumber);
    expect(JSON.stringify(read)).not.toContain(id);
    expect(JSON.stringify(read)).not.toContain('张小三');
  });
});

describe('GET /api/v1/tickets/:id and GET /api/v1/queue', () => {
  it('status and ahead follow the queue as others are called', async () => {
    const s = await newService();
    const c = await newCounter([s.id]);
    const t1 = await issue({ serviceId: s.id });
    const t2 = await issue({ serviceId: s.id });
    const t3 = await issue({ serviceId: s.id });
    expect(await kiosk.ticket(t3.id)).toMatchObject({ status: 'waiting', ahead: 2, number: t3.number, serviceId: s.id });
    expect((await hall.admin.callNext(c.id)).ticket!.id).toBe(t1.id);
    expect(await kiosk.ticket(t1.id)).toMatchObject({ status: 'called', counterId: c.id, ahead: 0 });
    expect((await kiosk.ticket(t1.id)).calledAt).toMatch(ISO_WITH_OFFSET);
    expect((await kiosk.ticket(t3.id)).ahead).toBe(1);
    expect((await kiosk.ticket(t2.id)).ahead).toBe(0);
    await hall.admin.callNext(c.id);
    expect((await kiosk.ticket(t1.id)).status).toBe('done');
    expect((await kiosk.ticket(t2.id)).status).toBe('called');
    expect((await kiosk.ticket(t3.id)).ahead).toBe(0);
    const e = await apiError(kiosk.ticket('no-such-ticket'), 404);
    expect(e.code).toBe('TICKET_NOT_FOUND');
    await apiError(hall.anon.ticket(t1.id), 401, 'UNAUTHENTICATED');
  });

  it('GET /queue is {seq, services:[{id, waiting}], counters:[{id, current, paused}]}', async () => {
    const s = await newService();
    const c = await newCounter([s.id]);
    await issue({ serviceId: s.id });
    await issue({ serviceId: s.id });
    const before = await kiosk.queue();
    expect(Number.isInteger(before.seq)).toBe(true);
    expect(before.services.find((x) => x.id === s.id)).toMatchObject({ id: s.id, waiting: 2 });
    expect(before.counters.find((x) => x.id === c.id)).toMatchObject({ id: c.id, current: null, paused: false });
    for (const svc of before.services) expect(Number.isInteger(svc.waiting)).toBe(true);
    const called = (await hall.admin.callNext(c.id)).ticket!;
    await hall.admin.pause(c.id, 'break');
    const after = await kiosk.queue();
    expect(after.seq).toBeGreaterThan(before.seq);
    expect(after.services.find((x) => x.id === s.id)!.waiting).toBe(1);
    const counter = after.counters.find((x) => x.id === c.id)!;
    expect(counter.paused).toBe(true);
    expect(counter.current).toMatchObject({ id: called.id, number: called.number, status: 'called' });
    await apiError(hall.anon.queue(), 401, 'UNAUTHENTICATED');
  });
});

describe('privacy of ID numbers', () => {
  it('the clear ID number appears in no response, no event and not in the SQLite files', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'hall-privacy-'));
    const bodies: string[] = [];
    const events: string[] = [];
    const recording: typeof fetch = async (input, init) => {
      const res = await fetch(input, init);
      const text = await res.clone().text();
      bodies.push(text);
      return res;
    };
    const h = await startTestHall({ dir, now: START });
    let sid = '';
    const ids = [makeIdNumber('1950-05-05', 901), makeIdNumber('1988-08-08', 902), makeIdNumber('1999-09-09', 903)];
    try {
      const admin = new HallClient(h.url, { token: h.admin.token, fetch: recording });
      const dev = await admin.createDevice({ name: 'k', kind: 'kiosk' });
      const integ = await admin.createDevice({ name: 'platform', kind: 'integrator' });
      const k = new HallClient(h.url, { token: dev.token, fetch: recording });
      const platform = new HallClient(h.url, { token: integ.token, fetch: recording });
      const s = await admin.createService({ code: 'priv', name: '隐私', prefix: 'P' });
      sid = s.id;
      const c = await admin.createCounter({ number: 1, serviceIds: [s.id] });
      const ws = new WebSocket(admin.eventsUrl(0));
      ws.on('message', (m) => events.push(m.toString()));
      await new Promise((r, j) => ws.once('open', r).once('error', j));

      const t1 = await k.issueTicket({ serviceId: s.id, idCardNumber: ids[0]!, personName: '李四' }, 'p-1');
      await k.issueTicket({ serviceId: s.id, idCardNumber: ids[0]!, personName: '李四' }, 'p-1');
      await k.issueTicket({ serviceId: s.id, idCardNumber: ids[1]!.toLowerCase() }, 'p-2');
      await k.issueTicket({ serviceId: s.id, idCardNumber: ids[1]! }, 'p-3');
      await k.issueTicket({ serviceId: s.id, idCardNumber: ids[1]! }, 'p-4').catch(() => undefined);
      await platform.createAppointment({
        code: 'PRIV-0001',
        serviceId: s.id,
        windowStart: new Date(START).toISOString(),
        windowEnd: new Date(START + 3_600_000).toISOString(),
        idCardNumber: ids[2]!,
        personName: '王五',
      });
      await k.checkIn({ idCardNumber: ids[2]! });
      await admin.callNext(c.id);
      await admin.callNext(c.id);
      await k.ticket(t1.id);
      await admin.waitingTickets();
      await admin.queue();
      await new Promise((r) => setTimeout(r, 100));
      ws.close();
      expect(events.length).toBeGreaterThan(5);
      expect(bodies.length).toBeGreaterThan(10);
    } finally {
      await h.close();
    }
    try {
      const files = ['hall.sqlite', 'hall.sqlite-wal', 'hall.sqlite-journal'].map((f) => join(dir, f)).filter((f) => existsSync(f));
      expect(files.length).toBeGreaterThan(0);
      const bytes = Buffer.concat(files.map((f) => readFileSync(f)));
      expect(bytes.length).toBeGreaterThan(4096);
      // Sanity: the masked form is stored, so the search does look at ticket data.
      expect(bytes.includes(Buffer.from(`${ids[0]!.slice(0, 4)}**********`))).toBe(true);
      for (const id of ids) {
        const hidden = id.slice(4, 14);
        expect(bytes.includes(Buffer.from(id)), `clear ID in SQLite`).toBe(false);
        expect(bytes.includes(Buffer.from(id.toLowerCase())), `clear ID in SQLite`).toBe(false);
        expect(bytes.includes(Buffer.from(hidden)), `hidden digits in SQLite`).toBe(false);
        for (const b of bodies) expect(b.includes(id) || b.includes(hidden), `clear ID in a response: ${b.slice(0, 200)}`).toBe(false);
        // An unkeyed hash of a request that carried the number would let anyone holding the file find
        // it by trying the ~10^10 plausible numbers: the hall keeps ID numbers only as a keyed hash.
        const sha = (x: string) => createHash('sha256').update(x).digest('hex');
        for (const variant of [id, id.toLowerCase()]) {
          const guesses = [
            { idCardNumber: variant, personName: '李四', serviceId: sid },
            { serviceId: sid, idCardNumber: variant, personName: '李四' },
            { idCardNumber: variant, serviceId: sid },
            { serviceId: sid, idCardNumber: variant },
            { idCardNumber: variant },
          ];
          for (const g of guesses) expect(bytes.includes(Buffer.from(sha(JSON.stringify(g)))), `unkeyed hash of ${JSON.stringify(g)} in SQLite`).toBe(false);
        }
        for (const e of events) expect(e.includes(id) || e.includes(hidden), `clear ID in an event: ${e.slice(0, 200)}`).toBe(false);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
