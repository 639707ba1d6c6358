// The kiosk shell's main process: one locked-down fullscreen window, the agent in a supervised utility process. Logic lives in the *.std.ts modules.
import { readFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { app, BrowserWindow, ipcMain, Menu, powerSaveBlocker, protocol, session, utilityProcess, type IpcMainInvokeEvent } from 'electron';
import type { AgentEvent } from '../../client/kiosk-agent.ts';
import { IPC } from '../shared/ipc-channels.std.ts';
import type { BridgeResult } from '../shared/kiosk-bridge.std.ts';
import type { AgentMethod } from './agent-rpc.std.ts';
import { AgentSupervisor } from './agent-supervisor.std.ts';
import { agentEnv, chooseCertificatePrinter, KIOSK_SHELL_CONFIG_FILE, parseKioskShellConfig, type PrinterChoice } from './certificate-printer.std.ts';
import { parseIpcInput } from './ipc-input.std.ts';
import { lockDownWebContents } from './lockdown.main.ts';
import { startUpdates } from './updates.main.ts';
import {
  APP_SCHEME,
  inputBlocked,
  KIOSK_START_URL,
  navigationAllowed,
  permissionAllowed,
  ReloadGuard,
  resolveAppFile,
  SHELL_CSP,
  trustedSender,
} from './security-policy.std.ts';

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
  '.json': 'application/json; charset=utf-8',
};

/** The bundle sits in dist/electron beside dist/renderer (see build/build-electron.ts). */
const bundleDir = import.meta.dirname;
const rendererRoot = join(bundleDir, '..', 'renderer');
const log = (line: string) => console.log(`[kiosk-shell] ${line}`);

protocol.registerSchemesAsPrivileged([{ scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } }]);

