// Builds the renderer apps when dist/renderer is missing or older than the code it is built from.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { build } from 'vite';

const ROOT = resolve(import.meta.dirname, '..');
const SOURCES = ['renderer', 'client', 'core'].map((d) => join(ROOT, d));
const OUT = join(ROOT, 'dist', 'renderer');

function newest(dir: string): number {
  let t = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    t = Math.max(t, entry.isDirectory() ? newest(path) : statSync(path).mtimeMs);
  }
  return t;
}

export async function ensureRendererBuilt(log: (line: string) => void = console.log): Promise<void> {
  const stamp = join(OUT, 'kiosk', 'index.html');
  if (existsSync(stamp) && statSync(stamp).mtimeMs >= Math.max(...SOURCES.map(newest))) return;
  log('building the kiosk, counter, display, rating and mobile pages (vite)…');
  await build({ configFile: join(ROOT, 'vite.config.ts'), logLevel: 'warn' });
}
