// The hall's certificate signing keys (Ed25519), kept beside its other keys outside the data directory
// (`certificate-signing.json`, 0600). Rotation adds a key and retires the others; retired keys stay published, so
// what they signed still verifies.
import { createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { closeSync, existsSync, fsyncSync, openSync, readFileSync, renameSync, statSync, writeSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { calculateJwkThumbprint, type JSONWebKeySet, type JWK } from 'jose';

interface StoredKey {
  kid: string;
  createdAt: string;
  retiredAt: string | null;
  privateKeyPem: string;
}

export interface SigningKey {
  kid: string;
  privateKey: KeyObject;
}

export const certificateKeyFile = (personKeyFile: string): string => join(dirname(personKeyFile), 'certificate-signing.json');

function writeWhole(file: string, text: string): void {
  const tmp = `${file}.${process.pid}.tmp`;
  const fd = openSync(tmp, 'w', 0o600);
  try {
    writeSync(fd, text);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(tmp, file);
  const dir = openSync(dirname(file), 'r');
  try {
    fsyncSync(dir);
  } finally {
    closeSync(dir);
  }
}

async function newKey(now: Date): Promise<StoredKey> {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  const jwk = publicKey.export({ format: 'jwk' }) as JWK;
  return {
    kid: await calculateJwkThumbprint(jwk),
    createdAt: now.toISOString(),
    retiredAt: null,
    privateKeyPem: privateKey.export({ format: 'pem', type: 'pkcs8' }).toString(),
  };
}

export class CertificateKeys {
  private cache: { mtimeMs: number; keys: StoredKey[] } | null = null;

  private constructor(readonly file: string) {}

  /** Opens the key file, creating it with one key on first use. */
  static async open(file: string): Promise<CertificateKeys> {
    if (!existsSync(file)) writeWhole(file, JSON.stringify({ keys: [await newKey(new Date())] }, null, 2));
    return new CertificateKeys(file);
  }

  /** Read again when the file changed (a rotation by `npm run certificate -- rotate-key` while the server runs). */
  private keys(): StoredKey[] {
    const mtimeMs = statSync(this.file).mtimeMs;
    if (this.cache?.mtimeMs !== mtimeMs) this.cache = { mtimeMs, keys: (JSON.parse(readFileSync(this.file, 'utf8')) as { keys: StoredKey[] }).keys };
    return this.cache.keys;
  }

  active(): SigningKey {
    const key = this.keys().findLast((k) => k.retiredAt === null);
    if (!key) throw new Error(`${this.file} holds no active signing key: run npm run certificate -- rotate-key`);
    return { kid: key.kid, privateKey: createPrivateKey(key.privateKeyPem) };
  }

  /** Every key, active and retired: `{keys:[{kty:"OKP", crv:"Ed25519", kid, x, alg, use}]}`. */
  jwks(): JSONWebKeySet {
    return {
      keys: this.keys().map((k) => {
        const { kty, crv, x } = createPublicKey(k.privateKeyPem).export({ format: 'jwk' }) as JWK;
        return { kty: kty!, crv, x, kid: k.kid, alg: 'EdDSA', use: 'sig' };
      }),
    };
  }

  /** A new active key; the old ones are retired (still listed and verifying, no longer signing). */
  async rotate(now: Date = new Date()): Promise<{ kid: string; retired: string[] }> {
    const keys = this.keys();
    const retired = keys.filter((k) => k.retiredAt === null).map((k) => k.kid);
    const next = [...keys.map((k) => (k.retiredAt === null ? { ...k, retiredAt: now.toISOString() } : k)), await newKey(now)];
    writeWhole(this.file, JSON.stringify({ keys: next }, null, 2));
    this.cache = null;
    return { kid: next.at(-1)!.kid, retired };
  }
}
