// The kiosk's own token: KIOSK_TOKEN as before; `--pair CODE` pairs (again) now; else the token an earlier pairing kept
// in the data directory (readable by this user only); else KIOSK_PAIRING_CODE, which is for the first start only (it
// stays in a service's environment, and a spent code must not stop later starts).
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { HallClient } from '../../client/hall-client.ts';

export const TOKEN_FILE = 'device-token';

export interface TokenSource {
  serverUrl: string;
  dataDir: string;
  /** KIOSK_TOKEN: a token made by hand still works, and wins. */
  envToken?: string | undefined;
  /** `--pair CODE`: redeemed now, replacing a kept token. */
  pairingCode?: string | undefined;
  /** KIOSK_PAIRING_CODE: redeemed only while no token is kept. */
  firstPairingCode?: string | undefined;
  log?: (line: string) => void;
}

/** The pairing code from `--pair CODE` or `--pair=CODE`. */
export function pairingCodeFrom(argv: readonly string[]): string | undefined {
  const at = argv.indexOf('--pair');
  return (at >= 0 ? argv[at + 1] : argv.find((a) => a.startsWith('--pair='))?.slice('--pair='.length)) || undefined;
}

export async function kioskToken(source: TokenSource): Promise<string> {
  if (source.envToken) return source.envToken;
  const file = join(source.dataDir, TOKEN_FILE);
  const kept = existsSync(file);
  const code = source.pairingCode ?? (kept ? undefined : source.firstPairingCode);
  if (code) {
    const paired = await new HallClient(source.serverUrl).pairDevice(code, 'kiosk');
    mkdirSync(source.dataDir, { recursive: true, mode: 0o700 });
    writeFileSync(file, `${paired.token}\n`, { mode: 0o600 });
    // A file left from an earlier pairing keeps its mode on rewrite: set it.
    chmodSync(file, 0o600);
    source.log?.(`paired as ${paired.name} (${paired.deviceId}); token kept in ${file}`);
    return paired.token;
  }
  if (kept) return readFileSync(file, 'utf8').trim();
  throw new Error(
    'this kiosk has no token: in the manager app (设备) make a pairing code for a kiosk, then start with --pair <code> or KIOSK_PAIRING_CODE=<code> (KIOSK_TOKEN still works)',
  );
}
