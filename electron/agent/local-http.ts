// The agent on a loopback port for the kiosk app in browser mode: JSON endpoints, an SSE event stream, CORS for the hall's own origin only.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { z } from 'zod';
import { AgentError, type AgentEvent, type KioskAgentApi } from '../../client/kiosk-agent.ts';
import { PRIORITY_REASONS } from '../../core/model.ts';
import { HallError } from '../../core/errors.ts';

export interface LocalHttpOptions {
  /** Default 8090; 0 picks a free port. */
  port?: number;
  /** Origins whose pages may use the agent (the hall server's, which serves the kiosk app). */
  allowedOrigins: string[];
  /** Comment lines on the event stream so proxies and browsers keep it open. */
  heartbeatMs?: number;
}

export interface LocalHttpServer {
  url: string;
  port: number;
  close(): Promise<void>;
}

const IssueBody = z
  .object({
    serviceId: z.string().min(1).max(100),
    priority: z.enum(PRIORITY_REASONS).nullable().optional(),
    withCard: z.boolean().optional(),
    matterCode: z.string().min(1).max(64).optional(),
  })
  .strict();

const CheckInBody = z
  .object({ code: z.string().min(1).max(64).optional(), withCard: z.boolean().optional() })
  .strict()
  .refine((b) => b.code !== undefined || b.withCard === true, { message: '请输入预约码，或放置身份证', path: ['code'] });

const CertificateBody = z.object({ type: z.string().min(1).max(64), period: z.string().min(1).max(64).optional() }).strict();

const PrefileBody = z
  .object({
    matterCode: z.string().min(1).max(64),
    fields: z.record(z.string().max(40), z.string().max(500)),
    commitment: z
      .object({ accepted: z.literal(true), signaturePng: z.string().min(1).max(280_000) })
      .strict()
      .optional(),
  })
  .strict();
const CaseProgressBody = z.object({ receiptNumber: z.string().min(1).max(300).optional() }).strict();

const BODY_LIMIT = 16 * 1024;
/** A pre-filing carries the signature PNG (at most 200 KB, base64 in JSON). */
const PREFILE_BODY_LIMIT = 300 * 1024;

/** How the hall's own error codes map to HTTP on this port. */
function statusOf(code: string): number {
  if (code === 'VALIDATION_FAILED' || code === 'RECEIPT_NUMBER_INVALID') return 400;
  if (code.endsWith('NOT_FOUND') || code === 'NO_RECORD') return 404;
  if (
    code === 'APPOINTMENT_NEEDS_NETWORK' ||
    code === 'NOT_CONFIGURED' ||
    code === 'HALL_UNREACHABLE' ||
    code.startsWith('CERTIFICATE_') ||
    code.startsWith('PRINTER_')
  )
    return 503;
  if (code === 'UNAUTHENTICATED' || code === 'FORBIDDEN') return 502;
  return 409;
}

