// One serial port that survives unplugging: it reports `disconnected`, reopens with backoff and reports `open` again.
import { statSync } from 'node:fs';
import { SerialPort } from 'serialport';
import { DeviceError } from './errors.ts';
import { TypedEvents } from './events.ts';

export type LineStatus = 'connecting' | 'open' | 'disconnected' | 'closed';

export interface SerialLineOptions {
  path: string;
  baudRate: number;
  /** First wait before reopening after a failure; doubles up to `retryMaxMs`. */
  retryMinMs?: number;
  retryMaxMs?: number;
  /** How often to check that the device node is still the one opened. */
  watchMs?: number;
}

interface LineEvents {
  status: LineStatus;
  data: Buffer;
}

export function lineLostError(path: string, cause?: unknown): DeviceError<'disconnected'> {
  return new DeviceError('serial', 'disconnected', `设备未连接（${path}），请检查连接线和电源`, `device not connected (${path}): check the cable and power`, {
    cause,
  });
}

export class SerialLine extends TypedEvents<LineEvents> {
  #port: SerialPort | undefined;
  #status: LineStatus = 'closed';
  #stopped = true;
  #retryMs: number;
  #retryTimer: NodeJS.Timeout | undefined;
  #watchTimer: NodeJS.Timeout | undefined;
  /** Why the last open failed or the port closed, for diagnostics. */
  lastError: Error | undefined;

  constructor(readonly options: SerialLineOptions) {
    super();
    this.#retryMs = options.retryMinMs ?? 100;
  }

  get status(): LineStatus {
    return this.#status;
  }

  start(): void {
    if (!this.#stopped) return;
    this.#stopped = false;
    this.#setStatus('connecting');
    this.#open();
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    clearTimeout(this.#retryTimer);
    clearInterval(this.#watchTimer);
    const port = this.#port;
    this.#port = undefined;
    if (port?.isOpen) await new Promise<void>((resolve) => port.close(() => resolve()));
    this.#setStatus('closed');
  }

  /** Writes and waits until the OS has sent the bytes; rejects if the port goes away meanwhile. */
  write(bytes: Buffer): Promise<void> {
    const port = this.#port;
    if (!port) return Promise.reject(lineLostError(this.options.path, this.lastError));
    return new Promise((resolve, reject) => {
      const onClose = (): void => reject(lineLostError(this.options.path, this.lastError));
      port.once('close', onClose);
      port.write(bytes, (err) => {
        if (err) reject(lineLostError(this.options.path, err));
      });
      port.drain((err) => {
        port.off('close', onClose);
        if (err) reject(lineLostError(this.options.path, err));
        else resolve();
      });
    });
  }

  #open(): void {
    const port = new SerialPort({ path: this.options.path, baudRate: this.options.baudRate, autoOpen: false });
    port.open((err) => {
      if (err) {
        this.lastError = err;
        this.#setStatus('disconnected');
        this.#retry();
        return;
      }
      if (this.#stopped) {
        port.close();
        return;
      }
      this.#port = port;
      this.#retryMs = this.options.retryMinMs ?? 100;
      port.on('data', (chunk: Buffer) => this.emit('data', chunk));
      port.on('error', (error) => (this.lastError = error));
      port.on('close', (error: Error | null) => {
        if (this.#port !== port) return;
        this.#port = undefined;
        clearInterval(this.#watchTimer);
        if (error) this.lastError = error;
        this.#setStatus('disconnected');
        this.#retry();
      });
      this.#watch(port);
      this.#setStatus('open');
    });
  }

  /**
   * A hung-up tty can read as endless zero-byte reads, which serialport never reports, so a port that only
   * listens would not notice an unplug: check that the device node is still there and still the same one.
   */
  #watch(port: SerialPort): void {
    const identity = (): string | undefined => {
      try {
        const stat = statSync(this.options.path);
        return `${stat.dev}:${stat.ino}:${stat.rdev}`;
      } catch {
        return undefined;
      }
    };
    const opened = identity();
    this.#watchTimer = setInterval(() => {
      if (identity() === opened) return;
      this.lastError = new Error(`${this.options.path} disappeared or was replaced`);
      port.close();
    }, this.options.watchMs ?? 250);
    this.#watchTimer.unref();
  }

  #retry(): void {
    if (this.#stopped) return;
    const wait = this.#retryMs;
    this.#retryMs = Math.min(wait * 2, this.options.retryMaxMs ?? 2000);
    this.#retryTimer = setTimeout(() => this.#open(), wait);
  }

  #setStatus(status: LineStatus): void {
    if (status === this.#status) return;
    this.#status = status;
    this.emit('status', status);
  }
}
