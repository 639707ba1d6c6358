import { useEffect, useMemo, useState } from 'react';
import { HallApiError, type PublicTicket } from '../../client/hall-client.ts';
import { hallClient } from '../shared/connection.ts';
import { useT } from '../shared/i18n.ts';
import { LangSwitch } from '../shared/lang-switch.tsx';
import { RatingForm } from '../rate/rating-form.tsx';
import { messages } from './messages.ts';

/** The public endpoint takes no token, so the phone polls: often while the page is in view, rarely when not. */
const POLL_MS = 4000;
const HIDDEN_POLL_MS = 20_000;
const FINAL = new Set(['done', 'no_show', 'cancelled']);

export function App() {
  const t = useT(messages);
  const ticketId = useMemo(() => new URLSearchParams(location.search).get('t'), []);
  const client = useMemo(() => hallClient(), []);
  const [ticket, setTicket] = useState<PublicTicket | null>(null);
  const [missing, setMissing] = useState(false);
  const [unsteady, setUnsteady] = useState(false);
  const [updatedAt, setUpdatedAt] = useState<number | null>(null);

  useEffect(() => {
    if (!ticketId) return;
    let timer: ReturnType<typeof setTimeout> | null = null;
    let stopped = false;
    const poll = async () => {
      let next = POLL_MS;
      try {
        const tk = await client.publicTicket(ticketId);
        setTicket(tk);
        setUnsteady(false);
        setUpdatedAt(Date.now());
        // A finished, rated visit changes no more.
        if (FINAL.has(tk.status) && (tk.rated || tk.status !== 'done')) return;
      } catch (err) {
        if (err instanceof HallApiError && err.status === 404) {
          setMissing(true);
          return;
        }
        setUnsteady(true);
      }
      if (document.hidden) next = HIDDEN_POLL_MS;
      if (!stopped) timer = setTimeout(() => void poll(), next);
    };
    const onVisible = () => {
      if (document.hidden || stopped) return;
      if (timer) clearTimeout(timer);
      void poll();
    };
    void poll();
    document.addEventListener('visibilitychange', onVisible);
    return () => {
      stopped = true;
      if (timer) clearTimeout(timer);
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
          <div className="m-service">{ticket.serviceName}</div>
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
        <span>{ticket?.hallName ?? t('title')}</span>
        <LangSwitch />
      </header>
      {unsteady && <div className="rate-offline">{t('offline')}</div>}
      <main className="m-main">{body()}</main>
      {updatedAt !== null && <footer className="m-foot">{t('updated', { t: new Date(updatedAt).toLocaleTimeString() })}</footer>}
    </div>
  );
}
