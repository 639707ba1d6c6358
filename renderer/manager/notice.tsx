// The display boards' scrolling notice and how many times each call is spoken.
import { useEffect, useState, type FormEvent } from 'react';
import type { HallClient } from '../../client/hall-client.ts';
import { HallApiError } from '../../client/hall-client.ts';
import { errorText, useLang, useT } from '../shared/i18n.ts';
import { messages } from './messages.ts';
import { signedOutBy, useManager } from './store.ts';

const MAX_NOTICE = 300;
const REPEATS = [1, 2, 3, 4, 5] as const;

export function NoticeSettings({ client }: { client: HallClient }) {
  const t = useT(messages);
  const lang = useLang((s) => s.lang);
  const settings = useManager((s) => s.settings);
  const [notice, setNotice] = useState(settings?.noticeLine ?? '');
  const [repeat, setRepeat] = useState(settings?.announceRepeat ?? 2);
  const [dirty, setDirty] = useState(false);
  const [pending, setPending] = useState(false);
  const [status, setStatus] = useState<{ kind: 'saved' | 'error'; text: string } | null>(null);

  // Settings changed by another manager replace the form, unless this one is being edited.
  useEffect(() => {
    if (!settings || dirty) return;
    setNotice(settings.noticeLine);
    setRepeat(settings.announceRepeat);
  }, [settings, dirty]);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setPending(true);
    setStatus(null);
    try {
      const next = await client.updateSettings({ noticeLine: notice.trim(), announceRepeat: repeat });
      useManager.setState({ settings: next });
      setDirty(false);
      setStatus({ kind: 'saved', text: t('saved') });
    } catch (err) {
      if (!signedOutBy(err)) setStatus({ kind: 'error', text: errorText(lang, err instanceof HallApiError ? err.code : 'NETWORK') });
    } finally {
      setPending(false);
    }
  };

  if (!settings) return <p className="empty">{t('loading')}</p>;
  return (
    <section className="card">
      <form className="notice-form" onSubmit={submit}>
        <label htmlFor="notice-line">{t('noticeLine')}</label>
        <textarea
          id="notice-line"
          name="noticeLine"
          rows={3}
          maxLength={MAX_NOTICE}
          value={notice}
          aria-describedby="notice-hint"
          onChange={(e) => {
            setNotice(e.target.value);
            setDirty(true);
          }}
        />
        <p className="hint" id="notice-hint">
          {t('noticeHint')} <span className="count">{t('charCount', { n: notice.length })}</span>
        </p>
        <label htmlFor="announce-repeat">{t('announceRepeat')}</label>
        <select
          id="announce-repeat"
          name="announceRepeat"
          value={repeat}
          onChange={(e) => {
            setRepeat(Number(e.target.value));
            setDirty(true);
          }}
        >
          {REPEATS.map((n) => (
            <option key={n} value={n}>
              {t('announceTimes', { n })}
            </option>
          ))}
        </select>
        <div className="form-actions">
          <button type="submit" className="primary" disabled={pending || !dirty}>
            {pending ? t('saving') : t('save')}
          </button>
        </div>
        {status && (
          <p className={status.kind === 'error' ? 'error' : 'ok'} role="status" data-status={status.kind}>
            {status.text}
          </p>
        )}
      </form>
    </section>
  );
}
