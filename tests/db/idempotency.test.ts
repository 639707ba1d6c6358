// Idempotency keys live on the ticket they issued: a retry finds its ticket, and keys go after two days. The
// writer (sole writer) finds them in memory, read from the last days' tickets; other stores ask SQLite.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Actor } from '../../core/model.ts';
import { CommitQueue } from '../../db/commit-queue.ts';
import { openDatabase, type Db } from '../../db/database.ts';
import { keyHash } from '../../db/queue-store.ts';
import { createHallEngine } from '../../server/hall-engine.ts';

const dir = mkdtempSync(join(tmpdir(), 'idempotency-'));
afterEach(() => rmSync(dir, { recursive: true, force: true }));
const kiosk: Actor = { kind: 'device', id: 'k1', role: 'kiosk', name: 'kiosk' };
const DAY = 86_400_000;
const now = Date.parse('2026-11-23T09:00:00+08:00');

function withDb(run: (db: Db) => void): void {
  const db = openDatabase(join(dir, 'hall.sqlite'));
  try {
    run(db);
  } finally {
    db.close();
  }
}

const keyOf = (db: Db, ticketId: string) => (db.prepare('SELECT idempotency_key AS k FROM tickets WHERE id = ?').get(ticketId) as { k: string | null }).k;

describe.each([false, true])('sole writer %s', (soleWriter) => {
  it('finds the ticket of a key, refuses the key for another body, and forgets keys after two days', () => {
    withDb((db) => {
      const { engine, store } = createHallEngine(db, new Uint8Array(32), {}, { soleWriter });
      const s = engine.createService({ code: 'a', name: '事项', prefix: 'A' }, now - 3 * DAY);
      const old = engine.issueTicket(kiosk, { serviceId: s.id, idempotency: { key: 'old', fingerprint: 'f' } }, now - 3 * DAY);
      const fresh = engine.issueTicket(kiosk, { serviceId: s.id, idempotency: { key: 'new', fingerprint: 'f' } }, now - 1000);
      const again = engine.issueTicket(kiosk, { serviceId: s.id, idempotency: { key: 'new', fingerprint: 'f' } }, now);
      expect(again).toMatchObject({ replayed: true, ticket: { id: fresh.ticket.id } });
      expect(() => engine.issueTicket(kiosk, { serviceId: s.id, idempotency: { key: 'new', fingerprint: 'other' } }, now)).toThrow(/Idempotency-Key/);
      // Another kiosk may use the same key for its own ticket.
      const other = engine.issueTicket({ ...kiosk, id: 'k2' }, { serviceId: s.id, idempotency: { key: 'new', fingerprint: 'f' } }, now);
      expect(other.replayed).toBe(false);

      // Three days on, the old key is no longer honoured, though the day's rollover has not cleared it yet.
      const since = engine.keysKeptSince(now);
      expect(since).toBe('2026-11-21');
      expect(store.findIdempotency('k1', 'old', '2026-11-20')?.ticketId).toBe(old.ticket.id);
      expect(store.findIdempotency('k1', 'old', since)).toBeUndefined();
      const reused = engine.issueTicket(kiosk, { serviceId: s.id, idempotency: { key: 'old', fingerprint: 'f' } }, now);
      expect(reused.replayed).toBe(false);

      engine.rollover(now);
      expect(keyOf(db, old.ticket.id)).toBeNull();
      expect(store.findIdempotency('k1', 'old', '2026-11-20')?.ticketId).toBe(reused.ticket.id);
      expect(store.findIdempotency('k1', 'new', since)).toEqual({ principal: 'k1', key: 'new', fingerprint: 'f', ticketId: fresh.ticket.id });
      expect(keyOf(db, fresh.ticket.id)).toBe('new');
      expect(store.getTicket(old.ticket.id)?.number).toBe(old.ticket.number);
    });
  });
});

