// The Reports tab (报表): a period and filters; figures against the period before; charts (ECharts, loaded with this
// tab only); a table per grouping with CSV/XLSX from the server; a print view; the monthly PDF for the leadership.
import { useEffect, useMemo, useState } from 'react';
import type { HallClient } from '../../client/hall-client.ts';
import { HallApiError } from '../../client/hall-client.ts';
import { errorText, useLang, useT } from '../shared/i18n.ts';
import { messages, type ManagerKey } from './messages.ts';
import { Chart } from './reports-charts.tsx';
import {
  CHANNELS,
  GROUP_BYS,
  PERIOD_KINDS,
  count,
  delta,
  download,
  fetchStaffTime,
  fetchSummary,
  hours,
  minutes,
  percent,
  periodOf,
  previousPeriod,
  type Filters,
  type GroupBy,
  type Period,
  type PeriodKind,
  type StaffRow,
  type Summary,
  type SummaryRow,
  type TableId,
} from './reports-data.ts';
import { fetchHeatmap, type Heatmap } from './reports-heatmap.ts';
import { heatmapOption, hoursOption, ratingsOption, servicesOption, trendOption } from './reports-options.ts';
import { signedOutBy, useManager } from './store.ts';

type T = (key: ManagerKey, vars?: Record<string, string | number>) => string;

export interface ReportData {
  period: Period;
  previous: Period;
  by: Record<GroupBy, Summary>;
  before: Summary;
  heatmap: Heatmap;
  staffTime: StaffRow[];
}

/** The figures on the cards: how each is read from a row, shown, and which way is better. */
export const KPIS: {
  id: string;
  label: ManagerKey;
  value: (r: SummaryRow) => number | null;
  show: (v: number | null) => string;
  kind: 'count' | 'seconds' | 'share';
  higherIsBetter: boolean;
}[] = [
  { id: 'issued', label: 'kpiIssued', value: (r) => r.issued, show: count, kind: 'count', higherIsBetter: true },
  { id: 'served', label: 'kpiServed', value: (r) => r.served, show: count, kind: 'count', higherIsBetter: true },
  { id: 'waitMean', label: 'kpiWaitMean', value: (r) => r.waitSeconds.mean, show: minutes, kind: 'seconds', higherIsBetter: false },
  { id: 'waitP90', label: 'kpiWaitP90', value: (r) => r.waitSeconds.p90, show: minutes, kind: 'seconds', higherIsBetter: false },
  { id: 'serviceMean', label: 'kpiServiceMean', value: (r) => r.serviceSeconds.mean, show: minutes, kind: 'seconds', higherIsBetter: false },
  { id: 'serviceLevel', label: 'kpiServiceLevel', value: (r) => r.serviceLevel, show: percent, kind: 'share', higherIsBetter: true },
  { id: 'noShowRate', label: 'kpiNoShowRate', value: (r) => r.noShowRate ?? null, show: percent, kind: 'share', higherIsBetter: false },
  { id: 'satisfaction', label: 'kpiSatisfaction', value: (r) => r.ratings.satisfaction, show: percent, kind: 'share', higherIsBetter: true },
  { id: 'followUpOnTime', label: 'kpiFollowUpOnTime', value: (r) => r.badRatings?.onTimeRate ?? null, show: percent, kind: 'share', higherIsBetter: true },
  { id: 'appointmentShare', label: 'kpiAppointmentShare', value: (r) => r.appointments?.share ?? null, show: percent, kind: 'share', higherIsBetter: true },
  {
    id: 'appointmentOnTime',
    label: 'kpiAppointmentOnTime',
    value: (r) => r.appointments?.onTimeRate ?? null,
    show: percent,
    kind: 'share',
    higherIsBetter: true,
  },
  { id: 'offlineShare', label: 'kpiOfflineShare', value: (r) => r.offline?.share ?? null, show: percent, kind: 'share', higherIsBetter: false },
  { id: 'transferred', label: 'kpiTransferred', value: (r) => r.transferred ?? null, show: count, kind: 'count', higherIsBetter: false },
  { id: 'peakWaiting', label: 'kpiPeakWaiting', value: (r) => r.peakWaiting ?? null, show: count, kind: 'count', higherIsBetter: false },
];

