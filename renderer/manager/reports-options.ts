// What each chart of the Reports tab draws (ECharts options), from the figures the server gave.
import type { ManagerKey } from './messages.ts';
import { addDays, count, daysBetween, type Summary, type SummaryRow } from './reports-data.ts';
import type { EChartsOption } from './reports-echarts.ts';
import type { Heatmap } from './reports-heatmap.ts';
import type { ReportData } from './reports-tab.tsx';

type T = (key: ManagerKey, vars?: Record<string, string | number>) => string;

const toMinutes = (s: number | null | undefined) => (s === null || s === undefined ? null : Math.round((s / 60) * 10) / 10);
// Still pictures: the PDF and the print view take them at once, and nothing moves on a report.
const base = { animation: false, textStyle: { fontFamily: 'Noto Sans CJK SC, Microsoft YaHei, sans-serif' } };
/** Counts on an axis in the page's language, compact (15万, 150K): a year's figures would run into each other. */
const countAxis = (name?: string) => ({
  type: 'value' as const,
  ...(name === undefined ? {} : { name }),
  minInterval: 1,
  axisLabel: { formatter: (n: number) => new Intl.NumberFormat(globalThis.document?.documentElement.lang || 'zh-CN', { notation: 'compact' }).format(n) },
});

/** Issued and served by day, the mean wait, and the period before's issued on the same day of its period. */
export function trendOption(data: ReportData, today: string, t: T): EChartsOption {
  // A month or week still under way ends today: the days to come have nothing to show.
  const n = daysBetween(data.period.from, data.period.to < today || !today ? data.period.to : today);
  const days = Array.from({ length: n }, (_, i) => addDays(data.period.from, i));
  const byDay = new Map(data.by.day.rows.map((r) => [r.key, r]));
  const before = new Map(data.before.rows.map((r) => [r.key, r]));
  const row = (d: string): SummaryRow | undefined => byDay.get(d);
  return {
    ...base,
    tooltip: { trigger: 'axis' },
    legend: { top: 0 },
    grid: { left: 48, right: 56, top: 36, bottom: 28 },
    xAxis: { type: 'category', data: days.map((d) => d.slice(5)) },
    yAxis: [countAxis(t('unitTickets')), { type: 'value', name: t('unitMinutes'), splitLine: { show: false } }],
    series: [
      { name: t('kpiIssued'), type: 'bar', barMaxWidth: 36, data: days.map((d) => row(d)?.issued ?? 0) },
      { name: t('kpiServed'), type: 'bar', barMaxWidth: 36, data: days.map((d) => row(d)?.served ?? 0) },
      { name: t('kpiWaitMean'), type: 'line', yAxisIndex: 1, data: days.map((d) => toMinutes(row(d)?.waitSeconds.mean)) },
      {
        name: t('previousIssued'),
        type: 'line',
        lineStyle: { type: 'dashed' },
        data: days.map((_, i) => before.get(addDays(data.previous.from, i))?.issued ?? 0),
      },
    ],
  };
}

/** Tickets issued by hour of day (columns) and day (rows). */
export function heatmapOption(h: Heatmap, t: T): EChartsOption {
  const used = h.cells.filter((c) => c.issued > 0).map((c) => c.hour);
  const first = used.length ? Math.min(...used, 8) : 8;
  const last = used.length ? Math.max(...used, 17) : 17;
  const hours = Array.from({ length: last - first + 1 }, (_, i) => first + i);
  const dayIndex = new Map(h.days.map((d, i) => [d, i]));
  const cells = h.cells.filter((c) => c.hour >= first && c.hour <= last).map((c) => [c.hour - first, dayIndex.get(c.day) ?? 0, c.issued]);
  const max = Math.max(1, ...h.cells.map((c) => c.issued));
  return {
    ...base,
    tooltip: { position: 'top' },
    grid: { left: 56, right: 16, top: 8, bottom: 72 },
    xAxis: { type: 'category', data: hours.map((x) => `${String(x).padStart(2, '0')}:00`), splitArea: { show: true } },
    yAxis: { type: 'category', data: h.days.map((d) => d.slice(5)), inverse: true, splitArea: { show: true } },
    visualMap: { min: 0, max, calculable: false, orient: 'horizontal', left: 'center', bottom: 0, itemHeight: 120, text: [`${max} ${t('unitTickets')}`, '0'] },
    series: [{ name: t('kpiIssued'), type: 'heatmap', data: cells, label: { show: h.days.length <= 7 } }],
  };
}

/** Issued by hour of day over the whole period, and the mean wait of those tickets. */
export function hoursOption(s: Summary, t: T): EChartsOption {
  const hours = s.rows.map((r) => r.key);
  return {
    ...base,
    tooltip: { trigger: 'axis' },
    legend: { top: 0 },
    grid: { left: 48, right: 56, top: 36, bottom: 28 },
    xAxis: { type: 'category', data: hours.map((x) => `${x}:00`) },
    yAxis: [countAxis(t('unitTickets')), { type: 'value', name: t('unitMinutes'), splitLine: { show: false } }],
    series: [
      { name: t('kpiIssued'), type: 'bar', barMaxWidth: 36, data: s.rows.map((r) => r.issued) },
      { name: t('kpiWaitMean'), type: 'line', yAxisIndex: 1, data: s.rows.map((r) => toMinutes(r.waitSeconds.mean)) },
    ],
  };
}

/** Issued and served per service, and the share called within the service's target wait. */
export function servicesOption(s: Summary, t: T): EChartsOption {
  const rows = [...s.rows].reverse();
  return {
    ...base,
    tooltip: { trigger: 'axis' },
    legend: { top: 0 },
    grid: { left: 8, right: 48, top: 36, bottom: 24, containLabel: true },
    yAxis: { type: 'category', data: rows.map((r) => r.label || r.key) },
    xAxis: [countAxis(), { type: 'value', max: 100, show: false }],
    series: [
      { name: t('kpiIssued'), type: 'bar', barMaxWidth: 28, data: rows.map((r) => r.issued) },
      { name: t('kpiServed'), type: 'bar', barMaxWidth: 28, data: rows.map((r) => r.served) },
      {
        name: t('kpiServiceLevel'),
        type: 'line',
        xAxisIndex: 1,
        data: rows.map((r) => (r.serviceLevel === null ? null : Math.round(r.serviceLevel * 1000) / 10)),
      },
    ],
  };
}

/** 好差评 by level. */
export function ratingsOption(total: SummaryRow, t: T): EChartsOption {
  const levels = ['5', '4', '3', '2', '1'] as const;
  const colors = { '5': '#1e6b34', '4': '#6bab5a', '3': '#d9b44a', '2': '#e07b39', '1': '#b3261e' };
  return {
    ...base,
    tooltip: { trigger: 'item' },
    legend: { bottom: 0, data: levels.map((l) => t(`ratingLevel_${l}`)) },
    series: [
      {
        name: t('chartRatings'),
        type: 'pie',
        radius: ['35%', '65%'],
        center: ['50%', '45%'],
        // Empty levels stay in the legend, not as slices with crowded labels.
        data: levels
          .filter((l) => total.ratings.byLevel[l] > 0)
          .map((l) => ({ name: t(`ratingLevel_${l}`), value: total.ratings.byLevel[l], itemStyle: { color: colors[l] } })),
        label: { formatter: (p: { value?: unknown }) => count(typeof p.value === 'number' ? p.value : null) },
      },
    ],
  };
}
