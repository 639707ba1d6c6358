// "Consider opening a window" (建议增开窗口): a service whose waiting count or longest current wait reaches the hall's
// threshold opens a `queue_threshold` alert on a pseudo-device for the service, closed once both are back under.
// Pure rules; the server evaluates them on a timer and after commits, so the alert fires with no manager page open.
import { QUEUE_ALERT_KIND, type DeviceAlerts } from './alerts.ts';
import type { QueueAlertLimits, QueueAlertSettings } from './model.ts';

/** The alerts table keys alerts by device: a service's queue alert is on this id, so it never meets a real device's. */
export const queueDeviceId = (serviceId: string): string => `service:${serviceId}`;

export interface ServiceQueueState {
  serviceId: string;
  name: string;
  waiting: number;
  /** When the longest-waiting ticket took its number (transfers keep theirs); null when nobody waits. */
  waitingSince: number | null;
}

export interface QueueBreach {
  waiting: number;
  longestWaitSeconds: number;
  limits: QueueAlertLimits;
  /** Which limits were reached. */
  reached: ('waiting' | 'wait')[];
}

/** The service's limits: its own where set, else the hall's. */
export function limitsFor(settings: QueueAlertSettings, serviceId: string): QueueAlertLimits {
  const own = settings.services[serviceId] ?? {};
  return {
    waiting: own.waiting !== undefined ? own.waiting : settings.waiting,
    waitMinutes: own.waitMinutes !== undefined ? own.waitMinutes : settings.waitMinutes,
  };
}

export const longestWaitSeconds = (state: ServiceQueueState, now: number): number =>
  state.waitingSince === null ? 0 : Math.max(0, Math.floor((now - state.waitingSince) / 1000));

/** Null while the service is under every limit it has. */
export function breachOf(state: ServiceQueueState, limits: QueueAlertLimits, now: number): QueueBreach | null {
  const longest = longestWaitSeconds(state, now);
  const reached: QueueBreach['reached'] = [];
  if (limits.waiting !== null && state.waiting >= limits.waiting) reached.push('waiting');
  if (limits.waitMinutes !== null && state.waiting > 0 && longest >= limits.waitMinutes * 60) reached.push('wait');
  return reached.length ? { waiting: state.waiting, longestWaitSeconds: longest, limits, reached } : null;
}

/** The record kept with the alert, in the hall's language (the manager app shows its own words from live figures). */
function message(b: QueueBreach): string {
  const parts = [];
  if (b.reached.includes('waiting')) parts.push(`等候 ${b.waiting} 人（阈值 ${b.limits.waiting}）`);
  if (b.reached.includes('wait')) parts.push(`最长等候 ${Math.floor(b.longestWaitSeconds / 60)} 分钟（阈值 ${b.limits.waitMinutes}）`);
  return `${parts.join('，')}：建议增开窗口`;
}

/** Which services should have an open alert now. */
export function breaches(states: readonly ServiceQueueState[], settings: QueueAlertSettings, now: number): Map<string, QueueBreach> {
  const out = new Map<string, QueueBreach>();
  for (const s of states) {
    const b = breachOf(s, limitsFor(settings, s.serviceId), now);
    if (b) out.set(s.serviceId, b);
  }
  return out;
}

/** Opens the alerts of services past a limit and closes those back under; run in the writer's transaction. */
export function applyQueueThresholds(alerts: DeviceAlerts, states: readonly ServiceQueueState[], settings: QueueAlertSettings, now: number): void {
  const over = breaches(states, settings, now);
  for (const s of states) {
    const b = over.get(s.serviceId);
    if (b) alerts.raise({ id: queueDeviceId(s.serviceId), name: s.name }, QUEUE_ALERT_KIND, message(b), now);
    else alerts.resolve(queueDeviceId(s.serviceId), QUEUE_ALERT_KIND, now);
  }
}

/** GET /api/v1/queue/watch (server/routes-queue-watch.ts). */
export interface QueueWatchView {
  at: string;
  day: string;
  services: {
    id: string;
    name: string;
    waiting: number;
    waitingSince: string | null;
    longestWaitSeconds: number;
    /** Counters signed in and not paused that serve the service. */
    openWindows: number;
    limits: QueueAlertLimits;
    reached: QueueBreach['reached'];
  }[];
  total: { waiting: number; longestWaitSeconds: number; openWindows: number; staffedWindows: number };
}
