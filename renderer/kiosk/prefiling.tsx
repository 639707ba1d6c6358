// 自助申报: a pre-fileable matter's short form, prefilled from the ID card on the reader, its 告知承诺 accepted with a
// signature drawn on the touchscreen, sent to the hall for a ticket linked to the draft. Its steps live in their own
// store, cleared when the visitor leaves (the idle timeout too: the card is forgotten by the kiosk's reset).
import { useEffect, useRef, type FormEvent, type PointerEvent } from 'react';
import { create } from 'zustand';
import { AgentError, type CardPrefill, type PrefileOutcome } from '../../client/kiosk-agent.ts';
import type { Matter } from '../../core/matters.ts';
import { useT } from '../shared/i18n.ts';
import { ScreenHeading } from './common.tsx';
import { prefilingMessages } from './prefiling-messages.ts';
import { errorCode, useKiosk } from './store.ts';
import './prefiling.css';

type Step = 'card' | 'form' | 'sending' | 'done';

interface PrefileFlow {
  step: Step;
  card: CardPrefill | null;
  values: Record<string, string>;
  /** The hall's field-named errors (`fields.<key>` → what to do), and one for the whole form. */
  errors: Record<string, string>;
  failed: string | null;
  accepted: boolean;
  signature: string | null;
  outcome: PrefileOutcome | null;
  readCard(matter: Matter): Promise<void>;
  set(key: string, value: string): void;
  setAccepted(accepted: boolean): void;
  setSignature(png: string | null): void;
  submit(matter: Matter): Promise<void>;
  clear(): void;
}

const KNOWN = new Set(['NO_CARD', 'HALL_UNREACHABLE', 'MATTER_NOT_PREFILEABLE']);
const EMPTY = { step: 'card' as Step, card: null, values: {}, errors: {}, failed: null, accepted: false, signature: null, outcome: null };

export const usePrefiling = create<PrefileFlow>((set, get) => ({
  ...EMPTY,
  async readCard(matter) {
    const agent = useKiosk.getState().agent;
    if (!agent) return;
    try {
      const card = await agent.prefileCard();
      const values: Record<string, string> = {};
      for (const f of matter.prefile.fields) if (f.fromIdCard) values[f.key] = card[f.fromIdCard] ?? '';
      set({ card, values, step: 'form', failed: null });
    } catch (error) {
      set({ failed: errorCode(error) });
    }
  },
  set: (key, value) => set((s) => ({ values: { ...s.values, [key]: value }, errors: { ...s.errors, [`fields.${key}`]: '' } })),
  setAccepted: (accepted) => set({ accepted }),
  setSignature: (signature) => set({ signature }),
  async submit(matter) {
    const agent = useKiosk.getState().agent;
    const { values, accepted, signature } = get();
    if (!agent) return;
    set({ step: 'sending', errors: {}, failed: null });
    try {
      const fields = Object.fromEntries(Object.entries(values).filter(([, v]) => v.trim() !== ''));
      const outcome = await agent.prefile({
        matterCode: matter.code,
        fields,
        ...(matter.commitment && accepted && signature ? { commitment: { accepted: true as const, signaturePng: signature } } : {}),
      });
      useKiosk.setState({ card: null });
      set({ step: 'done', outcome });
    } catch (error) {
      const field = error instanceof AgentError ? error.details?.field : undefined;
      if (typeof field === 'string') set({ step: 'form', errors: { [field]: (error as Error).message } });
      else set({ step: 'form', failed: errorCode(error) });
    }
  },
  clear: () => set(EMPTY),
}));

