// GET /api/v1/ready: may this hall take work now? Unlike /health (the process answers), it checks that the
// database takes a write lock and that the data directory has room, so a load balancer or monitor can act on it.
import Database from 'better-sqlite3';
import { statfs } from 'node:fs/promises';
import { route, type RouteDef } from './http.ts';
import { ok } from './routes.ts';

export interface ReadyOptions {
  dbFile: string;
  dataDir: string;
  /** HALL_MIN_FREE_MB: below this many free MiB in the data directory the hall is not ready. */
  minFreeMb: number;
  /** The writer's last write found the disk full (SQLITE_FULL) and none has succeeded since. */
  storageFull?: () => boolean;
}

const BUSY_RETRY_MS = 25;
const BUSY_PATIENCE_MS = 2_000;

/** Takes and releases the write lock on its own connection; the writer holding it is waited for, never blocked on. */
async function databaseWritable(file: string): Promise<string | null> {
  let db: Database.Database | undefined;
  try {
    db = new Database(file, { fileMustExist: true, timeout: 0 });
    const deadline = Date.now() + BUSY_PATIENCE_MS;
    for (;;) {
      try {
        db.exec('BEGIN IMMEDIATE; ROLLBACK');
        return null;
      } catch (error) {
        const code = (error as { code?: string }).code ?? '';
        if (!code.startsWith('SQLITE_BUSY') || Date.now() > deadline) throw error;
      }
      await new Promise((r) => setTimeout(r, BUSY_RETRY_MS));
    }
  } catch (error) {
    return `the database cannot be written: ${(error as { code?: string }).code ?? String(error)}`;
  } finally {
    db?.close();
  }
}

export function readyRoutes(options: ReadyOptions): RouteDef[] {
  return [
    route({
      method: 'GET',
      path: '/api/v1/ready',
      roles: 'public',
      tag: 'system',
      summary: 'Check the hall can take work: the database is writable and the data directory has free space (503 with the reason otherwise)',
      ok: { status: 200, description: '{ready: true, freeMb}; 503 {ready: false, reason, freeMb}' },
      handler: async () => {
        const fs = await statfs(options.dataDir);
        const freeMb = Math.floor((fs.bavail * fs.bsize) / 1_048_576);
        const reason =
          (options.storageFull?.()
            ? `the disk is full: the database cannot be written (STORAGE_FULL): free disk space in ${options.dataDir}; the hall takes writes again by itself`
            : null) ??
          (await databaseWritable(options.dbFile)) ??
          (freeMb < options.minFreeMb ? `only ${freeMb} MB free in the data directory (HALL_MIN_FREE_MB=${options.minFreeMb}): free disk space` : null);
        return reason ? ok({ ready: false, reason, freeMb }, 503) : ok({ ready: true, freeMb });
      },
    }),
  ];
}
