// The monitor's queue pressure: longest current wait per service and overall, windows open against people waiting,
// and the limits past which the server opens a "consider opening a window" alert (settings.queueAlert).
import { useEffect, useMemo, useState, type FormEvent } from 'react';
import type { HallClient } from '../../client/hall-client.ts';
import { HallApiError } from '../../client/hall-client.ts';
import type { QueueAlertSettings } from '../../core/model.ts';
import type { QueueWatchView } from '../../core/queue-watch.ts';
import { errorText, useLang, useT } from '../shared/i18n.ts';
import { messages, type ManagerKey } from './messages.ts';
import { signedOutBy, useManager } from './store.ts';

/** How often the waits shown grow between fetches, and how often they are fetched with no event at all. */
const TICK_MS = 5_000;
const REFETCH_MS = 30_000;

export interface LiveWatch {
  view: QueueWatchView;
  /** Seconds passed since the view was read: waits shown grow by it. */
  elapsed: number;
}

/** Fetched again whenever the queue picture changes (after every burst of events) and now and then, as waits grow. */
export function useQueueWatch(client: HallClient): LiveWatch | null {
  const seq = useManager((s) => s.queue?.seq);
  const settings = useManager((s) => s.settings);
  const [state, setState] = useState<{ view: QueueWatchView; readAt: number } | null>(null);
  const [now, setNow] = useState(() => Date.now());
  const [round, setRound] = useState(0);
  useEffect(() => {
    let gone = false;
    client.queueWatch().then(
      (view) => !gone && setState({ view, readAt: Date.now() }),
      (err: unknown) => void signedOutBy(err),
    );
    return () => {
      gone = true;
    };
  }, [client, seq, settings, round]);
  useEffect(() => {
    const tick = setInterval(() => setNow(Date.now()), TICK_MS);
    const refetch = setInterval(() => setRound((r) => r + 1), REFETCH_MS);
    return () => {
      clearInterval(tick);
      clearInterval(refetch);
    };
  }, []);
  if (!state) return null;
  return { view: state.view, elapsed: Math.max(0, Math.floor((now - state.readAt) / 1000)) };
}

/** A wait in whole minutes, "under a minute" below one. */
export function waitText(t: (key: ManagerKey, vars?: Record<string, string | number>) => string, seconds: number): string {
  return seconds < 60 ? t('underMinute') : t('minutes', { m: Math.floor(seconds / 60) });
}

export const liveWait = (seconds: number, waiting: number, elapsed: number) => (waiting > 0 ? seconds + elapsed : 0);

/** Figures beside the day's counts: the longest wait now, and windows open against people waiting. */
export function PressureFigures({ watch }: { watch: LiveWatch | null }) {
  const t = useT(messages);
  if (!watch) return null;
  const { total } = watch.view;
  const longest = liveWait(total.longestWaitSeconds, total.waiting, watch.elapsed);
  const perWindow = total.openWindows > 0 ? (total.waiting / total.openWindows).toFixed(1) : null;
  return (
    <>
      <div className="figure figure-wide" data-figure="longest-wait" data-seconds={longest}>
        <span className="figure-value">{total.waiting > 0 ? waitText(t, longest) : t('none')}</span>
        <span className="figure-label">{t('longestWaitNow')}</span>
      </div>
      <div className="figure figure-wide" data-figure="windows" data-open={total.openWindows} data-waiting={total.waiting}>
        <span className="figure-value">
          {total.openWindows} / {total.waiting}
        </span>
        <span className="figure-label">{perWindow === null ? t('windowsAgainstWaiting') : t('windowsAgainstWaitingPer', { n: perWindow })}</span>
      </div>
    </>
  );
}

const limitText = (n: number | null) => (n === null ? '' : String(n));

function parseLimit(text: string): number | null | 'bad' {
  const v = text.trim();
  if (v === '') return null;
  const n = Number(v);
  return Number.isInteger(n) && n >= 1 && n <= 10_000 ? n : 'bad';
}

