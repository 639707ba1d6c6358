// The hall server's config file (HALL_CONFIG or --config): the HALL_* environment as JSON, checked with zod. The
// environment wins over the file, so a unit's Environment= or a one-off `HALL_PORT=… npm run hall` overrides it.
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { z } from 'zod';
import { LOG_LEVELS } from './logger.ts';

const text = z.string().min(1, 'must not be empty');
const path = text.describe('path');

/** Each key, its schema, and the environment variable it stands for. */
const KEYS = {
  port: [z.number().int().min(0).max(65535), 'HALL_PORT'],
  host: [text, 'HALL_HOST'],
  dataDir: [path, 'HALL_DATA_DIR'],
  keyFile: [path, 'HALL_KEY_FILE'],
  adminPassword: [z.string().min(8, 'at least 8 characters'), 'HALL_ADMIN_PASSWORD'],
  hallName: [text, 'HALL_NAME'],
  timeZone: [text, 'HALL_TIMEZONE'],
  publicUrl: [z.url({ protocol: /^https?$/ }), 'HALL_PUBLIC_URL'],
  tlsCert: [path, 'HALL_TLS_CERT'],
  tlsKey: [path, 'HALL_TLS_KEY'],
  insecureLan: [z.boolean(), 'HALL_INSECURE_LAN'],
  minFreeMb: [z.number().int().min(0), 'HALL_MIN_FREE_MB'],
  metricsToken: [z.string().min(16, 'at least 16 characters'), 'HALL_METRICS_TOKEN'],
  districtUrl: [z.union([z.url({ protocol: /^https?$/ }), z.array(z.url({ protocol: /^https?$/ })).min(1)]), 'HALL_DISTRICT_URL'],
  districtToken: [text, 'HALL_DISTRICT_TOKEN'],
  certificatePlatformUrl: [z.url({ protocol: /^https?$/ }), 'HALL_CERTIFICATE_PLATFORM_URL'],
  certificatePlatformToken: [text, 'HALL_CERTIFICATE_PLATFORM_TOKEN'],
  logLevel: [z.enum(LOG_LEVELS), 'HALL_LOG_LEVEL'],
  updatesDir: [path, 'HALL_UPDATES_DIR'],
} as const satisfies Record<string, readonly [z.ZodType, `HALL_${string}`]>;

type Key = keyof typeof KEYS;
const PATH_KEYS: readonly Key[] = ['dataDir', 'keyFile', 'tlsCert', 'tlsKey', 'updatesDir'];

export const HallConfigFile = z.strictObject(
  Object.fromEntries(Object.entries(KEYS).map(([k, [schema]]) => [k, schema.optional()])) as {
    [K in Key]: z.ZodOptional<(typeof KEYS)[K][0]>;
  },
);
export type HallConfigFile = z.infer<typeof HallConfigFile>;

/** The config file's path: `--config FILE` (or `--config=FILE`), else HALL_CONFIG, else none. */
export function configPath(argv: readonly string[], env: Record<string, string | undefined>): string | undefined {
  const i = argv.indexOf('--config');
  if (i >= 0) return argv[i + 1];
  const inline = argv.find((a) => a.startsWith('--config='));
  return inline ? inline.slice('--config='.length) : env.HALL_CONFIG || undefined;
}

/**
 * Reads and checks the file; returns the HALL_* variables it sets that the environment does not (paths resolved
 * against the file's folder), or one line per problem naming the key and what to put there.
 */
export function readConfigFile(
  file: string,
  env: Record<string, string | undefined>,
): { ok: true; env: Record<string, string> } | { ok: false; problems: string[] } {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    const why =
      error instanceof SyntaxError
        ? `is not valid JSON (${error.message}): check quotes and commas`
        : `cannot be read (${String(error)}): check the path and that this user may read it`;
    return { ok: false, problems: [`config ${file} ${why}`] };
  }
  const parsed = HallConfigFile.safeParse(raw);
  if (!parsed.success) {
    return {
      ok: false,
      problems: parsed.error.issues.map((issue) => {
        if (issue.code === 'unrecognized_keys')
          return `config ${file}: unknown key ${issue.keys.map((k) => `"${k}"`).join(', ')}: the keys are ${Object.keys(KEYS).join(', ')}`;
        const key = String(issue.path[0] ?? '');
        const variable = key in KEYS ? ` (as ${KEYS[key as Key][1]})` : '';
        return `config ${file}: "${issue.path.join('.') || '(the whole file)'}"${variable}: ${issue.message}`;
      }),
    };
  }
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(parsed.data) as [Key, unknown][]) {
    const variable = KEYS[key][1];
    if (value === undefined || env[variable]) continue;
    out[variable] = PATH_KEYS.includes(key)
      ? resolve(dirname(resolve(file)), value as string)
      : Array.isArray(value)
        ? value.join(',')
        : typeof value === 'boolean'
          ? value
            ? '1'
            : ''
          : String(value);
  }
  return { ok: true, env: out };
}
