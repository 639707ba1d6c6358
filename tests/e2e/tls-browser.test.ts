// The browser over TLS: a hall on HTTPS with a certificate its own CA issued here. Chromium refuses it as any browser
// would until the certificate is trusted (here pinned by its public key, as a hall's PCs trust the hall CA), then the
// manager signs in over HTTPS and follows the hall live over WSS: a ticket issued elsewhere shows on the monitor.
import { createHash, X509Certificate } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { HallClient } from '../../client/hall-client.ts';
import { hallFetch } from '../../electron/agent/hall-tls.ts';
import { startHallServer, type HallServer } from '../../server/hall-server.ts';
import { makeCa } from '../helpers/test-certs.ts';
import { ADMIN_PASSWORD, launchChromium, rendererBuild } from './counter-harness.ts';

const dir = mkdtempSync(join(tmpdir(), 'hall-tls-browser-'));
let hall: HallServer;
let spki = '';
const browsers: Browser[] = [];

beforeAll(async () => {
  const ca = makeCa(dir);
  const cert = ca.issue('hall');
  // Chromium's pin: base64 SHA-256 of the certificate's SubjectPublicKeyInfo.
  const der = new X509Certificate(readFileSync(cert.certFile)).publicKey.export({ type: 'spki', format: 'der' });
  spki = createHash('sha256').update(der).digest('base64');
  hall = await startHallServer({
    dataDir: join(dir, 'data'),
    keyFile: join(dir, 'keys', 'person-hash.key'),
    port: 0,
    host: '127.0.0.1',
    adminPassword: ADMIN_PASSWORD,
    staticDir: rendererBuild(),
    tls: cert,
    log: () => undefined,
  });
}, 240_000);

afterAll(async () => {
  for (const b of browsers) await b.close();
  await hall?.close();
  rmSync(dir, { recursive: true, force: true });
});

it('is refused by a browser that does not trust the hall CA', async () => {
  expect(hall.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
  const browser = await launchChromium();
  browsers.push(browser);
  const page = await browser.newPage();
  await expect(page.goto(`${hall.url}/manager/`)).rejects.toThrow(/ERR_CERT_AUTHORITY_INVALID/);
}, 60_000);

it('signs in over HTTPS and follows the hall over WSS once the certificate is trusted', async () => {
  const browser = await chromium.launch({
    executablePath: process.env.HALL_CHROMIUM ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', `--ignore-certificate-errors-spki-list=${spki}`],
  });
  browsers.push(browser);
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  page.setDefaultTimeout(10_000);
  await page.goto(`${hall.url}/manager/`);
  expect(page.url()).toMatch(/^https:/);
  await page.fill('input[name=username]', 'admin');
  await page.fill('input[name=password]', ADMIN_PASSWORD);
  await page.click('button[type=submit]');
  await page.waitForSelector('[data-link=live]');

  // Issued by a client that trusts the CA file, as a kiosk agent does; the monitor hears it over WSS.
  const fetchWithCa = hallFetch(join(dir, 'hall-ca.crt'), () => undefined);
  const token = (await new HallClient(hall.url, { fetch: fetchWithCa }).login('admin', ADMIN_PASSWORD)).token;
  const admin = new HallClient(hall.url, { token, fetch: fetchWithCa });
  const service = await admin.createService({ code: 'tls', name: '综合受理', prefix: 'T' });
  await page.waitForSelector(`tr[data-service-id="${service.id}"][data-waiting="0"]`);
  await admin.issueTicket({ serviceId: service.id });
  await page.waitForSelector(`tr[data-service-id="${service.id}"][data-waiting="1"]`);
}, 120_000);
