// A throw-away PostgreSQL cluster in a temp dir (tests, bench, the demo): Debian's initdb and pg_ctl, run as a non-root
// user because PostgreSQL refuses to run as root, listening on a free loopback port with its sockets in the temp dir.
import { execFile } from 'node:child_process';
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

/** Runs a PostgreSQL program as the `postgres` user when we are root (PostgreSQL refuses root), else as ourselves. */
async function asPostgres(program: string, args: string[]): Promise<void> {
  const bin = postgresBin(program);
  if (!bin) throw new Error(POSTGRES_HINT);
  const root = userInfo().uid === 0;
  const [cmd, argv] = root ? ['runuser', ['-u', 'postgres', '--', bin, ...args]] : [bin, args];
  await run(cmd, argv, { timeout: 60_000 });
}

export interface PgClusterOptions {
  /** Extra `-c name=value` server settings. */
  settings?: Record<string, string>;
}

export async function startPgCluster(options: PgClusterOptions = {}): Promise<PgCluster> {
  const dir = mkdtempSync(join(tmpdir(), 'district-pg-'));
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
    const settings = { listen_addresses: '127.0.0.1', port: String(port), unix_socket_directories: dir, max_connections: '200', ...options.settings };
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
    throw new Error(`could not start a PostgreSQL cluster: ${error instanceof Error ? error.message : String(error)}${detail ? `\n${detail}` : ''}`);
  }
}
