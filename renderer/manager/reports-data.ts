// The Reports tab's data: periods and the one before, the summary endpoint (docs/hall-api.md "Reports"), formats.
import type { HallClient } from '../../client/hall-client.ts';
import { HallApiError } from '../../client/hall-client.ts';

export const GROUP_BYS = ['service', 'counter', 'staff', 'hour', 'day'] as const;
export type GroupBy = (typeof GROUP_BYS)[number];
export const PERIOD_KINDS = ['day', 'week', 'month', 'custom'] as const;
export type PeriodKind = (typeof PERIOD_KINDS)[number];
/** How a ticket came (the server's channel filter). */
export const CHANNELS = ['kiosk', 'offline', 'appointment', 'desk', 'integrator'] as const;

interface Spread {
  mean: number | null;
  p50: number | null;
  p90: number | null;
}

/** A row of GET /reports/summary: the contract's fields, and the server's additions where it gives them. */
export interface SummaryRow {
  key: string;
  label: string;
  issued: number;
  served: number;
  noShow: number;
  cancelled: number;
  waitSeconds: Spread;
  serviceSeconds: Spread;
  serviceLevel: number | null;
  ratings: { count: number; byLevel: Record<'1' | '2' | '3' | '4' | '5', number>; satisfaction: number | null };
  called?: number;
  transferred?: number;
  noShowRate?: number | null;
  appointments?: { count: number; share: number | null; onTime: number; onTimeRate: number | null };
  offline?: { count: number; share: number | null };
  badRatings?: { count: number; resolvedOnTime: number; resolvedLate: number; open: number; overdue: number; onTimeRate: number | null };
  peakWaiting?: number | null;
}

export interface Summary {
  from: string;
  to: string;
  groupBy: GroupBy;
  rows: SummaryRow[];
  total: SummaryRow;
}

export interface Filters {
  serviceId: string;
  counterId: string;
  staffId: string;
  channel: string;
}

export interface Period {
  from: string;
  to: string;
}

// ── dates (YYYY-MM-DD, hall days; computed in UTC so no zone shifts them) ──
const toDate = (day: string) => new Date(`${day}T00:00:00Z`);
const fromDate = (d: Date) => d.toISOString().slice(0, 10);
export const addDays = (day: string, n: number) => fromDate(new Date(toDate(day).getTime() + n * 86_400_000));
export const daysBetween = (from: string, to: string) => Math.round((toDate(to).getTime() - toDate(from).getTime()) / 86_400_000) + 1;

/** The period a picker choice means: the day, its week (Monday–Sunday), its month, or the custom range. */
export function periodOf(kind: PeriodKind, anchor: string, custom: Period): Period {
  if (kind === 'day') return { from: anchor, to: anchor };
  if (kind === 'week') {
    const weekday = (toDate(anchor).getUTCDay() + 6) % 7;
    const from = addDays(anchor, -weekday);
    return { from, to: addDays(from, 6) };
  }
  if (kind === 'month') {
    const from = `${anchor.slice(0, 7)}-01`;
    const next = toDate(from);
    next.setUTCMonth(next.getUTCMonth() + 1);
    return { from, to: addDays(fromDate(next), -1) };
  }
  return custom;
}

/** The period before, of the same kind: the day, week or calendar month before; a custom range's same length before it. */
export function previousPeriod(kind: PeriodKind, p: Period): Period {
  if (kind === 'month') {
    const start = toDate(p.from);
    start.setUTCMonth(start.getUTCMonth() - 1);
    return periodOf('month', fromDate(start), p);
  }
  const n = daysBetween(p.from, p.to);
  return { from: addDays(p.from, -n), to: addDays(p.from, -1) };
}

// ── the endpoint ──
export function summaryQuery(p: Period, groupBy: GroupBy, filters: Filters, format?: 'csv' | 'xlsx'): string {
  const q = new URLSearchParams({ from: p.from, to: p.to, groupBy });
  for (const [k, v] of Object.entries(filters)) if (v) q.set(k, v);
  if (format) q.set('format', format);
  return `/api/v1/reports/summary?${q.toString()}`;
}

export const fetchSummary = (client: HallClient, p: Period, groupBy: GroupBy, filters: Filters) =>
  client.request<Summary>('GET', summaryQuery(p, groupBy, filters));

/** GET /api/v1/reports/staff: each member of staff's time (the server's addition). */
export interface StaffRow {
  key: string;
  label: string;
  served: number;
  serviceSeconds: Spread;
  signedInSeconds: number;
  busySeconds: number;
  pauseSeconds: { break: number; meeting: number; system_fault: number; other: number; total: number };
  idleSeconds: number;
  ratings: { count: number; satisfaction: number | null };
}

export function staffQuery(p: Period, filters: Filters, format?: 'csv' | 'xlsx'): string {
  const q = new URLSearchParams({ from: p.from, to: p.to });
  for (const [k, v] of Object.entries(filters)) if (v) q.set(k, v);
  if (format) q.set('format', format);
  return `/api/v1/reports/staff?${q.toString()}`;
}

export const fetchStaffTime = (client: HallClient, p: Period, filters: Filters) => client.request<{ rows: StaffRow[] }>('GET', staffQuery(p, filters));

/** The tables: one per grouping of the summary, and staff time. */
export type TableId = GroupBy | 'staffTime';

/** CSV or XLSX as the server writes it, saved by the browser under the server's file name (or ours). */
export async function download(client: HallClient, p: Period, table: TableId, filters: Filters, format: 'csv' | 'xlsx'): Promise<void> {
  const path = table === 'staffTime' ? staffQuery(p, filters, format) : summaryQuery(p, table, filters, format);
  const res = await fetch(path, { headers: { authorization: `Bearer ${client.token ?? ''}` } });
  if (!res.ok) {
    const body = (await res.json().catch(() => null)) as { error?: { code?: string; message?: string } } | null;
    throw new HallApiError(res.status, body?.error?.code ?? 'HTTP_ERROR', body?.error?.message ?? res.statusText);
  }
  const named = /filename="?([^";]+)"?/.exec(res.headers.get('content-disposition') ?? '')?.[1];
  saveBlob(await res.blob(), named ?? `report-${table}-${p.from}-${p.to}.${format}`);
}

export function saveBlob(blob: Blob, name: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

// ── formats: what a cell shows for a value of the API (the e2e test formats the API's numbers the same way) ──
export const minutes = (seconds: number | null | undefined) => (seconds === null || seconds === undefined ? '—' : (seconds / 60).toFixed(1));
export const percent = (share: number | null | undefined) => (share === null || share === undefined ? '—' : `${(share * 100).toFixed(1)}%`);
/** Counts with thousands separators (1,571,849), as Chinese statistics print them. */
export const count = (n: number | null | undefined) => (n === null || n === undefined ? '—' : n.toLocaleString('en-US'));
export const hours = (seconds: number | null | undefined) => (seconds === null || seconds === undefined ? '—' : (seconds / 3600).toFixed(1));

/** Change against the period before: relative for counts and times, in points for shares; null when there is nothing to compare. */
export function delta(now: number | null | undefined, before: number | null | undefined, kind: 'count' | 'seconds' | 'share'): string | null {
  if (now === null || now === undefined || before === null || before === undefined) return null;
  if (kind === 'share') {
    const pts = (now - before) * 100;
    return `${pts >= 0 ? '+' : '−'}${Math.abs(pts).toFixed(1)}pt`;
  }
  if (before === 0) return now === 0 ? '±0' : null;
  const rel = ((now - before) / before) * 100;
  return `${rel >= 0 ? '+' : '−'}${Math.abs(rel).toFixed(1)}%`;
}
