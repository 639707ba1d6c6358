// District test pieces: a district client over fetch, a hall's day of activity, and waiting for replication.
import pg from 'pg';
import type { TestHall } from '../helpers/hall.ts';

export const DISTRICT_ADMIN = 'district-admin-pass-2026';

export class DistrictApi {
  constructor(
    readonly url: string,
    readonly token: string | null = null,
  ) {}

  async send(method: string, path: string, body?: unknown): Promise<Response> {
    return fetch(`${this.url}${path}`, {
      method,
      headers: { ...(this.token ? { authorization: `Bearer ${this.token}` } : {}), ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  }

  async json<T>(method: string, path: string, body?: unknown, status = method === 'POST' && path === '/api/v1/halls' ? 201 : 200): Promise<T> {
    const res = await this.send(method, path, body);
    const text = await res.text();
    if (res.status !== status) throw new Error(`${method} ${path}: ${res.status} ${text}`);
    return JSON.parse(text) as T;
  }

  static async signIn(url: string, username = 'admin', password = DISTRICT_ADMIN): Promise<DistrictApi> {
    const { token } = await new DistrictApi(url).json<{ token: string }>('POST', '/api/v1/auth/login', { username, password });
    return new DistrictApi(url, token);
  }
}

export interface DistrictHall {
  id: string;
  code: string;
  name: string;
  lastSeq: number;
  lastSeenAt: string | null;
  online: boolean;
  waiting: number;
  lagEvents: number;
  countersOpen: number;
  longestWaitSeconds: number | null;
}

/** A small day at a hall: a service, a counter, `tickets` issued, half called and completed, some rated. */
export async function hallActivity(hall: TestHall, tickets: number, tag: string): Promise<{ serviceId: string; counterId: string }> {
  const services = await hall.admin.services();
  const service = services[0] ?? (await hall.admin.createService({ code: `s-${tag}`, name: `综合业务${tag}`, prefix: 'A', targetWaitMinutes: 20 }));
  const counters = await hall.admin.counters();
  const counter = counters[0] ?? (await hall.admin.createCounter({ number: 1, name: '综合窗口', serviceIds: [service.id] }));
  if (!counters[0]) await hall.admin.signIn(counter.id);
  await moreTickets(hall, service.id, counter.id, tickets);
  return { serviceId: service.id, counterId: counter.id };
}

export async function moreTickets(hall: TestHall, serviceId: string, counterId: string, n: number): Promise<void> {
  const issued = [];
  for (let i = 0; i < n; i++) issued.push(await hall.admin.issueTicket({ serviceId }));
  for (let i = 0; i < Math.floor(n / 2); i++) {
    const { ticket } = await hall.admin.callNext(counterId);
    if (!ticket) break;
    await hall.admin.complete(ticket.id);
    if (i % 2 === 0) await hall.admin.rate(ticket.id, i % 4 === 0 ? 5 : 1);
  }
}

export const hallHeadSeq = (hall: TestHall): number => hall.server.context.store.lastSeq();

/** Polls until `check` is true, or fails with what `describe` says. */
export async function waitFor(check: () => boolean | Promise<boolean>, what: string, timeoutMs = 20_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`timed out waiting for ${what}`);
}

/** The seqs PostgreSQL holds for a hall, in order. */
export async function storedSeqs(databaseUrl: string, hallId: string): Promise<number[]> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const { rows } = await client.query('SELECT seq FROM events WHERE hall_id = $1 ORDER BY seq', [hallId]);
    return rows.map((r) => Number(r.seq));
  } finally {
    await client.end();
  }
}

/** The seqs of a hall's own log. */
export const hallSeqs = (hall: TestHall): number[] =>
  (hall.server.db.prepare('SELECT seq FROM events ORDER BY seq').all() as { seq: number }[]).map((r) => r.seq);
