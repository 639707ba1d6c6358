// `npm run build` after the renderer: the hall server, kiosk agent, counter bridge and district server as plain
// JavaScript in dist/, so a hall runs `node dist/server/main.js` (and a kiosk `node dist/kiosk-agent/main.js`) with no
// TypeScript tooling. Packages stay in node_modules (native addons cannot be bundled).
import { build } from 'esbuild';
import { rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..');
// `--out DIR` (tests: one build per test file, inside the project so node_modules resolves); dist/ by default.
const outArg = process.argv.indexOf('--out');
const out = outArg > 0 ? resolve(process.argv[outArg + 1]!) : join(root, 'dist');

// Stale files from an earlier build must not stand in for missing ones.
for (const dir of ['server', 'kiosk-agent', 'counter-bridge', 'district']) rmSync(join(out, dir), { recursive: true, force: true });

await build({
  absWorkingDir: root,
  entryPoints: {
    'server/main': 'server/main.ts',
    // The writer thread is started by path (server/writer.ts): it sits beside main.js under the same name stem.
    'server/writer-worker': 'server/writer-worker.ts',
    'kiosk-agent/main': 'electron/agent/main.ts',
    // `node dist/server/backup-main.js backup|restore …`: hall:backup and hall:restore without TypeScript tooling.
    'server/backup-main': 'server/backup-main.ts',
    'counter-bridge/main': 'electron/counter-bridge/main.ts',
    'district/main': 'district/main.ts',
  },
  outdir: out,
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  packages: 'external',
  sourcemap: true,
  logLevel: 'warning',
  // Bundled CommonJS helpers may call require(): give ESM output one.
  banner: { js: "import { createRequire as __hallRequire } from 'node:module'; const require = __hallRequire(import.meta.url);" },
});
// In dist the writer thread is plain JavaScript: its bootstrap imports it without tsx.
writeFileSync(join(out, 'server', 'writer-bootstrap.mjs'), "// Entry of the writer thread in the built hall server.\nawait import('./writer-worker.js');\n");
console.log(`built ${['server', 'kiosk-agent', 'counter-bridge', 'district'].map((d) => join(out, d, 'main.js')).join(', ')}`);
