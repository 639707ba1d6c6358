// 证明打印 for the manager: the certificates kiosks printed (filter by days and type), counts per type and day, and
// revoking one with a reason, after which its QR code's page says revoked.
import { useEffect, useMemo, useState, type FormEvent } from 'react';
import { listCertificates, revokeCertificate, type CertificateList } from '../../client/certificates-client.ts';
import type { HallClient } from '../../client/hall-client.ts';
import { HallApiError } from '../../client/hall-client.ts';
import type { CertificateView } from '../../core/certificates.ts';
import { errorText, useLang, useT } from '../shared/i18n.ts';
import { certificateMessages } from './certificates-messages.ts';
import { signedOutBy, useManager } from './store.ts';

type Status = { kind: 'ok' | 'error'; text: string } | null;

const shownTime = (iso: string) => `${iso.slice(5, 10)} ${iso.slice(11, 16)}`;

export function Certificates({ client }: { client: HallClient }) {
  const t = useT(certificateMessages);
  const lang = useLang((s) => s.lang);
  const today = useManager((s) => s.queue?.day ?? '');
  const version = useManager((s) => s.certificatesVersion);
  const [types, setTypes] = useState<{ code: string; name: string }[]>([]);
  const [overrides, setOverrides] = useState<string[]>([]);
  const [from, setFrom] = useState(today);
  const [to, setTo] = useState(today);
  const [type, setType] = useState('');
  const [applied, setApplied] = useState({ from, to, type });
  const [list, setList] = useState<CertificateList | null>(null);
  const [status, setStatus] = useState<Status>(null);
  const [revoking, setRevoking] = useState<{ id: string; reason: string } | null>(null);
  const [busy, setBusy] = useState(false);

  const failure = (err: unknown) => {
    if (!signedOutBy(err)) setStatus({ kind: 'error', text: errorText(lang, err instanceof HallApiError ? err.code : 'NETWORK') });
  };

  useEffect(() => {
    client.request<{ code: string; name: string }[]>('GET', '/api/v1/certificate-types').then(setTypes, failure);
    // Types this hall edited against the district's published ones are marked as its own (本厅修改).
    client.request<{ certificateTypeOverrides?: string[] }>('GET', '/api/v1/district-link').then(
      (link) => setOverrides(link.certificateTypeOverrides ?? []),
      () => undefined,
    );
  }, [client]);
  // The default range follows the hall's day once the queue says which day it is.
  useEffect(() => {
    if (!today) return;
    setFrom((f) => f || today);
    setTo((v) => v || today);
    setApplied((a) => ({ ...a, from: a.from || today, to: a.to || today }));
  }, [today]);

  const load = () => {
    if (!applied.from || !applied.to) return;
    listCertificates(client, { from: applied.from, to: applied.to, type: applied.type || undefined }).then(setList, failure);
  };
  // Reloaded on every certificate event too: a print or a revocation elsewhere shows at once.
  useEffect(load, [client, applied, version]);

  const more = () => {
    if (!list?.nextCursor) return;
    listCertificates(client, { from: applied.from, to: applied.to, type: applied.type || undefined, cursor: list.nextCursor }).then(
      (next) => setList({ ...next, items: [...list.items, ...next.items] }),
      failure,
    );
  };

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!from || !to || to < from) {
      setStatus({ kind: 'error', text: t('certBadRange') });
      return;
    }
    setStatus(null);
    setApplied({ from, to, type });
  };

  const revoke = async (c: CertificateView) => {
    if (!revoking || revoking.reason.trim() === '') {
      setStatus({ kind: 'error', text: t('certReasonNeeded') });
      return;
    }
    setBusy(true);
    setStatus(null);
    try {
      await revokeCertificate(client, c.id, revoking.reason.trim());
      setStatus({ kind: 'ok', text: t('certRevoked', { number: c.number }) });
      setRevoking(null);
      load();
    } catch (err) {
      failure(err);
    } finally {
      setBusy(false);
    }
  };

  // Counts as a grid: a row per day, a column per type that has any.
  const grid = useMemo(() => {
    const counts = list?.counts ?? [];
    const columns = [...new Map(counts.map((c) => [c.type, c.typeName])).entries()];
    const days = [...new Set(counts.map((c) => c.day))].sort().reverse();
    const cell = (day: string, code: string) => counts.find((c) => c.day === day && c.type === code)?.count ?? 0;
    return { columns, days, cell, total: (code: string) => counts.filter((c) => c.type === code).reduce((n, c) => n + c.count, 0) };
  }, [list]);

  return (
    <div className="certificates-page">
      <section className="card">
        <h2>{t('certTitle')}</h2>
        <p className="hint">{t('certHint')}</p>
        <form className="report-form" onSubmit={submit} data-testid="certificate-filters">
          <label>
            {t('certFrom')}
            <input type="date" name="from" value={from} max={to || undefined} onChange={(e) => setFrom(e.target.value)} />
          </label>
          <label>
            {t('certTo')}
            <input type="date" name="to" value={to} min={from || undefined} onChange={(e) => setTo(e.target.value)} />
          </label>
          <label>
            {t('certType')}
            <select name="type" value={type} onChange={(e) => setType(e.target.value)}>
              <option value="">{t('certAllTypes')}</option>
              {types.map((ty) => (
                <option key={ty.code} value={ty.code} data-override={overrides.includes(ty.code) || undefined}>
                  {overrides.includes(ty.code) ? t('certOverride', { name: ty.name }) : ty.name}
                </option>
              ))}
            </select>
          </label>
          <button type="submit" className="primary">
            {t('certQuery')}
          </button>
        </form>
        {status && (
          <p className={status.kind === 'error' ? 'error' : 'ok'} role={status.kind === 'error' ? 'alert' : 'status'} data-status={status.kind}>
            {status.text}
          </p>
        )}
        {grid.columns.length > 0 && (
          <>
            <h3>{t('certCountsTitle')}</h3>
            <table className="grid-table" data-testid="certificate-counts">
              <thead>
                <tr>
                  <th scope="col">{t('certDay')}</th>
                  {grid.columns.map(([code, name]) => (
                    <th key={code} scope="col" className="num">
                      {name}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {grid.days.map((day) => (
                  <tr key={day} data-day={day}>
                    <th scope="row">{day}</th>
                    {grid.columns.map(([code]) => (
                      <td key={code} className="num" data-type={code}>
                        {grid.cell(day, code) || ''}
                      </td>
                    ))}
                  </tr>
                ))}
              </tbody>
              <tfoot>
                <tr>
                  <th scope="row">{t('certTotal')}</th>
                  {grid.columns.map(([code]) => (
                    <th key={code} className="num">
                      {grid.total(code)}
                    </th>
                  ))}
                </tr>
              </tfoot>
            </table>
          </>
        )}
      </section>
      <section className="card">
        {!list ? (
          <p className="empty">{t('certLoading')}</p>
        ) : list.items.length === 0 ? (
          <p className="empty" data-testid="no-certificates">
            {t('certNone')}
          </p>
        ) : (
          <table className="grid-table" data-testid="certificate-list">
            <thead>
              <tr>
                <th scope="col">{t('certColTime')}</th>
                <th scope="col">{t('certColType')}</th>
                <th scope="col">{t('certColHolder')}</th>
                <th scope="col">{t('certColKiosk')}</th>
                <th scope="col">{t('certColNumber')}</th>
                <th scope="col">{t('certColOutcome')}</th>
                <th scope="col">{t('certColStatus')}</th>
                <th scope="col">{t('certColActions')}</th>
              </tr>
            </thead>
            <tbody>
              {list.items.map((c) => (
                <tr key={c.id} data-id={c.id} data-status={c.status}>
                  <td className="num">{shownTime(c.issuedAt)}</td>
                  <td>{c.typeName}</td>
                  <td>
                    {c.holder}
                    <br />
                    <span className="muted">{c.holderId}</span>
                  </td>
                  <td>{c.kiosk.name}</td>
                  <td className="num">{c.number}</td>
                  <td>
                    {t(c.outcome === 'completed' ? 'outcome_completed' : c.outcome === 'aborted' ? 'outcome_aborted' : 'outcome_pending')}
                    {c.prints > 1 && <span className="muted"> · {t('certPrints', { n: String(c.prints) })}</span>}
                  </td>
                  <td className={`cert-status cert-${c.status}`} title={c.revokedReason ?? undefined}>
                    {t(`status_${c.status}`)}
                    {c.revokedReason && <span className="muted"> · {c.revokedReason}</span>}
                  </td>
                  <td>
                    {c.revoked ? null : revoking?.id === c.id ? (
                      <span className="cert-revoke">
                        <input
                          aria-label={t('certRevokeReason')}
                          placeholder={t('certRevokeReason')}
                          value={revoking.reason}
                          maxLength={500}
                          onChange={(e) => setRevoking({ id: c.id, reason: e.target.value })}
                        />
                        <button className="danger" disabled={busy} onClick={() => void revoke(c)}>
                          {busy ? t('certRevoking') : t('certRevokeConfirm')}
                        </button>
                        <button onClick={() => setRevoking(null)}>{t('certCancel')}</button>
                      </span>
                    ) : (
                      <button onClick={() => setRevoking({ id: c.id, reason: '' })}>{t('certRevoke')}</button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        {list?.nextCursor && (
          <button className="more" onClick={more}>
            {t('certMore')}
          </button>
        )}
      </section>
    </div>
  );
}
