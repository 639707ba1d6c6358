// Keeps a utility process alive (the kiosk agent, the counter bridge): restarts it with backoff when it dies.

/** The part of Electron's UtilityProcess the supervisor uses (a fake in tests). */
export interface SupervisedProcess {
  onExit(listener: (code: number) => void): void;
  kill(): void;
}

export interface ProcessSupervisorOptions<P extends SupervisedProcess> {
  /** Named in log lines. */
  name: string;
  fork(): P;
  /** Each time the running process dies (not when `stop()` ends it): what was waiting on it learns it is gone. */
  onExit?(code: number): void;
  log?(line: string): void;
  minBackoffMs?: number;
  maxBackoffMs?: number;
  /** A process that lived this long is healthy again: the next restart starts from the minimum backoff. */
  stableMs?: number;
  now?(): number;
}

export class ProcessSupervisor<P extends SupervisedProcess = SupervisedProcess> {
  private child: P | null = null;
  private startedAt = 0;
  private backoffMs: number;
  private restartTimer: ReturnType<typeof setTimeout> | null = null;
  private stopped = false;
  /** How many times the process was restarted after dying. */
  restarts = 0;

  constructor(private readonly options: ProcessSupervisorOptions<P>) {
    this.backoffMs = options.minBackoffMs ?? 500;
  }

  start(): void {
    this.stopped = false;
    const now = this.options.now ?? Date.now;
    const child = this.options.fork();
    this.child = child;
    this.startedAt = now();
    child.onExit((code) => {
      if (this.child !== child) return;
      this.child = null;
      this.options.onExit?.(code);
      if (this.stopped) return;
      if (now() - this.startedAt >= (this.options.stableMs ?? 30_000)) this.backoffMs = this.options.minBackoffMs ?? 500;
      this.options.log?.(`${this.options.name} exited (code ${code}); restarting in ${this.backoffMs} ms`);
      this.restartTimer = setTimeout(() => {
        this.restartTimer = null;
        this.restarts++;
        this.start();
      }, this.backoffMs);
      this.backoffMs = Math.min(this.backoffMs * 2, this.options.maxBackoffMs ?? 10_000);
    });
  }

  /** The running process, or null while it is down. */
  get current(): P | null {
    return this.child;
  }

  stop(): void {
    this.stopped = true;
    if (this.restartTimer) clearTimeout(this.restartTimer);
    this.restartTimer = null;
    const child = this.child;
    this.child = null;
    child?.kill();
  }
}
