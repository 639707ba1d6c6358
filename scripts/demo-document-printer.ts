// The demo's certificate printer when no CUPS queue is there: each job's PDF is written into the demo's data folder,
// shown once by the device simulator and deleted as it is shown (and at start and stop); its faults are set by buttons.
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  CupsDocumentPrinter,
  faultOf,
  type DocumentPrinter,
  type DocumentPrinterState,
  type DocumentPrinterStatus,
  type DocumentPrintResult,
} from '../electron/agent/document-printer.ts';

export type EmulatedPrinterState = Extract<DocumentPrinterState, 'ready' | 'paper_out' | 'jam' | 'door_open' | 'offline'>;

export class FolderDocumentPrinter implements DocumentPrinter {
  readonly name = 'emulated A4 printer';
  state: EmulatedPrinterState = 'ready';
  #job = 0;

  constructor(readonly dir: string) {
    // A PDF left by a demo that was killed carries a name: it goes.
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true, mode: 0o700 });
  }

  async status(): Promise<DocumentPrinterStatus> {
    return { state: this.state, reasons: [], message: null };
  }

  async print(pdf: Uint8Array): Promise<DocumentPrintResult> {
    const jobId = ++this.#job;
    try {
      if (this.state !== 'ready') return { status: 'failed', jobId, state: this.state, error: faultOf(this.state) };
      writeFileSync(join(this.dir, `certificate-${String(jobId).padStart(4, '0')}.pdf`), pdf, { mode: 0o600 });
      return { status: 'completed', jobId };
    } finally {
      pdf.fill(0);
    }
  }

  /** Printed certificates not yet viewed, oldest first. */
  waiting(): string[] {
    return readdirSync(this.dir)
      .filter((f) => f.endsWith('.pdf'))
      .sort();
  }

  /** The oldest printed certificate's bytes, deleted from the folder as it is handed over; null when none is waiting. */
  take(): Buffer | null {
    const file = this.waiting()[0];
    if (!file) return null;
    const path = join(this.dir, file);
    const bytes = readFileSync(path);
    rmSync(path);
    return bytes;
  }

  close(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }
}

/**
 * The demo's certificate printer: the CUPS queue KIOSK_DOCUMENT_PRINTER when that CUPS answers for it, otherwise the
 * emulated one in `dataDir`, with a line saying what the real print system would add.
 */
export async function demoDocumentPrinter(
  env: NodeJS.ProcessEnv,
  dataDir: string,
): Promise<{ printer: DocumentPrinter; emulated: FolderDocumentPrinter | null; note: string }> {
  const queue = env.KIOSK_DOCUMENT_PRINTER || 'PDF';
  const cupsUrl = env.KIOSK_CUPS_URL || 'http://127.0.0.1:631';
  const cups = new CupsDocumentPrinter({ queue, cupsUrl, requestTimeoutMs: 1500 });
  const status = await cups.status();
  if (status.state !== 'offline') return { printer: cups, emulated: null, note: `CUPS queue ${queue} at ${cupsUrl} (${status.state})` };
  const emulated = new FolderDocumentPrinter(join(dataDir, 'printed-certificates'));
  return {
    printer: emulated,
    emulated,
    note:
      `emulated (no CUPS queue ${queue} at ${cupsUrl}: ${status.message ?? 'not there'}). Certificates land in ${emulated.dir} and the simulator shows each once, then deletes it. ` +
      'With CUPS (apt-get install cups printer-driver-cups-pdf; lpadmin -p PDF -v cups-pdf:/ -E -m lsb/usr/cups-pdf/CUPS-PDF_opt.ppd -o pdftops-renderer-default=pdftocairo) ' +
      'the kiosk prints through the real print system: jobs followed to completed, printer-state-reasons as kiosk messages and alerts',
  };
}
