// 消息推送 for the manager: webhook subscriptions (create, events, disable, rotate the secret, test ping), the secret
// shown once, and the delivery log with status, attempts and last error, replaying one delivery or every failed one.
import { useEffect, useState, type FormEvent } from 'react';
import type { HallClient } from '../../client/hall-client.ts';
import { HallApiError } from '../../client/hall-client.ts';
import { WEBHOOK_EVENTS, type DeliveryStatus, type WebhookEvent } from '../../core/webhooks.ts';
import { errorText, useLang, useT } from '../shared/i18n.ts';
import { webhookMessages, type WebhookKey } from './webhooks-messages.ts';
import { signedOutBy } from './store.ts';
import './webhooks.css';

interface Subscription {
  id: string;
  url: string;
  events: WebhookEvent[];
  nearAhead: number;
  description: string | null;
  disabled: boolean;
  deliveries: Record<DeliveryStatus, number>;
}
interface Delivery {
  id: string;
  subscriptionId: string;
  type: string;
  status: DeliveryStatus;
  attempts: number;
  lastStatus: number | null;
  lastError: string | null;
  createdAt: string;
  nextAttemptAt: string | null;
}
type Status = { kind: 'ok' | 'error'; text: string } | null;

const eventKey = (type: string) => `ev_${type.replace('.', '_')}` as WebhookKey;
const PAGE = 50;

