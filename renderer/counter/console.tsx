import { useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import type { TicketView } from '../../core/engine.ts';
import { CasesPanel } from './cases.tsx';
import type { HallEvent, QueueSnapshot } from '../../client/hall-client.ts';
import { HallApiError, HallClient } from '../../client/hall-client.ts';
import { hallClient, useHallStream } from '../shared/connection.ts';
import { errorText, useLang, useT } from '../shared/i18n.ts';
import { PrefilingPanel } from './prefiling.tsx';
import { LangSwitch } from '../shared/lang-switch.tsx';
import { oncePerBurst } from '../shared/burst.ts';
import { messages, type CounterKey } from './messages.ts';
import {
  act,
  applyEvent,
  applySnapshot,
  commitPending,
  findWaiting,
  hallTime,
  holdBack,
  PAUSE_CODES,
  pickSettings,
  refreshWaiting,
  resumePending,
  saveSession,
  settleCurrent,
  undoPending,
  useCounter,
  type Pending,
  type Session,
} from './store.ts';

type T = (key: CounterKey, vars?: Record<string, string | number>) => string;

/** Each action's key, shown on its button. */
export const KEYS = { callNext: 'N', recall: 'R', noShow: 'X', complete: 'C', transfer: 'T', pause: 'P', callNumber: 'S', undo: 'Z' } as const;
const ACTION_KEYS = new Set<string>(Object.values(KEYS));

function useNow(): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, []);
  return now;
}

