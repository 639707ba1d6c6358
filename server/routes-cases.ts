// Cases (办件) and 进度查询: windows and integrators open cases and move them along; kiosks ask by card or receipt
// number; phones follow the slip's QR. The clear ID number and name live only in the request: the writer, the database
// and the events get the person hash and masked values. A receipt number alone shows the receipt's masked view.
import { HallError, forbidden, invalid, notFound } from '../core/errors.ts';
import {
  CaseQueryBody,
  CaseStatusBody,
  CreateCaseBody,
  HALL_CODE,
  caseView,
  formatReceiptNumber,
  requireReceiptNumber,
  type CaseRecord,
  type MatterLookup,
} from '../core/cases.ts';
import { maskIdNumber, maskName, normalizeIdNumber } from '../core/id-card.ts';
import type { Role } from '../core/model.ts';
import { personHash } from '../core/person-hash.ts';
import { uuidv7 } from '../core/uuid.ts';
import { caseStoreOf } from '../db/case-store.ts';
import { route, type RouteDef } from './http.ts';
import { idempotencyOf, ok, type HallContext } from './routes.ts';

const CASE_WRITERS: readonly Role[] = ['staff', 'manager', 'integrator'];
const CASE_QUERIERS: readonly Role[] = ['kiosk', 'staff', 'manager'];
const COUNTER_WORK: readonly Role[] = ['staff', 'manager'];
const replayHeaders = (replayed: boolean): Record<string, string> => (replayed ? { 'idempotent-replayed': 'true' } : {});

export interface CaseOptions {
  /** The service guide's matters (core/matters.ts): name, service and promised days. */
  matters: MatterLookup;
  /** Where phones reach the hall: the slip's QR links there. */
  publicUrl: () => string;
  /** HALL_CODE: 0–6 digits at the front of every receipt number of this hall. */
  hallCode?: string | undefined;
}

