// Outbound webhooks end to end, over loopback with a real hall server process: a receiver that is down for a while,
// and a kill -9 of the hall in between, still gets every delivery once it is back, each signed as the contract says
// (checked here by a verifier of the test's own, not the hall's code), each id always with the same body.
import { createHmac, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { api, keepAliveAgent, setupHall, sleep, startServer, type ServerProcess } from '../../bench/lib.ts';

interface Received {
  headers: IncomingHttpHeaders;
  body: string;
}
interface Delivery {
  id: string;
  type: string;
  at: string;
  data: { ticket?: { id: string; number: string; maskedName: string | null }; ahead?: number; ticketId?: string; level?: number };
}

const servers: ServerProcess[] = [];
const receivers: Server[] = [];
const dirs: string[] = [];
const agent = keepAliveAgent(4);

afterEach(async () => {
  for (const r of receivers.splice(0)) await new Promise((done) => r.close(done));
  for (const s of servers.splice(0)) {
    s.kill();
    await s.exited;
  }
  for (const d of dirs.splice(0)) {
    rmSync(d, { recursive: true, force: true });
    rmSync(`${d}-keys`, { recursive: true, force: true });
  }
});

/** The contract's signature, computed here without the hall's code. */
function verified(secret: string, r: Received): boolean {
  const timestamp = String(r.headers['hall-webhook-timestamp']);
  if (!/^\d{10}$/.test(timestamp)) return false;
  const expected = 'v1=' + createHmac('sha256', secret).update(`${timestamp}.${r.body}`).digest('hex');
  return r.headers['hall-webhook-signature'] === expected;
}

async function freePort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((done) => s.listen(0, '127.0.0.1', done));
  const { port } = s.address() as AddressInfo;
  await new Promise((done) => s.close(done));
  return port;
}

function receiver(port: number, got: Received[], answer: (r: Received) => number = () => 204): Promise<Server> {
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const r = { headers: req.headers, body: Buffer.concat(chunks).toString('utf8') };
      got.push(r);
      res.writeHead(answer(r)).end();
    });
  });
  receivers.push(server);
  return new Promise((done) => server.listen(port, '127.0.0.1', () => done(server)));
}

async function until(what: string, check: () => boolean | Promise<boolean>, ms = 30_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(100);
  }
}

async function boot(dataDir: string): Promise<ServerProcess> {
  const s = await startServer({ dataDir, env: { HALL_WEBHOOK_RETRY_BASE_MS: '300' } });
  servers.push(s);
  return s;
}

it('a receiver down for a while, and a kill -9 of the hall meanwhile: every delivery arrives, signed, with one id each', async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'hall-webhooks-'));
  dirs.push(dataDir);
  let hall = await boot(dataDir);
  const setup = await setupHall(hall.url, { prefixes: ['A'], counters: 1 });
  const port = await freePort();
  const as = <T>(method: string, path: string, body?: unknown, token = setup.adminToken) => api<T>(agent, hall.url, method, path, { token, body });
  const { id: hookId, secret } = await as<{ id: string; secret: string }>('POST', '/api/v1/webhooks', {
    url: `http://127.0.0.1:${port}/hall-hook`,
    events: ['ticket.issued', 'ticket.called', 'ticket.near', 'rating.bad'],
    nearAhead: 2,
  });
  expect(secret).toMatch(/^whsec_/);
  const issueOne = () =>
    api<{ id: string }>(agent, hall.url, 'POST', '/api/v1/tickets', {
      token: setup.kioskToken,
      body: { serviceId: setup.services[0]!.id },
      headers: { 'idempotency-key': randomUUID() },
    });

  const tickets: string[] = [];
  for (let i = 0; i < 6; i++) tickets.push((await issueOne()).id);
  // Nobody listens yet: the attempts fail and are recorded with their error.
  await until('failed attempts', async () => {
    const log = await as<{ items: { type: string; attempts: number; lastError: string | null; status: string }[] }>('GET', '/api/v1/webhook-deliveries');
    const issued = log.items.filter((d) => d.type === 'ticket.issued');
    return issued.length === 6 && log.items.every((d) => d.attempts >= 1 && d.status === 'pending' && d.lastError !== null);
  });

  hall.kill();
  await hall.exited;
  servers.splice(0);
  hall = await boot(dataDir);
  for (let i = 0; i < 4; i++) tickets.push((await issueOne()).id);
  const staff = setup.counters[0]!.staffToken;
  const first = await as<{ ticket: { id: string } }>('POST', `/api/v1/counters/${setup.counters[0]!.id}/call-next`, undefined, staff);
  await as('POST', `/api/v1/tickets/${first.ticket.id}/complete`, undefined, staff);
  await as('POST', `/api/v1/tickets/${first.ticket.id}/rating`, { level: 1 }, setup.kioskToken);
  await as('POST', `/api/v1/counters/${setup.counters[0]!.id}/call-next`, undefined, staff);

  const got: Received[] = [];
  await receiver(port, got);
  const deliveries = () => new Map(got.map((r) => [(JSON.parse(r.body) as Delivery).id, JSON.parse(r.body) as Delivery]));
  const ofType = (type: string) => [...deliveries().values()].filter((d) => d.type === type);
  // ticket.near with nearAhead 2: A001–A003 at issue (0, 1, 2 ahead), A004 after the first call, A005 after the second.
  await until(
    'every delivery',
    () =>
      ofType('ticket.issued').length === 10 && ofType('ticket.called').length === 2 && ofType('rating.bad').length === 1 && ofType('ticket.near').length === 5,
  );

  for (const r of got) {
    expect(verified(secret, r), 'signature').toBe(true);
    expect(r.headers['hall-webhook-id']).toBe((JSON.parse(r.body) as Delivery).id);
    expect(r.headers['content-type']).toMatch(/^application\/json/);
  }
  // The same id always carries the same body (an attempt the kill cut short may arrive twice).
  const bodies = new Map<string, string>();
  for (const r of got) {
    const id = String(r.headers['hall-webhook-id']);
    expect(bodies.get(id) ?? r.body).toBe(r.body);
    bodies.set(id, r.body);
  }
  // One id per ticket and type: the retries after the restart did not make new deliveries.
  expect(new Set(ofType('ticket.issued').map((d) => d.data.ticket!.id))).toEqual(new Set(tickets));
  expect(
    ofType('ticket.near')
      .map((d) => d.data.ticket!.number)
      .sort(),
  ).toEqual(['A001', 'A002', 'A003', 'A004', 'A005']);
  expect(ofType('ticket.near').every((d) => d.data.ahead! <= 2)).toBe(true);
  expect(ofType('rating.bad')[0]!.data).toMatchObject({ ticketId: first.ticket.id, level: 1 });

  await until('the log shows all delivered', async () => {
    const list = await as<{ items: { deliveries: { pending: number; delivered: number; failed: number } }[] }>('GET', '/api/v1/webhooks');
    return list.items[0]!.deliveries.pending === 0 && list.items[0]!.deliveries.delivered === 18;
  });
  const log = await as<{ items: { subscriptionId: string; status: string; attempts: number }[] }>(
    'GET',
    `/api/v1/webhook-deliveries?subscriptionId=${hookId}&limit=200`,
  );
  expect(log.items.filter((d) => d.status === 'delivered' && d.attempts > 1).length).toBeGreaterThanOrEqual(6);
}, 90_000);
