// 操作日志: the audit trail filtered by who, what, when and target, paged, exported as CSV; and how long personal data is kept.
import { useEffect, useState, type FormEvent } from 'react';
import type { HallClient } from '../../client/hall-client.ts';
import { AUDIT_ACTIONS, RETENTION_FIELDS, RETENTION_MAX_DAYS, type AuditAction, type AuditEntry, type Retention } from '../../core/audit.ts';
import { useT } from '../shared/i18n.ts';
import { StatusLine, useAction } from './action-status.tsx';
import { messages, type ManagerKey } from './messages.ts';
import { signedOutBy, useManager } from './store.ts';

interface Page {
  items: AuditEntry[];
  nextCursor: string | null;
}
interface Filter {
  actor: string;
  action: string;
  from: string;
  to: string;
  target: string;
}
const NO_FILTER: Filter = { actor: '', action: '', from: '', to: '', target: '' };
const PAGE = 50;

/** The query of a filter; days are the browser's local days, which in a hall are the hall's. */
function queryOf(f: Filter): URLSearchParams {
  const q = new URLSearchParams();
  if (f.actor) q.set('actor', f.actor);
  if (f.action) q.set('action', f.action);
  if (f.from) q.set('since', new Date(`${f.from}T00:00:00`).toISOString());
  if (f.to) q.set('until', new Date(new Date(`${f.to}T00:00:00`).getTime() + 86_400_000).toISOString());
  if (f.target.trim()) q.set('target', f.target.trim());
  return q;
}

const actionKey = (a: AuditAction) => `action_${a}` as ManagerKey;
const TARGET_KINDS = new Set(['ticket', 'counter', 'service', 'user', 'device', 'alert', 'appointment', 'followup']);
/** `2026-11-23T09:00:00.000+08:00` → `2026-11-23 09:00:00`: the hall's own time, as the server wrote it. */
const shownTime = (iso: string) => iso.slice(0, 19).replace('T', ' ');
/** The end of an id: uuidv7 ids of one day share their first characters. */
const shortId = (id: string) => (id.length > 12 ? `…${id.slice(-6)}` : id);
const DETAIL_LABELS = new Set([
  'number',
  'serviceId',
  'toServiceId',
  'counterId',
  'reason',
  'changed',
  'level',
  'role',
  'disabled',
  'count',
  'ops',
  'rejected',
  'alert',
]);
const ID_KEYS = new Set(['serviceId', 'toServiceId', 'counterId']);
/** Pause reasons and why a sign-in failed, as the hall names them. */
const REASONS = new Set(['break', 'meeting', 'system_fault', 'other', 'bad_password', 'disabled', 'unknown_user']);
const TICKET_NUMBER = /^[A-Z]{1,3}\d{3,5}$/;

