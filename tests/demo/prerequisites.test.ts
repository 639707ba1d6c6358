// `npm test` on a machine without a Debian package it needs stops at once and names the exact apt-get line.
import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { expect, it } from 'vitest';
import { missingPrerequisites } from '../../scripts/prerequisites.ts';

const root = resolve(import.meta.dirname, '../..');

it('says nothing when everything is there, else each missing package and one install line for all of them', () => {
  const probe = (pkg: string, present: boolean) => ({ pkg, why: `for ${pkg}`, present: () => present });
  expect(missingPrerequisites([probe('socat', true), probe('chromium', true)])).toBeNull();
  expect(missingPrerequisites([probe('socat', false), probe('chromium', true), probe('fonts-hanazono', false)])).toBe(
    [
      'missing: socat (for socat)',
      'missing: fonts-hanazono (for fonts-hanazono)',
      'install them, then run npm test again:',
      '  apt-get install -y socat fonts-hanazono',
    ].join('\n'),
  );
});

it('npm test stops before typechecking when Chromium is missing, with the apt-get line', () => {
  const run = spawnSync('node', ['--import', 'tsx', 'scripts/test.ts'], {
    cwd: root,
    env: { ...process.env, HALL_CHROMIUM: '/nonexistent/chromium' },
    encoding: 'utf8',
    timeout: 60_000,
  });
  expect(run.status).toBe(1);
  expect(run.stderr).toContain('apt-get install -y chromium');
  expect(run.stdout).not.toContain('passed');
});