export function Console({ session }: { session: Session & { counterId: string } }) {
  const t = useT(messages);
  const lang = useLang((s) => s.lang);
  const client = useMemo(() => hallClient(session.token), [session.token]);
  const state = useCounter();
  const { counter, current, waiting, busy, dialog, pending } = state;
  const counterId = session.counterId;

  const handlers = useMemo(() => {
    const refresh = oncePerBurst(() => void refreshWaiting(client).catch(() => undefined), 150);
    return {
      onSnapshot(s: QueueSnapshot) {
        applySnapshot(s, counterId);
        client.services().then(
          (services) => useCounter.setState({ services }),
          () => undefined,
        );
        client.settings().then(
          (st) => useCounter.setState(pickSettings(st)),
          () => undefined,
        );
        refresh();
      },
      onEvent(e: HallEvent) {
        if (applyEvent(e, counterId)) refresh();
      },
      onStatus(link: 'connecting' | 'live' | 'offline') {
        useCounter.setState({ link });
        // Whatever changed while we were away is fetched again once the stream is back.
        if (link === 'live') refresh();
        // A stream cut because the account was disabled (or the session ended): back to the sign-in form.
        if (link === 'offline') {
          client.me().catch((err: unknown) => {
            if (err instanceof HallApiError && err.status === 401) saveSession(null);
          });
        }
      },
    };
  }, [client, counterId]);
  useHallStream(client, handlers);

  // A token the server no longer knows (expired session) sends staff back to the sign-in form.
  useEffect(() => {
    client.me().catch((err: unknown) => {
      if (err instanceof HallApiError && err.status === 401) saveSession(null);
    });
  }, [client]);

  const paused = counter?.state === 'paused';
  const actions = useMemo(() => {
    const finish = (kind: Pending['kind']) => {
      const cur = useCounter.getState().current;
      if (!cur || useCounter.getState().busy) return;
      // One held back at a time: an earlier one (a ticket called here from elsewhere meanwhile) goes now.
      void commitPending(client);
      holdBack(kind, cur, counterId);
    };
    return {
      // Calling completes the ticket in hand on the server, so a held-back no-show or completion goes first.
      callNext: () =>
        act(async () => {
          if (!(await commitPending(client))) return;
          const ticket = (await client.callNext(counterId)).ticket;
          settleCurrent(ticket, useCounter.getState().current?.id);
          if (!ticket) useCounter.setState({ notice: { key: 'nothingWaiting' } });
        }),
      recall: () => act(() => client.recall(counterId)),
      noShow: () => finish('noShow'),
      complete: () => finish('complete'),
      undo: () => void undoPending(),
      transferTo: (serviceId: string) => {
        const cur = useCounter.getState().current;
        useCounter.setState({ dialog: null });
        return cur ? act(async () => useCounter.setState({ current: (await client.transfer(cur.id, serviceId)) && null })) : undefined;
      },
      pauseFor: (reason: string) => {
        useCounter.setState({ dialog: null });
        return act(async () => useCounter.setState({ counter: await client.pause(counterId, reason) }));
      },
      resume: () => act(async () => useCounter.setState({ counter: await client.resume(counterId) })),
      callTicket: (ticket: TicketView) => {
        useCounter.setState({ dialog: null });
        return act(async () => {
          if (!(await commitPending(client))) return;
          const { ticket: called } = await client.callTicket(counterId, ticket.id);
          settleCurrent(called, useCounter.getState().current?.id);
        });
      },
      signOut: () =>
        act(async () => {
          if (!(await commitPending(client))) return;
          await client.signOut(counterId).catch(() => undefined);
          await client.request('POST', '/api/v1/auth/logout').catch(() => undefined);
          saveSession(null);
        }),
    };
  }, [client, counterId]);

  // The held-back action goes to the server when its undo time is up.
  useEffect(() => {
    if (!pending) return;
    const timer = setTimeout(() => void commitPending(client), Math.max(0, pending.until - Date.now()));
    return () => clearTimeout(timer);
  }, [pending, client]);

  // Closing or reloading in the undo window sends it at once (keepalive outlives the page); a reload then checks it.
  useEffect(() => {
    void resumePending(client, counterId);
    const leaving = new HallClient(location.origin, { token: session.token, fetch: (url, init) => fetch(url, { ...init, keepalive: true }) });
    const onHide = () => void commitPending(leaving);
    window.addEventListener('pagehide', onHide);
    return () => window.removeEventListener('pagehide', onHide);
  }, [client, counterId, session.token]);

  // Keyboard first: single letters while no field has the focus; Esc closes a dialog.
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.repeat || e.ctrlKey || e.altKey || e.metaKey) return;
      const s = useCounter.getState();
      if (e.key === 'Escape') {
        useCounter.setState({ dialog: null });
        return;
      }
      const target = e.target as HTMLElement | null;
      if (target && (target.tagName === 'INPUT' || target.tagName === 'SELECT' || target.tagName === 'TEXTAREA')) return;
      const key = e.key.toUpperCase();
      // Undo is urgent: it works over a dialog too.
      if (key === KEYS.undo && s.pending) {
        e.preventDefault();
        actions.undo();
        return;
      }
      // An open dialog answers the other keys itself (its choices, or a hint saying what it waits for).
      if (s.dialog) return;
      const isPaused = s.counter?.state === 'paused';
      const has = s.current !== null;
      const run: Record<string, (() => unknown) | undefined> = {
        [KEYS.callNext]: isPaused ? undefined : actions.callNext,
        [KEYS.recall]: has ? actions.recall : undefined,
        [KEYS.noShow]: has ? actions.noShow : undefined,
        [KEYS.complete]: has ? actions.complete : undefined,
        [KEYS.transfer]: has ? () => useCounter.setState({ dialog: 'transfer' }) : undefined,
        [KEYS.pause]: isPaused ? actions.resume : () => useCounter.setState({ dialog: 'pause' }),
        [KEYS.callNumber]: isPaused ? undefined : () => useCounter.setState({ dialog: 'callNumber' }),
      };
      const action = run[key];
      if (!action) return;
      e.preventDefault();
      void action();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [actions]);

  const serviceName = (id: string) => state.services.find((s) => s.id === id)?.name ?? '';
  const has = current !== null;

  return (
    <div className="console" data-busy={busy}>
      <header className="bar">
        <strong className="bar-counter">{counter ? t('counterNo', { n: counter.number }) : ''}</strong>
        <span className="bar-services">{counter?.serviceIds.map(serviceName).join(' · ')}</span>
        <span className="bar-user">{session.username}</span>
        <span className={`link link-${state.link}`} data-link={state.link}>
          {state.link === 'live' ? t('live') : t('connecting')}
        </span>
        <LangSwitch />
        <button className="bar-signout" onClick={() => void actions.signOut()}>
          {t('signOut')}
        </button>
      </header>
      {state.link === 'offline' && (
        <div className="banner banner-offline" role="alert" data-testid="offline-banner">
          {t('offline')}
        </div>
      )}
      {paused && (
        <div className="banner banner-paused" data-testid="paused-banner">
          {t('pausedBanner', { reason: t(`reason_${counter.pauseReason ?? 'other'}` as 'reason_other') })}
        </div>
      )}
      <main className="work">
        <section className="left">
          <CurrentTicket ticket={current} serviceName={current ? serviceName(current.serviceId) : ''} t={t} />
          {pending && <UndoBar key={pending.ticket.id} pending={pending} t={t} onUndo={actions.undo} />}
          <div className="actions">
            <ActionButton k={KEYS.callNext} label={t('callNext')} primary disabled={busy || paused} onClick={actions.callNext} name="call-next" />
            <ActionButton k={KEYS.recall} label={t('recall')} disabled={busy || !has} onClick={actions.recall} name="recall" />
            <ActionButton k={KEYS.complete} label={t('complete')} disabled={busy || !has} onClick={actions.complete} name="complete" />
            <ActionButton k={KEYS.noShow} label={t('noShow')} disabled={busy || !has} onClick={actions.noShow} name="no-show" />
            <ActionButton
              k={KEYS.transfer}
              label={t('transfer')}
              disabled={busy || !has}
              onClick={() => useCounter.setState({ dialog: 'transfer' })}
              name="transfer"
            />
            <ActionButton
              k={KEYS.pause}
              label={paused ? t('resume') : t('pause')}
              disabled={busy}
              onClick={paused ? actions.resume : () => useCounter.setState({ dialog: 'pause' })}
              name="pause"
            />
            <ActionButton
              k={KEYS.callNumber}
              label={t('callNumber')}
              disabled={busy || paused}
              onClick={() => useCounter.setState({ dialog: 'callNumber' })}
              name="call-number"
            />
          </div>
          <PrefilingPanel client={client} ticketId={current?.id ?? null} />
          {(state.error || state.notice) && (
            <p className={state.error ? 'status status-error' : 'status'} role="status" data-error={state.error ?? ''}>
              {state.error ? errorText(lang, state.error) : t(state.notice!.key, state.notice!.vars)}
            </p>
          )}
          <CasesPanel client={client} ticket={current} />
        </section>
        <WaitingList waiting={waiting} serviceName={serviceName} t={t} disabled={busy || paused} onCall={(tk) => void actions.callTicket(tk)} />
      </main>
      {dialog === 'pause' && (
        <Dialog title={t('pauseTitle')} hint={t('pauseFirst')} t={t}>
          {PAUSE_CODES.map((code, i) => (
            <ChoiceButton
              key={code}
              k={String(i + 1)}
              label={t(`reason_${code}` as 'reason_other')}
              onPick={() => void actions.pauseFor(code)}
              name={`reason-${code}`}
            />
          ))}
        </Dialog>
      )}
      {dialog === 'transfer' && current && (
        <Dialog title={t('transferTitle')} hint={t('transferFirst')} t={t}>
          {state.services
            .filter((s) => s.active && s.id !== current.serviceId)
            .slice(0, 9)
            .map((s, i) => (
              <ChoiceButton
                key={s.id}
                k={String(i + 1)}
                label={`${s.prefix} ${s.name}`}
                onPick={() => void actions.transferTo(s.id)}
                name={`transfer-${s.code}`}
              />
            ))}
        </Dialog>
      )}
      {dialog === 'callNumber' && <CallNumberDialog t={t} onCall={actions.callTicket} />}
    </div>
  );
}