export function startLocalHttp(agent: KioskAgentApi, options: LocalHttpOptions): Promise<LocalHttpServer> {
  const allowed = new Set(options.allowedOrigins.map((o) => o.replace(/\/$/, '')));
  const streams = new Set<ServerResponse>();

  const send = (res: ServerResponse, status: number, body: unknown) => {
    const text = JSON.stringify(body);
    res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text), 'cache-control': 'no-store' });
    res.end(text);
  };

  const readJson = async (req: IncomingMessage, limit = BODY_LIMIT): Promise<unknown> => {
    // Browsers (they send Origin) must use JSON, which needs a CORS preflight; other clients may omit the header.
    if (req.headers.origin !== undefined && !/^application\/json\b/i.test(req.headers['content-type'] ?? '')) {
      throw new HallError(415, 'UNSUPPORTED_MEDIA_TYPE', '请求须为 JSON（Content-Type: application/json）');
    }
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of req as AsyncIterable<Buffer>) {
      size += chunk.length;
      if (size > limit) throw new HallError(413, 'PAYLOAD_TOO_LARGE', `请求内容超过 ${limit / 1024} KB`);
      chunks.push(chunk);
    }
    const text = Buffer.concat(chunks).toString('utf8');
    try {
      return text ? JSON.parse(text) : {};
    } catch {
      throw new HallError(400, 'VALIDATION_FAILED', '请求内容不是有效的 JSON', { field: 'body' });
    }
  };

  const parse = <T>(schema: z.ZodType<T>, body: unknown): T => {
    const result = schema.safeParse(body);
    if (result.success) return result.data;
    const issue = result.error.issues[0];
    const field = issue?.path.join('.') || 'body';
    throw new HallError(400, 'VALIDATION_FAILED', `${field}: ${issue?.message ?? 'invalid'}`, { field, issues: result.error.issues });
  };

  const openEvents = (req: IncomingMessage, res: ServerResponse, cors: Record<string, string>) => {
    res.writeHead(200, { ...cors, 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-store', connection: 'keep-alive' });
    const write = (event: AgentEvent) => res.write(`event: ${event.type}\ndata: ${JSON.stringify(event)}\n\n`);
    streams.add(res);
    const off = agent.subscribe(write);
    const heartbeat = setInterval(() => res.write(': heartbeat\n\n'), options.heartbeatMs ?? 15_000);
    req.on('close', () => {
      off();
      clearInterval(heartbeat);
      streams.delete(res);
    });
    // A new screen starts from the current status rather than waiting for the next change.
    void agent.status().then((status) => write({ type: 'status', status }));
  };

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const origin = req.headers.origin;
    if (origin !== undefined && !allowed.has(origin)) throw new HallError(403, 'ORIGIN_NOT_ALLOWED', `来源 ${origin} 不能使用本机自助服务`);
    // A page that rebinds its own host name to 127.0.0.1 still sends its host name.
    const host = (req.headers.host ?? '').replace(/:\d+$/, '');
    if (host !== '127.0.0.1' && host !== 'localhost' && host !== '[::1]') throw new HallError(403, 'HOST_NOT_ALLOWED', '只接受本机访问');
    const cors: Record<string, string> = origin ? { 'access-control-allow-origin': origin, vary: 'Origin' } : {};
    for (const [k, v] of Object.entries(cors)) res.setHeader(k, v);

    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const path = url.pathname;
    const method = req.method ?? 'GET';
    if (method === 'OPTIONS') {
      res.writeHead(204, {
        ...cors,
        'access-control-allow-methods': 'GET, POST',
        'access-control-allow-headers': 'content-type',
        'access-control-max-age': '600',
      });
      res.end();
      return;
    }
    const reprint = /^\/local\/tickets\/([^/]+)\/reprint$/.exec(path);
    const checklist = /^\/local\/guide\/([^/]+)\/checklist$/.exec(path);
    const route = reprint ? 'reprint' : checklist ? 'checklist' : path;
    const expect = (m: string) => {
      if (method !== m) throw new HallError(405, 'METHOD_NOT_ALLOWED', `${path} 只接受 ${m}`);
    };
    switch (route) {
      case '/local/status':
        expect('GET');
        return send(res, 200, await agent.status());
      case '/local/services':
        expect('GET');
        return send(res, 200, await agent.services());
      case '/local/events':
        expect('GET');
        return openEvents(req, res, cors);
      case '/local/tickets': {
        expect('POST');
        const body = parse(IssueBody, await readJson(req));
        return send(
          res,
          201,
          await agent.issueTicket({
            serviceId: body.serviceId,
            priority: body.priority ?? null,
            withCard: body.withCard ?? false,
            ...(body.matterCode ? { matterCode: body.matterCode } : {}),
          }),
        );
      }
      case '/local/check-in': {
        expect('POST');
        const body = parse(CheckInBody, await readJson(req));
        return send(res, 201, await agent.checkIn(body));
      }
      case 'reprint': {
        expect('POST');
        await readJson(req);
        return send(res, 200, await agent.reprint(decodeURIComponent(reprint![1]!)));
      }
      case '/local/guide': {
        expect('GET');
        const q = (name: string) => url.searchParams.get(name)?.slice(0, 40) || undefined;
        return send(res, 200, await agent.guide({ q: q('q'), category: q('category'), lifeEvent: q('lifeEvent') }));
      }
      case 'checklist': {
        expect('POST');
        await readJson(req);
        return send(res, 200, await agent.printChecklist(decodeURIComponent(checklist![1]!)));
      }
      case '/local/card/forget':
        expect('POST');
        await readJson(req);
        await agent.forgetCard();
        return send(res, 200, { ok: true });
      case '/local/certificates/offers':
        expect('GET');
        return send(res, 200, await agent.certificateOffers());
      case '/local/certificates/preview': {
        expect('POST');
        const body = parse(CertificateBody, await readJson(req));
        return send(res, 200, await agent.certificatePreview(body));
      }
      case '/local/certificates': {
        expect('POST');
        const body = parse(CertificateBody, await readJson(req));
        return send(res, 201, await agent.printCertificate(body));
      }
      case '/local/cases/query': {
        expect('POST');
        const body = parse(CaseProgressBody, await readJson(req));
        return send(res, 200, await agent.caseProgress(body));
      }
      case '/local/prefilings/card':
        expect('GET');
        return send(res, 200, await agent.prefileCard());
      case '/local/prefilings': {
        expect('POST');
        const body = parse(PrefileBody, await readJson(req, PREFILE_BODY_LIMIT));
        return send(res, 201, await agent.prefile(body));
      }
      default:
        throw new HallError(
          404,
          'NOT_FOUND',
          `没有 ${path}：可用 /local/status、/local/services、/local/tickets、/local/check-in、/local/certificates、/local/cases/query、/local/prefilings、/local/events`,
        );
    }
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (res.headersSent) return void res.end();
      if (error instanceof HallError) {
        // The body may be unread (wrong type, too large): close rather than leave it on the connection.
        if (error.status === 413 || error.status === 415) res.setHeader('connection', 'close');
        return send(res, error.status, { error: { code: error.code, message: error.message, ...(error.details ? { details: error.details } : {}) } });
      }
      if (error instanceof AgentError) {
        return send(res, statusOf(error.code), { error: { code: error.code, message: error.message, ...(error.details ? { details: error.details } : {}) } });
      }
      send(res, 500, { error: { code: 'AGENT_FAILED', message: '自助机出现故障，请联系工作人员' } });
    });
  });

  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 8090, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      resolve({
        url: `http://127.0.0.1:${port}`,
        port,
        close: () =>
          new Promise<void>((done) => {
            for (const res of streams) res.end();
            server.close(() => done());
            server.closeAllConnections();
          }),
      });
    });
  });
}
