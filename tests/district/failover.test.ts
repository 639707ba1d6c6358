// District servers as real processes on one PostgreSQL database: `npm run district` prints the contract's ready line,
// two servers migrate one database once, and a kill -9 during ingest leaves the hall failing over to the other server
// with every event stored exactly once. Also: migrations on a database that already has data.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { districtMigrations, migrate } from '../../district/migrate.ts';
import { ROOT } from '../../bench/lib.ts';
import { startTestHall, type TestHall } from '../helpers/hall.ts';
import { usePostgres } from '../helpers/postgres.ts';
import { DISTRICT_ADMIN, DistrictApi, hallActivity, hallHeadSeq, hallSeqs, moreTickets, storedSeqs, waitFor, type DistrictHall } from './district-helpers.ts';

const pgCluster = usePostgres();
const children = new Set<ChildProcess>();
const halls: TestHall[] = [];
const dirs: string[] = [];

afterAll(async () => {
  for (const h of halls) await h.close();
  for (const c of children) c.kill('SIGKILL');
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

interface Started {
  child: ChildProcess;
  url: string;
  exited: Promise<number | null>;
}

/** `npm run district` (or its node line) with a free port; resolves on the ready line. */
function startDistrictProcess(databaseUrl: string, viaNpm = false): Promise<Started> {
  const env = { ...process.env, DISTRICT_DATABASE_URL: databaseUrl, DISTRICT_PORT: '0', DISTRICT_HOST: '127.0.0.1', DISTRICT_ADMIN_PASSWORD: DISTRICT_ADMIN };
  const child = viaNpm
    ? spawn('npm', ['run', '--silent', 'district'], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] })
    : spawn(process.execPath, ['--import', 'tsx', join('district', 'main.ts')], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  children.add(child);
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  let out = '';
  let err = '';
  child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no ready line in 30 s; stderr: ${err}`)), 30_000);
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /^district server listening on (http:\/\/127\.0\.0\.1:\d+)$/m.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve({ child, url: m[1]!, exited });
      }
    });
    void exited.then((code) => reject(new Error(`exited with ${code} before its ready line; stderr: ${err}`)));
  });
}

describe('district servers as processes', () => {
  it('npm run district prints the ready line, serves sign-in, and stops on SIGTERM with 0', async () => {
    const url = await pgCluster.current.createDatabase('npm_run');
    const server = await startDistrictProcess(url, true);
    const admin = await DistrictApi.signIn(server.url);
    expect(await admin.json<unknown[]>('GET', '/api/v1/district/halls')).toEqual([]);
    server.child.kill('SIGTERM');
    expect(await server.exited).toBe(0);
  });

  it('two servers on one database: kill -9 of one during ingest, the hall fails over, every event stored once', async () => {
    const url = await pgCluster.current.createDatabase('failover');
    // Both start together on an empty database: the advisory lock lets one migrate, the other finds it done.
    const [first, second] = await Promise.all([startDistrictProcess(url), startDistrictProcess(url)]);
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    const { rows } = await client.query('SELECT count(*)::int AS n FROM schema_migrations');
    expect(rows[0].n).toBe(districtMigrations().length);
    const admins = await client.query("SELECT count(*)::int AS n FROM district_users WHERE username = 'admin'");
    expect(admins.rows[0].n).toBe(1);

    const admin = await DistrictApi.signIn(second!.url);
    const { id, token } = await admin.json<{ id: string; token: string }>('POST', '/api/v1/halls', { code: 'failover', name: '故障转移大厅' });
    // A long backlog first, pushed in small batches, so the kill lands in the middle of ingest.
    const dir = mkdtempSync(join(tmpdir(), 'hall-failover-'));
    dirs.push(dir, `${dir}-keys`);
    const hall = await startTestHall({ dir });
    const { serviceId, counterId } = await hallActivity(hall, 150, 'f');
    await hall.close();
    // Small batches through the first server: it is killed once part of the backlog is in.
    const reopened = await startTestHall({ dir, district: { urls: [first!.url, second!.url], token, retryMaxMs: 500, batchSize: 5 } });
    halls.push(reopened);
    await waitFor(async () => (await admin.json<DistrictHall[]>('GET', '/api/v1/district/halls'))[0]!.lastSeq > 0, 'the first batches', 20_000);
    first!.child.kill('SIGKILL');
    await first!.exited;
    const atKill = (await admin.json<DistrictHall[]>('GET', '/api/v1/district/halls'))[0]!.lastSeq;
    expect(atKill).toBeLessThan(hallHeadSeq(reopened));
    await moreTickets(reopened, serviceId, counterId, 10);
    await waitFor(
      async () => (await admin.json<DistrictHall[]>('GET', '/api/v1/district/halls'))[0]!.lastSeq === hallHeadSeq(reopened),
      'the hall to finish through the second server',
      40_000,
    );
    expect(await storedSeqs(url, id)).toEqual(hallSeqs(reopened));
    const link = await reopened.admin.request<{ activeUrl: string; connected: boolean; lagEvents: number }>('GET', '/api/v1/district-link');
    expect(link).toMatchObject({ activeUrl: second!.url, connected: true, lagEvents: 0 });
    await client.end();
  }, 90_000);

  it('migrations on an existing database keep its data and add only what is missing', async () => {
    const url = await pgCluster.current.createDatabase('existing');
    const pool = new pg.Pool({ connectionString: url });
    const all = districtMigrations();
    expect(await migrate(pool, all.slice(0, 1))).toEqual([1]);
    await pool.query("INSERT INTO halls (id, code, name, token_hash, last_seq) VALUES ('h1', 'old', '老大厅', 'x', 42)");
    await pool.end();
    const server = await startDistrictProcess(url);
    const admin = await DistrictApi.signIn(server.url);
    const list = await admin.json<DistrictHall[]>('GET', '/api/v1/district/halls');
    expect(list).toMatchObject([{ id: 'h1', code: 'old', name: '老大厅', lastSeq: 42 }]);
    // The calendar (migration 2) is there now.
    expect(await admin.json<{ version: number }>('GET', '/api/v1/district/calendar')).toMatchObject({ version: 0 });
    server.child.kill('SIGTERM');
    await server.exited;
    // And a second run applies nothing.
    const again = new pg.Pool({ connectionString: url });
    expect(await migrate(again)).toEqual([]);
    await again.end();
  });
});