function Kpis({ data, t }: { data: ReportData; t: T }) {
  const now = data.by.day.total;
  const before = data.before.total;
  return (
    <section className="kpis" aria-label={t('kpisTitle')} data-testid="kpis">
      {KPIS.map((k) => {
        const v = k.value(now);
        const p = k.value(before);
        const d = delta(v, p, k.kind);
        const better = d !== null && v !== null && p !== null && v !== p ? v > p === k.higherIsBetter : null;
        return (
          <div key={k.id} className="kpi" data-kpi={k.id} data-value={v ?? ''} data-previous={p ?? ''}>
            <span className="kpi-label">{t(k.label)}</span>
            <span className="kpi-value">{k.show(v)}</span>
            <span className={`kpi-delta ${better === null ? '' : better ? 'delta-good' : 'delta-bad'}`} data-delta={d ?? ''}>
              {d === null ? t('noComparison') : t('vsPrevious', { d, v: k.show(p) })}
            </span>
          </div>
        );
      })}
    </section>
  );
}

/** One table per grouping; the columns the contract's CSV has, in the same order. */
export function ReportTable({ summary, t, caption }: { summary: Summary; t: T; caption: string }) {
  const cells = (r: SummaryRow) =>
    [
      ['issued', r.issued, count(r.issued)],
      ['served', r.served, count(r.served)],
      ['noShow', r.noShow, count(r.noShow)],
      ['cancelled', r.cancelled, count(r.cancelled)],
      ['waitMean', r.waitSeconds.mean, minutes(r.waitSeconds.mean)],
      ['waitP50', r.waitSeconds.p50, minutes(r.waitSeconds.p50)],
      ['waitP90', r.waitSeconds.p90, minutes(r.waitSeconds.p90)],
      ['serviceMean', r.serviceSeconds.mean, minutes(r.serviceSeconds.mean)],
      ['serviceP50', r.serviceSeconds.p50, minutes(r.serviceSeconds.p50)],
      ['serviceP90', r.serviceSeconds.p90, minutes(r.serviceSeconds.p90)],
      ['serviceLevel', r.serviceLevel, percent(r.serviceLevel)],
      ['ratings', r.ratings.count, count(r.ratings.count)],
      ['satisfaction', r.ratings.satisfaction, percent(r.ratings.satisfaction)],
    ] as const;
  const heads: ManagerKey[] = [
    'colIssued',
    'colServed',
    'colNoShow',
    'colCancelled',
    'colWaitMean',
    'colWaitP50',
    'colWaitP90',
    'colServiceMean',
    'colServiceP50',
    'colServiceP90',
    'colServiceLevel',
    'colRatingsCount',
    'colSatisfaction',
  ];
  const row = (r: SummaryRow, total: boolean) => (
    <tr key={total ? '__total' : r.key} data-key={total ? '' : r.key} data-total={total ? 'true' : undefined}>
      {total ? <th scope="row">{t('overall')}</th> : <td>{r.label || r.key}</td>}
      {cells(r).map(([id, raw, text]) => (
        <td key={id} className="num" data-cell={id} data-value={raw ?? ''}>
          {text}
        </td>
      ))}
    </tr>
  );
  return (
    <div className="table-scroll">
      <table className="grid-table report-table" data-testid={`report-table-${summary.groupBy}`} data-group-by={summary.groupBy}>
        <caption>{caption}</caption>
        <thead>
          <tr>
            <th scope="col">{t(`groupBy_${summary.groupBy}`)}</th>
            {heads.map((h) => (
              <th key={h} scope="col" className="num">
                {t(h)}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {summary.rows.length === 0 ? (
            <tr>
              <td colSpan={heads.length + 1} className="empty">
                {t('noReportRows')}
              </td>
            </tr>
          ) : (
            summary.rows.map((r) => row(r, false))
          )}
        </tbody>
        <tfoot>{row(summary.total, true)}</tfoot>
      </table>
    </div>
  );
}

/** Staff time: served, service time, signed in, busy, pauses by reason and idle. */
export function StaffTimeTable({ rows, t, caption }: { rows: StaffRow[]; t: T; caption: string }) {
  const heads: ManagerKey[] = [
    'colServed',
    'colServiceMean',
    'colSignedInHours',
    'colBusyHours',
    'colPauseBreak',
    'colPauseMeeting',
    'colPauseFault',
    'colPauseOther',
    'colIdleHours',
    'colRatingsCount',
    'colSatisfaction',
  ];
  const cells = (r: StaffRow) =>
    [
      ['served', r.served, count(r.served)],
      ['serviceMean', r.serviceSeconds.mean, minutes(r.serviceSeconds.mean)],
      ['signedIn', r.signedInSeconds, hours(r.signedInSeconds)],
      ['busy', r.busySeconds, hours(r.busySeconds)],
      ['pauseBreak', r.pauseSeconds.break, minutes(r.pauseSeconds.break)],
      ['pauseMeeting', r.pauseSeconds.meeting, minutes(r.pauseSeconds.meeting)],
      ['pauseFault', r.pauseSeconds.system_fault, minutes(r.pauseSeconds.system_fault)],
      ['pauseOther', r.pauseSeconds.other, minutes(r.pauseSeconds.other)],
      ['idle', r.idleSeconds, hours(r.idleSeconds)],
      ['ratings', r.ratings.count, count(r.ratings.count)],
      ['satisfaction', r.ratings.satisfaction, percent(r.ratings.satisfaction)],
    ] as const;
  return (
    <div className="table-scroll">
      <table className="grid-table report-table" data-testid="report-table-staffTime">
        <caption>{caption}</caption>
        <thead>
          <tr>
            <th scope="col">{t('groupBy_staff')}</th>
            {heads.map((h) => (
              <th key={h} scope="col" className="num">
                {t(h)}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.length === 0 ? (
            <tr>
              <td colSpan={heads.length + 1} className="empty">
                {t('noReportRows')}
              </td>
            </tr>
          ) : (
            rows.map((r) => (
              <tr key={r.key} data-key={r.key}>
                <td>{r.label || r.key}</td>
                {cells(r).map(([id, raw, text]) => (
                  <td key={id} className="num" data-cell={id} data-value={raw ?? ''}>
                    {text}
                  </td>
                ))}
              </tr>
            ))
          )}
        </tbody>
      </table>
    </div>
  );
}

const TABLES: TableId[] = [...GROUP_BYS, 'staffTime'];

export default function Reports({ client }: { client: HallClient }) {
  const t = useT(messages);
  const lang = useLang((s) => s.lang);
  const today = useManager((s) => s.queue?.day ?? '');
  const hallName = useManager((s) => s.settings?.hallName ?? '');
  const userNames = useManager((s) => s.userNames);
  const [kind, setKind] = useState<PeriodKind>('day');
  const [anchor, setAnchor] = useState(today);
  const [custom, setCustom] = useState<Period>({ from: today, to: today });
  const [filters, setFilters] = useState<Filters>({ serviceId: '', counterId: '', staffId: '', channel: '' });
  const [table, setTable] = useState<TableId>('service');
  const [data, setData] = useState<ReportData | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const [choices, setChoices] = useState<{ services: { id: string; name: string }[]; counters: { id: string; number: number; name: string | null }[] }>({
    services: [],
    counters: [],
  });

  useEffect(() => {
    if (!today) return;
    setAnchor((a) => a || today);
    setCustom((c) => (c.from ? c : { from: today, to: today }));
  }, [today]);

  useEffect(() => {
    Promise.all([client.services(), client.counters()]).then(
      ([services, counters]) => setChoices({ services, counters: [...counters].sort((a, b) => a.number - b.number) }),
      (err: unknown) => void signedOutBy(err),
    );
  }, [client]);

  const period = useMemo(() => (anchor ? periodOf(kind, anchor, custom) : null), [kind, anchor, custom]);
  const previous = useMemo(() => (period ? previousPeriod(kind, period) : null), [kind, period]);
  const badRange = period !== null && period.to < period.from;

  useEffect(() => {
    if (!period || !previous || badRange) return;
    let gone = false;
    setError(null);
    const all = GROUP_BYS.map((g) => fetchSummary(client, period, g, filters));
    Promise.all([
      Promise.all(all),
      fetchSummary(client, previous, 'day', filters),
      fetchHeatmap(client, period, filters),
      fetchStaffTime(client, period, filters),
    ]).then(
      ([list, before, heatmap, staff]) => {
        if (gone) return;
        setData({
          period,
          previous,
          by: Object.fromEntries(list.map((s, i) => [GROUP_BYS[i], s])) as Record<GroupBy, Summary>,
          before,
          heatmap,
          staffTime: staff.rows,
        });
      },
      (err: unknown) => {
        if (!gone && !signedOutBy(err)) setError(errorText(lang, err instanceof HallApiError ? err.code : 'NETWORK'));
      },
    );
    return () => {
      gone = true;
    };
  }, [client, period, previous, badRange, filters, lang]);

  const options = useMemo(() => {
    if (!data) return null;
    return {
      trend: trendOption(data, today, t),
      heatmap: heatmapOption(data.heatmap, t),
      hours: hoursOption(data.by.hour, t),
      services: servicesOption(data.by.service, t),
      ratings: ratingsOption(data.by.day.total, t),
    };
  }, [data, today, t]);

  const act = async (what: string, run: () => Promise<void>) => {
    setBusy(what);
    setError(null);
    try {
      await run();
    } catch (err) {
      if (!signedOutBy(err)) setError(errorText(lang, err instanceof HallApiError ? err.code : 'NETWORK'));
    } finally {
      setBusy(null);
    }
  };
  const monthlyPdf = () =>
    act('pdf', async () => {
      if (!data) return;
      const { buildMonthlyPdf } = await import('./reports-pdf.ts');
      await buildMonthlyPdf({ data, t, hallName, lang });
    });

  const periodText = data ? (data.period.from === data.period.to ? data.period.from : `${data.period.from} – ${data.period.to}`) : '';
  const previousText = data ? (data.previous.from === data.previous.to ? data.previous.from : `${data.previous.from} – ${data.previous.to}`) : '';
  const filterSelect = (name: keyof Filters, label: ManagerKey, items: [string, string][]) => (
    <label>
      {t(label)}
      <select name={name} value={filters[name]} onChange={(e) => setFilters({ ...filters, [name]: e.target.value })}>
        <option value="">{t('filterAll')}</option>
        {items.map(([v, text]) => (
          <option key={v} value={v}>
            {text}
          </option>
        ))}
      </select>
    </label>
  );

  return (
    <div className="reports" data-testid="reports">
      <header className="print-only print-head">
        <h1>
          {hallName} {t('reportsTitle')}
        </h1>
        <p>
          {t('periodLabel')} {periodText}（{t('previousLabel')} {previousText}）
        </p>
      </header>
      <section className="card reports-controls no-print" aria-label={t('periodTitle')}>
        <div className="period-kinds" role="radiogroup" aria-label={t('periodTitle')}>
          {PERIOD_KINDS.map((k) => (
            <label key={k} className={kind === k ? 'period-kind period-kind-on' : 'period-kind'}>
              <input type="radio" name="period" value={k} checked={kind === k} onChange={() => setKind(k)} />
              {t(`period_${k}`)}
            </label>
          ))}
        </div>
        {kind === 'custom' ? (
          <>
            <label>
              {t('from')}
              <input type="date" name="from" value={custom.from} max={today || undefined} onChange={(e) => setCustom({ ...custom, from: e.target.value })} />
            </label>
            <label>
              {t('to')}
              <input type="date" name="to" value={custom.to} max={today || undefined} onChange={(e) => setCustom({ ...custom, to: e.target.value })} />
            </label>
          </>
        ) : kind === 'month' ? (
          <label>
            {t('period_month')}
            <input
              type="month"
              name="month"
              value={anchor.slice(0, 7)}
              max={today.slice(0, 7) || undefined}
              onChange={(e) => e.target.value && setAnchor(`${e.target.value}-01`)}
            />
          </label>
        ) : (
          <label>
            {kind === 'week' ? t('weekOf') : t('period_day')}
            <input type="date" name="anchor" value={anchor} max={today || undefined} onChange={(e) => e.target.value && setAnchor(e.target.value)} />
          </label>
        )}
        {filterSelect(
          'serviceId',
          'filterService',
          choices.services.map((s) => [s.id, s.name]),
        )}
        {filterSelect(
          'counterId',
          'filterCounter',
          choices.counters.map((c) => [c.id, c.name ? `${t('counterNo', { n: c.number })} ${c.name}` : t('counterNo', { n: c.number })]),
        )}
        {filterSelect('staffId', 'filterStaff', Object.entries(userNames))}
        {filterSelect(
          'channel',
          'filterChannel',
          CHANNELS.map((c) => [c, t(`channel_${c}`)]),
        )}
        <p className="period-shown" data-testid="period-shown">
          {period &&
            !badRange &&
            t('periodAgainst', {
              p: period.from === period.to ? period.from : `${period.from} – ${period.to}`,
              q: previous ? (previous.from === previous.to ? previous.from : `${previous.from} – ${previous.to}`) : '',
            })}
        </p>
        <div className="reports-actions">
          <button type="button" onClick={() => window.print()} disabled={!data} data-action="print">
            {t('printView')}
          </button>
          <button type="button" className="primary" onClick={() => void monthlyPdf()} disabled={!data || busy !== null} data-action="pdf">
            {busy === 'pdf' ? t('pdfMaking') : t('monthlyPdf')}
          </button>
        </div>
      </section>
      {badRange && (
        <p className="error" role="alert">
          {t('badRange')}
        </p>
      )}
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      {!data || !options ? (
        !error && <p className="empty">{t('loading')}</p>
      ) : (
        <>
          <Kpis data={data} t={t} />
          <div className="charts">
            <section className="card chart-card chart-wide">
              <h2>{t('chartTrend')}</h2>
              <Chart name="trend" option={options.trend} label={t('chartTrend')} />
            </section>
            <section className="card chart-card chart-wide">
              <h2>{t('chartHeatmap')}</h2>
              <Chart name="heatmap" option={options.heatmap} label={t('chartHeatmap')} height={Math.min(640, 110 + data.heatmap.days.length * 20)} />
            </section>
            <section className="card chart-card">
              <h2>{t('chartHours')}</h2>
              <Chart name="hours" option={options.hours} label={t('chartHours')} />
            </section>
            <section className="card chart-card">
              <h2>{t('chartServices')}</h2>
              <Chart name="services" option={options.services} label={t('chartServices')} />
            </section>
            <section className="card chart-card">
              <h2>{t('chartRatings')}</h2>
              <Chart name="ratings" option={options.ratings} label={t('chartRatings')} />
            </section>
          </div>
          <section className="card report-tables">
            <div className="subtabs no-print">
              <div className="subtabs-list" role="tablist" aria-label={t('tablesTitle')}>
                {TABLES.map((g) => (
                  <button key={g} role="tab" className="subtab" aria-selected={table === g} data-group-by={g} onClick={() => setTable(g)}>
                    {g === 'staffTime' ? t('staffTimeTab') : t(`groupBy_${g}`)}
                  </button>
                ))}
              </div>
              <span className="subtabs-gap" />
              <button
                type="button"
                disabled={busy !== null}
                data-action="csv"
                onClick={() => void act('csv', () => download(client, data.period, table, filters, 'csv'))}
              >
                {t('downloadCsv')}
              </button>
              <button
                type="button"
                disabled={busy !== null}
                data-action="xlsx"
                onClick={() => void act('xlsx', () => download(client, data.period, table, filters, 'xlsx'))}
              >
                {t('downloadXlsx')}
              </button>
            </div>
            {GROUP_BYS.map((g) => (
              <div key={g} className={g === table ? 'table-block table-on' : 'table-block'} role="tabpanel" aria-label={t(`groupBy_${g}`)}>
                <ReportTable summary={data.by[g]} t={t} caption={`${t('tableBy', { by: t(`groupBy_${g}`) })} ${periodText}`} />
              </div>
            ))}
            <div className={table === 'staffTime' ? 'table-block table-on' : 'table-block'} role="tabpanel" aria-label={t('staffTimeTab')}>
              <StaffTimeTable rows={data.staffTime} t={t} caption={`${t('staffTimeTab')} ${periodText}`} />
            </div>
          </section>
        </>
      )}
    </div>
  );
}