function CurrentTicket({ ticket, serviceName, t }: { ticket: TicketView | null; serviceName: string; t: T }) {
  const now = useNow();
  const timeZone = useCounter((s) => s.timeZone);
  if (!ticket) {
    return (
      <div className="current current-empty" data-testid="current">
        <div className="current-label">{t('current')}</div>
        <div className="current-none">{t('noCurrent')}</div>
      </div>
    );
  }
  const issued = Date.parse(ticket.issuedAt);
  const waited = Math.max(0, Math.floor((now - issued) / 1000));
  return (
    <div className="current" data-testid="current" data-ticket-id={ticket.id} data-number={ticket.number}>
      <div className="current-label">{t('current')}</div>
      <div className="current-number">{ticket.number}</div>
      <div className="current-service">{serviceName}</div>
      <div className="current-details">
        {ticket.maskedName && <span className="current-name">{ticket.maskedName}</span>}
        {ticket.appointment && <span className="tag tag-appointment">{t('appointment')}</span>}
        {ticket.lateArrival && <span className="tag tag-late">{t('lateArrival')}</span>}
        {ticket.priority && <span className="tag tag-priority">{t(`pr_${ticket.priorityReason ?? 'other'}` as 'pr_other')}</span>}
        {ticket.recallCount > 0 && <span className="tag">{t('recalls', { n: ticket.recallCount })}</span>}
      </div>
      <div className="current-time">
        <span>{t('issuedAt', { t: hallTime(ticket.issuedAt, timeZone) })}</span>
        <span data-testid="waited">{t('waitedFor', { t: t('minutes', { m: Math.floor(waited / 60), s: waited % 60 }) })}</span>
      </div>
    </div>
  );
}

function ActionButton(props: { k: string; label: string; disabled: boolean; primary?: boolean; name: string; onClick: () => unknown }) {
  return (
    <button
      className={props.primary ? 'action action-primary' : 'action'}
      disabled={props.disabled}
      data-action={props.name}
      onClick={() => void props.onClick()}
      aria-keyshortcuts={props.k}
    >
      <kbd>{props.k}</kbd>
      <span>{props.label}</span>
    </button>
  );
}

