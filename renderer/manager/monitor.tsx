// The live monitor: device alerts, the day's counts, waiting per service, every counter's state, recent alerts.
import { useEffect, useMemo, useState } from 'react';
import type { HallClient } from '../../client/hall-client.ts';
import type { AlertView } from '../../core/alerts.ts';
import { hallClient } from '../shared/connection.ts';
import { useLang, useT } from '../shared/i18n.ts';
import { messages, type ManagerKey } from './messages.ts';
import { liveWait, PressureFigures, QueueAlertForm, useQueueWatch, waitText } from './queue-watch.tsx';
import { acknowledgeAlert, hallDateTime, hallTime, loadAlerts, useManager } from './store.ts';

/** Today's alerts by the time alone, older ones with their date. */
function alertTime(iso: string, timeZone: string): string {
  const day = (ms: number) => new Intl.DateTimeFormat('en-CA', { timeZone }).format(ms);
  return day(Date.parse(iso)) === day(Date.now()) ? hallTime(iso, timeZone) : hallDateTime(iso, timeZone);
}

/** The kind in words; a kind this page does not know yet is shown as the server names it. */
function kindText(t: (key: ManagerKey) => string, kind: string): string {
  const key = `alert_${kind}` as ManagerKey;
  return key in messages['zh-CN'] ? t(key) : kind;
}

/**
 * Open device alerts stay on every tab until the device reports it recovered, loud until someone acknowledges them.
 * They are read from the server when the page opens and whenever the link comes back, and follow alert.* events.
 */
