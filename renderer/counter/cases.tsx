// 受理办件 at the window: a case for the visitor being served in one step (the ticket gives the applicant and, when it was
// taken from the guide, the matter), then its status moved along and its 受理回执 printed again. Keyboard first: A puts
// the cursor in the matter code (unless a field is being typed in), Enter accepts.
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { casesOfTicket, createCase, moveCase, printCaseReceipt, type CaseStatus, type CaseView } from '../../client/cases-client.ts';
import { HallApiError, type HallClient } from '../../client/hall-client.ts';
import type { TicketView } from '../../core/engine.ts';
import { ticketMatter } from '../../client/matters-client.ts';
import { errorText, useLang, useT } from '../shared/i18n.ts';
import { caseConsoleMessages } from './case-messages.ts';
import './cases.css';

const ACCEPT_KEY = 'A';
const typing = (target: EventTarget | null) => target instanceof HTMLElement && ['INPUT', 'SELECT', 'TEXTAREA'].includes(target.tagName);

export function CasesPanel({ client, ticket }: { client: HallClient; ticket: TicketView | null }) {
  const t = useT(caseConsoleMessages);
  const lang = useLang((s) => s.lang);
  const [matterCode, setMatterCode] = useState('');
  const [cases, setCases] = useState<CaseView[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const input = useRef<HTMLInputElement>(null);
  // One key per ticket and matter: a retried accept after a lost answer is the same case.
  const attempt = useRef(crypto.randomUUID());
  const ticketId = ticket?.id ?? null;

  useEffect(() => {
    setCases([]);
    setError(null);
    setNotice(null);
    setMatterCode('');
    attempt.current = crypto.randomUUID();
    if (!ticketId) return;
    let gone = false;
    void ticketMatter(client, ticketId).then(
      (m) => !gone && m.matterCode && setMatterCode(m.matterCode),
      () => undefined,
    );
    void casesOfTicket(client, ticketId).then(
      (r) => !gone && setCases(r.items),
      () => undefined,
    );
    return () => {
      gone = true;
    };
  }, [client, ticketId]);

  useEffect(() => {
    const onKey = (e: globalThis.KeyboardEvent) => {
      if (e.key.toUpperCase() !== ACCEPT_KEY || e.ctrlKey || e.altKey || e.metaKey || !ticketId || typing(e.target)) return;
      if (document.querySelector('[role="dialog"]')) return;
      e.preventDefault();
      input.current?.focus();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [ticketId]);

  const run = async (what: () => Promise<void>) => {
    setBusy(true);
    setError(null);
    setNotice(null);
    try {
      await what();
    } catch (err) {
      setError(err instanceof HallApiError ? err.code : 'NETWORK');
    } finally {
      setBusy(false);
    }
  };
  const replace = (c: CaseView) => setCases((list) => [c, ...list.filter((x) => x.id !== c.id)]);

  const accept = (e: FormEvent) => {
    e.preventDefault();
    const code = matterCode.trim();
    if (!ticketId || !code) return;
    void run(async () => {
      const c = await createCase(client, { matterCode: code, ticketId }, `${attempt.current}:${code}`);
      replace(c);
      setNotice(t('accepted', { n: c.receiptNumber }));
    });
  };

  if (!ticket) {
    return (
      <section className="cases-panel" aria-label={t('title')} data-testid="cases-panel">
        <h2>{t('title')}</h2>
        <p className="cases-hint">{t('noTicket')}</p>
      </section>
    );
  }
  return (
    <section className="cases-panel" aria-label={t('title')} data-testid="cases-panel">
      <h2>{t('title')}</h2>
      <form className="cases-accept" onSubmit={accept}>
        <label htmlFor="case-matter">{t('matter')}</label>
        <input
          id="case-matter"
          ref={input}
          data-testid="case-matter"
          value={matterCode}
          onChange={(e) => setMatterCode(e.target.value.slice(0, 64))}
          autoComplete="off"
          spellCheck={false}
          aria-describedby="case-matter-hint"
        />
        <button type="submit" data-testid="case-accept" disabled={busy || !matterCode.trim()}>
          <kbd>{ACCEPT_KEY}</kbd> {t('accept')}
        </button>
        <p id="case-matter-hint" className="cases-hint">
          {t('matterHint')}
        </p>
      </form>
      {(error || notice) && (
        <p className={error ? 'status status-error' : 'status'} role="status" data-testid="case-status" data-error={error ?? ''}>
          {error ? errorText(lang, error) : notice}
        </p>
      )}
      <ul className="cases-list">
        {cases.map((c) => (
          <CaseRow key={c.id} c={c} busy={busy} run={run} client={client} onChanged={replace} onPrinted={() => setNotice(t('reprinted'))} />
        ))}
      </ul>
    </section>
  );
}

function CaseRow(props: {
  c: CaseView;
  busy: boolean;
  client: HallClient;
  run: (what: () => Promise<void>) => Promise<void>;
  onChanged: (c: CaseView) => void;
  onPrinted: () => void;
}) {
  const { c, busy, client, run, onChanged, onPrinted } = props;
  const t = useT(caseConsoleMessages);
  const [to, setTo] = useState<CaseStatus | ''>(c.next[0] ?? '');
  const [note, setNote] = useState('');
  useEffect(() => setTo(c.next[0] ?? ''), [c.next]);
  const move = (e: FormEvent) => {
    e.preventDefault();
    if (!to) return;
    void run(async () => {
      onChanged(await moveCase(client, c.id, to, note.trim() || undefined));
      setNote('');
    });
  };
  return (
    <li className="case-row" data-testid="case-row" data-status={c.status} data-receipt={c.receiptNumber}>
      <div className="case-row-head">
        <strong>{c.matterName}</strong>
        <span className="case-row-status">{t(`status_${c.status}`)}</span>
      </div>
      <div className="case-row-meta">
        <span>{t('receipt', { n: c.receiptNumber })}</span>
        <span>{t('due', { d: c.dueDate })}</span>
      </div>
      {c.next.length > 0 && (
        <form className="case-row-move" onSubmit={move}>
          <label>
            {t('moveTo')}
            <select value={to} onChange={(e) => setTo(e.target.value as CaseStatus)} data-testid="case-next">
              {c.next.map((s) => (
                <option key={s} value={s}>
                  {t(`status_${s}`)}
                </option>
              ))}
            </select>
          </label>
          <input value={note} onChange={(e) => setNote(e.target.value.slice(0, 500))} placeholder={t('note')} aria-label={t('note')} data-testid="case-note" />
          <button type="submit" disabled={busy || !to} data-testid="case-move">
            {t('move')}
          </button>
        </form>
      )}
      <button
        type="button"
        className="case-reprint"
        disabled={busy}
        data-testid="case-reprint"
        onClick={() =>
          void run(async () => {
            await printCaseReceipt(client, c.id);
            onPrinted();
          })
        }
      >
        {t('reprint')}
      </button>
    </li>
  );
}
