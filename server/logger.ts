// The hall server's log: one JSON object a line (pino) on stderr, for journald and log shippers. Request lines carry
// the route template, never the raw URL (ids, receipt numbers, query strings), and never a name, ID number, phone,
// token or password: only the actor's opaque id.
import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { pino, type DestinationStream, type Logger } from 'pino';

export type HallLogger = Logger;

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

/** `write(line)` gets each JSON line; stderr by default (stdout keeps the contract's ready line alone). */
export function hallLogger(options: { write?: (line: string) => void; level?: string | undefined; name?: string } = {}): HallLogger {
  const destination: DestinationStream = options.write
    ? { write: (line: string) => options.write!(line.endsWith('\n') ? line.slice(0, -1) : line) }
    : // Asynchronous: lines written while a write is in flight go out together (fewer syscalls under load); pino
      // flushes what is left synchronously when the process exits.
      pino.destination({ dest: 2, sync: false });
  return pino(
    {
      name: options.name ?? 'hall',
      level: options.level ?? 'info',
      base: { pid: process.pid },
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
      // Belt and braces: should a caller ever pass one of these, it is masked, never written.
      redact: { paths: ['password', 'token', 'authorization', 'idNumber', 'phone', '*.password', '*.token', '*.idNumber', '*.phone'], censor: '[redacted]' },
    },
    destination,
  );
}

/** A line-per-message logger for the parts that log plain text (keys, district link, queue watch). */
export const lineLog =
  (logger: HallLogger, level: 'info' | 'warn' | 'error' = 'info') =>
  (line: string): void =>
    logger[level](line);

// What a proxy or client may pass as X-Request-Id: short and plain, so nobody's data rides in on it.
const REQUEST_ID = /^[A-Za-z0-9._:-]{1,64}$/;

/** The request's X-Request-Id when it is a plain token, else a new one. */
export function requestIdOf(req: IncomingMessage): string {
  const given = req.headers['x-request-id'];
  return typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
}
