import { useEffect, useMemo, useState } from 'react';
import { HallApiError, type PublicTicket } from '../../client/hall-client.ts';
import { hallClient } from '../shared/connection.ts';
import { localName, useLang, useT } from '../shared/i18n.ts';
import { LangSwitch } from '../shared/lang-switch.tsx';
import { RatingForm } from '../rate/rating-form.tsx';
import { messages } from './messages.ts';
import { TurnAlert } from './turn-alert.tsx';

/** Updates arrive as server-sent events; the page polls only while the stream cannot be had. */
const POLL_MS = 4000;
const HIDDEN_POLL_MS = 20_000;
const RETRY_FIRST_MS = 1000;
const RETRY_MAX_MS = 30_000;
const FINAL = new Set(['done', 'no_show', 'cancelled']);

/** A finished visit that is rated (or cannot be) changes no more. */
const settled = (tk: PublicTicket) => FINAL.has(tk.status) && (tk.rated || tk.status !== 'done');

export function App() {
  const t = useT(messages);
  const lang = useLang((s) => s.lang);
  const ticketId = useMemo(() => new URLSearchParams(location.search).get('t'), []);
  const client = useMemo(() => hallClient(), []);
  const [ticket, setTicket] = useState<PublicTicket | null>(null);
  const [missing, setMissing] = useState(false);
  const [unsteady, setUnsteady] = useState(false);
  const [updatedAt, setUpdatedAt] = useState<number | null>(null);

  useEffect(() => {
    if (!ticketId) return;
    let stopped = false;
    let source: EventSource | null = null;
    let retry: ReturnType<typeof setTimeout> | null = null;
    let pollTimer: ReturnType<typeof setTimeout> | null = null;
    let polling = false;
    let retryMs = RETRY_FIRST_MS;
    let received = false;

    const stop = () => {
      stopped = true;
      source?.close();
      source = null;
      if (retry) clearTimeout(retry);
      if (pollTimer) clearTimeout(pollTimer);
    };
    const show = (tk: PublicTicket) => {
      received = true;
      setTicket(tk);
      setUnsteady(false);
      setUpdatedAt(Date.now());
      if (settled(tk)) stop();
    };
    // The fallback: while the stream is down, and once to learn why a stream never started (an unknown ticket).
    const poll = async () => {
      pollTimer = null;
      try {
        show(await client.publicTicket(ticketId));
      } catch (err) {
        if (err instanceof HallApiError && err.status === 404) {
          setMissing(true);
          stop();
          return;
        }
        setUnsteady(true);
      }
      if (!stopped && polling) pollTimer = setTimeout(() => void poll(), document.hidden ? HIDDEN_POLL_MS : POLL_MS);
    };
    const startPolling = () => {
      if (polling) return;
      polling = true;
      void poll();
    };
    const connect = () => {
      retry = null;
      if (stopped) return;
      const es = new EventSource(client.publicTicketEventsUrl(ticketId));
      source = es;
      es.onopen = () => {
        retryMs = RETRY_FIRST_MS;
        polling = false;
        if (pollTimer) clearTimeout(pollTimer);
        pollTimer = null;
      };
      es.onmessage = (e: MessageEvent<string>) => show(JSON.parse(e.data) as PublicTicket);
      es.onerror = () => {
        // Reconnect on our own schedule (backoff), not the browser's fixed one.
        es.close();
        if (source !== es || stopped) return;
        source = null;
        setUnsteady(true);
        if (!received || retryMs > RETRY_FIRST_MS) startPolling();
        retry = setTimeout(connect, retryMs);
        retryMs = Math.min(RETRY_MAX_MS, retryMs * 2);
      };
    };
    // Back in view while waiting to reconnect: try at once.
    const onVisible = () => {
      if (document.hidden || stopped || source || !retry) return;
      clearTimeout(retry);
      connect();
    };
    connect();
    document.addEventListener('visibilitychange', onVisible);
    return () => {
      stop();
      document.removeEventListener('visibilitychange', onVisible);
    };
  }, [client, ticketId]);

  const body = () => {
    if (!ticketId) return <p className="m-message">{t('noTicket')}</p>;
    if (missing) return <p className="m-message">{t('notFound')}</p>;
    if (!ticket) return null;
    const minutes = ticket.estimatedWaitSeconds === null ? null : Math.ceil(ticket.estimatedWaitSeconds / 60);
    return (
      <>
        <section className={`m-ticket m-${ticket.status}`} data-testid="m-ticket" data-status={ticket.status}>
          <div className="m-service">{ticket.serviceName && localName(lang, ticket.serviceName, ticket.serviceNames)}</div>
          <div className="m-label">{t('yourNumber')}</div>
          <div className="m-number">{ticket.number}</div>
          <div className="m-status">{t(`status_${ticket.status}`)}</div>
          {ticket.status === 'waiting' && (
            <div className="m-wait">
              <div data-testid="m-ahead">{ticket.ahead > 0 ? t('ahead', { n: ticket.ahead }) : t('aheadNone')}</div>
              {minutes !== null && <div>{minutes > 1 ? t('estimate', { m: minutes }) : t('estimateSoon')}</div>}
            </div>
          )}
          {(ticket.status === 'called' || ticket.status === 'serving') && ticket.counterNumber !== null && (
            <div className="m-goto">{t('goTo', { n: ticket.counterNumber })}</div>
          )}
        </section>
        <TurnAlert ticket={ticket} />
        {ticket.status === 'done' && !ticket.rated && (
          <section className="m-rate" data-testid="m-rate">
            <h2>{t('rateNow')}</h2>
            <RatingForm onSubmit={(choice) => client.publicRate(ticket.id, choice)} onDone={() => setTicket({ ...ticket, rated: true })} />
          </section>
        )}
        {ticket.status === 'done' && ticket.rated && <p className="m-message">{t('rated')}</p>}
      </>
    );
  };

  return (
    <div className="m-page">
      <header className="m-head">
        <span>{ticket ? localName(lang, ticket.hallName, ticket.hallNames) : t('title')}</span>
        <LangSwitch visitor />
      </header>
      {unsteady && <div className="rate-offline">{t('offline')}</div>}
      <main className="m-main">{body()}</main>
      {updatedAt !== null && <footer className="m-foot">{t('updated', { t: new Date(updatedAt).toLocaleTimeString(lang) })}</footer>}
    </div>
  );
}
