// Self-service certificates over HTTP on a real hall: types and records, the kiosk's offers → preview → print →
// outcome, the PDF read back with poppler (pdftotext, pdftoppm) and its QR code with zbarimg, the JWS verified against
// the published keys, revocation, expiry, the daily limit, repeats, key rotation, and no clear personal data on disk.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { compactVerify, createLocalJWKSet, decodeProtectedHeader, type JSONWebKeySet } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HallClient } from '../../client/hall-client.ts';
import {
  certificateOffers,
  certificateOutcome,
  certificatePreview,
  certificateVerification,
  issueCertificate,
  listCertificates,
  revokeCertificate,
  type CertificateRequest,
} from '../../client/certificates-client.ts';
import { apiError } from '../helpers/api-error.ts';
import { makeIdNumber, sendJson, startTestHall, type TestHall } from '../helpers/hall.ts';

const MORNING = Date.parse('2026-12-07T09:00:00.000+08:00');
const HALL_NAME = '南京市玄武区政务服务中心';
let hall: TestHall;
let kiosk: HallClient;
let kioskId: string;
let otherKiosk: HallClient;
let integrator: HallClient;
let display: HallClient;
let work: string;

// A rare name character (U+2A6A5, CJK Extension B, not in Noto CJK) as on some real cards.
const ZHANG = { name: '张𪚥三', id: makeIdNumber('1990-03-07', 123) };
const LI = { name: '李四', id: makeIdNumber('1985-11-02', 456) };
const WANG = { name: '王五', id: makeIdNumber('1979-05-20', 789) };

const months = (n: number, last = '2026-12') => {
  const [y, m] = last.split('-').map(Number) as [number, number];
  return Array.from({ length: n }, (_, i) => {
    const k = y * 12 + (m - 1) - i;
    return `${Math.floor(k / 12)}-${String((k % 12) + 1).padStart(2, '0')}`;
  });
};

const socialRecord = (who: { name: string; id: string }) => ({
  type: 'social-insurance',
  idCardNumber: who.id,
  name: who.name,
  data: { insuredPlace: '南京市', employer: '南京玄武科技有限公司', firstInsuredOn: '2012-07-01', status: '正常参保' },
  rows: months(30).map((month) => ({ month, base: 8000, pension: 640, medical: 160, unemployment: 40 })),
});

const housingRecord = (who: { name: string; id: string }) => ({
  type: 'housing-fund',
  idCardNumber: who.id,
  name: who.name,
  data: { accountNumber: '3201000123456', employer: '南京玄武科技有限公司', openedOn: '2015-07-01', balance: 48210.5, status: '正常缴存' },
  rows: months(14).map((month) => ({ month, base: 8000, employerPart: 960, personalPart: 960 })),
});

let keyCounter = 0;
const nextKey = () => `cert-key-${++keyCounter}`;
const request = (who: { name: string; id: string }, type = 'social-insurance', period?: string): CertificateRequest => ({
  type,
  idCardNumber: who.id,
  name: who.name,
  ...(period ? { period } : {}),
});

const jwks = async (): Promise<JSONWebKeySet> => (await (await fetch(`${hall.url}/.well-known/hall-keys.json`)).json()) as JSONWebKeySet;

function pdfText(pdf: Uint8Array): string {
  const file = join(work, `t-${Math.random().toString(36).slice(2)}.pdf`);
  writeFileSync(file, pdf);
  return execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
}

