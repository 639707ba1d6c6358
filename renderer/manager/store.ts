// The manager page's state: session, the live queue picture, device alerts, open follow-ups.
import { create } from 'zustand';
import type { AlertView } from '../../core/alerts.ts';
import type { FollowUp, HallClient, HallEvent, QueueSnapshot } from '../../client/hall-client.ts';
import { HallApiError } from '../../client/hall-client.ts';
import type { HallSettings } from '../../core/model.ts';
import type { LinkStatus } from '../shared/connection.ts';
import { readStored, writeStored } from '../shared/stored.ts';

const SESSION_KEY = 'hall.manager.session';

export interface Session {
  token: string;
  username: string;
  userId: string;
}

/** How many of the latest alerts, open or closed, the monitor's history shows. */
export const ALERT_HISTORY_SIZE = 20;

export interface ManagerState {
  session: Session | null;
  link: LinkStatus;
  queue: QueueSnapshot | null;
  settings: HallSettings | null;
  /** User id → display name, for counters' staff and follow-up resolvers. */
  userNames: Record<string, string>;
  /** The hall's open device alerts (from the server, kept live by alert.* events), newest first. */
  alerts: AlertView[];
  /** The latest alerts, open or closed, newest first; null until loaded. */
  alertHistory: AlertView[] | null;
  openFollowUps: FollowUp[] | null;
  /** Bumped by every follow-up and rating event: open panels reload what they show. */
  feedbackVersion: number;
  /** Bumped by service.created and service.updated: the names screen reloads the services. */
  servicesVersion: number;
  /** Bumped by every counter event: the counters screen reloads the counters. */
  countersVersion: number;
  /** Bumped by every certificate event: the certificates screen reloads its list. */
  certificatesVersion: number;
}

export function loadSession(): Session | null {
  return readStored<Session>(SESSION_KEY);
}

export function saveSession(session: Session | null): void {
  writeStored(SESSION_KEY, session);
  useManager.setState(session ? { session } : { session: null, queue: null, settings: null, alerts: [], alertHistory: null, openFollowUps: null });
}

export const useManager = create<ManagerState>(() => ({
  session: loadSession(),
  link: 'connecting',
  queue: null,
  settings: null,
  userNames: {},
  alerts: [],
  alertHistory: null,
  openFollowUps: null,
  feedbackVersion: 0,
  servicesVersion: 0,
  countersVersion: 0,
  certificatesVersion: 0,
}));

/** An expired or revoked token sends the manager back to the sign-in form; other errors are the caller's. */
export function signedOutBy(err: unknown): boolean {
  if (err instanceof HallApiError && err.status === 401) {
    saveSession(null);
    return true;
  }
  return false;
}

export function hallTime(iso: string, timeZone: string): string {
  return new Intl.DateTimeFormat('zh-CN', { timeZone, hour: '2-digit', minute: '2-digit', hour12: false }).format(Date.parse(iso));
}

export function hallDateTime(iso: string, timeZone: string): string {
  return new Intl.DateTimeFormat('zh-CN', { timeZone, month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hour12: false }).format(
    Date.parse(iso),
  );
}

/** A newer picture of the queue replaces the one shown; a reply overtaken by a later one is dropped. */
export function applyQueue(queue: QueueSnapshot): void {
  const s = useManager.getState();
  if (s.queue && queue.seq < s.queue.seq) return;
  useManager.setState({ queue });
}

/** Applies one event; says whether the queue picture (waiting counts, counters) should be fetched again. */
export function applyEvent(event: HallEvent): boolean {
  const s = useManager.getState();
  switch (event.type) {
    case 'alert.opened':
    case 'alert.acknowledged':
    case 'alert.closed': {
      const { alert } = event.data as { alert: AlertView };
      recentAlertEvents.push({ seq: event.seq, alert });
      if (recentAlertEvents.length > 200) recentAlertEvents.shift();
      applyAlert(alert);
      return false;
    }
    case 'settings.changed':
      useManager.setState({ settings: (event.data as { settings: HallSettings }).settings });
      return false;
    case 'service.created':
    case 'service.updated':
      useManager.setState({ servicesVersion: s.servicesVersion + 1 });
      return true;
    case 'certificate.issued':
    case 'certificate.reprinted':
    case 'certificate.outcome':
    case 'certificate.revoked':
      useManager.setState({ certificatesVersion: s.certificatesVersion + 1 });
      return false;
    case 'followup.opened':
    case 'followup.resolved':
    case 'ticket.rated':
      useManager.setState({ feedbackVersion: s.feedbackVersion + 1 });
      return false;
    case 'counter.created':
    case 'counter.updated':
    case 'counter.signed_in':
    case 'counter.signed_out':
    case 'counter.paused':
    case 'counter.resumed':
      useManager.setState({ countersVersion: s.countersVersion + 1 });
      return true;
    default:
      return event.type.startsWith('ticket.') || event.type.startsWith('counter.') || event.type.startsWith('service.');
  }
}

/** Alert events as they came: a list fetched while they were on their way is brought up to date with them. */
const recentAlertEvents: { seq: number; alert: AlertView }[] = [];

const newestFirst = (a: AlertView, b: AlertView) => (a.since === b.since ? (a.id < b.id ? 1 : -1) : Date.parse(b.since) - Date.parse(a.since));

/** Puts an alert's latest state into the open list (or takes it out) and into the history. */
export function applyAlert(alert: AlertView): void {
  useManager.setState((s) => {
    const alerts = s.alerts.filter((a) => a.id !== alert.id);
    if (alert.active) alerts.push(alert);
    const history = s.alertHistory && [...s.alertHistory.filter((a) => a.id !== alert.id), alert].sort(newestFirst).slice(0, ALERT_HISTORY_SIZE);
    return { alerts: alerts.sort(newestFirst), alertHistory: history };
  });
}

/** Fetches the open alerts and the latest history; events newer than what the lists reflect are applied over them. */
export async function loadAlerts(client: HallClient): Promise<void> {
  try {
    const [open, history] = await Promise.all([client.alerts({ active: true, limit: 200 }), client.alerts({ limit: ALERT_HISTORY_SIZE })]);
    useManager.setState({ alerts: open.items, alertHistory: history.items });
    const since = Math.min(open.seq, history.seq);
    for (const e of recentAlertEvents) if (e.seq > since) applyAlert(e.alert);
  } catch (err) {
    if (!signedOutBy(err)) throw err;
  }
}

/** Acknowledged on the server, so it stays acknowledged for every manager and after a reload. */
export async function acknowledgeAlert(client: HallClient, id: string): Promise<void> {
  try {
    applyAlert(await client.acknowledgeAlert(id));
  } catch (err) {
    if (!signedOutBy(err)) throw err;
  }
}
