// The demo's certificate records: every sample card of the device simulator has something to print, and each
// record fits its standard type (the hall takes it and can preview it).
import { execFileSync } from 'node:child_process';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { HallClient } from '../../client/hall-client.ts';
import { certificateOffers, certificatePreview, issueCertificate } from '../../client/certificates-client.ts';
import { seedCertificateRecords } from '../../scripts/demo-certificates.ts';
import { DEMO_CARDS } from '../../scripts/demo-devices.ts';
import { startTestHall, type TestHall } from '../helpers/hall.ts';

let hall: TestHall;
beforeAll(async () => {
  hall = await startTestHall({ now: Date.parse('2026-12-07T09:00:00+08:00') });
});
afterAll(() => hall.close());

it('seeds records for the sample cards that the kiosk offers and previews', async () => {
  expect(await seedCertificateRecords(hall.admin, DEMO_CARDS, '2026-12-07')).toBe(8);
  const kiosk = new HallClient(hall.url, { token: (await hall.admin.createDevice({ name: '自助终端', kind: 'kiosk' })).token });
  const offered: Record<string, string[]> = {};
  for (const [key, { identity }] of Object.entries(DEMO_CARDS)) {
    if (identity.kind !== 'resident') continue;
    const offers = await certificateOffers(kiosk, identity.idNumber);
    offered[key] = offers.offers.map((o) => o.type);
    for (const o of offers.offers) {
      const preview = await certificatePreview(kiosk, { type: o.type, idCardNumber: identity.idNumber, name: identity.name });
      expect(preview.paragraphs.join('')).toContain(identity.name);
      if (o.periods) expect(preview.table?.rows.length).toBe(12);
    }
  }
  expect(offered).toEqual({
    zhang: ['social-insurance', 'housing-fund', 'personal-tax'],
    wang: ['social-insurance', 'real-estate'],
    rare: ['housing-fund', 'real-estate', 'personal-tax'],
  });
});

it('prints the rare-character card: its Private Use Area character shows as □, as the reader shows it', async () => {
  const kiosk = new HallClient(hall.url, { token: (await hall.admin.createDevice({ name: '自助终端2', kind: 'kiosk' })).token });
  const card = DEMO_CARDS.rare!.identity as { idNumber: string; name: string };
  expect(card.name).toBe('李\uE80C明');
  const printed = await issueCertificate(kiosk, { type: 'real-estate', idCardNumber: card.idNumber, name: card.name }, 'rare-1');
  const text = execFileSync('pdftotext', ['-', '-'], { input: Buffer.from(printed.pdf), encoding: 'utf8' });
  expect(text).toContain('权利人李□明');
  expect(text).toContain('建邺区江东中路266号7幢1801室');
});
