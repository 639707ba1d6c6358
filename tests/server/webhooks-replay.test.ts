// Webhooks against the sample receiver of docs/ (docs/webhook-receiver.mjs as its own process): it takes signed
// deliveries, refuses forged ones; a rotated secret signs from then on; deliveries retried past a day are marked failed,
// visible in the log, and a replay sends them again with their own ids. Payloads carry masked data only.
import Database from 'better-sqlite3';
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { ROOT, sleep } from '../../bench/lib.ts';
import { makeIdNumber, startTestHall, type TestHall } from '../helpers/hall.ts';

interface Taken {
  id: string;
  type: string;
  duplicate: boolean;
  data: Record<string, unknown>;
}
interface LogItem {
  id: string;
  type: string;
  status: string;
  attempts: number;
  lastStatus: number | null;
  lastError: string | null;
  body: string;
}

let hall: TestHall;
const children: ChildProcess[] = [];
const MORNING = Date.parse('2026-12-07T09:00:00+08:00');

beforeEach(async (test) => {
  // The reminder test moves the hall's clock; the others keep the real one.
  hall = await startTestHall(test.task.name.includes('reminder') ? { now: MORNING } : {});
});
afterEach(async () => {
  for (const c of children.splice(0)) {
    c.kill('SIGKILL');
    if (c.exitCode === null) await new Promise((done) => c.once('exit', done));
  }
  await hall.close();
});

async function freePort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((done) => s.listen(0, '127.0.0.1', done));
  const { port } = s.address() as AddressInfo;
  await new Promise((done) => s.close(done));
  return port;
}

