// Every IPC channel between the kiosk window and the main process, in one place (preload and main import these).
export const IPC = {
  agentStatus: 'kiosk-agent:status',
  agentServices: 'kiosk-agent:services',
  agentIssueTicket: 'kiosk-agent:issue-ticket',
  agentCheckIn: 'kiosk-agent:check-in',
  agentReprint: 'kiosk-agent:reprint',
  agentCertificateOffers: 'kiosk-agent:certificate-offers',
  agentCertificatePreview: 'kiosk-agent:certificate-preview',
  agentPrintCertificate: 'kiosk-agent:print-certificate',
  agentForgetCard: 'kiosk-agent:forget-card',
  agentGuide: 'kiosk-agent:guide',
  agentPrintChecklist: 'kiosk-agent:print-checklist',
  agentCaseProgress: 'kiosk-agent:case-progress',
  agentPrefileCard: 'kiosk-agent:prefile-card',
  agentPrefile: 'kiosk-agent:prefile',
  /** main → renderer: one AgentEvent per message. */
  agentEvent: 'kiosk-agent:event',
  /** renderer → main, fire-and-forget: an uncaught renderer error for the shell's log. */
  rendererError: 'kiosk:renderer-error',
} as const;

export type IpcChannel = (typeof IPC)[keyof typeof IPC];
