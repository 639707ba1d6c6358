// A refusal as it crosses IPC, checked on each side (kept apart from kiosk-bridge.std.ts so the preload needs no zod).
import { z } from 'zod';

/** The AgentError's code, message and `details` (e.g. `nextOpening` of a closed service), JSON only. */
export const bridgeErrorSchema = z.object({
  code: z.string().min(1),
  message: z.string(),
  details: z.record(z.string(), z.json()).optional(),
});
export type BridgeError = z.infer<typeof bridgeErrorSchema>;

/** The error as sent; details that are not plain JSON are dropped, and a shape that is no error at all becomes UNKNOWN. */
export function parseBridgeError(error: unknown): BridgeError {
  const parsed = bridgeErrorSchema.safeParse(error);
  if (parsed.success) return parsed.data;
  const bare = bridgeErrorSchema.omit({ details: true }).safeParse(error);
  if (bare.success) return bare.data;
  return { code: 'UNKNOWN', message: `malformed refusal from the kiosk agent: ${z.prettifyError(parsed.error)}` };
}
