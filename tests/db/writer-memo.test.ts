// The writer thread keeps services, open counters, recent service times, waiting lists, issued counts and number cursors in memory: through any mix of
// commands, some failing after they wrote, in group commits, it must answer exactly what the database holds.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import type { Actor } from '../../core/model.ts';
import { CommitQueue } from '../../db/commit-queue.ts';
import { openDatabase, type Db } from '../../db/database.ts';
import { SqliteQueueStore } from '../../db/queue-store.ts';
import { createHallEngine, type HallEngine } from '../../server/hall-engine.ts';

const kiosk: Actor = { kind: 'device', id: 'k1', role: 'kiosk', name: 'kiosk' };
const staff = (i: number): Actor => ({ kind: 'user', id: `s${i}`, role: 'staff', name: `staff ${i}` });
const manager: Actor = { kind: 'user', id: 'm1', role: 'manager', name: 'manager' };
const byOrder = <T extends { issueOrder: number }>(list: readonly T[]) => [...list].sort((a, b) => a.issueOrder - b.issueOrder);
const MORNING = Date.parse('2026-11-23T09:00:00+08:00');

let dir: string;
let db: Db;
let hall: HallEngine;
let queue: CommitQueue;
let truth: SqliteQueueStore;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'memo-'));
  db = openDatabase(join(dir, 'hall.sqlite'));
  hall = createHallEngine(db, new Uint8Array(32), { serviceTimeSample: 3 }, { soleWriter: true });
  queue = new CommitQueue(db, hall.store, () => undefined);
  // A second store on the same connection that remembers nothing: what the database says.
  truth = new SqliteQueueStore(db);
});

