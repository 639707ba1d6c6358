// `npm run hall`: the hall server alone, configured by environment as the contract says.
import { resolve } from 'node:path';
import { startHallServer } from './hall-server.ts';

const port = Number(process.env.HALL_PORT ?? 8080);
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(`HALL_PORT=${process.env.HALL_PORT} is not a port number: use 0–65535 (0 picks a free port)`);
  process.exit(2);
}

if (process.env.HALL_DISTRICT_URL && !process.env.HALL_DISTRICT_TOKEN) {
  console.error('HALL_DISTRICT_URL is set but HALL_DISTRICT_TOKEN is not: give the token POST /api/v1/halls returned on the district server');
  process.exit(2);
}

// SIGTERM (service manager, `kill`), SIGINT (Ctrl+C), SIGHUP (terminal closed): stop as the contract says. A signal
// during start-up is held until the server is up, then honoured.
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
for (const signal of ['SIGTERM', 'SIGINT', 'SIGHUP'] as const) process.on(signal, () => stop(signal));

hall = await startHallServer({
  dataDir: resolve(process.env.HALL_DATA_DIR ?? './data'),
  keyFile: process.env.HALL_KEY_FILE ? resolve(process.env.HALL_KEY_FILE) : undefined,
  port,
  host: process.env.HALL_HOST ?? '127.0.0.1',
  adminPassword: process.env.HALL_ADMIN_PASSWORD || undefined,
  district: process.env.HALL_DISTRICT_URL
    ? { urls: process.env.HALL_DISTRICT_URL.split(','), token: process.env.HALL_DISTRICT_TOKEN ?? '' }
    : undefined,
  initialSettings: {
    ...(process.env.HALL_TIMEZONE ? { timeZone: process.env.HALL_TIMEZONE } : {}),
    ...(process.env.HALL_NAME ? { hallName: process.env.HALL_NAME } : {}),
  },
});
if (stopping) await shutDown(hall);
console.log(`hall server listening on ${hall.url}`);
