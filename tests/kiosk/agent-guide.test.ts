// The kiosk agent's service guide: matters read from a real hall, the 材料清单 printed on the emulated thermal printer
// and decoded from its ESC/POS bytes, and 取号办理 recording the matter on the hall's ticket.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { AgentError } from '../../client/kiosk-agent.ts';
import { KioskAgentHttpClient } from '../../client/kiosk-agent-http.ts';
import { popularMatters, putMatter, ticketMatter } from '../../client/matters-client.ts';
import { startPrinterEmulator, type PrinterEmulator } from '../../drivers/index.ts';
import { startLocalHttp, type KioskAgent, type LocalHttpServer } from '../../electron/agent/index.ts';
import { ptyDir } from '../drivers/fixtures.ts';
import { startAgent, startKioskHall, waitFor, type KioskHall } from './agent-fixtures.ts';

let k: KioskHall;
let pty: ReturnType<typeof ptyDir>;
let printer: PrinterEmulator;
let agent: KioskAgent;
let local: LocalHttpServer;
let client: KioskAgentHttpClient;

beforeAll(async () => {
  k = await startKioskHall({ publicUrl: 'https://hall.example.gov.cn' });
  await putMatter(k.hall.admin, 'HJ-001', {
    name: '居住证办理',
    department: '市公安局',
    category: '户籍',
    lifeEvents: ['新市民落户'],
    serviceId: k.services.a,
    materials: [
      { name: '居民身份证', original: true, copies: 1, note: '', eLicence: true },
      { name: '房屋租赁合同', original: false, copies: 2, note: '须经备案' },
    ],
    fees: '首次申领免费',
    legalDays: 15,
    promisedDays: 10,
    location: '市民中心二楼',
    window: '21号窗口',
    commitment: true,
  });
  await putMatter(
    k.hall.admin,
    'HJ-002',
    { name: '户口迁入（草稿）', department: '市公安局', category: '户籍', serviceId: k.services.a, legalDays: 5, promisedDays: 1 },
    true,
  );
  pty = ptyDir();
  printer = await startPrinterEmulator({ path: pty.link('printer'), baudRate: 115200 });
  agent = await startAgent(k, { printer: { path: printer.path, baudRate: 115200 } });
  await waitFor(async () => (await agent.status()).printer === 'ready', 'the printer ready');
  local = await startLocalHttp(agent, { port: 0, allowedOrigins: [k.hall.url] });
  client = new KioskAgentHttpClient(local.url);
});

afterAll(async () => {
  await local?.close();
  await agent?.stop();
  await printer?.close();
  pty?.remove();
  await k?.close();
});

it('shows published matters only, searched by pinyin initials, with the phone page of each', async () => {
  const answer = await client.guide({ q: 'jzz' });
  expect(answer.items.map((m) => m.code)).toEqual(['HJ-001']);
  expect(answer.topics.categories).toEqual([{ name: '户籍', count: 1 }]);
  expect(answer.matterUrl).toBe('https://hall.example.gov.cn/m/?matter={code}');
  expect((await client.guide({})).items.map((m) => m.code)).toEqual(['HJ-001']);
});

it('prints the checklist on the ticket printer: every material, its form and copies, the fees and days, a QR to the phone page', async () => {
  expect(await client.printChecklist('HJ-001')).toEqual({ status: 'printed' });
  await waitFor(() => printer.tickets.length === 1, 'the checklist printed');
  const printed = printer.tickets[0]!;
  const text = printed.lines.join('\n');
  expect(printed.lines[0]).toBe('居住证办理');
  expect(text).toContain('1. 居民身份证');
  expect(text).toContain('□ 原件 1份（可用电子证照）');
  expect(text).toContain('2. 房屋租赁合同');
  expect(text).toContain('□ 复印件 2份');
  expect(text).toContain('须经备案');
  expect(text).toContain('本事项实行告知承诺制');
  expect(text).toContain('收费：首次申领免费');
  expect(text).toContain('承诺时限：10个工作日（法定15个工作日）');
  expect(text).toContain('办理地点：市民中心二楼 21号窗口');
  expect(printed.qrCodes).toEqual(['https://hall.example.gov.cn/m/?matter=HJ-001']);
  expect(printed.partialCut).toBe(true);
  // A draft is no matter to print.
  await expect(client.printChecklist('HJ-002')).rejects.toMatchObject({ code: 'MATTER_NOT_FOUND' } satisfies Partial<AgentError>);
});

it('takes a ticket for the matter: the hall records which matter, and 常用服务 counts it', async () => {
  const { ticket } = await client.issueTicket({ serviceId: k.services.a, matterCode: 'HJ-001' });
  expect((await ticketMatter(k.hall.admin, ticket.id)).matterCode).toBe('HJ-001');
  expect((await popularMatters(k.hall.anon)).items).toMatchObject([{ code: 'HJ-001', name: '居住证办理', tickets: 1 }]);
  expect((await client.guide({})).popular.map((p) => p.code)).toEqual(['HJ-001']);
});

it('says the guide needs the hall server while it cannot be reached, and still prints a checklist it has shown', async () => {
  k.proxy.setMode('refuse');
  await expect(client.guide({ q: '居住证' })).rejects.toMatchObject({ code: 'HALL_UNREACHABLE' });
  expect(await client.printChecklist('HJ-001')).toEqual({ status: 'printed' });
  await waitFor(() => printer.tickets.length === 3, 'the second checklist printed');
  k.proxy.setMode('open');
});
