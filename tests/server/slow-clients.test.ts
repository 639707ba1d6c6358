// Clients that are slow or send too much, over raw loopback sockets: the header timeout holds at 15 s, and a client
// still uploading an oversized body reads its complete 413 instead of a reset.
import { connect, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestHall, type TestHall } from '../helpers/hall.ts';

let hall: TestHall;

beforeAll(async () => {
  hall = await startTestHall();
});
afterAll(async () => {
  await hall?.close();
});

interface Exchange {
  received: string;
  error: NodeJS.ErrnoException | null;
  closedAfterMs: number;
}

function open(): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = connect(hall.server.port, '127.0.0.1', () => resolve(socket));
    socket.once('error', reject);
  });
}

/** Everything the server sends until the connection closes, and any socket error on the way. */
function collect(socket: Socket): Promise<Exchange> {
  const start = performance.now();
  let received = '';
  let error: NodeJS.ErrnoException | null = null;
  socket.on('data', (chunk: Buffer) => (received += chunk.toString('latin1')));
  socket.on('error', (e: NodeJS.ErrnoException) => (error = e));
  return new Promise((resolve) => socket.once('close', () => resolve({ received, error, closedAfterMs: performance.now() - start })));
}

/** Writes `total` bytes in 64 KB pieces a few ms apart, as a client on a real network does; stops once the socket is gone. */
async function upload(socket: Socket, total: number): Promise<number> {
  const piece = Buffer.alloc(64 * 1024, 'a');
  let sent = 0;
  while (sent < total && !socket.destroyed) {
    const ok = socket.write(piece.subarray(0, Math.min(piece.length, total - sent)));
    sent += Math.min(piece.length, total - sent);
    if (!ok) await new Promise((r) => socket.once('drain', r).once('close', r));
    await new Promise((r) => setTimeout(r, 5));
  }
  return sent;
}

function expect413(exchange: Exchange): void {
  expect(exchange.error).toBeNull();
  const [head, body] = exchange.received.split('\r\n\r\n');
  expect(head).toMatch(/^HTTP\/1\.1 413 /);
  expect(head).toMatch(/\r\nconnection: close/i);
  const length = Number(/\r\ncontent-length: (\d+)/i.exec(head!)![1]);
  expect(Buffer.byteLength(body!)).toBe(length);
  const json = JSON.parse(body!) as { error: { code: string; message: string } };
  expect(json.error.code).toBe('PAYLOAD_TOO_LARGE');
  expect(json.error.message).toContain('send less');
}

describe('oversized bodies', () => {
  it('a client uploading 1 MB with Content-Length gets its complete 413 and no reset', async () => {
    const socket = await open();
    const done = collect(socket);
    socket.write(`POST /api/v1/auth/login HTTP/1.1\r\nHost: hall\r\nContent-Type: application/json\r\nContent-Length: ${1024 * 1024}\r\n\r\n`);
    expect(await upload(socket, 1024 * 1024)).toBe(1024 * 1024);
    socket.end();
    expect413(await done);
  });

  it('a chunked upload of 1 MB (no length given) gets its complete 413 and no reset', async () => {
    const socket = await open();
    const done = collect(socket);
    socket.write('POST /api/v1/auth/login HTTP/1.1\r\nHost: hall\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n');
    const chunk = Buffer.alloc(32 * 1024, 'b');
    for (let i = 0; i < 32 && !socket.destroyed; i++) {
      if (!socket.write(Buffer.concat([Buffer.from(`${chunk.length.toString(16)}\r\n`), chunk, Buffer.from('\r\n')]))) {
        await new Promise((r) => socket.once('drain', r).once('close', r));
      }
      await new Promise((r) => setTimeout(r, 5));
    }
    socket.end('0\r\n\r\n');
    expect413(await done);
  });

  it('a client that never stops sending is cut off once the drain limit is passed', async () => {
    const socket = await open();
    const done = collect(socket);
    socket.write(`POST /api/v1/auth/login HTTP/1.1\r\nHost: hall\r\nContent-Length: ${64 * 1024 * 1024}\r\n\r\n`);
    const sent = await upload(socket, 64 * 1024 * 1024);
    const exchange = await done;
    expect(sent).toBeLessThan(64 * 1024 * 1024);
    expect(exchange.received).toMatch(/^HTTP\/1\.1 413 /);
  });
});

describe('header timeout', () => {
  it('a client sending its headers a byte a second is answered 408 and closed after about 15 s, not 30', async () => {
    const socket = await open();
    const done = collect(socket);
    socket.write('GET /api/v1/health HTTP/1.1\r\nHost: hall\r\nX-Slow: ');
    const drip = setInterval(() => socket.writable && socket.write('a'), 1000);
    const exchange = await done;
    clearInterval(drip);
    expect(exchange.closedAfterMs).toBeGreaterThan(14_000);
    expect(exchange.closedAfterMs).toBeLessThan(25_000);
    expect(exchange.received).toMatch(/^HTTP\/1\.1 408 /);
    expect(exchange.received).toContain('"code":"REQUEST_TIMEOUT"');
  }, 40_000);
});
