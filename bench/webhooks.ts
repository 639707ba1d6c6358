// Ticket issued → webhook delivered to a loopback receiver, from just before the issue request, over 300 tickets on a
// hall server process; the reference is the same event's WebSocket fan-out to a subscriber, measured in the same run.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import WebSocket from 'ws';
import { api, fmt, keepAliveAgent, percentile, setupHall, startServer } from './lib.ts';

const TICKETS = 300;
const WARMUP = 20;

const stats = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return { p50: percentile(sorted, 50), p99: percentile(sorted, 99), max: sorted.at(-1) ?? NaN };
};
const clock = () => performance.timeOrigin + performance.now();

export async function benchWebhooks(): Promise<string[]> {
  const dataDir = mkdtempSync(join(tmpdir(), 'hall-bench-webhooks-'));
  const hall = await startServer({ dataDir });
  const agent = keepAliveAgent(4);
  const hookAt = new Map<string, number>();
  const wsAt = new Map<string, number>();
  const waiters = new Map<string, () => void>();
  const settle = (ticketId: string) => {
    if (hookAt.has(ticketId) && wsAt.has(ticketId)) waiters.get(ticketId)?.();
  };
  const receiver = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const at = clock();
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { data: { ticket: { id: string } } };
      res.writeHead(204).end();
      hookAt.set(body.data.ticket.id, at);
      settle(body.data.ticket.id);
    });
  });
  await new Promise<void>((done) => receiver.listen(0, '127.0.0.1', done));
  let ws: WebSocket | null = null;
  try {
    const setup = await setupHall(hall.url, { prefixes: ['A'], counters: 1 });
    await api(agent, hall.url, 'POST', '/api/v1/webhooks', {
      token: setup.adminToken,
      body: { url: `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`, events: ['ticket.issued'] },
    });
    ws = new WebSocket(`${hall.url.replace('http', 'ws')}/api/v1/events?token=${setup.displayToken}`);
    ws.on('message', (raw: Buffer) => {
      const at = clock();
      const e = JSON.parse(raw.toString('utf8')) as { type: string; data: { ticket?: { id: string } } };
      if (e.type !== 'ticket.issued' || !e.data.ticket) return;
      wsAt.set(e.data.ticket.id, at);
      settle(e.data.ticket.id);
    });
    await new Promise((done, fail) => ws!.once('open', done).once('error', fail));

    const hook: number[] = [];
    const fanOut: number[] = [];
    const reply: number[] = [];
    for (let i = 0; i < TICKETS + WARMUP; i++) {
      const t0 = clock();
      const ticket = await api<{ id: string }>(agent, hall.url, 'POST', '/api/v1/tickets', {
        token: setup.kioskToken,
        body: { serviceId: setup.services[0]!.id },
        headers: { 'idempotency-key': `bench-webhooks-${i}` },
      });
      const t1 = clock();
      if (!(hookAt.has(ticket.id) && wsAt.has(ticket.id))) {
        await new Promise<void>((done, fail) => {
          const timer = setTimeout(() => fail(new Error(`no webhook or event for ticket ${ticket.id} within 10 s`)), 10_000);
          waiters.set(ticket.id, () => (clearTimeout(timer), done()));
        });
      }
      if (i < WARMUP) continue;
      hook.push(hookAt.get(ticket.id)! - t0);
      fanOut.push(wsAt.get(ticket.id)! - t0);
      reply.push(t1 - t0);
    }
    const h = stats(hook);
    const f = stats(fanOut);
    const r = stats(reply);
    return [
      `webhooks: ticket issued → webhook delivered to a loopback receiver, ${TICKETS} tickets one at a time: p50 ${fmt(h.p50, 1)} ms, p99 ${fmt(h.p99, 1)} ms, max ${fmt(h.max, 1)} ms`,
      `reference: the same event's WebSocket fan-out: p50 ${fmt(f.p50, 1)} ms, p99 ${fmt(f.p99, 1)} ms; the issue reply: p50 ${fmt(r.p50, 1)} ms, p99 ${fmt(r.p99, 1)} ms`,
      `webhooks: delivery after the fan-out (outbox read, signing, HTTP POST, attempt recorded later): p50 ${fmt(h.p50 - f.p50, 1)} ms`,
    ];
  } finally {
    ws?.terminate();
    agent.destroy();
    await hall.stop();
    await new Promise((done) => receiver.close(done));
    rmSync(dataDir, { recursive: true, force: true });
    rmSync(`${dataDir}-keys`, { recursive: true, force: true });
  }
}
