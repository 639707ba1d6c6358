// The router's own parsing: request targets read without the URL parser must read exactly as the URL parser
// reads them, and a route without parameters found directly must be the route the ordered list would find.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { HallError } from '../../core/errors.ts';
import { Router, errorReply, requestTarget, route } from '../../server/http.ts';

const read = (parse: (raw: string) => { pathname: string; searchParams: URLSearchParams }) => (raw: string) => {
  try {
    const t = parse(raw);
    return { pathname: t.pathname, query: [...t.searchParams] };
  } catch {
    return 'malformed';
  }
};
const viaUrl = read((raw) => new URL(raw, 'http://hall.local'));
const viaRouter = read(requestTarget);

describe('requestTarget', () => {
  it('reads paths and queries as the WHATWG URL parser does', () => {
    const samples = [
      '/',
      '/api/v1/tickets',
      '/api/v1/tickets/',
      '/api/v1/tickets?serviceId=a&serviceId=b',
      '/a/./b',
      '/a/../b',
      '/a/.hidden',
      '/a/b?x=1#frag',
      '/a?x=%20y+z',
      '/a?x="q"&y=<>',
      '/a//b',
      '/a%2Fb/c',
      '/a?',
      '/a?x=1?y=2',
      'http://other.host/api/v1/health?x=1',
      '/中文?名=值',
      '//',
      '/a??x',
      '/?%2e%中',
    ];
    for (const raw of samples) expect(viaRouter(raw), raw).toEqual(viaUrl(raw));
    expect(viaRouter('//')).toBe('malformed');
  });

  it('agrees with the URL parser on arbitrary targets', () => {
    const part = fc.constantFrom('/', 'a', 'B', '0', '.', '..', '-', '_', '~', '%', '%2e', '?', '&', '=', '#', '+', ' ', '\t', '\u0000', '"', '中');
    fc.assert(
      fc.property(fc.array(part, { maxLength: 12 }), (parts) => {
        const raw = `/${parts.join('')}`;
        expect(viaRouter(raw)).toEqual(viaUrl(raw));
      }),
      { numRuns: 20000 },
    );
  });
});

describe('Router.match', () => {
  const handler = () => ({ status: 200, body: null });
  const def = (method: 'GET' | 'POST', path: string, summary: string) =>
    route({ method, path, roles: 'public', summary, tag: 't', handler, ...(method === 'POST' ? { body: z.object({}) } : {}) });

  it('finds routes in the order they were added, with or without parameters', () => {
    const router = new Router();
    router.add(def('GET', '/things/:id', 'one thing'), def('GET', '/things/latest', 'shadowed'), def('GET', '/things', 'all things'));
    router.add(def('POST', '/things', 'add a thing'));
    const found = (method: string, path: string) => {
      const m = router.match(method, path);
      return m === null || m === 'method' ? m : { summary: m.def.summary, params: m.params };
    };
    expect(found('GET', '/things')).toEqual({ summary: 'all things', params: {} });
    expect(found('POST', '/things')).toEqual({ summary: 'add a thing', params: {} });
    // Added after a route that already matches its path, so never reached: as before the direct lookup.
    expect(found('GET', '/things/latest')).toEqual({ summary: 'one thing', params: { id: 'latest' } });
    expect(found('GET', '/things/a%20b')).toEqual({ summary: 'one thing', params: { id: 'a b' } });
    expect(found('DELETE', '/things')).toBe('method');
    expect(found('GET', '/nothing')).toBeNull();
  });
});

describe('errorReply', () => {
  it('gives every 429 a Retry-After in whole seconds (at least 1), from details.retryAfterSeconds or else 60', () => {
    expect(errorReply(new HallError(429, 'TOO_MANY_ATTEMPTS', 'wait', { retryAfterSeconds: 7 })).headers).toEqual({ 'retry-after': '7' });
    expect(errorReply(new HallError(429, 'TOO_MANY_ATTEMPTS', 'wait', { retryAfterSeconds: 0.2 })).headers).toEqual({ 'retry-after': '1' });
    expect(errorReply(new HallError(429, 'RATE_LIMITED', 'slow down')).headers).toEqual({ 'retry-after': '60' });
    expect(errorReply(new HallError(409, 'SERVICE_CLOSED', 'closed')).headers).toBeUndefined();
  });
});
