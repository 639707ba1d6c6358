// `npm run district`: the district server, configured by environment as the contract says. Logs are JSON lines on
// stderr (server/logger.ts, as the hall's); stdout has the ready line only.
import { hallLogger, lineLog } from '../server/logger.ts';
import { startDistrictServer } from './server.ts';

const logger = hallLogger({ name: 'district', level: process.env.DISTRICT_LOG_LEVEL || 'info' });

const port = Number(process.env.DISTRICT_PORT ?? 8070);
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  logger.fatal(`DISTRICT_PORT=${process.env.DISTRICT_PORT} is not a port number: use 0–65535 (0 picks a free port)`);
  process.exit(2);
}
const databaseUrl = process.env.DISTRICT_DATABASE_URL;
if (!databaseUrl) {
  logger.fatal('DISTRICT_DATABASE_URL is not set: give the PostgreSQL database, e.g. postgres://district@127.0.0.1:5432/district');
  process.exit(2);
}

let district: Awaited<ReturnType<typeof startDistrictServer>> | undefined;
let stopping = false;
const stop = (signal: NodeJS.Signals) => {
  if (stopping) return;
  stopping = true;
  logger.info({ signal }, `${signal}: finishing requests and closing the database pool`);
  if (district) shutDown(district);
};
const shutDown = (d: NonNullable<typeof district>) =>
  d.close().then(
    () => process.exit(0),
    (error) => {
      logger.error({ err: error }, 'shutdown failed');
      process.exit(1);
    },
  );
for (const signal of ['SIGTERM', 'SIGINT', 'SIGHUP'] as const) process.on(signal, () => stop(signal));

try {
  district = await startDistrictServer({
    databaseUrl,
    port,
    host: process.env.DISTRICT_HOST ?? '127.0.0.1',
    adminPassword: process.env.DISTRICT_ADMIN_PASSWORD || undefined,
    timeZone: process.env.DISTRICT_TIMEZONE || undefined,
    log: lineLog(logger),
  });
} catch (error) {
  logger.fatal(
    `the district server could not start: ${error instanceof Error ? error.message : String(error)}; check DISTRICT_DATABASE_URL and that PostgreSQL runs`,
  );
  process.exit(1);
}
if (stopping) await shutDown(district);
logger.info({ url: district.url }, 'district server started');
process.stdout.write(`district server listening on ${district.url}\n`);