/** The QR code's text, read as a phone would: the page rendered (pdftoppm), the code decoded (zbarimg). */
function qrText(pdf: Uint8Array): string {
  const dir = mkdtempSync(join(work, 'qr-'));
  writeFileSync(join(dir, 'c.pdf'), pdf);
  execFileSync('pdftoppm', ['-r', '150', '-gray', '-png', join(dir, 'c.pdf'), join(dir, 'page')]);
  const pages = readdirSync(dir)
    .filter((f) => f.endsWith('.png'))
    .sort();
  // The code is on the last page; zbarimg exits 4 for a page without one.
  return execFileSync('zbarimg', ['--raw', '-q', join(dir, pages.at(-1)!)], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
}

const tokenOf = (pdf: Uint8Array) => {
  const url = qrText(pdf);
  expect(url.startsWith(`${hall.url}/v/`)).toBe(true);
  return url.slice(`${hall.url}/v/`.length);
};

const claimsOf = async (token: string) => {
  const { payload, protectedHeader } = await compactVerify(token, createLocalJWKSet(await jwks()));
  return { header: protectedHeader, claims: JSON.parse(new TextDecoder().decode(payload)) as Record<string, string> };
};

const verifyPage = async (token: string, lang = '') => {
  const res = await fetch(`${hall.url}/v/${token}${lang ? `?lang=${lang}` : ''}`);
  expect(res.status).toBe(200);
  const html = await res.text();
  return { html, verdict: /data-verdict="(\w+)"/.exec(html)?.[1] };
};

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'cert-test-'));
  hall = await startTestHall({ now: MORNING, settings: { hallName: HALL_NAME } });
  const k = await hall.admin.createDevice({ name: '1号自助终端', kind: 'kiosk' });
  kioskId = k.id;
  kiosk = new HallClient(hall.url, { token: k.token });
  otherKiosk = new HallClient(hall.url, { token: (await hall.admin.createDevice({ name: '2号自助终端', kind: 'kiosk' })).token });
  integrator = new HallClient(hall.url, { token: (await hall.admin.createDevice({ name: '市数据共享平台', kind: 'integrator' })).token });
  display = new HallClient(hall.url, { token: (await hall.admin.createDevice({ name: '大屏', kind: 'display' })).token });
  await integrator.request('PUT', '/api/v1/certificate-records', socialRecord(ZHANG));
  await integrator.request('PUT', '/api/v1/certificate-records', housingRecord(ZHANG));
  await hall.admin.request('PUT', '/api/v1/certificate-records', housingRecord(LI));
}, 30_000);

afterAll(async () => {
  await hall.close();
  rmSync(work, { recursive: true, force: true });
});

describe('certificate types', () => {
  it('a new hall starts with the four standard types; any token may read them', async () => {
    const types = await display.request<{ code: string; name: string; fields: { key: string; label: string; kind: string }[] }[]>(
      'GET',
      '/api/v1/certificate-types',
    );
    expect(types.map((t) => t.name)).toEqual(['社会保险参保缴费证明', '住房公积金缴存证明', '不动产登记信息查询结果', '个人纳税情况证明']);
    expect(types[0]!.fields[0]).toEqual({ key: 'insuredPlace', label: '参保地', kind: 'text' });
    expect((await sendJson(hall, 'GET', '/api/v1/certificate-types', undefined, null)).status).toBe(401);
  });

  it('a manager creates a type; others may not; a placeholder that is no field is 400', async () => {
    const body = {
      name: '居住证明',
      fields: [{ key: 'address', label: '居住地址', kind: 'text' }],
      template: { title: '居住证明', paragraphs: ['兹证明{name}（{idNumber}）居住于{address}。'] },
      validityDays: 30,
      dailyLimit: 2,
    };
    const type = await hall.admin.request<{ code: string; dailyLimit: number }>('PUT', '/api/v1/certificate-types/residence', body);
    expect(type).toMatchObject({ code: 'residence', dailyLimit: 2 });
    await apiError(kiosk.request('PUT', '/api/v1/certificate-types/residence', body), 403, 'FORBIDDEN');
    await apiError(integrator.request('PUT', '/api/v1/certificate-types/residence', body), 403, 'FORBIDDEN');
    const bad = await apiError(
      hall.admin.request('PUT', '/api/v1/certificate-types/residence', { ...body, template: { title: 'x', paragraphs: ['{nosuch}'] } }),
      400,
      'VALIDATION_FAILED',
    );
    expect(bad.message).toContain('{nosuch}');
    await apiError(hall.admin.request('PUT', '/api/v1/certificate-types/Bad%20Code', body), 400, 'VALIDATION_FAILED');
  });
});

