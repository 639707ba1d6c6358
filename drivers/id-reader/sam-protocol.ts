// SAM (GA 467) serial protocol: `AA AA AA 96 69 | LEN(2, BE) | payload | XOR`, and the SW3 status table.
import { DeviceError } from '../errors.ts';
import type { FrameFormat } from '../framing.ts';

const PREAMBLE = Buffer.from([0xaa, 0xaa, 0xaa, 0x96, 0x69]);
/** A request carries CMD PARA + checksum; nothing legitimate is shorter. */
const MIN_LEN = 3;
/** The longest reply (base info with fingerprint) is about 2,320 bytes. */
const MAX_LEN = 2400;

export const SamCommand = {
  reset: [0x10, 0xff],
  samStatus: [0x11, 0xff],
  samId: [0x12, 0xff],
  findCard: [0x20, 0x01],
  selectCard: [0x20, 0x02],
  readBaseInfo: [0x30, 0x01],
} as const satisfies Record<string, readonly [number, number]>;

export type SamCommandName = keyof typeof SamCommand;

function xor(bytes: Uint8Array): number {
  let sum = 0;
  for (const byte of bytes) sum ^= byte;
  return sum;
}

export const samFrameFormat: FrameFormat = {
  preamble: PREAMBLE,
  headerLength: 7,
  frameLength(header) {
    const len = header.readUInt16BE(5);
    return len < MIN_LEN || len > MAX_LEN ? null : 7 + len;
  },
  payload(frame) {
    const body = frame.subarray(5, frame.length - 1);
    return xor(body) === frame[frame.length - 1] ? frame.subarray(7, frame.length - 1) : null;
  },
};

/** Wraps a payload (request CMD PARA, or reply SW1 SW2 SW3 data) in a SAM frame. */
export function encodeSamFrame(payload: Uint8Array): Buffer {
  const frame = Buffer.alloc(8 + payload.length);
  PREAMBLE.copy(frame, 0);
  frame.writeUInt16BE(payload.length + 1, 5);
  frame.set(payload, 7);
  frame[frame.length - 1] = xor(frame.subarray(5, frame.length - 1));
  return frame;
}

export const SW3_OK = 0x90;
export const SW3_CARD_FOUND = 0x9f;

export type IdReaderErrorCode =
  | 'item_empty'
  | 'bad_checksum'
  | 'bad_length'
  | 'bad_command'
  | 'not_authorised'
  | 'unknown_error'
  | 'card_auth_sam_failed'
  | 'sam_auth_card_failed'
  | 'info_check_failed'
  | 'unknown_card_type'
  | 'read_failed'
  | 'random_number_failed'
  | 'sam_self_test_failed'
  | 'sam_not_authorised'
  | 'find_card_failed'
  | 'select_card_failed'
  | 'unknown_status'
  | 'timeout'
  | 'bad_reply'
  | 'unsupported_card'
  | 'bad_id_number'
  | 'bad_card_data'
  | 'disconnected';

export class IdReaderError extends DeviceError<IdReaderErrorCode> {
  readonly sw3: number | undefined;

  constructor(code: IdReaderErrorCode, zh: string, en: string, options: { sw3?: number; cause?: unknown } = {}) {
    super('id_reader', code, zh, en, { cause: options.cause });
    this.sw3 = options.sw3;
    this.name = 'IdReaderError';
  }
}

const SW3_ERRORS: Record<number, [IdReaderErrorCode, string, string]> = {
  0x91: ['item_empty', '该项目无内容', 'item is empty'],
  0x10: ['bad_checksum', '读卡器收到的校验和错误', 'reader received a bad checksum'],
  0x11: ['bad_length', '读卡器收到的长度错误', 'reader received a bad length'],
  0x21: ['bad_command', '读卡器不支持该命令', 'command not supported by the reader'],
  0x23: ['not_authorised', '越权操作', 'operation not authorised'],
  0x24: ['unknown_error', '读卡器未知错误', 'unknown reader error'],
  0x31: ['card_auth_sam_failed', '证卡认证安全模块失败，请重新放卡', 'card failed to authenticate the SAM: place the card again'],
  0x32: ['sam_auth_card_failed', '安全模块认证证卡失败，请重新放卡', 'SAM failed to authenticate the card: place the card again'],
  0x33: ['info_check_failed', '信息验证错误，请重新放卡', 'card information check failed: place the card again'],
  0x40: ['unknown_card_type', '无法识别的卡类型', 'unknown card type'],
  0x41: ['read_failed', '读卡失败，请重新放卡', 'card read failed: place the card again'],
  0x47: ['random_number_failed', '取随机数失败，请重新放卡', 'random-number exchange failed: place the card again'],
  0x60: ['sam_self_test_failed', '安全模块自检失败，请联系管理员', 'SAM self-test failed: call the administrator'],
  0x66: ['sam_not_authorised', '安全模块未授权，请联系管理员', 'SAM not authorised: call the administrator'],
  0x80: ['find_card_failed', '未找到证件，请将证件放在感应区', 'no card found: place the card on the reader'],
  0x81: ['select_card_failed', '选卡失败，请重新放卡', 'card selection failed: place the card again'],
};

export function sw3Error(sw3: number): IdReaderError {
  const known = SW3_ERRORS[sw3];
  const hex = sw3.toString(16).padStart(2, '0').toUpperCase();
  if (!known) return new IdReaderError('unknown_status', `读卡器返回未知状态 ${hex}`, `reader returned unknown status ${hex}`, { sw3 });
  return new IdReaderError(known[0], known[1], known[2], { sw3 });
}

/** Every SW3 code the protocol documents, for the emulator and tests. */
export const KNOWN_SW3_ERRORS: readonly number[] = Object.keys(SW3_ERRORS).map(Number);
