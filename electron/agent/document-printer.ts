// The kiosk's A4 document printer through the operating system's print system: CUPS over IPP. Each job is followed to
// completed / aborted / canceled; printer-state-reasons become the kiosk's error codes and device alerts; every job is
// purged from CUPS's spool when it ends, and the PDF bytes are zeroed, so the printed name stays on paper only.
import { userInfo } from 'node:os';
import ipp from 'ipp';
import type { DocumentPrinterState } from '../../client/kiosk-agent.ts';

export type { DocumentPrinterState };

export interface DocumentPrinterStatus {
  state: DocumentPrinterState;
  /** The printer-state-reasons CUPS reported (for the log and the manager's alert text). */
  reasons: string[];
  message: string | null;
}

export interface PrintError {
  /** PRINTER_PAPER_OUT, PRINTER_JAM, PRINTER_DOOR_OPEN, PRINTER_ERROR, PRINTER_OFFLINE, PRINTER_STOPPED, PRINTER_FAILED, PRINTER_TIMEOUT, PRINTER_ABSENT. */
  code: string;
  message: string;
}

export type DocumentPrintResult =
  { status: 'completed'; jobId: number | null } | { status: 'failed'; jobId: number | null; state: DocumentPrinterState; error: PrintError };

/** What the agent needs of an A4 printer: CUPS here, an emulated one in the demo. */
export interface DocumentPrinter {
  readonly name: string;
  status(): Promise<DocumentPrinterStatus>;
  /** Prints and resolves when the job has ended. The caller's bytes are zeroed once sent. */
  print(pdf: Uint8Array, title: string): Promise<DocumentPrintResult>;
}

export interface CupsPrinterOptions {
  /** The CUPS server, default http://127.0.0.1:631. */
  cupsUrl?: string;
  /** The queue (env KIOSK_DOCUMENT_PRINTER). */
  queue: string;
  /** The job's requesting-user-name; default the agent's user. */
  user?: string;
  /** How often a running job is asked for its state. */
  pollMs?: number;
  /** How long a printer fault (paper out, stopped queue…) may hold a submitted job before it is canceled. */
  faultGraceMs?: number;
  /** A job not ended by then is canceled: the visitor is not kept waiting at the screen. */
  jobTimeoutMs?: number;
  requestTimeoutMs?: number;
}

/** What the screen says, per state: what happened and what to do next. */
const FAULTS: Record<Exclude<DocumentPrinterState, 'ready'>, PrintError> = {
  paper_out: { code: 'PRINTER_PAPER_OUT', message: '证明打印机缺纸，请联系工作人员加纸后再打印' },
  jam: { code: 'PRINTER_JAM', message: '证明打印机卡纸，请联系工作人员处理后再打印' },
  door_open: { code: 'PRINTER_DOOR_OPEN', message: '证明打印机舱门未关好，请联系工作人员处理后再打印' },
  error: { code: 'PRINTER_ERROR', message: '证明打印机故障，请联系工作人员' },
  offline: { code: 'PRINTER_OFFLINE', message: '证明打印机未连接，请联系工作人员，或稍后再试' },
  stopped: { code: 'PRINTER_STOPPED', message: '证明打印机已暂停使用，请联系工作人员' },
  absent: { code: 'PRINTER_ABSENT', message: '本机未配置证明打印机，请到服务窗口办理' },
};
const JOB_FAILED: PrintError = { code: 'PRINTER_FAILED', message: '打印未完成，请联系工作人员，稍后可重新打印' };
const JOB_TIMEOUT: PrintError = { code: 'PRINTER_TIMEOUT', message: '打印超时未完成，请联系工作人员，稍后可重新打印' };

export function faultOf(state: Exclude<DocumentPrinterState, 'ready'>): PrintError {
  return FAULTS[state];
}

/**
 * The state a set of printer-state-reasons means. `-warning` reasons do not stop printing; bare and `-error` ones do.
 * CUPS reports an unreachable device as `offline-report`, and a disabled queue as `paused`.
 */