describe('certificate records', () => {
  it('manager and integrator push records; kiosk 403; unknown type 404; bad ID or missing field 400; answers masked', async () => {
    const stored = await integrator.request('PUT', '/api/v1/certificate-records', socialRecord(ZHANG));
    expect(stored).toMatchObject({ type: 'social-insurance', holder: '张*三', holderId: `${ZHANG.id.slice(0, 4)}**********${ZHANG.id.slice(-4)}` });
    await apiError(kiosk.request('PUT', '/api/v1/certificate-records', socialRecord(ZHANG)), 403, 'FORBIDDEN');
    await apiError(integrator.request('PUT', '/api/v1/certificate-records', { ...socialRecord(ZHANG), type: 'nosuch' }), 404, 'CERTIFICATE_TYPE_NOT_FOUND');
    const badId = await apiError(integrator.request('PUT', '/api/v1/certificate-records', { ...socialRecord(ZHANG), idCardNumber: '320102199003071230' }), 400);
    expect(badId.details?.field).toBe('idCardNumber');
    const missing = await apiError(integrator.request('PUT', '/api/v1/certificate-records', { ...socialRecord(ZHANG), data: { insuredPlace: '南京市' } }), 400);
    expect(missing.details?.field).toBe('data.employer');
  });
});

describe('kiosk: offers and preview', () => {
  it("offers only the types the card holder has a record for, never another person's", async () => {
    const zhang = await certificateOffers(kiosk, ZHANG.id);
    expect(zhang.holder).toEqual({ name: '张*三', idNumber: `${ZHANG.id.slice(0, 4)}**********${ZHANG.id.slice(-4)}` });
    expect(zhang.offers.map((o) => o.type)).toEqual(['social-insurance', 'housing-fund']);
    expect(zhang.offers[0]!.periods?.[0]).toEqual({ key: 'last12', label: '近12个月' });
    const li = await certificateOffers(kiosk, LI.id);
    expect(li.offers.map((o) => o.type)).toEqual(['housing-fund']);
    expect((await certificateOffers(kiosk, WANG.id)).offers).toEqual([]);
    await apiError(display.request('POST', '/api/v1/certificates/offers', { idCardNumber: ZHANG.id }), 403, 'FORBIDDEN');
    await apiError(hall.admin.request('POST', '/api/v1/certificates/offers', { idCardNumber: ZHANG.id }), 403, 'FORBIDDEN');
    await apiError(kiosk.request('POST', '/api/v1/certificates/offers', { idCardNumber: '12345' }), 400, 'VALIDATION_FAILED');
  });

  it("previews the paper with the card's name and the chosen period's rows; no record 404; unknown period 400", async () => {
    const preview = await certificatePreview(kiosk, request(ZHANG, 'social-insurance', 'last24'));
    expect(preview).toMatchObject({
      type: 'social-insurance',
      typeName: '社会保险参保缴费证明',
      title: '社会保险参保缴费证明',
      hallName: HALL_NAME,
      validUntil: '2027-03-06',
    });
    expect(preview.paragraphs[0]).toContain(`兹证明张𪚥三（公民身份号码：${ZHANG.id}）`);
    expect(preview.table?.columns[0]).toBe('费款所属期');
    expect(preview.table?.rows.length).toBe(24);
    expect(preview.table?.rows.at(-1)?.[0]).toBe('2026-12');
    expect((await certificatePreview(kiosk, request(ZHANG, 'social-insurance'))).table?.rows.length).toBe(12);
    await apiError(certificatePreview(kiosk, request(WANG)), 404, 'NO_RECORD');
    await apiError(certificatePreview(kiosk, request(ZHANG, 'social-insurance', 'last99')), 400, 'VALIDATION_FAILED');
    await apiError(certificatePreview(kiosk, request(ZHANG, 'nosuch')), 404, 'CERTIFICATE_TYPE_NOT_FOUND');
  });
});

