// 好差评 follow-ups: open ones (overdue first) resolved with a required note; resolved ones on the second tab.
import { useEffect, useRef, useState, type FormEvent } from 'react';
import type { FollowUp, HallClient } from '../../client/hall-client.ts';
import { HallApiError } from '../../client/hall-client.ts';
import { errorText, useLang, useT } from '../shared/i18n.ts';
import { messages as rateMessages, REASON_TAGS } from '../rate/messages.ts';
import { messages, type ManagerKey } from './messages.ts';
import { hallDateTime, signedOutBy, useManager } from './store.ts';

type Sub = 'open' | 'resolved';

function useLabels() {
  const rt = useT(rateMessages);
  const queue = useManager((s) => s.queue);
  const userNames = useManager((s) => s.userNames);
  const t = useT(messages);
  return {
    level: (n: number) => `${n} ${rt(`level${Math.min(5, Math.max(1, n))}` as 'level1')}`,
    tag: (tag: string) => ((REASON_TAGS as readonly string[]).includes(tag) ? rt(`tag_${tag}` as 'tag_other') : tag),
    service: (id: string) => queue?.services.find((s) => s.id === id)?.name ?? '',
    counter: (id: string | null) => {
      const c = id ? queue?.counters.find((x) => x.id === id) : undefined;
      return c ? t('counterNo', { n: c.number }) : '';
    },
    user: (id: string | null) => (id ? (userNames[id] ?? '') : ''),
  };
}

export function FollowUps({ client }: { client: HallClient }) {
  const t = useT(messages);
  const open = useManager((s) => s.openFollowUps);
  const [sub, setSub] = useState<Sub>('open');
  return (
    <section className="card">
      <div className="subtabs" role="tablist" aria-label={t('tabFollowUps')}>
        {(['open', 'resolved'] as const).map((id) => (
          <button
            key={id}
            role="tab"
            className="subtab"
            aria-selected={sub === id}
            tabIndex={sub === id ? 0 : -1}
            data-subtab={id}
            onClick={() => setSub(id)}
            onKeyDown={(e) => {
              if (e.key !== 'ArrowLeft' && e.key !== 'ArrowRight') return;
              e.preventDefault();
              const other = id === 'open' ? 'resolved' : 'open';
              setSub(other);
              (e.currentTarget.parentElement?.querySelector(`[data-subtab=${other}]`) as HTMLElement | null)?.focus();
            }}
          >
            {id === 'open' ? t('openTab', { n: open?.length ?? 0 }) : t('resolvedTab')}
          </button>
        ))}
      </div>
      {sub === 'open' ? <OpenList client={client} items={open} /> : <ResolvedList client={client} />}
    </section>
  );
}

type ColumnKey = ManagerKey & `col${string}`;

/** Both lists start with the rating's own columns; each adds its own after them. */
function Columns({ keys }: { keys: readonly ColumnKey[] }) {
  const t = useT(messages);
  return (
    <thead>
      <tr>
        {(['colNumber', 'colLevel', 'colTags', 'colComment', 'colService', ...keys] as const).map((k) => (
          <th key={k}>{t(k)}</th>
        ))}
      </tr>
    </thead>
  );
}

function OpenList({ client, items }: { client: HallClient; items: FollowUp[] | null }) {
  const t = useT(messages);
  const label = useLabels();
  const timeZone = useManager((s) => s.settings?.timeZone ?? 'Asia/Shanghai');
  const [resolving, setResolving] = useState<string | null>(null);
  if (!items) return <p className="empty">{t('loading')}</p>;
  if (items.length === 0) return <p className="empty">{t('noOpen')}</p>;
  const sorted = [...items].sort((a, b) => a.dueDay.localeCompare(b.dueDay) || a.openedAt.localeCompare(b.openedAt));
  return (
    <table className="grid-table" data-testid="open-follow-ups">
      <Columns keys={['colVisitor', 'colCounter', 'colRatedAt', 'colDue', 'colAction']} />
      <tbody>
        {sorted.map((f) => [
          <tr key={f.id} className={f.overdue ? 'overdue' : ''} data-follow-up-id={f.id} data-number={f.number}>
            <td className="strong">{f.number}</td>
            <td>
              <span className={`level level-${f.level}`}>{label.level(f.level)}</span>
            </td>
            <td>
              {f.tags.map((tag) => (
                <span key={tag} className="chip">
                  {label.tag(tag)}
                </span>
              ))}
            </td>
            <td className="comment">{f.comment ?? ''}</td>
            <td>{label.service(f.serviceId)}</td>
            <td>
              <Visitor client={client} item={f} />
            </td>
            <td>
              {label.counter(f.counterId)}
              {f.staffUserId && <span className="muted"> {label.user(f.staffUserId)}</span>}
            </td>
            <td>{hallDateTime(f.openedAt, timeZone)}</td>
            <td>
              {f.dueDay}
              {f.overdue && <span className="overdue-tag">{t('overdue')}</span>}
            </td>
            <td>
              <button className="resolve" aria-expanded={resolving === f.id} onClick={() => setResolving(resolving === f.id ? null : f.id)}>
                {t('resolve')}
              </button>
            </td>
          </tr>,
          resolving === f.id && (
            <tr key={`${f.id}-form`} className="resolve-row">
              <td colSpan={10}>
                <ResolveForm client={client} item={f} onDone={() => setResolving(null)} />
              </td>
            </tr>
          ),
        ])}
      </tbody>
    </table>
  );
}

