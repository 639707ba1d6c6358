// GET /metrics on a real hall over loopback: Prometheus text that parses, requests counted by route template (no
// ticket ids in series names), waiting per service, WebSocket subscribers and writer commits that move with the work,
// and only for managers or the HALL_METRICS_TOKEN scraper.
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { startHallServer, type HallServer } from '../../server/hall-server.ts';
import { ADMIN_PASSWORD, call, removeDirs, seedHall, tempDir } from '../helpers/built-hall.ts';

const dirs: string[] = [];
const halls: HallServer[] = [];
afterEach(async () => {
  for (const h of halls.splice(0)) await h.close();
  removeDirs(dirs);
});

const SAMPLE = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{(?:[a-zA-Z_][a-zA-Z0-9_]*="(?:[^"\\\n]|\\.)*",?)*\})? (-?[0-9.e+-]+|NaN|\+Inf|-Inf)$/;

/** Parses the text exposition format: every line a comment or a sample; returns sample values by `name{labels}`. */
function parse(text: string): Map<string, number> {
  const samples = new Map<string, number>();
  for (const line of text.split('\n')) {
    if (line === '' || line.startsWith('# HELP ') || line.startsWith('# TYPE ')) continue;
    const m = SAMPLE.exec(line);
    if (!m) throw new Error(`not exposition format: ${line}`);
    samples.set(m[1]! + (m[2] ?? ''), Number(m[3]));
  }
  return samples;
}

describe('GET /metrics', () => {
  it('counts by route template and moves with issuing, for a manager or the metrics token only', async () => {
    const h = await startHallServer({
      dataDir: tempDir('hall-metrics-', dirs),
      port: 0,
      log: () => undefined,
      adminPassword: ADMIN_PASSWORD,
      metricsToken: 'scrape-secret-0123456789',
    });
    halls.push(h);
    const { adminToken, serviceId, kioskToken } = await seedHall(h.url);
    const scrape = async (token = adminToken) => {
      const r = await call(h.url, 'GET', '/metrics', { token });
      expect(r.status).toBe(200);
      return { text: r.text, values: parse(r.text) };
    };

    const before = await scrape();
    expect(before.values.get('hall_waiting_tickets{service="svc-a"}')).toBe(0);
    expect(before.values.get('hall_websocket_subscribers')).toBe(0);
    expect(before.text).toMatch(/^# TYPE hall_device_alerts_open gauge$/m);
    const commitsBefore = before.values.get('hall_writer_commits_total')!;
    const opsBefore = before.values.get('hall_writer_committed_ops_total')!;

    const ws = new WebSocket(`${h.url.replace('http', 'ws')}/api/v1/events`, { headers: { authorization: `Bearer ${adminToken}` } });
    await new Promise((r, j) => ws.once('open', r).once('error', j));
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) {
      const t = await call<{ id: string }>(h.url, 'POST', '/api/v1/tickets', { token: kioskToken, body: { serviceId } });
      expect(t.status).toBe(201);
      ids.push(t.body.id);
    }
    for (const id of ids) expect((await call(h.url, 'GET', `/api/v1/tickets/${id}`, { token: adminToken })).status).toBe(200);

    const after = await scrape('scrape-secret-0123456789');
    ws.close();
    expect(after.values.get('hall_http_requests_total{method="POST",route="/api/v1/tickets",status="201"}')).toBe(3);
    expect(after.values.get('hall_http_requests_total{method="GET",route="/api/v1/tickets/:id",status="200"}')).toBe(3);
    expect(after.values.get('hall_http_request_duration_seconds_count{method="POST",route="/api/v1/tickets"}')).toBe(3);
    for (const id of ids) expect(after.text).not.toContain(id);
    expect(after.values.get('hall_waiting_tickets{service="svc-a"}')).toBe(3);
    expect(after.values.get('hall_websocket_subscribers')).toBe(1);
    expect(after.values.get('hall_writer_commits_total')!).toBeGreaterThan(commitsBefore);
    expect(after.values.get('hall_writer_committed_ops_total')!).toBeGreaterThanOrEqual(opsBefore + 3);
    expect(after.values.get('hall_writer_commit_seconds_total')!).toBeGreaterThan(0);

    // Not for visitors' devices, nobody without a token, nor a wrong scraper token.
    expect((await call(h.url, 'GET', '/metrics', { token: kioskToken })).status).toBe(403);
    expect((await call(h.url, 'GET', '/metrics')).status).toBe(401);
    expect((await call(h.url, 'GET', '/metrics', { token: 'scrape-secret-0123456788' })).status).toBe(401);
    // A malformed %-escape is the router's 400, counted as unmatched, and never an exception after the answer.
    expect((await call(h.url, 'GET', '/api/v1/tickets/%E0%A4%A', { token: adminToken })).status).toBe(400);
    await new Promise((r) => setTimeout(r, 50));
    expect((await scrape()).values.get('hall_http_requests_total{method="GET",route="unmatched",status="400"}')).toBe(1);
    const doc = await call<{ paths: Record<string, unknown> }>(h.url, 'GET', '/api/v1/openapi.json');
    expect(Object.keys(doc.body.paths)).toContain('/metrics');
  });
});
