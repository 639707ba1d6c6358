// 办事指南 on the kiosk: browse by theme or life event, search by name or pinyin initials (a letter keyboard, "bdc" →
// 不动产登记), a matter in large type with 打印材料清单, 取号办理 and 扫码带走. Its steps live in their own store.
import { useEffect } from 'react';
import { create } from 'zustand';
import type { GuideAnswer, GuideQuery } from '../../client/kiosk-agent.ts';
import type { Matter } from '../../core/matters.ts';
import { MatterDetail, useMatterT } from '../shared/matter-view.tsx';
import { ScreenHeading } from './common.tsx';
import { PrefileButton } from './prefiling.tsx';
import { QrCode } from './qr-code.tsx';
import { errorCode, useKiosk } from './store.ts';
import './guide.css';

type PrintState = 'idle' | 'printing' | 'printed' | 'failed';

interface GuideFlow {
  query: GuideQuery;
  answer: GuideAnswer | null;
  failed: string | null;
  matter: Matter | null;
  print: PrintState;
  showQr: boolean;
  load(query?: GuideQuery): Promise<void>;
  open(matter: Matter): void;
  openCode(code: string): Promise<void>;
  closeMatter(): void;
  printChecklist(): Promise<void>;
  setShowQr(show: boolean): void;
  clear(): void;
}

/** Searches typed letter by letter answer in order: a slower earlier answer never replaces a later one. */
let asked = 0;

export const useGuide = create<GuideFlow>((set, get) => ({
  query: {},
  answer: null,
  failed: null,
  matter: null,
  print: 'idle',
  showQr: false,

  async load(query = get().query) {
    const agent = useKiosk.getState().agent;
    if (!agent) return;
    const mine = ++asked;
    set({ query });
    try {
      const answer = await agent.guide(query);
      if (mine === asked) set({ answer, failed: null });
    } catch (error) {
      if (mine === asked) set({ failed: errorCode(error) });
    }
  },

  open(matter) {
    set({ matter, print: 'idle', showQr: false });
  },

  async openCode(code) {
    useKiosk.getState().openGuide();
    if (!get().answer || get().query.q || get().query.category || get().query.lifeEvent) await get().load({});
    const matter = get().answer?.items.find((m) => m.code === code);
    if (matter) get().open(matter);
  },

  closeMatter() {
    set({ matter: null, print: 'idle', showQr: false });
  },

  async printChecklist() {
    const { matter } = get();
    const agent = useKiosk.getState().agent;
    if (!matter || !agent) return;
    set({ print: 'printing' });
    const outcome = await agent.printChecklist(matter.code).catch(() => ({ status: 'failed' as const }));
    if (get().matter === matter) set({ print: outcome.status === 'printed' ? 'printed' : 'failed', showQr: outcome.status !== 'printed' || get().showQr });
  },

  setShowQr(showQr) {
    set({ showQr });
  },

  clear() {
    set({ query: {}, matter: null, print: 'idle', showQr: false, failed: null });
  },
}));

const LETTERS = 'QWERTYUIOPASDFGHJKLZXCVBNM'.split('');

function SearchBox() {
  const t = useMatterT();
  const query = useGuide((s) => s.query);
  const load = useGuide((s) => s.load);
  const q = query.q ?? '';
  const search = (next: string) => void load({ ...(next ? { q: next } : {}) });
  return (
    <div className="guide-search">
      <label className="guide-search-label" htmlFor="guide-q">
        {t('guide.search')}
      </label>
      <div className="guide-search-row">
        <input
          id="guide-q"
          className="guide-q"
          data-testid="guide-q"
          value={q}
          placeholder={t('guide.searchHint')}
          autoComplete="off"
          onChange={(e) => search(e.target.value.slice(0, 20))}
        />
        <button type="button" className="secondary guide-key-wide" aria-label="⌫" data-testid="guide-backspace" onClick={() => search(q.slice(0, -1))}>
          ⌫
        </button>
      </div>
      <div className="guide-keys" role="group" aria-label={t('guide.searchHint')}>
        {LETTERS.map((l) => (
          <button key={l} type="button" className="guide-key" data-testid={`guide-key-${l}`} onClick={() => search(`${q}${l.toLowerCase()}`)}>
            {l}
          </button>
        ))}
      </div>
    </div>
  );
}

function Topics({ answer }: { answer: GuideAnswer }) {
  const t = useMatterT();
  const query = useGuide((s) => s.query);
  const load = useGuide((s) => s.load);
  const chip = (label: string, pressed: boolean, next: GuideQuery, testid: string) => (
    <button key={testid} type="button" className="guide-chip" aria-pressed={pressed} data-testid={testid} onClick={() => void load(next)}>
      {label}
    </button>
  );
  const browsing = !query.q;
  return (
    <div className="guide-topics">
      <div role="group" aria-label={t('guide.categories')} className="guide-chips">
        <span className="guide-chips-label">{t('guide.categories')}</span>
        {chip(t('guide.all'), browsing && !query.category && !query.lifeEvent, {}, 'guide-all')}
        {answer.topics.categories.map((c) => chip(c.name, query.category === c.name, { category: c.name }, `guide-category-${c.name}`))}
      </div>
      {answer.topics.lifeEvents.length > 0 && (
        <div role="group" aria-label={t('guide.lifeEvents')} className="guide-chips">
          <span className="guide-chips-label">{t('guide.lifeEvents')}</span>
          {answer.topics.lifeEvents.map((e) => chip(e.name, query.lifeEvent === e.name, { lifeEvent: e.name }, `guide-event-${e.name}`))}
        </div>
      )}
    </div>
  );
}