afterEach(() => {
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

/** A deterministic pseudo-random sequence, so a failure can be replayed. */
function prng(seed: number) {
  // mulberry32
  let a = seed;
  return (n: number) => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((((t ^ (t >>> 14)) >>> 0) / 4294967296) * n) | 0;
  };
}

it('answers what the database holds through commands, failures after writes, and rolled-back batches', async () => {
  const { engine, store } = hall;
  const rand = prng(7);
  let now = MORNING;
  const services = await queue.submit(() =>
    ['A', 'B', 'C'].map((prefix) => engine.createService({ code: `svc-${prefix}`, name: `事项 ${prefix}`, prefix }, now)),
  );
  const counters = await queue.submit(() =>
    [0, 1, 2, 3].map((i) => engine.createCounter({ number: i + 1, serviceIds: [services[i % 3]!.id, services[(i + 1) % 3]!.id] }, now)),
  );
  const day = engine.today(now);
  const check = () => {
    for (const s of services) {
      expect(store.getService(s.id)).toEqual(truth.getService(s.id));
      expect(store.openCountersFor(s.id)).toBe(truth.openCountersFor(s.id));
      expect(store.recentServiceSeconds(s.id, day, 3)).toEqual(truth.recentServiceSeconds(s.id, day, 3));
      expect(byOrder(store.waitingIn([s.id], day))).toEqual(byOrder(truth.waitingIn([s.id], day)));
      expect(store.issuedCount(s.id, day)).toBe(truth.issuedCount(s.id, day));
      expect(store.numberCursor(day, s.prefix)).toEqual(truth.numberCursor(day, s.prefix));
    }
    const all = services.map((s) => s.id);
    expect(byOrder(store.waitingIn(all, day))).toEqual(byOrder(truth.waitingIn(all, day)));
  };
  // Fill the memo before anything changes, so stale entries would show.
  check();

  let failures = 0;
  for (let round = 0; round < 150; round++) {
    const ops = Array.from({ length: 1 + rand(6) }, () => {
      const kind = rand(10);
      const c = rand(counters.length);
      const s = services[rand(services.length)]!;
      const fail = rand(10) === 0;
      now += 1000 + rand(90_000);
      const at = now;
      return () => {
        if (kind === 0) engine.issueTicket(kiosk, { serviceId: s.id }, at);
        else if (kind === 1) engine.signIn(staff(c), counters[c]!.id, at);
        else if (kind === 2) engine.callNext(staff(c), counters[c]!.id, at);
        else if (kind === 3) engine.signOut(staff(c), counters[c]!.id, at);
        else if (kind === 4) store.updateService({ ...store.getService(s.id)!, name: `事项 ${s.prefix} ${round}`, defaultServiceSeconds: 60 + rand(600) });
        else if (kind === 5 || kind === 6) {
          // Move or cancel a waiting ticket: it leaves one service's waiting list (and joins another's).
          const waiting = truth.waitingIn(
            services.map((x) => x.id),
            day,
          );
          const t = waiting[rand(waiting.length)];
          const other = services.find((x) => x.id !== t?.serviceId)!;
          if (t && kind === 5) engine.transfer(manager, t.id, other.id, at);
          else if (t) engine.cancel(manager, t.id, at);
        } else if (kind === 7) engine.issueTicket(kiosk, { serviceId: s.id, priority: true }, at);
        else engine.issueTicket(kiosk, { serviceId: s.id }, at);
        // Read through the memo inside the write, then fail: the rollback must take the memo with it.
        for (const x of services) {
          store.getService(x.id);
          store.openCountersFor(x.id);
          store.recentServiceSeconds(x.id, day, 3);
          store.waitingIn([x.id], day);
          store.issuedCount(x.id, day);
          store.numberCursor(day, x.prefix);
        }
        if (fail) throw new Error('fails after writing');
      };
    });
    const results = await Promise.allSettled(ops.map((op) => queue.submit(op)));
    failures += results.filter((r) => r.status === 'rejected').length;
    check();
  }
  expect(failures).toBeGreaterThan(10);
  // The hall really moved: counters opened and closed, tickets were served and service times recorded.
  expect(services.some((s) => truth.recentServiceSeconds(s.id, day, 3).length > 0)).toBe(true);
  expect(
    truth.waitingIn(
      services.map((s) => s.id),
      day,
    ).length,
  ).toBeGreaterThan(5);
});

it('writes number cursors once per commit; a command that only took a number, or a savepoint that failed, gives it back', async () => {
  const { engine } = hall;
  const now = MORNING;
  const day = engine.today(now);
  const [a] = await queue.submit(() => [engine.createService({ code: 'a', name: '事项', prefix: 'A' }, now)]);
  const issue = () => engine.issueTicket(kiosk, { serviceId: a!.id }, now).ticket.number;
  const stored = () => (db.prepare("SELECT next FROM number_sequences WHERE prefix = 'A'").get() as { next: number } | undefined)?.next;

  // Three tickets in one commit: one cursor write, made before the commit.
  expect(await Promise.all([queue.submit(issue), queue.submit(issue), queue.submit(issue)])).toEqual(['A001', 'A002', 'A003']);
  expect(stored()).toBe(4);

  // A command takes a number and fails without any other write: the batch runs again and the number is given back.
  const [before, failed, after] = await Promise.allSettled([
    queue.submit(issue),
    queue.submit(() => {
      engine.reserveNumbers(day, 'A', 'issue', 1);
      throw new Error('fails after taking a number');
    }),
    queue.submit(issue),
  ]);
  expect([before, after].map((r) => (r as PromiseFulfilledResult<string>).value)).toEqual(['A004', 'A005']);
  expect(failed.status).toBe('rejected');
  expect(stored()).toBe(6);

  // A savepoint inside a command fails: what ran in it goes, what earlier commands of the batch held back stays
  // (without running the batch again).
  const reruns = queue.stats.guardedReruns;
  const results = await Promise.all([
    queue.submit(issue),
    queue.submit(() => {
      try {
        queue.atomic(() => {
          issue();
          throw new Error('fails inside the savepoint');
        });
      } catch {
        return 'undone';
      }
    }),
    queue.submit(issue),
  ]);
  expect(results).toEqual(['A006', 'undone', 'A007']);
  expect(queue.stats.guardedReruns).toBe(reruns);
  expect(stored()).toBe(8);
  expect((db.prepare("SELECT COUNT(*) AS n FROM tickets WHERE number = 'A007'").get() as { n: number }).n).toBe(1);
});
