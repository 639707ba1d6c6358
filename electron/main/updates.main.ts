// Self-update of a shell from the hall (electron-updater, generic provider): checks every few hours, downloads in the
// background, installs when update-policy.std.ts says so. HALL_UPDATE_WINDOW=off turns installing off.
import { powerMonitor } from 'electron';
import electronUpdater from 'electron-updater';
import { CHECK_EVERY_MS, DECIDE_EVERY_MS, UpdateWindow, installDecision, updateFeedUrl, type ShellKind } from './update-policy.std.ts';

export function startUpdates(options: { shell: ShellKind; hallUrl: string; visitorSession: () => boolean; log: (line: string) => void }): void {
  const window = UpdateWindow.safeParse(process.env.HALL_UPDATE_WINDOW || undefined);
  if (!window.success || window.data === 'off') {
    options.log(window.success ? 'updates off (HALL_UPDATE_WINDOW=off)' : `HALL_UPDATE_WINDOW: ${window.error.issues[0]?.message}: updates off`);
    return;
  }
  const { autoUpdater } = electronUpdater;
  autoUpdater.setFeedURL({ provider: 'generic', url: updateFeedUrl(options.hallUrl, options.shell) });
  autoUpdater.autoDownload = true;
  // Never on a quit someone else chose (a crash restart, a shutdown mid-day): only when the policy says.
  autoUpdater.autoInstallOnAppQuit = false;
  let downloaded = false;
  autoUpdater.on('update-downloaded', (info) => {
    downloaded = true;
    options.log(`update ${info.version} downloaded: installs when idle inside ${window.data}`);
  });
  autoUpdater.on('error', (error) => options.log(`update check failed: ${String(error)}`));
  const check = () => void autoUpdater.checkForUpdates().catch(() => undefined);
  check();
  setInterval(check, CHECK_EVERY_MS).unref();
  setInterval(() => {
    const decision = installDecision(
      options.shell,
      { downloaded, visitorSession: options.visitorSession(), idleSeconds: powerMonitor.getSystemIdleTime(), hour: new Date().getHours() },
      window.data,
    );
    if (decision.install) {
      options.log('installing the downloaded update and restarting');
      autoUpdater.quitAndInstall(true, true);
    }
  }, DECIDE_EVERY_MS).unref();
}
