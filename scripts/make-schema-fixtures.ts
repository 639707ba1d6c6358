// `node --import tsx scripts/make-schema-fixtures.ts [--only N,M]`: for every schema version up to this code's, a small
// database made by the hall server of the commit that had exactly that schema (tests/fixtures/schemas/v<N>.sqlite),
// which tests/ops/upgrade.test.ts migrates with the current code. A commit fits version N when its MIGRATIONS has N
// entries equal to the first N of today's (the newest such commit); failing that, the newest commit with N entries
// (v1: the first commit, whose migration 1 still had two indexes later dropped in place); failing that (v2 never stood
// alone: it came with 3), the fixture below it brought up with today's migrations. Each commit's tree is unpacked with `git archive`
// into a temporary folder (no worktree is registered), given this project's node_modules, and runs the scenario below
// over HTTP against its own startHallServer: issue, call, complete, rate, no-show, one left waiting.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import Database from 'better-sqlite3';
import { migrate } from '../db/database.ts';
import { MIGRATIONS } from '../db/migrations.ts';

const root = resolve(import.meta.dirname, '..');
const out = join(root, 'tests/fixtures/schemas');
const onlyArg = process.argv.indexOf('--only');
const only = onlyArg > 0 ? new Set(process.argv[onlyArg + 1]!.split(',').map(Number)) : null;

const git = (...args: string[]) => execFileSync('git', args, { cwd: root, encoding: 'utf8', maxBuffer: 64 << 20 });

/** The MIGRATIONS array of db/migrations.ts at `commit` (the file holds only that array). */
async function migrationsAt(commit: string, scratch: string): Promise<readonly string[]> {
  const file = join(scratch, `migrations-${commit}.ts`);
  writeFileSync(file, git('show', `${commit}:db/migrations.ts`));
  return ((await import(pathToFileURL(file).href)) as { MIGRATIONS: readonly string[] }).MIGRATIONS;
}

const SCENARIO = `
import { startHallServer } from './server/hall-server.ts';
const dataDir = process.argv[2];
const hall = await startHallServer({ dataDir, keyFile: dataDir + '-keys/person-hash.key', port: 0, adminPassword: 'fixture-admin-password', log: () => undefined });
const steps = [];
async function call(method, path, token, body, headers = {}) {
  const res = await fetch(hall.url + path, {
    method,
    headers: { ...(body ? { 'content-type': 'application/json' } : {}), ...(token ? { authorization: 'Bearer ' + token } : {}), ...headers },
    body: body ? JSON.stringify(body) : undefined,
  });
  const json = await res.json().catch(() => null);
  steps.push(method + ' ' + path + ' ' + res.status);
  return { status: res.status, body: json };
}
try {
  const admin = (await call('POST', '/api/v1/auth/login', null, { username: 'admin', password: 'fixture-admin-password' })).body.token;
  const service = (await call('POST', '/api/v1/services', admin, { code: 'social', name: '社保业务', prefix: 'A' })).body;
  const counter = (await call('POST', '/api/v1/counters', admin, { number: 1, name: '1号窗口', serviceIds: [service.id] })).body;
  // Later versions want a counter signed into before it calls; earlier ones have no such endpoint.
  await call('POST', '/api/v1/counters/' + counter.id + '/sign-in', admin, {});
  const kiosk = (await call('POST', '/api/v1/devices', admin, { name: '1号取号机', kind: 'kiosk' })).body.token;
  for (let i = 1; i <= 3; i++) {
    const r = await call('POST', '/api/v1/tickets', kiosk, { serviceId: service.id }, { 'idempotency-key': 'fixture-' + i });
    if (r.status !== 201) throw new Error('issue: ' + JSON.stringify(r.body));
  }
  const first = (await call('POST', '/api/v1/counters/' + counter.id + '/call-next', admin, {})).body.ticket;
  if (!first) throw new Error('call-next called nothing');
  await call('POST', '/api/v1/tickets/' + first.id + '/complete', admin, {});
  await call('POST', '/api/v1/tickets/' + first.id + '/rating', admin, { level: 5, comment: '很满意' });
  const second = (await call('POST', '/api/v1/counters/' + counter.id + '/call-next', admin, {})).body.ticket;
  await call('POST', '/api/v1/tickets/' + second.id + '/no-show', admin, {});
  console.log(steps.join('\\n'));
} finally {
  await hall.close();
}
`;

const scratch = mkdtempSync(join(tmpdir(), 'hall-fixtures-'));
try {
  const commits = git('log', '--reverse', '--format=%H', '--', 'db/migrations.ts').trim().split('\n');
  const chosen = new Map<number, string>();
  const sameLength = new Map<number, string>();
  for (const commit of commits) {
    const m = await migrationsAt(commit, scratch);
    sameLength.set(m.length, commit);
    if (m.length <= MIGRATIONS.length && m.every((sql, i) => sql === MIGRATIONS[i])) chosen.set(m.length, commit);
  }
  mkdirSync(out, { recursive: true });
  for (let version = 1; version <= MIGRATIONS.length; version++) {
    if (only && !only.has(version)) continue;
    const target = join(out, `v${version}.sqlite`);
    const commit = chosen.get(version) ?? sameLength.get(version);
    if (!commit) {
      const below = join(out, `v${version - 1}.sqlite`);
      const db = new Database(below, { readonly: true });
      rmSync(target, { force: true });
      db.prepare('VACUUM INTO ?').run(target);
      db.close();
      const up = new Database(target);
      migrate(up, MIGRATIONS.slice(0, version));
      up.close();
      console.log(`v${version}: no commit had this schema alone: ${target} is v${version - 1} with today's migration ${version}`);
      continue;
    }
    const tree = join(scratch, `tree-${version}`);
    mkdirSync(tree);
    execFileSync('sh', ['-c', `git archive ${commit} | tar -x -C ${JSON.stringify(tree)}`], { cwd: root });
    symlinkSync(join(root, 'node_modules'), join(tree, 'node_modules'));
    writeFileSync(join(tree, 'fixture-scenario.ts'), SCENARIO);
    const dataDir = join(scratch, `data-${version}`);
    const r = spawnSync(process.execPath, ['--import', 'tsx', 'fixture-scenario.ts', dataDir], { cwd: tree, encoding: 'utf8' });
    if (r.status !== 0) {
      console.log(`v${version}: the scenario failed at ${commit.slice(0, 10)}:\n${r.stdout}${r.stderr}`);
      continue;
    }
    const db = new Database(join(dataDir, 'hall.sqlite'), { readonly: true });
    const made = db.pragma('user_version', { simple: true }) as number;
    if (made !== version) throw new Error(`v${version}: ${commit} made schema ${made}`);
    rmSync(target, { force: true });
    // VACUUM INTO keeps user_version and leaves no free pages; 512-byte pages keep the many near-empty tables small.
    db.prepare('VACUUM INTO ?').run(target);
    db.close();
    const small = new Database(target);
    small.pragma('page_size = 512');
    small.exec('VACUUM');
    small.close();
    rmSync(tree, { recursive: true, force: true });
    const exact = chosen.get(version) === commit ? '' : " (its earlier migrations differ from today's text)";
    console.log(`v${version}: ${target} from ${commit.slice(0, 10)}${exact} (${git('log', '-1', '--format=%s', commit).trim().slice(0, 80)})`);
  }
} finally {
  rmSync(scratch, { recursive: true, force: true });
}
