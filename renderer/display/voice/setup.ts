// Picks the board's voice from the URL (?voice=fake&voiceMs=… for tests) or the browser, and exposes its log.
import { AnnouncementQueue, chooseBackend, ClipBackend, FakeBackend, htmlAudioOut, type SpeechEnv, type SpokenEntry, type VoiceBackend } from './announcer.ts';

declare global {
  interface Window {
    /** Every announcement the board has said or is saying, in order: read by tests and the benchmark. */
    __announcements?: readonly SpokenEntry[];
    __voiceBackend?: string;
  }
}

export function createVoice(params: URLSearchParams, repeat: () => number, onBlocked: () => void) {
  const loadClip = async (url: string) => {
    const res = await fetch(url);
    if (!res.ok) throw new Error(`voice clip ${url}: ${res.status}`);
    return res.arrayBuffer();
  };
  const clips = () => new ClipBackend(loadClip, htmlAudioOut(onBlocked));
  const mode = params.get('voice');
  let backend: Promise<VoiceBackend>;
  if (mode === 'fake') backend = Promise.resolve(new FakeBackend(Number(params.get('voiceMs') ?? 800)));
  else if (mode === 'clips') backend = Promise.resolve(clips());
  else backend = chooseBackend(window as unknown as SpeechEnv, clips, 2000, onBlocked);
  void backend.then((b) => (window.__voiceBackend = b.name));
  const queue = new AnnouncementQueue(() => backend, repeat);
  window.__announcements = queue.log;
  return queue;
}
