// On-site diagnostics for installers: `npm run devices -- <command> [--port P] [--json]`.
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { SerialPort } from 'serialport';
import { z } from 'zod';
import { maskIdNumber, maskName } from '../core/id-card.ts';
import { CallerBus } from './bus/caller-bus.ts';
import { DeviceError } from './errors.ts';
import type { IdCardRecord } from './id-reader/card-layout.ts';
import { SamIdCardReader } from './id-reader/sam-reader.ts';
import { buildDocument } from './printer/document.ts';
import { EscPosPrinter } from './printer/escpos-printer.ts';
import { ticketLines } from './printer/ticket.ts';

const USAGE = `usage: npm run devices -- <command> [options]
  list                                   serial ports on this machine
  read-id    --port P [--baud 115200] [--seconds 15]   SAM check, then wait for a card and read it
  print-test --port P [--baud 9600] [--lang zh-CN|zh-TW|en]   print a test ticket
  status     --port P [--baud 9600]      printer status
  bus        --port P [--baud 9600] [--seconds 30] [--show ADDR:NUMBER]   listen to keypads and evaluators
  --json     print one JSON object instead of text`;

const argsSchema = z.object({
  command: z.enum(['list', 'read-id', 'print-test', 'status', 'bus']),
  port: z.string().min(1).optional(),
  baud: z.coerce.number().int().positive().optional(),
  seconds: z.coerce.number().positive().max(3600).optional(),
  lang: z.enum(['zh-CN', 'zh-TW', 'en']).default('zh-CN'),
  show: z
    .string()
    .regex(/^\d{1,3}:\w+$/, 'ADDR:NUMBER, e.g. 3:A023')
    .optional(),
  json: z.boolean().default(false),
});
type Args = z.infer<typeof argsSchema>;

class UsageError extends Error {}

type Report = Record<string, unknown>;
const say = (args: Args, text: string) => {
  if (!args.json) console.log(text);
};

function requirePort(args: Args): string {
  if (!args.port) throw new UsageError(`${args.command} needs --port (find it with: npm run devices -- list)`);
  return args.port;
}

async function list(): Promise<Report> {
  try {
    const ports = await SerialPort.list();
    return {
      ports: ports.map((p) => ({ path: p.path, manufacturer: p.manufacturer, vendorId: p.vendorId, productId: p.productId, serialNumber: p.serialNumber })),
    };
  } catch (error) {
    throw new DeviceError(
      'serial',
      'list_failed',
      '无法列出串口：本机缺少 udevadm（apt-get install udev），也可直接用 --port /dev/ttyUSB0 指定',
      `cannot list serial ports (${(error as Error).message}): install udev (apt-get install udev), or pass --port /dev/ttyUSB0 directly`,
    );
  }
}

/** Installer output never shows a full name or ID number. */
function describeCard(card: IdCardRecord): Report {
  const common = {
    kind: card.kind,
    gender: card.gender.zh,
    birthDate: card.birthDate,
    validFrom: card.validFrom,
    validTo: card.validTo,
    photoBytes: card.photo.length,
  };
  if (card.kind === 'foreigner_2017')
    return { ...common, name: maskName(card.englishName), permitNumber: maskIdNumber(card.permitNumber), nationality: card.nationality };
  return {
    ...common,
    name: maskName(card.name.display),
    rareCharacters: card.name.rareCharacters,
    idNumber: maskIdNumber(card.idNumber),
    ...(card.kind === 'resident' ? { nation: card.nation.name ?? card.nation.code } : { passNumber: maskIdNumber(card.passNumber) }),
  };
}

