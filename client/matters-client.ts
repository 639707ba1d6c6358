// The hall's service-guide endpoints (办事指南) for the kiosk agent, renderer apps and tests (docs/api-guide.md, "Service guide").
import type { Matter, MatterWrite } from '../core/matters.ts';
import type { HallClient } from './hall-client.ts';

export type MatterStatus = 'published' | 'draft' | 'published_with_draft';

export interface MatterCatalogueItem {
  code: string;
  name: string;
  status: MatterStatus;
  published: Matter | null;
  draft: Matter | null;
  updatedAt: string;
  publishedAt: string | null;
  /** Set for a matter of the district catalogue; `overridden` when this hall edited it (本厅修改). */
  district?: { overridden: boolean } | null;
}

export interface MatterTopics {
  categories: { name: string; count: number }[];
  lifeEvents: { name: string; count: number }[];
}

export interface PopularMatter {
  code: string;
  name: string;
  category: string;
  serviceId: string | null;
  tickets: number;
}

export interface MatterQuery {
  q?: string;
  category?: string;
  lifeEvent?: string;
  limit?: number;
}

export type { MatterWrite };

const enc = encodeURIComponent;

export function searchMatters(hall: HallClient, query: MatterQuery = {}) {
  const params = new URLSearchParams(Object.entries(query).flatMap(([k, v]) => (v === undefined || v === '' ? [] : [[k, String(v)]])));
  const qs = params.size ? `?${params}` : '';
  return hall.request<{ items: Matter[]; nextCursor: string | null }>('GET', `/api/v1/matters${qs}`);
}

export const getMatter = (hall: HallClient, code: string) => hall.request<Matter>('GET', `/api/v1/matters/${enc(code)}`);
export const matterTopics = (hall: HallClient) => hall.request<MatterTopics>('GET', '/api/v1/matter-topics');
export const popularMatters = (hall: HallClient, limit = 8) => hall.request<{ items: PopularMatter[] }>('GET', `/api/v1/popular-matters?limit=${limit}`);

export const putMatter = (hall: HallClient, code: string, matter: MatterWrite, draft = false) =>
  hall.request<MatterCatalogueItem>('PUT', `/api/v1/matters/${enc(code)}`, draft ? { ...matter, draft: true } : matter);
export const publishMatter = (hall: HallClient, code: string) => hall.request<MatterCatalogueItem>('POST', `/api/v1/matters/${enc(code)}/publish`);
/** 恢复区级版本: the district's definition published again, ending the hall's override. */
export const restoreDistrictMatter = (hall: HallClient, code: string) =>
  hall.request<MatterCatalogueItem>('POST', `/api/v1/matters/${enc(code)}/restore-district`);
export const deleteMatter = (hall: HallClient, code: string) => hall.request<{ code: string }>('DELETE', `/api/v1/matters/${enc(code)}`);

export const matterCatalogue = (hall: HallClient) => hall.request<{ items: MatterCatalogueItem[] }>('GET', '/api/v1/matter-catalogue');
export const exportMatters = (hall: HallClient) =>
  hall.request<{ exportedAt: string; matters: (Matter & { draft?: true })[] }>('GET', '/api/v1/matter-catalogue/export');
export const importMatters = (hall: HallClient, matters: unknown[]) =>
  hall.request<{ imported: number; published: number; drafts: number }>('POST', '/api/v1/matter-catalogue/import', { matters });

export const ticketMatter = (hall: HallClient, ticketId: string) =>
  hall.request<{ matterCode: string | null; matter: { code: string; name: string; promisedDays: number } | null }>(
    'GET',
    `/api/v1/tickets/${enc(ticketId)}/matter`,
  );
