// The hall's case endpoints (办件, 进度查询) for the counter console, the counter bridge, the kiosk agent and tests
// (docs/api-guide.md, "Cases").
import type { CaseStatus, CaseView } from '../core/cases.ts';
import type { HallClient } from './hall-client.ts';

export type { CaseStatus, CaseView };

export interface NewCaseRequest {
  matterCode: string;
  /** Left out from a window: the ticket's ID card gives the applicant. */
  idCardNumber?: string;
  name?: string;
  ticketId?: string;
  note?: string;
}

/** What the 受理回执 slip says; the counter bridge lays it out for the thermal printer. */
export interface CaseReceipt {
  hallName: string;
  timeZone: string;
  caseId: string;
  receiptNumber: string;
  receiptNumberText: string;
  matterName: string;
  applicant: string;
  acceptedAt: string;
  dueDate: string;
  followUrl: string;
}

const caseUrl = (id: string) => `/api/v1/cases/${encodeURIComponent(id)}`;

export const createCase = (hall: HallClient, body: NewCaseRequest, idempotencyKey: string) =>
  hall.request<CaseView>('POST', '/api/v1/cases', body, { 'idempotency-key': idempotencyKey });

export const moveCase = (hall: HallClient, id: string, status: CaseStatus, note?: string, idempotencyKey?: string) =>
  hall.request<CaseView>('POST', `${caseUrl(id)}/status`, note ? { status, note } : { status }, idempotencyKey ? { 'idempotency-key': idempotencyKey } : {});

export const caseById = (hall: HallClient, id: string) => hall.request<CaseView>('GET', caseUrl(id));

export const casesOfTicket = (hall: HallClient, ticketId: string) =>
  hall.request<{ items: CaseView[] }>('GET', `/api/v1/cases?ticketId=${encodeURIComponent(ticketId)}`);

/** 进度查询 by ID number (the holder's cases) or by receipt number (typed or the slip's QR URL: masked). */
export const queryCases = (hall: HallClient, query: { receiptNumber: string } | { idCardNumber: string }) =>
  hall.request<{ cases: CaseView[] }>('POST', '/api/v1/cases/query', query);

export const caseReceipt = (hall: HallClient, id: string) => hall.request<CaseReceipt>('GET', `${caseUrl(id)}/receipt`);

export const printCaseReceipt = (hall: HallClient, id: string) => hall.request<{ caseId: string; counterId: string }>('POST', `${caseUrl(id)}/receipt/print`);