export function caseRoutes(hall: HallContext, options: CaseOptions): RouteDef[] {
  const { run, engine } = hall;
  const store = caseStoreOf(hall.db);
  const key = Buffer.from(hall.personKeyBase64, 'base64');
  const hallCode = options.hallCode ?? '';
  if (!HALL_CODE.test(hallCode)) throw new Error(`HALL_CODE must be 0 to 6 digits, not ${JSON.stringify(hallCode)}`);

  const view = (c: CaseRecord, scope: 'full' | 'receipt') =>
    caseView(c, { iso: (ms) => engine.iso(ms), today: engine.today(hall.now()), dayOf: (ms) => engine.today(ms), scope });
  /** The slip's QR carries a keyed tag beside the number, so the open phone page answers only for a slip in hand. */
  const receiptTag = (n: string) => hall.keyedDigest(`case-receipt:${n}`).slice(0, 16);
  const followUrl = (n: string) => `${options.publicUrl().replace(/\/$/, '')}/m/?case=${n}&k=${receiptTag(n)}`;
  const caseOf = (id: string) => {
    const c = store.byId(id);
    if (!c) throw notFound('case', id);
    return c;
  };
  const byReceipt = (raw: string) => {
    const n = requireReceiptNumber(raw);
    const c = store.byReceiptNumber(n);
    if (!c) throw new HallError(404, 'CASE_NOT_FOUND', 'no case has this receipt number: check it against the 受理回执, or ask at the help desk');
    return c;
  };

  return [
    route({
      method: 'POST',
      path: '/api/v1/cases',
      roles: CASE_WRITERS,
      body: CreateCaseBody,
      tag: 'cases',
      summary:
        'Accept a case for a matter (Idempotency-Key: same key and body → the same case, another body → 409). From a window: `ticketId` of the ticket being served fills the applicant from its ID card',
      ok: {
        status: 201,
        description:
          '{id, receiptNumber, matterCode, matterName, applicant:{name, idNumber} (masked), status, dueDate, overdue, next, acceptedAt, updatedAt, timeline:[{status, at, note}], ticketId, counterId}',
      },
      errors: [404, 409],
      handler: async (ctx) => {
        const { actor, body } = ctx;
        const idempotency = idempotencyOf(ctx, hall.keyedDigest);
        const matter = options.matters.matter(body.matterCode);
        if (!matter) throw new HallError(404, 'MATTER_NOT_FOUND', `no published matter has code ${JSON.stringify(body.matterCode)}: see GET /api/v1/matters`);
        const ticket = body.ticketId === undefined ? undefined : hall.store.getTicket(body.ticketId);
        if (body.ticketId !== undefined && !ticket) throw notFound('ticket', body.ticketId);
        // Staff accept at the window they are signed into, for the visitor in front of them.
        const held = actor.kind === 'user' ? hall.store.counterHeldBy(actor.id) : undefined;
        if (ticket && actor.role === 'staff' && ticket.counterId !== held?.id) {
          throw forbidden('NOT_SIGNED_IN', 'this ticket is not being served at the counter you are signed into: call it first');
        }
        let applicant: { personHash: string; maskedName: string; maskedId: string };
        if (body.idCardNumber !== undefined) {
          const id = normalizeIdNumber(body.idCardNumber);
          applicant = { personHash: personHash(key, id), maskedName: maskName(body.name ?? ''), maskedId: maskIdNumber(id) };
        } else if (ticket?.personHash && ticket.maskedIdNumber) {
          applicant = { personHash: ticket.personHash, maskedName: ticket.maskedName ?? '', maskedId: ticket.maskedIdNumber };
        } else {
          throw new HallError(409, 'TICKET_WITHOUT_ID_CARD', "this ticket was taken without an ID card: enter the applicant's ID number and name");
        }
        const result = await run('createCase', actor, {
          id: uuidv7(hall.now()),
          matter,
          ...applicant,
          ticketId: ticket?.id ?? null,
          counterId: ticket?.counterId ?? held?.id ?? null,
          note: body.note ?? null,
          hallCode,
          idempotency,
        });
        return { status: 201, body: result.case, headers: replayHeaders(result.replayed) };
      },
    }),
    route({
      method: 'GET',
      path: '/api/v1/cases',
      roles: CASE_WRITERS,
      tag: 'cases',
      summary: 'The cases opened from one ticket (?ticketId=), for the window serving it',
      ok: { status: 200, description: '{items:[case]}' },
      handler: ({ query }) => {
        const ticketId = query.get('ticketId');
        if (!ticketId) throw invalid('ticketId', 'give the ticket whose cases to list');
        return ok({ items: store.byTicket(ticketId).map((c) => view(c, 'full')) });
      },
    }),
    route({
      method: 'GET',
      path: '/api/v1/cases/:id',
      roles: CASE_WRITERS,
      tag: 'cases',
      summary: 'One case with its timeline (applicant masked)',
      ok: { status: 200, description: 'the case' },
      errors: [404],
      handler: ({ params }) => ok(view(caseOf(params.id!), 'full')),
    }),
    route({
      method: 'POST',
      path: '/api/v1/cases/:id/status',
      roles: CASE_WRITERS,
      body: CaseStatusBody,
      tag: 'cases',
      summary:
        'Move a case: accepted → reviewing → decided → completed → ready_for_pickup | mailed (forward steps may be skipped), side exits rejected (with the reason) and needs_more (with what is missing; back to reviewing when supplied); other moves 409 CASE_STATUS_INVALID. Idempotency-Key optional',
      ok: { status: 200, description: 'the case' },
      errors: [404, 409],
      handler: async (ctx) => {
        const idempotency = idempotencyOf(ctx, hall.keyedDigest);
        const result = await run('moveCase', ctx.actor, ctx.params.id!, ctx.body.status, ctx.body.note ?? null, idempotency);
        return { status: 200, body: result.case, headers: replayHeaders(result.replayed) };
      },
    }),
    route({
      method: 'POST',
      path: '/api/v1/cases/query',
      roles: CASE_QUERIERS,
      body: CaseQueryBody,
      tag: 'cases',
      summary:
        "进度查询: `{idCardNumber}` → the holder's cases (newest first); `{receiptNumber}` (typed, or the slip's scanned QR URL) → that case, masked: no ID number. 400 RECEIPT_NUMBER_INVALID (a typo: the check digit does not match), 404 CASE_NOT_FOUND",
      ok: { status: 200, description: '{cases:[case]}' },
      errors: [404],
      handler: ({ body }) => {
        if ('receiptNumber' in body) return ok({ cases: [view(byReceipt(body.receiptNumber), 'receipt')] });
        const hash = personHash(key, normalizeIdNumber(body.idCardNumber));
        return ok({ cases: store.byPerson(hash).map((c) => view(c, 'full')) });
      },
    }),
    route({
      method: 'GET',
      path: '/api/v1/public/cases/:receiptNumber',
      roles: 'public',
      tag: 'cases',
      summary: "The phone page's view of a case from its slip's QR (?k= the slip's tag): masked, no ID number",
      ok: { status: 200, description: '{case}' },
      errors: [404],
      handler: ({ params, query }) => {
        const n = requireReceiptNumber(params.receiptNumber!);
        // A guessed number without the slip's tag is answered like an unknown one: nothing to learn by trying.
        if (query.get('k') !== receiptTag(n)) throw new HallError(404, 'CASE_NOT_FOUND', 'no case for this link: scan the QR code on the 受理回执 again');
        return ok({ case: view(byReceipt(n), 'receipt') });
      },
    }),
    route({
      method: 'GET',
      path: '/api/v1/cases/:id/receipt',
      roles: COUNTER_WORK,
      tag: 'cases',
      summary: "The 受理回执 slip's content, for the window's thermal printer (the counter bridge lays it out)",
      ok: { status: 200, description: '{hallName, caseId, receiptNumber, receiptNumberText, matterName, applicant, acceptedAt, dueDate, followUrl}' },
      errors: [404],
      handler: ({ params }) => {
        const c = caseOf(params.id!);
        return ok({
          hallName: hall.settings().hallName,
          timeZone: hall.settings().timeZone,
          caseId: c.id,
          receiptNumber: c.receiptNumber,
          receiptNumberText: formatReceiptNumber(c.receiptNumber, hallCode),
          matterName: c.matterName,
          applicant: c.maskedName,
          acceptedAt: engine.iso(c.createdAt),
          dueDate: c.dueDate,
          followUrl: followUrl(c.receiptNumber),
        });
      },
    }),
    route({
      method: 'POST',
      path: '/api/v1/cases/:id/receipt/print',
      roles: COUNTER_WORK,
      tag: 'cases',
      summary:
        "Print the 受理回执 again on the thermal printer of the window you are signed into (its counter bridge prints it); a manager's goes to the window that accepted the case",
      ok: { status: 202, description: '{caseId, counterId}' },
      errors: [404, 409],
      handler: async ({ actor, params }) => {
        const c = caseOf(params.id!);
        const counterId = (actor.kind === 'user' ? hall.store.counterHeldBy(actor.id)?.id : undefined) ?? c.counterId;
        if (!counterId) throw new HallError(409, 'NO_COUNTER_PRINTER', 'no window to print at: sign in to a counter first');
        return ok(await run('printCaseReceipt', actor, c.id, counterId), 202);
      },
    }),
  ];
}
