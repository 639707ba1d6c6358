// When a shell updates itself (electron-updater, generic feed at <hall>/updates/<shell>/): it checks and downloads in
// the background, and installs (a restart of about a minute) only inside the install window (default 20:00–07:00, the
// hall closed), when nobody has touched the machine for a while, and never while a visitor is being served.
import { z } from 'zod';

export type ShellKind = 'kiosk' | 'counter' | 'display';

/** The feed a shell's installers are published to: electron-builder's generic provider reads `latest.yml` there. */
export function updateFeedUrl(hallUrl: string, shell: ShellKind): string {
  return `${hallUrl.replace(/\/+$/, '')}/updates/${shell}/`;
}

/** HALL_UPDATE_WINDOW "20-7": install from 20:00 until 07:00 local time (may wrap past midnight); "off" never. */
export const UpdateWindow = z
  .string()
  .regex(/^(off|([01]?\d|2[0-3])-([01]?\d|2[0-3]))$/, 'an install window as from-to hours, e.g. 20-7, or off')
  .default('20-7');

export interface InstallState {
  /** An update has been downloaded and verified. */
  downloaded: boolean;
  /** A visitor is being served: a kiosk mid-issue or printing, a counter with a ticket called or serving. */
  visitorSession: boolean;
  /** Seconds since the last touch, key or mouse (Electron's powerMonitor.getSystemIdleTime). */
  idleSeconds: number;
  /** The local hour, 0–23. */
  hour: number;
}

/** A kiosk's screen returns to its start page after its idle limit (a minute or two) untouched: wait well past that. */
export const IDLE_SECONDS: Record<ShellKind, number> = { kiosk: 600, counter: 600, display: 0 };

export function inWindow(window: string, hour: number): boolean {
  if (window === 'off') return false;
  const [from, to] = window.split('-').map(Number) as [number, number];
  return from <= to ? hour >= from && hour < to : hour >= from || hour < to;
}

/** Install now, or why not yet (for the shell's log). */
export function installDecision(shell: ShellKind, state: InstallState, window = '20-7'): { install: true } | { install: false; why: string } {
  if (!state.downloaded) return { install: false, why: 'no update downloaded' };
  if (state.visitorSession) return { install: false, why: "a visitor's session is open" };
  if (!inWindow(window, state.hour)) return { install: false, why: `outside the install window ${window}` };
  if (state.idleSeconds < IDLE_SECONDS[shell]) return { install: false, why: `used ${Math.round(state.idleSeconds)} s ago` };
  return { install: true };
}

/** How often a shell asks the feed for a new version. */
export const CHECK_EVERY_MS = 4 * 60 * 60 * 1000;
/** How often a downloaded update is offered to installDecision. */
export const DECIDE_EVERY_MS = 60 * 1000;
