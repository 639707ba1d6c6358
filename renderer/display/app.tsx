import { useEffect, useMemo, useState } from 'react';
import type { HallEvent, QueueSnapshot } from '../../client/hall-client.ts';
import { deviceToken, hallClient, useHallStream } from '../shared/connection.ts';
import { LANGS, useLang, useT, type Lang } from '../shared/i18n.ts';
import { messages } from './messages.ts';
import { applyEvent, applySettings, applySnapshot, applyWaiting, FRESH_MS, useDisplay, type CallEntry } from './store.ts';
import { createVoice } from './voice/setup.ts';
import { announcementText } from './voice/speech-text.ts';

const params = new URLSearchParams(location.search);
const langParam = params.get('lang');
if (langParam && (LANGS as readonly string[]).includes(langParam)) useLang.getState().setLang(langParam as Lang);

/** Server time minus ours, from the Date header (second resolution is plenty to tell news from old calls). */
async function serverOffset(): Promise<number> {
  const t0 = Date.now();
  const res = await fetch('/api/v1/health', { cache: 'no-store' });
  const t1 = Date.now();
  const date = Date.parse(res.headers.get('date') ?? '');
  return Number.isNaN(date) ? 0 : date + 500 - (t0 + t1) / 2;
}

export function App() {
  const t = useT(messages);
  const token = useMemo(() => deviceToken('hall.display.token'), []);
  const client = useMemo(() => (token ? hallClient(token) : null), [token]);
  const announcements = useMemo(() => createVoice(params, () => useDisplay.getState().announceRepeat, () => useDisplay.setState({ voiceBlocked: true })), []);

  const handlers = useMemo(() => {
    let offset = 0;
    let waitingTimer: ReturnType<typeof setTimeout> | null = null;
    // Waiting counts come from the server's own count, at most about once a second.
    const refreshWaiting = () => {
      if (waitingTimer || !client) return;
      waitingTimer = setTimeout(() => {
        waitingTimer = null;
        client.queue().then(applyWaiting, () => undefined);
      }, 800);
    };
    return {
      onSnapshot(snapshot: QueueSnapshot) {
        applySnapshot(snapshot);
        client?.settings().then(applySettings, () => undefined);
        serverOffset().then((o) => (offset = o), () => undefined);
      },
      onEvent(event: HallEvent) {
        const call = applyEvent(event, Date.now() + offset);
        if (call) void announcements.enqueue(announcementText(call.kind, call.number, call.counterNumber));
        if (event.type.startsWith('ticket.') || event.type === 'service.created') refreshWaiting();
      },
      onStatus(link: 'connecting' | 'live' | 'offline') {
        useDisplay.setState({ link });
      },
    };
  }, [client, announcements]);
  useHallStream(client, handlers);

  const state = useDisplay();
  useEffect(() => {
    document.title = state.hallName || document.title;
  }, [state.hallName]);

  // A highlight lasts while the call is news.
  const highlighted = state.calls.find((c) => c.key === state.highlight);
  useEffect(() => {
    if (!highlighted) return;
    const timer = setTimeout(() => useDisplay.setState({ highlight: null }), FRESH_MS);
    return () => clearTimeout(timer);
  }, [highlighted]);

  if (!token) return <div className="board-message">{t('noToken')}</div>;

  return (
    <div className="board" onClick={() => useDisplay.setState({ voiceBlocked: false })}>
      <header className="board-head">
        <h1 className="hall-name">{state.hallName}</h1>
        <Clock timeZone={state.timeZone} />
      </header>
      {state.link === 'offline' && <div className="board-offline" role="alert">{t('offline')}</div>}
      {state.voiceBlocked && <div className="board-sound">{t('enableSound')}</div>}
      <main className="board-main">
        <section className="calls">
          <h2 className="section-title">{t('nowCalling')}</h2>
          {state.calls.length === 0 && <p className="calls-empty">{t('noCalls')}</p>}
          <ol className="call-list">
            {state.calls.map((c) => (
              <CallRow key={c.key} call={c} highlighted={c.key === state.highlight} label={t('counterNo', { n: c.counterNumber })} />
            ))}
          </ol>
        </section>
        <section className="counters">
          <h2 className="section-title">{t('counters')}</h2>
          <div className={state.counters.length > 9 ? 'counter-grid dense' : 'counter-grid'} style={{ gridTemplateColumns: `repeat(${counterColumns(state.counters.length)}, 1fr)` }}>
            {state.counters.map((c) => (
              <div key={c.id} className={`counter-card state-${c.state}`} data-counter-id={c.id} data-current={c.current?.number ?? ''}>
                <div className="counter-card-label">{t('counterNo', { n: c.number })}</div>
                <div className="counter-card-number">
                  {c.state === 'paused' ? t('paused') : c.state === 'closed' && !c.current ? t('closed') : (c.current?.number ?? t('idle'))}
                </div>
              </div>
            ))}
          </div>
        </section>
      </main>
      <section className={state.services.length > 5 ? 'waiting-band dense' : 'waiting-band'}>
        <span className="waiting-title">{t('waiting')}</span>
        {state.services.map((s) => (
          <span key={s.id} className="waiting-item" data-service-id={s.id} data-waiting={s.waiting}>
            <span className="waiting-name">{s.name}</span>
            <span className="waiting-count">{t('waitingCount', { n: s.waiting })}</span>
          </span>
        ))}
      </section>
      <footer className="notice">
        <div className="notice-track" key={state.noticeLine} style={{ animationDuration: `${Math.max(18, state.noticeLine.length * 0.45)}s` }}>
          {state.noticeLine}
        </div>
      </footer>
    </div>
  );
}

function CallRow({ call, highlighted, label }: { call: CallEntry; highlighted: boolean; label: string }) {
  return (
    <li className={highlighted ? 'call-row call-new' : 'call-row'} data-ticket-number={call.number} data-counter-number={call.counterNumber} data-new={highlighted}>
      <span className="call-number">{call.number}</span>
      <span className="call-arrow">→</span>
      <span className="call-counter">{label}</span>
    </li>
  );
}

function Clock({ timeZone }: { timeZone: string }) {
  const lang = useLang((s) => s.lang);
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, []);
  const date = new Intl.DateTimeFormat(lang, { timeZone, year: 'numeric', month: 'long', day: 'numeric', weekday: 'long' }).format(now);
  const time = new Intl.DateTimeFormat('zh-CN', { timeZone, hour: '2-digit', minute: '2-digit', second: '2-digit', hour12: false }).format(now);
  return (
    <div className="clock">
      <span className="clock-date">{date}</span>
      <span className="clock-time">{time}</span>
    </div>
  );
}

/** Columns that fit every counter on a 1080p board: up to 9 in three, up to 16 in four, then five. */
function counterColumns(count: number): number {
  return count <= 9 ? 3 : count <= 16 ? 4 : 5;
}
