// The printed certificate: an A4 PDF (pdf-lib) with the CJK font embedded as a subset, rare name characters from
// HanaMin (as the ticket prints them), the QR code of the signed verification URL. Built in memory, never written to disk.
import { existsSync, readFileSync } from 'node:fs';
import { HallError } from '../core/errors.ts';
import { Readable } from 'node:stream';
import * as fontkit from 'fontkit';
import { PDFDocument, rgb, type PDFFont, type PDFPage } from 'pdf-lib';
import qrcode from 'qrcode-generator';
import type { CertificateContent } from '../core/certificates.ts';

/** Noto Serif CJK SC first; HanaMin A and B cover CJK Extensions B to F, where rare name characters live. */
export const CERTIFICATE_FONTS = {
  regular: { file: '/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc', face: 'NotoSerifCJKsc-Regular' },
  bold: { file: '/usr/share/fonts/opentype/noto/NotoSerifCJK-Bold.ttc', face: 'NotoSerifCJKsc-Bold' },
  rare: [
    { file: '/usr/share/fonts/truetype/hanazono/HanaMinA.ttf', face: null },
    { file: '/usr/share/fonts/truetype/hanazono/HanaMinB.ttf', face: null },
  ],
} as const;

type FontSpec = { file: string; face: string | null };

interface LoadedFont {
  bytes: Uint8Array;
  font: fontkit.Font;
}

const loaded = new Map<string, LoadedFont>();

/** Each font file is read and parsed once per process; a collection (.ttc) gives the named face. */
function load(spec: FontSpec): LoadedFont {
  const key = `${spec.file}#${spec.face ?? ''}`;
  let entry = loaded.get(key);
  if (!entry) {
    if (!existsSync(spec.file)) {
      throw new HallError(
        503,
        'CERTIFICATE_FONT_MISSING',
        `the hall server lacks the font ${spec.file} to print certificates (Debian fonts-noto-cjk, fonts-hanazono): tell the administrator`,
      );
    }
    const bytes = readFileSync(spec.file);
    const parsed = fontkit.create(bytes, spec.face ?? undefined);
    entry = { bytes, font: parsed as fontkit.Font };
    loaded.set(key, entry);
  }
  return entry;
}

/**
 * pdf-lib's own fork (@pdf-lib/fontkit 1.1.1) writes broken CFF subsets (Noto CJK renders blank) and cannot pick a face
 * of a .ttc; upstream fontkit 2 subsets correctly. pdf-lib asks for `encodeStream()`, fontkit 2 gives `encode()`.
 */
const fontkitForPdfLib = {
  create(bytes: Uint8Array) {
    const font = [...loaded.values()].find((l) => l.bytes === bytes)?.font;
    if (!font) throw new Error('certificate fonts are loaded through load() first');
    return new Proxy(font, {
      get(target, property) {
        if (property === 'createSubset') {
          return () => {
            const subset = target.createSubset();
            return Object.assign(subset, { encodeStream: () => Readable.from([subset.encode()]) });
          };
        }
        const value = Reflect.get(target, property, target) as unknown;
        return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
      },
    });
  },
};

/** Reads and parses the main fonts ahead of the first print (a visitor reading the offers gives the time). */
export function preloadCertificateFonts(): void {
  try {
    load(CERTIFICATE_FONTS.regular).font.hasGlyphForCodePoint(0x8bc1);
    load(CERTIFICATE_FONTS.bold).font.hasGlyphForCodePoint(0x8bc1);
  } catch {
    // A missing font fails the print itself, with its own message.
  }
}

const A4: [number, number] = [595.28, 841.89];
const MARGIN = 56;
const INK = rgb(0.1, 0.1, 0.1);
const SEAL = rgb(0.78, 0.1, 0.1);

interface Fonts {
  regular: PDFFont;
  bold: PDFFont;
  /** A rare-character font, embedded only when a text needs it. */
  rare(codePoint: number): Promise<PDFFont | null>;
}

type Run = { text: string; font: PDFFont };

/** Splits a text into runs of one font each: the main font where it has the glyph, else the first HanaMin that does. */
async function runs(text: string, main: PDFFont, fonts: Fonts, mainFont: fontkit.Font): Promise<Run[]> {
  const out: Run[] = [];
  for (const raw of text) {
    // A card's Private Use Area character (a vendor's code for a rare one) has no known glyph: shown as the reader shows it.
    const ch = /[\uE000-\uF8FF]/u.test(raw) ? '□' : raw;
    const cp = ch.codePointAt(0)!;
    const font = mainFont.hasGlyphForCodePoint(cp) || cp < 0x2e80 ? main : ((await fonts.rare(cp)) ?? main);
    const last = out.at(-1);
    if (last && last.font === font) last.text += ch;
    else out.push({ text: ch, font });
  }
  return out;
}

