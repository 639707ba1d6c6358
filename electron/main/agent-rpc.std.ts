// Calls and events between the main process and the kiosk agent's utility process, as plain messages.
import { AgentError } from '../../client/kiosk-agent.ts';
import type { AgentEvent, KioskAgentApi } from '../../client/kiosk-agent.ts';
import { parseBridgeError, type BridgeError } from '../shared/bridge-error.std.ts';
import type { BridgeResult } from '../shared/kiosk-bridge.std.ts';

export const AGENT_METHODS = [
  'status',
  'services',
  'issueTicket',
  'checkIn',
  'reprint',
  'certificateOffers',
  'certificatePreview',
  'printCertificate',
  'forgetCard',
  'guide',
  'printChecklist',
  'caseProgress',
  'prefileCard',
  'prefile',
] as const;
/** Calls that wait for a print job to end (the agent gives up on a job after a minute). */
const SLOW_METHODS: readonly AgentMethod[] = ['printCertificate'];
export type AgentMethod = (typeof AGENT_METHODS)[number];

export type RpcMessage =
  | { kind: 'call'; id: number; method: AgentMethod; arg?: unknown }
  | { kind: 'reply'; id: number; result: BridgeResult<unknown> }
  | { kind: 'event'; event: AgentEvent };

/** Turns anything thrown into the envelope's error, keeping an AgentError's code and details. */
export function errorResult(error: unknown): { ok: false; error: BridgeError } {
  if (error instanceof AgentError) return { ok: false, error: parseBridgeError({ code: error.code, message: error.message, details: error.details }) };
  const code = typeof (error as { code?: unknown })?.code === 'string' ? (error as { code: string }).code : 'UNKNOWN';
  return { ok: false, error: { code, message: error instanceof Error ? error.message : String(error) } };
}

/** Runs in the utility process: answers calls on the agent and forwards its events. Returns the unsubscribe. */
export function serveAgent(agent: KioskAgentApi, post: (message: RpcMessage) => void): { receive(message: unknown): void; close(): void } {
  const unsubscribe = agent.subscribe((event) => post({ kind: 'event', event }));
  return {
    receive(message) {
      const m = message as Partial<Extract<RpcMessage, { kind: 'call' }>>;
      if (m?.kind !== 'call' || typeof m.id !== 'number' || !AGENT_METHODS.includes(m.method as AgentMethod)) return;
      const id = m.id;
      const call = agent[m.method!] as (arg?: unknown) => Promise<unknown>;
      Promise.resolve()
        .then(() => call.call(agent, m.arg))
        .then(
          (value) => post({ kind: 'reply', id, result: { ok: true, value } }),
          (error: unknown) => post({ kind: 'reply', id, result: errorResult(error) }),
        );
    },
    close: unsubscribe,
  };
}

/** Runs in the main process: calls on the agent over messages; fail() answers every pending call when the process dies. */
export class AgentRpcClient {
  private nextId = 1;
  private readonly pending = new Map<number, (result: BridgeResult<unknown>) => void>();

  constructor(
    private readonly post: (message: RpcMessage) => boolean,
    private readonly onEvent: (event: AgentEvent) => void,
    private readonly timeoutMs = 15_000,
  ) {}

  call<T>(method: AgentMethod, arg?: unknown): Promise<BridgeResult<T>> {
    const id = this.nextId++;
    return new Promise((resolve) => {
      const limit = SLOW_METHODS.includes(method) ? Math.max(this.timeoutMs, 90_000) : this.timeoutMs;
      const timer = setTimeout(() => this.settle(id, { ok: false, error: { code: 'AGENT_TIMEOUT', message: `${method} took over ${limit} ms` } }), limit);
      this.pending.set(id, (result) => {
        clearTimeout(timer);
        resolve(result as BridgeResult<T>);
      });
      if (!this.post({ kind: 'call', id, method, arg })) {
        this.settle(id, { ok: false, error: { code: 'AGENT_UNREACHABLE', message: 'the kiosk agent is not running' } });
      }
    });
  }

  receive(message: unknown): void {
    const m = message as RpcMessage;
    if (m?.kind === 'reply') this.settle(m.id, m.result?.ok === false ? { ok: false, error: parseBridgeError(m.result.error) } : m.result);
    else if (m?.kind === 'event') this.onEvent(m.event);
  }

  fail(code: string, message: string): void {
    for (const id of [...this.pending.keys()]) this.settle(id, { ok: false, error: { code, message } });
  }

  private settle(id: number, result: BridgeResult<unknown>): void {
    const resolve = this.pending.get(id);
    if (!resolve) return;
    this.pending.delete(id);
    resolve(result);
  }
}
