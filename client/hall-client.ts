// The one typed client of the hall API: used by the kiosk agent, the renderer apps, tests and the benchmark.
import type { AlertComponent, AlertView, ReportedAlert } from '../core/alerts.ts';
import type { QueueWatchView } from '../core/queue-watch.ts';
import type { CounterView, FollowUpView, RatingView, ServiceView, TicketView } from '../core/engine.ts';
import type { DeviceView, PairedDevice, PairingCodeView } from '../core/devices.ts';
import type { DayTotals } from '../core/store.ts';
import type { SealingPublicKey } from '../core/id-seal.ts';
import type { LeaseView, SyncOp, SyncResult } from '../core/sync.ts';
import type {
  Actor,
  DeviceKind,
  HallSettings,
  LocalizedNames,
  PriorityReason,
  PublicUser,
  RatingChannel,
  SatisfactionRow,
  StaffUser,
  TicketStatus,
  UserRole,
} from '../core/model.ts';
import type { OpeningPeriod } from '../core/time.ts';
import type { CalendarEntry, ClosureView } from '../core/hall-calendar.ts';

export class HallApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(`${status} ${code}: ${message}`);
    this.name = 'HallApiError';
  }
}

export interface QueueSnapshot {
  seq: number;
  day: string;
  /** The day's tickets so far. */
  today: DayTotals;
  /** Changes whenever the hall settings change (older servers send none). */
  settingsRevision?: number;
  services: {
    id: string;
    code: string;
    name: string;
    names: LocalizedNames;
    prefix: string;
    waiting: number;
    /** Null while no counter is open for the service. */
    estimatedWaitSeconds: number | null;
    open: boolean;
    /** False once retired (older servers send none). */
    active?: boolean;
    /** Counters staffed now (open or paused) that serve the service. */
    openCounters: number;
    /** Why walk-in tickets are refused now and when they are taken again (core/hall-calendar.ts); null: taken. */
    closure?: ClosureView | null;
  }[];
  counters: (CounterView & { current: TicketView | null })[];
}

export interface HallEvent<T = unknown> {
  seq: number;
  type: string;
  at: string;
  data: T;
}

export interface IssueTicketRequest {
  serviceId: string;
  /** A kiosk-chosen UUID, so the QR code printed before the answer arrives is right. */
  ticketId?: string;
  priority?: boolean | PriorityReason;
  idCardNumber?: string;
  personName?: string;
  appointmentCode?: string;
  /** The guide's matter this ticket is for (取号办理). */
  matterCode?: string;
}

export interface RatingRequest {
  level: number;
  comment?: string;
  tags?: string[];
  channel?: RatingChannel;
  /** An optional call-back number, only with a rating of 2 or less; the hall keeps it sealed. */
  phone?: string;
}

export interface PendingRating {
  ticket: TicketView | null;
  /** Seconds the ticket stays rateable on the pad. */
  rateableSeconds: number;
}

export type RatingResult = RatingView;

export type FollowUp = FollowUpView & { overdue?: boolean };

export interface SatisfactionReport {
  by: 'counter' | 'staff' | 'service';
  from: string;
  to: string;
  overall: { ratings: number; average: number | null; satisfiedRate: number | null };
  rows: (SatisfactionRow & { name: string | null })[];
}

/** What a visitor's phone sees of a ticket (no token: the ticket id is the key). */
export interface PublicTicket {
  id: string;
  number: string;
  status: TicketStatus;
  serviceName: string | null;
  serviceNames: LocalizedNames;
  ahead: number;
  /** Null while no counter is open for the service. */
  estimatedWaitSeconds: number | null;
  issuedAt: string;
  calledAt: string | null;
  counterNumber: number | null;
  rated: boolean;
  hallName: string;
  hallNames: LocalizedNames;
}

/** What a kiosk needs to issue tickets offline (GET /api/v1/sync/config). */
export interface SyncConfig {
  device: { id: string; name: string; number: number | null };
  /** The hall server's public key to seal ID numbers of offline tickets to (core/id-seal.ts); kiosks hold no hall secret. */
  sealingKey: SealingPublicKey;
  settings: {
    hallName: string;
    hallNames: LocalizedNames;
    categoryNames: Record<string, LocalizedNames>;
    timeZone: string;
    elderlyAge: number;
    personDailyLimit: number;
    leaseSize: number;
    leaseLowWater: number;
    /** The hall calendar, so an offline kiosk keeps holidays and 调休 workdays (older servers send none). */
    holidays?: string[];
    extraWorkdays?: string[];
    calendarNames?: Record<string, string>;
  };
  /** Mobile ticket page with {id} for the ticket id, or null when the hall has no public address. */
  mobileTicketUrl: string | null;
  day: string;
  services: ServiceView[];
}

