// WebSocket fan-out of the durable event log: replay after `since`, then live events, strictly by seq.
import type { Socket } from 'node:net';
import type { WebSocket } from 'ws';
import type { EventWire } from '../core/model.ts';

export interface EventSource {
  after(seq: number, limit: number): EventWire[];
  oldest(): number | null;
  last(): number;
}

interface Subscriber {
  ws: WebSocket;
  lastSent: number;
  alive: boolean;
  /** Still sending the log; live events wait in the log until the replay reaches them. */
  replaying: boolean;
  /** The signed-in user behind the token, for closing their streams when the account is disabled. */
  userId: string | null;
  /** The device behind the token, for closing its streams when it is revoked and for its last-seen time. */
  deviceId: string | null;
}

const REPLAY_PAGE = 1000;
const MAX_BUFFERED = 8 * 1024 * 1024;

/** Close codes a client acts on: both mean "GET /api/v1/queue, then reconnect with its seq". */
export const CLOSE_REPLAY_GONE = 4410;
export const CLOSE_SINCE_AHEAD = 4409;
/** The account was disabled or the device revoked: the client signs in again (and is refused). */
export const CLOSE_SIGNED_OUT = 4401;

export class EventsHub {
  private readonly subscribers = new Set<Subscriber>();
  private readonly heartbeat: NodeJS.Timeout;

  constructor(private readonly source: EventSource) {
    this.heartbeat = setInterval(() => this.ping(), 30_000);
    this.heartbeat.unref();
  }

  get size(): number {
    return this.subscribers.size;
  }

  /** Replays everything after `since` (or nothing when absent) and subscribes to what follows. */
  attach(ws: WebSocket, since: number | null, userId: string | null = null, deviceId: string | null = null): void {
    const last = this.source.last();
    if (since !== null && since > last) {
      ws.close(CLOSE_SINCE_AHEAD, `since ${since} is ahead of the log (${last}): reload the queue`);
      return;
    }
    // An empty log after pruning keeps nothing up to `last`: the oldest event it could still hold is last + 1.
    const oldest = this.source.oldest() ?? last + 1;
    if (since !== null && since < oldest - 1) {
      ws.close(CLOSE_REPLAY_GONE, `events before ${oldest} are no longer kept: reload the queue`);
      return;
    }
    const sub: Subscriber = { ws, lastSent: since ?? last, alive: true, replaying: true, userId, deviceId };
    this.subscribers.add(sub);
    ws.on('pong', () => {
      sub.alive = true;
    });
    ws.on('close', () => this.subscribers.delete(sub));
    ws.on('error', () => this.subscribers.delete(sub));
    ws.on('message', () => undefined);
    this.replay(sub);
  }

  /**
   * Sends the log after `lastSent` a page per tick, so a long replay never stalls the server. Events committed
   * meanwhile are in the log already, so the last page reaches them and live sending takes over without a gap.
   */
  private replay(sub: Subscriber): void {
    if (!this.subscribers.has(sub)) return;
    // A slow reader is waited for while replaying (it asked for the history), not cut off.
    if (sub.ws.bufferedAmount > MAX_BUFFERED / 2) {
      setTimeout(() => this.replay(sub), 20);
      return;
    }
    const page = this.source.after(sub.lastSent, REPLAY_PAGE);
    for (const e of page) this.sendTo(sub, e.seq, e.json, true);
    if (page.length === REPLAY_PAGE) {
      setImmediate(() => this.replay(sub));
      return;
    }
    sub.replaying = false;
  }

  publish(events: readonly EventWire[]): void {
    for (const sub of this.subscribers) {
      // One write per subscriber for the whole commit (a call-next is two events): the system call per
      // socket, not the framing, is what fan-out to hundreds of displays costs.
      const socket = (sub.ws as unknown as { _socket?: Socket | null })._socket;
      socket?.cork();
      for (const e of events) this.sendTo(sub, e.seq, e.json);
      socket?.uncork();
    }
  }

  private sendTo(sub: Subscriber, seq: number, message: string, fromLog = false): void {
    if ((sub.replaying && !fromLog) || seq <= sub.lastSent || sub.ws.readyState !== sub.ws.OPEN) return;
    if (sub.ws.bufferedAmount > MAX_BUFFERED) {
      // A client this far behind reconnects with since= and catches up from the log.
      sub.ws.terminate();
      this.subscribers.delete(sub);
      return;
    }
    sub.ws.send(message);
    sub.lastSent = seq;
  }

  private ping(): void {
    for (const sub of this.subscribers) {
      if (!sub.alive) {
        sub.ws.terminate();
        this.subscribers.delete(sub);
        continue;
      }
      sub.alive = false;
      sub.ws.ping();
    }
  }

  closeUser(userId: string, reason: string): void {
    for (const sub of this.subscribers) {
      if (sub.userId !== userId) continue;
      sub.ws.close(CLOSE_SIGNED_OUT, reason);
      this.subscribers.delete(sub);
    }
  }

  closeDevice(deviceId: string, reason: string): void {
    for (const sub of this.subscribers) {
      if (sub.deviceId !== deviceId) continue;
      sub.ws.close(CLOSE_SIGNED_OUT, reason);
      this.subscribers.delete(sub);
    }
  }

  /** Devices with a stream open now: a board that only listens is still there. */
  connectedDevices(): Set<string> {
    const ids = new Set<string>();
    for (const sub of this.subscribers) if (sub.deviceId) ids.add(sub.deviceId);
    return ids;
  }

  closeAll(code: number, reason: string): void {
    clearInterval(this.heartbeat);
    for (const sub of this.subscribers) sub.ws.close(code, reason);
    this.subscribers.clear();
  }
}
