// Kiosk sync on the server: leases, exactly-once push, renumbering after a lost answer, fallback numbers, sealed ID numbers.
import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { HallClient } from '../../client/hall-client.ts';
import { apiError } from '../helpers/api-error.ts';
import { sealIdNumber, type SealingPublicKey } from '../../core/id-seal.ts';
import type { SyncResult } from '../../core/sync.ts';
import { makeIdNumber, startTestHall, type TestHall } from '../helpers/hall.ts';

const MORNING = Date.parse('2026-11-23T09:00:00+08:00');
let hall: TestHall;
let kiosk: HallClient;
let kiosk2: HallClient;
let serviceA: string;
let serviceB: string;
let counter: string;

interface Config {
  device: { id: string; number: number };
  sealingKey: SealingPublicKey;
  settings: { leaseSize: number };
}
interface Lease {
  prefix: string;
  first: number;
  last: number;
  firstNumber: string;
}

const config = (c: HallClient) => c.request<Config>('GET', '/api/v1/sync/config');
const lease = (c: HallClient, serviceId: string, count?: number) =>
  c.request<Lease>('POST', '/api/v1/sync/leases', count ? { serviceId, count } : { serviceId });
const push = (c: HallClient, ops: unknown[]) => c.request<{ results: SyncResult[] }>('POST', '/api/v1/sync/push', { ops });
const iso = (ms: number) => new Date(ms).toISOString();

const issueOp = (seq: number, serviceId: string, number: string, issuedAt: number, extra: Record<string, unknown> = {}) => ({
  seq,
  kind: 'ticket.issue',
  ticketId: randomUUID(),
  serviceId,
  number,
  issuedAt: iso(issuedAt),
  ...extra,
});

beforeEach(async () => {
  hall = await startTestHall({ now: MORNING });
  serviceA = (await hall.admin.createService({ code: 'biz', name: '企业开办', prefix: 'A', dailyCap: 3 })).id;
  serviceB = (await hall.admin.createService({ code: 'tax', name: '税务', prefix: 'B' })).id;
  counter = (await hall.admin.createCounter({ number: 1, serviceIds: [serviceA, serviceB] })).id;
  kiosk = new HallClient(hall.url, { token: (await hall.admin.createDevice({ name: 'K1', kind: 'kiosk' })).token });
  kiosk2 = new HallClient(hall.url, { token: (await hall.admin.createDevice({ name: 'K2', kind: 'kiosk' })).token });
});

afterEach(async () => {
  await hall.close();
});

/** The hall's person-hash key in any spelling an answer could carry it. */
function leaksHallKey(text: string): string[] {
  const key = Buffer.from(hall.server.context.personKeyBase64, 'base64');
  const spellings = [key.toString('base64'), key.toString('base64url'), key.toString('hex'), key.toString('base64').slice(0, 24)];
  return spellings.filter((s) => text.includes(s)).map((s) => `${s} in ${text.slice(0, 80)}`);
}

describe('sync configuration and leases', () => {
  it('numbers kiosks, hands them the public sealing key but no hall secret, and refuses other roles', async () => {
    const [c1, c2] = [await config(kiosk), await config(kiosk2)];
    expect([c1.device.number, c2.device.number]).toEqual([1, 2]);
    expect(c1.sealingKey).toEqual(hall.server.context.sealingKey);
    expect(c1.sealingKey).toMatchObject({ algorithm: 'X25519-HKDF-SHA256-AES-256-GCM', keyId: expect.stringMatching(/^[0-9a-f]{16}$/) });
    expect(Buffer.from(c1.sealingKey.publicKey, 'base64url')).toHaveLength(32);
    expect(c1).not.toHaveProperty('personHashKey');
    expect(leaksHallKey(JSON.stringify(c1))).toEqual([]);
    expect((await apiError(config(hall.admin))).status).toBe(403);
    expect((await apiError(hall.anon.request('GET', '/api/v1/sync/config'))).status).toBe(401);
  });

  it('reserves numbers nobody else issues', async () => {
    const first = await hall.admin.issueTicket({ serviceId: serviceA });
    const l = await lease(kiosk, serviceA, 10);
    // Leases come from the 900s: the hall's own numbers go on A002, A003 … in order.
    expect([l.prefix, l.first, l.last, l.firstNumber]).toEqual(['A', 901, 910, 'A901']);
    const after = await hall.admin.issueTicket({ serviceId: serviceA });
    expect([first.number, after.number]).toEqual(['A001', 'A002']);
    expect((await lease(kiosk2, serviceA)).first).toBe(911);
    expect((await apiError(lease(kiosk, 'nope'))).status).toBe(404);
  });
});

