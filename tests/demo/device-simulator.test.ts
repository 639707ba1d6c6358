// The demo's device simulator over loopback, driving a kiosk agent on emulated devices (socat ptys) beside a real hall.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AgentEvent } from '../../client/kiosk-agent.ts';
import { CardIdentityError, encodeIdCard, parseIdCard, residentCard } from '../../drivers/index.ts';
import { DEMO_CARDS, startDeviceSimulator } from '../../scripts/demo-devices.ts';
import { startEmulatedKiosk, type EmulatedKiosk } from '../../scripts/demo-kiosk.ts';
import { startTestHall, type TestHall } from '../helpers/hall.ts';

let hall: TestHall;
let kiosk: EmulatedKiosk;
let simulator: { url: string; close(): Promise<void> };
const events: AgentEvent[] = [];
const logged: string[] = [];

/** A card as the demo had it before: 𬌗 (U+2C317) written as itself, which no card's UCS-2 can hold. */
const unencodable = { label: '李𬌗明（非 BMP）', identity: residentCard({ name: '李𬌗明', birthDate: '19851120', serial: '318' }) };

beforeAll(async () => {
  hall = await startTestHall();
  const { token } = await hall.admin.createDevice({ name: '模拟取号机', kind: 'kiosk' });
  kiosk = await startEmulatedKiosk({ hallUrl: hall.url, kioskToken: token, dataDir: join(hall.dir, 'kiosk') });
  kiosk.agent.subscribe((e) => events.push(e));
  simulator = await startDeviceSimulator({
    reader: kiosk.idReader,
    printer: kiosk.printer,
    kioskUrl: kiosk.url,
    port: 0,
    cards: { ...DEMO_CARDS, unencodable },
    log: (line) => logged.push(line),
  });
}, 30_000);

afterAll(async () => {
  await simulator?.close();
  await kiosk?.stop();
  await hall?.close();
});

const press = (action: string) => fetch(simulator.url, { method: 'POST', body: new URLSearchParams({ action }), redirect: 'manual' });

async function nextCard(from: number): Promise<Extract<AgentEvent, { type: 'card' }>> {
  const deadline = Date.now() + 10_000;
  while (Date.now() < deadline) {
    const found = events.slice(from).find((e): e is Extract<AgentEvent, { type: 'card' }> => e.type === 'card');
    if (found) return found;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`no card event; events: ${JSON.stringify(events.slice(from))}`);
}

describe('device simulator', () => {
  it('the rare-name card holds its rare character in the Private Use Area: the reader shows the placeholder', () => {
    const { text, photo } = encodeIdCard(DEMO_CARDS.rare!.identity);
    const card = parseIdCard(text, photo);
    if (card.kind !== 'resident') throw new Error(card.kind);
    expect(card.name.display).toBe('李□明');
    expect(card.name.rareCharacters).toEqual([{ index: 1, codePoint: 'U+E80C' }]);
  });

  it('placing the rare-name card answers 303 and the kiosk agent reads it (masked, the placeholder masked too)', async () => {
    const from = events.length;
    const res = await press('card-rare');
    expect(res.status).toBe(303);
    const e = await nextCard(from);
    expect(e.card).toMatchObject({ maskedName: '李*明', cardKind: 'resident', elderly: false });
    expect(e.card.maskedIdNumber).toMatch(/^3201\*+\d{3}[\dX]$/);
  }, 20_000);

  it('a card no emulator can encode is a 400 naming the field, and the simulator and kiosk go on working', async () => {
    const res = await press('card-unencodable');
    expect(res.status).toBe(400);
    const message = await res.text();
    expect(message).toContain('name');
    expect(message).toContain('Private Use Area');
    expect((await fetch(simulator.url)).status).toBe(200);
    expect((await press('no-such-action')).status).toBe(400);
    const from = events.length;
    expect((await press('card-zhang')).status).toBe(303);
    expect((await nextCard(from)).card.maskedName).toBe('张*三');
    expect((await fetch(`${kiosk.agentUrl}/local/status`)).status).toBe(200);
    expect((await hall.anon.health()).ok).toBe(true);
  }, 20_000);

  it('the card encoder refuses text beyond the BMP with a CardIdentityError, not a crash deep in the buffer code', () => {
    expect(() => encodeIdCard(unencodable.identity)).toThrow(CardIdentityError);
    expect(() => encodeIdCard(unencodable.identity)).toThrow(/^name: .*Private Use Area/);
    expect(() => kiosk.idReader.placeCard(unencodable.identity)).toThrow(CardIdentityError);
  });
});
