// The device end of an emulated serial line: owns the socat pair, so unplug() and replug() act like a cable.
import { SerialPort } from 'serialport';
import { sleep, wireTimeMs } from './errors.ts';
import { createPtyPair, type PtyPair } from './pty.ts';

export class EmulatorPort {
  #pair: PtyPair | undefined;
  #port: SerialPort | undefined;

  /** `path` is the link the driver opens; the emulator's own end is `path + '.device'`. */
  constructor(
    readonly path: string,
    private readonly onData: (chunk: Buffer) => void,
  ) {}

  get plugged(): boolean {
    return this.#port !== undefined;
  }

  async plug(): Promise<void> {
    if (this.#pair) return;
    const pair = await createPtyPair(this.path, `${this.path}.device`);
    const port = new SerialPort({ path: pair.b, baudRate: 115200, autoOpen: false });
    try {
      await new Promise<void>((resolve, reject) => port.open((err) => (err ? reject(err) : resolve())));
    } catch (error) {
      await pair.close();
      throw error;
    }
    port.on('data', (chunk: Buffer) => this.onData(chunk));
    // The driver's end closing or the pair dying must not crash the emulator.
    port.on('error', () => {});
    this.#pair = pair;
    this.#port = port;
  }

  /** Kills the pty pair: the driver's open port fails as with a pulled USB cable and its link path disappears. */
  async unplug(): Promise<void> {
    const port = this.#port;
    const pair = this.#pair;
    this.#port = undefined;
    this.#pair = undefined;
    if (port?.isOpen) await new Promise<void>((resolve) => port.close(() => resolve()));
    await pair?.close();
  }

  write(bytes: Buffer): void {
    this.#port?.write(bytes);
  }

  /** Writes in small chunks no faster than `baudRate` allows, because ptys deliver at memory speed. */
  async writePaced(bytes: Buffer, baudRate: number, chunkBytes = 32): Promise<void> {
    const start = performance.now();
    for (let offset = 0; offset < bytes.length; offset += chunkBytes) {
      const chunk = bytes.subarray(offset, offset + chunkBytes);
      const due = start + wireTimeMs(offset + chunk.length, baudRate);
      const wait = due - performance.now();
      if (wait > 0) await sleep(wait);
      if (!this.#port) return;
      this.write(chunk);
    }
  }
}
