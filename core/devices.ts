// Devices (kiosks, displays, rating pads, integrators) and their one-time pairing codes: rules and API bodies.
import { z } from 'zod';
import { DEVICE_KINDS, type DeviceKind } from './model.ts';

/** A pairing code works once, for this long. */
export const PAIRING_CODE_MS = 10 * 60_000;
/** Eight digits: read out, typed on a kiosk's number pad or scanned from the QR code. */
export const PAIRING_CODE_DIGITS = 8;

/** The code as typed: spaces and dashes between digit groups are allowed, and dropped. */
export const normalPairingCode = (typed: string): string => typed.replace(/[\s-]/g, '');

/** A device as the manager's list shows it (GET /api/v1/devices): never its token. */
export interface DeviceView {
  id: string;
  name: string;
  kind: DeviceKind;
  /** Kiosks only: the number in their fallback ticket numbers. */
  number: number | null;
  lastSeenAt: string | null;
  revoked: boolean;
  createdAt: string;
}

export interface PairingCodeView {
  code: string;
  /** What the QR code holds: the page's address with ?pair= for displays and rating pads, else the code. */
  qr: string;
  expiresAt: string;
  name: string;
  kind: DeviceKind;
}

export interface PairedDevice {
  deviceId: string;
  token: string;
  kind: DeviceKind;
  name: string;
}

/** The hall app a device of this kind opens, for the QR code's address; kiosks and integrators run their own software. */
export const DEVICE_PAGE: Partial<Record<DeviceKind, string>> = { display: 'display', rating_pad: 'rate' };

const deviceName = z.string().trim().min(1).max(80);

export const CreatePairingCodeBody = z.object({ name: deviceName, kind: z.enum(DEVICE_KINDS) }).strict();

export const PairDeviceBody = z
  .object({
    code: z
      .string()
      .max(32)
      .regex(/^[\d\s-]+$/, 'the pairing code: 8 digits'),
    /** The kind the device is: a code made for another kind is refused and stays unspent. */
    kind: z.enum(DEVICE_KINDS).optional(),
  })
  .strict()
  .refine((b) => normalPairingCode(b.code).length === PAIRING_CODE_DIGITS, { path: ['code'], message: 'the pairing code has 8 digits' });

export const RenameDeviceBody = z.object({ name: deviceName }).strict();