export function stateOfReasons(reasons: readonly string[], printerState: string, accepting: boolean): DocumentPrinterState {
  const faults = new Set<string>();
  for (const reason of reasons) {
    const m = /^(.*?)(-error|-warning|-report)?$/.exec(reason)!;
    const base = m[1]!;
    if (base === 'offline' || base === 'shutdown' || base === 'timed-out') faults.add('offline');
    else if (m[2] !== '-warning' && m[2] !== '-report' && base !== 'none') faults.add(base);
  }
  if (faults.has('media-empty') || faults.has('media-needed')) return 'paper_out';
  if (faults.has('media-jam')) return 'jam';
  if (faults.has('door-open') || faults.has('cover-open') || faults.has('interlock-open')) return 'door_open';
  if (faults.has('offline')) return 'offline';
  if (printerState === 'stopped' || !accepting || faults.has('paused')) return 'stopped';
  // Reasons that are CUPS's notes, not faults of the device.
  for (const note of ['cups-waiting-for-job-completed', 'cups-missing-filter', 'moving-to-paused', 'other']) faults.delete(note);
  for (const f of faults) if (f.startsWith('cups-') || f.startsWith('com.')) faults.delete(f);
  return faults.size > 0 ? 'error' : 'ready';
}

type IppAnswer = Record<string, Record<string, unknown> | string | number | undefined> & { statusCode: string };

/** CUPS's purge-job (Cancel-Job that also deletes the job's files and history), which the ipp package does not list. */
const operationAttributes = (ipp.attributes as Record<string, Record<string, unknown>>).Operation!;
operationAttributes['purge-job'] ??= operationAttributes['my-jobs'];

const asList = (v: unknown): string[] => (Array.isArray(v) ? v.map(String) : v === undefined ? [] : [String(v)]);

export class CupsDocumentPrinter implements DocumentPrinter {
  readonly name: string;
  readonly #url: string;
  readonly #printerUri: string;
  readonly #o: Required<Omit<CupsPrinterOptions, 'cupsUrl'>>;

  constructor(options: CupsPrinterOptions) {
    const base = (options.cupsUrl ?? 'http://127.0.0.1:631').replace(/\/$/, '');
    this.name = options.queue;
    this.#url = `${base}/printers/${encodeURIComponent(options.queue)}`;
    this.#printerUri = `${base.replace(/^http/, 'ipp')}/printers/${encodeURIComponent(options.queue)}`;
    this.#o = { user: userInfo().username, pollMs: 200, faultGraceMs: 4000, jobTimeoutMs: 60_000, requestTimeoutMs: 5000, ...options };
  }

