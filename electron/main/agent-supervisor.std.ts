// Keeps the kiosk agent's utility process alive: restarts it with backoff when it dies, so a driver crash never takes the window down.
import type { AgentEvent } from '../../client/kiosk-agent.ts';
import type { BridgeResult } from '../shared/kiosk-bridge.std.ts';
import { AgentRpcClient, type AgentMethod, type RpcMessage } from './agent-rpc.std.ts';

/** The part of Electron's UtilityProcess the supervisor uses (a fake in tests). */
export interface AgentProcess {
  postMessage(message: RpcMessage): void;
  onMessage(listener: (message: unknown) => void): void;
  onExit(listener: (code: number) => void): void;
  kill(): void;
}

export interface SupervisorOptions {
  fork(): AgentProcess;
  onEvent(event: AgentEvent): void;
  log?(line: string): void;
  minBackoffMs?: number;
  maxBackoffMs?: number;
  /** A process that lived this long is healthy again: the next restart starts from the minimum backoff. */
  stableMs?: number;
  now?(): number;
}

export class AgentSupervisor {
  private child: AgentProcess | null = null;
  private startedAt = 0;
  private backoffMs: number;
  private restartTimer: ReturnType<typeof setTimeout> | null = null;
  private stopped = false;
  readonly rpc: AgentRpcClient;
  /** How many times the agent was restarted after dying. */
  restarts = 0;

  constructor(private readonly options: SupervisorOptions) {
    this.backoffMs = options.minBackoffMs ?? 500;
    this.rpc = new AgentRpcClient((message) => {
      if (!this.child) return false;
      this.child.postMessage(message);
      return true;
    }, options.onEvent);
  }

  start(): void {
    this.stopped = false;
    const now = this.options.now ?? Date.now;
    const child = this.options.fork();
    this.child = child;
    this.startedAt = now();
    child.onMessage((message) => {
      if (this.child === child) this.rpc.receive(message);
    });
    child.onExit((code) => {
      if (this.child !== child) return;
      this.child = null;
      this.rpc.fail('AGENT_UNREACHABLE', `the kiosk agent exited with code ${code}`);
      if (this.stopped) return;
      if (now() - this.startedAt >= (this.options.stableMs ?? 30_000)) this.backoffMs = this.options.minBackoffMs ?? 500;
      this.options.log?.(`kiosk agent exited (code ${code}); restarting in ${this.backoffMs} ms`);
      this.restartTimer = setTimeout(() => {
        this.restartTimer = null;
        this.restarts++;
        this.start();
      }, this.backoffMs);
      this.backoffMs = Math.min(this.backoffMs * 2, this.options.maxBackoffMs ?? 10_000);
    });
  }

  call<T>(method: AgentMethod, arg?: unknown): Promise<BridgeResult<T>> {
    return this.rpc.call<T>(method, arg);
  }

  stop(): void {
    this.stopped = true;
    if (this.restartTimer) clearTimeout(this.restartTimer);
    this.restartTimer = null;
    const child = this.child;
    this.child = null;
    this.rpc.fail('AGENT_UNREACHABLE', 'the kiosk shell is closing');
    child?.kill();
  }
}
