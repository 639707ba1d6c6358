import { useEffect, useMemo, useRef, useState } from 'react';
import type { TicketView } from '../../core/engine.ts';
import { RATING_PAD_WINDOW_MS } from '../../core/model.ts';
import type { HallEvent, QueueSnapshot } from '../../client/hall-client.ts';
import { hallClient, useHallStream } from '../shared/connection.ts';
import { PairingScreen, useForgetRevoked, usePairedToken } from '../shared/pairing.tsx';
import { useT } from '../shared/i18n.ts';
import { LangSwitch } from '../shared/lang-switch.tsx';
import { messages } from './messages.ts';
import { RatingForm } from './rating-form.tsx';

const THANKS_MS = 6_000;

interface Prompt {
  ticketId: string;
  number: string;
  /** When the visit ended (ISO): a later completion replaces this prompt, an earlier one does not. */
  endedAt: string;
  /** An unanswered prompt goes back to the welcome screen after this long (the server's rating window). */
  forMs: number;
}

export function App() {
  const t = useT(messages);
  const counterId = useMemo(() => new URLSearchParams(location.search).get('counter'), []);
  // A rating pad's token (a kiosk's still works): it may read events and rate visits, nothing at a counter.
  const pairing = usePairedToken('hall.rate.token', 'rating_pad');
  const token = pairing.token;
  const client = useMemo(() => (token && counterId ? hallClient(token) : null), [token, counterId]);
  const [counterNumber, setCounterNumber] = useState<number | null>(null);
  const [prompt, setPrompt] = useState<Prompt | null>(null);
  const [finished, setFinished] = useState(false);

  const handlers = useMemo(
    () => ({
      onSnapshot(s: QueueSnapshot) {
        const mine = s.counters.find((c) => c.id === counterId);
        if (mine) setCounterNumber(mine.number);
      },
      onEvent(e: HallEvent) {
        if (e.type === 'ticket.completed') {
          const d = e.data as { ticket: TicketView; counter: { id: string; number: number } | null };
          if (d.counter?.id !== counterId) return;
          setCounterNumber(d.counter.number);
          setFinished(false);
          setPrompt({ ticketId: d.ticket.id, number: d.ticket.number, endedAt: d.ticket.endedAt ?? '', forMs: RATING_PAD_WINDOW_MS });
        }
        // Rated elsewhere meanwhile (evaluator, phone): nothing left to ask.
        if (e.type === 'ticket.rated') {
          const { ticketId, channel } = e.data as { ticketId: string; channel: string };
          if (channel !== 'rate_page') setPrompt((p) => (p?.ticketId === ticketId ? null : p));
        }
      },
    }),
    [counterId],
  );
  const link = useHallStream(client, handlers);
  useForgetRevoked(client, link, pairing.forget);

  // The server keeps the counter's unrated visit: ask it on start and after every reconnect (a reload, a restart).
  const seen = useRef({ prompt, finished });
  seen.current = { prompt, finished };
  useEffect(() => {
    if (link !== 'live' || !client || !counterId) return;
    let stale = false;
    const asked = seen.current.prompt?.ticketId ?? null;
    client.pendingRating(counterId).then(
      ({ ticket, rateableSeconds }) => {
        const current = seen.current.prompt;
        if (stale) return;
        if (ticket) {
          // The prompt on screen is this visit, or a later one an event brought in meanwhile: keep it.
          if (current && (current.ticketId === ticket.id || current.endedAt > (ticket.endedAt ?? ''))) return;
          setFinished(false);
          setPrompt({ ticketId: ticket.id, number: ticket.number, endedAt: ticket.endedAt ?? '', forMs: rateableSeconds * 1000 });
        } else if (current && current.ticketId === asked && !seen.current.finished) {
          // Rated elsewhere or past its window while the pad was away.
          setPrompt(null);
        }
      },
      () => undefined,
    );
    return () => {
      stale = true;
    };
  }, [link, client, counterId]);

  useEffect(() => {
    if (!prompt) return;
    const timer = setTimeout(() => setPrompt(null), finished ? THANKS_MS : prompt.forMs);
    return () => clearTimeout(timer);
  }, [prompt, finished]);

  if (!token) return <PairingScreen busy={pairing.busy} problem={pairing.problem} onPair={(code) => void pairing.pair(code)} />;
  if (!client) return <div className="rate-page rate-message">{t('noCounter')}</div>;

  return (
    <div className="rate-page">
      <header className="rate-head">
        <span>{counterNumber !== null ? t('counterNo', { n: counterNumber }) : ''}</span>
        <span>{t('title')}</span>
        <LangSwitch visitor />
      </header>
      {link === 'offline' && (
        <div className="rate-offline" role="alert">
          {t('offline')}
        </div>
      )}
      {prompt ? (
        <main className="rate-main" data-testid="rate-prompt" data-ticket-id={prompt.ticketId}>
          <h1 className="rate-title">{t('promptFor', { n: prompt.number })}</h1>
          <RatingForm
            key={prompt.ticketId}
            keypad
            onSubmit={(choice) => client.rateVisit(prompt.ticketId, { ...choice, channel: 'rate_page' })}
            onDone={() => setFinished(true)}
          />
        </main>
      ) : (
        <main className="rate-main rate-idle" data-testid="rate-idle">
          <h1 className="rate-title">{counterNumber !== null ? t('idle', { n: counterNumber }) : t('title')}</h1>
          <p className="rate-hint">{t('idleHint')}</p>
        </main>
      )}
    </div>
  );
}
