// The rating pad's pending prompt, follow-up call-back numbers (sealed, masked, revealed to managers, dropped on
// resolve) and the phone page's server-sent events, over HTTP against a real hall server and its SQLite file.
import { readdirSync, readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { HallClient } from '../../client/hall-client.ts';
import { apiError } from '../helpers/api-error.ts';
import { ADMIN_PASSWORD, makeIdNumber, startTestHall, type TestHall } from '../helpers/hall.ts';
import { TicketStreams } from '../../server/ticket-stream.ts';

/** Monday 2026-11-23, 10:00 in Shanghai. */
const MONDAY = Date.parse('2026-11-23T10:00:00+08:00');
let hall: TestHall;
let staff: HallClient;
let pad: HallClient;
let padToken: string;
let svc: { a: string; b: string };
let counters: { c1: string; c2: string };

async function servedTicket(client: HallClient, serviceId: string, counterId: string, extra: { personName?: string; idCardNumber?: string } = {}) {
  const t = await pad.issueTicket({ serviceId, ...extra });
  hall.clock.advance(1000);
  expect((await client.callTicket(counterId, t.id)).ticket?.id).toBe(t.id);
  hall.clock.advance(1000);
  await client.complete(t.id);
  return t;
}

/** Every byte the hall keeps on disk for its database: the file, its WAL and shared memory. */
function databaseBytes(dir: string): string {
  return readdirSync(dir)
    .filter((f) => f.startsWith('hall.sqlite'))
    .map((f) => readFileSync(join(dir, f)).toString('latin1'))
    .join('\n');
}

beforeEach(async () => {
  hall = await startTestHall({ now: MONDAY });
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
  padToken = (await hall.admin.createDevice({ name: 'rate pad 1', kind: 'kiosk' })).token;
  pad = new HallClient(hall.url, { token: padToken });
});

afterEach(async () => {
  await hall.close();
});

describe('the rating pad: GET /counters/:id/pending-rating', () => {
  it("keeps a completed, unrated visit rateable on its own counter's pad across a server restart, until rated", async () => {
    const t = await servedTicket(staff, svc.a, counters.c1);
    hall.clock.advance(60_000);
    expect(await pad.pendingRating(counters.c1)).toMatchObject({ ticket: { id: t.id, number: t.number, status: 'done' }, rateableSeconds: 540 });
    // Not another counter's visit.
    expect(await pad.pendingRating(counters.c2)).toEqual({ ticket: null, rateableSeconds: 0 });

    const dir = hall.dir;
    const at = hall.clock.now;
    await hall.server.close();
    hall = await startTestHall({ now: at, dir });
    pad = new HallClient(hall.url, { token: padToken });
    expect((await pad.pendingRating(counters.c1)).ticket?.id).toBe(t.id);

    await pad.rateVisit(t.id, { level: 5, channel: 'rate_page' });
    expect(await pad.pendingRating(counters.c1)).toEqual({ ticket: null, rateableSeconds: 0 });
    expect((await apiError(pad.pendingRating('nope'))).status).toBe(404);
    expect((await apiError(hall.anon.pendingRating(counters.c1))).status).toBe(401);
  });

  it("asks only about the counter's latest completion, and only for ten minutes", async () => {
    const first = await servedTicket(staff, svc.a, counters.c1);
    const second = await servedTicket(staff, svc.a, counters.c1);
    expect((await pad.pendingRating(counters.c1)).ticket?.id).toBe(second.id);
    await pad.rateVisit(second.id, { level: 4 });
    // The earlier visit was passed over when the next one ended: it is not asked about again.
    expect((await pad.pendingRating(counters.c1)).ticket).toBeNull();
    expect(first.id).not.toBe(second.id);

    const third = await servedTicket(staff, svc.a, counters.c1);
    hall.clock.advance(10 * 60_000 - 1000);
    expect(await pad.pendingRating(counters.c1)).toMatchObject({ ticket: { id: third.id }, rateableSeconds: 1 });
    hall.clock.advance(1001);
    expect((await pad.pendingRating(counters.c1)).ticket).toBeNull();
  });
});

describe('a call-back number on a low rating', () => {
  it('is checked: a mainland mobile or a landline, and only with a rating that opens a follow-up', async () => {
    for (const phone of ['12345678901', '1381234567', '138123456789', 'abc', '010-1234567x', '0101234567', '+44 20 7946 0958']) {
      const t = await servedTicket(staff, svc.a, counters.c1);
      const err = await apiError(pad.rateVisit(t.id, { level: 1, phone }), 400, 'VALIDATION_FAILED');
      expect(err.details?.field).toBe('phone');
    }
    const t = await servedTicket(staff, svc.a, counters.c1);
    expect((await apiError(pad.rateVisit(t.id, { level: 4, phone: '13812345678' }), 400)).details?.field).toBe('phone');
    const accepted: [string, string][] = [
      ['138 1234 5678', '138****5678'],
      ['+86 139-1234-5678', '139****5678'],
      ['010-62345678', '010****5678'],
      ['0755-2345678', '0755***5678'],
      ['', ''],
    ];
    for (const [phone, masked] of accepted) {
      const done = await servedTicket(staff, svc.a, counters.c1);
      const r = await pad.rateVisit(done.id, { level: 2, tags: ['waiting'], phone });
      const item = (await hall.admin.followUps()).find((f) => f.id === r.followUpId);
      expect(item?.phoneMasked ?? '').toBe(masked);
    }
  });

  it('is kept only sealed, shown masked with the masked name, revealed to a manager alone, and deleted on resolve', async () => {
    const phone = '13812345678';
    const t = await servedTicket(staff, svc.a, counters.c1, { idCardNumber: makeIdNumber('1980-05-06'), personName: '张小三' });
    const rating = await pad.rateVisit(t.id, { level: 1, tags: ['attitude'], phone, channel: 'rate_page' });
    const mobile = await pad.issueTicket({ serviceId: svc.a });
    hall.clock.advance(1000);
    await staff.callTicket(counters.c1, mobile.id);
    await staff.complete(mobile.id);
    const fromPhone = await hall.anon.publicRate(mobile.id, { level: 2, tags: ['waiting'], phone: '021 6123 4567' });

    const list = await hall.admin.followUps();
    expect(list.find((f) => f.id === rating.followUpId)).toMatchObject({ maskedName: '张*三', phoneMasked: '138****5678' });
    expect(list.find((f) => f.id === fromPhone.followUpId)).toMatchObject({ maskedName: null, phoneMasked: '021****4567' });
    expect(JSON.stringify(list)).not.toContain(phone);
    expect(JSON.stringify(list)).not.toContain('v1.');
    // The bytes of the database (tables, event log, WAL) never hold the number, while running or after closing.
    expect(databaseBytes(hall.dir)).not.toContain(phone);
    expect(databaseBytes(hall.dir)).not.toContain('02161234567');
    const row = hall.server.db.prepare('SELECT phone_sealed, phone_masked FROM follow_ups WHERE id = ?').get(rating.followUpId) as Record<string, string>;
    expect(row.phone_sealed).toMatch(/^v1\.[\w-]{40,}$/);
    expect(row.phone_masked).toBe('138****5678');

    expect((await apiError(staff.revealFollowUpPhone(rating.followUpId!))).status).toBe(403);
    expect((await apiError(pad.revealFollowUpPhone(rating.followUpId!))).status).toBe(403);
    expect((await apiError(hall.anon.revealFollowUpPhone(rating.followUpId!))).status).toBe(401);
    expect(await hall.admin.revealFollowUpPhone(rating.followUpId!)).toEqual({ phone, phoneMasked: '138****5678' });
    expect((await hall.admin.revealFollowUpPhone(fromPhone.followUpId!)).phone).toBe('02161234567');
    const revealed = hall.server.db.prepare("SELECT data FROM events WHERE type = 'followup.phone_revealed'").all() as { data: string }[];
    expect(revealed.map((e) => JSON.parse(e.data).followUpId)).toEqual([rating.followUpId, fromPhone.followUpId]);

    // A restart keeps the number readable (the key lives beside the database, not in it).
    const dir = hall.dir;
    const at = hall.clock.now;
    await hall.server.close();
    expect(databaseBytes(dir)).not.toContain(phone);
    hall = await startTestHall({ now: at, dir });
    expect((await hall.admin.revealFollowUpPhone(rating.followUpId!)).phone).toBe(phone);

    await hall.admin.resolveFollowUp(rating.followUpId!, '已电话回访');
    expect(hall.server.db.prepare('SELECT phone_sealed, phone_masked, masked_name FROM follow_ups WHERE id = ?').get(rating.followUpId)).toEqual({
      phone_sealed: null,
      phone_masked: null,
      masked_name: '张*三',
    });
    await apiError(hall.admin.revealFollowUpPhone(rating.followUpId!), 409, 'FOLLOW_UP_NO_PHONE');
    await apiError(hall.admin.revealFollowUpPhone('nope'), 404, 'FOLLOW_UP_NOT_FOUND');
    const manager = hall.anon.withToken((await hall.anon.login('admin', ADMIN_PASSWORD)).token);
    expect((await manager.followUps('resolved'))[0]).toMatchObject({ id: rating.followUpId, phoneMasked: null });
  });
});

/** Reads a server-sent event stream: each `data:` payload parsed, and whether the server ended it. */
async function openStream(url: string) {
  const controller = new AbortController();
  const res = await fetch(url, { signal: controller.signal });
  const views: Record<string, unknown>[] = [];
  let ended = false;
  let waiters: (() => void)[] = [];
  const wake = () => {
    for (const w of waiters) w();
    waiters = [];
  };
  if (res.ok) {
    void (async () => {
      const decoder = new TextDecoder();
      let buffer = '';
      try {
        const reader = res.body!.getReader();
        for (;;) {
          const { done, value } = await reader.read();
          if (done) break;
          buffer += decoder.decode(value, { stream: true });
          let cut: number;
          while ((cut = buffer.indexOf('\n\n')) >= 0) {
            const block = buffer.slice(0, cut);
            buffer = buffer.slice(cut + 2);
            const data = block
              .split('\n')
              .filter((l) => l.startsWith('data: '))
              .map((l) => l.slice(6));
            if (data.length) views.push(JSON.parse(data.join('\n')) as Record<string, unknown>);
          }
          wake();
        }
      } catch {
        // Aborted by the test.
      }
      ended = true;
      wake();
    })();
  }
  return {
    res,
    views,
    get ended() {
      return ended;
    },
    /** Waits until `count` views have arrived (or the stream ended). */
    async next(count: number) {
      while (views.length < count && !ended) await new Promise<void>((r) => waiters.push(r));
      return views[count - 1];
    },
    close: () => controller.abort(),
  };
}

describe('the phone page: GET /public/tickets/:id/events', () => {
  it('sends the public view at once and on every change of the ticket or of its place, then ends once rated', async () => {
    const first = await pad.issueTicket({ serviceId: svc.a });
    const mine = await pad.issueTicket({ serviceId: svc.a, personName: '张小三' });
    const stream = await openStream(hall.anon.publicTicketEventsUrl(mine.id));
    expect(stream.res.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
    expect(await stream.next(1)).toMatchObject({ id: mine.id, status: 'waiting', ahead: 1, rated: false });
    // Another service's traffic changes nothing here, so nothing is sent.
    await hall.admin.signIn(counters.c2);
    const other = await pad.issueTicket({ serviceId: svc.b });
    await hall.admin.callTicket(counters.c2, other.id);
    await staff.callTicket(counters.c1, first.id);
    expect(await stream.next(2)).toMatchObject({ status: 'waiting', ahead: 0 });
    await staff.complete(first.id);
    await staff.callTicket(counters.c1, mine.id);
    expect(await stream.next(3)).toMatchObject({ status: 'called', counterNumber: 1 });
    await staff.complete(mine.id);
    expect(await stream.next(4)).toMatchObject({ status: 'done', rated: false });
    await hall.anon.publicRate(mine.id, { level: 5 });
    expect(await stream.next(5)).toMatchObject({ status: 'done', rated: true });
    await stream.next(6);
    expect(stream.ended).toBe(true);
    expect(stream.views).toHaveLength(5);
    expect(JSON.stringify(stream.views)).not.toContain('张');
  });

  it('is 404 for an unknown ticket and bounds the streams one address holds', async () => {
    const missing = await fetch(hall.anon.publicTicketEventsUrl('00000000-0000-4000-8000-000000000000'));
    expect([missing.status, ((await missing.json()) as { error: { code: string } }).error.code]).toEqual([404, 'TICKET_NOT_FOUND']);
    const t = await pad.issueTicket({ serviceId: svc.a });
    const limit = 20;
    const streams = [];
    for (let i = 0; i < limit; i++) {
      const s = await openStream(hall.anon.publicTicketEventsUrl(t.id));
      expect(s.res.status).toBe(200);
      streams.push(s);
    }
    const refused = await fetch(hall.anon.publicTicketEventsUrl(t.id));
    expect([refused.status, refused.headers.get('retry-after')]).toEqual([429, '30']);
    expect(((await refused.json()) as { error: { code: string } }).error.code).toBe('TOO_MANY_STREAMS');
    streams.pop()?.close();
    // The server sees the close and frees the place.
    while ((hall.server.context.stats!().ticketStreams ?? 0) >= limit) await new Promise((r) => setTimeout(r, 10));
    const again = await openStream(hall.anon.publicTicketEventsUrl(t.id));
    expect(again.res.status).toBe(200);
    for (const s of [...streams, again]) s.close();
  });
});

it('a stream carries a heartbeat comment while nothing changes, and ends when the hall shuts down', async () => {
  const streams = new TicketStreams(() => new Map(), { heartbeatMs: 50 });
  const server = createServer((_req, res) => streams.open('t1', '10.0.0.7', res, { json: '{"id":"t1"}', final: false }));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  try {
    const res = await fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`);
    const reader = res.body!.getReader();
    let text = '';
    while ((text.match(/: ping\n\n/g) ?? []).length < 2) text += new TextDecoder().decode((await reader.read()).value);
    expect(text.startsWith('data: {"id":"t1"}\n\n: ping\n\n')).toBe(true);
    expect(streams.size).toBe(1);
    streams.closeAll();
    while (!(await reader.read()).done);
    expect(streams.size).toBe(0);
  } finally {
    server.close();
  }
});
