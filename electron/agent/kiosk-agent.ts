// The kiosk agent: issues tickets online or from its own number lease, keeps them in a local outbox and pushes them to the hall server exactly once.
import { randomBytes, randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { HallApiError, HallClient, type DeviceAlert } from '../../client/hall-client.ts';
import { certificateOffers, certificateOutcome, certificatePreview, issueCertificate } from '../../client/certificates-client.ts';
import { getMatter, matterTopics, popularMatters, searchMatters } from '../../client/matters-client.ts';
import { checklistLines, type Matter } from '../../core/matters.ts';
import { queryCases } from '../../client/cases-client.ts';
import {
  AgentError,
  type AgentEvent,
  type CaseProgressQuery,
  type CaseView,
  type CardPrefill,
  type CertificateOffers,
  type CertificatePreview,
  type CertificatePrintOutcome,
  type CertificateRequest,
  type DocumentPrinterState,
  type CheckInRequest,
  type GuideAnswer,
  type GuideQuery,
  type IssueOutcome,
  type IssueRequest,
  type KioskAgentApi,
  type KioskService,
  type KioskStatus,
  type KioskTicket,
  type PrefileOutcome,
  type PrefileRequest,
  type PrintOutcome,
} from '../../client/kiosk-agent.ts';
import type { ServiceView, TicketView } from '../../core/engine.ts';
import { ageOn, maskIdNumber, maskName } from '../../core/id-card.ts';
import { sealIdNumber } from '../../core/id-seal.ts';
import type { PriorityReason } from '../../core/model.ts';
import { personHash } from '../../core/person-hash.ts';
import { fallbackNumber, type SyncOp, type SyncResult } from '../../core/sync.ts';
import { hallDay, isoInZone } from '../../core/time.ts';
import { walkInClosure, type ClosureView } from '../../core/hall-calendar.ts';
import { formatTicketNumber } from '../../core/ordering.ts';
import type { IdCardReader, TicketPrinter } from '../../drivers/index.ts';
import { AgentStore, type LocalTicket, type StoredConfig } from './agent-store.ts';
import { KioskDevices, type HeldCard, type SerialDeviceOptions } from './devices.ts';
import { CupsDocumentPrinter, faultOf, type CupsPrinterOptions, type DocumentPrinter, type DocumentPrintResult } from './document-printer.ts';

export interface KioskAgentOptions {
  /** The hall server, e.g. http://10.0.0.2:8080. */
  serverUrl: string;
  /** The kiosk's device token (POST /api/v1/devices, kind kiosk). */
  token: string;
  /** Holds kiosk-agent.db and kiosk-person.key (this kiosk's own key for its offline limits; no hall secret). */
  dataDir: string;
  /** A serial ESC/POS printer (path, baud) or any TicketPrinter; none: tickets are shown on screen only. */
  printer?: SerialDeviceOptions | TicketPrinter | undefined;
  /** A serial SAM ID reader or any IdCardReader; none: no card features. */
  reader?: (SerialDeviceOptions & { pollMs?: number }) | IdCardReader | undefined;
  /** The A4 certificate printer: a CUPS queue (KIOSK_DOCUMENT_PRINTER) or any DocumentPrinter; none: no certificates. */
  documentPrinter?: CupsPrinterOptions | DocumentPrinter | undefined;
  /** How often the certificate printer's state is read for the status line and device alerts. */
  documentPrinterPollMs?: number;
  /** How long the card stays in memory after each certificate step (the visitor reads the preview). */
  certificateHoldMs?: number;
  /** The wait for the hall server's answer to a ticket before the lease numbers it (a visitor gets a ticket in under 2 s). */
  issueTimeoutMs?: number;
  /** Limit of sync requests (config, push, leases, queue). */
  requestTimeoutMs?: number;
  /** Pause between sync rounds while the hall server answers. */
  syncIntervalMs?: number;
  /** Retry pauses after failed sync rounds while the hall server answers double from min to max. */
  backoffMinMs?: number;
  backoffMaxMs?: number;
  /** Offline, a health probe every 0.5–1 times this (jitter), each with this limit: the server's return is seen within twice this. */
  probeIntervalMs?: number;
  /** Operations per push request (the hall server takes at most 500). */
  pushBatchSize?: number;
  /** How long a card's identity stays in memory when no ticket uses it. */
  cardHoldMs?: number;
  /** How often the sync configuration (services, settings) is fetched again. */
  configRefreshMs?: number;
  now?: () => number;
  log?: (line: string) => void;
  fetch?: typeof fetch;
}

/** The agent object both transports (Electron IPC, localhost HTTP) wrap. */
export interface KioskAgent extends KioskAgentApi {
  start(): Promise<void>;
  stop(): Promise<void>;
  /** Runs a sync round now (push, leases, queue) and resolves when it is over. */
  syncNow(): Promise<void>;
}

/** Clock differences below this are the Date header's own rounding, not skew. */
const SKEW_THRESHOLD_MS = 2000;
/** A health answer takes milliseconds; a server that holds it longer is not one to push to. */
const PROBE_TIMEOUT_MS = 2000;
/** Days of tickets kept for reprints and the staff's questions; settled ones older than that are deleted. */
const KEEP_DAYS = 7;
/** The hall server refuses bodies over 64 KB. */
const PUSH_BODY_BYTES = 60_000;
/** A check-in retried within this time reuses its Idempotency-Key, so a lost answer is replayed, not refused. */
const CHECK_IN_RETRY_MS = 120_000;

/** A certificate whose print failed prints again under the same key (the same certificate, no second record) this long. */
const CERTIFICATE_RETRY_MS = 10 * 60_000;

const GUIDE_UNREACHABLE = new AgentError('HALL_UNREACHABLE', '办事指南需要连接大厅服务器，现在连接不上：可先取号到窗口咨询，或稍后再试');
const HALL_UNREACHABLE = new AgentError('HALL_UNREACHABLE', '证明打印需要连接大厅服务器，现在连接不上：请先取号到窗口办理，或稍后再试');

const PREFILE_UNREACHABLE = new AgentError('HALL_UNREACHABLE', '自助申报需要连接大厅服务器，现在连接不上：请取普通号到窗口填写，或稍后再试');
const CERTIFICATE_CARD = { noCard: '请将身份证放在读卡区，再选择要打印的证明', noRecord: '此证件暂不能自助打印证明，请到服务窗口办理' };
const PREFILE_CARD = { noCard: '请将身份证放在读卡区，再填写申报表', noRecord: '此证件暂不能自助申报，请取号到窗口办理' };

/** The 17th digit of a resident ID number: odd for men. */
const genderOf = (idNumber: string | null): '男' | '女' | null =>
  idNumber && /^\d{17}[\dXx]$/.test(idNumber) ? (Number(idNumber[16]) % 2 === 1 ? '男' : '女') : null;

const NEEDS_NETWORK = new AgentError('APPOINTMENT_NEEDS_NETWORK', '预约签到需要连接大厅服务器，请稍后再试，或先取普通号');

/** True for failures that say nothing about the request: the hall server was not reached or could not answer. */
function unreachable(error: unknown): boolean {
  if (error instanceof HallApiError) return error.status >= 500;
  // fetch failures are TypeErrors, limits are TimeoutErrors, and a half-delivered body does not parse.
  return (
    error instanceof TypeError || error instanceof SyntaxError || (error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError'))
  );
}

export function createKioskAgent(options: KioskAgentOptions): KioskAgent {
  return new LocalKioskAgent(options);
}

class LocalKioskAgent implements KioskAgent {
  readonly #o: Required<Omit<KioskAgentOptions, 'printer' | 'reader' | 'fetch' | 'documentPrinter'>> & Pick<KioskAgentOptions, 'fetch'>;
  readonly #store: AgentStore;
  readonly #devices: KioskDevices;
  /** Sync requests; `#issuing` has the short limit a waiting visitor allows. */
  readonly #hall: HallClient;
  /** Matters the guide showed, by code, for printing their checklists. */
  readonly #matters = new Map<string, Matter>();
  readonly #issuing: HallClient;
  /** This kiosk's own HMAC key: person hashes for its offline limits, kept for the day, useless anywhere else. */
  readonly #kioskKey: Buffer;
  #config: StoredConfig | null;
  #configFetchedAt = 0;
  /** The hall's settings revision at the last queue pull (GET /queue `settingsRevision`). */
  #settingsRevision: number | undefined;
  #online = false;
  #skewMs = 0;
  #lastIssuedAt = 0;
  #failures = 0;
  readonly #listeners = new Set<(event: AgentEvent) => void>();
  #lastStatus = '';
  /** Tickets whose direct POST is in flight; any other 'issuing' row was cut short by a crash. */
  readonly #inFlight = new Set<string>();
  readonly #checkInKeys = new Map<string, { key: string; at: number }>();
  #printerAlert: DeviceAlert | null = null;
  #readerAlert: DeviceAlert | null = null;
  readonly #documentPrinter: DocumentPrinter | null;
  #documentPrinterState: DocumentPrinterState;
  #documentPrinterAlert: DeviceAlert | null = null;
  #documentPrinterTimer: NodeJS.Timeout | undefined;
  /** Idempotency-Keys of certificates whose print failed, by person hash + type + period: printing again is the same certificate. */
  readonly #certificateKeys = new Map<string, { key: string; at: number }>();
  #timer: NodeJS.Timeout | undefined;
  #probeTimer: NodeJS.Timeout | undefined;
  #round: Promise<void> | null = null;
  #again = false;
  #stopped = true;

  constructor(options: KioskAgentOptions) {
    this.#o = {
      issueTimeoutMs: 1500,
      requestTimeoutMs: 10_000,
      syncIntervalMs: 5000,
      backoffMinMs: 500,
      backoffMaxMs: 30_000,
      probeIntervalMs: 1000,
      pushBatchSize: 500,
      cardHoldMs: 30_000,
      configRefreshMs: 60_000,
      documentPrinterPollMs: 15_000,
      certificateHoldMs: 120_000,
      now: Date.now,
      log: () => undefined,
      ...options,
    };
    mkdirSync(options.dataDir, { recursive: true });
    this.#store = new AgentStore(join(options.dataDir, 'kiosk-agent.db'));
    this.#kioskKey = kioskKey(options.dataDir, this.#o.log);
    this.#config = this.#store.config();
    const dp = options.documentPrinter;
    this.#documentPrinter = !dp ? null : 'queue' in dp ? new CupsDocumentPrinter(dp) : dp;
    this.#documentPrinterState = this.#documentPrinter ? 'ready' : 'absent';
    const client = { token: options.token, fetch: options.fetch };
    this.#hall = new HallClient(options.serverUrl, { ...client, timeoutMs: this.#o.requestTimeoutMs });
    this.#issuing = new HallClient(options.serverUrl, { ...client, timeoutMs: this.#o.issueTimeoutMs });
    this.#devices = new KioskDevices(
      { printer: options.printer, reader: options.reader },
      {
        changed: () => this.#devicesChanged(),
        card: (card) => this.#emit({ type: 'card', card }),
        cardRemoved: () => this.#emit({ type: 'card.removed' }),
        cardError: (error) => this.#emit({ type: 'card.error', error }),
      },
      this.#o.cardHoldMs,
      () => this.#today(),
      () => this.#config?.settings.elderlyAge ?? 70,
    );
  }

  async start(): Promise<void> {
    this.#stopped = false;
    this.#devices.start();
    this.#schedule(0);
    if (this.#documentPrinter) void this.#watchDocumentPrinter();
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    clearTimeout(this.#timer);
    clearTimeout(this.#probeTimer);
    clearTimeout(this.#documentPrinterTimer);
    await this.#round;
    await this.#devices.stop();
    this.#listeners.clear();
    this.#store.close();
  }

  async syncNow(): Promise<void> {
    await this.#round;
    await this.#runRound();
  }

  // ── KioskAgentApi ──

  async status(): Promise<KioskStatus> {
    return this.#status();
  }

  async services(): Promise<KioskService[]> {
    const config = this.#config;
    if (!config) return [];
    const figures = this.#store.queueFigures();
    const now = this.#now();
    return config.services
      .filter((s) => s.active)
      .map((s) => {
        const f = figures?.services[s.id];
        const stale = !this.#online;
        const waiting = f ? f.waiting + (stale ? this.#store.offlineTicketsSince(s.id, figures!.asOf) : 0) : null;
        return {
          id: s.id,
          code: s.code,
          name: s.name,
          // Names and category names come with the cached configuration, so they stay translated offline.
          names: s.names ?? {},
          prefix: s.prefix,
          category: s.category,
          categoryNames: (s.category !== null && config.settings.categoryNames?.[s.category]) || {},
          open: stale || !f ? this.#closure(s, now, config) === null : f.open,
          closure: stale || !f ? this.#closure(s, now, config) : (f.closure ?? null),
          // Who is at a counter is only known live: offline it is unknown, not 0.
          openCounters: stale || f?.openCounters === undefined ? null : f.openCounters,
          waiting,
          estimatedWaitSeconds: f && waiting !== null ? this.#estimate(f, waiting) : null,
          estimateStale: stale || !f,
        };
      });
  }

  async issueTicket(request: IssueRequest): Promise<IssueOutcome> {
    const config = this.#requireConfig();
    const service = config.services.find((s) => s.id === request.serviceId && s.active);
    if (!service) throw new AgentError('SERVICE_NOT_FOUND', '没有找到该事项，请返回重新选择');
    const card = request.withCard ? this.#requireCard() : null;
    const now = this.#issueClock();
    const day = hallDay(now, config.settings.timeZone);
    const hash = card?.idNumber ? personHash(this.#kioskKey, card.idNumber) : null;
    const id = randomUUID();
    // Only the hall server can open it; the clear number goes nowhere else but the direct request's body.
    const sealed = card?.idNumber && config.sealingKey ? sealIdNumber(config.sealingKey, card.idNumber, id) : null;
    const ticket: LocalTicket = {
      id,
      seq: 0,
      day,
      serviceId: service.id,
      serviceName: service.name,
      number: null,
      state: 'issuing',
      issuedAt: now,
      priorityReason: this.#priority(request.priority ?? null, card, day),
      appointment: false,
      personHash: hash,
      maskedIdNumber: card?.presented.maskedIdNumber ?? null,
      maskedName: card?.presented.maskedName ?? null,
      ahead: null,
      estimatedWaitSeconds: null,
      refusal: null,
    };
    // One commit per ticket: the seq, the ticket and its outbox row together.
    const record = (state: 'held' | 'pending') => {
      ticket.seq = this.#store.takeSeq(now);
      this.#store.insertTicket(ticket);
      const op = this.#issueOp(ticket, service.prefix, sealed);
      if (state === 'held') this.#store.insertOp(op, 'held', now);
      return op;
    };

    let issued: LocalTicket;
    if (this.#online) {
      const op = this.#store.transaction(() => record('held'));
      issued = await this.#issueOnline(ticket, op, card, service.prefix, request.matterCode ?? null);
    } else {
      this.#checkOffline(ticket, service, config, hash);
      issued = this.#store.transaction(() => this.#numberOffline(ticket, record('pending'), service.prefix, false));
    }
    if (card) this.#devices.forgetCard();
    this.#emitStatus();
    if (issued.state === 'offline') this.#kick();
    return { ticket: this.#view(issued), print: await this.#print(issued) };
  }

  async checkIn(request: CheckInRequest): Promise<IssueOutcome> {
    const config = this.#requireConfig();
    if (!this.#online) throw NEEDS_NETWORK;
    const card = request.withCard ? this.#requireCard() : null;
    if (!request.code && !card?.idNumber) throw new AgentError('VALIDATION_FAILED', '请输入预约码，或放置预约时使用的身份证');
    const body = {
      ...(request.code ? { code: request.code } : {}),
      ...(card?.idNumber ? { idCardNumber: card.idNumber, personName: card.name } : {}),
    };
    const now = this.#issueClock();
    // The body holds the ID number, so the retry key is kept in memory under its person hash, never the number.
    const retryKey = request.code ?? (card?.idNumber ? personHash(this.#kioskKey, card.idNumber) : '');
    const earlier = this.#checkInKeys.get(retryKey);
    const seq = this.#store.takeSeq(now);
    const key = earlier && now - earlier.at < CHECK_IN_RETRY_MS ? earlier.key : `${config.device.id}:${seq}`;
    this.#checkInKeys.set(retryKey, { key, at: now });
    let answer: TicketView & { ahead: number; estimatedWaitSeconds: number };
    try {
      answer = await this.#issuing.request('POST', '/api/v1/appointments/check-in', body, { 'idempotency-key': key });
    } catch (error) {
      if (unreachable(error)) {
        this.#setOnline(false);
        throw NEEDS_NETWORK;
      }
      throw agentErrorOf(error);
    }
    this.#checkInKeys.delete(retryKey);
    const service = config.services.find((s) => s.id === answer.serviceId);
    const issuedAt = Date.parse(answer.issuedAt);
    const ticket: LocalTicket = {
      id: answer.id,
      seq,
      day: hallDay(issuedAt, config.settings.timeZone),
      serviceId: answer.serviceId,
      serviceName: service?.name ?? '',
      number: answer.number,
      state: 'online',
      issuedAt,
      priorityReason: answer.priorityReason,
      appointment: answer.appointment,
      personHash: null,
      maskedIdNumber: answer.maskedIdNumber,
      maskedName: answer.maskedName,
      ahead: answer.ahead,
      estimatedWaitSeconds: answer.estimatedWaitSeconds,
      refusal: null,
    };
    // A replayed check-in is the ticket already on file.
    if (!this.#store.ticket(ticket.id)) this.#store.insertTicket(ticket);
    if (card) this.#devices.forgetCard();
    return { ticket: this.#view(ticket), print: await this.#print(ticket) };
  }

  async reprint(ticketId: string): Promise<PrintOutcome> {
    const ticket = this.#store.ticket(ticketId);
    if (!ticket || ticket.number === null || ticket.state === 'refused' || ticket.state === 'abandoned') {
      throw new AgentError('TICKET_NOT_FOUND', '本机没有这张号票，请重新取号或咨询服务台');
    }
    return this.#print(ticket);
  }

  // ── service guide (办事指南): read from the hall server; the 材料清单 prints on the ticket printer ──

  async guide(query: GuideQuery): Promise<GuideAnswer> {
    const [list, topics, popular] = await this.#guideCall(() =>
      Promise.all([searchMatters(this.#hall, { ...query, limit: 500 }), matterTopics(this.#hall), popularMatters(this.#hall, 6)]),
    );
    // Kept for printing the checklist of what the screen shows, even if the hall is unreachable by then.
    for (const m of list.items) this.#matters.set(m.code, m);
    return { items: list.items, topics, popular: popular.items, matterUrl: this.#matterUrl('{code}') };
  }

  async printChecklist(code: string): Promise<PrintOutcome> {
    const matter = this.#matters.get(code) ?? (await this.#guideCall(() => getMatter(this.#hall, code)));
    return this.#devices.printChecklist(checklistLines(matter, this.#config?.settings.hallName ?? ''), this.#matterUrl(encodeURIComponent(code)));
  }

  /** The phone page of a matter: the ticket page's address with the matter instead of a ticket. */
  #matterUrl(code: string): string {
    const ticketPage = this.#config?.mobileTicketUrl ?? `${this.#o.serverUrl.replace(/\/$/, '')}/m/?t={id}`;
    return ticketPage.replace(/\?t=\{id\}$/, `?matter=${code}`);
  }

  async #guideCall<T>(call: () => Promise<T>): Promise<T> {
    if (!this.#online) throw GUIDE_UNREACHABLE;
    try {
      return await call();
    } catch (error) {
      if (error instanceof HallApiError && error.code !== 'HTTP_ERROR') throw agentErrorOf(error);
      if (unreachable(error)) {
        this.#setOnline(false);
        throw GUIDE_UNREACHABLE;
      }
      throw agentErrorOf(error);
    }
  }

  // ── certificates (证明打印): only ever for the card on the reader, only with the hall server ──

  async certificateOffers(): Promise<CertificateOffers> {
    const card = this.#idCard(CERTIFICATE_CARD);
    return this.#hallCall(() => certificateOffers(this.#hall, card.idNumber));
  }

  async certificatePreview(request: CertificateRequest): Promise<CertificatePreview> {
    const card = this.#idCard(CERTIFICATE_CARD);
    const preview = await this.#hallCall(() => certificatePreview(this.#hall, certificateBody(request, card)));
    // The screen is seen by whoever stands near: the clear name and number go on the paper only.
    const mask = (text: string) => text.replaceAll(card.idNumber, maskIdNumber(card.idNumber)).replaceAll(card.name, maskName(card.name));
    return {
      ...preview,
      paragraphs: preview.paragraphs.map(mask),
      ...(preview.table ? { table: { columns: preview.table.columns, rows: preview.table.rows.map((row) => row.map((cell) => mask(String(cell)))) } } : {}),
    };
  }

  async printCertificate(request: CertificateRequest): Promise<CertificatePrintOutcome> {
    const card = this.#idCard(CERTIFICATE_CARD);
    const printer = this.#documentPrinter;
    if (!printer) throw new AgentError('PRINTER_ABSENT', faultOf('absent').message);
    // A printer known to be down refuses before the hall issues anything (issued certificates count to the daily limit).
    const before = await printer.status();
    this.#documentPrinterChanged(before.state);
    if (before.state !== 'ready') throw new AgentError(faultOf(before.state).code, faultOf(before.state).message);
    const now = this.#o.now();
    const retryKey = `${personHash(this.#kioskKey, card.idNumber)}:${request.type}:${request.period ?? ''}`;
    const earlier = this.#certificateKeys.get(retryKey);
    const key = earlier && now - earlier.at < CERTIFICATE_RETRY_MS ? earlier.key : randomUUID();
    this.#certificateKeys.set(retryKey, { key, at: now });
    const issued = await this.#hallCall(() => issueCertificate(this.#hall, certificateBody(request, card), key, this.#o.requestTimeoutMs));
    // The job's name is all CUPS keeps of it: no personal data.
    const result = await printer.print(issued.pdf, `certificate ${issued.id}`);
    this.#documentPrinterChanged(result.status === 'completed' ? 'ready' : result.state);
    void this.#reportCertificateOutcome(issued.id, result);
    this.#devices.keepCard(this.#o.certificateHoldMs);
    if (result.status === 'failed') {
      this.#o.log(
        `certificate ${issued.id}: print failed (${result.error.code}); the same certificate prints again for ${CERTIFICATE_RETRY_MS / 60_000} minutes`,
      );
      throw new AgentError(result.error.code, result.error.message);
    }
    this.#certificateKeys.delete(retryKey);
    return { certificateId: issued.id, status: 'printed' };
  }

  async forgetCard(): Promise<void> {
    this.#devices.forgetCard();
  }

  // ── 进度查询: cases live on the hall server; a receipt number shows that case masked, the card its holder's cases ──

  async caseProgress(query: CaseProgressQuery): Promise<{ cases: CaseView[] }> {
    if (query.receiptNumber !== undefined) return this.#hallCall(() => queryCases(this.#hall, { receiptNumber: query.receiptNumber! }));
    const card = this.#devices.card;
    if (!card?.idNumber) throw new AgentError('NO_CARD', '请将身份证放在读卡区，或输入受理编号');
    const answer = await this.#hallCall(() => queryCases(this.#hall, { idCardNumber: card.idNumber! }));
    this.#devices.keepCard(this.#o.certificateHoldMs);
    return answer;
  }

  // ── 自助申报: the form goes to the hall with the card's fields; the ticket it answers is printed like any other ──

  async prefileCard(): Promise<CardPrefill> {
    const card = this.#idCard(PREFILE_CARD);
    return {
      maskedIdNumber: card.presented.maskedIdNumber,
      name: card.name,
      gender: genderOf(card.idNumber),
      birthDate: card.birthDate || null,
      address: card.address,
    };
  }

  async prefile(request: PrefileRequest): Promise<PrefileOutcome> {
    const card = this.#idCard(PREFILE_CARD);
    const config = this.#requireConfig();
    const ticketId = randomUUID();
    const signaturePng = request.commitment?.signaturePng.replace(/^data:image\/png;base64,/, '');
    const body = {
      matterCode: request.matterCode,
      ticketId,
      // The clear number and name go only in this request's body (sealed in the draft by the hall).
      idCard: { number: card.idNumber, name: card.name, ...(genderOf(card.idNumber) ? { gender: genderOf(card.idNumber)! } : {}) },
      fields: request.fields,
      ...(request.commitment && signaturePng ? { commitment: { accepted: true, signaturePng } } : {}),
    };
    const answer = await this.#hallCall(
      () => this.#issuing.request<{ draftId: string; ticket: TicketView }>('POST', '/api/v1/prefilings', body, { 'idempotency-key': `prefile:${ticketId}` }),
      PREFILE_UNREACHABLE,
    );
    const service = config.services.find((s) => s.id === answer.ticket.serviceId);
    const issued: LocalTicket = {
      id: answer.ticket.id,
      seq: 0,
      day: hallDay(Date.parse(answer.ticket.issuedAt), config.settings.timeZone),
      serviceId: answer.ticket.serviceId,
      serviceName: service?.name ?? request.matterCode,
      number: answer.ticket.number,
      state: 'online',
      issuedAt: Date.parse(answer.ticket.issuedAt),
      priorityReason: answer.ticket.priorityReason,
      appointment: false,
      personHash: personHash(this.#kioskKey, card.idNumber),
      maskedIdNumber: answer.ticket.maskedIdNumber,
      maskedName: answer.ticket.maskedName ?? card.presented.maskedName,
      ahead: answer.ticket.ahead ?? null,
      estimatedWaitSeconds: answer.ticket.estimatedWaitSeconds ?? null,
      refusal: null,
    };
    // Recorded like an online ticket (reprint, the day's per-person count); the card leaves memory with the form sent.
    this.#store.transaction(() => {
      issued.seq = this.#store.takeSeq(issued.issuedAt);
      this.#store.insertTicket(issued);
    });
    this.#devices.forgetCard();
    this.#emitStatus();
    return { draftId: answer.draftId, ticket: this.#view(issued), print: await this.#print(issued) };
  }

  subscribe(listener: (event: AgentEvent) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  // ── issuing ──

  #requireConfig(): StoredConfig {
    if (!this.#config) throw new AgentError('NOT_CONFIGURED', '自助机尚未连接过大厅服务器，暂不能取号，请联系工作人员');
    return this.#config;
  }

  #requireCard(): HeldCard {
    const card = this.#devices.card;
    if (!card) throw new AgentError('NO_CARD', '请将身份证放在读卡区，再点取号');
    return card;
  }

  /** The card on the reader, kept longer (a visitor reads and fills a screen): certificates and 自助申报 need its ID number. */
  #idCard(words: { noCard: string; noRecord: string }): HeldCard & { idNumber: string } {
    const card = this.#devices.card;
    if (!card) throw new AgentError('NO_CARD', words.noCard);
    if (!card.idNumber) throw new AgentError('NO_RECORD', words.noRecord);
    this.#devices.keepCard(this.#o.certificateHoldMs);
    return card as HeldCard & { idNumber: string };
  }

  /** Certificates, cases and 自助申报 live on the hall server: unreachable, the screen offers a ticket instead (each with its own words). */
  async #hallCall<T>(call: () => Promise<T>, unreachableError = HALL_UNREACHABLE): Promise<T> {
    if (!this.#online) throw unreachableError;
    try {
      return await call();
    } catch (error) {
      // The hall answered with its own refusal (CERTIFICATE_SOURCE_UNAVAILABLE: the city platform did not; CERTIFICATE_BUSY…):
      // the kiosk stays online for tickets. Only a failure without the hall's error body means the hall was not reached.
      if (error instanceof HallApiError && error.code !== 'HTTP_ERROR') throw agentErrorOf(error);
      if (unreachable(error)) {
        this.#setOnline(false);
        throw unreachableError;
      }
      throw agentErrorOf(error);
    }
  }

  /** The hall records how the print ended; a lost answer is tried again a few times, the record is the hall's concern after. */
  async #reportCertificateOutcome(id: string, result: DocumentPrintResult): Promise<void> {
    const outcome = result.status === 'completed' ? 'completed' : 'aborted';
    const reason = result.status === 'failed' ? result.error.code : undefined;
    for (const pauseMs of [0, 2000, 10_000, 30_000]) {
      if (pauseMs) await new Promise((r) => setTimeout(r, pauseMs).unref());
      if (this.#stopped) return;
      try {
        await certificateOutcome(this.#hall, id, outcome, reason);
        return;
      } catch (error) {
        if (!unreachable(error)) {
          this.#o.log(`certificate ${id}: outcome ${outcome} refused: ${String(error)}`);
          return;
        }
      }
    }
    this.#o.log(`certificate ${id}: outcome ${outcome} not delivered (hall server unreachable)`);
  }

  async #watchDocumentPrinter(): Promise<void> {
    if (this.#stopped || !this.#documentPrinter) return;
    try {
      this.#documentPrinterChanged((await this.#documentPrinter.status()).state);
    } catch (error) {
      this.#o.log(`certificate printer status failed: ${String(error)}`);
    }
    if (this.#stopped) return;
    this.#documentPrinterTimer = setTimeout(() => void this.#watchDocumentPrinter(), this.#o.documentPrinterPollMs);
  }

  #documentPrinterChanged(state: DocumentPrinterState): void {
    this.#documentPrinterState = state;
    const alert: DeviceAlert | null = state === 'ready' || state === 'absent' ? null : `document_printer_${state}`;
    if (alert !== this.#documentPrinterAlert) {
      if (alert) this.#raiseAlert('document_printer', alert, faultOf(state as Exclude<DocumentPrinterState, 'ready'>).message);
      else if (this.#documentPrinterAlert) this.#raiseAlert('document_printer', 'recovered', '证明打印机已恢复');
    }
    this.#emitStatus();
  }

  #priority(requested: PriorityReason | null, card: HeldCard | null, day: string): PriorityReason | null {
    const elderlyAge = this.#config?.settings.elderlyAge ?? 70;
    if (card && ageOn(card.birthDate, day) >= elderlyAge) return 'elderly';
    return requested;
  }

  #issueOp(t: LocalTicket, prefix: string, sealed: string | null): Extract<SyncOp, { kind: 'ticket.issue' }> {
    return {
      seq: t.seq,
      kind: 'ticket.issue',
      ticketId: t.id,
      serviceId: t.serviceId,
      // Replaced by the real number before the operation can be pushed.
      number: formatTicketNumber(prefix, 0),
      issuedAt: new Date(t.issuedAt).toISOString(),
      // Absent rather than null: a push must fit the hall server's 64 KB body limit with as many operations as possible.
      ...(t.priorityReason ? { priorityReason: t.priorityReason } : {}),
      ...(sealed ? { sealedIdNumber: sealed } : {}),
      ...(t.maskedIdNumber ? { maskedIdNumber: t.maskedIdNumber } : {}),
      ...(t.maskedName ? { maskedName: t.maskedName } : {}),
    };
  }

  async #issueOnline(
    ticket: LocalTicket,
    op: Extract<SyncOp, { kind: 'ticket.issue' }>,
    card: HeldCard | null,
    prefix: string,
    matterCode: string | null,
  ): Promise<LocalTicket> {
    const config = this.#config!;
    const idempotencyKey = `${config.device.id}:${ticket.seq}`;
    this.#inFlight.add(ticket.id);
    try {
      const answer = await this.#issuing.issueTicket(
        {
          serviceId: ticket.serviceId,
          ticketId: ticket.id,
          ...(ticket.priorityReason && ticket.priorityReason !== 'elderly' ? { priority: ticket.priorityReason } : {}),
          ...(card?.idNumber ? { idCardNumber: card.idNumber, personName: card.name } : {}),
          // Online only: a ticket numbered offline is pushed without it (常用服务 counts what the hall saw).
          ...(matterCode ? { matterCode } : {}),
        },
        idempotencyKey,
      );
      const issued: LocalTicket = {
        ...ticket,
        number: answer.number,
        state: 'online',
        issuedAt: Date.parse(answer.issuedAt),
        priorityReason: answer.priorityReason,
        maskedIdNumber: answer.maskedIdNumber,
        maskedName: answer.maskedName ?? ticket.maskedName,
        ahead: answer.ahead,
        estimatedWaitSeconds: answer.estimatedWaitSeconds,
      };
      this.#store.transaction(() => {
        this.#store.updateTicket(issued);
        this.#store.setOpState(ticket.seq, 'void');
      });
      this.#setOnline(true);
      return issued;
    } catch (error) {
      const service = config.services.find((s) => s.id === ticket.serviceId);
      // Unanswered on a closed day or hour: the server refused it too, so the kiosk refuses rather than print a number.
      const closure = unreachable(error) && service ? this.#closure(service, ticket.issuedAt, config) : null;
      if (!unreachable(error) || closure) {
        const refusal = closure ? closedError(closure) : agentErrorOf(error);
        if (closure && !(error instanceof HallApiError)) this.#setOnline(false);
        this.#store.transaction(() => {
          this.#store.updateTicket({ ...ticket, state: 'refused', refusal: refusal.code });
          this.#store.setOpState(ticket.seq, 'void');
        });
        throw refusal;
      }
      if (!(error instanceof HallApiError)) this.#setOnline(false);
      this.#o.log(`ticket ${ticket.id}: hall server did not answer in time (${String(error)}); numbering it from the lease`);
      // The server may have issued it after all: the push carries the key, and the server gives it the printed number.
      return this.#store.transaction(() => this.#numberOffline(ticket, { ...op, idempotencyKey }, prefix, true));
    } finally {
      this.#inFlight.delete(ticket.id);
    }
  }

  /** Offline the agent applies the hall's rules itself, from its own tickets of the day. */
  #checkOffline(ticket: LocalTicket, service: ServiceView, config: StoredConfig, hash: string | null): void {
    const closure = this.#closure(service, ticket.issuedAt, config);
    if (closure) throw closedError(closure);
    if (hash && this.#store.personTickets(hash, ticket.serviceId, ticket.day) >= config.settings.personDailyLimit) {
      throw new AgentError('PERSON_LIMIT_REACHED', `您今天已取过 ${config.settings.personDailyLimit} 张该事项的号，请使用已有号票，或咨询服务台`);
    }
  }

  /** Hours, breaks, cut-off and the hall calendar as the hall server applies them (a server before the calendar sends none). */
  #closure(service: ServiceView, at: number, config: StoredConfig): ClosureView | null {
    const { timeZone, holidays = [], extraWorkdays = [], calendarNames = {} } = config.settings;
    const closure = walkInClosure({ openingHours: service.openingHours, cutoffMinutes: service.cutoffMinutes ?? null }, at, {
      timeZone,
      holidays,
      extraWorkdays,
      calendarNames,
    });
    return closure && { ...closure, nextOpening: closure.nextOpening === null ? null : isoInZone(closure.nextOpening, timeZone) };
  }

  /** Inside a transaction: the next leased number, or the kiosk's fallback number once the lease is used up. */
  #numberOffline(ticket: LocalTicket, op: Extract<SyncOp, { kind: 'ticket.issue' }>, prefix: string, rowExists: boolean): LocalTicket {
    const config = this.#config!;
    const leased = this.#store.takeLeased(ticket.day, prefix);
    let number: string;
    if (leased !== null) number = formatTicketNumber(prefix, leased);
    else if (config.device.number !== null) number = fallbackNumber(prefix, config.device.number, this.#store.takeFallback(ticket.day, prefix));
    else throw new AgentError('NO_NUMBERS_LEFT', '本机暂无可用号码，请到其他自助机取号或咨询服务台');
    const figures = this.#store.queueFigures()?.services[ticket.serviceId];
    const ahead = figures ? figures.waiting + this.#store.offlineTicketsSince(ticket.serviceId, this.#store.queueFigures()!.asOf) : null;
    const issued: LocalTicket = {
      ...ticket,
      number,
      state: 'offline',
      ahead,
      estimatedWaitSeconds: figures && ahead !== null ? this.#estimate(figures, ahead) : null,
    };
    this.#store.updateTicket(issued);
    const pushed = { ...op, number };
    if (rowExists) this.#store.updateOp(pushed, 'pending');
    else this.#store.insertOp(pushed, 'pending', ticket.issuedAt);
    return issued;
  }

  #estimate(f: { waiting: number; estimatedWaitSeconds: number | null }, ahead: number): number | null {
    // Null from the hall server: no counter open, so no wait can be promised.
    if (f.estimatedWaitSeconds === null) return null;
    return f.waiting > 0 ? Math.round((f.estimatedWaitSeconds / f.waiting) * ahead) : ahead === 0 ? 0 : null;
  }

  async #print(ticket: LocalTicket): Promise<PrintOutcome> {
    const config = this.#config;
    const result = await this.#devices.print({
      hallName: config?.settings.hallName ?? '',
      serviceName: ticket.serviceName,
      number: ticket.number!,
      waitingAhead: ticket.ahead ?? 0,
      estimatedWaitMinutes: ticket.estimatedWaitSeconds === null ? null : Math.ceil(ticket.estimatedWaitSeconds / 60),
      issuedAt: new Date(ticket.issuedAt),
      ...(config ? { timeZone: config.settings.timeZone } : {}),
      ...(ticket.maskedName ? { visitorName: ticket.maskedName } : {}),
      mobileUrl: this.#qrUrl(ticket.id),
    });
    if (result.status === 'failed' && result.error.code !== 'PRINTER_ABSENT' && this.#printerAlert === null) {
      // A failure the status line did not report (no answer, lost cable) still needs someone to look at the printer.
      this.#raiseAlert('printer', 'printer_offline', result.error.message);
    }
    return result;
  }

  #qrUrl(ticketId: string): string {
    const template = this.#config?.mobileTicketUrl ?? `${this.#o.serverUrl.replace(/\/$/, '')}/m/?t={id}`;
    return template.replace('{id}', encodeURIComponent(ticketId));
  }

  #view(t: LocalTicket): KioskTicket {
    const tz = this.#config?.settings.timeZone ?? 'Asia/Shanghai';
    return {
      id: t.id,
      number: t.number!,
      serviceId: t.serviceId,
      serviceName: t.serviceName,
      issuedAt: isoInZone(t.issuedAt, tz),
      ahead: t.ahead,
      estimatedWaitSeconds: t.estimatedWaitSeconds,
      estimateStale: t.state === 'offline',
      priority: t.priorityReason !== null,
      appointment: t.appointment,
      maskedName: t.maskedName,
      offline: t.state === 'offline',
      qrUrl: this.#qrUrl(t.id),
    };
  }

  /** Strictly increasing issue times, so tickets issued in the same millisecond keep their order in the queue. */
  #issueClock(): number {
    this.#lastIssuedAt = Math.max(this.#now(), this.#lastIssuedAt + 1);
    return this.#lastIssuedAt;
  }

  /** The kiosk clock corrected by the skew last measured against the hall server. */
  #now(): number {
    return this.#o.now() + this.#skewMs;
  }

  #today(): string {
    return hallDay(this.#now(), this.#config?.settings.timeZone ?? 'Asia/Shanghai');
  }

  // ── devices ──

  #devicesChanged(): void {
    const printer = this.#devices.printerState;
    const printerAlert: DeviceAlert | null =
      printer === 'paper_out' || printer === 'cover_open' || printer === 'paper_near_end' ? printer : printer === 'offline' ? 'printer_offline' : null;
    if (printerAlert !== this.#printerAlert) {
      if (printerAlert) this.#raiseAlert('printer', printerAlert);
      else if (this.#printerAlert) this.#raiseAlert('printer', 'recovered', '打印机已恢复');
    }
    const readerAlert: DeviceAlert | null = this.#devices.readerState === 'disconnected' ? 'reader_offline' : null;
    if (readerAlert !== this.#readerAlert) {
      if (readerAlert) this.#raiseAlert('reader', readerAlert);
      else if (this.#readerAlert) this.#raiseAlert('reader', 'recovered', '读卡器已恢复');
    }
    this.#emitStatus();
  }

  /** Alerts go through the outbox like tickets: in order, exactly once, whenever the hall server is reachable. */
  #raiseAlert(device: 'printer' | 'reader' | 'document_printer', alert: DeviceAlert, message?: string): void {
    if (device === 'printer') this.#printerAlert = alert === 'recovered' ? null : alert;
    else if (device === 'reader') this.#readerAlert = alert === 'recovered' ? null : alert;
    else this.#documentPrinterAlert = alert === 'recovered' ? null : alert;
    if (this.#stopped) return;
    const now = this.#now();
    this.#store.transaction(() => {
      const op: SyncOp = {
        seq: this.#store.takeSeq(now),
        kind: 'device.alert',
        alert,
        component: device,
        at: new Date(now).toISOString(),
        ...(message ? { message } : {}),
      };
      this.#store.insertOp(op, 'pending', now);
    });
    this.#o.log(`device alert ${alert}${message ? `: ${message}` : ''}`);
    this.#emitStatus();
    this.#kick();
  }

  // ── sync rounds ──

  #schedule(delayMs: number): void {
    clearTimeout(this.#timer);
    if (this.#stopped) return;
    this.#timer = setTimeout(() => void this.#runRound(), delayMs);
  }

  /** Offline there is nothing a round could do: the reconnect probe starts one as soon as the server answers. */
  #kick(): void {
    if (!this.#online) return;
    if (this.#round) this.#again = true;
    else this.#schedule(0);
  }

  #runRound(): Promise<void> {
    if (this.#round) return this.#round;
    this.#round = (async () => {
      try {
        await this.#syncRound();
        this.#failures = 0;
      } catch (error) {
        if (unreachable(error)) {
          // Not reaching the server is not a failure to back off from: the probe watches for its return.
          this.#failures = 0;
          this.#setOnline(false);
          this.#scheduleProbe();
        } else {
          this.#failures++;
          this.#o.log(`sync round failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
        }
      } finally {
        this.#round = null;
      }
      if (!this.#online) {
        this.#again = false;
        this.#emitStatus();
        return;
      }
      const delay = this.#again ? 0 : this.#failures ? this.#backoff() : this.#o.syncIntervalMs;
      this.#again = false;
      this.#schedule(delay);
      this.#emitStatus();
    })();
    return this.#round;
  }

  #backoff(): number {
    const base = Math.min(this.#o.backoffMaxMs, this.#o.backoffMinMs * 2 ** (this.#failures - 1));
    // Kiosks that lost the server together must not all come back in the same instant.
    return Math.round(base * (0.75 + Math.random() * 0.5));
  }

  async #syncRound(): Promise<void> {
    const today = this.#today();
    this.#store.transaction(() => {
      this.#store.dropLeasesBefore(today);
      this.#store.forgetPeopleBefore(today);
      this.#store.pruneBefore(hallDay(this.#now() - KEEP_DAYS * 86_400_000, this.#config?.settings.timeZone ?? 'Asia/Shanghai'));
    });
    await this.#probe();
    if (!this.#config || this.#o.now() - this.#configFetchedAt > this.#o.configRefreshMs || this.#config.day !== today) await this.#refreshConfig();
    await this.#settleInterrupted();
    await this.#pushOutbox();
    await this.#topUpLeases();
    await this.#pullQueue();
  }

  /** Reachability, and the hall server's clock from its Date header. */
  async #probe(timeoutMs = PROBE_TIMEOUT_MS): Promise<void> {
    const sent = this.#o.now();
    const res = await (this.#o.fetch ?? fetch)(`${this.#o.serverUrl.replace(/\/$/, '')}/api/v1/health`, {
      signal: AbortSignal.timeout(timeoutMs),
    });
    await res.arrayBuffer();
    if (!res.ok) throw new HallApiError(res.status, 'HEALTH_FAILED', `health answered ${res.status}`);
    const received = this.#o.now();
    const serverDate = Date.parse(res.headers.get('date') ?? '');
    if (!Number.isNaN(serverDate)) {
      // The header has whole seconds: its mean is half a second later than it says.
      const skew = serverDate + 500 - (sent + received) / 2;
      const next = Math.abs(skew) > SKEW_THRESHOLD_MS ? Math.round(skew) : 0;
      if (next !== this.#skewMs) this.#o.log(`kiosk clock differs from the hall server's by ${Math.round(skew)} ms: correcting`);
      this.#skewMs = next;
    }
    this.#setOnline(true);
  }

  async #refreshConfig(): Promise<void> {
    // Field by field: whatever else a server sends (an older one sent its person-hash key) stays off this disk.
    const { device, settings, mobileTicketUrl, day, services, sealingKey } = await this.#hall.syncConfig();
    const config: StoredConfig = { device, settings, mobileTicketUrl, day, services, sealingKey: sealingKey ?? null };
    this.#store.saveConfig(config);
    this.#config = config;
    this.#configFetchedAt = this.#o.now();
  }

  /** Tickets cut short by a crash before printing: nobody holds them, so the hall server must not call them. */
  async #settleInterrupted(): Promise<void> {
    for (const t of this.#store.ticketsIn('issuing')) {
      if (this.#inFlight.has(t.id)) continue;
      try {
        await this.#hall.cancel(t.id);
      } catch (error) {
        if (unreachable(error)) throw error;
      }
      this.#store.transaction(() => {
        this.#store.updateTicket({ ...t, state: 'abandoned' });
        this.#store.setOpState(t.seq, 'void');
      });
      this.#o.log(`ticket ${t.id} was never printed (the agent stopped while issuing it): cancelled`);
    }
  }

  async #pushOutbox(): Promise<void> {
    for (;;) {
      const rows = this.#store.pendingOps(this.#o.pushBatchSize);
      if (rows.length === 0) return;
      // As many as fit the hall server's body limit, at least one.
      const batch: SyncOp[] = [];
      let bytes = 16;
      for (const { op } of rows) {
        bytes += Buffer.byteLength(JSON.stringify(op)) + 1;
        if (bytes > PUSH_BODY_BYTES && batch.length > 0) break;
        batch.push(op);
      }
      await this.#push(batch);
      this.#store.saveLastSyncAt(this.#o.now());
      this.#emitStatus();
    }
  }

  async #push(ops: SyncOp[]): Promise<void> {
    let results: SyncResult[];
    try {
      results = (await this.#hall.pushOps(ops)).results;
    } catch (error) {
      if (!(error instanceof HallApiError) || error.status !== 400) throw error;
      // One malformed operation must not hold the outbox: find it by sending them one by one.
      if (ops.length > 1) {
        for (const op of ops) await this.#push([op]);
        return;
      }
      results = [{ seq: ops[0]!.seq, status: 'rejected', error: { code: error.code, message: error.message } }];
    }
    const bySeq = new Map(ops.map((op) => [op.seq, op]));
    this.#store.transaction(() => {
      for (const result of results) {
        const op = bySeq.get(result.seq);
        if (!op) continue;
        if (op.kind === 'ticket.issue' && result.status === 'applied' && result.ticketId !== op.ticketId) {
          // The hall server has another ticket under this seq: the data directory was replaced. Keep it for the manager.
          this.#o.log(`op ${op.seq}: the hall server applied this seq to ticket ${result.ticketId}, not ${op.ticketId}`);
          this.#store.setOpState(op.seq, 'rejected', { ...result, status: 'rejected', error: { code: 'SEQ_REUSED', message: 'seq already used' } });
          continue;
        }
        if (result.status === 'rejected') this.#o.log(`op ${op.seq} rejected: ${result.error?.code} ${result.error?.message}`);
        if (result.renumberedFrom)
          this.#o.log(`ticket ${result.ticketId}: the hall server renumbered ${result.renumberedFrom} to the printed ${result.number}`);
        this.#store.setOpState(op.seq, result.status, result);
      }
    });
  }

  /** While online, each prefix keeps a lease of today's numbers for the next outage. */
  async #topUpLeases(): Promise<void> {
    const config = this.#config;
    if (!config) return;
    const day = this.#today();
    const byPrefix = new Map<string, string>();
    for (const s of config.services) if (s.active && !byPrefix.has(s.prefix)) byPrefix.set(s.prefix, s.id);
    for (const [prefix, serviceId] of byPrefix) {
      if (this.#store.leaseRemaining(day, prefix) > config.settings.leaseLowWater) continue;
      try {
        this.#store.saveLease(await this.#hall.grantLease(serviceId, config.settings.leaseSize));
      } catch (error) {
        // A refusal for one prefix (a service just removed) must not stop the queue figures after it.
        if (unreachable(error)) throw error;
        this.#o.log(`no lease for ${prefix}: ${String(error)}`);
      }
    }
  }

  async #pullQueue(): Promise<void> {
    const queue = await this.#hall.queue();
    const now = this.#o.now();
    this.#store.saveQueueFigures({
      asOf: now + this.#skewMs,
      services: Object.fromEntries(
        queue.services.map((s) => [
          s.id,
          { waiting: s.waiting, estimatedWaitSeconds: s.estimatedWaitSeconds, open: s.open, openCounters: s.openCounters, closure: s.closure ?? null },
        ]),
      ),
    });
    // A service created, renamed or given a new prefix shows in the queue first: fetch the configuration now, not within a minute.
    const config = this.#config;
    const known = new Map(config?.services.map((s) => [s.id, s]));
    const changed =
      known.size !== queue.services.length ||
      queue.services.some((s) => {
        const k = known.get(s.id);
        return (
          !k ||
          k.name !== s.name ||
          k.prefix !== s.prefix ||
          (s.active !== undefined && k.active !== s.active) ||
          JSON.stringify(k.names ?? {}) !== JSON.stringify(s.names ?? {})
        );
      });
    // Settings too (hall name, calendar, limits): their revision changes with every change.
    const settingsChanged = this.#settingsRevision !== undefined && queue.settingsRevision !== this.#settingsRevision;
    this.#settingsRevision = queue.settingsRevision;
    if (changed || settingsChanged) await this.#refreshConfig();
    this.#store.saveLastSyncAt(now);
  }

  // ── status and events ──

  #setOnline(online: boolean): void {
    if (online === this.#online) return;
    this.#online = online;
    this.#o.log(online ? 'hall server reachable' : 'hall server unreachable: issuing from the lease');
    this.#emitStatus();
    // Back online: push at once. Just lost: the reconnect probe takes over from the rounds.
    if (online) {
      clearTimeout(this.#probeTimer);
      this.#kick();
    } else this.#scheduleProbe();
  }

  /**
   * Offline: GET /health on its own schedule, independent of tickets and alerts issued meanwhile, so the server's return
   * is noticed within 2 × probeIntervalMs. Each kiosk probes at a random point of the interval, so many kiosks spread out.
   */
  #scheduleProbe(): void {
    clearTimeout(this.#probeTimer);
    if (this.#stopped || this.#online) return;
    const delay = Math.round(this.#o.probeIntervalMs * (0.5 + Math.random() * 0.5));
    this.#probeTimer = setTimeout(() => void this.#reconnectProbe(), delay);
  }

  async #reconnectProbe(): Promise<void> {
    try {
      // A probe held by a stalled line must not delay the next one past the interval.
      await this.#probe(Math.min(PROBE_TIMEOUT_MS, this.#o.probeIntervalMs));
    } catch {
      // Still unreachable: the next probe follows.
    }
    if (!this.#online) this.#scheduleProbe();
  }

  #status(): KioskStatus {
    const config = this.#config;
    const lastSync = this.#store.lastSyncAt();
    const asOf = this.#store.queueFigures()?.asOf ?? null;
    return {
      online: this.#online,
      pendingOps: this.#store.unappliedCount(),
      lastSyncAt: lastSync === null ? null : new Date(lastSync).toISOString(),
      deviceName: config?.device.name ?? null,
      kioskNumber: config?.device.number ?? null,
      hallName: config?.settings.hallName ?? '',
      hallNames: config?.settings.hallNames ?? {},
      printer: this.#devices.printerState,
      reader: this.#devices.readerState,
      estimatesAsOf: asOf === null ? null : new Date(asOf).toISOString(),
      documentPrinter: this.#documentPrinterState,
    };
  }

  #emitStatus(): void {
    if (this.#listeners.size === 0 || this.#stopped) return;
    const status = this.#status();
    const json = JSON.stringify(status);
    if (json === this.#lastStatus) return;
    this.#lastStatus = json;
    this.#emit({ type: 'status', status });
  }

  #emit(event: AgentEvent): void {
    for (const listener of this.#listeners) {
      try {
        listener(event);
      } catch (error) {
        this.#o.log(`event listener failed: ${String(error)}`);
      }
    }
  }
}

/**
 * The kiosk's own random key, created once (mode 0600). A key file an older agent kept here was the hall's: it goes.
 */
function kioskKey(dataDir: string, log: (line: string) => void): Buffer {
  const hallKey = join(dataDir, 'person-hash.key');
  if (existsSync(hallKey)) {
    rmSync(hallKey);
    log(`removed ${hallKey}: an older agent kept the hall's person-hash key here; kiosks hold no hall secret now`);
  }
  const file = join(dataDir, 'kiosk-person.key');
  if (!existsSync(file)) writeFileSync(file, randomBytes(32).toString('base64'), { mode: 0o600, flag: 'wx' });
  return Buffer.from(readFileSync(file, 'utf8').trim(), 'base64');
}

function certificateBody(request: CertificateRequest, card: HeldCard & { idNumber: string }) {
  return { type: request.type, idCardNumber: card.idNumber, name: card.name, ...(request.period ? { period: request.period } : {}) };
}

/** The hall server's refusal, with its code, for the screen to translate. */
/** The hall's refusal of a closed service or day, with its reason and next opening for the screen. */
function closedError({ code, ...details }: ClosureView): AgentError {
  return new AgentError(code, '该事项当前不取号，请查看办理时间后再来', details);
}

function agentErrorOf(error: unknown): AgentError {
  if (error instanceof HallApiError) return new AgentError(error.code, error.message, error.details);
  return new AgentError('AGENT_FAILED', '自助机出现故障，请联系工作人员');
}
