// Upgrades from every earlier schema: each tests/fixtures/schemas/v<N>.sqlite was made by the hall server of the commit
// that had schema N (scripts/make-schema-fixtures.ts). The current server starts on a copy of each, migrates it to
// MIGRATIONS.length after copying it aside, and serves what was there. A database newer than the code is refused.
import Database from 'better-sqlite3';
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { MIGRATIONS } from '../../db/migrations.ts';
import { startHallServer, type HallServer } from '../../server/hall-server.ts';
import { ROOT, call, removeDirs, tempDir } from '../helpers/built-hall.ts';

const FIXTURES = join(ROOT, 'tests/fixtures/schemas');
const FIXTURE_PASSWORD = 'fixture-admin-password';
const versions = readdirSync(FIXTURES)
  .map((name) => /^v(\d+)\.sqlite$/.exec(name))
  .filter((m) => m !== null)
  .map((m) => Number(m[1]))
  .filter((v) => v <= MIGRATIONS.length)
  .sort((a, b) => a - b);

const dirs: string[] = [];
const halls: HallServer[] = [];
afterEach(async () => {
  for (const h of halls.splice(0)) await h.close();
  removeDirs(dirs);
});

interface Snapshot {
  version: number;
  tickets: { id: string; number: string; status: string }[];
  ratings: number;
  services: string[];
}
function snapshot(file: string): Snapshot {
  const db = new Database(file, { readonly: true });
  try {
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    return {
      version: db.pragma('user_version', { simple: true }) as number,
      tickets: db.prepare('SELECT id, number, status FROM tickets ORDER BY number').all() as Snapshot['tickets'],
      ratings: db.prepare('SELECT count(*) FROM ratings').pluck().get() as number,
      services: db.prepare('SELECT code FROM services ORDER BY code').pluck().all() as string[],
    };
  } finally {
    db.close();
  }
}

