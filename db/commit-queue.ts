// Group commit: every write submitted in one event-loop tick shares one transaction and one fsync.
import type { EventWire } from '../core/model.ts';
import type { Db } from './database.ts';

interface PendingOp {
  run: () => unknown;
  settle: (outcome: Outcome) => void;
}

export type Outcome = { ok: true; value: unknown } | { ok: false; error: unknown };

/** Collects the events that writes append, so they are published only once they are on disk. */
export interface EventJournal {
  appended: EventWire[];
  /** Told of every rollback, so nothing read or written inside one is remembered. */
  forgetMemo?(): void;
  /** Writes held back in memory until `flushHeld`: how many so far (an operation that held one back has written). */
  heldWrites?(): number;
  /** Writes what was held back; run before each commit, and at the end of each operation's savepoint. */
  flushHeld?(): void;
}

const MAX_BATCH = 2000;

/** Thrown inside a batch to roll it back: an operation failed after it had written. */
class WroteThenFailed extends Error {}

export class CommitQueue {
  private pending: PendingOp[] = [];
  private scheduled = false;
  private idleWaiters: (() => void)[] = [];
  private readonly savepoint: (run: () => unknown) => unknown;
  private readonly batchTx: (batch: PendingOp[], results: Outcome[], guarded: boolean) => void;
  /** Transactions committed, operations in them, and batches run again with a savepoint per operation. */
  /** commitSeconds: time spent in batch transactions, commit and fsync included (for /metrics). */
  readonly stats = { commits: 0, ops: 0, guardedReruns: 0, commitSeconds: 0 };

  /** `committed` gets the events of each commit after its operations are settled (none when it failed). */
  constructor(
    private readonly db: Db,
    private readonly journal: EventJournal,
    private readonly committed: (events: EventWire[]) => void,
    /** Writes that follow from the batch's events, inside its transaction (the webhook outbox). */
    private readonly beforeCommit?: (events: readonly EventWire[]) => void,
  ) {
    const totalChanges = db.prepare('SELECT total_changes()').pluck();
    // What an operation held back is written inside its savepoint, so a failure takes it too.
    this.savepoint = db.transaction((run: () => unknown) => {
      const value = run();
      this.journal.flushHeld?.();
      return value;
    });
    // A savepoint per operation costs more than the operation's own inserts, so a batch first runs without
    // them. An operation that fails before writing (most refusals) needs no undo; one that fails after
    // writing rolls the whole batch back, and the batch runs again with a savepoint per operation.
    this.batchTx = db.transaction((batch: PendingOp[], results: Outcome[], guarded: boolean) => {
      const written = () => (totalChanges.get() as number) + (this.journal.heldWrites?.() ?? 0);
      for (const op of batch) {
        const mark = this.journal.appended.length;
        const changes = guarded ? 0 : written();
        try {
          results.push({ ok: true, value: guarded ? this.savepoint(op.run) : op.run() });
        } catch (error) {
          // SQLite ended the whole transaction (disk full, I/O error): nothing after this may run outside it.
          if (!db.inTransaction) throw error;
          if (!guarded && written() !== changes) throw new WroteThenFailed();
          this.journal.appended.length = mark;
          if (guarded) this.journal.forgetMemo?.();
          results.push({ ok: false, error });
        }
      }
      this.beforeCommit?.(this.journal.appended);
      this.journal.flushHeld?.();
    });
  }

  /** A savepoint inside the running batch: a failure undoes only what ran in it (and what it held back). */
  atomic<T>(run: () => T): T {
    // What earlier operations held back is written first: a rollback of the savepoint must not take it.
    this.journal.flushHeld?.();
    try {
      return this.db.transaction(run)();
    } catch (error) {
      this.journal.forgetMemo?.();
      throw error;
    }
  }

  /** Runs `run` inside the next batch; resolves only after that batch's commit is durable. */
  submit<T>(run: () => T): Promise<T> {
    return new Promise<T>((resolve, reject) => this.enqueue(run, (o) => (o.ok ? resolve(o.value as T) : reject(o.error))));
  }

  /** As `submit`, with `settle` called at once after the commit (or the failure): no promise per operation. */
  enqueue(run: () => unknown, settle: (outcome: Outcome) => void): void {
    this.pending.push({ run, settle });
    if (!this.scheduled) {
      this.scheduled = true;
      setImmediate(() => this.flush());
    }
  }

  get depth(): number {
    return this.pending.length;
  }

  /** Resolves when nothing is waiting to be committed. */
  idle(): Promise<void> {
    if (this.pending.length === 0 && !this.scheduled) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  private flush(): void {
    const batch = this.pending.splice(0, MAX_BATCH);
    let results: Outcome[] = [];
    const started = performance.now();
    try {
      try {
        this.batchTx(batch, results, false);
      } catch (error) {
        if (!(error instanceof WroteThenFailed)) throw error;
        this.rolledBack();
        this.stats.guardedReruns += 1;
        results = [];
        this.batchTx(batch, results, true);
      }
    } catch (error) {
      this.rolledBack();
      for (const op of batch) op.settle({ ok: false, error });
      this.committed([]);
      this.afterFlush();
      return;
    }
    this.stats.commits += 1;
    this.stats.ops += batch.length;
    this.stats.commitSeconds += (performance.now() - started) / 1000;
    const events = this.journal.appended;
    this.journal.appended = [];
    batch.forEach((op, i) => op.settle(results[i]!));
    this.committed(events);
    this.afterFlush();
  }

  private rolledBack(): void {
    this.journal.appended = [];
    this.journal.forgetMemo?.();
  }

  private afterFlush(): void {
    if (this.pending.length > 0) {
      setImmediate(() => this.flush());
      return;
    }
    this.scheduled = false;
    const waiters = this.idleWaiters;
    this.idleWaiters = [];
    for (const w of waiters) w();
  }
}
