// 证明打印 through the kiosk agent: a real hall on loopback, the emulated ID reader on a pty, a real private cupsd with a
// CUPS-PDF queue. Only the card holder's records, the print followed to completed, faults refused before issuing and
// raised as alerts, a failed print printed again as the same certificate, the hall unreachable said so.
import { execFileSync } from 'node:child_process';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { listCertificates } from '../../client/certificates-client.ts';
import { AgentError, type AgentEvent } from '../../client/kiosk-agent.ts';
import { startIdReaderEmulator, type CardIdentity, type IdReaderEmulator } from '../../drivers/index.ts';
import type { KioskAgent } from '../../electron/agent/index.ts';
import { startLocalHttp } from '../../electron/agent/local-http.ts';
import { ptyDir, residentOuyang, residentZhang } from '../drivers/fixtures.ts';
import { startCups, type CupsServer } from '../helpers/cups.ts';
import { startAgent, startKioskHall, waitFor, type KioskHall } from './agent-fixtures.ts';

const zhang = residentZhang as Extract<CardIdentity, { kind: 'resident' }>;
const ouyang = residentOuyang as Extract<CardIdentity, { kind: 'resident' }>;

let cups: CupsServer;
let k: KioskHall;
let pty: ReturnType<typeof ptyDir>;
let reader: IdReaderEmulator;
let agent: KioskAgent | undefined;
let events: AgentEvent[];

const refused = (p: Promise<unknown>) =>
  p.then(
    () => expect.unreachable('should be refused'),
    (e: unknown) => e as AgentError,
  );

beforeAll(async () => {
  cups = await startCups();
  await cups.addPdfQueue('a4');
  await cups.addPdfQueue('broken', { failing: true });
}, 60_000);
afterAll(async () => {
  await cups?.stop();
});

beforeEach(async () => {
  k = await startKioskHall();
  // Ouyang has a real-estate record, Zhang a housing-fund one: each card sees only its own.
  await k.hall.admin.request('PUT', '/api/v1/certificate-records', {
    type: 'real-estate',
    idCardNumber: ouyang.idNumber,
    name: ouyang.name,
    data: { queryScope: '南京市' },
    rows: [{ certificateNumber: '苏(2024)南京市不动产权第0012345号', location: '玄武区珠江路1号', area: '89.5', use: '住宅', restriction: '无' }],
  });
  await k.hall.admin.request('PUT', '/api/v1/certificate-records', {
    type: 'real-estate',
    idCardNumber: zhang.idNumber,
    name: zhang.name,
    data: { queryScope: '南京市' },
    rows: [{ certificateNumber: '苏(2023)南京市不动产权第0099999号', location: '鼓楼区中山路2号', area: '120', use: '住宅', restriction: '无' }],
  });
  pty = ptyDir();
  reader = await startIdReaderEmulator({ path: pty.link('reader') });
  events = [];
});

afterEach(async () => {
  await agent?.stop();
  agent = undefined;
  await reader.close();
  pty.remove();
  await k.close();
});

async function start(queue = 'a4'): Promise<KioskAgent> {
  agent = await startAgent(k, {
    reader: { path: reader.path, pollMs: 50 },
    documentPrinter: { cupsUrl: cups.url, queue, pollMs: 50, faultGraceMs: 300 },
    documentPrinterPollMs: 100,
  });
  agent.subscribe((e) => events.push(e));
  await waitFor(async () => (await agent!.status()).reader === 'ready', 'the reader ready');
  return agent;
}

async function place(card: CardIdentity): Promise<void> {
  const seen = events.length;
  reader.placeCard(card);
  await waitFor(() => events.slice(seen).some((e) => e.type === 'card'), 'the card event');
}

