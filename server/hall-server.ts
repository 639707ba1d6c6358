// Assembles one hall: database, queue engine, group commit, HTTP API and WebSocket events.
import { createHmac } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { STATUS_CODES, createServer, type IncomingMessage, type RequestListener, type Server } from 'node:http';
import { createServer as createHttpsServer, type Server as HttpsServer } from 'node:https';
import type { AddressInfo, Socket } from 'node:net';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { WebSocketServer } from 'ws';
import type { EventRecord, EventWire, HallSettings } from '../core/model.ts';
import { AuthStore } from '../db/auth-store.ts';
import { DeviceStore } from '../db/device-store.ts';
import { openDatabase, type Db } from '../db/database.ts';
import { eventsAfter, oldestSeq } from '../db/event-log.ts';
import { Auth } from './auth.ts';
import { EventsHub } from './events-hub.ts';
import { Router, bearerToken, requestActors } from './http.ts';
import { staticHandler } from './static-files.ts';
import { hallRoutes, type HallContext } from './routes.ts';
import { alertRoutes } from './routes-alerts.ts';
import { auditRoutes } from './routes-audit.ts';
import { calendarRoutes } from './routes-calendar.ts';
import { bookingRoutes, startNoShowWatch } from './routes-bookings.ts';
import { reportRoutes } from './routes-reports.ts';
import { feedbackRoutes, streamedTicketViews } from './routes-feedback.ts';
import { TicketStreams } from './ticket-stream.ts';
import { kioskRoutes } from './routes-kiosk.ts';
import { Devices, SEEN_FLUSH_MS } from './devices.ts';
import { deviceRoutes } from './routes-devices.ts';
import { queueWatchRoutes } from './routes-queue-watch.ts';
import { startQueueWatch, type QueueWatch } from './queue-watch.ts';
import { Writer } from './writer.ts';
import { createHallEngine } from './hall-engine.ts';
import { loadHallKeys } from './hall-keys.ts';
import { CertificateKeys, certificateKeyFile } from './certificate-keys.ts';
import { certificateRoutes } from './routes-certificates.ts';
import { matterRoutes } from './routes-matters.ts';
import { caseRoutes } from './routes-cases.ts';
import { prefilingRoutes } from './routes-prefiling.ts';
import { matterStoreOf } from '../db/matter-store.ts';
import { DistrictReplicator, type DistrictLinkOptions } from './district-replicator.ts';
import { appliedCatalogueVersion, certificateTypeOverrides, matterOverrides } from '../db/district-catalogue.ts';
import { districtLinkRoutes } from './routes-district.ts';
import { readTls, type TlsFiles } from './tls.ts';
import { readyRoutes } from './ready.ts';
import { webhookRoutes } from './routes-webhooks.ts';
import { WebhookDispatcher } from './webhooks-dispatcher.ts';
import { backupBeforeMigrating } from '../db/backup.ts';
import { MIGRATIONS } from '../db/migrations.ts';
import { startBackupSchedule, type BackupSchedule, type BackupScheduler } from './backups.ts';
import { KioskSyncSeen, hallMetrics, withMetricsPath } from './metrics.ts';
import { hallLogger, lineLog, requestIdOf, type HallLogger } from './logger.ts';
import { updateFeedHandler, withUpdatesPath } from './update-feed.ts';

export interface HallServerOptions {
  dataDir: string;
  /** HALL_KEY_FILE: the person-hash key, outside dataDir; the ID-sealing key lives beside it. Default `<dataDir>-keys/person-hash.key`. */
  keyFile?: string | undefined;
  port?: number;
  host?: string;
  /** On a first start with no users, creates `admin` (manager) with this password. */
  adminPassword?: string | undefined;
  /** Settings used when the database has none yet. */
  initialSettings?: Partial<HallSettings>;
  /** The hall's clock; tests move it. */
  now?: () => number;
  /** Each JSON log line (server/logger.ts), where not to stderr; ignored when `logger` is given. */
  log?: (line: string) => void;
  /** The server's pino logger (server/main.ts makes it); else one writing to `log` or stderr. */
  logger?: HallLogger;
  bodyLimit?: number;
  eventRetentionDays?: number;
  /** Built renderer apps; defaults to dist/renderer of this project. */
  staticDir?: string;
  /** HALL_DISTRICT_URL (comma-separated) and HALL_DISTRICT_TOKEN: replicate the event log to the district. */
  district?: Pick<DistrictLinkOptions, 'urls' | 'token' | 'retryMaxMs' | 'batchSize' | 'calendarEveryMs'> | undefined;
  /** HALL_TLS_CERT/HALL_TLS_KEY: HTTPS and WSS on the same port. */
  tls?: TlsFiles | undefined;
  /** HALL_MIN_FREE_MB: /api/v1/ready is 503 below this much free space in dataDir (default 200). */
  minFreeMb?: number | undefined;
  /** HALL_METRICS_TOKEN: bearer token for /metrics besides managers'. */
  metricsToken?: string | undefined;
  /** HALL_WEBHOOK_RETRY_BASE_MS: the first webhook retry's wait (default 2 s), doubling up to 30 min. */
  webhookRetryBaseMs?: number | undefined;
  /** HALL_BACKUP_DIR/_AT/_KEEP: a daily copy of the database (server/backups.ts); also where the pre-migration copy goes. */
  backup?: BackupSchedule | undefined;
  /** HALL_UPDATES_DIR: the shells' update feed, served at /updates/<kiosk|counter|display>/. */
  updatesDir?: string | undefined;
}

