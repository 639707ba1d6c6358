// Pre-filing (自助申报) over HTTP on a real hall: the kiosk's form with field-named errors, the ticket linked to a sealed
// draft, the window serving the ticket (and only it) reading the form, one-step acceptance into a case, and the
// day's end deleting drafts nobody accepted, signature and all.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { HallClient, HallApiError } from '../../client/hall-client.ts';
import { ADMIN_PASSWORD, makeIdNumber, startTestHall, type TestHall } from '../helpers/hall.ts';

const MONDAY = Date.parse('2026-11-23T09:00:00+08:00');
const DAY = 86_400_000;
/** A 1×1 PNG, as a drawn signature arrives (base64). */
const SIGNATURE = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==';
const ID = makeIdNumber('1985-03-12', 457);
const PHONE = '13912345678';

let hall: TestHall;
let kiosk: HallClient;
let staff: HallClient;
let counterId: string;

interface Prefiled {
  draftId: string;
  ticket: { id: string; number: string };
}

const form = (over: Record<string, unknown> = {}) => ({
  matterCode: 'HJ-01',
  idCard: { number: ID, name: '李小龙', gender: '男', birthDate: '1985-03-12', address: '江苏省南京市玄武区北京东路41号' },
  fields: { phone: PHONE, purpose: '新办' },
  commitment: { accepted: true, signaturePng: SIGNATURE },
  ...over,
});
const prefile = (body: unknown) => kiosk.request<Prefiled>('POST', '/api/v1/prefilings', body);
const refusal = async (p: Promise<unknown>) => {
  const e = await p.then(
    () => null,
    (error: unknown) => error,
  );
  expect(e).toBeInstanceOf(HallApiError);
  return e as HallApiError;
};

beforeEach(async () => {
  hall = await startTestHall({ now: MONDAY });
  const service = await hall.admin.createService({ code: 'hj', name: '户籍办理', prefix: 'G' });
  counterId = (await hall.admin.createCounter({ number: 1, serviceIds: [service.id] })).id;
  await hall.admin.createUser({ username: 'wang', password: 'staff-password', role: 'staff', displayName: '王芳' });
  staff = hall.anon.withToken((await hall.anon.login('wang', 'staff-password')).token);
  await staff.signIn(counterId);
  kiosk = new HallClient(hall.url, { token: (await hall.admin.createDevice({ name: 'kiosk 1', kind: 'kiosk' })).token });
  await hall.admin.request('PUT', '/api/v1/matters/HJ-01', {
    name: '居住证申领',
    department: '公安局',
    category: '户籍',
    serviceId: service.id,
    legalDays: 15,
    promisedDays: 5,
    commitment: true,
    prefile: {
      enabled: true,
      fields: [
        { key: 'name', label: '姓名', kind: 'text', required: true, fromIdCard: 'name' },
        { key: 'address', label: '户籍地址', kind: 'address', required: true, fromIdCard: 'address' },
        { key: 'phone', label: '联系电话', kind: 'phone', required: true },
        { key: 'purpose', label: '申请类型', kind: 'select', required: true, options: ['新办', '换领'] },
      ],
    },
  });
});
afterEach(async () => {
  await hall.close();
});

