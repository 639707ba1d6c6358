// The hall's certificate endpoints for the kiosk agent, renderer apps and tests (docs/api-guide.md, "Certificates").
import type { CertificateContent, CertificateView } from '../core/certificates.ts';
import { HallApiError, type HallClient } from './hall-client.ts';

export interface CertificateOffers {
  holder: { name: string; idNumber: string };
  offers: { type: string; typeName: string; periods?: { key: string; label: string }[] }[];
}

export interface CertificateRequest {
  type: string;
  idCardNumber: string;
  /** The card's name: printed on the paper, never stored. */
  name: string;
  period?: string;
}

export interface PrintedCertificate {
  id: string;
  sha256: string;
  pdf: Uint8Array;
}

export interface CertificateList {
  items: CertificateView[];
  counts: { day: string; type: string; typeName: string; count: number }[];
  nextCursor: string | null;
}

export const certificateOffers = (hall: HallClient, idCardNumber: string) =>
  hall.request<CertificateOffers>('POST', '/api/v1/certificates/offers', { idCardNumber });

export const certificatePreview = (hall: HallClient, body: CertificateRequest) =>
  hall.request<CertificateContent>('POST', '/api/v1/certificates/preview', body);

/** Issues the certificate and returns its PDF; the same `idempotencyKey` again gives the same certificate. */
export async function issueCertificate(hall: HallClient, body: CertificateRequest, idempotencyKey: string, timeoutMs = 20_000): Promise<PrintedCertificate> {
  const res = await fetch(`${hall.baseUrl.replace(/\/$/, '')}/api/v1/certificates`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'idempotency-key': idempotencyKey, ...(hall.token ? { authorization: `Bearer ${hall.token}` } : {}) },
    body: JSON.stringify(body),
    signal: AbortSignal.timeout(timeoutMs),
  });
  if (!res.ok) {
    const err = ((await res.json().catch(() => undefined)) as { error?: { code?: string; message?: string; details?: Record<string, unknown> } } | undefined)
      ?.error;
    throw new HallApiError(res.status, err?.code ?? 'HTTP_ERROR', err?.message ?? res.statusText, err?.details);
  }
  return { id: res.headers.get('certificate-id')!, sha256: res.headers.get('certificate-sha256')!, pdf: new Uint8Array(await res.arrayBuffer()) };
}

export const certificateOutcome = (hall: HallClient, id: string, outcome: 'completed' | 'aborted', reason?: string) =>
  hall.request<CertificateView>('POST', `/api/v1/certificates/${encodeURIComponent(id)}/outcome`, reason ? { outcome, reason } : { outcome });

export function listCertificates(hall: HallClient, query: { from?: string; to?: string; type?: string; limit?: number; cursor?: string } = {}) {
  const q = new URLSearchParams(
    Object.entries(query)
      .filter(([, v]) => v !== undefined && v !== '')
      .map(([k, v]) => [k, String(v)]),
  );
  return hall.request<CertificateList>('GET', `/api/v1/certificates${q.size ? `?${q}` : ''}`);
}

export const revokeCertificate = (hall: HallClient, id: string, reason: string) =>
  hall.request<CertificateView>('POST', `/api/v1/certificates/${encodeURIComponent(id)}/revoke`, { reason });

export const certificateVerification = (hall: HallClient, id: string) =>
  hall.request<{
    id: string;
    type: string;
    typeName: string;
    holder: string;
    holderId: string;
    issuedAt: string;
    validUntil: string;
    status: 'valid' | 'revoked' | 'expired';
    revokedAt: string | null;
  }>('GET', `/api/v1/certificates/${encodeURIComponent(id)}/verification`);