/** docs/webhook-receiver.mjs with this secret; resolves once it listens. */
async function sampleReceiver(port: number, secret: string): Promise<{ taken: Taken[]; stop(): Promise<void> }> {
  const child = spawn(process.execPath, [join(ROOT, 'docs/webhook-receiver.mjs')], {
    env: { ...process.env, WEBHOOK_SECRET: secret, PORT: String(port) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  const taken: Taken[] = [];
  let out = '';
  child.stdout!.setEncoding('utf8').on('data', (d: string) => {
    out += d;
    const lines = out.split('\n');
    out = lines.pop()!;
    for (const line of lines) taken.push(JSON.parse(line) as Taken);
  });
  await new Promise<void>((done, fail) => {
    child.stderr!.setEncoding('utf8').on('data', (d: string) => d.includes('listening') && done());
    child.once('exit', (code) => fail(new Error(`receiver exited ${code}`)));
  });
  return {
    taken,
    stop: async () => {
      child.kill('SIGTERM');
      if (child.exitCode === null) await new Promise((done) => child.once('exit', done));
    },
  };
}

async function until(what: string, check: () => boolean | Promise<boolean>, ms = 20_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(50);
  }
}

const deliveryLog = () => hall.admin.request<{ items: LogItem[] }>('GET', '/api/v1/webhook-deliveries?limit=200').then((r) => r.items);

it('the sample receiver takes signed deliveries, refuses forged ones, and follows a rotated secret', async () => {
  const service = await hall.admin.createService({ code: 'biz', name: '企业开办', prefix: 'A' });
  const port = await freePort();
  const hook = await hall.admin.request<{ id: string; secret: string }>('POST', '/api/v1/webhooks', {
    url: `http://127.0.0.1:${port}/hook`,
    events: ['ticket.issued'],
  });
  let receiver = await sampleReceiver(port, hook.secret);

  const idCardNumber = makeIdNumber('1980-05-06');
  await hall.admin.issueTicket({ serviceId: service.id, idCardNumber, personName: '张小三' } as never, randomUUID());
  await until('the first delivery', () => receiver.taken.length === 1);
  expect(receiver.taken[0]).toMatchObject({ type: 'ticket.issued', duplicate: false });
  const ticket = receiver.taken[0]!.data.ticket as Record<string, unknown>;
  expect(ticket.maskedIdNumber).toBe(`${idCardNumber.slice(0, 4)}**********${idCardNumber.slice(-4)}`);
  const body = (await deliveryLog())[0]!.body;
  expect(body).not.toContain(idCardNumber);
  expect(body).not.toContain('张小三');

  // A forged delivery (a guessed secret) is refused by the receiver.
  const forged = await fetch(`http://127.0.0.1:${port}/hook`, {
    method: 'POST',
    body: '{"id":"x","type":"ticket.issued","at":"","data":{}}',
    headers: { 'hall-webhook-id': 'x', 'hall-webhook-timestamp': String(Math.floor(Date.now() / 1000)), 'hall-webhook-signature': 'v1=00' },
  });
  expect(forged.status).toBe(401);

  // After a rotation the receiver still holding the old secret refuses; given the new one it takes the same delivery.
  const rotated = await hall.admin.request<{ id: string; secret: string }>('POST', `/api/v1/webhooks/${hook.id}/rotate-secret`);
  expect(rotated.secret).not.toBe(hook.secret);
  await hall.admin.issueTicket({ serviceId: service.id }, randomUUID());
  await until('a refused attempt', async () => (await deliveryLog()).some((d) => d.lastStatus === 401 && d.lastError === 'HTTP 401' && d.status === 'pending'));
  await receiver.stop();
  receiver = await sampleReceiver(port, rotated.secret);
  await until('the delivery, once the receiver has the new secret', () => receiver.taken.length === 1);
  const secondId = receiver.taken[0]!.id;
  await until('the log shows it delivered', async () => (await deliveryLog()).find((d) => d.id === secondId)?.status === 'delivered');
  expect((await deliveryLog()).find((d) => d.id === secondId)!.attempts).toBeGreaterThan(1);

  // The manager's test ping goes through the same signing and log.
  const { deliveryId } = await hall.admin.request<{ deliveryId: string }>('POST', `/api/v1/webhooks/${hook.id}/test`);
  await until('the ping', () => receiver.taken.some((t) => t.id === deliveryId && t.type === 'webhook.ping'));
}, 60_000);

it('retried past a day a delivery is marked failed, shown in the log, and a replay sends it again with its id', async () => {
  const service = await hall.admin.createService({ code: 'biz', name: '企业开办', prefix: 'A' });
  const port = await freePort();
  const hook = await hall.admin.request<{ id: string; secret: string }>('POST', '/api/v1/webhooks', {
    url: `http://127.0.0.1:${port}/hook`,
    events: ['ticket.issued'],
  });
  await hall.admin.issueTicket({ serviceId: service.id }, randomUUID());
  await hall.admin.issueTicket({ serviceId: service.id }, randomUUID());
  await until('first failed attempts', async () => (await deliveryLog()).every((d) => d.attempts >= 1 && d.lastError !== null));
  // A day and more of retries, as the outbox would show them: retried since 26 hours ago, due now.
  const side = new Database(join(hall.dir, 'hall.sqlite'));
  side.pragma('busy_timeout = 5000');
  side.prepare('UPDATE webhook_deliveries SET retry_since = ?, next_at = 0').run(Date.now() - 26 * 3_600_000);
  side.close();
  await until('failed deliveries', async () => (await deliveryLog()).every((d) => d.status === 'failed'));
  const failed = await deliveryLog();
  expect(failed).toHaveLength(2);
  const list = await hall.admin.request<{ items: { deliveries: Record<string, number> }[] }>('GET', '/api/v1/webhooks');
  expect(list.items[0]!.deliveries).toEqual({ pending: 0, delivered: 0, failed: 2 });

  const receiver = await sampleReceiver(port, hook.secret);
  const { replayed } = await hall.admin.request<{ replayed: number }>('POST', '/api/v1/webhook-deliveries/replay-failed', {});
  expect(replayed).toBe(2);
  await until('the replayed deliveries', () => receiver.taken.length === 2);
  expect(new Set(receiver.taken.map((t) => t.id))).toEqual(new Set(failed.map((d) => d.id)));
  await until('the log shows them delivered', async () => (await deliveryLog()).every((d) => d.status === 'delivered'));

  // Replaying one delivered delivery sends it again: the receiver sees the same id a second time.
  await hall.admin.request('POST', `/api/v1/webhook-deliveries/${failed[0]!.id}/replay`);
  await until('the replay', () => receiver.taken.length === 3);
  expect(receiver.taken[2]).toMatchObject({ id: failed[0]!.id, duplicate: true });
}, 60_000);

it('appointment.reminder goes once the day before and once in the last hour, by the hall clock, masked', async () => {
  const service = await hall.admin.createService({ code: 'biz', name: '企业开办', prefix: 'A' });
  const port = await freePort();
  const hook = await hall.admin.request<{ id: string; secret: string }>('POST', '/api/v1/webhooks', {
    url: `http://127.0.0.1:${port}/hook`,
    events: ['appointment.reminder'],
  });
  const receiver = await sampleReceiver(port, hook.secret);
  const idCardNumber = makeIdNumber('1975-01-02');
  const at = (h: number) => new Date(MORNING + h * 3_600_000).toISOString();
  // Tomorrow at 10:00 and today at 14:00; the day-before reminder goes from 24 h to 2 h ahead.
  const tomorrow = await hall.admin.createAppointment({
    code: 'RES1',
    serviceId: service.id,
    windowStart: at(25),
    windowEnd: at(25.5),
    idCardNumber,
    personName: '李四',
  });
  await hall.admin.createAppointment({ code: 'RES2', serviceId: service.id, windowStart: at(5), windowEnd: at(5.5) });
  const reminders = () => hall.server.context.run('webhookReminders');

  expect(await reminders()).toBe(1); // 09:00: RES2 (5 h ahead); RES1 is 25 h ahead, not yet
  hall.clock.advance(2 * 3_600_000); // 11:00: RES1 is 23 h ahead
  expect(await reminders()).toBe(1);
  expect(await reminders()).toBe(0); // once each
  hall.clock.advance(2.5 * 3_600_000); // 13:30: RES2 is 30 min ahead
  expect(await reminders()).toBe(1);
  await until('three reminders', () => receiver.taken.length === 3);
  const byCode = receiver.taken.map((t) => {
    const a = t.data.appointment as { code: string; maskedName: string | null };
    return `${a.code}:${String(t.data.before)}`;
  });
  expect(byCode.sort()).toEqual(['RES1:day', 'RES2:day', 'RES2:hour']);
  const r1 = receiver.taken.find((t) => (t.data.appointment as { code: string }).code === 'RES1')!;
  expect(r1.data.appointment).toMatchObject({ id: tomorrow.id, maskedName: '李*' });
  expect(JSON.stringify(r1)).not.toContain(idCardNumber);
}, 60_000);
