// Devices from the manager's side: one-time pairing codes a device redeems for its own token, names, last seen, revoke.
import { randomInt, randomUUID, randomBytes } from 'node:crypto';
import { HallError, conflict, notFound } from '../core/errors.ts';
import {
  DEVICE_PAGE,
  PAIRING_CODE_DIGITS,
  PAIRING_CODE_MS,
  normalPairingCode,
  type DeviceView,
  type PairedDevice,
  type PairingCodeView,
} from '../core/devices.ts';
import type { Actor, DeviceKind } from '../core/model.ts';
import type { DeviceRecord, DeviceStore } from '../db/device-store.ts';
import { Throttle, tokenHash, type Auth } from './auth.ts';
import type { RunCommand } from './commands.ts';

/** Last-seen times reach the database at most this often: one commit for all devices, never a write per request. */
export const SEEN_FLUSH_MS = 60_000;

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

export interface DeviceStreams {
  /** Closes the event streams the device's token opened (it was revoked). */
  close(deviceId: string): void;
  /** Devices with an event stream open now. */
  connected(): Set<string>;
}

export class Devices {
  /** Wrong, used or expired codes per address: 5 free, then 1 s, 2 s, 4 s … up to 5 minutes between tries. */
  private readonly failures = new Throttle(5, 5 * 60_000);

  constructor(
    private readonly auth: Auth,
    private readonly store: DeviceStore,
    private readonly run: RunCommand,
    private readonly now: () => number,
    private readonly streams: DeviceStreams,
  ) {}

  /** Times in memory are newer than the stored ones; a device with a stream open is there now. */
  private lastSeen(device: DeviceRecord, connected: Set<string>, now: number): number | null {
    if (connected.has(device.id) && !device.revoked) return now;
    const pending = this.auth.devicesSeen.get(device.id);
    return pending !== undefined && pending > (device.lastSeenAt ?? 0) ? pending : device.lastSeenAt;
  }

  view(device: DeviceRecord, connected = this.streams.connected(), now = this.now()): DeviceView {
    return {
      id: device.id,
      name: device.name,
      kind: device.kind,
      number: device.number,
      lastSeenAt: iso(this.lastSeen(device, connected, now)),
      revoked: device.revoked,
      createdAt: new Date(device.createdAt).toISOString(),
    };
  }

  list(): DeviceView[] {
    const connected = this.streams.connected();
    const now = this.now();
    return this.store.list().map((d) => this.view(d, connected, now));
  }

  /** `baseUrl`: the hall's public address, for the QR code of a display or a rating pad. */
  async createCode(actor: Actor, input: { name: string; kind: DeviceKind }, baseUrl: string): Promise<PairingCodeView> {
    const now = this.now();
    for (let attempt = 0; ; attempt++) {
      const code = String(randomInt(10 ** PAIRING_CODE_DIGITS)).padStart(PAIRING_CODE_DIGITS, '0');
      const row = {
        codeHash: tokenHash(code),
        ...input,
        createdBy: actor.id,
        createdAt: now,
        expiresAt: now + PAIRING_CODE_MS,
        redeemedAt: null,
        deviceId: null,
      };
      try {
        await this.run('createPairingCode', actor, row);
      } catch (error) {
        if (error instanceof HallError && error.code === 'PAIRING_CODE_TAKEN' && attempt < 5) continue;
        throw error;
      }
      const page = DEVICE_PAGE[input.kind];
      const qr = page ? `${baseUrl.replace(/\/$/, '')}/${page}/?pair=${code}` : code;
      return { code, qr, expiresAt: new Date(row.expiresAt).toISOString(), name: input.name, kind: input.kind };
    }
  }

  /** Anyone may try a code; an address that keeps getting them wrong waits longer and longer (429, Retry-After). */
  async pair(typed: string, kind: DeviceKind | null, address: string): Promise<PairedDevice> {
    const now = this.now();
    const waitMs = this.failures.waitMs(address, now);
    if (waitMs > 0) {
      const seconds = Math.ceil(waitMs / 1000);
      throw new HallError(429, 'TOO_MANY_ATTEMPTS', `too many wrong pairing codes: wait ${seconds} s and try again`, { retryAfterSeconds: seconds });
    }
    const token = randomBytes(32).toString('base64url');
    const deviceId = randomUUID();
    try {
      const paired = await this.run('redeemPairingCode', tokenHash(normalPairingCode(typed)), deviceId, tokenHash(token), kind);
      return { deviceId, token, kind: paired.kind, name: paired.name };
    } catch (error) {
      if (error instanceof HallError && error.code.startsWith('PAIRING_CODE_')) this.failures.fail(address, now);
      throw error;
    }
  }

  async rename(actor: Actor, id: string, name: string): Promise<DeviceView> {
    const device = await this.run('renameDevice', actor, id, name);
    this.auth.forgetDevice(id);
    return this.view(device);
  }

  /** Its token is refused from the next request on, and its open event streams close now. */
  async revoke(actor: Actor, id: string): Promise<DeviceView> {
    const device = this.store.byId(id);
    if (!device) throw notFound('device', id);
    if (device.revoked) throw conflict('DEVICE_REVOKED', 'this device is revoked already: pair a new one to replace it');
    await this.auth.revokeDevice(actor, id);
    this.streams.close(id);
    this.auth.devicesSeen.delete(id);
    return this.view(this.store.byId(id)!);
  }

  /** Writes the last-seen times gathered since the last call, in one command. */
  async flushSeen(): Promise<void> {
    const now = this.now();
    const seen = new Map(this.auth.devicesSeen);
    this.auth.devicesSeen.clear();
    for (const id of this.streams.connected()) seen.set(id, now);
    if (seen.size) await this.run('recordDevicesSeen', [...seen]);
  }
}