export interface AlertList {
  /** The event log position the list reflects. */
  seq: number;
  items: AlertView[];
  nextCursor: string | null;
}

export type DeviceAlert = ReportedAlert;

export interface ClientOptions {
  token?: string | undefined;
  fetch?: typeof fetch;
  /** Per-request limit; a kiosk must not hang on an unreachable server. */
  timeoutMs?: number;
}

export class HallClient {
  token: string | undefined;
  private readonly fetchImpl: typeof fetch;
  private readonly timeoutMs: number;

  constructor(
    readonly baseUrl: string,
    options: ClientOptions = {},
  ) {
    this.token = options.token;
    // Bound: browsers refuse a fetch called as a method of another object ("Illegal invocation").
    this.fetchImpl = options.fetch ?? fetch.bind(globalThis);
    this.timeoutMs = options.timeoutMs ?? 10_000;
  }

  withToken(token: string): HallClient {
    return new HallClient(this.baseUrl, { token, fetch: this.fetchImpl, timeoutMs: this.timeoutMs });
  }

  async request<T>(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<T> {
    const res = await this.fetchImpl(this.baseUrl.replace(/\/$/, '') + path, {
      method,
      headers: {
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
        ...(this.token ? { authorization: `Bearer ${this.token}` } : {}),
        ...headers,
      },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(this.timeoutMs),
    });
    const text = await res.text();
    const json = text ? (JSON.parse(text) as unknown) : undefined;
    if (!res.ok) {
      const err = (json as { error?: { code?: string; message?: string; details?: Record<string, unknown> } } | undefined)?.error;
      throw new HallApiError(res.status, err?.code ?? 'HTTP_ERROR', err?.message ?? res.statusText, err?.details);
    }
    return json as T;
  }

  health() {
    return this.request<{ ok: true }>('GET', '/api/v1/health');
  }
  login(username: string, password: string) {
    return this.request<{ token: string; user: PublicUser; mustChangePassword?: boolean }>('POST', '/api/v1/auth/login', {
      username,
      password,
    });
  }
  me() {
    return this.request<Actor>('GET', '/api/v1/auth/me');
  }
  createUser(body: { username: string; password: string; role: UserRole; displayName?: string }) {
    return this.request<{ id: string; username: string; role: UserRole }>('POST', '/api/v1/users', body);
  }
  users() {
    return this.request<StaffUser[]>('GET', '/api/v1/users');
  }
  updateUser(id: string, patch: { role?: UserRole; disabled?: boolean }) {
    return this.request<StaffUser>('PATCH', `/api/v1/users/${encodeURIComponent(id)}`, patch);
  }
  resetPassword(id: string) {
    return this.request<{ temporaryPassword: string }>('POST', `/api/v1/users/${encodeURIComponent(id)}/reset-password`);
  }
  clearSignInThrottle(id: string) {
    return this.request<{ ok: true }>('POST', `/api/v1/users/${encodeURIComponent(id)}/clear-sign-in-throttle`);
  }
  changePassword(currentPassword: string, newPassword: string) {
    return this.request<{ ok: true }>('POST', '/api/v1/auth/password', { currentPassword, newPassword });
  }
  createDevice(body: { name: string; kind: DeviceKind }) {
    return this.request<{ id: string; token: string; name: string; kind: string }>('POST', '/api/v1/devices', body);
  }
  devices() {
    return this.request<DeviceView[]>('GET', '/api/v1/devices');
  }
  createPairingCode(body: { name: string; kind: DeviceKind }) {
    return this.request<PairingCodeView>('POST', '/api/v1/devices/pairing-codes', body);
  }
  /** Needs no token: the code is the device's one-time proof. */
  pairDevice(code: string, kind?: DeviceKind) {
    return this.request<PairedDevice>('POST', '/api/v1/devices/pair', { code, ...(kind ? { kind } : {}) });
  }
  renameDevice(id: string, name: string) {
    return this.request<DeviceView>('PATCH', `/api/v1/devices/${encodeURIComponent(id)}`, { name });
  }
  revokeDevice(id: string) {
    return this.request<DeviceView>('POST', `/api/v1/devices/${encodeURIComponent(id)}/revoke`);
  }
  settings() {
    return this.request<HallSettings>('GET', '/api/v1/settings');
  }
  updateSettings(body: Partial<HallSettings>) {
    return this.request<HallSettings>('PUT', '/api/v1/settings', body);
  }
  patchSettings(body: Partial<HallSettings>) {
    return this.request<HallSettings>('PATCH', '/api/v1/settings', body);
  }
  calendar(year: number) {
    return this.request<{ year: number; items: CalendarEntry[] }>('GET', `/api/v1/calendar/${year}`);
  }
  importCalendar(year: number, body: { format: 'csv' | 'json'; content: string }) {
    return this.request<{ year: number; items: CalendarEntry[] }>('PUT', `/api/v1/calendar/${year}`, body);
  }
  createService(body: {
    code: string;
    name: string;
    names?: LocalizedNames;
    prefix: string;
    dailyCap?: number | null;
    category?: string | null;
    openingHours?: OpeningPeriod[] | null;
    targetWaitMinutes?: number | null;
    defaultServiceSeconds?: number;
    kioskOrder?: number;
    cutoffMinutes?: number | null;
  }) {
    return this.request<ServiceView>('POST', '/api/v1/services', body);
  }
  updateService(
    id: string,
    body: {
      name?: string;
      names?: LocalizedNames;
      category?: string | null;
      dailyCap?: number | null;
      openingHours?: OpeningPeriod[] | null;
      targetWaitMinutes?: number | null;
      active?: boolean;
      kioskOrder?: number;
      cutoffMinutes?: number | null;
      defaultServiceSeconds?: number;
      prefix?: string;
    },
  ) {
    return this.request<ServiceView>('PATCH', `/api/v1/services/${encodeURIComponent(id)}`, body);
  }
  services() {
    return this.request<ServiceView[]>('GET', '/api/v1/services');
  }
  createCounter(body: { number: number; name?: string; serviceIds: string[] }) {
    return this.request<CounterView>('POST', '/api/v1/counters', body);
  }
  counters() {
    return this.request<CounterView[]>('GET', '/api/v1/counters');
  }
  updateCounter(id: string, body: { name?: string | null; serviceIds?: string[]; active?: boolean }) {
    return this.request<CounterView>('PATCH', `/api/v1/counters/${encodeURIComponent(id)}`, body);
  }
  /** Today's ticket of this number (A012), in any status; null if none. */
  async ticketByNumber(number: string) {
    const found = await this.request<TicketView[]>('GET', `/api/v1/tickets?day=today&number=${encodeURIComponent(number)}`);
    return found[0] ?? null;
  }
  signIn(counterId: string) {
    return this.request<CounterView>('POST', `/api/v1/counters/${encodeURIComponent(counterId)}/sign-in`);
  }
  signOut(counterId: string) {
    return this.request<CounterView>('POST', `/api/v1/counters/${encodeURIComponent(counterId)}/sign-out`);
  }
  callNext(counterId: string) {
    return this.request<{ ticket: TicketView | null }>('POST', `/api/v1/counters/${encodeURIComponent(counterId)}/call-next`);
  }
  callTicket(counterId: string, ticketId: string) {
    return this.request<{ ticket: TicketView }>('POST', `/api/v1/counters/${encodeURIComponent(counterId)}/call`, { ticketId });
  }
  recall(counterId: string) {
    return this.request<{ ticket: TicketView }>('POST', `/api/v1/counters/${encodeURIComponent(counterId)}/recall`);
  }
  pause(counterId: string, reason: string, note?: string) {
    return this.request<CounterView>('POST', `/api/v1/counters/${encodeURIComponent(counterId)}/pause`, note ? { reason, note } : { reason });
  }
  resume(counterId: string) {
    return this.request<CounterView>('POST', `/api/v1/counters/${encodeURIComponent(counterId)}/resume`);
  }
  issueTicket(body: IssueTicketRequest, idempotencyKey?: string) {
    return this.request<TicketView & { ahead: number; estimatedWaitSeconds: number | null }>(
      'POST',
      '/api/v1/tickets',
      body,
      idempotencyKey ? { 'idempotency-key': idempotencyKey } : {},
    );
  }
  ticket(id: string) {
    return this.request<TicketView>('GET', `/api/v1/tickets/${encodeURIComponent(id)}`);
  }
  waitingTickets(serviceIds: string[] = []) {
    const q = serviceIds.map((s) => `serviceId=${encodeURIComponent(s)}`).join('&');
    return this.request<TicketView[]>('GET', `/api/v1/tickets${q ? `?${q}` : ''}`);
  }
  startTicket(id: string) {
    return this.request<TicketView>('POST', `/api/v1/tickets/${encodeURIComponent(id)}/start`);
  }
  complete(id: string) {
    return this.request<TicketView>('POST', `/api/v1/tickets/${encodeURIComponent(id)}/complete`);
  }
  noShow(id: string) {
    return this.request<TicketView>('POST', `/api/v1/tickets/${encodeURIComponent(id)}/no-show`);
  }
  transfer(id: string, serviceId: string) {
    return this.request<TicketView>('POST', `/api/v1/tickets/${encodeURIComponent(id)}/transfer`, { serviceId });
  }
  cancel(id: string) {
    return this.request<TicketView>('POST', `/api/v1/tickets/${encodeURIComponent(id)}/cancel`);
  }
  rate(id: string, level: number, comment?: string) {
    return this.request<{ ticketId: string; level: number }>(
      'POST',
      `/api/v1/tickets/${encodeURIComponent(id)}/rating`,
      comment ? { level, comment } : { level },
    );
  }
  /** 好差评 with reason tags and the channel it came through (evaluator, rate page …). */
  rateVisit(id: string, body: RatingRequest) {
    return this.request<RatingResult>('POST', `/api/v1/tickets/${encodeURIComponent(id)}/rating`, body);
  }
  followUps(status: 'open' | 'resolved' | 'all' = 'open') {
    return this.request<FollowUp[]>('GET', `/api/v1/follow-ups?status=${status}`);
  }
  resolveFollowUp(id: string, note: string) {
    return this.request<FollowUp>('POST', `/api/v1/follow-ups/${encodeURIComponent(id)}/resolve`, { note });
  }
  revealFollowUpPhone(id: string) {
    return this.request<{ phone: string; phoneMasked: string | null }>('POST', `/api/v1/follow-ups/${encodeURIComponent(id)}/phone`);
  }
  pendingRating(counterId: string) {
    return this.request<PendingRating>('GET', `/api/v1/counters/${encodeURIComponent(counterId)}/pending-rating`);
  }
  satisfaction(by: 'counter' | 'staff' | 'service', range: { from?: string; to?: string } = {}) {
    const q = new URLSearchParams({ by, ...range });
    return this.request<SatisfactionReport>('GET', `/api/v1/reports/satisfaction?${q.toString()}`);
  }
  publicTicket(id: string) {
    return this.request<PublicTicket>('GET', `/api/v1/public/tickets/${encodeURIComponent(id)}`);
  }
  publicRate(id: string, body: Omit<RatingRequest, 'channel'>) {
    return this.request<RatingResult>('POST', `/api/v1/public/tickets/${encodeURIComponent(id)}/rating`, body);
  }
  createAppointment(body: { code: string; serviceId: string; windowStart: string; windowEnd: string; idCardNumber?: string; personName?: string }) {
    return this.request<{ id: string; code: string; status: string }>('POST', '/api/v1/appointments', body);
  }
  checkIn(body: { code?: string; idCardNumber?: string; personName?: string }) {
    return this.request<TicketView & { ahead: number; estimatedWaitSeconds: number | null }>('POST', '/api/v1/appointments/check-in', body);
  }
  queue() {
    return this.request<QueueSnapshot>('GET', '/api/v1/queue');
  }
  syncConfig() {
    return this.request<SyncConfig>('GET', '/api/v1/sync/config');
  }
  grantLease(serviceId: string, count?: number) {
    return this.request<LeaseView>('POST', '/api/v1/sync/leases', count === undefined ? { serviceId } : { serviceId, count });
  }
  pushOps(ops: SyncOp[]) {
    return this.request<{ results: SyncResult[] }>('POST', '/api/v1/sync/push', { ops });
  }
  deviceAlert(alert: DeviceAlert, message?: string, component?: AlertComponent) {
    return this.request<{ ok: true }>('POST', '/api/v1/devices/alerts', { alert, ...(message ? { message } : {}), ...(component ? { component } : {}) });
  }
  /** Device alerts, newest first: the open ones with `active: true`, otherwise the history too. */
  alerts(query: { active?: boolean; limit?: number; cursor?: string } = {}) {
    const q = new URLSearchParams(Object.entries(query).map(([k, v]) => [k, String(v)]));
    return this.request<AlertList>('GET', `/api/v1/alerts${q.size ? `?${q}` : ''}`);
  }
  /** The live monitor's longest waits and open windows against the queue-alert limits. */
  queueWatch() {
    return this.request<QueueWatchView>('GET', '/api/v1/queue/watch');
  }
  acknowledgeAlert(id: string) {
    return this.request<AlertView>('POST', `/api/v1/alerts/${encodeURIComponent(id)}/acknowledge`);
  }
  /** WebSocket URL of the event stream, replaying after `since` when given. */
  /** Server-sent events of one ticket's public view (no token). */
  publicTicketEventsUrl(id: string): string {
    return `${this.baseUrl.replace(/\/$/, '')}/api/v1/public/tickets/${encodeURIComponent(id)}/events`;
  }
  eventsUrl(since?: number): string {
    const u = new URL(this.baseUrl.replace(/^http/, 'ws') + '/api/v1/events');
    if (since !== undefined) u.searchParams.set('since', String(since));
    if (this.token) u.searchParams.set('token', this.token);
    return u.toString();
  }
}
