// Scheduled backups: once a hall day, at HALL_BACKUP_AT hall-local time (a quiet hour, 03:00 by default), a consistent
// copy into HALL_BACKUP_DIR, keeping the newest HALL_BACKUP_KEEP. The copy runs on its own thread and read connection,
// so ticket issuing goes on meanwhile. A server started after that hour with no copy of the day yet makes it at once.
import { basename } from 'node:path';
import { backupDatabase, listBackups, pruneBackups, BACKUP_PREFIX } from '../db/backup.ts';
import { hallDay, localTime } from '../core/time.ts';

export interface BackupSchedule {
  /** HALL_BACKUP_DIR: where the copies go (keep it off the data disk where you can). */
  dir: string;
  /** HALL_BACKUP_AT: `HH:MM`, hall-local. */
  at: string;
  /** HALL_BACKUP_KEEP: how many scheduled copies stay. */
  keep: number;
}

/** null when HALL_BACKUP_DIR is unset (no scheduled backups); `{error}` says which variable to fix. */
export function backupScheduleFromEnv(env: NodeJS.ProcessEnv): BackupSchedule | { error: string } | null {
  if (!env.HALL_BACKUP_DIR) return null;
  const at = env.HALL_BACKUP_AT || '03:00';
  if (!/^([01]\d|2[0-3]):[0-5]\d$/.test(at)) return { error: `HALL_BACKUP_AT=${at} is not a time: use HH:MM, hall-local (e.g. 03:00)` };
  const keep = Number(env.HALL_BACKUP_KEEP || 14);
  if (!Number.isInteger(keep) || keep < 1) return { error: `HALL_BACKUP_KEEP=${env.HALL_BACKUP_KEEP} is not a whole number of copies to keep (1 or more)` };
  return { dir: env.HALL_BACKUP_DIR, at, keep };
}

/** `hall-20261206T030000123Z.sqlite` → its time. */
const madeAt = (file: string): number => {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})(\d{3})Z/.exec(basename(file).slice(BACKUP_PREFIX.length));
  return m ? Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!, +m[6]!, +m[7]!) : NaN;
};

const RETRY_AFTER_FAILURE_MS = 3_600_000;

export interface BackupScheduler {
  /** Makes the day's copy if it is due; resolves when done (tests, and the timer). */
  tick(): Promise<void>;
  stop(): Promise<void>;
}

export function startBackupSchedule(options: {
  dbFile: string;
  schedule: BackupSchedule;
  timeZone: () => string;
  now: () => number;
  log: (line: string) => void;
  /** Told after each attempt (null: the copy was written): the hall opens or closes its `backup_failed` alert. */
  outcome?: (failure: string | null) => Promise<unknown>;
  checkEveryMs?: number;
}): BackupScheduler {
  const { schedule, log, now } = options;
  const [hour, minute] = schedule.at.split(':').map(Number) as [number, number];
  const newest = listBackups(schedule.dir).at(-1);
  let doneDay = newest && Number.isFinite(madeAt(newest)) ? hallDay(madeAt(newest), options.timeZone()) : '';
  let failedAt = -Infinity;
  let running: Promise<void> | null = null;

  const tell = (failure: string | null) => options.outcome?.(failure).catch((error: unknown) => log(`recording the backup's outcome failed: ${String(error)}`));
  const run = async (day: string) => {
    try {
      const file = await backupDatabase(options.dbFile, schedule.dir, new Date(now()));
      doneDay = day;
      const removed = pruneBackups(schedule.dir, schedule.keep);
      log(`backup written: ${file}${removed.length ? `; removed ${removed.length} older (HALL_BACKUP_KEEP=${schedule.keep})` : ''}`);
      await tell(null);
    } catch (error) {
      failedAt = now();
      const failure = `${error instanceof Error ? error.message : String(error)}: check that HALL_BACKUP_DIR=${schedule.dir} exists, is writable and has room`;
      log(`backup failed: ${failure}; trying again in an hour`);
      await tell(failure);
    }
  };
  const tick = () => {
    if (running) return running;
    const t = now();
    const zone = options.timeZone();
    const day = hallDay(t, zone);
    const local = localTime(t, zone);
    const due = day !== doneDay && local.hour * 60 + local.minute >= hour * 60 + minute && t - failedAt >= RETRY_AFTER_FAILURE_MS;
    if (!due) return Promise.resolve();
    running = run(day).finally(() => (running = null));
    return running;
  };
  const timer = setInterval(() => void tick(), options.checkEveryMs ?? 60_000);
  timer.unref();
  void tick();
  return {
    tick,
    stop: async () => {
      clearInterval(timer);
      await running;
    },
  };
}
