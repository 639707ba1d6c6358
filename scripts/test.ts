// The full suite: typecheck, lint, formatting, then every vitest test; ends with the plain "N passed, N failed" line CI reads.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { missingPrerequisites } from './prerequisites.ts';

const missing = missingPrerequisites();
if (missing) {
  console.error(missing);
  process.exit(1);
}

const extraArgs = process.argv.slice(2);
const typecheck = spawnSync('npx', ['tsc', '--noEmit', '-p', 'tsconfig.json'], { stdio: 'inherit' });
if (typecheck.status !== 0) {
  console.error('typecheck failed: fix the errors above, then run npm test again');
}

// The architecture's import boundaries and the recommended rules (eslint.config.js).
const lint = spawnSync('npx', ['eslint', '.'], { stdio: 'inherit' });
if (lint.status !== 0) console.error('lint failed: fix the problems above (npm run lint), then run npm test again');

// One format for the whole tree (.prettierrc.json): a change that is not formatted fails here, `npm run format` fixes it.
const format = spawnSync('npx', ['prettier', '--check', '--log-level', 'warn', '.'], { stdio: 'inherit' });
if (format.status !== 0) console.error('formatting differs in the files above: run npm run format, then npm test again');

// The end-to-end tests drive the built renderer apps, as the hall server serves them.
const build = spawnSync('npx', ['vite', 'build', '--logLevel', 'warn'], { stdio: 'inherit' });
if (build.status !== 0) console.error('renderer build failed: fix the errors above, then run npm test again');

const dir = mkdtempSync(join(tmpdir(), 'hall-test-'));
const report = join(dir, 'report.json');
const run = spawnSync('npx', ['vitest', 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${report}`, ...extraArgs], { stdio: 'inherit' });

let passed = 0;
let failed = 0;
let skipped = 0;
try {
  const result = JSON.parse(readFileSync(report, 'utf8')) as {
    numPassedTests: number;
    numFailedTests: number;
    numPendingTests: number;
    numTodoTests: number;
  };
  passed = result.numPassedTests;
  failed = result.numFailedTests;
  skipped = result.numPendingTests + result.numTodoTests;
} catch {
  failed += 1;
  console.error('vitest wrote no report: see its output above');
}
rmSync(dir, { recursive: true, force: true });
if (typecheck.status !== 0) failed += 1;
if (build.status !== 0) failed += 1;
if (lint.status !== 0) failed += 1;
if (format.status !== 0) failed += 1;
console.log(`${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exit(
  run.status === 0 && typecheck.status === 0 && lint.status === 0 && format.status === 0 && build.status === 0 && failed === 0 && passed > 0 ? 0 : 1,
);
