// Server-sent events for the visitor's phone (no token: the ticket id in the QR code is the key): the public view
// of one ticket on connect, then again whenever it changes (its status, or its place in the queue).
import type { ServerResponse } from 'node:http';

/** What the phone sees of a ticket; `final` views change no more, so their stream ends after sending them. */
export interface StreamedView {
  json: string;
  final: boolean;
}

export interface TicketStreamLimits {
  /** Streams one address may hold: a family behind one NAT, not a script opening thousands. */
  perAddress: number;
  total: number;
  /** A comment line this often keeps proxies and phones from dropping an idle stream. */
  heartbeatMs: number;
}

interface Watcher {
  ticketId: string;
  ip: string;
  res: ServerResponse;
  last: string;
}

const DEFAULT_LIMITS: TicketStreamLimits = { perAddress: 20, total: 2000, heartbeatMs: 20_000 };
/** A busy hall commits many times a second; the phones' views are rebuilt at most this often. */
const REFRESH_GAP_MS = 200;
/** Bytes a phone may leave unread before it is cut off; it reconnects and gets the current view. */
const MAX_UNREAD = 64 * 1024;

export class TicketStreams {
  private readonly watchers = new Set<Watcher>();
  private readonly perIp = new Map<string, number>();
  private readonly heartbeat: NodeJS.Timeout;
  private scheduled = false;
  private lastRefresh = 0;
  readonly limits: TicketStreamLimits;

  /** `views`: the current public views of these tickets, reading each service's queue once. */
  constructor(
    private readonly views: (ticketIds: readonly string[]) => Map<string, StreamedView>,
    limits: Partial<TicketStreamLimits> = {},
  ) {
    this.limits = { ...DEFAULT_LIMITS, ...limits };
    this.heartbeat = setInterval(() => this.ping(), this.limits.heartbeatMs);
    this.heartbeat.unref();
  }

  get size(): number {
    return this.watchers.size;
  }

  /** False when this address, or the hall as a whole, holds as many streams as it may. */
  admits(ip: string): boolean {
    return (this.perIp.get(ip) ?? 0) < this.limits.perAddress && this.watchers.size < this.limits.total;
  }

  /** Starts a stream with the ticket's current view (check `admits` first). */
  open(ticketId: string, ip: string, res: ServerResponse, first: StreamedView): void {
    res.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-store',
      'x-content-type-options': 'nosniff',
      // Reverse proxies (nginx) would otherwise hold the events back in their buffer.
      'x-accel-buffering': 'no',
    });
    res.socket?.setNoDelay(true);
    const w: Watcher = { ticketId, ip, res, last: '' };
    this.send(w, first);
    if (first.final || res.writableEnded || res.destroyed) return;
    this.watchers.add(w);
    this.perIp.set(ip, (this.perIp.get(ip) ?? 0) + 1);
    res.on('close', () => this.drop(w));
  }

  /** Something was committed: recompute the watched tickets once per burst of commits, at most every REFRESH_GAP_MS. */
  changed(): void {
    if (this.scheduled || this.watchers.size === 0) return;
    this.scheduled = true;
    const run = () => {
      this.scheduled = false;
      this.lastRefresh = Date.now();
      this.refresh();
    };
    const wait = this.lastRefresh + REFRESH_GAP_MS - Date.now();
    if (wait > 0) setTimeout(run, wait).unref();
    else setImmediate(run);
  }

  closeAll(): void {
    clearInterval(this.heartbeat);
    for (const w of this.watchers) w.res.end();
    this.watchers.clear();
    this.perIp.clear();
  }

  private refresh(): void {
    if (this.watchers.size === 0) return;
    const views = this.views([...new Set([...this.watchers].map((w) => w.ticketId))]);
    for (const w of this.watchers) {
      const view = views.get(w.ticketId);
      if (view) this.send(w, view);
    }
  }

  private send(w: Watcher, view: StreamedView): void {
    if (view.json === w.last || w.res.writableEnded) return;
    if (w.res.writableLength > MAX_UNREAD) {
      w.res.destroy();
      this.drop(w);
      return;
    }
    w.last = view.json;
    w.res.write(`data: ${view.json}\n\n`);
    if (view.final) {
      w.res.end();
      this.drop(w);
    }
  }

  private ping(): void {
    for (const w of this.watchers) {
      if (w.res.destroyed) this.drop(w);
      else w.res.write(': ping\n\n');
    }
  }

  private drop(w: Watcher): void {
    if (!this.watchers.delete(w)) return;
    const n = (this.perIp.get(w.ip) ?? 1) - 1;
    if (n <= 0) this.perIp.delete(w.ip);
    else this.perIp.set(w.ip, n);
  }
}
