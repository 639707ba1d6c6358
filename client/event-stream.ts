// Live hall events with replay: snapshot first, then every event after its seq; reconnects by itself.
import type { HallClient, HallEvent, QueueSnapshot } from './hall-client.ts';

/** The subset of the WebSocket API used here: the browser's, or `ws` in Node. */
export interface SocketLike {
  onopen: ((ev: unknown) => void) | null;
  onmessage: ((ev: { data: unknown }) => void) | null;
  onclose: ((ev: { code: number; reason: string }) => void) | null;
  onerror: ((ev: unknown) => void) | null;
  close(code?: number, reason?: string): void;
}

export type SocketFactory = (url: string) => SocketLike;

export interface EventStreamHandlers {
  /** A consistent picture of the queue; events that follow continue from its seq. */
  onSnapshot(snapshot: QueueSnapshot): void;
  /** Each event once, in seq order, never one older than what was already seen. */
  onEvent(event: HallEvent): void;
  onStatus?(status: 'connecting' | 'live' | 'offline'): void;
}

const CLOSE_SINCE_AHEAD = 4409;
const CLOSE_REPLAY_GONE = 4410;

export class HallEventStream {
  private socket: SocketLike | null = null;
  private lastSeq = -1;
  private stopped = false;
  private retryMs = 500;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private needSnapshot = true;

  constructor(
    private readonly client: HallClient,
    private readonly handlers: EventStreamHandlers,
    private readonly socketFactory: SocketFactory = (url) => new WebSocket(url) as unknown as SocketLike,
    private readonly maxRetryMs = 5000,
  ) {}

  get seq(): number {
    return this.lastSeq;
  }

  start(): void {
    this.stopped = false;
    void this.connect();
  }

  stop(): void {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.socket?.close(1000, 'bye');
    this.socket = null;
  }

  private async connect(): Promise<void> {
    if (this.stopped) return;
    this.handlers.onStatus?.('connecting');
    try {
      if (this.needSnapshot) {
        const snapshot = await this.client.queue();
        if (this.stopped) return;
        this.lastSeq = snapshot.seq;
        this.needSnapshot = false;
        this.handlers.onSnapshot(snapshot);
      }
    } catch {
      this.retry();
      return;
    }
    const socket = this.socketFactory(this.client.eventsUrl(this.lastSeq));
    this.socket = socket;
    socket.onopen = () => {
      this.retryMs = 500;
      this.handlers.onStatus?.('live');
    };
    socket.onmessage = (ev) => {
      const event = JSON.parse(String(ev.data)) as HallEvent;
      if (event.seq <= this.lastSeq) return;
      this.lastSeq = event.seq;
      this.handlers.onEvent(event);
    };
    socket.onerror = () => undefined;
    socket.onclose = (ev) => {
      if (this.socket !== socket) return;
      this.socket = null;
      if (ev.code === CLOSE_SINCE_AHEAD || ev.code === CLOSE_REPLAY_GONE) this.needSnapshot = true;
      if (!this.stopped) this.retry();
    };
  }

  private retry(): void {
    this.handlers.onStatus?.('offline');
    if (this.stopped) return;
    this.timer = setTimeout(() => void this.connect(), this.retryMs);
    this.retryMs = Math.min(this.maxRetryMs, this.retryMs * 2);
  }
}
