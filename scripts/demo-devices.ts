// The demo hall's device simulator: a loopback page whose buttons place ID cards on the emulated reader,
// change the printer's paper and cover, and show what the printer printed (decoded from its ESC/POS).
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { CardIdentityError, SAMPLE_RESIDENT, residentCard, type CardIdentity, type IdReaderEmulator, type PrinterEmulator } from '../drivers/index.ts';
import type { EmulatedPrinterState, FolderDocumentPrinter } from './demo-document-printer.ts';

/**
 * Visitors a demo can play: a young adult, an elderly visitor (priority by age), a rare-character name.
 * 𬌗 (U+2C317) lies beyond the BMP, which the card's UCS-2 cannot hold: real cards carry it as a Private Use Area
 * code point (vendor-specific; U+E80C here), which the reader flags and shows as □.
 */
export const DEMO_CARDS: Record<string, { label: string; identity: CardIdentity }> = {
  zhang: { label: '张小三（1990 年生）', identity: SAMPLE_RESIDENT },
  wang: {
    label: '王秀英（1948 年生，自动优先）',
    identity: residentCard({ name: '王秀英', birthDate: '19480512', serial: '202', gender: '2', validTo: '长期' }),
  },
  rare: { label: '李𬌗明（生僻字姓名）', identity: residentCard({ name: '李\uE80C明', birthDate: '19851120', serial: '317' }) },
};

const ACTIONS: Record<string, (r: IdReaderEmulator, p: PrinterEmulator) => void> = {
  'card-remove': (r) => r.removeCard(),
  'paper-ok': (_r, p) => {
    p.setPaper('ok');
    p.closeCover();
  },
  'paper-near-end': (_r, p) => p.setPaper('near_end'),
  'paper-out': (_r, p) => p.setPaper('out'),
  'cover-open': (_r, p) => p.openCover(),
};

/** Long enough for the reader's polls to see the card gone. */
const LIFT_MS = 1200;

const escape = (s: string) => s.replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`);

/** The certificate printer's part of the page: its faults as buttons, and the printed PDFs shown once, then deleted. */
function certificatePrinterPart(documentPrinter: FolderDocumentPrinter | null | undefined, note: string | undefined): string {
  if (!documentPrinter) return note ? `<h2>证明打印机（A4）</h2><p>${escape(note)}</p>` : '';
  const states: [EmulatedPrinterState, string][] = [
    ['ready', '正常'],
    ['paper_out', '缺纸'],
    ['jam', '卡纸'],
    ['door_open', '舱门打开'],
    ['offline', '离线'],
  ];
  const waiting = documentPrinter.waiting().length;
  return `<h2>证明打印机（A4，模拟）</h2>
<p>状态：${states.map(([s, label]) => `<button name="action" value="doc-${s}"${documentPrinter.state === s ? ' aria-pressed="true" style="font-weight:bold"' : ''}>${escape(label)}</button>`).join(' ')}</p>
<p>${waiting ? `<a href="/certificate.pdf" target="_blank">查看打印出的证明（还有 ${waiting} 份；查看后即从演示数据目录删除）</a>` : '还没有待查看的证明。'}</p>
${note ? `<p style="color:#555">${escape(note)}</p>` : ''}`;
}

function page(printer: PrinterEmulator, kioskUrl: string, cards: Record<string, { label: string }>, certificates = ''): string {
  const last = printer.tickets.at(-1);
  const printed = last ? `<pre>${escape(last.lines.join('\n'))}</pre><p>QR: ${escape(last.qrCodes.join(' '))}</p>` : '<p>还没有打印过号票。</p>';
  const buttons = (pairs: [string, string][]) => pairs.map(([action, label]) => `<button name="action" value="${action}">${escape(label)}</button>`).join(' ');
  return `<!doctype html><html lang="zh-CN"><meta charset="utf-8"><title>设备模拟器</title>
<body style="font: 18px sans-serif; margin: 2em; max-width: 60em">
<h1>设备模拟器（演示用）</h1>
<p>取号机页面：<a href="${escape(kioskUrl)}">${escape(kioskUrl)}</a></p>
<form method="post">
<h2>身份证读卡器</h2>
<p>${buttons(Object.entries(cards).map(([k, v]) => [`card-${k}`, `放卡：${v.label}`]))} ${buttons([['card-remove', '取走身份证']])}</p>
<h2>热敏打印机</h2>
<p>${buttons([
    ['paper-ok', '装纸 / 合盖'],
    ['paper-near-end', '纸将尽'],
    ['paper-out', '缺纸'],
    ['cover-open', '打开机盖'],
  ])}</p>