describe('kiosk: printing', () => {
  it('gives an A4 PDF under 300 KB whose text and QR code read back, signed with EdDSA against the published keys', async () => {
    const printed = await issueCertificate(kiosk, request(ZHANG, 'social-insurance', 'last12'), nextKey());
    expect(printed.pdf.byteLength).toBeLessThan(300 * 1024);
    expect(Buffer.from(printed.pdf.subarray(0, 5)).toString()).toBe('%PDF-');
    const text = pdfText(printed.pdf);
    for (const expected of [
      '社会保险参保缴费证明',
      '张𪚥三',
      ZHANG.id,
      HALL_NAME,
      '出具日期：2026年12月7日',
      '有效期至：2027年3月6日',
      '2026-12',
      '南京玄武科技有限公司',
    ]) {
      expect(text).toContain(expected);
    }
    expect(text).toMatch(/证明编号：20261207-[0-9A-F]{10}/);
    const fonts = execFileSync('pdffonts', ['-'], { input: Buffer.from(printed.pdf), encoding: 'utf8' });
    // The body in Noto Serif CJK, the rare character from HanaMin (Noto has none for it); both embedded.
    expect(fonts).toMatch(/NotoSerifCJKsc-Regular.*yes/);
    expect(fonts).toMatch(/HanaMin[AB].*yes/);

    const token = tokenOf(printed.pdf);
    const { header, claims } = await claimsOf(token);
    expect(header.alg).toBe('EdDSA');
    expect((await jwks()).keys.map((k) => k.kid)).toContain(header.kid);
    expect(claims).toMatchObject({
      id: printed.id,
      type: 'social-insurance',
      holder: '张*三',
      holderId: `${ZHANG.id.slice(0, 4)}**********${ZHANG.id.slice(-4)}`,
      sha256: printed.sha256,
      issuedAt: '2026-12-07T09:00:00.000+08:00',
    });
    expect((await verifyPage(token)).verdict).toBe('valid');
    expect(await certificateVerification(hall.anon, printed.id)).toMatchObject({
      id: printed.id,
      status: 'valid',
      holder: '张*三',
      typeName: '社会保险参保缴费证明',
    });
    await certificateOutcome(kiosk, printed.id, 'completed');
    const listed = (await listCertificates(hall.admin)).items.find((c) => c.id === printed.id)!;
    expect(text).toContain(`证明编号：${listed.number}`);
  });

  it('a tampered token fails: the page says it cannot be verified', async () => {
    const printed = await issueCertificate(kiosk, request(ZHANG, 'housing-fund'), nextKey());
    await certificateOutcome(kiosk, printed.id, 'completed');
    const token = tokenOf(printed.pdf);
    const [h, p, s] = token.split('.') as [string, string, string];
    const claims = JSON.parse(Buffer.from(p, 'base64url').toString()) as Record<string, string>;
    const forged = [h, Buffer.from(JSON.stringify({ ...claims, holder: '李*' })).toString('base64url'), s].join('.');
    await expect(compactVerify(forged, createLocalJWKSet(await jwks()))).rejects.toThrow();
    expect((await verifyPage(forged)).verdict).toBe('forged');
    const flipped = s.slice(0, 20) + (s[20] === 'A' ? 'B' : 'A') + s.slice(21);
    expect((await verifyPage(`${h}.${p}.${flipped}`)).verdict).toBe('forged');
    expect((await verifyPage('not-a-token')).verdict).toBe('forged');
  });

  it('a print that did not complete gives the same certificate again within 10 minutes; after completing, a new one', async () => {
    const first = await issueCertificate(kiosk, request(LI, 'housing-fund'), nextKey());
    await certificateOutcome(kiosk, first.id, 'aborted', 'media-empty');
    hall.clock.advance(3 * 60_000);
    const again = await issueCertificate(kiosk, request(LI, 'housing-fund'), nextKey());
    expect(again.id).toBe(first.id);
    expect(again.sha256).toBe(first.sha256);
    // Another period is another certificate.
    const other = await issueCertificate(kiosk, request(LI, 'housing-fund', 'last24'), nextKey());
    expect(other.id).not.toBe(first.id);
    await certificateOutcome(kiosk, other.id, 'completed');
    await certificateOutcome(kiosk, again.id, 'completed');
    const listed = (await listCertificates(hall.admin)).items.filter((c) => c.holder === '李*');
    expect(listed.map((c) => [c.id, c.prints, c.outcome])).toEqual(
      expect.arrayContaining([
        [first.id, 2, 'completed'],
        [other.id, 1, 'completed'],
      ]),
    );
    expect(listed).toHaveLength(2);
    const fresh = await issueCertificate(kiosk, request(LI, 'housing-fund'), nextKey());
    expect(fresh.id).not.toBe(first.id);
    await certificateOutcome(kiosk, fresh.id, 'completed');
  });

  it('the same Idempotency-Key gives the same certificate; with another body it is 409', async () => {
    const key = nextKey();
    const a = await issueCertificate(kiosk, request(ZHANG, 'social-insurance', 'last36'), key);
    await certificateOutcome(kiosk, a.id, 'completed');
    const b = await issueCertificate(kiosk, request(ZHANG, 'social-insurance', 'last36'), key);
    expect(b.id).toBe(a.id);
    await apiError(issueCertificate(kiosk, request(ZHANG, 'housing-fund'), key), 409, 'IDEMPOTENCY_KEY_REUSED');
  });

  it('refuses past the daily limit per person and type (aborted prints do not count), and again the next day', async () => {
    const type = (
      await hall.admin.request<{ code: string; name: string; fields: unknown; template: unknown; periods: unknown; validityDays: number }[]>(
        'GET',
        '/api/v1/certificate-types',
      )
    ).find((t) => t.code === 'real-estate')!;
    await hall.admin.request('PUT', '/api/v1/certificate-types/real-estate', {
      name: type.name,
      fields: type.fields,
      template: type.template,
      validityDays: type.validityDays,
      dailyLimit: 2,
    });
    await integrator.request('PUT', '/api/v1/certificate-records', {
      type: 'real-estate',
      idCardNumber: WANG.id,
      name: WANG.name,
      data: { queryScope: '南京市' },
      rows: [{ certificateNumber: '苏(2020)南京市不动产权第0012345号', location: '玄武区北京东路41号1幢101室', area: 89.5, use: '住宅', restriction: '无' }],
    });
    for (let i = 0; i < 2; i++) {
      const c = await issueCertificate(kiosk, request(WANG, 'real-estate'), nextKey());
      await certificateOutcome(kiosk, c.id, 'completed');
    }
    const refused = await apiError(issueCertificate(kiosk, request(WANG, 'real-estate'), nextKey()), 409, 'DAILY_LIMIT_REACHED');
    expect(refused.details?.limit).toBe(2);
    // Zhang's limit is his own.
    await apiError(issueCertificate(kiosk, request(WANG, 'housing-fund'), nextKey()), 404, 'NO_RECORD');
    hall.clock.advance(24 * 3_600_000);
    const tomorrow = await issueCertificate(kiosk, request(WANG, 'real-estate'), nextKey());
    await certificateOutcome(kiosk, tomorrow.id, 'completed');
    hall.clock.advance(-24 * 3_600_000);
  });

  it('refuses bad requests: 400 bad ID, 404 no record, 401 without token, 403 for other roles', async () => {
    await apiError(issueCertificate(kiosk, { ...request(ZHANG), idCardNumber: '320102199003071230' }, nextKey()), 400, 'VALIDATION_FAILED');
    await apiError(issueCertificate(kiosk, request(WANG, 'social-insurance'), nextKey()), 404, 'NO_RECORD');
    await apiError(issueCertificate(hall.admin, request(ZHANG), nextKey()), 403, 'FORBIDDEN');
    await apiError(issueCertificate(hall.anon, request(ZHANG), nextKey()), 401, 'UNAUTHENTICATED');
    const badKey = await fetch(`${hall.url}/api/v1/certificates`, {
      method: 'POST',
      headers: { authorization: `Bearer ${kiosk.token}`, 'idempotency-key': 'ä'.repeat(3) },
      body: JSON.stringify(request(ZHANG)),
    });
    expect(badKey.status).toBe(400);
  });

  it("the outcome is the printing kiosk's to report", async () => {
    const c = await issueCertificate(kiosk, request(ZHANG, 'housing-fund', 'last24'), nextKey());
    await apiError(certificateOutcome(otherKiosk, c.id, 'completed'), 403, 'NOT_YOUR_CERTIFICATE');
    await apiError(certificateOutcome(kiosk, 'nosuch', 'completed'), 404, 'CERTIFICATE_NOT_FOUND');
    expect((await sendJson(hall, 'POST', `/api/v1/certificates/${c.id}/outcome`, { outcome: 'lost' }, kiosk.token)).status).toBe(400);
    expect(await certificateOutcome(kiosk, c.id, 'completed')).toMatchObject({ id: c.id, outcome: 'completed', kiosk: { id: kioskId } });
  });
});

