// The hall's keys live outside the data directory: HALL_KEY_FILE (or its default beside the data directory), mode 0600,
// with the ID-sealing key beside it; a key an older version left in the data directory moves there once.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { ROOT } from '../../bench/lib.ts';
import { startHallServer } from '../../server/hall-server.ts';

const made: string[] = [];
afterEach(() => {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function tempRoot(): string {
  const root = mkdtempSync(join(tmpdir(), 'hall-keys-'));
  made.push(root);
  return root;
}

const mode = (file: string) => statSync(file).mode & 0o777;

it('creates both keys 0600 in HALL_KEY_FILE’s folder, none in the data directory, and keeps them across restarts', async () => {
  const root = tempRoot();
  const data = join(root, 'data');
  const keyFile = join(root, 'secrets', 'person-hash.key');
  const lines: string[] = [];
  const first = await startHallServer({ dataDir: data, keyFile, port: 0, log: (l) => lines.push(l) });
  const key = first.context.personKeyBase64;
  const sealing = first.context.sealingKey;
  await first.close();
  expect(readFileSync(keyFile, 'utf8').trim()).toBe(key);
  expect(Buffer.from(key, 'base64')).toHaveLength(32);
  expect([mode(keyFile), mode(join(root, 'secrets', 'id-sealing.key')), mode(join(root, 'secrets'))]).toEqual([0o600, 0o600, 0o700]);
  expect(readdirSync(data).filter((f) => f.endsWith('.key'))).toEqual([]);
  expect(lines.join('\n')).toMatch(/created the person-hash key .*back it up apart from the data directory/);

  const again = await startHallServer({ dataDir: data, keyFile, port: 0, log: () => undefined });
  expect([again.context.personKeyBase64, again.context.sealingKey]).toEqual([key, sealing]);
  await again.close();
});

it('defaults to <data>-keys/person-hash.key beside the data directory', async () => {
  const root = tempRoot();
  const hall = await startHallServer({ dataDir: join(root, 'data'), port: 0, log: () => undefined });
  await hall.close();
  expect(readFileSync(join(root, 'data-keys', 'person-hash.key'), 'utf8').trim()).toBe(hall.context.personKeyBase64);
  expect(existsSync(join(root, 'data-keys', 'id-sealing.key'))).toBe(true);
  expect(existsSync(join(root, 'data', 'person-hash.key'))).toBe(false);
});

it('moves the key an older version kept in the data directory once, so the hashes on file keep their key, and says so', async () => {
  const root = tempRoot();
  const data = join(root, 'data');
  mkdirSync(data);
  const oldKey = Buffer.alloc(32, 7).toString('base64');
  writeFileSync(join(data, 'person-hash.key'), oldKey, { mode: 0o644 });
  const keyFile = join(root, 'keys', 'person-hash.key');
  const lines: string[] = [];
  const hall = await startHallServer({ dataDir: data, keyFile, port: 0, log: (l) => lines.push(l) });
  await hall.close();
  expect(hall.context.personKeyBase64).toBe(oldKey);
  expect(existsSync(join(data, 'person-hash.key'))).toBe(false);
  expect([readFileSync(keyFile, 'utf8'), mode(keyFile)]).toEqual([oldKey, 0o600]);
  expect(lines.join('\n')).toContain(`moved the person-hash key from ${join(data, 'person-hash.key')} to ${keyFile}`);
});

it('refuses to start with two different keys, or with HALL_KEY_FILE inside the data directory', async () => {
  const root = tempRoot();
  const data = join(root, 'data');
  const keyFile = join(root, 'keys', 'person-hash.key');
  await (await startHallServer({ dataDir: data, keyFile, port: 0, log: () => undefined })).close();
  writeFileSync(join(data, 'person-hash.key'), Buffer.alloc(32, 9).toString('base64'));
  await expect(startHallServer({ dataDir: data, keyFile, port: 0, log: () => undefined })).rejects.toThrow(/two different person-hash keys/);
  rmSync(join(data, 'person-hash.key'));
  await expect(startHallServer({ dataDir: data, keyFile: join(data, 'k', 'person-hash.key'), port: 0, log: () => undefined })).rejects.toThrow(
    /inside HALL_DATA_DIR/,
  );
});

it('`npm run hall` honours HALL_KEY_FILE', async () => {
  const root = tempRoot();
  const keyFile = join(root, 'etc', 'person-hash.key');
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
    cwd: ROOT,
    env: { ...process.env, HALL_PORT: '0', HALL_DATA_DIR: join(root, 'data'), HALL_KEY_FILE: keyFile },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = new Promise((resolve) => child.once('exit', resolve));
  try {
    await new Promise<void>((resolve, reject) => {
      let out = '';
      const timer = setTimeout(() => reject(new Error('the hall server did not start')), 20_000);
      child.stdout!.on('data', (d: Buffer) => {
        out += d.toString();
        if (out.includes('hall server listening on')) {
          clearTimeout(timer);
          resolve();
        }
      });
    });
    expect(mode(keyFile)).toBe(0o600);
    expect(existsSync(join(root, 'etc', 'id-sealing.key'))).toBe(true);
    expect(existsSync(join(root, 'data-keys'))).toBe(false);
  } finally {
    child.kill('SIGTERM');
    await exited;
  }
});
