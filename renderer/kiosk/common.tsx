// Small pieces every kiosk screen uses: the translator, error wording, wait wording, a heading that takes focus.
import { useEffect, useRef, type ReactNode } from 'react';
import { errorText, useLang, useT, type Lang } from '../shared/i18n.ts';
import { kioskMessages, type KioskMessageKey } from './messages.ts';

export const useKioskT = () => useT(kioskMessages);

/** The kiosk's own codes first (agent, card, transport), then the hall's. */
export function useErrorText(): (code: string) => string {
  const lang = useLang((s) => s.lang);
  return (code) => kioskErrorText(lang, code);
}

export function kioskErrorText(lang: Lang, code: string): string {
  const own = kioskMessages[lang] as Record<string, string>;
  return own[code] ?? errorText(lang, code);
}

export type T = (key: KioskMessageKey, vars?: Record<string, string | number>) => string;

/** "about 12 min"; under half a minute reads as no wait. */
export function waitText(t: T, seconds: number | null): string | null {
  if (seconds === null) return null;
  const minutes = Math.ceil(seconds / 60);
  return seconds < 30 ? t('tile.waitNone') : t('tile.wait', { m: minutes });
}

/**
 * When a closed service takes tickets again, in the hall's wall time as the ISO text carries it: "14:00" later today,
 * "11月26日周四 09:00" on another day. `today` is the kiosk's local day (the kiosk stands in the hall).
 */
export function openingText(lang: Lang, iso: string, today: Date = new Date()): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})/.exec(iso);
  if (!m) return iso;
  const [, y, mo, d, h, mi] = m;
  const localDay = `${today.getFullYear()}-${String(today.getMonth() + 1).padStart(2, '0')}-${String(today.getDate()).padStart(2, '0')}`;
  if (`${y}-${mo}-${d}` === localDay) return `${h}:${mi}`;
  const wall = new Date(Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi)));
  return new Intl.DateTimeFormat(lang, {
    timeZone: 'UTC',
    month: 'long',
    day: 'numeric',
    weekday: 'short',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).format(wall);
}

/** Each screen's heading takes focus when the screen appears, so screen readers announce where the visitor is. */
export function ScreenHeading({ children, className }: { children: ReactNode; className?: string }) {
  const ref = useRef<HTMLHeadingElement>(null);
  useEffect(() => ref.current?.focus(), []);
  return (
    <h1 ref={ref} tabIndex={-1} className={className ?? 'screen-heading'}>
      {children}
    </h1>
  );
}