async function readId(args: Args): Promise<Report> {
  const reader = new SamIdCardReader({ path: requirePort(args), baudRate: args.baud ?? 115200 });
  try {
    await reader.open().catch(() => {
      throw reader.line.lastError
        ? new DeviceError(
            'serial',
            'open_failed',
            `无法打开串口 ${args.port}，请检查路径和权限（dialout 组）`,
            `cannot open ${args.port} (${reader.line.lastError.message}): check the path and permissions (dialout group)`,
          )
        : new Error('port did not open');
    });
    await reader.samStatus();
    const samId = await reader.samId();
    say(args, `SAM ok, id ${samId}. 请放证件 / place a card (${args.seconds ?? 15} s)…`);
    const deadline = Date.now() + (args.seconds ?? 15) * 1000;
    while (!(await reader.findCard())) {
      if (Date.now() > deadline) return { samId, card: null, note: '未检测到证件 / no card was placed' };
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    await reader.selectCard();
    return { samId, card: describeCard(await reader.readBaseInfo()) };
  } finally {
    await reader.stop();
  }
}

async function withPrinter<T>(args: Args, task: (printer: EscPosPrinter) => Promise<T>): Promise<T> {
  const printer = new EscPosPrinter({ path: requirePort(args), baudRate: args.baud ?? 9600 });
  try {
    await printer.ready(3000).catch(() => {
      throw new DeviceError(
        'printer',
        'not_responding',
        `打印机（${args.port}）无应答：检查电源、连接线和波特率（常见 9600 / 115200）`,
        `no answer from the printer on ${args.port}: check power, cable and baud rate (usually 9600 or 115200)${printer.line.lastError ? `; ${printer.line.lastError.message}` : ''}`,
      );
    });
    return await task(printer);
  } finally {
    await printer.stop();
  }
}

async function printTest(args: Args): Promise<Report> {
  return withPrinter(args, async (printer) => {
    const job = buildDocument([
      ...ticketLines({
        hallName: '打印测试 Print test',
        serviceName: '安装调试',
        number: 'T001',
        waitingAhead: 0,
        estimatedWaitMinutes: 0,
        issuedAt: new Date(),
        visitorName: '𬌗小明',
        mobileUrl: 'https://example.invalid/ticket/T001',
        language: args.lang,
      }),
      '生僻字测试：𬌗 𠀀 (drawn as an image)',
    ]);
    const receipt = await printer.print(job);
    return { printed: true, ...receipt, status: printer.status.state };
  });
}

async function status(args: Args): Promise<Report> {
  return withPrinter(args, async (printer) => ({ ...(await printer.queryStatus()) }));
}

async function bus(args: Args): Promise<Report> {
  const callerBus = new CallerBus({ path: requirePort(args), baudRate: args.baud });
  const events: Report[] = [];
  try {
    await callerBus.ready().catch(() => {
      throw new DeviceError('bus', 'open_failed', `无法打开串口 ${args.port}`, `cannot open ${args.port}: check the path and permissions (dialout group)`);
    });
    if (args.show) {
      const [address, number] = args.show.split(':') as [string, string];
      await callerBus.showNumber(Number(address), number);
      say(args, `shown ${number} on device ${address}`);
    }
    callerBus.on('key', (k) => {
      events.push({ event: 'key', ...k });
      say(args, `key     device ${k.address}: ${k.key}${k.digits ? ` ${k.digits}` : ''}`);
    });
    callerBus.on('rating', (r) => {
      events.push({ event: 'rating', ...r });
      say(args, `rating  device ${r.address}: ${r.score}`);
    });
    say(args, `listening ${args.seconds ?? 30} s: press keys on the keypads and evaluators…`);
    await new Promise((resolve) => setTimeout(resolve, (args.seconds ?? 30) * 1000));
    return { events };
  } finally {
    await callerBus.stop();
  }
}

const COMMANDS: Record<Args['command'], (args: Args) => Promise<Report>> = {
  list,
  'read-id': readId,
  'print-test': printTest,
  status,
  bus,
};

export async function main(argv: string[]): Promise<number> {
  let args: Args;
  try {
    const { values, positionals } = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        port: { type: 'string' },
        baud: { type: 'string' },
        seconds: { type: 'string' },
        lang: { type: 'string' },
        show: { type: 'string' },
        json: { type: 'boolean' },
      },
    });
    const parsed = argsSchema.safeParse({ ...values, command: positionals[0] });
    if (!parsed.success) throw new UsageError(parsed.error.issues.map((i) => `${i.path.join('.') || 'command'}: ${i.message}`).join('; '));
    args = parsed.data;
  } catch (error) {
    console.error(`${(error as Error).message}\n\n${USAGE}`);
    return 2;
  }
  try {
    const report = await COMMANDS[args.command](args);
    console.log(args.json ? JSON.stringify({ ok: true, command: args.command, ...report }) : JSON.stringify(report, null, 2));
    return 0;
  } catch (error) {
    const device =
      error instanceof DeviceError ? { code: error.code, zh: error.zh, en: error.en } : { code: 'error', zh: '出错了', en: (error as Error).message };
    if (args.json) console.log(JSON.stringify({ ok: false, command: args.command, error: device }));
    else console.error(`错误：${device.zh}\nerror: ${device.en}${error instanceof UsageError ? `\n\n${USAGE}` : ''}`);
    return 1;
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  process.exitCode = await main(process.argv.slice(2));
}
