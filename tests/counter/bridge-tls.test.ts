// The counter bridge against a hall serving HTTPS/WSS with a CA made here: refused (saying to set HALL_CA) with the
// system's trust or another CA, signed in and following the event stream over WSS with HALL_CA.
import { afterEach, expect, it } from 'vitest';
import { startCounterBridge, type CounterBridge } from '../../electron/counter-bridge/bridge.ts';
import { startHallServer, type HallServer } from '../../server/hall-server.ts';
import { ADMIN_PASSWORD, call, removeDirs, seedHall, tempDir } from '../helpers/built-hall.ts';
import { makeCa } from '../helpers/test-certs.ts';

const dirs: string[] = [];
let hall: HallServer | null = null;
let bridge: CounterBridge | null = null;
afterEach(async () => {
  await bridge?.stop();
  await hall?.close();
  bridge = hall = null;
  removeDirs(dirs);
});

it('refuses a hall certificate from an unknown CA and works with HALL_CA', async () => {
  const dir = tempDir('bridge-tls-', dirs);
  const ca = makeCa(dir);
  hall = await startHallServer({ dataDir: `${dir}/data`, port: 0, log: () => undefined, adminPassword: ADMIN_PASSWORD, tls: ca.issue('hall') });
  expect(hall.url).toMatch(/^https:/);
  const { adminToken, serviceId } = await seedHall(hall.url, ca.ca);
  const counter = await call<{ id: string }>(hall.url, 'POST', '/api/v1/counters', {
    ca: ca.ca,
    token: adminToken,
    body: { number: 3, serviceIds: [serviceId] },
  });
  const lines: string[] = [];
  const options = {
    hallUrl: hall.url,
    username: 'admin',
    password: ADMIN_PASSWORD,
    counterId: counter.body.id,
    busPath: `${dir}/no-bus`,
    keypadAddress: 1,
    log: (line: string) => lines.push(line),
  };

  await expect(startCounterBridge(options)).rejects.toThrow(/TLS certificate is not trusted .*set HALL_CA to the hall's CA file/);
  const other = makeCa(dir, 'other-ca');
  await expect(startCounterBridge({ ...options, hallCaFile: other.caFile })).rejects.toThrow(/not trusted .*check that HALL_CA=.*other-ca\.crt is the CA/);

  bridge = await startCounterBridge({ ...options, hallCaFile: ca.caFile });
  const deadline = Date.now() + 10_000;
  while (!lines.includes('hall: live') && Date.now() < deadline) await new Promise((r) => setTimeout(r, 25));
  expect(lines).toContain('hall: live');
});
