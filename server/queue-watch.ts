// Watches the queue against the hall's thresholds from the main thread (a cheap read); only when the alerts open
// should differ does it ask the writer, which decides again inside its transaction. Runs on a timer, as a wait grows
// with no event at all, and soon after every commit.
import { QUEUE_ALERT_KIND } from '../core/alerts.ts';
import { breaches, queueDeviceId } from '../core/queue-watch.ts';
import { SqliteAlertStore } from '../db/alert-store.ts';
import { queueStates } from '../db/queue-watch-store.ts';
import type { QueueAlertSettings } from '../core/model.ts';
import type { HallContext } from './routes.ts';

export const QUEUE_WATCH_INTERVAL_MS = 5_000;

const hasLimits = (q: QueueAlertSettings): boolean =>
  q.waiting !== null || q.waitMinutes !== null || Object.values(q.services).some((s) => (s.waiting ?? null) !== null || (s.waitMinutes ?? null) !== null);

export interface QueueWatch {
  /** Something was committed: check again shortly (one check per burst). */
  changed(): void;
  stop(): void;
}

export function startQueueWatch(hall: Pick<HallContext, 'db' | 'engine' | 'store' | 'settings' | 'run' | 'now'>, log: (line: string) => void): QueueWatch {
  const alerts = new SqliteAlertStore(hall.db);
  const differs = (): boolean => {
    const now = hall.now();
    const limits = hall.settings().queueAlert;
    // With no limit set (the default) nothing can breach: the queue is not read after every commit for nothing.
    const want = hasLimits(limits)
      ? new Set([...breaches(queueStates(hall.db, hall.engine.today(now), hall.store.listServices()), limits, now).keys()].map(queueDeviceId))
      : new Set<string>();
    const open = alerts.listAlerts({ active: true, limit: 10_000 }).filter((a) => a.kind === QUEUE_ALERT_KIND);
    return open.length !== want.size || open.some((a) => !want.has(a.deviceId));
  };
  let running = false;
  let again = false;
  let stopped = false;
  const check = async () => {
    if (running) {
      again = true;
      return;
    }
    running = true;
    try {
      do {
        again = false;
        if (!stopped && differs()) await hall.run('queueThresholds');
      } while (again && !stopped);
    } catch (error) {
      if (!stopped) log(`queue watch failed: ${String(error)}`);
    } finally {
      running = false;
    }
  };
  const timer = setInterval(() => void check(), QUEUE_WATCH_INTERVAL_MS);
  timer.unref();
  let soon: NodeJS.Timeout | null = null;
  return {
    changed() {
      soon ??= setTimeout(() => {
        soon = null;
        void check();
      }, 100);
    },
    stop() {
      stopped = true;
      clearInterval(timer);
      if (soon) clearTimeout(soon);
    },
  };
}
