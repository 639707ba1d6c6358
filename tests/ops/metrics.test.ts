// GET /metrics on a real hall over loopback: Prometheus text that parses, requests counted by route template (no
// ticket ids in series names), waiting per service, WebSocket subscribers and writer commits that move with the work,
// kiosk sync lag and open alerts by kind, and only for managers or the HALL_METRICS_TOKEN scraper.
import parsePrometheusTextFormat from 'parse-prometheus-text-format';
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

/**
 * Parses the text exposition format: counters and gauges with parse-prometheus-text-format (which also rejects a
 * malformed line), histogram series line by line (that parser merges labelled histogram series). Returns sample
 * values by `name{labels}`, and the family types.
 */
function parse(text: string): { samples: Map<string, number>; types: Map<string, string> } {
  const samples = new Map<string, number>();
  const types = new Map<string, string>();
  for (const family of parsePrometheusTextFormat(text)) {
    types.set(family.name, family.type);
    if (family.type === 'HISTOGRAM') continue;
    for (const m of family.metrics) {
      const labels = Object.entries(m.labels ?? {}).map(([k, v]) => `${k}="${v}"`);
      samples.set(family.name + (labels.length ? `{${labels.join(',')}}` : ''), Number(m.value));
    }
  }
  for (const line of text.split('\n')) {
    if (line === '' || line.startsWith('# HELP ') || line.startsWith('# TYPE ')) continue;
    const m = SAMPLE.exec(line);
    if (!m) throw new Error(`not exposition format: ${line}`);
    if (!samples.has(m[1]! + (m[2] ?? ''))) samples.set(m[1]! + (m[2] ?? ''), Number(m[3]));
  }
  return { samples, types };
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
      const { samples, types } = parse(r.text);
      return { text: r.text, values: samples, types };
    };

    const before = await scrape();
    expect(before.values.get('hall_waiting_tickets{service="svc-a"}')).toBe(0);
    expect(before.values.get('hall_websocket_subscribers')).toBe(0);
    expect(before.types.get('hall_device_alerts_open')).toBe('GAUGE');
    expect(before.types.get('hall_http_request_duration_seconds')).toBe('HISTOGRAM');
    expect([...before.values.keys()].filter((k) => k.startsWith('hall_kiosk_'))).toEqual([]);
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

    // The kiosk syncs: its configuration, then an outbox of two alerts it queued while offline.
    expect((await call(h.url, 'GET', '/api/v1/sync/config', { token: kioskToken })).status).toBe(200);
    const at = new Date().toISOString();
    const pushed = await call(h.url, 'POST', '/api/v1/sync/push', {
      token: kioskToken,
      body: {
        ops: [
          { seq: 1, kind: 'device.alert', alert: 'paper_near_end', at },
          { seq: 2, kind: 'device.alert', alert: 'cover_open', at },
        ],
      },
    });
    expect(pushed.status).toBe(200);

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
    const kioskSeries = [...after.values.keys()].filter((k) => k.startsWith('hall_kiosk_'));
    expect(kioskSeries).toEqual([
      expect.stringMatching(/^hall_kiosk_seconds_since_sync\{kiosk="K\d\d"\}$/),
      expect.stringMatching(/^hall_kiosk_pushed_ops\{kiosk="K\d\d"\}$/),
    ]);
    expect(after.values.get(kioskSeries[0]!)).toBeLessThan(60);
    expect(after.values.get(kioskSeries[1]!)).toBe(2);
    expect(after.values.get('hall_device_alerts_open{kind="printer_cover_open"}')).toBe(1);

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
