// `npm run demo:history -- --days 365 [--per-day 6000] [--seed 13] [--data-dir ./data-history] [--end YYYY-MM-DD]`:
// a busy hall's history written through the real commands (server/commands.ts → the queue engine and its store,
// kiosk sync for offline tickets, the day's rollover with its report roll-up), with a fixed seed. A discrete-event
// simulation of visitors, counters, pauses, ratings and follow-ups runs the commands in time order, thousands per
// transaction (the writer's group commit, without its thread and fsyncs: synchronous=OFF while generating).
// Then `HALL_DATA_DIR=<dir> npm run hall` serves it; the manager's name and password are printed at the end.
import { randomBytes } from 'node:crypto';
import { existsSync, rmSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { DeviceAlerts } from '../core/alerts.ts';
import { HallError } from '../core/errors.ts';
import type { Actor, HallSettings, PauseReason, PriorityReason } from '../core/model.ts';
import { KioskSync, type SyncOp } from '../core/sync.ts';
import { addDays, hallDay, isoInZone, localTime, startOfHallDay } from '../core/time.ts';
import { uuidv7 } from '../core/uuid.ts';
import { SYSTEM_ACTOR } from '../core/audit.ts';
import { SqliteAlertStore } from '../db/alert-store.ts';
import { AuditStore } from '../db/audit-store.ts';
import { AuthStore, writeSetting } from '../db/auth-store.ts';
import { openDatabase } from '../db/database.ts';
import { DeviceStore } from '../db/device-store.ts';
import { SqliteSyncStore } from '../db/sync-store.ts';
import { hashPassword, tokenHash } from '../server/auth.ts';
import { runAudited } from '../server/audit.ts';
import { COMMANDS, type CommandName, type WriterContext } from '../server/commands.ts';
import { createHallEngine, SETTINGS_KEY } from '../server/hall-engine.ts';
import { WebhookOutbox } from '../server/webhooks-dispatcher.ts';

export interface HistoryOptions {
  /** The hall's SQLite file (a new one: an existing file is refused). */
  file: string;
  days: number;
  /** The last day of the history (default: yesterday in the hall's zone). */
  end?: string;
  /** Visitors on an ordinary weekday. */
  perDay?: number;
  seed?: number;
  counters?: number;
  settings?: Partial<HallSettings>;
  adminPassword?: string;
  /** Commands per transaction. */
  batch?: number;
  progress?: (line: string) => void;
}

export interface HistoryResult {
  tickets: number;
  commands: number;
  refused: Record<string, number>;
  seconds: number;
  adminPassword: string;
  serviceIds: string[];
  counterIds: string[];
  staffIds: string[];
}

/** mulberry32: small, fast, and the same numbers for the same seed everywhere. */
function random(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
  return {
    next,
    between: (lo: number, hi: number) => lo + (hi - lo) * next(),
    chance: (p: number) => next() < p,
    pick: <T>(items: readonly T[], weights?: readonly number[]): T => {
      if (!weights) return items[Math.floor(next() * items.length)]!;
      let r = next() * weights.reduce((a, b) => a + b, 0);
      for (let i = 0; i < items.length; i++) if ((r -= weights[i]!) <= 0) return items[i]!;
      return items[items.length - 1]!;
    },
    /** Log-normal with this mean and shape. */
    lognormal: (mean: number, sigma: number) => {
      const z = Math.sqrt(-2 * Math.log(1 - next())) * Math.cos(2 * Math.PI * next());
      return mean * Math.exp(sigma * z - (sigma * sigma) / 2);
    },
  };
}

/** A time-ordered queue of things to do (binary heap; ties keep their order). */
class Agenda {
  private heap: { at: number; n: number; run: (at: number) => void }[] = [];
  private n = 0;
  get size() {
    return this.heap.length;
  }
  at(at: number, run: (at: number) => void): void {
    const h = this.heap;
    h.push({ at: Math.round(at), n: this.n++, run });
    for (let i = h.length - 1; i > 0;) {
      const p = (i - 1) >> 1;
      if (this.less(h[p]!, h[i]!)) break;
      [h[p], h[i]] = [h[i]!, h[p]!];
      i = p;
    }
  }
  peek(): number | undefined {
    return this.heap[0]?.at;
  }
  pop() {
    const h = this.heap;
    const top = h[0]!;
    const last = h.pop()!;
    if (h.length) {
      h[0] = last;
      for (let i = 0; ;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < h.length && this.less(h[l]!, h[m]!)) m = l;
        if (r < h.length && this.less(h[r]!, h[m]!)) m = r;
        if (m === i) break;
        [h[m], h[i]] = [h[i]!, h[m]!];
        i = m;
      }
    }
    return top;
  }
  private less(a: { at: number; n: number }, b: { at: number; n: number }) {
    return a.at < b.at || (a.at === b.at && a.n < b.n);
  }
}

