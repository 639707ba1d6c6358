// Driver timings over real ptys against the emulators, each next to the wire time it cannot beat.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { EscPosPrinter, SAMPLE_RESIDENT, SamIdCardReader, startIdReaderEmulator, startPrinterEmulator, ticketBytes, wireTimeMs } from '../drivers/index.ts';

const READER_BAUD = 115200;
const PRINTER_BAUD = 9600;
const READ_REPLY_BYTES = 1295;
const ID_CYCLES = 10;
const TICKET_PRINTS = 3;

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const ms = (value: number) => `${value.toFixed(1)} ms`;
const ratioLine = (measured: number, reference: number) => `ratio ${(measured / reference).toFixed(2)}, goal <= 1.2`;

async function benchIdRead(dir: string): Promise<string> {
  const emulator = await startIdReaderEmulator({
    path: join(dir, 'reader'),
    baudRate: READER_BAUD,
    card: SAMPLE_RESIDENT,
  });
  const reader = new SamIdCardReader({ path: emulator.path, baudRate: READER_BAUD });
  try {
    await reader.open();
    await reader.readCard();
    const cycles: number[] = [];
    for (let i = 0; i < ID_CYCLES; i++) {
      const started = performance.now();
      await reader.readCard();
      cycles.push(performance.now() - started);
    }
    const cycle = median(cycles);
    const wire = wireTimeMs(READ_REPLY_BYTES, READER_BAUD);
    return `id read cycle (find+select+read, median of ${ID_CYCLES}): ${ms(cycle)} (wire time of the ${READ_REPLY_BYTES}-byte reply at ${READER_BAUD} baud ${ms(wire)}, ${ratioLine(cycle, wire)})`;
  } finally {
    await reader.stop();
    await emulator.close();
  }
}

async function benchTicket(dir: string): Promise<string[]> {
  const emulator = await startPrinterEmulator({ path: join(dir, 'printer'), baudRate: PRINTER_BAUD });
  const printer = new EscPosPrinter({ path: emulator.path, baudRate: PRINTER_BAUD });
  const job = ticketBytes({
    hallName: '玄武区政务服务中心',
    serviceName: '户籍办理',
    number: 'A023',
    waitingAhead: 5,
    estimatedWaitMinutes: 12,
    issuedAt: new Date(),
    visitorName: '张小三',
    mobileUrl: 'https://hall.example.gov.cn/t/8f3a2c',
  });
  try {
    await printer.ready();
    const receipts = [];
    for (let i = 0; i < TICKET_PRINTS; i++) receipts.push(await printer.print(job));
    const confirmed = median(receipts.map((r) => r.confirmedMs));
    const drained = median(receipts.map((r) => r.drainMs));
    const wire = wireTimeMs(job.length, PRINTER_BAUD);
    return [
      `ticket size: ${job.length} bytes of ESC/POS (goal < 1024)`,
      `ticket printed and confirmed (median of ${TICKET_PRINTS}): ${ms(confirmed)} (wire time of ${job.length} bytes at ${PRINTER_BAUD} baud ${ms(wire)}, ${ratioLine(confirmed, wire)})`,
      `ticket drain returned after ${ms(drained)}: the pty buffers the whole job, so only the printer's status reply after it proves delivery`,
    ];
  } finally {
    await printer.stop();
    await emulator.close();
  }
}

export async function benchDrivers(): Promise<string[]> {
  const dir = mkdtempSync(join(tmpdir(), 'hall-bench-'));
  try {
    return [
      await benchIdRead(dir),
      ...(await benchTicket(dir)),
      'note: ptys do not enforce baud rates; the emulators pace what they send and take in at the configured baud, so the figures reflect the wire',
    ];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  for (const line of await benchDrivers()) console.log(line);
}
