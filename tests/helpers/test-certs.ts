// A hall CA and server certificates for 127.0.0.1/localhost, made with the openssl CLI in a temp dir.
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const openssl = (dir: string, ...args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' });

export interface TestCa {
  caFile: string;
  ca: string;
  /** Issues a server certificate signed by the CA into `<name>.crt`/`<name>.key`; `dates` (YYYYMMDDHHMMSSZ) for one outside today. */
  issue(name: string, dates?: { start: string; end: string }): { certFile: string; keyFile: string };
}

export function makeCa(dir: string, name = 'hall-ca'): TestCa {
  openssl(
    dir,
    'req',
    '-x509',
    '-newkey',
    'ec',
    '-pkeyopt',
    'ec_paramgen_curve:P-256',
    '-nodes',
    '-days',
    '2',
    '-subj',
    `/CN=${name}`,
    '-keyout',
    `${name}.key`,
    '-out',
    `${name}.crt`,
    '-addext',
    'basicConstraints=critical,CA:TRUE',
    '-addext',
    'keyUsage=critical,keyCertSign',
  );
  const caFile = join(dir, `${name}.crt`);
  // `openssl ca` rather than `openssl x509 -req`: it also takes explicit dates, for a certificate outside today.
  writeFileSync(join(dir, `${name}.index`), '');
  writeFileSync(join(dir, `${name}.serial`), `${randomBytes(8).toString('hex')}\n`);
  const section = `database = ${name}.index\nnew_certs_dir = .\nserial = ${name}.serial\nunique_subject = no\ncertificate = ${name}.crt\nprivate_key = ${name}.key`;
  writeFileSync(join(dir, `${name}.cnf`), `[ca]\ndefault_ca = hall\n[hall]\n${section}\ndefault_md = sha256\npolicy = any\n[any]\ncommonName = supplied\n`);
  return {
    caFile,
    ca: readFileSync(caFile, 'utf8'),
    issue(server, dates) {
      writeFileSync(join(dir, `${server}.ext`), 'subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth\n');
      openssl(
        dir,
        'req',
        '-newkey',
        'ec',
        '-pkeyopt',
        'ec_paramgen_curve:P-256',
        '-nodes',
        '-subj',
        '/CN=hall server',
        '-keyout',
        `${server}.key`,
        '-out',
        `${server}.csr`,
      );
      openssl(
        dir,
        'ca',
        '-batch',
        '-notext',
        '-config',
        `${name}.cnf`,
        '-in',
        `${server}.csr`,
        '-extfile',
        `${server}.ext`,
        ...(dates ? ['-startdate', dates.start, '-enddate', dates.end] : ['-days', '2']),
        '-out',
        `${server}.crt`,
      );
      return { certFile: join(dir, `${server}.crt`), keyFile: join(dir, `${server}.key`) };
    },
  };
}
