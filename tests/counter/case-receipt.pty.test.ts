// The 受理回执 on the window's thermal printer: the counter bridge prints the slip of a case accepted at its counter, and
// again when the console asks, over a real pty to the printer emulator, which decodes the text and the QR code.
import { afterEach, beforeEach, expect, it } from 'vitest';
import { caseReceipt, createCase, printCaseReceipt } from '../../client/cases-client.ts';
import type { HallClient } from '../../client/hall-client.ts';
import { putMatter } from '../../client/matters-client.ts';
import { formatReceiptNumber } from '../../core/cases.ts';
import { startBusEmulator, startPrinterEmulator, type BusEmulator, type PrinterEmulator } from '../../drivers/index.ts';
import { startCounterBridge, type CounterBridge } from '../../electron/counter-bridge/bridge.ts';
import { ptyDir } from '../drivers/fixtures.ts';
import { makeIdNumber, startTestHall, type TestHall } from '../helpers/hall.ts';

const PASSWORD = 'staff-password-1';
let hall: TestHall;
let dir: ReturnType<typeof ptyDir>;
let bus: BusEmulator;
let printer: PrinterEmulator;
let bridge: CounterBridge;
let staff: HallClient;
let kiosk: HallClient;
let counterId: string;
let otherCounterId: string;
let serviceId: string;

beforeEach(async () => {
  hall = await startTestHall();
  serviceId = (await hall.admin.createService({ code: 'house', name: '不动产登记', prefix: 'B' })).id;
  counterId = (await hall.admin.createCounter({ number: 3, serviceIds: [serviceId] })).id;
  otherCounterId = (await hall.admin.createCounter({ number: 4, serviceIds: [serviceId] })).id;
  await putMatter(hall.admin, 'BDC-001', {
    name: '不动产转移登记',
    department: '不动产登记中心',
    category: '不动产',
    serviceId,
    legalDays: 30,
    promisedDays: 5,
  });
  await hall.admin.createUser({ username: 'wang', password: PASSWORD, role: 'staff' });
  staff = hall.anon.withToken((await hall.anon.login('wang', PASSWORD)).token);
  kiosk = hall.anon.withToken((await hall.admin.createDevice({ name: 'kiosk', kind: 'kiosk' })).token);
  dir = ptyDir();
  bus = await startBusEmulator({ path: dir.link('bus'), devices: [{ address: 1, kind: 'keypad' }] });
  printer = await startPrinterEmulator({ path: dir.link('printer'), baudRate: 115200 });
  bridge = await startCounterBridge({
    hallUrl: hall.url,
    username: 'wang',
    password: PASSWORD,
    counterId,
    busPath: bus.path,
    keypadAddress: 1,
    printerPath: printer.path,
    printerBaudRate: 115200,
    log: () => undefined,
  });
  await bridge.printer!.ready(5000);
});

afterEach(async () => {
  await bridge.stop();
  await printer.close();
  await bus.close();
  dir.remove();
  await hall.close();
});

it('prints the slip of a case accepted at this window, and again when asked: receipt number, matter, due date and the QR to follow it', async () => {
  const idCardNumber = makeIdNumber('1985-04-12', 231);
  const ticket = await kiosk.issueTicket({ serviceId, idCardNumber, personName: '张小三' }, 'slip-1');
  await staff.callNext(counterId);
  const slipPrinted = printer.next('ticket', 10_000);
  const c = await createCase(staff, { matterCode: 'BDC-001', ticketId: ticket.id }, 'case-1');
  const slip = await slipPrinted;

  const content = await caseReceipt(staff, c.id);
  expect(slip.lines).toContain('受理回执');
  expect(slip.lines).toContain(formatReceiptNumber(c.receiptNumber));
  expect(slip.lines).toContain('事项：不动产转移登记');
  expect(slip.lines).toContain('申请人：张*三');
  const [y, m, d] = c.dueDate.split('-').map(Number);
  expect(slip.lines).toContain(`承诺办结：${y}年${m}月${d}日前（工作日计）`);
  expect(slip.qrCodes).toEqual([content.followUrl]);
  expect(slip.qrCodes[0]).toContain(`/m/?case=${c.receiptNumber}&k=`);
  expect(slip.lines.join('\n')).not.toContain(idCardNumber.slice(-4));
  expect(slip.partialCut).toBe(true);

  // 补打: the same slip again.
  const again = printer.next('ticket', 10_000);
  await printCaseReceipt(staff, c.id);
  expect((await again).qrCodes).toEqual([content.followUrl]);
  expect(printer.tickets).toHaveLength(2);
});

it('leaves other windows’ cases and integrators’ cases to them', async () => {
  await hall.admin.createUser({ username: 'li.na', password: PASSWORD, role: 'staff' });
  const li = hall.anon.withToken((await hall.anon.login('li.na', PASSWORD)).token);
  await li.signIn(otherCounterId);
  const integrator = hall.anon.withToken((await hall.admin.createDevice({ name: '一网通办', kind: 'integrator' })).token);
  const idCardNumber = makeIdNumber('1990-01-02', 452);
  const elsewhere = await createCase(li, { matterCode: 'BDC-001', idCardNumber, name: '李四' }, 'case-2');
  await createCase(integrator, { matterCode: 'BDC-001', idCardNumber, name: '李四' }, 'case-3');
  await printCaseReceipt(li, elsewhere.id);
  // A slip this window does print afterwards is the first it prints: nothing before it was sent here.
  const mine = await createCase(staff, { matterCode: 'BDC-001', idCardNumber, name: '李四' }, 'case-4');
  const slip = await printer.next('ticket', 10_000);
  expect(slip.lines).toContain(formatReceiptNumber(mine.receiptNumber));
  await bridge.idle();
  expect(printer.tickets).toHaveLength(1);
});
