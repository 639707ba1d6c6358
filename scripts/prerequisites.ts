// The Debian packages the test suite needs, checked before anything runs, so a fresh machine is told the one line to run.
import { accessSync, constants, existsSync, readdirSync } from 'node:fs';
import { delimiter, join } from 'node:path';

export interface Prerequisite {
  /** The Debian package that provides it. */
  pkg: string;
  /** What it is for, said when it is missing. */
  why: string;
  present(): boolean;
}

const onPath = (command: string) => () =>
  (process.env.PATH ?? '').split(delimiter).some((dir) => {
    try {
      accessSync(join(dir, command), constants.X_OK);
      return true;
    } catch {
      return false;
    }
  });

/** The same checks as .ci/run. */
export const TEST_PREREQUISITES: readonly Prerequisite[] = [
  { pkg: 'socat', why: 'serial ptys for the ID reader, printer and bus tests', present: onPath('socat') },
  { pkg: 'chromium', why: 'the end-to-end tests in a real browser', present: () => existsSync(process.env.HALL_CHROMIUM ?? '/usr/bin/chromium') },
  { pkg: 'fonts-noto-cjk', why: 'Chinese text on screens and printed tickets', present: () => existsSync('/usr/share/fonts/opentype/noto') },
  {
    pkg: 'fonts-hanazono',
    why: 'rare name characters (CJK Ext B–F) printed as images',
    present: () => existsSync('/usr/share/fonts/truetype/hanazono/HanaMinB.ttf'),
  },
  { pkg: 'cups', why: 'certificates printed through a real CUPS (cupsd started by the tests)', present: () => existsSync('/usr/sbin/cupsd') },
  { pkg: 'printer-driver-cups-pdf', why: 'the PDF print queue the certificate tests print to', present: () => existsSync('/usr/lib/cups/backend/cups-pdf') },
  { pkg: 'poppler-utils', why: 'printed certificates read back as text (pdftotext)', present: onPath('pdftotext') },
  { pkg: 'zbar-tools', why: 'QR codes read back from printed certificates (zbarimg)', present: onPath('zbarimg') },
  { pkg: 'postgresql', why: 'the district server on a throw-away PostgreSQL cluster', present: () => postgresBin('initdb') !== null },
];

/** Debian keeps PostgreSQL's server programs off PATH, under /usr/lib/postgresql/<major>/bin; the newest wins. */
export function postgresBin(program: string): string | null {
  const root = '/usr/lib/postgresql';
  if (!existsSync(root)) return null;
  const majors = readdirSync(root)
    .filter((d) => /^\d+$/.test(d))
    .sort((a, b) => Number(b) - Number(a));
  for (const major of majors) {
    const path = join(root, major, 'bin', program);
    if (existsSync(path)) return path;
  }
  return null;
}

/** Null when everything is there; else what is missing and the exact line that installs it. */
export function missingPrerequisites(list: readonly Prerequisite[] = TEST_PREREQUISITES): string | null {
  const missing = list.filter((p) => !p.present());
  if (missing.length === 0) return null;
  return [
    ...missing.map((p) => `missing: ${p.pkg} (${p.why})`),
    `install them, then run npm test again:`,
    `  apt-get install -y ${missing.map((p) => p.pkg).join(' ')}`,
  ].join('\n');
}
