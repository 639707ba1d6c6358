// The counter bridge over a real pty: the bus emulator's keypad, evaluator and window screen against a real hall server.
import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import WebSocket from 'ws';
import { HallClient } from '../../client/hall-client.ts';
import { startBusEmulator, type BusEmulator } from '../../drivers/index.ts';
import { startCounterBridge, type CounterBridge } from '../../electron/counter-bridge/bridge.ts';
import { ptyDir } from '../drivers/fixtures.ts';
import { startTestHall, type TestHall } from '../helpers/hall.ts';

const KEYPAD = 1;
const EVALUATOR = 11;
const SCREEN = 21;
const PASSWORD = 'staff-password-1';

let hall: TestHall;
let dir: ReturnType<typeof ptyDir>;
let emulator: BusEmulator;
let bridge: CounterBridge | null;
let counterId: string;
let serviceId: string;
let kiosk: HallClient;
let keys = 0;

async function until<T>(check: () => Promise<T | undefined | false> | T | undefined | false, what: string, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

/** The first `count` ticket.rated events from the durable log. */
function ratedEvents(count: number): Promise<{ ticketId: string; level: number; channel: string }[]> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(hall.admin.eventsUrl(0));
    const found: { ticketId: string; level: number; channel: string }[] = [];
    const timer = setTimeout(() => {
      socket.close();
      reject(new Error(`only ${found.length} of ${count} ticket.rated events`));
    }, 10_000);
    socket.on('message', (raw) => {
      const event = JSON.parse(String(raw)) as { type: string; data: { ticketId: string; level: number; channel: string } };
      if (event.type === 'ticket.rated') found.push(event.data);
      if (found.length === count) {
        clearTimeout(timer);
        socket.close();
        resolve(found);
      }
    });
  });
}

const issue = () => kiosk.issueTicket({ serviceId }, `bridge-${process.pid}-${keys++}`);
const counterNow = async () => (await hall.admin.queue()).counters.find((c) => c.id === counterId)!;

beforeEach(async () => {
  hall = await startTestHall();
  const service = await hall.admin.createService({ code: 'social', name: '社保业务', prefix: 'A' });
  serviceId = service.id;
  counterId = (await hall.admin.createCounter({ number: 7, serviceIds: [service.id] })).id;
  await hall.admin.createUser({ username: 'zhao', password: PASSWORD, role: 'staff' });
  kiosk = hall.anon.withToken((await hall.admin.createDevice({ name: 'kiosk', kind: 'kiosk' })).token);
  dir = ptyDir();
  emulator = await startBusEmulator({
    path: dir.link('bus'),
    devices: [
      { address: KEYPAD, kind: 'keypad' },
      { address: EVALUATOR, kind: 'evaluator' },
      { address: SCREEN, kind: 'screen' },
    ],
  });
  bridge = null;
});

afterEach(async () => {
  await bridge?.stop();
  await emulator.close();
  dir.remove();
  await hall.close();
});

const start = async () => {
  bridge = await startCounterBridge({
    hallUrl: hall.url,
    username: 'zhao',
    password: PASSWORD,
    counterId,
    busPath: emulator.path,
    keypadAddress: KEYPAD,
    evaluatorAddress: EVALUATOR,
    screenAddress: SCREEN,
    log: () => undefined,
  });
  await bridge.bus.ready(5000);
  return bridge;
};

it('keypad call and recall work like the console buttons; keypad display and window screen show the number', async () => {
  const first = await issue();
  await issue();
  await start();
  const shown = emulator.next('display', 10_000, (d) => d.address === SCREEN && d.digits === '001');
  await emulator.press(KEYPAD, 'call');
  await shown;
  expect((await counterNow()).current?.number).toBe(first.number);
  expect(emulator.display(KEYPAD)).toBe('001');

  await emulator.press(KEYPAD, 'recall');
  await until(async () => (await hall.admin.ticket(first.id)).recallCount === 1, 'the recall');

  const second = emulator.next('display', 10_000, (d) => d.address === SCREEN && d.digits === '002');
  await emulator.press(KEYPAD, 'call');
  await second;
  expect((await hall.admin.ticket(first.id)).status).toBe('done');
});

it('typed digits then call calls that waiting number out of order', async () => {
  await issue();
  await issue();
  const third = await issue();
  await start();
  const shown = emulator.next('display', 10_000, (d) => d.address === SCREEN && d.digits === '003');
  await emulator.press(KEYPAD, 'call', '3');
  await shown;
  expect((await hall.admin.ticket(third.id)).status).toBe('called');
});

