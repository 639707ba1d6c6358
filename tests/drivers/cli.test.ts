// The installer's diagnostics tool, run as a real process against emulators on ptys.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startIdReaderEmulator, startPrinterEmulator, type IdReaderEmulator, type PrinterEmulator } from '../../drivers/index.ts';
import { ptyDir, residentMinorityRare } from './fixtures.ts';

const run = async (...args: string[]) => {
  try {
    const { stdout } = await promisify(execFile)('npx', ['tsx', 'drivers/cli.ts', ...args], { timeout: 20_000 });
    return { code: 0, stdout };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
};

let dir: ReturnType<typeof ptyDir>;
let reader: IdReaderEmulator;
let printer: PrinterEmulator;

beforeAll(async () => {
  dir = ptyDir();
  reader = await startIdReaderEmulator({ path: dir.link('reader'), card: residentMinorityRare });
  printer = await startPrinterEmulator({ path: dir.link('printer'), baudRate: 115200 });
});

afterAll(async () => {
  await reader.close();
  await printer.close();
  dir.remove();
});

it('read-id reports the SAM id and the card, masked, as JSON', async () => {
  const { code, stdout } = await run('read-id', '--port', reader.path, '--seconds', '3', '--json');
  expect(code).toBe(0);
  const report = JSON.parse(stdout);
  expect(report).toMatchObject({
    ok: true,
    samId: '05.01-20250101-0000000001-2104000001',
    card: { kind: 'resident', name: '阿******提', nation: '维吾尔', rareCharacters: [{ index: 2, codePoint: 'U+E80C' }] },
  });
  expect(report.card.idNumber).toMatch(/^6501\*{10}\d{3}[\dX]$/);
});

it('print-test prints a ticket with the rare-character line as an image, and status reads the printer', async () => {
  const printed = await run('print-test', '--port', printer.path, '--baud', '115200', '--json');
  expect(JSON.parse(printed.stdout)).toMatchObject({ ok: true, printed: true, status: 'ready' });
  expect(printer.tickets.at(-1)!.lines).toContain('T001');
  expect(printer.tickets.at(-1)!.images.length).toBe(2);
  printer.setPaper('near_end');
  const status = await run('status', '--port', printer.path, '--baud', '115200', '--json');
  expect(JSON.parse(status.stdout)).toMatchObject({ ok: true, state: 'paper_near_end', paperNearEnd: true });
});

it('says what to do next when the port is wrong or the arguments are', async () => {
  const missing = await run('status', '--port', `${dir.dir}/nothing`, '--json');
  expect(missing.code).toBe(1);
  expect(JSON.parse(missing.stdout).error.en).toMatch(/check power, cable and baud rate/);
  const usage = await run('read-id');
  expect(usage.code).toBe(1);
  expect(usage.stderr).toContain('needs --port');
  const unknown = await run('frobnicate');
  expect(unknown.code).toBe(2);
  expect(unknown.stderr).toContain('usage: npm run devices');
});
