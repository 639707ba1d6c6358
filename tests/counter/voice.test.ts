// The display's voice without a browser: backend choice with a fake speechSynthesis, the queue, texts, clips.
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  AnnouncementQueue,
  chooseBackend,
  ClipBackend,
  FakeBackend,
  type AudioOut,
  type SpeechEnv,
  type VoiceBackend,
} from '../../renderer/display/voice/announcer.ts';
import { clipTexts } from '../../renderer/display/voice/clip-set.ts';
import { announcementText, readNumber } from '../../renderer/display/voice/speech-text.ts';
import { durationMs, joinWav, parseWav } from '../../renderer/display/voice/wav.ts';

const VOICE_DIR = resolve(import.meta.dirname, '../../renderer/public/voice');

/** A stand-in for window.speechSynthesis: voices appear after `voicesAfterMs`, speaking takes `speakMs`. */
function fakeSpeech(voices: { lang: string; name: string; localService?: boolean }[], voicesAfterMs = 0, speakMs = 5) {
  const listeners = new Set<() => void>();
  let available = voicesAfterMs === 0 ? voices : [];
  if (voicesAfterMs > 0) {
    setTimeout(() => {
      available = voices;
      for (const l of listeners) l();
    }, voicesAfterMs);
  }
  const spoken: { text: string; lang: string; voice: unknown }[] = [];
  class Utterance {
    lang = '';
    voice: unknown = null;
    rate = 1;
    onend: (() => void) | null = null;
    onerror: ((ev: { error?: string }) => void) | null = null;
    constructor(readonly text: string) {}
  }
  const env: SpeechEnv = {
    speechSynthesis: {
      getVoices: () => available,
      speak(u: unknown) {
        const utterance = u as Utterance;
        spoken.push({ text: utterance.text, lang: utterance.lang, voice: utterance.voice });
        setTimeout(() => utterance.onend?.(), speakMs);
      },
      cancel: () => undefined,
      addEventListener: (_type, l) => listeners.add(l),
      removeEventListener: (_type, l) => listeners.delete(l),
    },
    SpeechSynthesisUtterance: Utterance,
  };
  return { env, spoken };
}

const clipsStub = (): VoiceBackend => ({ name: 'clips', say: () => Promise.resolve() });

describe('backend choice', () => {
  it('speaks with Web Speech when a zh-CN voice exists, preferring a local one', async () => {
    const { env, spoken } = fakeSpeech([
      { lang: 'en-US', name: 'English' },
      { lang: 'zh-CN', name: 'Remote Mandarin', localService: false },
      { lang: 'zh_CN', name: 'Local Mandarin', localService: true },
    ]);
    const backend = await chooseBackend(env, clipsStub, 100);
    expect(backend.name).toBe('speech');
    await backend.say(announcementText('call', 'A012', 3));
    expect(spoken).toEqual([
      { text: '请 A 零 一 二 号，到 三 号窗口办理', lang: 'zh-CN', voice: { lang: 'zh_CN', name: 'Local Mandarin', localService: true } },
    ]);
  });

  it('waits for voices that load late (voiceschanged)', async () => {
    const { env } = fakeSpeech([{ lang: 'zh-CN', name: 'Mandarin' }], 30);
    expect((await chooseBackend(env, clipsStub, 2000)).name).toBe('speech');
  });

  it('falls back to the recorded clips without a Mandarin voice, or without speechSynthesis at all', async () => {
    const { env } = fakeSpeech([
      { lang: 'en-US', name: 'English' },
      { lang: 'zh-TW', name: 'Taiwanese Mandarin' },
      { lang: 'zh-HK', name: 'Cantonese' },
    ]);
    expect((await chooseBackend(env, clipsStub, 50)).name).toBe('clips');
    expect((await chooseBackend({}, clipsStub, 50)).name).toBe('clips');
  });

  it('does not hang when a voice never finishes speaking (queue keeps going via the time limit)', async () => {
    const { env } = fakeSpeech([{ lang: 'zh-CN', name: 'Mandarin' }], 0, 60_000);
    env.speechSynthesis!.speak = () => undefined;
    const backend = await chooseBackend(env, clipsStub, 50);
    const started = Date.now();
    const said = backend.say({ ...announcementText('call', 'A1', 1), speech: '' });
    await said;
    expect(Date.now() - started).toBeLessThan(6000);
  }, 10_000);
});

