// Keeps the kiosk agent's utility process alive: restarts it with backoff when it dies, so a driver crash never takes the window down.
import type { AgentEvent } from '../../client/kiosk-agent.ts';
import type { BridgeResult } from '../shared/kiosk-bridge.std.ts';
import { AgentRpcClient, type AgentMethod, type RpcMessage } from './agent-rpc.std.ts';
import { ProcessSupervisor } from './process-supervisor.std.ts';

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
  readonly rpc: AgentRpcClient;
  private readonly processes: ProcessSupervisor<AgentProcess>;

  constructor(options: SupervisorOptions) {
    this.processes = new ProcessSupervisor<AgentProcess>({
      ...options,
      name: 'kiosk agent',
      fork: () => {
        const child = options.fork();
        child.onMessage((message) => {
          if (this.processes.current === child) this.rpc.receive(message);
        });
        return child;
      },
      onExit: (code) => this.rpc.fail('AGENT_UNREACHABLE', `the kiosk agent exited with code ${code}`),
    });
    this.rpc = new AgentRpcClient((message) => {
      const child = this.processes.current;
      if (!child) return false;
      child.postMessage(message);
      return true;
    }, options.onEvent);
  }

  /** How many times the agent was restarted after dying. */
  get restarts(): number {
    return this.processes.restarts;
  }

  start(): void {
    this.processes.start();
  }

  call<T>(method: AgentMethod, arg?: unknown): Promise<BridgeResult<T>> {
    return this.rpc.call<T>(method, arg);
  }

  stop(): void {
    this.rpc.fail('AGENT_UNREACHABLE', 'the kiosk shell is closing');
    this.processes.stop();
  }
}