describe('certificates through the kiosk agent', () => {
  it('offers only the card holder’s records, previews, prints to CUPS and answers once the job completed', async () => {
    const a = await start();
    expect((await refused(a.certificateOffers())).code).toBe('NO_CARD');
    await place(zhang);
    const offers = await a.certificateOffers();
    expect(offers.holder).toEqual({ name: expect.stringContaining('*'), idNumber: `${zhang.idNumber.slice(0, 4)}**********${zhang.idNumber.slice(-4)}` });
    expect(offers.offers.map((o) => o.type)).toEqual(['real-estate']);
    const preview = await a.certificatePreview({ type: 'real-estate' });
    expect(preview.title).toBe('不动产登记信息查询结果证明');
    expect(preview.table?.rows[0]).toContain('苏(2023)南京市不动产权第0099999号');
    // On screen the holder is masked; the paper carries the clear name and number.
    expect(preview.paragraphs.join()).toContain(offers.holder.idNumber);
    expect(preview.paragraphs.join()).not.toContain(zhang.idNumber);
    expect(preview.paragraphs.join()).not.toContain(zhang.name);

    const before = cups.outputs();
    const printed = await a.printCertificate({ type: 'real-estate' });
    expect(printed).toEqual({ certificateId: expect.any(String), status: 'printed' });
    const text = execFileSync('pdftotext', [await cups.waitForOutput(before), '-']).toString();
    expect(text).toContain(zhang.name);
    expect(text).toContain('不动产登记信息查询结果');
    expect(text).not.toContain('0012345');
    expect(cups.spooledDocuments()).toEqual([]);
    await waitFor(async () => (await listCertificates(k.hall.admin)).items[0]?.outcome === 'completed', 'the completed outcome at the hall');
    expect((await listCertificates(k.hall.admin)).items).toHaveLength(1);
    // The screen's idle timeout: the next visitor cannot print with this card's identity.
    await a.forgetCard();
    expect((await refused(a.printCertificate({ type: 'real-estate' }))).code).toBe('NO_CARD');
  });

  it('a printer fault refuses before the hall issues anything, raises an alert, and closes it when the printer recovers', async () => {
    const a = await start();
    const http = await startLocalHttp(a, { port: 0, allowedOrigins: [] });
    try {
      await place(zhang);
      await cups.setReasons('a4', ['media-empty-error']);
      const res = await fetch(`${http.url}/local/certificates`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ type: 'real-estate' }),
      });
      expect(res.status).toBe(503);
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe('PRINTER_PAPER_OUT');
      expect((await listCertificates(k.hall.admin)).items).toEqual([]);
      await waitFor(
        async () => (await k.hall.admin.alerts({ active: true })).items.some((x) => x.kind === 'document_printer_paper_out'),
        'the paper-out alert',
      );
      expect((await a.status()).documentPrinter).toBe('paper_out');
      await cups.setReasons('a4', []);
      await waitFor(async () => (await k.hall.admin.alerts({ active: true })).items.length === 0, 'the alert closed');
      expect((await a.printCertificate({ type: 'real-estate' })).status).toBe('printed');
    } finally {
      await cups.setReasons('a4', []);
      await http.close();
    }
  });

  it('a failed print (the backend fails) is reported aborted; printing again is the same certificate', async () => {
    const a = await start('broken');
    await place(zhang);
    const first = await refused(a.printCertificate({ type: 'real-estate' }));
    expect(first.code).toBe('PRINTER_FAILED');
    await waitFor(async () => (await listCertificates(k.hall.admin)).items[0]?.outcome === 'aborted', 'the aborted outcome at the hall');
    const id = (await listCertificates(k.hall.admin)).items[0]!.id;
    expect((await refused(a.printCertificate({ type: 'real-estate' }))).code).toBe('PRINTER_FAILED');
    const list = await listCertificates(k.hall.admin);
    expect(list.items.map((c) => c.id)).toEqual([id]);
    expect(cups.spooledDocuments()).toEqual([]);
  });

  it('the city records platform not answering is not the hall unreachable: the kiosk stays online for tickets', async () => {
    await k.close();
    process.env.HALL_CERTIFICATE_PLATFORM_URL = 'http://127.0.0.1:1/records';
    try {
      k = await startKioskHall();
    } finally {
      delete process.env.HALL_CERTIFICATE_PLATFORM_URL;
    }
    const a = await start();
    await place(zhang);
    expect((await refused(a.certificateOffers())).code).toBe('CERTIFICATE_SOURCE_UNAVAILABLE');
    expect((await a.status()).online).toBe(true);
  });

  it('without the hall server: HALL_UNREACHABLE (the screen offers a ticket instead)', async () => {
    const a = await start();
    await place(zhang);
    k.proxy.setMode('refuse');
    expect((await refused(a.certificateOffers())).code).toBe('HALL_UNREACHABLE');
    expect((await refused(a.printCertificate({ type: 'real-estate' }))).code).toBe('HALL_UNREACHABLE');
    expect(await cups.activeJobs('a4')).toEqual([]);
  });
});
