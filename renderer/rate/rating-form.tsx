// The five 好差评 levels; for 2 or less the reasons, then an optional call-back number: one form for the rating
// pad and the mobile page.
import { useState } from 'react';
import { errorText, useLang, useT } from '../shared/i18n.ts';
import { HallApiError } from '../../client/hall-client.ts';
import { isValidPhone, maskPhone, normalizePhone } from '../../core/phone.ts';
import { messages, REASON_TAGS } from './messages.ts';

export interface RatingChoice {
  level: number;
  tags: string[];
  comment?: string;
  phone?: string;
}

const LEVELS = [5, 4, 3, 2, 1] as const;
const KEYS = ['1', '2', '3', '4', '5', '6', '7', '8', '9', '-', '0'] as const;

type Step = 'levels' | 'reasons' | 'phone';

/** `keypad`: an on-screen number pad (the counter's rating pad has no keyboard of its own). */
export function RatingForm({
  onSubmit,
  onDone,
  keypad = false,
}: {
  onSubmit: (choice: RatingChoice) => Promise<unknown>;
  onDone?: (level: number) => void;
  keypad?: boolean;
}) {
  const t = useT(messages);
  const lang = useLang((s) => s.lang);
  const [step, setStep] = useState<Step>('levels');
  const [level, setLevel] = useState<number | null>(null);
  const [tags, setTags] = useState<string[]>([]);
  const [comment, setComment] = useState('');
  const [phone, setPhone] = useState('');
  const [phoneError, setPhoneError] = useState(false);
  const [sending, setSending] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<{ level: number; phoneMasked: string | null } | null>(null);

  const send = async (choice: RatingChoice) => {
    setSending(true);
    setError(null);
    const finished = { level: choice.level, phoneMasked: choice.phone ? maskPhone(choice.phone) : null };
    try {
      await onSubmit(choice);
      setDone(finished);
      onDone?.(choice.level);
    } catch (err) {
      const code = err instanceof HallApiError ? err.code : 'NETWORK';
      // Rated already (on the evaluator, say): the visitor's part is done all the same.
      if (code === 'ALREADY_RATED') {
        setDone({ ...finished, phoneMasked: null });
        onDone?.(choice.level);
      } else setError(errorText(lang, code));
    } finally {
      setSending(false);
    }
  };

  if (done !== null) {
    return (
      <div className="rating-done" data-testid="rating-done" role="status">
        {done.level > 2 ? t('thanks') : done.phoneMasked ? t('thanksCall', { phone: done.phoneMasked }) : t('thanksLow')}
      </div>
    );
  }

  const errorLine = error && (
    <p className="rating-error" role="alert">
      {error}
    </p>
  );

  if (step === 'phone' && level !== null) {
    const normal = normalizePhone(phone);
    const valid = normal !== '' && isValidPhone(normal);
    const submit = () => {
      if (normal !== '' && !valid) {
        setPhoneError(true);
        return;
      }
      void send({ level, tags, ...(comment.trim() ? { comment: comment.trim() } : {}), ...(valid ? { phone: normal } : {}) });
    };
    return (
      <div className="reasons phone-step" data-testid="phone-step">
        <h2>{t('phoneTitle')}</h2>
        <p className="reasons-hint">{t('phoneHint')}</p>
        <div className={keypad ? 'phone-entry phone-entry-pad' : 'phone-entry'}>
          <div className="phone-field">
            <label htmlFor="callback-phone">{t('phoneLabel')}</label>
            <input
              id="callback-phone"
              className="phone-input"
              data-testid="phone-input"
              type="tel"
              inputMode="tel"
              // A shared pad must not offer the last visitor's number; a phone may fill in its owner's.
              autoComplete={keypad ? 'off' : 'tel'}
              maxLength={20}
              value={phone}
              aria-invalid={phoneError}
              aria-describedby="callback-phone-note"
              onChange={(e) => {
                setPhone(e.target.value);
                setPhoneError(false);
              }}
            />
            <p id="callback-phone-note" className={phoneError ? 'phone-note phone-bad' : 'phone-note'} role={phoneError ? 'alert' : undefined}>
              {phoneError ? t('phoneInvalid') : valid ? t('phoneWillKeep', { phone: maskPhone(normal) }) : t('phoneOptional')}
            </p>
          </div>
          {keypad && (
            <div className="keypad" role="group" aria-label={t('keypad')}>
              {KEYS.map((k) => (
                <button
                  key={k}
                  type="button"
                  className="key"
                  onClick={() => {
                    setPhone((p) => (p.length < 20 ? p + k : p));
                    setPhoneError(false);
                  }}
                >
                  {k}
                </button>
              ))}
              <button type="button" className="key key-delete" aria-label={t('keyDelete')} onClick={() => setPhone((p) => p.slice(0, -1))}>
                ⌫
              </button>
            </div>
          )}
        </div>
        {errorLine}
        <div className="reason-actions">
          <button className="reason-back" onClick={() => setStep('reasons')} disabled={sending}>
            {t('back')}
          </button>
          <button className="reason-submit" data-testid="phone-submit" disabled={sending} onClick={submit}>
            {sending ? t('sending') : normal === '' ? t('submitNoPhone') : t('submit')}
          </button>
        </div>
      </div>
    );
  }

  if (step === 'reasons' && level !== null) {
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
        <textarea
          className="reason-comment"
          aria-label={t('commentPlaceholder')}
          maxLength={500}
          value={comment}
          placeholder={t('commentPlaceholder')}
          onChange={(e) => setComment(e.target.value)}
        />
        <div className="reason-actions">
          <button className="reason-back" onClick={() => setStep('levels')}>
            {t('back')}
          </button>
          <button className="reason-submit" data-testid="reason-next" disabled={tags.length === 0} onClick={() => setStep('phone')}>
            {t('next')}
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
          onClick={() => {
            if (l > 2) return void send({ level: l, tags: [] });
            setLevel(l);
            setStep('reasons');
          }}
        >
          <span className="level-mark" aria-hidden="true">
            {l}
          </span>
          <span className="level-text">{t(`level${l}`)}</span>
        </button>
      ))}
      {errorLine}
    </div>
  );
}
