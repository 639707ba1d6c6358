// npm run counter:bridge — one counter's caller keypad, evaluator and window screen, bridged to the hall server.
import { z } from 'zod';
import { startCounterBridge } from './bridge.ts';

const address = z.coerce.number().int().min(0).max(0xfe);
const Env = z
  .object({
    HALL_URL: z.url(),
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

const parsed = Env.safeParse(process.env);
if (!parsed.success) {
  for (const issue of parsed.error.issues) console.error(`counter bridge: ${issue.path.join('.')}: ${issue.message}`);
  console.error('usage: HALL_URL=http://hall:8080 HALL_USERNAME=… HALL_PASSWORD=… COUNTER_ID=… BUS_PORT=/dev/ttyUSB1 KEYPAD_ADDRESS=1 [EVALUATOR_ADDRESS=11] [SCREEN_ADDRESS=21] npm run counter:bridge');
  process.exit(2);
}
const env = parsed.data;

try {
  const bridge = await startCounterBridge({
    hallUrl: env.HALL_URL,
    username: env.HALL_USERNAME,
    password: env.HALL_PASSWORD,
    token: env.HALL_TOKEN,
    counterId: env.COUNTER_ID,
    busPath: env.BUS_PORT,
    busBaudRate: env.BUS_BAUD,
    keypadAddress: env.KEYPAD_ADDRESS,
    evaluatorAddress: env.EVALUATOR_ADDRESS,
    screenAddress: env.SCREEN_ADDRESS,
  });
  console.log(`counter bridge running: counter ${env.COUNTER_ID}, bus ${env.BUS_PORT}`);
  const stop = () => void bridge.stop().then(() => process.exit(0));
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
} catch (err) {
  console.error(`counter bridge: cannot start: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
}
