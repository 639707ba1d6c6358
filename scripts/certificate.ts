// `npm run certificate -- verify <file.pdf | token | URL> [--keys <JWKS file or URL>]`: checks a certificate's signature
// offline against the hall's published keys. From a PDF the token is read off its QR code (pdftoppm renders the pages,
// zbarimg decodes them), as a phone would; without zbarimg, from the verification URL the PDF carries as its Subject.
// `npm run certificate -- rotate-key`: a new signing key for the hall of this HALL_DATA_DIR / HALL_KEY_FILE.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { JSONWebKeySet } from 'jose';
import { PDFDocument } from 'pdf-lib';
import { tokenFromText, verifyToken } from '../core/certificate-token.ts';
import { CertificateKeys, certificateKeyFile } from '../server/certificate-keys.ts';
import { defaultKeyFile } from '../server/hall-keys.ts';

const USAGE = 'usage: npm run certificate -- verify <file.pdf | token | URL> [--keys <hall-keys.json file or URL>]\n       npm run certificate -- rotate-key';

function fail(message: string, code = 2): never {
  console.error(message);
  process.exit(code);
}

/** The verification URLs the QR codes of a PDF hold. */
function qrTexts(pdf: string): string[] {
  const dir = mkdtempSync(join(tmpdir(), 'certificate-'));
  try {
    execFileSync('pdftoppm', ['-r', '200', '-gray', '-png', pdf, join(dir, 'page')], { stdio: ['ignore', 'ignore', 'pipe'] });
    const pages = readdirSync(dir).map((f) => join(dir, f));
    const out = execFileSync('zbarimg', ['--raw', '-q', '-Sdisable', '-Sqrcode.enable', ...pages], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
    return out.split('\n').filter(Boolean);
  } catch (error) {
    // zbarimg exits 4 when it finds no code: that is an answer, not a failure.
    if ((error as { status?: number }).status === 4) return [];
    throw error;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function tokenOf(arg: string): Promise<{ token: string; url: string | null; via: string }> {
  if (existsSync(arg)) {
    let texts: string[] = [];
    let via = 'QR code';
    try {
      texts = qrTexts(arg);
    } catch {
      via = 'PDF Subject (pdftoppm or zbarimg unavailable)';
      const doc = await PDFDocument.load(readFileSync(arg), { updateMetadata: false });
      texts = [doc.getSubject() ?? ''];
    }
    const url = texts.find((t) => tokenFromText(t));
    if (!url) fail(`${arg}: no certificate QR code found; scan it with a phone or pass the token itself`, 1);
    return { token: tokenFromText(url)!, url: /^https?:\/\//.test(url) ? url : null, via };
  }
  const token = tokenFromText(arg);
  if (!token) fail(`${arg}: neither a file nor a certificate token or URL\n${USAGE}`);
  return { token, url: /^https?:\/\//.test(arg) ? arg : null, via: 'argument' };
}

async function loadKeys(keysArg: string | undefined, url: string | null): Promise<{ jwks: JSONWebKeySet; from: string }> {
  const from = keysArg ?? (url ? new URL('/.well-known/hall-keys.json', url).toString() : null);
  if (!from) fail("give the hall's keys: --keys <hall-keys.json file or URL> (the hall serves them at /.well-known/hall-keys.json)");
  if (/^https?:\/\//.test(from)) {
    const res = await fetch(from, { signal: AbortSignal.timeout(10_000) }).catch(() => null);
    if (!res?.ok) fail(`could not fetch the keys from ${from}: save them to a file and pass --keys <file>`);
    return { jwks: (await res.json()) as JSONWebKeySet, from };
  }
  return { jwks: JSON.parse(readFileSync(from, 'utf8')) as JSONWebKeySet, from };
}

const [command, ...rest] = process.argv.slice(2);
if (command === 'verify') {
  const keysAt = rest.indexOf('--keys');
  const keysArg = keysAt >= 0 ? rest[keysAt + 1] : undefined;
  const target = rest.find((_, i) => keysAt < 0 || (i !== keysAt && i !== keysAt + 1));
  if (!target) fail(USAGE);
  const { token, url, via } = await tokenOf(target);
  const { jwks, from } = await loadKeys(keysArg, url);
  const check = await verifyToken(token, jwks);
  if (!check.ok) {
    const why = {
      malformed: 'the token is malformed',
      unknown_key: 'it was signed by a key these keys do not list',
      bad_signature: 'the signature does not match: the content was changed',
    }[check.reason];
    console.log(`INVALID: ${why} (token from ${via}, keys from ${from})`);
    process.exit(1);
  }
  const c = check.claims;
  const today = new Date().toISOString().slice(0, 10);
  console.log(`signature valid (kid ${check.kid}, keys from ${from}, token from ${via})`);
  console.log(
    `id ${c.id}\ntype ${c.type}\nholder ${c.holder} ${c.holderId}\nissuedAt ${c.issuedAt}\nvalidUntil ${c.validUntil}${today > c.validUntil ? ' (EXPIRED)' : ''}\nhall ${c.hall}\nsha256 ${c.sha256}`,
  );
  console.log("revocation is known online only: open the QR code's URL or GET /api/v1/certificates/<id>/verification");
} else if (command === 'rotate-key') {
  const dataDir = resolve(process.env.HALL_DATA_DIR ?? './data');
  const keyFile = process.env.HALL_KEY_FILE ? resolve(process.env.HALL_KEY_FILE) : defaultKeyFile(dataDir);
  const keys = await CertificateKeys.open(certificateKeyFile(keyFile));
  const { kid, retired } = await keys.rotate();
  console.log(
    `signing with ${kid} from now on; retired ${retired.join(', ') || 'none'} (still published and verifying). A running server picks it up at its next print.`,
  );
} else {
  fail(USAGE);
}
