// What the display says for a call: "请 A012 号 到 3 号窗口 办理", as text, as speech and as clips.
import { DIGIT_CLIPS, LETTERS } from './clip-set.ts';

export type AnnouncementKind = 'call' | 'recall';

export interface AnnouncementText {
  kind: AnnouncementKind;
  ticketNumber: string;
  counterNumber: number;
  /** Shown and logged. */
  text: string;
  /** Given to a Mandarin voice: the ticket's digits one by one, the counter number read as a number. */
  speech: string;
  /** The clip names joined in order when there is no voice. */
  clips: string[];
}

const PLACE_CLIPS = [
  [1000, 'qian', '千'],
  [100, 'bai', '百'],
  [10, 'shi', '十'],
] as const;

/** A counter number read in Mandarin (3 → 三, 12 → 十二, 105 → 一百零五), as clip names and text. */
export function readNumber(n: number): { clips: string[]; text: string } {
  if (!Number.isInteger(n) || n < 0 || n > 9999) throw new RangeError(`counter number out of range: ${n}`);
  if (n === 0) return { clips: ['d0'], text: DIGIT_CLIPS[0] };
  const clips: string[] = [];
  let rest = n;
  let zeroPending = false;
  for (const [place, clip] of PLACE_CLIPS) {
    const digit = Math.floor(rest / place);
    rest %= place;
    if (digit === 0) {
      if (clips.length) zeroPending = true;
      continue;
    }
    if (zeroPending) clips.push('d0');
    zeroPending = false;
    // 10–19 are read 十, 十一 …, not 一十.
    if (!(place === 10 && digit === 1 && clips.length === 0)) clips.push(`d${digit}`);
    clips.push(clip);
  }
  if (rest > 0) {
    if (zeroPending) clips.push('d0');
    clips.push(`d${rest}`);
  }
  return { clips, text: clips.map(clipChar).join('') };
}

function clipChar(clip: string): string {
  if (clip.startsWith('d')) return DIGIT_CLIPS[Number(clip.slice(1))]!;
  return PLACE_CLIPS.find(([, name]) => name === clip)?.[2] ?? clip;
}

/** A ticket number spoken character by character: letters as letters, digits one by one (A012 → A 零 一 二). */
function spellTicket(number: string): { clips: string[]; text: string } {
  const clips = [...number.toUpperCase()].flatMap((ch) => (/\d/.test(ch) ? [`d${ch}`] : LETTERS.includes(ch) ? [ch] : []));
  return { clips, text: clips.map((c) => (c.startsWith('d') ? DIGIT_CLIPS[Number(c.slice(1))]! : c)).join(' ') };
}

export function announcementText(kind: AnnouncementKind, ticketNumber: string, counterNumber: number): AnnouncementText {
  const ticket = spellTicket(ticketNumber);
  const counter = readNumber(counterNumber);
  return {
    kind,
    ticketNumber,
    counterNumber,
    text: `请 ${ticketNumber} 号 到 ${counterNumber} 号窗口 办理`,
    speech: `请 ${ticket.text} 号，到 ${counter.text} 号窗口办理`,
    clips: ['qing', ...ticket.clips, 'hao', 'dao', ...counter.clips, 'hao', 'chuangkou', 'banli'],
  };
}
