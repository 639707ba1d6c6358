// The counter bridge's settings, checked once: by `npm run counter:bridge` and by the counter shell before it forks the bridge.
import { z } from 'zod';

const address = z.coerce.number().int().min(0).max(0xfe);

export const BridgeEnv = z
  .object({
    HALL_URL: z.url({ protocol: /^https?$/ }),
    HALL_USERNAME: z.string().min(1).optional(),
    HALL_PASSWORD: z.string().min(1).optional(),
    HALL_TOKEN: z.string().min(1).optional(),
    COUNTER_ID: z.string().min(1),
    BUS_PORT: z.string().min(1),
    BUS_BAUD: z.coerce.number().int().positive().optional(),
    KEYPAD_ADDRESS: address,
    EVALUATOR_ADDRESS: address.optional(),
    SCREEN_ADDRESS: address.optional(),
    PRINTER_PORT: z.string().min(1).optional(),
    PRINTER_BAUD: z.coerce.number().int().positive().optional(),
  })
  .refine((e) => e.HALL_TOKEN || (e.HALL_USERNAME && e.HALL_PASSWORD), {
    message: 'set HALL_TOKEN, or HALL_USERNAME and HALL_PASSWORD',
    path: ['HALL_USERNAME'],
  });
export type BridgeEnv = z.infer<typeof BridgeEnv>;

export const bridgeUsage = (command: string): string =>
  `usage: HALL_URL=http://hall:8080 HALL_USERNAME=… HALL_PASSWORD=… COUNTER_ID=… BUS_PORT=/dev/ttyUSB1 KEYPAD_ADDRESS=1 [EVALUATOR_ADDRESS=11] [SCREEN_ADDRESS=21] [PRINTER_PORT=/dev/ttyUSB2] ${command}`;

/** One line per problem, so a misconfigured counter PC says what to fix instead of restarting the bridge forever. */
export function parseBridgeEnv(env: Record<string, string | undefined>): { ok: true; env: BridgeEnv } | { ok: false; problems: string[] } {
  const parsed = BridgeEnv.safeParse(env);
  if (parsed.success) return { ok: true, env: parsed.data };
  return { ok: false, problems: parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`) };
}
