// The ESC/POS printer driver over real ptys against the printer emulator.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  buildDocument,
  EscPosPrinter,
  PrinterError,
  printLines,
  startPrinterEmulator,
  ticketBytes,
  type PrinterEmulator,
  type PrinterState,
  type TicketContent,
} from '../../drivers/index.ts';
import { ptyDir } from './fixtures.ts';

const BAUD = 115200;
const ticket: TicketContent = {
  hallName: '玄武区政务服务中心',
  serviceName: '户籍办理',
  number: 'A023',
  waitingAhead: 2,
  estimatedWaitMinutes: 6,
  issuedAt: new Date(2025, 2, 7, 9, 30),
  visitorName: '欧阳小明',
  mobileUrl: 'https://hall.example.gov.cn/t/8f3a2c',
};

let dir: ReturnType<typeof ptyDir>;
let emulator: PrinterEmulator;
let printer: EscPosPrinter;

beforeEach(async () => {
  dir = ptyDir();
  emulator = await startPrinterEmulator({ path: dir.link('printer'), baudRate: BAUD });
  printer = new EscPosPrinter({ path: emulator.path, baudRate: BAUD, retryMinMs: 50, retryMaxMs: 200, statusTimeoutMs: 300 });
});

afterEach(async () => {
  await printer.stop();
  await emulator.close();
  dir.remove();
});

describe('printing', () => {
  it('prints a ticket the printer decodes line by line, and confirms it only after the printer answers', async () => {
    await printer.ready();
    const receipt = await printer.print(ticketBytes(ticket));
    expect(emulator.tickets).toHaveLength(1);
    const printed = emulator.tickets[0]!;
    expect(printed.lines).toContain('A023');
    expect(printed.lines).toContain('姓名：欧**明');
    expect(printed.qrCodes).toEqual([ticket.mobileUrl]);
    expect(printed.partialCut).toBe(true);
    expect(receipt.bytes).toBe(ticketBytes(ticket).length);
    expect(receipt.confirmedMs).toBeGreaterThanOrEqual(receipt.drainMs);
    // The emulator takes bytes in at the baud rate, so confirmation cannot beat the wire.
    expect(receipt.confirmedMs).toBeGreaterThanOrEqual((receipt.bytes * 10 * 1000) / BAUD - 1);
  });

  it('prints a certificate from plain lines on the same roll', async () => {
    await printer.ready();
    await printLines(printer, [{ text: '证明', align: 'center', bold: true, size: 2 }, '兹证明张小三同志于今日到本中心办理业务。', { rule: true }]);
    expect(emulator.tickets[0]!.lines.slice(0, 2)).toEqual(['证明', '兹证明张小三同志于今日到本中心办理业务。']);
  });
});

describe('status', () => {
  it('surfaces paper near end, paper out, cover open and ready as events pushed by the printer', async () => {
    const states: PrinterState[] = [];
    printer.on('status', (s) => states.push(s.state));
    await printer.ready();
    for (const [act, expected] of [
      [() => emulator.setPaper('near_end'), 'paper_near_end'],
      [() => emulator.setPaper('out'), 'paper_out'],
      [() => emulator.setPaper('ok'), 'ready'],
      [() => emulator.openCover(), 'cover_open'],
      [() => emulator.closeCover(), 'ready'],
    ] as const) {
      const seen = printer.next('status', 2000, (s) => s.state === expected);
      act();
      await seen;
    }
    expect(states).toEqual(['ready', 'paper_near_end', 'paper_out', 'ready', 'cover_open', 'ready']);
  });

  it('answers a real-time status query', async () => {
    await printer.ready();
    emulator.setPaper('near_end');
    expect((await printer.queryStatus()).paperNearEnd).toBe(true);
  });

  it('still prints when the paper is only near its end', async () => {
    emulator.setPaper('near_end');
    await printer.ready();
    await printer.print(ticketBytes(ticket));
    expect(emulator.tickets).toHaveLength(1);
  });
});

describe('failures', () => {
  it('refuses a job while out of paper or with the cover open, sending nothing', async () => {
    await printer.ready();
    emulator.setPaper('out');
    const job = ticketBytes(ticket);
    const error = await printer.print(job).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PrinterError);
    expect(error).toMatchObject({ code: 'paper_out', job });
    expect((error as PrinterError).zh).toContain('缺纸');
    emulator.setPaper('ok');
    emulator.openCover();
    await expect(printer.print(job)).rejects.toMatchObject({ code: 'cover_open' });
    expect(emulator.tickets).toHaveLength(0);
    expect(emulator.spoiled).toHaveLength(0);
  });

  it('fails a job whose paper runs out midway, and reprints it once the roll is changed', async () => {
    await printer.ready();
    const job = ticketBytes(ticket);
    emulator.paperOutAfter(100);
    const error = (await printer.print(job).catch((e: unknown) => e)) as PrinterError;
    expect(error).toMatchObject({ code: 'paper_out' });
    expect(emulator.tickets).toHaveLength(0);
    emulator.setPaper('ok');
    await printer.next('status', 2000, (s) => s.state === 'ready');
    await printer.print(error.job!);
    expect(emulator.tickets).toHaveLength(1);
    expect(emulator.tickets[0]!.lines).toContain('A023');
  });

  it('detects a printer that disappears mid-job instead of waiting forever, and recovers after replug', async () => {
    const slowDir = ptyDir();
    const slow = await startPrinterEmulator({ path: slowDir.link('printer'), baudRate: 9600 });
    const slowPrinter = new EscPosPrinter({ path: slow.path, baudRate: 9600, retryMinMs: 50, retryMaxMs: 200, statusTimeoutMs: 300 });
    try {
      await slowPrinter.ready();
      // About 2.5 s of wire time at 9600 baud: the printer vanishes well before the end.
      const big = buildDocument(Array.from({ length: 60 }, (_, i) => `第${i}行 ${'证明'.repeat(4)}`));
      const started = Date.now();
      const job = slowPrinter.print(big).catch((e: unknown) => e);
      await new Promise((resolve) => setTimeout(resolve, 300));
      await slow.unplug();
      expect(await job).toMatchObject({ code: 'disconnected' });
      expect(Date.now() - started).toBeLessThan(2000);
      expect(slowPrinter.status.state).toBe('disconnected');
      const back = slowPrinter.next('status', 3000, (s) => s.state === 'ready');
      await slow.replug();
      await back;
      await slowPrinter.print(ticketBytes(ticket));
      expect(slow.tickets).toHaveLength(1);
    } finally {
      await slowPrinter.stop();
      await slow.close();
      slowDir.remove();
    }
  });

  it('fails with not_responding, in bounded time, when a printer stops answering behind an attached cable', async () => {
    await printer.ready();
    emulator.powerOff();
    const started = Date.now();
    await expect(printer.print(ticketBytes(ticket))).rejects.toMatchObject({ code: 'not_responding' });
    expect(Date.now() - started).toBeLessThan(1500);
    emulator.powerOn();
    await printer.print(ticketBytes(ticket));
    expect(emulator.tickets).toHaveLength(1);
  });

  it('fails with disconnected when the printer is unplugged before a job', async () => {
    await printer.ready();
    const gone = printer.next('status', 2000, (s) => s.state === 'disconnected');
    await emulator.unplug();
    await gone;
    await expect(printer.print(ticketBytes(ticket))).rejects.toMatchObject({ code: 'disconnected' });
  });
});
