// The hour-of-day × day grid (GET /api/v1/reports/heatmap, the server's addition to the contract's summary).
import type { HallClient } from '../../client/hall-client.ts';
import type { Filters, Period } from './reports-data.ts';

export interface HeatmapCell {
  day: string;
  weekday: number;
  hour: number;
  issued: number;
  served: number;
  called: number;
  waitMean: number | null;
  waitP90: number | null;
  serviceLevel: number | null;
  peakWaiting: number | null;
}

export interface Heatmap {
  from: string;
  to: string;
  days: string[];
  cells: HeatmapCell[];
}

export function fetchHeatmap(client: HallClient, p: Period, filters: Filters): Promise<Heatmap> {
  const q = new URLSearchParams({ from: p.from, to: p.to });
  for (const [k, v] of Object.entries(filters)) if (v) q.set(k, v);
  return client.request<Heatmap>('GET', `/api/v1/reports/heatmap?${q.toString()}`);
}
