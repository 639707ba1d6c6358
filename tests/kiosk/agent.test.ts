// The kiosk agent against a real hall server on loopback: online and offline issuing, leases, fallback numbers, rules from the card, printer faults, privacy.
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import Database from 'better-sqlite3';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AgentError, type AgentEvent, type PresentedCard } from '../../client/kiosk-agent.ts';
import { startIdReaderEmulator, startPrinterEmulator, type CardIdentity, type IdReaderEmulator, type PrinterEmulator } from '../../drivers/index.ts';
import type { KioskAgent } from '../../electron/agent/index.ts';
import { ptyDir, residentZhang, withCheckDigit } from '../drivers/fixtures.ts';
import { startAgent, startKioskHall, waitFor, type KioskHall } from './agent-fixtures.ts';

type ResidentCard = Extract<CardIdentity, { kind: 'resident' }>;
const zhang = residentZhang as ResidentCard;
const elderly: ResidentCard = { ...zhang, name: '王建国', birthDate: '19400101', idNumber: withCheckDigit('32010219400101123') };

let k: KioskHall;
let agent: KioskAgent | undefined;

beforeEach(async () => {
  k = await startKioskHall({ personDailyLimit: 2 });
});

afterEach(async () => {
  await agent?.stop();
  agent = undefined;
  await k.close();
});

const serverTicket = (id: string) => k.hall.admin.ticket(id);

/** The agent's outbox operations as stored, read through a second connection to its SQLite file. */
function readOutbox(file: string): string[] {
  const db = new Database(file, { readonly: true });
  try {
    return (db.prepare('SELECT op FROM outbox ORDER BY seq').all() as { op: string }[]).map((r) => r.op);
  } finally {
    db.close();
  }
}

async function refused(p: Promise<unknown>): Promise<AgentError> {
  try {
    await p;
  } catch (error) {
    if (error instanceof AgentError) return error;
    throw error;
  }
  throw new Error('expected the agent to refuse');
}

