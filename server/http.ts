// A small typed router: each route declares its roles and body schema once; OpenAPI is generated from them.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { z } from 'zod';
import { HallError } from '../core/errors.ts';
import type { Actor, Role } from '../core/model.ts';
import { requestActor } from './audit.ts';

export interface RouteContext<B> {
  actor: Actor;
  params: Record<string, string>;
  query: URLSearchParams;
  body: B;
  headers: IncomingMessage['headers'];
  ip: string;
  token: string | null;
  /** The raw response, for a route that streams (server-sent events): once it has written, its reply is ignored. */
  response: ServerResponse;
  /** The body's JSON text as received (validated into `body`), for a route that hands it on unparsed (district ingest). */
  rawBody?: string;
}

export interface Reply {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
}

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface RouteDef<S extends z.ZodType = z.ZodType> {
  method: Method;
  path: string;
  /** Who may call it; 'public' needs no token. */
  roles: readonly Role[] | 'public';
  body?: S;
  /** Query parameters, for the OpenAPI description (the handler reads them). */
  query?: Record<string, z.ZodType>;
  /** Bytes of body this route takes; the server's default otherwise. */
  bodyLimit?: number;
  summary: string;
  tag: string;
  /** Status of success and what it returns, for the OpenAPI description. */
  ok?: { status: number; description: string };
  errors?: readonly number[];
  /** Open to a user who must change a reset password first (the change itself, me, logout). */
  duringPasswordChange?: boolean;
  handler: (ctx: RouteContext<z.output<S>>) => Reply | Promise<Reply>;
}

/** A body already serialised where it was made (the writer thread): sent as it is, not parsed and stringified again. */
export interface JsonText<T = unknown> {
  readonly jsonText: string;
  /** Never set: only carries the type of what the text holds. */
  readonly of?: T;
}

/** `text`: the JSON of `value` where the caller has it already. */
export const jsonText = <T>(value: T, text: string = JSON.stringify(value)): JsonText<T> => ({ jsonText: text });

const isJsonText = (body: unknown): body is JsonText => typeof body === 'object' && body !== null && typeof (body as JsonText).jsonText === 'string';

export const route = <S extends z.ZodType>(def: RouteDef<S>): RouteDef => def as unknown as RouteDef;

interface CompiledRoute {
  def: RouteDef;
  pattern: RegExp;
  names: string[];
}

export const ANONYMOUS: Actor = { kind: 'device', id: 'anonymous', role: 'display', name: 'anonymous' };

/** Who made each signed-in request, for its log line (server/logger.ts). */
export const requestActors = new WeakMap<IncomingMessage, Actor>();

export interface HandlerOptions {
  bodyLimit: number;
  /** Synchronous for the hall (its token cache); a district server over PostgreSQL answers with a promise. */
  authenticate: (token: string) => Actor | null | Promise<Actor | null>;
  onError: (error: unknown) => void;
}

export class Router {
  private readonly routes: CompiledRoute[] = [];

  /** Routes without parameters by method and path, unless an earlier route would match their path first. */
  private readonly fixed = new Map<string, RouteDef>();

  add(...defs: RouteDef[]): void {
    for (const def of defs) {
      const names: string[] = [];
      const source = def.path.replace(/:([A-Za-z]+)/g, (_, name: string) => {
        names.push(name);
        return '([^/]+)';
      });
      const key = `${def.method} ${def.path}`;
      if (names.length === 0 && !this.fixed.has(key) && !this.routes.some((r) => r.def.method === def.method && r.pattern.test(def.path))) {
        this.fixed.set(key, def);
      }
      this.routes.push({ def, pattern: new RegExp(`^${source}$`), names });
    }
  }

  match(method: string, path: string): { def: RouteDef; params: Record<string, string> } | 'method' | null {
    const fixed = this.fixed.get(`${method} ${path}`);
    if (fixed) return { def: fixed, params: {} };
    let pathMatched = false;
    for (const r of this.routes) {
      const m = r.pattern.exec(path);
      if (!m) continue;
      pathMatched = true;
      if (r.def.method !== method) continue;
      const params: Record<string, string> = {};
      r.names.forEach((name, i) => {
        params[name] = decodeURIComponent(m[i + 1]!);
      });
      return { def: r.def, params };
    }
    return pathMatched ? 'method' : null;
  }

