// A real, private cupsd for tests and the bench: its own ServerRoot, spool, logs and port in a temp dir, CUPS-PDF queues whose
// output lands in that dir. Runs as root (as here and in CI): the cups-pdf backend is root-only (mode 0700) and reads its
// configuration only from /etc/cups, so each queue gets /etc/cups/cups-pdf-<instance>.conf (a unique name, removed on stop).
import { spawn, execFile, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const CUPS_PDF_CONF_DIR = '/etc/cups';

export interface CupsQueueOptions {
  /** `abort-job` (default here: a failing backend fails the job) or CUPS's `stop-printer`. */
  errorPolicy?: 'abort-job' | 'stop-printer' | 'retry-job';
  /** A backend that fails every job: cups-pdf pointed at an output directory it cannot create. */
  failing?: boolean;
}

export interface CupsServer {
  port: number;
  /** http://127.0.0.1:PORT — the agent's `cupsUrl`. */
  url: string;
  dir: string;
  /** Where the CUPS-PDF queues write their PDFs. */
  outDir: string;
  addPdfQueue(name: string, options?: CupsQueueOptions): Promise<void>;
  /** `cupsdisable` (the queue stops, jobs wait) and `cupsenable`. */
  disable(queue: string, reason?: string): Promise<void>;
  enable(queue: string): Promise<void>;
  /** Sets printer-state-reasons as a driver would report them (media-empty-error, media-jam-error, door-open-error …). */
  setReasons(queue: string, reasons: string[]): Promise<void>;
  /** PDFs in the output dir, oldest first. */
  outputs(): string[];
  /** Waits for a new PDF in the output dir (one not in `known`). */
  waitForOutput(known: string[], timeoutMs?: number): Promise<string>;
  /** Jobs still held by CUPS (not completed, canceled or aborted). */
  activeJobs(queue: string): Promise<string[]>;
  /** Files of jobs in the spool (d* document files): a finished job leaves none. */
  spooledDocuments(): string[];
  /** Stops cupsd (the port closes); `start()` brings it back on the same port with the same queues. */
  kill(): Promise<void>;
  start(): Promise<void>;
  stop(): Promise<void>;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** True where a private cupsd with CUPS-PDF can run: root, cupsd and the cups-pdf backend installed. */
export function cupsAvailable(): boolean {
  return process.getuid?.() === 0 && existsSync('/usr/sbin/cupsd') && existsSync('/usr/lib/cups/backend/cups-pdf');
}

export async function startCups(): Promise<CupsServer> {
  if (!cupsAvailable()) throw new Error('a private cupsd needs root, cupsd and printer-driver-cups-pdf (see scripts/prerequisites.ts)');
  const dir = mkdtempSync(join(tmpdir(), 'hall-cups-'));
  const d = (name: string) => join(dir, name);
  // cupsd runs filters as lp: every directory on the way must be traversable.
  chmodSync(dir, 0o755);
  for (const sub of ['root', 'spool', 'spool/tmp', 'log', 'cache', 'state', 'out']) {
    mkdirSync(d(sub), { recursive: true });
    chmodSync(d(sub), 0o755);
  }
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const host = `127.0.0.1:${port}`;
  writeFileSync(
    d('root/cups-files.conf'),
    [
      `ServerRoot ${d('root')}`,
      `RequestRoot ${d('spool')}`,
      `TempDir ${d('spool/tmp')}`,
      `CacheDir ${d('cache')}`,
      `StateDir ${d('state')}`,
      `Printcap ${d('state/printcap')}`,
      `AccessLog ${d('log/access_log')}`,
      `ErrorLog ${d('log/error_log')}`,
      `PageLog ${d('log/page_log')}`,
      'User lp',
      'Group lp',
      'SystemGroup root',
      '',
    ].join('\n'),
    { mode: 0o644 },
  );
  // Loopback only, no authentication: the tests administer their own cupsd with lpadmin -h.
  writeFileSync(
    d('root/cupsd.conf'),
    [
      `Listen 127.0.0.1:${port}`,
      'LogLevel info',
      'Browsing No',
      'WebInterface No',
      'DefaultAuthType None',
      '<Location />',
      '  Order allow,deny',
      '  Allow 127.0.0.1',
      '</Location>',
      '<Policy default>',
      '  JobPrivateAccess all',
      '  JobPrivateValues none',
      '  SubscriptionPrivateAccess all',
      '  SubscriptionPrivateValues none',
      '  <Limit All>',
      '    Order deny,allow',
      '  </Limit>',
      '</Policy>',
      '',
    ].join('\n'),
    { mode: 0o644 },
  );

  const confFiles: string[] = [];
  let child: ChildProcess | null = null;

  const waitForPort = async () => {
    const until = Date.now() + 10_000;
    for (;;) {
      try {
        const res = await fetch(`${url}/`, { signal: AbortSignal.timeout(1000) });
        await res.arrayBuffer();
        return;
      } catch {
        if (Date.now() > until) throw new Error(`cupsd did not answer on ${url}: see ${d('log/error_log')}`);
        if (child?.exitCode !== null && child?.exitCode !== undefined) throw new Error(`cupsd exited (${child.exitCode}): see ${d('log/error_log')}`);
        await new Promise((r) => setTimeout(r, 100));
      }
    }
  };

  // A test process that ends without stop() (a timeout, an exception in a hook) leaves no cupsd and no conf file behind.
  const onExit = () => {
    child?.kill('SIGTERM');
    for (const conf of confFiles) rmSync(conf, { force: true });
    rmSync(dir, { recursive: true, force: true });
  };
  process.once('exit', onExit);

  const start = async () => {
    child = spawn('/usr/sbin/cupsd', ['-f', '-c', d('root/cupsd.conf'), '-s', d('root/cups-files.conf')], { stdio: 'ignore' });
    await waitForPort();
  };

  const kill = async () => {
    const c = child;
    child = null;
    if (!c || c.exitCode !== null) return;
    await new Promise<void>((resolve) => {
      c.once('exit', () => resolve());
      c.kill('SIGTERM');
    });
  };

  const lpadmin = (...args: string[]) => run('/usr/sbin/lpadmin', ['-h', host, ...args]);

  const ippTest = (queue: string, body: string) => {
    const file = d(`op-${randomBytes(4).toString('hex')}.test`);
    writeFileSync(file, `{\n${body}\n}\n`);
    return run('/usr/bin/ipptool', [`ipp://${host}/printers/${queue}`, file]).finally(() => rmSync(file, { force: true }));
  };

  await start();

  const server: CupsServer = {
    port,
    url,
    dir,
    outDir: d('out'),
    async addPdfQueue(name, options = {}) {
      const instance = `hall${randomBytes(5).toString('hex')}`;
      const conf = join(CUPS_PDF_CONF_DIR, `cups-pdf-${instance}.conf`);
      // A plain file where cups-pdf wants a directory: the backend cannot write, the job fails.
      const out = options.failing ? d('out-blocked/pdf') : d('out');
      if (options.failing) writeFileSync(d('out-blocked'), '');
      writeFileSync(conf, [`Out ${out}`, `AnonDirName ${out}`, `Spool ${d('spool/cups-pdf')}`, `Log ${d('log')}`, 'UserUMask 0077', ''].join('\n'), {
        mode: 0o644,
      });
      confFiles.push(conf);
      await lpadmin(
        '-p',
        name,
        '-v',
        `cups-pdf:/${instance}`,
        '-E',
        '-m',
        'lsb/usr/cups-pdf/CUPS-PDF_opt.ppd',
        // The default PDF→PostScript step loses the text of embedded CJK fonts; pdftocairo keeps it.
        '-o',
        'pdftops-renderer-default=pdftocairo',
        '-o',
        `printer-error-policy=${options.errorPolicy ?? 'abort-job'}`,
      );
    },
    async disable(queue, reason = 'stopped by the test') {
      await run('/usr/sbin/cupsdisable', ['-h', host, '-r', reason, queue]);
    },
    async enable(queue) {
      await run('/usr/sbin/cupsenable', ['-h', host, queue]);
    },
    async setReasons(queue, reasons) {
      await ippTest(
        queue,
        [
          'OPERATION CUPS-Add-Modify-Printer',
          'GROUP operation-attributes-tag',
          'ATTR charset attributes-charset utf-8',
          'ATTR language attributes-natural-language en',
          'ATTR uri printer-uri $uri',
          'GROUP printer-attributes-tag',
          `ATTR keyword printer-state-reasons ${reasons.length ? reasons.join(',') : 'none'}`,
          'STATUS successful-ok',
        ].join('\n'),
      );
    },
    outputs() {
      return readdirSync(d('out'))
        .filter((f) => f.endsWith('.pdf'))
        .map((f) => join(d('out'), f))
        .sort((a, b) => statSync(a).mtimeMs - statSync(b).mtimeMs);
    },
    async waitForOutput(known, timeoutMs = 15_000) {
      const until = Date.now() + timeoutMs;
      for (;;) {
        const fresh = server.outputs().filter((f) => !known.includes(f));
        // cups-pdf writes through Ghostscript: wait until the file has stopped growing.
        if (fresh.length > 0) {
          const file = fresh[0]!;
          const size = statSync(file).size;
          await new Promise((r) => setTimeout(r, 150));
          if (size > 0 && statSync(file).size === size) return file;
        }
        if (Date.now() > until) throw new Error(`no PDF appeared in ${d('out')} within ${timeoutMs} ms: see ${d('log')}`);
        await new Promise((r) => setTimeout(r, 100));
      }
    },
    async activeJobs(queue) {
      const { stdout } = await run('/usr/bin/lpstat', ['-h', host, '-W', 'not-completed', '-o', queue]).catch(() => ({ stdout: '' }));
      return stdout.split('\n').filter(Boolean);
    },
    spooledDocuments() {
      return existsSync(d('spool')) ? readdirSync(d('spool')).filter((f) => /^d\d+/.test(f)) : [];
    },
    kill,
    start,
    async stop() {
      process.removeListener('exit', onExit);
      await kill();
      for (const conf of confFiles.splice(0)) rmSync(conf, { force: true });
      rmSync(dir, { recursive: true, force: true });
    },
  };
  return server;
}