export function AlertBand({ client }: { client: HallClient }) {
  const t = useT(messages);
  const lang = useLang((s) => s.lang);
  const alerts = useManager((s) => s.alerts);
  const live = useManager((s) => s.link === 'live');
  const timeZone = useManager((s) => s.settings?.timeZone ?? 'Asia/Shanghai');
  const [failed, setFailed] = useState(false);
  useEffect(() => {
    if (live)
      loadAlerts(client).then(
        () => setFailed(false),
        () => setFailed(true),
      );
  }, [client, live]);
  if (alerts.length === 0 && !failed) return null;
  const waiting = alerts.filter((a) => a.acknowledgedAt === null);
  const acknowledge = (ids: string[]) => {
    setFailed(false);
    void Promise.all(ids.map((id) => acknowledgeAlert(client, id))).catch(() => setFailed(true));
  };
  return (
    <section
      className={waiting.length ? 'alerts' : 'alerts alerts-calm'}
      role={waiting.length ? 'alert' : undefined}
      aria-label={t('alertsTitle')}
      data-testid="alerts"
    >
      <h2 className="alerts-title">
        {t('alertsTitle')}
        {waiting.length > 1 && (
          <button className="alerts-ack-all" onClick={() => acknowledge(waiting.map((a) => a.id))}>
            {t('acknowledgeAll')}
          </button>
        )}
      </h2>
      {failed && <p className="error">{t('alertsFailed')}</p>}
      <ul>
        {alerts.map((a) => (
          <li
            key={a.id}
            className={a.acknowledgedAt ? 'alert alert-acknowledged' : 'alert'}
            data-alert={a.kind}
            data-alert-id={a.id}
            data-device-id={a.deviceId}
            data-acknowledged={a.acknowledgedAt ? 'true' : 'false'}
          >
            <span className="alert-time">{t('alertSince', { t: alertTime(a.since, timeZone) })}</span>
            <strong className="alert-device">{a.deviceName}</strong>
            <span className="alert-what">{kindText(t, a.kind)}</span>
            {/* A queue alert's record is in the hall's language; its kind already says it in the page's. */}
            <span className="alert-message">{a.kind === 'queue_threshold' && lang !== 'zh-CN' ? '' : a.message}</span>
            {a.acknowledgedAt ? (
              <span className="alert-acknowledged-tag">
                {t('acknowledgedBy', { name: a.acknowledgedBy?.name ?? '', t: alertTime(a.acknowledgedAt, timeZone) })}
              </span>
            ) : (
              <button className="alert-ack" onClick={() => acknowledge([a.id])}>
                {t('acknowledge')}
              </button>
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}

/** The latest alerts, open or closed: when each began, when it ended, who acknowledged it. */
function AlertHistory() {
  const t = useT(messages);
  const history = useManager((s) => s.alertHistory);
  const timeZone = useManager((s) => s.settings?.timeZone ?? 'Asia/Shanghai');
  const ended = (a: AlertView) => {
    if (!a.closedAt) return <span className="state state-paused">{t('notRecovered')}</span>;
    const at = alertTime(a.closedAt, timeZone);
    if (a.closedReason === 'superseded') return t('supersededAt', { t: at });
    return a.closedReason === 'device_revoked' ? t('revokedAt', { t: at }) : at;
  };
  return (
    <section className="card alert-history">
      <h2>{t('alertHistoryTitle')}</h2>
      {history === null ? (
        <p className="empty">{t('loading')}</p>
      ) : history.length === 0 ? (
        <p className="empty">{t('noAlertHistory')}</p>
      ) : (
        <table className="grid-table" data-testid="alert-history">
          <thead>
            <tr>
              <th>{t('colAlertSince')}</th>
              <th>{t('colDevice')}</th>
              <th>{t('colAlert')}</th>
              <th>{t('colRecovered')}</th>
              <th>{t('colAcknowledged')}</th>
            </tr>
          </thead>
          <tbody>
            {history.map((a) => (
              <tr key={a.id} data-alert-id={a.id} data-active={a.active ? 'true' : 'false'}>
                <td>{alertTime(a.since, timeZone)}</td>
                <td>{a.deviceName}</td>
                <td>{kindText(t, a.kind)}</td>
                <td>{ended(a)}</td>
                <td className={a.acknowledgedAt ? '' : 'muted'}>
                  {a.acknowledgedAt ? `${a.acknowledgedBy?.name ?? ''} ${alertTime(a.acknowledgedAt, timeZone)}` : t('notAcknowledged')}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

export function Monitor() {
  const t = useT(messages);
  const token = useManager((s) => s.session?.token);
  const client = useMemo(() => hallClient(token), [token]);
  const watch = useQueueWatch(client);
  const queue = useManager((s) => s.queue);
  // The day's figures come with every queue snapshot, which the page fetches again after each ticket event.
  const totals = useManager((s) => s.queue?.today);
  const userNames = useManager((s) => s.userNames);
  if (!queue) return <p className="empty">{t('loading')}</p>;
  const waitingNow = queue.services.reduce((n, s) => n + s.waiting, 0);
  const counters = [...queue.counters].sort((a, b) => a.number - b.number);
  const figures: [ManagerKey, number, string][] = [
    ['waitingNow', waitingNow, 'waiting'],
    ['issued', totals?.issued ?? 0, 'issued'],
    ['called', totals?.called ?? 0, 'called'],
    ['done', totals?.done ?? 0, 'done'],
    ['noShow', totals?.noShow ?? 0, 'no-show'],
  ];
  return (
    <div className="monitor">
      <section className="totals" aria-label={t('totalsTitle')}>
        {figures.map(([key, value, name]) => (
          <div key={key} className="figure" data-figure={name}>
            <span className="figure-value">{value}</span>
            <span className="figure-label">{t(key)}</span>
          </div>
        ))}
        <PressureFigures watch={watch} />
      </section>
      <div className="monitor-grid">
        <section className="card">
          <h2>{t('servicesTitle')}</h2>
          {queue.services.length === 0 ? (
            <p className="empty">{t('noServices')}</p>
          ) : (
            <table className="grid-table" data-testid="services">
              <thead>
                <tr>
                  <th>{t('colService')}</th>
                  <th className="num">{t('colWaiting')}</th>
                  <th className="num">{t('colEstimate')}</th>
                  <th className="num">{t('colLongestWait')}</th>
                  <th className="num">{t('colWindows')}</th>
                  <th>{t('colOpen')}</th>
                </tr>
              </thead>
              <tbody>
                {queue.services.map((s) => {
                  const w = watch?.view.services.find((x) => x.id === s.id);
                  const over = (w?.reached.length ?? 0) > 0;
                  const longest = w ? liveWait(w.longestWaitSeconds, w.waiting, watch?.elapsed ?? 0) : 0;
                  return (
                    <tr
                      key={s.id}
                      data-service-id={s.id}
                      data-waiting={s.waiting}
                      data-over={over ? 'true' : 'false'}
                      className={over ? 'row-over' : undefined}
                    >
                      <td>
                        <span className="prefix">{s.prefix}</span> {s.name}
                        {over && <span className="over-tag">{t('considerWindow')}</span>}
                      </td>
                      <td className="num strong">{s.waiting}</td>
                      <td className="num" data-open-counters={s.openCounters}>
                        {s.openCounters === 0
                          ? t('noCounterOpen')
                          : s.waiting > 0 && s.estimatedWaitSeconds !== null
                            ? t('minutesAbout', { m: Math.max(1, Math.round(s.estimatedWaitSeconds / 60)) })
                            : t('none')}
                      </td>
                      <td className="num" data-cell="longest-wait" data-seconds={longest}>
                        {w && w.waiting > 0 ? waitText(t, longest) : t('none')}
                      </td>
                      <td className="num" data-cell="windows">
                        {w ? w.openWindows : '…'}
                      </td>
                      <td className={s.open ? '' : 'muted'}>{s.open ? t('openNow') : t('closedNow')}</td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          )}
        </section>
        <section className="card">
          <h2>{t('countersTitle')}</h2>
          {counters.length === 0 ? (
            <p className="empty">{t('noCounters')}</p>
          ) : (
            <table className="grid-table" data-testid="counters">
              <thead>
                <tr>
                  <th>{t('colCounter')}</th>
                  <th>{t('colState')}</th>
                  <th>{t('colCurrent')}</th>
                  <th>{t('colStaff')}</th>
                </tr>
              </thead>
              <tbody>
                {counters.map((c) => (
                  <tr key={c.id} data-counter-id={c.id} data-state={c.state} data-current={c.current?.number ?? ''}>
                    <td>
                      <strong>{t('counterNo', { n: c.number })}</strong>
                      {c.name && <span className="muted"> {c.name}</span>}
                    </td>
                    <td>
                      <span className={`state state-${c.state}`}>
                        {t(`state_${c.state}`)}
                        {c.state === 'paused' && `（${t(`reason_${c.pauseReason ?? 'other'}`)}）`}
                      </span>
                    </td>
                    <td className={c.current ? 'current-number' : 'muted'}>{c.current?.number ?? t('none')}</td>
                    <td>{c.staffUserId ? (userNames[c.staffUserId] ?? t('none')) : t('none')}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </section>
      </div>
      <QueueAlertForm client={client} />
      <AlertHistory />
    </div>
  );
}
