// `npm run counter`: bundles and starts the counter shell; where the Electron binary is missing, says so and points to the browser console.
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { bundleForElectron } from '../../build/electron-bundle.ts';
import { electronBinary } from './electron-binary.std.ts';

const root = resolve(import.meta.dirname, '..', '..');
const binary = electronBinary(root, { exists: existsSync, read: (p) => readFileSync(p, 'utf8') });

if (!binary) {
  console.error(`The Electron binary is not installed (node_modules/electron has no dist/ with path.txt), so the counter shell cannot start here.

Run the counter in a browser instead:
  1. the hall server:     npm start            (or npm run hall)
  2. the counter bridge:  HALL_URL=http://127.0.0.1:8080 HALL_USERNAME=<staff> HALL_PASSWORD=… COUNTER_ID=<counter id> BUS_PORT=/dev/ttyUSB1 KEYPAD_ADDRESS=1 npm run counter:bridge
  3. a browser:           http://127.0.0.1:8080/counter/?counter=<counter id>

To get the shell: install the Electron binary where downloads are allowed (node node_modules/electron/install.js).`);
  process.exit(1);
}

// Its own output folder, so the kiosk's bundle (dist/electron) is never emptied by this build; the console itself comes from the hall server.
const outDir = join(root, 'dist', 'counter-shell');
await bundleForElectron({
  outDir,
  emptyOutDir: true,
  inputs: { 'counter.main': 'electron/main/counter.main.ts', 'counter-bridge.node': 'electron/counter-bridge/main.ts' },
});

const shell = spawn(binary, [join(outDir, 'counter.main.js')], { cwd: root, stdio: 'inherit' });
shell.on('exit', (code) => process.exit(code ?? 0));
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => shell.kill(signal));
