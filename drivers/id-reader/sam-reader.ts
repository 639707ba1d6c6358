// SAM ID-card reader on a serial line: typed commands with timeouts, and a watch loop that reads each placed card once.
import { wireTimeMs } from '../errors.ts';
import { TypedEvents } from '../events.ts';
import { FrameParser } from '../framing.ts';
import { SerialLine } from '../serial-line.ts';
import { parseIdCard, PHOTO_BYTES, TEXT_BLOCK_BYTES, type IdCardRecord } from './card-layout.ts';
import { encodeSamFrame, IdReaderError, SamCommand, samFrameFormat, sw3Error, SW3_CARD_FOUND, SW3_OK, type SamCommandName } from './sam-protocol.ts';

export type IdReaderStatus = 'connecting' | 'ready' | 'not_responding' | 'fault' | 'disconnected';

export interface IdReaderEvents {
  /** A card was placed and read; fired once per placement. */
  card: IdCardRecord;
  /** A placed card could not be used (unsupported kind, failed checks, repeated read failures). */
  cardError: IdReaderError;
  status: IdReaderStatus;
}

/** What the kiosk needs from any ID-card reader; another vendor's reader implements this in one new file. */
export interface IdCardReader {
  readonly status: IdReaderStatus;
  start(): void;
  stop(): Promise<void>;
  on<K extends keyof IdReaderEvents>(name: K, listener: (value: IdReaderEvents[K]) => void): () => void;
  next<K extends keyof IdReaderEvents>(name: K, timeoutMs: number, accept?: (value: IdReaderEvents[K]) => boolean): Promise<IdReaderEvents[K]>;
}

export interface SamReaderOptions {
  path: string;
  baudRate?: number;
  /** How often the watch loop looks for a card. */
  pollMs?: number;
  /** Reply time allowed on top of the reply's own wire time, per command. */
  timeouts?: Partial<Record<SamCommandName, number>>;
  retryMinMs?: number;
  retryMaxMs?: number;
}

/** Reply sizes in bytes on the wire, to stretch timeouts at low baud rates. */
const REPLY_BYTES: Record<SamCommandName, number> = {
  reset: 11,
  samStatus: 11,
  samId: 27,
  findCard: 15,
  selectCard: 19,
  readBaseInfo: 7 + 0x0508,
};
const DEFAULT_TIMEOUTS: Record<SamCommandName, number> = {
  reset: 1500,
  samStatus: 500,
  samId: 500,
  findCard: 500,
  selectCard: 500,
  readBaseInfo: 2000,
};
/** A card must be missing this many polls in a row to count as lifted, so one flaky find does not re-read it. */
const LIFT_MISSES = 2;
/** Transient failures (card still moving) tolerated before the visitor is told. */
const READ_ATTEMPTS = 3;
const CARD_PROBLEMS = new Set(['unsupported_card', 'bad_id_number', 'bad_card_data', 'unknown_card_type']);

interface PendingReply {
  resolve(payload: Buffer): void;
  reject(error: Error): void;
}

export class SamIdCardReader extends TypedEvents<IdReaderEvents> implements IdCardReader {
  readonly line: SerialLine;
  readonly #parser = new FrameParser(samFrameFormat);
  readonly #baudRate: number;
  readonly #pollMs: number;
  readonly #timeouts: Record<SamCommandName, number>;
  #pending: PendingReply | undefined;
  #queue: Promise<unknown> = Promise.resolve();
  /** After a timeout a late reply may still arrive (replies carry no sequence number): wait it out rather than take it for the next answer. */
  #quietUntil = 0;
  #status: IdReaderStatus = 'connecting';
  #stopped = true;
  #loop: Promise<void> | undefined;
  readonly #wakers = new Set<() => void>();

