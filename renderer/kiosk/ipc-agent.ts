// The kiosk agent over Electron IPC: the preload's bridge, with envelopes turned back into values and AgentErrors.
import { AgentError } from '../../client/kiosk-agent.ts';
import type { KioskAgentApi } from '../../client/kiosk-agent.ts';
import type { BridgeResult, KioskBridge } from '../../electron/shared/kiosk-bridge.std.ts';

async function unwrap<T>(call: Promise<BridgeResult<T>>): Promise<T> {
  const result = await call;
  if (!result.ok) throw new AgentError(result.error.code, result.error.message);
  return result.value;
}

export function ipcAgent(bridge: KioskBridge): KioskAgentApi {
  return {
    status: () => unwrap(bridge.status()),
    services: () => unwrap(bridge.services()),
    issueTicket: (request) => unwrap(bridge.issueTicket(request)),
    checkIn: (request) => unwrap(bridge.checkIn(request)),
    reprint: (ticketId) => unwrap(bridge.reprint(ticketId)),
    certificateOffers: () => unwrap(bridge.certificateOffers()),
    certificatePreview: (request) => unwrap(bridge.certificatePreview(request)),
    printCertificate: (request) => unwrap(bridge.printCertificate(request)),
    forgetCard: () => unwrap(bridge.forgetCard()),
    subscribe: (listener) => bridge.onAgentEvent(listener),
  };
}
