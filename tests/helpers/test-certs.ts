// A hall CA and server certificates for 127.0.0.1/localhost, made with the openssl CLI in a temp dir.
import { execFileSync } from 'node:child_process';
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
      if (dates) {
        // `openssl x509` dates a certificate from now only; `openssl ca` takes explicit dates.
        writeFileSync(join(dir, `${server}.index`), '');
        writeFileSync(join(dir, `${server}.serial`), '01\n');
        const cnf = `[ca]\ndefault_ca = hall\n[hall]\ndatabase = ${server}.index\nnew_certs_dir = .\nserial = ${server}.serial\ndefault_md = sha256\npolicy = any\n[any]\ncommonName = supplied\n`;
        writeFileSync(join(dir, `${server}.cnf`), cnf);
        openssl(
          dir,
          'ca',
          '-batch',
          '-notext',
          '-config',
          `${server}.cnf`,
          '-cert',
          `${name}.crt`,
          '-keyfile',
          `${name}.key`,
          '-in',
          `${server}.csr`,
          '-extfile',
          `${server}.ext`,
          '-startdate',
          dates.start,
          '-enddate',
          dates.end,
          '-out',
          `${server}.crt`,
        );
        return { certFile: join(dir, `${server}.crt`), keyFile: join(dir, `${server}.key`) };
      }
      openssl(
        dir,
        'x509',
        '-req',
        '-in',
        `${server}.csr`,
        '-CA',
        `${name}.crt`,
        '-CAkey',
        `${name}.key`,
        '-CAcreateserial',
        '-days',
        '2',
        '-extfile',
        `${server}.ext`,
        '-out',
        `${server}.crt`,
      );
      return { certFile: join(dir, `${server}.crt`), keyFile: join(dir, `${server}.key`) };
    },
  };
}