describe('issuing', () => {
  it('online: the hall server numbers the ticket under the id the kiosk chose; nothing is left to push', async () => {
    agent = await startAgent(k);
    const { ticket, print } = await agent.issueTicket({ serviceId: k.services.a });
    expect(ticket.offline).toBe(false);
    expect(ticket.number).toMatch(/^A\d{3}$/);
    expect(ticket.ahead).toBe(0);
    expect(print).toEqual({ status: 'failed', error: expect.objectContaining({ code: 'PRINTER_ABSENT' }) });
    const onServer = await serverTicket(ticket.id);
    expect(onServer).toMatchObject({ id: ticket.id, number: ticket.number, status: 'waiting' });
    expect(ticket.qrUrl).toContain(ticket.id);
    expect((await agent.status()).pendingOps).toBe(0);
  });

  it('offline: numbers come from the lease, are pushed on reconnect and keep their number and id', async () => {
    agent = await startAgent(k);
    const online = await agent.issueTicket({ serviceId: k.services.a });
    k.proxy.setMode('refuse');
    const first = await agent.issueTicket({ serviceId: k.services.a });
    const second = await agent.issueTicket({ serviceId: k.services.a });
    expect(first.ticket.offline).toBe(true);
    expect(first.ticket.estimateStale).toBe(true);
    // Leases come from the 900s, so the hall's own numbering stays A001, A002 … beside them.
    expect(first.ticket.number).toBe('A901');
    expect(second.ticket.number).toBe('A902');
    expect(online.ticket.number).toBe('A001');
    const status = await agent.status();
    expect(status).toMatchObject({ online: false, pendingOps: 2 });

    k.proxy.setMode('open');
    await waitFor(async () => (await agent!.status()).pendingOps === 0, 'the outbox to drain');
    for (const t of [first.ticket, second.ticket]) expect(await serverTicket(t.id)).toMatchObject({ number: t.number, status: 'waiting' });
    expect((await agent.status()).online).toBe(true);
  });

  it('offline with the lease used up: fallback numbers carry the kiosk number, and the server accepts them', async () => {
    agent = await startAgent(k);
    const kioskNumber = (await agent.status()).kioskNumber;
    expect(kioskNumber).toBe(1);
    k.proxy.setMode('refuse');
    const numbers: string[] = [];
    for (let i = 0; i < 7; i++) numbers.push((await agent.issueTicket({ serviceId: k.services.b })).ticket.number);
    expect(numbers).toEqual(['B901', 'B902', 'B903', 'B904', 'B905', 'B1-001', 'B1-002']);
    k.proxy.setMode('open');
    await agent.syncNow();
    expect((await agent.status()).pendingOps).toBe(0);
    const waiting = await k.hall.admin.waitingTickets([k.services.b]);
    expect(waiting.map((t) => t.number)).toEqual(numbers);
  });

  it('a hall server that does not answer in time: the lease numbers the ticket, and the push gives the server ticket that printed number', async () => {
    agent = await startAgent(k, { issueTimeoutMs: 300 });
    k.proxy.setMode('swallowAll');
    const { ticket } = await agent.issueTicket({ serviceId: k.services.c });
    expect(ticket.offline).toBe(true);
    expect(ticket.number).toBe('C901');
    // The server did issue it (its answer was lost), under the kiosk's id, with a number of its own.
    await waitFor(async () => (await k.hall.admin.waitingTickets([k.services.c])).length === 1, 'the lost ticket on the server');
    expect((await serverTicket(ticket.id)).number).not.toBe('C901');
    k.proxy.setMode('open');
    await waitFor(async () => (await agent!.status()).pendingOps === 0, 'the outbox to drain');
    const waiting = await k.hall.admin.waitingTickets([k.services.c]);
    expect(waiting.map((t) => [t.id, t.number])).toEqual([[ticket.id, 'C901']]);
  });

  it('a business refusal online is shown, not printed, and leaves nothing to push', async () => {
    await k.hall.admin.createService({ code: 'closed', name: '夜间窗口', prefix: 'N', openingHours: [{ from: '00:00', to: '00:01' }] });
    agent = await startAgent(k);
    await agent.syncNow();
    const closed = (await agent.services()).find((s) => s.prefix === 'N')!;
    const error = await refused(agent.issueTicket({ serviceId: closed.id }));
    expect(error.code).toBe('SERVICE_CLOSED');
    expect((await agent.status()).pendingOps).toBe(0);
  });

  it('a holiday closes issuing online and offline (the agent keeps the calendar), and says when tickets are given again', async () => {
    const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date());
    await k.hall.admin.importCalendar(Number(today.slice(0, 4)), { format: 'csv', content: `${today},holiday,测试假日` });
    agent = await startAgent(k);
    await agent.syncNow();
    const online = await refused(agent.issueTicket({ serviceId: k.services.a }));
    expect([online.code, online.details?.reason, online.details?.holidayName]).toEqual(['HALL_CLOSED', 'holiday', '测试假日']);
    expect(online.details?.nextOpening).toMatch(/T00:00:00\.000\+08:00$/);
    k.proxy.setMode('refuse');
    // The first attempt finds the hall gone, the second is offline from the start: both refuse, neither prints.
    for (let i = 0; i < 2; i++) {
      const offline = await refused(agent.issueTicket({ serviceId: k.services.a }));
      expect([offline.code, offline.details?.reason, offline.details?.nextOpening]).toEqual(['HALL_CLOSED', 'holiday', online.details?.nextOpening]);
    }
    expect((await agent.status()).online).toBe(false);
    const tile = (await agent.services()).find((s) => s.id === k.services.a)!;
    expect([tile.open, tile.closure?.reason]).toEqual([false, 'holiday']);
    expect((await agent.status()).pendingOps).toBe(0);
  });

  it('a kiosk clock a minute slow is corrected from the hall server, so offline tickets keep their place', async () => {
    agent = await startAgent(k, { now: () => Date.now() - 60_000 });
    k.proxy.setMode('refuse');
    const before = Date.now();
    const { ticket } = await agent.issueTicket({ serviceId: k.services.a });
    expect(Date.parse(ticket.issuedAt)).toBeGreaterThan(before - 3000);
    expect(Date.parse(ticket.issuedAt)).toBeLessThan(Date.now() + 3000);
  });

  it('appointment check-in needs the hall server', async () => {
    agent = await startAgent(k);
    k.proxy.setMode('refuse');
    await agent.issueTicket({ serviceId: k.services.a });
    expect((await refused(agent.checkIn({ code: 'APPT-1' }))).code).toBe('APPOINTMENT_NEEDS_NETWORK');
  });
});

