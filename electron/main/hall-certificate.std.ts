// Which TLS certificates a shell's window trusts for the hall's pages: with a hall CA file (HALL_CA, the same PEM the
// counter bridge and the kiosk agent trust), the hall's host is trusted exactly when its certificate was issued by
// that CA, names the host and is in date; other hosts keep Chromium's own verdict. Wired by hall-certificate.main.ts.
import { X509Certificate } from 'node:crypto';

/** setCertificateVerifyProc's answers: trust, refuse, or keep Chromium's verification. */
export const TRUST = 0;
export const REFUSE = -2;
export const CHROMIUM = -3;
export type Verdict = typeof TRUST | typeof REFUSE | typeof CHROMIUM;

export interface HallTrust {
  /** Host name or IP of HALL_URL, as Chromium reports it (no brackets, no port). */
  host: string;
  ca: X509Certificate;
}

/** The trust for HALL_URL and the CA's PEM text; throws with what to fix when the PEM is no certificate. */
export function hallTrust(hallUrl: string, caPem: string, caFile = 'HALL_CA'): HallTrust {
  let ca: X509Certificate;
  try {
    ca = new X509Certificate(caPem);
  } catch (error) {
    throw new Error(`${caFile} is not a PEM certificate (${String(error)}): copy the hall's CA certificate (hall-ca.crt) there`);
  }
  if (!ca.ca) throw new Error(`${caFile} is a server certificate, not a CA: copy the CA that signed the hall's certificate`);
  return { host: new URL(hallUrl).hostname.replace(/^\[|\]$/g, ''), ca };
}

/** The verdict on the certificate `pem` a server at `hostname` presented, at time `now`. */
export function hallCertificateVerdict(trust: HallTrust | null, hostname: string, pem: string, now = Date.now()): Verdict {
  if (!trust || hostname !== trust.host) return CHROMIUM;
  let leaf: X509Certificate;
  try {
    leaf = new X509Certificate(pem);
  } catch {
    return REFUSE;
  }
  const issued = leaf.checkIssued(trust.ca) && leaf.verify(trust.ca.publicKey);
  const inDate = Date.parse(leaf.validFrom) <= now && now <= Date.parse(leaf.validTo);
  const names = /^[\d.]+$|:/.test(hostname) ? leaf.checkIP(hostname) !== undefined : leaf.checkHost(hostname) !== undefined;
  return issued && inDate && names ? TRUST : REFUSE;
}
