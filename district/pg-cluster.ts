// A throw-away PostgreSQL cluster in a temp dir (tests, bench, the demo): Debian's initdb and pg_ctl, run as a non-root
// user because PostgreSQL refuses to run as root, listening on a free loopback port with its sockets in the temp dir.
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { chownSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { postgresBin } from '../scripts/prerequisites.ts';

const run = promisify(execFile);

export interface PgCluster {
  /** postgres://postgres@127.0.0.1:PORT/postgres */
  url: string;
  port: number;
  dir: string;
  /** A fresh database in this cluster; its URL. */
  createDatabase(name: string): Promise<string>;
  /** Stops the server (immediate) and removes the temp dir. */
  stop(): Promise<void>;
}

/** What to tell someone whose machine has no PostgreSQL server programs. */
export const POSTGRES_HINT = 'PostgreSQL is not installed: apt-get install -y postgresql (Debian/Ubuntu), then start again';

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

/**
 * Runs a PostgreSQL program as the `postgres` user when we are root (PostgreSQL refuses root), else as ourselves; it is
 * killed with this process (setpriv's parent-death signal at each step), so a killed test leaves no initdb running.
 */
async function asPostgres(program: string, args: string[]): Promise<void> {
  const bin = postgresBin(program);
  if (!bin) throw new Error(POSTGRES_HINT);
  const dying = ['setpriv', '--pdeathsig', 'KILL', '--'];
  const argv = userInfo().uid === 0 ? [...dying, 'runuser', '-u', 'postgres', '--', ...dying, bin, ...args] : [...dying, bin, ...args];
  await run(argv[0]!, argv.slice(1), { timeout: 60_000 });
}

/**
 * A detached shell that outlives this process: once it is gone (exit, crash, SIGKILL from a test runner) it stops the
 * cluster and removes the temp dir. A normal stop() does both itself and ends the watcher.
 */
function watchOwner(dir: string): ChildProcess {
  const pgCtl = postgresBin('pg_ctl') ?? 'pg_ctl';
  const asUser = userInfo().uid === 0 ? 'runuser -u postgres -- ' : '';
  const script =
    `while kill -0 "$1" 2>/dev/null; do sleep 1; done; sleep 1; ` +
    `if [ -f "$2/data/postmaster.pid" ]; then ${asUser}"$3" -D "$2/data" -m immediate -w stop >/dev/null 2>&1; fi; rm -rf "$2"`;
  const child = spawn('sh', ['-c', script, 'pg-cluster-watch', String(process.pid), dir, pgCtl], { detached: true, stdio: 'ignore' });
  child.unref();
  return child;
}

export interface PgClusterOptions {
  /** Extra `-c name=value` server settings. */
  settings?: Record<string, string>;
}

/**
 * A district server's write load, not PostgreSQL's small defaults: a busy day's events (about 1.5 GB at 200 halls)
 * kept in shared buffers rather than written back by the backends, room in the WAL buffers for several 4 MB batches in
 * flight, checkpoints (each followed by full-page images) at most every 30 min or 8 GB of WAL, those images compressed.
 * Durability is untouched: fsync and synchronous_commit keep their defaults.
 */
const DISTRICT_SETTINGS: Record<string, string> = {
  shared_buffers: '1GB',
  wal_buffers: '64MB',
  max_wal_size: '8GB',
  min_wal_size: '1GB',
  checkpoint_timeout: '30min',
  wal_compression: 'lz4',
};

export async function startPgCluster(options: PgClusterOptions = {}): Promise<PgCluster> {
  const dir = mkdtempSync(join(tmpdir(), 'district-pg-'));
  const watcher = watchOwner(dir);
  const unwatch = () => {
    try {
      if (watcher.pid) process.kill(-watcher.pid, 'SIGKILL');
    } catch {
      /* gone already */
    }
  };
  if (userInfo().uid === 0) {
    const uid = Number((await run('id', ['-u', 'postgres'])).stdout.trim());
    const gid = Number((await run('id', ['-g', 'postgres'])).stdout.trim());
    chownSync(dir, uid, gid);
  }
  const data = join(dir, 'data');
  const log = join(dir, 'server.log');
  try {
    await asPostgres('initdb', ['-D', data, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--no-locale', '--no-sync']);
    const port = await freePort();
    const settings = {
      listen_addresses: '127.0.0.1',
      port: String(port),
      unix_socket_directories: dir,
      max_connections: '200',
      ...DISTRICT_SETTINGS,
      ...options.settings,
    };
    writeFileSync(
      join(data, 'postgresql.auto.conf'),
      Object.entries(settings)
        .map(([k, v]) => `${k} = '${v}'\n`)
        .join(''),
      { flag: 'a' },
    );
    await asPostgres('pg_ctl', ['-D', data, '-l', log, '-w', '-t', '60', 'start']);
    const url = (db: string) => `postgres://postgres@127.0.0.1:${port}/${db}`;
    let stopped = false;
    return {
      url: url('postgres'),
      port,
      dir,
      async createDatabase(name) {
        if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`database name ${name}: lower-case letters, digits and _ only`);
        const { default: pg } = await import('pg');
        const client = new pg.Client({ connectionString: url('postgres') });
        await client.connect();
        try {
          await client.query(`CREATE DATABASE ${name}`);
        } finally {
          await client.end();
        }
        return url(name);
      },
      async stop() {
        if (stopped) return;
        stopped = true;
        await asPostgres('pg_ctl', ['-D', data, '-m', 'immediate', '-w', 'stop']).catch(() => undefined);
        rmSync(dir, { recursive: true, force: true });
        unwatch();
      },
    };
  } catch (error) {
    let detail = '';
    try {
      detail = readFileSync(log, 'utf8').slice(-2000);
    } catch {
      /* no log yet */
    }
    rmSync(dir, { recursive: true, force: true });
    unwatch();
    throw new Error(`could not start a PostgreSQL cluster: ${error instanceof Error ? error.message : String(error)}${detail ? `\n${detail}` : ''}`);
  }
}
