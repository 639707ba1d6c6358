// The counter shell's rules without Electron: the one origin its window may show, and the environment it and the bridge need.
import { bridgeUsage, parseBridgeEnv, type BridgeEnv } from '../counter-bridge/env.ts';

/** The console is the hall's own page; ?counter= makes it take the bridge's counter after sign-in, so keys and screen agree. */
export function counterConsoleUrl(hallUrl: string, counterId: string): string {
  const url = new URL('/counter/', hallUrl);
  url.searchParams.set('counter', counterId);
  return url.href;
}

/** will-navigate / will-redirect / frames: only pages of the hall's origin (no file:, app:, other hosts or ports). */
export function counterNavigationAllowed(hallUrl: string, url: string): boolean {
  try {
    const target = new URL(url);
    return (target.protocol === 'http:' || target.protocol === 'https:') && target.origin === new URL(hallUrl).origin;
  } catch {
    return false;
  }
}

/** The shell checks the bridge's own settings before forking it. */
export const parseCounterShellEnv = parseBridgeEnv;
export type CounterShellEnv = BridgeEnv;

export const COUNTER_SHELL_USAGE = bridgeUsage('npm run counter');
