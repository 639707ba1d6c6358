// Kiosk sync on the server: leases, exactly-once push, renumbering after a lost answer, fallback numbers.
import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { HallClient } from '../../client/hall-client.ts';
import { apiError } from '../helpers/api-error.ts';
import { personHash } from '../../core/person-hash.ts';
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
  personHashKey: string;
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

describe('sync configuration and leases', () => {
  it('numbers kiosks, hands them the hash key, and refuses other roles', async () => {
    const [c1, c2] = [await config(kiosk), await config(kiosk2)];
    expect([c1.device.number, c2.device.number]).toEqual([1, 2]);
    expect(Buffer.from(c1.personHashKey, 'base64')).toHaveLength(32);
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
    const key = Buffer.from(cfg.personHashKey, 'base64');
    const id = makeIdNumber('1990-01-01');
    await hall.admin.issueTicket({ serviceId: serviceA, idCardNumber: id });
    await hall.admin.issueTicket({ serviceId: serviceA, idCardNumber: id });
    await hall.admin.issueTicket({ serviceId: serviceA });
    const l = await lease(kiosk, serviceA, 1);
    const { results } = await push(kiosk, [
      issueOp(1, serviceA, l.firstNumber, MORNING, { personHash: personHash(key, id), maskedIdNumber: '3201**********0000' }),
    ]);
    expect(results[0]).toMatchObject({ status: 'applied', flags: ['daily_cap_exceeded', 'person_limit_exceeded'] });
    // The kiosk's hash equals the server's: online the same person is now over the limit.
    const e = await apiError(hall.admin.issueTicket({ serviceId: serviceB, idCardNumber: id }).then(() => hall.admin.issueTicket({ serviceId: serviceA, idCardNumber: id })));
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

  it('passes device alerts to the manager as events', async () => {
    await push(kiosk, [{ seq: 1, kind: 'device.alert', alert: 'paper_out', message: '打印机缺纸', at: iso(MORNING) }]);
    await kiosk.request('POST', '/api/v1/devices/alerts', { alert: 'cover_open' });
    const rows = hall.server.db.prepare("SELECT data FROM events WHERE type = 'device.alert' ORDER BY seq").all() as { data: string }[];
    expect(rows.map((r) => JSON.parse(r.data).alert)).toEqual(['paper_out', 'cover_open']);
    expect(JSON.parse(rows[0]!.data).device.name).toBe('K1');
  });
});
