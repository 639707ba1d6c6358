// The manager page's state: session, the live queue picture, device alerts, open follow-ups.
import { create } from 'zustand';
import type { DeviceAlert, FollowUp, HallEvent, QueueSnapshot } from '../../client/hall-client.ts';
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

export interface AlertItem {
  seq: number;
  deviceName: string;
  deviceId: string;
  alert: DeviceAlert;
  message: string | null;
  at: string;
  /** The same device said `recovered` later: still shown until acknowledged, but calmer. */
  recovered: boolean;
}

export interface ManagerState {
  session: Session | null;
  link: LinkStatus;
  queue: QueueSnapshot | null;
  settings: HallSettings | null;
  /** User id → display name, for counters' staff and follow-up resolvers. */
  userNames: Record<string, string>;
  alerts: AlertItem[];
  openFollowUps: FollowUp[] | null;
  /** Bumped by every follow-up and rating event: open panels reload what they show. */
  feedbackVersion: number;
  /** Bumped by service.created and service.updated: the names screen reloads the services. */
  servicesVersion: number;
}

export function loadSession(): Session | null {
  return readStored<Session>(SESSION_KEY);
}

export function saveSession(session: Session | null): void {
  writeStored(SESSION_KEY, session);
  useManager.setState(session ? { session } : { session: null, queue: null, settings: null, alerts: [], openFollowUps: null });
}

export const useManager = create<ManagerState>(() => ({
  session: loadSession(),
  link: 'connecting',
  queue: null,
  settings: null,
  userNames: {},
  alerts: [],
  openFollowUps: null,
  feedbackVersion: 0,
  servicesVersion: 0,
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
  return new Intl.DateTimeFormat('zh-CN', { timeZone, month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hour12: false }).format(Date.parse(iso));
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
    case 'device.alert': {
      const d = event.data as { device: { id: string; name: string }; alert: DeviceAlert; message: string | null; at: string };
      const alerts = s.alerts.map((a) => (d.alert === 'recovered' && a.deviceId === d.device.id ? { ...a, recovered: true } : a));
      alerts.unshift({ seq: event.seq, deviceId: d.device.id, deviceName: d.device.name, alert: d.alert, message: d.message, at: d.at, recovered: d.alert === 'recovered' });
      useManager.setState({ alerts });
      return false;
    }
    case 'settings.changed':
      useManager.setState({ settings: (event.data as { settings: HallSettings }).settings });
      return false;
    case 'service.created':
    case 'service.updated':
      useManager.setState({ servicesVersion: s.servicesVersion + 1 });
      return true;
    case 'followup.opened':
    case 'followup.resolved':
    case 'ticket.rated':
      useManager.setState({ feedbackVersion: s.feedbackVersion + 1 });
      return false;
    default:
      return event.type.startsWith('ticket.') || event.type.startsWith('counter.') || event.type.startsWith('service.');
  }
}

export function acknowledge(seq: number | 'all'): void {
  useManager.setState((s) => ({ alerts: seq === 'all' ? [] : s.alerts.filter((a) => a.seq !== seq) }));
}
