// WAL checkpoints on a worker thread. SQLite's automatic checkpoint runs inside the commit that crosses
// the threshold: it copies megabytes into the database file and fsyncs it, stalling every write behind it.
// Here a second connection checkpoints (PASSIVE: never blocks the writer) beside the writing thread; the
// writing connection's own autocheckpoint stays as a backstop. Under steady writes the log is never fully
// copied when a transaction starts, so that backstop is also what lets the log start over from its beginning;
// by then the worker has copied nearly all of it.
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import type { Db } from './database.ts';

const WORKER = `
const { workerData, parentPort } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.file, { fileMustExist: true });
db.pragma('synchronous = FULL');
db.pragma('busy_timeout = 0');
const tick = () => {
  try { db.pragma('wal_checkpoint(PASSIVE)'); } catch { /* busy: next time */ }
};
const timer = setInterval(tick, workerData.intervalMs);
parentPort.on('message', (m) => {
  if (m !== 'stop') return;
  clearInterval(timer);
  db.close();
  parentPort.postMessage('stopped');
});
`;

export interface Checkpointer {
  stop(): Promise<void>;
}

/** Checkpoints `file` every `intervalMs` from a worker thread; `db`, the connection that commits, keeps a large autocheckpoint as a backstop. */
export function startCheckpointer(db: Db, file: string, intervalMs = 100, backstopPages = 20_000): Checkpointer {
  const driver = createRequire(import.meta.url).resolve('better-sqlite3');
  const worker = new Worker(WORKER, { eval: true, workerData: { driver, file, intervalMs } });
  worker.unref();
  db.pragma(`wal_autocheckpoint = ${backstopPages}`);
  let failed = false;
  worker.on('error', () => {
    // Without the worker, checkpoints go back to the main connection at SQLite's default size.
    failed = true;
    db.pragma('wal_autocheckpoint = 1000');
  });
  let stopping: Promise<void> | null = null;
  return {
    stop: () =>
      (stopping ??= failed
        ? Promise.resolve()
        : new Promise<void>((resolve) => {
            const done = () => void worker.terminate().finally(resolve);
            const t = setTimeout(done, 2000);
            worker.once('message', () => {
              clearTimeout(t);
              done();
            });
            worker.once('exit', () => {
              clearTimeout(t);
              resolve();
            });
            worker.postMessage('stop');
          })),
  };
}
