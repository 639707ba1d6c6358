// The agent's A4 printer against a real private cupsd with a CUPS-PDF queue: a completed job, a stopped queue, paper out,
// a failing backend, cupsd down — each a clear code, and nothing left behind (no job waiting, no document in the spool).
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CupsDocumentPrinter, stateOfReasons } from '../../electron/agent/document-printer.ts';
import { startCups, type CupsServer } from '../helpers/cups.ts';

const TEST_PAGE = '/usr/share/cups/data/default-testpage.pdf';
const pdf = () => new Uint8Array(readFileSync(TEST_PAGE));

let cups: CupsServer;
const printer = (queue: string) => new CupsDocumentPrinter({ cupsUrl: cups.url, queue, pollMs: 50, faultGraceMs: 300, requestTimeoutMs: 3000 });

beforeAll(async () => {
  cups = await startCups();
  await cups.addPdfQueue('a4');
  await cups.addPdfQueue('broken', { failing: true });
}, 60_000);
afterAll(async () => {
  await cups?.stop();
});

describe('CUPS document printer', () => {
  it('prints a PDF, waits until CUPS reports the job completed, then purges it and zeroes the bytes', async () => {
    const p = printer('a4');
    expect(await p.status()).toMatchObject({ state: 'ready' });
    const before = cups.outputs();
    const bytes = pdf();
    const result = await p.print(bytes, 'certificate test');
    expect(result).toMatchObject({ status: 'completed' });
    const file = await cups.waitForOutput(before);
    expect(execFileSync('pdftotext', [file, '-']).toString()).toContain('Printer test page');
    expect(bytes.every((b) => b === 0)).toBe(true);
    expect(await cups.activeJobs('a4')).toEqual([]);
    expect(cups.spooledDocuments()).toEqual([]);
  });

  it('refuses at once on a stopped queue (cupsdisable): PRINTER_STOPPED, no job waits with the document', async () => {
    await cups.disable('a4');
    try {
      const p = printer('a4');
      expect((await p.status()).state).toBe('stopped');
      const result = await p.print(pdf(), 'certificate test');
      expect(result).toMatchObject({ status: 'failed', jobId: null, error: { code: 'PRINTER_STOPPED' } });
      expect(await cups.activeJobs('a4')).toEqual([]);
      expect(cups.spooledDocuments()).toEqual([]);
    } finally {
      await cups.enable('a4');
    }
    expect((await printer('a4').status()).state).toBe('ready');
  });

  it('maps printer-state-reasons the driver reports: media-empty → PRINTER_PAPER_OUT, jam, door open', async () => {
    const p = printer('a4');
    try {
      await cups.setReasons('a4', ['media-empty-error']);
      expect(await p.status()).toMatchObject({ state: 'paper_out', reasons: ['media-empty-error'] });
      expect(await p.print(pdf(), 'certificate test')).toMatchObject({ status: 'failed', error: { code: 'PRINTER_PAPER_OUT' } });
      await cups.setReasons('a4', ['media-jam-error']);
      expect((await p.status()).state).toBe('jam');
      await cups.setReasons('a4', ['door-open-error', 'toner-low-warning']);
      expect((await p.status()).state).toBe('door_open');
      await cups.setReasons('a4', ['toner-low-warning']);
      expect((await p.status()).state).toBe('ready');
    } finally {
      await cups.setReasons('a4', []);
    }
    expect(await cups.activeJobs('a4')).toEqual([]);
  });

  it('a failing backend ends the job: PRINTER_FAILED, the job purged from the spool', async () => {
    const result = await printer('broken').print(pdf(), 'certificate test');
    expect(result).toMatchObject({ status: 'failed', error: { code: 'PRINTER_FAILED' } });
    expect(result.jobId).toEqual(expect.any(Number));
    expect(await cups.activeJobs('broken')).toEqual([]);
    expect(cups.spooledDocuments()).toEqual([]);
  });

  it('cupsd down: PRINTER_OFFLINE at once; back up: prints again', async () => {
    await cups.kill();
    try {
      const p = printer('a4');
      expect((await p.status()).state).toBe('offline');
      const bytes = pdf();
      expect(await p.print(bytes, 'certificate test')).toMatchObject({ status: 'failed', error: { code: 'PRINTER_OFFLINE' } });
      expect(bytes.every((b) => b === 0)).toBe(true);
    } finally {
      await cups.start();
    }
    expect(await printer('a4').print(pdf(), 'certificate test')).toMatchObject({ status: 'completed' });
  });

  it('an unknown queue is offline, not a crash', async () => {
    expect((await printer('no-such-queue').status()).state).toBe('offline');
  });
});

describe('printer-state-reasons', () => {
  it('warnings do not stop printing; errors, offline reports and a paused queue do', () => {
    expect(stateOfReasons([], 'idle', true)).toBe('ready');
    expect(stateOfReasons(['media-low-warning', 'toner-low-warning'], 'idle', true)).toBe('ready');
    expect(stateOfReasons(['media-empty'], 'idle', true)).toBe('paper_out');
    expect(stateOfReasons(['media-needed-error'], 'processing', true)).toBe('paper_out');
    expect(stateOfReasons(['cover-open-error'], 'idle', true)).toBe('door_open');
    expect(stateOfReasons(['offline-report'], 'idle', true)).toBe('offline');
    expect(stateOfReasons(['paused'], 'stopped', true)).toBe('stopped');
    expect(stateOfReasons([], 'idle', false)).toBe('stopped');
    expect(stateOfReasons(['marker-supply-empty-error'], 'idle', true)).toBe('error');
    expect(stateOfReasons(['cups-waiting-for-job-completed'], 'processing', true)).toBe('ready');
  });
});
