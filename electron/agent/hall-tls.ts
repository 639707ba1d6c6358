// The kiosk agent's fetch to the hall: verifies the hall's certificate, against the hall's own CA when KIOSK_HALL_CA
// names one, and says plainly when the certificate is not trusted.
import { readFileSync } from 'node:fs';
import { Agent, fetch as undiciFetch } from 'undici';

const CERT_ERRORS = new Set([
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'CERT_HAS_EXPIRED',
  'CERT_NOT_YET_VALID',
  'ERR_TLS_CERT_ALTNAME_INVALID',
]);

/** The TLS error code behind a failed fetch, if it is a certificate the agent refused. */
export function certificateError(error: unknown): string | null {
  for (let e = error as { code?: unknown; cause?: unknown } | undefined, depth = 0; e && depth < 4; e = e.cause as typeof e, depth++) {
    if (typeof e.code === 'string' && CERT_ERRORS.has(e.code)) return e.code;
  }
  return null;
}

/** What to do about a refused certificate: a date error is most often this machine's clock (a flat CMOS battery) or an expired certificate, not the CA. */
function certificateAdvice(code: string, caFile: string | undefined, names: { ca: string; url: string }, now: Date): string {
  const advice =
    code === 'CERT_NOT_YET_VALID' || code === 'CERT_HAS_EXPIRED'
      ? `check this machine's clock (it reads ${now.toISOString()}) against the certificate's dates, and renew the hall's certificate if it has expired`
      : caFile
        ? `check that ${names.ca}=${caFile} is the CA that signed it and that ${names.url} names the host on it`
        : `set ${names.ca} to the hall's CA file (PEM)`;
  return `the hall server's TLS certificate is not trusted (${code}): ${advice}`;
}

/**
 * fetch for the hall server. With `caFile` only certificates from that CA (PEM) are trusted; without it, the
 * system's. A refused certificate stays a TypeError (the hall is unreachable to the agent) with a message that says
 * what to do, logged once per kind.
 */
export function hallFetch(
  caFile: string | undefined,
  log: (line: string) => void,
  names: { ca: string; url: string } = { ca: 'KIOSK_HALL_CA', url: 'KIOSK_SERVER_URL' },
): typeof fetch {
  const dispatcher = caFile ? new Agent({ connect: { ca: readFileSync(caFile) } }) : undefined;
  const told = new Set<string>();
  return (async (input: Parameters<typeof fetch>[0], init?: RequestInit) => {
    try {
      if (!dispatcher) return await fetch(input, init);
      return (await undiciFetch(input as string, { ...(init as object), dispatcher })) as unknown as Response;
    } catch (error) {
      const code = certificateError(error);
      if (!code) throw error;
      const message = certificateAdvice(code, caFile, names, new Date());
      if (!told.has(code)) {
        told.add(code);
        log(message);
      }
      throw new TypeError(message, { cause: error });
    }
  }) as unknown as typeof fetch;
}