describe('manager: list, revoke, expiry', () => {
  it('lists with counts per type and day, filters by type; others 403; bad filter 400', async () => {
    const all = await listCertificates(hall.admin, { from: '2026-12-01', to: '2026-12-31' });
    expect(all.items.length).toBeGreaterThan(3);
    expect(all.items.every((c) => !JSON.stringify(c).includes(ZHANG.id) && !JSON.stringify(c).includes('张𪚥三'))).toBe(true);
    const counts = all.counts.filter((c) => c.day === '2026-12-07' && c.type === 'real-estate');
    expect(counts).toEqual([{ day: '2026-12-07', type: 'real-estate', typeName: '不动产登记信息查询结果', count: 2 }]);
    const housing = await listCertificates(hall.admin, { from: '2026-12-01', to: '2026-12-31', type: 'housing-fund' });
    expect(housing.items.every((c) => c.type === 'housing-fund')).toBe(true);
    const paged = await listCertificates(hall.admin, { from: '2026-12-01', to: '2026-12-31', limit: 2 });
    expect(paged.items).toHaveLength(2);
    const next = await listCertificates(hall.admin, { from: '2026-12-01', to: '2026-12-31', limit: 2, cursor: paged.nextCursor! });
    expect(next.items[0]!.id).not.toBe(paged.items[1]!.id);
    await apiError(listCertificates(kiosk), 403, 'FORBIDDEN');
    await apiError(listCertificates(hall.admin, { from: '2026-13-01' }), 400, 'VALIDATION_FAILED');
    await apiError(listCertificates(hall.admin, { type: 'nosuch' }), 400, 'VALIDATION_FAILED');
  });

  it('revoking makes verification say revoked, online and on the QR page; twice 409; unknown 404; others 403', async () => {
    const printed = await issueCertificate(kiosk, request(LI, 'housing-fund', 'last36'), nextKey());
    await certificateOutcome(kiosk, printed.id, 'completed');
    await apiError(revokeCertificate(kiosk, printed.id, '信息有误'), 403, 'FORBIDDEN');
    expect((await sendJson(hall, 'POST', `/api/v1/certificates/${printed.id}/revoke`, {})).status).toBe(400);
    const revoked = await revokeCertificate(hall.admin, printed.id, '单位信息有误，已重新出具');
    expect(revoked).toMatchObject({ revoked: true, status: 'revoked', revokedReason: '单位信息有误，已重新出具' });
    expect(await certificateVerification(hall.anon, printed.id)).toMatchObject({ status: 'revoked' });
    const page = await verifyPage(tokenOf(printed.pdf));
    expect(page.verdict).toBe('revoked');
    expect(page.html).toContain('已撤销');
    expect((await verifyPage(tokenOf(printed.pdf), 'en')).html).toContain('Revoked');
    await apiError(revokeCertificate(hall.admin, printed.id, 'again'), 409, 'CERTIFICATE_REVOKED');
    await apiError(revokeCertificate(hall.admin, 'nosuch', 'x'), 404, 'CERTIFICATE_NOT_FOUND');
    await apiError(certificateVerification(hall.anon, 'nosuch'), 404, 'CERTIFICATE_NOT_FOUND');
  });

  it('a certificate expires after its validity days (housing fund: 30)', async () => {
    const printed = await issueCertificate(kiosk, request(ZHANG, 'housing-fund', 'last12'), nextKey());
    await certificateOutcome(kiosk, printed.id, 'completed');
    hall.clock.advance(29 * 86_400_000);
    expect((await certificateVerification(hall.anon, printed.id)).status).toBe('valid');
    hall.clock.advance(86_400_000);
    expect((await certificateVerification(hall.anon, printed.id)).status).toBe('expired');
    expect((await verifyPage(tokenOf(printed.pdf))).verdict).toBe('expired');
    hall.clock.advance(-30 * 86_400_000);
  });
});

