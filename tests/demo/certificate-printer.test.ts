// npm start's certificate printer: the CUPS queue when CUPS answers, else the emulated one, whose PDFs the device
// simulator shows once and deletes; its fault buttons reach the kiosk agent.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AgentError, AgentEvent } from '../../client/kiosk-agent.ts';
import { seedCertificateRecords } from '../../scripts/demo-certificates.ts';
import { DEMO_CARDS, startDeviceSimulator } from '../../scripts/demo-devices.ts';
import { demoDocumentPrinter, FolderDocumentPrinter } from '../../scripts/demo-document-printer.ts';
import { startEmulatedKiosk, type EmulatedKiosk } from '../../scripts/demo-kiosk.ts';
import { startCups } from '../helpers/cups.ts';
import { startTestHall, type TestHall } from '../helpers/hall.ts';

let hall: TestHall;
let kiosk: EmulatedKiosk;
let printer: FolderDocumentPrinter;
let simulator: { url: string; close(): Promise<void> };
const events: AgentEvent[] = [];

beforeAll(async () => {
  hall = await startTestHall();
  await seedCertificateRecords(hall.admin, DEMO_CARDS);
  const { token } = await hall.admin.createDevice({ name: '模拟取号机', kind: 'kiosk' });
  printer = new FolderDocumentPrinter(join(hall.dir, 'printed-certificates'));
  kiosk = await startEmulatedKiosk({ hallUrl: hall.url, kioskToken: token, dataDir: join(hall.dir, 'kiosk'), documentPrinter: printer });
  kiosk.agent.subscribe((e) => events.push(e));
  simulator = await startDeviceSimulator({
    reader: kiosk.idReader,
    printer: kiosk.printer,
    kioskUrl: kiosk.url,
    port: 0,
    documentPrinter: printer,
    documentPrinterNote: 'emulated',
  });
  const until = Date.now() + 10_000;
  while (!(await kiosk.agent.status()).online && Date.now() < until) await new Promise((r) => setTimeout(r, 50));
}, 30_000);

afterAll(async () => {
  await simulator?.close();
  await kiosk?.stop();
  printer?.close();
  await hall?.close();
});

const press = (action: string) => fetch(simulator.url, { method: 'POST', body: new URLSearchParams({ action }), redirect: 'manual' });

describe('the demo certificate printer', () => {
  it('prints into the data folder; the simulator shows the PDF once and deletes it; its fault buttons reach the kiosk', async () => {
    const seen = events.length;
    expect((await press('card-zhang')).status).toBe(303);
    const until = Date.now() + 10_000;
    while (!events.slice(seen).some((e) => e.type === 'card') && Date.now() < until) await new Promise((r) => setTimeout(r, 50));
    const offers = await kiosk.agent.certificateOffers();
    expect(offers.offers.map((o) => o.type).sort()).toEqual(['housing-fund', 'personal-tax', 'social-insurance']);
    expect(await kiosk.agent.printCertificate({ type: 'personal-tax', period: 'last12' })).toMatchObject({ status: 'printed' });
    expect(printer.waiting()).toHaveLength(1);
    expect(await (await fetch(simulator.url)).text()).toContain('/certificate.pdf');

    const res = await fetch(`${simulator.url}certificate.pdf`);
    expect(res.headers.get('content-type')).toBe('application/pdf');
    const dir = mkdtempSync(join(tmpdir(), 'demo-cert-'));
    try {
      writeFileSync(join(dir, 'c.pdf'), Buffer.from(await res.arrayBuffer()));
      const text = execFileSync('pdftotext', [join(dir, 'c.pdf'), '-']).toString();
      expect(text).toContain('个人所得税纳税记录');
      expect(text).toContain((DEMO_CARDS.zhang!.identity as { name: string }).name);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    // Viewed once: gone from the demo's data folder.
    expect(readdirSync(printer.dir)).toEqual([]);
    expect((await fetch(`${simulator.url}certificate.pdf`)).status).toBe(404);

    await press('doc-paper_out');
    const refused = (await kiosk.agent.printCertificate({ type: 'personal-tax', period: 'last12' }).catch((e: unknown) => e)) as AgentError;
    expect(refused.code).toBe('PRINTER_PAPER_OUT');
    await press('doc-ready');
    expect((await kiosk.agent.printCertificate({ type: 'personal-tax', period: 'last12' })).status).toBe('printed');
  });

  it('uses the CUPS queue when CUPS answers for it, the emulated printer otherwise (saying what CUPS would add)', async () => {
    const data = mkdtempSync(join(tmpdir(), 'demo-data-'));
    const cups = await startCups();
    try {
      await cups.addPdfQueue('PDF');
      const real = await demoDocumentPrinter({ KIOSK_CUPS_URL: cups.url }, data);
      expect(real.emulated).toBeNull();
      expect(real.note).toContain('CUPS queue PDF');
      await cups.kill();
      const fallback = await demoDocumentPrinter({ KIOSK_CUPS_URL: cups.url }, data);
      expect(fallback.emulated).not.toBeNull();
      expect(fallback.note).toContain('printer-state-reasons');
      fallback.emulated!.close();
      expect(existsSync(join(data, 'printed-certificates'))).toBe(false);
    } finally {
      await cups.stop();
      rmSync(data, { recursive: true, force: true });
    }
  });
});
