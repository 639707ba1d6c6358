// The counter shell's rules without Electron: the one origin its window may show, and the environment it and the bridge need.
import { z } from 'zod';

/** The console is the hall's own page; ?counter= makes it take the bridge's counter after sign-in, so keys and screen agree. */
export function counterConsoleUrl(hallUrl: string, counterId: string): string {
  const url = new URL('/counter/', hallUrl);
  url.searchParams.set('counter', counterId);
  return url.href;
}

/** will-navigate / will-redirect / frames: only pages of the hall's origin (no file:, app:, other hosts or ports). */
export function counterNavigationAllowed(hallUrl: string, url: string): boolean {
  try {
    const target = new URL(url);
    return (target.protocol === 'http:' || target.protocol === 'https:') && target.origin === new URL(hallUrl).origin;
  } catch {
    return false;
  }
}

const address = z.coerce.number().int().min(0).max(0xfe);

/** The same variables as `npm run counter:bridge` (electron/counter-bridge/main.ts), checked before the bridge is forked. */
export const CounterShellEnv = z
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
  })
  .refine((e) => e.HALL_TOKEN || (e.HALL_USERNAME && e.HALL_PASSWORD), { message: 'set HALL_TOKEN, or HALL_USERNAME and HALL_PASSWORD', path: ['HALL_USERNAME'] });
export type CounterShellEnv = z.infer<typeof CounterShellEnv>;

export const COUNTER_SHELL_USAGE =
  'usage: HALL_URL=http://hall:8080 HALL_USERNAME=… HALL_PASSWORD=… COUNTER_ID=… BUS_PORT=/dev/ttyUSB1 KEYPAD_ADDRESS=1 [EVALUATOR_ADDRESS=11] [SCREEN_ADDRESS=21] npm run counter';

/** One line per problem, so a misconfigured counter PC says what to fix instead of restarting the bridge forever. */
export function parseCounterShellEnv(env: Record<string, string | undefined>): { ok: true; env: CounterShellEnv } | { ok: false; problems: string[] } {
  const parsed = CounterShellEnv.safeParse(env);
  if (parsed.success) return { ok: true, env: parsed.data };
  return { ok: false, problems: parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`) };
}
