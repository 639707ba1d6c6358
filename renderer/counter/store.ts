// The counter console's state: session, this counter, its ticket in hand and its waiting list, kept live by events.
import { create } from 'zustand';
import type { CounterView, ServiceView, TicketView } from '../../core/engine.ts';
import type { PauseReason } from '../../core/model.ts';
import { HallApiError, type HallClient, type HallEvent, type QueueSnapshot } from '../../client/hall-client.ts';
import type { LinkStatus } from '../shared/connection.ts';
import { readStored, writeStored } from '../shared/stored.ts';
import type { CounterKey } from './messages.ts';

// sessionStorage: a reload keeps the clerk signed in, closing the window ends it (the next shift starts signed out).
const SESSION_KEY = 'hall.counter.session';
// A no-show or completion held back for its undo window, so a reload or close in the window neither loses nor hides it.
const PENDING_KEY = 'hall.counter.pending';
/** How long a no-show or completion can be undone before the server hears of it. */
export const UNDO_MS = 6000;

export interface Session {
  token: string;
  username: string;
  userId: string;
  counterId: string | null;
}

export type Dialog = null | 'pause' | 'transfer' | 'callNumber';

/** A no-show or completion pressed but not yet sent: the clerk can take it back until `until` (epoch ms). */
export interface Pending {
  kind: 'noShow' | 'complete';
  ticket: TicketView;
  counterId: string;
  until: number;
}

export interface Notice {
  key: CounterKey;
  vars?: Record<string, string>;
}

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
  notice: Notice | null;
  dialog: Dialog;
  pending: Pending | null;
  /** The stored session is being checked with the server (after a reload). */
  restoring: boolean;
}

export function loadSession(): Session | null {
  // Earlier versions kept the token in localStorage, where it outlived the shift.
  writeStored(SESSION_KEY, null, 'local');
  return readStored<Session>(SESSION_KEY, 'session');
}

export function saveSession(session: Session | null): void {
  writeStored(SESSION_KEY, session, 'session');
  useCounter.setState({ session });
}

const stored = loadSession();

export const useCounter = create<CounterState>(() => ({
  session: stored,
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
  pending: null,
  restoring: stored !== null,
}));

/** After a reload: the token must still be valid, and the counter is the one the server has this person signed into. */
export async function restoreSession(client: HallClient): Promise<void> {
  const session = useCounter.getState().session;
  if (!session) return useCounter.setState({ restoring: false });
  try {
    const me = await client.me();
    const counter = (await client.counters()).find((c) => c.staffUserId === me.id);
    saveSession({ ...session, counterId: counter?.id ?? null });
  } catch (err) {
    if (err instanceof HallApiError && err.status === 401) saveSession(null);
    // Server unreachable: keep the stored counter; the console shows the offline banner and catches up.
  } finally {
    useCounter.setState({ restoring: false });
  }
}

function failed(err: unknown): void {
  const code = err instanceof HallApiError ? err.code : 'NETWORK';
  useCounter.setState({ error: code });
  const session = useCounter.getState().session;
  // Signed out elsewhere (a manager, another sign-in): back to choosing a counter; an expired token: to sign-in.
  if (session && code === 'NOT_SIGNED_IN') saveSession({ ...session, counterId: null });
  if (session && code === 'UNAUTHENTICATED') saveSession(null);
}

/** Runs one server action unless another is in flight; errors become the error line (a code, shown translated). */
export async function act<T>(run: () => Promise<T>): Promise<T | undefined> {
  if (useCounter.getState().busy) return undefined;
  useCounter.setState({ busy: true, error: null, notice: null });
  try {
    return await run();
  } catch (err) {
    failed(err);
    return undefined;
  } finally {
    useCounter.setState({ busy: false });
  }
}

/** Takes the ticket out of the hand and holds the no-show or completion back for UNDO_MS. */
export function holdBack(kind: Pending['kind'], ticket: TicketView, counterId: string, now = Date.now()): void {
  const pending: Pending = { kind, ticket, counterId, until: now + UNDO_MS };
  writeStored(PENDING_KEY, pending, 'session');
  useCounter.setState({ pending, current: null, error: null, notice: null });
}

