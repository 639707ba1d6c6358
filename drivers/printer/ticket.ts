// The queue ticket's layout: what a visitor takes from the kiosk, in their language.
import { maskName } from '../../core/id-card.ts';
import { localTime } from '../../core/time.ts';
import { buildDocument, type DocumentLine, type DocumentOptions } from './document.ts';

export type TicketLanguage = 'zh-CN' | 'zh-TW' | 'en';

export interface TicketContent {
  hallName: string;
  serviceName: string;
  /** The queue number as called, e.g. A023. */
  number: string;
  waitingAhead: number;
  /** Null while the hall has no estimate yet. */
  estimatedWaitMinutes: number | null;
  issuedAt: Date;
  /** The hall's IANA zone for the printed time; the machine's own zone when absent. */
  timeZone?: string;
  /** Full name from a swiped ID card; printed masked (张*三). */
  visitorName?: string;
  /** Mobile ticket page, printed as a QR code. */
  mobileUrl: string;
  language?: TicketLanguage;
}

interface TicketStrings {
  ahead(count: number): string;
  wait(minutes: number | null): string;
  issued(time: string): string;
  visitor(name: string): string;
  scan: string;
  notice: string;
}

export const TICKET_TEXT: Record<TicketLanguage, TicketStrings> = {
  'zh-CN': {
    ahead: (n) => `您前面还有 ${n} 人`,
    wait: (m) => (m === null ? '预计等候时间计算中' : `预计等候约 ${m} 分钟`),
    issued: (t) => `取号时间：${t}`,
    visitor: (name) => `姓名：${name}`,
    scan: '扫码查看排队进度',
    notice: '请留意叫号，过号请重新取号',
  },
  'zh-TW': {
    ahead: (n) => `您前面還有 ${n} 人`,
    wait: (m) => (m === null ? '預計等候時間計算中' : `預計等候約 ${m} 分鐘`),
    issued: (t) => `取號時間：${t}`,
    visitor: (name) => `姓名：${name}`,
    scan: '掃碼查看排隊進度',
    notice: '請留意叫號，過號請重新取號',
  },
  en: {
    ahead: (n) => (n === 1 ? '1 person ahead of you' : `${n} people ahead of you`),
    wait: (m) => (m === null ? 'Estimated wait: calculating' : `Estimated wait: about ${m} min`),
    issued: (t) => `Issued: ${t}`,
    visitor: (name) => `Name: ${name}`,
    scan: 'Scan to follow your place in the queue',
    notice: 'Please listen for your number; a missed number needs a new ticket',
  },
};

const pad = (n: number) => String(n).padStart(2, '0');
/** The hall's local time, as staff read it on the ticket, whatever zone the kiosk's own clock is set to. */
export const formatIssuedAt = (d: Date, timeZone?: string): string => {
  const t = timeZone
    ? localTime(d.getTime(), timeZone)
    : { year: d.getFullYear(), month: d.getMonth() + 1, day: d.getDate(), hour: d.getHours(), minute: d.getMinutes() };
  return `${t.year}-${pad(t.month)}-${pad(t.day)} ${pad(t.hour)}:${pad(t.minute)}`;
};

export function ticketLines(ticket: TicketContent): DocumentLine[] {
  const text = TICKET_TEXT[ticket.language ?? 'zh-CN'];
  const center = (line: string, extra: { bold?: boolean; size?: number } = {}) => ({ text: line, align: 'center' as const, ...extra });
  return [
    center(ticket.hallName, { bold: true, size: 2 }),
    center(ticket.serviceName),
    center(ticket.number, { bold: true, size: 6 }),
    center(text.ahead(ticket.waitingAhead)),
    center(text.wait(ticket.estimatedWaitMinutes)),
    ...(ticket.visitorName ? [center(text.visitor(maskName(ticket.visitorName)))] : []),
    { qr: ticket.mobileUrl, moduleSize: 5 },
    center(text.scan),
    center(text.issued(formatIssuedAt(ticket.issuedAt, ticket.timeZone))),
    { rule: true },
    center(text.notice),
  ];
}

/** The ticket as one ESC/POS job, cut at the end. */
export function ticketBytes(ticket: TicketContent, options: DocumentOptions = {}): Buffer {
  return buildDocument(ticketLines(ticket), options);
}
