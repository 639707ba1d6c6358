// The LED screen above a counter: one interface, so each vendor's screen protocol is one new file.
import type { CallerBus } from './caller-bus.ts';

export interface WindowScreen {
  /** Shows the ticket now served at this counter. */
  show(ticketNumber: string): Promise<void>;
  clear(): Promise<void>;
}

/** A screen (or keypad display) addressed on the caller bus. */
export class BusWindowScreen implements WindowScreen {
  constructor(
    private readonly bus: CallerBus,
    readonly address: number,
  ) {}

  show(ticketNumber: string): Promise<void> {
    return this.bus.showNumber(this.address, ticketNumber);
  }

  clear(): Promise<void> {
    return this.bus.showNumber(this.address, '');
  }
}
