// The city data-sharing platform adapter (docs/certificate-source.md) against a real HTTP server on loopback: the request
// it sends, the records it maps, and each way the platform can fail; then a hall configured with it by environment.
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HallClient } from '../../client/hall-client.ts';
import { certificateOffers, certificatePreview, issueCertificate } from '../../client/certificates-client.ts';
import { STANDARD_CERTIFICATE_TYPES } from '../../core/certificate-standard-types.ts';
import { HallError } from '../../core/errors.ts';
import { PlatformRecords } from '../../server/certificate-sources.ts';
import { apiError } from '../helpers/api-error.ts';
import { makeIdNumber, startTestHall } from '../helpers/hall.ts';

const TOKEN = 'platform-secret';
const KNOWN = makeIdNumber('1988-08-08', 321);
const BROKEN = makeIdNumber('1970-01-02', 111);
const SLOW = makeIdNumber('1975-06-06', 222);
const GARBLED = makeIdNumber('1981-01-01', 333);
let platform: Server;
let url: string;
const seen: { auth: string | undefined; body: { idCardNumber: string; types: string[] } }[] = [];

const readJson = (req: IncomingMessage) =>
  new Promise<{ idCardNumber: string; types: string[] }>((resolve) => {
    let text = '';
    req.on('data', (c: Buffer) => (text += c.toString()));
    req.on('end', () => resolve(JSON.parse(text) as { idCardNumber: string; types: string[] }));
  });

beforeAll(async () => {
  platform = createServer((req, res) => {
    void readJson(req).then((body) => {
      seen.push({ auth: req.headers.authorization, body });
      if (req.headers.authorization !== `Bearer ${TOKEN}`) return res.writeHead(401).end();
      if (body.idCardNumber === BROKEN) return res.writeHead(500).end('down');
      if (body.idCardNumber === GARBLED) return res.writeHead(200, { 'content-type': 'application/json' }).end('{"rows": 1}');
      if (body.idCardNumber === SLOW) return void setTimeout(() => res.writeHead(200).end('{"records":[]}'), 1_000);
      if (body.idCardNumber !== KNOWN) return res.writeHead(404).end();
      res.writeHead(200, { 'content-type': 'application/json' }).end(
        JSON.stringify({
          records: [
            {
              type: 'personal-tax',
              name: '赵六',
              data: { taxAuthority: '国家税务总局南京市玄武区税务局' },
              rows: [
                { month: '2026-11', item: '工资薪金所得', income: 12000, tax: 245, withholder: '南京玄武科技有限公司' },
                { month: '2026-10', item: '工资薪金所得', income: 12000, tax: 245, withholder: '南京玄武科技有限公司' },
              ],
            },
            { type: 'not-asked-for', data: {} },
          ],
        }),
      );
    });
  });
  await new Promise<void>((resolve) => platform.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(platform.address() as AddressInfo).port}/records/query`;
});

afterAll(() => new Promise<void>((resolve) => platform.close(() => resolve())));

describe('PlatformRecords', () => {
  const source = () => new PlatformRecords({ url, token: TOKEN, timeoutMs: 300 });
  const person = (id: string) => ({ idNumber: id, personHash: `hash-of-${id.slice(-4)}` });

  it('posts the ID number and the wanted types with the bearer token, and maps the records it knows', async () => {
    const records = await source().records(person(KNOWN), STANDARD_CERTIFICATE_TYPES);
    expect(seen.at(-1)).toEqual({ auth: `Bearer ${TOKEN}`, body: { idCardNumber: KNOWN, types: STANDARD_CERTIFICATE_TYPES.map((t) => t.code) } });
    expect(records).toHaveLength(1);
    expect(records[0]).toMatchObject({ type: 'personal-tax', personHash: 'hash-of-' + KNOWN.slice(-4), maskedName: '赵*', source: 'platform' });
    expect(records[0]!.maskedId).toBe(`${KNOWN.slice(0, 4)}**********${KNOWN.slice(-4)}`);
    expect(records[0]!.rows).toHaveLength(2);
  });

  it('a person the platform does not know has no records', async () => {
    expect(await source().records(person(makeIdNumber('2000-02-02', 1)), STANDARD_CERTIFICATE_TYPES)).toEqual([]);
  });

  it('an error status, a body not of the documented form, a timeout or no platform at all: 503 CERTIFICATE_SOURCE_UNAVAILABLE', async () => {
    for (const [id, detail] of [
      [BROKEN, 'HTTP 500'],
      [GARBLED, 'documented form'],
      [SLOW, 'timed out'],
    ] as const) {
      const error = await source()
        .records(person(id), STANDARD_CERTIFICATE_TYPES)
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(HallError);
      expect(error).toMatchObject({ status: 503, code: 'CERTIFICATE_SOURCE_UNAVAILABLE' });
      expect((error as HallError).message).toContain(detail);
    }
    const wrongToken = await new PlatformRecords({ url, token: 'wrong' }).records(person(KNOWN), STANDARD_CERTIFICATE_TYPES).catch((e: unknown) => e);
    expect(wrongToken).toMatchObject({ status: 503, code: 'CERTIFICATE_SOURCE_UNAVAILABLE' });
    const closed = await new PlatformRecords({ url: 'http://127.0.0.1:9/none', token: TOKEN })
      .records(person(KNOWN), STANDARD_CERTIFICATE_TYPES)
      .catch((e: unknown) => e);
    expect(closed).toMatchObject({ status: 503, message: expect.stringContaining('unreachable') });
  });
});

describe('a hall configured with the platform', () => {
  it("offers, previews and prints from the platform's records; a platform failure is 503 at the kiosk", async () => {
    process.env.HALL_CERTIFICATE_PLATFORM_URL = url;
    process.env.HALL_CERTIFICATE_PLATFORM_TOKEN = TOKEN;
    const hall = await startTestHall({ now: Date.parse('2026-12-07T10:00:00+08:00') }).finally(() => {
      delete process.env.HALL_CERTIFICATE_PLATFORM_URL;
      delete process.env.HALL_CERTIFICATE_PLATFORM_TOKEN;
    });
    try {
      const kiosk = new HallClient(hall.url, { token: (await hall.admin.createDevice({ name: '自助终端', kind: 'kiosk' })).token });
      const offers = await certificateOffers(kiosk, KNOWN);
      expect(offers.offers.map((o) => o.type)).toEqual(['personal-tax']);
      expect(offers.holder.name).toBe('赵*');
      const preview = await certificatePreview(kiosk, { type: 'personal-tax', idCardNumber: KNOWN, name: '赵六', period: 'last12' });
      expect(preview.paragraphs[0]).toContain('国家税务总局南京市玄武区税务局');
      expect(preview.table?.rows.map((r) => r[0])).toEqual(['2026-10', '2026-11']);
      const printed = await issueCertificate(kiosk, { type: 'personal-tax', idCardNumber: KNOWN, name: '赵六', period: 'last12' }, 'p-1');
      expect(printed.pdf.byteLength).toBeGreaterThan(1000);
      await apiError(certificateOffers(kiosk, BROKEN), 503, 'CERTIFICATE_SOURCE_UNAVAILABLE');
    } finally {
      await hall.close();
    }
  });
});
