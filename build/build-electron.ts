// Bundles the kiosk shell for Electron into dist/electron: main process and agent host as ESM, the sandboxed preload as one CommonJS file.
import { resolve } from 'node:path';
import { ROOT, bundleForElectron } from './electron-bundle.ts';

const outDir = resolve(ROOT, 'dist/electron');
await bundleForElectron({
  outDir,
  emptyOutDir: true,
  inputs: { 'kiosk.main': 'electron/main/kiosk.main.ts', 'agent-host.node': 'electron/main/agent-host.node.ts' },
});
await bundleForElectron({ outDir, emptyOutDir: false, preload: true, inputs: { 'kiosk.preload': 'electron/preload/kiosk.preload.ts' } });

console.log(`kiosk shell bundled in ${outDir}`);