  handler(options: HandlerOptions) {
    return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
      try {
        const reply = await this.dispatch(req, res, options);
        send(res, reply);
      } catch (error) {
        if (!(error instanceof HallError)) options.onError(error);
        const reply = errorReply(error);
        if (req.complete) return send(res, reply);
        // A body left unread (too large, or refused before reading): answer, then close once the rest is drained.
        reply.headers = { ...reply.headers, connection: 'close' };
        sendThenDrain(req, res, reply);
      }
    };
  }

  private async dispatch(req: IncomingMessage, res: ServerResponse, options: HandlerOptions): Promise<Reply> {
    const url = requestTarget(req.url ?? '/');
    let found: ReturnType<Router['match']>;
    try {
      found = this.match(req.method ?? 'GET', url.pathname);
    } catch {
      throw new HallError(400, 'BAD_REQUEST', 'the request path has a malformed %-escape');
    }
    if (found === null) throw new HallError(404, 'NOT_FOUND', `no such endpoint: ${url.pathname}; see /api/v1/openapi.json`);
    if (found === 'method') throw new HallError(405, 'METHOD_NOT_ALLOWED', `${req.method} is not allowed on ${url.pathname}`);
    const { def, params } = found;

    // Tokens in URLs end up in logs: plain HTTP takes them only from the Authorization header.
    const token = bearerToken(req, null);
    let actor = ANONYMOUS;
    if (def.roles !== 'public') {
      const found = token ? options.authenticate(token) : null;
      const who = found instanceof Promise ? await found : found;
      if (!who) throw new HallError(401, 'UNAUTHENTICATED', 'sign in first: send Authorization: Bearer <token>');
      if (!def.roles.includes(who.role)) {
        throw new HallError(403, 'FORBIDDEN', `role ${who.role} may not ${def.summary.toLowerCase()}`);
      }
      if (who.mustChangePassword && !def.duringPasswordChange) {
        throw new HallError(403, 'PASSWORD_CHANGE_REQUIRED', 'your password was reset: set a new one first (POST /api/v1/auth/password)');
      }
      actor = who;
      requestActors.set(req, who);
    }

    let body: unknown = undefined;
    let raw: string | undefined;
    if (def.body) {
      raw = await readBody(req, def.bodyLimit ?? options.bodyLimit);
      const parsed = def.body.safeParse(parseJson(raw));
      if (!parsed.success) throw validationError(parsed.error);
      body = parsed.data;
    }
    // Commands the handler runs are audited as this actor (server/audit.ts).
    return requestActor.run(actor, () =>
      def.handler({
        actor,
        params,
        query: url.searchParams,
        body,
        headers: req.headers,
        ip: req.socket.remoteAddress ?? 'unknown',
        token,
        response: res,
        rawBody: raw,
      }),
    );
  }

  openapi(info: { title: string; version: string }): unknown {
    const paths: Record<string, Record<string, unknown>> = {};
    for (const { def } of this.routes) {
      const path = def.path.replace(/:([A-Za-z]+)/g, '{$1}');
      const op: Record<string, unknown> = {
        summary: def.summary,
        tags: [def.tag],
        'x-roles': def.roles,
        responses: Object.fromEntries([
          [String(def.ok?.status ?? 200), { description: def.ok?.description ?? 'OK' }],
          ...(def.errors ?? []).map((s) => [String(s), { $ref: '#/components/responses/Error' }]),
          ...(def.roles === 'public'
            ? []
            : [
                ['401', { $ref: '#/components/responses/Error' }],
                ['403', { $ref: '#/components/responses/Error' }],
              ]),
          ...(def.body ? [['400', { $ref: '#/components/responses/Error' }]] : []),
        ]),
      };
      const names = [...def.path.matchAll(/:([A-Za-z]+)/g)].map((m) => m[1]!);
      if (names.length) op.parameters = names.map((name) => ({ name, in: 'path', required: true, schema: { type: 'string' } }));
      if (def.query) {
        const query = Object.entries(def.query).map(([name, schema]) => ({
          name,
          in: 'query',
          required: false,
          schema: z.toJSONSchema(schema, { unrepresentable: 'any' }),
        }));
        op.parameters = [...((op.parameters as unknown[] | undefined) ?? []), ...query];
      }
      if (def.roles !== 'public') op.security = [{ bearer: [] }];
      if (def.body) {
        op.requestBody = {
          required: true,
          content: { 'application/json': { schema: z.toJSONSchema(def.body, { io: 'input', unrepresentable: 'any' }) } },
        };
      }
      (paths[path] ??= {})[def.method.toLowerCase()] = op;
    }
    return {
      openapi: '3.1.0',
      info,
      paths,
      components: {
        securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } },
        responses: {
          Error: {
            description: 'Error',
            content: {
              'application/json': {
                schema: {
                  type: 'object',
                  required: ['error'],
                  properties: {
                    error: {
                      type: 'object',
                      required: ['code', 'message'],
                      properties: { code: { type: 'string' }, message: { type: 'string' }, details: { type: 'object' } },
                    },
                  },
                },
              },
            },
          },
        },
      },
    };
  }
}

/** A path of plain segments (none starting with a dot), then an optional query of visible ASCII without a fragment. */
const PLAIN_TARGET = /^(?:\/[\w~-][\w.~-]*)*\/?(?:\?[\x21-\x22\x24-\x7e]*)?$/;

