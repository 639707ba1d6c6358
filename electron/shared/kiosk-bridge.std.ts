// The typed API the preload exposes as window.kioskBridge: invoke-style calls, one fire-and-forget, one listener.
import type {
  AgentEvent,
  CaseProgressQuery,
  CaseView,
  CardPrefill,
  CertificateOffers,
  CertificatePreview,
  CertificatePrintOutcome,
  CertificateRequest,
  CheckInRequest,
  GuideAnswer,
  GuideQuery,
  IssueOutcome,
  IssueRequest,
  KioskService,
  KioskStatus,
  PrefileOutcome,
  PrefileRequest,
  PrintOutcome,
} from '../../client/kiosk-agent.ts';
import type { BridgeError } from './bridge-error.std.ts';

/** IPC cannot carry an error's class or code, so every call answers with an envelope. */
export type BridgeResult<T> = { ok: true; value: T } | { ok: false; error: BridgeError };

export interface KioskBridge {
  status(): Promise<BridgeResult<KioskStatus>>;
  services(): Promise<BridgeResult<KioskService[]>>;
  issueTicket(request: IssueRequest): Promise<BridgeResult<IssueOutcome>>;
  checkIn(request: CheckInRequest): Promise<BridgeResult<IssueOutcome>>;
  reprint(ticketId: string): Promise<BridgeResult<PrintOutcome>>;
  certificateOffers(): Promise<BridgeResult<CertificateOffers>>;
  certificatePreview(request: CertificateRequest): Promise<BridgeResult<CertificatePreview>>;
  printCertificate(request: CertificateRequest): Promise<BridgeResult<CertificatePrintOutcome>>;
  forgetCard(): Promise<BridgeResult<void>>;
  guide(query: GuideQuery): Promise<BridgeResult<GuideAnswer>>;
  printChecklist(code: string): Promise<BridgeResult<PrintOutcome>>;
  caseProgress(query: CaseProgressQuery): Promise<BridgeResult<{ cases: CaseView[] }>>;
  prefileCard(): Promise<BridgeResult<CardPrefill>>;
  prefile(request: PrefileRequest): Promise<BridgeResult<PrefileOutcome>>;
  reportError(message: string): void;
  /** Returns the unsubscribe function; the listener never sees the IPC event object. */
  onAgentEvent(listener: (event: AgentEvent) => void): () => void;
}

export const BRIDGE_GLOBAL = 'kioskBridge';