export const RENDERER_APPS = ['kiosk', 'counter', 'display', 'rate', 'manager', 'm'] as const;
// From server/*.ts (tsx) the renderer is in ../dist/renderer; from the built <out>/server/main.js it is ../renderer.
const DEFAULT_STATIC_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '..', import.meta.url.endsWith('.ts') ? 'dist/renderer' : 'renderer');

export interface HallServer {
  url: string;
  port: number;
  host: string;
  db: Db;
  context: HallContext;
  writer: Writer;
  hub: EventsHub;
  /** The daily backup, when `backup` is set. */
  backups: BackupScheduler | null;
  /** Starts replicating to the district (what HALL_DISTRICT_URL does at start); one link per hall. */
  linkDistrict(link: NonNullable<HallServerOptions['district']>): void;
  /** Re-reads the TLS certificate and key (SIGHUP); new connections get them. */
  reloadTls(): void;
  close(): Promise<void>;
}

/** The WebSocket event stream is served beside the router, so its description is added here. */
function withEventsPath(doc: unknown): unknown {
  const paths = (doc as { paths: Record<string, unknown> }).paths;
  paths['/api/v1/events'] = {
    get: {
      summary: 'WebSocket: every event after since= from the durable log, then live ones, each {seq, type, at, data}',
      tags: ['events'],
      'x-roles': ['manager', 'staff', 'kiosk', 'display', 'integrator', 'rating_pad'],
      security: [{ bearer: [] }],
      parameters: [
        { name: 'since', in: 'query', required: false, schema: { type: 'integer', minimum: 0 }, description: 'the last seq you have' },
        { name: 'token', in: 'query', required: false, schema: { type: 'string' }, description: 'bearer token, for clients that cannot send headers' },
      ],
      responses: {
        '101': {
          description: 'WebSocket upgrade; close 4409: since is ahead of the log, 4410: events after since are no longer kept, 4401: the account was disabled',
        },
        '400': { $ref: '#/components/responses/Error' },
        '401': { $ref: '#/components/responses/Error' },
        '403': { $ref: '#/components/responses/Error' },
      },
    },
  };
  return doc;
}

