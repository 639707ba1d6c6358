// The kiosk shell's lockdown rules, without Electron: navigation, permissions, keys, IPC senders, app:// files, reloads, the binary check.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { electronBinary } from '../../electron/main/electron-binary.std.ts';
import {
  inputBlocked,
  isAppUrl,
  KIOSK_START_URL,
  navigationAllowed,
  permissionAllowed,
  ReloadGuard,
  resolveAppFile,
  SHELL_CSP,
  trustedSender,
  type KeyInput,
} from '../../electron/main/security-policy.std.ts';

const key = (k: string, mods: Partial<KeyInput> = {}): KeyInput => ({
  type: 'keyDown',
  key: k,
  control: false,
  alt: false,
  meta: false,
  shift: false,
  ...mods,
});

describe('navigation and permissions', () => {
  it('allows only the app:// pages of the hall', () => {
    expect(navigationAllowed(KIOSK_START_URL)).toBe(true);
    expect(navigationAllowed('app://hall/kiosk/check-in')).toBe(true);
    for (const url of [
      'https://example.com/',
      'http://127.0.0.1:8080/kiosk/',
      'file:///etc/passwd',
      'app://evil/kiosk/',
      'javascript:alert(1)',
      'data:text/html,<h1>x</h1>',
      'chrome://settings',
      'devtools://devtools/bundled/inspector.html',
      'not a url',
    ]) {
      expect(navigationAllowed(url), url).toBe(false);
    }
    expect(isAppUrl('app://hall.evil/kiosk/')).toBe(false);
  });

  it('grants no permission but fullscreen, and that only to the app', () => {
    for (const p of ['media', 'geolocation', 'notifications', 'clipboard-read', 'usb', 'serial', 'hid', 'openExternal', 'midi']) {
      expect(permissionAllowed(p, KIOSK_START_URL), p).toBe(false);
    }
    expect(permissionAllowed('fullscreen', KIOSK_START_URL)).toBe(true);
    expect(permissionAllowed('fullscreen', 'https://example.com/')).toBe(false);
  });

  it('answers IPC only from the app in the top frame', () => {
    expect(trustedSender({ url: 'app://hall/kiosk/', isMainFrame: true })).toBe(true);
    expect(trustedSender({ url: 'app://hall/kiosk/', isMainFrame: false })).toBe(false);
    expect(trustedSender({ url: 'https://example.com/', isMainFrame: true })).toBe(false);
    expect(trustedSender(null)).toBe(false);
  });

  it('has a CSP without inline scripts or styles and without remote origins', () => {
    expect(SHELL_CSP).toContain("script-src 'self'");
    expect(SHELL_CSP).toContain("style-src 'self'");
    expect(SHELL_CSP).not.toMatch(/unsafe-inline|unsafe-eval|https?:/);
  });
});

describe('keyboard lockdown', () => {
  it('swallows reload, devtools, close, print, zoom, back and every function key', () => {
    const blocked = [
      key('r', { control: true }),
      key('R', { control: true, shift: true }),
      key('F5'),
      key('F11'),
      key('F12'),
      key('I', { control: true, shift: true }),
      key('w', { control: true }),
      key('q', { meta: true }),
      key('F4', { alt: true }),
      key('ArrowLeft', { alt: true }),
      key('p', { control: true }),
      key('+', { control: true }),
      key('0', { control: true }),
      key('BrowserBack'),
      key('BrowserRefresh'),
      key('ContextMenu'),
      key('Tab', { alt: true }),
    ];
    for (const input of blocked) expect(inputBlocked(input), JSON.stringify(input)).toBe(true);
  });

  it('lets plain keys through: scanner digits and letters, Enter, Space, Tab, arrows, Escape, Backspace', () => {
    for (const k of ['1', 'A', 'z', 'Enter', ' ', 'Tab', 'ArrowDown', 'Escape', 'Backspace', '-']) {
      expect(inputBlocked(key(k)), k).toBe(false);
    }
    expect(inputBlocked(key('Tab', { shift: true }))).toBe(false);
    expect(inputBlocked(key('A', { shift: true }))).toBe(false);
  });
});

describe('app:// files', () => {
  const root = join('/srv', 'dist', 'renderer');
  const files = new Set([join(root, 'kiosk', 'index.html'), join(root, 'assets', 'kiosk-abc.js'), join(root, 'counter', 'index.html')]);
  const exists = (p: string) => files.has(p);
  const resolve = (url: string) => resolveAppFile(root, url, exists);

  it('serves the kiosk page, its routes and its assets', () => {
    expect(resolve('app://hall/')).toBe(join(root, 'kiosk', 'index.html'));
    expect(resolve('app://hall/kiosk/')).toBe(join(root, 'kiosk', 'index.html'));
    expect(resolve('app://hall/kiosk/check-in')).toBe(join(root, 'kiosk', 'index.html'));
    expect(resolve('app://hall/assets/kiosk-abc.js')).toBe(join(root, 'assets', 'kiosk-abc.js'));
  });

  it('refuses other apps, missing assets, traversal and foreign hosts', () => {
    expect(resolve('app://hall/counter/')).toBeNull();
    expect(resolve('app://hall/assets/missing.js')).toBeNull();
    expect(resolve('app://hall/assets/')).toBeNull();
    expect(resolve('app://hall/kiosk/%2e%2e/%2e%2e/etc/passwd')).toBeNull();
    expect(resolve('app://hall/kiosk/..%2f..%2fsecret.txt')).toBeNull();
    expect(resolve('app://hall/kiosk/a%5c..%5csecret')).toBeNull();
    expect(resolve('app://hall/kiosk/%00.js')).toBeNull();
    expect(resolve('app://other/kiosk/')).toBeNull();
    expect(resolve('file:///srv/dist/renderer/kiosk/index.html')).toBeNull();
  });
});

describe('renderer crash or hang', () => {
  it('reloads at once, then backs off when crashes repeat within a minute, and forgives after', () => {
    const guard = new ReloadGuard(60_000, 3, 30_000);
    const t0 = 1_000_000;
    expect([0, 1, 2].map((i) => guard.nextDelay(t0 + i * 1000))).toEqual([0, 0, 0]);
    expect(guard.nextDelay(t0 + 3000)).toBe(1000);
    expect(guard.nextDelay(t0 + 4000)).toBe(2000);
    for (let i = 0; i < 10; i++) guard.nextDelay(t0 + 5000 + i);
    expect(guard.nextDelay(t0 + 6000)).toBe(30_000);
    expect(guard.nextDelay(t0 + 200_000)).toBe(0);
  });
});

describe('npm run kiosk', () => {
  it('finds the Electron binary through path.txt, and reports none when the download never happened', () => {
    const root = '/app';
    const pathTxt = join(root, 'node_modules', 'electron', 'path.txt');
    const bin = join(root, 'node_modules', 'electron', 'dist', 'electron');
    expect(electronBinary(root, { exists: () => false, read: () => '' })).toBeNull();
    expect(electronBinary(root, { exists: (p) => p === pathTxt, read: () => 'electron' })).toBeNull();
    expect(electronBinary(root, { exists: (p) => p === pathTxt || p === bin, read: () => 'electron\n' })).toBe(bin);
  });
});
