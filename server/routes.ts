// The hall API: every endpoint with its roles and body schema. The contract's part is in docs/hall-api.md.
import { hash } from 'node:crypto';
import { HallError, invalid } from '../core/errors.ts';
import type { QueueEngine } from '../core/engine.ts';
import type { HallSettings, Role } from '../core/model.ts';
import type { QueueStore } from '../core/store.ts';
import type { Db } from '../db/database.ts';
import {
  CallTicketBody,
  CheckInBody,
  CreateAppointmentBody,
  CreateCounterBody,
  UpdateCounterBody,
  CreateDeviceBody,
  CreateServiceBody,
  ChangePasswordBody,
  CreateUserBody,
  IssueTicketBody,
  LoginBody,
  PauseBody,
  RatingBody,
  SettingsBody,
  TransferBody,
  UpdateServiceBody,
  UpdateUserBody,
} from '../core/schemas.ts';
import { isValidTimeZone } from '../core/time.ts';
import type { SealingPublicKey } from '../core/id-seal.ts';
import type { AuthStore } from '../db/auth-store.ts';
import type { RunCommand } from './commands.ts';
import { staffUser, type Auth } from './auth.ts';
import { route, type RouteDef, type RouteContext } from './http.ts';
import { sealPhone } from './phone-seal.ts';

export interface HallContext {
  engine: QueueEngine;
  store: QueueStore;
  auth: Auth;
  authStore: AuthStore;
  /** Runs a state change in the writer thread's next group commit; resolves once it is on disk. */
  run: RunCommand;
  now: () => number;
  settings: () => HallSettings;
  updateSettings: (patch: Partial<HallSettings>) => Promise<HallSettings>;
  openapi: () => unknown;
  /** Keyed hash (the key lives outside the database): request bodies may carry ID numbers. */
  keyedDigest: (text: string) => string;
  /** Closes the event streams a user's tokens opened (their account was disabled). */
  closeUserStreams?: (userId: string) => void;
  /** Counters for operators and the benchmark: group commits, operations in them, subscribers. */
  stats?: () => Record<string, number>;
  /** The ID-number hash key (HALL_KEY_FILE): the server's alone, never sent to any device. */
  personKeyBase64: string;
  /** The public key kiosks seal ID numbers to while offline (GET /sync/config). */
  sealingKey: SealingPublicKey;
  db: Db;
}

export const ANY: readonly Role[] = ['manager', 'staff', 'kiosk', 'display', 'integrator', 'rating_pad'];
export const MANAGER: readonly Role[] = ['manager'];
const COUNTER_WORK: readonly Role[] = ['staff', 'manager'];
const ISSUERS: readonly Role[] = ['kiosk', 'staff', 'manager'];

export const ok = (body: unknown, status = 200) => ({ status, body });

/** Body fields that carry a person (IssueTicketBody, CheckInBody): a stored fingerprint of them must be keyed. */
const PERSONAL_FIELDS = ['idCardNumber', 'personName'];

const sortedKeys = (_k: string, v: unknown) =>
  v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => a.localeCompare(b))) : v;

/** True for an object of plain values whose keys are already in canonical order: its JSON is canonical as it is. */
function flatAndSorted(body: unknown): boolean {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return false;
  let previous: string | null = null;
  for (const key in body) {
    const v = (body as Record<string, unknown>)[key];
    if (typeof v === 'object' && v !== null) return false;
    if (previous !== null && previous.localeCompare(key) >= 0) return false;
    previous = key;
  }
  return true;
}

/** Same canonical body (keys sorted at every depth) → same fingerprint, so a retried request is recognised as the same one. */
function fingerprint(body: unknown, keyedDigest: (text: string) => string): string {
  const canonical = flatAndSorted(body) ? JSON.stringify(body) : JSON.stringify(body, sortedKeys);
  // A plain hash of an ID number could be reversed by trying every number; a body without one needs no key.
  const personal = typeof body === 'object' && body !== null && PERSONAL_FIELDS.some((f) => (body as Record<string, unknown>)[f] !== undefined);
  return personal ? keyedDigest(canonical) : hash('sha256', canonical);
}