export function AuditLog({ client }: { client: HallClient }) {
  const t = useT(messages);
  const [draft, setDraft] = useState<Filter>(NO_FILTER);
  const [filter, setFilter] = useState<Filter>(NO_FILTER);
  const [items, setItems] = useState<AuditEntry[] | null>(null);
  const [cursor, setCursor] = useState<string | null>(null);
  const [failed, setFailed] = useState(false);
  const [loading, setLoading] = useState(false);
  const [people, setPeople] = useState<{ id: string; name: string; kind: 'user' | 'device' }[]>([]);

  const fetchPage = async (f: Filter, after: string | null) => {
    const q = queryOf(f);
    q.set('limit', String(PAGE));
    if (after) q.set('cursor', after);
    setLoading(true);
    try {
      const page = await client.request<Page>('GET', `/api/v1/audit?${q}`);
      setItems((old) => (after && old ? [...old, ...page.items] : page.items));
      setCursor(page.nextCursor);
      setFailed(false);
    } catch (err) {
      if (!signedOutBy(err)) setFailed(true);
    } finally {
      setLoading(false);
    }
  };

  useEffect(() => void fetchPage(filter, null), [client, filter]);
  useEffect(() => {
    const users = client.users().then((list) => list.map((u) => ({ id: u.id, name: u.displayName ?? u.username, kind: 'user' as const })));
    const devices = client
      .request<{ id: string; name: string }[]>('GET', '/api/v1/devices')
      .then((list) => list.map((d) => ({ id: d.id, name: d.name, kind: 'device' as const })));
    Promise.all([users, devices]).then(
      ([u, d]) => setPeople([...u, ...d]),
      (err: unknown) => void signedOutBy(err),
    );
  }, [client]);

  const [noTicket, setNoTicket] = useState<string | null>(null);
  // A ticket number (A012) stands for today's ticket of that number: managers know numbers, not ids.
  const apply = async (e: FormEvent) => {
    e.preventDefault();
    setNoTicket(null);
    const number = draft.target.trim().toUpperCase();
    if (!TICKET_NUMBER.test(number)) return setFilter({ ...draft });
    try {
      const ticket = await client.ticketByNumber(number);
      if (ticket) setFilter({ ...draft, target: ticket.id });
      else setNoTicket(number);
    } catch (err) {
      if (!signedOutBy(err)) setFailed(true);
    }
  };
  const onlyTarget = (id: string) => {
    const next = { ...draft, target: id };
    setDraft(next);
    setFilter(next);
  };

  // A download needs the token in a header, so the file is fetched and handed to the browser as a blob.
  const exportCsv = async () => {
    const q = queryOf(filter);
    q.set('format', 'csv');
    try {
      const res = await fetch(`/api/v1/audit?${q}`, { headers: { authorization: `Bearer ${client.token}` } });
      if (!res.ok) throw new Error(String(res.status));
      const url = URL.createObjectURL(await res.blob());
      const a = document.createElement('a');
      a.href = url;
      a.download = `audit-${new Date().toISOString().slice(0, 10)}.csv`;
      a.click();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
    } catch {
      setFailed(true);
    }
  };

  // Names a person reads for the ids entries carry: services, counters, accounts and devices.
  const queue = useManager((st) => st.queue);
  const names = new Map<string, string>([
    ...(queue?.services.map((sv) => [sv.id, sv.name] as const) ?? []),
    ...(queue?.counters.map((c) => [c.id, c.name ?? t('counterNo', { n: c.number })] as const) ?? []),
    ...people.map((p) => [p.id, p.name] as const),
  ]);
  const targetLabel = (e: AuditEntry) => {
    const { kind, id } = e.target!;
    const what = TARGET_KINDS.has(kind) ? t(`target_${kind}` as ManagerKey) : kind;
    const number = kind === 'ticket' && typeof e.detail?.number === 'string' ? e.detail.number : undefined;
    return `${what} ${number ?? names.get(id) ?? shortId(id)}`;
  };
  const detailText = (e: AuditEntry) =>
    Object.entries(e.detail ?? {})
      // A ticket's number is in the target column already.
      .filter(([k, v]) => v !== null && !(k === 'number' && e.target?.kind === 'ticket'))
      .map(([k, v]) => {
        const reason = k === 'reason' && typeof v === 'string' && REASONS.has(v) ? t(`reason_${v}` as ManagerKey) : undefined;
        const shown = reason ?? (ID_KEYS.has(k) && typeof v === 'string' ? (names.get(v) ?? shortId(v)) : Array.isArray(v) ? v.join(', ') : String(v));
        const label = DETAIL_LABELS.has(k)
          ? t(`detail_${k}` as ManagerKey)
          : (RETENTION_FIELDS as readonly string[]).includes(k)
            ? t(`retention_${k}` as ManagerKey)
            : k;
        return `${label}: ${shown}`;
      })
      .join('；');

  const set = (key: keyof Filter) => (e: { target: { value: string } }) => setDraft({ ...draft, [key]: e.target.value });
  const actorLabel = (e: AuditEntry) => {
    const kind = t(`actor_${e.actor.kind}` as ManagerKey);
    if (e.actor.kind === 'system') return kind;
    return `${kind} · ${e.actor.name ?? t('unknownUser')}`;
  };

  return (
    <div className="audit-page">
      <section className="card">
        <h2>{t('auditTitle')}</h2>
        <p className="hint">{t('auditHint')}</p>
        <form className="staff-form audit-filter" onSubmit={(e) => void apply(e)} data-testid="audit-filter">
          <label>
            {t('auditWho')}
            <select name="actor" value={draft.actor} onChange={set('actor')}>
              <option value="">{t('auditAny')}</option>
              {people.map((p) => (
                <option key={p.id} value={p.id}>
                  {`${t(`actor_${p.kind}`)} · ${p.name}`}
                </option>
              ))}
              <option value="system">{t('actor_system')}</option>
            </select>
          </label>
          <label>
            {t('auditWhat')}
            <select name="action" value={draft.action} onChange={set('action')}>
              <option value="">{t('auditAny')}</option>
              {AUDIT_ACTIONS.map((a) => (
                <option key={a} value={a}>
                  {t(actionKey(a))}
                </option>
              ))}
            </select>
          </label>
          <label>
            {t('auditFrom')}
            <input type="date" name="from" value={draft.from} onChange={set('from')} />
          </label>
          <label>
            {t('auditTo')}
            <input type="date" name="to" value={draft.to} onChange={set('to')} />
          </label>
          <label>
            {t('auditTarget')}
            <input name="target" autoComplete="off" value={draft.target} maxLength={100} onChange={set('target')} />
          </label>
          <div className="form-actions row-actions">
            <button type="submit" className="primary">
              {t('auditApply')}
            </button>
            <button
              type="button"
              onClick={() => {
                setDraft(NO_FILTER);
                setFilter(NO_FILTER);
                setNoTicket(null);
              }}
            >
              {t('auditClear')}
            </button>
            <button type="button" onClick={() => void exportCsv()} data-testid="audit-export">
              {t('auditExport')}
            </button>
          </div>
        </form>
        {noTicket && (
          <p className="error" role="alert">
            {t('auditNoTicket', { number: noTicket })}
          </p>
        )}
        {failed && (
          <p className="error" role="alert">
            {t('auditFailed')}
          </p>
        )}
        {items === null ? (
          <p className="empty">{t('loading')}</p>
        ) : items.length === 0 ? (
          <p className="empty">{t('auditNone')}</p>
        ) : (
          <table className="grid-table audit-table" data-testid="audit-table">
            <thead>
              <tr>
                <th scope="col">{t('colAt')}</th>
                <th scope="col">{t('colActor')}</th>
                <th scope="col">{t('colAction')}</th>
                <th scope="col">{t('colTarget')}</th>
                <th scope="col">{t('colDetail')}</th>
              </tr>
            </thead>
            <tbody>
              {items.map((e) => (
                <tr key={e.id} data-action={e.action} data-actor={e.actor.id ?? ''}>
                  <td className="audit-at">{shownTime(e.at)}</td>
                  <td>{actorLabel(e)}</td>
                  <td>{t(actionKey(e.action))}</td>
                  <td>
                    {e.target && (
                      <button type="button" className="link-button" title={`${t('filterTarget')}: ${e.target.id}`} onClick={() => onlyTarget(e.target!.id)}>
                        {targetLabel(e)}
                      </button>
                    )}
                  </td>
                  <td className="audit-detail">{detailText(e)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        {cursor && (
          <p className="audit-more">
            <button type="button" disabled={loading} onClick={() => void fetchPage(filter, cursor)}>
              {t('auditMore')}
            </button>
          </p>
        )}
      </section>
      <RetentionSettings client={client} />
    </div>
  );
}

function RetentionSettings({ client }: { client: HallClient }) {
  const t = useT(messages);
  const [values, setValues] = useState<Record<keyof Retention, string> | null>(null);
  const { status, setStatus, pending, act } = useAction();

  useEffect(() => {
    client.request<Retention>('GET', '/api/v1/retention').then(
      (r) => setValues(Object.fromEntries(RETENTION_FIELDS.map((k) => [k, String(r[k])])) as Record<keyof Retention, string>),
      (err: unknown) => void signedOutBy(err),
    );
  }, [client]);

  const save = (e: FormEvent) => {
    e.preventDefault();
    if (!values) return;
    const days = RETENTION_FIELDS.map((k) => Number(values[k]));
    if (days.some((d) => !Number.isInteger(d) || d < 1 || d > RETENTION_MAX_DAYS)) return setStatus({ kind: 'error', key: 'retentionInvalid' });
    void act(() => client.request('PUT', '/api/v1/retention', Object.fromEntries(RETENTION_FIELDS.map((k, i) => [k, days[i]]))), {
      kind: 'saved',
      key: 'retentionSaved',
    });
  };

  if (!values) return null;
  return (
    <section className="card">
      <h2>{t('retentionTitle')}</h2>
      <p className="hint">{t('retentionHint')}</p>
      <form className="staff-form retention-form" onSubmit={save} noValidate data-testid="retention-form">
        {RETENTION_FIELDS.map((k) => (
          <label key={k}>
            {t(`retention_${k}`)}
            <span className="days-input">
              <input
                type="number"
                name={k}
                min={1}
                max={RETENTION_MAX_DAYS}
                value={values[k]}
                onChange={(e) => setValues({ ...values, [k]: e.target.value })}
              />
              {t('days')}
            </span>
          </label>
        ))}
        <div className="form-actions">
          <button type="submit" className="primary" disabled={pending}>
            {t('retentionSave')}
          </button>
        </div>
      </form>
      <StatusLine status={status} />
    </section>
  );
}
