// Turns an ESC/POS byte stream back into what a person would see on the paper; the printer emulator's eyes.
import iconv from 'iconv-lite';
import type { Align } from './escpos.ts';
import type { MonoImage } from './raster.ts';

export type PrintedItem =
  | { kind: 'text'; text: string; align: Align; bold: boolean; width: number; height: number }
  | { kind: 'qr'; data: string; moduleSize: number; level: string }
  | { kind: 'image'; image: MonoImage; align: Align }
  | { kind: 'feed'; lines: number }
  | { kind: 'unknown'; byte: number };

export type DecodedCommand =
  | { kind: 'print'; item: PrintedItem }
  | { kind: 'cut'; partial: boolean }
  | { kind: 'init' }
  | { kind: 'status_request'; n: number }
  | { kind: 'auto_status_back'; mask: number };

const ALIGNS: Align[] = ['left', 'center', 'right'];

export class EscPosDecoder {
  #pending: Buffer = Buffer.alloc(0);
  #text: number[] = [];
  #align: Align = 'left';
  #bold = false;
  #width = 1;
  #height = 1;
  #qr = { data: '', moduleSize: 3, level: 'L' };

  /** Decodes every complete command in `chunk` (plus what was left over before). */
  push(chunk: Buffer): DecodedCommand[] {
    this.#pending = this.#pending.length ? Buffer.concat([this.#pending, chunk]) : chunk;
    const out: DecodedCommand[] = [];
    let at = 0;
    for (;;) {
      const step = this.#decodeAt(this.#pending, at, out);
      if (step === 0) break;
      at += step;
    }
    this.#pending = Buffer.from(this.#pending.subarray(at));
    return out;
  }

  /** Bytes consumed by the command at `at`, 0 when it is not complete yet. */
  #decodeAt(buf: Buffer, at: number, out: DecodedCommand[]): number {
    const left = buf.length - at;
    if (left <= 0) return 0;
    const b0 = buf[at]!;
    const b1 = buf[at + 1];
    const need = (n: number) => left >= n;
    if (b0 === 0x0a) {
      const text = iconv.decode(Buffer.from(this.#text), 'gb18030');
      this.#text = [];
      out.push({ kind: 'print', item: text === '' ? { kind: 'feed', lines: 1 } : this.#textItem(text) });
      return 1;
    }
    if (b0 >= 0x20 && b0 !== 0x7f) {
      this.#text.push(b0);
      return 1;
    }
    if (b0 === 0x10) {
      if (!need(3)) return 0;
      if (b1 === 0x04) out.push({ kind: 'status_request', n: buf[at + 2]! });
      return 3;
    }
    if (b0 === 0x1b) {
      if (!need(2)) return 0;
      if (b1 === 0x40) {
        this.#align = 'left';
        this.#bold = false;
        this.#width = this.#height = 1;
        out.push({ kind: 'init' });
        return 2;
      }
      if (!need(3)) return 0;
      const n = buf[at + 2]!;
      if (b1 === 0x61) this.#align = ALIGNS[n % 48] ?? 'left';
      else if (b1 === 0x45) this.#bold = (n & 1) === 1;
      else if (b1 === 0x64) out.push({ kind: 'print', item: { kind: 'feed', lines: n } });
      return 3;
    }
    if (b0 === 0x1c) {
      if (!need(2)) return 0;
      return 2;
    }
    if (b0 === 0x1d) {
      if (!need(3)) return 0;
      const n = buf[at + 2]!;
      if (b1 === 0x21) {
        this.#width = (n >> 4) + 1;
        this.#height = (n & 0x0f) + 1;
        return 3;
      }
      if (b1 === 0x61) {
        out.push({ kind: 'auto_status_back', mask: n });
        return 3;
      }
      if (b1 === 0x56) {
        const withFeed = n === 0x41 || n === 0x42;
        if (withFeed && !need(4)) return 0;
        out.push({ kind: 'cut', partial: n === 0x01 || n === 0x31 || n === 0x42 });
        return withFeed ? 4 : 3;
      }
      if (b1 === 0x28 && n === 0x6b) return this.#qrCommand(buf, at, out);
      if (b1 === 0x76 && n === 0x30) {
        if (!need(8)) return 0;
        const rowBytes = buf.readUInt16LE(at + 4);
        const height = buf.readUInt16LE(at + 6);
        if (!need(8 + rowBytes * height)) return 0;
        const data = Buffer.from(buf.subarray(at + 8, at + 8 + rowBytes * height));
        out.push({ kind: 'print', item: { kind: 'image', image: { width: rowBytes * 8, height, data }, align: this.#align } });
        return 8 + rowBytes * height;
      }
    }
    out.push({ kind: 'print', item: { kind: 'unknown', byte: b0 } });
    return 1;
  }

  #qrCommand(buf: Buffer, at: number, out: DecodedCommand[]): number {
    if (buf.length - at < 5) return 0;
    const length = buf.readUInt16LE(at + 3);
    if (buf.length - at < 5 + length) return 0;
    const [cn, fn, m] = [buf[at + 5], buf[at + 6], buf[at + 7]];
    if (cn === 0x31) {
      if (fn === 0x43) this.#qr.moduleSize = m!;
      else if (fn === 0x45) this.#qr.level = 'LMQH'[m! - 0x30] ?? '?';
      else if (fn === 0x50) this.#qr.data = buf.subarray(at + 8, at + 5 + length).toString('utf8');
      else if (fn === 0x51) out.push({ kind: 'print', item: { kind: 'qr', ...this.#qr } });
    }
    return 5 + length;
  }

  #textItem(text: string): PrintedItem {
    return { kind: 'text', text, align: this.#align, bold: this.#bold, width: this.#width, height: this.#height };
  }
}
