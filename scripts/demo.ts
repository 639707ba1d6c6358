// `npm start`: a whole demo hall on an embedded SQLite file, seeded on first start, with every URL printed.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { HallClient } from '../client/hall-client.ts';
import { startHallServer } from '../server/hall-server.ts';
import { seedCertificateRecords } from './demo-certificates.ts';
import { seedDemoMatters } from './demo-matters.ts';
import { DEMO_CARDS, startDeviceSimulator } from './demo-devices.ts';
import { demoDocumentPrinter } from './demo-document-printer.ts';
import { startEmulatedKiosk } from './demo-kiosk.ts';
import { DISTRICT_DEMO_PASSWORDS, startDemoDistrict } from './demo-district.ts';
import { POSTGRES_HINT } from '../district/pg-cluster.ts';
import { ensureRendererBuilt } from './ensure-renderer.ts';

const DEMO_PASSWORDS = { admin: 'demo-admin-2026', staff: 'demo-staff-2026' };

const SERVICES = [
  {
    code: 'company',
    name: '企业开办',
    names: { en: 'Business registration', 'zh-TW': '企業開辦', ja: '会社設立' },
    prefix: 'A',
    category: '企业服务',
    dailyCap: 300,
    defaultServiceSeconds: 480,
  },
  {
    code: 'estate',
    name: '不动产登记',
    names: { en: 'Real estate registration', 'zh-TW': '不動產登記', ja: '不動産登記' },
    prefix: 'B',
    category: '不动产',
    dailyCap: 200,
    defaultServiceSeconds: 600,
  },
  {
    code: 'social',
    name: '社保医保',
    names: { en: 'Social and medical insurance', 'zh-TW': '社保醫保', ja: '社会保険・医療保険' },
    prefix: 'C',
    category: '社会保障',
    dailyCap: null,
    defaultServiceSeconds: 240,
  },
  {
    code: 'fund',
    name: '公积金',
    names: { en: 'Housing fund', 'zh-TW': '公積金', ja: '住宅積立金' },
    prefix: 'D',
    category: '社会保障',
    dailyCap: null,
    defaultServiceSeconds: 300,
  },
  {
    code: 'exit-entry',
    name: '出入境',
    names: { en: 'Exit and entry', 'zh-TW': '出入境', ja: '出入国' },
    prefix: 'E',
    category: '公安服务',
    dailyCap: 150,
    defaultServiceSeconds: 360,
  },
  {
    code: 'tax',
    name: '税务',
    names: { en: 'Taxation', 'zh-TW': '稅務', ja: '税務' },
    prefix: 'F',
    category: '税务服务',
    dailyCap: null,
    defaultServiceSeconds: 420,
  },
] as const;

/** Translations of the hall's name and of the categories, as a manager enters them on the 名称与翻译 tab. */
const NAMES = {
  hallNames: { en: 'Government Service Hall', 'zh-TW': '政務服務大廳', ja: '行政サービスセンター' },
  categoryNames: {
    企业服务: { en: 'Business services', 'zh-TW': '企業服務', ja: '企業サービス' },
    不动产: { en: 'Real estate', 'zh-TW': '不動產', ja: '不動産' },
    社会保障: { en: 'Social security', 'zh-TW': '社會保障', ja: '社会保障' },
    公安服务: { en: 'Police services', 'zh-TW': '公安服務', ja: '公安サービス' },
    税务服务: { en: 'Tax services', 'zh-TW': '稅務服務', ja: '税務サービス' },
  },
};

/** Twelve counters with overlapping service sets, as a real hall mixes specialist and general windows. */
const COUNTERS: { number: number; name: string; codes: string[] }[] = [
  { number: 1, name: '企业开办专窗', codes: ['company'] },
  { number: 2, name: '企业开办专窗', codes: ['company', 'tax'] },
  { number: 3, name: '不动产专窗', codes: ['estate'] },
  { number: 4, name: '不动产专窗', codes: ['estate', 'tax'] },
  { number: 5, name: '社保医保', codes: ['social'] },
  { number: 6, name: '社保医保', codes: ['social', 'fund'] },
  { number: 7, name: '公积金', codes: ['fund'] },
  { number: 8, name: '出入境', codes: ['exit-entry'] },
  { number: 9, name: '出入境', codes: ['exit-entry', 'social'] },
  { number: 10, name: '税务', codes: ['tax'] },
  { number: 11, name: '综合窗口', codes: ['company', 'estate', 'social', 'fund', 'exit-entry', 'tax'] },
  { number: 12, name: '综合窗口', codes: ['social', 'fund', 'tax'] },
];