it('evaluate completes the visit and the evaluator score rates it with channel evaluator; 2 or less opens a follow-up', async () => {
  const first = await issue();
  const second = await issue();
  await start();
  await emulator.press(KEYPAD, 'call');
  await until(() => bridge!.current?.id === first.id, 'the first call');
  const cleared = emulator.next('display', 10_000, (d) => d.address === SCREEN && d.digits === '');
  await emulator.press(KEYPAD, 'evaluate');
  await cleared;
  await until(() => bridge!.lastCompletedId === first.id, 'the completion event');
  await emulator.rate(EVALUATOR, 5);
  await until(async () => (await hall.anon.publicTicket(first.id)).rated, 'the rating of the first visit');

  // A second score with nothing new completed rates nothing.
  await emulator.rate(EVALUATOR, 1);
  await bridge!.idle();

  await emulator.press(KEYPAD, 'call');
  await until(() => bridge!.current?.id === second.id, 'the second call');
  await emulator.press(KEYPAD, 'evaluate');
  await until(() => bridge!.lastCompletedId === second.id, 'the second completion');
  await emulator.rate(EVALUATOR, 2);
  const [followUp] = await until(async () => {
    const list = await hall.admin.followUps();
    return list.length ? list : undefined;
  }, 'the follow-up');
  expect(followUp).toMatchObject({ ticketId: second.id, level: 2, status: 'open' });
  expect(await ratedEvents(2)).toMatchObject([
    { ticketId: first.id, level: 5, channel: 'evaluator' },
    { ticketId: second.id, level: 2, channel: 'evaluator' },
  ]);
  const report = await hall.admin.satisfaction('counter');
  expect(report.overall.ratings).toBe(2);
  expect(report.rows[0]).toMatchObject({ key: counterId, ratings: 2, average: 3.5 });
});

it('shows calls made from the console too, and clears the screen when the ticket leaves the counter', async () => {
  const first = await issue();
  await start();
  const { token } = await hall.anon.login('zhao', PASSWORD);
  const staff = hall.anon.withToken(token);
  const shown = emulator.next('display', 10_000, (d) => d.address === SCREEN && d.digits === '001');
  await staff.callNext(counterId);
  await shown;
  const cleared = emulator.next('display', 10_000, (d) => d.address === SCREEN && d.digits === '');
  await staff.noShow(first.id);
  await cleared;
  expect(emulator.display(KEYPAD)).toBe('');
});

it('runs as npm run counter:bridge with its settings from the environment, and stops on SIGTERM', async () => {
  await issue();
  const child = spawn(process.execPath, ['--import', 'tsx', resolve(import.meta.dirname, '../../electron/counter-bridge/main.ts')], {
    env: {
      ...process.env,
      HALL_URL: hall.url,
      HALL_USERNAME: 'zhao',
      HALL_PASSWORD: PASSWORD,
      COUNTER_ID: counterId,
      BUS_PORT: emulator.path,
      KEYPAD_ADDRESS: String(KEYPAD),
      SCREEN_ADDRESS: String(SCREEN),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout.on('data', (c: Buffer) => (out += c.toString()));
  child.stderr.on('data', (c: Buffer) => (out += c.toString()));
  const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
  try {
    await until(() => out.includes('bus: open'), 'the bridge to open the bus', 30_000);
    const shown = emulator.next('display', 10_000, (d) => d.address === SCREEN && d.digits === '001');
    await emulator.press(KEYPAD, 'call');
    await shown;
  } finally {
    child.kill('SIGTERM');
  }
  expect(await exited).toBe(0);
});

it('refuses to start without credentials, saying which settings are missing', async () => {
  const child = spawn(process.execPath, ['--import', 'tsx', resolve(import.meta.dirname, '../../electron/counter-bridge/main.ts')], {
    env: { ...process.env, HALL_URL: hall.url, COUNTER_ID: counterId, BUS_PORT: emulator.path, KEYPAD_ADDRESS: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let err = '';
  child.stderr.on('data', (c: Buffer) => (err += c.toString()));
  const code = await new Promise<number | null>((r) => child.once('exit', (c) => r(c)));
  expect(code).toBe(2);
  expect(err).toContain('HALL_USERNAME');
});
