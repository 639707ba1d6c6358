// The recorded clips the display joins when the browser has no Mandarin voice: each one word, digit or letter.
export const WORD_CLIPS = {
  qing: '请',
  hao: '号',
  dao: '到',
  chuangkou: '窗口',
  banli: '办理',
  shi: '十',
  bai: '百',
  qian: '千',
} as const;

export const DIGIT_CLIPS = ['零', '一', '二', '三', '四', '五', '六', '七', '八', '九'] as const;

export const LETTERS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';

/** Every clip file name (without .wav) with the text it says. */
export function clipTexts(): Record<string, string> {
  return {
    ...WORD_CLIPS,
    ...Object.fromEntries(DIGIT_CLIPS.map((text, d) => [`d${d}`, text])),
    ...Object.fromEntries([...LETTERS].map((l) => [l, l])),
  };
}

export const clipUrl = (name: string) => `/voice/${name}.wav`;
