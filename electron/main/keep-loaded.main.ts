// One way for every shell to keep its hall page up: reload (with the guard's back-off) after a crash, a failed load or a hang.
import type { BrowserWindow } from 'electron';
import type { ReloadGuard } from './security-policy.std.ts';

/** Loads `url()` into the window now and again whenever the page is lost; `what` names the page in the log. */
export function keepPageLoaded(win: BrowserWindow, url: () => string, what: string, reloads: ReloadGuard, log: (line: string) => void): void {
  // A failed load rejects and also emits did-fail-load, which retries: the rejection itself needs no handling.
  const load = () => void win.loadURL(url()).catch(() => undefined);
  const reload = (why: string) => {
    const delay = reloads.nextDelay(Date.now());
    log(`${why}: reloading in ${delay} ms`);
    setTimeout(() => {
      if (!win.isDestroyed()) load();
    }, delay);
  };
  win.webContents.on('render-process-gone', (_event, details) => reload(`renderer gone (${details.reason})`));
  // The PC may start before the hall server: a failed page load is retried like a crash (-3 is an aborted load, not a failure).
  win.webContents.on('did-fail-load', (_event, code, description, _url, isMainFrame) => {
    if (isMainFrame && code !== -3) reload(`${what} did not load (${description})`);
  });
  let hang: ReturnType<typeof setTimeout> | undefined;
  win.on('unresponsive', () => {
    // A short stall can recover by itself; a lasting hang is ended, and render-process-gone reloads the page.
    hang = setTimeout(() => win.webContents.forcefullyCrashRenderer(), 10_000);
  });
  win.on('responsive', () => clearTimeout(hang));
  load();
}
