// The writer thread: owns the only writing connection, runs commands in group commits (synchronous=FULL),
// so the fsync of each commit blocks this thread and never the HTTP and WebSocket work of the main thread.
import { parentPort, workerData } from 'node:worker_threads';
import { HallError } from '../core/errors.ts';
import { uuidv7 } from '../core/uuid.ts';
import { DeviceAlerts } from '../core/alerts.ts';
import { idUnsealer } from '../core/id-seal.ts';
import { KioskSync } from '../core/sync.ts';
import { SqliteAlertStore } from '../db/alert-store.ts';
import { AuditStore } from '../db/audit-store.ts';
import { AuthStore } from '../db/auth-store.ts';
import { startCheckpointer } from '../db/checkpointer.ts';
import { CommitQueue } from '../db/commit-queue.ts';
import { openDatabase } from '../db/database.ts';
import { DeviceStore } from '../db/device-store.ts';
import { SqliteSyncStore } from '../db/sync-store.ts';
import { runAudited } from './audit.ts';
import { COMMANDS, type CommandName, type WriterContext } from './commands.ts';
import type { FromWriter, ToWriter, WireError, WriterInit } from './writer.ts';
import { createHallEngine } from './hall-engine.ts';
import { WebhookOutbox } from './webhooks-dispatcher.ts';

const init = workerData as WriterInit;
const port = parentPort!;
const db = openDatabase(init.file);
// Checkpoints run beside this thread; only the connection that commits can set when a commit must do one itself.
const checkpointer = startCheckpointer(db, init.file);
const key = Buffer.from(init.personKeyBase64, 'base64');
const { engine, store, settings, setSettings } = createHallEngine(db, key, init.initialSettings, { soleWriter: true });
const webhooks = new WebhookOutbox(db, engine);
const alerts = new DeviceAlerts(new SqliteAlertStore(db), engine, () => uuidv7());
const context: WriterContext = {
  engine,
  sync: new KioskSync(engine, new SqliteSyncStore(db), () => uuidv7(), alerts, idUnsealer([init.sealingPrivateKeyPem])),
  alerts,
  authStore: new AuthStore(db),
  audit: new AuditStore(db),
  devices: new DeviceStore(db),
  db,
  settings,
  setSettings,
  atomic: (run) => queue.atomic(run),
  webhooks,
};

// Replies and events leave in one message per commit, the moment it is durable: the main thread answers while
// this thread takes in the next batch.
let replies: FromWriter['replies'] = [];
const queue = new CommitQueue(
  db,
  store,
  (events) => {
    webhooks.settled();
    if (queue.stats.commits !== commitsSeen) {
      commitsSeen = queue.stats.commits;
      markStorage(false);
    }
    if (events.length === 0 && replies.length === 0) return;
    const message: FromWriter = {
      events,
      replies,
      storageFull,
      stats: { commits: queue.stats.commits, committedOps: queue.stats.ops, commitQueueDepth: queue.depth, commitSeconds: queue.stats.commitSeconds },
    };
    replies = [];
    port.postMessage(message);
  },
  (events) => webhooks.beforeCommit(events),
);

// A full disk (SQLITE_FULL) rolls the batch back and leaves the connection usable: the commands are refused with a
// 503 saying what to do, this thread keeps its queue, and a probe commit every second finds when space is back.
let storageFull = false;
let commitsSeen = 0;
let probe: ReturnType<typeof setInterval> | null = null;
const storageFullError = () =>
  new HallError(
    503,
    'STORAGE_FULL',
    "the hall server's disk is full: nothing was saved. Free disk space on the hall server (old backups, logs) or call IT, then try again",
  );
function markStorage(full: boolean): void {
  if (full === storageFull) return;
  storageFull = full;
  if (full) {
    // Rewriting user_version commits one page: the smallest write that proves the disk takes writes again.
    probe ??= setInterval(() => {
      try {
        db.pragma(`user_version = ${db.pragma('user_version', { simple: true }) as number}`);
        markStorage(false);
        port.postMessage({ storageFull: false });
      } catch {
        /* still full: try again next second */
      }
    }, 1_000);
  } else if (probe) {
    clearInterval(probe);
    probe = null;
  }
}

function wireError(error: unknown): WireError {
  if ((error as { code?: unknown })?.code === 'SQLITE_FULL') {
    markStorage(true);
    error = storageFullError();
  }
  if (error instanceof HallError) return { status: error.status, code: error.code, message: error.message, details: error.details };
  const code = (error as { code?: unknown })?.code;
  return { message: error instanceof Error ? (error.stack ?? error.message) : String(error), sqliteCode: typeof code === 'string' ? code : undefined };
}

port.on('message', (message: ToWriter) => {
  if (message.type === 'close') {
    // Replies leave with their commit: once nothing waits to be committed, all of them have gone.
    void queue.idle().then(async () => {
      markStorage(false);
      await checkpointer.stop();
      db.close();
      port.postMessage({ closed: true });
    });
    return;
  }
  const { id, name, args, now, actor } = message;
  const command = COMMANDS[name as CommandName] as (c: WriterContext, now: number, ...a: unknown[]) => unknown;
  queue.enqueue(
    () => runAudited(context, name as CommandName, () => command(context, now, ...args), args, actor, now),
    (o) => replies.push(o.ok ? { id, value: o.value } : { id, error: wireError(o.error) }),
  );
});

port.postMessage({ ready: true });