/** Z: the held-back action is dropped and the ticket is back in hand; the server never heard of it. */
export function undoPending(): boolean {
  const { pending, current } = useCounter.getState();
  if (!pending) return false;
  writeStored(PENDING_KEY, null, 'session');
  useCounter.setState({ pending: null, current: current ?? pending.ticket, error: null, notice: { key: 'undone', vars: { n: pending.ticket.number } } });
  return true;
}

/** A held-back action left by a reload for this counter: sent now (the page may already have sent it), never dropped. */
export function resumePending(client: HallClient, counterId: string): Promise<boolean> {
  const left = readStored<Pending>(PENDING_KEY, 'session');
  if (!left || left.counterId !== counterId || useCounter.getState().pending) return Promise.resolve(true);
  useCounter.setState({ pending: left });
  return commitPending(client);
}

let sending: { id: string; done: Promise<boolean> } | null = null;

/**
 * Sends the held-back action now (its time is up, or another action must follow it, as call-next does).
 * Resolves false when it did not happen: the ticket is back in hand and the error line says why.
 */
export function commitPending(client: HallClient): Promise<boolean> {
  if (sending) return sending.done;
  const pending = useCounter.getState().pending;
  if (!pending) return Promise.resolve(true);
  useCounter.setState({ pending: null });
  const done = send(client, pending).finally(() => {
    sending = null;
  });
  sending = { id: pending.ticket.id, done };
  return done;
}

async function send(client: HallClient, p: Pending): Promise<boolean> {
  const target = p.kind === 'noShow' ? 'no_show' : 'done';
  try {
    await (p.kind === 'noShow' ? client.noShow(p.ticket.id) : client.complete(p.ticket.id));
  } catch (err) {
    // Sent twice (before a reload, and again after it): the first one counts.
    const now = await client.ticket(p.ticket.id).catch(() => null);
    if (now?.status !== target) {
      writeStored(PENDING_KEY, null, 'session');
      if (!useCounter.getState().current && (!now || (now.status === 'called' && now.counterId === p.counterId)))
        useCounter.setState({ current: now ?? p.ticket });
      failed(err);
      return false;
    }
  }
  writeStored(PENDING_KEY, null, 'session');
  markFinished(p.ticket.id);
  useCounter.setState({ notice: { key: p.kind === 'noShow' ? 'noShowSent' : 'completeSent', vars: { n: p.ticket.number } } });
  return true;
}

/** The ticket is out of the hand for now, though the server still has it called here. */
function heldBack(id: string): boolean {
  return useCounter.getState().pending?.ticket.id === id || sending?.id === id;
}

export function applySnapshot(s: QueueSnapshot, counterId: string): void {
  const mine = s.counters.find((c) => c.id === counterId);
  if (!mine) return;
  const { current, ...counter } = mine;
  const inHand = current && (current.status === 'called' || current.status === 'serving') && !heldBack(current.id);
  useCounter.setState({ counter, current: inHand ? current : null });
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
      if (data.ticket && mineOnly(data.ticket, counterId) && !finished.has(data.ticket.id) && !heldBack(data.ticket.id))
        useCounter.setState({ current: data.ticket });
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
    case 'counter.updated':
      // A manager changed this counter's name or services: the header and the waiting list follow at once.
      if (!data.counter || data.counter.id !== counterId) return false;
      useCounter.setState({ counter: data.counter as CounterView });
      return true;
    case 'settings.changed':
      useCounter.setState(pickSettings((event.data as { settings: { timeZone: string } }).settings));
      return false;
    case 'service.created':
      useCounter.setState({ services: [...s.services, (event.data as { service: ServiceView }).service] });
      return false;
    case 'service.updated': {
      // Renamed, retired or re-prefixed: the transfer list and the ticket's service name follow at once.
      const service = (event.data as { service: ServiceView }).service;
      useCounter.setState({
        services: s.services.some((x) => x.id === service.id) ? s.services.map((x) => (x.id === service.id ? service : x)) : [...s.services, service],
      });
      return false;
    }
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
