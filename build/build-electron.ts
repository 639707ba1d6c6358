// Bundles the kiosk shell for Electron into dist/electron: main process and agent host as ESM, the sandboxed preload as one CommonJS file.
import { resolve } from 'node:path';
import { build } from 'vite';

const root = resolve(import.meta.dirname, '..');
const outDir = resolve(root, 'dist/electron');

/** Main and the agent's utility process run Node: packages stay in node_modules (native ones are rebuilt for Electron). */
await build({
  configFile: false,
  root,
  logLevel: 'warn',
  build: {
    ssr: true,
    outDir,
    emptyOutDir: true,
    target: 'node22',
    minify: false,
    rollupOptions: {
      input: {
        'kiosk.main': resolve(root, 'electron/main/kiosk.main.ts'),
        'agent-host.node': resolve(root, 'electron/main/agent-host.node.ts'),
      },
      output: { format: 'es', entryFileNames: '[name].js' },
    },
  },
});

/** A sandboxed preload may require only 'electron': everything else is bundled in. */
await build({
  configFile: false,
  root,
  logLevel: 'warn',
  build: {
    ssr: true,
    outDir,
    emptyOutDir: false,
    target: 'node22',
    minify: false,
    rollupOptions: {
      input: { 'kiosk.preload': resolve(root, 'electron/preload/kiosk.preload.ts') },
      external: ['electron'],
      output: { format: 'cjs', entryFileNames: '[name].cjs' },
    },
  },
  ssr: { noExternal: true },
});

console.log(`kiosk shell bundled in ${outDir}`);
