// GET /metrics: the hall in Prometheus text format (prom-client) for the hall's monitoring. Requests are counted by
// route template, never by raw path (ids would make a series per ticket); queue figures are read when scraped.
// Per request only a counter and a histogram move; everything else is read when Prometheus scrapes.
import { timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { Actor } from '../core/model.ts';
import { SqliteAlertStore } from '../db/alert-store.ts';
import type { Router } from './http.ts';
import type { HallContext } from './routes.ts';
import type { WriterStats } from './writer.ts';

export interface MetricsSources {
  router: Router;
  hall: HallContext;
  writerStats: () => WriterStats;
  eventSubscribers: () => number;
  ticketStreams: () => number;
  authenticate: (token: string) => Actor | null;
  /** HALL_METRICS_TOKEN: a scraper's bearer token, so Prometheus needs no manager account. */
  metricsToken?: string | undefined;
  kioskSync: KioskSyncSeen;
}

/** When each kiosk last synced and how many outbox operations (offline tickets) its last push carried. */
export class KioskSyncSeen {
  readonly last = new Map<string, { at: number; pushedOps: number }>();

  seen(deviceId: string, at: number, pushedOps?: number): void {
    const before = this.last.get(deviceId);
    this.last.set(deviceId, { at, pushedOps: pushedOps ?? before?.pushedOps ?? 0 });
  }
}

const pathOf = (url: string) => {
  const q = url.indexOf('?');
  return q < 0 ? url : url.slice(0, q);
};

export function hallMetrics(s: MetricsSources) {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'hall_process_' });
  const requests = new Counter({
    name: 'hall_http_requests_total',
    help: 'HTTP requests by method, route template and status',
    labelNames: ['method', 'route', 'status'],
    registers: [registry],
  });
  const latency = new Histogram({
    name: 'hall_http_request_duration_seconds',
    help: 'Time to answer an HTTP request, by method and route template',
    labelNames: ['method', 'route'],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [registry],
  });
  new Gauge({
    name: 'hall_waiting_tickets',
    help: "Today's waiting tickets per service",
    labelNames: ['service'],
    registers: [registry],
    collect() {
      this.reset();
      const { engine, store } = s.hall;
      const counts = new Map<string, number>();
      for (const t of store.waitingTickets(engine.today(s.hall.now()))) counts.set(t.serviceId, (counts.get(t.serviceId) ?? 0) + 1);
      for (const service of store.listServices()) this.set({ service: service.code }, counts.get(service.id) ?? 0);
    },
  });
  new Gauge({
    name: 'hall_websocket_subscribers',
    help: 'Open WebSocket event streams',
    registers: [registry],
    collect() {
      this.set(s.eventSubscribers());
    },
  });
  new Gauge({
    name: 'hall_ticket_streams',
    help: 'Phones following a ticket (server-sent events)',
    registers: [registry],
    collect() {
      this.set(s.ticketStreams());
    },
  });
  // The writer thread keeps running totals: rate(ops)/rate(commits) is the batch size, rate(seconds)/rate(commits) the commit time.
  const writerCounter = (name: string, help: string, read: (w: WriterStats) => number) => {
    let seen = 0;
    new Counter({
      name,
      help,
      registers: [registry],
      collect() {
        const now = read(s.writerStats());
        this.inc(Math.max(0, now - seen));
        seen = now;
      },
    });
  };
  writerCounter('hall_writer_commits_total', 'Group commits (one transaction and fsync each)', (w) => w.commits);
  writerCounter('hall_writer_committed_ops_total', 'Operations in those commits', (w) => w.committedOps);
  writerCounter('hall_writer_commit_seconds_total', 'Time spent in those commits, fsync included', (w) => w.commitSeconds);
  new Gauge({
    name: 'hall_writer_queue_depth',
    help: 'Operations waiting for the next commit',
    registers: [registry],
    collect() {
      this.set(s.writerStats().commitQueueDepth);
    },
  });
  // Label kiosks by their number (K01 on the floor plan), else their id; never by the name a manager typed.
  const kiosks = () => s.hall.authStore.listDevices().filter((d) => d.kind === 'kiosk' && !d.revoked);
  const kioskLabel = (d: { id: string; number?: number | null }) => (d.number ? `K${String(d.number).padStart(2, '0')}` : d.id);
  new Gauge({
    name: 'hall_kiosk_seconds_since_sync',
    help: 'Seconds since each paired kiosk last synced with the hall (config, leases or outbox push); absent until it has, since this start',
    labelNames: ['kiosk'],
    registers: [registry],
    collect() {
      this.reset();
      const now = s.hall.now();
      for (const d of kiosks()) {
        const seen = s.kioskSync.last.get(d.id);
        if (seen) this.set({ kiosk: kioskLabel(d) }, Math.max(0, (now - seen.at) / 1000));
      }
    },
  });
  new Gauge({
    name: 'hall_kiosk_pushed_ops',
    help: "Outbox operations (tickets issued offline and their changes) in each kiosk's last push",
    labelNames: ['kiosk'],
    registers: [registry],
    collect() {
      this.reset();
      for (const d of kiosks()) {
        const seen = s.kioskSync.last.get(d.id);
        if (seen) this.set({ kiosk: kioskLabel(d) }, seen.pushedOps);
      }
    },
  });
  const alerts = new SqliteAlertStore(s.hall.db);
  new Gauge({
    name: 'hall_device_alerts_open',
    help: 'Open device alerts by kind',
    labelNames: ['kind'],
    registers: [registry],
    collect() {
      this.reset();
      for (const a of alerts.listAlerts({ active: true, limit: 10_000 })) this.inc({ kind: a.kind });
    },
  });

  const tokenMatches = (token: string) => {
    if (!s.metricsToken) return false;
    const a = Buffer.from(token);
    const b = Buffer.from(s.metricsToken);
    return a.length === b.length && timingSafeEqual(a, b);
  };

  const templateOf = (method: string, path: string): string => {
    try {
      const m = s.router.match(method, path);
      return m && typeof m === 'object' ? m.def.path : 'unmatched';
    } catch {
      return 'unmatched'; // a malformed %-escape: the router answered it 400
    }
  };

  return {
    /** The route template of a request ('/api/v1/tickets/:id'), '/metrics', 'static' or 'unmatched'. */
    routeOf(req: IncomingMessage): string {
      const method = req.method ?? 'GET';
      const path = pathOf(req.url ?? '/');
      return path.startsWith('/api/') ? templateOf(method, path) : path === '/metrics' ? '/metrics' : path.startsWith('/updates/') ? 'updates' : 'static';
    },
    /** Counts an answered request. */
    record(method: string, route: string, status: number, seconds: number): void {
      requests.inc({ method, route, status: String(status) });
      latency.observe({ method, route }, seconds);
    },
    /** Answers GET /metrics (true), or leaves the request to others (false). */
    serve(req: IncomingMessage, res: ServerResponse): boolean {
      if (pathOf(req.url ?? '/') !== '/metrics') return false;
      const fail = (status: number, code: string, message: string) => {
        res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
        res.end(JSON.stringify({ error: { code, message } }));
      };
      if (req.method !== 'GET') return (fail(405, 'METHOD_NOT_ALLOWED', 'GET /metrics'), true);
      const token = /^Bearer (.+)$/i.exec(req.headers.authorization ?? '')?.[1];
      if (!token) return (fail(401, 'UNAUTHENTICATED', 'send Authorization: Bearer <a manager token or HALL_METRICS_TOKEN>'), true);
      if (!tokenMatches(token)) {
        const actor = s.authenticate(token);
        if (!actor) return (fail(401, 'UNAUTHENTICATED', 'the token is unknown or expired: use a manager token or HALL_METRICS_TOKEN'), true);
        if (actor.role !== 'manager' || actor.mustChangePassword)
          return (fail(403, 'FORBIDDEN', 'metrics are for managers and the HALL_METRICS_TOKEN scraper'), true);
      }
      registry.metrics().then(
        (text) => {
          res.writeHead(200, { 'content-type': registry.contentType });
          res.end(text);
        },
        (error: unknown) => fail(500, 'METRICS_FAILED', `metrics could not be collected: ${String(error)}`),
      );
      return true;
    },
  };
}

/** /metrics is served beside the router: its description is added to the OpenAPI document here. */
export function withMetricsPath(doc: unknown): unknown {
  (doc as { paths: Record<string, unknown> }).paths['/metrics'] = {
    get: {
      summary:
        'Prometheus text format: requests and latencies by route, waiting per service, WebSocket subscribers, writer commits, kiosk sync lag, open device alerts',
      tags: ['system'],
      'x-roles': ['manager'],
      security: [{ bearer: [] }],
      description: 'Authorization: Bearer with a manager token, or the HALL_METRICS_TOKEN the server was started with',
      responses: {
        '200': { description: 'text/plain; version=0.0.4' },
        '401': { $ref: '#/components/responses/Error' },
        '403': { $ref: '#/components/responses/Error' },
      },
    },
  };
  return doc;
}
