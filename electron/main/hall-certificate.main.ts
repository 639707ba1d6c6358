// Lets the shell's windows trust the hall's own CA (HALL_CA) for the hall's pages; the rule is hall-certificate.std.ts.
import { readFileSync } from 'node:fs';
import type { Session } from 'electron';
import { hallCertificateVerdict, hallTrust } from './hall-certificate.std.ts';

export function trustHallCa(session: Session, hallUrl: string, caFile: string | undefined, log: (line: string) => void): void {
  if (!caFile) return;
  const trust = hallTrust(hallUrl, readFileSync(caFile, 'utf8'), `HALL_CA=${caFile}`);
  session.setCertificateVerifyProc((request, callback) => {
    const verdict = hallCertificateVerdict(trust, request.hostname, request.certificate.data);
    if (verdict === -2) log(`refused the certificate of ${request.hostname}: it is not from HALL_CA=${caFile}, names another host, or is out of date`);
    callback(verdict);
  });
}