/** The signature pad: pointer strokes on a canvas, exported as a PNG data URL after each stroke. */
function SignaturePad({ label, clearLabel }: { label: string; clearLabel: string }) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const drawing = useRef(false);
  const setSignature = usePrefiling((s) => s.setSignature);
  const point = (e: PointerEvent<HTMLCanvasElement>) => {
    const rect = e.currentTarget.getBoundingClientRect();
    return [((e.clientX - rect.left) * e.currentTarget.width) / rect.width, ((e.clientY - rect.top) * e.currentTarget.height) / rect.height] as const;
  };
  const down = (e: PointerEvent<HTMLCanvasElement>) => {
    const ctx = e.currentTarget.getContext('2d');
    if (!ctx) return;
    e.currentTarget.setPointerCapture(e.pointerId);
    drawing.current = true;
    ctx.lineWidth = 4;
    ctx.lineCap = 'round';
    ctx.strokeStyle = '#111';
    ctx.beginPath();
    ctx.moveTo(...point(e));
  };
  const move = (e: PointerEvent<HTMLCanvasElement>) => {
    if (!drawing.current) return;
    const ctx = e.currentTarget.getContext('2d')!;
    ctx.lineTo(...point(e));
    ctx.stroke();
  };
  const up = (e: PointerEvent<HTMLCanvasElement>) => {
    if (!drawing.current) return;
    drawing.current = false;
    setSignature(e.currentTarget.toDataURL('image/png'));
  };
  const clear = () => {
    const c = canvas.current;
    c?.getContext('2d')?.clearRect(0, 0, c.width, c.height);
    setSignature(null);
  };
  return (
    <div className="signature">
      <p className="signature-label">{label}</p>
      {/* 600×200 at 1 bit of ink keeps the PNG far below the hall's 200 KB. */}
      <canvas
        ref={canvas}
        className="signature-pad"
        data-testid="signature-pad"
        width={600}
        height={200}
        aria-label={label}
        onPointerDown={down}
        onPointerMove={move}
        onPointerUp={up}
        onPointerCancel={up}
      />
      <button type="button" className="secondary" data-testid="signature-clear" onClick={clear}>
        {clearLabel}
      </button>
    </div>
  );
}