  constructor(options: SamReaderOptions) {
    super();
    this.#baudRate = options.baudRate ?? 115200;
    this.#pollMs = options.pollMs ?? 250;
    this.#timeouts = { ...DEFAULT_TIMEOUTS, ...options.timeouts };
    this.line = new SerialLine({
      path: options.path,
      baudRate: this.#baudRate,
      retryMinMs: options.retryMinMs,
      retryMaxMs: options.retryMaxMs,
    });
    this.line.on('data', (chunk) => this.#parser.write(chunk));
    this.#parser.on('data', (payload: Buffer) => {
      const pending = this.#pending;
      this.#pending = undefined;
      pending?.resolve(payload);
    });
    this.line.on('status', (status) => {
      if (status === 'disconnected') {
        this.#pending?.reject(disconnected());
        this.#pending = undefined;
        this.#setStatus('disconnected');
      } else if (status === 'open') this.#setStatus('connecting');
      this.#wake();
    });
  }

  get status(): IdReaderStatus {
    return this.#status;
  }

  /** Opens the port and watches for cards until stop(). */
  start(): void {
    if (!this.#stopped) return;
    this.#stopped = false;
    this.line.start();
    this.#loop = this.#watch();
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    this.#wake();
    await this.#loop;
    await this.line.stop();
  }

  /** Opens the port for one-off commands without the watch loop (diagnostics); resolves when open. */
  async open(timeoutMs = 2000): Promise<void> {
    this.line.start();
    if (this.line.status !== 'open') await this.line.next('status', timeoutMs, (s) => s === 'open');
  }

  async reset(): Promise<void> {
    expectOk(await this.command('reset'));
  }

  async samStatus(): Promise<void> {
    expectOk(await this.command('samStatus'));
  }

  /** The SAM module's id as printed on its label, e.g. 05.01-20250101-0000000001-2104000001. */
  async samId(): Promise<string> {
    const { data } = expectOk(await this.command('samId'));
    if (data.length < 16) throw badReply('SAM id');
    const u16 = (at: number) => String(data.readUInt16LE(at)).padStart(2, '0');
    const u32 = (at: number, width: number) => String(data.readUInt32LE(at)).padStart(width, '0');
    return `${u16(0)}.${u16(2)}-${u32(4, 8)}-${u32(8, 10)}-${u32(12, 10)}`;
  }

  async findCard(): Promise<boolean> {
    const reply = await this.command('findCard');
    if (reply.sw3 === SW3_CARD_FOUND) return true;
    if (reply.sw3 === 0x80) return false;
    throw sw3Error(reply.sw3);
  }

  async selectCard(): Promise<void> {
    expectOk(await this.command('selectCard'));
  }

  async readBaseInfo(): Promise<IdCardRecord> {
    const { data } = expectOk(await this.command('readBaseInfo'));
    const textLength = data.length >= 4 ? data.readUInt16BE(0) : -1;
    const photoLength = data.length >= 4 ? data.readUInt16BE(2) : -1;
    if (textLength !== TEXT_BLOCK_BYTES || photoLength !== PHOTO_BYTES || data.length < 4 + textLength + photoLength) {
      throw badReply('base info');
    }
    return parseIdCard(data.subarray(4, 4 + textLength), data.subarray(4 + textLength, 4 + textLength + photoLength));
  }

  /** Find, select and read: one full read of the card on the reader. */
  async readCard(): Promise<IdCardRecord> {
    if (!(await this.findCard())) throw sw3Error(0x80);
    await this.selectCard();
    return this.readBaseInfo();
  }

  /** Sends one command and waits for its reply; commands never overlap on the line. */
  command(name: SamCommandName): Promise<{ sw3: number; data: Buffer }> {
    const run = async () => {
      const quiet = this.#quietUntil - Date.now();
      if (quiet > 0) await new Promise((resolve) => setTimeout(resolve, quiet));
      this.#parser.reset();
      const timeoutMs = this.#timeouts[name] + 2 * wireTimeMs(REPLY_BYTES[name], this.#baudRate);
      let timer: NodeJS.Timeout | undefined;
      const reply = new Promise<Buffer>((resolve, reject) => {
        this.#pending = { resolve, reject };
        timer = setTimeout(() => {
          this.#pending = undefined;
          this.#quietUntil = Date.now() + 2 * timeoutMs;
          reject(
            new IdReaderError('timeout', '读卡器无应答，请检查读卡器', `ID reader did not answer ${name} within ${Math.round(timeoutMs)} ms: check the reader`),
          );
        }, timeoutMs);
      });
      reply.catch(() => {});
      try {
        await this.line.write(encodeSamFrame(Buffer.from(SamCommand[name])));
        const payload = await reply;
        if (payload.length < 3) throw badReply(name);
        return { sw3: payload[2]!, data: payload.subarray(3) };
      } catch (error) {
        throw error instanceof IdReaderError ? error : disconnected(error);
      } finally {
        clearTimeout(timer);
        this.#pending = undefined;
      }
    };
    const result = this.#queue.then(run, run);
    this.#queue = result.catch(() => {});
    return result;
  }

  async #watch(): Promise<void> {
    let samChecked = false;
    let cardOnReader = false;
    let misses = 0;
    let failedReads = 0;
    let timeouts = 0;
    while (!this.#stopped) {
      if (this.line.status !== 'open') {
        samChecked = false;
        cardOnReader = false;
        await this.#pause(60_000);
        continue;
      }
      try {
        if (!samChecked) {
          await this.samStatus();
          samChecked = true;
        }
        if (await this.findCard()) {
          misses = 0;
          if (!cardOnReader) {
            await this.selectCard();
            const record = await this.readBaseInfo();
            cardOnReader = true;
            failedReads = 0;
            this.emit('card', record);
          }
        } else if (++misses >= LIFT_MISSES) {
          cardOnReader = false;
          failedReads = 0;
        }
        timeouts = 0;
        this.#setStatus('ready');
      } catch (error) {
        if (!(error instanceof IdReaderError) || error.code === 'disconnected') {
          // The line's own status handler reports the unplug; just wait for it.
        } else if (error.code === 'timeout') {
          samChecked = false;
          if (++timeouts >= 2) this.#setStatus('not_responding');
        } else if (!samChecked) {
          this.#setStatus('fault');
        } else if (CARD_PROBLEMS.has(error.code) || ++failedReads >= READ_ATTEMPTS) {
          // Tell the visitor once per placement, not on every poll.
          cardOnReader = true;
          failedReads = 0;
          this.emit('cardError', error);
        }
      }
      await this.#pause(this.#pollMs);
    }
  }

  #pause(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.#wakers.delete(done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.#wakers.add(done);
    });
  }

  #wake(): void {
    for (const wake of [...this.#wakers]) wake();
  }

  #setStatus(status: IdReaderStatus): void {
    if (status === this.#status) return;
    this.#status = status;
    this.emit('status', status);
  }
}

function expectOk(reply: { sw3: number; data: Buffer }): { sw3: number; data: Buffer } {
  if (reply.sw3 !== SW3_OK) throw sw3Error(reply.sw3);
  return reply;
}

function badReply(what: string): IdReaderError {
  return new IdReaderError('bad_reply', '读卡器应答异常，请重新放卡', `malformed ${what} reply from the ID reader: place the card again`);
}

function disconnected(cause?: unknown): IdReaderError {
  return new IdReaderError('disconnected', '读卡器未连接，请检查连接线', 'ID reader disconnected: check its cable', { cause });
}

export function openIdCardReader(options: SamReaderOptions): SamIdCardReader {
  const reader = new SamIdCardReader(options);
  reader.start();
  return reader;
}
