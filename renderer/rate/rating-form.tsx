// The five 好差评 levels, then for 2 or less the reasons: one form for the rating page and the mobile page.
import { useState } from 'react';
import { errorText, useLang, useT } from '../shared/i18n.ts';
import { HallApiError } from '../../client/hall-client.ts';
import { messages, REASON_TAGS } from './messages.ts';

export interface RatingChoice {
  level: number;
  tags: string[];
  comment?: string;
}

const LEVELS = [5, 4, 3, 2, 1] as const;

export function RatingForm({ onSubmit, onDone }: { onSubmit: (choice: RatingChoice) => Promise<unknown>; onDone?: (level: number) => void }) {
  const t = useT(messages);
  const lang = useLang((s) => s.lang);
  const [level, setLevel] = useState<number | null>(null);
  const [tags, setTags] = useState<string[]>([]);
  const [comment, setComment] = useState('');
  const [sending, setSending] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<number | null>(null);

  const send = async (choice: RatingChoice) => {
    setSending(true);
    setError(null);
    try {
      await onSubmit(choice);
      setDone(choice.level);
      onDone?.(choice.level);
    } catch (err) {
      const code = err instanceof HallApiError ? err.code : 'NETWORK';
      // Rated already (on the evaluator, say): the visitor's part is done all the same.
      if (code === 'ALREADY_RATED') {
        setDone(choice.level);
        onDone?.(choice.level);
      } else setError(errorText(lang, code));
    } finally {
      setSending(false);
    }
  };

  if (done !== null) {
    return (
      <div className="rating-done" data-testid="rating-done">
        {done <= 2 ? t('thanksLow') : t('thanks')}
      </div>
    );
  }

  if (level !== null && level <= 2) {
    return (
      <div className="reasons" data-testid="reasons">
        <h2>{t('reasonTitle')}</h2>
        <p className="reasons-hint">{t('reasonHint')}</p>
        <div className="reason-tags">
          {REASON_TAGS.map((tag) => (
            <button
              key={tag}
              className={tags.includes(tag) ? 'reason-tag reason-on' : 'reason-tag'}
              aria-pressed={tags.includes(tag)}
              data-tag={tag}
              onClick={() => setTags((cur) => (cur.includes(tag) ? cur.filter((x) => x !== tag) : [...cur, tag]))}
            >
              {t(`tag_${tag}`)}
            </button>
          ))}
        </div>
        <textarea className="reason-comment" maxLength={500} value={comment} placeholder={t('commentPlaceholder')} onChange={(e) => setComment(e.target.value)} />
        {error && <p className="rating-error" role="alert">{error}</p>}
        <div className="reason-actions">
          <button className="reason-back" onClick={() => setLevel(null)} disabled={sending}>
            {t('back')}
          </button>
          <button
            className="reason-submit"
            data-testid="reason-submit"
            disabled={sending || tags.length === 0}
            onClick={() => void send({ level, tags, ...(comment.trim() ? { comment: comment.trim() } : {}) })}
          >
            {sending ? t('sending') : t('submit')}
          </button>
        </div>
      </div>
    );
  }

  return (
    <div className="levels">
      {LEVELS.map((l) => (
        <button
          key={l}
          className={`level level-${l}`}
          data-level={l}
          disabled={sending}
          onClick={() => (l <= 2 ? setLevel(l) : void send({ level: l, tags: [] }))}
        >
          <span className="level-mark" aria-hidden="true">
            {l}
          </span>
          <span className="level-text">{t(`level${l}`)}</span>
        </button>
      ))}
      {error && <p className="rating-error" role="alert">{error}</p>}
    </div>
  );
}
