// The kiosk window's lockdown rules as pure functions: what it may load, which keys reach it, who may call IPC.
import { extname, join } from 'node:path';

export const APP_SCHEME = 'app';
export const APP_HOST = 'hall';
export const KIOSK_START_URL = `${APP_SCHEME}://${APP_HOST}/kiosk/`;

/** The shell's pages talk only to the main process (IPC), so nothing beyond 'self' is needed. */
export const SHELL_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
  "form-action 'none'",
].join('; ');

/** Apps the shell serves from dist/renderer; anything else under app:// is refused. */
const SHELL_APPS = new Set(['kiosk', 'assets']);

export function isAppUrl(url: string): boolean {
  try {
    const u = new URL(url);
    return u.protocol === `${APP_SCHEME}:` && u.host === APP_HOST;
  } catch {
    return false;
  }
}

/** will-navigate / will-redirect: only the app's own pages; new windows are always denied. */
export function navigationAllowed(url: string): boolean {
  return isAppUrl(url);
}

/** Permission requests (camera, geolocation, notifications, …): none but HTML fullscreen from the app itself. */
export function permissionAllowed(permission: string, requestingUrl: string): boolean {
  return permission === 'fullscreen' && isAppUrl(requestingUrl);
}

/** IPC is answered only for the kiosk window's top frame showing the app (never an iframe or a foreign page). */
export function trustedSender(frame: { url: string; isMainFrame: boolean } | null | undefined): boolean {
  return !!frame && frame.isMainFrame && isAppUrl(frame.url);
}

export interface KeyInput {
  type: string;
  key: string;
  control: boolean;
  alt: boolean;
  meta: boolean;
  shift: boolean;
}

const BLOCKED_KEYS = new Set([
  'BrowserBack',
  'BrowserForward',
  'BrowserRefresh',
  'BrowserHome',
  'BrowserSearch',
  'BrowserFavorites',
  'BrowserStop',
  'ContextMenu',
  'Print',
  'LaunchApplication1',
  'LaunchApplication2',
  'LaunchMail',
]);

/**
 * before-input-event: the kiosk needs plain keys only (scanner input, Enter, Space, Tab, arrows, Escape).
 * Any Ctrl/Alt/Meta chord (reload, devtools, close, print, zoom, back) and every function key are swallowed.
 */
export function inputBlocked(input: KeyInput): boolean {
  if (input.control || input.alt || input.meta) return true;
  if (/^F\d{1,2}$/.test(input.key)) return true;
  return BLOCKED_KEYS.has(input.key);
}

/**
 * Maps an app:// URL to a file under the built renderer, as the hall server does: an app's routes fall back to
 * its index.html, assets must exist, nothing escapes the root. Null means 404.
 */
export function resolveAppFile(root: string, url: string, exists: (path: string) => boolean): string | null {
  if (!isAppUrl(url)) return null;
  let segments: string[];
  try {
    segments = decodeURIComponent(new URL(url).pathname).split('/').filter(Boolean);
  } catch {
    return null;
  }
  if (segments.some((s) => s === '..' || s === '.' || /[\\\0:]/.test(s))) return null;
  const app = segments[0];
  if (app === undefined) return join(root, 'kiosk', 'index.html');
  if (!SHELL_APPS.has(app)) return null;
  const file = join(root, ...segments);
  if (extname(file)) return exists(file) ? file : null;
  if (app === 'assets') return null;
  const index = join(root, app, 'index.html');
  return exists(index) ? index : null;
}

/** Renderer crash or hang → reload, but back off when it keeps crashing so a bad build does not spin the CPU. */
export class ReloadGuard {
  private recent: number[] = [];

  constructor(
    private readonly windowMs = 60_000,
    private readonly burst = 3,
    private readonly maxDelayMs = 30_000,
  ) {}

  /** Milliseconds to wait before the next reload. */
  nextDelay(now: number): number {
    this.recent = this.recent.filter((t) => now - t < this.windowMs);
    this.recent.push(now);
    const over = this.recent.length - this.burst;
    return over <= 0 ? 0 : Math.min(1000 * 2 ** (over - 1), this.maxDelayMs);
  }
}
