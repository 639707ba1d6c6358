// The main thread's side of the writer thread: commands go out as messages, results and events come back.
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { HallError } from '../core/errors.ts';
import type { AuditActor } from '../core/audit.ts';
import type { EventWire, HallSettings } from '../core/model.ts';
import { currentAuditActor } from './audit.ts';
import type { CommandArgs, CommandName, CommandResult, RunCommand } from './commands.ts';

export interface WriterInit {
  file: string;
  personKeyBase64: string;
  /** Opens the ID numbers of offline tickets when their push is applied. */
  sealingPrivateKeyPem: string;
  initialSettings: Partial<HallSettings> | undefined;
}

/** `actor`: who the request that sent the command is (the hall itself for its timers), for the audit trail. */
export type ToWriter = { type: 'run'; id: number; name: string; args: unknown[]; now: number; actor: AuditActor } | { type: 'close' };

export interface WireError {
  status?: number;
  code?: string;
  message: string;
  details?: Record<string, unknown> | undefined;
  sqliteCode?: string | undefined;
}

export interface WriterStats {
  commits: number;
  committedOps: number;
  commitQueueDepth: number;
  commitSeconds: number;
}

export interface FromWriter {
  events: EventWire[];
  /** The last commit failed with SQLITE_FULL and no commit has succeeded since. */
  storageFull: boolean;
  replies: ({ id: number; value: unknown } | { id: number; error: WireError })[];
  stats: WriterStats;
}

const BOOTSTRAP = fileURLToPath(new URL('./writer-bootstrap.mjs', import.meta.url));

function fromWire(e: WireError): Error {
  if (e.status !== undefined && e.code !== undefined) return new HallError(e.status, e.code, e.message, e.details);
  return Object.assign(new Error(e.message), { code: e.sqliteCode });
}

export class Writer {
  stats: WriterStats = { commits: 0, committedOps: 0, commitQueueDepth: 0, commitSeconds: 0 };
  /** The disk was full at the last write and has not taken one since (GET /api/v1/ready answers 503). */
  storageFull = false;
  private nextId = 1;
  private readonly pending = new Map<number, { resolve(v: unknown): void; reject(e: unknown): void }>();
  private closed: Promise<void> | null = null;

  private constructor(
    private readonly worker: Worker,
    private readonly now: () => number,
  ) {}

  /** Starts the writer thread on `init.file`; `onEvents` gets every committed event, in seq order. */
  static start(init: WriterInit, now: () => number, onEvents: (events: EventWire[]) => void, onFatal: (error: unknown) => void): Promise<Writer> {
    const worker = new Worker(BOOTSTRAP, { workerData: init });
    const writer = new Writer(worker, now);
    return new Promise((resolve, reject) => {
      worker.once('error', reject);
      worker.on('message', (message: FromWriter | { ready: true } | { closed: true } | { storageFull: false }) => {
        if ('ready' in message) {
          worker.off('error', reject);
          worker.on('error', (error) => {
            writer.failAll(error);
            onFatal(error);
          });
          resolve(writer);
          return;
        }
        if ('closed' in message) return;
        writer.storageFull = message.storageFull;
        if (!('stats' in message)) return;
        writer.stats = message.stats;
        if (message.events.length > 0) onEvents(message.events);
        for (const reply of message.replies) {
          const waiter = writer.pending.get(reply.id);
          if (!waiter) continue;
          writer.pending.delete(reply.id);
          if ('error' in reply) waiter.reject(fromWire(reply.error));
          else waiter.resolve(reply.value);
        }
      });
    });
  }

  run: RunCommand = <K extends CommandName>(name: K, ...args: CommandArgs<K>): Promise<CommandResult<K>> =>
    new Promise((resolve, reject) => {
      if (this.closed) {
        reject(new HallError(503, 'SHUTTING_DOWN', 'the hall server is shutting down: try again in a moment'));
        return;
      }
      const id = this.nextId++;
      this.pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
      this.worker.postMessage({ type: 'run', id, name, args, now: this.now(), actor: currentAuditActor() } satisfies ToWriter);
    });

  get inFlight(): number {
    return this.pending.size;
  }

  /** Finishes every command sent, closes the database and ends the thread. */
  close(): Promise<void> {
    return (this.closed ??= new Promise<void>((resolve) => {
      const done = () => void this.worker.terminate().then(() => resolve());
      this.worker.on('message', (m: { closed?: true }) => {
        if (m.closed) done();
      });
      this.worker.once('exit', () => resolve());
      this.worker.postMessage({ type: 'close' } satisfies ToWriter);
    }));
  }

  private failAll(error: unknown): void {
    for (const waiter of this.pending.values()) waiter.reject(error);
    this.pending.clear();
  }
}