export function WebhooksAdmin({ client }: { client: HallClient }) {
  const t = useT(webhookMessages);
  const lang = useLang((s) => s.lang);
  const [subs, setSubs] = useState<Subscription[] | null>(null);
  const [log, setLog] = useState<{ items: Delivery[]; nextCursor: string | null } | null>(null);
  const [filter, setFilter] = useState<{ status: DeliveryStatus | ''; subscriptionId: string }>({ status: '', subscriptionId: '' });
  const [status, setStatus] = useState<Status>(null);
  const [secret, setSecret] = useState<string | null>(null);
  const [rotating, setRotating] = useState<Subscription | null>(null);
  const [busy, setBusy] = useState(false);

  const failure = (err: unknown) => {
    if (signedOutBy(err)) return;
    setStatus({ kind: 'error', text: errorText(lang, err instanceof HallApiError ? err.code : 'NETWORK') });
  };
  const logPath = (cursor: string | null) => {
    const q = new URLSearchParams({ limit: String(PAGE) });
    if (filter.status) q.set('status', filter.status);
    if (filter.subscriptionId) q.set('subscriptionId', filter.subscriptionId);
    if (cursor) q.set('cursor', cursor);
    return `/api/v1/webhook-deliveries?${q.toString()}`;
  };
  const load = () =>
    Promise.all([
      client.request<{ items: Subscription[] }>('GET', '/api/v1/webhooks').then((r) => setSubs(r.items)),
      client.request<{ items: Delivery[]; nextCursor: string | null }>('GET', logPath(null)).then(setLog),
    ]).catch(failure);
  useEffect(() => void load(), [client, filter]);
  // Attempts happen in the background: the counts and the log are read again while the tab is open.
  useEffect(() => {
    const timer = setInterval(() => void load(), 5000);
    return () => clearInterval(timer);
  }, [client, filter]);

  const act = async (run: () => Promise<string>) => {
    setBusy(true);
    setStatus(null);
    try {
      setStatus({ kind: 'ok', text: await run() });
    } catch (err) {
      failure(err);
    } finally {
      setBusy(false);
      await load();
    }
  };
  const more = async () => {
    if (!log?.nextCursor) return;
    const next = await client.request<{ items: Delivery[]; nextCursor: string | null }>('GET', logPath(log.nextCursor)).catch(failure);
    if (next) setLog({ items: [...log.items, ...next.items], nextCursor: next.nextCursor });
  };
  const when = (iso: string) => new Date(iso).toLocaleString(lang, { month: 'numeric', day: 'numeric', hour: '2-digit', minute: '2-digit', second: '2-digit' });
  const urlOf = (id: string) => subs?.find((s) => s.id === id)?.url ?? id;

  return (
    <div className="webhooks-page">
      <section className="card">
        <h2>{t('whTitle')}</h2>
        <p className="hint">{t('whHint')}</p>
        {!subs ? (
          <p className="empty">{t('whLoading')}</p>
        ) : subs.length === 0 ? (
          <p className="empty">{t('whNone')}</p>
        ) : (
          <table className="grid-table webhooks-table" data-testid="webhooks-table">
            <thead>
              <tr>
                <th scope="col">{t('whColUrl')}</th>
                <th scope="col">{t('whColEvents')}</th>
                <th scope="col">{t('whColState')}</th>
                <th scope="col">{t('whColCounts')}</th>
                <th scope="col">{t('whColActions')}</th>
              </tr>
            </thead>
            <tbody>
              {subs.map((s) => (
                <tr key={s.id} data-webhook-id={s.id} className={s.disabled ? 'is-disabled' : undefined}>
                  <td className="webhooks-url">
                    <span>{s.url}</span>
                    {s.description && <small>{s.description}</small>}
                  </td>
                  <td>{s.events.map((e) => t(eventKey(e))).join('、')}</td>
                  <td>{s.disabled ? t('whDisabled') : t('whEnabled')}</td>
                  <td data-testid="webhook-counts">
                    {s.deliveries.pending} / {s.deliveries.delivered} /{' '}
                    <span className={s.deliveries.failed > 0 ? 'webhooks-failed' : undefined}>{s.deliveries.failed}</span>
                  </td>
                  <td>
                    <div className="row-actions">
                      <button
                        type="button"
                        disabled={busy}
                        onClick={() =>
                          void act(async () => {
                            await client.request('POST', `/api/v1/webhooks/${s.id}/test`);
                            return t('whTested');
                          })
                        }
                      >
                        {t('whTest')}
                      </button>
                      <button type="button" disabled={busy} onClick={() => setRotating(s)}>
                        {t('whRotate')}
                      </button>
                      <button
                        type="button"
                        disabled={busy}
                        onClick={() =>
                          void act(async () => {
                            await client.request('PATCH', `/api/v1/webhooks/${s.id}`, { disabled: !s.disabled });
                            return s.disabled ? t('whEnabledNote') : t('whDisabledNote');
                          })
                        }
                      >
                        {s.disabled ? t('whEnable') : t('whDisable')}
                      </button>
                      <button type="button" onClick={() => setFilter({ status: '', subscriptionId: s.id })}>
                        {t('whShowLog')}
                      </button>
                    </div>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        {status && (
          <p className={status.kind === 'error' ? 'error' : 'ok'} role="status" data-status={status.kind}>
            {status.text}
          </p>
        )}
      </section>

      <NewSubscription client={client} onCreated={(s) => (setSecret(s), void load())} onError={failure} />

      <section className="card">
        <h2>{t('logTitle')}</h2>
        <p className="hint">{t('logHint')}</p>
        <div className="webhooks-filter">
          <label>
            {t('logSubscription')}
            <select value={filter.subscriptionId} onChange={(e) => setFilter({ ...filter, subscriptionId: e.target.value })}>
              <option value="">{t('logAllSubs')}</option>
              {subs?.map((s) => (
                <option key={s.id} value={s.id}>
                  {s.description ?? s.url}
                </option>
              ))}
            </select>
          </label>
          <label>
            {t('logFilter')}
            <select value={filter.status} onChange={(e) => setFilter({ ...filter, status: e.target.value as DeliveryStatus | '' })}>
              <option value="">{t('logAll')}</option>
              {(['pending', 'delivered', 'failed'] as const).map((st) => (
                <option key={st} value={st}>
                  {t(`st_${st}`)}
                </option>
              ))}
            </select>
          </label>
          <button
            type="button"
            disabled={busy}
            data-testid="replay-failed"
            onClick={() =>
              void act(async () => {
                const r = await client.request<{ replayed: number }>(
                  'POST',
                  '/api/v1/webhook-deliveries/replay-failed',
                  filter.subscriptionId ? { subscriptionId: filter.subscriptionId } : {},
                );
                return t('logReplayedN', { n: r.replayed });
              })
            }
          >
            {t('logReplayFailed')}
          </button>
        </div>
        {log && log.items.length === 0 ? (
          <p className="empty">{t('logNone')}</p>
        ) : (
          <table className="grid-table webhooks-log" data-testid="webhook-log">
            <thead>
              <tr>
                <th scope="col">{t('logColTime')}</th>
                <th scope="col">{t('logColType')}</th>
                <th scope="col">{t('logColTo')}</th>
                <th scope="col">{t('logColStatus')}</th>
                <th scope="col">{t('logColAttempts')}</th>
                <th scope="col">{t('logColLast')}</th>
                <th scope="col">{t('logColActions')}</th>
              </tr>
            </thead>
            <tbody>
              {log?.items.map((d) => (
                <tr key={d.id} data-delivery-id={d.id} data-status={d.status}>
                  <td>{when(d.createdAt)}</td>
                  <td>{t(eventKey(d.type))}</td>
                  <td className="webhooks-url">
                    <span>{urlOf(d.subscriptionId)}</span>
                  </td>
                  <td className={`webhooks-st webhooks-st-${d.status}`}>{t(`st_${d.status}`)}</td>
                  <td>{d.attempts}</td>
                  <td className="webhooks-last">
                    {d.lastError ?? (d.lastStatus !== null ? `HTTP ${d.lastStatus}` : '—')}
                    {d.nextAttemptAt && <small>{t('logNextAt', { time: when(d.nextAttemptAt) })}</small>}
                  </td>
                  <td>
                    {d.status !== 'pending' && (
                      <button
                        type="button"
                        disabled={busy}
                        onClick={() =>
                          void act(async () => {
                            await client.request('POST', `/api/v1/webhook-deliveries/${d.id}/replay`);
                            return t('logReplayed');
                          })
                        }
                      >
                        {t('logReplay')}
                      </button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        {log?.nextCursor && (
          <button type="button" onClick={() => void more()}>
            {t('logMore')}
          </button>
        )}
      </section>

      {secret && (
        <div className="modal-backdrop">
          <div className="modal webhooks-secret" role="dialog" aria-modal="true" aria-labelledby="secret-title">
            <h2 id="secret-title">{t('whSecretTitle')}</h2>
            <p className="hint">{t('whSecretHint')}</p>
            <code data-testid="webhook-secret">{secret}</code>
            <div className="row-actions">
              <button type="button" autoFocus onClick={() => setSecret(null)}>
                {t('whSecretClose')}
              </button>
            </div>
          </div>
        </div>
      )}
      {rotating && (
        <div className="modal-backdrop">
          <div className="modal" role="dialog" aria-modal="true" aria-labelledby="rotate-title" onKeyDown={(e) => e.key === 'Escape' && setRotating(null)}>
            <h2 id="rotate-title">{t('whRotate')}</h2>
            <p>{t('whRotateConfirm')}</p>
            <div className="row-actions">
              <button
                type="button"
                className="danger"
                autoFocus
                onClick={() => {
                  const sub = rotating;
                  setRotating(null);
                  void act(async () => {
                    const r = await client.request<{ secret: string }>('POST', `/api/v1/webhooks/${sub.id}/rotate-secret`);
                    setSecret(r.secret);
                    return t('whRotated');
                  });
                }}
              >
                {t('whRotateYes')}
              </button>
              <button type="button" onClick={() => setRotating(null)}>
                {t('whCancel')}
              </button>
            </div>
          </div>
        </div>
      )}
    </div>
  );
}

function NewSubscription({ client, onCreated, onError }: { client: HallClient; onCreated: (secret: string) => void; onError: (err: unknown) => void }) {
  const t = useT(webhookMessages);
  const [url, setUrl] = useState('');
  const [description, setDescription] = useState('');
  const [events, setEvents] = useState<WebhookEvent[]>(['ticket.near', 'ticket.called']);
  const [nearAhead, setNearAhead] = useState(3);
  const [problem, setProblem] = useState<string | null>(null);
  const [pending, setPending] = useState(false);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!/^https?:\/\/\S+$/.test(url.trim())) return setProblem(t('whBadUrl'));
    if (events.length === 0) return setProblem(t('whPickEvent'));
    setProblem(null);
    setPending(true);
    try {
      const r = await client.request<{ id: string; secret: string }>('POST', '/api/v1/webhooks', {
        url: url.trim(),
        events,
        nearAhead,
        ...(description.trim() ? { description: description.trim() } : {}),
      });
      setUrl('');
      setDescription('');
      onCreated(r.secret);
    } catch (err) {
      onError(err);
    } finally {
      setPending(false);
    }
  };

  return (
    <section className="card">
      <h2>{t('whNewTitle')}</h2>
      <form className="staff-form webhooks-form" onSubmit={(e) => void submit(e)} data-testid="new-webhook">
        <label className="webhooks-wide">
          {t('whUrl')}
          <input name="url" type="url" autoComplete="off" value={url} maxLength={2000} onChange={(e) => setUrl(e.target.value)} />
        </label>
        <label>
          {t('whDescription')}
          <input name="description" autoComplete="off" value={description} maxLength={100} onChange={(e) => setDescription(e.target.value)} />
        </label>
        <fieldset className="webhooks-events">
          <legend>{t('whEvents')}</legend>
          {WEBHOOK_EVENTS.map((ev) => (
            <label key={ev} className="webhooks-check">
              <input
                type="checkbox"
                name="events"
                value={ev}
                checked={events.includes(ev)}
                onChange={(e) => setEvents(e.target.checked ? [...events, ev] : events.filter((x) => x !== ev))}
              />
              {t(eventKey(ev))}
            </label>
          ))}
        </fieldset>
        {events.includes('ticket.near') && (
          <label>
            {t('whNearAhead')}
            <input name="nearAhead" type="number" min={1} max={50} value={nearAhead} onChange={(e) => setNearAhead(Number(e.target.value) || 1)} />
          </label>
        )}
        <div className="form-actions">
          <button type="submit" disabled={pending}>
            {pending ? t('whCreating') : t('whCreate')}
          </button>
        </div>
      </form>
      {problem && (
        <p className="error" role="status">
          {problem}
        </p>
      )}
    </section>
  );
}