describe('pre-filing', () => {
  it('refuses bad input naming the field', async () => {
    const cases: [unknown, string][] = [
      [form({ fields: { phone: '12345', purpose: '新办' } }), 'fields.phone'],
      [form({ fields: { phone: PHONE } }), 'fields.purpose'],
      [form({ fields: { phone: PHONE, purpose: '补办' } }), 'fields.purpose'],
      [form({ fields: { phone: PHONE, purpose: '新办', shoeSize: '42' } }), 'fields.shoeSize'],
      [form({ idCard: { number: `${ID.slice(0, 17)}0`, name: '李小龙' } }), 'idCard.number'],
      [form({ commitment: { accepted: true, signaturePng: Buffer.from('not a png').toString('base64') } }), 'commitment.signaturePng'],
      [form({ commitment: { accepted: false, signaturePng: SIGNATURE } }), 'commitment.accepted'],
    ];
    for (const [body, field] of cases) {
      const e = await refusal(prefile(body));
      expect(e.status, field).toBe(400);
      expect(e.details?.field, field).toBe(field);
      expect(e.message, field).toContain(`${field}: `);
    }
    expect((await refusal(prefile(form({ matterCode: 'NOPE' })))).status).toBe(404);
    expect(hall.server.db.prepare('SELECT COUNT(*) FROM prefile_drafts').pluck().get()).toBe(0);
  });

  it('shows the form to the window serving its ticket, which accepts it into a case in one step', async () => {
    const done = await prefile(form());
    expect(done.ticket.number).toMatch(/^G/);
    // Sealed at rest: neither the name, the ID number, the phone, the address nor the signature in the database file.
    const db = hall.server.db;
    db.pragma('wal_checkpoint(TRUNCATE)');
    const file = readFileSync(join(hall.dir, 'hall.sqlite'));
    for (const clear of ['李小龙', ID, PHONE, '北京东路', SIGNATURE.slice(0, 24)]) expect(file.includes(Buffer.from(clear)), clear).toBe(false);

    // Before the call, nobody reads it; the kiosk may not at all.
    const path = `/api/v1/prefilings?ticketId=${done.ticket.id}`;
    expect((await refusal(staff.request('GET', path))).status).toBe(403);
    expect((await refusal(kiosk.request('GET', path))).status).toBe(403);

    await staff.callNext(counterId);
    const { draft } = await staff.request<{
      draft: Record<string, unknown> & { fields: { key: string; value: string }[]; commitment: { signaturePng: string } };
    }>('GET', path);
    expect(draft).toMatchObject({
      id: done.draftId,
      ticketId: done.ticket.id,
      matterCode: 'HJ-01',
      matterName: '居住证申领',
      applicant: { name: '李*龙', idNumber: `${ID.slice(0, 4)}**********${ID.slice(14)}`, gender: '男', birthDate: '1985-03-12' },
      caseId: null,
    });
    expect(draft.fields.map((f) => [f.key, f.value])).toEqual([
      ['name', '李小龙'],
      ['address', '江苏省南京市玄武区北京东路41号'],
      ['phone', PHONE],
      ['purpose', '新办'],
    ]);
    expect(draft.commitment.signaturePng).toBe(`data:image/png;base64,${SIGNATURE}`);

    const accepted = await staff.request<Record<string, unknown>>('POST', `/api/v1/prefilings/${done.draftId}/accept`, {});
    expect(accepted).toMatchObject({ matterCode: 'HJ-01', status: 'accepted', ticketId: done.ticket.id, counterId, applicant: { name: '李*龙' } });
    expect(String(accepted.receiptNumber)).toMatch(/^\d{13,20}$/);
    const row = db.prepare('SELECT matter_code, ticket_id, masked_name, masked_id FROM cases WHERE id = ?').get(accepted.id) as Record<string, string>;
    expect(row).toEqual({ matter_code: 'HJ-01', ticket_id: done.ticket.id, masked_name: '李*龙', masked_id: `${ID.slice(0, 4)}**********${ID.slice(14)}` });
    expect(db.prepare('SELECT case_id FROM prefile_drafts WHERE id = ?').pluck().get(done.draftId)).toBe(accepted.id);
    // Once is enough: the same draft again is refused, naming its case.
    const again = await refusal(staff.request('POST', `/api/v1/prefilings/${done.draftId}/accept`, {}));
    expect([again.status, again.code]).toEqual([409, 'DRAFT_ACCEPTED']);
    const audit = db.prepare("SELECT action FROM audit WHERE action LIKE 'prefiling.%' ORDER BY seq").pluck().all();
    expect(audit).toEqual(['prefiling.create', 'prefiling.accept']);
  });

  it('deletes the drafts nobody accepted at the end of their day, with their signatures; accepted ones stay with their case', async () => {
    const kept = await prefile(form());
    const dropped = await prefile(form({ fields: { phone: PHONE, purpose: '换领' } }));
    await staff.callTicket(counterId, kept.ticket.id);
    await staff.request('POST', `/api/v1/prefilings/${kept.draftId}/accept`, {});
    const db = hall.server.db;
    expect(db.prepare('SELECT COUNT(*) FROM prefile_drafts WHERE signature_sealed IS NOT NULL').pluck().get()).toBe(2);
    // Still the same day: the rollover keeps both.
    await hall.server.context.run('rollover', 90 * DAY);
    expect(db.prepare('SELECT COUNT(*) FROM prefile_drafts').pluck().get()).toBe(2);
    hall.clock.set(MONDAY + DAY);
    await hall.server.context.run('rollover', 90 * DAY);
    expect(db.prepare('SELECT id FROM prefile_drafts').pluck().all()).toEqual([kept.draftId]);
    expect(db.prepare('SELECT COUNT(*) FROM prefile_drafts WHERE id = ?').pluck().get(dropped.draftId)).toBe(0);
    // Its ticket, called the next morning by nobody, has no form to show any more.
    const admin = hall.anon.withToken((await hall.anon.login('admin', ADMIN_PASSWORD)).token);
    const { draft } = await admin.request<{ draft: unknown }>('GET', `/api/v1/prefilings?ticketId=${dropped.ticket.id}`);
    expect(draft).toBeNull();
  });
});