const dataDir = resolve(process.env.HALL_DATA_DIR ?? './data/demo');
const port = Number(process.env.HALL_PORT ?? 8080);
const host = process.env.HALL_HOST ?? '127.0.0.1';
const kioskPort = Number(process.env.KIOSK_PORT ?? 8090);

// SIGTERM (a service manager, `kill`), SIGINT (Ctrl+C) and SIGHUP (the terminal closed) stop everything this process
// started, newest first: simulator, kiosk agent with its emulators and socat children, then the hall and its writer.
const closers: (() => Promise<unknown>)[] = [];
let started = false;
let stopping = false;
const stopAll = async () => {
  for (const close of closers.reverse()) await close().catch((error: unknown) => console.error(`while stopping: ${String(error)}`));
};
const stop = (signal: NodeJS.Signals) => {
  if (stopping) return;
  stopping = true;
  console.error(`${signal}: stopping the demo hall`);
  // A shutdown that hangs must not leave the process (and its ports) behind.
  setTimeout(() => process.exit(1), 20_000).unref();
  // During start-up the rest is left to the start-up code, which checks `stopping` after each step.
  if (started) void stopAll().then(() => process.exit(0));
};
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(signal, () => stop(signal));
/** Registers what must close on stop; a signal that came while it was starting stops the demo now. */
async function own<T>(thing: T, close: (t: T) => Promise<unknown>): Promise<T> {
  closers.push(() => close(thing));
  if (stopping) {
    await stopAll();
    process.exit(0);
  }
  return thing;
}
// The demo runs hall and devices in one process: a stray rejection in device code is logged, not fatal to the hall.
process.on('unhandledRejection', (error) =>
  console.error(`unexpected error (the demo goes on): ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`),
);

await ensureRendererBuilt();
const hall = await own(
  await startHallServer({ dataDir, port, host, adminPassword: DEMO_PASSWORDS.admin, log: () => undefined }).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'EADDRINUSE') {
      console.error(`port ${port} is in use: stop what runs there or start with HALL_PORT=0 npm start`);
      process.exit(2);
    }
    throw error;
  }),
  (h) => h.close(),
);

const admin = new HallClient(hall.url);
admin.token = (await admin.login('admin', DEMO_PASSWORDS.admin)).token;

// Demo only: device tokens are kept beside the data so every start can print them.
const tokensFile = join(dataDir, 'demo-devices.json');
const existing = await admin.services();
if (existing.length === 0) {
  const byCode = new Map<string, string>();
  for (const s of SERVICES) byCode.set(s.code, (await admin.createService({ ...s })).id);
  await admin.updateSettings(NAMES);
  for (const c of COUNTERS) {
    await admin.createCounter({ number: c.number, name: c.name, serviceIds: c.codes.map((code) => byCode.get(code)!) });
  }
  for (let i = 1; i <= COUNTERS.length; i++) {
    await admin.createUser({
      username: `staff${String(i).padStart(2, '0')}`,
      password: DEMO_PASSWORDS.staff,
      role: 'staff',
      displayName: `${i}号窗口工作人员`,
    });
  }
  await admin.createUser({ username: 'manager', password: DEMO_PASSWORDS.admin, role: 'manager', displayName: '大厅值班长' });
  const tokens = {
    kiosk: (await admin.createDevice({ name: '1号取号机', kind: 'kiosk' })).token,
    display: (await admin.createDevice({ name: '大厅综合屏', kind: 'display' })).token,
    ratePad: (await admin.createDevice({ name: '1号窗口评价屏', kind: 'kiosk' })).token,
  };
  writeFileSync(tokensFile, JSON.stringify(tokens, null, 2), { mode: 0o600 });
  // A morning's first visitors, so the boards are not empty.
  const ids = [...byCode.values()];
  for (let i = 0; i < 12; i++) await admin.issueTicket({ serviceId: ids[i % ids.length]!, priority: i % 5 === 4 });
  // 证明打印: the standard types are built in; the sample cards get records to print.
  await seedCertificateRecords(admin, DEMO_CARDS);
}
// 办事指南: a handful of matters, also into a demo hall made before the guide existed.
await seedDemoMatters(admin);

const deviceTokens = existsSync(tokensFile) ? (JSON.parse(readFileSync(tokensFile, 'utf8')) as { kiosk: string; display: string; ratePad: string }) : null;
const api = `${hall.url}/api/v1`;
// 证明打印: the machine's CUPS queue when there is one, else an emulated A4 printer shown in the simulator.
const certificatePrinter = await demoDocumentPrinter(process.env, dataDir);
if (certificatePrinter.emulated) closers.push(async () => certificatePrinter.emulated!.close());

