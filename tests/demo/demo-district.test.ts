// `npm start` with PostgreSQL installed: a small district above the demo hall — the demo hall and two generated halls
// replicate to a district server on a throw-away cluster, and stopping the demo removes it.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { DISTRICT_DEMO_PASSWORDS } from '../../scripts/demo-district.ts';
import { DEMO_MATTERS } from '../../scripts/demo-matters.ts';
import { HallClient } from '../../client/hall-client.ts';
import { DistrictApi, waitFor, type DistrictHall } from '../district/district-helpers.ts';

const dir = mkdtempSync(join(tmpdir(), 'demo-district-'));
let child: ChildProcess | undefined;

afterAll(() => {
  child?.kill('SIGKILL');
  rmSync(dir, { recursive: true, force: true });
});

it('prints the district app, and the three halls replicate to it', async () => {
  child = spawn(process.execPath, ['--import', 'tsx', 'scripts/demo.ts'], {
    env: { ...process.env, HALL_PORT: '0', DISTRICT_PORT: '0', KIOSK_PORT: '0', HALL_DATA_DIR: dir },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no district line:\n${out}`)), 60_000);
    const onData = (chunk: Buffer) => {
      out += chunk.toString();
      const m = /district server listening on (http:\/\/\S+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]!);
      }
    };
    child!.stdout!.on('data', onData);
    child!.stderr!.on('data', onData);
    child!.on('exit', (code) => reject(new Error(`demo exited with ${code}:\n${out}`)));
  });
  expect(out).toContain(`${url}/district/`);
  const admin = await DistrictApi.signIn(url, 'admin', DISTRICT_DEMO_PASSWORDS.admin);
  // The demo hall seeds twelve waiting visitors; the generated ones leave half their visitors waiting.
  const expected: Record<string, number> = { 'qu-zhongxin': 12, 'dongcheng-zhen': 9, 'nanhu-cun': 3 };
  await waitFor(
    async () => {
      const halls = await admin.json<DistrictHall[]>('GET', '/api/v1/district/halls');
      return halls.length === 3 && halls.every((h) => h.online && h.waiting === expected[h.code]);
    },
    'the three demo halls to replicate',
    30_000,
  );
  // The district publishes the demo's 办事指南; the demo hall applies it, and its own copy is the same: no override.
  const hallUrl = /hall server listening on (http:\/\/\S+)/.exec(out)![1]!;
  const hall = new HallClient(hallUrl).withToken((await new HallClient(hallUrl).login('admin', 'demo-admin-2026')).token);
  await waitFor(
    async () => {
      const link = await hall.request<{ mattersVersion: number; matterOverrides: string[] }>('GET', '/api/v1/district-link');
      return link.mattersVersion === 1 && link.matterOverrides.length === 0;
    },
    'the demo hall to apply the district matter catalogue',
    30_000,
  );
  const catalogue = await admin.json<{ version: number; items: unknown[]; overrides: unknown[] }>('GET', '/api/v1/district/catalogue/matters');
  expect([catalogue.version, catalogue.items.length, catalogue.overrides]).toEqual([1, DEMO_MATTERS.length, []]);
  const exited = new Promise<number | null>((resolve) => child!.once('exit', (code) => resolve(code)));
  child.kill('SIGINT');
  expect(await exited).toBe(0);
  // The district server (and its throw-away cluster) went with it.
  expect((await fetch(`${url}/api/v1/health`).catch(() => null))?.ok ?? false).toBe(false);
}, 120_000);
