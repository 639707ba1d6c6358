// PCM WAV clips joined into one file, so a call plays as one sound without gaps between words.

export interface PcmClip {
  sampleRate: number;
  channels: number;
  bitsPerSample: number;
  data: Uint8Array;
}

const text = (view: DataView, at: number) => String.fromCharCode(view.getUint8(at), view.getUint8(at + 1), view.getUint8(at + 2), view.getUint8(at + 3));

export function parseWav(buffer: ArrayBuffer): PcmClip {
  const view = new DataView(buffer);
  if (buffer.byteLength < 12 || text(view, 0) !== 'RIFF' || text(view, 8) !== 'WAVE') throw new Error('not a WAV file');
  let format: Omit<PcmClip, 'data'> | null = null;
  let at = 12;
  while (at + 8 <= buffer.byteLength) {
    const id = text(view, at);
    const size = view.getUint32(at + 4, true);
    const body = at + 8;
    if (id === 'fmt ') {
      if (view.getUint16(body, true) !== 1) throw new Error('WAV is not plain PCM');
      format = { channels: view.getUint16(body + 2, true), sampleRate: view.getUint32(body + 4, true), bitsPerSample: view.getUint16(body + 14, true) };
    } else if (id === 'data') {
      if (!format) throw new Error('WAV data before its format');
      // espeak-ng writes 0x7fffffff sizes when streaming: take what is there.
      const end = Math.min(buffer.byteLength, body + size);
      return { ...format, data: new Uint8Array(buffer.slice(body, end)) };
    }
    at = body + size + (size % 2);
  }
  throw new Error('WAV has no data');
}

export function encodeWav(clip: PcmClip): Uint8Array {
  const out = new Uint8Array(44 + clip.data.length);
  const view = new DataView(out.buffer);
  const put = (at: number, s: string) => [...s].forEach((ch, i) => view.setUint8(at + i, ch.charCodeAt(0)));
  const blockAlign = (clip.channels * clip.bitsPerSample) / 8;
  put(0, 'RIFF');
  view.setUint32(4, 36 + clip.data.length, true);
  put(8, 'WAVE');
  put(12, 'fmt ');
  view.setUint32(16, 16, true);
  view.setUint16(20, 1, true);
  view.setUint16(22, clip.channels, true);
  view.setUint32(24, clip.sampleRate, true);
  view.setUint32(28, clip.sampleRate * blockAlign, true);
  view.setUint16(32, blockAlign, true);
  view.setUint16(34, clip.bitsPerSample, true);
  put(36, 'data');
  view.setUint32(40, clip.data.length, true);
  out.set(clip.data, 44);
  return out;
}

/** Clips of one format back to back, with `gapMs` of silence between them. */
export function joinWav(clips: readonly PcmClip[], gapMs = 60): Uint8Array {
  const first = clips[0];
  if (!first) throw new Error('nothing to join');
  for (const c of clips) {
    if (c.sampleRate !== first.sampleRate || c.channels !== first.channels || c.bitsPerSample !== first.bitsPerSample) {
      throw new Error('clips differ in format: regenerate them with npm run voice:clips');
    }
  }
  const blockAlign = (first.channels * first.bitsPerSample) / 8;
  const gap = Math.round((first.sampleRate * gapMs) / 1000) * blockAlign;
  const total = clips.reduce((n, c) => n + c.data.length, 0) + gap * (clips.length - 1);
  const data = new Uint8Array(total);
  // 8-bit PCM is unsigned: its silence is 128, not 0.
  if (first.bitsPerSample === 8) data.fill(128);
  let at = 0;
  clips.forEach((c, i) => {
    data.set(c.data, at);
    at += c.data.length + (i < clips.length - 1 ? gap : 0);
  });
  return encodeWav({ ...first, data });
}

export function durationMs(clip: PcmClip): number {
  return (clip.data.length / ((clip.channels * clip.bitsPerSample) / 8) / clip.sampleRate) * 1000;
}
