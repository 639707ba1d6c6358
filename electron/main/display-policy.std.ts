// The display shell's rules without Electron: the board's address, the one origin it may show, the switches that let
// it sound with nobody to tap it, its window, and the environment it needs.
import { z } from 'zod';
import { counterNavigationAllowed } from './counter-policy.std.ts';

/**
 * Chromium switches set before the app is ready. A wall-mounted TV has no one to give the page a user gesture,
 * so the autoplay policy must not ask for one (the board raises display_audio_blocked if sound is still refused).
 */
export const DISPLAY_SWITCHES: readonly (readonly [string, string])[] = [['autoplay-policy', 'no-user-gesture-required']];

/** The board's languages: renderer/shared/i18n.ts LANGS (not imported: that module creates the page's store). */
export const DISPLAY_LANGS = ['zh-CN', 'zh-TW', 'en', 'ja'] as const;

export const DisplayShellEnv = z.object({
  HALL_URL: z.url({ protocol: /^https?$/ }),
  /** The display device's token (POST /api/v1/devices, kind display): needed on the first start only, the page keeps it. */
  DISPLAY_TOKEN: z
    .string()
    .regex(/^[A-Za-z0-9_-]{16,256}$/, 'the display device token as the hall issued it')
    .optional(),
  DISPLAY_LANG: z.enum(DISPLAY_LANGS).optional(),
  /** The hall's CA certificate (PEM) when the hall serves HTTPS with its own CA (hall-certificate.std.ts). */
  HALL_CA: z.string().min(1).optional(),
});
export type DisplayShellEnv = z.infer<typeof DisplayShellEnv>;

export const DISPLAY_SHELL_USAGE = 'usage: HALL_URL=http://hall:8080 [DISPLAY_TOKEN=<display device token>] [DISPLAY_LANG=zh-CN|zh-TW|en|ja] npm run display';

/** One line per problem, so a misconfigured board PC says what to fix instead of showing an empty screen. */
export function parseDisplayShellEnv(env: Record<string, string | undefined>): { ok: true; env: DisplayShellEnv } | { ok: false; problems: string[] } {
  const parsed = DisplayShellEnv.safeParse(env);
  if (parsed.success) return { ok: true, env: parsed.data };
  return { ok: false, problems: parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`) };
}

/** The hall's own board page; a token given here is moved into the page's storage and out of the address by the page. */
export function displayBoardUrl(hallUrl: string, options: { token?: string | undefined; lang?: string | undefined } = {}): string {
  const url = new URL('/display/', hallUrl);
  if (options.token) url.searchParams.set('token', options.token);
  if (options.lang) url.searchParams.set('lang', options.lang);
  return url.href;
}

/** will-navigate / will-redirect / frames: the same rule as the counter shell, pages of the hall's origin only. */
export const displayNavigationAllowed = counterNavigationAllowed;

/** The board's window: fullscreen kiosk, isolated and sandboxed, no Node, no devtools, never throttled while hidden. */
export const DISPLAY_WINDOW = {
  kiosk: true,
  fullscreen: true,
  autoHideMenuBar: true,
  backgroundColor: '#061329',
  show: false,
  webPreferences: {
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    devTools: false,
    spellcheck: false,
    autoplayPolicy: 'no-user-gesture-required',
    backgroundThrottling: false,
  },
} as const;

/** A TV shows no mouse pointer. */
export const DISPLAY_CSS = '* { cursor: none !important; }';
