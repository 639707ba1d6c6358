// The hall's secrets, kept outside the data directory: the person-hash key (HALL_KEY_FILE) and, beside it, the private key
// that opens ID numbers kiosks sealed offline. Neither ever leaves the hall server.
import { randomBytes } from 'node:crypto';
import { closeSync, existsSync, fsyncSync, mkdirSync, openSync, readFileSync, renameSync, rmSync, writeSync } from 'node:fs';
import { basename, dirname, isAbsolute, join, relative, resolve } from 'node:path';
import { newSealingPrivateKeyPem, sealingPublicKey, type SealingPublicKey } from '../core/id-seal.ts';

export interface HallKeys {
  /** HMAC key of the person hash. */
  personKey: Buffer;
  /** PKCS#8 PEM of the X25519 key that opens sealed ID numbers. */
  sealingPrivateKeyPem: string;
  sealingKey: SealingPublicKey;
  keyFile: string;
  sealingKeyFile: string;
}

/** `./data` keeps its keys in `./data-keys/`: beside the data directory, so a copy of it holds no key, and one per hall. */
export function defaultKeyFile(dataDir: string): string {
  const data = resolve(dataDir);
  return join(dirname(data), `${basename(data)}-keys`, 'person-hash.key');
}

function syncDir(dir: string): void {
  const fd = openSync(dir, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/** Written whole or not at all (temporary file, fsync, rename), mode 0600, and never over an existing file. */
function createSecret(file: string, text: string): void {
  const tmp = `${file}.${process.pid}.tmp`;
  const fd = openSync(tmp, 'wx', 0o600);
  try {
    writeSync(fd, text);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  if (existsSync(file)) {
    rmSync(tmp);
    return;
  }
  renameSync(tmp, file);
  syncDir(dirname(file));
}

/**
 * Loads the hall's keys, creating missing ones on first start. A key left by an older version in `dataDir/person-hash.key`
 * moves to `keyFile` once (copied, synced, then removed), so the database's hashes keep their key.
 */
export function loadHallKeys(dataDir: string, keyFile: string = defaultKeyFile(dataDir), log: (line: string) => void = () => undefined): HallKeys {
  const file = resolve(keyFile);
  const dir = dirname(file);
  const inData = relative(resolve(dataDir), dir);
  if (inData === '' || (!inData.startsWith('..') && !isAbsolute(inData))) {
    throw new Error(`HALL_KEY_FILE=${file} is inside HALL_DATA_DIR: keep the hall's keys out of the data directory and its backups`);
  }
  mkdirSync(dir, { recursive: true, mode: 0o700 });

  const old = join(dataDir, 'person-hash.key');
  if (existsSync(old)) {
    if (!existsSync(file)) {
      createSecret(file, readFileSync(old, 'utf8'));
      rmSync(old);
      log(`moved the person-hash key from ${old} to ${file} (HALL_KEY_FILE): back it up apart from the data directory`);
    } else if (readFileSync(old, 'utf8').trim() === readFileSync(file, 'utf8').trim()) {
      rmSync(old);
      log(`removed ${old}: the same key is in ${file} (HALL_KEY_FILE)`);
    } else {
      throw new Error(
        `two different person-hash keys: ${old} (left by an older version) and ${file} (HALL_KEY_FILE). ` +
          'Keep the one the database was hashed with in HALL_KEY_FILE and remove the other',
      );
    }
  }
  if (!existsSync(file)) {
    createSecret(file, randomBytes(32).toString('base64'));
    log(`created the person-hash key ${file} (HALL_KEY_FILE): back it up apart from the data directory`);
  }
  const sealingKeyFile = join(dir, 'id-sealing.key');
  if (!existsSync(sealingKeyFile)) createSecret(sealingKeyFile, newSealingPrivateKeyPem());
  const sealingPrivateKeyPem = readFileSync(sealingKeyFile, 'utf8');
  return {
    personKey: Buffer.from(readFileSync(file, 'utf8').trim(), 'base64'),
    sealingPrivateKeyPem,
    sealingKey: sealingPublicKey(sealingPrivateKeyPem),
    keyFile: file,
    sealingKeyFile,
  };
}
