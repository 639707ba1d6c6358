// A pair of linked pseudo-terminals made by socat: the driver opens one end, an emulator the other.
import { spawn } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';
import { sleep } from './errors.ts';

export interface PtyPair {
  /** Link path for the driver's end. */
  readonly a: string;
  /** Link path for the emulator's end. */
  readonly b: string;
  /** Kills socat and waits for it: the links vanish, like a device being unplugged. */
  close(): Promise<void>;
}

export async function createPtyPair(a: string, b: string, timeoutMs = 5000): Promise<PtyPair> {
  // Stale links from an earlier pair would make the wait below succeed too early.
  rmSync(a, { force: true });
  rmSync(b, { force: true });
  const socat = spawn('socat', ['-d', '-d', `pty,raw,echo=0,link=${a}`, `pty,raw,echo=0,link=${b}`], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  socat.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<void>((resolve) => socat.once('exit', () => resolve()));
  let spawnError: Error | undefined;
  socat.once('error', (err) => (spawnError = err));

  const close = async (): Promise<void> => {
    if (socat.exitCode === null && socat.signalCode === null) socat.kill('SIGTERM');
    await exited;
    rmSync(a, { force: true });
    rmSync(b, { force: true });
  };

  const deadline = Date.now() + timeoutMs;
  while (!(existsSync(a) && existsSync(b) && stderr.includes('starting data transfer loop'))) {
    if (spawnError) throw new Error(`cannot start socat (install it: apt-get install socat): ${spawnError.message}`);
    if (socat.exitCode !== null) throw new Error(`socat exited before the ptys were ready: ${stderr.trim()}`);
    if (Date.now() > deadline) {
      await close();
      throw new Error(`socat made no pty pair within ${timeoutMs} ms: ${stderr.trim()}`);
    }
    await sleep(10);
  }
  return { a, b, close };
}
