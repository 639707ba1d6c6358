// The district app: all halls at a glance (polled every 10 s), one hall read-only, 好差评 across halls with the export.
import { useEffect, useRef, useState } from 'react';
import { LoginForm } from '../shared/login-form.tsx';
import { LangSwitch } from '../shared/lang-switch.tsx';
import { useT } from '../shared/i18n.ts';
import { readStored, writeStored } from '../shared/stored.ts';
import { HallsAdmin } from './halls-admin.tsx';
import { CatalogueAdmin } from './catalogue.tsx';
import { messages, type DistrictKey } from './messages.ts';

const SESSION_KEY = 'district.session';
const POLL_MS = 10_000;
const TIME_ZONE = 'Asia/Shanghai';

interface Session {
  token: string;
  username: string;
  role: 'district_manager' | 'hall_manager';
}

interface HallRow {
  id: string;
  code: string;
  name: string;
  lastSeq: number;
  lastSeenAt: string | null;
  online: boolean;
  waiting: number;
  longestWaitSeconds: number | null;
  countersOpen: number;
  lagEvents: number;
  offlineSeconds: number | null;
}

interface Figures {
  issued: number;
  served: number;
  ratings: { count: number; byLevel: Record<string, number>; satisfaction: number | null };
}
interface Summary {
  rows: (Figures & { key: string; label: string })[];
  total: Figures;
}
interface FollowUpRow {
  hallId: string;
  hallName: string;
  id: string;
  number: string;
  level: number;
  serviceName: string | null;
  openedAt: string;
  dueDay: string;
}
interface HallDetail extends HallRow {
  services: { id: string; name: string; waiting: number; longestWaitSeconds: number | null }[];
  counters: { id: string; number: number; name: string | null; state: string; currentNumber: string | null }[];
  last24h: { issued: number; served: number; waitMeanSeconds: number | null };
}

const TABS = ['halls', 'ratings', 'admin', 'catalogue'] as const;
type Tab = (typeof TABS)[number];
const TAB_LABEL: Record<Tab, DistrictKey> = { halls: 'tabHalls', ratings: 'tabRatings', admin: 'tabAdmin', catalogue: 'tabCatalogue' };
/** Tabs only a district manager sees. */
const DISTRICT_ONLY: readonly Tab[] = ['admin', 'catalogue'];

type T = (key: DistrictKey, vars?: Record<string, string | number>) => string;

const today = () => new Intl.DateTimeFormat('en-CA', { timeZone: TIME_ZONE }).format(Date.now());
const clock = (iso: number) =>
  new Intl.DateTimeFormat('zh-CN', { timeZone: TIME_ZONE, hour: '2-digit', minute: '2-digit', second: '2-digit', hour12: false }).format(iso);
const percent = (v: number | null) => (v === null ? '—' : `${Math.round(v * 100)}%`);
/** A wait as people say it: minutes, then hours and minutes, then whole days. */
function minutes(t: T, s: number | null): string {
  if (s === null) return t('none');
  const m = Math.floor(s / 60);
  if (m < 60) return t('minutes', { m });
  if (m < 24 * 60) return t('hoursMinutes', { h: Math.floor(m / 60), m: m % 60 });
  return t('days', { d: Math.floor(m / 1440) });
}

async function api<R>(token: string, path: string): Promise<R> {
  const res = await fetch(path, { headers: { authorization: `Bearer ${token}` } });
  if (res.status === 401) throw new Error('401');
  if (!res.ok) throw new Error(String(res.status));
  return (await res.json()) as R;
}

/** Polls `load` now and every POLL_MS while mounted, again from the start whenever `key` changes; `failed`: the latest try did not answer. */
function usePolled<R>(load: () => Promise<R>, key: string): { data: R | null; failed: boolean; at: number | null } {
  const [state, setState] = useState<{ data: R | null; failed: boolean; at: number | null }>({ data: null, failed: false, at: null });
  const latest = useRef(load);
  latest.current = load;
  useEffect(() => {
    let live = true;
    const tick = () =>
      latest.current().then(
        (data) => live && setState({ data, failed: false, at: Date.now() }),
        () => live && setState((s) => ({ ...s, failed: true })),
      );
    void tick();
    const timer = setInterval(tick, POLL_MS);
    return () => {
      live = false;
      clearInterval(timer);
    };
  }, [key]);
  return state;
}