describe('with an ID reader', () => {
  let pty: ReturnType<typeof ptyDir>;
  let reader: IdReaderEmulator;
  let events: AgentEvent[];

  beforeEach(async () => {
    pty = ptyDir();
    reader = await startIdReaderEmulator({ path: pty.link('reader') });
    events = [];
  });

  afterEach(async () => {
    await agent?.stop();
    agent = undefined;
    await reader.close();
    pty.remove();
  });

  const startWithReader = async () => {
    agent = await startAgent(k, { reader: { path: reader.path, pollMs: 50 } });
    agent.subscribe((e) => events.push(e));
    await waitFor(async () => (await agent!.status()).reader === 'ready', 'the reader ready');
  };

  /** Places the card and waits for the agent to announce it; lifts it first if one is on the reader. */
  async function present(card: CardIdentity): Promise<PresentedCard> {
    reader.removeCard();
    const finds = reader.commands.filter((c) => c === 'findCard').length;
    await waitFor(() => reader.commands.filter((c) => c === 'findCard').length >= finds + 3, 'the reader to notice the lift');
    const seen = events.length;
    reader.placeCard(card);
    await waitFor(() => events.slice(seen).some((e) => e.type === 'card'), 'the card event');
    return (events.slice(seen).find((e) => e.type === 'card') as Extract<AgentEvent, { type: 'card' }>).card;
  }

  it('an elderly visitor gets priority offline from the card alone; the hall server keeps it', async () => {
    await startWithReader();
    const presented = await present(elderly);
    expect(presented).toEqual({ maskedName: '王*国', maskedIdNumber: '3201**********' + elderly.idNumber.slice(-4), elderly: true, cardKind: 'resident' });
    k.proxy.setMode('refuse');
    const { ticket } = await agent!.issueTicket({ serviceId: k.services.a, withCard: true });
    expect(ticket).toMatchObject({ offline: true, priority: true, maskedName: '王*国' });
    // The identity was used and forgotten.
    expect(events.some((e) => e.type === 'card.removed')).toBe(true);
    expect((await refused(agent!.issueTicket({ serviceId: k.services.a, withCard: true }))).code).toBe('NO_CARD');
    k.proxy.setMode('open');
    await waitFor(async () => (await agent!.status()).pendingOps === 0, 'the outbox to drain');
    expect(await serverTicket(ticket.id)).toMatchObject({ priority: true, priorityReason: 'elderly', maskedName: '王*国' });
  });

  it('the per-person limit holds offline, counted over the kiosk own tickets of the day', async () => {
    await startWithReader();
    await present(zhang);
    await agent!.issueTicket({ serviceId: k.services.b, withCard: true });
    k.proxy.setMode('refuse');
    await present(zhang);
    await agent!.issueTicket({ serviceId: k.services.b, withCard: true });
    await present(zhang);
    const error = await refused(agent!.issueTicket({ serviceId: k.services.b, withCard: true }));
    expect(error.code).toBe('PERSON_LIMIT_REACHED');
    // Another service is another count.
    await present(zhang);
    expect((await agent!.issueTicket({ serviceId: k.services.c, withCard: true })).ticket.offline).toBe(true);
  });

  it('never writes the clear ID number, the name or any hall key to its data directory; the sealed number goes once applied', async () => {
    const dataDir = join(k.dir, 'agent');
    const hallKey = Buffer.from(k.hall.server.context.personKeyBase64, 'base64');
    // An older agent kept the hall's person-hash key here: the new one removes it.
    mkdirSync(dataDir, { recursive: true });
    writeFileSync(join(dataDir, 'person-hash.key'), k.hall.server.context.personKeyBase64, { mode: 0o600 });
    await startWithReader();
    expect(existsSync(join(dataDir, 'person-hash.key'))).toBe(false);
    await present(zhang);
    await agent!.issueTicket({ serviceId: k.services.a, withCard: true });
    k.proxy.setMode('refuse');
    await present(zhang);
    await agent!.issueTicket({ serviceId: k.services.a, withCard: true });
    const outbox = () => readOutbox(join(dataDir, 'kiosk-agent.db'));
    expect(outbox().filter((op) => op.includes('sealedIdNumber'))).toHaveLength(1);
    const scan = () => {
      const files = readdirSync(dataDir);
      expect(files).toContain('kiosk-agent.db');
      for (const file of files) {
        const bytes = readFileSync(join(dataDir, file));
        expect(bytes.includes(zhang.idNumber), file).toBe(false);
        expect(bytes.includes(Buffer.from(zhang.name)), file).toBe(false);
        for (const spelling of [hallKey, Buffer.from(hallKey.toString('base64')), Buffer.from(hallKey.toString('hex'))]) {
          expect(bytes.includes(spelling), `${file} holds the hall key`).toBe(false);
        }
      }
    };
    scan();
    k.proxy.setMode('open');
    await waitFor(async () => (await agent!.status()).pendingOps === 0, 'the outbox to drain');
    await agent!.stop();
    agent = undefined;
    scan();
    expect(outbox().filter((op) => op.includes('sealedIdNumber'))).toEqual([]);
  });

  it('an offline ticket with the card reaches the hall server with the hash and mask an online one gets, and counts for the person', async () => {
    await startWithReader();
    await present(zhang);
    const online = (await agent!.issueTicket({ serviceId: k.services.b, withCard: true })).ticket;
    k.proxy.setMode('refuse');
    await present(zhang);
    const offline = (await agent!.issueTicket({ serviceId: k.services.b, withCard: true })).ticket;
    expect(offline.offline).toBe(true);
    k.proxy.setMode('open');
    await waitFor(async () => (await agent!.status()).pendingOps === 0, 'the outbox to drain');
    const row = (id: string) =>
      k.hall.server.db.prepare('SELECT person_hash, masked_id_number, masked_name FROM tickets WHERE id = ?').get(id) as Record<string, unknown>;
    expect(row(offline.id)).toEqual(row(online.id));
    expect(row(offline.id).person_hash).toMatch(/^[0-9a-f]{64}$/);
    // personDailyLimit 2: the hall server refuses the third, having counted the offline one.
    await present(zhang);
    expect((await refused(agent!.issueTicket({ serviceId: k.services.b, withCard: true }))).code).toBe('PERSON_LIMIT_REACHED');
  });
});

