// 办件进度查询: the card on the reader shows its holder's cases; a receipt number typed on the big keypad, or the slip's
// QR read by the hand scanner (a keyboard: it types the URL and presses Enter), shows that case, masked. Its steps live in
// their own store, cleared whenever the visitor leaves.
import { useEffect, type FormEvent } from 'react';
import { create } from 'zustand';
import type { CaseView } from '../../client/kiosk-agent.ts';
import { caseMessages, type CaseMessageKey } from '../shared/case-messages.ts';
import { CaseProgress } from '../shared/case-progress.tsx';
import { useT } from '../shared/i18n.ts';
import { ScreenHeading } from './common.tsx';
import { errorCode, useKiosk } from './store.ts';
import './progress.css';

type Step =
  { name: 'ask' } | { name: 'loading'; by: 'card' | 'number' } | { name: 'found'; by: 'card' | 'number'; cases: CaseView[] } | { name: 'failed'; code: string };

interface ProgressFlow {
  number: string;
  step: Step;
  setNumber(number: string): void;
  byCard(): Promise<void>;
  byNumber(): Promise<void>;
  clear(): void;
}

const KNOWN = new Set(['RECEIPT_NUMBER_INVALID', 'CASE_NOT_FOUND', 'NO_CARD', 'HALL_UNREACHABLE']);
/** Room for a scanned slip URL; typed numbers are 13–20 digits. */
const MAX_INPUT = 300;

export const useProgress = create<ProgressFlow>((set, get) => {
  const ask = async (by: 'card' | 'number', query: { receiptNumber?: string }) => {
    const agent = useKiosk.getState().agent;
    if (!agent) return;
    set({ step: { name: 'loading', by } });
    try {
      const { cases } = await agent.caseProgress(query);
      if (get().step.name === 'loading') set({ step: { name: 'found', by, cases } });
    } catch (error) {
      if (get().step.name === 'loading') set({ step: { name: 'failed', code: errorCode(error) } });
    }
  };
  return {
    number: '',
    step: { name: 'ask' },
    setNumber: (number) => set({ number: number.slice(0, MAX_INPUT) }),
    byCard: () => ask('card', {}),
    async byNumber() {
      const number = get().number.trim();
      if (number) await ask('number', { receiptNumber: number });
    },
    clear: () => set({ number: '', step: { name: 'ask' } }),
  };
});

/** Done: the card's identity goes now, not when its hold runs out (the next visitor is close behind). */
function finish(): void {
  const kiosk = useKiosk.getState();
  if (kiosk.card) void kiosk.agent?.forgetCard().catch(() => undefined);
  useKiosk.setState({ card: null });
  kiosk.home();
}

const KEYS = ['1', '2', '3', '4', '5', '6', '7', '8', '9'];

function NumberEntry() {
  const t = useT(caseMessages);
  const { number, setNumber, byNumber } = useProgress();
  const submit = (event: FormEvent) => {
    event.preventDefault();
    void byNumber();
  };
  return (
    <form className="progress-number" onSubmit={submit}>
      <label htmlFor="receipt-number">{t('number.label')}</label>
      <p className="hint" id="receipt-hint">
        {t('number.hint')}
      </p>
      <div className="code-row">
        <input
          id="receipt-number"
          data-testid="receipt-number"
          className="code-input"
          value={number}
          aria-describedby="receipt-hint"
          onChange={(e) => setNumber(e.target.value)}
          autoComplete="off"
          autoCorrect="off"
          spellCheck={false}
          inputMode="none"
          autoFocus
        />
        <button type="submit" className="primary" data-testid="receipt-search" disabled={!number.trim()}>
          {t('number.search')}
        </button>
      </div>
      <div className="digit-pad" role="group" aria-label={t('number.label')}>
        {KEYS.map((k) => (
          <button key={k} type="button" className="key" onClick={() => setNumber(number + k)}>
            {k}
          </button>
        ))}
        <button type="button" className="key wide-key" onClick={() => setNumber('')}>
          {t('number.clear')}
        </button>
        <button type="button" className="key" onClick={() => setNumber(number + '0')}>
          0
        </button>
        <button type="button" className="key wide-key" onClick={() => setNumber(number.slice(0, -1))}>
          {t('number.delete')}
        </button>
      </div>
    </form>
  );
}

export function Progress() {
  const t = useT(caseMessages);
  const card = useKiosk((s) => s.card);
  const { step, byCard, clear } = useProgress();

  // A card laid on the reader on this screen asks for its holder's cases; lifting it takes them off the screen.
  useEffect(() => {
    if (card && step.name === 'ask') void byCard();
    if (!card && step.name === 'found' && step.by === 'card') clear();
  }, [card, step, byCard, clear]);
  useEffect(() => () => useProgress.getState().clear(), []);

  return (
    <main className="screen progress" id="main" data-step={step.name}>
      <ScreenHeading>{t('heading')}</ScreenHeading>
      {step.name === 'ask' && (
        <>
          <div className="card-panel" role="status">
            <span className="card-icon" aria-hidden="true" />
            <div>
              <p className="card-title">{t('card.place')}</p>
              <p className="card-note">{t('card.hint')}</p>
            </div>
          </div>
          <p className="progress-or">{t('or')}</p>
          <NumberEntry />
        </>
      )}
      {step.name === 'loading' && (
        <div className="progress-busy" role="status" aria-busy="true">
          <div className="spinner" aria-hidden="true" />
          <p className="progress-busy-text">{t('loading')}</p>
        </div>
      )}
      {step.name === 'found' && (
        <section className="progress-cases" data-testid="progress-cases" data-by={step.by}>
          {step.cases.length === 0 ? (
            <p className="notice" role="status">
              {t('none')}
            </p>
          ) : (
            step.cases.map((c) => <CaseProgress key={c.id} c={c} />)
          )}
        </section>
      )}
      {step.name === 'failed' && (
        <div className="alert big" role="alert" data-testid="progress-error" data-code={step.code}>
          <p>{t((KNOWN.has(step.code) ? step.code : 'OTHER') as CaseMessageKey)}</p>
        </div>
      )}
      <div className="actions">
        {step.name === 'ask' ? (
          <button type="button" className="secondary" data-testid="progress-back" onClick={finish}>
            {t('back')}
          </button>
        ) : (
          <>
            <button type="button" className="secondary" data-testid="progress-again" onClick={clear}>
              {t('again')}
            </button>
            <button type="button" className="primary" data-testid="progress-done" onClick={finish}>
              {t('done')}
            </button>
          </>
        )}
      </div>
    </main>
  );
}

/** The home screen's 办件进度查询 button, beside the other self-service functions. */
export function ProgressFunction() {
  const t = useT(caseMessages);
  const open = () => useKiosk.setState({ screen: { name: 'progress' } });
  return (
    <button type="button" className="function progress-button" data-testid="open-progress" onClick={open}>
      <span className="function-title">{t('home.title')}</span>
      <span className="function-hint">{t('home.hint')}</span>
    </button>
  );
}
