// An emulated SAM ID-card reader on a pty: configurable cards and faults, replies paced at its baud rate.
import { z } from 'zod';
import { sleep } from '../errors.ts';
import { EmulatorPort } from '../emulator-port.ts';
import { FrameParser } from '../framing.ts';
import { cardIdentitySchema, encodeIdCard, type CardIdentity } from './card-layout.ts';
import { encodeSamFrame, SamCommand, samFrameFormat, type SamCommandName } from './sam-protocol.ts';

export const idReaderEmulatorOptionsSchema = z.object({
  /** The link path the driver opens. */
  path: z.string().min(1),
  baudRate: z.number().int().positive().default(115200),
  /** Pace replies at the baud rate (ptys do not); off only for tests that need speed over realism. */
  paced: z.boolean().default(true),
  samId: z.tuple([z.number(), z.number(), z.number(), z.number(), z.number()]).default([5, 1, 20250101, 1, 2104000001]),
  card: cardIdentitySchema.optional(),
});
export type IdReaderEmulatorOptions = z.input<typeof idReaderEmulatorOptionsSchema> & {
  /** Where a reply that could not be sent is reported: the emulator never throws out of its data handler. */
  log?: (line: string) => void;
};

const faultTarget = {
  command: z.enum(Object.keys(SamCommand) as [SamCommandName, ...SamCommandName[]]).optional(),
  times: z.number().int().positive().optional(),
};
export const idReaderFaultSchema = z.discriminatedUnion('kind', [
  /** The reply's checksum byte is wrong. */
  z.object({ kind: z.literal('bad_checksum'), ...faultTarget }),
  /** Noise bytes (some of them looking like a preamble) go out before the reply. */
  z.object({ kind: z.literal('garbage'), ...faultTarget }),
  /** Only the first half of the reply goes out. */
  z.object({ kind: z.literal('truncated'), ...faultTarget }),
  /** The reply goes out after `delayMs`. */
  z.object({ kind: z.literal('slow'), delayMs: z.number().int().nonnegative(), ...faultTarget }),
  /** No reply at all, like a reader whose module lost power. */
  z.object({ kind: z.literal('silent'), ...faultTarget }),
  /** The reply carries this SW3 status instead of the normal one. */
  z.object({ kind: z.literal('status'), sw3: z.number().int().min(0).max(255), ...faultTarget }),
]);
export type IdReaderFault = z.infer<typeof idReaderFaultSchema>;

export interface IdReaderEmulator {
  readonly path: string;
  /** Commands received so far, in order. */
  readonly commands: SamCommandName[];
  placeCard(identity: CardIdentity): void;
  removeCard(): void;
  /** Applies to matching replies until cleared with null, or for `times` replies. */
  setFault(fault: IdReaderFault | null): void;
  unplug(): Promise<void>;
  replug(): Promise<void>;
  close(): Promise<void>;
}

const GARBAGE = Buffer.from([0x00, 0xff, 0xaa, 0xaa, 0x96, 0x69, 0x13, 0xaa, 0xaa, 0xaa, 0x96, 0x69, 0xff, 0xff]);

export async function startIdReaderEmulator(options: IdReaderEmulatorOptions): Promise<IdReaderEmulator> {
  const config = idReaderEmulatorOptionsSchema.parse(options);
  const log = options.log ?? ((line: string) => console.error(line));
  let card = config.card ? encodeIdCard(config.card) : undefined;
  let fault: IdReaderFault | null = null;
  let faultUses = 0;
  const commands: SamCommandName[] = [];
  const byBytes = new Map(Object.entries(SamCommand).map(([name, [cmd, para]]) => [cmd * 256 + para, name as SamCommandName]));

  const samIdBytes = Buffer.alloc(16);
  const [major, minor, batch, serial1, serial2] = config.samId;
  samIdBytes.writeUInt16LE(major, 0);
  samIdBytes.writeUInt16LE(minor, 2);
  samIdBytes.writeUInt32LE(batch, 4);
  samIdBytes.writeUInt32LE(serial1, 8);
  samIdBytes.writeUInt32LE(serial2, 12);

  const reply = (sw3: number, data: Buffer = Buffer.alloc(0)) => Buffer.concat([Buffer.from([0x00, 0x00, sw3]), data]);
  const answer = (name: SamCommandName | undefined): Buffer => {
    switch (name) {
      case 'reset':
      case 'samStatus':
        return reply(0x90);
      case 'samId':
        return reply(0x90, samIdBytes);
      case 'findCard':
        return card ? reply(0x9f, Buffer.alloc(4)) : reply(0x80);
      case 'selectCard':
        return card ? reply(0x90, Buffer.alloc(8)) : reply(0x81);
      case 'readBaseInfo':
        if (!card) return reply(0x41);
        return reply(0x90, Buffer.concat([Buffer.from([0x01, 0x00, 0x04, 0x00]), card.text, card.photo]));
      default:
        return reply(0x21);
    }
  };

  const activeFault = (name: SamCommandName | undefined): IdReaderFault | null => {
    if (!fault || (fault.command && fault.command !== name)) return null;
    const current = fault;
    if (current.times !== undefined && ++faultUses >= current.times) fault = null;
    return current;
  };

  const respond = async (name: SamCommandName | undefined): Promise<void> => {
    const applied = activeFault(name);
    let payload = answer(name);
    if (applied?.kind === 'silent') return;
    if (applied?.kind === 'status') payload = reply(applied.sw3);
    let frame = encodeSamFrame(payload);
    if (applied?.kind === 'bad_checksum') frame[frame.length - 1]! ^= 0x5a;
    if (applied?.kind === 'truncated') frame = frame.subarray(0, Math.ceil(frame.length / 2));
    if (applied?.kind === 'garbage') frame = Buffer.concat([GARBAGE, frame]);
    if (applied?.kind === 'slow') await sleep(applied.delayMs);
    if (config.paced) await port.writePaced(frame, config.baudRate);
    else port.write(frame);
  };

  // Requests are answered one at a time, in order, like the real module.
  let queue = Promise.resolve();
  const parser = new FrameParser(samFrameFormat);
  parser.on('data', (payload: Buffer) => {
    const name = payload.length >= 2 ? byBytes.get(payload[0]! * 256 + payload[1]!) : undefined;
    if (name) commands.push(name);
    queue = queue
      .then(() => respond(name))
      .catch((error: unknown) => log(`[id-reader emulator] no reply to ${name ?? 'an unknown command'}: ${String(error)}`));
  });
  const port = new EmulatorPort(config.path, (chunk) => parser.write(chunk));
  await port.plug();

  return {
    path: config.path,
    commands,
    placeCard(identity) {
      card = encodeIdCard(identity);
    },
    removeCard() {
      card = undefined;
    },
    setFault(next) {
      fault = next === null ? null : idReaderFaultSchema.parse(next);
      faultUses = 0;
    },
    unplug: () => port.unplug(),
    async replug() {
      parser.reset();
      await port.plug();
    },
    async close() {
      await port.unplug();
      await queue;
    },
  };
}
