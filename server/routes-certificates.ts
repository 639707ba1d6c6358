// Self-service certificates (证明打印): types, records, the kiosk's offers → preview → print → outcome, the manager's
// list and revocation, the published keys and verification. The card's clear name and number live only in the request
// being answered: the writer, the database and the events get the person hash and masked values (core/certificates.ts).
import { HallError, invalid, notFound } from '../core/errors.ts';
import {
  CertificateOffersBody,
  CertificateOutcomeBody,
  CertificateRecordBody,
  CertificateRequestBody,
  CertificateTypeBody,
  RevokeCertificateBody,
  TYPE_CODE,
  certificateContent,
  certificateStatus,
  certificateType,
  certificateView,
  checkRecordAgainstType,
  contentDigest,
  documentNumber,
  periodChoices,
  repeatCandidate,
  resolvePeriod,
  validUntilDay,
  type CertificateClaims,
  type CertificateContent,
  type CertificateRecord,
  type CertificateSource,
  type CertificateType,
  type IssuedCertificate,
} from '../core/certificates.ts';
import { signClaims } from '../core/certificate-token.ts';
import { maskIdNumber, maskName, normalizeIdNumber } from '../core/id-card.ts';
import { personHash } from '../core/person-hash.ts';
import { addDays, hallDay } from '../core/time.ts';
import { uuidv7 } from '../core/uuid.ts';
import { certificateStoreOf } from '../db/certificate-store.ts';
import type { CertificateKeys } from './certificate-keys.ts';
import { preloadCertificateFonts, renderCertificatePdf } from './certificate-pdf.ts';
import { PushedRecords, combinedSource, platformFromEnv } from './certificate-sources.ts';
import { verificationPage } from './certificate-verify-page.ts';
import { route, type RouteDef } from './http.ts';
import { ANY, MANAGER, ok, type HallContext } from './routes.ts';

const KIOSK = ['kiosk'] as const;
const RECORD_WRITERS = ['manager', 'integrator'] as const;
const DEFAULT_LIMIT = 100;
const MAX_LIMIT = 500;
const MAX_RANGE_DAYS = 366;

export interface CertificateOptions {
  keys: CertificateKeys;
  /** Where phones reach the hall: HALL_PUBLIC_URL, else the settings' publicUrl, else the address the server listens on. */
  publicUrl: () => string;
  /** Defaults to pushed records, plus the city platform when HALL_CERTIFICATE_PLATFORM_URL is set. */
  source?: CertificateSource;
}

const chineseDate = (day: string) => `${Number(day.slice(0, 4))}年${Number(day.slice(5, 7))}月${Number(day.slice(8, 10))}日`;

function idempotencyKey(headers: Record<string, string | string[] | undefined>): string | null {
  const key = headers['idempotency-key'];
  if (key === undefined) return null;
  if (typeof key !== 'string' || !/^[\x21-\x7e]{1,128}$/.test(key)) {
    throw new HallError(400, 'VALIDATION_FAILED', 'Idempotency-Key: 1–128 visible ASCII characters', { field: 'Idempotency-Key' });
  }
  return key;
}

const dayParam = (query: URLSearchParams, name: string, fallback: string): string => {
  const v = query.get(name);
  if (v === null) return fallback;
  if (!/^\d{4}-\d{2}-\d{2}$/.test(v) || Number.isNaN(Date.parse(v))) throw invalid(name, 'a day as YYYY-MM-DD');
  return v;
};

