// `npm run hall`: the hall server alone, configured by environment as the contract says.
import { resolve } from 'node:path';
import { startHallServer } from './hall-server.ts';
import { insecureLanRefusal, readTls, tlsFromEnv } from './tls.ts';
import { backupScheduleFromEnv } from './backups.ts';

const port = Number(process.env.HALL_PORT ?? 8080);
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(`HALL_PORT=${process.env.HALL_PORT} is not a port number: use 0–65535 (0 picks a free port)`);
  process.exit(2);
}

if (process.env.HALL_DISTRICT_URL && !process.env.HALL_DISTRICT_TOKEN) {
  console.error('HALL_DISTRICT_URL is set but HALL_DISTRICT_TOKEN is not: give the token POST /api/v1/halls returned on the district server');
  process.exit(2);
}

const minFreeMb = Number(process.env.HALL_MIN_FREE_MB || 200);
if (!Number.isInteger(minFreeMb) || minFreeMb < 0) {
  console.error(`HALL_MIN_FREE_MB=${process.env.HALL_MIN_FREE_MB} is not a whole number of MB: /api/v1/ready needs this much free disk`);
  process.exit(2);
}
const backup = backupScheduleFromEnv(process.env);
if (backup && 'error' in backup) {
  console.error(backup.error);
  process.exit(2);
}
const host = process.env.HALL_HOST ?? '127.0.0.1';
const tls = tlsFromEnv(process.env);
if (tls && 'error' in tls) {
  console.error(tls.error);
  process.exit(2);
}
try {
  if (tls) readTls(tls);
} catch (error) {
  console.error(
    `HALL_TLS_CERT=${tls?.certFile} / HALL_TLS_KEY=${tls?.keyFile} cannot be used: ${String(error)}: check the paths, that the key matches the certificate, and that this user may read them`,
  );
  process.exit(2);
}
const refusal = insecureLanRefusal(host, tls !== null, process.argv.includes('--insecure-lan') || process.env.HALL_INSECURE_LAN === '1');
if (refusal) {
  console.error(refusal);
  process.exit(2);
}

// SIGTERM (service manager, `kill`), SIGINT (Ctrl+C): stop as the contract says. SIGHUP re-reads the TLS certificate
// when TLS is on (renewals without a restart), else it stops (terminal closed). A stop during start-up is held
// until the server is up, then honoured.
// eslint-disable-next-line prefer-const -- stop() reads it during start-up, where a const would still be uninitialised
let hall: Awaited<ReturnType<typeof startHallServer>> | undefined;
let stopping = false;
const stop = (signal: NodeJS.Signals) => {
  if (stopping) return;
  stopping = true;
  console.error(`${signal}: finishing requests and closing the database`);
  if (hall) shutDown(hall);
};
const shutDown = (h: NonNullable<typeof hall>) =>
  h.close().then(
    () => process.exit(0),
    (error) => {
      console.error(`shutdown failed: ${String(error)}`);
      process.exit(1);
    },
  );
for (const signal of ['SIGTERM', 'SIGINT'] as const) process.on(signal, () => stop(signal));
process.on('SIGHUP', () => {
  if (!tls) return stop('SIGHUP');
  if (!hall || stopping) return;
  try {
    hall.reloadTls();
    console.error(`SIGHUP: reloaded the TLS certificate ${tls.certFile}`);
  } catch (error) {
    // A half-written renewal must not take the hall down: keep serving the certificate already loaded.
    console.error(`SIGHUP: kept the current TLS certificate, the new one cannot be used: ${String(error)}`);
  }
});

hall = await startHallServer({
  dataDir: resolve(process.env.HALL_DATA_DIR ?? './data'),
  keyFile: process.env.HALL_KEY_FILE ? resolve(process.env.HALL_KEY_FILE) : undefined,
  port,
  host,
  tls: tls ?? undefined,
  minFreeMb,
  metricsToken: process.env.HALL_METRICS_TOKEN || undefined,
  webhookRetryBaseMs: process.env.HALL_WEBHOOK_RETRY_BASE_MS ? Number(process.env.HALL_WEBHOOK_RETRY_BASE_MS) : undefined,
  backup: backup ?? undefined,
  adminPassword: process.env.HALL_ADMIN_PASSWORD || undefined,
  district: process.env.HALL_DISTRICT_URL ? { urls: process.env.HALL_DISTRICT_URL.split(','), token: process.env.HALL_DISTRICT_TOKEN ?? '' } : undefined,
  initialSettings: {
    ...(process.env.HALL_TIMEZONE ? { timeZone: process.env.HALL_TIMEZONE } : {}),
    ...(process.env.HALL_NAME ? { hallName: process.env.HALL_NAME } : {}),
  },
}).catch((error: unknown) => {
  // A refusal at start (a database newer than this program, keys in two places…) says what to do in its message.
  console.error(`the hall server cannot start: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(2);
});
if (stopping) await shutDown(hall);
console.log(`hall server listening on ${hall.url}`);
