// A kiosk on emulated devices for the demo hall and the kiosk's end-to-end tests: socat ptys, ID reader and printer emulators, the agent on a loopback port.
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createKioskAgent, startLocalHttp, type KioskAgent, type KioskAgentOptions } from '../electron/agent/index.ts';
import { startIdReaderEmulator, startPrinterEmulator, type IdReaderEmulator, type PrinterEmulator } from '../drivers/index.ts';

export interface EmulatedKiosk {
  /** The kiosk page in browser mode: served by the hall server, talking to this agent. */
  url: string;
  agentUrl: string;
  agentPort: number;
  /** The port asked for when it was taken and another was picked; null otherwise. */
  portTaken: number | null;
  agent: KioskAgent;
  idReader: IdReaderEmulator;
  printer: PrinterEmulator;
  stop(): Promise<void>;
}

export interface EmulatedKioskOptions {
  hallUrl: string;
  kioskToken: string;
  dataDir: string;
  /** Where the agent reaches the hall server, when not at hallUrl (tests cut the line with a proxy). */
  agentServerUrl?: string;
  /** The agent's loopback port; 0, or a busy port, picks a free one (the page is told which through ?agent=; `portTaken` says so). */
  port?: number;
  /** Extra query for the kiosk page, e.g. shorter idle limits in tests. */
  pageQuery?: Record<string, string>;
  /** How often the agent fetches the hall's configuration (names, settings) again; tests shorten the minute. */
  configRefreshMs?: number;
  /** The A4 certificate printer: a CUPS queue, or the demo's emulated one (scripts/demo-document-printer.ts). */
  documentPrinter?: KioskAgentOptions['documentPrinter'];
  /** Agent settings tests shorten (the certificate printer's status poll). */
  agentOptions?: Partial<KioskAgentOptions>;
  log?: (line: string) => void;
}

export async function startEmulatedKiosk(options: EmulatedKioskOptions): Promise<EmulatedKiosk> {
  mkdirSync(options.dataDir, { recursive: true });
  const ptyDir = mkdtempSync(join(tmpdir(), 'kiosk-ptys-'));
  const idReader = await startIdReaderEmulator({ path: join(ptyDir, 'id-reader') });
  const printer = await startPrinterEmulator({ path: join(ptyDir, 'printer'), baudRate: 115200 });
  const agent = createKioskAgent({
    serverUrl: options.agentServerUrl ?? options.hallUrl,
    token: options.kioskToken,
    dataDir: options.dataDir,
    printer: { path: printer.path, baudRate: 115200 },
    reader: { path: idReader.path, pollMs: 150 },
    syncIntervalMs: 1000,
    ...(options.configRefreshMs !== undefined && { configRefreshMs: options.configRefreshMs }),
    documentPrinter: options.documentPrinter,
    ...options.agentOptions,
    log: options.log ?? (() => undefined),
  });
  const allowedOrigins = [new URL(options.hallUrl).origin];
  const wanted = options.port ?? 0;
  let http: Awaited<ReturnType<typeof startLocalHttp>>;
  try {
    await agent.start();
    http = await startLocalHttp(agent, { port: wanted, allowedOrigins }).catch((error: NodeJS.ErrnoException) => {
      if (error.code !== 'EADDRINUSE' || wanted === 0) throw error;
      return startLocalHttp(agent, { port: 0, allowedOrigins });
    });
  } catch (error) {
    await agent.stop().catch(() => undefined);
    await Promise.allSettled([idReader.close(), printer.close()]);
    throw error;
  }
  const query = new URLSearchParams({ agent: http.url, ...options.pageQuery });
  return {
    url: `${options.hallUrl.replace(/\/$/, '')}/kiosk/?${query}`,
    agentUrl: http.url,
    agentPort: http.port,
    portTaken: wanted !== 0 && http.port !== wanted ? wanted : null,
    agent,
    idReader,
    printer,
    async stop() {
      await http.close();
      await agent.stop();
      await Promise.allSettled([idReader.close(), printer.close()]);
      rmSync(ptyDir, { recursive: true, force: true });
    },
  };
}
