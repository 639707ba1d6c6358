// `npm start` as a person runs it: a child process on a fresh data folder, then the URLs it prints.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { HallClient } from '../../client/hall-client.ts';
import { searchMatters } from '../../client/matters-client.ts';

const dir = mkdtempSync(join(tmpdir(), 'demo-hall-'));
let child: ChildProcess | undefined;

function startDemo(): Promise<{ url: string; output: () => string }> {
  child = spawn(process.execPath, ['--import', 'tsx', 'scripts/demo.ts'], {
    env: { ...process.env, HALL_PORT: '0', HALL_DATA_DIR: dir },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`demo did not start:\n${out}`)), 25_000);
    const onData = (chunk: Buffer) => {
      out += chunk.toString();
      const m = /hall server listening on (http:\/\/\S+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve({ url: m[1]!, output: () => out });
      }
    };
    child!.stdout!.on('data', onData);
    child!.stderr!.on('data', onData);
    child!.on('exit', (code) => reject(new Error(`demo exited with ${code}:\n${out}`)));
  });
}

function stopDemo(): Promise<number | null> {
  return new Promise((resolve) => {
    child!.once('exit', (code) => resolve(code));
    child!.kill('SIGINT');
  });
}

afterAll(() => {
  child?.kill('SIGKILL');
  rmSync(dir, { recursive: true, force: true });
});

describe('npm start demo hall', () => {
  it('seeds services A–F, twelve overlapping counters, accounts and devices, and prints how to reach them', async () => {
    const { url, output } = await startDemo();
    const text = output();
    expect(text).toContain(`${url}/api/v1/openapi.json`);
    const password = /admin \/ (\S+)/.exec(text)![1]!;
    const staffPassword = /staff01 … staff12 \/ (\S+)/.exec(text)![1]!;
    const kioskToken = /device tokens\s+kiosk (\S+)/.exec(text)![1]!;
    // Every page the demo prints is served.
    for (const label of ['kiosk \\(browser\\)', 'counter console', 'manager', 'display board', 'rating pad', 'mobile ticket', 'device simulator']) {
      const pageUrl = new RegExp(`${label}\\s+(http\\S+)`).exec(text)?.[1];
      expect(pageUrl, label).toBeDefined();
      const res = await fetch(pageUrl!);
      expect(res.status, label).toBe(200);
      expect(await res.text(), label).toMatch(/<html/i);
    }

    const admin = new HallClient(url);
    admin.token = (await admin.login('admin', password)).token;
    const services = await admin.services();
    expect(services.map((s) => s.prefix).sort()).toEqual(['A', 'B', 'C', 'D', 'E', 'F']);
    expect(services.map((s) => s.name)).toEqual(expect.arrayContaining(['企业开办', '不动产登记', '社保医保', '公积金', '出入境', '税务']));
    // 办事指南: the demo's matters, each on its own service, found by pinyin initials.
    const guide = await searchMatters(admin, { q: 'bdc' });
    expect(guide.items.map((m) => [m.name, services.find((s) => s.id === m.serviceId)?.code])).toEqual([['不动产登记（二手房转移登记）', 'estate']]);
    expect((await searchMatters(admin)).items).toHaveLength(5);
    const counters = await admin.counters();
    expect(counters).toHaveLength(12);
    const servedBy = new Map<string, number>();
    for (const c of counters) for (const s of c.serviceIds) servedBy.set(s, (servedBy.get(s) ?? 0) + 1);
    expect([...servedBy.values()].every((n) => n >= 2)).toBe(true);

    const staff = new HallClient(url);
    staff.token = (await staff.login('staff01', staffPassword)).token;
    await staff.signIn(counters[0]!.id);
    const called = await staff.callNext(counters[0]!.id);
    expect(called.ticket?.number).toMatch(/^A\d{3}$/);

    const kiosk = new HallClient(url, { token: kioskToken });
    const t = await kiosk.issueTicket({ serviceId: services[0]!.id });
    expect(t.status).toBe('waiting');
    expect(await stopDemo()).toBe(0);

    // A second start reuses the data and does not seed twice.
    const again = await startDemo();
    const admin2 = new HallClient(again.url);
    admin2.token = (await admin2.login('admin', password)).token;
    expect(await admin2.services()).toHaveLength(6);
    expect((await admin2.ticket(t.id)).number).toBe(t.number);
    expect(await stopDemo()).toBe(0);
  }, 60_000);
});
