// ESC/POS command builder for 80 mm thermal printers: GB18030 text, native QR, raster images, feed and cut.
import iconv from 'iconv-lite';
import type { MonoImage, TextRasterizer } from './raster.ts';

export type Align = 'left' | 'center' | 'right';
export type QrErrorLevel = 'L' | 'M' | 'Q' | 'H';

export interface TextStyle {
  align?: Align;
  bold?: boolean;
  /** Character magnification 1–8. */
  width?: number;
  height?: number;
}

/** 80 mm paper at 203 dpi. */
export const PAPER_DOTS = 576;
/** Font A cell height, the height rasterised text is drawn at before magnification. */
const CHAR_DOTS = 24;

const ESC = 0x1b;
const GS = 0x1d;
const FS = 0x1c;
export const DLE = 0x10;
export const EOT = 0x04;

/** DLE EOT n: 1 printer, 2 offline cause, 4 roll paper sensor. */
export const realtimeStatusRequest = (n: 1 | 2 | 4): Buffer => Buffer.from([DLE, EOT, n]);
/** GS a n: push 4 status bytes on every change of online state, errors and paper sensors. */
export const automaticStatusBack = (enabled: boolean): Buffer => Buffer.from([GS, 0x61, enabled ? 0x0e : 0x00]);

/** Whether the printer's 2-byte code table can hold the character (GB18030 4-byte sequences cannot). */
export function printableAsText(ch: string): boolean {
  return iconv.encode(ch, 'gb18030').length <= 2;
}

/**
 * Real-time commands (DLE EOT/ENQ/DC4) are executed even inside image data: clear one dot wherever image bytes
 * would spell one, so a picture can neither trigger a status reply nor clear the buffer.
 */
export function scrubRealtimeSequences(data: Buffer): Buffer {
  for (let i = 0; i + 1 < data.length; i++) {
    if (data[i] === DLE && (data[i + 1] === 0x04 || data[i + 1] === 0x05 || data[i + 1] === 0x14)) data[i + 1]! &= ~0x04;
  }
  return data;
}

export class EscPosBuilder {
  readonly #chunks: Buffer[] = [];
  #style: Required<TextStyle> = { align: 'left', bold: false, width: 1, height: 1 };

  constructor(private readonly rasterizer?: TextRasterizer) {}

  #raw(...bytes: number[]): this {
    this.#chunks.push(Buffer.from(bytes));
    return this;
  }

  /** Resets the printer and turns on double-byte Chinese mode. */
  init(): this {
    this.#style = { align: 'left', bold: false, width: 1, height: 1 };
    return this.#raw(ESC, 0x40, FS, 0x26);
  }

  style(style: TextStyle): this {
    const next = { ...this.#style, ...style };
    if (next.align !== this.#style.align) this.#raw(ESC, 0x61, { left: 0, center: 1, right: 2 }[next.align]);
    if (next.bold !== this.#style.bold) this.#raw(ESC, 0x45, next.bold ? 1 : 0);
    if (next.width !== this.#style.width || next.height !== this.#style.height) {
      const clamp = (n: number) => Math.min(8, Math.max(1, Math.round(n))) - 1;
      this.#raw(GS, 0x21, (clamp(next.width) << 4) | clamp(next.height));
    }
    this.#style = next;
    return this;
  }

  /**
   * Prints one line in the current style. A line holding characters outside the 2-byte code table is drawn
   * as an image with a real font instead, because the printer would print them as '?'.
   */
  line(text: string, style: TextStyle = {}): this {
    this.style(style);
    // Control characters in visitor data must never reach the printer as commands.
    // eslint-disable-next-line no-control-regex -- matching control characters is the point here
    const clean = text.replace(/[\u0000-\u001f\u007f]/g, ' ');
    if ([...clean].every(printableAsText)) {
      this.#chunks.push(iconv.encode(clean, 'gb18030'));
      return this.#raw(0x0a);
    }
    if (!this.rasterizer) throw new Error('EscPosBuilder needs a TextRasterizer to print rare characters');
    const image = this.rasterizer.render(clean, {
      heightDots: CHAR_DOTS * this.#style.height,
      bold: this.#style.bold,
      maxWidthDots: PAPER_DOTS,
    });
    return this.image(image);
  }

  feed(lines = 1): this {
    return this.#raw(ESC, 0x64, Math.min(255, lines));
  }

  /** Native QR (GS ( k, model 2), so the URL costs its own length in bytes rather than an image. */
  qr(data: string, options: { moduleSize?: number; level?: QrErrorLevel } = {}): this {
    const payload = Buffer.from(data, 'utf8');
    const store = payload.length + 3;
    this.#raw(GS, 0x28, 0x6b, 0x04, 0x00, 0x31, 0x41, 0x32, 0x00);
    this.#raw(GS, 0x28, 0x6b, 0x03, 0x00, 0x31, 0x43, options.moduleSize ?? 6);
    this.#raw(GS, 0x28, 0x6b, 0x03, 0x00, 0x31, 0x45, 0x30 + 'LMQH'.indexOf(options.level ?? 'M'));
    this.#raw(GS, 0x28, 0x6b, store & 0xff, store >> 8, 0x31, 0x50, 0x30);
    this.#chunks.push(payload);
    return this.#raw(GS, 0x28, 0x6b, 0x03, 0x00, 0x31, 0x51, 0x30, 0x0a);
  }

  /** Raster bit image (GS v 0), placed by the current alignment. */
  image(image: MonoImage): this {
    const rowBytes = Math.ceil(image.width / 8);
    this.#raw(GS, 0x76, 0x30, 0x00, rowBytes & 0xff, rowBytes >> 8, image.height & 0xff, image.height >> 8);
    this.#chunks.push(scrubRealtimeSequences(Buffer.from(image.data)));
    return this;
  }

  /** Feeds the printed part past the cutter, then cuts (GS V 66 n). */
  cut(options: { partial?: boolean; feedDots?: number } = {}): this {
    return this.#raw(GS, 0x56, options.partial === false ? 0x41 : 0x42, options.feedDots ?? 48);
  }

  bytes(): Buffer {
    return Buffer.concat(this.#chunks);
  }
}
