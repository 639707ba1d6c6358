// A throw-away cluster goes with the process that made it, however that process ends: a test runner's SIGKILL during
// initdb or while the server runs leaves no /tmp/district-pg-* folder (39 MB each) and no postgres behind.
import { spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { startPgCluster } from '../../district/pg-cluster.ts';
import { waitFor } from './district-helpers.ts';

// The child's temp dir: only its clusters land here (other tests on the machine make their own).
const parent = mkdtempSync(join(tmpdir(), 'pg-cluster-owner-'));
// PostgreSQL runs as its own user when we are root: it must reach the cluster dir inside.
chmodSync(parent, 0o755);
afterAll(() => rmSync(parent, { recursive: true, force: true }));

/** A process that starts a cluster with TMPDIR = `parent`; resolves with its output so far once `ready` matches. */
function owner() {
  const child = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      '-e',
      "const c = await (await import('./district/pg-cluster.ts')).startPgCluster(); console.log(`cluster ${c.port} ${c.dir}`); setInterval(() => {}, 1000);",
    ],
    { env: { ...process.env, TMPDIR: parent }, stdio: ['ignore', 'pipe', 'inherit'] },
  );
  let out = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  return { child, output: () => out };
}

/** Cluster folders in the child's temp dir (tsx keeps its cache there too). */
const clusters = () => readdirSync(parent).filter((d) => d.startsWith('district-pg-'));

const portOpen = (port: number) =>
  new Promise<boolean>((resolve) => {
    const s = connect(port, '127.0.0.1');
    s.once('connect', () => (s.destroy(), resolve(true)));
    s.once('error', () => resolve(false));
  });

it('SIGKILL of the owner while the server runs: the server stops and the folder goes', async () => {
  const o = owner();
  await waitFor(() => /cluster \d+/.test(o.output()), 'the cluster to start', 90_000);
  const [, port, dir] = /cluster (\d+) (\S+)/.exec(o.output())!;
  expect(dir!.startsWith(parent)).toBe(true);
  expect(await portOpen(Number(port))).toBe(true);
  o.child.kill('SIGKILL');
  await waitFor(async () => !existsSync(dir!) && !(await portOpen(Number(port))), 'the folder to go and the server to stop', 30_000);
}, 150_000);

it('SIGKILL of the owner during initdb: nothing is left', async () => {
  const o = owner();
  // initdb is writing once its data folder has files.
  await waitFor(() => clusters().some((d) => existsSync(join(parent, d, 'data', 'PG_VERSION'))), 'initdb to be under way', 60_000);
  o.child.kill('SIGKILL');
  await waitFor(() => clusters().length === 0, 'the half-made cluster folder to go', 30_000);
  // And it stays gone (no orphaned initdb re-creating it).
  await new Promise((r) => setTimeout(r, 3000));
  expect(clusters()).toEqual([]);
}, 120_000);

it('a normal stop removes the folder and ends the watcher', async () => {
  const cluster = await startPgCluster();
  expect(existsSync(cluster.dir)).toBe(true);
  await cluster.stop();
  expect(existsSync(cluster.dir)).toBe(false);
}, 90_000);
