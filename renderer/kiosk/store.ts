// The kiosk's state: what the agent reports, the card on the reader, and which screen the visitor is on.
import { create } from 'zustand';
import { AgentError } from '../../client/kiosk-agent.ts';
import type { CheckInRequest, IssueOutcome, KioskAgentApi, KioskService, KioskStatus, PresentedCard } from '../../client/kiosk-agent.ts';
import type { Matter } from '../../core/matters.ts';
import type { PriorityReason } from '../../core/model.ts';
import { useLang } from '../shared/i18n.ts';

export type Screen =
  | { name: 'home' }
  | { name: 'confirm'; service: KioskService; matterCode?: string | undefined }
  | { name: 'checkIn'; code: string }
  /** 证明打印: its steps live in certificates.tsx's own store, cleared when the visitor leaves this screen. */
  | { name: 'certificates' }
  /** 办事指南: its steps live in guide.tsx's own store. */
  | { name: 'guide' }
  /** 办件进度查询: its steps live in progress.tsx's own store. */
  | { name: 'progress' }
  /** 自助申报 of a pre-fileable matter: its steps live in prefiling.tsx's own store. */
  | { name: 'prefiling'; matter: Matter }
  | { name: 'working'; action: 'issue' | 'checkIn' }
  | { name: 'done'; outcome: IssueOutcome; reprint: 'idle' | 'printing' | 'printed' | 'failed' }
  | { name: 'error'; code: string; from: 'issue' | 'checkIn'; retry: (() => void) | null; nextOpening?: string | null };

export interface KioskState {
  agent: KioskAgentApi | null;
  status: KioskStatus | null;
  /** Null until the first answer. */
  services: KioskService[] | null;
  servicesFailed: boolean;
  card: PresentedCard | null;
  cardError: boolean;
  care: boolean;
  screen: Screen;
  connect(agent: KioskAgentApi, refreshMs?: number): () => void;
  refresh(): Promise<void>;
  chooseService(service: KioskService, matterCode?: string): void;
  issue(service: KioskService, priority: PriorityReason | null, matterCode?: string): Promise<void>;
  openCheckIn(): void;
  openCertificates(): void;
  openGuide(): void;
  setCheckInCode(code: string): void;
  checkIn(request: CheckInRequest): Promise<void>;
  reprint(): Promise<void>;
  setCare(care: boolean): void;
  home(): void;
  /** Idle timeout: back to the start as the next visitor should find it. */
  reset(): void;
}

/** Codes the agent or the transport may throw; a failure without a code means the agent could not be reached. */
export function errorCode(error: unknown): string {
  if (error instanceof AgentError) return error.code;
  return 'AGENT_UNREACHABLE';
}

/** Retrying is offered only where trying again can help; business refusals get other ways forward. */
const RETRYABLE = new Set(['AGENT_UNREACHABLE', 'AGENT_TIMEOUT', 'NETWORK', 'UNKNOWN', 'NO_CARD', 'CARD_UNREADABLE']);

export const useKiosk = create<KioskState>((set, get) => {
  /** Shows the ticket, or the error with a retry where trying again can help; then refreshes the tiles. */
  const settle = async (from: 'issue' | 'checkIn', attempt: () => Promise<IssueOutcome>, retry: () => void) => {
    set({ screen: { name: 'working', action: from } });
    try {
      const outcome = await attempt();
      set({ screen: { name: 'done', outcome, reprint: 'idle' } });
    } catch (error) {
      const code = errorCode(error);
      // A closed service says when it takes tickets again.
      const next = error instanceof AgentError && typeof error.details?.nextOpening === 'string' ? error.details.nextOpening : null;
      set({ screen: { name: 'error', code, from, retry: RETRYABLE.has(code) ? retry : null, nextOpening: next } });
    }
    void get().refresh();
  };

  return {
    agent: null,
    status: null,
    services: null,
    servicesFailed: false,
    card: null,
    cardError: false,
    care: false,
    screen: { name: 'home' },

    connect(agent, refreshMs = 10_000) {
      set({ agent });
      const unsubscribe = agent.subscribe((event) => {
        if (event.type === 'status') set({ status: event.status });
        else if (event.type === 'card') set({ card: event.card, cardError: false });
        else if (event.type === 'card.removed') set({ card: null });
        else if (event.type === 'card.error') set({ cardError: true });
      });
      void get().refresh();
      const timer = setInterval(() => void get().refresh(), refreshMs);
      return () => {
        clearInterval(timer);
        unsubscribe();
      };
    },

    async refresh() {
      const agent = get().agent;
      if (!agent) return;
      const [status, services] = await Promise.allSettled([agent.status(), agent.services()]);
      if (status.status === 'fulfilled') set({ status: status.value });
      if (services.status === 'fulfilled') set({ services: services.value, servicesFailed: false });
      else set({ servicesFailed: true });
    },

    chooseService(service, matterCode) {
      set({ screen: { name: 'confirm', service, matterCode } });
    },

    async issue(service, priority, matterCode) {
      const agent = get().agent;
      if (!agent) return;
      const withCard = get().card !== null;
      await settle(
        'issue',
        () => agent.issueTicket({ serviceId: service.id, priority, withCard, ...(matterCode ? { matterCode } : {}) }),
        () => void get().issue(service, priority, matterCode),
      );
    },

    openCheckIn() {
      set({ screen: { name: 'checkIn', code: '' } });
    },

    openCertificates() {
      set({ screen: { name: 'certificates' } });
    },

    openGuide() {
      set({ screen: { name: 'guide' } });
    },

    setCheckInCode(code) {
      if (get().screen.name === 'checkIn') set({ screen: { name: 'checkIn', code } });
    },

    async checkIn(request) {
      const agent = get().agent;
      if (!agent) return;
      await settle(
        'checkIn',
        () => agent.checkIn(request),
        () => void get().checkIn(request),
      );
    },

    async reprint() {
      const { agent, screen } = get();
      if (!agent || screen.name !== 'done') return;
      set({ screen: { ...screen, reprint: 'printing' } });
      const outcome = await agent.reprint(screen.outcome.ticket.id).catch(() => ({ status: 'failed' as const }));
      const now = get().screen;
      if (now.name === 'done' && now.outcome === screen.outcome) {
        set({ screen: { ...now, reprint: outcome.status === 'printed' ? 'printed' : 'failed' } });
      }
    },

    setCare(care) {
      document.documentElement.classList.toggle('care', care);
      set({ care });
    },

    home() {
      set({ screen: { name: 'home' } });
    },

    reset() {
      get().setCare(false);
      useLang.getState().setLang('zh-CN');
      // The card's identity goes too: the next visitor must not print the last one's certificate.
      if (get().card)
        void get()
          .agent?.forgetCard()
          .catch(() => undefined);
      set({ screen: { name: 'home' }, cardError: false, card: null });
    },
  };
});
