// The kiosk window's only door to the main process: a fixed, typed API; ipcRenderer itself never crosses the bridge.
import { contextBridge, ipcRenderer } from 'electron';
import type { AgentEvent, CaseProgressQuery, CertificateRequest, CheckInRequest, GuideQuery, IssueRequest, PrefileRequest } from '../../client/kiosk-agent.ts';
import { IPC } from '../shared/ipc-channels.std.ts';
import { BRIDGE_GLOBAL, type KioskBridge } from '../shared/kiosk-bridge.std.ts';

const bridge: KioskBridge = {
  status: () => ipcRenderer.invoke(IPC.agentStatus),
  services: () => ipcRenderer.invoke(IPC.agentServices),
  issueTicket: (request: IssueRequest) => ipcRenderer.invoke(IPC.agentIssueTicket, request),
  checkIn: (request: CheckInRequest) => ipcRenderer.invoke(IPC.agentCheckIn, request),
  reprint: (ticketId: string) => ipcRenderer.invoke(IPC.agentReprint, ticketId),
  certificateOffers: () => ipcRenderer.invoke(IPC.agentCertificateOffers),
  certificatePreview: (request: CertificateRequest) => ipcRenderer.invoke(IPC.agentCertificatePreview, request),
  printCertificate: (request: CertificateRequest) => ipcRenderer.invoke(IPC.agentPrintCertificate, request),
  forgetCard: () => ipcRenderer.invoke(IPC.agentForgetCard),
  guide: (query: GuideQuery) => ipcRenderer.invoke(IPC.agentGuide, query),
  printChecklist: (code: string) => ipcRenderer.invoke(IPC.agentPrintChecklist, code),
  caseProgress: (query: CaseProgressQuery) => ipcRenderer.invoke(IPC.agentCaseProgress, query),
  prefileCard: () => ipcRenderer.invoke(IPC.agentPrefileCard),
  prefile: (request: PrefileRequest) => ipcRenderer.invoke(IPC.agentPrefile, request),
  reportError: (message: string) => ipcRenderer.send(IPC.rendererError, String(message).slice(0, 2000)),
  onAgentEvent(listener: (event: AgentEvent) => void) {
    const forward = (_event: Electron.IpcRendererEvent, agentEvent: AgentEvent) => listener(agentEvent);
    ipcRenderer.on(IPC.agentEvent, forward);
    return () => {
      ipcRenderer.removeListener(IPC.agentEvent, forward);
    };
  },
};

contextBridge.exposeInMainWorld(BRIDGE_GLOBAL, bridge);
