// A hall CA and server certificates for 127.0.0.1/localhost, made with the openssl CLI in a temp dir.
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const openssl = (dir: string, ...args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' });

export interface TestCa {
  caFile: string;
  ca: string;
  /** Issues a server certificate signed by the CA into `<name>.crt`/`<name>.key`. */
  issue(name: string): { certFile: string; keyFile: string };
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
    issue(server) {
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
