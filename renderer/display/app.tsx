import { useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react';
import type { HallEvent, QueueSnapshot } from '../../client/hall-client.ts';
import { hallClient, useHallStream } from '../shared/connection.ts';
import { PairingScreen, useForgetRevoked, usePairedToken } from '../shared/pairing.tsx';
import { LANGS, localName, useLang, useT, type Lang } from '../shared/i18n.ts';
import { Fit } from './fit-text.tsx';
import { tileGrid, waitingGrid } from './layout.ts';
import { messages } from './messages.ts';
import { applyEvent, applySettings, applySnapshot, applyWaiting, FRESH_MS, refreshesWaiting, useDisplay, type CallEntry } from './store.ts';
import { AudioGate, type AudioState } from './voice/audio-check.ts';
import { createVoice } from './voice/setup.ts';
import { announcementText } from './voice/speech-text.ts';

const params = new URLSearchParams(location.search);
const langParam = params.get('lang');
if (langParam && (LANGS as readonly string[]).includes(langParam)) useLang.getState().setLang(langParam as Lang);

/** What the manager reads in the device alert (the manager's page is in the hall's language). */
const AUDIO_ALERT_MESSAGE =
  '浏览器不允许自动播放，叫号语音无法播出：请用 npm run display 启动显示屏，或给 Chromium 加 --autoplay-policy=no-user-gesture-required（见 docs/display-setup.md）';

/** Server time minus ours, from the Date header (second resolution is plenty to tell news from old calls). */
async function serverOffset(): Promise<number> {
  const t0 = Date.now();
  const res = await fetch('/api/v1/health', { cache: 'no-store' });
  const t1 = Date.now();
  const date = Date.parse(res.headers.get('date') ?? '');
  return Number.isNaN(date) ? 0 : date + 500 - (t0 + t1) / 2;
}

/** The size of an element's box, kept current. */
function useBoxSize<T extends HTMLElement>() {
  const ref = useRef<T>(null);
  const [size, setSize] = useState({ width: 0, height: 0 });
  useLayoutEffect(() => {
    const el = ref.current;
    if (!el) return;
    const measure = () => setSize((s) => (s.width === el.clientWidth && s.height === el.clientHeight ? s : { width: el.clientWidth, height: el.clientHeight }));
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(el);
    return () => observer.disconnect();
  }, []);
  return [ref, size] as const;
}

function usePortrait(): boolean {
  const query = useMemo(() => matchMedia('(orientation: portrait)'), []);
  const [portrait, setPortrait] = useState(query.matches);
  useEffect(() => {
    const change = () => setPortrait(query.matches);
    query.addEventListener('change', change);
    return () => query.removeEventListener('change', change);
  }, [query]);
  return portrait;
}

export function App() {
  const t = useT(messages);
  const lang = useLang((s) => s.lang);
  const pairing = usePairedToken('hall.display.token', 'display');
  const token = pairing.token;
  const client = useMemo(() => (token ? hallClient(token) : null), [token]);
  const gate = useMemo(() => new AudioGate((audio) => useDisplay.setState({ audio })), []);
  const announcements = useMemo(
    () =>
      createVoice(
        params,
        () => useDisplay.getState().announceRepeat,
        () => gate.refused(),
      ),
    [gate],
  );

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
        serverOffset().then(
          (o) => (offset = o),
          () => undefined,
        );
      },
      onEvent(event: HallEvent) {
        const call = applyEvent(event, Date.now() + offset);
        if (call) void announcements.enqueue(announcementText(call.kind, call.number, call.counterNumber));
        if (refreshesWaiting(event.type)) refreshWaiting();
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

  useEffect(() => {
    void gate.check();
    return () => gate.stop();
  }, [gate]);
  useAudioAlert(client, state.audio, state.link);
  useForgetRevoked(client, state.link, pairing.forget);

  // A highlight lasts while the call is news.
  const highlighted = state.calls.find((c) => c.key === state.highlight);
  useEffect(() => {
    if (!highlighted) return;
    const timer = setTimeout(() => useDisplay.setState({ highlight: null }), FRESH_MS);
    return () => clearTimeout(timer);
  }, [highlighted]);

  const portrait = usePortrait();
  const [counterBox, counterSize] = useBoxSize<HTMLDivElement>();
  // Tiles about 1.6 times as wide as high; the gap is .counter-grid's 1.2rem.
  const remPx = parseFloat(getComputedStyle(document.documentElement).fontSize) || 10;
  const counterShape = tileGrid(state.counters.length, counterSize.width, counterSize.height, 1.6, 1.2 * remPx);
  const waitingShape = waitingGrid(state.services.length, portrait);

  if (!token) return <PairingScreen busy={pairing.busy} problem={pairing.problem} onPair={(code) => void pairing.pair(code)} />;

  return (
    // A tap (if anyone can reach the screen) lets the browser play sound: check again at once.
    <div className="board" data-audio={state.audio} onClick={() => void gate.check()}>
      <header className="board-head">
        {/* The hall's own data is Chinese: marked so, it keeps Chinese glyphs on a ja or en board. */}
        <Fit as="h1" className="hall-name" text={state.hallName} lang="zh-CN" />
        <Clock timeZone={state.timeZone} />
      </header>
      <div className="board-alerts">
        {state.link === 'offline' && (
          <div className="board-offline" role="alert">
            {t('offline')}
          </div>
        )}
        {state.audio === 'blocked' && (
          <div className="board-sound" role="status" data-testid="sound-blocked">
            {t('soundBlocked')}
          </div>
        )}
      </div>
      <main className="board-main">
        <section className="calls" aria-labelledby="calls-title">
          <h2 className="section-title" id="calls-title">
            {t('nowCalling')}
          </h2>
          {state.calls.length === 0 && <p className="calls-empty">{t('noCalls')}</p>}
          <ol className="call-list">
            {state.calls.map((c) => (
              <CallRow key={c.key} call={c} highlighted={c.key === state.highlight} label={t('counterNo', { n: c.counterNumber })} />
            ))}
          </ol>
        </section>
        <section className="counters" aria-labelledby="counters-title">
          <h2 className="section-title" id="counters-title">
            {t('counters')}
          </h2>
          <div
            ref={counterBox}
            className="counter-grid"
            style={{ gridTemplateColumns: `repeat(${counterShape.columns}, minmax(0, 1fr))`, gridTemplateRows: `repeat(${counterShape.rows}, minmax(0, 1fr))` }}
          >
            {state.counters.map((c) => (
              <div key={c.id} className={`counter-card state-${c.state}`} data-counter-id={c.id} data-current={c.current?.number ?? ''}>
                <Fit className="counter-card-label" text={t('counterNo', { n: c.number })} />
                <Fit
                  className="counter-card-number"
                  text={c.state === 'paused' ? t('paused') : c.state === 'closed' && !c.current ? t('closed') : (c.current?.number ?? t('idle'))}
                />
              </div>
            ))}
          </div>
        </section>
      </main>
      <section className="waiting-band" aria-labelledby="waiting-title">
        <h2 className="waiting-title" id="waiting-title">
          {t('waiting')}
        </h2>
        <ul
          className="waiting-list"
          style={{
            gridTemplateColumns: `repeat(${waitingShape.columns}, minmax(0, 1fr))`,
            gridTemplateRows: `repeat(${waitingShape.rows}, var(--waiting-row))`,
          }}
        >
          {state.services.map((s) => {
            const name = localName(lang, s.name, s.names);
            return (
              <li key={s.id} className="waiting-item" data-service-id={s.id} data-waiting={s.waiting}>
                <Fit className="waiting-name" text={name} lang={name === s.name ? 'zh-CN' : undefined} />
                <Fit className="waiting-count" text={t('waitingCount', { n: s.waiting })} />
              </li>
            );
          })}
        </ul>
      </section>
      <NoticeLine text={state.noticeLine} />
    </div>
  );
}

/** Tells the manager once per change that the board cannot sound, and when it can again; retried when the link returns. */
function useAudioAlert(client: ReturnType<typeof hallClient> | null, audio: AudioState, link: string) {
  const reported = useRef<'blocked' | 'recovered' | null>(null);
  useEffect(() => {
    if (!client || link !== 'live') return;
    const want = audio === 'blocked' ? 'blocked' : audio === 'allowed' && reported.current === 'blocked' ? 'recovered' : null;
    if (!want || want === reported.current) return;
    const send = want === 'blocked' ? client.deviceAlert('display_audio_blocked', AUDIO_ALERT_MESSAGE) : client.deviceAlert('recovered');
    send.then(
      () => (reported.current = want),
      () => undefined,
    );
  }, [client, audio, link]);
}

function CallRow({ call, highlighted, label }: { call: CallEntry; highlighted: boolean; label: string }) {
  return (
    <li
      className={highlighted ? 'call-row call-new' : 'call-row'}
      data-ticket-number={call.number}
      data-counter-number={call.counterNumber}
      data-new={highlighted}
    >
      <Fit className="call-number" text={call.number} />
      <span className="call-arrow" aria-hidden="true">
        →
      </span>
      <Fit className="call-counter" text={label} />
    </li>
  );
}

/** A notice that fits stands still; a longer one scrolls, with a still copy for screen readers. */
function NoticeLine({ text }: { text: string }) {
  const box = useRef<HTMLElement>(null);
  const probe = useRef<HTMLSpanElement>(null);
  const [scrolls, setScrolls] = useState(false);
  useLayoutEffect(() => {
    const el = box.current;
    const p = probe.current;
    if (!el || !p) return;
    const measure = () => setScrolls(p.scrollWidth > el.clientWidth);
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(el);
    return () => observer.disconnect();
  }, [text]);
  return (
    <footer className="notice" ref={box} lang="zh-CN">
      <span className="notice-probe" ref={probe} aria-hidden="true">
        {text}
      </span>
      {scrolls && <span className="visually-hidden">{text}</span>}
      <div
        className={scrolls ? 'notice-track scrolling' : 'notice-track'}
        aria-hidden={scrolls || undefined}
        key={text}
        style={scrolls ? { animationDuration: `${Math.max(18, text.length * 0.45)}s` } : undefined}
      >
        {text}
      </div>
    </footer>
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
      <Fit className="clock-date" text={date} />
      <span className="clock-time">{time}</span>
    </div>
  );
}
