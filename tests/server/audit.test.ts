// The audit trail: who the entries name, one per change and none for a refusal or a rolled-back command, the manager's
// list (filters, paging, CSV) and the retention purge. Real hall servers over real SQLite files on loopback.
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HallClient } from '../../client/hall-client.ts';
import { AUDIT_ACTIONS, AUDIT_CSV_HEADER, SYSTEM_ACTOR, type AuditEntry } from '../../core/audit.ts';
import { conflict } from '../../core/errors.ts';
import { AuditStore } from '../../db/audit-store.ts';
import { CommitQueue } from '../../db/commit-queue.ts';
import { openDatabase } from '../../db/database.ts';
import { AUDIT, runAudited } from '../../server/audit.ts';
import { COMMANDS, type WriterContext } from '../../server/commands.ts';
import { apiError } from '../helpers/api-error.ts';
import { ADMIN_PASSWORD, makeIdNumber, startTestHall, type TestHall } from '../helpers/hall.ts';

const MORNING = Date.parse('2026-11-23T09:00:00+08:00');
const DAY = 86_400_000;

interface Page {
  items: AuditEntry[];
  nextCursor: string | null;
}
const audit = (c: HallClient, query = '') => c.request<Page>('GET', `/api/v1/audit${query}`);
const countRows = (hall: TestHall) => (hall.server.db.prepare('SELECT COUNT(*) AS n FROM audit').get() as { n: number }).n;

