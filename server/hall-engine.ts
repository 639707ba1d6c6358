// The queue engine over one connection, as both threads build it: settings from the database, the policy they imply.
import { QueueEngine } from '../core/engine.ts';
import { DEFAULT_SETTINGS, type HallSettings } from '../core/model.ts';
import { defaultOrderingPolicy, type OrderingPolicy } from '../core/ordering.ts';
import { personHash } from '../core/person-hash.ts';
import { uuidv7 } from '../core/uuid.ts';
import { readSetting } from '../db/auth-store.ts';
import type { Db } from '../db/database.ts';
import { SqliteQueueStore } from '../db/queue-store.ts';
import { walkInReserve } from './booking-commands.ts';

export const SETTINGS_KEY = 'hall';

export interface HallEngine {
  engine: QueueEngine;
  store: SqliteQueueStore;
  settings(): HallSettings;
  /** Takes new settings (and the ordering policy they imply) after `settings.changed`. */
  setSettings(next: HallSettings): void;
}

/**
 * `soleWriter`: this connection makes every write of the hall (the writer thread), so it may keep reads in memory;
 * its transactions go through a CommitQueue, which writes what the store holds back before each commit.
 */
export function createHallEngine(
  db: Db,
  personKey: Uint8Array,
  initialSettings: Partial<HallSettings> | undefined,
  options: { soleWriter?: boolean } = {},
): HallEngine {
  let settings: HallSettings = { ...DEFAULT_SETTINGS, ...initialSettings, ...readSetting<Partial<HallSettings>>(db, SETTINGS_KEY) };
  let policy: OrderingPolicy = defaultOrderingPolicy(settings.priorityRatio);
  const store = new SqliteQueueStore(db, options);
  const engine = new QueueEngine({
    store,
    settings: () => settings,
    policy: () => policy,
    hashPerson: (id) => personHash(personKey, id),
    newId: () => uuidv7(),
    keptForAppointments: walkInReserve(db, () => settings),
  });
  return {
    engine,
    store,
    settings: () => settings,
    setSettings(next) {
      settings = next;
      policy = defaultOrderingPolicy(next.priorityRatio);
    },
  };
}
