// npm run counter:bridge — one counter's caller keypad, evaluator and window screen, bridged to the hall server.
import { startCounterBridge } from './bridge.ts';
import { bridgeUsage, parseBridgeEnv } from './env.ts';

const parsed = parseBridgeEnv(process.env);
if (!parsed.ok) {
  for (const problem of parsed.problems) console.error(`counter bridge: ${problem}`);
  console.error(bridgeUsage('npm run counter:bridge'));
  process.exit(2);
}
const env = parsed.env;

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
    printerPath: env.PRINTER_PORT,
    printerBaudRate: env.PRINTER_BAUD,
  });
  console.log(`counter bridge running: counter ${env.COUNTER_ID}, bus ${env.BUS_PORT}`);
  const stop = () => void bridge.stop().then(() => process.exit(0));
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
} catch (err) {
  console.error(`counter bridge: cannot start: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
}
