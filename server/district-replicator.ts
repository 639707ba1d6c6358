// Pushes the hall's event log to the district server in seq order, in batches, exactly once: the district keeps the
// acknowledged seq, which the hall asks for on every (re)connection, so nothing is kept here and any outage resumes.
import {
  PublishedCertificateTypes,
  applyDistrictCalendar,
  calendarOverrides,
  mayNeedScrub,
  scrubEventData,
  type DistrictLinkStatus,
} from '../core/district.ts';
import type { DistrictCalendar, HallSettings } from '../core/model.ts';
import type { CertificateType } from '../core/certificates.ts';
import { parseDistrictMatters, type DistrictMatter } from '../core/district-matters.ts';
import type { CatalogueKind } from '../db/district-catalogue.ts';
import { z } from 'zod';

export type { DistrictLinkStatus };
import type { Db } from '../db/database.ts';
import { eventsAfter } from '../db/event-log.ts';

export interface DistrictLinkOptions {
  /** HALL_DISTRICT_URL split at commas: tried in turn, the next one after a failure. */
  urls: string[];
  token: string;
  db: Db;
  /** The newest seq in the hall's log. */
  headSeq: () => number;
  log?: (line: string) => void;
  batchSize?: number;
  /** How often to look for new events when caught up. */
  pollMs?: number;
  /** An empty push this often while idle, so the district sees the hall online. */
  heartbeatMs?: number;
  now?: () => number;
  /** The longest wait between retries while the district is unreachable. */
  retryMaxMs?: number;
  /** The hall's calendar settings, and how to change them (the writer's updateSettings). */
  calendar?: { current(): Pick<HallSettings, 'holidays' | 'extraWorkdays' | 'districtCalendar'>; apply(patch: Partial<HallSettings>): Promise<unknown> };
  /** How often to ask for a newer district calendar (and certificate types). */
  calendarEveryMs?: number;
  /** The district's certificate types: the version applied, the hall's overrides, and how to apply a new version. */
  certificateTypes?: CatalogueLink<CertificateType>;
  /** The district's matter catalogue (办事指南): the same three. */
  matters?: CatalogueLink<DistrictMatter>;
}

/** One kind of the district's published catalogue as this hall holds it. */
export interface CatalogueLink<T> {
  version(): number;
  overrides(): string[];
  apply(version: number, items: T[]): Promise<unknown>;
}

class PushError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

export class DistrictReplicator {
  private readonly urls: string[];
  private active = 0;
  private hallId: string | null = null;
  private acked = 0;
  private connected = false;
  private lastSuccess: number | null = null;
  private lastError: string | null = null;
  private lastPush = 0;
  private lastCalendarCheck = 0;
  /** The override codes last reported to the district, by catalogue kind (none: not yet, since this start or a reconnection). */
  private readonly reportedOverrides = new Map<CatalogueKind, string>();
  private readonly unpublished = new Set<CatalogueKind>();
  private stopped = false;
  private wake: (() => void) | null = null;
  private loop: Promise<void> | null = null;
  private abort = new AbortController();

  constructor(private readonly o: DistrictLinkOptions) {
    this.urls = o.urls.map((u) => u.trim().replace(/\/+$/, '')).filter(Boolean);
    if (!this.urls.length) throw new Error('HALL_DISTRICT_URL names no district server: give one or more URLs, comma-separated');
  }

  start(): void {
    this.loop ??= this.run();
  }

  /** New events were committed: push now rather than at the next poll, at most every 250 ms (a busy hall commits often). */
  nudge(): void {
    if ((this.o.now ?? Date.now)() - this.lastPush >= 250) this.wake?.();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.abort.abort();
    this.wake?.();
    await this.loop;
  }

  /** The newest seq the district acknowledged (0 until it first answers). */
  acknowledgedSeq(): number {
    return this.acked;
  }

