// Printer status bits of DLE EOT replies and automatic status back (ASB), decoded and (for the emulator) encoded.

export type PrinterState = 'ready' | 'paper_near_end' | 'paper_out' | 'cover_open' | 'offline' | 'disconnected';

export interface PrinterStatus {
  state: PrinterState;
  offline: boolean;
  coverOpen: boolean;
  paperOut: boolean;
  paperNearEnd: boolean;
  error: boolean;
}

type Flags = Omit<PrinterStatus, 'state'>;

/** States in which a job must not be sent or is reported failed. */
export const BLOCKING_STATES: ReadonlySet<PrinterState> = new Set(['paper_out', 'cover_open', 'offline', 'disconnected']);

export function statusOf(flags: Flags): PrinterStatus {
  const state: PrinterState = flags.coverOpen
    ? 'cover_open'
    : flags.paperOut
      ? 'paper_out'
      : flags.offline || flags.error
        ? 'offline'
        : flags.paperNearEnd
          ? 'paper_near_end'
          : 'ready';
  return { state, ...flags };
}

export const DISCONNECTED_STATUS: PrinterStatus = {
  state: 'disconnected',
  offline: true,
  coverOpen: false,
  paperOut: false,
  paperNearEnd: false,
  error: false,
};

const bit = (byte: number, n: number) => (byte & (1 << n)) !== 0;

/** Replies to DLE EOT 1, 2 and 4. */
export function statusFromRealtime(printer: number, offlineCause: number, rollSensor: number): PrinterStatus {
  return statusOf({
    offline: bit(printer, 3),
    coverOpen: bit(offlineCause, 2),
    error: bit(offlineCause, 6),
    paperOut: bit(offlineCause, 5) || bit(rollSensor, 5) || bit(rollSensor, 6),
    paperNearEnd: bit(rollSensor, 2) || bit(rollSensor, 3),
  });
}

/** The 4 bytes a printer pushes on change once GS a is on. */
export function statusFromAsb(bytes: readonly number[]): PrinterStatus {
  const [first = 0, second = 0, third = 0] = bytes;
  return statusOf({
    offline: bit(first, 3),
    coverOpen: bit(first, 5),
    error: bit(second, 2) || bit(second, 3) || bit(second, 5) || bit(second, 6),
    paperNearEnd: bit(third, 0) || bit(third, 1),
    paperOut: bit(third, 2) || bit(third, 3),
  });
}

/** A DLE EOT reply has bit 1 set; an ASB first byte has it clear; both have bit 4 set and bits 0 and 7 clear. */
export const isRealtimeReply = (byte: number): boolean => (byte & 0x93) === 0x12;
export const isAsbFirstByte = (byte: number): boolean => (byte & 0x93) === 0x10;

export function encodeRealtimeReply(n: number, flags: Flags): number {
  const set = (on: boolean, mask: number) => (on ? mask : 0);
  switch (n) {
    case 1:
      return 0x12 | set(flags.offline || flags.coverOpen || flags.paperOut || flags.error, 0x08);
    case 2:
      return 0x12 | set(flags.coverOpen, 0x04) | set(flags.paperOut, 0x20) | set(flags.error, 0x40);
    case 4:
      return 0x12 | set(flags.paperNearEnd, 0x0c) | set(flags.paperOut, 0x60);
    default:
      return 0x12;
  }
}

export function encodeAsb(flags: Flags): Buffer {
  const set = (on: boolean, mask: number) => (on ? mask : 0);
  return Buffer.from([
    0x10 | set(flags.offline || flags.coverOpen || flags.paperOut || flags.error, 0x08) | set(flags.coverOpen, 0x20),
    set(flags.error, 0x40),
    set(flags.paperNearEnd, 0x03) | set(flags.paperOut, 0x0c),
    0x00,
  ]);
}