/** Name, prefix, share of visitors, mean service seconds, target wait (minutes). */
const SERVICES: [string, string, number, number, number][] = [
  ['社会保障', 'A', 14, 300, 15],
  ['医疗保险', 'B', 12, 240, 15],
  ['住房公积金', 'C', 10, 360, 20],
  ['不动产登记', 'D', 10, 600, 30],
  ['企业开办', 'E', 8, 480, 20],
  ['税务办理', 'F', 12, 420, 20],
  ['户籍办理', 'G', 8, 300, 15],
  ['出入境', 'H', 7, 360, 20],
  ['交通违章', 'J', 6, 240, 15],
  ['婚姻登记', 'K', 4, 600, 30],
  ['人才服务', 'L', 5, 300, 15],
  ['综合受理', 'M', 4, 300, 15],
];
/** Arrivals per half hour from 08:30 to 17:00. */
const ARRIVALS = [0.6, 1.0, 1.3, 1.4, 1.3, 1.1, 0.8, 0.5, 0.4, 0.6, 1.0, 1.2, 1.2, 1.1, 0.9, 0.6, 0.3];
const WEEKDAY_LOAD = [0, 1.15, 1.0, 1.0, 1.0, 0.9, 0, 0];
const PRIORITY: PriorityReason[] = ['elderly', 'disabled', 'military', 'pregnant'];
const LEVELS = [5, 4, 3, 2, 1];
const LEVEL_WEIGHTS = [80, 12, 4, 2.5, 1.5];

