// Monochrome images for GS v 0, and text drawn with a real font for characters the printer's code table lacks.
import { existsSync } from 'node:fs';
import { createCanvas, GlobalFonts } from '@napi-rs/canvas';
import { PrinterError } from './errors.ts';

/** 1 bit per dot, rows of ceil(width / 8) bytes, most significant bit leftmost, 1 = black. */
export interface MonoImage {
  width: number;
  height: number;
  data: Buffer;
}

export interface TextRasterizer {
  render(text: string, style: { heightDots: number; bold: boolean; maxWidthDots: number }): MonoImage;
}

/** HanaMin A and B together cover the BMP and CJK Extensions B to F, where rare name characters live. */
export const DEFAULT_FONT_FILES = [
  '/usr/share/fonts/truetype/hanazono/HanaMinA.ttf',
  '/usr/share/fonts/truetype/hanazono/HanaMinB.ttf',
  '/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc',
];

// Thermal dots are coarse: count half-covered pixels as ink so thin Mincho strokes survive.
const INK_ALPHA = 64;

export function fontRasterizer(fontFiles: readonly string[] = fontFilesFromEnv()): TextRasterizer {
  let families: string[] | undefined;
  const load = (): string[] => {
    if (families) return families;
    const found = fontFiles.filter((file) => existsSync(file));
    if (found.length === 0) throw new PrinterError('no_font', { detail: `looked in ${fontFiles.join(', ')}` });
    families = found.map((file, i) => {
      const family = `HallTicketFont${i}`;
      GlobalFonts.registerFromPath(file, family);
      return family;
    });
    return families;
  };
  return {
    render(text, { heightDots, bold, maxWidthDots }) {
      const fontList = load().join(', ');
      const scratch = createCanvas(1, 1).getContext('2d');
      let px = heightDots;
      scratch.font = `${bold ? 'bold ' : ''}${px}px ${fontList}`;
      const natural = scratch.measureText(text).width;
      // Shrink rather than clip text that would run off the roll.
      if (natural > maxWidthDots) px = Math.floor((px * maxWidthDots) / natural);
      const width = Math.max(8, Math.min(maxWidthDots, Math.ceil((natural * px) / heightDots)));
      const canvas = createCanvas(width, heightDots);
      const ctx = canvas.getContext('2d');
      ctx.font = `${bold ? 'bold ' : ''}${px}px ${fontList}`;
      ctx.textBaseline = 'middle';
      ctx.fillStyle = '#000';
      ctx.fillText(text, 0, heightDots / 2);
      const rgba = ctx.getImageData(0, 0, width, heightDots).data;
      const rowBytes = Math.ceil(width / 8);
      const data = Buffer.alloc(rowBytes * heightDots);
      for (let y = 0; y < heightDots; y++) {
        for (let x = 0; x < width; x++) {
          if (rgba[(y * width + x) * 4 + 3]! >= INK_ALPHA) data[y * rowBytes + (x >> 3)]! |= 0x80 >> (x & 7);
        }
      }
      return { width, height: heightDots, data };
    },
  };
}

function fontFilesFromEnv(): readonly string[] {
  const fromEnv = process.env.HALL_PRINTER_FONTS;
  return fromEnv ? fromEnv.split(':').filter(Boolean) : DEFAULT_FONT_FILES;
}

/** Dots that are set, for tests and diagnostics. */
export function inkDots(image: MonoImage): number {
  let count = 0;
  for (const byte of image.data) for (let b = byte; b; b &= b - 1) count++;
  return count;
}
