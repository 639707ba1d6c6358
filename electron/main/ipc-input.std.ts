// The one validation of what the kiosk window sends over IPC, before it reaches the agent.
import { z } from 'zod';
import { PRIORITY_REASONS } from '../../core/model.ts';
import type { AgentMethod } from './agent-rpc.std.ts';

const issueRequest = z.strictObject({
  serviceId: z.string().min(1).max(64),
  priority: z.enum(PRIORITY_REASONS).nullable().optional(),
  withCard: z.boolean().optional(),
  matterCode: z.string().min(1).max(64).optional(),
});

const checkInRequest = z
  .strictObject({
    code: z.string().trim().min(1).max(64).optional(),
    withCard: z.boolean().optional(),
  })
  .refine((r) => r.code !== undefined || r.withCard === true, { message: 'give an appointment code or use the card' });

const certificateRequest = z.strictObject({ type: z.string().min(1).max(64), period: z.string().min(1).max(64).optional() });

const INPUTS: Record<AgentMethod, z.ZodType> = {
  status: z.undefined(),
  services: z.undefined(),
  issueTicket: issueRequest,
  checkIn: checkInRequest,
  reprint: z.string().min(1).max(64),
  certificateOffers: z.undefined(),
  certificatePreview: certificateRequest,
  printCertificate: certificateRequest,
  forgetCard: z.undefined(),
  guide: z.strictObject({ q: z.string().max(40).optional(), category: z.string().max(40).optional(), lifeEvent: z.string().max(40).optional() }),
  printChecklist: z.string().min(1).max(64),
  caseProgress: z.strictObject({ receiptNumber: z.string().min(1).max(300).optional() }),
  prefileCard: z.undefined(),
  prefile: z.strictObject({
    matterCode: z.string().min(1).max(64),
    fields: z.record(z.string().max(40), z.string().max(500)),
    commitment: z.strictObject({ accepted: z.literal(true), signaturePng: z.string().min(1).max(280_000) }).optional(),
  }),
};

/** The validated argument, or an error message naming what is wrong. */
export function parseIpcInput(method: AgentMethod, arg: unknown): { ok: true; value: unknown } | { ok: false; message: string } {
  const result = INPUTS[method].safeParse(arg);
  return result.success ? { ok: true, value: result.data } : { ok: false, message: z.prettifyError(result.error) };
}
