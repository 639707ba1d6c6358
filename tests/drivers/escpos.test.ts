// ESC/POS builder, ticket layout and decoder, without a serial port.
import { describe, expect, it } from 'vitest';
import {
  buildDocument,
  EscPosBuilder,
  EscPosDecoder,
  fontRasterizer,
  inkDots,
  scrubRealtimeSequences,
  statusFromAsb,
  statusFromRealtime,
  TICKET_TEXT,
  ticketBytes,
  type DecodedCommand,
  type PrintedItem,
  type TicketContent,
} from '../../drivers/index.ts';

const ticket: TicketContent = {
  hallName: '玄武区政务服务中心',
  serviceName: '户籍办理',
  number: 'A023',
  waitingAhead: 5,
  estimatedWaitMinutes: 12,
  issuedAt: new Date(2025, 2, 7, 9, 30),
  visitorName: '张小三',
  mobileUrl: 'https://hall.example.gov.cn/t/8f3a2c',
};

const printed = (bytes: Buffer): PrintedItem[] => new EscPosDecoder().push(bytes).flatMap((c: DecodedCommand) => (c.kind === 'print' ? [c.item] : []));
const textsOf = (items: PrintedItem[]) => items.flatMap((i) => (i.kind === 'text' ? [i.text] : []));

describe('EscPosBuilder', () => {
  it('emits the documented QR sequence with the store length k + 3', () => {
    const bytes = new EscPosBuilder().qr('ABC', { moduleSize: 4, level: 'H' }).bytes();
    expect(bytes.toString('hex')).toBe(
      ['1d286b040031413200', '1d286b0300314304', '1d286b0300314533', '1d286b0600315030414243', '1d286b0300315130', '0a'].join(''),
    );
  });

  it('encodes text in GB18030 with size, bold and alignment', () => {
    const bytes = new EscPosBuilder().init().line('号码', { align: 'center', bold: true, width: 2, height: 3 }).bytes();
    expect(bytes.toString('hex')).toBe('1b401c26' + '1b6101' + '1b4501' + '1d2112' + 'bac5c2eb' + '0a');
  });

  it('never lets control characters in visitor data reach the printer as commands', () => {
    const bytes = new EscPosBuilder().line('A\x1b@\x10\x04\x01B').bytes();
    expect([...bytes].filter((b) => b < 0x20 && b !== 0x0a)).toEqual([]);
  });

  it('breaks real-time command sequences inside image data by clearing one dot', () => {
    const data = scrubRealtimeSequences(Buffer.from([0x10, 0x04, 0x01, 0x10, 0x05, 0x10, 0x14, 0xff]));
    expect([...data]).toEqual([0x10, 0x00, 0x01, 0x10, 0x01, 0x10, 0x10, 0xff]);
  });

  it('prints 4-byte GB18030 characters as a raster image drawn with a real font, never as ?', () => {
    const bytes = new EscPosBuilder(fontRasterizer()).line('张𬌗三').bytes();
    const items = printed(bytes);
    expect(textsOf(items)).toEqual([]);
    const image = items.find((i) => i.kind === 'image');
    expect(image?.kind).toBe('image');
    if (image?.kind !== 'image') return;
    expect(image.image.height).toBe(24);
    expect(image.image.width).toBeGreaterThanOrEqual(48);
    // Three glyphs of ink, the rare one included: far more than an empty box or nothing.
    expect(inkDots(image.image)).toBeGreaterThan(150);
  });
});

describe('ticket layout', () => {
  it('decodes back to the hall, service, number, queue, masked name, QR and notice, under 1 KB', () => {
    const bytes = ticketBytes(ticket);
    expect(bytes.length).toBeLessThan(1024);
    const items = printed(bytes);
    const texts = textsOf(items);
    expect(texts).toEqual([
      '玄武区政务服务中心',
      '户籍办理',
      'A023',
      '您前面还有 5 人',
      '预计等候约 12 分钟',
      '姓名：张*三',
      '扫码查看排队进度',
      '取号时间：2025-03-07 09:30',
      '-'.repeat(48),
      '请留意叫号，过号请重新取号',
    ]);
    expect(items.find((i) => i.kind === 'text' && i.text === 'A023')).toMatchObject({ width: 6, height: 6, bold: true, align: 'center' });
    expect(items.filter((i) => i.kind === 'qr').map((i) => (i.kind === 'qr' ? i.data : ''))).toEqual([ticket.mobileUrl]);
    expect(texts.join('')).not.toContain('小');
  });

  it('speaks zh-TW and en from the same layout', () => {
    expect(textsOf(printed(ticketBytes({ ...ticket, language: 'zh-TW' })))).toContain('您前面還有 5 人');
    const en = textsOf(printed(ticketBytes({ ...ticket, language: 'en', visitorName: 'John Smith', estimatedWaitMinutes: null })));
    expect(en).toContain('5 people ahead of you');
    expect(en).toContain('Estimated wait: calculating');
    expect(en).toContain('Name: J*** S****');
    expect(Object.keys(TICKET_TEXT).sort()).toEqual(['en', 'zh-CN', 'zh-TW']);
  });

  it('draws a masked rare-character name as an image and keeps the rest as text', () => {
    const items = printed(ticketBytes({ ...ticket, visitorName: '𬌗小明' }));
    expect(textsOf(items).some((t) => t.startsWith('姓名'))).toBe(false);
    expect(items.filter((i) => i.kind === 'image')).toHaveLength(1);
    expect(textsOf(items)).toContain('A023');
  });
});

describe('documents', () => {
  it('wraps long certificate lines to the paper width, counting Chinese characters as two columns', () => {
    const line = '兹证明'.repeat(20);
    const texts = textsOf(printed(buildDocument([{ text: '证明', align: 'center', size: 2 }, line, { rule: true }])));
    expect(texts[0]).toBe('证明');
    expect(texts.slice(1, 3)).toEqual(['兹证明'.repeat(8), '兹证明'.repeat(8)]);
    expect(texts[3]).toBe('兹证明'.repeat(4));
  });
});

describe('status bytes', () => {
  it('reads the documented DLE EOT replies', () => {
    expect(statusFromRealtime(0x12, 0x12, 0x12).state).toBe('ready');
    expect(statusFromRealtime(0x12, 0x12, 0x1e).state).toBe('paper_near_end');
    expect(statusFromRealtime(0x1a, 0x32, 0x72).state).toBe('paper_out');
    expect(statusFromRealtime(0x1a, 0x16, 0x12).state).toBe('cover_open');
    expect(statusFromRealtime(0x1a, 0x52, 0x12).state).toBe('offline');
  });

  it('reads automatic status back bytes', () => {
    expect(statusFromAsb([0x10, 0, 0, 0]).state).toBe('ready');
    expect(statusFromAsb([0x38, 0, 0, 0]).state).toBe('cover_open');
    expect(statusFromAsb([0x18, 0, 0x0c, 0]).state).toBe('paper_out');
    expect(statusFromAsb([0x10, 0, 0x03, 0]).state).toBe('paper_near_end');
  });
});
