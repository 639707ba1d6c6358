// Appointment check-in: a code typed on the on-screen keyboard or by a barcode scanner (which types and presses Enter), or the ID card.
import type { FormEvent } from 'react';
import { useKiosk } from './store.ts';
import { ScreenHeading, useKioskT } from './common.tsx';

const KEY_ROWS = ['1234567890', 'QWERTYUIOP', 'ASDFGHJKL', 'ZXCVBNM'];

export function CheckIn({ code }: { code: string }) {
  const t = useKioskT();
  const card = useKiosk((s) => s.card);
  const setCode = useKiosk((s) => s.setCheckInCode);
  const checkIn = useKiosk((s) => s.checkIn);
  const home = useKiosk((s) => s.home);
  const trimmed = code.trim();
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (trimmed) void checkIn({ code: trimmed });
  };
  return (
    <main className="screen check-in" id="main">
      <div className="check-in-entry">
        <ScreenHeading>{t('checkIn.heading')}</ScreenHeading>
        <p className="lead">{t('checkIn.hint')}</p>
        <form className="code-form" onSubmit={submit}>
          <label htmlFor="appointment-code">{t('checkIn.code')}</label>
          <div className="code-row">
            <input
              id="appointment-code"
              data-testid="appointment-code"
              className="code-input"
              value={code}
              onChange={(e) => setCode(e.target.value.toUpperCase().slice(0, 64))}
              autoComplete="off"
              autoCorrect="off"
              spellCheck={false}
              inputMode="none"
              autoFocus
            />
            <button type="submit" className="primary" data-testid="submit-check-in" disabled={!trimmed}>
              {t('checkIn.submit')}
            </button>
          </div>
        </form>
        {!card && (
          <p className="hint" id="card-needed">
            {t('checkIn.cardNeeded')}
          </p>
        )}
      </div>
      <div className="keyboard" role="group" aria-label={t('checkIn.keyboard')}>
        {KEY_ROWS.map((row) => (
          <div className="key-row" key={row}>
            {[...row].map((k) => (
              <button key={k} type="button" className="key" onClick={() => setCode((code + k).slice(0, 64))}>
                {k}
              </button>
            ))}
          </div>
        ))}
        <div className="key-row">
          <button type="button" className="key wide" onClick={() => setCode((code + '-').slice(0, 64))}>
            -
          </button>
          <button type="button" className="key wide" onClick={() => setCode(code.slice(0, -1))}>
            {t('key.delete')}
          </button>
          <button type="button" className="key wide" onClick={() => setCode('')}>
            {t('key.clear')}
          </button>
        </div>
      </div>
      <div className="actions">
        <button type="button" className="secondary" onClick={home}>
          {t('nav.back')}
        </button>
        <button
          type="button"
          className="secondary"
          data-testid="check-in-card"
          disabled={!card}
          aria-describedby={card ? undefined : 'card-needed'}
          onClick={() => void checkIn({ withCard: true })}
        >
          {t('checkIn.withCard')}
        </button>
      </div>
    </main>
  );
}
