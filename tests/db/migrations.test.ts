// A hall that upgrades keeps its data: each numbered migration runs once, in order, on the real file.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { openDatabase } from '../../db/database.ts';
import { MIGRATIONS } from '../../db/migrations.ts';

const dir = mkdtempSync(join(tmpdir(), 'migrate-'));
afterEach(() => rmSync(dir, { recursive: true, force: true }));

it('upgrades a version-1 database in place and refuses a newer one', () => {
  const file = join(dir, 'hall.sqlite');
  const v1 = openDatabase(file, MIGRATIONS.slice(0, 1));
  expect(v1.pragma('user_version', { simple: true })).toBe(1);
  v1.prepare("INSERT INTO devices (id, name, kind, token_hash, created_at) VALUES ('d1', 'K', 'kiosk', 'h', 0)").run();
  v1.prepare("INSERT INTO services (id, code, name, prefix, default_service_seconds, created_at) VALUES ('s1', 'biz', '企业开办', 'A', 300, 0)").run();
  v1.prepare(
    "INSERT INTO tickets (id, day, number, service_id, original_service_id, status, ticket_class, issued_at, sort_at, issued_by) VALUES ('t1', '2026-11-23', 'A001', 's1', 's1', 'done', 'normal', 0, 0, 'd1')",
  ).run();
  v1.prepare("INSERT INTO ratings (ticket_id, level, service_id, rated_by, at) VALUES ('t1', 5, 's1', 'd1', 0)").run();
  v1.prepare("INSERT INTO idempotency (principal, key, fingerprint, ticket_id, created_at) VALUES ('d1', 'k-1', 'f1', 't1', 0)").run();
  v1.close();

  const latest = openDatabase(file);
  expect(latest.pragma('user_version', { simple: true })).toBe(MIGRATIONS.length);
  expect(latest.prepare('SELECT tags, channel FROM ratings').get()).toEqual({ tags: '[]', channel: 'api' });
  expect(latest.prepare('SELECT number FROM devices').get()).toEqual({ number: null });
  // Migration 6: the key a ticket was issued under moves onto the ticket.
  expect(latest.prepare('SELECT idempotency_key, idempotency_fingerprint FROM tickets').get()).toEqual({
    idempotency_key: 'k-1',
    idempotency_fingerprint: 'f1',
  });
  latest.close();

  // Opening again runs nothing twice.
  openDatabase(file).close();
  expect(() => openDatabase(file, MIGRATIONS.slice(0, 1))).toThrow(/newer than this program/);
});

it('migration 10: follow-ups gain the ticket’s masked name, and empty call-back number columns', () => {
  const file = join(dir, 'follow-ups.sqlite');
  const before = MIGRATIONS.findIndex((m) => m.includes('phone_sealed'));
  const old = openDatabase(file, MIGRATIONS.slice(0, before));
  old.prepare("INSERT INTO services (id, code, name, prefix, default_service_seconds, created_at) VALUES ('s1', 'biz', '企业开办', 'A', 300, 0)").run();
  old
    .prepare(
      "INSERT INTO tickets (id, day, number, service_id, original_service_id, status, ticket_class, issued_at, sort_at, issued_by, masked_name) VALUES ('t1', '2026-11-23', 'A001', 's1', 's1', 'done', 'normal', 0, 0, 'd1', '张*三')",
    )
    .run();
  old
    .prepare(
      "INSERT INTO follow_ups (id, ticket_id, number, level, tags, service_id, opened_at, due_day, status) VALUES ('f1', 't1', 'A001', 1, '[]', 's1', 0, '2026-12-14', 'open')",
    )
    .run();
  old.close();
  const latest = openDatabase(file);
  expect(latest.prepare('SELECT masked_name, phone_sealed, phone_masked FROM follow_ups').get()).toEqual({
    masked_name: '张*三',
    phone_sealed: null,
    phone_masked: null,
  });
  latest.close();
});

it('the devices migration rebuilds devices for the rating pad kind, keeping rows, their leases and the foreign keys', () => {
  const file = join(dir, 'devices.sqlite');
  const before = MIGRATIONS.findIndex((m) => m.includes('pairing_codes'));
  const old = openDatabase(file, MIGRATIONS.slice(0, before));
  old.prepare("INSERT INTO devices (id, name, kind, token_hash, created_at, number) VALUES ('d1', '一号机', 'kiosk', 'h1', 5, 1)").run();
  old.prepare("INSERT INTO leases (id, device_id, day, prefix, first, last, created_at) VALUES ('l1', 'd1', '2026-12-06', 'A', 1, 10, 5)").run();
  expect(() => old.prepare("INSERT INTO devices (id, name, kind, token_hash, created_at) VALUES ('d2', '评价器', 'rating_pad', 'h2', 5)").run()).toThrow(
    /CHECK/,
  );
  old.close();

  const latest = openDatabase(file);
  expect(latest.prepare('SELECT id, name, kind, token_hash, revoked, created_at, number, last_seen_at FROM devices').all()).toEqual([
    { id: 'd1', name: '一号机', kind: 'kiosk', token_hash: 'h1', revoked: 0, created_at: 5, number: 1, last_seen_at: null },
  ]);
  latest.prepare("INSERT INTO devices (id, name, kind, token_hash, created_at) VALUES ('d2', '评价器', 'rating_pad', 'h2', 5)").run();
  // The leases still point at the rebuilt table, and foreign keys are enforced again after the migration.
  expect(latest.prepare('SELECT d.name FROM leases l JOIN devices d ON d.id = l.device_id').get()).toEqual({ name: '一号机' });
  expect(latest.pragma('foreign_keys', { simple: true })).toBe(1);
  expect(() =>
    latest.prepare("INSERT INTO leases (id, device_id, day, prefix, first, last, created_at) VALUES ('l2', 'nobody', '2026-12-06', 'A', 11, 20, 5)").run(),
  ).toThrow(/FOREIGN KEY/);
  expect(() => latest.prepare("INSERT INTO devices (id, name, kind, token_hash, created_at) VALUES ('d3', 'x', 'toaster', 'h3', 5)").run()).toThrow(/CHECK/);
  latest.close();
});
