// `npm run bench -- reports`: every report over a year of a busy hall (scripts/demo-history.ts), p50 and p99 over HTTP
// on loopback, beside a full scan of the tickets table measured in the same run, and the database's size by table.
// History: BENCH_REPORTS_DIR (a data directory `npm run demo:history` wrote), else a year kept in ./data-history-bench
// and reused by later runs (generating one takes 15–60 minutes on a 2-core machine; a newer schema migrates it as it
// would a hall's; remove the folder for a new one); BENCH_REPORTS_DAYS makes it shorter (a temp folder, removed after).
import Database from 'better-sqlite3';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { MIGRATIONS } from '../db/migrations.ts';
import { startHallServer } from '../server/hall-server.ts';
import { fileSize, generateHistory } from '../scripts/demo-history.ts';
import { ROOT, fmt, percentile } from './lib.ts';

const PASSWORD = 'bench-reports-admin';
const SEED = 13;

/** The history to read: given, kept from an earlier run (same days, seed and schema), or generated now. */
async function history(lines: string[]): Promise<{ dir: string; password: string; temporary: boolean }> {
  const given = process.env.BENCH_REPORTS_DIR;
  if (given) return { dir: resolve(given), password: process.env.BENCH_REPORTS_PASSWORD ?? 'demo-history-admin', temporary: false };
  const days = Number(process.env.BENCH_REPORTS_DAYS ?? 365);
  const temporary = process.env.BENCH_REPORTS_DAYS !== undefined;
  const dir = temporary ? mkdtempSync(join(tmpdir(), 'hall-bench-reports-')) : join(ROOT, 'data-history-bench');
  const marker = join(dir, 'bench-history.json');
  const wanted = { days, seed: SEED, schema: MIGRATIONS.length };
  const kept = existsSync(marker) ? (JSON.parse(readFileSync(marker, 'utf8')) as typeof wanted & { generatedAt: string }) : null;
  if (kept && kept.days === days && kept.seed === SEED) {
    lines.push(`history: ${days} days generated ${kept.generatedAt} at schema ${kept.schema} (now ${wanted.schema}), kept in ${dir}`);
    return { dir, password: PASSWORD, temporary };
  }
  rmSync(dir, { recursive: true, force: true });
  rmSync(`${dir}-keys`, { recursive: true, force: true });
  const made = await generateHistory({ file: join(dir, 'hall.sqlite'), days, seed: SEED, adminPassword: PASSWORD });
  if (!temporary) writeFileSync(marker, JSON.stringify({ ...wanted, generatedAt: new Date().toISOString() }));
  lines.push(`history: ${days} days, ${fmt(made.tickets)} tickets through the commands in ${fmt(made.seconds)} s`);
  return { dir, password: PASSWORD, temporary };
}

