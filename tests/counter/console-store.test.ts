// The counter console's state against the order things really arrive in: an action's answer and the events
// of the same change come over two connections, so an event can arrive after the answer to a later action.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { CounterView, TicketView } from '../../core/engine.ts';
import { HallClient, type HallEvent, type QueueSnapshot } from '../../client/hall-client.ts';
import { applyEvent, applySnapshot, commitPending, holdBack, settleCurrent, undoPending, UNDO_MS, useCounter } from '../../renderer/counter/store.ts';
import { startTestHall, type TestHall } from '../helpers/hall.ts';

const COUNTER = 'counter-3';
let seq = 0;

const ticket = (id: string, status: TicketView['status'], extra: Partial<TicketView> = {}): TicketView => ({
  id,
  number: `A${id.padStart(3, '0')}`,
  serviceId: 'svc-a',
  status,
  priority: false,
  priorityReason: null,
  appointment: false,
  lateArrival: false,
  issuedAt: '2026-11-23T10:00:00+08:00',
  calledAt: status === 'waiting' ? null : '2026-11-23T10:05:00+08:00',
  endedAt: null,
  counterId: status === 'waiting' ? null : COUNTER,
  maskedName: null,
  maskedIdNumber: null,
  recallCount: 0,
  ...extra,
});

const event = (type: string, t: TicketView): HallEvent => ({ seq: ++seq, type, at: '2026-11-23T10:05:00+08:00', data: { ticket: t } }) as HallEvent;

const counterView: CounterView = {
  id: COUNTER,
  number: 3,
  name: null,
  serviceIds: ['svc-a'],
  state: 'open',
  paused: false,
  pauseReason: null,
  staffUserId: 'u1',
  currentTicketId: '6',
  active: true,
};

beforeEach(() => useCounter.setState({ current: null }));

it('keeps a completed ticket out of the hand when its recall event arrives after the completion', () => {
  settleCurrent(ticket('1', 'called'));
  settleCurrent(ticket('1', 'done'));
  applyEvent(event('ticket.recalled', ticket('1', 'called', { recallCount: 1 })), COUNTER);
  expect(useCounter.getState().current).toBeNull();
  applyEvent(event('ticket.completed', ticket('1', 'done')), COUNTER);
  expect(useCounter.getState().current).toBeNull();
});

it('keeps the next ticket in hand when the previous one’s call event arrives after call-next', () => {
  settleCurrent(ticket('2', 'called'));
  // Call-next finished ticket 2 and called ticket 3; the event of ticket 2's own call is still on its way.
  settleCurrent(ticket('3', 'called'), '2');
  applyEvent(event('ticket.called', ticket('2', 'called')), COUNTER);
  expect(useCounter.getState().current?.id).toBe('3');
});

it('still follows calls made for this counter elsewhere, and a transferred ticket called again', () => {
  applyEvent(event('ticket.called', ticket('4', 'called')), COUNTER);
  expect(useCounter.getState().current?.id).toBe('4');
  applyEvent(event('ticket.transferred', ticket('4', 'waiting', { serviceId: 'svc-b' })), COUNTER);
  expect(useCounter.getState().current).toBeNull();
  applyEvent(event('ticket.called', ticket('4', 'called', { serviceId: 'svc-b' })), COUNTER);
  expect(useCounter.getState().current?.id).toBe('4');
  // Another counter's call is not this counter's business.
  applyEvent(event('ticket.called', ticket('5', 'called', { counterId: 'counter-9' })), COUNTER);
  expect(useCounter.getState().current?.id).toBe('4');
});

