// Public API of the device drivers: the kiosk agent, the CLI and the demo hall import from here only.
export { DeviceError, wireTimeMs } from './errors.ts';
export type { DeviceKind } from './errors.ts';
export { createPtyPair } from './pty.ts';
export type { PtyPair } from './pty.ts';
export { SerialLine } from './serial-line.ts';
export type { LineStatus, SerialLineOptions } from './serial-line.ts';
export { FrameParser } from './framing.ts';
export type { FrameFormat, FrameRejection } from './framing.ts';

export {
  encodeSamFrame,
  IdReaderError,
  KNOWN_SW3_ERRORS,
  SAM_BAUD_RATES,
  samFrameFormat,
  sw3Error,
} from './id-reader/sam-protocol.ts';
export type { IdReaderErrorCode, SamCommandName } from './id-reader/sam-protocol.ts';
export {
  cardIdentitySchema,
  encodeIdCard,
  nationName,
  parseCardName,
  parseIdCard,
  RARE_CHARACTER_PLACEHOLDER,
} from './id-reader/card-layout.ts';
export type {
  CardIdentity,
  CardName,
  ForeignerPermit2017,
  Gender,
  HkMacauTaiwanPermit,
  IdCardRecord,
  Nation,
  RareCharacter,
  ResidentCard,
} from './id-reader/card-layout.ts';
export { openIdCardReader, SamIdCardReader } from './id-reader/sam-reader.ts';
export type { IdCardReader, IdReaderEvents, IdReaderStatus, SamReaderOptions } from './id-reader/sam-reader.ts';
export { idReaderFaultSchema, startIdReaderEmulator } from './id-reader/emulator.ts';
export type { IdReaderEmulator, IdReaderEmulatorOptions, IdReaderFault } from './id-reader/emulator.ts';
