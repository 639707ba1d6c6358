// Whether the browser lets the board make sound with nobody to tap it (the autoplay policy), asked of an AudioContext.
export type AudioState = 'unknown' | 'allowed' | 'blocked';

type AudioContextCtor = new () => { state: string; resume(): Promise<void>; close(): Promise<void> };

/**
 * A new AudioContext starts 'running' only where the page may play sound unprompted (a flag, a kiosk shell, an
 * earlier tap); elsewhere it stays 'suspended' and resume() never settles. The same rule blocks <audio> and speech.
 */
export async function audioAllowed(Ctor: AudioContextCtor | undefined, waitMs = 1500): Promise<AudioState> {
  if (!Ctor) return 'unknown';
  const ctx = new Ctor();
  try {
    if (ctx.state !== 'running') {
      await Promise.race([ctx.resume().catch(() => undefined), new Promise((r) => setTimeout(r, waitMs))]);
    }
    return ctx.state === 'running' ? 'allowed' : 'blocked';
  } finally {
    // The board keeps no idle audio thread running: each check makes its own context.
    void ctx.close().catch(() => undefined);
  }
}

/** Checks at start, after a tap, after a failed play, and every `recheckMs` while blocked; reports changes only. */
export class AudioGate {
  private state: AudioState = 'unknown';
  private timer: ReturnType<typeof setTimeout> | null = null;
  private checking: Promise<void> | null = null;

  constructor(
    private readonly onChange: (state: AudioState) => void,
    private readonly Ctor: AudioContextCtor | undefined = (globalThis as { AudioContext?: AudioContextCtor }).AudioContext,
    private readonly recheckMs = 60_000,
  ) {}

  get current(): AudioState {
    return this.state;
  }

  check(): Promise<void> {
    this.checking ??= audioAllowed(this.Ctor)
      .then((state) => this.set(state))
      .finally(() => (this.checking = null));
    return this.checking;
  }

  /** A play that the browser refused (NotAllowedError) is proof enough. */
  refused(): void {
    this.set('blocked');
  }

  stop(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  private set(state: AudioState): void {
    this.stop();
    if (state === 'blocked') this.timer = setTimeout(() => void this.check(), this.recheckMs);
    if (state === this.state) return;
    this.state = state;
    this.onChange(state);
  }
}
