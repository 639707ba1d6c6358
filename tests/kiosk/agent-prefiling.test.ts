// 自助申报 through the kiosk agent's local HTTP: the emulated ID reader and thermal printer, a real hall on loopback. The
// form goes to the hall with the card's fields, the ticket linked to the draft is printed, the window reads the draft,
// and the clear ID number is nowhere in the agent's files or log.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { KioskAgentHttpClient } from '../../client/kiosk-agent-http.ts';
import { putMatter } from '../../client/matters-client.ts';
import { startIdReaderEmulator, startPrinterEmulator, type CardIdentity, type IdReaderEmulator, type PrinterEmulator } from '../../drivers/index.ts';
import { startLocalHttp, type KioskAgent, type LocalHttpServer } from '../../electron/agent/index.ts';
import { ptyDir, residentZhang } from '../drivers/fixtures.ts';
import { startAgent, startKioskHall, waitFor, type KioskHall } from './agent-fixtures.ts';

const zhang = residentZhang as Extract<CardIdentity, { kind: 'resident' }>;
// A 1×1 PNG: what the signature pad exports, only smaller.
const SIGNATURE = 'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==';

let k: KioskHall;
let pty: ReturnType<typeof ptyDir>;
let printer: PrinterEmulator;
let reader: IdReaderEmulator;
let agent: KioskAgent;
let local: LocalHttpServer;
let client: KioskAgentHttpClient;
const logged: string[] = [];

beforeAll(async () => {
  k = await startKioskHall();
  await putMatter(k.hall.admin, 'JZ-001', {
    name: '居住证办理',
    department: '市公安局',
    category: '户籍',
    serviceId: k.services.a,
    legalDays: 15,
    promisedDays: 10,
    commitment: true,
    prefile: {
      enabled: true,
      fields: [
        { key: 'name', label: '姓名', kind: 'text', required: true, fromIdCard: 'name' },
        { key: 'phone', label: '联系电话', kind: 'phone', required: true },
        { key: 'reason', label: '申领原因', kind: 'select', required: true, options: ['首次申领', '换领'] },
      ],
    },
  });
  pty = ptyDir();
  printer = await startPrinterEmulator({ path: pty.link('printer'), baudRate: 115200 });
  reader = await startIdReaderEmulator({ path: pty.link('reader') });
  agent = await startAgent(k, {
    printer: { path: printer.path, baudRate: 115200 },
    reader: { path: reader.path, pollMs: 50 },
    log: (line) => logged.push(line),
  });
  await waitFor(async () => (await agent.status()).printer === 'ready' && (await agent.status()).reader === 'ready', 'printer and reader ready');
  local = await startLocalHttp(agent, { port: 0, allowedOrigins: [k.hall.url] });
  client = new KioskAgentHttpClient(local.url);
});

afterAll(async () => {
  await local?.close();
  await agent?.stop();
  await printer?.close();
  await reader?.close();
  pty?.remove();
  await k?.close();
});

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

it('asks for the card, then prefills the form from it (name, gender, birth date, address) with the number masked', async () => {
  await expect(client.prefileCard()).rejects.toMatchObject({ code: 'NO_CARD' });
  reader.placeCard(zhang);
  await waitFor(async () => (await client.prefileCard().catch(() => null)) !== null, 'the card read');
  const card = await client.prefileCard();
  expect(card.name).toBe(zhang.name);
  expect(card.maskedIdNumber).toBe(`${zhang.idNumber.slice(0, 4)}**********${zhang.idNumber.slice(-4)}`);
  expect(card.gender).toBe(Number(zhang.idNumber[16]) % 2 === 1 ? '男' : '女');
  expect(card.birthDate).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  // The address on the card fills a form's address field (fromIdCard: 'address').
  expect(card.address).toBe(zhang.address);
});

it('a field the hall refuses comes back named; the card stays for the correction', async () => {
  await expect(client.prefile({ matterCode: 'JZ-001', fields: { phone: '12', reason: '首次申领' } })).rejects.toMatchObject({
    code: 'VALIDATION_FAILED',
    details: expect.objectContaining({ field: 'fields.phone' }),
  });
  expect((await client.prefileCard()).name).toBe(zhang.name);
});

it('sends the form with the card and the signature, prints the linked ticket, and the window reads the draft', async () => {
  const before = printer.tickets.length;
  const outcome = await client.prefile({
    matterCode: 'JZ-001',
    fields: { phone: '13800138000', reason: '首次申领' },
    commitment: { accepted: true, signaturePng: SIGNATURE },
  });
  expect(outcome.print).toEqual({ status: 'printed' });
  expect(outcome.ticket.number).toMatch(/^A\d+$/);
  expect(outcome.ticket.serviceName).toBe('户籍办理');
  await waitFor(() => printer.tickets.length === before + 1, 'the ticket printed');
  expect(printer.tickets.at(-1)!.lines.join('\n')).toContain(outcome.ticket.number);
  // The card leaves the agent's memory with the form sent: the next visitor starts from their own card.
  await expect(client.prefileCard()).rejects.toMatchObject({ code: 'NO_CARD' });

  await k.hall.admin.request('POST', `/api/v1/counters/${k.counter}/call`, { ticketId: outcome.ticket.id });
  const { draft } = await k.hall.admin.request<{
    draft: {
      id: string;
      applicant: { name: string; idNumber: string };
      fields: { key: string; value: string }[];
      commitment: { accepted: boolean; signaturePng: string | null };
    };
  }>('GET', `/api/v1/prefilings?ticketId=${outcome.ticket.id}`);
  expect(draft.id).toBe(outcome.draftId);
  expect(draft.applicant.idNumber).not.toBe(zhang.idNumber);
  expect(draft.fields).toEqual([
    { key: 'name', label: '姓名', value: zhang.name },
    { key: 'phone', label: '联系电话', value: '13800138000' },
    { key: 'reason', label: '申领原因', value: '首次申领' },
  ]);
  expect(draft.commitment).toEqual({ accepted: true, signaturePng: SIGNATURE });

  // Nothing the agent keeps or logs holds the clear number.
  for (const file of filesUnder(join(k.dir, 'agent'))) expect(readFileSync(file).includes(zhang.idNumber), file).toBe(false);
  expect(logged.join('\n')).not.toContain(zhang.idNumber);
});

it('the hall unreachable: says so and offers a normal ticket', async () => {
  reader.removeCard();
  await new Promise((r) => setTimeout(r, 200));
  reader.placeCard(zhang);
  await waitFor(async () => (await client.prefileCard().catch(() => null)) !== null, 'the card read again');
  k.proxy.setMode('refuse');
  await expect(client.prefile({ matterCode: 'JZ-001', fields: { phone: '13800138000', reason: '换领' } })).rejects.toMatchObject({
    code: 'HALL_UNREACHABLE',
    message: expect.stringContaining('普通号'),
  });
  k.proxy.setMode('open');
});
