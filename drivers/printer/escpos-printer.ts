// ESC/POS ticket printer on a serial line: status before a job, ASB during it, confirmation after the bytes drain.
import { wireTimeMs } from '../errors.ts';
import { TypedEvents } from '../events.ts';
import { SerialLine } from '../serial-line.ts';
import { buildDocument, type DocumentLine, type DocumentOptions } from './document.ts';
import { PrinterError, type PrinterErrorCode } from './errors.ts';
import { automaticStatusBack, realtimeStatusRequest } from './escpos.ts';
import { BLOCKING_STATES, DISCONNECTED_STATUS, isAsbFirstByte, isRealtimeReply, statusFromAsb, statusFromRealtime, type PrinterStatus } from './status.ts';

export interface PrinterEvents {
  /** Every change of state: ready, paper_near_end, paper_out, cover_open, offline, disconnected. */
  status: PrinterStatus;
}

export interface PrintReceipt {
  bytes: number;
  /** From the first byte written until the OS reported them all sent. */
  drainMs: number;
  /** From the first byte written until the printer answered, after the job, that it has no error. */
  confirmedMs: number;
}

/** What the kiosk needs from any ticket printer; another vendor's printer implements this in one new file. */
export interface TicketPrinter {
  readonly status: PrinterStatus;
  start(): void;
  stop(): Promise<void>;
  queryStatus(): Promise<PrinterStatus>;
  /** Resolves only when the job's bytes are drained and the printer reports no error afterwards. */
  print(job: Buffer): Promise<PrintReceipt>;
  on<K extends keyof PrinterEvents>(name: K, listener: (value: PrinterEvents[K]) => void): () => void;
  next<K extends keyof PrinterEvents>(name: K, timeoutMs: number, accept?: (value: PrinterEvents[K]) => boolean): Promise<PrinterEvents[K]>;
}

export interface EscPosPrinterOptions {
  path: string;
  baudRate?: number;
  /** Time allowed for a status reply on top of the wire time of anything queued before it. */
  statusTimeoutMs?: number;
  retryMinMs?: number;
  retryMaxMs?: number;
}

interface StatusQuery {
  bytes: number[];
  done(bytes: number[]): void;
  fail(error: PrinterError): void;
}

export class EscPosPrinter extends TypedEvents<PrinterEvents> implements TicketPrinter {
  readonly line: SerialLine;
  readonly #baudRate: number;
  readonly #statusTimeoutMs: number;
  #status: PrinterStatus = DISCONNECTED_STATUS;
  /** Status queries awaiting their 3 reply bytes, oldest first; replies carry no id, only their order. */
  #queries: StatusQuery[] = [];
  #asb: number[] = [];
  #queue: Promise<unknown> = Promise.resolve();

  constructor(options: EscPosPrinterOptions) {
    super();
    this.#baudRate = options.baudRate ?? 9600;
    this.#statusTimeoutMs = options.statusTimeoutMs ?? 500;
    this.line = new SerialLine({
      path: options.path,
      baudRate: this.#baudRate,
      retryMinMs: options.retryMinMs,
      retryMaxMs: options.retryMaxMs,
    });
    this.line.on('data', (chunk) => this.#receive(chunk));
    this.line.on('status', (status) => {
      if (status === 'disconnected') {
        for (const query of this.#queries.splice(0)) query.fail(new PrinterError('disconnected'));
        this.#setStatus(DISCONNECTED_STATUS);
      }
      if (status === 'open') void this.#greet();
    });
  }

  get status(): PrinterStatus {
    return this.#status;
  }

  start(): void {
    this.line.start();
  }

  async stop(): Promise<void> {
    await this.line.stop();
  }

  /** Resolves once the port is open and the printer has answered a status query. */
  async ready(timeoutMs = 3000): Promise<PrinterStatus> {
    this.start();
    if (this.#status.state !== 'disconnected') return this.#status;
    return this.next('status', timeoutMs, (s) => s.state !== 'disconnected');
  }

  queryStatus(): Promise<PrinterStatus> {
    return this.#exclusive(() => this.#query(this.#statusTimeoutMs));
  }

  print(job: Buffer): Promise<PrintReceipt> {
    return this.#exclusive(async () => {
      const fail = (code: PrinterErrorCode, cause?: unknown) => new PrinterError(code, { job, cause });
      if (this.line.status !== 'open') throw fail('disconnected');
      const before = await this.#query(this.#statusTimeoutMs).catch((e: unknown) => {
        throw e instanceof PrinterError ? fail(e.code, e) : e;
      });
      if (BLOCKING_STATES.has(before.state)) throw fail(before.state as PrinterErrorCode);

      // Fail fast when ASB reports a problem or the port goes away while the job is still being sent.
      let stopWatching = (): void => {};
      const watched = new Promise<never>((_, reject) => {
        const offStatus = this.on('status', (s) => {
          if (BLOCKING_STATES.has(s.state)) reject(fail(s.state as PrinterErrorCode));
        });
        stopWatching = offStatus;
      });
      watched.catch(() => {});
      const jobWireMs = wireTimeMs(job.length, this.#baudRate);
      const started = performance.now();
      try {
        await Promise.race([this.line.write(job).catch((e: unknown) => Promise.reject(fail('disconnected', e))), watched]);
        const drainMs = performance.now() - started;
        // The reply comes after the printer has taken in the whole job, so allow for its wire time.
        const after = await Promise.race([
          this.#query(this.#statusTimeoutMs + 1.5 * jobWireMs).catch((e: unknown) => Promise.reject(e instanceof PrinterError ? fail(e.code, e) : e)),
          watched,
        ]);
        if (BLOCKING_STATES.has(after.state)) throw fail(after.state as PrinterErrorCode);
        return { bytes: job.length, drainMs, confirmedMs: performance.now() - started };
      } finally {
        stopWatching();
      }
    });
  }

