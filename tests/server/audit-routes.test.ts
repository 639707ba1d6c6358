// Every state-changing endpoint adds exactly one audit entry naming its real actor. The router's own table (as the
// OpenAPI it generates lists it) is walked: a new POST/PUT/PATCH/DELETE route fails here until a step below covers it.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { HallClient } from '../../client/hall-client.ts';
import { certificateOffers, certificateOutcome, certificatePreview, issueCertificate, revokeCertificate } from '../../client/certificates-client.ts';
import {
  appointmentsOn,
  book,
  cancelAppointment,
  cancelBooking,
  holdSlot,
  importBookings,
  moveAppointment,
  putAppointmentDay,
  putAppointmentRules,
} from '../../client/bookings-client.ts';
import { parseDistrictMatters } from '../../core/district-matters.ts';
import { createCase, moveCase, printCaseReceipt, queryCases } from '../../client/cases-client.ts';
import { makeIdNumber, startTestHall, ADMIN_PASSWORD, type TestHall } from '../helpers/hall.ts';

const MORNING = Date.parse('2026-11-23T09:00:00+08:00');
let hall: TestHall;

beforeAll(async () => {
  hall = await startTestHall({ now: MORNING });
});
afterAll(() => hall.close());

interface Row {
  seq: number;
  action: string;
  actor_kind: string;
  actor_id: string | null;
}

const covered = new Set<string>();
const lastAudit = () => {
  const r = hall.server.db.prepare('SELECT action, actor_kind, actor_id FROM audit ORDER BY seq DESC LIMIT 1').get() as Row;
  return [r.action, r.actor_kind, r.actor_id];
};
const lastSeq = () => (hall.server.db.prepare('SELECT COALESCE(MAX(seq), 0) AS s FROM audit').get() as { s: number }).s;

/** Runs one request and checks it added exactly one entry, of `action`, by `actor`. */
async function step<T>(route: string, action: string, actor: { kind: string; id: string | null }, request: () => Promise<T>): Promise<T> {
  const before = lastSeq();
  const result = await request();
  const rows = hall.server.db.prepare('SELECT seq, action, actor_kind, actor_id FROM audit WHERE seq > ? ORDER BY seq').all(before) as Row[];
  expect(
    rows.map((r) => [r.action, r.actor_kind, r.actor_id]),
    route,
  ).toEqual([[action, actor.kind, actor.id]]);
  covered.add(route);
  return result;
}

