// The built hall server: `node dist/server/main.js` on plain Node (no tsx) starts, issues a ticket over HTTP and
// stops cleanly on SIGTERM, with its writer thread running from dist; hall:backup runs from dist beside it, the built
// kiosk agent and counter bridge work against it, and the built district server starts far enough to check its configuration.
import Database from 'better-sqlite3';
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  ADMIN_PASSWORD,
  ROOT,
  buildServers,
  call,
  removeBuild,
  removeDirs,
  seedHall,
  startBuilt,
  stopProcess,
  tempDir,
  type BuiltProcess,
} from '../helpers/built-hall.ts';

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

    const { serviceId, kioskToken, adminToken } = await seedHall(hall.url);
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
    // The built kiosk agent syncs with the built hall and issues through it.
    const agent = await startBuilt(`${out}/kiosk-agent/main.js`, {
      KIOSK_SERVER_URL: hall.url,
      KIOSK_TOKEN: kioskToken,
      KIOSK_PORT: '0',
      KIOSK_DATA_DIR: tempDir('kiosk-built-', dirs),
    });
    running.push(agent);
    // Online, with the hall's services from its first sync.
    let services = '';
    for (let i = 0; i < 100 && !services.includes(serviceId); i++) {
      services = (await call(agent.url, 'GET', '/local/services')).text;
      if (!services.includes(serviceId)) await new Promise((r) => setTimeout(r, 100));
    }
    expect(services).toContain(serviceId);
    expect((await call<{ online: boolean }>(agent.url, 'GET', '/local/status')).body.online).toBe(true);
    const viaAgent = await call(agent.url, 'POST', '/local/tickets', { body: { serviceId }, headers: { origin: hall.url } });
    expect(viaAgent.status, viaAgent.text).toBe(201);
    expect(viaAgent.text).toContain('"A002"');

    // The built counter bridge signs in and follows the hall (its bus device is absent: it keeps retrying that).
    const counter = await call<{ id: string }>(hall.url, 'POST', '/api/v1/counters', { token: adminToken, body: { number: 1, serviceIds: [serviceId] } });
    const bridge = await startBuilt(
      `${out}/counter-bridge/main.js`,
      {
        HALL_URL: hall.url,
        HALL_USERNAME: 'admin',
        HALL_PASSWORD: ADMIN_PASSWORD,
        COUNTER_ID: counter.body.id,
        BUS_PORT: '/dev/null/no-bus',
        KEYPAD_ADDRESS: '1',
      },
      [],
      /(counter bridge running): counter/,
    );
    running.push(bridge);
    bridge.child.kill('SIGTERM');
    expect(await bridge.exited, bridge.stderr()).toEqual({ code: 0, signal: null });

    // The built district server loads all its code and checks its configuration before needing PostgreSQL.
    const district = spawnSync(process.execPath, [`${out}/district/main.js`], { cwd: ROOT, env: { PATH: process.env.PATH ?? '' }, encoding: 'utf8' });
    expect([district.status, district.stderr]).toEqual([2, expect.stringMatching(/DISTRICT_DATABASE_URL is not set/)]);

    agent.child.kill('SIGTERM');
    expect(await agent.exited, agent.stderr()).toEqual({ code: 0, signal: null });

    hall.child.kill('SIGTERM');
    expect(await hall.exited).toEqual({ code: 0, signal: null });
    running.splice(0);
  }, 60_000);
});
