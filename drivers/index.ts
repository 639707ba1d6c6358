// Public API of the device drivers: the kiosk agent, the CLI and the demo hall import from here only.
export { DeviceError, wireTimeMs } from './errors.ts';
export type { DeviceKind } from './errors.ts';
export { createPtyPair } from './pty.ts';
export type { PtyPair } from './pty.ts';
export { SerialLine } from './serial-line.ts';
export type { LineStatus, SerialLineOptions } from './serial-line.ts';
export { FrameParser } from './framing.ts';
export type { FrameFormat, FrameRejection } from './framing.ts';

export { encodeSamFrame, IdReaderError, KNOWN_SW3_ERRORS, samFrameFormat, sw3Error } from './id-reader/sam-protocol.ts';
export type { IdReaderErrorCode, SamCommandName } from './id-reader/sam-protocol.ts';
export {
  CardIdentityError,
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
export { residentCard, SAMPLE_RESIDENT } from './id-reader/sample-cards.ts';
export type { IdReaderEmulator, IdReaderEmulatorOptions, IdReaderFault } from './id-reader/emulator.ts';

export { PrinterError } from './printer/errors.ts';
export type { PrinterErrorCode } from './printer/errors.ts';
export { automaticStatusBack, EscPosBuilder, PAPER_DOTS, printableAsText, realtimeStatusRequest, scrubRealtimeSequences } from './printer/escpos.ts';
export type { Align, QrErrorLevel, TextStyle } from './printer/escpos.ts';
export { DEFAULT_FONT_FILES, fontRasterizer, inkDots } from './printer/raster.ts';
export type { MonoImage, TextRasterizer } from './printer/raster.ts';
export { buildDocument, wrapToColumns } from './printer/document.ts';
export type { DocumentLine, DocumentOptions } from './printer/document.ts';
export { formatIssuedAt, TICKET_TEXT, ticketBytes, ticketLines } from './printer/ticket.ts';
export type { TicketContent, TicketLanguage } from './printer/ticket.ts';
export { caseReceiptBytes, caseReceiptLines } from './printer/case-receipt.ts';
export type { CaseReceiptContent } from './printer/case-receipt.ts';
export { statusFromAsb, statusFromRealtime } from './printer/status.ts';
export type { PrinterState, PrinterStatus } from './printer/status.ts';
export { EscPosPrinter, openTicketPrinter, printLines } from './printer/escpos-printer.ts';
export type { EscPosPrinterOptions, PrinterEvents, PrintReceipt, TicketPrinter } from './printer/escpos-printer.ts';
export { EscPosDecoder } from './printer/escpos-decoder.ts';
export type { DecodedCommand, PrintedItem } from './printer/escpos-decoder.ts';
export { PrinterEmulator, startPrinterEmulator } from './printer/emulator.ts';
export type { PaperLevel, PrintedTicket, PrinterEmulatorOptions } from './printer/emulator.ts';

export { BUS_BAUD_RATE, busFrameFormat, decodeBusMessage, DISPLAY_DIGITS, encodeBusFrame, encodeBusMessage } from './bus/bus-protocol.ts';
export type { BusMessage, CallerKey } from './bus/bus-protocol.ts';
export { CallerBus, openCallerBus } from './bus/caller-bus.ts';
export type { CallerBusEvents, CallerBusOptions, KeyPress, Rating } from './bus/caller-bus.ts';
export { BusWindowScreen } from './bus/window-screen.ts';
export type { WindowScreen } from './bus/window-screen.ts';
export { BusEmulator, startBusEmulator } from './bus/emulator.ts';
export type { BusDeviceKind, BusEmulatorOptions } from './bus/emulator.ts';
