// Group commit: one transaction per tick, no savepoints while nothing fails after writing, and an
// operation that fails after it wrote takes only its own writes with it.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import type { EventWire } from '../../core/model.ts';
import { CommitQueue } from '../../db/commit-queue.ts';
import { openDatabase, type Db } from '../../db/database.ts';

let dir: string;
let db: Db;
let queue: CommitQueue;
let published: EventWire[];
const journal = {
  appended: [] as EventWire[],
  forgotten: 0,
  forgetMemo() {
    this.forgotten += 1;
  },
};

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'commit-queue-'));
  db = openDatabase(join(dir, 'hall.sqlite'), ['CREATE TABLE notes (name TEXT PRIMARY KEY) STRICT;']);
  published = [];
  journal.appended = [];
  journal.forgotten = 0;
  queue = new CommitQueue(db, journal, (events) => published.push(...events));
});

afterEach(() => {
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

function insert(name: string): string {
  db.prepare('INSERT INTO notes (name) VALUES (?)').run(name);
  journal.appended.push({ seq: journal.appended.length + 1, type: 'note', json: name });
  return name;
}
const names = () => db.prepare('SELECT name FROM notes ORDER BY name').pluck().all() as string[];

it('commits a batch in one transaction; a refusal before any write costs no rerun', async () => {
  const results = await Promise.allSettled([
    queue.submit(() => insert('a')),
    queue.submit(() => {
      throw new Error('refused before writing');
    }),
    queue.submit(() => insert('b')),
  ]);
  expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
  expect((results[1] as PromiseRejectedResult).reason.message).toBe('refused before writing');
  expect(queue.stats).toMatchObject({ commits: 1, ops: 3, guardedReruns: 0 });
  expect(names()).toEqual(['a', 'b']);
  expect(published.map((e) => e.json)).toEqual(['a', 'b']);
  expect(journal.forgotten).toBe(0);
});

it('undoes only the writes of an operation that failed after writing, and commits the others once', async () => {
  const runs = { a: 0, c: 0 };
  const results = await Promise.allSettled([
    queue.submit(() => (runs.a++, insert('a'))),
    queue.submit(() => {
      insert('b');
      throw new Error('failed after writing');
    }),
    queue.submit(() => (runs.c++, insert('c'))),
    // A constraint error is a failure after writing too when the operation wrote before it.
    queue.submit(() => {
      insert('d');
      return insert('a');
    }),
  ]);
  expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled', 'rejected']);
  expect(queue.stats).toMatchObject({ commits: 1, ops: 4, guardedReruns: 1 });
  expect(names()).toEqual(['a', 'c']);
  expect(published.map((e) => e.json)).toEqual(['a', 'c']);
  // The rolled-back first run is forgotten: memos dropped, its events never published.
  expect(journal.forgotten).toBeGreaterThanOrEqual(1);
  // 'a' ran before the failure and again in the rerun with savepoints; 'c' only in the rerun.
  expect(runs).toEqual({ a: 2, c: 1 });
});

it('rejects what could not be written, publishes none of it, and goes on once the disk is free', async () => {
  // A second connection holds the write lock: every write of this batch fails at once (busy).
  db.pragma('busy_timeout = 0');
  const other = openDatabase(join(dir, 'hall.sqlite'), ['CREATE TABLE notes (name TEXT PRIMARY KEY) STRICT;']);
  other.exec('BEGIN IMMEDIATE');
  other.prepare('INSERT INTO notes (name) VALUES (?)').run('held');
  try {
    const results = await Promise.allSettled([queue.submit(() => insert('x')), queue.submit(() => insert('y'))]);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected']);
    expect(published).toEqual([]);
    expect(journal.appended).toEqual([]);
  } finally {
    other.exec('ROLLBACK');
    other.close();
  }
  expect(await queue.submit(() => insert('z'))).toBe('z');
  expect(names()).toEqual(['z']);
});
