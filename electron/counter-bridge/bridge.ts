// A counter's devices on the caller bus, bridged to the hall server: keypad keys become the console's API calls,
// the evaluator's score rates the counter's last completed visit, and the keypad display and the window LED
// screen show the number being served, from the event stream; the window's thermal printer prints the 受理回执 of cases
// accepted (or asked to be printed again) at this counter.
import WebSocket from 'ws';
import type { TicketView } from '../../core/engine.ts';
import { HallEventStream, type SocketLike } from '../../client/event-stream.ts';
import { caseReceipt } from '../../client/cases-client.ts';
import { HallApiError, HallClient, type HallEvent, type QueueSnapshot } from '../../client/hall-client.ts';
import { BusWindowScreen, CallerBus, EscPosPrinter, caseReceiptBytes, type KeyPress, type Rating, type WindowScreen } from '../../drivers/index.ts';

export interface CounterBridgeOptions {
  hallUrl: string;
  /** Staff credentials of this counter (a manager account works any counter); or a token. */
  username?: string | undefined;
  password?: string | undefined;
  token?: string | undefined;
  counterId: string;
  busPath: string;
  busBaudRate?: number | undefined;
  keypadAddress: number;
  evaluatorAddress?: number | undefined;
  /** The LED screen above the counter; the keypad's own display shows the number too. */
  screenAddress?: number | undefined;
  /** The window's ESC/POS thermal printer (受理回执 slips); none: slips are not printed here. */
  printerPath?: string | undefined;
  printerBaudRate?: number | undefined;
  log?: (line: string) => void;
}

/** A print request older than this (replayed after a long outage) is logged, not printed: the visitor has gone. */
export const RECEIPT_STALE_MS = 5 * 60_000;

export interface CounterBridge {
  /** The ticket the devices show now, if any. */
  readonly current: { id: string; number: string } | null;
  /** The visit the evaluator rates next. */
  readonly lastCompletedId: string | null;
  readonly bus: CallerBus;
  readonly printer: EscPosPrinter | null;
  /** Settles when every key press and score received so far has been handled. */
  idle(): Promise<void>;
  stop(): Promise<void>;
}

const ACTIVE = new Set(['called', 'serving']);