if (!app.requestSingleInstanceLock()) {
  log('another kiosk shell is running: this one exits');
  app.quit();
} else {
  let window: BrowserWindow | null = null;
  const reloads = new ReloadGuard();
  // Chosen once the OS's printer list is read, before the agent's first start; restarts keep it.
  let printerChoice: PrinterChoice = { queue: null, source: 'none', reason: 'not chosen yet', warnings: [] };

  const supervisor = new AgentSupervisor({
    fork() {
      const child = utilityProcess.fork(join(bundleDir, 'agent-host.node.js'), [], {
        serviceName: 'kiosk-agent',
        stdio: 'inherit',
        env: agentEnv(process.env, printerChoice),
      });
      return {
        postMessage: (message) => child.postMessage(message),
        onMessage: (listener) => child.on('message', listener),
        onExit: (listener) => child.on('exit', listener),
        kill: () => void child.kill(),
      };
    },
    onEvent(event: AgentEvent) {
      window?.webContents.send(IPC.agentEvent, event);
    },
    log,
  });

  app.on('second-instance', () => {
    window?.show();
    window?.focus();
  });

  lockDownWebContents(navigationAllowed, log);

  let callsInFlight = 0;
  const answer = (method: AgentMethod, channel: string) => {
    ipcMain.handle(channel, async (event: IpcMainInvokeEvent, arg: unknown): Promise<BridgeResult<unknown>> => {
      const frame = event.senderFrame;
      if (!trustedSender(frame && { url: frame.url, isMainFrame: frame === event.sender.mainFrame })) {
        return { ok: false, error: { code: 'FORBIDDEN', message: 'IPC from an untrusted frame' } };
      }
      const input = parseIpcInput(method, arg);
      if (!input.ok) return { ok: false, error: { code: 'VALIDATION_FAILED', message: input.message } };
      // A call in flight (issuing, printing) is a visitor's session: no update restarts the kiosk under it.
      callsInFlight++;
      try {
        return await supervisor.call(method, input.value);
      } finally {
        callsInFlight--;
      }
    });
  };

  void app.whenReady().then(() => {
    Menu.setApplicationMenu(null);
    powerSaveBlocker.start('prevent-display-sleep');

    protocol.handle(APP_SCHEME, async (request) => {
      const file = resolveAppFile(rendererRoot, request.url, existsSync);
      if (!file) return new Response('not found', { status: 404, headers: { 'content-type': 'text/plain' } });
      const ext = file.slice(file.lastIndexOf('.'));
      return new Response(await readFile(file), {
        headers: { 'content-type': MIME[ext] ?? 'application/octet-stream', 'content-security-policy': SHELL_CSP, 'x-content-type-options': 'nosniff' },
      });
    });

    session.defaultSession.setPermissionRequestHandler((contents, permission, callback) => callback(permissionAllowed(permission, contents.getURL())));
    session.defaultSession.setPermissionCheckHandler((_contents, permission, requestingOrigin) => permissionAllowed(permission, requestingOrigin));

    if (process.env.KIOSK_SERVER_URL) startUpdates({ shell: 'kiosk', hallUrl: process.env.KIOSK_SERVER_URL, visitorSession: () => callsInFlight > 0, log });
    answer('status', IPC.agentStatus);
    answer('services', IPC.agentServices);
    answer('issueTicket', IPC.agentIssueTicket);
    answer('checkIn', IPC.agentCheckIn);
    answer('reprint', IPC.agentReprint);
    answer('certificateOffers', IPC.agentCertificateOffers);
    answer('certificatePreview', IPC.agentCertificatePreview);
    answer('printCertificate', IPC.agentPrintCertificate);
    answer('forgetCard', IPC.agentForgetCard);
    answer('guide', IPC.agentGuide);
    answer('printChecklist', IPC.agentPrintChecklist);
    answer('caseProgress', IPC.agentCaseProgress);
    answer('prefileCard', IPC.agentPrefileCard);
    answer('prefile', IPC.agentPrefile);
    ipcMain.on(IPC.rendererError, (event, message: unknown) => {
      if (trustedSender(event.senderFrame && { url: event.senderFrame.url, isMainFrame: event.senderFrame === event.sender.mainFrame })) {
        log(`renderer error: ${String(message).slice(0, 2000)}`);
      }
    });

    window = createKioskWindow();
    const win = window;
    void choosePrinter(win).finally(() => {
      supervisor.start();
      if (!win.isDestroyed()) void win.loadURL(KIOSK_START_URL);
    });
  });

  async function choosePrinter(win: BrowserWindow): Promise<void> {
    const configFile = join(app.getPath('userData'), KIOSK_SHELL_CONFIG_FILE);
    const { config, problem } = parseKioskShellConfig(await readFile(configFile, 'utf8').catch(() => null));
    if (problem) log(problem);
    const printers = await win.webContents.getPrintersAsync().catch((error: unknown) => {
      log(`the OS printer list could not be read (${String(error)})`);
      return [];
    });
    printerChoice = chooseCertificatePrinter({ printers, env: process.env, config, platform: process.platform });
    for (const warning of printerChoice.warnings) log(`certificate printer: ${warning}`);
    log(printerChoice.reason);
  }

  function createKioskWindow(): BrowserWindow {
    const win = new BrowserWindow({
      kiosk: true,
      fullscreen: true,
      autoHideMenuBar: true,
      backgroundColor: '#f4f7fb',
      show: false,
      webPreferences: {
        preload: join(bundleDir, 'kiosk.preload.cjs'),
        contextIsolation: true,
        sandbox: true,
        nodeIntegration: false,
        webSecurity: true,
        spellcheck: false,
        devTools: process.env.HALL_KIOSK_DEVTOOLS === '1',
      },
    });
    win.once('ready-to-show', () => win.show());
    win.webContents.on('before-input-event', (event, input) => {
      if (inputBlocked(input)) event.preventDefault();
    });
    const reload = (why: string) => {
      const delay = reloads.nextDelay(Date.now());
      log(`${why}: reloading in ${delay} ms`);
      setTimeout(() => {
        if (!win.isDestroyed()) void win.loadURL(KIOSK_START_URL);
      }, delay);
    };
    win.webContents.on('render-process-gone', (_event, details) => reload(`renderer gone (${details.reason})`));
    let hang: ReturnType<typeof setTimeout> | undefined;
    win.on('unresponsive', () => {
      // A short stall can recover by itself; a lasting hang is ended, and render-process-gone reloads the page.
      hang = setTimeout(() => win.webContents.forcefullyCrashRenderer(), 10_000);
    });
    win.on('responsive', () => clearTimeout(hang));
    return win;
  }

  app.on('window-all-closed', () => app.quit());
  app.on('before-quit', () => supervisor.stop());
}