// One kiosk on emulated serial devices (socat ptys), and a page to play the visitor's card and the printer's paper.
const kiosk = deviceTokens
  ? await startEmulatedKiosk({
      hallUrl: hall.url,
      kioskToken: deviceTokens.kiosk,
      dataDir: join(dataDir, 'kiosk'),
      port: kioskPort,
      documentPrinter: certificatePrinter.printer,
    }).then(
      (k) => own(k, (x) => x.stop()),
      (error: unknown) => {
        console.error(`the demo kiosk did not start (${String(error)}): is socat installed? (apt-get install -y socat)`);
        return null;
      },
    )
  : null;
if (kiosk?.portTaken) {
  console.error(
    `port ${kiosk.portTaken} for the kiosk agent is taken (another kiosk agent or demo?): this demo's kiosk agent uses port ${kiosk.agentPort} instead; set KIOSK_PORT to choose one`,
  );
}
const simulator = kiosk
  ? await own(
      await startDeviceSimulator({
        reader: kiosk.idReader,
        printer: kiosk.printer,
        kioskUrl: kiosk.url,
        documentPrinter: certificatePrinter.emulated,
        documentPrinterNote: `证明打印机: ${certificatePrinter.note}`,
      }),
      (s) => s.close(),
    )
  : null;
const firstCounter = (await admin.counters())[0];
const sampleTicket = (await admin.queue()).counters.find((c) => c.current)?.current ?? (await admin.waitingTickets())[0];
console.log(`
政务服务大厅 demo hall is running (data: ${dataDir})

  kiosk (browser)    ${kiosk?.url ?? '(not running)'}
  kiosk agent        ${kiosk ? `${kiosk.agentUrl}${kiosk.portTaken ? `   (port ${kiosk.portTaken} was taken)` : ''}` : '(not running)'}
  device simulator   ${simulator?.url ?? '(not running)'}   place an ID card, run out of paper, see printed tickets and certificates
  certificates       证明打印 on the kiosk page; printer: ${certificatePrinter.note}
  counter console    ${hall.url}/counter/   (sign in as staff01 … and pick a counter)
  manager            ${hall.url}/manager/   (sign in as admin: live monitor, device alerts, 好差评 follow-ups, reports, notice line)
  display board      ${hall.url}/display/?token=${deviceTokens?.display ?? ''}
  rating pad         ${hall.url}/rate/?counter=${firstCounter?.id ?? ''}&token=${deviceTokens?.ratePad ?? ''}
  mobile ticket      ${sampleTicket ? `${hall.url}/m/?t=${sampleTicket.id}` : `${hall.url}/m/?t=<ticket id>`}   (the QR code on every ticket)

  API                ${api}
  API description    ${api}/openapi.json
  health             ${api}/health
  live events (WS)   ${api.replace(/^http/, 'ws')}/events?token=<token>&since=0

  sign in            POST ${api}/auth/login
    manager          admin / ${DEMO_PASSWORDS.admin}     (also: manager / ${DEMO_PASSWORDS.admin})
    window staff     staff01 … staff${String(COUNTERS.length).padStart(2, '0')} / ${DEMO_PASSWORDS.staff}   (staffNN is meant for counter NN)
  device tokens      kiosk ${deviceTokens?.kiosk ?? '(none)'}
                     display ${deviceTokens?.display ?? '(none)'}   (more: POST ${api}/devices as manager)

  services           ${SERVICES.map((s) => `${s.prefix} ${s.name}`).join(' · ')}
  counters           ${COUNTERS.length} windows with overlapping services

Ctrl+C (or SIGTERM) stops the hall and its devices; its data stays in ${dataDir} (delete the folder to start afresh).
`);

console.log(`hall server listening on ${hall.url}`);
started = true;
if (stopping) await stopAll().then(() => process.exit(0));

// The small district above the demo hall (区镇村): after the hall is up, so the hall never waits for PostgreSQL.
const district = await startDemoDistrict(hall, Number(process.env.DISTRICT_PORT ?? 8070), host).catch((error: unknown) => {
  console.error(`the demo district did not start (${error instanceof Error ? error.message : String(error)}); the hall runs on without it`);
  return null;
});
if (district) {
  await own(district, (d) => d.close());
  console.log(`
区级 district on PostgreSQL (a throw-away cluster: it starts empty and the halls replicate into it from seq 0)

  district app       ${district.url}/district/   (sign in as admin / ${DISTRICT_DEMO_PASSWORDS.admin}; hall manager demo-hall / ${DISTRICT_DEMO_PASSWORDS.hallManager})
  halls              ${district.halls.map((h) => `${h.name} ${h.url}`).join('\n                     ')}
  the demo hall's link  ${hall.url}/api/v1/district-link   (manager token)

district server listening on ${district.url}`);
} else if (!stopping) {
  console.log(`\n区级 district: not started. ${POSTGRES_HINT}`);
}
