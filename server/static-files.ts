// Serves the built renderer apps (dist/renderer) with a strict Content-Security-Policy.
import { createReadStream, statSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { extname, join, normalize, sep } from 'node:path';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.wav': 'audio/wav',
  '.mp3': 'audio/mpeg',
  '.ogg': 'audio/ogg',
  '.webmanifest': 'application/manifest+json',
};

const csp = (connect: string) =>
  [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data: blob:",
    "media-src 'self' blob:",
    "font-src 'self'",
    `connect-src ${connect}`,
    "object-src 'none'",
    "base-uri 'none'",
    "frame-ancestors 'none'",
    "form-action 'none'",
  ].join('; ');

export const PAGE_CSP = csp("'self' ws: wss:");
/** Only the kiosk page reaches beyond its origin: in browser mode it talks to its agent on loopback (KIOSK_PORT). */
export const KIOSK_PAGE_CSP = csp("'self' ws: wss: http://127.0.0.1:* http://localhost:*");

/** The apps served at /<app>/; each is a single page whose routes fall back to its index.html. */
export function staticHandler(root: string, apps: readonly string[]) {
  return (req: IncomingMessage, res: ServerResponse): boolean => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return false;
    let path: string;
    try {
      path = decodeURIComponent(new URL(req.url ?? '/', 'http://hall.local').pathname);
    } catch {
      return false;
    }
    if (path === '/') {
      res.writeHead(302, { location: '/display/' });
      res.end();
      return true;
    }
    // Browsers ask for /favicon.ico whatever the page links; the pages link the SVG.
    if (path === '/favicon.ico' || path === '/favicon.svg') return sendFile(req, res, join(root, path.slice(1)), 'public, max-age=86400', PAGE_CSP);
    const app = path.split('/')[1] ?? '';
    if (!apps.includes(app) && app !== 'assets' && app !== 'voice') return false;
    if (path === `/${app}`) {
      res.writeHead(301, { location: `/${app}/` });
      res.end();
      return true;
    }
    const file = normalize(join(root, path));
    if (!file.startsWith(root + sep)) return false;
    let target = file;
    let stat = safeStat(target);
    if (!stat?.isFile()) {
      if (app === 'assets' || app === 'voice' || extname(path)) return false;
      target = join(root, app, 'index.html');
      stat = safeStat(target);
      if (!stat?.isFile()) return false;
    }
    const immutable = app === 'assets';
    return sendFile(req, res, target, immutable ? 'public, max-age=31536000, immutable' : 'no-cache', app === 'kiosk' ? KIOSK_PAGE_CSP : PAGE_CSP);
  };
}

function sendFile(req: IncomingMessage, res: ServerResponse, target: string, cacheControl: string, policy: string): boolean {
  const stat = safeStat(target);
  if (!stat?.isFile()) return false;
  res.writeHead(200, {
    'content-type': TYPES[extname(target)] ?? 'application/octet-stream',
    'content-length': stat.size,
    'cache-control': cacheControl,
    'content-security-policy': policy,
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'no-referrer',
  });
  if (req.method === 'HEAD') res.end();
  else createReadStream(target).pipe(res);
  return true;
}

function safeStat(path: string) {
  try {
    return statSync(path);
  } catch {
    return undefined;
  }
}
