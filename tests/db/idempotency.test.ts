// Idempotency keys live on the ticket they issued: a retry finds its ticket, and keys go after two days.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import type { Actor } from '../../core/model.ts';
import { openDatabase } from '../../db/database.ts';
import { createHallEngine } from '../../server/hall-engine.ts';

const dir = mkdtempSync(join(tmpdir(), 'idempotency-'));
afterEach(() => rmSync(dir, { recursive: true, force: true }));
const kiosk: Actor = { kind: 'device', id: 'k1', role: 'kiosk', name: 'kiosk' };
const DAY = 86_400_000;

it('finds the ticket of a key, refuses the key for another body, and forgets keys after two days', () => {
  const db = openDatabase(join(dir, 'hall.sqlite'));
  try {
    const { engine, store } = createHallEngine(db, new Uint8Array(32), {});
    const now = Date.parse('2026-11-23T09:00:00+08:00');
    const s = engine.createService({ code: 'a', name: '事项', prefix: 'A' }, now - 3 * DAY);
    const old = engine.issueTicket(kiosk, { serviceId: s.id, idempotency: { key: 'old', fingerprint: 'f' } }, now - 3 * DAY);
    const fresh = engine.issueTicket(kiosk, { serviceId: s.id, idempotency: { key: 'new', fingerprint: 'f' } }, now - 1000);
    const again = engine.issueTicket(kiosk, { serviceId: s.id, idempotency: { key: 'new', fingerprint: 'f' } }, now);
    expect(again).toMatchObject({ replayed: true, ticket: { id: fresh.ticket.id } });
    expect(() => engine.issueTicket(kiosk, { serviceId: s.id, idempotency: { key: 'new', fingerprint: 'other' } }, now)).toThrow(/Idempotency-Key/);
    // Another kiosk may use the same key for its own ticket.
    const other = engine.issueTicket({ ...kiosk, id: 'k2' }, { serviceId: s.id, idempotency: { key: 'new', fingerprint: 'f' } }, now);
    expect(other.replayed).toBe(false);

    expect(store.findIdempotency('k1', 'old')?.ticketId).toBe(old.ticket.id);
    engine.rollover(now);
    expect(store.findIdempotency('k1', 'old')).toBeUndefined();
    expect(store.findIdempotency('k1', 'new')).toEqual({ principal: 'k1', key: 'new', fingerprint: 'f', ticketId: fresh.ticket.id });
    expect(store.getTicket(old.ticket.id)?.number).toBe(old.ticket.number);
  } finally {
    db.close();
  }
});
