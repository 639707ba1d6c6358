// The QR code's signed token: JWS compact (RFC 7515), alg EdDSA (Ed25519), kid in the header, over the certificate's
// claims. Verifying needs only the hall's published JWK set, so anyone can check a paper offline.
import { CompactSign, compactVerify, createLocalJWKSet, decodeProtectedHeader, type JSONWebKeySet } from 'jose';
import type { KeyObject } from 'node:crypto';
import type { CertificateClaims } from './certificates.ts';

export async function signClaims(claims: CertificateClaims, key: { kid: string; privateKey: KeyObject }): Promise<string> {
  return new CompactSign(new TextEncoder().encode(JSON.stringify(claims))).setProtectedHeader({ alg: 'EdDSA', kid: key.kid }).sign(key.privateKey);
}

export type TokenCheck = { ok: true; kid: string; claims: CertificateClaims } | { ok: false; reason: 'malformed' | 'unknown_key' | 'bad_signature' };

/** The claims of a token signed by a key of `jwks`; any failure says why, never throws. */
export async function verifyToken(token: string, jwks: JSONWebKeySet): Promise<TokenCheck> {
  let kid: string;
  try {
    const header = decodeProtectedHeader(token);
    if (header.alg !== 'EdDSA' || typeof header.kid !== 'string') return { ok: false, reason: 'malformed' };
    kid = header.kid;
  } catch {
    return { ok: false, reason: 'malformed' };
  }
  if (!jwks.keys.some((k) => k.kid === kid)) return { ok: false, reason: 'unknown_key' };
  try {
    const { payload } = await compactVerify(token, createLocalJWKSet(jwks), { algorithms: ['EdDSA'] });
    const claims = JSON.parse(new TextDecoder().decode(payload)) as CertificateClaims;
    if (typeof claims.id !== 'string' || typeof claims.sha256 !== 'string') return { ok: false, reason: 'malformed' };
    return { ok: true, kid, claims };
  } catch {
    return { ok: false, reason: 'bad_signature' };
  }
}

/** The token at the end of a verification URL (`…/v/<jws>`), or the token itself. */
export function tokenFromText(text: string): string | null {
  const m = /([A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+)\s*$/.exec(text.trim());
  return m ? m[1]! : null;
}
