import { lazy, Suspense, useEffect, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import type { FollowUp, HallEvent, QueueSnapshot } from '../../client/hall-client.ts';
import type { HallClient } from '../../client/hall-client.ts';
import { oncePerBurst } from '../shared/burst.ts';
import { hallClient, useHallStream } from '../shared/connection.ts';
import { localName, useLang, useT } from '../shared/i18n.ts';
import { LangSwitch } from '../shared/lang-switch.tsx';
import { LoginForm } from '../shared/login-form.tsx';
import { FollowUps } from './follow-ups.tsx';
import { messages, type ManagerKey } from './messages.ts';
import { CountersAdmin } from './counters.tsx';
import { Certificates } from './certificates.tsx';
import { MattersAdmin } from './matters.tsx';
import { AlertBand, Monitor } from './monitor.tsx';
import { DistrictLinkLine } from './district-link.tsx';
import { NamesSettings } from './names.tsx';
import { NoticeSettings } from './notice.tsx';
import { Report } from './report.tsx';
import { StaffAccounts } from './staff.tsx';
import { AuditLog } from './audit.tsx';
import { DevicesAdmin } from './devices.tsx';
import { configMessages } from './config-messages.ts';
import { ServicesAdmin } from './services.tsx';
import { HallSettingsAdmin } from './settings.tsx';
// Loaded with its tab: the charts (ECharts) stay out of the page's first download.
const Reports = lazy(() => import('./reports-tab.tsx'));
import { applyEvent, applyQueue, saveSession, signedOutBy, useManager, type Session } from './store.ts';

export function App() {
  const session = useManager((s) => s.session);
  return session ? <Shell session={session} /> : <Login />;
}

function Login() {
  const t = useT(messages);
  return (
    <LoginForm
      text={t}
      accept={async (token, user) => {
        if (user.role !== 'manager') {
          // The staff member's fresh session is of no use here: end it rather than leave it lying about.
          await hallClient(token)
            .request('POST', '/api/v1/auth/logout')
            .catch(() => undefined);
          return t('managerOnly');
        }
        saveSession({ token, username: user.username, userId: user.id });
        return null;
      }}
    />
  );
}

const TABS = [
  'monitor',
  'followUps',
  'report',
  'notice',
  'names',
  'counters',
  'staff',
  'reports',
  'services',
  'settings',
  'devices',
  'certificates',
  'matters',
  'audit',
] as const;
type Tab = (typeof TABS)[number];
/** The configuration tabs keep their words in config-messages.ts. */
const CONFIG_TAB_LABEL = { services: 'tabServices', settings: 'tabSettings' } as const;
const TAB_LABEL: Record<Exclude<Tab, keyof typeof CONFIG_TAB_LABEL>, ManagerKey> = {
  monitor: 'tabMonitor',
  followUps: 'tabFollowUps',
  report: 'tabReport',
  notice: 'tabNotice',
  names: 'tabNames',
  counters: 'tabCounters',
  staff: 'tabStaff',
  reports: 'tabReports',
  devices: 'tabDevices',
  certificates: 'tabCertificates',
  matters: 'tabMatters',
  audit: 'tabAudit',
};

/** Open follow-ups feed the tab's badge, so they are loaded here rather than by their panel. */
function loadOpenFollowUps(client: HallClient): void {
  client.followUps('open').then(
    (list: FollowUp[]) => useManager.setState({ openFollowUps: list }),
    (err: unknown) => void signedOutBy(err),
  );
}

function Shell({ session }: { session: Session }) {
  const t = useT(messages);
  const tc = useT(configMessages);
  const client = useMemo(() => hallClient(session.token), [session.token]);
  const link = useManager((s) => s.link);
  const lang = useLang((s) => s.lang);
  const hallName = useManager((s) => (s.settings ? localName(lang, s.settings.hallName, s.settings.hallNames) : undefined));
  const openCount = useManager((s) => s.openFollowUps?.length ?? 0);
  const feedbackVersion = useManager((s) => s.feedbackVersion);
  const [tab, setTab] = useState<Tab>('monitor');
  const tabRefs = useRef<Partial<Record<Tab, HTMLButtonElement | null>>>({});

  const handlers = useMemo(() => {
    // Events say what changed, the queue says the counts and estimates: a burst of events is one fetch.
    const refresh = oncePerBurst(() => void client.queue().then(applyQueue, (err: unknown) => void signedOutBy(err)), 150);
    const loadNames = () =>
      client.users().then(
        (users) => useManager.setState({ userNames: Object.fromEntries(users.map((u) => [u.id, u.displayName ?? u.username])) }),
        (err: unknown) => void signedOutBy(err),
      );
    return {
      onSnapshot(s: QueueSnapshot) {
        applyQueue(s);
        client.settings().then(
          (settings) => useManager.setState({ settings }),
          (err: unknown) => void signedOutBy(err),
        );
        void loadNames();
      },
      onEvent(e: HallEvent) {
        if (applyEvent(e)) refresh();
        const staff = (e.data as { counter?: { staffUserId?: string | null } }).counter?.staffUserId;
        if (e.type === 'counter.signed_in' && staff && !(staff in useManager.getState().userNames)) void loadNames();
      },
      onStatus(status: 'connecting' | 'live' | 'offline') {
        useManager.setState({ link: status });
        // Whatever changed while the link was down is fetched again once it is back.
        if (status === 'live') refresh();
        // A stream cut because this account was disabled: back to the sign-in form.
        if (status === 'offline') client.me().catch((err: unknown) => void signedOutBy(err));
      },
    };
  }, [client]);
  useHallStream(client, handlers);

  useEffect(() => loadOpenFollowUps(client), [client, feedbackVersion]);

  const signOut = async () => {
    await client.request('POST', '/api/v1/auth/logout').catch(() => undefined);
    saveSession(null);
  };

  // Tabs as the WAI-ARIA pattern: arrows, Home and End move between them.
  const onTabKey = (e: KeyboardEvent<HTMLButtonElement>) => {
    const i = TABS.indexOf(tab);
    const next = { ArrowRight: i + 1, ArrowLeft: i - 1, Home: 0, End: TABS.length - 1 }[e.key];
    if (next === undefined) return;
    e.preventDefault();
    const target = TABS[(next + TABS.length) % TABS.length]!;
    setTab(target);
    tabRefs.current[target]?.focus();
  };

  return (
    <div className="shell">
      <header className="bar">
        <strong className="bar-title">
          {hallName && <span className="bar-hall">{hallName}</span>}
          {t('title')}
        </strong>
        <nav className="tabs" role="tablist" aria-label={t('title')}>
          {TABS.map((id) => (
            <button
              key={id}
              ref={(el) => {
                tabRefs.current[id] = el;
              }}
              id={`tab-${id}`}
              className="tab"
              role="tab"
              aria-selected={tab === id}
              aria-controls={`panel-${id}`}
              tabIndex={tab === id ? 0 : -1}
              data-tab={id}
              onClick={() => setTab(id)}
              onKeyDown={onTabKey}
            >
              {id === 'services' || id === 'settings' ? tc(CONFIG_TAB_LABEL[id]) : t(TAB_LABEL[id])}
              {id === 'followUps' && openCount > 0 && <span className="badge">{openCount}</span>}
            </button>
          ))}
        </nav>
        <span className={`link link-${link}`} data-link={link}>
          {link === 'live' ? t('live') : t('connecting')}
        </span>
        <span className="bar-user">{session.username}</span>
        <LangSwitch />
        <button className="bar-signout" onClick={() => void signOut()}>
          {t('signOut')}
        </button>
      </header>
      {link === 'offline' && (
        <div className="banner banner-offline" role="alert" data-testid="offline-banner">
          {t('offline')}
        </div>
      )}
      <AlertBand client={client} />
      <main className="panel" id={`panel-${tab}`} role="tabpanel" aria-labelledby={`tab-${tab}`}>
        {tab === 'monitor' && <DistrictLinkLine client={client} />}
        {tab === 'monitor' && <Monitor />}
        {tab === 'followUps' && <FollowUps client={client} />}
        {tab === 'report' && <Report client={client} />}
        {tab === 'notice' && <NoticeSettings client={client} />}
        {tab === 'names' && <NamesSettings client={client} />}
        {tab === 'counters' && <CountersAdmin client={client} />}
        {tab === 'staff' && <StaffAccounts client={client} selfId={session.userId} />}
        {tab === 'audit' && <AuditLog client={client} />}
        {tab === 'devices' && <DevicesAdmin client={client} />}
        {tab === 'services' && <ServicesAdmin client={client} />}
        {tab === 'settings' && <HallSettingsAdmin client={client} />}
        {tab === 'certificates' && <Certificates client={client} />}
        {tab === 'matters' && <MattersAdmin client={client} />}
        {tab === 'reports' && (
          <Suspense fallback={<p className="empty">{t('loading')}</p>}>
            <Reports client={client} />
          </Suspense>
        )}
      </main>
    </div>
  );
}
