// One typed agent for the app: Electron IPC when the shell's preload is there, the agent's loopback port in browser mode.
import { KIOSK_AGENT_URL, KioskAgentHttpClient } from '../../client/kiosk-agent-http.ts';
import type { KioskAgentApi } from '../../client/kiosk-agent.ts';
import { BRIDGE_GLOBAL, type KioskBridge } from '../../electron/shared/kiosk-bridge.std.ts';
import { ipcAgent } from './ipc-agent.ts';

/** ?agent= may name another loopback port (tests, two kiosks on one PC); nothing off the machine. */
export function agentUrlFrom(search: string): string {
  const asked = new URLSearchParams(search).get('agent');
  if (!asked) return KIOSK_AGENT_URL;
  try {
    const url = new URL(asked);
    const loopback = url.hostname === '127.0.0.1' || url.hostname === 'localhost' || url.hostname === '[::1]';
    return url.protocol === 'http:' && loopback ? url.origin : KIOSK_AGENT_URL;
  } catch {
    return KIOSK_AGENT_URL;
  }
}

export function connectAgent(): KioskAgentApi {
  const bridge = (globalThis as Record<string, unknown>)[BRIDGE_GLOBAL] as KioskBridge | undefined;
  if (bridge) return ipcAgent(bridge);
  // Issuing answers within about two seconds even offline; the margin covers a slow printer.
  return new KioskAgentHttpClient(agentUrlFrom(location.search), { timeoutMs: 8000 });
}