  status(): DistrictLinkStatus {
    const head = this.o.headSeq();
    const now = (this.o.now ?? Date.now)();
    const oldest = this.o.db.prepare('SELECT at FROM events WHERE seq > ? ORDER BY seq LIMIT 1').get(this.acked) as { at: string } | undefined;
    return {
      configured: true,
      urls: this.urls,
      activeUrl: this.urls[this.active] ?? null,
      hallId: this.hallId,
      ackedSeq: this.acked,
      headSeq: head,
      lagEvents: Math.max(0, head - this.acked),
      lagSeconds: oldest ? Math.max(0, Math.round((now - Date.parse(oldest.at)) / 1000)) : 0,
      connected: this.connected,
      lastSuccessAt: this.lastSuccess === null ? null : new Date(this.lastSuccess).toISOString(),
      lastError: this.lastError,
      calendarVersion: this.o.calendar?.current().districtCalendar?.version ?? 0,
      calendarOverrides: calendarOverrides(this.o.calendar?.current() ?? { holidays: [], extraWorkdays: [] }),
      certificateTypesVersion: this.o.certificateTypes?.version() ?? 0,
      certificateTypeOverrides: this.o.certificateTypes?.overrides() ?? [],
      mattersVersion: this.o.matters?.version() ?? 0,
      matterOverrides: this.o.matters?.overrides() ?? [],
    };
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        resolve();
      }
      this.wake = () => {
        this.wake = null;
        done();
      };
    });
  }

  private async request(method: 'GET' | 'POST' | 'PUT', path: string, body?: string): Promise<unknown> {
    const url = `${this.urls[this.active]}${path}`;
    let res: Response;
    try {
      res = await fetch(url, {
        method,
        headers: { authorization: `Bearer ${this.o.token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
        body,
        signal: AbortSignal.any([this.abort.signal, AbortSignal.timeout(30_000)]),
      });
    } catch (error) {
      throw new PushError(0, `${url}: ${(error as Error).cause instanceof Error ? ((error as Error).cause as Error).message : (error as Error).message}`);
    }
    const text = await res.text();
    if (!res.ok) {
      let message = text.slice(0, 300);
      try {
        message = (JSON.parse(text) as { error: { message: string } }).error.message;
      } catch {
        /* not the contract's error body */
      }
      throw new PushError(res.status, `${url}: ${res.status} ${message}`);
    }
    return JSON.parse(text);
  }

  /** One step: learn the position if needed, then push the next batch (or a heartbeat). True when more is waiting. */
  private async step(): Promise<boolean> {
    if (this.hallId === null) {
      const me = (await this.request('GET', '/api/v1/district/me')) as { id: string; lastSeq: number };
      this.hallId = me.id;
      this.acked = me.lastSeq;
    }
    const now0 = (this.o.now ?? Date.now)();
    if (this.o.calendar && now0 - this.lastCalendarCheck >= (this.o.calendarEveryMs ?? 60_000)) {
      const published = (await this.request('GET', '/api/v1/district/calendar')) as DistrictCalendar;
      const patch = applyDistrictCalendar(this.o.calendar.current(), published);
      if (patch) {
        await this.o.calendar.apply(patch);
        this.o.log?.(`district calendar version ${published.version} applied`);
      }
      await this.syncCatalogue('certificate_types', 'certificate-types', this.o.certificateTypes, (items) => PublishedCertificateTypes.parse(items));
      // Matters are checked as the district checked them: a hall takes nothing it could not store.
      await this.syncCatalogue('matters', 'matters', this.o.matters, parseDistrictMatters);
      this.lastCalendarCheck = now0;
    }
    const batch = this.o.batchSize ?? 5000;
    const events = eventsAfter(this.o.db, this.acked, batch);
    const now = (this.o.now ?? Date.now)();
    if (events.length === 0 && now - this.lastPush < (this.o.heartbeatMs ?? 15_000)) return false;
    // The log is masked already; anything that still looks like a clear number is masked before it leaves the hall.
    const items = events.map((e) => (mayNeedScrub(e.json) ? JSON.stringify(scrubWire(e.json)) : e.json));
    const body = `{"headSeq":${this.o.headSeq()},"events":[${items.join(',')}]}`;
    const reply = (await this.request('POST', `/api/v1/district/halls/${encodeURIComponent(this.hallId)}/events`, body)) as { lastSeq: number };
    this.acked = reply.lastSeq;
    this.lastPush = now;
    return events.length === batch;
  }

  /** Applies a newer district version of one catalogue kind, then tells the district which entries the hall overrides. */
  private async syncCatalogue<T>(kind: CatalogueKind, path: string, link: CatalogueLink<T> | undefined, parse: (items: unknown[]) => T[]): Promise<void> {
    if (!link) return;
    let reply: unknown;
    try {
      reply = await this.request('GET', `/api/v1/district/catalogue/${path}`);
    } catch (error) {
      // A district not yet upgraded to this catalogue: the hall keeps its own and its events still go up.
      if (!(error instanceof PushError && error.status === 404)) throw error;
      if (!this.unpublished.has(kind)) this.o.log?.(`district publishes no ${kind.replace('_', ' ')} catalogue: the hall keeps its own`);
      this.unpublished.add(kind);
      return;
    }
    this.unpublished.delete(kind);
    const published = PublishedCatalogue.parse(reply);
    if (published.version > link.version()) {
      await link.apply(published.version, parse(published.items));
      this.o.log?.(`district ${kind.replace('_', ' ')} version ${published.version} applied`);
    }
    const overrides = JSON.stringify(link.overrides());
    if (overrides !== this.reportedOverrides.get(kind)) {
      const to = `/api/v1/district/halls/${encodeURIComponent(this.hallId!)}/overrides`;
      await this.request('PUT', to, JSON.stringify({ kind, codes: JSON.parse(overrides) as string[] }));
      this.reportedOverrides.set(kind, overrides);
    }
  }

  private async run(): Promise<void> {
    let backoff = 500;
    while (!this.stopped) {
      try {
        const more = await this.step();
        if (!this.connected) this.o.log?.(`district link up: ${this.urls[this.active]} (acknowledged seq ${this.acked})`);
        this.connected = true;
        this.lastSuccess = (this.o.now ?? Date.now)();
        this.lastError = null;
        backoff = 500;
        if (!more) await this.sleep(this.o.pollMs ?? 1000);
      } catch (error) {
        if (this.stopped) break;
        const message = error instanceof Error ? error.message : String(error);
        if (this.connected || this.lastError === null) this.o.log?.(`district link down: ${message}`);
        this.connected = false;
        this.lastError = message;
        // Another district server may hold a newer position: ask again there.
        this.hallId = null;
        this.reportedOverrides.clear();
        if (this.urls.length > 1) this.active = (this.active + 1) % this.urls.length;
        await this.sleep(backoff);
        backoff = Math.min(this.o.retryMaxMs ?? 30_000, backoff * 2);
      }
    }
  }
}

function scrubWire(json: string): unknown {
  const e = JSON.parse(json) as { data: unknown };
  return { ...e, data: scrubEventData(e.data) };
}

/** GET /district/catalogue/<kind>: the version, and items each kind checks as a hall checks its own writes. */
const PublishedCatalogue = z.object({ version: z.number().int().nonnegative(), items: z.array(z.unknown()) });
