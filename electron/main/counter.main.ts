// The counter shell's main process: one maximised window on the hall's counter console, the counter bridge in a supervised utility process. Rules live in the *.std.ts modules.
import { join } from 'node:path';
import { app, BrowserWindow, Menu, session, utilityProcess } from 'electron';
import { COUNTER_SHELL_USAGE, counterConsoleUrl, counterNavigationAllowed, parseCounterShellEnv } from './counter-policy.std.ts';
import { ProcessSupervisor } from './process-supervisor.std.ts';
import { ReloadGuard } from './security-policy.std.ts';
import { trustHallCa } from './hall-certificate.main.ts';
import { startUpdates } from './updates.main.ts';
import { keepPageLoaded } from './keep-loaded.main.ts';
import { lockDownWebContents } from './lockdown.main.ts';

/** The bridge bundle sits beside this one (see counter-launch.node.ts). */
const bundleDir = import.meta.dirname;
const log = (line: string) => console.log(`[counter-shell] ${line}`);

const config = parseCounterShellEnv(process.env);
if (!config.ok) {
  for (const problem of config.problems) console.error(`counter shell: ${problem}`);
  console.error(COUNTER_SHELL_USAGE);
  app.exit(2);
} else if (!app.requestSingleInstanceLock()) {
  log('another counter shell is running: this one exits');
  app.quit();
} else {
  const { HALL_URL: hallUrl, COUNTER_ID: counterId } = config.env;
  const consoleUrl = counterConsoleUrl(hallUrl, counterId);
  let window: BrowserWindow | null = null;
  const reloads = new ReloadGuard();

  const bridge = new ProcessSupervisor({
    name: 'counter bridge',
    fork() {
      // The bridge reads its own settings (HALL_URL, COUNTER_ID, BUS_PORT, …) from the environment, as under npm run counter:bridge.
      const child = utilityProcess.fork(join(bundleDir, 'counter-bridge.node.js'), [], { serviceName: 'counter-bridge', stdio: 'inherit', env: process.env });
      return { onExit: (listener) => child.on('exit', listener), kill: () => void child.kill() };
    },
    log,
  });

  app.on('second-instance', () => {
    if (window?.isMinimized()) window.restore();
    window?.focus();
  });

  lockDownWebContents((url) => counterNavigationAllowed(hallUrl, url), log);

  void app.whenReady().then(() => {
    Menu.setApplicationMenu(null);
    // The console needs no browser permission (camera, notifications, serial, …): the bridge owns the devices.
    session.defaultSession.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
    session.defaultSession.setPermissionCheckHandler(() => false);
    session.defaultSession.setDevicePermissionHandler(() => false);
    trustHallCa(session.defaultSession, hallUrl, config.env.HALL_CA, log);
    bridge.start();
    window = createCounterWindow();
    // The bridge (its own process) knows the ticket being served; the shell goes by the staff's input being idle.
    startUpdates({ shell: 'counter', hallUrl, visitorSession: () => false, log });
  });

  function createCounterWindow(): BrowserWindow {
    const win = new BrowserWindow({
      autoHideMenuBar: true,
      backgroundColor: '#f4f7fb',
      show: false,
      webPreferences: {
        contextIsolation: true,
        sandbox: true,
        nodeIntegration: false,
        webSecurity: true,
        devTools: false,
      },
    });
    win.once('ready-to-show', () => {
      win.maximize();
      win.show();
    });
    keepPageLoaded(win, () => consoleUrl, 'console', reloads, log);
    return win;
  }

  app.on('window-all-closed', () => app.quit());
  app.on('before-quit', () => bridge.stop());
}
