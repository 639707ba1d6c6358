// `npm run bench [-- hall|drivers|kiosk-sync|kiosk-render|display|certificates|reports|district|webhooks|bookings]`: the project's only performance measurements, each printed beside a
// reference measured in the same run so the ratios hold on a noisy machine.
import { existsSync } from 'node:fs';
import { availableParallelism, cpus, release, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { benchHall } from './hall.ts';
import { ROOT, fmt } from './lib.ts';

/** Sections in other files: each exports a function that returns the lines to print. */
const LINE_SECTIONS = {
  drivers: { file: 'drivers.ts', fn: 'benchDrivers' },
  'kiosk-sync': { file: 'kiosk-sync.ts', fn: 'benchKioskSync' },
  'kiosk-render': { file: 'kiosk-render.ts', fn: 'benchKioskRender' },
  display: { file: 'display.ts', fn: 'benchDisplay' },
  certificates: { file: 'certificates.ts', fn: 'benchCertificates' },
  reports: { file: 'reports.ts', fn: 'benchReports' },
  district: { file: 'district.ts', fn: 'benchDistrict' },
  webhooks: { file: 'webhooks.ts', fn: 'benchWebhooks' },
  bookings: { file: 'bookings.ts', fn: 'benchBookings' },
} as const;
const SECTIONS = ['hall', ...(Object.keys(LINE_SECTIONS) as (keyof typeof LINE_SECTIONS)[])] as const;
type Section = (typeof SECTIONS)[number];

const asked = process.argv.slice(2).filter((a) => !a.startsWith('-'));
const unknown = asked.filter((a) => !(SECTIONS as readonly string[]).includes(a));
if (unknown.length) {
  console.error(`unknown section ${unknown.join(', ')}: use ${SECTIONS.join(' or ')}, or nothing for all`);
  process.exit(2);
}
const sections: Section[] = asked.length ? (asked as Section[]) : [...SECTIONS];

const print = (line: string) => console.log(line);

async function lines(section: keyof typeof LINE_SECTIONS): Promise<void> {
  const { file, fn } = LINE_SECTIONS[section];
  const path = join(ROOT, 'bench', file);
  if (!existsSync(path)) {
    print(`${section}: not available yet`);
    return;
  }
  const mod = (await import(pathToFileURL(path).href)) as Record<string, unknown>;
  const run = mod[fn];
  if (typeof run !== 'function') {
    print(`${section}: not available yet (bench/${file} has no ${fn}())`);
    return;
  }
  for (const line of await (run as () => Promise<string[]>)()) print(line);
}

const started = Date.now();
print(
  `machine: ${availableParallelism()} cores (${cpus()[0]?.model.trim() ?? 'unknown CPU'}), ${fmt(totalmem() / 2 ** 30, 1)} GiB RAM, ` +
    `node ${process.version}, ${process.platform} ${release()}, temp dir ${tmpdir()}`,
);
let failed = false;
for (const section of sections) {
  print('');
  print(`── ${section} ──`);
  try {
    if (section === 'hall') await benchHall(print);
    else await lines(section);
  } catch (error) {
    failed = true;
    print(`${section}: failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  }
}
print('');
print(`bench finished in ${fmt((Date.now() - started) / 1000, 1)} s`);
process.exit(failed ? 1 : 0);
