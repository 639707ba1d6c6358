// The kiosk agent's interface as the kiosk app sees it: one typed API, two transports (Electron IPC, localhost HTTP).
import type { ClosureView } from '../core/hall-calendar.ts';
import type { LocalizedNames, PriorityReason } from '../core/model.ts';
import type { CertificateContent as CertificatePreview } from '../core/certificates.ts';
import type { CaseView } from '../core/cases.ts';
import type { CertificateOffers } from './certificates-client.ts';
import type { Matter } from '../core/matters.ts';
import type { MatterTopics, PopularMatter } from './matters-client.ts';

export type { CaseView, CertificateOffers, CertificatePreview };

export type PrinterState = 'ready' | 'paper_near_end' | 'paper_out' | 'cover_open' | 'offline' | 'absent';
export type ReaderState = 'ready' | 'disconnected' | 'absent';

export interface KioskStatus {
  /** The hall server answered recently. */
  online: boolean;
  /** Outbox operations not yet applied by the hall server. */
  pendingOps: number;
  lastSyncAt: string | null;
  deviceName: string | null;
  kioskNumber: number | null;
  hallName: string;
  hallNames?: LocalizedNames;
  printer: PrinterState;
  reader: ReaderState;
  /** When the queue figures shown were last fetched from the hall server. */
  estimatesAsOf: string | null;
  /** The A4 certificate printer (CUPS queue KIOSK_DOCUMENT_PRINTER); absent: the kiosk offers no certificates. */
  documentPrinter?: DocumentPrinterState;
}

export interface KioskService {
  id: string;
  code: string;
  name: string;
  names?: LocalizedNames;
  prefix: string;
  category: string | null;
  categoryNames?: LocalizedNames;
  open: boolean;
  /** Counters open (signed in, paused or not) for this service now; 0: nobody will call its tickets yet. Null offline. */
  openCounters?: number | null;
  /** Why walk-in tickets are refused now and when they are taken again (core/hall-calendar.ts); null or absent: taken. */
  closure?: ClosureView | null;
  waiting: number | null;
  estimatedWaitSeconds: number | null;
  /** True when the figures are the last known ones (the hall server is unreachable). */
  estimateStale: boolean;
}

export interface KioskTicket {
  id: string;
  number: string;
  serviceId: string;
  serviceName: string;
  issuedAt: string;
  ahead: number | null;
  estimatedWaitSeconds: number | null;
  estimateStale: boolean;
  priority: boolean;
  appointment: boolean;
  maskedName: string | null;
  /** Issued from the kiosk's own lease while the hall server was unreachable. */
  offline: boolean;
  /** The mobile ticket page, printed as the QR code and shown on screen when the printer cannot print. */
  qrUrl: string;
}

export interface PrintOutcome {
  status: 'printed' | 'failed';
  /**
   * Why it failed (the ticket is valid all the same: show its QR code): PAPER_OUT, COVER_OPEN, PRINTER_OFFLINE,
   * PRINTER_NOT_RESPONDING, PRINTER_DISCONNECTED, PRINTER_NO_FONT, PRINTER_ABSENT (no printer configured), PRINTER_FAILED.
   */
  error?: { code: string; message: string };
}

export interface IssueOutcome {
  ticket: KioskTicket;
  print: PrintOutcome;
}

/** What the screen may show of the card on the reader: masked only. */
export interface PresentedCard {
  maskedName: string;
  maskedIdNumber: string;
  elderly: boolean;
  cardKind: 'resident' | 'hmt_permit' | 'foreigner';
}

export type AgentEvent =
  | { type: 'status'; status: KioskStatus }
  | { type: 'card'; card: PresentedCard }
  | { type: 'card.removed' }
  | { type: 'card.error'; error: { code: string; message: string } };

export interface IssueRequest {
  serviceId: string;
  priority?: PriorityReason | null;
  /** Use the card currently on the reader (per-person limit, elderly priority, masked name on the ticket). */
  withCard?: boolean;
  /** The guide's matter the ticket is for (取号办理), recorded by the hall when it issues online. */
  matterCode?: string;
}

/** The card's values for a pre-filing form (fromIdCard): the number masked, the rest clear on the kiosk screen only. */
export interface CardPrefill {
  maskedIdNumber: string;
  name: string;
  gender: '男' | '女' | null;
  birthDate: string | null;
  /** The reader gives no address: the visitor types it. */
  address: string | null;
}

export interface PrefileRequest {
  matterCode: string;
  fields: Record<string, string>;
  /** The 告知承诺, accepted and signed: a PNG data URL or base64, at most 200 KB. */
  commitment?: { accepted: true; signaturePng: string };
}

export interface PrefileOutcome extends IssueOutcome {
  draftId: string;
}

