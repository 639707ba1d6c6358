// The board's store: services keep their translated names for localName, and a call at a closed counter opens it
// on the board as the engine does (a manager calling there); a service changed on the server changes on the board.
import { beforeEach, describe, expect, it } from 'vitest';
import type { QueueSnapshot } from '../../client/hall-client.ts';
import { applyEvent, applySnapshot, refreshesWaiting, useDisplay } from '../../renderer/display/store.ts';
import { localName } from '../../renderer/shared/i18n.ts';

const counter = {
  id: 'c1',
  number: 10,
  name: null,
  serviceIds: ['s1'],
  state: 'closed' as const,
  paused: false,
  pauseReason: null,
  staffUserId: null,
  currentTicketId: null,
  current: null,
};
const snapshot = {
  seq: 1,
  day: '2026-12-06',
  today: { issued: 0, called: 0, done: 0, noShow: 0, cancelled: 0 },
  services: [
    {
      id: 's1',
      code: 'biz',
      name: '企业开办（设立登记）',
      names: { en: 'Business registration', ja: '会社設立登記' },
      prefix: 'A',
      waiting: 3,
      estimatedWaitSeconds: 600,
      open: true,
    },
  ],
  counters: [counter],
} as unknown as QueueSnapshot;

beforeEach(() => applySnapshot(snapshot));

describe('the board store', () => {
  it('keeps the names the server sends, so the board shows the visitor language', () => {
    const [service] = useDisplay.getState().services;
    expect(localName('en', service!.name, service!.names)).toBe('Business registration');
    expect(localName('ja', service!.name, service!.names)).toBe('会社設立登記');
    expect(localName('zh-TW', service!.name, service!.names)).toBe('企业开办（设立登记）');
  });

  it('takes a service renamed or translated on the server from its service.updated event', () => {
    const service = { ...snapshot.services[0]!, names: { en: 'Starting a business', ja: '会社設立' }, name: '企业开办' };
    applyEvent({ seq: 2, type: 'service.updated', at: new Date().toISOString(), data: { service, changed: ['name', 'names'] } }, Date.now());
    const [shown] = useDisplay.getState().services;
    expect(localName('en', shown!.name, shown!.names)).toBe('Starting a business');
    expect(localName('ja', shown!.name, shown!.names)).toBe('会社設立');
    expect(localName('zh-CN', shown!.name, shown!.names)).toBe('企业开办');
    expect(shown!.waiting).toBe(3);
  });

  it('opens a closed counter when a ticket is called there', () => {
    const at = new Date().toISOString();
    applyEvent(
      { seq: 2, type: 'ticket.called', at, data: { ticket: { id: 't1', number: 'A001', recallCount: 0 }, counter: { id: 'c1', number: 10, name: null } } },
      Date.now(),
    );
    expect(useDisplay.getState().counters[0]).toMatchObject({ state: 'open', current: { id: 't1', number: 'A001' } });
  });

  it('follows counter.updated: a renamed counter shows its name, a retired one leaves the board', () => {
    const at = new Date().toISOString();
    applyEvent({ seq: 2, type: 'counter.updated', at, data: { counter: { ...counter, name: '综合窗口', active: true }, changed: ['name'] } }, Date.now());
    expect(useDisplay.getState().counters).toMatchObject([{ id: 'c1', name: '综合窗口' }]);
    applyEvent({ seq: 3, type: 'counter.updated', at, data: { counter: { ...counter, active: false }, changed: ['active'] } }, Date.now());
    expect(useDisplay.getState().counters).toEqual([]);
  });

  it('asks for the waiting counts again after a service or the settings change, and drops a retired service at once', () => {
    for (const type of ['ticket.issued', 'service.created', 'service.updated', 'settings.changed']) expect(refreshesWaiting(type), type).toBe(true);
    expect(refreshesWaiting('counter.paused')).toBe(false);
    applyEvent(
      { seq: 2, type: 'service.updated', at: new Date().toISOString(), data: { service: { ...snapshot.services[0]!, active: false }, changed: ['active'] } },
      Date.now(),
    );
    expect(useDisplay.getState().services).toEqual([]);
    applySnapshot({ ...snapshot, services: [...snapshot.services, { ...snapshot.services[0]!, id: 's2', active: false }] } as QueueSnapshot);
    expect(useDisplay.getState().services.map((s) => s.id)).toEqual(['s1']);
  });
});
