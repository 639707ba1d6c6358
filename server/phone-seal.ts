// Call-back numbers are stored only sealed: AES-256-GCM under a key derived (HKDF-SHA256) from the hall's
// person-hash key, which lives outside the database. The ticket id is bound in as associated data.
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';
import { HallError } from '../core/errors.ts';
import { maskPhone } from '../core/phone.ts';

const VERSION = 'v1';
const INFO = 'hall follow-up phone v1';

const derived = new Map<string, Buffer>();

/** The sealing key for this hall's person-hash key (base64), derived once. */
function phoneKey(personKeyBase64: string): Buffer {
  let key = derived.get(personKeyBase64);
  if (!key) {
    key = Buffer.from(hkdfSync('sha256', Buffer.from(personKeyBase64, 'base64'), Buffer.alloc(0), INFO, 32));
    derived.set(personKeyBase64, key);
  }
  return key;
}

export interface SealedPhone {
  sealed: string;
  masked: string;
}

/** `v1.<base64url of iv | ciphertext | tag>`, readable only with the hall's key and the same ticket id. */
export function sealPhone(personKeyBase64: string, ticketId: string, phone: string): SealedPhone {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', phoneKey(personKeyBase64), iv);
  cipher.setAAD(Buffer.from(ticketId, 'utf8'));
  const body = Buffer.concat([cipher.update(phone, 'utf8'), cipher.final()]);
  return { sealed: `${VERSION}.${Buffer.concat([iv, body, cipher.getAuthTag()]).toString('base64url')}`, masked: maskPhone(phone) };
}

export function unsealPhone(personKeyBase64: string, ticketId: string, sealed: string): string {
  const [version, data] = sealed.split('.');
  const raw = Buffer.from(data ?? '', 'base64url');
  if (version !== VERSION || raw.length < 12 + 16 + 1) throw new HallError(500, 'PHONE_UNREADABLE', 'the stored number cannot be read: ask the administrator');
  try {
    const decipher = createDecipheriv('aes-256-gcm', phoneKey(personKeyBase64), raw.subarray(0, 12));
    decipher.setAAD(Buffer.from(ticketId, 'utf8'));
    decipher.setAuthTag(raw.subarray(raw.length - 16));
    return Buffer.concat([decipher.update(raw.subarray(12, raw.length - 16)), decipher.final()]).toString('utf8');
  } catch {
    // Another hall's key (a restored backup without its key file): the number is lost, not guessed.
    throw new HallError(500, 'PHONE_UNREADABLE', "the stored number cannot be read with this hall's key: ask the administrator");
  }
}
