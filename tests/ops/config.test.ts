// The hall server's config file (HALL_CONFIG / --config): a bad file stops the start naming the key and what to put
// there; a good one configures the server, paths relative to the file, and the environment wins over it.
import { spawn } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { configPath, readConfigFile } from '../../server/config.ts';
import { ROOT, call, removeDirs, tempDir } from '../helpers/built-hall.ts';

const dirs: string[] = [];
afterEach(() => removeDirs(dirs));

const writeConfig = (dir: string, config: unknown) => {
  const file = join(dir, 'hall.json');
  writeFileSync(file, typeof config === 'string' ? config : JSON.stringify(config));
  return file;
};

/** `npm run hall` with the given arguments and environment: its ready URL, or its exit code and stderr. */
function runHall(args: string[], env: Record<string, string>) {
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts', ...args], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout.setEncoding('utf8').on('data', (d: string) => (out += d));
  child.stderr.setEncoding('utf8').on('data', (d: string) => (err += d));
  const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
  const ready = new Promise<{ url: string } | { code: number | null; stderr: string }>((resolve) => {
    child.stdout.on('data', () => {
      const m = /listening on (\S+)/.exec(out);
      if (m) resolve({ url: m[1]! });
    });
    void exited.then((code) => resolve({ code, stderr: err }));
  });
  return { ready, stop: () => (child.kill('SIGTERM'), exited) };
}

describe('config file', () => {
  it('is found by --config, --config=, then HALL_CONFIG', () => {
    expect(configPath(['node', 'main', '--config', 'a.json'], { HALL_CONFIG: 'b.json' })).toBe('a.json');
    expect(configPath(['node', 'main', '--config=c.json'], {})).toBe('c.json');
    expect(configPath(['node', 'main'], { HALL_CONFIG: 'b.json' })).toBe('b.json');
    expect(configPath(['node', 'main'], {})).toBeUndefined();
  });

  it('names the key and what to fix: unknown keys, wrong types, bad JSON, a missing file', () => {
    const dir = tempDir('hall-config-', dirs);
    const problems = (config: unknown) => {
      const r = readConfigFile(writeConfig(dir, config), {});
      return r.ok ? [] : r.problems;
    };
    expect(problems({ prot: 8080 })).toEqual([expect.stringMatching(/unknown key "prot": the keys are port, host, dataDir/)]);
    expect(problems({ port: '80a' })).toEqual([expect.stringMatching(/"port" \(as HALL_PORT\): .*number/)]);
    expect(problems({ port: 70000, metricsToken: 'short' })).toEqual([
      expect.stringMatching(/"port" \(as HALL_PORT\): .*65535/),
      expect.stringMatching(/"metricsToken" \(as HALL_METRICS_TOKEN\): .*at least 16 characters/),
    ]);
    expect(problems({ logLevel: 'loud' })).toEqual([expect.stringMatching(/"logLevel" \(as HALL_LOG_LEVEL\): .*"info"/)]);
    expect(problems('{"port": 8080,}')).toEqual([expect.stringMatching(/is not valid JSON .*check quotes and commas/)]);
    const missing = readConfigFile(join(dir, 'none.json'), {});
    expect(missing.ok ? [] : missing.problems).toEqual([expect.stringMatching(/none\.json cannot be read .*ENOENT.*check the path/)]);
  });

  it('turns keys into HALL_* variables the environment has not set, paths relative to the file', () => {
    const dir = tempDir('hall-config-', dirs);
    const file = writeConfig(dir, {
      port: 9000,
      dataDir: 'data',
      insecureLan: true,
      districtUrl: ['https://a.example', 'https://b.example'],
      hallName: '文件',
    });
    const r = readConfigFile(file, { HALL_NAME: '环境' });
    expect(r).toEqual({
      ok: true,
      env: { HALL_PORT: '9000', HALL_DATA_DIR: join(dir, 'data'), HALL_INSECURE_LAN: '1', HALL_DISTRICT_URL: 'https://a.example,https://b.example' },
    });
  });

  it('a hall refuses to start on a bad file with one JSON line per problem, and starts from a good one with the environment winning', async () => {
    const dir = tempDir('hall-config-', dirs);
    const bad = runHall(['--config', writeConfig(dir, { port: 0, tlsCert: 12 })], {});
    const refused = await bad.ready;
    expect(refused).toMatchObject({ code: 2 });
    const lines = (refused as { stderr: string }).stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0]!)).toMatchObject({ level: 'fatal', msg: expect.stringMatching(/"tlsCert" \(as HALL_TLS_CERT\): .*string/) });

    const file = writeConfig(dir, {
      port: 0,
      host: '127.0.0.1',
      dataDir: 'hall-data',
      adminPassword: 'config-admin-pw',
      metricsToken: 'file-scrape-token-0123',
    });
    const hall = runHall([], { HALL_CONFIG: file, HALL_METRICS_TOKEN: 'env-scrape-token-4567' });
    const started = await hall.ready;
    expect(started, JSON.stringify(started)).toHaveProperty('url');
    const { url } = started as { url: string };
    try {
      expect(existsSync(join(dir, 'hall-data', 'hall.sqlite'))).toBe(true);
      expect((await call(url, 'POST', '/api/v1/auth/login', { body: { username: 'admin', password: 'config-admin-pw' } })).status).toBe(200);
      expect((await call(url, 'GET', '/metrics', { token: 'env-scrape-token-4567' })).status).toBe(200);
      expect((await call(url, 'GET', '/metrics', { token: 'file-scrape-token-0123' })).status).toBe(401);
    } finally {
      expect(await hall.stop()).toBe(0);
    }
  }, 60_000);
});
