// Entry of the kiosk agent's utility process in the shell: the same agent as `npm run kiosk:agent`, answering the main process over parentPort.
import { resolve } from 'node:path';
import { createKioskAgent } from '../agent/index.ts';
import { kioskToken } from '../agent/pairing.ts';
import { serveAgent } from './agent-rpc.std.ts';

const env = process.env;
const serverUrl = (env.KIOSK_SERVER_URL ?? 'http://127.0.0.1:8080').replace(/\/$/, '');
const dataDir = resolve(env.KIOSK_DATA_DIR ?? './data/kiosk');
// KIOSK_TOKEN, else the token an earlier pairing kept in the data directory, else KIOSK_PAIRING_CODE redeemed now.
const token = await kioskToken({
  serverUrl,
  dataDir,
  envToken: env.KIOSK_TOKEN,
  firstPairingCode: env.KIOSK_PAIRING_CODE,
  log: (line) => console.error(`[kiosk agent] ${line}`),
}).catch((error: unknown) => {
  console.error(`[kiosk agent] ${error instanceof Error ? error.message : String(error)}`);
  return process.exit(2);
});

const agent = createKioskAgent({
  serverUrl,
  token,
  dataDir,
  printer: env.KIOSK_PRINTER_PORT ? { path: env.KIOSK_PRINTER_PORT, baudRate: Number(env.KIOSK_PRINTER_BAUD ?? 9600) } : undefined,
  // The certificate printer the shell chose from the OS's printers (certificate-printer.std.ts); none: no certificates.
  documentPrinter: env.KIOSK_DOCUMENT_PRINTER ? { queue: env.KIOSK_DOCUMENT_PRINTER, cupsUrl: env.KIOSK_CUPS_URL || 'http://127.0.0.1:631' } : undefined,
  reader: env.KIOSK_READER_PORT ? { path: env.KIOSK_READER_PORT, baudRate: Number(env.KIOSK_READER_BAUD ?? 115200) } : undefined,
  log: (line) => console.error(`[kiosk agent] ${line}`),
});

const port = process.parentPort;
const server = serveAgent(agent, (message) => port.postMessage(message));
port.on('message', (event) => server.receive(event.data));
await agent.start();

const stop = () => {
  server.close();
  agent.stop().then(
    () => process.exit(0),
    () => process.exit(1),
  );
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
