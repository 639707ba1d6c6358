// Group commit: every write submitted in one event-loop tick shares one transaction and one fsync.
import type { EventRecord } from '../core/model.ts';
import type { Db } from './database.ts';

interface PendingOp {
  run: () => unknown;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
}

/** Collects the events that writes append, so they are published only once they are on disk. */
export interface EventJournal {
  appended: EventRecord[];
  /** Told of every rollback, so nothing read or written inside one is remembered. */
  forgetMemo?(): void;
}

const MAX_BATCH = 2000;

export class CommitQueue {
  private pending: PendingOp[] = [];
  private scheduled = false;
  private idleWaiters: (() => void)[] = [];
  private readonly savepoint: (run: () => unknown) => unknown;
  private readonly batchTx: (batch: PendingOp[], results: Outcome[]) => void;
  /** Transactions committed and operations in them, for the benchmark. */
  readonly stats = { commits: 0, ops: 0 };

  constructor(
    db: Db,
    private readonly journal: EventJournal,
    private readonly publish: (events: EventRecord[]) => void,
  ) {
    this.savepoint = db.transaction((run: () => unknown) => run());
    this.batchTx = db.transaction((batch: PendingOp[], results: Outcome[]) => {
      for (const op of batch) {
        const mark = this.journal.appended.length;
        try {
          results.push({ ok: true, value: this.savepoint(op.run) });
        } catch (error) {
          this.journal.appended.length = mark;
          this.journal.forgetMemo?.();
          results.push({ ok: false, error });
        }
      }
    });
  }

  /** Runs `run` inside the next batch; resolves only after that batch's commit is durable. */
  submit<T>(run: () => T): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.pending.push({ run, resolve: resolve as (v: unknown) => void, reject });
      if (!this.scheduled) {
        this.scheduled = true;
        setImmediate(() => this.flush());
      }
    });
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
    const results: Outcome[] = [];
    try {
      this.batchTx(batch, results);
    } catch (error) {
      this.journal.appended = [];
      this.journal.forgetMemo?.();
      for (const op of batch) op.reject(error);
      this.afterFlush();
      return;
    }
    this.stats.commits += 1;
    this.stats.ops += batch.length;
    const events = this.journal.appended;
    this.journal.appended = [];
    if (events.length > 0) this.publish(events);
    batch.forEach((op, i) => {
      const r = results[i]!;
      if (r.ok) op.resolve(r.value);
      else op.reject(r.error);
    });
    this.afterFlush();
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

type Outcome = { ok: true; value: unknown } | { ok: false; error: unknown };