/** The service guide (办事指南) as the kiosk browses it: by text or pinyin initials, category or life event. */
export interface GuideQuery {
  q?: string;
  category?: string;
  lifeEvent?: string;
}

export interface GuideAnswer {
  items: Matter[];
  topics: MatterTopics;
  /** 常用服务: the matters most tickets were taken for in the last 30 days. */
  popular: PopularMatter[];
  /** The phone page of a matter ("扫码带走"), `{code}` to fill in. */
  matterUrl: string;
}

export interface CheckInRequest {
  code?: string;
  withCard?: boolean;
}

/**
 * Refusals carry the hall's error codes (PERSON_LIMIT_REACHED, …) so the screen can say what to do next. The agent adds:
 * NO_CARD (withCard but no card on the reader), APPOINTMENT_NEEDS_NETWORK (check-in while the hall server is unreachable),
 * NOT_CONFIGURED (the agent has never reached the hall server), NO_NUMBERS_LEFT, SERVICE_NOT_FOUND, TICKET_NOT_FOUND,
 * AGENT_FAILED; the HTTP client adds AGENT_UNREACHABLE. Offline the agent itself refuses PERSON_LIMIT_REACHED and SERVICE_CLOSED.
 * Card errors (`card.error` events) are CARD_ + the reader's code (CARD_UNSUPPORTED_CARD, CARD_READ_FAILED, …).
 */
export class AgentError extends Error {
  constructor(
    readonly code: string,
    message: string,
    /** What the hall server said besides (e.g. `nextOpening` of a closed service). */
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = 'AgentError';
  }
}

export type DocumentPrinterState = 'ready' | 'paper_out' | 'jam' | 'door_open' | 'error' | 'offline' | 'stopped' | 'absent';

/** 进度查询 of POST /local/cases/query: by the receipt number, or (none given) by the card on the reader. */
export interface CaseProgressQuery {
  receiptNumber?: string;
}

/** A certificate for the card now on the reader; `period` is one of the offer's period keys where the type has periods. */
export interface CertificateRequest {
  type: string;
  period?: string;
}

/** 201 of POST /local/certificates: answered once the print system reports the job completed. */
export interface CertificatePrintOutcome {
  certificateId: string;
  status: 'printed';
}

export interface KioskAgentApi {
  status(): Promise<KioskStatus>;
  services(): Promise<KioskService[]>;
  issueTicket(request: IssueRequest): Promise<IssueOutcome>;
  checkIn(request: CheckInRequest): Promise<IssueOutcome>;
  reprint(ticketId: string): Promise<PrintOutcome>;
  /**
   * Certificates for the card on the reader (证明打印). Errors: NO_CARD, NO_RECORD, DAILY_LIMIT_REACHED, HALL_UNREACHABLE
   * (certificates need the hall server: offer a ticket instead), PRINTER_ABSENT and PRINTER_* (PAPER_OUT, JAM, DOOR_OPEN,
   * OFFLINE, STOPPED, ERROR, FAILED, TIMEOUT): the same certificate prints again for 10 minutes without a second record.
   */
  certificateOffers(): Promise<CertificateOffers>;
  certificatePreview(request: CertificateRequest): Promise<CertificatePreview>;
  printCertificate(request: CertificateRequest): Promise<CertificatePrintOutcome>;
  /** The idle timeout: the card's identity leaves the agent's memory now, so the next visitor cannot use it. */
  forgetCard(): Promise<void>;
  /** The service guide from the hall server; HALL_UNREACHABLE while it cannot be reached. */
  guide(query: GuideQuery): Promise<GuideAnswer>;
  /** Prints a matter's 材料清单 on the ticket printer (the matter as last read from the guide, or from the hall server). */
  printChecklist(code: string): Promise<PrintOutcome>;
  /**
   * 进度查询: with a receipt number (typed, or the slip's QR from the hand scanner), that case, masked; without one, the
   * cases of the card on the reader. Errors: NO_CARD, RECEIPT_NUMBER_INVALID (a typo), CASE_NOT_FOUND, HALL_UNREACHABLE.
   */
  caseProgress(query: CaseProgressQuery): Promise<{ cases: CaseView[] }>;
  /** 自助申报: the card's values for a pre-filing form, shown on this screen only while the card is on the reader. NO_CARD. */
  prefileCard(): Promise<CardPrefill>;
  /**
   * 自助申报: sends the form with the card on the reader to the hall and prints the ticket linked to the draft.
   * Errors: NO_CARD, VALIDATION_FAILED with `field` (fields.<key>), MATTER_NOT_PREFILEABLE, HALL_UNREACHABLE (offer a normal ticket).
   */
  prefile(request: PrefileRequest): Promise<PrefileOutcome>;
  subscribe(listener: (event: AgentEvent) => void): () => void;
}
