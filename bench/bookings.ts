// Online booking: bookings per second at 64 clients (each its own person, capacity checked and taken on the writer),
// beside the same hall's ticket issue rate and a bare health request at 64 clients, measured in the same run.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { addDays } from '../core/time.ts';
import { makeIdNumber } from '../tests/helpers/id-numbers.ts';
import { LoadConnection, api, fmt, keepAliveAgent, setupHall, startServer, type ServerProcess } from './lib.ts';

const CLIENTS = 64;
const SECONDS = 5;

/** Requests answered `ok` per second by CLIENTS connections, each sending the next request once its reply is in. */
async function rate(
  server: ServerProcess,
  send: (c: LoadConnection, n: number) => Promise<{ status: number }>,
  ok: number,
): Promise<{ perSecond: number; refused: number }> {
  const connections = await Promise.all(Array.from({ length: CLIENTS }, () => LoadConnection.open(server.url)));
  let done = 0;
  let refused = 0;
  let n = 0;
  const until = Date.now() + SECONDS * 1000;
  const started = Date.now();
  await Promise.all(
    connections.map(async (c) => {
      while (Date.now() < until) {
        const r = await send(c, n++);
        if (r.status === ok) done++;
        else refused++;
      }
    }),
  );
  const seconds = (Date.now() - started) / 1000;
  for (const c of connections) c.close();
  return { perSecond: done / seconds, refused };
}

export async function benchBookings(): Promise<string[]> {
  const dataDir = mkdtempSync(join(tmpdir(), 'bench-bookings-'));
  // One address sends everything here: the per-address limit is lifted, as for a hall's own booking desk.
  const server = await startServer({ dataDir, env: { HALL_BOOKINGS_PER_ADDRESS: '100000000' } });
  try {
    const hall = await setupHall(server.url, { prefixes: ['A'], counters: 1 });
    const serviceId = hall.services[0]!.id;
    const agent = keepAliveAgent(4);
    const open = [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ weekday, start: '00:00', end: '24:00' }));
    await api(agent, server.url, 'PUT', `/api/v1/services/${serviceId}/appointment-rules`, {
      token: hall.adminToken,
      body: { slotMinutes: 30, capacityPerSlot: 1000, daysAhead: 5, open, closeBeforeMinutes: 0 },
    });
    // Tomorrow's and the day after's slots: 96 slots of 1000 places, more than the run books.
    const services = await api<{ id: string; days: string[] }[]>(agent, server.url, 'GET', '/api/v1/appointment-services');
    const days = services[0]!.days.slice(1, 3);
    const slots: string[] = [];
    for (const day of days) {
      const list = await api<{ start: string }[]>(agent, server.url, 'GET', `/api/v1/appointment-slots?serviceId=${serviceId}&date=${day}`);
      slots.push(...list.map((s) => s.start));
    }
    agent.destroy();
    const person = (n: number) => makeIdNumber(addDays('1950-01-01', Math.floor(n / 1000)), n % 1000);
    const json = 'content-type: application/json\r\n';

    const health = await rate(server, (c) => c.request('GET', '/api/v1/health', ''), 200);
    let key = 0;
    const tickets = await rate(
      server,
      (c) =>
        c.request(
          'POST',
          '/api/v1/tickets',
          `${json}authorization: Bearer ${hall.kioskToken}\r\nidempotency-key: b-${++key}\r\n`,
          JSON.stringify({ serviceId }),
        ),
      201,
    );
    const bookings = await rate(
      server,
      (c, n) =>
        c.request(
          'POST',
          '/api/v1/bookings',
          json,
          JSON.stringify({ serviceId, slotStart: slots[n % slots.length], name: '张三', idCardNumber: person(n), phone: '13812345678' }),
        ),
      201,
    );
    return [
      `bookings: ${fmt(bookings.perSecond)} /s at ${CLIENTS} clients (${SECONDS} s; ${bookings.refused} refused) — ` +
        `${fmt((bookings.perSecond / tickets.perSecond) * 100)}% of the ticket issue rate (${fmt(tickets.perSecond)} /s), ` +
        `${fmt((bookings.perSecond / health.perSecond) * 100, 1)}% of a bare health request (${fmt(health.perSecond)} /s), same run`,
      `bookings: the contract asks 60 a minute from one address; one address here books ${fmt(bookings.perSecond * 60)} a minute with the limit lifted`,
    ];
  } finally {
    await server.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}
