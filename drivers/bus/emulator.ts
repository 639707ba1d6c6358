// An emulated caller bus on a pty: keypads that press keys, evaluators that score, displays that show numbers.
import { z } from 'zod';
import { TypedEvents } from '../events.ts';
import { EmulatorPort } from '../emulator-port.ts';
import { FrameParser } from '../framing.ts';
import { BUS_BAUD_RATE, busFrameFormat, decodeBusMessage, encodeBusMessage, type CallerKey } from './bus-protocol.ts';

const address = z.number().int().min(0).max(0xfe);

export const busEmulatorOptionsSchema = z.object({
  path: z.string().min(1),
  baudRate: z.number().int().positive().default(BUS_BAUD_RATE),
  /** Send frames no faster than the baud rate allows (ptys do not). */
  paced: z.boolean().default(true),
  devices: z
    .array(z.object({ address, kind: z.enum(['keypad', 'evaluator', 'screen']) }))
    .refine((devices) => new Set(devices.map((d) => d.address)).size === devices.length, 'addresses must be unique'),
});
export type BusEmulatorOptions = z.input<typeof busEmulatorOptionsSchema>;
export type BusDeviceKind = 'keypad' | 'evaluator' | 'screen';

interface BusEmulatorEvents {
  /** A device's display changed. */
  display: { address: number; digits: string };
}

export class BusEmulator extends TypedEvents<BusEmulatorEvents> {
  readonly #config: z.infer<typeof busEmulatorOptionsSchema>;
  readonly #port: EmulatorPort;
  readonly #parser = new FrameParser(busFrameFormat);
  readonly #displays = new Map<number, string>();
  #sending = Promise.resolve();

  constructor(options: BusEmulatorOptions) {
    super();
    this.#config = busEmulatorOptionsSchema.parse(options);
    this.#port = new EmulatorPort(this.#config.path, (chunk) => this.#parser.write(chunk));
    this.#parser.on('data', (payload: Buffer) => {
      const message = decodeBusMessage(payload);
      if (message?.kind !== 'show_number' || !this.#device(message.address)) return;
      this.#displays.set(message.address, message.digits);
      this.emit('display', { address: message.address, digits: message.digits });
    });
  }

  get path(): string {
    return this.#config.path;
  }

  async start(): Promise<this> {
    await this.#port.plug();
    return this;
  }

  /** What the device at `address` shows now ('' when dark). */
  display(address: number): string {
    return this.#displays.get(address) ?? '';
  }

  /** A staff member types `digits` (may be empty) then presses `key` on the keypad at `address`. */
  press(at: number, key: CallerKey, digits = ''): Promise<void> {
    this.#expect(at, 'keypad');
    return this.#send(encodeBusMessage({ kind: 'key', address: at, key, digits }));
  }

  /** A visitor scores 1–5 on the evaluator at `address`. */
  rate(at: number, score: number): Promise<void> {
    this.#expect(at, 'evaluator');
    return this.#send(encodeBusMessage({ kind: 'rating', address: at, score: z.number().int().min(1).max(5).parse(score) }));
  }

  /** Raw bytes onto the bus, e.g. line noise. */
  sendRaw(bytes: Buffer): Promise<void> {
    return this.#send(bytes);
  }

  unplug(): Promise<void> {
    this.#parser.reset();
    return this.#port.unplug();
  }

  replug(): Promise<void> {
    return this.#port.plug();
  }

  close(): Promise<void> {
    return this.unplug();
  }

  #device(at: number) {
    return this.#config.devices.find((d) => d.address === at);
  }

  #expect(at: number, kind: BusDeviceKind): void {
    if (this.#device(at)?.kind !== kind) throw new Error(`no ${kind} at bus address ${at}`);
  }

  /** One frame at a time, as on a real half-duplex bus. */
  #send(frame: Buffer): Promise<void> {
    const send = () => (this.#config.paced ? this.#port.writePaced(frame, this.#config.baudRate) : Promise.resolve(this.#port.write(frame)));
    this.#sending = this.#sending.then(send, send);
    return this.#sending;
  }
}

export function startBusEmulator(options: BusEmulatorOptions): Promise<BusEmulator> {
  return new BusEmulator(options).start();
}