describe('who the entries name', () => {
  let hall: TestHall;
  let serviceId: string;
  let counterId: string;
  let staff: HallClient;
  let staffId: string;
  let kiosk: HallClient;

  beforeAll(async () => {
    hall = await startTestHall({ now: MORNING });
    serviceId = (await hall.admin.createService({ code: 'biz', name: '企业开办', prefix: 'A' })).id;
    counterId = (await hall.admin.createCounter({ number: 1, serviceIds: [serviceId] })).id;
    staffId = (await hall.admin.createUser({ username: 'who.staff', password: 'Who-Staff-pw1', role: 'staff', displayName: '李*' })).id;
    staff = hall.anon.withToken((await hall.anon.login('who.staff', 'Who-Staff-pw1')).token);
    kiosk = new HallClient(hall.url, { token: (await hall.admin.createDevice({ name: 'K1', kind: 'kiosk' })).token });
    await staff.signIn(counterId);
  });
  afterAll(() => hall.close());

  it('the hall itself at start: the first manager, the day rollover and the purge are the system', async () => {
    const { items } = await audit(hall.admin, '?actor=system&limit=500');
    expect(items.map((e) => e.action).sort()).toEqual(['day.rollover', 'retention.purge', 'user.create']);
    for (const e of items) expect(e.actor).toEqual(SYSTEM_ACTOR);
  });

  it('a ticket action names the staff member in the audit and in the event; a manager on that counter is the manager', async () => {
    const adminId = (await hall.admin.me()).id;
    const a = await kiosk.issueTicket({ serviceId }, randomUUID());
    const b = await kiosk.issueTicket({ serviceId }, randomUUID());
    await staff.callNext(counterId);
    await staff.noShow(a.id);
    await hall.admin.callNext(counterId);
    await hall.admin.complete(b.id);

    const noShow = (await audit(hall.admin, `?target=${a.id}&action=ticket.no_show`)).items;
    expect(noShow).toHaveLength(1);
    expect(noShow[0]).toMatchObject({ actor: { kind: 'user', id: staffId, name: '李*' }, target: { kind: 'ticket', id: a.id }, detail: { number: a.number } });
    const done = (await audit(hall.admin, `?target=${b.id}&action=ticket.complete`)).items;
    expect(done.map((e) => e.actor)).toEqual([{ kind: 'user', id: adminId, name: '管理员' }]);

    const events = hall.server.db.prepare("SELECT type, data FROM events WHERE type IN ('ticket.no_show', 'ticket.completed')").all() as {
      type: string;
      data: string;
    }[];
    const by = Object.fromEntries(events.map((e) => [e.type, (JSON.parse(e.data) as { by: unknown }).by]));
    expect(by).toEqual({ 'ticket.no_show': { kind: 'user', id: staffId, name: '李*' }, 'ticket.completed': { kind: 'user', id: adminId, name: '管理员' } });
  });

  it('a refused request adds nothing; an idempotent replay adds nothing; each change exactly one', async () => {
    const t = await kiosk.issueTicket({ serviceId }, 'same-key');
    const before = countRows(hall);
    await apiError(hall.admin.complete(t.id), 409, 'TICKET_NOT_CALLED');
    await kiosk.issueTicket({ serviceId }, 'same-key');
    expect(countRows(hall)).toBe(before);
    await apiError(hall.admin.request('DELETE', '/api/v1/devices/no-such-device'), 404, 'DEVICE_NOT_FOUND');
    expect(countRows(hall)).toBe(before);
    await staff.cancel(t.id);
    expect(countRows(hall)).toBe(before + 1);
  });

  it('calling the next with nobody waiting adds nothing; calling someone adds one entry naming the ticket', async () => {
    const own = await hall.admin.createCounter({
      number: 9,
      serviceIds: [(await hall.admin.createService({ code: 'idle', name: '空闲业务', prefix: 'Z' })).id],
    });
    await staff.signOut(counterId);
    await staff.signIn(own.id);
    const before = countRows(hall);
    expect((await staff.callNext(own.id)).ticket).toBeNull();
    expect(countRows(hall)).toBe(before);
    const t = await kiosk.issueTicket({ serviceId: own.serviceIds[0]! }, randomUUID());
    expect((await staff.callNext(own.id)).ticket?.id).toBe(t.id);
    expect((await audit(hall.admin, `?action=ticket.call_next&target=${t.id}`)).items).toHaveLength(1);
    expect(countRows(hall)).toBe(before + 2);
    await staff.signOut(own.id);
    await staff.signIn(counterId);
  });

  it('a sign-in under an unknown name is recorded without the name typed (it may be a password)', async () => {
    await apiError(hall.anon.login('Secret-typed-here', 'whatever'), 401, 'BAD_CREDENTIALS');
    const [entry] = (await audit(hall.admin, '?action=auth.login_failed')).items;
    expect(entry).toMatchObject({ actor: { kind: 'user', id: null, name: null }, target: null, detail: { reason: 'unknown_user' } });
    expect(JSON.stringify((await audit(hall.admin, '?limit=500')).items)).not.toContain('Secret-typed-here');
  });

  it('describes the filters in the OpenAPI, the action an enum of every action', async () => {
    const doc = await hall.anon.request<{ paths: Record<string, Record<string, { parameters?: { name: string; schema: { enum?: string[] } }[] }>> }>(
      'GET',
      '/api/v1/openapi.json',
    );
    const params = doc.paths['/api/v1/audit']!.get!.parameters!;
    expect(params.map((p) => p.name)).toEqual(['since', 'until', 'actor', 'action', 'target', 'limit', 'cursor', 'format']);
    expect(params.find((p) => p.name === 'action')!.schema.enum).toEqual([...AUDIT_ACTIONS]);
  });

  it('403 for staff and devices, 401 without a token; bad filters are 400', async () => {
    await apiError(audit(staff), 403, 'FORBIDDEN');
    await apiError(audit(kiosk), 403, 'FORBIDDEN');
    await apiError(audit(hall.anon), 401, 'UNAUTHENTICATED');
    await apiError(staff.request('PUT', '/api/v1/retention', { auditDetailDays: 5 }), 403, 'FORBIDDEN');
    await apiError(audit(hall.admin, '?action=ticket.explode'), 400, 'VALIDATION_FAILED');
    await apiError(audit(hall.admin, '?since=yesterday'), 400, 'VALIDATION_FAILED');
    await apiError(audit(hall.admin, '?cursor=bm9wZQ'), 400, 'VALIDATION_FAILED');
  });

  it('filters by who, what, when and target; pages with the cursor without gaps or repeats', async () => {
    const all = (await audit(hall.admin, '?limit=500')).items;
    expect(all.length).toBeGreaterThan(10);
    const paged: AuditEntry[] = [];
    let cursor: string | null = null;
    do {
      const page: Page = await audit(hall.admin, `?limit=3${cursor ? `&cursor=${cursor}` : ''}`);
      expect(page.items.length).toBeLessThanOrEqual(3);
      paged.push(...page.items);
      cursor = page.nextCursor;
    } while (cursor);
    expect(paged.map((e) => e.id)).toEqual(all.map((e) => e.id));

    const byStaff = (await audit(hall.admin, `?actor=${staffId}&limit=500`)).items;
    expect(byStaff.length).toBeGreaterThan(0);
    expect(byStaff).toEqual(all.filter((e) => e.actor.id === staffId));
    const issues = (await audit(hall.admin, '?action=ticket.issue&limit=500')).items;
    expect(issues).toEqual(all.filter((e) => e.action === 'ticket.issue'));
    expect(issues.every((e) => e.target?.kind === 'ticket')).toBe(true);

    const atCounter = (await audit(hall.admin, `?target=${counterId}&limit=500`)).items;
    expect(atCounter.length).toBeGreaterThan(0);
    expect(atCounter).toEqual(all.filter((e) => e.target?.id === counterId));
    const ticketId = issues[0]!.target!.id;
    expect((await audit(hall.admin, `?target=${ticketId}&limit=500`)).items).toEqual(all.filter((e) => e.target?.id === ticketId));

    hall.clock.advance(3600_000);
    const later = new Date(hall.clock.now).toISOString();
    await staff.pause(counterId, 'break');
    const since = (await audit(hall.admin, `?since=${encodeURIComponent(later)}`)).items;
    expect(since.map((e) => [e.action, e.actor.id])).toEqual([['counter.pause', staffId]]);
    const until = (await audit(hall.admin, `?until=${encodeURIComponent(later)}&limit=500`)).items;
    expect(until).toEqual(all);
  });

  it('exports CSV with the contract header that reads back to the same entries', async () => {
    const all = (await audit(hall.admin, '?limit=500')).items;
    const res = await fetch(`${hall.url}/api/v1/audit?format=csv`, { headers: { authorization: `Bearer ${hall.admin.token}` } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    const text = await res.text();
    expect(text.split('\r\n')[0]).toBe(AUDIT_CSV_HEADER);
    const rows = parse(text, { columns: true }) as Record<string, string>[];
    expect(rows).toEqual(
      all.map((e) => ({
        at: e.at,
        actor_kind: e.actor.kind,
        actor_id: e.actor.id ?? '',
        actor_name: e.actor.name ?? '',
        action: e.action,
        target_kind: e.target?.kind ?? '',
        target_id: e.target?.id ?? '',
        detail: e.detail ? JSON.stringify(e.detail) : '',
      })),
    );
    const filtered = await fetch(`${hall.url}/api/v1/audit?format=csv&actor=${staffId}`, { headers: { authorization: `Bearer ${hall.admin.token}` } });
    const staffRows = parse(await filtered.text(), { columns: true }) as Record<string, string>[];
    expect(staffRows.length).toBe(all.filter((e) => e.actor.id === staffId).length);
    expect(new Set(staffRows.map((r) => r.actor_id))).toEqual(new Set([staffId]));
  });
});

it('a command without an audit rule does not compile (tsc checks this file)', () => {
  const { resume: _dropped, ...withoutResume } = AUDIT;
  // @ts-expect-error the map must name a rule for every command in COMMANDS
  const rules: typeof AUDIT = withoutResume;
  expect(Object.keys(rules)).not.toContain('resume');
  expect(Object.keys(AUDIT).sort()).toEqual(Object.keys(COMMANDS).sort());
});

it('an audit row goes with its command: a command that fails after writing leaves neither its writes nor its entry', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'audit-rollback-'));
  const db = openDatabase(join(dir, 'hall.sqlite'));
  try {
    const c = { audit: new AuditStore(db) } as unknown as WriterContext;
    const queue = new CommitQueue(db, { appended: [] }, () => undefined);
    const note = (key: string) => db.prepare("INSERT INTO settings (key, value) VALUES (?, '1')").run(key);
    const actor = { kind: 'user' as const, id: 'u1', name: '张*' };
    const results = await Promise.allSettled([
      queue.submit(() => runAudited(c, 'updateSettings', () => note('kept'), [{ noticeLine: 'x' }], actor, MORNING)),
      queue.submit(() =>
        runAudited(
          c,
          'updateSettings',
          () => {
            note('undone');
            throw conflict('REFUSED', 'refused after writing');
          },
          [{ noticeLine: 'y' }],
          actor,
          MORNING,
        ),
      ),
      queue.submit(() => runAudited(c, 'deleteSession', () => note('also-kept'), ['hash'], actor, MORNING)),
    ]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(db.prepare("SELECT key FROM settings WHERE key IN ('kept', 'undone', 'also-kept') ORDER BY key").pluck().all()).toEqual(['also-kept', 'kept']);
    expect(db.prepare('SELECT action, actor_id, detail FROM audit ORDER BY seq').all()).toEqual([
      { action: 'settings.update', actor_id: 'u1', detail: '{"changed":["noticeLine"]}' },
      { action: 'auth.logout', actor_id: 'u1', detail: null },
    ]);
    // Append-only: no row can be deleted or rewritten; only a detail can be cleared (the retention purge).
    expect(() => db.prepare('DELETE FROM audit').run()).toThrow(/append-only/);
    expect(() => db.prepare("UPDATE audit SET actor_id = 'someone else'").run()).toThrow(/append-only/);
    expect(db.prepare('UPDATE audit SET detail = NULL').run().changes).toBe(2);
  } finally {
    db.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

describe('retention', () => {
  let hall: TestHall;
  let serviceId: string;
  let counterId: string;
  let kiosk: HallClient;
  let admin: HallClient;
  const start = MORNING - 400 * DAY;

  /** Moves the hall's clock; a manager's session lasts 12 h, so they sign in again. */
  async function setClock(ms: number): Promise<void> {
    hall.clock.set(ms);
    admin = hall.anon.withToken((await hall.anon.login('admin', ADMIN_PASSWORD)).token);
  }

  /** A visit on the hall's clock now: a named visitor, served, rated 1 with a comment and a call-back number. */
  async function visit(): Promise<string> {
    const t = await kiosk.issueTicket({ serviceId, personName: '张三', idCardNumber: makeIdNumber('19800101') }, randomUUID());
    await admin.callNext(counterId);
    await admin.complete(t.id);
    await kiosk.rateVisit(t.id, { level: 1, comment: '等太久', channel: 'kiosk', phone: '13812345678' });
    return t.id;
  }

  beforeAll(async () => {
    hall = await startTestHall({ now: start });
    serviceId = (await hall.admin.createService({ code: 'biz', name: '企业开办', prefix: 'A' })).id;
    counterId = (await hall.admin.createCounter({ number: 1, serviceIds: [serviceId] })).id;
    kiosk = new HallClient(hall.url, { token: (await hall.admin.createDevice({ name: 'K1', kind: 'kiosk' })).token });
    admin = hall.admin;
  });
  afterAll(() => hall.close());

  it('has documented defaults, and a manager changes them', async () => {
    expect(await hall.admin.request('GET', '/api/v1/retention')).toEqual({
      maskedNamesDays: 30,
      ratingCommentsDays: 365,
      phoneNumbersDays: 30,
      auditDetailDays: 180,
    });
    await apiError(hall.admin.request('PUT', '/api/v1/retention', { maskedNamesDays: 0 }), 400, 'VALIDATION_FAILED');
    expect(await hall.admin.request('PUT', '/api/v1/retention', { auditDetailDays: 200 })).toMatchObject({ auditDetailDays: 200, maskedNamesDays: 30 });
  });

  it('the daily purge removes what retention says is too old, and nothing else', async () => {
    const old = await visit();
    await setClock(MORNING - 40 * DAY);
    const month = await visit();
    await setClock(MORNING - 10 * DAY);
    const recent = await visit();
    await setClock(MORNING);
    const db = hall.server.db;
    const rowsBefore = countRows(hall);
    const ticketsBefore = db.prepare('SELECT id, number, status FROM tickets ORDER BY id').all();
    const detailsBefore = db.prepare('SELECT at, detail FROM audit ORDER BY seq').all() as { at: number; detail: string | null }[];

    // Run as the server's daily job runs it: on the writer, outside any request.
    const counts = await hall.server.context.run('purgePersonalData');
    expect(counts).toEqual({ maskedNames: 4, ratingComments: 2, phoneNumbers: 2, auditDetails: expect.any(Number) });

    const ticket = (id: string) => db.prepare('SELECT masked_name AS name, masked_id_number IS NOT NULL AS idNumber FROM tickets WHERE id = ?').get(id);
    expect([old, month, recent].map(ticket)).toEqual([
      { name: null, idNumber: 0 },
      { name: null, idNumber: 0 },
      { name: '张*', idNumber: 1 },
    ]);
    const comment = (id: string) => db.prepare('SELECT comment FROM ratings WHERE ticket_id = ?').pluck().get(id);
    expect([old, month, recent].map(comment)).toEqual([null, '等太久', '等太久']);
    const followUp = (id: string) =>
      db.prepare('SELECT masked_name AS name, comment, phone_masked AS phone, phone_sealed IS NOT NULL AS sealed FROM follow_ups WHERE ticket_id = ?').get(id);
    expect([old, month, recent].map(followUp)).toEqual([
      { name: null, comment: null, phone: null, sealed: 0 },
      { name: null, comment: '等太久', phone: null, sealed: 0 },
      { name: '张*', comment: '等太久', phone: '138****5678', sealed: 1 },
    ]);
    // Audit details older than 200 days are cleared; the entries themselves stay, and so do the tickets.
    const details = db.prepare('SELECT at, detail FROM audit WHERE seq <= ? ORDER BY seq').all(rowsBefore) as { at: number; detail: string | null }[];
    const cut = MORNING - 200 * DAY;
    expect(details.filter((d) => d.at < cut).length).toBeGreaterThan(0);
    expect(details.filter((d) => d.at < cut).every((d) => d.detail === null)).toBe(true);
    expect(details.filter((d) => d.at >= cut)).toEqual(detailsBefore.filter((d) => d.at >= cut));
    expect(details.filter((d) => d.at >= cut).some((d) => d.detail !== null)).toBe(true);
    expect(countRows(hall)).toBe(rowsBefore + 1);
    expect(db.prepare('SELECT id, number, status FROM tickets ORDER BY id').all()).toEqual(ticketsBefore);

    const [purge] = (await audit(admin, '?action=retention.purge&limit=1')).items;
    expect(purge).toMatchObject({ actor: SYSTEM_ACTOR, detail: { maskedNames: 4, ratingComments: 2, phoneNumbers: 2 } });
  });
});

it("the day's rollover is the system's: in the audit and in the events of the tickets it ends", async () => {
  const hall = await startTestHall({ now: MORNING });
  try {
    const serviceId = (await hall.admin.createService({ code: 'biz', name: '企业开办', prefix: 'A' })).id;
    const kiosk = new HallClient(hall.url, { token: (await hall.admin.createDevice({ name: 'K1', kind: 'kiosk' })).token });
    const left = await kiosk.issueTicket({ serviceId }, randomUUID());
    hall.clock.advance(DAY);
    // As the server's day timer runs it: on the writer, outside any request.
    await hall.server.context.run('rollover', 90 * DAY);
    const rollovers = hall.server.db.prepare("SELECT actor_kind, actor_id, at FROM audit WHERE action = 'day.rollover' ORDER BY seq").all();
    expect(rollovers).toEqual([
      { actor_kind: 'system', actor_id: 'system', at: MORNING },
      { actor_kind: 'system', actor_id: 'system', at: MORNING + DAY },
    ]);
    const ended = hall.server.db.prepare("SELECT data FROM events WHERE type = 'ticket.cancelled'").pluck().all() as string[];
    expect(ended.map((d) => JSON.parse(d) as { ticket: { id: string }; reason: string; by: unknown })).toEqual([
      expect.objectContaining({ ticket: expect.objectContaining({ id: left.id }), reason: 'day_end', by: SYSTEM_ACTOR }),
    ]);
  } finally {
    await hall.close();
  }
});
