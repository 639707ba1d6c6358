// TLS for the hall server: HTTPS and WSS on the hall's port from HALL_TLS_CERT/HALL_TLS_KEY, re-read on SIGHUP, and
// the rule that bearer tokens never cross a LAN in clear unless the operator says so.
import { readFileSync } from 'node:fs';
import { isIP } from 'node:net';
import { createSecureContext } from 'node:tls';

export interface TlsFiles {
  /** PEM certificate chain (the server's certificate first). */
  certFile: string;
  /** PEM private key. */
  keyFile: string;
}

/** HALL_TLS_CERT + HALL_TLS_KEY, both or neither: returns the files, null, or an error line for the operator. */
export function tlsFromEnv(env: NodeJS.ProcessEnv): TlsFiles | null | { error: string } {
  const certFile = env.HALL_TLS_CERT || undefined;
  const keyFile = env.HALL_TLS_KEY || undefined;
  if (!certFile && !keyFile) return null;
  if (!certFile || !keyFile) return { error: `set both HALL_TLS_CERT and HALL_TLS_KEY (PEM files), or neither for plain HTTP on loopback` };
  return { certFile, keyFile };
}

/** Reads and checks the pair now, so a bad file fails the start or the reload, not the next handshake. */
export function readTls(files: TlsFiles): { cert: Buffer; key: Buffer } {
  const cert = readFileSync(files.certFile);
  const key = readFileSync(files.keyFile);
  createSecureContext({ cert, key });
  return { cert, key };
}

const LOOPBACK = new Set(['127.0.0.1', '::1', 'localhost']);
export const isLoopbackHost = (host: string): boolean => LOOPBACK.has(host) || (isIP(host) === 4 && host.startsWith('127.'));

/** Why this server must not start, or null: beyond loopback, tokens and ID data would cross the LAN in clear. */
export function insecureLanRefusal(host: string, tls: boolean, insecureLan: boolean): string | null {
  if (tls || insecureLan || isLoopbackHost(host)) return null;
  return (
    `refusing to serve plain HTTP on ${host}: tokens and visitors' data would cross the hall's network in clear. ` +
    `Set HALL_TLS_CERT and HALL_TLS_KEY, or put a TLS reverse proxy in front and bind HALL_HOST=127.0.0.1, ` +
    `or start with --insecure-lan (HALL_INSECURE_LAN=1) if the network is trusted`
  );
}