export async function generateHistory(o: HistoryOptions): Promise<HistoryResult> {
  const started = Date.now();
  const say = o.progress ?? (() => undefined);
  if (existsSync(o.file)) throw new Error(`${o.file} exists already: give a new --data-dir (the history is written into a new hall)`);
  const rnd = random(o.seed ?? 13);
  const perDay = o.perDay ?? 6000;
  const settings: HallSettings = { ...(await import('../core/model.ts')).DEFAULT_SETTINGS, ...o.settings };
  const tz = settings.timeZone;
  const end = o.end ?? addDays(hallDay(Date.now(), tz), -1);
  const first = addDays(end, -(o.days - 1));
  const batchSize = o.batch ?? 5000;

  const db = openDatabase(o.file);
  db.pragma('synchronous = OFF');
  writeSetting(db, SETTINGS_KEY, settings);
  const { engine, store, setSettings } = createHallEngine(db, randomBytes(32), settings, { soleWriter: true });
  const alerts = new DeviceAlerts(new SqliteAlertStore(db), engine, () => uuidv7());
  const ctx: WriterContext = {
    engine,
    sync: new KioskSync(
      engine,
      new SqliteSyncStore(db),
      () => uuidv7(),
      alerts,
      () => {
        throw new Error('no sealed ID numbers in the demo history');
      },
    ),
    alerts,
    authStore: new AuthStore(db),
    audit: new AuditStore(db),
    devices: new DeviceStore(db),
    db,
    settings: () => settings,
    setSettings,
    atomic: (run) => db.transaction(run)(),
    webhooks: new WebhookOutbox(db, engine),
  };

  let commands = 0;
  let pending = 0;
  const refused: Record<string, number> = {};
  const tx = { open: false };
  const commit = () => {
    if (!tx.open) return;
    store.flushHeld();
    db.exec('COMMIT');
    store.appended.length = 0;
    tx.open = false;
    pending = 0;
  };
  /** One command as the writer runs it; refusals (the engine's HallErrors) are counted, not thrown. */
  const run = <K extends CommandName>(
    name: K,
    now: number,
    ...args: Parameters<(typeof COMMANDS)[K]> extends [WriterContext, number, ...infer A] ? A : never
  ) => {
    if (!tx.open) {
      db.exec('BEGIN');
      tx.open = true;
    }
    commands++;
    pending++;
    try {
      const at = Math.round(now);
      const command = COMMANDS[name] as (c: WriterContext, now: number, ...a: unknown[]) => unknown;
      // As the writer does: each command with its audit entry, by the staff member or device it names, else the hall.
      const by = args.find((a): a is Actor => typeof a === 'object' && a !== null && 'kind' in a && 'id' in a);
      const actor = by ? { kind: by.kind, id: by.id, name: by.name } : SYSTEM_ACTOR;
      return runAudited(ctx, name, () => command(ctx, at, ...args), args, actor, at) as ReturnType<(typeof COMMANDS)[K]>;
    } catch (error) {
      if (!(error instanceof HallError)) throw error;
      refused[error.code] = (refused[error.code] ?? 0) + 1;
      return undefined;
    } finally {
      if (pending >= batchSize) commit();
    }
  };

  // ── the hall ──
  const t0 = startOfHallDay(first, tz) - 86_400_000 + 8 * 3_600_000;
  const adminPassword = o.adminPassword ?? 'demo-history-admin';
  const passwordHash = await hashPassword(adminPassword);
  const adminId = uuidv7();
  db.exec('BEGIN');
  tx.open = true;
  ctx.authStore.insertUser({ id: adminId, username: 'admin', displayName: '管理员', passwordHash, role: 'manager', disabled: false, createdAt: t0 });
  const manager: Actor = { kind: 'user', id: adminId, role: 'manager', name: '管理员' };
  const device = (name: string, kind: 'kiosk' | 'integrator'): Actor => {
    const id = uuidv7();
    ctx.authStore.insertDevice({ id, name, kind, revoked: false, createdAt: t0 }, tokenHash(randomBytes(32).toString('hex')));
    return { kind: 'device', id, role: kind, name };
  };
  const kiosks = [device('1号取号机', 'kiosk'), device('2号取号机', 'kiosk'), device('3号取号机', 'kiosk')];
  const ratingPad = device('评价器', 'kiosk');
  const integrator = device('网上预约平台', 'integrator');

  const services = SERVICES.map(([name, prefix, , mean, target], i) =>
    run('createService', t0, { code: `S${String(i + 1).padStart(2, '0')}`, name, prefix, targetWaitMinutes: target, defaultServiceSeconds: mean })!,
  );
  const serviceWeights = SERVICES.map((s) => s[2]);
  // Counters in proportion to each service's work, each also taking the next service in the list.
  const meanSeconds = SERVICES.reduce((n, s) => n + s[2] * s[3], 0) / SERVICES.reduce((n, s) => n + s[2], 0);
  // Enough windows for the morning peak (1.5 × the day's mean rate) with some at lunch.
  const counterCount = o.counters ?? Math.max(SERVICES.length, Math.round((perDay * 1.15 * 1.5 * meanSeconds) / (8.5 * 3600)));
  const work = SERVICES.map((s) => s[2] * s[3]);
  const workTotal = work.reduce((a, b) => a + b, 0);
  const home: number[] = [];
  SERVICES.forEach((_, i) => {
    const n = Math.max(1, Math.round((work[i]! / workTotal) * counterCount));
    for (let k = 0; k < n; k++) home.push(i);
  });
  const counters = home.map((s, i) => run('createCounter', t0, { number: i + 1, serviceIds: [services[s]!.id, services[(s + 1) % services.length]!.id] })!);
  const staff: Actor[] = [];
  for (let i = 0; i < counters.length + Math.ceil(counters.length / 8); i++) {
    const id = uuidv7();
    const name = `工作人员${String(i + 1).padStart(3, '0')}`;
    ctx.authStore.insertUser({
      id,
      username: `staff${String(i + 1).padStart(3, '0')}`,
      displayName: name,
      passwordHash,
      role: 'staff',
      disabled: false,
      createdAt: t0,
    });
    staff.push({ kind: 'user', id, role: 'staff', name });
  }
  commit();

  // ── the days ──
  const agenda = new Agenda();
  const followUps = new Map<string, { id: string; late: boolean }[]>();
  let tickets = 0;
  let appointmentNo = 0;
  let syncSeq = 0;
  const renameDay = addDays(first, Math.floor(o.days / 2));

  const simulateDay = (day: string) => {
    const dayStart = startOfHallDay(day, tz);
    const at = (h: number, m = 0) => dayStart + (h * 60 + m) * 60_000;
    const weekday = localTime(dayStart + 12 * 3_600_000, tz).weekday;
    const open = WEEKDAY_LOAD[weekday]! > 0 && !settings.holidays.includes(day);
    // Follow-ups due for a call today are resolved in the morning, on working days and off.
    for (const f of followUps.get(day) ?? [])
      agenda.at(at(10) + rnd.between(0, 3_600_000), (now) => run('resolveFollowUp', now, manager, f.id, f.late ? '已回访（超期）' : '已回访，问题已说明'));
    followUps.delete(day);
    if (day === renameDay) agenda.at(at(7), (now) => run('updateService', now, services[11]!.id, { name: '综合受理（一窗通办）' }));
    if (!open) return;
    const visitors = Math.round(perDay * WEEKDAY_LOAD[weekday]! * rnd.between(0.9, 1.1));
    const closeAt = at(17);
    const lastCall = at(18, 30);

    // The kiosk that loses the network for a while today issues from its leases and pushes afterwards.
    const outageFrom = at(9) + rnd.between(0, 6 * 3_600_000);
    const outageTo = outageFrom + rnd.between(15, 40) * 60_000;
    const offlineKiosk = kiosks[2]!;
    const leases = new Map<string, { next: number; last: number; prefix: string }>();
    agenda.at(at(8), (now) => {
      for (const s of services) {
        const lease = run('grantLease', now, offlineKiosk, s.id, 40);
        if (lease) leases.set(s.id, { next: lease.first, last: lease.last, prefix: s.prefix });
      }
    });
    const outbox: SyncOp[] = [];
    agenda.at(outageTo, (now) => {
      if (outbox.length) tickets += (run('syncPush', now, offlineKiosk, outbox.splice(0)) ?? []).filter((r) => r.status === 'applied').length;
    });

    const issue = (now: number) => {
      const s = rnd.pick(services, serviceWeights);
      const priority = rnd.chance(0.06) ? rnd.pick(PRIORITY) : undefined;
      const lease = leases.get(s.id);
      if (now >= outageFrom && now < outageTo && rnd.chance(0.3) && lease && lease.next <= lease.last) {
        outbox.push({
          seq: ++syncSeq,
          kind: 'ticket.issue',
          ticketId: uuidv7(),
          serviceId: s.id,
          number: `${lease.prefix}${String(lease.next++).padStart(3, '0')}`,
          issuedAt: isoInZone(now, tz),
          priorityReason: priority ?? null,
        });
        return;
      }
      const issuer = rnd.chance(0.01) ? manager : rnd.pick(kiosks.slice(0, 2));
      const issued = run('issueTicket', now, issuer, { serviceId: s.id, priority });
      if (!issued) return;
      tickets++;
      // A few leave before their turn and cancel on the phone page.
      if (rnd.chance(0.02)) {
        const id = JSON.parse(issued.ticket.jsonText).id as string;
        agenda.at(now + (rnd.chance(0.3) ? rnd.between(1, 5) : rnd.between(15, 60)) * 60_000, (t) => {
          if (store.getTicket(id)?.status === 'waiting') run('cancel', t, kiosks[0]!, id);
        });
      }
    };
    for (let i = 0; i < visitors * 0.9; i++) {
      const slot = rnd.pick(
        ARRIVALS.map((_, k) => k),
        ARRIVALS,
      );
      agenda.at(at(8, 30) + (slot + rnd.next()) * 30 * 60_000, issue);
    }
    // Appointments: booked the evening before, windows of 30 minutes; most come on time, some late, a few not at all.
    for (let i = 0; i < visitors * 0.1; i++) {
      const s = rnd.pick(services, serviceWeights);
      const windowStart = at(9) + Math.floor(rnd.between(0, 15)) * 30 * 60_000;
      const code = `Y${++appointmentNo}`;
      agenda.at(dayStart - 4 * 3_600_000, (now) =>
        run('createAppointment', now, integrator, { code, serviceId: s.id, windowStart, windowEnd: windowStart + 30 * 60_000 }),
      );
      if (rnd.chance(0.05)) continue;
      const arrive = rnd.chance(0.12) ? windowStart + rnd.between(32, 60) * 60_000 : windowStart + rnd.between(-40, 25) * 60_000;
      agenda.at(arrive, (now) => {
        if (run('issueTicket', now, kiosks[0]!, { serviceId: s.id, appointmentCode: code })) tickets++;
      });
    }

    // Counters: sign in, call, serve or miss or transfer, get rated, pause for lunch and now and then, sign out.
    const present = staff.slice(0, counters.length).map((p) => (rnd.chance(0.06) ? null : p));
    const reserves = staff.slice(counters.length);
    counters.forEach((counter, ci) => {
      const clerk = present[ci] ?? reserves.shift();
      if (!clerk) return;
      const pauses: { from: number; minutes: number; reason: PauseReason }[] = [
        { from: ci % 2 ? at(11, 30) : at(12, 30), minutes: rnd.between(30, 60), reason: 'break' },
      ];
      if (rnd.chance(0.4)) pauses.push({ from: at(10) + rnd.between(0, 90) * 60_000, minutes: rnd.between(5, 15), reason: 'break' });
      if (rnd.chance(0.1)) pauses.push({ from: at(15) + rnd.between(0, 60) * 60_000, minutes: rnd.between(20, 40), reason: 'meeting' });
      if (rnd.chance(0.03)) pauses.push({ from: at(9) + rnd.between(0, 420) * 60_000, minutes: rnd.between(5, 20), reason: 'system_fault' });
      if (rnd.chance(0.02)) pauses.push({ from: at(14) + rnd.between(0, 120) * 60_000, minutes: rnd.between(5, 15), reason: 'other' });
      pauses.sort((a, b) => a.from - b.from);
      const next = (now: number) => {
        const pause = pauses[0];
        if (pause && now >= pause.from) {
          pauses.shift();
          run('pause', now, clerk, counter.id, pause.reason, null);
          agenda.at(now + pause.minutes * 60_000, (t) => {
            run('resume', t, clerk, counter.id);
            next(t);
          });
          return;
        }
        const ticket = now < lastCall ? run('callNext', now, clerk, counter.id) : null;
        if (!ticket) {
          if (now >= closeAt) run('signOut', now, clerk, counter.id);
          else agenda.at(now + rnd.between(90, 180) * 1000, next);
          return;
        }
        const r = rnd.next();
        if (r < 0.04) {
          agenda.at(now + rnd.between(60, 120) * 1000, (t) => {
            run('noShow', t, clerk, ticket.id);
            next(t + 5000);
          });
        } else if (r < 0.055) {
          const to = counter.serviceIds.includes(services[0]!.id) && ticket.serviceId !== services[0]!.id ? services[0]! : rnd.pick(services);
          agenda.at(now + rnd.between(60, 180) * 1000, (t) => {
            if (to.id !== ticket.serviceId) run('transfer', t, clerk, ticket.id, to.id);
            else run('complete', t, clerk, ticket.id);
            next(t + 5000);
          });
        } else {
          const mean = SERVICES[services.findIndex((s) => s.id === ticket.serviceId)]?.[3] ?? 300;
          agenda.at(now + Math.max(30, rnd.lognormal(mean, 0.5)) * 1000, (t) => {
            run('complete', t, clerk, ticket.id);
            if (rnd.chance(0.65)) {
              const rated = run('rate', t + 10_000, ratingPad, ticket.id, { level: rnd.pick(LEVELS, LEVEL_WEIGHTS), channel: 'evaluator' });
              if (rated?.followUpId) {
                const r2 = rnd.next();
                if (r2 < 0.92) {
                  const late = r2 >= 0.8;
                  const dueIn = late ? Math.round(rnd.between(22, 30)) : Math.round(rnd.between(1, 12));
                  const due = addDays(day, dueIn);
                  const list = followUps.get(due) ?? [];
                  list.push({ id: rated.followUpId, late });
                  followUps.set(due, list);
                }
              }
            }
            next(t + rnd.between(5, 30) * 1000);
          });
        }
      };
      agenda.at(at(8, 20) + rnd.between(0, 10) * 60_000, (now) => {
        run('signIn', now, clerk, counter.id);
        next(now);
      });
    });
  };

  let day = first;
  let lastReport = Date.now();
  for (let i = 0; i < o.days; i++, day = addDays(day, 1)) {
    simulateDay(day);
    const nextMidnight = startOfHallDay(addDays(day, 1), tz);
    while (agenda.size && agenda.peek()! < nextMidnight) {
      const item = agenda.pop();
      item.run(item.at);
    }
    // The first moment of the next day: yesterday's open tickets end, the day is rolled up for the reports.
    run('rollover', nextMidnight + 1000, 90 * 86_400_000);
    commit();
    if (i === o.days - 1 || Date.now() - lastReport > 5000) {
      lastReport = Date.now();
      const seconds = (Date.now() - started) / 1000;
      say(
        `${day}: day ${i + 1}/${o.days}, ${tickets.toLocaleString('en')} tickets, ${commands.toLocaleString('en')} commands, ${seconds.toFixed(0)} s (${Math.round(commands / seconds).toLocaleString('en')} commands/s)`,
      );
    }
  }
  commit();
  db.pragma('wal_checkpoint(TRUNCATE)');
  const result: HistoryResult = {
    tickets: (db.prepare('SELECT COUNT(*) FROM tickets').pluck().get() as number) ?? tickets,
    commands,
    refused,
    seconds: (Date.now() - started) / 1000,
    adminPassword,
    serviceIds: services.map((s) => s.id),
    counterIds: counters.map((c) => c.id),
    staffIds: staff.map((s) => s.id),
  };
  db.close();
  return result;
}

export function fileSize(file: string): number {
  return [file, `${file}-wal`, `${file}-shm`].reduce((n, f) => n + (existsSync(f) ? statSync(f).size : 0), 0);
}

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const dataDir = resolve(arg('data-dir') ?? './data-history');
  const file = join(dataDir, 'hall.sqlite');
  if (process.argv.includes('--force')) rmSync(dataDir, { recursive: true, force: true });
  const result = await generateHistory({
    file,
    days: Number(arg('days') ?? 365),
    perDay: arg('per-day') ? Number(arg('per-day')) : undefined,
    seed: Number(arg('seed') ?? 13),
    end: arg('end'),
    adminPassword: process.env.HALL_ADMIN_PASSWORD,
    progress: (line) => console.log(line),
  });
  console.log(
    `done: ${result.tickets.toLocaleString('en')} tickets, ${result.commands.toLocaleString('en')} commands in ${result.seconds.toFixed(0)} s; ` +
      `refused ${JSON.stringify(result.refused)}`,
  );
  console.log(`database ${file}: ${(fileSize(file) / 2 ** 20).toFixed(1)} MiB`);
  console.log(`serve it: HALL_DATA_DIR=${dataDir} npm run hall   (manager: admin / ${result.adminPassword})`);
}