/** Hall-wide limits and per-service ones (empty: the hall's); saved into the hall settings. */
export function QueueAlertForm({ client }: { client: HallClient }) {
  const t = useT(messages);
  const lang = useLang((s) => s.lang);
  const settings = useManager((s) => s.settings);
  const services = useManager((s) => s.queue?.services ?? []);
  const current: QueueAlertSettings = settings?.queueAlert ?? { waiting: null, waitMinutes: null, services: {} };
  const initial = useMemo(
    () => ({
      waiting: limitText(current.waiting),
      waitMinutes: limitText(current.waitMinutes),
      services: Object.fromEntries(
        services.map((s) => [
          s.id,
          { waiting: limitText(current.services[s.id]?.waiting ?? null), waitMinutes: limitText(current.services[s.id]?.waitMinutes ?? null) },
        ]),
      ),
    }),
    // Reset only when the saved settings change, not on every queue refresh.
    [settings, services.length],
  );
  const [form, setForm] = useState(initial);
  const [status, setStatus] = useState<{ ok: boolean; text: string } | null>(null);
  useEffect(() => setForm(initial), [initial]);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const waiting = parseLimit(form.waiting);
    const waitMinutes = parseLimit(form.waitMinutes);
    const own: QueueAlertSettings['services'] = {};
    let bad = waiting === 'bad' || waitMinutes === 'bad';
    for (const [id, v] of Object.entries(form.services)) {
      const w = parseLimit(v.waiting);
      const m = parseLimit(v.waitMinutes);
      if (w === 'bad' || m === 'bad') bad = true;
      else if (w !== null || m !== null) own[id] = { ...(w !== null ? { waiting: w } : {}), ...(m !== null ? { waitMinutes: m } : {}) };
    }
    if (bad || waiting === 'bad' || waitMinutes === 'bad') {
      setStatus({ ok: false, text: t('limitBad') });
      return;
    }
    try {
      await client.updateSettings({ queueAlert: { waiting, waitMinutes, services: own } });
      setStatus({ ok: true, text: t('limitsSaved') });
    } catch (err) {
      if (!signedOutBy(err)) setStatus({ ok: false, text: errorText(lang, err instanceof HallApiError ? err.code : 'NETWORK') });
    }
  };

  const input = (value: string, onChange: (v: string) => void, label: string, name: string) => (
    <input
      className="limit-input"
      type="number"
      min={1}
      inputMode="numeric"
      name={name}
      aria-label={label}
      value={value}
      onChange={(e) => onChange(e.target.value)}
    />
  );
  return (
    <details className="card queue-limits" data-testid="queue-limits">
      <summary>
        <h2>{t('limitsTitle')}</h2>
      </summary>
      <form onSubmit={(e) => void submit(e)}>
        <p className="hint">{t('limitsHint')}</p>
        <div className="limits-hall">
          <label>
            {t('limitWaiting')}
            {input(form.waiting, (v) => setForm({ ...form, waiting: v }), t('limitWaiting'), 'waiting')}
          </label>
          <label>
            {t('limitWaitMinutes')}
            {input(form.waitMinutes, (v) => setForm({ ...form, waitMinutes: v }), t('limitWaitMinutes'), 'waitMinutes')}
          </label>
        </div>
        {services.length > 0 && (
          <table className="grid-table limits-services">
            <thead>
              <tr>
                <th>{t('colService')}</th>
                <th>{t('limitWaiting')}</th>
                <th>{t('limitWaitMinutes')}</th>
              </tr>
            </thead>
            <tbody>
              {services.map((s) => {
                const v = form.services[s.id] ?? { waiting: '', waitMinutes: '' };
                const set = (patch: Partial<typeof v>) => setForm({ ...form, services: { ...form.services, [s.id]: { ...v, ...patch } } });
                return (
                  <tr key={s.id} data-service-id={s.id}>
                    <td>{s.name}</td>
                    <td>{input(v.waiting, (w) => set({ waiting: w }), `${s.name} ${t('limitWaiting')}`, `waiting-${s.id}`)}</td>
                    <td>{input(v.waitMinutes, (m) => set({ waitMinutes: m }), `${s.name} ${t('limitWaitMinutes')}`, `waitMinutes-${s.id}`)}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        )}
        <div className="limits-actions">
          <button type="submit" className="primary">
            {t('saveLimits')}
          </button>
          {status && (
            <span className={status.ok ? 'ok' : 'error'} role="status">
              {status.text}
            </span>
          )}
        </div>
      </form>
    </details>
  );
}
