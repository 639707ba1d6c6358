// The display's voice: one queue, so announcements never overlap or cut each other off, each said N times.
import { clipUrl } from './clip-set.ts';
import type { AnnouncementText } from './speech-text.ts';
import { durationMs, joinWav, parseWav, type PcmClip } from './wav.ts';

export type BackendName = 'speech' | 'clips' | 'fake';

export interface VoiceBackend {
  readonly name: BackendName;
  /** Resolves when the announcement has finished sounding (or failed: the queue must go on). */
  say(announcement: AnnouncementText): Promise<void>;
}

export interface SpokenEntry {
  text: string;
  kind: AnnouncementText['kind'];
  ticketNumber: string;
  counterNumber: number;
  /** 1 … announceRepeat */
  repeat: number;
  backend: BackendName;
  startedAt: number;
  endedAt: number | null;
}

/** A board runs for days: the log keeps the latest entries only. */
const LOG_LIMIT = 500;

export class AnnouncementQueue {
  readonly log: SpokenEntry[] = [];
  private tail: Promise<void> = Promise.resolve();
  private pending = 0;

  constructor(
    private readonly backend: () => Promise<VoiceBackend>,
    private readonly repeat: () => number,
    private readonly now: () => number = () => performance.timeOrigin + performance.now(),
  ) {}

  get queued(): number {
    return this.pending;
  }

  /** Queues an announcement behind every earlier one; the promise settles once it has been said. */
  enqueue(announcement: AnnouncementText): Promise<void> {
    this.pending++;
    const run = async () => {
      const backend = await this.backend();
      const times = Math.max(1, this.repeat());
      for (let repeat = 1; repeat <= times; repeat++) {
        const entry: SpokenEntry = {
          text: announcement.text,
          kind: announcement.kind,
          ticketNumber: announcement.ticketNumber,
          counterNumber: announcement.counterNumber,
          repeat,
          backend: backend.name,
          startedAt: this.now(),
          endedAt: null,
        };
        this.log.push(entry);
        if (this.log.length > LOG_LIMIT) this.log.splice(0, this.log.length - LOG_LIMIT);
        await backend.say(announcement).catch(() => undefined);
        entry.endedAt = this.now();
      }
    };
    this.tail = this.tail.then(run).finally(() => this.pending--);
    return this.tail;
  }
}

/** The parts of the Web Speech API used here, so tests can hand in a fake. */
export interface SpeechEnv {
  speechSynthesis?: {
    getVoices(): { lang: string; name: string; localService?: boolean }[];
    speak(utterance: unknown): void;
    cancel(): void;
    addEventListener?(type: 'voiceschanged', listener: () => void): void;
    removeEventListener?(type: 'voiceschanged', listener: () => void): void;
  };
  SpeechSynthesisUtterance?: new (text: string) => {
    lang: string;
    voice: unknown;
    rate: number;
    onend: (() => void) | null;
    onerror: ((ev: { error?: string }) => void) | null;
  };
}

const isMandarin = (lang: string) => {
  const l = lang.replace('_', '-').toLowerCase();
  return l === 'zh-cn' || l.startsWith('zh-cn-') || l === 'cmn-cn' || l.startsWith('cmn-hans') || l === 'zh-hans-cn';
};

/** A zh-CN voice, waiting up to `waitMs` for the browser's voice list (it fills in asynchronously). */
export async function findMandarinVoice(env: SpeechEnv, waitMs: number) {
  const synth = env.speechSynthesis;
  if (!synth || !env.SpeechSynthesisUtterance) return undefined;
  const pick = () => {
    const voices = synth.getVoices().filter((v) => isMandarin(v.lang));
    return voices.find((v) => v.localService) ?? voices[0];
  };
  const now = pick();
  if (now || !synth.addEventListener) return now;
  return new Promise<ReturnType<typeof pick>>((resolve) => {
    const done = () => {
      clearTimeout(timer);
      synth.removeEventListener?.('voiceschanged', changed);
      resolve(pick());
    };
    const changed = () => {
      if (pick()) done();
    };
    const timer = setTimeout(done, waitMs);
    synth.addEventListener!('voiceschanged', changed);
  });
}

