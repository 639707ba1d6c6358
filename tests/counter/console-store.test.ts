// The counter console's state against the order things really arrive in: an action's answer and the events
// of the same change come over two connections, so an event can arrive after the answer to a later action.
import { beforeEach, expect, it } from 'vitest';
import type { TicketView } from '../../core/engine.ts';
import type { HallEvent } from '../../client/hall-client.ts';
import { applyEvent, settleCurrent, useCounter } from '../../renderer/counter/store.ts';

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
