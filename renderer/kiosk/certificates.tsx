// 证明打印: the card on the reader → the certificate types with a record for its holder → a period where the type has
// them → the full preview → print → the result. Its steps live in their own store, cleared whenever the visitor leaves.
import { useEffect } from 'react';
import { create } from 'zustand';
import type { CertificateOffers, CertificatePreview } from '../../client/kiosk-agent.ts';
import { useLang, useT } from '../shared/i18n.ts';
import { certificateMessages, type CertificateMessageKey } from './certificate-messages.ts';
import { ScreenHeading } from './common.tsx';
import { errorCode, useKiosk } from './store.ts';
import './certificates.css';

type Offer = CertificateOffers['offers'][number];
interface Choice {
  offer: Offer;
  period: string | null;
}

type Step =
  | { name: 'card' }
  | { name: 'loading' }
  | { name: 'types' }
  | { name: 'period'; offer: Offer }
  | { name: 'previewing'; choice: Choice }
  | { name: 'preview'; choice: Choice; preview: CertificatePreview }
  | { name: 'printing'; choice: Choice; preview: CertificatePreview }
  | { name: 'printed'; choice: Choice }
  | { name: 'failed'; code: string; choice: Choice | null; preview: CertificatePreview | null };

interface CertificateFlow {
  offers: CertificateOffers | null;
  step: Step;
  load(): Promise<void>;
  choose(offer: Offer): void;
  preview(choice: Choice): Promise<void>;
  print(choice: Choice, preview: CertificatePreview): Promise<void>;
  toTypes(): void;
  clear(): void;
}

const ERROR_KEYS = new Set<string>(Object.keys(certificateMessages['zh-CN']));
/** Printer faults and lost answers: printing the same certificate again can help (and is the same certificate). */
const RETRYABLE = (code: string) => (code.startsWith('PRINTER_') && code !== 'PRINTER_ABSENT') || code === 'AGENT_UNREACHABLE' || code === 'AGENT_TIMEOUT';

export const useCertificates = create<CertificateFlow>((set, get) => {
  const agent = () => useKiosk.getState().agent;
  const fail = (error: unknown, choice: Choice | null, preview: CertificatePreview | null) =>
    set({ step: { name: 'failed', code: errorCode(error), choice, preview } });
  return {
    offers: null,
    step: { name: 'card' },

    async load() {
      const a = agent();
      if (!a) return;
      set({ step: { name: 'loading' }, offers: null });
      try {
        const offers = await a.certificateOffers();
        if (get().step.name !== 'loading') return;
        set({ offers, step: { name: 'types' } });
      } catch (error) {
        if (get().step.name === 'loading') fail(error, null, null);
      }
    },

    choose(offer) {
      if (offer.periods && offer.periods.length > 0) set({ step: { name: 'period', offer } });
      else void get().preview({ offer, period: null });
    },

    async preview(choice) {
      const a = agent();
      if (!a) return;
      set({ step: { name: 'previewing', choice } });
      try {
        const preview = await a.certificatePreview({ type: choice.offer.type, ...(choice.period ? { period: choice.period } : {}) });
        if (get().step.name === 'previewing') set({ step: { name: 'preview', choice, preview } });
      } catch (error) {
        if (get().step.name === 'previewing') fail(error, choice, null);
      }
    },

    async print(choice, preview) {
      const a = agent();
      if (!a) return;
      set({ step: { name: 'printing', choice, preview } });
      try {
        await a.printCertificate({ type: choice.offer.type, ...(choice.period ? { period: choice.period } : {}) });
        if (get().step.name === 'printing') set({ step: { name: 'printed', choice } });
      } catch (error) {
        if (get().step.name === 'printing') fail(error, choice, preview);
      }
      void useKiosk.getState().refresh();
    },

    toTypes() {
      set({ step: get().offers ? { name: 'types' } : { name: 'card' } });
    },

    clear() {
      set({ offers: null, step: { name: 'card' } });
    },
  };
});

const useCertT = () => useT(certificateMessages);

/** 完成: the visitor is done, so the card's identity goes now, not when its hold runs out (the next visitor is close behind). */
function finish(): void {
  const kiosk = useKiosk.getState();
  if (kiosk.card) void kiosk.agent?.forgetCard().catch(() => undefined);
  useKiosk.setState({ card: null });
  kiosk.home();
}

