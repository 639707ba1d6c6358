// Shared by the benchmark and the crash test: the hall server as a real child process, a lean HTTP
// client over keep-alive sockets, hall setup through the public API, and /proc readings.
import { spawn, type ChildProcess } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { Agent, request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { connect, type Socket } from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
export const ADMIN_PASSWORD = 'bench-admin-password';

// ── the server as a child process ───────────────────────────────────────

export interface ServerProcess {
  child: ChildProcess;
  pid: number;
  url: string;
  port: number;
  /** Everything the server wrote to stderr, for failure messages. */
  stderr(): string;
  /** Resolves once the process has exited, with its code or signal. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** SIGTERM, then wait for the exit (SIGKILL after `graceMs`). */
  stop(graceMs?: number): Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** SIGKILL now: the crash. */
  kill(): void;
}

const live = new Set<ChildProcess>();
let exitHookInstalled = false;
function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  // Whatever happens to the parent, no hall server outlives it.
  process.on('exit', () => {
    for (const c of live) c.kill('SIGKILL');
  });
}

export interface StartServerOptions {
  dataDir: string;
  adminPassword?: string;
  env?: Record<string, string>;
  /** Extra node flags, e.g. ['--cpu-prof', '--cpu-prof-dir=/tmp/prof']. */
  nodeArgs?: string[];
  timeoutMs?: number;
}

export function startServer(options: StartServerOptions): Promise<ServerProcess> {
  installExitHook();
  const child = spawn(process.execPath, [...(options.nodeArgs ?? []), '--import', 'tsx', 'server/main.ts'], {
    cwd: ROOT,
    env: {
      ...process.env,
      HALL_PORT: '0',
      HALL_HOST: '127.0.0.1',
      HALL_DATA_DIR: options.dataDir,
      HALL_ADMIN_PASSWORD: options.adminPassword ?? ADMIN_PASSWORD,
      ...options.env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  live.add(child);
  let err = '';
  child.stderr!.setEncoding('utf8');
  child.stderr!.on('data', (d: string) => {
    err = (err + d).slice(-20_000);
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.once('exit', (code, signal) => {
      live.delete(child);
      resolve({ code, signal });
    });
  });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`hall server did not start within ${options.timeoutMs ?? 20_000} ms; stderr:\n${err}`));
    }, options.timeoutMs ?? 20_000);
    let out = '';
    child.stdout!.setEncoding('utf8');
    child.stdout!.on('data', (d: string) => {
      out += d;
      const m = /hall server listening on (http:\/\/\S+?):(\d+)\s/.exec(out);
      if (m && timer) {
        clearTimeout(timer);
        out = '';
        const port = Number(m[2]);
        resolve({
          child,
          pid: child.pid!,
          url: `${m[1]}:${port}`,
          port,
          stderr: () => err,
          exited,
          async stop(graceMs = 15_000) {
            if (child.exitCode !== null || child.signalCode !== null) return exited;
            child.kill('SIGTERM');
            const t = setTimeout(() => child.kill('SIGKILL'), graceMs);
            const r = await exited;
            clearTimeout(t);
            return r;
          },
          kill() {
            child.kill('SIGKILL');
          },
        });
      }
    });
    void exited.then(({ code, signal }) => {
      clearTimeout(timer);
      reject(new Error(`hall server exited before it was ready (code ${code}, signal ${signal}); stderr:\n${err}`));
    });
  });
}

// ── HTTP ────────────────────────────────────────────────────────────────

export interface HttpReply<T = unknown> {
  status: number;
  body: T;
  headers: IncomingHttpHeaders;
}

export const keepAliveAgent = (maxSockets: number): Agent => new Agent({ keepAlive: true, maxSockets, maxFreeSockets: maxSockets });

/**
 * One request; resolves with the status once the whole response is in, rejects on any transport error
 * (refused, reset, cut-off response). A 2xx reply is an acknowledgement; a rejection is not.
 */
