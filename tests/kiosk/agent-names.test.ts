// The kiosk agent hands the screen translated names (services, categories, the hall) and the counters open per
// service, from the hall server's data; the names stay while the hall server is unreachable, even after a restart.
import { join } from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { AgentError } from '../../client/kiosk-agent.ts';
import { createKioskAgent, type KioskAgent } from '../../electron/agent/index.ts';
import { startAgent, startKioskHall, waitFor, type KioskHall } from './agent-fixtures.ts';

let k: KioskHall;
let agent: KioskAgent;

beforeEach(async () => {
  k = await startKioskHall();
  await k.hall.admin.updateService(k.services.a, { category: '户政', names: { en: 'Household registration', 'zh-TW': '戶籍辦理', ja: '戸籍手続き' } });
  await k.hall.admin.updateSettings({
    hallNames: { en: 'Government Service Hall', 'zh-TW': '政務服務大廳' },
    categoryNames: { 户政: { en: 'Household affairs', 'zh-TW': '戶政' } },
  });
  agent = await startAgent(k);
});

afterEach(async () => {
  await agent.stop();
  await k.close();
});

const serviceA = async (a: KioskAgent = agent) => (await a.services()).find((s) => s.id === k.services.a)!;

it('KioskService carries names, category names and openCounters; KioskStatus the hall names', async () => {
  expect(await serviceA()).toMatchObject({
    name: '户籍办理',
    names: { en: 'Household registration', 'zh-TW': '戶籍辦理', ja: '戸籍手続き' },
    category: '户政',
    categoryNames: { en: 'Household affairs', 'zh-TW': '戶政' },
    openCounters: 0,
  });
  const b = (await agent.services()).find((s) => s.id === k.services.b)!;
  expect(b).toMatchObject({ names: {}, category: null, categoryNames: {}, openCounters: 0 });
  expect(await agent.status()).toMatchObject({ hallName: '政务服务大厅', hallNames: { en: 'Government Service Hall', 'zh-TW': '政務服務大廳' } });

  // Someone waits but nobody is at a counter: the tile must not promise a short wait.
  await k.kiosk.issueTicket({ serviceId: k.services.a }, 'names-wait-1');
  await agent.syncNow();
  expect(await serviceA()).toMatchObject({ waiting: 1, openCounters: 0, estimatedWaitSeconds: null });

  await k.hall.admin.signIn(k.counter);
  await agent.syncNow();
  expect(await serviceA()).toMatchObject({ waiting: 1, openCounters: 1 });
  expect((await serviceA()).estimatedWaitSeconds).toBeGreaterThanOrEqual(60);
  await k.hall.admin.signOut(k.counter);
  await agent.syncNow();
  expect((await serviceA()).openCounters).toBe(0);
});

it('with the hall server unreachable the names stay (also after a restart) and openCounters is unknown', async () => {
  k.proxy.setMode('refuse');
  // A sync round that fails is how the agent learns the hall server is gone.
  await agent.syncNow().catch(() => undefined);
  await waitFor(async () => !(await agent.status()).online, 'the agent offline');
  expect(await serviceA()).toMatchObject({ names: { en: 'Household registration' }, categoryNames: { en: 'Household affairs' }, openCounters: null });

  await agent.stop();
  agent = createKioskAgent({
    serverUrl: k.proxy.url,
    token: k.token,
    dataDir: join(k.dir, 'agent'),
    syncIntervalMs: 60_000,
    backoffMinMs: 50,
    backoffMaxMs: 200,
  });
  await agent.start();
  expect(await serviceA()).toMatchObject({ names: { 'zh-TW': '戶籍辦理' }, categoryNames: { 'zh-TW': '戶政' }, openCounters: null });
  expect((await agent.status()).hallNames).toEqual({ en: 'Government Service Hall', 'zh-TW': '政務服務大廳' });
});

it("passes the hall's NO_COUNTER_OPEN refusal on to the screen, and no wait is promised with no counter open", async () => {
  expect((await agent.issueTicket({ serviceId: k.services.a })).ticket.estimatedWaitSeconds).toBeNull();
  await k.hall.admin.updateSettings({ issueWithoutOpenCounter: false });
  const refused = await agent.issueTicket({ serviceId: k.services.b }).catch((e: unknown) => e);
  expect(refused).toBeInstanceOf(AgentError);
  expect((refused as AgentError).code).toBe('NO_COUNTER_OPEN');
  await k.hall.admin.signIn(k.counter);
  const issued = await agent.issueTicket({ serviceId: k.services.b });
  expect(issued.ticket).toMatchObject({ offline: false, estimatedWaitSeconds: 0 });
});
