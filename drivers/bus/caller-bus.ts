// The counters' shared bus: key presses and evaluator scores in, numbers out to keypad displays and window screens.
import { TypedEvents } from '../events.ts';
import { FrameParser } from '../framing.ts';
import { SerialLine, type LineStatus } from '../serial-line.ts';
import { BUS_BAUD_RATE, busFrameFormat, decodeBusMessage, encodeBusMessage, type CallerKey } from './bus-protocol.ts';

export interface KeyPress {
  address: number;
  key: CallerKey;
  digits: string;
}

export interface Rating {
  address: number;
  score: number;
}

export interface CallerBusEvents {
  key: KeyPress;
  rating: Rating;
  status: LineStatus;
}

export interface CallerBusOptions {
  path: string;
  baudRate?: number;
  retryMinMs?: number;
  retryMaxMs?: number;
}

export class CallerBus extends TypedEvents<CallerBusEvents> {
  readonly line: SerialLine;
  readonly #parser = new FrameParser(busFrameFormat);

  constructor(options: CallerBusOptions) {
    super();
    this.line = new SerialLine({ ...options, baudRate: options.baudRate ?? BUS_BAUD_RATE });
    this.line.on('data', (chunk) => this.#parser.write(chunk));
    this.line.on('status', (status) => {
      // A frame cut by the unplug must not glue onto the first frame after it.
      if (status !== 'open') this.#parser.reset();
      this.emit('status', status);
    });
    this.#parser.on('data', (payload: Buffer) => {
      const message = decodeBusMessage(payload);
      if (message?.kind === 'key') this.emit('key', { address: message.address, key: message.key, digits: message.digits });
      if (message?.kind === 'rating') this.emit('rating', { address: message.address, score: message.score });
    });
  }

  get status(): LineStatus {
    return this.line.status;
  }

  start(): void {
    this.line.start();
  }

  stop(): Promise<void> {
    return this.line.stop();
  }

  /** Resolves once the port is open. */
  async ready(timeoutMs = 3000): Promise<void> {
    this.start();
    if (this.line.status !== 'open') await this.line.next('status', timeoutMs, (s) => s === 'open');
  }

  /** Shows a ticket number's digits on the device at `address`; an empty number clears it. */
  showNumber(address: number, ticketNumber: string): Promise<void> {
    return this.line.write(encodeBusMessage({ kind: 'show_number', address, digits: ticketNumber }));
  }
}

export function openCallerBus(options: CallerBusOptions): CallerBus {
  const bus = new CallerBus(options);
  bus.start();
  return bus;
}
