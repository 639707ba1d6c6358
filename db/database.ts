// Opens the hall's SQLite file durably (WAL, synchronous=FULL) and brings its schema up to date.
import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { MIGRATIONS } from './migrations.ts';

export type Db = Database.Database;

/** `beforeMigrating` runs when an existing database is about to be migrated (the hall server copies it first). */
export function openDatabase(file: string, migrations: readonly string[] = MIGRATIONS, beforeMigrating?: (db: Db, from: number, to: number) => void): Db {
  if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
  const db = new Database(file);
  // A database from a newer program is refused before anything here changes it (WAL mode rewrites its header).
  try {
    refuseNewer(db, migrations.length);
  } catch (error) {
    db.close();
    throw error;
  }
  db.pragma('journal_mode = WAL');
  // Every commit reaches the disk before it is acknowledged.
  db.pragma('synchronous = FULL');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  try {
    migrate(db, migrations, beforeMigrating);
  } catch (error) {
    db.close();
    throw error;
  }
  return db;
}

export function migrate(db: Db, migrations: readonly string[], beforeMigrating?: (db: Db, from: number, to: number) => void): void {
  refuseNewer(db, migrations.length);
  const version = db.pragma('user_version', { simple: true }) as number;
  if (version > 0 && version < migrations.length) beforeMigrating?.(db, version, migrations.length);
  // A migration may rebuild a table others reference (SQLite's way to change a constraint): foreign keys are off
  // while it runs and checked before it commits, as https://www.sqlite.org/lang_altertable.html describes.
  const foreignKeys = db.pragma('foreign_keys', { simple: true }) as number;
  db.pragma('foreign_keys = OFF');
  try {
    for (let v = version; v < migrations.length; v++) {
      db.transaction(() => {
        db.exec(migrations[v]!);
        const broken = db.pragma('foreign_key_check') as unknown[];
        if (broken.length) throw new Error(`migration ${v + 1} breaks ${broken.length} foreign keys: ${JSON.stringify(broken.slice(0, 3))}`);
        db.pragma(`user_version = ${v + 1}`);
      })();
    }
  } finally {
    db.pragma(`foreign_keys = ${foreignKeys ? 'ON' : 'OFF'}`);
  }
}

function refuseNewer(db: Db, known: number): void {
  const version = db.pragma('user_version', { simple: true }) as number;
  if (version > known) {
    throw new Error(
      `${db.name} has schema version ${version}, newer than this program's ${known}: it was written by a newer hall server. ` +
        'Install that version (or a newer one) again, or restore a backup made before the upgrade (npm run hall:restore); this program left the file untouched',
    );
  }
}
