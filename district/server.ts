// Assembles a district server: a pool over PostgreSQL (the only state: any number of these may serve one database),
// its migrations, the admin from the environment, the API and the district app.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { randomUUID } from 'node:crypto';
import { hashPassword } from '../server/auth.ts';
import { Router } from '../server/http.ts';
import { staticHandler } from '../server/static-files.ts';
import { migrate } from './migrate.ts';
import { authenticate, districtRoutes } from './routes.ts';

export interface DistrictServerOptions {
  databaseUrl: string;
  port?: number;
  host?: string;
  /** On a first start with no users, creates district manager `admin` with this password. */
  adminPassword?: string | undefined;
  /** Hall-local days for reports and due days (the district's halls share one zone). */
  timeZone?: string;
  staticDir?: string;
  log?: (line: string) => void;
  poolSize?: number;
}

export interface DistrictServer {
  url: string;
  port: number;
  pool: pg.Pool;
  close(): Promise<void>;
}

const DEFAULT_STATIC_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '..', 'dist', 'renderer');

export async function startDistrictServer(options: DistrictServerOptions): Promise<DistrictServer> {
  const log = options.log ?? ((line: string) => console.error(line));
  const pool = new pg.Pool({ connectionString: options.databaseUrl, max: options.poolSize ?? 10, application_name: 'district-server' });
  // An idle connection the database drops (restart, failover) must not take the process down.
  pool.on('error', (error) => log(`database connection lost: ${error.message}`));
  try {
    const applied = await migrate(pool);
    if (applied.length) log(`district database migrated: ${applied.join(', ')}`);
    if (options.adminPassword) {
      const r = await pool.query(
        `INSERT INTO district_users (id, username, password_hash, role) SELECT $1, 'admin', $2, 'district_manager'
         WHERE NOT EXISTS (SELECT 1 FROM district_users) ON CONFLICT (username) DO NOTHING`,
        [randomUUID(), await hashPassword(options.adminPassword)],
      );
      if (r.rowCount) log('created district manager admin from DISTRICT_ADMIN_PASSWORD');
    }
  } catch (error) {
    await pool.end();
    throw error;
  }

  const router = new Router();
  router.add(
    ...districtRoutes({
      pool,
      timeZone: options.timeZone ?? 'Asia/Shanghai',
      openapi: () => router.openapi({ title: 'District server API', version: '1' }),
    }),
  );
  const handle = router.handler({
    bodyLimit: 64 * 1024,
    authenticate: (token) => authenticate(pool, token),
    onError: (error) => log(`unexpected error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`),
  });
  const serveStatic = staticHandler(options.staticDir ?? DEFAULT_STATIC_DIR, ['district']);
  const server: Server = createServer({ requestTimeout: 60_000, headersTimeout: 15_000, connectionsCheckingInterval: 1_000 }, (req, res) => {
    if (!req.url?.startsWith('/api/')) {
      if (req.url === '/' && (req.method === 'GET' || req.method === 'HEAD')) {
        res.writeHead(302, { location: '/district/' });
        res.end();
        return;
      }
      if (serveStatic(req, res)) return;
    }
    void handle(req, res);
  });
  server.keepAliveTimeout = 10_000;
  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((ok, fail) => {
    server.once('error', fail);
    server.listen(options.port ?? 8070, host, () => ok());
  });
  const port = (server.address() as AddressInfo).port;
  let closing: Promise<void> | null = null;
  return {
    url: `http://${host.includes(':') ? `[${host}]` : host}:${port}`,
    port,
    pool,
    close: () =>
      (closing ??= (async () => {
        const stopped = new Promise<void>((ok) => server.close(() => ok()));
        server.closeIdleConnections();
        setTimeout(() => server.closeAllConnections(), 10_000).unref();
        await stopped;
        await pool.end();
      })()),
  };
}