export async function benchReports(): Promise<string[]> {
  const lines: string[] = [];
  const { dir, password, temporary } = await history(lines);
  const file = join(dir, 'hall.sqlite');
  const info = new Database(file, { readonly: true });
  const span = info.prepare('SELECT MIN(day) AS first, MAX(day) AS last, COUNT(*) AS n FROM tickets').get() as { first: string; last: string; n: number };
  const counters = info.prepare('SELECT COUNT(*) FROM counters').pluck().get() as number;
  const ids = {
    service: info.prepare('SELECT id FROM services LIMIT 1').pluck().get() as string,
    counter: info.prepare('SELECT id FROM counters LIMIT 1').pluck().get() as string,
    staff: info.prepare("SELECT id FROM users WHERE role = 'staff' LIMIT 1").pluck().get() as string,
  };
  // Where the bytes are: each table with its indexes (dbstat), the largest first.
  const tables = info
    .prepare(
      `SELECT COALESCE(m.tbl_name, s.name) AS name, SUM(s.pgsize) AS bytes FROM dbstat AS s LEFT JOIN sqlite_schema AS m ON m.name = s.name
       GROUP BY 1 ORDER BY bytes DESC LIMIT 6`,
    )
    .all() as { name: string; bytes: number }[];
  info.close();
  const days = Math.round((Date.parse(span.last) - Date.parse(span.first)) / 86_400_000) + 1;
  lines.push(
    `history ${span.first} … ${span.last} (${days} days): ${fmt(span.n)} tickets, ${counters} counters; ` +
      `database ${fmt(fileSize(file) / 2 ** 20, 1)} MiB (${fmt((fileSize(file) / 2 ** 30) * (365 / days), 2)} GiB per year)`,
    `largest tables with their indexes: ${tables.map((t) => `${t.name} ${fmt(t.bytes / 2 ** 20, 1)} MiB`).join(', ')}`,
  );

  // Today is the day after the history: every day of it is rolled up, as in a hall that ran through it.
  const server = await startHallServer({ dataDir: dir, port: 0, now: () => Date.parse(`${span.last}T12:00:00+08:00`) + 86_400_000, log: () => undefined });
  try {
    const login = (await (
      await fetch(`${server.url}/api/v1/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username: 'admin', password }),
      })
    ).json()) as { token: string };
    const range = `from=${span.first}&to=${span.last}`;
    // Every report over the whole history: each grouping alone and with each filter, both sides of filters at once
    // (the finest roll-up), the staff report and the heatmap likewise, and the CSV and XLSX exports.
    const filters: [string, string][] = [
      ['serviceId', `&serviceId=${ids.service}`],
      ['counterId', `&counterId=${ids.counter}`],
      ['staffId', `&staffId=${ids.staff}`],
      ['channel', '&channel=kiosk'],
    ];
    const queries: [string, string][] = [];
    for (const g of ['service', 'counter', 'staff', 'hour', 'day']) {
      queries.push([`summary groupBy=${g}`, `/api/v1/reports/summary?${range}&groupBy=${g}`]);
      for (const [name, q] of filters) queries.push([`summary groupBy=${g}, ${name}`, `/api/v1/reports/summary?${range}&groupBy=${g}${q}`]);
    }
    queries.push(
      ['summary groupBy=hour, serviceId+staffId', `/api/v1/reports/summary?${range}&groupBy=hour&serviceId=${ids.service}&staffId=${ids.staff}`],
      ['summary groupBy=day, channel+counterId', `/api/v1/reports/summary?${range}&groupBy=day&channel=kiosk&counterId=${ids.counter}`],
    );
    for (const report of ['staff', 'heatmap']) {
      queries.push([report, `/api/v1/reports/${report}?${range}`]);
      for (const [name, q] of filters) queries.push([`${report}, ${name}`, `/api/v1/reports/${report}?${range}${q}`]);
    }
    queries.push(['heatmap, serviceId+staffId', `/api/v1/reports/heatmap?${range}&serviceId=${ids.service}&staffId=${ids.staff}`]);
    for (const format of ['csv', 'xlsx']) {
      queries.push(
        [`summary groupBy=service as ${format}`, `/api/v1/reports/summary?${range}&groupBy=service&format=${format}`],
        [`summary groupBy=day as ${format}`, `/api/v1/reports/summary?${range}&groupBy=day&format=${format}`],
        [`staff as ${format}`, `/api/v1/reports/staff?${range}&format=${format}`],
        [`heatmap as ${format}`, `/api/v1/reports/heatmap?${range}&format=${format}`],
      );
    }
    const runs = Number(process.env.BENCH_REPORTS_RUNS ?? 15);
    const time = async (path: string) => {
      const t = performance.now();
      const res = await fetch(`${server.url}${path}`, { headers: { authorization: `Bearer ${login.token}` } });
      await res.arrayBuffer();
      if (res.status !== 200) throw new Error(`${path}: ${res.status}`);
      return performance.now() - t;
    };
    // The reference, in the same run: one pass over every ticket row.
    const db = new Database(file, { readonly: true });
    const scanStmt = db.prepare('SELECT COUNT(*), SUM(ended_at - called_at), SUM(issued_at) FROM tickets');
    const scans: number[] = [];
    for (let i = 0; i < 5; i++) {
      const t = performance.now();
      scanStmt.get();
      scans.push(performance.now() - t);
    }
    db.close();
    const scan = percentile(
      [...scans].sort((a, b) => a - b),
      50,
    );
    lines.push(`full scan of the tickets table (${fmt(span.n)} rows): p50 ${fmt(scan)} ms`);
    let slowest: [string, number] = ['', 0];
    for (const [name, path] of queries) {
      await time(path);
      const samples: number[] = [];
      for (let i = 0; i < runs; i++) samples.push(await time(path));
      samples.sort((a, b) => a - b);
      const p50 = percentile(samples, 50);
      const p99 = percentile(samples, 99);
      if (p99 > slowest[1]) slowest = [name, p99];
      lines.push(`${name.padEnd(40)} p50 ${fmt(p50).padStart(5)} ms  p99 ${fmt(p99).padStart(5)} ms  (${fmt(p50 / scan, 2)}× the scan)`);
    }
    lines.push(`slowest p99 of ${queries.length} reports: ${slowest[0]}, ${fmt(slowest[1])} ms`);
  } finally {
    await server.close();
    if (temporary) {
      rmSync(dir, { recursive: true, force: true });
      rmSync(`${dir}-keys`, { recursive: true, force: true });
    }
  }
  return lines;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  for (const line of await benchReports()) console.log(line);
}
