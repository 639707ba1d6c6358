// GET /updates/<shell>/<file>: the shells' update feed (electron-updater's generic provider) from HALL_UPDATES_DIR.
// An administrator copies latest.yml, latest-linux.yml and the installers there after `npm run dist:*`; the files are
// public like the pages, and only plain file names one folder down are served.
import { createReadStream, statSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { join } from 'node:path';

const FEED_PATH = /^\/updates\/(kiosk|counter|display)\/([A-Za-z0-9][A-Za-z0-9._-]*)$/;

/** Answers /updates/… from `dir` (true), or leaves the request to others (false). */
export function updateFeedHandler(dir: string | undefined) {
  return (req: IncomingMessage, res: ServerResponse): boolean => {
    const path = (req.url ?? '/').split('?')[0]!;
    if (!path.startsWith('/updates/')) return false;
    const m = FEED_PATH.exec(path);
    const file = dir && m && (req.method === 'GET' || req.method === 'HEAD') ? join(dir, m[1]!, m[2]!) : null;
    let size = -1;
    try {
      if (file) size = statSync(file).isFile() ? statSync(file).size : -1;
    } catch {
      size = -1;
    }
    if (!file || size < 0) {
      const body = JSON.stringify({
        error: {
          code: 'NOT_FOUND',
          message: dir ? 'no such update file: publish the installers and latest*.yml there' : 'no update feed: set HALL_UPDATES_DIR',
        },
      });
      res.writeHead(404, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(body) });
      res.end(body);
      return true;
    }
    res.writeHead(200, {
      'content-type': file.endsWith('.yml') ? 'text/yaml; charset=utf-8' : 'application/octet-stream',
      'content-length': size,
      // latest.yml changes with each release; installers are named by version.
      'cache-control': file.endsWith('.yml') ? 'no-cache' : 'public, max-age=86400',
      'x-content-type-options': 'nosniff',
    });
    if (req.method === 'HEAD') res.end();
    else createReadStream(file).pipe(res);
    return true;
  };
}

/** /updates is served beside the router: its description is added to the OpenAPI document here. */
export function withUpdatesPath(doc: unknown): unknown {
  (doc as { paths: Record<string, unknown> }).paths['/updates/{shell}/{file}'] = {
    get: {
      summary: "The shells' update feed (electron-updater generic provider): latest*.yml and installers from HALL_UPDATES_DIR/<shell>/",
      tags: ['system'],
      'x-roles': 'public',
      parameters: [
        { name: 'shell', in: 'path', required: true, schema: { type: 'string', enum: ['kiosk', 'counter', 'display'] } },
        { name: 'file', in: 'path', required: true, schema: { type: 'string', pattern: '^[A-Za-z0-9][A-Za-z0-9._-]*$' } },
      ],
      responses: { '200': { description: 'the file' }, '404': { $ref: '#/components/responses/Error' } },
    },
  };
  return doc;
}
