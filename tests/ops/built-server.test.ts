// The built hall server: `node dist/server/main.js` on plain Node (no tsx) starts, issues a ticket over HTTP and
// stops cleanly on SIGTERM, with its writer thread running from dist.
import Database from 'better-sqlite3';
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ROOT, buildServers, call, removeBuild, removeDirs, seedHall, startBuilt, stopProcess, tempDir, type BuiltProcess } from '../helpers/built-hall.ts';

const dirs: string[] = [];
const running: BuiltProcess[] = [];
afterEach(async () => {
  for (const p of running.splice(0)) await stopProcess(p, 'SIGKILL');
  removeDirs(dirs);
});
let out = '';
beforeAll(() => void (out = buildServers('built')), 120_000);
afterAll(() => removeBuild(out));

describe('built hall server', () => {
  it('runs from dist without TypeScript tooling: ready, issues a ticket, exits 0 on SIGTERM', async () => {
    const data = tempDir('hall-built-', dirs);
    // The built server serves the renderer built beside it (<out>/renderer), as dist/server does dist/renderer.
    mkdirSync(join(ROOT, out, 'renderer', 'kiosk'), { recursive: true });
    writeFileSync(join(ROOT, out, 'renderer', 'kiosk', 'index.html'), '<!doctype html><title>built kiosk</title>');
    const hall = await startBuilt(`${out}/server/main.js`, { HALL_DATA_DIR: data });
    running.push(hall);
    expect(hall.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    // The process is plain node on the built file: no tsx loader in its arguments.
    const cmdline = readFileSync(`/proc/${hall.child.pid}/cmdline`, 'utf8').split('\0').filter(Boolean);
    expect(cmdline.slice(1)).toEqual([`${out}/server/main.js`]);
    expect(cmdline.join(' ')).not.toMatch(/tsx/);

    const page = await call(hall.url, 'GET', '/kiosk/');
    expect(page.status).toBe(200);
    expect(page.text).toContain('built kiosk');

    const { serviceId, kioskToken } = await seedHall(hall.url);
    const issued = await call<{ number: string; status: string }>(hall.url, 'POST', '/api/v1/tickets', { token: kioskToken, body: { serviceId } });
    expect(issued.status).toBe(201);
    expect(issued.body).toMatchObject({ number: 'A001', status: 'waiting' });

    // hall:backup from dist, beside the running server: the copy holds the ticket.
    const backup = spawnSync(process.execPath, [`${out}/server/backup-main.js`, 'backup', '--to', join(data, '..', `${basename(data)}-backups`)], {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? '', HALL_DATA_DIR: data },
      encoding: 'utf8',
    });
    expect(backup.status).toBe(0);
    dirs.push(join(data, '..', `${basename(data)}-backups`));
    const copy = new Database(backup.stdout.trim().split('\n').at(-1)!, { readonly: true });
    expect(copy.prepare('SELECT number FROM tickets').pluck().all()).toEqual(['A001']);
    copy.close();

    hall.child.kill('SIGTERM');
    expect(await hall.exited).toEqual({ code: 0, signal: null });
    running.splice(0);
  }, 60_000);
});