  #exclusive<T>(task: () => Promise<T>): Promise<T> {
    const result = this.#queue.then(task, task);
    this.#queue = result.catch(() => {});
    return result;
  }

  async #greet(): Promise<void> {
    try {
      await this.#exclusive(async () => {
        await this.line.write(automaticStatusBack(true));
        await this.#query(this.#statusTimeoutMs);
      });
    } catch {
      // A printer that does not answer yet stays 'disconnected' until it does; jobs report why.
    }
  }

  /**
   * Sends DLE EOT 1, 2 and 4 together; the three one-byte replies come back in order. A query whose job was
   * abandoned stays queued, so its late replies are not taken for the next query's.
   */
  async #query(timeoutMs: number): Promise<PrinterStatus> {
    const replies = new Promise<number[]>((resolve, reject) => {
      const query: StatusQuery = {
        bytes: [],
        done: (bytes) => {
          clearTimeout(timer);
          resolve(bytes);
        },
        fail: (error) => {
          clearTimeout(timer);
          reject(error);
        },
      };
      const timer = setTimeout(() => {
        this.#queries = this.#queries.filter((q) => q !== query);
        reject(new PrinterError(this.line.status === 'open' ? 'not_responding' : 'disconnected'));
      }, timeoutMs);
      this.#queries.push(query);
    });
    replies.catch(() => {});
    await this.line.write(Buffer.concat([realtimeStatusRequest(1), realtimeStatusRequest(2), realtimeStatusRequest(4)])).catch((e: unknown) => {
      throw new PrinterError('disconnected', { cause: e });
    });
    const [printer, offlineCause, rollSensor] = (await replies) as [number, number, number];
    const status = statusFromRealtime(printer, offlineCause, rollSensor);
    this.#setStatus(status);
    return status;
  }

  #receive(chunk: Buffer): void {
    for (const byte of chunk) {
      if (this.#asb.length > 0) {
        this.#asb.push(byte);
        if (this.#asb.length === 4) {
          this.#setStatus(statusFromAsb(this.#asb));
          this.#asb = [];
        }
      } else if (isRealtimeReply(byte)) {
        const query = this.#queries[0];
        if (!query) continue;
        query.bytes.push(byte);
        if (query.bytes.length === 3) {
          this.#queries.shift();
          query.done(query.bytes);
        }
      } else if (isAsbFirstByte(byte)) {
        this.#asb.push(byte);
      }
    }
  }

  #setStatus(status: PrinterStatus): void {
    const changed = status.state !== this.#status.state;
    this.#status = status;
    if (changed) this.emit('status', status);
  }
}

export function openTicketPrinter(options: EscPosPrinterOptions): EscPosPrinter {
  const printer = new EscPosPrinter(options);
  printer.start();
  return printer;
}

/** Prints a receipt or certificate given as lines (see buildDocument) and waits for the printer's confirmation. */
export function printLines(printer: TicketPrinter, lines: readonly DocumentLine[], options?: DocumentOptions): Promise<PrintReceipt> {
  return printer.print(buildDocument(lines, options));
}
