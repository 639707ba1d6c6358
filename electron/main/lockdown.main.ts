// One lockdown for every shell's pages: no new windows, no webviews, navigation only where the shell's rule allows.
import { app, type WebContents } from 'electron';

export function lockDownWebContents(navigationAllowed: (url: string) => boolean, log: (line: string) => void): void {
  app.on('web-contents-created', (_event, contents: WebContents) => {
    contents.setWindowOpenHandler(() => ({ action: 'deny' }));
    const guard = (event: { preventDefault(): void }, url: string) => {
      if (!navigationAllowed(url)) {
        event.preventDefault();
        log(`blocked navigation to ${url}`);
      }
    };
    contents.on('will-navigate', guard);
    contents.on('will-redirect', guard);
    contents.on('will-frame-navigate', (event) => guard(event, event.url));
    contents.on('will-attach-webview', (event) => event.preventDefault());
  });
}
