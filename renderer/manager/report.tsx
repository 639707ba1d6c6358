// Satisfaction report (GB/T 39735 figures) by counter, staff or service over a range of hall days, today by default.
import { useEffect, useState, type FormEvent } from 'react';
import type { HallClient, SatisfactionReport } from '../../client/hall-client.ts';
import { HallApiError } from '../../client/hall-client.ts';
import { errorText, useLang, useT } from '../shared/i18n.ts';
import { messages } from './messages.ts';
import { signedOutBy, useManager } from './store.ts';

type By = SatisfactionReport['by'];
const LEVELS = ['1', '2', '3', '4', '5'] as const;

const percent = (rate: number | null) => (rate === null ? '—' : `${(rate * 100).toFixed(1)}%`);
const avg = (n: number | null) => (n === null ? '—' : n.toFixed(2));

export function Report({ client }: { client: HallClient }) {
  const t = useT(messages);
  const lang = useLang((s) => s.lang);
  const today = useManager((s) => s.queue?.day ?? '');
  const version = useManager((s) => s.feedbackVersion);
  const [by, setBy] = useState<By>('counter');
  const [from, setFrom] = useState(today);
  const [to, setTo] = useState(today);
  // What the table shows: the form's values as of the last query (or grouping change).
  const [applied, setApplied] = useState({ by, from, to });
  const [report, setReport] = useState<SatisfactionReport | null>(null);
  const [error, setError] = useState<string | null>(null);

  // The default range follows the hall's day once the queue says which day it is.
  useEffect(() => {
    if (!today) return;
    setFrom((f) => f || today);
    setTo((v) => v || today);
    setApplied((a) => ({ ...a, from: a.from || today, to: a.to || today }));
  }, [today]);

  // Reloaded on every new rating too, so today's figures stay current.
  useEffect(() => {
    if (!applied.from || !applied.to) return;
    client.satisfaction(applied.by, { from: applied.from, to: applied.to }).then(setReport, (err: unknown) => {
      if (!signedOutBy(err)) setError(errorText(lang, err instanceof HallApiError ? err.code : 'NETWORK'));
    });
  }, [client, applied, version, lang]);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!from || !to || to < from) {
      setError(t('badRange'));
      return;
    }
    setError(null);
    setApplied({ by, from, to });
  };
  const regroup = (next: By) => {
    setBy(next);
    setApplied((a) => ({ ...a, by: next }));
  };

  return (
    <section className="card report">
      <form className="report-form" onSubmit={submit}>
        <label>
          {t('reportBy')}
          <select name="by" value={by} onChange={(e) => regroup(e.target.value as By)}>
            {(['counter', 'staff', 'service'] as const).map((b) => (
              <option key={b} value={b}>
                {t(`by_${b}`)}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('from')}
          <input type="date" name="from" value={from} max={to || undefined} onChange={(e) => setFrom(e.target.value)} />
        </label>
        <label>
          {t('to')}
          <input type="date" name="to" value={to} min={from || undefined} onChange={(e) => setTo(e.target.value)} />
        </label>
        <button type="submit" className="primary">
          {t('query')}
        </button>
      </form>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      {!report ? (
        <p className="empty">{t('loading')}</p>
      ) : report.rows.length === 0 ? (
        <p className="empty" data-testid="no-ratings">
          {t('noRatings')}
        </p>
      ) : (
        <table className="grid-table" data-testid="satisfaction" data-by={report.by}>
          <thead>
            <tr>
              <th>{t('colName')}</th>
              <th className="num">{t('colRatings')}</th>
              <th className="num">{t('colAverage')}</th>
              <th className="num">{t('colSatisfied')}</th>
              {LEVELS.map((l) => (
                <th key={l} className="num">
                  {l}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {report.rows.map((r) => (
              <tr key={r.key ?? ''} data-key={r.key ?? ''}>
                <td>{r.name ?? t('unknownName')}</td>
                <td className="num" data-cell="ratings">
                  {r.ratings}
                </td>
                <td className="num" data-cell="average">
                  {avg(r.average)}
                </td>
                <td className="num">{percent(r.satisfiedRate)}</td>
                {LEVELS.map((l) => (
                  <td key={l} className={`num level-count level-${l}`} data-level={l}>
                    {r.levels[l] || ''}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
          <tfoot>
            <tr>
              <th>{t('overall')}</th>
              <th className="num">{report.overall.ratings}</th>
              <th className="num">{avg(report.overall.average)}</th>
              <th className="num">{percent(report.overall.satisfiedRate)}</th>
              {LEVELS.map((l) => (
                <th key={l} className="num">
                  {report.rows.reduce((n, r) => n + r.levels[l], 0) || ''}
                </th>
              ))}
            </tr>
          </tfoot>
        </table>
      )}
    </section>
  );
}
