// One error shape for every device: a stable code for programs, a short zh-CN message for people, en alongside.

export type DeviceKind = 'id_reader' | 'printer' | 'bus' | 'serial';

export class DeviceError<Code extends string = string> extends Error {
  constructor(
    readonly device: DeviceKind,
    readonly code: Code,
    readonly zh: string,
    readonly en: string,
    options?: { cause?: unknown },
  ) {
    super(`${zh} / ${en}`, options);
    this.name = 'DeviceError';
  }
}

/** Milliseconds that `bytes` take on an 8N1 line (10 bits per byte). */
export function wireTimeMs(bytes: number, baudRate: number): number {
  return (bytes * 10 * 1000) / baudRate;
}

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
