// Pre-filing (自助申报, issue 11): the kiosk sends a pre-fileable matter's form with the card's fields and takes a ticket
// linked to a sealed draft; the window serving that ticket reads the draft (ID number and name masked) and accepts it
// into a case in one step. Clear personal data lives only in the request and, sealed, in the draft (server/prefiling-seal.ts).
import { z } from 'zod';
import { HallError, forbidden, notFound } from '../core/errors.ts';
import { HALL_CODE } from '../core/cases.ts';
import type { Actor, Role } from '../core/model.ts';
import { personHash } from '../core/person-hash.ts';
import { PrefileBody, draftData, maskedApplicant, type DraftData, type DraftView, type PrefileMatters } from '../core/prefiling.ts';
import { uuidv7 } from '../core/uuid.ts';
import { prefilingStoreOf, type DraftRow } from '../db/prefiling-store.ts';
import { jsonText, route, type RouteDef } from './http.ts';
import { sealDraft, unsealDraft } from './prefiling-seal.ts';
import { idempotencyOf, ok, type HallContext } from './routes.ts';

const COUNTER_WORK: readonly Role[] = ['staff', 'manager'];
const replayHeaders = (replayed: boolean): Record<string, string> => (replayed ? { 'idempotent-replayed': 'true' } : {});
const AcceptBody = z.object({ note: z.string().trim().min(1).max(500).optional() }).strict();

export interface PrefilingOptions {
  /** The service guide's published matters (db/matter-store.ts). */
  matters: PrefileMatters;
  /** HALL_CODE: 0–6 digits at the front of every receipt number of this hall. */
  hallCode?: string | undefined;
}