/** Widths per character at size 1, per font: measuring by shaping whole strings (GSUB) is what made rendering slow. */
const advances = new WeakMap<PDFFont, Map<string, number>>();
function advance(font: PDFFont, ch: string): number {
  let table = advances.get(font);
  if (!table) advances.set(font, (table = new Map()));
  let w = table.get(ch);
  if (w === undefined) table.set(ch, (w = font.widthOfTextAtSize(ch, 1)));
  return w;
}
const width = (rs: Run[], size: number) => rs.reduce((w, r) => w + [...r.text].reduce((a, ch) => a + advance(r.font, ch), 0) * size, 0);

/** Words of Latin letters and digits stay together; every CJK character may start a new line. */
function tokens(text: string): string[] {
  return text.match(/[\x21-\x7e]+|\s+|./gsu) ?? [];
}

export interface CertificatePdfInput {
  content: CertificateContent;
  documentNumber: string;
  /** 2026年12月6日 */
  issueDate: string;
  validUntilDate: string;
  verificationUrl: string;
}

export async function renderCertificatePdf(input: CertificatePdfInput): Promise<Uint8Array> {
  const { content } = input;
  const doc = await PDFDocument.create();
  doc.registerFontkit(fontkitForPdfLib as unknown as Parameters<PDFDocument['registerFontkit']>[0]);
  const regular = load(CERTIFICATE_FONTS.regular);
  const bold = load(CERTIFICATE_FONTS.bold);
  const rareFonts = new Map<string, Promise<PDFFont>>();
  const fonts: Fonts = {
    regular: await doc.embedFont(regular.bytes, { subset: true }),
    bold: await doc.embedFont(bold.bytes, { subset: true }),
    rare: async (cp) => {
      for (const spec of CERTIFICATE_FONTS.rare) {
        let l: LoadedFont;
        try {
          l = load(spec);
        } catch {
          continue;
        }
        if (!l.font.hasGlyphForCodePoint(cp)) continue;
        let embedded = rareFonts.get(spec.file);
        if (!embedded) rareFonts.set(spec.file, (embedded = doc.embedFont(l.bytes, { subset: true })));
        return embedded;
      }
      return null;
    },
  };
  doc.setTitle(`${content.title} ${input.documentNumber}`);
  doc.setAuthor(content.hallName);
  doc.setSubject(input.verificationUrl);
  doc.setCreator('hall');
  doc.setProducer('hall');
  doc.setLanguage('zh-CN');

  const pages: PDFPage[] = [];
  let page!: PDFPage;
  let y = 0;
  const newPage = () => {
    page = doc.addPage(A4);
    pages.push(page);
    y = A4[1] - MARGIN;
  };
  newPage();

  const draw = async (text: string, x: number, atY: number, size: number, main: PDFFont = fonts.regular, color = INK) => {
    const mainFont = main === fonts.bold ? bold.font : regular.font;
    let cx = x;
    for (const r of await runs(text, main, fonts, mainFont)) {
      page.drawText(r.text, { x: cx, y: atY, size, font: r.font, color });
      cx += r.font.widthOfTextAtSize(r.text, size);
    }
  };
  const measure = async (text: string, size: number, main: PDFFont = fonts.regular) =>
    width(await runs(text, main, fonts, main === fonts.bold ? bold.font : regular.font), size);

  /** Lines of at most `max` points; the first indented by two characters as Chinese paragraphs are. */
  const wrap = async (text: string, size: number, max: number, indent = 0): Promise<string[]> => {
    const lines: string[] = [];
    let line = '';
    let used = 0;
    let room = max - indent;
    for (const t of tokens(text)) {
      const w = await measure(t, size);
      if (line !== '' && used + w > room) {
        lines.push(line);
        line = t.trim() === '' ? '' : t;
        used = line === '' ? 0 : w;
        room = max;
      } else {
        line += t;
        used += w;
      }
    }
    if (line) lines.push(line);
    return lines;
  };
  const ensure = (needed: number, footer: number) => {
    if (y - needed < MARGIN + footer) newPage();
  };

  // Header: the hall, the title, the document number and dates.
  await draw(content.hallName, MARGIN, y - 10, 10.5);
  const numberText = `证明编号：${input.documentNumber}`;
  await draw(numberText, A4[0] - MARGIN - (await measure(numberText, 10.5)), y - 10, 10.5);
  y -= 64;
  const titleSize = 22;
  await draw(content.title, (A4[0] - (await measure(content.title, titleSize, fonts.bold))) / 2, y, titleSize, fonts.bold);
  y -= 40;

  const textWidth = A4[0] - 2 * MARGIN;
  const bodySize = 12;
  const lineHeight = 21;
  const FOOTER = 150;
  const PAGE_FOOT = 10;
  for (const p of content.paragraphs) {
    const lines = await wrap(p, bodySize, textWidth, bodySize * 2);
    for (const [i, line] of lines.entries()) {
      ensure(lineHeight, PAGE_FOOT);
      await draw(line, MARGIN + (i === 0 ? bodySize * 2 : 0), y, bodySize);
      y -= lineHeight;
    }
    y -= 6;
  }

  if (content.table) {
    const { columns, rows } = content.table;
    const cell = 9.5;
    const lineStep = 12.5;
    const pad = 4;
    const body = rows.length > 0 ? rows : [['（无记录）', ...columns.slice(1).map(() => '')]];
    // Columns as wide as their longest text, scaled to the page; long texts wrap within their cell, never cut.
    const natural = await Promise.all(
      columns.map(async (label, i) => {
        let widest = await measure(label, cell, fonts.bold);
        for (const row of body) widest = Math.max(widest, await measure(row[i] ?? '', cell));
        return widest + 2 * pad;
      }),
    );
    const sum = natural.reduce((a, b) => a + b, 0);
    const widths = natural.map((w) => (sum <= textWidth ? (w * textWidth) / sum : Math.max(textWidth / (2 * columns.length), (w * textWidth) / sum)));
    const scale = textWidth / widths.reduce((a, b) => a + b, 0);
    for (const i of widths.keys()) widths[i]! *= scale;
    const lefts = widths.map((_, i) => MARGIN + widths.slice(0, i).reduce((a, b) => a + b, 0));
    const drawRow = async (cells: string[], header: boolean) => {
      const font = header ? fonts.bold : fonts.regular;
      const lines = await Promise.all(cells.map((text, i) => wrap(text, cell, widths[i]! - 2 * pad)));
      const height = Math.max(1, ...lines.map((l) => l.length)) * lineStep + 5;
      if (y - height < MARGIN + PAGE_FOOT) {
        newPage();
        // A table continued on a new page repeats its header.
        if (!header) await drawRow(columns, true);
      }
      for (const [i, cellLines] of lines.entries()) {
        page.drawRectangle({
          x: lefts[i]!,
          y: y - height + 4,
          width: widths[i]!,
          height,
          borderColor: INK,
          borderWidth: 0.5,
          ...(header ? { color: rgb(0.93, 0.93, 0.93) } : {}),
        });
        for (const [k, line] of cellLines.entries()) await draw(line, lefts[i]! + pad, y - 8 - k * lineStep, cell, font);
      }
      y -= height;
    };
    ensure(40, PAGE_FOOT);
    await drawRow(columns, true);
    for (const row of body) await drawRow(row, false);
    y -= 12;
  }

  // The closing block on the last page: issuing hall, dates, the seal and the QR code of the signed verification URL.
  ensure(FOOTER - 20, PAGE_FOOT);
  const footTop = MARGIN + 118;
  const qrSize = 108;
  const qr = qrcode(0, 'M');
  qr.addData(input.verificationUrl);
  qr.make();
  const n = qr.getModuleCount();
  const unit = qrSize / n;
  const qx = MARGIN;
  const qy = MARGIN + 6;
  // One path of the dark runs of each row: thousands of separate rectangles made the page slow to build and to print.
  let path = '';
  for (let r = 0; r < n; r++) {
    for (let c = 0; c < n; c++) {
      if (!qr.isDark(r, c)) continue;
      let end = c;
      while (end + 1 < n && qr.isDark(r, end + 1)) end++;
      path += `M${c} ${r}h${end - c + 1}v1h${-(end - c + 1)}z`;
      c = end;
    }
  }
  page.drawSvgPath(path, { x: qx, y: qy + qrSize, scale: unit, color: rgb(0, 0, 0), borderWidth: 0 });
  await draw('扫码核验真伪', qx + 18, qy - 2 - 10, 9);
  const right = A4[0] - MARGIN;
  const lines = [`出具单位：${content.hallName}`, `出具日期：${input.issueDate}`, `有效期至：${input.validUntilDate}`];
  for (const [i, line] of lines.entries()) await draw(line, right - (await measure(line, 11)), footTop - 30 - i * 20, 11);
  // The hall's seal, drawn: a red ring with its name.
  const sealX = right - 150;
  const sealY = footTop - 36;
  page.drawCircle({ x: sealX, y: sealY, size: 44, borderColor: SEAL, borderWidth: 2, opacity: 0, borderOpacity: 0.8 });
  const sealText = '证明专用章';
  await draw(sealText, sealX - (await measure(sealText, 9)) / 2, sealY - 24, 9, fonts.regular, SEAL);
  await draw('本证明经电子签名，可扫描二维码或访问出具单位核验；涂改无效。', qx + qrSize + 14, qy + 4, 8.5);

  for (const [i, p] of pages.entries()) {
    const label = `第 ${i + 1} 页 / 共 ${pages.length} 页`;
    const w = await measure(label, 8.5);
    const previous = page;
    page = p;
    await draw(label, (A4[0] - w) / 2, MARGIN - 28, 8.5);
    page = previous;
  }
  return doc.save();
}
