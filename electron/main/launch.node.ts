// `npm run kiosk`: bundles and starts the kiosk shell; where the Electron binary is missing, says so and points to browser mode.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { electronBinary } from './electron-binary.std.ts';

const root = resolve(import.meta.dirname, '..', '..');
const binary = electronBinary(root, { exists: existsSync, read: (p) => readFileSync(p, 'utf8') });

if (!binary) {
  console.error(`The Electron binary is not installed (node_modules/electron has no dist/ with path.txt), so the kiosk shell cannot start here.

Run the kiosk in browser mode instead:
  1. the hall server:   npm start            (or npm run hall)
  2. the kiosk agent:   KIOSK_SERVER_URL=http://127.0.0.1:8080 KIOSK_TOKEN=<kiosk device token> npm run kiosk:agent
  3. a browser:         chromium --kiosk "http://127.0.0.1:8080/kiosk/?agent=http://127.0.0.1:8090"

To get the shell: install the Electron binary where downloads are allowed (node node_modules/electron/install.js), or build the installers with npm run dist:kiosk.`);
  process.exit(1);
}

const step = (args: string[]) => {
  const run = spawnSync('npx', args, { cwd: root, stdio: 'inherit' });
  if (run.status !== 0) process.exit(run.status ?? 1);
};
step(['vite', 'build', '--logLevel', 'warn']);
step(['tsx', 'build/build-electron.ts']);

const shell = spawn(binary, [join(root, 'dist', 'electron', 'kiosk.main.js')], { cwd: root, stdio: 'inherit' });
shell.on('exit', (code) => process.exit(code ?? 0));
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => shell.kill(signal));
