// `npm run hall:backup -- --to DIR [--keys-to DIR]` and `npm run hall:restore -- --from FILE --data-dir DIR [--force]`,
// with the server's HALL_DATA_DIR and HALL_KEY_FILE. A backup runs beside the running server (its own read connection);
// a restore wants the server stopped. The last line on stdout is the file written.
import { chmodSync, copyFileSync, existsSync, mkdirSync, readdirSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { backupDatabase, restoreDatabase } from '../db/backup.ts';
import { MIGRATIONS } from '../db/migrations.ts';
import { defaultKeyFile } from './hall-keys.ts';

const inside = (child: string, parent: string) => {
  const r = relative(resolve(parent), resolve(child));
  return r === '' || (!r.startsWith('..') && !r.startsWith('/'));
};

function fail(message: string): never {
  console.error(message);
  process.exit(2);
}

const keyFileFor = (dataDir: string) => (process.env.HALL_KEY_FILE ? resolve(process.env.HALL_KEY_FILE) : defaultKeyFile(dataDir));

/** The key folder's files (person-hash key, ID-sealing key, certificate signing keys), copied with mode 0600. */
function copyKeys(keyDir: string, to: string): string[] {
  mkdirSync(to, { recursive: true, mode: 0o700 });
  chmodSync(to, 0o700);
  const copied = readdirSync(keyDir, { withFileTypes: true })
    .filter((e) => e.isFile() && !e.name.endsWith('.tmp'))
    .map((e) => {
      copyFileSync(join(keyDir, e.name), join(to, e.name));
      chmodSync(join(to, e.name), 0o600);
      return join(to, e.name);
    });
  return copied;
}

async function backup(args: string[]): Promise<void> {
  const { values } = parseArgs({ args, options: { to: { type: 'string' }, 'keys-to': { type: 'string' } } });
  if (!values.to) fail('usage: npm run hall:backup -- --to DIR [--keys-to KEYDIR]   (HALL_DATA_DIR, HALL_KEY_FILE as for the server)');
  const dataDir = resolve(process.env.HALL_DATA_DIR ?? './data');
  const keyFile = keyFileFor(dataDir);
  const keyDir = dirname(keyFile);
  if (values['keys-to']) {
    const keysTo = resolve(values['keys-to']);
    if (inside(keysTo, values.to) || inside(values.to, keysTo)) {
      fail(`--keys-to ${keysTo} shares a folder with --to ${resolve(values.to)}: keep the keys apart from the database copies (deploy/README.md says why)`);
    }
    if (!existsSync(keyFile)) fail(`no person-hash key at ${keyFile}: set HALL_KEY_FILE as the server has it`);
    for (const file of copyKeys(keyDir, keysTo)) console.error(`key copied: ${file}`);
  } else {
    console.error(
      `the hall's keys (${keyDir}) are not in this backup, on purpose: copy that folder once to a place apart from the backups, or run with --keys-to DIR`,
    );
  }
  let file: string;
  try {
    file = await backupDatabase(join(dataDir, 'hall.sqlite'), resolve(values.to));
  } catch (error) {
    fail(`backup failed: ${error instanceof Error ? error.message : String(error)}: check HALL_DATA_DIR and that --to is writable with room`);
  }
  console.log(file);
}

function restore(args: string[]): void {
  const { values } = parseArgs({ args, options: { from: { type: 'string' }, 'data-dir': { type: 'string' }, force: { type: 'boolean', default: false } } });
  if (!values.from || !values['data-dir']) fail('usage: npm run hall:restore -- --from FILE --data-dir DIR [--force]   (stop the hall server first)');
  const dataDir = resolve(values['data-dir']);
  let result: ReturnType<typeof restoreDatabase>;
  try {
    result = restoreDatabase(resolve(values.from), dataDir, { force: values.force });
  } catch (error) {
    fail(`restore refused: ${error instanceof Error ? error.message : String(error)}`);
  }
  console.error(
    `integrity_check: ${result.integrity}; schema version ${result.schemaVersion} (this program: ${MIGRATIONS.length}, brought up to date at start)`,
  );
  if (result.setAside) console.error(`the database that was there is kept in ${result.setAside}`);
  const keyFile = keyFileFor(dataDir);
  if (!existsSync(keyFile)) {
    console.error(
      `no person-hash key at ${keyFile}: put the hall's key folder back there (or set HALL_KEY_FILE) before starting, ` +
        'else returning visitors are not recognised and ID numbers sealed offline cannot be opened',
    );
  }
  console.log(result.dbFile);
}

const [command, ...rest] = process.argv.slice(2);
if (command === 'backup') await backup(rest);
else if (command === 'restore') restore(rest);
else fail('usage: backup-main.ts backup|restore …');
