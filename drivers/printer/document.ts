// Receipts and certificates on the 80 mm roll: a list of lines becomes one ESC/POS job, wrapped to the paper.
import { EscPosBuilder, printableAsText, type Align } from './escpos.ts';
import { fontRasterizer, type TextRasterizer } from './raster.ts';

export type DocumentLine =
  | string
  | { text: string; align?: Align; bold?: boolean; /** Magnification 1–8 of width and height. */ size?: number }
  | { qr: string; moduleSize?: number }
  | { rule: true }
  | { feed: number };

export interface DocumentOptions {
  rasterizer?: TextRasterizer;
  /** Font A columns across the paper at size 1 (48 on 80 mm, 32 on 58 mm). */
  columns?: number;
  /** Cut when done (default true). */
  cut?: boolean;
}

let sharedRasterizer: TextRasterizer | undefined;
/** Fonts load only the first time a rare character is printed. */
const defaultRasterizer = (): TextRasterizer => (sharedRasterizer ??= fontRasterizer());

/** Columns a character takes: double-byte characters are two wide. */
const columnsOf = (ch: string): number => (ch.charCodeAt(0) < 0x80 ? 1 : 2);

export function wrapToColumns(text: string, columns: number): string[] {
  const lines: string[] = [];
  let current = '';
  let used = 0;
  for (const ch of text) {
    const width = columnsOf(ch);
    if (used + width > columns && current !== '') {
      lines.push(current);
      current = '';
      used = 0;
    }
    current += ch;
    used += width;
  }
  lines.push(current);
  return lines;
}

export function buildDocument(lines: readonly DocumentLine[], options: DocumentOptions = {}): Buffer {
  const builder = new EscPosBuilder(options.rasterizer ?? lazyRasterizer());
  const columns = options.columns ?? 48;
  builder.init();
  for (const line of lines) {
    if (typeof line === 'string' || 'text' in line) {
      const { text, align = 'left', bold = false, size = 1 } = typeof line === 'string' ? { text: line } : line;
      const style = { align, bold, width: size, height: size };
      // A line drawn as an image is shrunk to fit instead of wrapped.
      const parts = [...text].every(printableAsText) ? wrapToColumns(text, Math.floor(columns / size)) : [text];
      for (const part of parts) builder.line(part, style);
    } else if ('qr' in line) {
      builder.qr(line.qr, { moduleSize: line.moduleSize });
    } else if ('rule' in line) {
      builder.line('-'.repeat(columns), { align: 'left', bold: false, width: 1, height: 1 });
    } else {
      builder.feed(line.feed);
    }
  }
  if (options.cut !== false) builder.cut();
  return builder.bytes();
}

/** A rasterizer that loads fonts only if a line actually needs one. */
function lazyRasterizer(): TextRasterizer {
  return { render: (text, style) => defaultRasterizer().render(text, style) };
}
