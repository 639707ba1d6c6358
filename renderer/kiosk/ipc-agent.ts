// The kiosk agent over Electron IPC: the preload's bridge, with envelopes turned back into values and AgentErrors (with details).
import { AgentError } from '../../client/kiosk-agent.ts';
import type { KioskAgentApi } from '../../client/kiosk-agent.ts';
import { parseBridgeError } from '../../electron/shared/bridge-error.std.ts';
import type { BridgeResult, KioskBridge } from '../../electron/shared/kiosk-bridge.std.ts';

async function unwrap<T>(call: Promise<BridgeResult<T>>): Promise<T> {
  const result = await call;
  if (!result.ok) {
    const { code, message, details } = parseBridgeError(result.error);
    throw new AgentError(code, message, details);
  }
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
    guide: (query) => unwrap(bridge.guide(query)),
    printChecklist: (code) => unwrap(bridge.printChecklist(code)),
    caseProgress: (query) => unwrap(bridge.caseProgress(query)),
    prefileCard: () => unwrap(bridge.prefileCard()),
    prefile: (request) => unwrap(bridge.prefile(request)),
    subscribe: (listener) => bridge.onAgentEvent(listener),
  };
}
