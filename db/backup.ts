// Consistent copies of the hall's database while it runs, and putting one back.
// `VACUUM INTO` reads the whole database inside one read transaction: under WAL that is a snapshot of the last commit,
// and the writer goes on committing beside it (the stepped backup API would start over at every commit of a busy hall).
// It runs on a worker thread, so neither the HTTP thread nor the writer waits for it.
import Database from 'better-sqlite3';
import { closeSync, copyFileSync, existsSync, fsyncSync, mkdirSync, openSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { Db } from './database.ts';
import { MIGRATIONS } from './migrations.ts';

/** Scheduled and `hall:backup` copies: `hall-<UTC stamp>.sqlite`, so names sort by time. */
export const BACKUP_PREFIX = 'hall-';

const stamp = (at: Date) =>
  at
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.(\d{3})Z$/, '$1Z');

export function backupFileName(at: Date = new Date()): string {
  return `${BACKUP_PREFIX}${stamp(at)}.sqlite`;
}

function syncPath(path: string): void {
  const fd = openSync(path, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/** The copy reaches the disk under a temporary name first: a backup file that exists is whole. */
function publish(tmp: string, target: string): void {
  syncPath(tmp);
  renameSync(tmp, target);
  syncPath(dirname(target));
}

const WORKER = `
const { workerData, parentPort } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.file, { fileMustExist: true });
try {
  db.pragma('busy_timeout = 10000');
  db.prepare('VACUUM INTO ?').run(workerData.tmp);
} finally {
  db.close();
}
parentPort.postMessage('done');
`;

/** Copies `dbFile` into `toDir` as a new backup file without blocking this thread; resolves to the file's path. */
export async function backupDatabase(dbFile: string, toDir: string, at: Date = new Date()): Promise<string> {
  if (!existsSync(dbFile)) throw new Error(`${dbFile} does not exist: point HALL_DATA_DIR at the hall's data directory`);
  mkdirSync(toDir, { recursive: true });
  const target = resolve(toDir, backupFileName(at));
  const tmp = `${target}.partial`;
  const driver = createRequire(import.meta.url).resolve('better-sqlite3');
  try {
    await new Promise<void>((done, fail) => {
      const worker = new Worker(WORKER, { eval: true, workerData: { driver, file: resolve(dbFile), tmp } });
      worker.once('message', () => done());
      worker.once('error', fail);
      worker.once('exit', (code) => (code === 0 ? done() : fail(new Error(`the backup thread stopped with code ${code}`))));
    });
    publish(tmp, target);
  } catch (error) {
    rmSync(tmp, { force: true });
    throw error;
  }
  return target;
}

/** Before migrations change the schema: a copy of the database as it was (synchronous: nothing else runs yet). */
export function backupBeforeMigrating(db: Db, toDir: string, from: number, to: number, at: Date = new Date()): string {
  mkdirSync(toDir, { recursive: true });
  const target = resolve(toDir, `pre-migration-v${from}-to-v${to}-${stamp(at)}.sqlite`);
  const tmp = `${target}.partial`;
  try {
    db.prepare('VACUUM INTO ?').run(tmp);
    publish(tmp, target);
  } catch (error) {
    rmSync(tmp, { force: true });
    throw error;
  }
  return target;
}

/** Keeps the newest `keep` scheduled backups in `dir` (others' files are never touched); returns the removed paths. */
export function pruneBackups(dir: string, keep: number): string[] {
  const all = listBackups(dir);
  const removed = all.slice(0, Math.max(0, all.length - keep));
  for (const file of removed) rmSync(file);
  return removed;
}

/** The scheduled and `hall:backup` files in `dir`, oldest first. */
export function listBackups(dir: string): string[] {
  if (!existsSync(dir) || !statSync(dir).isDirectory()) return [];
  return readdirSync(dir)
    .filter((name) => name.startsWith(BACKUP_PREFIX) && name.endsWith('.sqlite'))
    .sort()
    .map((name) => join(dir, name));
}

export interface BackupCheck {
  integrity: string;
  schemaVersion: number;
}

/** `integrity_check` and the schema version of a backup file; throws with what to do when it cannot be restored. */
export function checkBackup(file: string): BackupCheck {
  if (!existsSync(file) || !statSync(file).isFile()) throw new Error(`${file} is not a file: give the backup file hall:backup printed`);
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    const rows = db.pragma('integrity_check') as { integrity_check: string }[];
    const integrity = rows.map((r) => r.integrity_check).join('; ');
    const schemaVersion = db.pragma('user_version', { simple: true }) as number;
    if (integrity !== 'ok') throw new Error(`${file} is damaged (integrity_check: ${integrity.slice(0, 300)}): restore an older backup`);
    if (schemaVersion === 0) throw new Error(`${file} is not a hall database (no schema version): give the backup file hall:backup printed`);
    if (schemaVersion > MIGRATIONS.length) {
      throw new Error(
        `${file} has schema version ${schemaVersion}, newer than this program's ${MIGRATIONS.length}: restore it with the hall server version that made it (or newer)`,
      );
    }
    return { integrity, schemaVersion };
  } finally {
    db.close();
  }
}

export interface RestoreResult extends BackupCheck {
  dbFile: string;
  /** With `force`: where the database that was there before now is. */
  setAside: string | null;
}

/**
 * Puts a backup back as `dataDir/hall.sqlite`. Refuses a data directory that already holds a database unless `force`,
 * which moves the old one (and its WAL) aside instead of deleting it. The hall server must be stopped.
 */
export function restoreDatabase(from: string, dataDir: string, options: { force?: boolean; at?: Date } = {}): RestoreResult {
  const check = checkBackup(from);
  mkdirSync(dataDir, { recursive: true });
  const dbFile = resolve(dataDir, 'hall.sqlite');
  const present = ['hall.sqlite', 'hall.sqlite-wal', 'hall.sqlite-shm'].filter((name) => existsSync(join(dataDir, name)));
  let setAside: string | null = null;
  if (present.length > 0) {
    if (!options.force) {
      throw new Error(
        `${dataDir} already holds a database (${present.join(', ')}): restore into an empty directory, or stop the hall server and add --force to move it aside`,
      );
    }
    setAside = join(dataDir, `replaced-${stamp(options.at ?? new Date())}`);
    mkdirSync(setAside);
    for (const name of present) renameSync(join(dataDir, name), join(setAside, name));
  }
  const tmp = `${dbFile}.restoring`;
  copyFileSync(from, tmp);
  // A backup is a plain file; the server's connection puts it back into WAL mode when it opens it.
  publish(tmp, dbFile);
  return { ...check, dbFile, setAside };
}