describe('upgrading the database', () => {
  it('has a fixture for every schema version from 1 up to its newest', () => {
    expect(versions[0]).toBe(1);
    expect(versions).toEqual(versions.map((_, i) => i + 1));
  });

  it.each(versions)(
    'brings a v%i database made by that commit up to date, copied aside first, with its data',
    async (version) => {
      const dataDir = join(tempDir(`hall-upgrade-v${version}-`, dirs), 'data');
      mkdirSync(dataDir);
      copyFileSync(join(FIXTURES, `v${version}.sqlite`), join(dataDir, 'hall.sqlite'));
      const before = snapshot(join(dataDir, 'hall.sqlite'));
      expect(before.version).toBe(version);
      expect(before.tickets.map((t) => t.status)).toEqual(['done', 'no_show', 'waiting']);

      const lines: string[] = [];
      // The hall logs JSON lines (server/logger.ts): their messages are what a person reads.
      const h = await startHallServer({ dataDir, port: 0, log: (l) => lines.push((JSON.parse(l) as { msg: string }).msg) });
      halls.push(h);

      const backups = join(dataDir, 'backups');
      if (version < MIGRATIONS.length) {
        const copies = readdirSync(backups);
        expect(copies).toEqual([expect.stringMatching(new RegExp(`^pre-migration-v${version}-to-v${MIGRATIONS.length}-\\d{8}T\\d{9}Z\\.sqlite$`))]);
        expect(lines).toContain(
          `migrating the database from schema ${version} to ${MIGRATIONS.length}: the database as it was is copied to ${join(backups, copies[0]!)}`,
        );
        // The copy is the database as it was, whole.
        expect(snapshot(join(backups, copies[0]!))).toEqual(before);
      } else {
        expect(existsSync(backups)).toBe(false);
      }

      // Sign-in, services and every ticket survive, served by the current code.
      const login = await call<{ token: string }>(h.url, 'POST', '/api/v1/auth/login', { body: { username: 'admin', password: FIXTURE_PASSWORD } });
      expect(login.status).toBe(200);
      const token = login.body.token;
      const services = await call<{ code: string; id: string }[]>(h.url, 'GET', '/api/v1/services', { token });
      expect(services.body.map((s) => s.code)).toEqual(before.services);
      for (const t of before.tickets) {
        const seen = await call<{ number: string; status: string }>(h.url, 'GET', `/api/v1/tickets/${t.id}`, { token });
        expect(seen.status).toBe(200);
        expect(seen.body.number).toBe(t.number);
        // The waiting one was left on the day the fixture was made: the day's end cancels it, the others keep theirs.
        if (t.status !== 'waiting') expect(seen.body.status).toBe(t.status);
      }
      const issued = await call(h.url, 'POST', '/api/v1/tickets', {
        token,
        body: { serviceId: services.body[0]!.id },
        headers: { 'idempotency-key': 'after-upgrade' },
      });
      expect(issued.status).toBe(201);
      await h.close();
      halls.length = 0;

      const after = snapshot(join(dataDir, 'hall.sqlite'));
      expect(after.version).toBe(MIGRATIONS.length);
      expect(after.ratings).toBe(before.ratings);
      expect(after.tickets.map((t) => t.id)).toEqual(expect.arrayContaining(before.tickets.map((t) => t.id)));
      const db = new Database(join(dataDir, 'hall.sqlite'), { readonly: true });
      expect(db.pragma('foreign_key_check')).toEqual([]);
      db.close();
    },
    60_000,
  );

  it('does not migrate when the copy before it cannot be made, and says what to do', async () => {
    const root = tempDir('hall-upgrade-blocked-', dirs);
    const dataDir = join(root, 'data');
    mkdirSync(dataDir);
    copyFileSync(join(FIXTURES, 'v1.sqlite'), join(dataDir, 'hall.sqlite'));
    const blocked = join(root, 'not-a-folder');
    writeFileSync(blocked, '');
    await expect(startHallServer({ dataDir, port: 0, log: () => undefined, backup: { dir: blocked, at: '03:00', keep: 1 } })).rejects.toThrow(
      new RegExp(`cannot copy the database aside before migrating it from schema 1 to ${MIGRATIONS.length} \\(into ${blocked}\\): .*nothing was migrated`),
    );
    expect(snapshot(join(dataDir, 'hall.sqlite')).version).toBe(1);
  }, 60_000);

  it('refuses a database newer than the code, naming both versions and what to do, and leaves it untouched', async () => {
    const dataDir = join(tempDir('hall-newer-', dirs), 'data');
    mkdirSync(dataDir);
    const file = join(dataDir, 'hall.sqlite');
    copyFileSync(join(FIXTURES, `v${versions.at(-1)}.sqlite`), file);
    const db = new Database(file);
    db.pragma(`user_version = ${MIGRATIONS.length + 1}`);
    db.close();
    const refusal = `${file} has schema version ${MIGRATIONS.length + 1}, newer than this program's ${MIGRATIONS.length}`;

    await expect(startHallServer({ dataDir, port: 0, log: () => undefined })).rejects.toThrow(refusal);
    const r = spawnSync(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
      cwd: ROOT,
      env: { ...process.env, HALL_DATA_DIR: dataDir, HALL_PORT: '0' },
      encoding: 'utf8',
      timeout: 30_000,
    });
    expect(r.status).toBe(2);
    expect(
      r.stderr
        .trim()
        .split('\n')
        .map((l) => (JSON.parse(l) as { level: string; msg: string }).msg),
    ).toEqual([
      `the hall server cannot start: ${refusal}: it was written by a newer hall server. ` +
        'Install that version (or a newer one) again, or restore a backup made before the upgrade (npm run hall:restore); this program left the file untouched',
    ]);
    // Still in its rollback journal mode, at its version, with no WAL beside it and no copy made.
    const still = new Database(file, { readonly: true });
    expect(still.pragma('journal_mode', { simple: true })).toBe('delete');
    expect(still.pragma('user_version', { simple: true })).toBe(MIGRATIONS.length + 1);
    still.close();
    expect(readdirSync(dataDir)).toEqual(['hall.sqlite']);
  }, 60_000);
});