${certificates}
</form>
<h2>最近打印的号票（共 ${printer.tickets.length} 张）</h2>${printed}
</body></html>`;
}

function answer(res: ServerResponse, status: number, message: string): void {
  if (res.headersSent) return void res.end();
  res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' });
  res.end(message);
}

function readForm(req: IncomingMessage): Promise<URLSearchParams> {
  return new Promise((resolve, reject) => {
    let body = '';
    req.on('data', (c: Buffer) => {
      body += c.toString();
      if (body.length > 1000) reject(new Error('the form is larger than 1000 bytes'));
    });
    req.on('end', () => resolve(new URLSearchParams(body)));
    req.on('error', reject);
  });
}

export interface DeviceSimulatorOptions {
  reader: IdReaderEmulator;
  printer: PrinterEmulator;
  kioskUrl: string;
  port?: number;
  /** The cards its buttons place; DEMO_CARDS by default. */
  cards?: Record<string, { label: string; identity: CardIdentity }>;
  /** The emulated certificate printer, when the demo has no CUPS queue; `documentPrinterNote` says which is in use. */
  documentPrinter?: FolderDocumentPrinter | null;
  documentPrinterNote?: string;
  log?: (line: string) => void;
}

export async function startDeviceSimulator(options: DeviceSimulatorOptions): Promise<{ url: string; close(): Promise<void> }> {
  const cards = options.cards ?? DEMO_CARDS;
  const log = options.log ?? ((line: string) => console.error(line));
  const act = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const action = (await readForm(req)).get('action') ?? '';
    const cardKey = action.startsWith('card-') ? action.slice(5) : '';
    const demoCard = Object.hasOwn(cards, cardKey) ? cards[cardKey] : undefined;
    if (demoCard) {
      // A new placement each time: the reader reads a card once until it has seen it lifted.
      options.reader.removeCard();
      await new Promise((r) => setTimeout(r, LIFT_MS));
      options.reader.placeCard(demoCard.identity);
    } else if (action.startsWith('doc-') && options.documentPrinter) {
      const state = action.slice(4);
      if (!['ready', 'paper_out', 'jam', 'door_open', 'offline'].includes(state)) return answer(res, 400, `unknown printer state ${JSON.stringify(state)}`);
      options.documentPrinter.state = state as EmulatedPrinterState;
    } else if (Object.hasOwn(ACTIONS, action)) {
      ACTIONS[action]!(options.reader, options.printer);
    } else {
      return answer(res, 400, `unknown action ${JSON.stringify(action)}: use one of the page's buttons`);
    }
    res.writeHead(303, { location: '/' });
    res.end();
  };
  const server: Server = createServer((req, res) => {
    // One request's failure is answered and logged; it never ends the process that also runs the hall.
    const failed = (error: unknown) => {
      if (error instanceof CardIdentityError) return answer(res, 400, `this card cannot be placed: ${error.message}`);
      log(`[device simulator] ${req.method} ${req.url} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
      answer(res, 500, `the device simulator failed: ${String(error)}; try again, or restart npm start`);
    };
    try {
      if (req.method === 'POST') return void act(req, res).catch(failed);
      if (req.url === '/certificate.pdf') {
        const pdf = options.documentPrinter?.take();
        if (!pdf) return answer(res, 404, 'no printed certificate is waiting: print one on the kiosk page first');
        res.writeHead(200, { 'content-type': 'application/pdf', 'content-length': pdf.length, 'cache-control': 'no-store' });
        return void res.end(pdf);
      }
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
      res.end(page(options.printer, options.kioskUrl, cards, certificatePrinterPart(options.documentPrinter, options.documentPrinterNote)));
    } catch (error) {
      failed(error);
    }
  });
  await new Promise<void>((resolve) => {
    server.once('error', () => server.listen(0, '127.0.0.1', resolve));
    server.listen(options.port ?? 8091, '127.0.0.1', resolve);
  });
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`,
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        // A browser's keep-alive connection would hold the port open.
        server.closeAllConnections();
      }),
  };
}
