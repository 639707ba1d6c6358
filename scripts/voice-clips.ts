// Records the display's fallback voice clips with espeak-ng (apt-get install espeak-ng): npm run voice:clips.
// The clips are committed, so builds and CI need no speech synthesiser; rerun this only to change them.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { clipTexts } from '../renderer/display/voice/clip-set.ts';
import { encodeWav, parseWav, type PcmClip } from '../renderer/display/voice/wav.ts';

const OUT = resolve(import.meta.dirname, '..', 'renderer', 'public', 'voice');
const RATE = 16_000;
/** Quieter than this (of 32767) counts as silence at a clip's ends. */
const SILENCE = 400;
const KEEP_MS = 25;

function samples(clip: PcmClip): Int16Array {
  if (clip.bitsPerSample !== 16 || clip.channels !== 1) throw new Error('espeak-ng should write 16-bit mono');
  return new Int16Array(clip.data.buffer, clip.data.byteOffset, clip.data.length / 2);
}

/** Trims silence at both ends, keeping a little so words do not clip. */
function trim(pcm: Int16Array, rate: number): Int16Array {
  let start = pcm.findIndex((s) => Math.abs(s) > SILENCE);
  if (start < 0) return pcm;
  let end = pcm.length - 1;
  while (end > start && Math.abs(pcm[end]!) <= SILENCE) end--;
  const keep = Math.round((rate * KEEP_MS) / 1000);
  start = Math.max(0, start - keep);
  end = Math.min(pcm.length - 1, end + keep);
  return pcm.slice(start, end + 1);
}

/** Linear resampling: speech at 16 kHz is clear enough for a hall and half the size. */
function resample(pcm: Int16Array, from: number, to: number): Int16Array {
  const out = new Int16Array(Math.floor((pcm.length * to) / from));
  for (let i = 0; i < out.length; i++) {
    const x = (i * from) / to;
    const i0 = Math.floor(x);
    const a = pcm[i0] ?? 0;
    const b = pcm[i0 + 1] ?? a;
    out[i] = Math.round(a + (b - a) * (x - i0));
  }
  return out;
}

export function recordClips(outDir = OUT): string[] {
  const work = mkdtempSync(join(tmpdir(), 'voice-clips-'));
  mkdirSync(outDir, { recursive: true });
  const written: string[] = [];
  try {
    for (const [name, text] of Object.entries(clipTexts())) {
      const raw = join(work, `${name}.wav`);
      execFileSync('espeak-ng', ['-v', 'cmn', '-s', '150', '-w', raw, text]);
      const clip = parseWav(readFileSync(raw).buffer as ArrayBuffer);
      const pcm = resample(trim(samples(clip), clip.sampleRate), clip.sampleRate, RATE);
      const file = join(outDir, `${name}.wav`);
      writeFileSync(file, encodeWav({ sampleRate: RATE, channels: 1, bitsPerSample: 16, data: new Uint8Array(pcm.buffer) }));
      written.push(file);
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
  return written;
}

if (process.argv[1] && resolve(process.argv[1]) === resolve(import.meta.filename)) {
  const files = recordClips();
  console.log(`${files.length} voice clips written to ${OUT}`);
}
