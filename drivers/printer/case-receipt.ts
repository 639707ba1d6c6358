// The 受理回执 slip a window prints when it accepts a case: the receipt number to quote, the matter, the due date and
// a QR code to follow the case on a phone or at a kiosk's hand scanner. The slip is the hall's paper, in Chinese.
import { buildDocument, type DocumentLine, type DocumentOptions } from './document.ts';
import { formatIssuedAt } from './ticket.ts';

export interface CaseReceiptContent {
  hallName: string;
  matterName: string;
  /** The receipt number in its printed groups (3201 20261206 0007 3). */
  receiptNumberText: string;
  /** Masked already (张*三). */
  applicant: string;
  acceptedAt: Date;
  timeZone?: string;
  /** YYYY-MM-DD. */
  dueDate: string;
  /** The phone page of the case: the QR code. */
  followUrl: string;
}

const chineseDate = (day: string) => `${Number(day.slice(0, 4))}年${Number(day.slice(5, 7))}月${Number(day.slice(8, 10))}日`;

export function caseReceiptLines(c: CaseReceiptContent): DocumentLine[] {
  const center = (text: string, extra: { bold?: boolean; size?: number } = {}) => ({ text, align: 'center' as const, ...extra });
  return [
    center(c.hallName, { bold: true, size: 2 }),
    center('受理回执', { bold: true, size: 2 }),
    { rule: true },
    `事项：${c.matterName}`,
    `申请人：${c.applicant}`,
    `受理时间：${formatIssuedAt(c.acceptedAt, c.timeZone)}`,
    `承诺办结：${chineseDate(c.dueDate)}前（工作日计）`,
    center('受理编号', { bold: true }),
    center(c.receiptNumberText, { bold: true, size: 2 }),
    { qr: c.followUrl, moduleSize: 5 },
    center('扫码或在自助机输入受理编号查询办理进度'),
    { rule: true },
    center('请妥善保管本回执，领取结果时出示'),
  ];
}

/** The slip as one ESC/POS job, cut at the end. */
export function caseReceiptBytes(c: CaseReceiptContent, options: DocumentOptions = {}): Buffer {
  return buildDocument(caseReceiptLines(c), options);
}
