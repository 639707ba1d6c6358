// Bundles Electron process entries with vite: one function for the kiosk and counter shells.
import { resolve } from 'node:path';
import { build } from 'vite';

export const ROOT = resolve(import.meta.dirname, '..');

/**
 * Node entries (main process, utility processes) as ESM with packages left in node_modules (native ones are rebuilt
 * for Electron); `preload: true` makes one self-contained CommonJS file, since a sandboxed preload may require only 'electron'.
 */
export async function bundleForElectron(options: { outDir: string; inputs: Record<string, string>; emptyOutDir: boolean; preload?: boolean }): Promise<void> {
  await build({
    configFile: false,
    root: ROOT,
    logLevel: 'warn',
    build: {
      ssr: true,
      outDir: options.outDir,
      emptyOutDir: options.emptyOutDir,
      target: 'node22',
      minify: false,
      rollupOptions: {
        input: Object.fromEntries(Object.entries(options.inputs).map(([name, file]) => [name, resolve(ROOT, file)])),
        ...(options.preload ? { external: ['electron'] } : {}),
        output: options.preload ? { format: 'cjs', entryFileNames: '[name].cjs' } : { format: 'es', entryFileNames: '[name].js' },
      },
    },
    ...(options.preload ? { ssr: { noExternal: true } } : {}),
  });
}
