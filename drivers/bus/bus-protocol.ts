// Caller keypad / evaluator bus frames: `FF 68 L L 68 addr cmd data… CS 16`, L counting addr..data, CS their sum.
import type { FrameFormat } from '../framing.ts';

export const BUS_BAUD_RATE = 9600;

const COMMAND = { key: 0x01, showNumber: 0x02, rating: 0x11 } as const;
const KEY_CODES = { evaluate: 0x0b, call: 0x0c, recall: 0x0d, confirm: 0x0f } as const;
/** A display position left dark. */
const BLANK = 0x0a;
/** Digit positions on a keypad display. */
export const DISPLAY_DIGITS = 3;

export type CallerKey = keyof typeof KEY_CODES;

export type BusMessage =
  /** A function key, with the digits typed before it (e.g. the ticket to recall), possibly none. */
  | { kind: 'key'; address: number; key: CallerKey; digits: string }
  /** An evaluator score, 1 (very dissatisfied) to 5 (very satisfied). */
  | { kind: 'rating'; address: number; score: number }
  /** A number shown on a keypad or window screen; blanks are dropped. */
  | { kind: 'show_number'; address: number; digits: string };

const sum = (bytes: Uint8Array) => bytes.reduce((acc, b) => (acc + b) & 0xff, 0);

export const busFrameFormat: FrameFormat = {
  preamble: Buffer.from([0xff, 0x68]),
  headerLength: 5,
  frameLength(header) {
    const length = header[2]!;
    return length !== header[3] || header[4] !== 0x68 || length < 2 ? null : 5 + length + 2;
  },
  payload(frame) {
    const body = frame.subarray(5, frame.length - 2);
    return sum(body) === frame[frame.length - 2] && frame[frame.length - 1] === 0x16 ? body : null;
  },
};

export function encodeBusFrame(address: number, command: number, data: readonly number[]): Buffer {
  const body = Buffer.from([address, command, ...data]);
  return Buffer.concat([Buffer.from([0xff, 0x68, body.length, body.length, 0x68]), body, Buffer.from([sum(body), 0x16])]);
}

export function encodeBusMessage(message: BusMessage): Buffer {
  switch (message.kind) {
    case 'key':
      return encodeBusFrame(message.address, COMMAND.key, [...digitsOf(message.digits), KEY_CODES[message.key]]);
    case 'rating':
      return encodeBusFrame(message.address, COMMAND.rating, [message.score]);
    case 'show_number': {
      // The documented frame: three dark positions, then the last three digits, right-aligned.
      const digits = digitsOf(message.digits).slice(-DISPLAY_DIGITS);
      const padded = [...Array<number>(DISPLAY_DIGITS - digits.length).fill(BLANK), ...digits];
      return encodeBusFrame(message.address, COMMAND.showNumber, [BLANK, BLANK, BLANK, ...padded]);
    }
  }
}

/** Null for frames that are well formed but mean nothing known (other vendors' commands share the bus). */
export function decodeBusMessage(payload: Buffer): BusMessage | null {
  const [address, command, ...data] = payload;
  if (address === undefined || command === undefined) return null;
  if (command === COMMAND.key) {
    const code = data[data.length - 1];
    const key = (Object.keys(KEY_CODES) as CallerKey[]).find((k) => KEY_CODES[k] === code);
    const typed = data.slice(0, -1);
    if (!key || typed.some((d) => d > 9)) return null;
    return { kind: 'key', address, key, digits: typed.join('') };
  }
  if (command === COMMAND.rating) {
    const score = data[0];
    return score !== undefined && score >= 1 && score <= 5 ? { kind: 'rating', address, score } : null;
  }
  if (command === COMMAND.showNumber) {
    return { kind: 'show_number', address, digits: data.filter((d) => d <= 9).join('') };
  }
  return null;
}

/** The digits of a ticket number (A023 → 0, 2, 3): keypads show digits only. */
function digitsOf(text: string): number[] {
  return [...text].filter((ch) => ch >= '0' && ch <= '9').map(Number);
}