/** The preview as the paper will read (the document is in Chinese): A4 proportions, the hall, title, text, table. */
function Sheet({ preview }: { preview: CertificatePreview }) {
  const t = useCertT();
  return (
    <div className="cert-preview" tabIndex={0} role="region" aria-label={t('preview.label')}>
      <article className="cert-sheet" lang="zh-CN" data-testid="certificate-preview">
        <p className="cert-hall">{preview.hallName}</p>
        <h2 className="cert-title">{preview.title}</h2>
        {preview.paragraphs.map((p, i) => (
          <p key={i} className="cert-paragraph">
            {p}
          </p>
        ))}
        {preview.table && (
          <table className="cert-table">
            <thead>
              <tr>
                {preview.table.columns.map((c) => (
                  <th key={c} scope="col">
                    {c}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {preview.table.rows.map((row, i) => (
                <tr key={i}>
                  {row.map((cell, j) => (
                    <td key={j}>{cell}</td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        )}
        <p className="cert-issuer">{preview.hallName}</p>
      </article>
    </div>
  );
}

function Holder({ offers }: { offers: CertificateOffers | null }) {
  const t = useCertT();
  const card = useKiosk((s) => s.card);
  const name = offers?.holder.name ?? card?.maskedName;
  const id = offers?.holder.idNumber ?? card?.maskedIdNumber ?? '';
  if (!name) return null;
  return (
    <p className="cert-holder" data-testid="certificate-holder">
      {t('holder', { name, id })}
    </p>
  );
}

function Failure({ step }: { step: Extract<Step, { name: 'failed' }> }) {
  const t = useCertT();
  const flow = useCertificates();
  const home = useKiosk((s) => s.home);
  const key = (ERROR_KEYS.has(step.code) ? step.code : 'OTHER') as CertificateMessageKey;
  const printerFault = step.code.startsWith('PRINTER_') && step.code !== 'PRINTER_ABSENT';
  const canRetry = RETRYABLE(step.code) && step.choice !== null && step.preview !== null;
  const ticketFirst = step.code === 'HALL_UNREACHABLE' || step.code === 'PRINTER_ABSENT';
  return (
    <>
      <div className="alert big" role="alert" data-testid="certificate-error" data-code={step.code}>
        <p>{t(key)}</p>
        {printerFault && <p>{t('staffTold')}</p>}
        {canRetry && <p className="way-forward">{t('failed.retryHint')}</p>}
      </div>
      <div className="actions">
        {canRetry && (
          <button type="button" className="primary" data-testid="certificate-retry" onClick={() => void flow.print(step.choice!, step.preview!)}>
            {t('retry')}
          </button>
        )}
        {step.code === 'NO_CARD' && (
          <button type="button" className="primary" onClick={() => flow.clear()}>
            {t('back')}
          </button>
        )}
        {(step.code === 'NO_RECORD' || step.code === 'DAILY_LIMIT_REACHED') && flow.offers && (
          <button type="button" className="secondary" onClick={() => flow.toTypes()}>
            {t('printed.another')}
          </button>
        )}
        <button type="button" className={ticketFirst ? 'primary' : 'secondary'} data-testid="certificate-ticket" onClick={home}>
          {t('ticket')}
        </button>
      </div>
    </>
  );
}

function Busy({ text, hint }: { text: string; hint?: string }) {
  return (
    <div className="cert-busy" role="status" aria-busy="true">
      <div className="spinner" aria-hidden="true" />
      <p className="cert-busy-text">{text}</p>
      {hint && <p className="hint">{hint}</p>}
    </div>
  );
}

export function Certificates() {
  const t = useCertT();
  const lang = useLang((s) => s.lang);
  const card = useKiosk((s) => s.card);
  const home = useKiosk((s) => s.home);
  const { step, offers, load, choose, preview, print, toTypes, clear } = useCertificates();

  // The card is read (now or already): look up its holder's records. A card lifted or forgotten takes everything with it.
  useEffect(() => {
    if (card && step.name === 'card') void load();
    if (!card && step.name !== 'card' && step.name !== 'printing' && step.name !== 'failed') clear();
  }, [card, step.name, load, clear]);
  // Leaving the screen (home, idle timeout) clears the offers and the preview.
  useEffect(() => () => useCertificates.getState().clear(), []);

  const wide = step.name === 'preview' || step.name === 'printing';
  return (
    <main className={wide ? 'screen certificates with-preview' : 'screen certificates'} id="main" data-step={step.name}>
      <ScreenHeading>
        {step.name === 'preview'
          ? t('preview.heading')
          : step.name === 'printed'
            ? t('printed.heading')
            : step.name === 'failed'
              ? t('failed.heading')
              : t('heading')}
      </ScreenHeading>
      {step.name !== 'card' && <Holder offers={offers} />}

      {step.name === 'card' && (
        <div className="card-panel cert-card" role="status">
          <span className="card-icon" aria-hidden="true" />
          <div>
            <p className="card-title">{t('card.place')}</p>
            <p className="card-note">{t('card.hint')}</p>
          </div>
        </div>
      )}

      {step.name === 'loading' && <Busy text={t('loading')} />}

      {step.name === 'types' && offers && (
        <section className="cert-choices" aria-labelledby="cert-types">
          <h2 id="cert-types" className="cert-subheading">
            {offers.offers.length ? t('types.heading') : t('types.none')}
          </h2>
          <ul className="cert-list">
            {offers.offers.map((o) => (
              <li key={o.type}>
                <button type="button" className="cert-option" data-testid={`certificate-type-${o.type}`} onClick={() => choose(o)}>
                  <span className="cert-option-name">{o.typeName}</span>
                  {o.periods && o.periods.length > 0 && (
                    <span className="cert-option-hint">
                      {t('types.periods')}: {o.periods.map((p) => p.label).join(' · ')}
                    </span>
                  )}
                </button>
              </li>
            ))}
          </ul>
        </section>
      )}

      {step.name === 'period' && (
        <section className="cert-choices" aria-labelledby="cert-period">
          <p className="cert-type-name">{step.offer.typeName}</p>
          <h2 id="cert-period" className="cert-subheading">
            {t('period.heading')}
          </h2>
          <ul className="cert-list periods">
            {step.offer.periods!.map((p) => (
              <li key={p.key}>
                <button
                  type="button"
                  className="cert-option"
                  data-testid={`certificate-period-${p.key}`}
                  onClick={() => void preview({ offer: step.offer, period: p.key })}
                >
                  <span className="cert-option-name">{p.label}</span>
                </button>
              </li>
            ))}
          </ul>
        </section>
      )}

      {step.name === 'previewing' && <Busy text={t('preview.loading')} />}

      {(step.name === 'preview' || step.name === 'printing') && (
        <>
          <Sheet preview={step.preview} />
          <div className="cert-side">
            <p className="cert-note">
              {t('preview.valid', { date: step.preview.validUntil })} · {t('preview.qr')}
            </p>
            {!lang.startsWith('zh') && <p className="cert-note">{t('preview.chinese')}</p>}
            {step.name === 'printing' ? (
              <Busy text={t('printing')} hint={t('printing.hint')} />
            ) : (
              <div className="actions">
                <button type="button" className="secondary" onClick={toTypes}>
                  {t('back')}
                </button>
                <button type="button" className="primary" data-testid="certificate-print" onClick={() => void print(step.choice, step.preview)}>
                  {t('print')}
                </button>
              </div>
            )}
          </div>
        </>
      )}

      {step.name === 'printed' && (
        <>
          <div className="cert-done" role="status" data-testid="certificate-printed">
            <p className="cert-type-name">{step.choice.offer.typeName}</p>
            <p>{t('printed.hint')}</p>
          </div>
          <div className="actions">
            <button type="button" className="secondary" onClick={toTypes}>
              {t('printed.another')}
            </button>
            <button type="button" className="primary" data-testid="certificate-done" onClick={finish}>
              {t('done')}
            </button>
          </div>
        </>
      )}

      {step.name === 'failed' && <Failure step={step} />}

      {(step.name === 'card' || step.name === 'types' || step.name === 'period' || step.name === 'loading') && (
        <div className="actions">
          <button type="button" className="secondary" data-testid="certificate-back" onClick={step.name === 'period' ? toTypes : home}>
            {t('back')}
          </button>
        </div>
      )}
    </main>
  );
}

/** The home screen's 证明打印 button, beside the other self-service functions; only where a certificate printer is set up. */
export function CertificatesFunction() {
  const t = useCertT();
  const open = useKiosk((s) => s.openCertificates);
  const printer = useKiosk((s) => s.status?.documentPrinter);
  if (!printer || printer === 'absent') return null;
  return (
    <button type="button" className="function certificates-button" data-testid="open-certificates" onClick={open}>
      <span className="function-title">{t('home.title')}</span>
      <span className="function-hint">{t('home.hint')}</span>
    </button>
  );
}
