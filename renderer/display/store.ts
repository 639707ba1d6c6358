// The board's state, fed by the event stream: calls, counters, waiting counts, the notice line.
import { create } from 'zustand';
import type { TicketView, CounterView, ServiceView } from '../../core/engine.ts';
import type { HallSettings, LocalizedNames } from '../../core/model.ts';
import type { HallEvent, QueueSnapshot } from '../../client/hall-client.ts';
import type { LinkStatus } from '../shared/connection.ts';
import type { AudioState } from './voice/audio-check.ts';

export interface CallEntry {
  /** One per call or recall, so a recall shows as a new line. */
  key: string;
  ticketId: string;
  number: string;
  counterId: string;
  counterNumber: number;
  kind: 'call' | 'recall';
  /** On the server's clock. */
  at: number;
}

export interface CounterBoard {
  id: string;
  number: number;
  name: string | null;
  state: CounterView['state'];
  current: { id: string; number: string } | null;
}

export interface ServiceBoard {
  id: string;
  name: string;
  /** Translations, when the hall gives them (shown through localName). */
  names?: LocalizedNames;
  prefix: string;
  waiting: number;
  open: boolean;
}

export interface DisplayState {
  hallName: string;
  timeZone: string;
  noticeLine: string;
  announceRepeat: number;
  services: ServiceBoard[];
  counters: CounterBoard[];
  calls: CallEntry[];
  /** The newest call while it is news; never one that was already on the board before a reload. */
  highlight: string | null;
  link: LinkStatus;
  /** 'blocked': the browser refuses to sound without a tap, so the board says so and alerts the manager. */
  audio: AudioState;
}

export const MAX_CALLS = 6;
/** A call older than this when it reaches the board is shown, but neither announced nor highlighted. */
export const FRESH_MS = 60_000;

export const useDisplay = create<DisplayState>(() => ({
  hallName: '',
  timeZone: 'Asia/Shanghai',
  noticeLine: '',
  announceRepeat: 2,
  services: [],
  counters: [],
  calls: [],
  highlight: null,
  link: 'connecting',
  audio: 'unknown',
}));

export function applySettings(s: Pick<HallSettings, 'hallName' | 'timeZone' | 'noticeLine' | 'announceRepeat'>): void {
  useDisplay.setState({ hallName: s.hallName, timeZone: s.timeZone, noticeLine: s.noticeLine, announceRepeat: s.announceRepeat });
}

const boardOf = (c: CounterView & { current?: TicketView | null }, current: CounterBoard['current']): CounterBoard => ({
  id: c.id,
  number: c.number,
  name: c.name,
  state: c.state,
  current,
});

export function applySnapshot(s: QueueSnapshot): void {
  const counters = s.counters.map((c) => boardOf(c, c.current ? { id: c.current.id, number: c.current.number } : null)).sort((a, b) => a.number - b.number);
  // Rebuilt from what the counters hold now, newest first; nothing in it is news.
  const calls: CallEntry[] = s.counters
    .filter((c) => c.current?.calledAt)
    .map((c) => ({
      key: `${c.current!.id}:${c.current!.recallCount}`,
      ticketId: c.current!.id,
      number: c.current!.number,
      counterId: c.id,
      counterNumber: c.number,
      kind: 'call' as const,
      at: Date.parse(c.current!.calledAt!),
    }))
    .sort((a, b) => b.at - a.at)
    .slice(0, MAX_CALLS);
  useDisplay.setState({ counters, calls, highlight: null });
  applyWaiting(s);
}

/** The snapshot's services, with translated names where the server sends them. */
type SnapshotService = QueueSnapshot['services'][number] & { names?: LocalizedNames };

export function applyWaiting(s: QueueSnapshot): void {
  useDisplay.setState({
    // A retired service leaves the board; the queue still lists it for its history.
    services: s.services
      .filter((x) => x.active !== false)
      .map((x: SnapshotService) => ({ id: x.id, name: x.name, names: x.names, prefix: x.prefix, waiting: x.waiting, open: x.open })),
  });
}

/**
 * Events after which the board asks the server for the waiting counts again: tickets move them, and a service
 * created, retired, re-opened or re-houred (service.updated) or a holiday set (settings.changed) changes the list.
 */
export function refreshesWaiting(type: string): boolean {
  return type.startsWith('ticket.') || type === 'service.created' || type === 'service.updated' || type === 'settings.changed';
}

interface CallData {
  ticket: TicketView;
  counter: { id: string; number: number; name: string | null };
}

/** Applies one event; returns the call to announce when it is a fresh call or recall. */
export function applyEvent(event: HallEvent, serverNow: number): CallEntry | null {
  const state = useDisplay.getState();
  switch (event.type) {
    case 'ticket.called':
    case 'ticket.recalled': {
      const d = event.data as CallData;
      const entry: CallEntry = {
        key: `${d.ticket.id}:${d.ticket.recallCount}`,
        ticketId: d.ticket.id,
        number: d.ticket.number,
        counterId: d.counter.id,
        counterNumber: d.counter.number,
        kind: event.type === 'ticket.called' ? 'call' : 'recall',
        at: Date.parse(event.at),
      };
      const fresh = serverNow - entry.at < FRESH_MS;
      useDisplay.setState({
        calls: [entry, ...state.calls.filter((c) => c.ticketId !== entry.ticketId)].slice(0, MAX_CALLS),
        // A call opens a closed counter (a manager calling there), as the engine does.
        counters: state.counters.map((c) =>
          c.id === d.counter.id ? { ...c, state: c.state === 'closed' ? 'open' : c.state, current: { id: d.ticket.id, number: d.ticket.number } } : c,
        ),
        highlight: fresh ? entry.key : state.highlight,
      });
      return fresh ? entry : null;
    }
    case 'ticket.completed':
    case 'ticket.no_show':
    case 'ticket.transferred':
    case 'ticket.cancelled': {
      const { ticket } = event.data as { ticket: TicketView };
      useDisplay.setState({
        counters: state.counters.map((c) => (c.current?.id === ticket.id ? { ...c, current: null } : c)),
        // A ticket sent back to waiting is no longer called anywhere.
        calls: event.type === 'ticket.transferred' ? state.calls.filter((c) => c.ticketId !== ticket.id) : state.calls,
      });
      return null;
    }
    case 'counter.paused':
    case 'counter.resumed':
    case 'counter.signed_in':
    case 'counter.signed_out':
    case 'counter.updated':
    case 'counter.created': {
      const { counter } = event.data as { counter: CounterView };
      // A retired counter leaves the board.
      if (!counter.active) {
        useDisplay.setState({ counters: state.counters.filter((c) => c.id !== counter.id) });
        return null;
      }
      const known = state.counters.find((c) => c.id === counter.id);
      const next = boardOf(counter, known?.current ?? null);
      useDisplay.setState({
        counters: known ? state.counters.map((c) => (c.id === counter.id ? next : c)) : [...state.counters, next].sort((a, b) => a.number - b.number),
      });
      return null;
    }
    case 'service.updated': {
      // A renamed or newly translated service shows at once, not at the next ticket's refresh.
      const { service } = event.data as { service: ServiceView };
      if (service.active === false) {
        useDisplay.setState({ services: state.services.filter((s) => s.id !== service.id) });
        return null;
      }
      useDisplay.setState({
        services: state.services.map((s) => (s.id === service.id ? { ...s, name: service.name, names: service.names, prefix: service.prefix } : s)),
      });
      return null;
    }
    case 'settings.changed':
      applySettings((event.data as { settings: HallSettings }).settings);
      return null;
    default:
      return null;
  }
}
