// The two CertificateSource implementations: records integrators pushed (PUT /certificate-records, kept in SQLite) and
// the city data-sharing platform asked over HTTP (docs/certificate-source.md). A type's record comes from the first
// source that has one.
import { z } from 'zod';
import type { CertificateRecord, CertificateSource, CertificateType } from '../core/certificates.ts';
import { HallError } from '../core/errors.ts';
import { maskIdNumber, maskName } from '../core/id-card.ts';
import type { SqliteCertificateStore } from '../db/certificate-store.ts';

export class PushedRecords implements CertificateSource {
  constructor(private readonly store: SqliteCertificateStore) {}

  records(person: { personHash: string }, types: readonly CertificateType[]): Promise<CertificateRecord[]> {
    const codes = new Set(types.map((t) => t.code));
    return Promise.resolve(this.store.recordsOf(person.personHash).filter((r) => codes.has(r.type)));
  }
}

const value = z.union([z.string().max(500), z.number().finite()]);
const PlatformReply = z.object({
  records: z
    .array(
      z.object({
        type: z.string().max(40),
        name: z.string().max(40).optional(),
        data: z.record(z.string().max(40), value),
        rows: z
          .array(z.record(z.string().max(40), value))
          .max(600)
          .optional(),
      }),
    )
    .max(100),
});

export interface PlatformOptions {
  /** HALL_CERTIFICATE_PLATFORM_URL */
  url: string;
  /** HALL_CERTIFICATE_PLATFORM_TOKEN */
  token: string;
  timeoutMs?: number;
}

export const sourceUnavailable = (detail: string) =>
  new HallError(503, 'CERTIFICATE_SOURCE_UNAVAILABLE', `the records platform did not answer (${detail}): try again in a few minutes or ask at the help desk`);

/** The city data-sharing platform: `POST url {idCardNumber, types}` with a bearer token → `{records:[{type, name?, data, rows?}]}`. */
export class PlatformRecords implements CertificateSource {
  constructor(private readonly options: PlatformOptions) {}

  async records(person: { personHash: string; idNumber: string }, types: readonly CertificateType[]): Promise<CertificateRecord[]> {
    let response: Response;
    try {
      response = await fetch(this.options.url, {
        method: 'POST',
        headers: { authorization: `Bearer ${this.options.token}`, 'content-type': 'application/json', accept: 'application/json' },
        body: JSON.stringify({ idCardNumber: person.idNumber, types: types.map((t) => t.code) }),
        signal: AbortSignal.timeout(this.options.timeoutMs ?? 5_000),
      });
    } catch (error) {
      throw sourceUnavailable(error instanceof Error && error.name === 'TimeoutError' ? 'timed out' : 'unreachable');
    }
    if (response.status === 404) return [];
    if (!response.ok) throw sourceUnavailable(`HTTP ${response.status}`);
    const parsed = PlatformReply.safeParse(await response.json().catch(() => null));
    if (!parsed.success) throw sourceUnavailable('an answer not in the documented form');
    const known = new Map(types.map((t) => [t.code, t]));
    const now = Date.now();
    return parsed.data.records
      .filter((r) => known.has(r.type))
      .map((r) => ({
        type: r.type,
        personHash: person.personHash,
        maskedName: r.name ? maskName(r.name) : '',
        maskedId: maskIdNumber(person.idNumber),
        data: r.data,
        rows: r.rows ?? [],
        source: 'platform' as const,
        updatedAt: now,
      }));
  }
}

/** Every source asked together; per type the first one's record wins. A failing source fails the whole answer. */
export function combinedSource(sources: readonly CertificateSource[]): CertificateSource {
  return {
    async records(person, types) {
      const all = await Promise.all(sources.map((s) => s.records(person, types)));
      const byType = new Map<string, CertificateRecord>();
      for (const records of all) for (const r of records) if (!byType.has(r.type)) byType.set(r.type, r);
      return [...byType.values()];
    },
  };
}

export function platformFromEnv(env: NodeJS.ProcessEnv = process.env): PlatformRecords | null {
  const url = env.HALL_CERTIFICATE_PLATFORM_URL;
  if (!url) return null;
  return new PlatformRecords({ url, token: env.HALL_CERTIFICATE_PLATFORM_TOKEN ?? '' });
}