it('follows a service renamed or retired on the server (service.updated)', () => {
  const base = {
    id: 'svc-a',
    code: 'a',
    name: '企业开办',
    names: {},
    prefix: 'A',
    category: null,
    dailyCap: null,
    openingHours: null,
    targetWaitMinutes: null,
    defaultServiceSeconds: 300,
    active: true,
    kioskOrder: 0,
    cutoffMinutes: null,
    pendingPrefix: null,
  };
  useCounter.setState({ services: [base] });
  applyEvent(
    {
      seq: ++seq,
      type: 'service.updated',
      at: '2026-11-23T10:05:00+08:00',
      data: { service: { ...base, name: '企业设立', active: false }, changed: ['name', 'active'] },
    } as HallEvent,
    COUNTER,
  );
  expect(useCounter.getState().services).toMatchObject([{ id: 'svc-a', name: '企业设立', active: false }]);
});

it('keeps a held-back ticket out of the hand though its events and a snapshot still show it called; undo brings it back', () => {
  settleCurrent(ticket('6', 'called'));
  holdBack('noShow', ticket('6', 'called'), COUNTER, 1_000);
  expect(useCounter.getState()).toMatchObject({ current: null, pending: { kind: 'noShow', until: 1_000 + UNDO_MS } });
  applyEvent(event('ticket.recalled', ticket('6', 'called', { recallCount: 1 })), COUNTER);
  const snapshot: Pick<QueueSnapshot, 'seq' | 'services' | 'counters'> = { seq, services: [], counters: [{ ...counterView, current: ticket('6', 'called') }] };
  applySnapshot(snapshot as QueueSnapshot, COUNTER);
  expect(useCounter.getState().current).toBeNull();
  expect(undoPending()).toBe(true);
  expect(useCounter.getState()).toMatchObject({ pending: null, current: { id: '6' }, notice: { key: 'undone', vars: { n: 'A006' } } });
  expect(undoPending()).toBe(false);
  // Taken back, it is an ordinary ticket in hand again.
  applyEvent(event('ticket.recalled', ticket('6', 'called', { recallCount: 2 })), COUNTER);
  expect(useCounter.getState().current?.recallCount).toBe(2);
});

describe('sending a held-back action to a real hall server', () => {
  let hall: TestHall;
  let counterId: string;
  let serviceId: string;
  let keys = 0;
  beforeAll(async () => {
    hall = await startTestHall();
    serviceId = (await hall.admin.createService({ code: 'social', name: '社保业务', prefix: 'A' })).id;
    counterId = (await hall.admin.createCounter({ number: 3, serviceIds: [serviceId] })).id;
  });
  afterAll(() => hall?.close());
  beforeEach(() => useCounter.setState({ pending: null, error: null, notice: null }));

  const callOne = async () => {
    await hall.admin.issueTicket({ serviceId }, `store-${keys++}`);
    const { ticket: called } = await hall.admin.callNext(counterId);
    settleCurrent(called);
    return called!;
  };

  it('sends it once however many ask at once (the timer and a call-next), then says so', async () => {
    const held = await callOne();
    holdBack('noShow', held, counterId);
    const [a, b] = await Promise.all([commitPending(hall.admin), commitPending(hall.admin)]);
    expect([a, b]).toEqual([true, true]);
    expect((await hall.admin.ticket(held.id)).status).toBe('no_show');
    expect(useCounter.getState()).toMatchObject({ pending: null, current: null, error: null, notice: { key: 'noShowSent', vars: { n: held.number } } });
  });

  it('counts one already sent (before a reload) as done', async () => {
    const held = await callOne();
    holdBack('complete', held, counterId);
    await hall.admin.complete(held.id);
    expect(await commitPending(hall.admin)).toBe(true);
    expect(useCounter.getState()).toMatchObject({ error: null, notice: { key: 'completeSent' } });
  });

  it('a refused one (an expired token) says why, and the ticket comes back into the hand while the server still has it called here', async () => {
    const held = await callOne();
    holdBack('noShow', held, counterId);
    // A token the server no longer takes (the session ran out in the window).
    const staff = new HallClient(hall.url, { token: 'expired' });
    expect(await commitPending(staff)).toBe(false);
    expect((await hall.admin.ticket(held.id)).status).toBe('called');
    expect(useCounter.getState()).toMatchObject({ pending: null, current: { id: held.id }, error: 'UNAUTHENTICATED' });
  });
});
