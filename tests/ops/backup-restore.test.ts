// The restore drill: a hall under load is backed up by `npm run hall:backup` from another process, the copy is restored
// elsewhere by `npm run hall:restore`, passes integrity_check, holds every ticket acknowledged before the backup began,
// and serves as a hall again with the keys copied apart. Restore's refusals, and the daily schedule with its retention.
import Database from 'better-sqlite3';
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, rmSync, writeFileSync, copyFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { MIGRATIONS } from '../../db/migrations.ts';
import { startHallServer, type HallServer } from '../../server/hall-server.ts';
import { ADMIN_PASSWORD, ROOT, call, removeDirs, seedHall, tempDir } from '../helpers/built-hall.ts';

const dirs: string[] = [];
const halls: HallServer[] = [];
afterEach(async () => {
  for (const h of halls.splice(0)) await h.close();
  removeDirs(dirs);
});

function npmRun(script: string, args: string[], env: Record<string, string> = {}): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn('npm', ['run', '--silent', script, '--', ...args], { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
  child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  return new Promise((resolve) => child.once('close', (code) => resolve({ code, stdout, stderr })));
}
const lastLine = (text: string) => text.trim().split('\n').at(-1)!;

function ticketIds(file: string): Set<string> {
  const db = new Database(file, { readonly: true });
  try {
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    return new Set(db.prepare('SELECT id FROM tickets').pluck().all() as string[]);
  } finally {
    db.close();
  }
}

async function hall(dataDir: string, extra: Partial<Parameters<typeof startHallServer>[0]> = {}) {
  const h = await startHallServer({ dataDir, port: 0, adminPassword: ADMIN_PASSWORD, log: () => undefined, ...extra });
  halls.push(h);
  return h;
}

describe('backup and restore', () => {
  it('backs up a hall under load from another process and restores it elsewhere with every acknowledged ticket', async () => {
    const root = tempDir('hall-drill-', dirs);
    const dataDir = join(root, 'data');
    const h = await hall(dataDir);
    const { serviceId, kioskToken } = await seedHall(h.url);

    // Four kiosks issue without pause until told to stop; each acknowledged ticket is noted with when it was answered.
    const acked: { id: string; at: number }[] = [];
    const refused: number[] = [];
    let stop = false;
    let n = 0;
    const kiosk = async () => {
      while (!stop) {
        const r = await call<{ id: string }>(h.url, 'POST', '/api/v1/tickets', {
          token: kioskToken,
          body: { serviceId },
          headers: { 'idempotency-key': `drill-${n++}` },
        });
        if (r.status === 201) acked.push({ id: r.body.id, at: Date.now() });
        else refused.push(r.status);
      }
    };
    // A long read (a report, the district link) holds the checkpoint back: the latest commits are only in the WAL,
    // which a copy of hall.sqlite alone would miss.
    const reader = new Database(join(dataDir, 'hall.sqlite'), { readonly: true });
    reader.exec('BEGIN');
    reader.prepare('SELECT count(*) FROM tickets').get();
    const load = Promise.all([kiosk(), kiosk(), kiosk(), kiosk()]);
    while (acked.length < 150) await new Promise((r) => setTimeout(r, 10));

    const backupsDir = join(root, 'backups');
    const keysDir = join(root, 'keys-copy');
    const backupStarted = Date.now();
    const backup = await npmRun('hall:backup', ['--to', backupsDir, '--keys-to', keysDir], { HALL_DATA_DIR: dataDir });
    const during = acked.filter((t) => t.at > backupStarted).length;
    while (acked.filter((t) => t.at > backupStarted).length < during + 20) await new Promise((r) => setTimeout(r, 10));
    stop = true;
    await load;
    reader.exec('COMMIT');
    reader.close();
    expect(backup.stderr).toMatch(/key copied: .*person-hash\.key/);
    expect(backup.code).toBe(0);
    expect(refused).toEqual([]);

    const file = lastLine(backup.stdout);
    expect(dirname(file)).toBe(backupsDir);
    expect(file).toMatch(/hall-\d{8}T\d{9}Z\.sqlite$/);
    expect(readdirSync(backupsDir)).toEqual([file.slice(backupsDir.length + 1)]);
    expect(readdirSync(keysDir).sort()).toEqual(expect.arrayContaining(['id-sealing.key', 'person-hash.key']));
    expect(statSync(join(keysDir, 'person-hash.key')).mode & 0o777).toBe(0o600);

    const restoredDir = join(root, 'restored');
    const restore = await npmRun('hall:restore', ['--from', file, '--data-dir', restoredDir]);
    expect(restore.code).toBe(0);
    expect(restore.stderr).toMatch(/integrity_check: ok; schema version \d+/);
    // The restored hall has no key yet: the tool says where to put it.
    expect(restore.stderr).toMatch(/no person-hash key at .*restored-keys\/person-hash\.key/);
    expect(lastLine(restore.stdout)).toBe(join(restoredDir, 'hall.sqlite'));

    const restoredIds = ticketIds(join(restoredDir, 'hall.sqlite'));
    const beforeBackup = acked.filter((t) => t.at < backupStarted);
    expect(beforeBackup.length).toBeGreaterThanOrEqual(150);
    expect(beforeBackup.filter((t) => !restoredIds.has(t.id))).toEqual([]);
    // What came after the snapshot is not in it: the copy is one moment, not a blend — every ticket with its
    // ticket.issued event, and the event log without a gap.
    expect(restoredIds.size).toBeLessThan(acked.length);
    const copy = new Database(join(restoredDir, 'hall.sqlite'), { readonly: true });
    const issuedEvents = copy.prepare("SELECT count(*) FROM events WHERE type = 'ticket.issued'").pluck().get();
    const seqs = copy.prepare('SELECT count(*) AS n, max(seq) - min(seq) + 1 AS span FROM events').get() as { n: number; span: number };
    copy.close();
    expect(issuedEvents).toBe(restoredIds.size);
    expect(seqs.n).toBe(seqs.span);

    // The restored hall runs on the keys copied apart and serves the tickets.
    const again = await hall(restoredDir, { keyFile: join(keysDir, 'person-hash.key') });
    const one = beforeBackup[0]!;
    const seen = await call<{ id: string; status: string }>(again.url, 'GET', `/api/v1/tickets/${one.id}`, { token: kioskToken });
    expect(seen.status).toBe(200);
    expect(seen.body.status).toBe('waiting');
  }, 120_000);

  it('restore refuses a data directory holding a database unless --force (which keeps it aside), a damaged file, and a newer schema', async () => {
    const root = tempDir('hall-restore-', dirs);
    const dataDir = join(root, 'data');
    const h = await hall(dataDir);
    await seedHall(h.url);
    const backup = await npmRun('hall:backup', ['--to', join(root, 'b')], { HALL_DATA_DIR: dataDir });
    expect(backup.code).toBe(0);
    expect(backup.stderr).toMatch(/keys .* are not in this backup, on purpose/);
    const file = lastLine(backup.stdout);
    await h.close();

    const refused = await npmRun('hall:restore', ['--from', file, '--data-dir', dataDir]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/already holds a database \(hall\.sqlite.*\): restore into an empty directory, or stop the hall server and add --force/);

    const forced = await npmRun('hall:restore', ['--from', file, '--data-dir', dataDir, '--force']);
    expect(forced.code).toBe(0);
    const aside = /kept in (\S+)/.exec(forced.stderr)![1]!;
    expect(existsSync(join(aside, 'hall.sqlite'))).toBe(true);
    expect(forced.stderr).not.toMatch(/no person-hash key/);

    const damaged = join(root, 'damaged.sqlite');
    copyFileSync(file, damaged);
    const bytes = Buffer.alloc(statSync(damaged).size);
    writeFileSync(damaged, bytes.fill(0x5a, 0, 4096), { flag: 'r+' });
    const bad = await npmRun('hall:restore', ['--from', damaged, '--data-dir', join(root, 'x')]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/restore refused: .*(damaged|not a database)/);

    const newer = join(root, 'newer.sqlite');
    copyFileSync(file, newer);
    const db = new Database(newer);
    db.pragma(`user_version = ${MIGRATIONS.length + 1}`);
    db.close();
    const ahead = await npmRun('hall:restore', ['--from', newer, '--data-dir', join(root, 'y')]);
    expect(ahead.code).toBe(2);
    expect(ahead.stderr).toContain(`schema version ${MIGRATIONS.length + 1}, newer than this program's ${MIGRATIONS.length}`);
    expect(existsSync(join(root, 'y', 'hall.sqlite'))).toBe(false);
  }, 120_000);

  // The hall logs JSON lines (server/logger.ts): their messages are what a person reads.
  const messages = (lines: string[]) => lines.map((l) => (JSON.parse(l) as { msg: string }).msg);
  it('makes one copy per hall day at HALL_BACKUP_AT, keeps HALL_BACKUP_KEEP, and logs a failure', async () => {
    const root = tempDir('hall-scheduled-', dirs);
    const backupDir = join(root, 'backups');
    // 02:00 in Shanghai: before the 03:00 backup.
    let clock = Date.parse('2026-03-02T02:00:00+08:00');
    const lines: string[] = [];
    const h = await hall(join(root, 'data'), { now: () => clock, log: (l) => lines.push(l), backup: { dir: backupDir, at: '03:00', keep: 2 } });
    await h.backups!.tick();
    expect(existsSync(backupDir) ? readdirSync(backupDir) : []).toEqual([]);
    for (const day of ['2026-03-02', '2026-03-03', '2026-03-04']) {
      clock = Date.parse(`${day}T03:00:00+08:00`);
      await h.backups!.tick();
      // Once a day: a second look the same day makes nothing new.
      clock += 3_600_000;
      await h.backups!.tick();
    }
    expect(readdirSync(backupDir)).toEqual(['hall-20260302T190000000Z.sqlite', 'hall-20260303T190000000Z.sqlite']);
    expect(messages(lines).filter((l) => l.startsWith('backup written: '))).toHaveLength(3);
    expect(messages(lines).some((l) => /removed 1 older \(HALL_BACKUP_KEEP=2\)/.test(l))).toBe(true);
    // integrity_check is asserted inside.
    ticketIds(join(backupDir, 'hall-20260303T190000000Z.sqlite'));

    // The backup folder replaced by a file: the day's copy fails and says what to check.
    const blocked = join(root, 'blocked');
    writeFileSync(blocked, '');
    const lines2: string[] = [];
    mkdirSync(join(root, 'data2'));
    const h2 = await hall(join(root, 'data2'), { now: () => clock, log: (l) => lines2.push(l), backup: { dir: blocked, at: '03:00', keep: 2 } });
    await h2.backups!.tick();
    expect(messages(lines2).find((l) => l.startsWith('backup failed: '))).toMatch(
      /check that HALL_BACKUP_DIR=.*blocked exists, is writable and has room; trying again in an hour/,
    );
    // Managers see it on every tab until a copy succeeds.
    const token = (await call<{ token: string }>(h2.url, 'POST', '/api/v1/auth/login', { body: { username: 'admin', password: ADMIN_PASSWORD } })).body.token;
    const open = () => call<{ items: { kind: string; deviceName: string; message: string }[] }>(h2.url, 'GET', '/api/v1/alerts?active=true', { token });
    expect((await open()).body.items).toEqual([
      expect.objectContaining({ kind: 'backup_failed', deviceName: '数据备份', message: expect.stringMatching(/blocked exists, is writable and has room/) }),
    ]);
    // Within the hour nothing is tried again; after it, with the folder back, the copy is made and the alert closes.
    rmSync(blocked);
    clock += 30 * 60_000;
    await h2.backups!.tick();
    expect(messages(lines2).filter((l) => l.startsWith('backup written: '))).toEqual([]);
    clock += 31 * 60_000;
    await h2.backups!.tick();
    expect(messages(lines2).filter((l) => l.startsWith('backup written: '))).toHaveLength(1);
    expect((await open()).body.items).toEqual([]);
    const audit = await call<{ items: { action: string; actor: { kind: string }; detail: unknown }[] }>(h2.url, 'GET', '/api/v1/audit?action=backup.alert', {
      token,
    });
    expect(audit.body.items.map((e) => [e.actor.kind, e.detail])).toEqual([
      ['system', { failed: false }],
      ['system', { failed: true }],
    ]);
  }, 60_000);
});
