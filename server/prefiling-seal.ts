// Pre-filed forms and signatures are stored only sealed: AES-256-GCM under a key derived (HKDF-SHA256) from the hall's
// person-hash key, which lives outside the database, as call-back numbers are (server/phone-seal.ts). The draft id and
// what the blob is are bound in as associated data, so a blob cannot be moved to another draft or role.
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';
import { HallError } from '../core/errors.ts';

const VERSION = 'v1';
const INFO = 'hall prefiling draft v1';
const derived = new Map<string, Buffer>();

function draftKey(personKeyBase64: string): Buffer {
  let key = derived.get(personKeyBase64);
  if (!key) {
    key = Buffer.from(hkdfSync('sha256', Buffer.from(personKeyBase64, 'base64'), Buffer.alloc(0), INFO, 32));
    derived.set(personKeyBase64, key);
  }
  return key;
}

export type DraftPart = 'data' | 'signature';

export function sealDraft(personKeyBase64: string, draftId: string, part: DraftPart, clear: Buffer): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', draftKey(personKeyBase64), iv);
  cipher.setAAD(Buffer.from(`${draftId}:${part}`, 'utf8'));
  const body = Buffer.concat([cipher.update(clear), cipher.final()]);
  return `${VERSION}.${Buffer.concat([iv, body, cipher.getAuthTag()]).toString('base64url')}`;
}

export function unsealDraft(personKeyBase64: string, draftId: string, part: DraftPart, sealed: string): Buffer {
  const [version, data] = sealed.split('.');
  const raw = Buffer.from(data ?? '', 'base64url');
  const lost = () => new HallError(500, 'DRAFT_UNREADABLE', "the pre-filed form cannot be read with this hall's key: fill the form at the window");
  if (version !== VERSION || raw.length < 12 + 16) throw lost();
  try {
    const decipher = createDecipheriv('aes-256-gcm', draftKey(personKeyBase64), raw.subarray(0, 12));
    decipher.setAAD(Buffer.from(`${draftId}:${part}`, 'utf8'));
    decipher.setAuthTag(raw.subarray(raw.length - 16));
    return Buffer.concat([decipher.update(raw.subarray(12, raw.length - 16)), decipher.final()]);
  } catch {
    throw lost();
  }
}