describe('announcement queue', () => {
  it('says each announcement announceRepeat times, in order, never overlapping', async () => {
    let repeat = 2;
    const queue = new AnnouncementQueue(
      () => Promise.resolve(new FakeBackend(15)),
      () => repeat,
      () => performance.now(),
    );
    void queue.enqueue(announcementText('call', 'A001', 3));
    const last = queue.enqueue(announcementText('call', 'B007', 12));
    expect(queue.queued).toBe(2);
    await last;
    repeat = 1;
    await queue.enqueue(announcementText('recall', 'A001', 3));
    expect(queue.log.map((e) => [e.text, e.repeat])).toEqual([
      ['请 A001 号 到 3 号窗口 办理', 1],
      ['请 A001 号 到 3 号窗口 办理', 2],
      ['请 B007 号 到 12 号窗口 办理', 1],
      ['请 B007 号 到 12 号窗口 办理', 2],
      ['请 A001 号 到 3 号窗口 办理', 1],
    ]);
    for (let i = 1; i < queue.log.length; i++) {
      expect(queue.log[i]!.startedAt).toBeGreaterThanOrEqual(queue.log[i - 1]!.endedAt!);
    }
    expect(queue.queued).toBe(0);
  });

  it('keeps only the latest 500 entries of a board that runs for days', async () => {
    const queue = new AnnouncementQueue(
      () => Promise.resolve(new FakeBackend(0)),
      () => 1,
    );
    for (let i = 1; i <= 510; i++) void queue.enqueue(announcementText('call', `A${i}`, 1));
    await queue.enqueue(announcementText('call', 'B1', 1));
    expect(queue.log).toHaveLength(500);
    expect(queue.log.at(-1)!.ticketNumber).toBe('B1');
  });

  it('goes on after a backend that fails', async () => {
    const failing: VoiceBackend = { name: 'clips', say: () => Promise.reject(new Error('no audio device')) };
    const queue = new AnnouncementQueue(
      () => Promise.resolve(failing),
      () => 1,
    );
    await queue.enqueue(announcementText('call', 'A001', 1));
    await queue.enqueue(announcementText('call', 'A002', 1));
    expect(queue.log.map((e) => e.ticketNumber)).toEqual(['A001', 'A002']);
  });
});

describe('Mandarin texts', () => {
  it('reads counter numbers as numbers', () => {
    const cases: [number, string][] = [
      [0, '零'],
      [3, '三'],
      [10, '十'],
      [12, '十二'],
      [20, '二十'],
      [21, '二十一'],
      [100, '一百'],
      [105, '一百零五'],
      [110, '一百一十'],
      [1005, '一千零五'],
      [1050, '一千零五十'],
      [2300, '二千三百'],
      [9999, '九千九百九十九'],
    ];
    for (const [n, text] of cases) expect(readNumber(n).text, String(n)).toBe(text);
  });

  it('spells the ticket number and joins clips in spoken order', () => {
    const a = announcementText('call', 'AB105', 12);
    expect(a.text).toBe('请 AB105 号 到 12 号窗口 办理');
    expect(a.clips).toEqual(['qing', 'A', 'B', 'd1', 'd0', 'd5', 'hao', 'dao', 'shi', 'd2', 'hao', 'chuangkou', 'banli']);
  });

  it('has a committed clip for every name an announcement can use', () => {
    const names = new Set(Object.keys(clipTexts()));
    for (const n of [...'ABCDEFGHIJKLMNOPQRSTUVWXYZ'].map((l) => announcementText('call', `${l}0123456789`, 1234).clips).flat()) {
      expect(names.has(n), n).toBe(true);
    }
    for (const name of names) expect(existsSync(resolve(VOICE_DIR, `${name}.wav`)), name).toBe(true);
  });
});

describe('clip playback', () => {
  const load = async (url: string) => {
    const file = readFileSync(resolve(VOICE_DIR, url.replace('/voice/', '')));
    return file.buffer.slice(file.byteOffset, file.byteOffset + file.length) as ArrayBuffer;
  };

  it('joins the clips of a call into one 16 kHz mono WAV of about the sum of their lengths', async () => {
    const played: { wav: Uint8Array; ms: number }[] = [];
    const out: AudioOut = { play: (wav, ms) => (played.push({ wav, ms }), Promise.resolve()) };
    const backend = new ClipBackend(load, out);
    const a = announcementText('call', 'A012', 3);
    await backend.say(a);
    const joined = parseWav(played[0]!.wav.buffer as ArrayBuffer);
    expect(joined).toMatchObject({ sampleRate: 16_000, channels: 1, bitsPerSample: 16 });
    const parts = await Promise.all(a.clips.map((c) => load(`/voice/${c}.wav`).then(parseWav)));
    const sum = parts.reduce((n, p) => n + durationMs(p), 0);
    expect(durationMs(joined)).toBeGreaterThan(sum);
    expect(durationMs(joined)).toBeLessThan(sum + 60 * a.clips.length);
    expect(sum).toBeGreaterThan(1500);
    expect(sum).toBeLessThan(8000);
  });

  it('refuses clips of different formats rather than playing noise', () => {
    const a = { sampleRate: 16_000, channels: 1, bitsPerSample: 16, data: new Uint8Array(4) };
    expect(() => joinWav([a, { ...a, sampleRate: 22_050 }])).toThrow(/format/);
  });
});
