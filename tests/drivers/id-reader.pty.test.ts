// The SAM reader driver over real ptys (socat + serialport bindings) against the emulator.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { IdReaderError, SamIdCardReader, startIdReaderEmulator, type IdReaderEmulator, type IdReaderStatus } from '../../drivers/index.ts';
import { foreigner2023, ptyDir, residentOuyang, residentZhang } from './fixtures.ts';

/** Waits until the reader has polled `count` more times, so a lifted card counts as lifted whatever the load. */
async function polls(count: number): Promise<void> {
  const target = emulator.commands.filter((c) => c === 'findCard').length + count;
  const deadline = Date.now() + 5000;
  while (emulator.commands.filter((c) => c === 'findCard').length < target) {
    if (Date.now() > deadline) throw new Error('reader stopped polling');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

let dir: ReturnType<typeof ptyDir>;
let emulator: IdReaderEmulator;
let reader: SamIdCardReader;

beforeEach(async () => {
  dir = ptyDir();
  emulator = await startIdReaderEmulator({ path: dir.link('reader') });
  reader = new SamIdCardReader({ path: emulator.path, pollMs: 40, retryMinMs: 50, retryMaxMs: 200, timeouts: { findCard: 250, samStatus: 250 } });
});

afterEach(async () => {
  await reader.stop();
  await emulator.close();
  dir.remove();
});

describe('SAM commands', () => {
  beforeEach(() => reader.open());

  it('answers SAM status and id, and reports no card', async () => {
    await reader.reset();
    await reader.samStatus();
    expect(await reader.samId()).toBe('05.01-20250101-0000000001-2104000001');
    expect(await reader.findCard()).toBe(false);
  });

  it('reads a placed card with find, select and read', async () => {
    emulator.placeCard(residentZhang);
    const card = await reader.readCard();
    expect(card.kind).toBe('resident');
    if (card.kind !== 'resident') return;
    expect(card.name.display).toBe('张小三');
    expect(card.idNumber).toBe(residentZhang.kind === 'resident' ? residentZhang.idNumber : '');
    expect(card.photo).toHaveLength(1024);
    expect(emulator.commands).toEqual(['findCard', 'selectCard', 'readBaseInfo']);
  });

  it('maps an SW3 failure to a typed error', async () => {
    emulator.placeCard(residentZhang);
    emulator.setFault({ kind: 'status', command: 'selectCard', sw3: 0x81 });
    const error = await reader.readCard().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(IdReaderError);
    expect(error).toMatchObject({ code: 'select_card_failed', sw3: 0x81 });
  });

  it('survives garbage before a reply', async () => {
    emulator.placeCard(residentZhang);
    emulator.setFault({ kind: 'garbage' });
    expect((await reader.readCard()).kind).toBe('resident');
  });

  it('times out on a bad checksum, truncated or missing reply, and the next command still works', async () => {
    for (const kind of ['bad_checksum', 'truncated', 'silent'] as const) {
      emulator.setFault({ kind, command: 'findCard', times: 1 });
      await expect(reader.findCard()).rejects.toMatchObject({ code: 'timeout' });
      expect(await reader.findCard()).toBe(false);
    }
  });

  it('waits for a slow reply within the timeout and times out beyond it', async () => {
    emulator.setFault({ kind: 'slow', delayMs: 60, command: 'findCard', times: 1 });
    expect(await reader.findCard()).toBe(false);
    emulator.setFault({ kind: 'slow', delayMs: 450, command: 'findCard', times: 1 });
    await expect(reader.findCard()).rejects.toMatchObject({ code: 'timeout' });
    // The late reply must not be taken as the answer to the next command.
    emulator.placeCard(residentZhang);
    expect(await reader.findCard()).toBe(true);
  });
});

describe('card watch loop', () => {
  it('reads a card once per placement and again after it is lifted', async () => {
    const cards: string[] = [];
    reader.on('card', (card) => cards.push(card.kind === 'resident' ? card.name.text : card.kind));
    reader.start();
    await reader.next('status', 3000, (s) => s === 'ready');
    emulator.placeCard(residentZhang);
    await reader.next('card', 3000);
    // Left on the reader for many polls: no second read.
    await polls(8);
    expect(cards).toEqual(['张小三']);
    expect(emulator.commands.filter((c) => c === 'readBaseInfo')).toHaveLength(1);
    emulator.removeCard();
    await polls(3);
    emulator.placeCard(residentOuyang);
    await reader.next('card', 3000);
    expect(cards).toEqual(['张小三', '欧阳小明']);
  });

  it('reports an unsupported card once, as a typed error', async () => {
    const errors: IdReaderError[] = [];
    reader.on('cardError', (e) => errors.push(e));
    reader.start();
    emulator.placeCard(foreigner2023);
    const error = await reader.next('cardError', 3000);
    expect(error.code).toBe('unsupported_card');
    expect(error.zh).toContain('2023');
    await polls(6);
    expect(errors).toHaveLength(1);
  });

  it('retries transient read failures quietly and tells the visitor after three', async () => {
    const errors: IdReaderError[] = [];
    reader.on('cardError', (e) => errors.push(e));
    reader.start();
    await reader.next('status', 3000, (s) => s === 'ready');
    emulator.setFault({ kind: 'status', command: 'readBaseInfo', sw3: 0x41, times: 2 });
    emulator.placeCard(residentZhang);
    // Two failures then a good read: the visitor sees the card, never an error.
    expect((await reader.next('card', 3000)).kind).toBe('resident');
    expect(errors).toEqual([]);
    emulator.removeCard();
    await polls(3);
    emulator.setFault({ kind: 'status', command: 'readBaseInfo', sw3: 0x41 });
    emulator.placeCard(residentOuyang);
    expect(await reader.next('cardError', 3000)).toMatchObject({ code: 'read_failed', zh: '读卡失败，请重新放卡' });
    expect(emulator.commands.filter((c) => c === 'readBaseInfo')).toHaveLength(6);
  });

  it('reports a SAM fault when the module fails its self-test', async () => {
    emulator.setFault({ kind: 'status', command: 'samStatus', sw3: 0x60 });
    reader.start();
    await reader.next('status', 3000, (s) => s === 'fault');
    emulator.setFault(null);
    await reader.next('status', 3000, (s) => s === 'ready');
  });

  it('reports not_responding when the reader goes silent and ready when it answers again', async () => {
    reader.start();
    await reader.next('status', 3000, (s) => s === 'ready');
    emulator.setFault({ kind: 'silent' });
    await reader.next('status', 3000, (s) => s === 'not_responding');
    emulator.setFault(null);
    await reader.next('status', 3000, (s) => s === 'ready');
  });

  it('notices an unplug, retries, and resumes reading after replug without a restart', async () => {
    const statuses: IdReaderStatus[] = [];
    reader.on('status', (s) => statuses.push(s));
    reader.start();
    await reader.next('status', 3000, (s) => s === 'ready');
    const gone = reader.next('status', 3000, (s) => s === 'disconnected');
    await emulator.unplug();
    await gone;
    // Stay unplugged across several retries.
    await new Promise((resolve) => setTimeout(resolve, 300));
    const back = reader.next('status', 5000, (s) => s === 'ready');
    await emulator.replug();
    await back;
    emulator.placeCard(residentZhang);
    const card = await reader.next('card', 3000);
    expect(card.kind).toBe('resident');
    expect(statuses[0]).toBe('ready');
    expect(statuses.slice(statuses.indexOf('disconnected'))).toEqual(['disconnected', 'connecting', 'ready']);
  });
});