export function prefilingRoutes(hall: HallContext, options: PrefilingOptions): RouteDef[] {
  const store = prefilingStoreOf(hall.db);
  const key = hall.personKeyBase64;
  const hallCode = options.hallCode ?? '';
  if (!HALL_CODE.test(hallCode)) throw new Error(`HALL_CODE must be 0 to 6 digits, not ${JSON.stringify(hallCode)}`);

  /** The draft of a ticket the actor is serving now: staff at the counter they are signed into, a manager at any. */
  const servedDraft = (actor: Actor, draft: DraftRow) => {
    const ticket = hall.store.getTicket(draft.ticketId);
    const serving = ticket && (ticket.status === 'called' || ticket.status === 'serving');
    const held = actor.kind === 'user' ? hall.store.counterHeldBy(actor.id) : undefined;
    if (!ticket || !serving || (actor.role === 'staff' && ticket.counterId !== held?.id)) {
      throw forbidden('NOT_SERVING', 'this ticket is not being served at your counter: a pre-filed form shows only while its ticket is served');
    }
    return ticket;
  };
  const open = (draft: DraftRow): { data: DraftData; signature: Buffer | null } => ({
    data: JSON.parse(unsealDraft(key, draft.id, 'data', draft.dataSealed).toString('utf8')) as DraftData,
    signature: draft.signatureSealed === null ? null : unsealDraft(key, draft.id, 'signature', draft.signatureSealed),
  });

  return [
    route({
      method: 'POST',
      path: '/api/v1/prefilings',
      roles: ['kiosk'],
      body: PrefileBody,
      tag: 'prefiling',
      summary:
        "Pre-file a matter's form at the kiosk (card fields, answers, optional 告知承诺 with a PNG signature) and take a ticket for its service linked to the draft (Idempotency-Key as for tickets)",
      ok: { status: 201, description: '{draftId, ticket} — the ticket as POST /api/v1/tickets returns it' },
      errors: [404, 409],
      handler: async (ctx) => {
        const { actor, body } = ctx;
        const matter = options.matters.published(body.matterCode);
        if (!matter) throw new HallError(404, 'MATTER_NOT_FOUND', `no published matter has code ${JSON.stringify(body.matterCode)}: pick the matter again`);
        const { data, signature } = draftData(matter, body);
        const id = uuidv7(hall.now());
        const issued = await hall.run(
          'prefile',
          actor,
          {
            id,
            matterCode: matter.code,
            matterName: matter.name,
            ...maskedApplicant(data),
            dataSealed: sealDraft(key, id, 'data', Buffer.from(JSON.stringify(data), 'utf8')),
            signatureSealed: signature === null ? null : sealDraft(key, id, 'signature', signature),
          },
          {
            serviceId: matter.serviceId!,
            ticketId: body.ticketId,
            idCardNumber: data.applicant.idNumber,
            personName: data.applicant.name,
            idempotency: idempotencyOf(ctx, hall.keyedDigest),
          },
        );
        return {
          status: 201,
          body: jsonText(null, `{"draftId":${JSON.stringify(issued.draftId)},"ticket":${issued.ticket.jsonText}}`),
          headers: replayHeaders(issued.replayed),
        };
      },
    }),
    route({
      method: 'GET',
      path: '/api/v1/prefilings',
      roles: COUNTER_WORK,
      tag: 'prefiling',
      summary: 'The pre-filed form of the ticket being served (?ticketId=), for its window only: {draft} (null when none); ID number and name masked',
      ok: {
        status: 200,
        description:
          '{draft: {id, ticketId, matterCode, matterName, applicant, fields:[{key, label, value}], commitment:{accepted, signaturePng}, createdAt, caseId} | null}',
      },
      errors: [403],
      handler: ({ actor, query }) => {
        const ticketId = query.get('ticketId');
        if (!ticketId) throw new HallError(400, 'VALIDATION_FAILED', 'ticketId: give the ticket being served', { field: 'ticketId' });
        const draft = store.byTicket(ticketId);
        if (!draft) {
          if (!hall.store.getTicket(ticketId)) throw notFound('ticket', ticketId);
          return ok({ draft: null });
        }
        servedDraft(actor, draft);
        const { data, signature } = open(draft);
        const view: DraftView = {
          id: draft.id,
          ticketId: draft.ticketId,
          matterCode: draft.matterCode,
          matterName: draft.matterName,
          applicant: {
            name: draft.maskedName,
            idNumber: draft.maskedId,
            gender: data.applicant.gender,
            birthDate: data.applicant.birthDate,
            address: data.applicant.address,
          },
          fields: data.fields,
          commitment: { accepted: data.commitmentAccepted, signaturePng: signature ? `data:image/png;base64,${signature.toString('base64')}` : null },
          createdAt: hall.engine.iso(draft.createdAt),
          caseId: draft.caseId,
        };
        return ok({ draft: view });
      },
    }),
    route({
      method: 'POST',
      path: '/api/v1/prefilings/:id/accept',
      roles: COUNTER_WORK,
      body: AcceptBody,
      tag: 'prefiling',
      summary: 'Accept a pre-filing into a case in one step, at the window serving its ticket (Idempotency-Key: the same case again)',
      ok: { status: 201, description: 'the case, as POST /api/v1/cases returns it' },
      errors: [403, 404, 409],
      handler: async (ctx) => {
        const { actor, params, body } = ctx;
        const draft = store.byId(params.id!);
        if (!draft) throw new HallError(404, 'DRAFT_NOT_FOUND', 'this pre-filing is gone (not accepted on its day): fill the form at the window');
        const ticket = servedDraft(actor, draft);
        const matter = options.matters.published(draft.matterCode);
        if (!matter) throw new HallError(409, 'MATTER_NOT_FOUND', `matter ${draft.matterCode} is no longer published: accept the case by hand`);
        const { data } = open(draft);
        const result = await hall.run('acceptPrefiling', actor, draft.id, {
          id: uuidv7(hall.now()),
          matter: { code: matter.code, name: matter.name, serviceId: matter.serviceId, promisedDays: matter.promisedDays },
          personHash: personHash(Buffer.from(key, 'base64'), data.applicant.idNumber),
          maskedName: draft.maskedName,
          maskedId: draft.maskedId,
          ticketId: ticket.id,
          counterId: ticket.counterId,
          note: body.note ?? null,
          hallCode,
          idempotency: idempotencyOf(ctx, hall.keyedDigest),
        });
        return { status: 201, body: result.case, headers: replayHeaders(result.replayed) };
      },
    }),
  ];
}
