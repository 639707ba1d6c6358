// The agent's loopback HTTP transport and its client: endpoints, events over SSE, validation, and who may call it.
import { afterEach, beforeEach, expect, it } from 'vitest';
import { AgentError, type AgentEvent } from '../../client/kiosk-agent.ts';
import { KioskAgentHttpClient } from '../../client/kiosk-agent-http.ts';
import { startLocalHttp, type KioskAgent, type LocalHttpServer } from '../../electron/agent/index.ts';
import { startAgent, startKioskHall, waitFor, type KioskHall } from './agent-fixtures.ts';

const HALL_ORIGIN = 'http://127.0.0.1:8080';
let k: KioskHall;
let agent: KioskAgent;
let http: LocalHttpServer;
let client: KioskAgentHttpClient;

beforeEach(async () => {
  k = await startKioskHall();
  agent = await startAgent(k);
  http = await startLocalHttp(agent, { port: 0, allowedOrigins: [HALL_ORIGIN], heartbeatMs: 100 });
  client = new KioskAgentHttpClient(http.url, { reconnectMs: 50 });
});

afterEach(async () => {
  await http.close();
  await agent.stop();
  await k.close();
});

const raw = (path: string, init: RequestInit = {}) => fetch(http.url + path, init);
const json = (body: unknown, headers: Record<string, string> = {}): RequestInit => ({
  method: 'POST',
  headers: { 'content-type': 'application/json', ...headers },
  body: JSON.stringify(body),
});

it('answers the contract: status with online and pendingOps, services, and tickets while the hall server is down', async () => {
  const status = await (await raw('/local/status')).json();
  expect(status).toMatchObject({ online: true, pendingOps: 0, kioskNumber: 1, printer: 'absent', reader: 'absent' });
  const services = await client.services();
  expect(services.map((s) => s.prefix).sort()).toEqual(['A', 'B', 'C']);
  expect(services[0]).toMatchObject({ open: true, waiting: 0, estimateStale: false });

  k.proxy.setMode('refuse');
  const res = await raw('/local/tickets', json({ serviceId: k.services.a }));
  expect(res.status).toBe(201);
  const outcome = await res.json();
  expect(outcome.ticket).toMatchObject({ offline: true, number: 'A901' });
  expect(await client.status()).toMatchObject({ online: false, pendingOps: 1 });
  expect((await client.services()).every((s) => s.estimateStale)).toBe(true);

  expect(await client.reprint(outcome.ticket.id)).toMatchObject({ status: 'failed', error: { code: 'PRINTER_ABSENT' } });
  const checkIn = await raw('/local/check-in', json({ code: 'APPT-7' }));
  expect(checkIn.status).toBe(503);
  expect((await checkIn.json()).error.code).toBe('APPOINTMENT_NEEDS_NETWORK');
});

it('streams events: the current status first, then changes', async () => {
  const events: AgentEvent[] = [];
  const off = client.subscribe((e) => events.push(e));
  try {
    await waitFor(() => events.some((e) => e.type === 'status'), 'the first status event');
    k.proxy.setMode('refuse');
    await client.issueTicket({ serviceId: k.services.b });
    await waitFor(() => events.some((e) => e.type === 'status' && !e.status.online && e.status.pendingOps === 1), 'a status event for the offline ticket');
  } finally {
    off();
  }
});

it('refuses bad bodies with the field and what to do, and unknown tickets with 404', async () => {
  const bad = await raw('/local/tickets', json({ serviceId: 7 }));
  expect(bad.status).toBe(400);
  expect((await bad.json()).error).toMatchObject({ code: 'VALIDATION_FAILED', details: { field: 'serviceId' } });
  const extra = await raw('/local/tickets', json({ serviceId: k.services.a, idCardNumber: '110105198001010020' }));
  expect(extra.status).toBe(400);
  const notJson = await raw('/local/tickets', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{' });
  expect(notJson.status).toBe(400);
  await expect(client.reprint('nope')).rejects.toMatchObject({ code: 'TICKET_NOT_FOUND' });
  await expect(client.issueTicket({ serviceId: 'no-such-service' })).rejects.toBeInstanceOf(AgentError);
  expect((await raw('/local/nothing')).status).toBe(404);
  expect((await raw('/local/tickets')).status).toBe(405);
});

it('lets only the hall page call it from a browser, and no page post a form to it', async () => {
  const preflight = await raw('/local/tickets', {
    method: 'OPTIONS',
    headers: { origin: HALL_ORIGIN, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' },
  });
  expect(preflight.status).toBe(204);
  expect(preflight.headers.get('access-control-allow-origin')).toBe(HALL_ORIGIN);
  expect(preflight.headers.get('access-control-allow-headers')).toContain('content-type');

  const foreign = await raw('/local/tickets', json({ serviceId: k.services.a }, { origin: 'http://evil.example' }));
  expect(foreign.status).toBe(403);
  expect((await foreign.json()).error.code).toBe('ORIGIN_NOT_ALLOWED');
  expect((await raw('/local/status', { headers: { origin: 'http://evil.example' } })).status).toBe(403);

  // A form post is a "simple" request that skips the preflight: it must not issue a ticket.
  const form = await raw('/local/tickets', {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', origin: HALL_ORIGIN },
    body: `serviceId=${k.services.a}`,
  });
  expect(form.status).toBe(415);
  expect((await k.hall.admin.waitingTickets()).length).toBe(0);

  const allowed = await raw('/local/tickets', json({ serviceId: k.services.a }, { origin: HALL_ORIGIN }));
  expect(allowed.status).toBe(201);
  expect(allowed.headers.get('access-control-allow-origin')).toBe(HALL_ORIGIN);
  expect((await k.hall.admin.waitingTickets()).length).toBe(1);

  // The contract's plain client (no browser, no Origin) may post JSON without naming its type.
  const plain = await raw('/local/tickets', { method: 'POST', body: JSON.stringify({ serviceId: k.services.a }) });
  expect(plain.status).toBe(201);
  expect((await k.hall.admin.waitingTickets()).length).toBe(2);
});
