// KioskAgentApi over the agent's loopback port (browser mode, tests): fetch for calls, an SSE stream read with fetch for events.
import {
  AgentError,
  type AgentEvent,
  type CaseProgressQuery,
  type CaseView,
  type CardPrefill,
  type CertificateOffers,
  type CertificatePreview,
  type CertificatePrintOutcome,
  type CertificateRequest,
  type CheckInRequest,
  type GuideAnswer,
  type GuideQuery,
  type IssueOutcome,
  type IssueRequest,
  type KioskAgentApi,
  type KioskService,
  type KioskStatus,
  type PrefileOutcome,
  type PrefileRequest,
  type PrintOutcome,
} from './kiosk-agent.ts';

export interface KioskAgentHttpOptions {
  fetch?: typeof fetch;
  /** Per call; issuing answers within about two seconds whether or not the hall server is reachable. */
  timeoutMs?: number;
  /** Pause before the event stream reconnects after it dropped. */
  reconnectMs?: number;
}

/** Default address of the agent on a kiosk (KIOSK_PORT). */
export const KIOSK_AGENT_URL = 'http://127.0.0.1:8090';

export class KioskAgentHttpClient implements KioskAgentApi {
  readonly #fetch: typeof fetch;
  readonly #timeoutMs: number;
  readonly #reconnectMs: number;

  constructor(
    readonly baseUrl: string = KIOSK_AGENT_URL,
    options: KioskAgentHttpOptions = {},
  ) {
    this.#fetch = options.fetch ?? ((input, init) => fetch(input, init));
    this.#timeoutMs = options.timeoutMs ?? 10_000;
    this.#reconnectMs = options.reconnectMs ?? 1000;
  }

  async #call<T>(method: 'GET' | 'POST', path: string, body?: unknown, timeoutMs = this.#timeoutMs): Promise<T> {
    let res: Response;
    try {
      res = await this.#fetch(this.baseUrl.replace(/\/$/, '') + path, {
        method,
        headers: method === 'POST' ? { 'content-type': 'application/json' } : {},
        body: method === 'POST' ? JSON.stringify(body ?? {}) : undefined,
        signal: AbortSignal.timeout(timeoutMs),
      });
    } catch {
      throw new AgentError('AGENT_UNREACHABLE', '自助机服务未响应，请稍候再试或联系工作人员');
    }
    const text = await res.text();
    const json = text ? (JSON.parse(text) as unknown) : undefined;
    if (!res.ok) {
      const error = (json as { error?: { code?: string; message?: string; details?: Record<string, unknown> } } | undefined)?.error;
      throw new AgentError(error?.code ?? 'AGENT_FAILED', error?.message ?? `自助机服务出错（${res.status}）`, error?.details);
    }
    return json as T;
  }

  status(): Promise<KioskStatus> {
    return this.#call('GET', '/local/status');
  }

  services(): Promise<KioskService[]> {
    return this.#call('GET', '/local/services');
  }

  issueTicket(request: IssueRequest): Promise<IssueOutcome> {
    return this.#call('POST', '/local/tickets', request);
  }

  checkIn(request: CheckInRequest): Promise<IssueOutcome> {
    return this.#call('POST', '/local/check-in', request);
  }

  reprint(ticketId: string): Promise<PrintOutcome> {
    return this.#call('POST', `/local/tickets/${encodeURIComponent(ticketId)}/reprint`);
  }

  certificateOffers(): Promise<CertificateOffers> {
    return this.#call('GET', '/local/certificates/offers');
  }

  certificatePreview(request: CertificateRequest): Promise<CertificatePreview> {
    return this.#call('POST', '/local/certificates/preview', request);
  }

  /** Answers when the print job has ended: allow for a slow printer (the agent gives up on a job after a minute). */
  printCertificate(request: CertificateRequest): Promise<CertificatePrintOutcome> {
    return this.#call('POST', '/local/certificates', request, Math.max(this.#timeoutMs, 90_000));
  }

  async forgetCard(): Promise<void> {
    await this.#call('POST', '/local/card/forget');
  }

  guide(query: GuideQuery): Promise<GuideAnswer> {
    const params = new URLSearchParams(Object.entries(query).filter((e): e is [string, string] => typeof e[1] === 'string' && e[1] !== ''));
    return this.#call('GET', `/local/guide${params.size ? `?${params}` : ''}`);
  }

  printChecklist(code: string): Promise<PrintOutcome> {
    return this.#call('POST', `/local/guide/${encodeURIComponent(code)}/checklist`);
  }

  caseProgress(query: CaseProgressQuery): Promise<{ cases: CaseView[] }> {
    return this.#call('POST', '/local/cases/query', query);
  }

  prefileCard(): Promise<CardPrefill> {
    return this.#call('GET', '/local/prefilings/card');
  }

  prefile(request: PrefileRequest): Promise<PrefileOutcome> {
    return this.#call('POST', '/local/prefilings', request);
  }

  /** Follows GET /local/events until unsubscribed, reconnecting after drops; each (re)connection starts with a status event. */
  subscribe(listener: (event: AgentEvent) => void): () => void {
    const controller = new AbortController();
    const run = async () => {
      while (!controller.signal.aborted) {
        try {
          const res = await this.#fetch(this.baseUrl.replace(/\/$/, '') + '/local/events', {
            headers: { accept: 'text/event-stream' },
            signal: controller.signal,
          });
          if (!res.ok || !res.body) throw new Error(`event stream answered ${res.status}`);
          const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
          let buffer = '';
          for (;;) {
            const { done, value } = await reader.read();
            if (done) break;
            buffer += value;
            let end: number;
            while ((end = buffer.indexOf('\n\n')) >= 0) {
              const block = buffer.slice(0, end);
              buffer = buffer.slice(end + 2);
              const data = block
                .split('\n')
                .filter((line) => line.startsWith('data:'))
                .map((line) => line.slice(5).trimStart())
                .join('\n');
              if (data) listener(JSON.parse(data) as AgentEvent);
            }
          }
        } catch {
          // Dropped or refused: the agent restarts with the kiosk; try again shortly.
        }
        if (!controller.signal.aborted) await new Promise((resolve) => setTimeout(resolve, this.#reconnectMs));
      }
    };
    void run();
    return () => controller.abort();
  }
}
