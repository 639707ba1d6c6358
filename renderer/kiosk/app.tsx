// The kiosk app: header (hall, language, 关怀版), status notices, the current screen, and the idle timeout.
import { useEffect, useRef, useState, type MouseEvent } from 'react';
import { LANGS, localName, useLang, type Lang } from '../shared/i18n.ts';
import { useKiosk } from './store.ts';
import { Certificates } from './certificates.tsx';
import { Prefiling } from './prefiling.tsx';
import { Progress } from './progress.tsx';
import { CheckIn } from './check-in.tsx';
import { ScanToCheckIn } from './checkin-scanner.tsx';
import { Confirm } from './confirm.tsx';
import { Guide } from './guide.tsx';
import { Home } from './home.tsx';
import { Done, Refusal, Working } from './outcome.tsx';
import { useKioskT } from './common.tsx';

/** Each language's name in itself, so a visitor finds their own. */
const LANG_NAMES: Record<Lang, string> = { 'zh-CN': '简体中文', 'zh-TW': '繁體中文', en: 'English', ja: '日本語' };

export interface IdleLimits {
  /** Seconds without a touch or key before any screen returns to the start. */
  idleSeconds: number;
  /** The ticket screen goes back sooner: the visitor has what they came for. */
  doneSeconds: number;
}

function Header() {
  const t = useKioskT();
  const lang = useLang((s) => s.lang);
  const setLang = useLang((s) => s.setLang);
  const care = useKiosk((s) => s.care);
  const setCare = useKiosk((s) => s.setCare);
  const status = useKiosk((s) => s.status);
  const hallName = status?.hallName ? localName(lang, status.hallName, status.hallNames) : null;
  return (
    <header className="bar">
      <div className="brand">
        <span className="emblem" aria-hidden="true" />
        <div>
          {hallName && <p className="hall-name">{hallName}</p>}
          <p className="app-title">{t('title')}</p>
        </div>
      </div>
      <nav className="tools" aria-label={t('lang.label')}>
        {LANGS.map((l) => (
          <button key={l} type="button" lang={l} className="tool" aria-pressed={lang === l} data-testid={`lang-${l}`} onClick={() => setLang(l)}>
            {LANG_NAMES[l]}
          </button>
        ))}
        <button type="button" className="tool care-toggle" aria-pressed={care} data-testid="care-toggle" onClick={() => setCare(!care)}>
          {care ? t('care.off') : t('care.on')}
        </button>
      </nav>
    </header>
  );
}

function Notices() {
  const t = useKioskT();
  const status = useKiosk((s) => s.status);
  // The ticket screen says itself that it was not printed or issued offline, next to the number.
  const onTicket = useKiosk((s) => s.screen.name === 'done');
  if (!status || onTicket) return null;
  const printerDown = status.printer === 'paper_out' || status.printer === 'cover_open' || status.printer === 'offline' || status.printer === 'absent';
  if (status.online && !printerDown) return null;
  return (
    <div className="notices" role="status">
      {!status.online && (
        <p className="notice offline" data-testid="offline-notice">
          {t('status.offline')}
        </p>
      )}
      {printerDown && (
        <p className="notice printer" data-testid="printer-notice">
          {t('status.printer')}
        </p>
      )}
    </div>
  );
}

/** Returns to the start after inactivity; warns for the last ten seconds so a slow reader can stay. */
function IdleGuard({ limits }: { limits: IdleLimits }) {
  const t = useKioskT();
  const screen = useKiosk((s) => s.screen.name);
  const care = useKiosk((s) => s.care);
  const lang = useLang((s) => s.lang);
  const reset = useKiosk((s) => s.reset);
  const last = useRef(Date.now());
  const [left, setLeft] = useState<number | null>(null);
  const away = screen !== 'home' || care || lang !== 'zh-CN';
  const limit = screen === 'done' ? limits.doneSeconds : limits.idleSeconds;

  useEffect(() => {
    const touch = () => {
      last.current = Date.now();
      setLeft(null);
    };
    touch();
    for (const type of ['pointerdown', 'keydown', 'wheel'] as const) document.addEventListener(type, touch, { capture: true, passive: true });
    return () => {
      for (const type of ['pointerdown', 'keydown', 'wheel'] as const) document.removeEventListener(type, touch, { capture: true });
    };
  }, [screen]);

  useEffect(() => {
    if (!away || screen === 'working') return;
    const timer = setInterval(() => {
      const remaining = Math.ceil(limit - (Date.now() - last.current) / 1000);
      if (remaining <= 0) {
        setLeft(null);
        reset();
      } else setLeft(remaining <= 10 ? remaining : null);
    }, 250);
    return () => clearInterval(timer);
  }, [away, limit, screen, reset]);

  if (left === null || !away) return null;
  return (
    <div className="idle-warning" role="alert" data-testid="idle-warning">
      <p>{t('idle.warning', { s: left })}</p>
      <button type="button" className="secondary">
        {t('idle.stay')}
      </button>
    </div>
  );
}

/** Moves focus to the screen's heading without adding a history entry the Back key could walk through. */
function skipToMain(event: MouseEvent) {
  event.preventDefault();
  document.querySelector<HTMLElement>('#main h1')?.focus();
}

export function App({ limits }: { limits: IdleLimits }) {
  const t = useKioskT();
  const screen = useKiosk((s) => s.screen);
  return (
    <div className="kiosk">
      <a className="skip visually-hidden" href="#main" onClick={skipToMain}>
        {t('skip')}
      </a>
      <Header />
      <Notices />
      {screen.name === 'home' && <Home />}
      {screen.name === 'home' && <ScanToCheckIn />}
      {screen.name === 'confirm' && <Confirm service={screen.service} matterCode={screen.matterCode} />}
      {screen.name === 'checkIn' && <CheckIn code={screen.code} />}
      {screen.name === 'certificates' && <Certificates />}
      {screen.name === 'guide' && <Guide />}
      {screen.name === 'progress' && <Progress />}
      {screen.name === 'prefiling' && <Prefiling matter={screen.matter} />}
      {screen.name === 'working' && <Working action={screen.action} />}
      {screen.name === 'done' && <Done outcome={screen.outcome} reprint={screen.reprint} />}
      {screen.name === 'error' && <Refusal code={screen.code} from={screen.from} retry={screen.retry} nextOpening={screen.nextOpening ?? null} />}
      <IdleGuard limits={limits} />
    </div>
  );
}