describe('with a printer', () => {
  let pty: ReturnType<typeof ptyDir>;
  let printer: PrinterEmulator;

  beforeEach(async () => {
    pty = ptyDir();
    printer = await startPrinterEmulator({ path: pty.link('printer'), baudRate: 115200 });
  });

  afterEach(async () => {
    await agent?.stop();
    agent = undefined;
    await printer.close();
    pty.remove();
  });

  const alerts = () =>
    (k.hall.server.db.prepare("SELECT data FROM events WHERE type = 'device.alert' ORDER BY seq").all() as { data: string }[]).map(
      (r) => (JSON.parse(r.data) as { alert: string }).alert,
    );

  it('prints the ticket with its number and QR code', async () => {
    agent = await startAgent(k, { printer: { path: printer.path, baudRate: 115200 } });
    await waitFor(async () => (await agent!.status()).printer === 'ready', 'the printer ready');
    const { ticket, print } = await agent.issueTicket({ serviceId: k.services.a });
    expect(print).toEqual({ status: 'printed' });
    expect(printer.tickets).toHaveLength(1);
    expect(printer.tickets[0]!.lines).toContain(ticket.number);
    expect(printer.tickets[0]!.qrCodes).toEqual([ticket.qrUrl]);
  });

  it('paper out: the ticket stands, the print fails with its code, the hall hears of it, and a reprint after new paper gives the same number', async () => {
    agent = await startAgent(k, { printer: { path: printer.path, baudRate: 115200 } });
    await waitFor(async () => (await agent!.status()).printer === 'ready', 'the printer ready');
    printer.setPaper('out');
    await waitFor(async () => (await agent!.status()).printer === 'paper_out', 'the printer to report paper out');
    k.proxy.setMode('refuse');
    const { ticket, print } = await agent.issueTicket({ serviceId: k.services.a });
    expect(print.status).toBe('failed');
    expect(print.error?.code).toBe('PAPER_OUT');
    expect(printer.tickets).toHaveLength(0);
    k.proxy.setMode('open');
    await waitFor(() => alerts().includes('paper_out'), 'the paper_out alert on the hall server');
    await waitFor(async () => (await agent!.status()).pendingOps === 0, 'the outbox to drain');
    expect(await serverTicket(ticket.id)).toMatchObject({ number: ticket.number });
    // The manager finds it open whenever they look, as the contract's kind, about the printer.
    expect((await k.hall.admin.alerts({ active: true })).items).toMatchObject([{ kind: 'printer_paper_out', component: 'printer', active: true }]);

    printer.setPaper('ok');
    await waitFor(async () => (await agent!.status()).printer === 'ready', 'the printer ready again');
    expect(await agent.reprint(ticket.id)).toEqual({ status: 'printed' });
    expect(printer.tickets).toHaveLength(1);
    expect(printer.tickets[0]!.lines).toContain(ticket.number);
    await waitFor(() => alerts().includes('recovered'), 'the recovered alert');
    expect((await k.hall.admin.alerts({ active: true })).items).toEqual([]);
    expect((await k.hall.admin.alerts()).items).toMatchObject([{ kind: 'printer_paper_out', active: false, closedReason: 'recovered' }]);
    expect((await refused(agent.reprint('no-such-ticket'))).code).toBe('TICKET_NOT_FOUND');
  });
});