function WaitingList(props: { waiting: TicketView[]; serviceName: (id: string) => string; t: T; disabled: boolean; onCall: (t: TicketView) => void }) {
  const { t } = props;
  const now = useNow();
  return (
    <section className="right">
      <h2 className="list-title">
        {t('waitingList')} <span className="list-count">{t('waitingCount', { n: props.waiting.length })}</span>
      </h2>
      {props.waiting.length === 0 ? (
        <p className="list-empty">{t('nobodyWaiting')}</p>
      ) : (
        <table className="list">
          <thead>
            <tr>
              <th>{t('colNumber')}</th>
              <th>{t('colService')}</th>
              <th>{t('colWaited')}</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {props.waiting.map((tk) => {
              const waited = Math.max(0, Math.floor((now - Date.parse(tk.issuedAt)) / 60_000));
              return (
                <tr key={tk.id} data-number={tk.number}>
                  <td className="list-number">
                    {tk.number}
                    {tk.appointment && <span className="tag tag-appointment">{t('appointment')}</span>}
                    {tk.priority && <span className="tag tag-priority">{t('priority')}</span>}
                  </td>
                  <td>{props.serviceName(tk.serviceId)}</td>
                  <td>{waited}′</td>
                  <td>
                    <button className="list-call" disabled={props.disabled} onClick={() => props.onCall(tk)}>
                      {t('call')}
                    </button>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
    </section>
  );
}

/** The action just pressed, held back for a few seconds with its undo button. */
function UndoBar({ pending, t, onUndo }: { pending: Pending; t: T; onUndo: () => void }) {
  const left = Math.max(0, pending.until - Date.now());
  return (
    <div className={`undo undo-${pending.kind}`} role="status" data-testid="undo-bar" data-ticket-id={pending.ticket.id}>
      <span className="undo-text">{t(pending.kind === 'noShow' ? 'noShowHeld' : 'completeHeld', { n: pending.ticket.number })}</span>
      <button className="undo-button" data-action="undo" onClick={onUndo} aria-keyshortcuts={KEYS.undo}>
        <kbd>{KEYS.undo}</kbd>
        <span>{t('undo')}</span>
      </button>
      {/* The time left, as a bar that empties: no re-render every second. */}
      <span className="undo-time" style={{ animationDuration: `${left}ms` }} />
    </div>
  );
}

function Dialog({ title, hint, t, children }: { title: string; hint: string; t: T; children: ReactNode }) {
  // Console keys pressed while the dialog waits get an answer: what to do to go on.
  const [nudged, setNudged] = useState(false);
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const target = e.target as HTMLElement | null;
      if (e.defaultPrevented || target?.tagName === 'INPUT' || e.ctrlKey || e.altKey || e.metaKey) return;
      if (ACTION_KEYS.has(e.key.toUpperCase())) setNudged(true);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
  return (
    <div className="dialog-backdrop" onClick={() => useCounter.setState({ dialog: null })}>
      <div className="dialog" role="dialog" aria-label={title} onClick={(e) => e.stopPropagation()}>
        <h2>{title}</h2>
        <div className="dialog-choices">{children}</div>
        <p className={nudged ? 'dialog-hint dialog-hint-nudged' : 'dialog-hint'} role={nudged ? 'alert' : undefined} data-testid="dialog-hint">
          {nudged ? (
            hint
          ) : (
            <>
              {t('escToCancel')} <kbd>Esc</kbd>
            </>
          )}
        </p>
      </div>
    </div>
  );
}

function ChoiceButton({ k, label, onPick, name }: { k: string; label: string; onPick: () => void; name: string }) {
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key === k && !e.repeat) {
        e.preventDefault();
        onPick();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [k, onPick]);
  return (
    <button className="choice" data-choice={name} onClick={onPick}>
      <kbd>{k}</kbd> {label}
    </button>
  );
}

function CallNumberDialog({ t, onCall }: { t: T; onCall: (ticket: TicketView) => unknown }) {
  const [typed, setTyped] = useState('');
  const [missing, setMissing] = useState<string | null>(null);
  const input = useRef<HTMLInputElement>(null);
  useEffect(() => input.current?.focus(), []);
  return (
    <Dialog title={t('callNumberTitle')} hint={t('callNumberFirst')} t={t}>
      <form
        className="call-number"
        onSubmit={(e) => {
          e.preventDefault();
          const ticket = findWaiting(useCounter.getState().waiting, typed);
          if (ticket) void onCall(ticket);
          else setMissing(typed);
        }}
      >
        <input ref={input} name="number" value={typed} onChange={(e) => setTyped(e.target.value)} placeholder={t('callNumberHint')} autoComplete="off" />
        {missing !== null && <p className="error">{t('notInList', { n: missing })}</p>}
      </form>
    </Dialog>
  );
}