export function http<T = unknown>(
  agent: Agent,
  baseUrl: string,
  method: string,
  path: string,
  options: { token?: string | undefined; body?: unknown; headers?: Record<string, string>; timeoutMs?: number } = {},
): Promise<HttpReply<T>> {
  const url = new URL(path, baseUrl);
  const payload = options.body === undefined ? undefined : JSON.stringify(options.body);
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      {
        agent,
        host: url.hostname,
        port: url.port,
        method,
        path: url.pathname + url.search,
        headers: {
          ...(payload !== undefined ? { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(payload)) } : {}),
          ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
          ...options.headers,
        },
        timeout: options.timeoutMs ?? 20_000,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('error', reject);
        res.on('aborted', () => reject(new Error('response aborted')));
        res.on('end', () => {
          if (!res.complete) return reject(new Error('response cut off'));
          const text = Buffer.concat(chunks).toString('utf8');
          let body: unknown = text;
          try {
            body = text ? JSON.parse(text) : undefined;
          } catch {
            /* keep the text */
          }
          resolve({ status: res.statusCode ?? 0, body: body as T, headers: res.headers });
        });
      },
    );
    req.on('timeout', () => req.destroy(new Error('request timed out')));
    req.on('error', reject);
    req.end(payload);
  });
}

/** Like `http`, but a non-2xx status throws with the server's error body. */
export async function api<T = unknown>(
  agent: Agent,
  baseUrl: string,
  method: string,
  path: string,
  options: { token?: string | undefined; body?: unknown; headers?: Record<string, string> } = {},
): Promise<T> {
  const r = await http<T>(agent, baseUrl, method, path, options);
  if (r.status < 200 || r.status >= 300) throw new Error(`${method} ${path} → ${r.status} ${JSON.stringify(r.body)}`);
  return r.body;
}

/**
 * One kiosk's keep-alive connection for the load: a request at a time, the reply read by its Content-Length.
 * It costs the load generator a fraction of node:http's client CPU, and on 2 cores that CPU is the server's.
 */
const CONTENT_LENGTH = /\r\ncontent-length:[ \t]*(\d+)/i;

export class LoadConnection {
  /** Bytes of a reply that came in more than one read. */
  private partial: Buffer | null = null;
  private waiter: { resolve(r: { status: number; body: Buffer }): void; reject(e: Error): void } | null = null;
  private socket!: Socket;

  private constructor() {}

  static open(baseUrl: string): Promise<LoadConnection> {
    const url = new URL(baseUrl);
    const c = new LoadConnection();
    return new Promise((resolve, reject) => {
      // Reads land in one reused buffer, handed straight to onRead: no stream and no 'data' event per reply.
      const buffer = Buffer.alloc(64 * 1024);
      const onread = { buffer, callback: (n: number) => c.onRead(buffer.subarray(0, n)) };
      const socket = connect({ port: Number(url.port), host: url.hostname, onread }, () => {
        socket.off('error', reject);
        socket.on('error', (e) => c.fail(e));
        socket.on('close', () => c.fail(new Error('connection closed before the reply')));
        resolve(c);
      });
      socket.setNoDelay(true);
      socket.once('error', reject);
      c.socket = socket;
    });
  }

  /** Sends one request (`head`: the header lines, each ending in CRLF); resolves with the status and raw body. */
  request(method: string, path: string, head: string, body = ''): Promise<{ status: number; body: Buffer }> {
    if (this.waiter) return Promise.reject(new Error('one request at a time on a load connection'));
    return new Promise((resolve, reject) => {
      this.waiter = { resolve, reject };
      this.socket.write(`${method} ${path} HTTP/1.1\r\nhost: load\r\ncontent-length: ${Buffer.byteLength(body)}\r\n${head}\r\n${body}`);
    });
  }

  close(): void {
    this.socket.destroy();
  }

  private fail(error: Error): void {
    const w = this.waiter;
    this.waiter = null;
    w?.reject(error);
  }

