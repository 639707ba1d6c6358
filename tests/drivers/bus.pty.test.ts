// The caller/evaluator bus over a real pty: several keypads, evaluators and a window screen on one line.
import { afterEach, beforeEach, expect, it } from 'vitest';
import { BusWindowScreen, CallerBus, startBusEmulator, type BusEmulator, type KeyPress, type Rating } from '../../drivers/index.ts';
import { ptyDir } from './fixtures.ts';

let dir: ReturnType<typeof ptyDir>;
let emulator: BusEmulator;
let bus: CallerBus;

beforeEach(async () => {
  dir = ptyDir();
  emulator = await startBusEmulator({
    path: dir.link('bus'),
    devices: [
      { address: 1, kind: 'keypad' },
      { address: 2, kind: 'keypad' },
      { address: 11, kind: 'evaluator' },
      { address: 21, kind: 'screen' },
    ],
  });
  bus = new CallerBus({ path: emulator.path, retryMinMs: 50, retryMaxMs: 200 });
  await bus.ready();
});

afterEach(async () => {
  await bus.stop();
  await emulator.close();
  dir.remove();
});

it('reads key presses with their digits and evaluator scores from several devices', async () => {
  const keys: KeyPress[] = [];
  const ratings: Rating[] = [];
  bus.on('key', (k) => keys.push(k));
  bus.on('rating', (r) => ratings.push(r));
  const last = bus.next('key', 3000, (k) => k.key === 'confirm');
  await emulator.press(1, 'call');
  await emulator.press(2, 'recall', '23');
  await emulator.sendRaw(Buffer.from([0x00, 0xff, 0x68, 0x07]));
  await emulator.rate(11, 4);
  await emulator.press(2, 'evaluate');
  await emulator.press(1, 'confirm', '5');
  await last;
  expect(keys).toEqual([
    { address: 1, key: 'call', digits: '' },
    { address: 2, key: 'recall', digits: '23' },
    { address: 2, key: 'evaluate', digits: '' },
    { address: 1, key: 'confirm', digits: '5' },
  ]);
  expect(ratings).toEqual([{ address: 11, score: 4 }]);
});

it('shows numbers on the addressed keypad and window screen only', async () => {
  const shown = emulator.next('display', 3000, (d) => d.address === 21);
  await bus.showNumber(2, 'A023');
  await new BusWindowScreen(bus, 21).show('B105');
  await shown;
  expect(emulator.display(2)).toBe('023');
  expect(emulator.display(21)).toBe('105');
  expect(emulator.display(1)).toBe('');
  const cleared = emulator.next('display', 3000, (d) => d.address === 21);
  await new BusWindowScreen(bus, 21).clear();
  await cleared;
  expect(emulator.display(21)).toBe('');
});

it('keeps listening after the bus is unplugged and plugged back', async () => {
  const gone = bus.next('status', 3000, (s) => s === 'disconnected');
  await emulator.unplug();
  await gone;
  await expect(bus.showNumber(1, '7')).rejects.toMatchObject({ code: 'disconnected' });
  const back = bus.next('status', 5000, (s) => s === 'open');
  await emulator.replug();
  await back;
  const key = bus.next('key', 3000);
  await emulator.press(1, 'call');
  expect(await key).toEqual({ address: 1, key: 'call', digits: '' });
});