function MatterList({ items }: { items: Matter[] }) {
  const t = useMatterT();
  const open = useGuide((s) => s.open);
  if (items.length === 0) {
    return (
      <p className="notice" role="status" data-testid="guide-none">
        {t('guide.none')}
      </p>
    );
  }
  return (
    <>
      <p className="guide-count" role="status">
        {t('guide.results', { n: items.length })}
      </p>
      <ul className="guide-list" data-testid="guide-list">
        {items.map((m) => (
          <li key={m.code}>
            <button type="button" className="guide-item" data-testid={`matter-${m.code}`} lang="zh-CN" onClick={() => open(m)}>
              <span className="guide-item-name">{m.name}</span>
              <span className="guide-item-meta">
                {m.category} · {m.department}
              </span>
            </button>
          </li>
        ))}
      </ul>
    </>
  );
}

function MatterPage({ matter, matterUrl }: { matter: Matter; matterUrl: string }) {
  const t = useMatterT();
  const print = useGuide((s) => s.print);
  const showQr = useGuide((s) => s.showQr);
  const printChecklist = useGuide((s) => s.printChecklist);
  const setShowQr = useGuide((s) => s.setShowQr);
  const closeMatter = useGuide((s) => s.closeMatter);
  const service = useKiosk((s) => s.services?.find((x) => x.id === matter.serviceId && x.open) ?? null);
  const chooseService = useKiosk((s) => s.chooseService);
  const url = matterUrl.replace('{code}', encodeURIComponent(matter.code));
  return (
    <main className="screen guide matter-page" id="main">
      <ScreenHeading className="screen-heading matter-title">
        <span lang="zh-CN">{matter.name}</span>
      </ScreenHeading>
      <div className="matter-actions actions">
        <button
          type="button"
          className="primary"
          data-testid="matter-ticket"
          disabled={!service}
          onClick={() => service && chooseService(service, matter.code)}
        >
          {t('matter.ticket')}
        </button>
        <PrefileButton matter={matter} />
        <button type="button" className="secondary" data-testid="matter-print" disabled={print === 'printing'} onClick={() => void printChecklist()}>
          {print === 'printing' ? t('matter.printing') : t('matter.print')}
        </button>
        <button type="button" className="secondary" data-testid="matter-qr" aria-pressed={showQr} onClick={() => setShowQr(!showQr)}>
          {t('matter.qr')}
        </button>
      </div>
      {!service && <p className="notice">{t('matter.noTicket')}</p>}
      {print === 'printed' && (
        <p className="notice ok" role="status" data-testid="matter-printed">
          {t('matter.printed')}
        </p>
      )}
      {print === 'failed' && (
        <p className="notice warn" role="status" data-testid="matter-print-failed">
          {t('matter.printFailed')}
        </p>
      )}
      {showQr && (
        <div className="matter-qr" data-testid="matter-qr-code">
          <QrCode text={url} label={t('matter.qrHint')} size={240} />
          <p>{t('matter.qrHint')}</p>
        </div>
      )}
      <MatterDetail matter={matter} />
      <div className="actions">
        <button type="button" className="secondary" data-testid="matter-back" onClick={closeMatter}>
          {t('back')}
        </button>
      </div>
    </main>
  );
}

export function Guide() {
  const t = useMatterT();
  const answer = useGuide((s) => s.answer);
  const failed = useGuide((s) => s.failed);
  const matter = useGuide((s) => s.matter);
  const load = useGuide((s) => s.load);
  const clear = useGuide((s) => s.clear);
  const home = useKiosk((s) => s.home);
  useEffect(() => {
    void load({});
    return clear;
  }, [load, clear]);
  if (matter && answer) return <MatterPage matter={matter} matterUrl={answer.matterUrl} />;
  return (
    <main className="screen guide" id="main">
      <ScreenHeading>{t('guide.heading')}</ScreenHeading>
      <p className="hint">{t('guide.chinese')}</p>
      <SearchBox />
      {failed ? (
        <p className="notice warn" role="status" data-testid="guide-unreachable">
          {t('guide.unreachable')}
        </p>
      ) : !answer ? (
        <p className="notice" role="status">
          {t('guide.loading')}
        </p>
      ) : (
        <>
          <Topics answer={answer} />
          <MatterList items={answer.items} />
        </>
      )}
      <div className="actions">
        <button type="button" className="secondary" data-testid="guide-home" onClick={home}>
          {t('back')}
        </button>
      </div>
    </main>
  );
}

/** The home screen's 办事指南 function. */
export function GuideFunction() {
  const t = useMatterT();
  const open = useKiosk((s) => s.openGuide);
  return (
    <button type="button" className="function guide-button" data-testid="open-guide" onClick={open}>
      <span className="function-title">{t('guide.title')}</span>
      <span className="function-hint">{t('guide.hint')}</span>
    </button>
  );
}

/** 常用服务 on the home screen: the matters most tickets were taken for lately; one touch opens the matter. */
export function PopularMatters() {
  const t = useMatterT();
  const agent = useKiosk((s) => s.agent);
  const answer = useGuide((s) => s.answer);
  const load = useGuide((s) => s.load);
  const openCode = useGuide((s) => s.openCode);
  useEffect(() => {
    if (agent) void load({});
  }, [agent, load]);
  const popular = answer?.popular ?? [];
  if (popular.length === 0) return null;
  return (
    <nav className="popular" aria-label={t('guide.popular')} data-testid="popular-matters">
      <h2 className="popular-heading">{t('guide.popular')}</h2>
      <ul className="popular-list">
        {popular.map((p) => (
          <li key={p.code}>
            <button type="button" className="popular-item" lang="zh-CN" data-testid={`popular-${p.code}`} onClick={() => void openCode(p.code)}>
              {p.name}
            </button>
          </li>
        ))}
      </ul>
    </nav>
  );
}
