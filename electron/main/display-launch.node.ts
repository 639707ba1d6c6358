// `npm run display`: bundles and starts the display shell (`--bundle-only` for the installers); where the Electron binary is missing, says so and points to browser mode.
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { bundleForElectron } from '../../build/electron-bundle.ts';
import { electronBinary } from './electron-binary.std.ts';

const root = resolve(import.meta.dirname, '..', '..');
// Its own output folder, so the kiosk's and the counter's bundles are never emptied by this build; the board itself comes from the hall server.
const outDir = join(root, 'dist', 'display-shell');
const bundle = () => bundleForElectron({ outDir, emptyOutDir: true, inputs: { 'display.main': 'electron/main/display.main.ts' } });

if (process.argv.includes('--bundle-only')) {
  await bundle();
  console.log(`display shell bundled in ${outDir}`);
  process.exit(0);
}

const binary = electronBinary(root, { exists: existsSync, read: (p) => readFileSync(p, 'utf8') });
if (!binary) {
  console.error(`The Electron binary is not installed (node_modules/electron has no dist/ with path.txt), so the display shell cannot start here.

Run the board in Chromium instead (docs/display-setup.md):
  chromium --kiosk --autoplay-policy=no-user-gesture-required --noerrdialogs --disable-session-crashed-bubble \\
    "http://127.0.0.1:8080/display/?token=<display device token>"

To get the shell: install the Electron binary where downloads are allowed (node node_modules/electron/install.js), or build the installers with npm run dist:display.`);
  process.exit(1);
}

await bundle();
const shell = spawn(binary, [join(outDir, 'display.main.js')], { cwd: root, stdio: 'inherit' });
shell.on('exit', (code) => process.exit(code ?? 0));
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => shell.kill(signal));
