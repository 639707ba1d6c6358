// Printer failures a kiosk can act on; a failed job keeps its bytes so it can be printed again.
import { DeviceError } from '../errors.ts';

export type PrinterErrorCode = 'paper_out' | 'cover_open' | 'offline' | 'not_responding' | 'disconnected' | 'no_font';

const MESSAGES: Record<PrinterErrorCode, [string, string]> = {
  paper_out: ['打印机缺纸，请更换纸卷后重新打印', 'printer is out of paper: load a new roll, then reprint'],
  cover_open: ['打印机纸仓盖未关，请关好后重新打印', 'printer cover is open: close it, then reprint'],
  offline: ['打印机故障或离线，请联系工作人员', 'printer is offline or in error: call staff'],
  not_responding: ['打印机无应答，请检查电源和连接线', 'printer does not answer: check its power and cable'],
  disconnected: ['打印机未连接，请检查连接线', 'printer disconnected: check its cable'],
  no_font: ['缺少打印生僻字的字体，请安装 fonts-hanazono', 'no font can draw these rare characters: install fonts-hanazono (or set HALL_PRINTER_FONTS)'],
};

export class PrinterError extends DeviceError<PrinterErrorCode> {
  /** The job's bytes, so the caller can reprint once the cause is fixed. */
  readonly job: Buffer | undefined;

  constructor(code: PrinterErrorCode, options: { job?: Buffer; cause?: unknown; detail?: string } = {}) {
    const [zh, en] = MESSAGES[code];
    super('printer', code, zh, options.detail ? `${en} (${options.detail})` : en, { cause: options.cause });
    this.name = 'PrinterError';
    this.job = options.job;
  }
}
