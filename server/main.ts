// `npm run hall`: the hall server alone, configured by environment as the contract says, or by a config file
// (HALL_CONFIG or --config, server/config.ts) under it. Logs are JSON lines on stderr; stdout has the ready line only.
import { resolve } from 'node:path';
import { configPath, readConfigFile } from './config.ts';
import { startHallServer } from './hall-server.ts';
import { LOG_LEVELS, hallLogger } from './logger.ts';
import { insecureLanRefusal, readTls, tlsFromEnv } from './tls.ts';
import { backupScheduleFromEnv } from './backups.ts';

const level = (LOG_LEVELS as readonly string[]).includes(process.env.HALL_LOG_LEVEL ?? '') ? process.env.HALL_LOG_LEVEL : 'info';
let logger = hallLogger({ level });
function refuse(line: string): never {
  logger.fatal(line);
  process.exit(2);
}
const configFile = configPath(process.argv, process.env);
if (configFile) {
  const config = readConfigFile(configFile, process.env);
  if (!config.ok) {
    for (const problem of config.problems) logger.fatal(problem);
    process.exit(2);
  }
  Object.assign(process.env, config.env);
  logger = hallLogger({ level: process.env.HALL_LOG_LEVEL || level });
}

const port = Number(process.env.HALL_PORT ?? 8080);
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  refuse(`HALL_PORT=${process.env.HALL_PORT} is not a port number: use 0–65535 (0 picks a free port)`);
}

if (process.env.HALL_DISTRICT_URL && !process.env.HALL_DISTRICT_TOKEN) {
  refuse('HALL_DISTRICT_URL is set but HALL_DISTRICT_TOKEN is not: give the token POST /api/v1/halls returned on the district server');
}

const minFreeMb = Number(process.env.HALL_MIN_FREE_MB || 200);
if (!Number.isInteger(minFreeMb) || minFreeMb < 0) {
  refuse(`HALL_MIN_FREE_MB=${process.env.HALL_MIN_FREE_MB} is not a whole number of MB: /api/v1/ready needs this much free disk`);
}
const backup = backupScheduleFromEnv(process.env);
if (backup && 'error' in backup) refuse(backup.error);
const host = process.env.HALL_HOST ?? '127.0.0.1';
const tls = tlsFromEnv(process.env);
if (tls && 'error' in tls) {
  refuse(tls.error);
}
try {
  if (tls) readTls(tls);
} catch (error) {
  refuse(
    `HALL_TLS_CERT=${tls?.certFile} / HALL_TLS_KEY=${tls?.keyFile} cannot be used: ${String(error)}: check the paths, that the key matches the certificate, and that this user may read them`,
  );
}
const refusal = insecureLanRefusal(host, tls !== null, process.argv.includes('--insecure-lan') || process.env.HALL_INSECURE_LAN === '1');
if (refusal) refuse(refusal);

// SIGTERM (service manager, `kill`), SIGINT (Ctrl+C): stop as the contract says. SIGHUP re-reads the TLS certificate
// when TLS is on (renewals without a restart), else it stops (terminal closed). A stop during start-up is held
// until the server is up, then honoured.
// eslint-disable-next-line prefer-const -- stop() reads it during start-up, where a const would still be uninitialised
let hall: Awaited<ReturnType<typeof startHallServer>> | undefined;
let stopping = false;
const stop = (signal: NodeJS.Signals) => {
  if (stopping) return;
  stopping = true;
  logger.info({ signal }, `${signal}: finishing requests and closing the database`);
  if (hall) shutDown(hall);
};
const shutDown = (h: NonNullable<typeof hall>) =>
  h.close().then(
    () => process.exit(0),
    (error) => {
      logger.error({ err: error }, 'shutdown failed');
      process.exit(1);
    },
  );
for (const signal of ['SIGTERM', 'SIGINT'] as const) process.on(signal, () => stop(signal));
process.on('SIGHUP', () => {
  if (!tls) return stop('SIGHUP');
  if (!hall || stopping) return;
  try {
    hall.reloadTls();
    logger.info(`SIGHUP: reloaded the TLS certificate ${tls.certFile}`);
  } catch (error) {
    // A half-written renewal must not take the hall down: keep serving the certificate already loaded.
    logger.error(`SIGHUP: kept the current TLS certificate, the new one cannot be used: ${String(error)}`);
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
  updatesDir: process.env.HALL_UPDATES_DIR ? resolve(process.env.HALL_UPDATES_DIR) : undefined,
  logger,
  adminPassword: process.env.HALL_ADMIN_PASSWORD || undefined,
  district: process.env.HALL_DISTRICT_URL ? { urls: process.env.HALL_DISTRICT_URL.split(','), token: process.env.HALL_DISTRICT_TOKEN ?? '' } : undefined,
  initialSettings: {
    ...(process.env.HALL_TIMEZONE ? { timeZone: process.env.HALL_TIMEZONE } : {}),
    ...(process.env.HALL_NAME ? { hallName: process.env.HALL_NAME } : {}),
  },
}).catch((error: unknown) => {
  // A refusal at start (a database newer than this program, keys in two places…) says what to do in its message.
  refuse(`the hall server cannot start: ${error instanceof Error ? error.message : String(error)}`);
});
if (stopping) await shutDown(hall);
logger.info({ url: hall.url, tls: tls !== null, config: configFile ?? null }, 'hall server started');
// The contract's ready line, alone on stdout: service managers and scripts wait for it.
process.stdout.write(`hall server listening on ${hall.url}\n`);