describe('keys', () => {
  it('rotation signs with a new key; the old key stays listed and its certificates still verify', async () => {
    const before = await issueCertificate(kiosk, request(ZHANG, 'social-insurance', 'last24'), nextKey());
    await certificateOutcome(kiosk, before.id, 'completed');
    const oldToken = tokenOf(before.pdf);
    const oldKid = decodeProtectedHeader(oldToken).kid;
    await apiError(kiosk.request('POST', '/api/v1/certificate-keys/rotate'), 403, 'FORBIDDEN');
    const rotated = await hall.admin.request<{ kid: string; retired: string[] }>('POST', '/api/v1/certificate-keys/rotate');
    expect(rotated.retired).toContain(oldKid);
    const keys = await jwks();
    expect(keys.keys.map((k) => k.kid)).toEqual(expect.arrayContaining([oldKid, rotated.kid]));
    expect(keys.keys.every((k) => k.kty === 'OKP' && k.crv === 'Ed25519' && typeof k.x === 'string' && !('d' in k))).toBe(true);
    const after = await issueCertificate(otherKiosk, request(LI, 'housing-fund', 'last12'), nextKey());
    await certificateOutcome(otherKiosk, after.id, 'completed');
    expect(decodeProtectedHeader(tokenOf(after.pdf)).kid).toBe(rotated.kid);
    expect((await claimsOf(oldToken)).claims.id).toBe(before.id);
    expect((await verifyPage(oldToken)).verdict).toBe('valid');
    // The private keys live beside the person-hash key, outside the data directory.
    expect(existsSync(join(`${hall.dir}-keys`, 'certificate-signing.json'))).toBe(true);
    expect(readdirSync(hall.dir).some((f) => f.includes('certificate'))).toBe(false);
  });
});

describe('storage', () => {
  it('keeps no clear name or ID number in the SQLite files', async () => {
    hall.server.db.pragma('wal_checkpoint(PASSIVE)');
    const files = readdirSync(hall.dir).filter((f) => f.startsWith('hall.sqlite'));
    expect(files).toContain('hall.sqlite');
    for (const f of files) {
      const bytes = readFileSync(join(hall.dir, f));
      for (const secret of [ZHANG.id, LI.id, WANG.id, ZHANG.name, LI.name, WANG.name, ZHANG.id.slice(4, 14)]) {
        expect(bytes.includes(Buffer.from(secret)), `${secret} in ${f}`).toBe(false);
        expect(bytes.includes(Buffer.from(secret, 'utf16le')), `${secret} (UTF-16) in ${f}`).toBe(false);
      }
    }
    // The records are there, under their hash, masked.
    const rows = hall.server.db.prepare('SELECT masked_name FROM certificate_records ORDER BY masked_name').all() as { masked_name: string }[];
    expect(rows.map((r) => r.masked_name)).toContain('张*三');
  });
});
