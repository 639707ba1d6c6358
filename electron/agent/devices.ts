// The kiosk's ticket printer and ID reader as the agent sees them: states for the status line, the card on the reader held in memory only.
import type { PresentedCard, PrinterState, ReaderState } from '../../client/kiosk-agent.ts';
import { ageOn, maskIdNumber, maskName } from '../../core/id-card.ts';
import {
  EscPosPrinter,
  PrinterError,
  SamIdCardReader,
  checklistBytes,
  ticketBytes,
  type IdCardReader,
  type IdCardRecord,
  type IdReaderError,
  type PrinterErrorCode,
  type TicketContent,
  type TicketPrinter,
} from '../../drivers/index.ts';

export interface SerialDeviceOptions {
  path: string;
  baudRate?: number;
}

/** The card on the reader. The clear ID number and name never leave this process's memory. */
export interface HeldCard {
  presented: PresentedCard;
  /** Present for resident cards and HK/Macau/Taiwan residence permits (18-character numbers the hall hashes). */
  idNumber: string | null;
  name: string;
  birthDate: string;
  /** The address printed on the card (resident cards and permits), for 自助申报's prefill; forgotten with the card. */
  address: string | null;
}

export interface DeviceEvents {
  changed(): void;
  card(card: PresentedCard): void;
  cardRemoved(): void;
  cardError(error: { code: string; message: string }): void;
}

export type PrintResult = { status: 'printed' } | { status: 'failed'; error: { code: string; message: string } };

const PRINTER_ABSENT = { code: 'PRINTER_ABSENT', message: '本机未连接打印机，请用手机扫描屏幕上的二维码' };

/** Paper and cover name the printer already; the rest say it (documented on PrintOutcome in client/kiosk-agent.ts). */
function printFailureCode(code: PrinterErrorCode): string {
  return code === 'paper_out' || code === 'cover_open' ? code.toUpperCase() : `PRINTER_${code.toUpperCase()}`;
}

export class KioskDevices {
  readonly printer: TicketPrinter | null;
  readonly reader: IdCardReader | null;
  #card: HeldCard | null = null;
  #cardTimer: NodeJS.Timeout | undefined;
  readonly #unsubscribe: (() => void)[] = [];

  constructor(
    options: { printer?: SerialDeviceOptions | TicketPrinter | undefined; reader?: (SerialDeviceOptions & { pollMs?: number }) | IdCardReader | undefined },
    private readonly events: DeviceEvents,
    /** How long a card's identity is kept after it was read when no ticket uses it (the reader does not report lifts). */
    private readonly cardHoldMs: number,
    private readonly today: () => string,
    private readonly elderlyAge: () => number,
  ) {
    const p = options.printer;
    this.printer = !p ? null : 'path' in p ? new EscPosPrinter({ path: p.path, baudRate: p.baudRate ?? 9600, retryMinMs: 200, retryMaxMs: 5000 }) : p;
    const r = options.reader;
    this.reader = !r ? null : 'path' in r ? new SamIdCardReader({ path: r.path, baudRate: r.baudRate ?? 115200, pollMs: r.pollMs ?? 250 }) : r;
  }

  start(): void {
    if (this.printer) {
      this.#unsubscribe.push(this.printer.on('status', () => this.events.changed()));
      this.printer.start();
    }
    if (this.reader) {
      this.#unsubscribe.push(
        this.reader.on('status', () => this.events.changed()),
        this.reader.on('card', (record) => this.#holdCard(record)),
        this.reader.on('cardError', (e: IdReaderError) => {
          this.forgetCard();
          this.events.cardError({ code: `CARD_${e.code.toUpperCase()}`, message: e.zh });
        }),
      );
      this.reader.start();
    }
  }

  async stop(): Promise<void> {
    for (const off of this.#unsubscribe.splice(0)) off();
    this.forgetCard(false);
    await Promise.all([this.printer?.stop(), this.reader?.stop()]);
  }

  get printerState(): PrinterState {
    if (!this.printer) return 'absent';
    const s = this.printer.status.state;
    return s === 'disconnected' ? 'offline' : s;
  }

  get readerState(): ReaderState {
    if (!this.reader) return 'absent';
    return this.reader.status === 'ready' ? 'ready' : 'disconnected';
  }

  get card(): HeldCard | null {
    return this.#card;
  }

  /** Drops the identity from memory: after its ticket, on a new card, or when the hold time runs out. */
  forgetCard(announce = true): void {
    clearTimeout(this.#cardTimer);
    if (!this.#card) return;
    this.#card = null;
    if (announce) this.events.cardRemoved();
  }

  /** Keeps the card's identity this long from now: a visitor choosing and reading a certificate takes longer than a ticket. */
  keepCard(ms: number): void {
    if (!this.#card) return;
    clearTimeout(this.#cardTimer);
    this.#cardTimer = setTimeout(() => this.forgetCard(), Math.max(ms, this.cardHoldMs));
    this.#cardTimer.unref();
  }

  print(content: TicketContent): Promise<PrintResult> {
    return this.#printJob(() => ticketBytes(content));
  }

  /** A matter's 材料清单 (core/matters.ts checklistLines) with a QR code to its phone page. */
  printChecklist(lines: readonly string[], qr: string | null): Promise<PrintResult> {
    return this.#printJob(() => checklistBytes(lines, qr));
  }

  async #printJob(bytes: () => Buffer): Promise<PrintResult> {
    if (!this.printer) return { status: 'failed', error: PRINTER_ABSENT };
    try {
      await this.printer.print(bytes());
      return { status: 'printed' };
    } catch (error) {
      if (error instanceof PrinterError) return { status: 'failed', error: { code: printFailureCode(error.code), message: error.zh } };
      return { status: 'failed', error: { code: 'PRINTER_FAILED', message: '打印失败，请用手机扫描屏幕上的二维码，或联系工作人员' } };
    }
  }

  #holdCard(record: IdCardRecord): void {
    const name = record.kind === 'foreigner_2017' ? record.chineseName.display || record.englishName : record.name.display;
    const idNumber = record.kind === 'foreigner_2017' ? null : record.idNumber;
    const age = ageOn(record.birthDate, this.today());
    this.#card = {
      presented: {
        maskedName: maskName(name),
        maskedIdNumber: maskIdNumber(record.kind === 'foreigner_2017' ? record.permitNumber : record.idNumber),
        elderly: age >= this.elderlyAge(),
        cardKind: record.kind === 'resident' ? 'resident' : record.kind === 'hk_macau_taiwan' ? 'hmt_permit' : 'foreigner',
      },
      idNumber,
      name,
      birthDate: record.birthDate,
      address: record.kind === 'foreigner_2017' ? null : record.address.trim() || null,
    };
    clearTimeout(this.#cardTimer);
    this.#cardTimer = setTimeout(() => this.forgetCard(), this.cardHoldMs);
    this.#cardTimer.unref();
    this.events.card(this.#card.presented);
  }
}