  /** `chunk` lies in the reused read buffer: whatever outlives this call is copied. */
  private onRead(chunk: Buffer): boolean {
    const data = this.partial ? Buffer.concat([this.partial, chunk]) : chunk;
    this.partial = null;
    const end = data.indexOf('\r\n\r\n');
    if (end < 0) {
      this.partial = Buffer.from(data);
      return true;
    }
    const head = data.toString('latin1', 0, end);
    const length = CONTENT_LENGTH.exec(head);
    if (!length) {
      this.socket.destroy(new Error(`reply without Content-Length: ${head.split('\r\n')[0]}`));
      return false;
    }
    const total = end + 4 + parseInt(length[1]!, 10);
    if (data.length < total) {
      this.partial = Buffer.from(data);
      return true;
    }
    if (data.length > total) {
      this.socket.destroy(new Error('reply bytes beyond the one request in flight'));
      return false;
    }
    const reply = { status: parseInt(head.slice(9, 12), 10), body: Buffer.from(data.subarray(end + 4, total)) };
    const w = this.waiter;
    this.waiter = null;
    w?.resolve(reply);
    return true;
  }
}

// ── a hall to work on ───────────────────────────────────────────────────

export interface HallSetup {
  adminToken: string;
  kioskToken: string;
  /** One per service: id and prefix. */
  services: { id: string; prefix: string }[];
  /** Each counter serves every service; `staffToken` is the member of staff signed in to it. */
  counters: { id: string; number: number; staffToken: string }[];
  displayToken: string;
}

export async function setupHall(
  baseUrl: string,
  opts: { prefixes: string[]; counters: number; adminPassword?: string; counterServices?: (i: number, serviceIds: string[]) => string[] },
): Promise<HallSetup> {
  const agent = keepAliveAgent(8);
  try {
    const login = await api<{ token: string }>(agent, baseUrl, 'POST', '/api/v1/auth/login', {
      body: { username: 'admin', password: opts.adminPassword ?? ADMIN_PASSWORD },
    });
    const adminToken = login.token;
    const as = (method: string, path: string, body?: unknown, token = adminToken) =>
      api<Record<string, unknown>>(agent, baseUrl, method, path, { token, body });
    const services: HallSetup['services'] = [];
    for (const prefix of opts.prefixes) {
      const s = await as('POST', '/api/v1/services', { code: `svc-${prefix}`, name: `业务 ${prefix}`, prefix });
      services.push({ id: String(s.id), prefix });
    }
    const kiosk = await as('POST', '/api/v1/devices', { name: 'kiosk 1', kind: 'kiosk' });
    const display = await as('POST', '/api/v1/devices', { name: 'display 1', kind: 'display' });
    const ids = services.map((s) => s.id);
    const counters: HallSetup['counters'] = [];
    for (let i = 0; i < opts.counters; i++) {
      const c = await as('POST', '/api/v1/counters', { number: i + 1, serviceIds: opts.counterServices?.(i, ids) ?? ids });
      const username = `staff${i + 1}`;
      await as('POST', '/api/v1/users', { username, password: 'staff-password', role: 'staff' });
      const { token } = await api<{ token: string }>(agent, baseUrl, 'POST', '/api/v1/auth/login', {
        body: { username, password: 'staff-password' },
      });
      await as('POST', `/api/v1/counters/${String(c.id)}/sign-in`, undefined, token);
      counters.push({ id: String(c.id), number: i + 1, staffToken: token });
    }
    return { adminToken, kioskToken: String(kiosk.token), displayToken: String(display.token), services, counters };
  } finally {
    agent.destroy();
  }
}

// ── /proc and figures ───────────────────────────────────────────────────

/** Resident set size of a process in KiB, from /proc/<pid>/status. */
export function rssKiB(pid: number): number {
  const m = /VmRSS:\s+(\d+)\s+kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  if (!m) throw new Error(`no VmRSS for pid ${pid}`);
  return Number(m[1]);
}

/** User + system CPU time of a process in seconds, from /proc/<pid>/stat. */
export function cpuSeconds(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // fields[0] is field 3 (state); utime and stime are fields 14 and 15.
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

/** User + system CPU seconds of each thread of a process, by thread id, from /proc/<pid>/task. */
export function threadCpuSeconds(pid: number): Map<number, number> {
  const threads = new Map<number, number>();
  for (const tid of readdirSync(`/proc/${pid}/task`)) {
    try {
      const stat = readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      threads.set(Number(tid), (Number(fields[11]) + Number(fields[12])) / 100);
    } catch {
      /* the thread ended */
    }
  }
  return threads;
}

export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return NaN;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i]!;
}

export const fmt = (n: number, digits = 0): string => n.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