  async status(): Promise<DocumentPrinterStatus> {
    let answer: IppAnswer;
    try {
      answer = await this.#call('Get-Printer-Attributes', {
        'requested-attributes': ['printer-state', 'printer-state-reasons', 'printer-is-accepting-jobs', 'printer-state-message'],
      });
    } catch (error) {
      return { state: 'offline', reasons: [], message: `CUPS unreachable: ${String(error)}` };
    }
    // An unknown queue: the configuration names a printer this CUPS does not have.
    if (answer.statusCode !== 'successful-ok') return { state: 'offline', reasons: [], message: `CUPS: ${answer.statusCode}` };
    const p = (answer['printer-attributes-tag'] ?? {}) as Record<string, unknown>;
    const reasons = asList(p['printer-state-reasons']).filter((r) => r !== 'none');
    const state = stateOfReasons(reasons, String(p['printer-state'] ?? 'idle'), p['printer-is-accepting-jobs'] !== false);
    const message = typeof p['printer-state-message'] === 'string' && p['printer-state-message'] ? p['printer-state-message'] : null;
    return { state, reasons, message };
  }

  async print(pdf: Uint8Array, title: string): Promise<DocumentPrintResult> {
    let jobId: number | null = null;
    try {
      // A known fault refuses at once: no job waits in the spool with the visitor's name on it.
      const before = await this.status();
      if (before.state !== 'ready') return { status: 'failed', jobId, state: before.state, error: FAULTS[before.state] };
      let answer: IppAnswer;
      try {
        answer = await this.#call(
          'Print-Job',
          { 'requesting-user-name': this.#o.user, 'job-name': title, 'document-format': 'application/pdf' },
          Buffer.from(pdf.buffer, pdf.byteOffset, pdf.byteLength),
        );
      } catch {
        return { status: 'failed', jobId, state: 'offline', error: FAULTS.offline };
      }
      if (answer.statusCode !== 'successful-ok') {
        const status = await this.status();
        const state = status.state === 'ready' ? 'error' : status.state;
        return { status: 'failed', jobId, state, error: state === 'error' ? JOB_FAILED : FAULTS[state] };
      }
      jobId = Number((answer['job-attributes-tag'] as Record<string, unknown>)['job-id']);
      return await this.#follow(jobId);
    } finally {
      pdf.fill(0);
      if (jobId !== null) await this.#purge(jobId);
    }
  }

  async #follow(jobId: number): Promise<DocumentPrintResult> {
    const started = Date.now();
    let faultSince: number | null = null;
    for (;;) {
      let job: Record<string, unknown>;
      try {
        const answer = await this.#call('Get-Job-Attributes', { 'job-id': jobId, 'requested-attributes': ['job-state', 'job-state-reasons'] });
        job = (answer['job-attributes-tag'] ?? {}) as Record<string, unknown>;
      } catch {
        // cupsd went away under the job: it may come back with it, but the visitor is told now.
        return { status: 'failed', jobId, state: 'offline', error: FAULTS.offline };
      }
      const state = String(job['job-state']);
      if (state === 'completed') return { status: 'completed', jobId };
      if (state === 'aborted' || state === 'canceled') {
        const printer = await this.status();
        const s = printer.state === 'ready' ? 'error' : printer.state;
        return { status: 'failed', jobId, state: s, error: s === 'error' ? JOB_FAILED : FAULTS[s] };
      }
      const printer = await this.status();
      const now = Date.now();
      if (printer.state !== 'ready') {
        faultSince ??= now;
        if (now - faultSince >= this.#o.faultGraceMs) return { status: 'failed', jobId, state: printer.state, error: FAULTS[printer.state] };
      } else faultSince = null;
      if (now - started > this.#o.jobTimeoutMs) return { status: 'failed', jobId, state: 'error', error: JOB_TIMEOUT };
      await new Promise((r) => setTimeout(r, this.#o.pollMs));
    }
  }

  /** Cancels the job if it still runs and deletes its files and history from CUPS's spool. */
  async #purge(jobId: number): Promise<void> {
    try {
      await this.#call('Cancel-Job', { 'job-id': jobId, 'requesting-user-name': this.#o.user, 'purge-job': true });
    } catch {
      // cupsd is down: the job went with it or is purged by cupsd's PreserveJobFiles (docs/kiosk-sync.md, "Certificates").
    }
  }

  async #call(operation: string, attributes: Record<string, unknown>, data?: Buffer): Promise<IppAnswer> {
    const message = {
      version: '2.0',
      operation,
      'operation-attributes-tag': {
        'attributes-charset': 'utf-8',
        'attributes-natural-language': 'zh-cn',
        'printer-uri': this.#printerUri,
        ...attributes,
      },
      ...(data ? { data } : {}),
    };
    const request = ipp.serialize(message);
    let res: Response;
    try {
      res = await fetch(this.#url, {
        method: 'POST',
        headers: { 'content-type': 'application/ipp' },
        body: new Uint8Array(request.buffer as ArrayBuffer, request.byteOffset, request.byteLength),
        signal: AbortSignal.timeout(this.#o.requestTimeoutMs),
      });
    } finally {
      // The request holds a copy of the document.
      request.fill(0);
    }
    const body = Buffer.from(await res.arrayBuffer());
    if (!res.ok) throw new Error(`CUPS answered HTTP ${res.status}`);
    return ipp.parse(body) as unknown as IppAnswer;
  }
}