export function App() {
  const t = useT(messages);
  const [session, setSession] = useState<Session | null>(() => readStored<Session>(SESSION_KEY, 'session'));
  const [tab, setTab] = useState<Tab>('halls');
  const [hallId, setHallId] = useState<string | null>(null);
  const signOut = () => {
    if (session) void fetch('/api/v1/auth/logout', { method: 'POST', headers: { authorization: `Bearer ${session.token}` } });
    writeStored(SESSION_KEY, null, 'session');
    setSession(null);
  };
  if (!session) {
    return (
      <LoginForm
        text={t}
        accept={async (token, user) => {
          const role = user.role as string;
          if (role !== 'district_manager' && role !== 'hall_manager') return t('notDistrict');
          const next: Session = { token, username: user.username, role };
          writeStored(SESSION_KEY, next, 'session');
          setSession(next);
          return null;
        }}
      />
    );
  }
  return (
    <div className="district">
      <header className="top">
        <h1>{t('title')}</h1>
        <nav aria-label={t('title')}>
          {(session.role === 'district_manager' ? TABS : TABS.filter((k) => !DISTRICT_ONLY.includes(k))).map((k) => (
            <button
              key={k}
              className={tab === k ? 'tab active' : 'tab'}
              aria-current={tab === k ? 'page' : undefined}
              onClick={() => {
                setTab(k);
                setHallId(null);
              }}
            >
              {t(TAB_LABEL[k])}
            </button>
          ))}
        </nav>
        <span className="who">
          {session.username} · {t(session.role === 'district_manager' ? 'roleDistrict' : 'roleHall')}
        </span>
        <LangSwitch />
        <button onClick={signOut}>{t('signOut')}</button>
      </header>
      <main>
        {tab === 'halls' && hallId === null && <Overview t={t} session={session} open={setHallId} onExpired={signOut} />}
        {tab === 'halls' && hallId !== null && <Detail t={t} session={session} id={hallId} back={() => setHallId(null)} />}
        {tab === 'ratings' && <Ratings t={t} session={session} />}
        {tab === 'admin' && session.role === 'district_manager' && <HallsAdmin t={t} token={session.token} />}
        {tab === 'catalogue' && session.role === 'district_manager' && <CatalogueAdmin t={t} token={session.token} />}
      </main>
    </div>
  );
}

