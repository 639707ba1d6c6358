// `npm run kiosk:agent`: the kiosk agent headless, configured by environment as the contract says, on its loopback port.
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { hallFetch } from './hall-tls.ts';
import { createKioskAgent } from './kiosk-agent.ts';
import { startLocalHttp } from './local-http.ts';
import { kioskToken, pairingCodeFrom } from './pairing.ts';

const env = process.env;
const fail = (message: string): never => {
  console.error(message);
  process.exit(2);
};
const int = (name: string, fallback: number, min = 0, max = Number.MAX_SAFE_INTEGER): number => {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  return Number.isInteger(n) && n >= min && n <= max ? n : fail(`${name}=${raw} is not a whole number in ${min}–${max}`);
};

const serverUrl = (env.KIOSK_SERVER_URL ?? 'http://127.0.0.1:8080').replace(/\/$/, '');
if (!/^https?:\/\/[^/]+/.test(serverUrl)) fail(`KIOSK_SERVER_URL=${serverUrl} is not an http(s) address of the hall server`);
const port = int('KIOSK_PORT', 8090, 0, 65535);
const printerBaud = int('KIOSK_PRINTER_BAUD', 9600, 1);
const readerBaud = int('KIOSK_READER_BAUD', 115200, 1);
const dataDir = resolve(env.KIOSK_DATA_DIR ?? './data/kiosk');
const token = await kioskToken({
  serverUrl,
  dataDir,
  envToken: env.KIOSK_TOKEN,
  pairingCode: pairingCodeFrom(process.argv.slice(2)),
  firstPairingCode: env.KIOSK_PAIRING_CODE,
  log: (line) => console.error(`[kiosk agent] ${line}`),
}).catch((error: unknown) => fail(`[kiosk agent] ${error instanceof Error ? error.message : String(error)}`));

const log = (line: string) => console.error(`[kiosk agent] ${line}`);
const hallCa = env.KIOSK_HALL_CA ? resolve(env.KIOSK_HALL_CA) : undefined;
if (hallCa && !existsSync(hallCa)) fail(`KIOSK_HALL_CA=${hallCa} does not exist: copy the hall's CA certificate (PEM) there`);

const agent = createKioskAgent({
  serverUrl,
  fetch: hallFetch(hallCa, log),
  token,
  dataDir,
  printer: env.KIOSK_PRINTER_PORT ? { path: env.KIOSK_PRINTER_PORT, baudRate: printerBaud } : undefined,
  reader: env.KIOSK_READER_PORT ? { path: env.KIOSK_READER_PORT, baudRate: readerBaud } : undefined,
  // The A4 certificate printer: a CUPS queue on this machine's print system (KIOSK_CUPS_URL for another cupsd).
  documentPrinter: env.KIOSK_DOCUMENT_PRINTER ? { queue: env.KIOSK_DOCUMENT_PRINTER, cupsUrl: env.KIOSK_CUPS_URL || 'http://127.0.0.1:631' } : undefined,
  syncIntervalMs: int('KIOSK_SYNC_INTERVAL_MS', 5000, 50),
  backoffMaxMs: int('KIOSK_BACKOFF_MAX_MS', 30_000, 100),
  probeIntervalMs: int('KIOSK_PROBE_INTERVAL_MS', 1000, 100, 60_000),
  log,
});
if (!env.KIOSK_PRINTER_PORT) console.error('[kiosk agent] no KIOSK_PRINTER_PORT: running without a printer (tickets are shown on screen with their QR code)');
if (!env.KIOSK_READER_PORT) console.error('[kiosk agent] no KIOSK_READER_PORT: running without an ID reader');
if (!env.KIOSK_DOCUMENT_PRINTER) console.error('[kiosk agent] no KIOSK_DOCUMENT_PRINTER: running without a certificate printer (no 证明打印)');

await agent.start();
const http = await startLocalHttp(agent, {
  port,
  allowedOrigins: (env.KIOSK_ALLOWED_ORIGINS ?? serverUrl)
    .split(',')
    .map((o) => o.trim())
    .filter(Boolean),
}).catch(async (error: NodeJS.ErrnoException) => {
  await agent.stop().catch(() => undefined);
  // The kiosk page finds its agent by this port: moving silently would leave the page talking to nobody, or to another agent.
  return fail(
    error.code === 'EADDRINUSE'
      ? `port ${port} on 127.0.0.1 is taken (another kiosk agent, or the demo hall's, may be running): stop it, or start with KIOSK_PORT=<a free port> and open the kiosk page with ?agent=http://127.0.0.1:<that port>`
      : `cannot listen on 127.0.0.1:${port}: ${String(error)}: set KIOSK_PORT to a port this user may open`,
  );
});

let stopping = false;
const stop = (signal: string) => {
  if (stopping) return;
  stopping = true;
  console.error(`[kiosk agent] ${signal}: closing the port and the outbox`);
  Promise.all([http.close(), agent.stop()]).then(
    () => process.exit(0),
    (error) => {
      console.error(`[kiosk agent] shutdown failed: ${String(error)}`);
      process.exit(1);
    },
  );
};
for (const signal of ['SIGTERM', 'SIGINT', 'SIGHUP'] as const) process.on(signal, () => stop(signal));
// Only once a stop is handled: a supervisor (or a test) may send SIGTERM as soon as it reads this line.
console.log(`kiosk agent listening on ${http.url}`);
