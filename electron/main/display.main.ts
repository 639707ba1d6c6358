// The display shell's main process: the hall's board fullscreen on a wall-mounted TV, sounding without anyone to tap it. Rules live in display-policy.std.ts.
import { app, BrowserWindow, Menu, powerSaveBlocker, session } from 'electron';
import {
  DISPLAY_CSS,
  DISPLAY_SHELL_USAGE,
  DISPLAY_SWITCHES,
  DISPLAY_WINDOW,
  displayBoardUrl,
  displayNavigationAllowed,
  parseDisplayShellEnv,
} from './display-policy.std.ts';
import { trustHallCa } from './hall-certificate.main.ts';
import { startUpdates } from './updates.main.ts';
import { keepPageLoaded } from './keep-loaded.main.ts';
import { lockDownWebContents } from './lockdown.main.ts';
import { inputBlocked, ReloadGuard } from './security-policy.std.ts';

const log = (line: string) => console.log(`[display-shell] ${line}`);

// Before the app is ready, or Chromium has already fixed its policy.
for (const [name, value] of DISPLAY_SWITCHES) app.commandLine.appendSwitch(name, value);

const config = parseDisplayShellEnv(process.env);
if (!config.ok) {
  for (const problem of config.problems) console.error(`display shell: ${problem}`);
  console.error(DISPLAY_SHELL_USAGE);
  app.exit(2);
} else if (!app.requestSingleInstanceLock()) {
  log('another display shell is running: this one exits');
  app.quit();
} else {
  const { HALL_URL: hallUrl, DISPLAY_TOKEN: token, DISPLAY_LANG: lang } = config.env;
  // The token goes in the first load only; later loads (crash, failed load) find it in the page's storage. Never logged.
  let boardUrl = displayBoardUrl(hallUrl, { token, lang });
  let window: BrowserWindow | null = null;
  const reloads = new ReloadGuard();

  app.on('second-instance', () => window?.focus());

  lockDownWebContents((url) => displayNavigationAllowed(hallUrl, url), log);

  void app.whenReady().then(() => {
    Menu.setApplicationMenu(null);
    powerSaveBlocker.start('prevent-display-sleep');
    // The board needs no browser permission (camera, notifications, …); autoplay is the switch above, not a permission.
    session.defaultSession.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
    session.defaultSession.setPermissionCheckHandler(() => false);
    session.defaultSession.setDevicePermissionHandler(() => false);
    trustHallCa(session.defaultSession, hallUrl, config.env.HALL_CA, log);
    window = createDisplayWindow();
    startUpdates({ shell: 'display', hallUrl, visitorSession: () => false, log });
  });

  function createDisplayWindow(): BrowserWindow {
    const win = new BrowserWindow(DISPLAY_WINDOW);
    win.once('ready-to-show', () => win.show());
    win.webContents.on('before-input-event', (event, input) => {
      if (inputBlocked(input)) event.preventDefault();
    });
    win.webContents.on('did-finish-load', () => {
      void win.webContents.insertCSS(DISPLAY_CSS);
      boardUrl = displayBoardUrl(hallUrl, { lang });
    });
    keepPageLoaded(win, () => boardUrl, 'board', reloads, log);
    return win;
  }

  app.on('window-all-closed', () => app.quit());
}