describe('push', () => {
  it('applies each (device, seq) once however often it is sent', async () => {
    const l = await lease(kiosk, serviceB, 5);
    const op = issueOp(1, serviceB, l.firstNumber, MORNING - 60_000);
    const [a, b] = await Promise.all([push(kiosk, [op]), push(kiosk, [op])]);
    const again = await push(kiosk, [op]);
    expect(a.results[0]).toMatchObject({ seq: 1, status: 'applied', ticketId: op.ticketId, number: 'B901' });
    expect(b.results[0]).toEqual(a.results[0]);
    expect(again.results[0]).toEqual(a.results[0]);
    expect((await hall.admin.waitingTickets([serviceB])).map((t) => t.number)).toEqual(['B901']);
    // The same seq from another kiosk is another operation.
    const l2 = await lease(kiosk2, serviceB, 1);
    expect((await push(kiosk2, [issueOp(1, serviceB, l2.firstNumber, MORNING)])).results[0]!.status).toBe('applied');
  });

  it('takes the full 500 operations a push may carry, though they are larger than other bodies may be', async () => {
    const l = await lease(kiosk, serviceB, 500);
    const ops = Array.from({ length: 500 }, (_, i) =>
      issueOp(i + 1, serviceB, `B${String(l.first + i).padStart(3, '0')}`, MORNING - 60_000 + i, { maskedName: '张*三', maskedIdNumber: '3201**********1234' }),
    );
    expect(JSON.stringify({ ops }).length).toBeGreaterThan(64 * 1024);
    const { results } = await push(kiosk, ops);
    expect(results.filter((r) => r.status === 'applied')).toHaveLength(500);
    expect(await hall.admin.waitingTickets([serviceB])).toHaveLength(500);
  });

  it('queues offline tickets by their issue time and clamps a kiosk clock that runs ahead', async () => {
    const online = await hall.admin.issueTicket({ serviceId: serviceB });
    hall.clock.advance(1000);
    const l = await lease(kiosk, serviceB, 5);
    const n = (i: number) => `B${String(l.first + i).padStart(3, '0')}`;
    const { results } = await push(kiosk, [
      issueOp(1, serviceB, n(0), MORNING - 10 * 60_000),
      issueOp(2, serviceB, n(1), MORNING - 5 * 60_000),
      issueOp(3, serviceB, n(2), MORNING + 3_600_000),
    ]);
    expect(results.map((r) => r.status)).toEqual(['applied', 'applied', 'applied']);
    const called: string[] = [];
    for (let i = 0; i < 4; i++) called.push((await hall.admin.callNext(counter)).ticket!.number);
    expect(called).toEqual([n(0), n(1), online.number, n(2)]);
  });

  it('rejects numbers the kiosk does not hold, and accepts its own fallback numbers', async () => {
    await lease(kiosk, serviceB, 2);
    const { results } = await push(kiosk, [
      issueOp(1, serviceB, 'B950', MORNING),
      issueOp(2, serviceB, 'B2-001', MORNING),
      issueOp(3, serviceB, 'B1-001', MORNING),
      issueOp(4, serviceB, 'B1-001', MORNING),
      issueOp(5, serviceA, 'B901', MORNING),
    ]);
    expect(results.map((r) => r.error?.code ?? r.status)).toEqual(['NUMBER_NOT_LEASED', 'NUMBER_NOT_LEASED', 'applied', 'NUMBER_TAKEN', 'NUMBER_NOT_LEASED']);
    // Rejections are recorded too: a retry gets the same answer.
    expect((await push(kiosk, [issueOp(1, serviceB, 'B901', MORNING)])).results[0]!.error?.code).toBe('NUMBER_NOT_LEASED');
    const bad = await apiError(push(kiosk, [{ seq: 0, kind: 'ticket.issue' }]));
    expect([bad.status, bad.code]).toEqual([400, 'VALIDATION_FAILED']);
  });

  it('accepts what it would refuse online, flagged, because the visitor holds a printed ticket', async () => {
    const cfg = await config(kiosk);
    const id = makeIdNumber('1990-01-01');
    await hall.admin.issueTicket({ serviceId: serviceA, idCardNumber: id });
    await hall.admin.issueTicket({ serviceId: serviceA, idCardNumber: id });
    await hall.admin.issueTicket({ serviceId: serviceA });
    const l = await lease(kiosk, serviceA, 1);
    const ticketId = randomUUID();
    const { results } = await push(kiosk, [
      issueOp(1, serviceA, l.firstNumber, MORNING, {
        ticketId,
        sealedIdNumber: sealIdNumber(cfg.sealingKey, id, ticketId),
        maskedIdNumber: '3201**********0000',
      }),
    ]);
    expect(results[0]).toMatchObject({ status: 'applied', flags: ['daily_cap_exceeded', 'person_limit_exceeded'] });
    // The server hashed the opened number as it does online: the same person is now over the limit.
    const e = await apiError(
      hall.admin.issueTicket({ serviceId: serviceB, idCardNumber: id }).then(() => hall.admin.issueTicket({ serviceId: serviceA, idCardNumber: id })),
    );
    expect(e.code).toMatch(/PERSON_LIMIT_REACHED|DAILY_CAP_REACHED/);
  });

  it('records yesterday’s offline tickets as ended, so nobody is called for them', async () => {
    const l = await lease(kiosk, serviceB, 1);
    const { results } = await push(kiosk, [issueOp(1, serviceB, 'B1-001', MORNING - 86_400_000), issueOp(2, serviceB, l.firstNumber, MORNING)]);
    expect(results[0]).toMatchObject({ status: 'applied', flags: ['previous_day'] });
    expect((await hall.admin.waitingTickets([serviceB])).map((t) => t.number)).toEqual([l.firstNumber]);
  });

  it('gives a ticket whose answer was lost the number printed on paper, and undoes a false no-show', async () => {
    const ticketId = randomUUID();
    const key = 'kiosk-1:7';
    const lost = await kiosk.issueTicket({ serviceId: serviceB, ticketId }, key);
    expect(lost.number).toBe('B001');
    await hall.admin.callNext(counter);
    await hall.admin.noShow(ticketId);
    const l = await lease(kiosk, serviceB, 3);
    const op = { ...issueOp(7, serviceB, l.firstNumber, MORNING), ticketId, idempotencyKey: key };
    const { results } = await push(kiosk, [op]);
    expect(results[0]).toMatchObject({ status: 'applied', ticketId, number: l.firstNumber, renumberedFrom: 'B001' });
    const t = await hall.admin.ticket(ticketId);
    expect([t.number, t.status]).toEqual([l.firstNumber, 'waiting']);
    expect((await hall.admin.waitingTickets([serviceB])).filter((w) => w.id === ticketId)).toHaveLength(1);
  });

  it('opens a sealed ID number: the offline ticket gets the hash, mask and priority an online one gets, and counts for the person limit', async () => {
    const cfg = await config(kiosk);
    const elder = makeIdNumber('1940-03-02', 456);
    const online = await hall.admin.issueTicket({ serviceId: serviceB, idCardNumber: elder });
    const l = await lease(kiosk, serviceB, 2);
    const ticketId = randomUUID();
    // The kiosk claims no priority and masks nothing: the server decides from the number, as online.
    const { results } = await push(kiosk, [
      issueOp(1, serviceB, l.firstNumber, MORNING, { ticketId, sealedIdNumber: sealIdNumber(cfg.sealingKey, elder, ticketId) }),
    ]);
    expect(results[0]).toMatchObject({ status: 'applied', ticketId });
    expect(results[0]!.flags).toBeUndefined();
    const row = (id: string) =>
      hall.server.db.prepare('SELECT person_hash, masked_id_number, priority_reason, ticket_class FROM tickets WHERE id = ?').get(id) as Record<
        string,
        unknown
      >;
    expect(row(ticketId)).toEqual(row(online.id));
    expect(row(ticketId)).toMatchObject({ priority_reason: 'elderly', masked_id_number: '3201**********' + elder.slice(-4) });
    expect(row(ticketId).person_hash).toMatch(/^[0-9a-f]{64}$/);
    // Two tickets of the day (personDailyLimit 2): online the person is refused now.
    await apiError(hall.admin.issueTicket({ serviceId: serviceB, idCardNumber: elder }), 409, 'PERSON_LIMIT_REACHED');
  });

  it('keeps a ticket whose sealed ID number does not open, without its person data, says why, and applies the rest of the batch', async () => {
    const cfg = await config(kiosk);
    const l = await lease(kiosk, serviceB, 5);
    const n = (i: number) => `B${String(l.first + i).padStart(3, '0')}`;
    const id = makeIdNumber('1985-06-07');
    const sealedOp = (seq: number, i: number, seal: (ticketId: string) => string) => {
      const ticketId = randomUUID();
      return issueOp(seq, serviceB, n(i), MORNING + i, { ticketId, sealedIdNumber: seal(ticketId), maskedIdNumber: '3201**********0000' });
    };
    const good = (ticketId: string) => sealIdNumber(cfg.sealingKey, id, ticketId);
    const flip = (sealed: string) => sealed.slice(0, -5) + (sealed.at(-5) === 'A' ? 'B' : 'A') + sealed.slice(-4);
    const ops = [
      sealedOp(1, 0, good),
      sealedOp(2, 1, (t) => flip(good(t))),
      // A blob lifted from another ticket does not open for this one.
      sealedOp(3, 2, () => good(randomUUID())),
      sealedOp(4, 3, (t) => `0123456789abcdef.${good(t).split('.')[1]}`),
      sealedOp(5, 4, (t) => sealIdNumber(cfg.sealingKey, '12345', t)),
    ];
    const { results } = await push(kiosk, ops);
    expect(results.map((r) => r.status)).toEqual(['applied', 'applied', 'applied', 'applied', 'applied']);
    expect(results[0]!.personDropped).toBeUndefined();
    expect(results.slice(1).map((r) => [r.flags, r.personDropped?.code])).toEqual([
      [['person_dropped'], 'SEALED_ID_UNREADABLE'],
      [['person_dropped'], 'SEALED_ID_UNREADABLE'],
      [['person_dropped'], 'SEALED_ID_KEY_UNKNOWN'],
      [['person_dropped'], 'SEALED_ID_INVALID'],
    ]);
    expect(results[1]!.personDropped!.message).toMatch(/altered/);
    const rows = hall.server.db
      .prepare("SELECT number, person_hash, masked_id_number FROM tickets WHERE service_id = ? AND number LIKE 'B9%' ORDER BY number")
      .all(serviceB) as Record<string, unknown>[];
    expect(rows.map((r) => [r.number, r.person_hash !== null])).toEqual([
      [n(0), true],
      [n(1), false],
      [n(2), false],
      [n(3), false],
      [n(4), false],
    ]);
    // The ticket stands with the kiosk's mask; the reason is on record for the manager.
    expect(rows[1]!.masked_id_number).toBe('3201**********0000');
    const event = hall.server.db
      .prepare("SELECT data FROM events WHERE type = 'ticket.issued' AND data LIKE '%person_dropped%' ORDER BY seq LIMIT 1")
      .get() as { data: string };
    expect(JSON.parse(event.data).personDropped.code).toBe('SEALED_ID_UNREADABLE');
  });

  it('refuses a protocol-1 operation carrying a person hash, saying to update the kiosk agent', async () => {
    const l = await lease(kiosk, serviceB, 1);
    const e = await apiError(push(kiosk, [issueOp(1, serviceB, l.firstNumber, MORNING, { personHash: 'a'.repeat(64) })]), 400, 'VALIDATION_FAILED');
    expect(e.message).toMatch(/personHash.*update the kiosk agent/);
  });

  it('a kiosk token finds the person-hash key in no answer: every endpoint a kiosk may read, its pushes, its event stream', async () => {
    const cfg = await config(kiosk);
    const id = makeIdNumber('1970-01-01');
    const online = await kiosk.issueTicket({ serviceId: serviceB, idCardNumber: id, personName: '张三' });
    const l = await lease(kiosk, serviceB, 2);
    const ticketId = randomUUID();
    const seen: string[] = [JSON.stringify(cfg), JSON.stringify(online), JSON.stringify(l)];
    seen.push(
      JSON.stringify(
        await push(kiosk, [issueOp(1, serviceB, l.firstNumber, MORNING, { ticketId, sealedIdNumber: sealIdNumber(cfg.sealingKey, id, ticketId) })]),
      ),
    );
    const doc = await hall.anon.request<{ paths: Record<string, Record<string, { 'x-roles'?: string[] | string }>> }>('GET', '/api/v1/openapi.json');
    const readable = Object.entries(doc.paths).filter(([path, ops]) => {
      const roles = ops.get?.['x-roles'];
      return path !== '/api/v1/events' && (roles === 'public' || (Array.isArray(roles) && roles.includes('kiosk')));
    });
    expect(readable.map(([path]) => path)).toContain('/api/v1/sync/config');
    for (const [path] of readable) {
      const res = await fetch(`${hall.url}${path.replace(/\{[^}]+\}/g, online.id)}`, { headers: { authorization: `Bearer ${kiosk.token}` } });
      if (res.headers.get('content-type')?.startsWith('text/event-stream')) {
        // A live stream never ends: its first event is what it says.
        const reader = res.body!.getReader();
        seen.push(`${path} ${res.status} ${new TextDecoder().decode((await reader.read()).value)}`);
        await reader.cancel();
      } else seen.push(`${path} ${res.status} ${await res.text()}`);
    }
    const ws = new WebSocket(`${hall.url.replace('http', 'ws')}/api/v1/events?since=0`, { headers: { authorization: `Bearer ${kiosk.token}` } });
    const frames: string[] = [];
    ws.on('message', (d) => frames.push(d.toString()));
    await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject));
    const until = Date.now() + 5000;
    while (!frames.some((f) => f.includes(ticketId)) && Date.now() < until) await new Promise((r) => setTimeout(r, 25));
    ws.close();
    expect(
      frames.some((f) => f.includes(ticketId)),
      'the event stream replayed the pushed ticket',
    ).toBe(true);
    seen.push(...frames);
    expect(seen.flatMap(leaksHallKey)).toEqual([]);
    expect(seen.filter((text) => text.includes(id))).toEqual([]);
  });

  it('passes device alerts to the manager as events', async () => {
    await push(kiosk, [{ seq: 1, kind: 'device.alert', alert: 'paper_out', message: '打印机缺纸', at: iso(MORNING) }]);
    await kiosk.request('POST', '/api/v1/devices/alerts', { alert: 'cover_open' });
    const rows = hall.server.db.prepare("SELECT data FROM events WHERE type = 'device.alert' ORDER BY seq").all() as { data: string }[];
    expect(rows.map((r) => JSON.parse(r.data).alert)).toEqual(['paper_out', 'cover_open']);
    expect(JSON.parse(rows[0]!.data).device.name).toBe('K1');
  });
});
