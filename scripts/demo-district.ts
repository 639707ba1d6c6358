// `npm start`'s small district (区镇村): a throw-away PostgreSQL cluster, a district server, and three halls replicating
// to it — the demo hall and two generated ones (a town centre and a village service point).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HallClient } from '../client/hall-client.ts';
import { startPgCluster } from '../district/pg-cluster.ts';
import { startDistrictServer } from '../district/server.ts';
import { DEMO_MATTERS } from './demo-matters.ts';
import { postgresBin } from './prerequisites.ts';
import { startHallServer, type HallServer } from '../server/hall-server.ts';

export const DISTRICT_DEMO_PASSWORDS = { admin: 'demo-district-2026', hallManager: 'Demo-Hall-Manager-2026' };

export interface DemoDistrict {
  url: string;
  /** Where each hall is, for the printout. */
  halls: { name: string; url: string }[];
  close(): Promise<void>;
}

/** Null when PostgreSQL's server programs are not installed: the caller says how to get them. */
export async function startDemoDistrict(demoHall: HallServer, port: number, host: string): Promise<DemoDistrict | null> {
  if (!postgresBin('initdb')) return null;
  const closers: (() => Promise<unknown>)[] = [];
  const close = async () => {
    for (const c of closers.reverse()) await c().catch(() => undefined);
  };
  try {
    const cluster = await startPgCluster();
    closers.push(() => cluster.stop());
    const databaseUrl = await cluster.createDatabase('district');
    const start = (p: number) => startDistrictServer({ databaseUrl, port: p, host, adminPassword: DISTRICT_DEMO_PASSWORDS.admin, log: () => undefined });
    // Port taken (another demo?): any free port rather than no district.
    const district = await start(port).catch((error: NodeJS.ErrnoException) => (error.code === 'EADDRINUSE' ? start(0) : Promise.reject(error)));
    closers.push(() => district.close());
    const login = await fetch(`${district.url}/api/v1/auth/login`, {
      method: 'POST',
      body: JSON.stringify({ username: 'admin', password: DISTRICT_DEMO_PASSWORDS.admin }),
    });
    const { token: adminToken } = (await login.json()) as { token: string };
    const register = async (code: string, name: string) => {
      const res = await fetch(`${district.url}/api/v1/halls`, {
        method: 'POST',
        headers: { authorization: `Bearer ${adminToken}` },
        body: JSON.stringify({ code, name }),
      });
      return (await res.json()) as { id: string; token: string };
    };

    // The district's shared 办事指南: the demo matters, each naming its queue service by code for every hall to map.
    await fetch(`${district.url}/api/v1/district/catalogue/matters`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${adminToken}` },
      body: JSON.stringify({ items: DEMO_MATTERS.map(({ service, ...m }) => ({ ...m, serviceCode: service })) }),
    });
    const demo = await register('qu-zhongxin', '区政务服务中心（演示大厅）');
    demoHall.linkDistrict({ urls: [district.url], token: demo.token });
    await fetch(`${district.url}/api/v1/users`, {
      method: 'POST',
      headers: { authorization: `Bearer ${adminToken}` },
      body: JSON.stringify({ username: 'demo-hall', password: DISTRICT_DEMO_PASSWORDS.hallManager, role: 'hall_manager', hallId: demo.id }),
    });

    const halls = [{ name: '区政务服务中心（演示大厅）', url: demoHall.url }];
    for (const g of [
      { code: 'dongcheng-zhen', name: '东城镇便民服务中心', tickets: 18, counters: 3 },
      { code: 'nanhu-cun', name: '南湖村便民服务站', tickets: 6, counters: 1 },
    ]) {
      const { token } = await register(g.code, g.name);
      const dir = mkdtempSync(join(tmpdir(), `demo-${g.code}-`));
      const password = 'demo-generated-hall-2026';
      const hall = await startHallServer({
        dataDir: dir,
        port: 0,
        host,
        adminPassword: password,
        log: () => undefined,
        district: { urls: [district.url], token },
        initialSettings: { hallName: g.name },
      });
      closers.push(async () => {
        await hall.close();
        rmSync(dir, { recursive: true, force: true });
        rmSync(`${dir}-keys`, { recursive: true, force: true });
      });
      await generateDay(hall, password, g.tickets, g.counters);
      halls.push({ name: g.name, url: hall.url });
    }
    return { url: district.url, halls, close };
  } catch (error) {
    await close();
    throw error;
  }
}

/** A morning at a generated hall: two services, open counters, some visitors served and rated, some waiting. */
async function generateDay(hall: HallServer, password: string, tickets: number, counters: number): Promise<void> {
  const anon = new HallClient(hall.url);
  const admin = anon.withToken((await anon.login('admin', password)).token);
  const social = await admin.createService({ code: 'social', name: '社保医保', prefix: 'C', targetWaitMinutes: 15 });
  const civil = await admin.createService({ code: 'civil', name: '民政事务', prefix: 'M', targetWaitMinutes: 20 });
  const ids = [];
  for (let n = 1; n <= counters; n++) ids.push((await admin.createCounter({ number: n, name: '综合窗口', serviceIds: [social.id, civil.id] })).id);
  await admin.signIn(ids[0]!);
  for (let i = 0; i < tickets; i++) await admin.issueTicket({ serviceId: i % 3 === 0 ? civil.id : social.id });
  for (let i = 0; i < Math.floor(tickets / 2); i++) {
    const { ticket } = await admin.callNext(ids[0]!);
    if (!ticket) break;
    await admin.complete(ticket.id);
    if (i % 2 === 0) await admin.rate(ticket.id, i % 6 === 4 ? 2 : 5);
  }
}
