// Reassembles device frames from a byte stream split anywhere, skipping garbage and resynchronising after a bad frame.
import { Transform, type TransformCallback } from 'node:stream';

export interface FrameFormat {
  /** Bytes every frame starts with. */
  readonly preamble: Buffer;
  /** Bytes needed (preamble included) before the frame's total length is known. */
  readonly headerLength: number;
  /** The whole frame's length read from its header, or null when the header is impossible. */
  frameLength(header: Buffer): number | null;
  /** The frame's payload, or null when its check fails. */
  payload(frame: Buffer): Buffer | null;
}

export interface FrameRejection {
  reason: 'garbage' | 'length' | 'checksum';
  bytes: Buffer;
}

/** Object-mode Transform: bytes in, one payload Buffer out per good frame. */
export class FrameParser extends Transform {
  #buffer: Buffer = Buffer.alloc(0);

  constructor(
    private readonly format: FrameFormat,
    private readonly onReject: (rejection: FrameRejection) => void = () => {},
  ) {
    super({ readableObjectMode: true });
  }

  /** Forgets any partial frame, e.g. after a command timed out. */
  reset(): void {
    this.#buffer = Buffer.alloc(0);
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    this.#buffer = this.#buffer.length === 0 ? chunk : Buffer.concat([this.#buffer, chunk]);
    this.#scan();
    done();
  }

  #scan(): void {
    const { preamble, headerLength } = this.format;
    for (;;) {
      const start = this.#buffer.indexOf(preamble);
      if (start < 0) {
        // Keep a tail that may be the first bytes of a preamble still arriving.
        const keep = Math.min(this.#buffer.length, preamble.length - 1);
        this.#drop(this.#buffer.length - keep, 'garbage');
        return;
      }
      this.#drop(start, 'garbage');
      if (this.#buffer.length < headerLength) return;
      const length = this.format.frameLength(this.#buffer.subarray(0, headerLength));
      if (length === null) {
        // Skip one byte only: a real frame may begin inside what looked like a header.
        this.#drop(1, 'length');
        continue;
      }
      if (this.#buffer.length < length) return;
      const payload = this.format.payload(this.#buffer.subarray(0, length));
      if (payload === null) {
        this.#drop(1, 'checksum');
        continue;
      }
      this.push(Buffer.from(payload));
      this.#buffer = this.#buffer.subarray(length);
    }
  }

  #drop(count: number, reason: FrameRejection['reason']): void {
    if (count <= 0) return;
    this.onReject({ reason, bytes: Buffer.from(this.#buffer.subarray(0, count)) });
    this.#buffer = this.#buffer.subarray(count);
  }
}
