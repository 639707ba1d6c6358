// The shell's path to the agent, without Electron: RPC over messages, the supervisor's restarts, IPC input validation, the renderer's IPC client.
import { describe, expect, it, vi } from 'vitest';
import { AgentError, type AgentEvent, type KioskAgentApi, type KioskStatus } from '../../client/kiosk-agent.ts';
import { AgentRpcClient, serveAgent, type RpcMessage } from '../../electron/main/agent-rpc.std.ts';
import { AgentSupervisor, type AgentProcess } from '../../electron/main/agent-supervisor.std.ts';
import { parseIpcInput } from '../../electron/main/ipc-input.std.ts';
import type { KioskBridge } from '../../electron/shared/kiosk-bridge.std.ts';
import { ipcAgent } from '../../renderer/kiosk/ipc-agent.ts';

const status: KioskStatus = {
  online: true,
  pendingOps: 0,
  lastSyncAt: null,
  deviceName: '1号取号机',
  kioskNumber: 1,
  hallName: '政务服务大厅',
  printer: 'ready',
  reader: 'ready',
  estimatesAsOf: null,
};

function fakeAgent() {
  const listeners = new Set<(e: AgentEvent) => void>();
  const agent: KioskAgentApi = {
    status: async () => status,
    services: async () => [],
    issueTicket: async (request) => {
      if (request.serviceId === 'capped') throw new AgentError('DAILY_CAP_REACHED', 'no more today');
      if (request.serviceId === 'closed') throw new AgentError('SERVICE_CLOSED', 'closed now', { nextOpening: '2026-01-06T08:30:00+08:00', holiday: null });
      if (request.serviceId === 'odd') throw new AgentError('SERVICE_CLOSED', 'closed now', { at: new Date(0) });
      return {
        ticket: {
          id: 't1',
          number: 'A001',
          serviceId: request.serviceId,
          serviceName: '企业开办',
          issuedAt: '2026-01-05T09:00:00+08:00',
          ahead: 0,
          estimatedWaitSeconds: 0,
          estimateStale: false,
          priority: false,
          appointment: false,
          maskedName: null,
          offline: false,
          qrUrl: 'http://hall/m/?t=t1',
        },
        print: { status: 'printed' },
      };
    },
    checkIn: async () => {
      throw new Error('disk on fire');
    },
    reprint: async () => ({ status: 'printed' }),
    certificateOffers: async () => ({ holder: { name: '张*三', idNumber: '3201**********1234' }, offers: [] }),
    certificatePreview: async () => {
      throw new AgentError('NO_RECORD', 'no record');
    },
    printCertificate: async (request) => ({ certificateId: `c-${request.type}`, status: 'printed' }),
    forgetCard: async () => undefined,
    guide: async () => {
      throw new AgentError('HALL_UNREACHABLE', 'needs the hall');
    },
    printChecklist: async () => ({ status: 'printed' }),
    caseProgress: async (query) => {
      if (query.receiptNumber === '1') throw new AgentError('RECEIPT_NUMBER_INVALID', 'check digit');
      return { cases: [] };
    },
    prefileCard: async () => {
      throw new AgentError('NO_CARD', 'no card');
    },
    prefile: async () => {
      throw new AgentError('HALL_UNREACHABLE', 'needs the hall');
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
  return { agent, emit: (e: AgentEvent) => listeners.forEach((l) => l(e)), listeners };
}

/** A utility process in memory: messages cross as structured clones, as they would between processes. */
function fakeProcess(agent: KioskAgentApi) {
  let toParent: (m: unknown) => void = () => undefined;
  let exit: (code: number) => void = () => undefined;
  const server = serveAgent(agent, (m) => queueMicrotask(() => toParent(structuredClone(m))));
  const child: AgentProcess & { die(code: number): void; killed: boolean } = {
    killed: false,
    postMessage: (m: RpcMessage) => queueMicrotask(() => server.receive(structuredClone(m))),
    onMessage: (l) => void (toParent = l),
    onExit: (l) => void (exit = l),
    kill() {
      this.killed = true;
      server.close();
    },
    die(code) {
      server.close();
      exit(code);
    },
  };
  return child;
}

describe('agent RPC', () => {
  it('answers calls with values, keeps refusal codes and details, turns other failures into UNKNOWN, forwards events', async () => {
    const { agent, emit } = fakeAgent();
    const events: AgentEvent[] = [];
    const child = fakeProcess(agent);
    const client = new AgentRpcClient(
      (m) => (child.postMessage(m), true),
      (e) => events.push(e),
    );
    child.onMessage((m) => client.receive(m));

    expect(await client.call('status')).toEqual({ ok: true, value: status });
    const issued = await client.call<{ ticket: { number: string } }>('issueTicket', { serviceId: 's1' });
    expect(issued.ok && issued.value.ticket.number).toBe('A001');
    expect(await client.call('issueTicket', { serviceId: 'capped' })).toEqual({ ok: false, error: { code: 'DAILY_CAP_REACHED', message: 'no more today' } });
    expect(await client.call('checkIn', { code: 'X' })).toEqual({ ok: false, error: { code: 'UNKNOWN', message: 'disk on fire' } });
    expect(await client.call('issueTicket', { serviceId: 'closed' })).toEqual({
      ok: false,
      error: { code: 'SERVICE_CLOSED', message: 'closed now', details: { nextOpening: '2026-01-06T08:30:00+08:00', holiday: null } },
    });
    // Details that are not plain JSON are dropped; the refusal's code still crosses.
    expect(await client.call('issueTicket', { serviceId: 'odd' })).toEqual({ ok: false, error: { code: 'SERVICE_CLOSED', message: 'closed now' } });

    emit({ type: 'card.removed' });
    await vi.waitFor(() => expect(events).toEqual([{ type: 'card.removed' }]));
  });

  it('ignores messages that are not calls of a known method', async () => {
    const posted: RpcMessage[] = [];
    const server = serveAgent(fakeAgent().agent, (m) => posted.push(m));
    for (const junk of [null, 'x', { kind: 'call', id: 1, method: 'constructor' }, { kind: 'call', id: 'a', method: 'status' }, { kind: 'reply', id: 1 }]) {
      server.receive(junk);
    }
    await new Promise((r) => setImmediate(r));
    expect(posted).toEqual([]);
  });

  it('times out a call the agent never answers', async () => {
    const client = new AgentRpcClient(
      () => true,
      () => undefined,
      30,
    );
    expect(await client.call('status')).toMatchObject({ ok: false, error: { code: 'AGENT_TIMEOUT' } });
  });
});

describe('agent supervisor', () => {
  it('fails pending calls when the agent dies, restarts it with growing backoff, and works again after', async () => {
    vi.useFakeTimers();
    try {
      const { agent } = fakeAgent();
      const children: ReturnType<typeof fakeProcess>[] = [];
      const supervisor = new AgentSupervisor({
        fork: () => {
          const c = fakeProcess(agent);
          children.push(c);
          return c;
        },
        onEvent: () => undefined,
        minBackoffMs: 100,
        maxBackoffMs: 400,
        stableMs: 10_000,
      });
      supervisor.start();
      expect(await supervisor.call('status')).toEqual({ ok: true, value: status });

      const pending = supervisor.call('status');
      children[0]!.die(1);
      expect(await pending).toMatchObject({ ok: false, error: { code: 'AGENT_UNREACHABLE' } });
      expect(await supervisor.call('status')).toMatchObject({ ok: false, error: { code: 'AGENT_UNREACHABLE' } });

      await vi.advanceTimersByTimeAsync(99);
      expect(children).toHaveLength(1);
      await vi.advanceTimersByTimeAsync(1);
      expect(children).toHaveLength(2);
      expect(await supervisor.call('status')).toEqual({ ok: true, value: status });

      children[1]!.die(1);
      await vi.advanceTimersByTimeAsync(199);
      expect(children).toHaveLength(2);
      await vi.advanceTimersByTimeAsync(1);
      expect(children).toHaveLength(3);
      expect(supervisor.restarts).toBe(2);

      supervisor.stop();
      expect(children[2]!.killed).toBe(true);
      children[2]!.die(0);
      await vi.advanceTimersByTimeAsync(10_000);
      expect(children).toHaveLength(3);
    } finally {
      vi.useRealTimers();
    }
  });
});

describe('IPC input', () => {
  it('accepts what the kiosk sends and refuses everything else', () => {
    expect(parseIpcInput('status', undefined).ok).toBe(true);
    expect(parseIpcInput('status', { x: 1 }).ok).toBe(false);
    expect(parseIpcInput('issueTicket', { serviceId: 's1', priority: 'elderly', withCard: true }).ok).toBe(true);
    expect(parseIpcInput('issueTicket', { serviceId: 's1', priority: 'vip' }).ok).toBe(false);
    expect(parseIpcInput('issueTicket', { serviceId: 's1', idCardNumber: '110105198001010020' }).ok).toBe(false);
    expect(parseIpcInput('issueTicket', { serviceId: '' }).ok).toBe(false);
    expect(parseIpcInput('checkIn', { code: 'AB12' }).ok).toBe(true);
    expect(parseIpcInput('checkIn', { withCard: true }).ok).toBe(true);
    expect(parseIpcInput('checkIn', {}).ok).toBe(false);
    expect(parseIpcInput('checkIn', { code: 'x'.repeat(65) }).ok).toBe(false);
    expect(parseIpcInput('reprint', 't1').ok).toBe(true);
    expect(parseIpcInput('reprint', { id: 't1' }).ok).toBe(false);
    expect(parseIpcInput('printCertificate', { type: 'social', period: '12m' }).ok).toBe(true);
    expect(parseIpcInput('printCertificate', { type: 'social', idCardNumber: '110101199003071234' }).ok).toBe(false);
    expect(parseIpcInput('certificateOffers', undefined).ok).toBe(true);
    expect(parseIpcInput('caseProgress', { receiptNumber: '2026120600017' }).ok).toBe(true);
    expect(parseIpcInput('caseProgress', { idCardNumber: '110101199003071234' }).ok).toBe(false);
  });
});

describe('renderer IPC client', () => {
  it('turns envelopes back into values and AgentErrors with their codes and details, refusing malformed ones', async () => {
    let listener: ((e: AgentEvent) => void) | undefined;
    const bridge: KioskBridge = {
      status: async () => ({ ok: true, value: status }),
      services: async () => ({ ok: true, value: [] }),
      issueTicket: async () => ({ ok: false, error: { code: 'PERSON_LIMIT_REACHED', message: 'twice today' } }),
      checkIn: async () => ({ ok: false, error: { code: 'SERVICE_CLOSED', message: 'closed now', details: { nextOpening: '2026-01-06T08:30:00+08:00' } } }),
      reprint: async () => ({ ok: true, value: { status: 'failed', error: { code: 'paper_out', message: 'out' } } }),
      // What a compromised or mismatched main process might send: no code at all.
      certificateOffers: async () => ({ ok: false, error: { message: 'x' } }) as never,
      certificatePreview: async () => ({ ok: false, error: { code: 'HALL_UNREACHABLE', message: 'needs the hall' } }),
      printCertificate: async () => ({ ok: false, error: { code: 'PRINTER_PAPER_OUT', message: 'out of paper' } }),
      forgetCard: async () => ({ ok: true, value: undefined }),
      guide: async () => ({ ok: false, error: { code: 'HALL_UNREACHABLE', message: 'needs the hall' } }),
      printChecklist: async () => ({ ok: true, value: { status: 'printed' } }),
      caseProgress: async () => ({ ok: false, error: { code: 'CASE_NOT_FOUND', message: 'no such case' } }),
      prefileCard: async () => ({ ok: false, error: { code: 'NO_CARD', message: 'no card' } }),
      prefile: async () => ({ ok: false, error: { code: 'HALL_UNREACHABLE', message: 'needs the hall' } }),
      reportError: () => undefined,
      onAgentEvent: (l) => {
        listener = l;
        return () => (listener = undefined);
      },
    };
    const agent = ipcAgent(bridge);
    expect(await agent.status()).toEqual(status);
    const refusal = await agent.issueTicket({ serviceId: 's1' }).catch((e: unknown) => e);
    expect(refusal).toBeInstanceOf(AgentError);
    expect((refusal as AgentError).code).toBe('PERSON_LIMIT_REACHED');
    const closed = (await agent.checkIn({ code: 'AB12' }).catch((e: unknown) => e)) as AgentError;
    expect(closed).toBeInstanceOf(AgentError);
    expect([closed.code, closed.details]).toEqual(['SERVICE_CLOSED', { nextOpening: '2026-01-06T08:30:00+08:00' }]);
    const malformed = (await agent.certificateOffers().catch((e: unknown) => e)) as AgentError;
    expect(malformed.code).toBe('UNKNOWN');
    expect(await agent.reprint('t1')).toMatchObject({ status: 'failed' });
    expect(((await agent.printCertificate({ type: 'social' }).catch((e: unknown) => e)) as AgentError).code).toBe('PRINTER_PAPER_OUT');
    expect(((await agent.caseProgress({ receiptNumber: '2026120600017' }).catch((e: unknown) => e)) as AgentError).code).toBe('CASE_NOT_FOUND');
    const seen: AgentEvent[] = [];
    const off = agent.subscribe((e) => seen.push(e));
    listener?.({ type: 'card.removed' });
    off();
    expect(listener).toBeUndefined();
    expect(seen).toEqual([{ type: 'card.removed' }]);
  });
});
