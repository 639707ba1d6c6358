// `kill <pid of npm>` as a service manager sends it: `npm run hall` and `npm start` stop with every process they
// started (node, the writer thread's process, socat), and their ports are free again. Also: a taken KIOSK_PORT is said.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';

const dirs: string[] = [];
const started: ChildProcess[] = [];
const held: Server[] = [];
/** Every process seen in a tree, killed at the end should the test fail and leave one behind. */
const seen = new Set<number>();

afterEach(async () => {
  for (const s of held.splice(0)) await new Promise((r) => s.close(r));
});
afterAll(() => {
  for (const c of started) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
  for (const pid of seen) if (alive(pid)) process.kill(pid, 'SIGKILL');
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

const tempDir = () => {
  const d = mkdtempSync(join(tmpdir(), 'hall-signals-'));
  dirs.push(d);
  return d;
};

/** pid → [parent pid, state, command name], read from /proc. */
function processTable(): Map<number, { ppid: number; state: string; comm: string }> {
  const table = new Map<number, { ppid: number; state: string; comm: string }>();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      const close = stat.lastIndexOf(')');
      const [state, ppid] = stat.slice(close + 2).split(' ');
      table.set(Number(name), { ppid: Number(ppid), state: state!, comm: stat.slice(stat.indexOf('(') + 1, close) });
    } catch {
      // gone while we looked
    }
  }
  return table;
}

function descendants(root: number): { pid: number; comm: string }[] {
  const table = processTable();
  const found: { pid: number; comm: string }[] = [];
  const walk = (pid: number) => {
    for (const [child, p] of table) {
      if (p.ppid === pid) {
        found.push({ pid: child, comm: p.comm });
        walk(child);
      }
    }
  };
  walk(root);
  for (const p of found) seen.add(p.pid);
  return found;
}

function alive(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat[stat.lastIndexOf(')') + 2] !== 'Z';
  } catch {
    return false;
  }
}

function portFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = createServer();
    s.once('error', () => resolve(false));
    s.listen(port, '127.0.0.1', () => s.close(() => resolve(true)));
  });
}

async function holdPort(): Promise<number> {
  const s = createServer();
  held.push(s);
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  return (s.address() as { port: number }).port;
}

function npm(
  script: string,
  env: Record<string, string>,
): { child: ChildProcess; output: () => string; line: (re: RegExp, ms: number) => Promise<RegExpExecArray> } {
  const child = spawn('npm', ['run', script], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  started.push(child);
  let out = '';
  child.stdout!.on('data', (c: Buffer) => (out += c.toString()));
  child.stderr!.on('data', (c: Buffer) => (out += c.toString()));
  const line = (re: RegExp, ms: number) =>
    new Promise<RegExpExecArray>((resolve, reject) => {
      const timer = setInterval(() => {
        const m = re.exec(out);
        if (m) {
          clearInterval(timer);
          clearTimeout(limit);
          resolve(m);
        }
      }, 50);
      const limit = setTimeout(() => {
        clearInterval(timer);
        reject(new Error(`no ${re} within ${ms} ms:\n${out}`));
      }, ms);
    });
  return { child, output: () => out, line };
}

async function untilGone(pids: number[], ms: number): Promise<number[]> {
  const deadline = Date.now() + ms;
  let left = pids;
  while (Date.now() < deadline) {
    left = pids.filter(alive);
    if (left.length === 0) return [];
    await new Promise((r) => setTimeout(r, 100));
  }
  return left;
}

describe('SIGTERM to npm', () => {
  it('npm run hall: the hall stops cleanly, no process is left, the port is free', async () => {
    const run = npm('hall', { HALL_PORT: '0', HALL_DATA_DIR: tempDir() });
    const port = Number((await run.line(/hall server listening on http:\/\/127\.0\.0\.1:(\d+)/, 30_000))[1]);
    const tree = descendants(run.child.pid!);
    expect(tree.map((p) => p.comm)).toContain('node');
    const exited = new Promise<number | null>((r) => run.child.once('exit', (code) => r(code)));
    process.kill(run.child.pid!, 'SIGTERM');
    expect(
      await untilGone(
        tree.map((p) => p.pid),
        10_000,
      ),
      run.output(),
    ).toEqual([]);
    await exited;
    expect(run.output()).toContain('SIGTERM: finishing requests and closing the database');
    expect(await portFree(port)).toBe(true);
  }, 60_000);

  it('npm start: hall, kiosk agent, simulator and socat all stop; a taken kiosk port is said, with the port used instead', async () => {
    const taken = await holdPort();
    const run = npm('start', { HALL_PORT: '0', HALL_DATA_DIR: tempDir(), KIOSK_PORT: String(taken) });
    const port = Number((await run.line(/hall server listening on http:\/\/127\.0\.0\.1:(\d+)/, 240_000))[1]);
    const moved = new RegExp(`port ${taken} for the kiosk agent is taken .*uses port (\\d+) instead; set KIOSK_PORT`).exec(run.output());
    expect(moved, run.output()).not.toBeNull();
    const agentPort = Number(moved![1]);
    expect(run.output()).toContain(`kiosk agent        http://127.0.0.1:${agentPort}   (port ${taken} was taken)`);
    expect((await fetch(`http://127.0.0.1:${agentPort}/local/status`)).status).toBe(200);
    const simulatorUrl = /device simulator\s+(http\S+)/.exec(run.output())![1]!;
    const tree = descendants(run.child.pid!);
    // Two pty pairs: the ID reader's and the printer's.
    expect(tree.filter((p) => p.comm === 'socat')).toHaveLength(2);
    process.kill(run.child.pid!, 'SIGTERM');
    expect(
      await untilGone(
        tree.map((p) => p.pid),
        15_000,
      ),
      run.output(),
    ).toEqual([]);
    expect(run.output()).toContain('SIGTERM: stopping the demo hall');
    expect(await portFree(port)).toBe(true);
    expect(await portFree(agentPort)).toBe(true);
    expect(await portFree(Number(new URL(simulatorUrl).port))).toBe(true);
  }, 300_000);
});

describe('npm run kiosk:agent with KIOSK_PORT taken', () => {
  it('names the port and what to do, and exits non-zero', async () => {
    const taken = await holdPort();
    const run = npm('kiosk:agent', {
      KIOSK_PORT: String(taken),
      KIOSK_TOKEN: 'not-a-real-token',
      KIOSK_SERVER_URL: 'http://127.0.0.1:9',
      KIOSK_DATA_DIR: tempDir(),
    });
    const code = await new Promise<number | null>((r) => run.child.once('exit', (c) => r(c)));
    expect(code).not.toBe(0);
    expect(run.output()).toContain(`port ${taken} on 127.0.0.1 is taken`);
    expect(run.output()).toContain('KIOSK_PORT=');
    expect(run.output()).not.toContain('kiosk agent listening');
  }, 60_000);
});
