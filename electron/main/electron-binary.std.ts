// Where the Electron binary is, found the way the electron package does (path.txt) but without requiring it, which could start a download.
import { join } from 'node:path';

export function electronBinary(root: string, fs: { exists(path: string): boolean; read(path: string): string }): string | null {
  const dir = join(root, 'node_modules', 'electron');
  const pathFile = join(dir, 'path.txt');
  if (!fs.exists(pathFile)) return null;
  const binary = join(dir, 'dist', fs.read(pathFile).trim());
  return fs.exists(binary) ? binary : null;
}