export async function startCounterBridge(options: CounterBridgeOptions): Promise<CounterBridge> {
  const log = options.log ?? ((line: string) => console.log(line));
  let client = new HallClient(options.hallUrl, { token: options.token });
  if (!options.token) {
    if (!options.username || !options.password) throw new Error('give HALL_TOKEN, or HALL_USERNAME and HALL_PASSWORD of the counter staff');
    client = client.withToken((await client.login(options.username, options.password)).token);
  }
  const me = await client.me();
  // Staff work the counter they are signed into; a manager may work any counter without taking it.
  if (me.role === 'staff') await client.signIn(options.counterId);

  const bus = new CallerBus({ path: options.busPath, baudRate: options.busBaudRate });
  const screens: WindowScreen[] = [new BusWindowScreen(bus, options.keypadAddress)];
  if (options.screenAddress !== undefined) screens.push(new BusWindowScreen(bus, options.screenAddress));

  let current: { id: string; number: string } | null = null;
  let lastCompletedId: string | null = null;
  let serviceIds: string[] = [];
  let shown: string | null = null;
  const printer = options.printerPath ? new EscPosPrinter({ path: options.printerPath, baudRate: options.printerBaudRate }) : null;

  const show = async (force = false) => {
    const number = current?.number ?? '';
    if (!force && number === shown) return;
    shown = number;
    if (bus.status !== 'open') return;
    await Promise.all(screens.map((s) => (number ? s.show(number) : s.clear()))).catch((err: unknown) => log(`screen: ${String(err)}`));
  };

  const stream = new HallEventStream(
    client,
    {
      onSnapshot(s: QueueSnapshot) {
        const mine = s.counters.find((c) => c.id === options.counterId);
        if (!mine) {
          log(`counter ${options.counterId} is not in this hall: check COUNTER_ID`);
          return;
        }
        serviceIds = mine.serviceIds;
        current = mine.current && ACTIVE.has(mine.current.status) ? { id: mine.current.id, number: mine.current.number } : null;
        void show();
      },
      onEvent(e: HallEvent) {
        const d = e.data as { ticket?: TicketView; counter?: { id: string; serviceIds?: string[] } | null; ticketId?: string };
        switch (e.type) {
          case 'ticket.called':
          case 'ticket.recalled':
            if (d.counter?.id === options.counterId && d.ticket) current = { id: d.ticket.id, number: d.ticket.number };
            break;
          case 'ticket.completed':
            if (d.counter?.id === options.counterId && d.ticket) lastCompletedId = d.ticket.id;
            if (d.ticket && current?.id === d.ticket.id) current = null;
            break;
          case 'ticket.no_show':
          case 'ticket.transferred':
          case 'ticket.cancelled':
            if (d.ticket && current?.id === d.ticket.id) current = null;
            break;
          case 'ticket.rated':
            if (d.ticketId === lastCompletedId) lastCompletedId = null;
            break;
          case 'case.created':
          case 'case.receipt_requested':
            printReceipt(e);
            break;
          case 'counter.paused':
          case 'counter.resumed':
          case 'counter.signed_in':
            if (d.counter?.id === options.counterId && d.counter.serviceIds) serviceIds = d.counter.serviceIds;
            break;
        }
        void show();
      },
      onStatus(status) {
        log(`hall: ${status}`);
      },
    },
    (url) => new WebSocket(url) as unknown as SocketLike,
  );

  // One device action at a time, in arrival order: a double press cannot call twice at once.
  let queue = Promise.resolve();
  const enqueue = (what: string, run: () => Promise<unknown>) => {
    queue = queue.then(async () => {
      try {
        await run();
      } catch (err) {
        log(`${what}: ${err instanceof HallApiError ? err.code : String(err)}`);
      }
    });
  };

  const callTyped = async (digits: string) => {
    const waiting = await client.waitingTickets(serviceIds);
    const matches = waiting.filter((t) => Number(t.number.replace(/^\D+/, '')) === Number(digits));
    if (matches.length !== 1) {
      log(`keypad: ${matches.length ? 'several' : 'no'} waiting tickets numbered ${digits}`);
      return;
    }
    const { ticket } = await client.callTicket(options.counterId, matches[0]!.id);
    log(`keypad: called ${ticket.number}`);
  };

  const printReceipt = (e: HallEvent) => {
    const d = e.data as { counterId?: string | null; caseId?: string; case?: { id: string } };
    const caseId = d.caseId ?? d.case?.id;
    if (!printer || d.counterId !== options.counterId || !caseId) return;
    if (Date.now() - Date.parse(e.at) > RECEIPT_STALE_MS) {
      log(`receipt: not printed, asked for at ${e.at} (too long ago): reprint it from the console`);
      return;
    }
    enqueue('receipt', async () => {
      const r = await caseReceipt(client, caseId);
      await printer.print(caseReceiptBytes({ ...r, acceptedAt: new Date(r.acceptedAt) }));
      log(`receipt: printed ${r.receiptNumber}`);
    });
  };

  const onKey = (press: KeyPress) => {
    if (press.address !== options.keypadAddress) return;
    switch (press.key) {
      case 'call':
        enqueue('call', async () => {
          if (press.digits) return callTyped(press.digits);
          const { ticket } = await client.callNext(options.counterId);
          log(ticket ? `keypad: called ${ticket.number}` : 'keypad: nobody waiting');
        });
        break;
      case 'recall':
        enqueue('recall', () => client.recall(options.counterId));
        break;
      case 'evaluate':
        // The visit is over: complete it, so the evaluator (and the rating page) ask for a score.
        enqueue('evaluate', async () => {
          if (current) await client.complete(current.id);
        });
        break;
      case 'confirm':
        break;
    }
  };

  const onRating = (rating: Rating) => {
    if (options.evaluatorAddress === undefined || rating.address !== options.evaluatorAddress) return;
    enqueue('rating', async () => {
      const ticketId = lastCompletedId;
      if (!ticketId) {
        log(`evaluator: score ${rating.score} with no completed visit to rate`);
        return;
      }
      lastCompletedId = null;
      await client.rateVisit(ticketId, { level: rating.score, channel: 'evaluator' });
      log(`evaluator: rated ${rating.score}`);
    });
  };

  bus.on('key', onKey);
  bus.on('rating', onRating);
  bus.on('status', (status) => {
    log(`bus: ${status}`);
    // Devices that were unplugged or restarted show the number again.
    if (status === 'open') void show(true);
  });
  bus.start();
  printer?.on('status', (status) => log(`printer: ${status.state}`));
  printer?.start();
  stream.start();

  return {
    get current() {
      return current;
    },
    get lastCompletedId() {
      return lastCompletedId;
    },
    bus,
    printer,
    idle: () => queue,
    async stop() {
      stream.stop();
      await queue;
      await bus.stop();
      await printer?.stop();
    },
  };
}