export function idempotencyOf(ctx: RouteContext<unknown>, keyedDigest: (text: string) => string): { key: string; fingerprint: string } | undefined {
  const key = ctx.headers['idempotency-key'];
  if (key === undefined) return undefined;
  if (typeof key !== 'string' || !/^[\x21-\x7e]{1,128}$/.test(key)) {
    throw new HallError(400, 'VALIDATION_FAILED', 'Idempotency-Key: 1–128 visible ASCII characters', { field: 'Idempotency-Key' });
  }
  return { key, fingerprint: fingerprint(ctx.body, keyedDigest) };
}

function parseInstant(field: string, iso: string): number {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) throw new HallError(400, 'VALIDATION_FAILED', `${field}: not a valid time`, { field });
  return ms;
}

export function hallRoutes(hall: HallContext): RouteDef[] {
  const { engine, run, now } = hall;
  return [
    route({
      method: 'GET',
      path: '/api/v1/health',
      roles: 'public',
      tag: 'system',
      summary: 'Check the server is up',
      handler: () => ok({ ok: true }),
    }),
    route({
      method: 'GET',
      path: '/api/v1/stats',
      roles: MANAGER,
      tag: 'system',
      summary: 'Read server counters: group commits and the operations in them, event subscribers',
      handler: () => ok({ ...hall.stats?.(), rssBytes: process.memoryUsage.rss(), uptimeSeconds: Math.round(process.uptime()) }),
    }),
    route({
      method: 'GET',
      path: '/api/v1/openapi.json',
      roles: 'public',
      tag: 'system',
      summary: 'Read this API description',
      handler: () => ok(hall.openapi()),
    }),

    // ── auth ──
    route({
      method: 'POST',
      path: '/api/v1/auth/login',
      roles: 'public',
      body: LoginBody,
      tag: 'auth',
      summary: 'Sign in with username and password',
      errors: [401, 429],
      handler: async ({ body, ip, headers }) => {
        const { deviceCookie, ...signedIn } = await hall.auth.login(body.username, body.password, ip, headers.cookie);
        return { status: 200, body: signedIn, headers: { 'set-cookie': deviceCookie } };
      },
    }),
    route({
      method: 'POST',
      path: '/api/v1/auth/logout',
      roles: ['manager', 'staff'],
      tag: 'auth',
      summary: 'Sign out this session',
      duringPasswordChange: true,
      handler: async ({ token }) => {
        await hall.auth.logout(token!);
        return ok({ ok: true });
      },
    }),
    route({
      method: 'GET',
      path: '/api/v1/auth/me',
      roles: ANY,
      tag: 'auth',
      summary: 'Who this token belongs to',
      duringPasswordChange: true,
      handler: ({ actor }) => ok(actor),
    }),
    route({
      method: 'POST',
      path: '/api/v1/auth/password',
      roles: ['manager', 'staff'],
      body: ChangePasswordBody,
      tag: 'auth',
      summary: 'Change your own password (required after a reset): at least 10 characters, two kinds of character, not the username',
      duringPasswordChange: true,
      errors: [429],
      handler: async ({ actor, body }) => {
        await hall.auth.changePassword(actor, body.currentPassword, body.newPassword);
        return ok({ ok: true });
      },
    }),
    route({
      method: 'POST',
      path: '/api/v1/users',
      roles: MANAGER,
      body: CreateUserBody,
      tag: 'auth',
      summary: 'Create a user',
      ok: { status: 201, description: 'the user' },
      errors: [409],
      handler: async ({ body }) => ok(await hall.auth.createUser(body), 201),
    }),
    route({
      method: 'GET',
      path: '/api/v1/users',
      roles: MANAGER,
      tag: 'auth',
      summary: 'List users: id, username, displayName, role, disabled, mustChangePassword, createdAt, signIn {failures, throttledUntil} (never password data)',
      handler: () => {
        const signIns = hall.auth.signInStates();
        return ok(hall.authStore.listUsers().map((u) => ({ ...staffUser(u), signIn: signIns.get(u.id) ?? { failures: 0, throttledUntil: null } })));
      },
    }),
    route({
      method: 'PATCH',
      path: '/api/v1/users/:id',
      roles: MANAGER,
      body: UpdateUserBody,
      tag: 'auth',
      summary: "Change a user's role or disable them: their tokens, counter and event streams end at once",
      ok: { status: 200, description: 'the user' },
      errors: [404, 409],
      handler: async ({ actor, params, body }) => {
        const user = await hall.auth.updateUser(actor, params.id!, body);
        if (user.disabled) hall.closeUserStreams?.(user.id);
        return ok(user);
      },
    }),
    route({
      method: 'POST',
      path: '/api/v1/users/:id/reset-password',
      roles: MANAGER,
      tag: 'auth',
      summary: "Reset a user's password: {temporaryPassword}, shown only now; the user must change it at next sign-in",
      errors: [404],
      handler: async ({ params }) => ok({ temporaryPassword: await hall.auth.resetPassword(params.id!) }),
    }),
    route({
      method: 'POST',
      path: '/api/v1/users/:id/clear-sign-in-throttle',
      roles: MANAGER,
      tag: 'auth',
      summary: "Clear a user's sign-in throttle (failed sign-ins counted, waits running) so they may try again at once",
      errors: [404],
      handler: async ({ params }) => {
        await hall.auth.clearSignInThrottle(params.id!);
        return ok({ ok: true });
      },
    }),
    route({
      method: 'POST',
      path: '/api/v1/devices',
      roles: MANAGER,
      body: CreateDeviceBody,
      tag: 'auth',
      summary: 'Register a kiosk, display, rating pad or integrator and get its token (pairing codes spare pasting it)',
      ok: { status: 201, description: '{id, name, kind, token}: the token is shown only now' },
      handler: async ({ body }) => ok(await hall.auth.createDevice(body), 201),
    }),
    // GET /api/v1/devices, pairing, rename and revoke: server/routes-devices.ts

    // ── setup ──
    route({
      method: 'GET',
      path: '/api/v1/settings',
      roles: ANY,
      tag: 'setup',
      summary: 'Read the hall settings',
      handler: () => ok(hall.settings()),
    }),
    route({
      method: 'PUT',
      path: '/api/v1/settings',
      roles: MANAGER,
      body: SettingsBody,
      tag: 'setup',
      summary: 'Change hall settings',
      handler: async ({ body }) => {
        if (body.timeZone !== undefined && !isValidTimeZone(body.timeZone)) {
          throw new HallError(400, 'VALIDATION_FAILED', 'timeZone: not an IANA time zone such as Asia/Shanghai', { field: 'timeZone' });
        }
        return ok(await hall.updateSettings(body));
      },
    }),
    route({
      method: 'PATCH',
      path: '/api/v1/settings',
      roles: MANAGER,
      body: SettingsBody,
      tag: 'setup',
      summary: 'Change some hall settings: only the fields given change (PUT does the same)',
      ok: { status: 200, description: 'all the settings' },
      handler: async ({ body }) => {
        if (body.timeZone !== undefined && !isValidTimeZone(body.timeZone)) {
          throw new HallError(400, 'VALIDATION_FAILED', 'timeZone: not an IANA time zone such as Asia/Shanghai', { field: 'timeZone' });
        }
        return ok(await hall.updateSettings(body));
      },
    }),
    route({
      method: 'POST',
      path: '/api/v1/services',
      roles: MANAGER,
      body: CreateServiceBody,
      tag: 'setup',
      summary: 'Create a service',
      ok: { status: 201, description: 'the service' },
      errors: [409],
      handler: async ({ body }) => ok(await run('createService', body), 201),
    }),
    route({
      method: 'GET',
      path: '/api/v1/services',
      roles: ANY,
      tag: 'setup',
      summary: 'List services',
      handler: () => ok(hall.store.listServices().map((s) => engine.serviceView(s))),
    }),
    route({
      method: 'PATCH',
      path: '/api/v1/services/:id',
      roles: MANAGER,
      body: UpdateServiceBody,
      tag: 'setup',
      summary: 'Change a service: name, names (en, zh-TW, ja), category, daily cap, opening hours, target wait, active',
      ok: { status: 200, description: 'the service' },
      errors: [404],
      handler: async ({ params, body }) => ok(await run('updateService', params.id!, body)),
    }),
    route({
      method: 'POST',
      path: '/api/v1/counters',
      roles: MANAGER,
      body: CreateCounterBody,
      tag: 'setup',
      summary: 'Create a counter',
      ok: { status: 201, description: 'the counter' },
      errors: [404, 409],
      handler: async ({ body }) => ok(await run('createCounter', body), 201),
    }),
    route({
      method: 'GET',
      path: '/api/v1/counters',
      roles: ANY,
      tag: 'setup',
      summary: 'List counters',
      handler: () => ok(hall.store.listCounters().map((c) => engine.counterView(c))),
    }),
    route({
      method: 'PATCH',
      path: '/api/v1/counters/:id',
      roles: MANAGER,
      body: UpdateCounterBody,
      tag: 'setup',
      summary: 'Change a counter: name, services (the next call uses them), active (false retires it; sign it out first)',
      ok: { status: 200, description: 'the counter' },
      errors: [404, 409],
      handler: async ({ params, body }) => ok(await run('updateCounter', params.id!, body)),
    }),

    // ── counters ──
    route({
      method: 'POST',
      path: '/api/v1/counters/:id/sign-in',
      roles: COUNTER_WORK,
      tag: 'counter',
      summary: 'Sign in to a counter',
      errors: [404, 409],
      handler: async ({ actor, params }) => ok(await run('signIn', actor, params.id!)),
    }),
    route({
      method: 'POST',
      path: '/api/v1/counters/:id/sign-out',
      roles: COUNTER_WORK,
      tag: 'counter',
      summary: 'Sign out of a counter',
      errors: [404],
      handler: async ({ actor, params }) => ok(await run('signOut', actor, params.id!)),
    }),
    route({
      method: 'POST',
      path: '/api/v1/counters/:id/call-next',
      roles: COUNTER_WORK,
      tag: 'counter',
      summary: 'Complete the current ticket and call the next one',
      ok: { status: 200, description: '{ticket} or {ticket: null} when nothing waits' },
      errors: [404, 409],
      handler: async ({ actor, params }) => ok({ ticket: await run('callNext', actor, params.id!) }),
    }),
    route({
      method: 'POST',
      path: '/api/v1/counters/:id/call',
      roles: COUNTER_WORK,
      body: CallTicketBody,
      tag: 'counter',
      summary: 'Call a specific waiting ticket out of order',
      errors: [404, 409],
      handler: async ({ actor, params, body }) => ok({ ticket: await run('callTicket', actor, params.id!, body.ticketId) }),
    }),
    route({
      method: 'POST',
      path: '/api/v1/counters/:id/recall',
      roles: COUNTER_WORK,
      tag: 'counter',
      summary: 'Announce the current ticket again',
      errors: [404, 409],
      handler: async ({ actor, params }) => ok({ ticket: await run('recall', actor, params.id!) }),
    }),
    route({
      method: 'POST',
      path: '/api/v1/counters/:id/pause',
      roles: COUNTER_WORK,
      body: PauseBody,
      tag: 'counter',
      summary: 'Pause a counter with a reason',
      errors: [404],
      handler: async ({ actor, params, body }) => ok(await run('pause', actor, params.id!, body.reason, body.note)),
    }),
    route({
      method: 'POST',
      path: '/api/v1/counters/:id/resume',
      roles: COUNTER_WORK,
      tag: 'counter',
      summary: 'Resume a paused counter',
      errors: [404],
      handler: async ({ actor, params }) => ok(await run('resume', actor, params.id!)),
    }),

    // ── tickets ──
    route({
      method: 'POST',
      path: '/api/v1/tickets',
      roles: ISSUERS,
      body: IssueTicketBody,
      tag: 'tickets',
      summary: 'Issue a ticket (send an Idempotency-Key header)',
      ok: { status: 201, description: 'the ticket with ahead and estimatedWaitSeconds' },
      errors: [404, 409],
      handler: async (ctx) => {
        const idempotency = idempotencyOf(ctx, hall.keyedDigest);
        const issued = await run('issueTicket', ctx.actor, { ...ctx.body, idempotency });
        const headers: Record<string, string> = issued.replayed ? { 'idempotent-replayed': 'true' } : {};
        return { status: 201, body: issued.ticket, headers };
      },
    }),
    route({
      method: 'GET',
      path: '/api/v1/tickets',
      roles: ['manager', 'staff', 'display'],
      tag: 'tickets',
      summary: "List today's waiting tickets; with day=today&number=A012 today's ticket of that number in any status ([] if none)",
      handler: ({ query }) => {
        const serviceIds = query.getAll('serviceId');
        const at = now();
        const number = query.get('number');
        if (number !== null) {
          const day = query.get('day') ?? 'today';
          if (day !== 'today') throw invalid('day', 'only "today" is searched by number: other days are in the reports');
          const found = hall.store.getTicketByNumber(engine.today(at), number.trim().toUpperCase());
          return ok(found ? [engine.ticketView(found, at)] : []);
        }
        return ok(engine.ticketViews(hall.store.waitingTickets(engine.today(at), serviceIds.length ? serviceIds : undefined), at));
      },
    }),
    route({
      method: 'GET',
      path: '/api/v1/tickets/:id',
      roles: ANY,
      tag: 'tickets',
      summary: 'Read a ticket with its status and place in the queue',
      errors: [404],
      handler: ({ params }) => ok(engine.ticketView(engine.requireTicket(params.id!), now())),
    }),
    route({
      method: 'POST',
      path: '/api/v1/tickets/:id/start',
      roles: COUNTER_WORK,
      tag: 'tickets',
      summary: 'Mark a called ticket as being served',
      errors: [404, 409],
      handler: async ({ actor, params }) => ok(await run('start', actor, params.id!)),
    }),
    route({
      method: 'POST',
      path: '/api/v1/tickets/:id/complete',
      roles: COUNTER_WORK,
      tag: 'tickets',
      summary: 'Complete a ticket',
      errors: [404, 409],
      handler: async ({ actor, params }) => ok(await run('complete', actor, params.id!)),
    }),
    route({
      method: 'POST',
      path: '/api/v1/tickets/:id/no-show',
      roles: COUNTER_WORK,
      tag: 'tickets',
      summary: 'Mark a called ticket as no-show',
      errors: [404, 409],
      handler: async ({ actor, params }) => ok(await run('noShow', actor, params.id!)),
    }),
    route({
      method: 'POST',
      path: '/api/v1/tickets/:id/transfer',
      roles: COUNTER_WORK,
      body: TransferBody,
      tag: 'tickets',
      summary: 'Transfer a ticket to another service, keeping its place in time',
      errors: [404, 409],
      handler: async ({ actor, params, body }) => ok(await run('transfer', actor, params.id!, body.serviceId)),
    }),
    route({
      method: 'POST',
      path: '/api/v1/tickets/:id/cancel',
      roles: ['kiosk', 'staff', 'manager'],
      tag: 'tickets',
      summary: 'Cancel a waiting ticket',
      errors: [404, 409],
      handler: async ({ actor, params }) => ok(await run('cancel', actor, params.id!)),
    }),
    route({
      method: 'POST',
      path: '/api/v1/tickets/:id/rating',
      roles: [...ISSUERS, 'rating_pad'],
      body: RatingBody,
      tag: 'tickets',
      summary: 'Rate a completed visit (好差评), once per ticket',
      ok: { status: 201, description: 'the rating' },
      errors: [404, 409],
      handler: async ({ actor, params, body }) => {
        const channel =
          body.channel ?? (actor.role === 'kiosk' ? 'kiosk' : actor.role === 'rating_pad' ? 'rate_page' : actor.role === 'staff' ? 'console' : 'api');
        const phone = body.phone === undefined ? undefined : sealPhone(hall.personKeyBase64, params.id!, body.phone);
        return ok(await run('rate', actor, params.id!, { ...body, channel, phone }), 201);
      },
    }),

    // ── appointments ──
    route({
      method: 'POST',
      path: '/api/v1/appointments',
      roles: ['manager', 'integrator'],
      body: CreateAppointmentBody,
      tag: 'appointments',
      summary: 'Create an appointment',
      ok: { status: 201, description: 'the appointment' },
      errors: [404, 409],
      handler: async ({ actor, body }) => {
        const input = {
          code: body.code,
          serviceId: body.serviceId,
          windowStart: parseInstant('windowStart', body.windowStart),
          windowEnd: parseInstant('windowEnd', body.windowEnd),
          idCardNumber: body.idCardNumber,
          personName: body.personName,
        };
        return ok(await run('createAppointment', actor, input), 201);
      },
    }),
    route({
      method: 'POST',
      path: '/api/v1/appointments/check-in',
      roles: ISSUERS,
      body: CheckInBody,
      tag: 'appointments',
      summary: 'Check in an appointment by code or ID number and get its ticket',
      ok: { status: 201, description: 'the ticket' },
      errors: [404, 409],
      handler: async (ctx) => {
        const idempotency = idempotencyOf(ctx, hall.keyedDigest);
        const issued = await run('checkIn', ctx.actor, { ...ctx.body, idempotency });
        return ok(issued.ticket, 201);
      },
    }),

    // ── queue ──
    route({
      method: 'GET',
      path: '/api/v1/queue',
      roles: ANY,
      tag: 'queue',
      summary: 'Read the whole queue: waiting per service, each counter and the latest seq',
      handler: () => ok(engine.queueSnapshot(now())),
    }),
  ];
}