/** The visitor's masked name and call-back number; the number in clear only on a deliberate click (recorded). */
function Visitor({ client, item }: { client: HallClient; item: FollowUp }) {
  const t = useT(messages);
  const lang = useLang((s) => s.lang);
  const [phone, setPhone] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const reveal = async () => {
    setError(null);
    try {
      setPhone((await client.revealFollowUpPhone(item.id)).phone);
    } catch (err) {
      if (!signedOutBy(err)) setError(errorText(lang, err instanceof HallApiError ? err.code : 'NETWORK'));
    }
  };
  return (
    <div className="visitor">
      {item.maskedName && <span className="visitor-name">{item.maskedName}</span>}
      {item.phoneMasked ? (
        <span className="visitor-phone">
          {phone ? (
            <a href={`tel:${phone}`} data-testid="phone-clear" title={t('phoneOf', { n: item.number })}>
              {phone}
            </a>
          ) : (
            <span data-testid="phone-masked">{item.phoneMasked}</span>
          )}
          <button type="button" className="link" data-testid="phone-toggle" onClick={() => (phone ? setPhone(null) : void reveal())}>
            {phone ? t('hidePhone') : t('showPhone')}
          </button>
        </span>
      ) : (
        <span className="muted">{t('noPhone')}</span>
      )}
      {error && (
        <span className="error" role="alert">
          {error}
        </span>
      )}
    </div>
  );
}

function ResolveForm({ client, item, onDone }: { client: HallClient; item: FollowUp; onDone: () => void }) {
  const t = useT(messages);
  const lang = useLang((s) => s.lang);
  const [note, setNote] = useState('');
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const area = useRef<HTMLTextAreaElement>(null);
  useEffect(() => area.current?.focus(), []);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!note.trim()) {
      setError(t('noteRequired'));
      area.current?.focus();
      return;
    }
    setPending(true);
    setError(null);
    try {
      await client.resolveFollowUp(item.id, note.trim());
      useManager.setState((s) => ({ openFollowUps: s.openFollowUps?.filter((f) => f.id !== item.id) ?? null }));
      onDone();
    } catch (err) {
      if (!signedOutBy(err)) setError(errorText(lang, err instanceof HallApiError ? err.code : 'NETWORK'));
      setPending(false);
    }
  };
  return (
    <form
      className="resolve-form"
      onSubmit={submit}
      onKeyDown={(e) => {
        if (e.key === 'Escape') onDone();
        // Enter writes a new line in the note; Ctrl+Enter sends it without reaching for the mouse.
        if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
          e.preventDefault();
          e.currentTarget.requestSubmit();
        }
      }}
      aria-label={t('resolveTitle', { n: item.number })}
    >
      <label>
        {t('noteLabel')}
        <textarea
          ref={area}
          name="note"
          rows={2}
          maxLength={500}
          value={note}
          placeholder={t('notePlaceholder')}
          onChange={(e) => setNote(e.target.value)}
          aria-invalid={error !== null}
        />
      </label>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      <div className="form-actions">
        <button type="submit" className="primary" disabled={pending} aria-keyshortcuts="Control+Enter">
          {t('submitResolve')} <kbd>Ctrl+Enter</kbd>
        </button>
        <button type="button" onClick={onDone}>
          {t('cancel')}
        </button>
      </div>
    </form>
  );
}

function ResolvedList({ client }: { client: HallClient }) {
  const t = useT(messages);
  const label = useLabels();
  const timeZone = useManager((s) => s.settings?.timeZone ?? 'Asia/Shanghai');
  const version = useManager((s) => s.feedbackVersion);
  const [items, setItems] = useState<FollowUp[] | null>(null);
  useEffect(() => {
    client.followUps('resolved').then(
      (list) => setItems(list.sort((a, b) => (b.resolvedAt ?? '').localeCompare(a.resolvedAt ?? ''))),
      (err: unknown) => void signedOutBy(err),
    );
  }, [client, version]);
  if (!items) return <p className="empty">{t('loading')}</p>;
  if (items.length === 0) return <p className="empty">{t('noResolved')}</p>;
  return (
    <table className="grid-table" data-testid="resolved-follow-ups">
      <Columns keys={['colVisitor', 'colDue', 'colResolvedAt', 'colResolvedBy', 'colNote']} />
      <tbody>
        {items.map((f) => (
          <tr key={f.id} data-follow-up-id={f.id} data-number={f.number}>
            <td className="strong">{f.number}</td>
            <td>
              <span className={`level level-${f.level}`}>{label.level(f.level)}</span>
            </td>
            <td>
              {f.tags.map((tag) => (
                <span key={tag} className="chip">
                  {label.tag(tag)}
                </span>
              ))}
            </td>
            <td className="comment">{f.comment ?? ''}</td>
            <td>{label.service(f.serviceId)}</td>
            <td>{f.maskedName ?? ''}</td>
            <td>{f.dueDay}</td>
            <td>{f.resolvedAt ? hallDateTime(f.resolvedAt, timeZone) : ''}</td>
            <td>{label.user(f.resolvedBy)}</td>
            <td className="comment note">{f.resolutionNote ?? ''}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
