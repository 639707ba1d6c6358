// The display shell's rules, without Electron: the switch that lets a TV sound unattended, the locked window, the
// board's address and its one origin, the environment check.
import { describe, expect, it } from 'vitest';
import { LANGS } from '../../renderer/shared/i18n.ts';
import {
  DISPLAY_LANGS,
  DISPLAY_SWITCHES,
  DISPLAY_WINDOW,
  displayBoardUrl,
  displayNavigationAllowed,
  parseDisplayShellEnv,
} from '../../electron/main/display-policy.std.ts';

const HALL = 'http://hall.local:8080';
const TOKEN = 'x1FQ0f8R3v-Q_eWmNqk2gH5L9TzA7c0bYdUoPs4rKiE';

describe('sound without a tap', () => {
  it('turns off the gesture requirement for autoplay, on the command line and in the window', () => {
    expect(DISPLAY_SWITCHES).toContainEqual(['autoplay-policy', 'no-user-gesture-required']);
    expect(DISPLAY_WINDOW.webPreferences.autoplayPolicy).toBe('no-user-gesture-required');
  });
});

describe('the window', () => {
  it('is a fullscreen kiosk, isolated, sandboxed, without Node or devtools, and not throttled', () => {
    expect(DISPLAY_WINDOW).toMatchObject({ kiosk: true, fullscreen: true, show: false });
    expect(DISPLAY_WINDOW.webPreferences).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      devTools: false,
      backgroundThrottling: false,
    });
    // No preload: the board needs nothing from the main process.
    expect(DISPLAY_WINDOW.webPreferences).not.toHaveProperty('preload');
  });
});

describe('the board and its origin', () => {
  it('loads /display/ of the hall, with the token and language when given', () => {
    expect(displayBoardUrl(HALL)).toBe('http://hall.local:8080/display/');
    expect(displayBoardUrl('https://hall.example/some/path', { token: TOKEN, lang: 'ja' })).toBe(`https://hall.example/display/?token=${TOKEN}&lang=ja`);
  });

  it('allows navigation only within the hall origin', () => {
    for (const url of ['http://hall.local:8080/display/', 'http://hall.local:8080/display/?lang=en', 'http://hall.local:8080/voice/qing.wav']) {
      expect(displayNavigationAllowed(HALL, url), url).toBe(true);
    }
    for (const url of [
      'http://hall.local:8081/display/',
      'https://hall.local:8080/display/',
      'http://evil.local:8080/display/',
      'file:///etc/passwd',
      'app://hall/kiosk/',
      'javascript:alert(1)',
      'chrome://settings',
      'not a url',
    ]) {
      expect(displayNavigationAllowed(HALL, url), url).toBe(false);
    }
  });
});

describe('the environment', () => {
  it('needs the hall; the token and language are optional', () => {
    expect(parseDisplayShellEnv({ HALL_URL: HALL, PATH: '/usr/bin' })).toEqual({ ok: true, env: { HALL_URL: HALL } });
    expect(parseDisplayShellEnv({ HALL_URL: HALL, DISPLAY_TOKEN: TOKEN, DISPLAY_LANG: 'en' })).toEqual({
      ok: true,
      env: { HALL_URL: HALL, DISPLAY_TOKEN: TOKEN, DISPLAY_LANG: 'en' },
    });
  });

  it('offers exactly the languages of the board', () => {
    expect(DISPLAY_LANGS).toEqual(LANGS);
  });

  it('names every problem: no hall, a non-http hall, a malformed token, an unknown language', () => {
    const missing = parseDisplayShellEnv({});
    expect(missing.ok).toBe(false);
    if (!missing.ok) expect(missing.problems.some((p) => p.startsWith('HALL_URL:'))).toBe(true);
    for (const env of [
      { HALL_URL: 'file:///srv/hall' },
      { HALL_URL: 'hall:8080' },
      { HALL_URL: HALL, DISPLAY_TOKEN: 'short' },
      { HALL_URL: HALL, DISPLAY_TOKEN: `${TOKEN}"><script>` },
      { HALL_URL: HALL, DISPLAY_LANG: 'fr' },
    ]) {
      const parsed = parseDisplayShellEnv(env);
      expect(parsed.ok, JSON.stringify(env)).toBe(false);
    }
  });
});
