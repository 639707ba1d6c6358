// A full disk on a real hall: the data directory on a small tmpfs the test mounts, filled to the last byte. Writes are
// refused with 503 STORAGE_FULL, every ticket acknowledged before stays, /ready says why, and once space returns
// the same server issues again without a restart.
import Database from 'better-sqlite3';
import { spawnSync } from 'node:child_process';
import { closeSync, mkdirSync, openSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHallServer, type HallServer } from '../../server/hall-server.ts';
import { ADMIN_PASSWORD, call, removeDirs, seedHall, tempDir } from '../helpers/built-hall.ts';

const dirs: string[] = [];
let mountPoint = '';
let mountError = '';

beforeAll(() => {
  const root = tempDir('hall-disk-full-', dirs);
  mountPoint = join(root, 'data');
  mkdirSync(mountPoint);
  const r = spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=24m', 'tmpfs', mountPoint], { encoding: 'utf8' });
  if (r.status !== 0) mountError = `cannot mount a tmpfs (needs root or CAP_SYS_ADMIN): ${r.stderr || r.error?.message}`;
});
afterAll(() => {
  if (!mountError) spawnSync('umount', ['-l', mountPoint]);
  removeDirs(dirs);
});

/** Writes until the filesystem refuses a single byte. */
function fill(file: string): void {
  const fd = openSync(file, 'w');
  try {
    for (const size of [1 << 20, 1 << 12, 1]) {
      const chunk = Buffer.alloc(size, 7);
      try {
        for (;;) writeSync(fd, chunk);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'ENOSPC') throw error;
      }
    }
  } finally {
    closeSync(fd);
  }
}

describe('a full disk', () => {
  it('refuses writes with 503 STORAGE_FULL, keeps what was acknowledged, and issues again once space returns', async (ctx) => {
    if (mountError) ctx.skip(mountError);
    let hall: HallServer | null = await startHallServer({ dataDir: mountPoint, port: 0, adminPassword: ADMIN_PASSWORD, log: () => undefined, minFreeMb: 0 });
    try {
      const { serviceId, kioskToken } = await seedHall(hall.url);
      const issue = (key: string) =>
        call<{ id: string; error?: { code: string; message: string } }>(hall!.url, 'POST', '/api/v1/tickets', {
          token: kioskToken,
          body: { serviceId },
          headers: { 'idempotency-key': key },
        });
      const acknowledged: string[] = [];
      for (let i = 0; i < 20; i++) {
        const r = await issue(`before-${i}`);
        expect(r.status).toBe(201);
        acknowledged.push(r.body.id);
      }

      const filler = join(mountPoint, 'filler');
      fill(filler);
      // The WAL may still have room for a few commits: issue until the disk refuses one.
      let refused: Awaited<ReturnType<typeof issue>> | null = null;
      for (let i = 0; i < 5_000 && !refused; i++) {
        const r = await issue(`full-${i}`);
        if (r.status === 201) acknowledged.push(r.body.id);
        else refused = r;
      }
      expect(refused?.status).toBe(503);
      expect(refused?.body.error).toEqual({ code: 'STORAGE_FULL', message: expect.stringMatching(/disk is full.*Free disk space/) });

      const ready = await call<{ ready: boolean; reason: string }>(hall.url, 'GET', '/api/v1/ready');
      expect(ready.status).toBe(503);
      expect(ready.body.reason).toMatch(/disk is full.*STORAGE_FULL/);
      // Reads go on: every acknowledged ticket is there.
      for (const id of acknowledged) expect((await call(hall.url, 'GET', `/api/v1/tickets/${id}`, { token: kioskToken })).status).toBe(200);

      rmSync(filler);
      // Nothing writes meanwhile: the writer's own probe finds the space.
      const deadline = Date.now() + 10_000;
      while ((await call(hall.url, 'GET', '/api/v1/ready')).status !== 200 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
      expect((await call(hall.url, 'GET', '/api/v1/ready')).status).toBe(200);
      const after = await issue('after-space');
      expect(after.status).toBe(201);
      acknowledged.push(after.body.id);

      await hall.close();
      hall = null;
      const db = new Database(join(mountPoint, 'hall.sqlite'), { readonly: true });
      try {
        expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
        const stored = new Set((db.prepare('SELECT id FROM tickets').pluck().all() as string[]).filter((id) => acknowledged.includes(id)));
        expect(stored.size).toBe(acknowledged.length);
      } finally {
        db.close();
      }
    } finally {
      await hall?.close();
    }
  }, 120_000);
});
