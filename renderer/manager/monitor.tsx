// The live monitor: device alerts, the day's counts, waiting per service, every counter's state.
import { useT } from '../shared/i18n.ts';
import { messages, type ManagerKey } from './messages.ts';
import { acknowledge, hallTime, useManager } from './store.ts';

/** Device alerts stay on every tab until someone acknowledges them. */
export function AlertBand() {
  const t = useT(messages);
  const alerts = useManager((s) => s.alerts);
  const timeZone = useManager((s) => s.settings?.timeZone ?? 'Asia/Shanghai');
  if (alerts.length === 0) return null;
  return (
    <section className="alerts" role="alert" aria-label={t('alertsTitle')} data-testid="alerts">
      <h2 className="alerts-title">
        {t('alertsTitle')}
        {alerts.length > 1 && (
          <button className="alerts-ack-all" onClick={() => acknowledge('all')}>
            {t('acknowledgeAll')}
          </button>
        )}
      </h2>
      <ul>
        {alerts.map((a) => (
          <li key={a.seq} className={a.recovered ? 'alert alert-recovered' : 'alert'} data-alert={a.alert} data-device-id={a.deviceId}>
            <span className="alert-time">{hallTime(a.at, timeZone)}</span>
            <strong className="alert-device">{a.deviceName}</strong>
            <span className="alert-what">{t(`alert_${a.alert}`)}</span>
            {a.message && <span className="alert-message">{a.message}</span>}
            {a.recovered && a.alert !== 'recovered' && <span className="alert-recovered-tag">{t('recoveredSince')}</span>}
            <button className="alert-ack" onClick={() => acknowledge(a.seq)}>
              {t('acknowledge')}
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}

export function Monitor() {
  const t = useT(messages);
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
                  <th>{t('colOpen')}</th>
                </tr>
              </thead>
              <tbody>
                {queue.services.map((s) => (
                  <tr key={s.id} data-service-id={s.id} data-waiting={s.waiting}>
                    <td>
                      <span className="prefix">{s.prefix}</span> {s.name}
                    </td>
                    <td className="num strong">{s.waiting}</td>
                    <td className="num" data-open-counters={s.openCounters}>
                      {s.openCounters === 0 ? t('noCounterOpen') : s.waiting > 0 && s.estimatedWaitSeconds !== null ? t('minutesAbout', { m: Math.max(1, Math.round(s.estimatedWaitSeconds / 60)) }) : t('none')}
                    </td>
                    <td className={s.open ? '' : 'muted'}>{s.open ? t('openNow') : t('closedNow')}</td>
                  </tr>
                ))}
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
    </div>
  );
}