it('the writer reads the kept keys back after a restart and after a rollback, and a retry in the same batch is replayed', async () => {
  let first = '';
  withDb((db) => {
    const { engine } = createHallEngine(db, new Uint8Array(32), {}, { soleWriter: true });
    const s = engine.createService({ code: 'a', name: '事项', prefix: 'A' }, now - DAY);
    first = engine.issueTicket(kiosk, { serviceId: s.id, idempotency: { key: 'k-1', fingerprint: 'f' } }, now - DAY).ticket.id;
  });
  const db = openDatabase(join(dir, 'hall.sqlite'));
  try {
    const { engine, store } = createHallEngine(db, new Uint8Array(32), {}, { soleWriter: true });
    const serviceId = store.listServices()[0]!.id;
    const queue = new CommitQueue(db, store, () => undefined);
    const issue = (key: string) => queue.submit(() => engine.issueTicket(kiosk, { serviceId, idempotency: { key, fingerprint: 'f' } }, now));
    // After a restart: yesterday's key is found on disk.
    expect(await issue('k-1')).toMatchObject({ replayed: true, ticket: { id: first } });

    // One batch: a key, its retry, and a command that fails after writing. The batch rolls back and runs again
    // with a savepoint per command; the key's ticket is the one that was committed.
    const [a, b, failed] = await Promise.allSettled([
      issue('k-2'),
      issue('k-2'),
      queue.submit(() => {
        engine.issueTicket(kiosk, { serviceId, idempotency: { key: 'k-3', fingerprint: 'f' } }, now);
        throw new Error('fails after writing');
      }),
    ]);
    expect(queue.stats.guardedReruns).toBe(1);
    expect(failed.status).toBe('rejected');
    const issued = (a as PromiseFulfilledResult<Awaited<ReturnType<typeof issue>>>).value;
    expect(issued.replayed).toBe(false);
    expect(b).toMatchObject({ status: 'fulfilled', value: { replayed: true, ticket: { id: issued.ticket.id } } });
    expect(store.getTicket(issued.ticket.id)).toBeDefined();
    // The rolled-back ticket's key is not remembered: using it again issues a ticket.
    const k3 = await issue('k-3');
    expect(k3.replayed).toBe(false);
    expect(store.getTicket(k3.ticket.id)).toBeDefined();
    expect(await issue('k-3')).toMatchObject({ replayed: true, ticket: { id: k3.ticket.id } });
    expect((db.prepare("SELECT COUNT(*) AS n FROM tickets WHERE idempotency_key = 'k-3'").get() as { n: number }).n).toBe(1);
  } finally {
    db.close();
  }
});

it('a running writer prunes only the days since its last prune; a restarted one prunes them all', () => {
  withDb((db) => {
    const { engine } = createHallEngine(db, new Uint8Array(32), {}, { soleWriter: true });
    const s = engine.createService({ code: 'a', name: '事项', prefix: 'A' }, now - 10 * DAY);
    const t1 = engine.issueTicket(kiosk, { serviceId: s.id, idempotency: { key: 'd-5', fingerprint: 'f' } }, now - 5 * DAY).ticket.id;
    engine.rollover(now - DAY);
    expect(keyOf(db, t1)).toBeNull();
    // A key written behind the writer's back on a day it already pruned stays until the next start.
    const t2 = engine.issueTicket(kiosk, { serviceId: s.id, idempotency: { key: 'd-0', fingerprint: 'f' } }, now).ticket.id;
    db.prepare("UPDATE tickets SET day = '2026-11-10' WHERE id = ?").run(t2);
    engine.rollover(now);
    expect(keyOf(db, t2)).toBe('d-0');
  });
  withDb((db) => {
    const { engine } = createHallEngine(db, new Uint8Array(32), {}, { soleWriter: true });
    engine.rollover(now);
    expect((db.prepare('SELECT COUNT(*) AS n FROM tickets WHERE idempotency_key IS NOT NULL').get() as { n: number }).n).toBe(0);
  });
});

it("two keys with the same hash in the writer's key table each find their own ticket", () => {
  // The table holds 32-bit hashes: find two keys of one kiosk that share one.
  const seen = new Map<number, string>();
  let pair: [string, string] | null = null;
  for (let i = 0; !pair; i++) {
    const key = `c-${i}`;
    const h = keyHash('k1', key);
    const other = seen.get(h);
    if (other) pair = [other, key];
    else seen.set(h, key);
  }
  withDb((db) => {
    const { engine, store } = createHallEngine(db, new Uint8Array(32), {}, { soleWriter: true });
    const s = engine.createService({ code: 'a', name: '事项', prefix: 'A' }, now);
    const [a, b] = pair.map((key) => engine.issueTicket(kiosk, { serviceId: s.id, idempotency: { key, fingerprint: key } }, now));
    expect(a!.ticket.id).not.toBe(b!.ticket.id);
    expect(engine.issueTicket(kiosk, { serviceId: s.id, idempotency: { key: pair[0], fingerprint: pair[0] } }, now)).toMatchObject({
      replayed: true,
      ticket: { id: a!.ticket.id },
    });
    expect(engine.issueTicket(kiosk, { serviceId: s.id, idempotency: { key: pair[1], fingerprint: pair[1] } }, now)).toMatchObject({
      replayed: true,
      ticket: { id: b!.ticket.id },
    });
    // A third key with neither's hash is not found.
    expect(store.findIdempotency('k1', 'c-none', engine.keysKeptSince(now))).toBeUndefined();
  });
});
