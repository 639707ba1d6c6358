// The hall server as a hall runs it: built by scripts/build-server.ts, started as `node dist/server/main.js`.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Agent, fetch as undiciFetch } from 'undici';

export const ROOT = resolve(import.meta.dirname, '..', '..');
export const ADMIN_PASSWORD = 'built-admin-password';

/**
 * Builds the servers as `npm run build` does, into dist/test-<name>-<pid>/ (relative to ROOT; parallel test files
 * must not rebuild under each other's running servers). Returns that folder; remove it with removeBuild.
 */
export function buildServers(name: string): string {
  const out = `dist/test-${name}-${process.pid}`;
  const r = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/build-server.ts', '--out', out], { cwd: ROOT, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`build failed:\n${r.stdout}\n${r.stderr}`);
  return out;
}
export const removeBuild = (out: string) => rmSync(join(ROOT, out), { recursive: true, force: true });

export function tempDir(prefix: string, dirs: string[]): string {
  const d = mkdtempSync(join(tmpdir(), prefix));
  dirs.push(d);
  return d;
}
export const removeDirs = (dirs: string[]) => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
};

export interface BuiltProcess {
  child: ChildProcess;
  url: string;
  stderr(): string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** Starts a built entry (e.g. `${buildServers()}/server/main.js`) and waits for its "listening on" line. */
export function startBuilt(
  entry: string,
  env: Record<string, string>,
  args: string[] = [],
  readyPattern = /listening on (https?:\/\/\S+)/,
): Promise<BuiltProcess> {
  const child = spawn(process.execPath, [entry, ...args], {
    cwd: ROOT,
    // No inherited --import tsx or loader: the built server runs on plain Node.
    env: { PATH: process.env.PATH ?? '', HALL_PORT: '0', HALL_HOST: '127.0.0.1', HALL_ADMIN_PASSWORD: ADMIN_PASSWORD, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let err = '';
  child.stderr!.setEncoding('utf8').on('data', (d: string) => (err += d));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((r) => child.once('exit', (code, signal) => r({ code, signal })));
  return new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${entry} did not start; stderr:\n${err}`));
    }, 30_000);
    void exited.then(({ code }) => {
      clearTimeout(timer);
      reject(new Error(`${entry} exited with ${code} before it was ready; stderr:\n${err}`));
    });
    child.stdout!.setEncoding('utf8').on('data', (d: string) => {
      out += d;
      const m = readyPattern.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve({ child, url: m[1]!, stderr: () => err, exited });
      }
    });
  });
}

/** One JSON request; `ca` trusts a test certificate authority for https. */
export async function call<T = Record<string, unknown>>(
  baseUrl: string,
  method: string,
  path: string,
  options: { token?: string; body?: unknown; ca?: string | Buffer; headers?: Record<string, string> } = {},
): Promise<{ status: number; body: T; text: string }> {
  const dispatcher = options.ca ? new Agent({ connect: { ca: options.ca } }) : undefined;
  try {
    const res = await undiciFetch(baseUrl + path, {
      method,
      ...(dispatcher ? { dispatcher } : {}),
      headers: {
        ...(options.body !== undefined ? { 'content-type': 'application/json' } : {}),
        ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
        ...options.headers,
      },
      ...(options.body !== undefined ? { body: JSON.stringify(options.body) } : {}),
    });
    const text = await res.text();
    let body: unknown = text;
    try {
      body = JSON.parse(text);
    } catch {
      /* keep the text (metrics) */
    }
    return { status: res.status, body: body as T, text };
  } finally {
    await dispatcher?.close();
  }
}

/** Signs in as admin, adds a service and a kiosk device; returns their tokens and ids. */
export async function seedHall(url: string, ca?: string) {
  const o = ca ? { ca } : {};
  const login = await call<{ token: string }>(url, 'POST', '/api/v1/auth/login', { ...o, body: { username: 'admin', password: ADMIN_PASSWORD } });
  if (login.status !== 200) throw new Error(`login: ${login.status} ${login.text}`);
  const adminToken = login.body.token;
  const service = await call<{ id: string }>(url, 'POST', '/api/v1/services', {
    ...o,
    token: adminToken,
    body: { code: 'svc-a', name: '社保业务', prefix: 'A' },
  });
  const kiosk = await call<{ token: string }>(url, 'POST', '/api/v1/devices', { ...o, token: adminToken, body: { name: 'kiosk 1', kind: 'kiosk' } });
  return { adminToken, serviceId: service.body.id, kioskToken: kiosk.body.token };
}

export function stopProcess(p: BuiltProcess, signal: NodeJS.Signals = 'SIGTERM') {
  if (p.child.exitCode === null && p.child.signalCode === null) p.child.kill(signal);
  return p.exited;
}