/** Path and query of a request; plain targets skip the WHATWG URL parser, which would give the same result slower. */
export function requestTarget(raw: string): { pathname: string; searchParams: URLSearchParams } {
  if (PLAIN_TARGET.test(raw)) {
    const q = raw.indexOf('?');
    return q < 0 ? { pathname: raw, searchParams: new URLSearchParams() } : { pathname: raw.slice(0, q), searchParams: new URLSearchParams(raw.slice(q)) };
  }
  try {
    return new URL(raw, 'http://hall.local');
  } catch {
    throw new HallError(400, 'BAD_REQUEST', 'the request URL is malformed');
  }
}

/** The bearer token of a request; `?token=` only where browsers cannot send headers (WebSocket upgrades). */
export function bearerToken(req: IncomingMessage, url: URL | null): string | null {
  const header = req.headers.authorization;
  if (typeof header === 'string') {
    const m = /^Bearer\s+(\S+)\s*$/i.exec(header);
    if (m) return m[1]!;
  }
  return url?.searchParams.get('token') ?? null;
}

function readBody(req: IncomingMessage, limit: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers['content-length']);
    if (Number.isFinite(declared) && declared > limit) {
      reject(tooLarge(limit));
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        req.removeAllListeners('data');
        reject(tooLarge(limit));
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', () => reject(new HallError(400, 'BAD_REQUEST', 'the request body was cut off: send it again')));
  });
}

const tooLarge = (limit: number) => new HallError(413, 'PAYLOAD_TOO_LARGE', `request body is larger than ${limit} bytes: send less`);

/** Bodies are read as JSON whatever Content-Type says: clients that forget the header still work. */
function parseJson(raw: string): unknown {
  if (raw.trim() === '') return {};
  try {
    return JSON.parse(raw);
  } catch {
    throw new HallError(400, 'VALIDATION_FAILED', 'body: not valid JSON: send a JSON object', { field: 'body' });
  }
}

function validationError(error: z.ZodError): HallError {
  const issues = error.issues.map((i) => ({ field: i.path.join('.') || 'body', message: i.message }));
  const first = issues[0]!;
  return new HallError(400, 'VALIDATION_FAILED', `${first.field}: ${first.message}`, { field: first.field, issues });
}

export function errorReply(error: unknown): Reply {
  if (error instanceof HallError) {
    const body = { error: { code: error.code, message: error.message, ...(error.details ? { details: error.details } : {}) } };
    if (error.status !== 429) return { status: error.status, body };
    // Contract v1.1: every 429 says in Retry-After how many seconds to wait.
    const seconds = Math.max(1, Math.ceil(Number(error.details?.retryAfterSeconds) || 60));
    return { status: 429, body, headers: { 'retry-after': String(seconds) } };
  }
  const code = (error as { code?: unknown })?.code;
  if (typeof code === 'string' && code.startsWith('SQLITE_CONSTRAINT')) {
    return { status: 409, body: { error: { code: 'CONFLICT', message: 'that conflicts with data already stored: reload and try again' } } };
  }
  return { status: 500, body: { error: { code: 'INTERNAL', message: 'the hall server hit an unexpected error: try again, then tell the administrator' } } };
}

function writeReply(res: ServerResponse, reply: Reply): string {
  const payload = isJsonText(reply.body) ? reply.body.jsonText : JSON.stringify(reply.body);
  res.writeHead(reply.status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(payload),
    'cache-control': 'no-store',
    'x-content-type-options': 'nosniff',
    ...reply.headers,
  });
  return payload;
}

function send(res: ServerResponse, reply: Reply): void {
  if (res.headersSent) return;
  res.end(writeReply(res, reply));
}

/** How much of a refused body is read and dropped before closing anyway. */
const DRAIN_BYTES = 4 * 1024 * 1024;
const DRAIN_MS = 5_000;

/**
 * Sends the whole reply but ends the response (which closes the connection) only once the client has sent the rest of
 * its body, up to DRAIN_BYTES or DRAIN_MS: closing with unread bytes would reset the connection, and a client still
 * uploading would get EPIPE instead of reading its 413.
 */
function sendThenDrain(req: IncomingMessage, res: ServerResponse, reply: Reply): void {
  if (res.headersSent) return void res.end();
  res.write(writeReply(res, reply));
  let seen = 0;
  const done = () => {
    clearTimeout(timer);
    req.off('data', count).off('end', done).off('close', done);
    res.end();
  };
  const count = (chunk: Buffer) => {
    seen += chunk.length;
    if (seen > DRAIN_BYTES) done();
  };
  const timer = setTimeout(done, DRAIN_MS);
  req.on('data', count).once('end', done).once('close', done);
  req.resume();
}
