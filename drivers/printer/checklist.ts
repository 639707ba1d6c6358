// A matter's 材料清单 on the 80 mm roll: the lines core/matters.ts writes, the title large, a QR code to the phone page.
import { buildDocument, type DocumentLine, type DocumentOptions } from './document.ts';

/** `lines[0]` is the matter's name and `lines[1]` the heading; `qr` the matter's phone page. */
export function checklistLines(lines: readonly string[], qr: string | null): DocumentLine[] {
  const [title = '', heading = '', ...rest] = lines;
  return [
    { text: title, align: 'center', bold: true, size: 2 },
    { text: heading, align: 'center', bold: true },
    { rule: true },
    ...rest.map((line): DocumentLine => (line === '' ? { feed: 1 } : line)),
    ...(qr
      ? [
          { qr, moduleSize: 4 },
          { text: '扫码在手机上查看办事指南', align: 'center' as const },
        ]
      : []),
  ];
}

/** The checklist as one ESC/POS job, cut at the end. */
export const checklistBytes = (lines: readonly string[], qr: string | null, options: DocumentOptions = {}): Buffer =>
  buildDocument(checklistLines(lines, qr), options);
