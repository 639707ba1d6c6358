// An emulated ESC/POS printer on a pty: decodes what it is sent into tickets, and can run out of paper or open its cover.
import { z } from 'zod';
import { sleep, wireTimeMs } from '../errors.ts';
import { EmulatorPort } from '../emulator-port.ts';
import { TypedEvents } from '../events.ts';
import { EscPosDecoder, type PrintedItem } from './escpos-decoder.ts';
import type { MonoImage } from './raster.ts';
import { encodeAsb, encodeRealtimeReply, statusOf, type PrinterStatus } from './status.ts';

export const printerEmulatorOptionsSchema = z.object({
  /** The link path the driver opens. */
  path: z.string().min(1),
  baudRate: z.number().int().positive().default(9600),
  /** Take bytes in no faster than the baud rate allows (ptys do not); off only where speed matters more than realism. */
  paced: z.boolean().default(true),
  paper: z.enum(['ok', 'near_end', 'out']).default('ok'),
  coverOpen: z.boolean().default(false),
});
export type PrinterEmulatorOptions = z.input<typeof printerEmulatorOptionsSchema>;
export type PaperLevel = 'ok' | 'near_end' | 'out';

export interface PrintedTicket {
  items: PrintedItem[];
  /** Text lines as printed, decoded from GB18030. */
  lines: string[];
  qrCodes: string[];
  images: MonoImage[];
  partialCut: boolean;
}

interface PrinterEmulatorEvents {
  ticket: PrintedTicket;
  status: PrinterStatus;
}

export class PrinterEmulator extends TypedEvents<PrinterEmulatorEvents> {
  /** Tickets printed whole and cut, in order. */
  readonly tickets: PrintedTicket[] = [];
  /** Tickets cut after part of them was lost to paper out or an open cover. */
  readonly spoiled: PrintedTicket[] = [];
  /** Bytes taken in so far. */
  received = 0;
  readonly #config: z.infer<typeof printerEmulatorOptionsSchema>;
  readonly #port: EmulatorPort;
  #decoder = new EscPosDecoder();
  #current: PrintedItem[] = [];
  #currentLost = false;
  #asbEnabled = false;
  #paperOutAfter: number | undefined;
  #poweredOff = false;
  #inbox: Buffer[] = [];
  #pumping = false;
  #clock = 0;
  /** Bumped on unplug, so bytes from before the cable was pulled are not processed after it. */
  #session = 0;

  constructor(options: PrinterEmulatorOptions) {
    super();
    this.#config = printerEmulatorOptionsSchema.parse(options);
    this.#port = new EmulatorPort(this.#config.path, (chunk) => {
      this.#inbox.push(chunk);
      // Logged, never thrown out of the port's data handler: that would end the process running the emulator.
      this.#pump().catch((error: unknown) => console.error(`[printer emulator] dropped input: ${String(error)}`));
    });
  }

  get path(): string {
    return this.#config.path;
  }

  get status(): PrinterStatus {
    const { paper, coverOpen } = this.#config;
    return statusOf({ offline: false, coverOpen, paperOut: paper === 'out', paperNearEnd: paper === 'near_end', error: false });
  }

  async start(): Promise<this> {
    await this.#port.plug();
    return this;
  }

  setPaper(paper: PaperLevel): void {
    this.#change(() => (this.#config.paper = paper));
  }

  openCover(): void {
    this.#change(() => (this.#config.coverOpen = true));
  }

  closeCover(): void {
    this.#change(() => (this.#config.coverOpen = false));
  }

  /** A printer switched off behind a still-attached USB adapter: bytes vanish, nothing answers. */
  powerOff(): void {
    this.#poweredOff = true;
  }

  powerOn(): void {
    this.#poweredOff = false;
  }

  /** The roll ends after this many more bytes: a deterministic mid-job paper out. */
  paperOutAfter(bytes: number): void {
    this.#paperOutAfter = this.received + bytes;
  }

  unplug(): Promise<void> {
    this.#resetDecoder();
    return this.#port.unplug();
  }

  replug(): Promise<void> {
    return this.#port.plug();
  }

  close(): Promise<void> {
    return this.unplug();
  }

  #change(apply: () => void): void {
    const before = this.status.state;
    apply();
    const after = this.status;
    if (after.state === before) return;
    this.emit('status', after);
    if (this.#asbEnabled) this.#port.write(encodeAsb(after));
  }

  async #pump(): Promise<void> {
    if (this.#pumping) return;
    this.#pumping = true;
    const session = this.#session;
    try {
      while (this.#inbox.length > 0 && session === this.#session) {
        const chunk = this.#inbox.shift()!;
        for (let offset = 0; offset < chunk.length && session === this.#session; offset += 32) {
          const piece = chunk.subarray(offset, offset + 32);
          if (this.#config.paced) {
            // A virtual clock, so timer lateness does not add up over a long job.
            this.#clock = Math.max(this.#clock, performance.now()) + wireTimeMs(piece.length, this.#config.baudRate);
            const wait = this.#clock - performance.now();
            if (wait > 0) await sleep(wait);
            if (session !== this.#session) break;
          }
          this.#take(piece);
        }
      }
    } finally {
      this.#pumping = false;
    }
  }

  #take(piece: Buffer): void {
    if (this.#poweredOff) return;
    this.received += piece.length;
    if (this.#paperOutAfter !== undefined && this.received >= this.#paperOutAfter) {
      this.#paperOutAfter = undefined;
      this.setPaper('out');
    }
    for (const command of this.#decoder.push(piece)) {
      switch (command.kind) {
        case 'status_request':
          this.#port.write(Buffer.from([encodeRealtimeReply(command.n, this.status)]));
          break;
        case 'auto_status_back':
          this.#asbEnabled = command.mask !== 0;
          break;
        case 'init':
          break;
        case 'print':
          // A stopped printer loses what it cannot print.
          if (this.status.state === 'paper_out' || this.status.state === 'cover_open') this.#currentLost = true;
          else this.#current.push(command.item);
          break;
        case 'cut':
          this.#cut(command.partial);
          break;
      }
    }
  }

  #cut(partialCut: boolean): void {
    const items = this.#current;
    const ticket: PrintedTicket = {
      items,
      lines: items.flatMap((item) => (item.kind === 'text' ? [item.text] : [])),
      qrCodes: items.flatMap((item) => (item.kind === 'qr' ? [item.data] : [])),
      images: items.flatMap((item) => (item.kind === 'image' ? [item.image] : [])),
      partialCut,
    };
    const lost = this.#currentLost;
    this.#current = [];
    this.#currentLost = false;
    if (lost) this.spoiled.push(ticket);
    else {
      this.tickets.push(ticket);
      this.emit('ticket', ticket);
    }
  }

  #resetDecoder(): void {
    this.#session++;
    this.#clock = 0;
    this.#decoder = new EscPosDecoder();
    this.#inbox = [];
    this.#current = [];
    this.#asbEnabled = false;
  }
}

export function startPrinterEmulator(options: PrinterEmulatorOptions): Promise<PrinterEmulator> {
  return new PrinterEmulator(options).start();
}
