// 证明打印: tap 打印证明 on the kiosk page → the job completed in CUPS (a private cupsd with a CUPS-PDF queue), beside the
// print system alone (the same PDF through the agent's IPP printer), and the certificate PDF's size.
import { fileURLToPath } from 'node:url';
import { issueCertificate } from '../client/certificates-client.ts';
import { HallClient } from '../client/hall-client.ts';
import { SAMPLE_RESIDENT, type CardIdentity } from '../drivers/index.ts';
import { CupsDocumentPrinter } from '../electron/agent/document-printer.ts';
import { cupsAvailable, startCups } from '../tests/helpers/cups.ts';
import { startKioskRig } from '../tests/e2e/kiosk-rig.ts';
import { fmt } from './lib.ts';

const RUNS = 10;
const PRINT_GOAL_MS = 3000;
const PDF_GOAL_KB = 300;

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const spread = (xs: number[]) => `median ${fmt(median(xs), 0)} ms (min ${fmt(Math.min(...xs), 0)}, max ${fmt(Math.max(...xs), 0)})`;

export async function benchCertificates(): Promise<string[]> {
  if (!cupsAvailable()) return ['certificates: skipped (a private cupsd needs root, cups and printer-driver-cups-pdf)'];
  const zhang = SAMPLE_RESIDENT as Extract<CardIdentity, { kind: 'resident' }>;
  const cups = await startCups();
  await cups.addPdfQueue('a4');
  const rig = await startKioskRig({ documentPrinter: { cupsUrl: cups.url, queue: 'a4', pollMs: 50 } });
  try {
    const admin = rig.hall.admin;
    const now = new Date();
    const rows = Array.from({ length: 12 }, (_, i) => {
      const d = new Date(now.getFullYear(), now.getMonth() - i, 1);
      return {
        month: `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}`,
        base: '8500.00',
        pension: '680.00',
        medical: '170.00',
        unemployment: '42.50',
      };
    });
    const record = { type: 'social-insurance', idCardNumber: zhang.idNumber, name: zhang.name };
    await admin.request('PUT', '/api/v1/certificate-records', {
      ...record,
      data: { insuredPlace: '南京市玄武区', employer: '南京某某科技有限公司', firstInsuredOn: '2015-07-01', status: '正常参保' },
      rows,
    });
    // Room for every measured print and the reference's.
    const types = await admin.request<{ code: string }[]>('GET', '/api/v1/certificate-types');
    await admin.request('PUT', '/api/v1/certificate-types/social-insurance', {
      ...types.find((t) => t.code === 'social-insurance'),
      code: undefined,
      dailyLimit: 100,
    });

    const page = await rig.browser.newPage({ viewport: { width: 1080, height: 1920 } });
    await page.goto(rig.pageUrl({ idle: '600' }));
    await page.getByTestId('open-certificates').click();
    rig.kiosk.idReader.placeCard(zhang);
    const toPreview = async () => {
      await page.getByTestId('certificate-type-social-insurance').click();
      await page.getByTestId('certificate-period-last12').click();
      await page.getByTestId('certificate-print').waitFor({ timeout: 15_000 });
    };
    await toPreview();
    const tap: number[] = [];
    for (let i = 0; i < RUNS + 1; i++) {
      const started = performance.now();
      await page.getByTestId('certificate-print').click();
      await page.getByTestId('certificate-printed').waitFor({ timeout: 60_000 });
      // The first is the warm-up (fonts, JIT).
      if (i > 0) tap.push(performance.now() - started);
      await page.getByRole('button', { name: '打印其他证明' }).click();
      await toPreview();
    }

    // The same document through the print system alone.
    const { token } = await admin.createDevice({ name: 'bench kiosk', kind: 'kiosk' });
    const kiosk = new HallClient(rig.hall.url, { token });
    const pdf = await issueCertificate(kiosk, { ...record, period: 'last12' }, 'bench-reference');
    const bytes = pdf.pdf.length;
    const printer = new CupsDocumentPrinter({ cupsUrl: cups.url, queue: 'a4', pollMs: 50 });
    const alone: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      const copy = new Uint8Array(pdf.pdf);
      const started = performance.now();
      const result = await printer.print(copy, 'bench');
      if (result.status !== 'completed') throw new Error(`reference print failed: ${JSON.stringify(result)}`);
      alone.push(performance.now() - started);
    }
    const m = median(tap);
    const kb = bytes / 1024;
    return [
      `certificate tap 打印证明 → job completed in CUPS (kiosk page, agent, hall PDF + signature, IPP, CUPS-PDF; ${RUNS} runs): ${spread(tap)}  ${m < PRINT_GOAL_MS ? 'ok' : 'OVER'} (goal < ${PRINT_GOAL_MS} ms)`,
      `  reference: the same PDF through the print system alone (IPP Print-Job → completed): ${spread(alone)}`,
      `certificate PDF (社会保险参保缴费证明, 12 months): ${fmt(kb, 1)} KB  ${kb < PDF_GOAL_KB ? 'ok' : 'OVER'} (goal < ${PDF_GOAL_KB} KB)`,
    ];
  } finally {
    await rig.close();
    await cups.stop();
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  for (const line of await benchCertificates()) console.log(line);
  process.exit(0);
}