export async function startHallServer(options: HallServerOptions): Promise<HallServer> {
  const now = options.now ?? Date.now;
  const logger = options.logger ?? hallLogger({ write: options.log });
  const log = lineLog(logger);
  const logError = lineLog(logger, 'error');
  mkdirSync(options.dataDir, { recursive: true });
  const dbFile = join(options.dataDir, 'hall.sqlite');
  // Before a schema change the database is copied as it was: an upgrade that goes wrong can be undone with hall:restore.
  const db = openDatabase(dbFile, MIGRATIONS, (old, from, to) => {
    const dir = options.backup?.dir ?? join(options.dataDir, 'backups');
    let copy: string;
    try {
      copy = backupBeforeMigrating(old, dir, from, to);
    } catch (error) {
      throw new Error(
        `cannot copy the database aside before migrating it from schema ${from} to ${to} (into ${dir}): ${String(error)}: ` +
          'free disk space there or set HALL_BACKUP_DIR to a folder with room, then start again (nothing was migrated)',
        { cause: error },
      );
    }
    log(`migrating the database from schema ${from} to ${to}: the database as it was is copied to ${copy}`);
  });
  const keys = loadHallKeys(options.dataDir, options.keyFile, log);
  const key = keys.personKey;

  // This thread reads (its connection sees every commit at once, WAL); the writer thread writes.
  const hallEngine = createHallEngine(db, key, options.initialSettings);
  const { engine, store, settings } = hallEngine;
  const authStore = new AuthStore(db);
  const hub = new EventsHub({
    after: (seq, limit) => eventsAfter(db, seq, limit),
    oldest: () => oldestSeq(db),
    last: () => store.lastSeq(),
  });
  // Phones following one ticket each (server-sent events): views built from the context, which comes later.
  const ticketStreams = new TicketStreams((ids) => streamedTicketViews(context, ids));
  let queueWatch: QueueWatch | null = null;
  let replicator: DistrictReplicator | null = null;
  let webhooks: WebhookDispatcher | null = null;
  const onEvents = (events: EventWire[]) => {
    replicator?.nudge();
    webhooks?.nudge();
    for (const e of events) {
      if (e.type === 'settings.changed') hallEngine.setSettings(((JSON.parse(e.json) as EventRecord).data as { settings: HallSettings }).settings);
    }
    hub.publish(events);
    ticketStreams.changed();
    queueWatch?.changed();
  };
  const writer = await Writer.start(
    { file: dbFile, personKeyBase64: key.toString('base64'), sealingPrivateKeyPem: keys.sealingPrivateKeyPem, initialSettings: options.initialSettings },
    now,
    onEvents,
    (error: unknown) => {
      // Without its writer the hall cannot keep any promise: stop, and let the supervisor restart it.
      logError(`writer thread failed: ${String(error)}`);
      process.exitCode = 1;
      void close();
    },
  );
  const run = writer.run;
  const auth = new Auth(authStore, run, now, key);

  const router = new Router();
  const context: HallContext = {
    engine,
    store,
    auth,
    authStore,
    run,
    now,
    settings,
    updateSettings: (patch) => run('updateSettings', patch),
    closeUserStreams: (userId) => hub.closeUser(userId, 'this account was disabled'),
    stats: () => ({ ...writer.stats, eventSubscribers: hub.size, ticketStreams: ticketStreams.size }),
    personKeyBase64: key.toString('base64'),
    sealingKey: keys.sealingKey,
    db,
    keyedDigest: (text) => createHmac('sha256', key).update(text).digest('hex'),
    openapi: () => withUpdatesPath(withMetricsPath(withEventsPath(router.openapi({ title: 'Hall server API', version: '1' })))),
  };
  router.add(...hallRoutes(context), ...kioskRoutes(context), ...feedbackRoutes(context, ticketStreams));
  router.add(...alertRoutes(context));
  router.add(...auditRoutes(context));
  const devices = new Devices(auth, new DeviceStore(db), run, now, {
    close: (id) => hub.closeDevice(id, 'this device was revoked: pair it again with a new code'),
    connected: () => hub.connectedDevices(),
  });
  router.add(...deviceRoutes(context, devices));
  const seenTimer = setInterval(() => void devices.flushSeen().catch((e) => log(`recording devices seen failed: ${String(e)}`)), SEEN_FLUSH_MS);
  seenTimer.unref();
  router.add(...calendarRoutes(context));
  router.add(...bookingRoutes(context));
  const noShowWatch = startNoShowWatch(context, log);
  // Certificates sign with keys beside the person-hash key; their QR codes link to HALL_PUBLIC_URL (else publicUrl, else this server).
  let listeningUrl = '';
  const certificateKeys = await CertificateKeys.open(certificateKeyFile(keys.keyFile));
  router.add(...certificateRoutes(context, { keys: certificateKeys, publicUrl: () => process.env.HALL_PUBLIC_URL || settings().publicUrl || listeningUrl }));
  router.add(...queueWatchRoutes(context));
  router.add(...matterRoutes(context));
  // Cases (办件) take a published matter's name, service and promised days; receipt numbers start with HALL_CODE.
  const matters = matterStoreOf(db);
  router.add(
    ...caseRoutes(context, {
      matters: {
        matter: (code) => {
          const m = matters.published(code);
          return m ? { code: m.code, name: m.name, serviceId: m.serviceId, promisedDays: m.promisedDays } : undefined;
        },
      },
      publicUrl: () => process.env.HALL_PUBLIC_URL || settings().publicUrl || listeningUrl,
      hallCode: process.env.HALL_CODE,
    }),
  );
  router.add(...prefilingRoutes(context, { matters: matterStoreOf(db), hallCode: process.env.HALL_CODE }));
  queueWatch = startQueueWatch(context, log);
  router.add(...reportRoutes(context));
  router.add(...districtLinkRoutes(() => replicator?.status() ?? null));
  // Outbound webhooks: sent from the durable outbox the writer fills, off the writer's path.
  webhooks = new WebhookDispatcher({ db, run, personKeyBase64: key.toString('base64'), log, retryBaseMs: options.webhookRetryBaseMs });
  router.add(...webhookRoutes(context, () => webhooks?.nudge()));
  router.add(...readyRoutes({ dbFile, dataDir: options.dataDir, minFreeMb: options.minFreeMb ?? 200, storageFull: () => writer.storageFull }));

  if (authStore.userCount() === 0 && options.adminPassword) {
    await auth.createUser({ username: 'admin', password: options.adminPassword, role: 'manager', displayName: '管理员' });
    log('created user admin (manager) from HALL_ADMIN_PASSWORD');
  }

  // The day rolls over at the hall's local midnight: yesterday's open tickets end, same-day data goes.
  let currentDay = '';
  const retentionMs = (options.eventRetentionDays ?? 90) * 86_400_000;
  const rollover = async () => {
    const day = engine.today(now());
    if (day === currentDay) return;
    currentDay = day;
    await run('rollover', retentionMs, replicator ? replicator.acknowledgedSeq() : options.district ? 0 : null);
    await run('purgePersonalData');
  };
  await rollover();
  const dayTimer = setInterval(() => void rollover().catch((e) => log(`rollover failed: ${String(e)}`)), 30_000);
  dayTimer.unref();

  let inFlight = 0;
  const handle = router.handler({
    bodyLimit: options.bodyLimit ?? 64 * 1024,
    authenticate: (token) => auth.authenticate(token),
    onError: (error) => logger.error({ err: error }, 'unexpected error'),
  });
  const serveStatic = staticHandler(options.staticDir ?? DEFAULT_STATIC_DIR, RENDERER_APPS);
  const serveUpdates = updateFeedHandler(options.updatesDir);
  // Node enforces both timeouts only when it checks its connections (every 30 s by default): check every second.
  const kioskSync = new KioskSyncSeen();
  context.kioskSync = kioskSync;
  const metrics = hallMetrics({
    router,
    hall: context,
    writerStats: () => writer.stats,
    eventSubscribers: () => hub.size,
    ticketStreams: () => ticketStreams.size,
    authenticate: (token) => auth.authenticate(token),
    metricsToken: options.metricsToken,
    kioskSync,
  });
  const listener: RequestListener = (req, res) => {
    inFlight++;
    const started = performance.now();
    const reqId = requestIdOf(req);
    res.setHeader('x-request-id', reqId);
    res.on('close', () => inFlight--);
    // One line and one count per answered request, by route template: no ids, receipt numbers or query strings.
    res.once('finish', () => {
      const ms = performance.now() - started;
      const method = req.method ?? 'GET';
      const route = metrics.routeOf(req);
      metrics.record(method, route, res.statusCode, ms / 1000);
      const actor = requestActors.get(req);
      if (actor?.role === 'kiosk' && route.startsWith('/api/v1/sync/') && res.statusCode < 300) kioskSync.seen(actor.id, now());
      logger.info({ reqId, method, route, status: res.statusCode, ms: Math.round(ms * 10) / 10, actor: actor?.id }, 'request');
    });
    if (metrics.serve(req, res)) return;
    if (serveUpdates(req, res)) return;
    if (!req.url?.startsWith('/api/') && serveStatic(req, res)) return;
    void handle(req, res);
  };
  const serverOptions = { requestTimeout: 30_000, headersTimeout: 15_000, connectionsCheckingInterval: 1_000 };
  const server: Server = options.tls ? createHttpsServer({ ...serverOptions, ...readTls(options.tls) }, listener) : createServer(serverOptions, listener);
  server.keepAliveTimeout = 10_000;
  // Requests that are not well-formed HTTP get the contract's JSON error body too (Node's own reply has none).
  server.on('clientError', (error: NodeJS.ErrnoException, socket: Socket) => {
    if (error.code === 'ECONNRESET' || !socket.writable || socket.bytesWritten > 0) {
      socket.destroy();
      return;
    }
    const [status, code, message] =
      error.code === 'HPE_HEADER_OVERFLOW'
        ? [431, 'HEADERS_TOO_LARGE', 'the request line or headers are too large: send less']
        : error.code === 'HPE_CHUNK_EXTENSIONS_OVERFLOW'
          ? [413, 'PAYLOAD_TOO_LARGE', 'chunk extensions are too large: send less']
          : error.code === 'ERR_HTTP_REQUEST_TIMEOUT'
            ? [408, 'REQUEST_TIMEOUT', 'the request took too long to arrive: send it again']
            : [400, 'BAD_REQUEST', 'the request is not well-formed HTTP/1.1: check the request line, headers and body framing'];
    const body = JSON.stringify({ error: { code, message } });
    socket.end(
      `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nContent-Type: application/json; charset=utf-8\r\n` +
        `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
    );
  });

  const wss = new WebSocketServer({ noServer: true, maxPayload: 4096 });
  server.on('upgrade', (req: IncomingMessage, socket: Socket, head: Buffer) => {
    const refuse = (status: string, message: string) => {
      socket.end(`HTTP/1.1 ${status}\r\nContent-Type: application/json\r\nConnection: close\r\n\r\n${message}`);
    };
    socket.on('error', () => socket.destroy());
    let url: URL;
    try {
      url = new URL(req.url ?? '/', 'http://hall.local');
    } catch {
      return refuse('400 Bad Request', '{"error":{"code":"BAD_REQUEST","message":"malformed URL"}}');
    }
    if (url.pathname !== '/api/v1/events') return refuse('404 Not Found', '{"error":{"code":"NOT_FOUND","message":"no such endpoint"}}');
    const token = bearerToken(req, url);
    const actor = token ? auth.authenticate(token) : null;
    if (!actor) {
      return refuse('401 Unauthorized', '{"error":{"code":"UNAUTHENTICATED","message":"pass ?token= or Authorization: Bearer"}}');
    }
    if (actor.mustChangePassword) {
      return refuse('403 Forbidden', '{"error":{"code":"PASSWORD_CHANGE_REQUIRED","message":"your password was reset: set a new one first"}}');
    }
    const sinceRaw = url.searchParams.get('since');
    if (sinceRaw !== null && !/^\d{1,15}$/.test(sinceRaw)) {
      return refuse('400 Bad Request', '{"error":{"code":"VALIDATION_FAILED","message":"since: a whole number, the last seq you have"}}');
    }
    wss.handleUpgrade(req, socket, head, (ws) =>
      hub.attach(ws, sinceRaw === null ? null : Number(sinceRaw), actor.kind === 'user' ? actor.id : null, actor.kind === 'device' ? actor.id : null),
    );
  });

  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 8080, host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  const shownHost = host.includes(':') ? `[${host}]` : host;
  listeningUrl = `${options.tls ? 'https' : 'http'}://${shownHost}:${port}`;
  const linkDistrict = (link: NonNullable<HallServerOptions['district']>) => {
    if (replicator) throw new Error('this hall replicates to a district already');
    replicator = new DistrictReplicator({
      ...link,
      db,
      headSeq: () => store.lastSeq(),
      log,
      calendar: { current: () => settings(), apply: (patch) => context.updateSettings(patch) },
      certificateTypes: {
        version: () => appliedCatalogueVersion(db, 'certificate_types'),
        overrides: () => certificateTypeOverrides(db),
        apply: (version, types) => run('applyDistrictCertificateTypes', version, types),
      },
      matters: {
        version: () => appliedCatalogueVersion(db, 'matters'),
        overrides: () => matterOverrides(db),
        apply: (version, items) => run('applyDistrictMatters', version, items),
      },
    });
    replicator.start();
  };
  if (options.district) linkDistrict(options.district);
  webhooks.start();
  const backups = options.backup
    ? startBackupSchedule({
        dbFile,
        schedule: options.backup,
        timeZone: () => settings().timeZone,
        now,
        log,
        outcome: (failure) => run('backupOutcome', failure),
      })
    : null;

  let closing: Promise<void> | null = null;
  const close = () =>
    (closing ??= (async () => {
      clearInterval(dayTimer);
      clearInterval(seenTimer);
      queueWatch?.stop();
      noShowWatch.stop();
      await replicator?.stop();
      await webhooks?.stop();
      await backups?.stop();
      const stopped = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      hub.closeAll(1001, 'hall server is shutting down');
      ticketStreams.closeAll();
      wss.close();
      const deadline = Date.now() + 10_000;
      while (inFlight > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
      await devices.flushSeen().catch((e) => log(`recording devices seen failed: ${String(e)}`));
      await writer.close();
      server.closeAllConnections();
      await stopped;
      db.close();
      logger.info('hall server closed: requests finished, database closed');
    })());

  const reloadTls = () => {
    if (options.tls) (server as HttpsServer).setSecureContext(readTls(options.tls));
  };
  return { url: listeningUrl, port, host, db, context, writer, hub, backups, linkDistrict, reloadTls, close };
}