function Overview({ t, session, open, onExpired }: { t: T; session: Session; open(id: string): void; onExpired(): void }) {
  const day = today();
  const { data, failed, at } = usePolled(async () => {
    try {
      const [halls, report, overdue] = await Promise.all([
        api<HallRow[]>(session.token, '/api/v1/district/halls'),
        api<Summary>(session.token, `/api/v1/district/reports/summary?from=${day}&to=${day}&groupBy=hall`),
        api<{ items: FollowUpRow[] }>(session.token, '/api/v1/district/follow-ups?overdue=true&limit=1000'),
      ]);
      return { halls, report, overdue: overdue.items.length };
    } catch (error) {
      if ((error as Error).message === '401') onExpired();
      throw error;
    }
  }, `${session.token}|${day}`);
  if (!data)
    return failed ? (
      <p className="error" role="alert">
        {t('loadFailed')}
      </p>
    ) : null;
  const byHall = new Map(data.report.rows.map((r) => [r.key, r]));
  const online = data.halls.filter((h) => h.online).length;
  const waiting = data.halls.reduce((n, h) => n + h.waiting, 0);
  const longest = Math.max(-1, ...data.halls.map((h) => h.longestWaitSeconds ?? -1));
  return (
    <>
      {failed && (
        <p className="error" role="alert">
          {t('loadFailed')}
        </p>
      )}
      <section className="tiles" aria-label={t('tabHalls')}>
        <Tile label={t('tileHallsOnline')} value={`${online} / ${data.halls.length}`} alarm={online < data.halls.length} />
        <Tile label={t('tileWaiting')} value={String(waiting)} />
        <Tile label={t('tileLongest')} value={minutes(t, longest < 0 ? null : longest)} />
        <Tile label={t('tileOverdue')} value={String(data.overdue)} alarm={data.overdue > 0} />
      </section>
      <table className="halls">
        <caption>
          {t('halls')} <span className="muted">{at ? t('updatedAt', { t: clock(at) }) : ''}</span>
        </caption>
        <thead>
          <tr>
            <th scope="col">{t('name')}</th>
            <th scope="col">{t('status')}</th>
            <th scope="col" className="num">
              {t('waiting')}
            </th>
            <th scope="col" className="num">
              {t('longestWait')}
            </th>
            <th scope="col" className="num">
              {t('countersOpen')}
            </th>
            <th scope="col">{t('lag')}</th>
            <th scope="col" className="num">
              {t('issuedToday')}
            </th>
            <th scope="col" className="num">
              {t('satisfaction')}
            </th>
          </tr>
        </thead>
        <tbody>
          {data.halls.map((h) => {
            const r = byHall.get(h.id);
            return (
              <tr key={h.id} className={h.online ? '' : 'offline'}>
                <th scope="row">
                  <button className="link" onClick={() => open(h.id)}>
                    {h.name}
                  </button>
                  <span className="code">{h.code}</span>
                </th>
                <td>
                  <span className={h.online ? 'badge ok' : 'badge bad'}>
                    {h.online ? t('online') : h.lastSeenAt === null ? t('neverSeen') : t('offlineFor', { m: Math.floor((h.offlineSeconds ?? 0) / 60) })}
                  </span>
                </td>
                <td className="num">{h.waiting}</td>
                <td className="num">{minutes(t, h.longestWaitSeconds)}</td>
                <td className="num">{h.countersOpen}</td>
                <td>{h.lastSeenAt === null ? t('none') : h.lagEvents === 0 ? t('lagNone') : t('lagEvents', { n: h.lagEvents })}</td>
                <td className="num">{r?.issued ?? 0}</td>
                <td className="num">{percent(r?.ratings.satisfaction ?? null)}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </>
  );
}

function Tile({ label, value, alarm = false }: { label: string; value: string; alarm?: boolean }) {
  return (
    <div className={alarm ? 'tile alarm' : 'tile'}>
      <span className="tile-label">{label}</span>
      <span className="tile-value">{value}</span>
    </div>
  );
}

function Detail({ t, session, id, back }: { t: T; session: Session; id: string; back(): void }) {
  const { data, failed } = usePolled(() => api<HallDetail>(session.token, `/api/v1/district/halls/${encodeURIComponent(id)}`), `${session.token}|${id}`);
  return (
    <section className="detail">
      <button onClick={back}>← {t('back')}</button>
      {failed && (
        <p className="error" role="alert">
          {t('loadFailed')}
        </p>
      )}
      {data && (
        <>
          <h2>
            {data.name} <span className="code">{data.code}</span>{' '}
            <span className={data.online ? 'badge ok' : 'badge bad'}>
              {data.online ? t('online') : data.lastSeenAt === null ? t('neverSeen') : t('offlineFor', { m: Math.floor((data.offlineSeconds ?? 0) / 60) })}
            </span>
          </h2>
          <p className="muted">{t('readOnly')}</p>
          <section className="tiles">
            <Tile label={t('waiting')} value={String(data.waiting)} />
            <Tile label={t('longestWait')} value={minutes(t, data.longestWaitSeconds)} />
            <Tile label={`${t('last24h')} · ${t('issued')}`} value={String(data.last24h.issued)} />
            <Tile label={`${t('last24h')} · ${t('waitMean')}`} value={minutes(t, data.last24h.waitMeanSeconds)} />
          </section>
          <div className="columns">
            <table>
              <caption>{t('services')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('service')}</th>
                  <th scope="col" className="num">
                    {t('waiting')}
                  </th>
                  <th scope="col" className="num">
                    {t('longestWait')}
                  </th>
                </tr>
              </thead>
              <tbody>
                {data.services.map((s) => (
                  <tr key={s.id}>
                    <th scope="row">{s.name}</th>
                    <td className="num">{s.waiting}</td>
                    <td className="num">{minutes(t, s.longestWaitSeconds)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
            <table>
              <caption>{t('counters')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('counters')}</th>
                  <th scope="col">{t('status')}</th>
                  <th scope="col">{t('current')}</th>
                </tr>
              </thead>
              <tbody>
                {data.counters.map((c) => (
                  <tr key={c.id}>
                    <th scope="row">{c.name ? `${t('counterNumber', { n: c.number })} ${c.name}` : t('counterNumber', { n: c.number })}</th>
                    <td>{t(`state_${c.state}` as DistrictKey)}</td>
                    <td>{c.currentNumber ?? t('none')}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
    </section>
  );
}

function Ratings({ t, session }: { t: T; session: Session }) {
  const [from, setFrom] = useState(() => today().slice(0, 8) + '01');
  const [to, setTo] = useState(today);
  const [exportError, setExportError] = useState(false);
  const { data, failed } = usePolled(async () => {
    const [report, overdue] = await Promise.all([
      api<Summary>(session.token, `/api/v1/district/reports/summary?from=${from}&to=${to}&groupBy=hall`),
      api<{ items: FollowUpRow[] }>(session.token, '/api/v1/district/follow-ups?overdue=true'),
    ]);
    return { report, overdue: overdue.items };
  }, `${session.token}|${from}|${to}`);
  const download = async () => {
    setExportError(false);
    const res = await fetch(`/api/v1/district/ratings/export?from=${from}&to=${to}`, { headers: { authorization: `Bearer ${session.token}` } }).catch(
      () => null,
    );
    if (!res?.ok) return setExportError(true);
    const url = URL.createObjectURL(await res.blob());
    const a = document.createElement('a');
    a.href = url;
    a.download = `ratings-${from}-${to}.csv`;
    a.click();
    URL.revokeObjectURL(url);
  };
  const levels = ['5', '4', '3', '2', '1'] as const;
  const row = (key: string, label: string, f: Figures, head = false) => (
    <tr key={key} className={head ? 'total' : ''}>
      <th scope="row">{label}</th>
      <td className="num">{f.ratings.count}</td>
      {levels.map((l) => (
        <td key={l} className="num">
          {f.ratings.byLevel[l] ?? 0}
        </td>
      ))}
      <td className="num">{percent(f.ratings.satisfaction)}</td>
    </tr>
  );
  return (
    <section className="ratings">
      <div className="filters">
        <label>
          {t('from')} <input type="date" value={from} max={to} onChange={(e) => e.target.value && setFrom(e.target.value)} />
        </label>
        <label>
          {t('to')} <input type="date" value={to} min={from} onChange={(e) => e.target.value && setTo(e.target.value)} />
        </label>
        <button className="primary" onClick={() => void download()}>
          {t('exportRatings')}
        </button>
        {exportError && (
          <span className="error" role="alert">
            {t('exportFailed')}
          </span>
        )}
      </div>
      {failed && (
        <p className="error" role="alert">
          {t('loadFailed')}
        </p>
      )}
      {data && (
        <div className="columns">
          <table>
            <caption>{t('tabRatings')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('halls')}</th>
                <th scope="col" className="num">
                  {t('ratingsCount')}
                </th>
                {levels.map((l) => (
                  <th key={l} scope="col" className="num">
                    {t(`level${l}` as DistrictKey)}
                  </th>
                ))}
                <th scope="col" className="num">
                  {t('satisfaction')}
                </th>
              </tr>
            </thead>
            <tbody>
              {data.report.rows.map((r) => row(r.key, r.label, r))}
              {row('total', t('total'), data.report.total, true)}
            </tbody>
          </table>
          <table>
            <caption>{t('overdueTitle')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('halls')}</th>
                <th scope="col">{t('number')}</th>
                <th scope="col">{t('level')}</th>
                <th scope="col">{t('service')}</th>
                <th scope="col">{t('dueDay')}</th>
              </tr>
            </thead>
            <tbody>
              {data.overdue.length === 0 && (
                <tr>
                  <td colSpan={5} className="muted">
                    {t('noOverdue')}
                  </td>
                </tr>
              )}
              {data.overdue.map((f) => (
                <tr key={f.id} className="overdue">
                  <th scope="row">{f.hallName}</th>
                  <td>{f.number}</td>
                  <td>{t(`level${f.level}` as DistrictKey)}</td>
                  <td>{f.serviceName ?? t('none')}</td>
                  <td>{f.dueDay}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
