// GET /updates/<shell>/<file> on a real hall: the files an administrator published in HALL_UPDATES_DIR, as
// electron-updater's generic provider asks for them, and nothing outside that folder.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { startHallServer, type HallServer } from '../../server/hall-server.ts';
import { removeDirs, tempDir } from '../helpers/built-hall.ts';

const dirs: string[] = [];
const halls: HallServer[] = [];
afterEach(async () => {
  for (const h of halls.splice(0)) await h.close();
  removeDirs(dirs);
});

it('serves published update files and nothing else', async () => {
  const root = tempDir('hall-updates-', dirs);
  const updates = join(root, 'updates');
  mkdirSync(join(updates, 'kiosk'), { recursive: true });
  const latest = 'version: 1.2.0\nfiles:\n  - url: Hall-Kiosk-1.2.0.AppImage\n    sha512: abc\n    size: 5\npath: Hall-Kiosk-1.2.0.AppImage\n';
  writeFileSync(join(updates, 'kiosk', 'latest-linux.yml'), latest);
  writeFileSync(join(updates, 'kiosk', 'Hall-Kiosk-1.2.0.AppImage'), 'ELF..');
  writeFileSync(join(updates, 'secret.txt'), 'not for the feed');
  const hall = await startHallServer({ dataDir: join(root, 'data'), port: 0, log: () => undefined, updatesDir: updates });
  halls.push(hall);

  const yml = await fetch(`${hall.url}/updates/kiosk/latest-linux.yml`);
  expect([yml.status, yml.headers.get('content-type'), await yml.text()]).toEqual([200, 'text/yaml; charset=utf-8', latest]);
  const image = await fetch(`${hall.url}/updates/kiosk/Hall-Kiosk-1.2.0.AppImage`);
  expect([image.status, image.headers.get('content-length'), await image.text()]).toEqual([200, '5', 'ELF..']);
  for (const path of ['/updates/secret.txt', '/updates/kiosk/..%2Fsecret.txt', '/updates/other/secret.txt', '/updates/kiosk/missing.yml']) {
    expect((await fetch(`${hall.url}${path}`)).status, path).toBe(404);
  }
  expect((await fetch(`${hall.url}/updates/kiosk/latest-linux.yml`, { method: 'POST' })).status).toBe(404);
  const doc = (await (await fetch(`${hall.url}/api/v1/openapi.json`)).json()) as { paths: Record<string, unknown> };
  expect(Object.keys(doc.paths)).toContain('/updates/{shell}/{file}');

  const bare = await startHallServer({ dataDir: join(root, 'data2'), port: 0, log: () => undefined });
  halls.push(bare);
  const none = await fetch(`${bare.url}/updates/kiosk/latest.yml`);
  expect([none.status, ((await none.json()) as { error: { message: string } }).error.message]).toEqual([404, 'no update feed: set HALL_UPDATES_DIR']);
});
