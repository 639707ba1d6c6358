// A long replay is sent a page per tick while new events keep coming: no gap, no duplicate, no stall.
import { afterAll, beforeAll, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { Actor } from '../../core/model.ts';
import { startTestHall, type TestHall } from '../helpers/hall.ts';

let hall: TestHall;
const kiosk: Actor = { kind: 'device', id: 'bulk', role: 'kiosk', name: 'bulk' };

beforeAll(async () => {
  hall = await startTestHall();
});
afterAll(async () => {
  await hall.close();
});

it('replays thousands of events in order while live ones are committed, and the server keeps answering', async () => {
  const serviceId = (await hall.admin.createService({ code: 'bulk', name: '批量', prefix: 'Z' })).id;
  const { run } = hall.server.context;
  // Thousands of commands at once: the writer takes them in a few group commits.
  await Promise.all(Array.from({ length: 3500 }, () => run('issueTicket', kiosk, { serviceId })));
  const ws = new WebSocket(hall.admin.eventsUrl(0));
  const seqs: number[] = [];
  ws.on('message', (data) => seqs.push((JSON.parse(String(data)) as { seq: number }).seq));
  await new Promise((resolve) => ws.once('open', resolve));
  // While the replay is paged out, the server still serves requests and commits new events.
  for (let i = 0; i < 20; i++) {
    expect((await hall.admin.health()).ok).toBe(true);
    await hall.admin.issueTicket({ serviceId });
  }
  const last = hall.server.context.store.lastSeq();
  const deadline = Date.now() + 20_000;
  while (seqs[seqs.length - 1] !== last && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
  ws.close();
  expect(seqs).toHaveLength(last);
  expect(seqs.every((s, i) => s === i + 1)).toBe(true);
});
