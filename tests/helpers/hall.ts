// Test halls: a real hall server on loopback over a real SQLite file in a temp folder.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HallClient } from '../../client/hall-client.ts';
import type { HallSettings } from '../../core/model.ts';
import { startHallServer, type HallServer, type HallServerOptions } from '../../server/hall-server.ts';

export const ADMIN_PASSWORD = 'test-admin-password';

export interface TestHall {
  server: HallServer;
  dir: string;
  url: string;
  /** Signed in as admin (manager). */
  admin: HallClient;
  anon: HallClient;
  clock: { now: number; advance(ms: number): void; set(ms: number): void };
  close(): Promise<void>;
}

/** A raw JSON request, past the typed client, for bodies and tokens it would never send (bad fields, another role, none). */
export function sendJson(hall: TestHall, method: string, path: string, body: unknown, token: string | null | undefined = hall.admin.token): Promise<Response> {
  return fetch(`${hall.url}${path}`, {
    method,
    headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
}

export async function startTestHall(
  opts: { now?: number; settings?: Partial<HallSettings>; dir?: string; district?: HallServerOptions['district']; log?: (line: string) => void } = {},
): Promise<TestHall> {
  const dir = opts.dir ?? mkdtempSync(join(tmpdir(), 'hall-test-'));
  const clock = {
    now: opts.now ?? Date.now(),
    advance(ms: number) {
      this.now += ms;
    },
    set(ms: number) {
      this.now = ms;
    },
  };
  const fixed = opts.now !== undefined;
  const server = await startHallServer({
    dataDir: dir,
    port: 0,
    adminPassword: ADMIN_PASSWORD,
    initialSettings: opts.settings,
    now: fixed ? () => clock.now : Date.now,
    log: opts.log ?? (() => undefined),
    district: opts.district,
  });
  const anon = new HallClient(server.url);
  const { token } = await anon.login('admin', ADMIN_PASSWORD);
  return {
    server,
    dir,
    url: server.url,
    admin: anon.withToken(token),
    anon,
    clock,
    async close() {
      await server.close();
      if (!opts.dir) {
        rmSync(dir, { recursive: true, force: true });
        // The hall's keys sit beside the data directory (server/hall-keys.ts defaultKeyFile).
        rmSync(`${dir}-keys`, { recursive: true, force: true });
      }
    },
  };
}

/** Valid ID numbers for tests: the check digit is computed, the birth date chosen. */
export { makeIdNumber } from './id-numbers.ts';