export function certificateRoutes(hall: HallContext, options: CertificateOptions): RouteDef[] {
  const { run, engine } = hall;
  const store = certificateStoreOf(hall.db);
  const key = Buffer.from(hall.personKeyBase64, 'base64');
  const platform = platformFromEnv();
  const source = options.source ?? combinedSource([new PushedRecords(store), ...(platform ? [platform] : [])]);
  const iso = (ms: number) => engine.iso(ms);
  const today = () => hallDay(hall.now(), hall.settings().timeZone);

  const typeOf = (code: string): CertificateType => {
    const type = store.type(code);
    if (!type) throw notFound('certificate type', code);
    return type;
  };
  const person = (idCardNumber: string) => {
    const idNumber = normalizeIdNumber(idCardNumber);
    return { idNumber, personHash: personHash(key, idNumber) };
  };
  const recordOf = async (p: { idNumber: string; personHash: string }, type: CertificateType): Promise<CertificateRecord> => {
    const [record] = await source.records(p, [type]);
    if (!record) throw new HallError(404, 'NO_RECORD', `no ${type.name} record is held for this card: ask at the help desk`);
    return record;
  };
  const contentFor = (
    type: CertificateType,
    record: CertificateRecord,
    holder: { name: string; idNumber: string },
    period: string | null,
    id: string,
    day: string,
  ) =>
    certificateContent(type, record, holder, resolvePeriod(type, period ?? undefined), {
      hallName: hall.settings().hallName,
      issueDay: day,
      documentNumber: documentNumber(id, day),
    });

  return [
    route({
      method: 'GET',
      path: '/api/v1/certificate-types',
      roles: ANY,
      tag: 'certificates',
      summary: "List certificate types: the built-in standard ones (unless replaced) and the hall's own",
      ok: { status: 200, description: '[{code, name, fields:[{key, label, kind}], periods:[{key, label, months}], validityDays, dailyLimit, template}]' },
      handler: () => ok(store.types()),
    }),
    route({
      method: 'PUT',
      path: '/api/v1/certificate-types/:code',
      roles: MANAGER,
      body: CertificateTypeBody,
      tag: 'certificates',
      summary: 'Create or replace a certificate type (name, fields, template, periods, validity, daily limit)',
      ok: { status: 200, description: 'the type' },
      handler: async ({ params, body }) => {
        if (!TYPE_CODE.safeParse(params.code).success) throw invalid('code', 'a type code: lower-case letters, digits, _ or - (up to 40)');
        return ok(await run('putCertificateType', certificateType(params.code!, body)));
      },
    }),
    route({
      method: 'PUT',
      path: '/api/v1/certificate-records',
      roles: RECORD_WRITERS,
      body: CertificateRecordBody,
      bodyLimit: 256 * 1024,
      tag: 'certificates',
      summary: "Store or replace a person's record for a certificate type (kept under the person hash, holder masked)",
      ok: { status: 200, description: '{type, holder, holderId, updatedAt}' },
      errors: [404],
      handler: async ({ body }) => {
        const type = typeOf(body.type);
        const rows = body.rows ?? [];
        checkRecordAgainstType(type, body.data, rows);
        const p = person(body.idCardNumber);
        return ok(
          await run('putCertificateRecord', {
            type: type.code,
            personHash: p.personHash,
            maskedName: maskName(body.name),
            maskedId: maskIdNumber(p.idNumber),
            data: body.data,
            rows,
            source: 'push',
            updatedAt: 0,
          }),
        );
      },
    }),
    route({
      method: 'POST',
      path: '/api/v1/certificates/offers',
      roles: KIOSK,
      body: CertificateOffersBody,
      tag: 'certificates',
      summary: 'The certificate types the card holder has a record for',
      ok: { status: 200, description: '{holder:{name, idNumber} (masked), offers:[{type, typeName, periods?:[{key, label}]}]}' },
      errors: [503],
      handler: async ({ body }) => {
        const p = person(body.idCardNumber);
        const types = store.types();
        const records = await source.records(p, types);
        const offered = types.filter((t) => records.some((r) => r.type === t.code));
        if (offered.length > 0) setImmediate(preloadCertificateFonts);
        return ok({
          holder: { name: records.find((r) => r.maskedName)?.maskedName ?? '', idNumber: maskIdNumber(p.idNumber) },
          offers: offered.map((t) => {
            const periods = periodChoices(t);
            return { type: t.code, typeName: t.name, ...(periods ? { periods } : {}) };
          }),
        });
      },
    }),
    route({
      method: 'POST',
      path: '/api/v1/certificates/preview',
      roles: KIOSK,
      body: CertificateRequestBody,
      tag: 'certificates',
      summary: 'What the certificate will say, for the kiosk to show before printing (nothing is stored)',
      ok: { status: 200, description: '{type, typeName, title, paragraphs, table?:{columns, rows}, hallName, validUntil}' },
      errors: [404, 503],
      handler: async ({ body }) => {
        const type = typeOf(body.type);
        const period = resolvePeriod(type, body.period)?.key ?? null;
        const p = person(body.idCardNumber);
        const record = await recordOf(p, type);
        const day = today();
        const content = certificateContent(type, record, { name: body.name, idNumber: p.idNumber }, resolvePeriod(type, period ?? undefined), {
          hallName: hall.settings().hallName,
          issueDay: day,
          documentNumber: '',
        });
        return ok(content);
      },
    }),
    route({
      method: 'POST',
      path: '/api/v1/certificates',
      roles: KIOSK,
      body: CertificateRequestBody,
      tag: 'certificates',
      summary:
        'Issue and render a certificate for the card holder (Idempotency-Key: the same key gives the same certificate; a print that did not complete may be asked for again within 10 minutes and gives the same certificate)',
      ok: { status: 201, description: 'the PDF (application/pdf), headers Certificate-Id and Certificate-Sha256' },
      errors: [404, 409, 503],
      handler: async ({ actor, body, headers, response }) => {
        const key = idempotencyKey(headers);
        const type = typeOf(body.type);
        const period = resolvePeriod(type, body.period)?.key ?? null;
        const p = person(body.idCardNumber);
        const record = await recordOf(p, type);
        const holder = { name: body.name, idNumber: p.idNumber };
        const now = hall.now();
        const day = hallDay(now, hall.settings().timeZone);

        // Certificates this request may give again are rendered with their own id and day, so their digest is known.
        const rendered = new Map<string, CertificateContent>();
        const render = (c: Pick<IssuedCertificate, 'id' | 'day' | 'issuedAt'>) => {
          let content = rendered.get(c.id);
          if (!content) rendered.set(c.id, (content = contentFor(type, record, holder, period, c.id, c.day)));
          return content;
        };
        const digestOf = (c: Pick<IssuedCertificate, 'id' | 'day' | 'issuedAt'>) => contentDigest(c.id, iso(c.issuedAt), render(c));
        const repeatDigests: Record<string, string> = {};
        const maybe = [
          key === null ? undefined : store.byIdempotencyKey(actor.id, key),
          repeatCandidate(store, p.personHash, type.code, period, addDays(day, -1), now),
        ];
        for (const c of maybe) if (c && c.type === type.code) repeatDigests[c.id] = digestOf(c);

        const id = uuidv7(now);
        const candidate: IssuedCertificate = {
          id,
          type: type.code,
          typeName: type.name,
          personHash: p.personHash,
          maskedName: maskName(body.name),
          maskedId: maskIdNumber(p.idNumber),
          period,
          kioskId: actor.id,
          kioskName: actor.name,
          issuedAt: now,
          day,
          validUntil: validUntilDay(type, day),
          sha256: '',
          idempotencyKey: key,
          outcome: null,
          outcomeReason: null,
          revokedAt: null,
          revokedReason: null,
          prints: 1,
        };
        candidate.sha256 = digestOf(candidate);
        const { certificate } = await run('issueCertificate', {
          kiosk: { id: actor.id, name: actor.name },
          idempotencyKey: key,
          dailyLimit: type.dailyLimit,
          candidate,
          repeatDigests,
        });

        const content = render(certificate);
        const claims: CertificateClaims = {
          id: certificate.id,
          type: certificate.type,
          issuedAt: iso(certificate.issuedAt),
          holder: certificate.maskedName,
          holderId: certificate.maskedId,
          sha256: certificate.sha256,
          validUntil: certificate.validUntil,
          hall: content.hallName,
        };
        const token = await signClaims(claims, options.keys.active());
        const number = documentNumber(certificate.id, certificate.day);
        const pdf = await renderCertificatePdf({
          content,
          documentNumber: number,
          issueDate: chineseDate(certificate.day),
          validUntilDate: chineseDate(certificate.validUntil),
          verificationUrl: `${options.publicUrl().replace(/\/$/, '')}/v/${token}`,
        });
        response.writeHead(201, {
          'content-type': 'application/pdf',
          'content-length': pdf.byteLength,
          'content-disposition': `inline; filename="${number}.pdf"`,
          'cache-control': 'no-store',
          'x-content-type-options': 'nosniff',
          'certificate-id': certificate.id,
          'certificate-sha256': certificate.sha256,
        });
        response.end(pdf);
        return ok(null, 201);
      },
    }),
    route({
      method: 'POST',
      path: '/api/v1/certificates/:id/outcome',
      roles: KIOSK,
      body: CertificateOutcomeBody,
      tag: 'certificates',
      summary: 'Report how the print job of a certificate ended (the kiosk that printed it only)',
      ok: { status: 200, description: 'the certificate as the manager sees it' },
      errors: [404],
      handler: async ({ actor, params, body }) => ok(await run('certificateOutcome', actor, params.id!, body.outcome, body.reason ?? null)),
    }),
    route({
      method: 'GET',
      path: '/api/v1/certificates',
      roles: MANAGER,
      tag: 'certificates',
      summary: 'List issued certificates, newest first (?from=&to= hall days, default today; ?type=; ?limit=1..500&cursor=) with counts per type and day',
      ok: {
        status: 200,
        description:
          '{items:[{id, type, typeName, holder, holderId, period, kiosk:{id, name}, issuedAt, validUntil, sha256, outcome, prints, revoked, revokedAt, revokedReason, status}], counts:[{day, type, typeName, count}], nextCursor}',
      },
      handler: ({ query }) => {
        const now = today();
        const toDay = dayParam(query, 'to', now);
        const fromDay = dayParam(query, 'from', toDay);
        if (fromDay > toDay) throw invalid('from', 'must not be after to');
        if (Date.parse(toDay) - Date.parse(fromDay) > MAX_RANGE_DAYS * 86_400_000) throw invalid('from', `at most ${MAX_RANGE_DAYS} days before to`);
        const type = query.get('type') ?? undefined;
        if (type !== undefined && !store.type(type)) throw invalid('type', 'not a certificate type code: see GET /api/v1/certificate-types');
        const limitText = query.get('limit');
        const limit = limitText === null ? DEFAULT_LIMIT : Number(limitText);
        if (!Number.isInteger(limit) || limit < 1 || limit > MAX_LIMIT) throw invalid('limit', `a whole number from 1 to ${MAX_LIMIT}`);
        const cursor = query.get('cursor');
        let before: { issuedAt: number; id: string } | undefined;
        if (cursor !== null) {
          const m = /^(\d{1,16})\.([\w-]{1,64})$/.exec(Buffer.from(cursor, 'base64url').toString());
          if (!m) throw invalid('cursor', 'not a cursor this list gave out: start again without it');
          before = { issuedAt: Number(m[1]), id: m[2]! };
        }
        const rows = store.list({ fromDay, toDay, type, limit: limit + 1, before });
        const page = rows.slice(0, limit);
        const last = page.at(-1);
        return ok({
          items: page.map((c) => certificateView(c, iso, now)),
          counts: store.counts({ fromDay, toDay, type }),
          nextCursor: rows.length > limit && last ? Buffer.from(`${last.issuedAt}.${last.id}`).toString('base64url') : null,
        });
      },
    }),
    route({
      method: 'POST',
      path: '/api/v1/certificates/:id/revoke',
      roles: MANAGER,
      body: RevokeCertificateBody,
      tag: 'certificates',
      summary: 'Revoke a certificate with a reason; its verification then says revoked',
      ok: { status: 200, description: 'the certificate as the manager sees it' },
      errors: [404, 409],
      handler: async ({ actor, params, body }) => ok(await run('revokeCertificate', actor, params.id!, body.reason)),
    }),
    route({
      method: 'GET',
      path: '/api/v1/certificates/:id/verification',
      roles: 'public',
      tag: 'certificates',
      summary: 'Whether a certificate is valid, revoked or expired',
      ok: { status: 200, description: '{id, type, typeName, holder, holderId, issuedAt, validUntil, status:"valid"|"revoked"|"expired", revokedAt}' },
      errors: [404],
      handler: ({ params }) => {
        const c = store.certificate(params.id!);
        if (!c) throw notFound('certificate', params.id!);
        return ok(verification(c, iso, today()));
      },
    }),
    route({
      method: 'GET',
      path: '/.well-known/hall-keys.json',
      roles: 'public',
      tag: 'certificates',
      summary: "The JWK set of the hall's certificate signing keys (retired keys stay listed)",
      ok: { status: 200, description: '{keys:[{kty:"OKP", crv:"Ed25519", kid, x, alg:"EdDSA", use:"sig"}]}' },
      handler: () => ({ status: 200, body: options.keys.jwks(), headers: { 'cache-control': 'public, max-age=300', 'access-control-allow-origin': '*' } }),
    }),
    route({
      method: 'POST',
      path: '/api/v1/certificate-keys/rotate',
      roles: MANAGER,
      tag: 'certificates',
      summary: 'Start signing with a new key; the old ones stay published, so what they signed still verifies',
      ok: { status: 200, description: '{kid, retired:[kid]}' },
      handler: async ({ actor }) => {
        const { kid, retired } = await options.keys.rotate();
        return ok(await run('certificateKeyRotated', actor, kid, retired));
      },
    }),
    route({
      method: 'GET',
      path: '/v/:token',
      roles: 'public',
      tag: 'certificates',
      summary: "The verification page a certificate's QR code opens (HTML; ?lang=en)",
      ok: { status: 200, description: 'text/html' },
      handler: async ({ params, query, headers, response }) => {
        const page = await verificationPage(params.token!, {
          jwks: options.keys.jwks(),
          lookup: (id) => {
            const c = store.certificate(id);
            return c ? { ...verification(c, iso, today()), sha256: c.sha256 } : null;
          },
          lang: query.get('lang') ?? headers['accept-language'] ?? '',
        });
        response.writeHead(200, page.headers);
        response.end(page.html);
        return ok(null);
      },
    }),
  ];
}

export function verification(c: IssuedCertificate, iso: (ms: number) => string, today: string) {
  return {
    id: c.id,
    type: c.type,
    typeName: c.typeName,
    holder: c.maskedName,
    holderId: c.maskedId,
    issuedAt: iso(c.issuedAt),
    validUntil: c.validUntil,
    status: certificateStatus(c, today),
    revokedAt: c.revokedAt === null ? null : iso(c.revokedAt),
  };
}
export type Verification = ReturnType<typeof verification>;
