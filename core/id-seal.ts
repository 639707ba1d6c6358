// ID numbers sealed to the hall server: a kiosk holds only the public key, so it can seal but never open, and holds no hall secret.
// X25519 with a fresh key per seal, HKDF-SHA256, AES-256-GCM (a sealed box built from node:crypto, synchronous so the
// writer thread opens it inside its commit). The ticket id is the associated data: a blob moved to another ticket fails.
import {
  createCipheriv,
  createDecipheriv,
  createHash,
  createPrivateKey,
  createPublicKey,
  diffieHellman,
  generateKeyPairSync,
  hkdfSync,
  randomBytes,
  type KeyObject,
} from 'node:crypto';
import { normalizeIdNumber } from './id-card.ts';

export const SEAL_ALGORITHM = 'X25519-HKDF-SHA256-AES-256-GCM';
const INFO = Buffer.from('hall id-number seal v1');
const PUBLIC_BYTES = 32;
const IV_BYTES = 12;
const TAG_BYTES = 16;

/** What GET /api/v1/sync/config hands a kiosk: the hall server's public sealing key, named so keys can rotate. */
export interface SealingPublicKey {
  keyId: string;
  algorithm: typeof SEAL_ALGORITHM;
  /** The raw 32-byte X25519 public key, base64url. */
  publicKey: string;
}

export class SealError extends Error {
  constructor(
    readonly code: 'SEALED_ID_KEY_UNKNOWN' | 'SEALED_ID_UNREADABLE',
    message: string,
  ) {
    super(message);
  }
}

const rawPublic = (key: KeyObject): Buffer => Buffer.from(key.export({ format: 'jwk' }).x!, 'base64url');
const publicFromRaw = (raw: Buffer): KeyObject => createPublicKey({ key: { kty: 'OKP', crv: 'X25519', x: raw.toString('base64url') }, format: 'jwk' });

function aesKey(shared: Buffer, ephemeral: Buffer, recipient: Buffer): Buffer {
  return Buffer.from(hkdfSync('sha256', shared, Buffer.concat([ephemeral, recipient]), INFO, 32));
}

/** The public half of a hall's private sealing key (PKCS#8 PEM), with its id: the first 8 bytes of SHA-256 of the raw key. */
export function sealingPublicKey(privateKeyPem: string): SealingPublicKey {
  const raw = rawPublic(createPublicKey(createPrivateKey(privateKeyPem)));
  return { keyId: createHash('sha256').update(raw).digest('hex').slice(0, 16), algorithm: SEAL_ALGORITHM, publicKey: raw.toString('base64url') };
}

export function newSealingPrivateKeyPem(): string {
  return generateKeyPairSync('x25519').privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();
}

/** Seals the normalized ID number for the hall server; `ticketId` binds it to its ticket. */
export function sealIdNumber(key: SealingPublicKey, idNumber: string, ticketId: string): string {
  const recipient = Buffer.from(key.publicKey, 'base64url');
  const ephemeral = generateKeyPairSync('x25519');
  const ephemeralRaw = rawPublic(ephemeral.publicKey);
  const shared = diffieHellman({ privateKey: ephemeral.privateKey, publicKey: publicFromRaw(recipient) });
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', aesKey(shared, ephemeralRaw, recipient), iv);
  cipher.setAAD(Buffer.from(ticketId));
  const body = Buffer.concat([cipher.update(normalizeIdNumber(idNumber), 'utf8'), cipher.final()]);
  return `${key.keyId}.${Buffer.concat([ephemeralRaw, iv, body, cipher.getAuthTag()]).toString('base64url')}`;
}

/** Opens sealed ID numbers with the hall's private keys (the current one, and older ones while kiosks may still use them). */
export function idUnsealer(privateKeyPems: readonly string[]): (sealed: string, ticketId: string) => string {
  const keys = new Map(
    privateKeyPems.map((pem) => {
      const privateKey = createPrivateKey(pem);
      return [sealingPublicKey(pem).keyId, { privateKey, raw: rawPublic(createPublicKey(privateKey)) }] as const;
    }),
  );
  return (sealed, ticketId) => {
    const dot = sealed.indexOf('.');
    const key = keys.get(sealed.slice(0, dot));
    if (dot < 0 || !key)
      throw new SealError('SEALED_ID_KEY_UNKNOWN', 'the ID number was sealed to a key this hall server does not hold: the kiosk must fetch sync/config again');
    const blob = Buffer.from(sealed.slice(dot + 1), 'base64url');
    if (blob.length < PUBLIC_BYTES + IV_BYTES + TAG_BYTES + 1) throw new SealError('SEALED_ID_UNREADABLE', 'the sealed ID number is cut short');
    const ephemeral = blob.subarray(0, PUBLIC_BYTES);
    const iv = blob.subarray(PUBLIC_BYTES, PUBLIC_BYTES + IV_BYTES);
    const body = blob.subarray(PUBLIC_BYTES + IV_BYTES, blob.length - TAG_BYTES);
    try {
      const shared = diffieHellman({ privateKey: key.privateKey, publicKey: publicFromRaw(ephemeral) });
      const decipher = createDecipheriv('aes-256-gcm', aesKey(shared, ephemeral, key.raw), iv);
      decipher.setAAD(Buffer.from(ticketId));
      decipher.setAuthTag(blob.subarray(blob.length - TAG_BYTES));
      return Buffer.concat([decipher.update(body), decipher.final()]).toString('utf8');
    } catch {
      throw new SealError('SEALED_ID_UNREADABLE', 'the sealed ID number does not open (altered, or sealed for another ticket)');
    }
  };
}
