// The counter console's state: session, this counter, its ticket in hand and its waiting list, kept live by events.
import { create } from 'zustand';
import type { CounterView, ServiceView, TicketView } from '../../core/engine.ts';
import type { PauseReason } from '../../core/model.ts';
import { HallApiError, type HallClient, type HallEvent, type QueueSnapshot } from '../../client/hall-client.ts';
import type { LinkStatus } from '../shared/connection.ts';
import { readStored, writeStored } from '../shared/stored.ts';

const SESSION_KEY = 'hall.counter.session';

export interface Session {
  token: string;
  username: string;
  userId: string;
  counterId: string | null;
}

export type Dialog = null | 'pause' | 'transfer' | 'callNumber';

export interface CounterState {
  session: Session | null;
  counter: CounterView | null;
  current: TicketView | null;
  waiting: TicketView[];
  services: ServiceView[];
  timeZone: string;
  link: LinkStatus;
  /** An action is on its way to the server: every other action waits, so a second press cannot double-call. */
  busy: boolean;
  error: string | null;
  notice: string | null;
  dialog: Dialog;
}

export function loadSession(): Session | null {
  return readStored<Session>(SESSION_KEY);
}

export function saveSession(session: Session | null): void {
  writeStored(SESSION_KEY, session);
  useCounter.setState({ session });
}

export const useCounter = create<CounterState>(() => ({
  session: loadSession(),
  counter: null,
  current: null,
  waiting: [],
  services: [],
  timeZone: 'Asia/Shanghai',
  link: 'connecting',
  busy: false,
  error: null,
  notice: null,
  dialog: null,
}));

/** Runs one server action unless another is in flight; errors become the error line (a code, shown translated). */
export async function act<T>(run: () => Promise<T>): Promise<T | undefined> {
  if (useCounter.getState().busy) return undefined;
  useCounter.setState({ busy: true, error: null, notice: null });
  try {
    return await run();
  } catch (err) {
    const code = err instanceof HallApiError ? err.code : 'NETWORK';
    useCounter.setState({ error: code });
    const session = useCounter.getState().session;
    // Signed out elsewhere (a manager, another sign-in): back to choosing a counter; an expired token: to sign-in.
    if (session && code === 'NOT_SIGNED_IN') saveSession({ ...session, counterId: null });
    if (session && code === 'UNAUTHENTICATED') saveSession(null);
    return undefined;
  } finally {
    useCounter.setState({ busy: false });
  }
}

export function applySnapshot(s: QueueSnapshot, counterId: string): void {
  const mine = s.counters.find((c) => c.id === counterId);
  if (!mine) return;
  const { current, ...counter } = mine;
  useCounter.setState({ counter, current: current && (current.status === 'called' || current.status === 'serving') ? current : null });
}

const mineOnly = (t: TicketView, counterId: string) => t.counterId === counterId;

// An event can reach the console after the answer to its own later action (two connections, no shared order):
// a ticket seen finished must not come back into the hand from such a late event.
const finished = new Set<string>();
const FINAL = new Set<TicketView['status']>(['done', 'no_show', 'cancelled']);
// Late events trail by moments, not hours: the newest few hundred are enough for a console open for weeks.
const FINISHED_KEPT = 500;

function markFinished(id: string): void {
  finished.add(id);
  if (finished.size > FINISHED_KEPT) finished.delete(finished.values().next().value!);
}

/** Takes the ticket in hand from an action's answer, remembering the tickets that answer finished. */
export function settleCurrent(ticket: TicketView | null, endedId?: string): void {
  if (endedId) markFinished(endedId);
  if (ticket && FINAL.has(ticket.status)) {
    markFinished(ticket.id);
    ticket = null;
  }
  useCounter.setState({ current: ticket });
}

/** Applies one event; says whether the waiting list may have changed. */
export function applyEvent(event: HallEvent, counterId: string): boolean {
  const s = useCounter.getState();
  const data = event.data as { ticket?: TicketView; counter?: CounterView | { id: string } | null };
  switch (event.type) {
    case 'ticket.called':
    case 'ticket.recalled':
    case 'ticket.started':
      if (data.ticket && mineOnly(data.ticket, counterId) && !finished.has(data.ticket.id)) useCounter.setState({ current: data.ticket });
      return event.type === 'ticket.called';
    case 'ticket.completed':
    case 'ticket.no_show':
    case 'ticket.transferred':
    case 'ticket.cancelled':
      if (data.ticket && event.type !== 'ticket.transferred') markFinished(data.ticket.id);
      if (data.ticket && s.current?.id === data.ticket.id) useCounter.setState({ current: null });
      return true;
    case 'ticket.issued':
      return true;
    case 'counter.paused':
    case 'counter.resumed':
    case 'counter.signed_in':
    case 'counter.signed_out':
      if (data.counter && data.counter.id === counterId) useCounter.setState({ counter: data.counter as CounterView });
      return false;
    case 'settings.changed':
      useCounter.setState(pickSettings((event.data as { settings: { timeZone: string } }).settings));
      return false;
    case 'service.created':
      useCounter.setState({ services: [...s.services, (event.data as { service: ServiceView }).service] });
      return false;
    default:
      return false;
  }
}

export async function refreshWaiting(client: HallClient): Promise<void> {
  const counter = useCounter.getState().counter;
  if (!counter) return;
  const waiting = await client.waitingTickets(counter.serviceIds);
  useCounter.setState({ waiting: waiting.sort((a, b) => (a.ahead ?? 0) - (b.ahead ?? 0)) });
}

export const PAUSE_CODES: readonly PauseReason[] = ['break', 'meeting', 'system_fault', 'other'];

/** The waiting ticket a typed number means: exact (A012), or by its digits when only one ticket has them (12). */
export function findWaiting(waiting: readonly TicketView[], typed: string): TicketView | undefined {
  const want = typed.trim().toUpperCase();
  if (!want) return undefined;
  const exact = waiting.find((t) => t.number === want);
  if (exact) return exact;
  if (!/^\d+$/.test(want)) return undefined;
  const matches = waiting.filter((t) => Number(t.number.replace(/^\D+/, '')) === Number(want));
  return matches.length === 1 ? matches[0] : undefined;
}

export const pickSettings = (s: { timeZone: string }) => ({ timeZone: s.timeZone });

/** Clock time in the hall's zone, whatever the zone of the computer at the counter. */
export function hallTime(iso: string, timeZone: string): string {
  return new Intl.DateTimeFormat('zh-CN', { timeZone, hour: '2-digit', minute: '2-digit', hour12: false }).format(Date.parse(iso));
}
