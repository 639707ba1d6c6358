// The README and the docs link only files inside the repository, and every one of them exists (a fresh clone has no ../shared).
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '../..');
const docs = ['README.md', ...readdirSync(join(root, 'docs')).filter((f) => f.endsWith('.md')).map((f) => `docs/${f}`)];

describe('documentation links', () => {
  it('the project keeps its own copy of the API contract, with the v1.1 additions', () => {
    const contract = readFileSync(join(root, 'docs/hall-api.md'), 'utf8');
    expect(contract).toContain('# Hall server API contract (v1)');
    expect(contract).toContain('# Additions (v1.1)');
  });

  for (const doc of docs) {
    it(`${doc}: every relative link resolves to a file in the repository`, () => {
      const text = readFileSync(join(root, doc), 'utf8');
      const links = [...text.matchAll(/\]\(([^)#\s]+)(?:#[^)]*)?\)/g)].map((m) => m[1]!).filter((l) => !/^[a-z]+:/.test(l));
      const outside = links.filter((l) => relative(root, resolve(dirname(join(root, doc)), l)).startsWith('..'));
      const missing = links.filter((l) => !existsSync(resolve(dirname(join(root, doc)), l)));
      expect({ outside, missing }).toEqual({ outside: [], missing: [] });
      expect(text).not.toMatch(/\.\.\/shared\//);
    });
  }
});