it('walks every state-changing route: one audit entry each, naming who acted', async () => {
  const admin = hall.admin;
  const adminId = (await admin.me()).id;
  const manager = { kind: 'user', id: adminId };

  const service = await step('POST /api/v1/services', 'service.create', manager, () => admin.createService({ code: 'biz', name: '企业开办', prefix: 'A' }));
  const other = await admin.createService({ code: 'tax', name: '税务', prefix: 'B' });
  await step('PATCH /api/v1/services/{id}', 'service.update', manager, () => admin.updateService(service.id, { dailyCap: 200 }));
  const counter = await step('POST /api/v1/counters', 'counter.create', manager, () => admin.createCounter({ number: 1, serviceIds: [service.id, other.id] }));
  await step('PATCH /api/v1/counters/{id}', 'counter.update', manager, () => admin.updateCounter(counter.id, { name: '一号窗' }));
  await step('PUT /api/v1/settings', 'settings.update', manager, () => admin.updateSettings({ noticeLine: '请带好身份证' }));
  await step('PATCH /api/v1/settings', 'settings.update', manager, () => admin.patchSettings({ announceRepeat: 2 }));
  await step('PUT /api/v1/calendar/{year}', 'calendar.import', manager, () =>
    admin.importCalendar(2031, { format: 'csv', content: 'date,kind,name\n2031-01-01,holiday,元旦\n' }),
  );
  await step('PUT /api/v1/retention', 'retention.update', manager, () => admin.request('PUT', '/api/v1/retention', { auditDetailDays: 90 }));

  const staffUser = await step('POST /api/v1/users', 'user.create', manager, () =>
    admin.createUser({ username: 'walk.staff', password: 'Walk-Staff-pw1', role: 'staff', displayName: '王*' }),
  );
  const staffMember = { kind: 'user', id: staffUser.id };
  const { token: staffToken } = await step('POST /api/v1/auth/login', 'auth.login', staffMember, () => hall.anon.login('walk.staff', 'Walk-Staff-pw1'));
  const staff = hall.anon.withToken(staffToken);

  const kioskDevice = await step('POST /api/v1/devices', 'device.create', manager, () => admin.createDevice({ name: 'K1', kind: 'kiosk' }));
  const kiosk = new HallClient(hall.url, { token: kioskDevice.token });
  const asKiosk = { kind: 'device', id: kioskDevice.id };
  const integratorDevice = await admin.createDevice({ name: '预约平台', kind: 'integrator' });
  const integrator = new HallClient(hall.url, { token: integratorDevice.token });

  await step('POST /api/v1/counters/{id}/sign-in', 'counter.sign_in', staffMember, () => staff.signIn(counter.id));
  const first = await step('POST /api/v1/tickets', 'ticket.issue', asKiosk, () => kiosk.issueTicket({ serviceId: service.id }, randomUUID()));
  await step('POST /api/v1/counters/{id}/call-next', 'ticket.call_next', staffMember, () => staff.callNext(counter.id));
  await step('POST /api/v1/counters/{id}/recall', 'ticket.recall', staffMember, () => staff.recall(counter.id));
  await step('POST /api/v1/tickets/{id}/start', 'ticket.start', staffMember, () => staff.startTicket(first.id));
  // A manager acting on a staff member's counter is the manager.
  await step('POST /api/v1/tickets/{id}/complete', 'ticket.complete', manager, () => admin.complete(first.id));
  const rating = await step('POST /api/v1/tickets/{id}/rating', 'ticket.rate', asKiosk, () =>
    kiosk.rateVisit(first.id, { level: 1, channel: 'kiosk', phone: '13812345678' }),
  );
  await step('POST /api/v1/follow-ups/{id}/phone', 'followup.phone_reveal', manager, () => admin.revealFollowUpPhone(rating.followUpId!));
  await step('POST /api/v1/follow-ups/{id}/resolve', 'followup.resolve', manager, () => admin.resolveFollowUp(rating.followUpId!, '已回访'));

  const second = await staff.issueTicket({ serviceId: service.id }, randomUUID());
  await step('POST /api/v1/counters/{id}/call', 'ticket.call', staffMember, () => staff.callTicket(counter.id, second.id));
  await step('POST /api/v1/tickets/{id}/no-show', 'ticket.no_show', staffMember, () => staff.noShow(second.id));
  const third = await staff.issueTicket({ serviceId: service.id }, randomUUID());
  await staff.callNext(counter.id);
  await step('POST /api/v1/tickets/{id}/transfer', 'ticket.transfer', staffMember, () => staff.transfer(third.id, other.id));
  await step('POST /api/v1/tickets/{id}/cancel', 'ticket.cancel', staffMember, () => staff.cancel(third.id));
  await step('POST /api/v1/counters/{id}/pause', 'counter.pause', staffMember, () => staff.pause(counter.id, 'break'));
  await step('POST /api/v1/counters/{id}/resume', 'counter.resume', staffMember, () => staff.resume(counter.id));

  const fourth = await kiosk.issueTicket({ serviceId: service.id }, randomUUID());
  await staff.callNext(counter.id);
  await staff.complete(fourth.id);
  await step('POST /api/v1/public/tickets/{id}/rating', 'ticket.rate', { kind: 'device', id: 'mobile' }, () => hall.anon.publicRate(fourth.id, { level: 5 }));

  const asIntegrator = { kind: 'device', id: integratorDevice.id };
  await step('POST /api/v1/appointments', 'appointment.create', asIntegrator, () =>
    integrator.createAppointment({
      code: 'YY0001',
      serviceId: service.id,
      windowStart: new Date(MORNING).toISOString(),
      windowEnd: new Date(MORNING + 3600_000).toISOString(),
    }),
  );
  await step('POST /api/v1/appointments/check-in', 'appointment.check_in', asKiosk, () => kiosk.checkIn({ code: 'YY0001' }));
  // Online booking (issue 14): the manager's rules and days, a phone's hold, booking and cancel, an import, an integrator's move and cancel.
  const open = [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ weekday, start: '08:00', end: '20:00' }));
  await step('PUT /api/v1/services/{id}/appointment-rules', 'appointment.rules', manager, () =>
    putAppointmentRules(admin, service.id, { slotMinutes: 30, capacityPerSlot: 5, daysAhead: 5, open }),
  );
  await step('PUT /api/v1/services/{id}/appointment-days/{date}', 'appointment.day', manager, () =>
    putAppointmentDay(admin, service.id, '2026-11-26', { closed: true, reason: '系统升级' }),
  );
  const mobile = { kind: 'device', id: 'mobile' };
  const slotStart = '2026-11-24T10:00:00+08:00';
  const hold = await step('POST /api/v1/appointment-slots/hold', 'appointment.hold', mobile, () => holdSlot(hall.anon, service.id, slotStart));
  const booker = { name: '张三', idCardNumber: makeIdNumber('1980-05-05', 321), phone: '13812345678' };
  const booked = await step('POST /api/v1/bookings', 'appointment.book', mobile, () =>
    book(hall.anon, { serviceId: service.id, slotStart, ...booker, holdId: hold.holdId }),
  );
  await step('POST /api/v1/bookings/{code}/cancel', 'appointment.cancel', mobile, () => cancelBooking(hall.anon, booked.code, booker.idCardNumber));
  await step('POST /api/v1/bookings/import', 'appointment.import', manager, () =>
    importBookings(admin, `biz,2026-11-24 11:00,李四,${makeIdNumber('1970-01-01', 45)},13800001111`),
  );
  const [imported] = (await appointmentsOn(integrator, '2026-11-24', service.id)).items.filter((a) => a.source === 'import');
  await step('PATCH /api/v1/appointments/{id}', 'appointment.update', asIntegrator, () =>
    moveAppointment(integrator, imported!.id, '2026-11-24T11:30:00+08:00', '2026-11-24T12:00:00+08:00'),
  );
  await step('POST /api/v1/appointments/{id}/cancel', 'appointment.cancel', asIntegrator, () => cancelAppointment(integrator, imported!.id));
  const lease = await step('POST /api/v1/sync/leases', 'sync.lease', asKiosk, () =>
    kiosk.request<{ firstNumber: string }>('POST', '/api/v1/sync/leases', { serviceId: other.id, count: 5 }),
  );
  await step('POST /api/v1/sync/push', 'sync.push', asKiosk, () =>
    kiosk.request('POST', '/api/v1/sync/push', {
      ops: [
        { seq: 1, kind: 'ticket.issue', ticketId: randomUUID(), serviceId: other.id, number: lease.firstNumber, issuedAt: new Date(MORNING).toISOString() },
      ],
    }),
  );
  await step('POST /api/v1/devices/alerts', 'device.alert', asKiosk, () => kiosk.deviceAlert('paper_out'));
  const [alert] = (await admin.alerts({ active: true })).items;
  await step('POST /api/v1/alerts/{id}/acknowledge', 'alert.acknowledge', manager, () => admin.acknowledgeAlert(alert!.id));

  await step('POST /api/v1/counters/{id}/sign-out', 'counter.sign_out', staffMember, () => staff.signOut(counter.id));
  await step('POST /api/v1/auth/password', 'auth.password_change', staffMember, () => staff.changePassword('Walk-Staff-pw1', 'Walk-Staff-pw2'));
  await step('POST /api/v1/users/{id}/reset-password', 'user.reset_password', manager, () => admin.resetPassword(staffUser.id));
  await step('POST /api/v1/users/{id}/clear-sign-in-throttle', 'user.clear_throttle', manager, () => admin.clearSignInThrottle(staffUser.id));
  await step('PATCH /api/v1/users/{id}', 'user.update', manager, () => admin.updateUser(staffUser.id, { disabled: true }));
  const code = await step('POST /api/v1/devices/pairing-codes', 'device.pairing_code', manager, () => admin.createPairingCode({ name: 'D1', kind: 'display' }));
  // The one pairing is the new device: its id is known only from the answer.
  const paired = await hall.anon.pairDevice(code.code, 'display');
  expect(lastAudit()).toEqual(['device.pair', 'device', paired.deviceId]);
  covered.add('POST /api/v1/devices/pair');
  await step('PATCH /api/v1/devices/{id}', 'device.rename', manager, () => admin.renameDevice(paired.deviceId, '大屏一'));
  await step('POST /api/v1/devices/{id}/revoke', 'device.revoke', manager, () => admin.revokeDevice(paired.deviceId));
  // Certificates: a manager's type, an integrator's record, a kiosk's print and its outcome, a revocation, a new key.
  await step('PUT /api/v1/certificate-types/{code}', 'certificate_type.put', manager, () =>
    admin.request('PUT', '/api/v1/certificate-types/residence', {
      name: '居住证明',
      fields: [{ key: 'address', label: '居住地址', kind: 'text' }],
      template: { title: '居住证明', paragraphs: ['兹证明{name}（{idNumber}）居住于{address}。'] },
      validityDays: 30,
      dailyLimit: 2,
    }),
  );
  const holder = { idCardNumber: makeIdNumber('1990-03-07', 123), name: '张三' };
  await step('PUT /api/v1/certificate-records', 'certificate_record.put', asIntegrator, () =>
    integrator.request('PUT', '/api/v1/certificate-records', { type: 'residence', ...holder, data: { address: '南京市玄武区' } }),
  );
  // Offers and preview only read: POST because the body carries an ID number, which must not travel in a URL.
  for (const route of ['offers', 'preview'] as const) {
    const before = lastSeq();
    await (route === 'offers' ? certificateOffers(kiosk, holder.idCardNumber) : certificatePreview(kiosk, { type: 'residence', ...holder }));
    expect(lastSeq(), route).toBe(before);
    covered.add(`POST /api/v1/certificates/${route}`);
  }
  const printed = await step('POST /api/v1/certificates', 'certificate.issue', asKiosk, () =>
    issueCertificate(kiosk, { type: 'residence', ...holder }, randomUUID()),
  );
  await step('POST /api/v1/certificates/{id}/outcome', 'certificate.outcome', asKiosk, () => certificateOutcome(kiosk, printed.id, 'completed'));
  await step('POST /api/v1/certificates/{id}/revoke', 'certificate.revoke', manager, () => revokeCertificate(admin, printed.id, '信息有误'));
  await step('POST /api/v1/certificate-keys/rotate', 'certificate_key.rotate', manager, () => admin.request('POST', '/api/v1/certificate-keys/rotate'));
  // Webhooks (issue 14): an address nothing listens on; the deliveries only wait in the outbox.
  const hook = await step('POST /api/v1/webhooks', 'webhook.create', manager, () =>
    admin.request<{ id: string }>('POST', '/api/v1/webhooks', { url: 'http://127.0.0.1:9/hook', events: ['ticket.called'] }),
  );
  await step('PATCH /api/v1/webhooks/{id}', 'webhook.update', manager, () => admin.request('PATCH', `/api/v1/webhooks/${hook.id}`, { nearAhead: 2 }));
  await step('POST /api/v1/webhooks/{id}/rotate-secret', 'webhook.rotate_secret', manager, () =>
    admin.request('POST', `/api/v1/webhooks/${hook.id}/rotate-secret`),
  );
  const ping = await step('POST /api/v1/webhooks/{id}/test', 'webhook.ping', manager, () =>
    admin.request<{ deliveryId: string }>('POST', `/api/v1/webhooks/${hook.id}/test`),
  );
  await step('POST /api/v1/webhook-deliveries/{id}/replay', 'webhook.replay', manager, () =>
    admin.request('POST', `/api/v1/webhook-deliveries/${ping.deliveryId}/replay`),
  );
  await step('POST /api/v1/webhook-deliveries/replay-failed', 'webhook.replay', manager, () =>
    admin.request('POST', '/api/v1/webhook-deliveries/replay-failed', { subscriptionId: hook.id }),
  );
  // The service guide: a manager's draft, an integrator's publish and import, a removal.
  const matter = { name: '社保卡补办', department: '人社局', category: '社保', serviceId: service.id, legalDays: 10, promisedDays: 1 };
  await step('PUT /api/v1/matters/{code}', 'matter.put', manager, () => admin.request('PUT', '/api/v1/matters/SB-1', { ...matter, draft: true }));
  await step('POST /api/v1/matters/{code}/publish', 'matter.publish', asIntegrator, () => integrator.request('POST', '/api/v1/matters/SB-1/publish'));
  await step('POST /api/v1/matter-catalogue/import', 'matter.import', asIntegrator, () =>
    integrator.request('POST', '/api/v1/matter-catalogue/import', { matters: [{ ...matter, code: 'SB-2' }] }),
  );
  await step('DELETE /api/v1/matters/{code}', 'matter.delete', manager, () => admin.request('DELETE', '/api/v1/matters/SB-2'));
  // A district matter (as the district link applies it, under the system actor) that the hall edited, then restored.
  const { serviceId: _serviceId, ...districtMatter } = matter;
  await hall.server.context.run('applyDistrictMatters', 1, parseDistrictMatters([{ ...districtMatter, code: 'SB-9', serviceCode: 'biz' }]));
  expect(lastAudit()).toEqual(['matter.district_apply', 'system', 'system']);
  await admin.request('PUT', '/api/v1/matters/SB-9', { ...matter, name: '社保卡补办（本厅）' });
  await step('POST /api/v1/matters/{code}/restore-district', 'matter.district_restore', manager, () =>
    admin.request('POST', '/api/v1/matters/SB-9/restore-district'),
  );
  // Cases: the city platform opens and moves one; a manager opens one from a ticket served at a window and reprints its slip.
  const opened = await step('POST /api/v1/cases', 'case.create', asIntegrator, () => createCase(integrator, { matterCode: 'SB-1', ...holder }, randomUUID()));
  await step('POST /api/v1/cases/{id}/status', 'case.status', asIntegrator, () => moveCase(integrator, opened.id, 'reviewing'));
  const atWindow = await createCase(admin, { matterCode: 'SB-1', ...holder, ticketId: first.id }, randomUUID());
  await step('POST /api/v1/cases/{id}/receipt/print', 'case.receipt_print', manager, () => printCaseReceipt(admin, atWindow.id));
  const beforeQuery = lastSeq();
  await queryCases(kiosk, { receiptNumber: opened.receiptNumber });
  expect(lastSeq(), 'cases/query').toBe(beforeQuery);
  covered.add('POST /api/v1/cases/query');
  // Pre-filing: the kiosk's form and ticket in one entry, the window's acceptance into a case in another.
  const prefileFields = [{ key: 'phone', label: '联系电话', kind: 'phone', required: true }];
  await admin.request('PUT', '/api/v1/matters/SB-3', { ...matter, prefile: { enabled: true, fields: prefileFields } });
  const prefiled = await step('POST /api/v1/prefilings', 'prefiling.create', asKiosk, () =>
    kiosk.request<{ draftId: string; ticket: { id: string } }>('POST', '/api/v1/prefilings', {
      matterCode: 'SB-3',
      idCard: { number: makeIdNumber('1990-01-01', 321), name: '赵六' },
      fields: { phone: '13800138000' },
    }),
  );
  await admin.request('POST', `/api/v1/counters/${counter.id}/call`, { ticketId: prefiled.ticket.id });
  await step('POST /api/v1/prefilings/{id}/accept', 'prefiling.accept', manager, () =>
    admin.request('POST', `/api/v1/prefilings/${prefiled.draftId}/accept`, {}),
  );
  await step('DELETE /api/v1/devices/{id}', 'device.revoke', manager, () => admin.request('DELETE', `/api/v1/devices/${integratorDevice.id}`));
  // A refused sign-in is a login too: it is recorded, under the account it tried.
  await step('POST /api/v1/auth/login', 'auth.login_failed', manager, () => hall.anon.login('admin', 'not-the-password').catch((e: unknown) => e));
  const { token } = await hall.anon.login('admin', ADMIN_PASSWORD);
  await step('POST /api/v1/auth/logout', 'auth.logout', manager, () => hall.anon.withToken(token).request('POST', '/api/v1/auth/logout'));

  const doc = await hall.anon.request<{ paths: Record<string, Record<string, unknown>> }>('GET', '/api/v1/openapi.json');
  const changing = Object.entries(doc.paths).flatMap(([path, ops]) =>
    Object.keys(ops)
      .filter((m) => m !== 'get')
      .map((m) => `${m.toUpperCase()} ${path}`),
  );
  expect(
    changing.filter((r) => !covered.has(r)),
    'state-changing routes no step covers',
  ).toEqual([]);
});
