// /api/v1/ready on a real hall over loopback: 200 while the database takes writes and the disk has room, 503 with
// the reason while another connection holds the database's write lock or free space is under HALL_MIN_FREE_MB.
import Database from 'better-sqlite3';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startHallServer, type HallServer } from '../../server/hall-server.ts';
import { call, removeDirs, tempDir } from '../helpers/built-hall.ts';

const dirs: string[] = [];
const halls: HallServer[] = [];
afterEach(async () => {
  for (const h of halls.splice(0)) await h.close();
  removeDirs(dirs);
});

async function hall(minFreeMb?: number) {
  const dataDir = tempDir('hall-ready-', dirs);
  const h = await startHallServer({ dataDir, port: 0, log: () => undefined, minFreeMb });
  halls.push(h);
  return { h, dataDir };
}

describe('GET /api/v1/ready', () => {
  it('is 200 with free space when the database is writable, 503 while another connection holds the write lock', async () => {
    const { h, dataDir } = await hall();
    const ready = await call<{ ready: boolean; freeMb: number }>(h.url, 'GET', '/api/v1/ready');
    expect(ready.status).toBe(200);
    expect(ready.body.ready).toBe(true);
    expect(ready.body.freeMb).toBeGreaterThan(0);

    const other = new Database(join(dataDir, 'hall.sqlite'));
    other.exec('BEGIN EXCLUSIVE');
    try {
      const locked = await call<{ ready: boolean; reason: string }>(h.url, 'GET', '/api/v1/ready');
      expect(locked.status).toBe(503);
      expect(locked.body).toMatchObject({ ready: false, reason: expect.stringMatching(/database cannot be written: SQLITE_BUSY/) });
      // /health only says the process answers.
      expect((await call(h.url, 'GET', '/api/v1/health')).status).toBe(200);
    } finally {
      other.exec('ROLLBACK');
      other.close();
    }
    expect((await call(h.url, 'GET', '/api/v1/ready')).status).toBe(200);
  });

  it('is 503 saying how much is free when the data directory has less than HALL_MIN_FREE_MB', async () => {
    const { h } = await hall(1_000_000_000);
    const r = await call<{ ready: boolean; reason: string; freeMb: number }>(h.url, 'GET', '/api/v1/ready');
    expect(r.status).toBe(503);
    expect(r.body.reason).toBe(`only ${r.body.freeMb} MB free in the data directory (HALL_MIN_FREE_MB=1000000000): free disk space`);
  });
});
