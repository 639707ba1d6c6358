// The shells' rule for the hall's certificate (hall-certificate.std.ts) on certificates made here with openssl: the
// hall's host is trusted with a certificate from HALL_CA, refused with one from another CA or for another name, and
// other hosts keep Chromium's verdict.
import { readFileSync, writeFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { CHROMIUM, REFUSE, TRUST, hallCertificateVerdict, hallTrust } from '../../electron/main/hall-certificate.std.ts';
import { removeDirs, tempDir } from '../helpers/built-hall.ts';
import { makeCa } from '../helpers/test-certs.ts';

const dirs: string[] = [];
afterEach(() => removeDirs(dirs));

describe('hall certificate rule', () => {
  it('trusts the hall host with a certificate from HALL_CA only, in date; leaves other hosts to Chromium', () => {
    const dir = tempDir('hall-cert-', dirs);
    const ca = makeCa(dir);
    const served = readFileSync(ca.issue('hall').certFile, 'utf8');
    const foreign = makeCa(dir, 'other-ca');
    const forged = readFileSync(foreign.issue('forged').certFile, 'utf8');

    const trust = hallTrust('https://127.0.0.1:8443', ca.ca);
    expect(hallCertificateVerdict(trust, '127.0.0.1', served)).toBe(TRUST);
    expect(hallCertificateVerdict(trust, '127.0.0.1', forged)).toBe(REFUSE);
    // The certificate is for 127.0.0.1 and localhost: a hall named otherwise does not match it.
    expect(hallCertificateVerdict(hallTrust('https://10.0.0.5:8443', ca.ca), '10.0.0.5', served)).toBe(REFUSE);
    expect(hallCertificateVerdict(hallTrust('https://localhost', ca.ca), 'localhost', served)).toBe(TRUST);
    // Made for two days: after that it is refused.
    expect(hallCertificateVerdict(trust, '127.0.0.1', served, Date.now() + 3 * 86_400_000)).toBe(REFUSE);
    expect(hallCertificateVerdict(trust, 'www.gov.cn', forged)).toBe(CHROMIUM);
    expect(hallCertificateVerdict(null, '127.0.0.1', forged)).toBe(CHROMIUM);
    expect(hallCertificateVerdict(trust, '127.0.0.1', 'not a certificate')).toBe(REFUSE);
  });

  it('says what to fix when HALL_CA is no CA certificate', () => {
    const dir = tempDir('hall-cert-', dirs);
    const ca = makeCa(dir);
    writeFileSync(`${dir}/junk.pem`, 'hello');
    expect(() => hallTrust('https://127.0.0.1', readFileSync(`${dir}/junk.pem`, 'utf8'))).toThrow(/HALL_CA is not a PEM certificate.*copy the hall's CA/);
    expect(() => hallTrust('https://127.0.0.1', readFileSync(ca.issue('leaf').certFile, 'utf8'))).toThrow(/is a server certificate, not a CA/);
  });
});