export class SpeechBackend implements VoiceBackend {
  readonly name = 'speech';
  constructor(
    private readonly env: Required<SpeechEnv>,
    private readonly voice: unknown,
    private readonly onBlocked: () => void = () => undefined,
  ) {}

  say(a: AnnouncementText): Promise<void> {
    return new Promise((resolve) => {
      const u = new this.env.SpeechSynthesisUtterance(a.speech);
      u.lang = 'zh-CN';
      u.voice = this.voice;
      u.rate = 0.9;
      // Some engines never fire end: a generous limit keeps the queue moving.
      const timer = setTimeout(finish, 4000 + a.speech.length * 400);
      function finish() {
        clearTimeout(timer);
        resolve();
      }
      u.onend = finish;
      u.onerror = (ev) => {
        if (ev.error === 'not-allowed') this.onBlocked();
        finish();
      };
      this.env.speechSynthesis.speak(u);
    });
  }
}

export interface AudioOut {
  /** Plays a WAV file and resolves when it has ended. */
  play(wav: Uint8Array, durationMs: number): Promise<void>;
}

export class ClipBackend implements VoiceBackend {
  readonly name = 'clips';
  private readonly cache = new Map<string, Promise<PcmClip>>();

  constructor(
    private readonly load: (url: string) => Promise<ArrayBuffer>,
    private readonly out: AudioOut,
  ) {}

  private clip(name: string): Promise<PcmClip> {
    let clip = this.cache.get(name);
    if (!clip) {
      clip = this.load(clipUrl(name)).then(parseWav);
      // A failed load is tried again next time, not remembered.
      clip.catch(() => this.cache.delete(name));
      this.cache.set(name, clip);
    }
    return clip;
  }

  async say(a: AnnouncementText): Promise<void> {
    const clips = await Promise.all(a.clips.map((c) => this.clip(c)));
    const joined = joinWav(clips);
    await this.out.play(joined, clips.reduce((n, c) => n + durationMs(c), 0) + clips.length * 60);
  }
}

/** Silent, fixed-length speech for tests and the benchmark (`?voice=fake&voiceMs=…`). */
export class FakeBackend implements VoiceBackend {
  readonly name = 'fake';
  constructor(private readonly ms: number) {}
  say(): Promise<void> {
    return new Promise((resolve) => setTimeout(resolve, this.ms));
  }
}

/** Web Speech when the browser has a Mandarin voice, else the recorded clips. */
export async function chooseBackend(env: SpeechEnv, clips: () => VoiceBackend, waitMs = 2000, onBlocked?: () => void): Promise<VoiceBackend> {
  const voice = await findMandarinVoice(env, waitMs);
  return voice ? new SpeechBackend(env as Required<SpeechEnv>, voice, onBlocked) : clips();
}

/** An <audio> element fed a blob: URL (the page's CSP allows media from blob:). */
export function htmlAudioOut(onBlocked: () => void = () => undefined): AudioOut {
  return {
    play(wav, ms) {
      return new Promise((resolve) => {
        const url = URL.createObjectURL(new Blob([wav as BlobPart], { type: 'audio/wav' }));
        const audio = new Audio(url);
        const finish = () => {
          clearTimeout(timer);
          URL.revokeObjectURL(url);
          resolve();
        };
        // A blocked or stalled play must not hold up the calls queued behind it.
        const timer = setTimeout(finish, ms + 3000);
        audio.onended = finish;
        audio.onerror = finish;
        audio.play().catch((err: unknown) => {
          // Autoplay policy: the board needs one tap, or Chromium's --autoplay-policy=no-user-gesture-required.
          if (err instanceof Error && err.name === 'NotAllowedError') onBlocked();
          finish();
        });
      });
    },
  };
}