export function Prefiling({ matter }: { matter: Matter }) {
  const t = useT(prefilingMessages);
  const present = useKiosk((s) => s.card);
  const service = useKiosk((s) => s.services?.find((x) => x.id === matter.serviceId && x.open) ?? null);
  const chooseService = useKiosk((s) => s.chooseService);
  const flow = usePrefiling();
  const step = flow.step;
  const readCard = flow.readCard;

  // Once per card laid on the reader: a refusal stays on screen until the card changes.
  useEffect(() => {
    if (present && step === 'card') void readCard(matter);
  }, [present, step, readCard, matter]);
  useEffect(() => () => usePrefiling.getState().clear(), []);

  const back = () => {
    const kiosk = useKiosk.getState();
    if (kiosk.card) void kiosk.agent?.forgetCard().catch(() => undefined);
    useKiosk.setState({ card: null, screen: { name: 'guide' } });
  };
  const finish = () => useKiosk.getState().home();
  const submit = (event: FormEvent) => {
    event.preventDefault();
    void flow.submit(matter);
  };
  const needsSignature = matter.commitment && flow.accepted && !flow.signature;

  return (
    <main className="screen prefiling" id="main" data-step={flow.step}>
      <ScreenHeading>
        {t('heading')} · <span lang="zh-CN">{matter.name}</span>
      </ScreenHeading>
      {flow.failed && (
        <div className="alert big" role="alert" data-testid="prefile-error" data-code={flow.failed}>
          <p>{t((KNOWN.has(flow.failed) ? flow.failed : 'OTHER') as 'OTHER')}</p>
          {flow.failed === 'HALL_UNREACHABLE' && service && (
            <button type="button" className="primary" data-testid="prefile-ticket-instead" onClick={() => chooseService(service, matter.code)}>
              {t('ticketInstead')}
            </button>
          )}
        </div>
      )}
      {flow.step === 'card' && (
        <div className="card-panel" role="status">
          <span className="card-icon" aria-hidden="true" />
          <div>
            <p className="card-title">{t('card.place')}</p>
            <p className="card-note">{t('card.hint')}</p>
          </div>
        </div>
      )}
      {(flow.step === 'form' || flow.step === 'sending') && flow.card && (
        <form className="prefile-form" onSubmit={submit} data-testid="prefile-form">
          <p className="prefile-card" data-testid="prefile-card">
            {t('card.read')}: <span className="code">{flow.card.maskedIdNumber}</span>
          </p>
          {matter.prefile.fields.map((f) => {
            const error = flow.errors[`fields.${f.key}`];
            const id = `prefile-${f.key}`;
            return (
              <div className="prefile-field" key={f.key} data-field={f.key}>
                <label htmlFor={f.kind === 'select' ? undefined : id} id={`${id}-label`}>
                  <span lang="zh-CN">{f.label}</span>
                  {f.required && <span className="required"> （{t('form.required')}）</span>}
                </label>
                {f.kind === 'select' ? (
                  <div className="choice-row" role="radiogroup" aria-labelledby={`${id}-label`}>
                    {(f.options ?? []).map((o) => (
                      <button type="button" role="radio" key={o} className="choice" aria-checked={flow.values[f.key] === o} onClick={() => flow.set(f.key, o)}>
                        <span lang="zh-CN">{o}</span>
                      </button>
                    ))}
                  </div>
                ) : (
                  <input
                    id={id}
                    data-testid={id}
                    className="prefile-input"
                    type={f.kind === 'date' ? 'date' : 'text'}
                    inputMode={f.kind === 'number' || f.kind === 'phone' ? 'numeric' : undefined}
                    value={flow.values[f.key] ?? ''}
                    aria-invalid={error ? true : undefined}
                    aria-describedby={error ? `${id}-error` : undefined}
                    autoComplete="off"
                    onChange={(e) => flow.set(f.key, e.target.value)}
                  />
                )}
                {error && (
                  <p className="field-error" id={`${id}-error`} role="alert" data-testid={`${id}-error`}>
                    {error}
                  </p>
                )}
              </div>
            );
          })}
          {matter.commitment && (
            <section className="commitment" aria-labelledby="commitment-title">
              <h2 id="commitment-title">{t('commitment.title')}</h2>
              <p>{t('commitment.text')}</p>
              <label className="accept">
                <input type="checkbox" data-testid="commitment-accept" checked={flow.accepted} onChange={(e) => flow.setAccepted(e.target.checked)} />
                {t('commitment.accept')}
              </label>
              {flow.accepted && <SignaturePad label={t('signature.label')} clearLabel={t('signature.clear')} />}
              {needsSignature && <p className="hint">{t('signature.missing')}</p>}
            </section>
          )}
          <div className="actions">
            <button type="button" className="secondary" data-testid="prefile-back" onClick={back}>
              {t('back')}
            </button>
            <button type="submit" className="primary" data-testid="prefile-submit" disabled={flow.step === 'sending' || needsSignature}>
              {flow.step === 'sending' ? t('sending') : t('submit')}
            </button>
          </div>
        </form>
      )}
      {flow.step === 'done' && flow.outcome && (
        <section className="prefile-done" data-testid="prefile-done" role="status">
          <h2>{t('done.title')}</h2>
          <p className="done-label">{t('done.number')}</p>
          <p className="ticket-number" data-testid="prefile-number">
            {flow.outcome.ticket.number}
          </p>
          <p>{t('done.waiting')}</p>
          {flow.outcome.print.status === 'failed' && <p className="notice warn">{t('done.printFailed')}</p>}
        </section>
      )}
      {flow.step !== 'form' && flow.step !== 'sending' && (
        <div className="actions">
          {flow.step === 'done' ? (
            <button type="button" className="primary" data-testid="prefile-finish" onClick={finish}>
              {t('finish')}
            </button>
          ) : (
            <button type="button" className="secondary" data-testid="prefile-back" onClick={back}>
              {t('back')}
            </button>
          )}
        </div>
      )}
    </main>
  );
}

/** The matter page's 自助申报 button, for matters marked pre-fileable. */
export function PrefileButton({ matter }: { matter: Matter }) {
  const t = useT(prefilingMessages);
  if (!matter.prefile.enabled || matter.prefile.fields.length === 0) return null;
  return (
    <button type="button" className="primary" data-testid="matter-prefile" onClick={() => useKiosk.setState({ screen: { name: 'prefiling', matter } })}>
      {t('open')}
    </button>
  );
}
