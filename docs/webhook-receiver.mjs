#!/usr/bin/env node
// A sample receiver of the hall's webhooks, plain Node with no dependencies (docs/api-guide.md "Webhooks").
//   WEBHOOK_SECRET=whsec_… PORT=8099 node docs/webhook-receiver.mjs
// It checks each delivery's signature and timestamp, answers 2xx only once it has taken the delivery, and handles
// each id once: the hall retries until it gets a 2xx, so the same id can arrive again (a lost answer, a restart).
// Each delivery taken is printed as one JSON line: {"id", "type", "duplicate", "data"}.
import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer } from 'node:http';

const secret = process.env.WEBHOOK_SECRET;
if (!secret) {
  console.error('set WEBHOOK_SECRET to the secret POST /api/v1/webhooks returned');
  process.exit(2);
}
const port = Number(process.env.PORT ?? 8099);
const host = process.env.HOST ?? '127.0.0.1';
/** Deliveries older or newer than this are refused: a recorded request cannot be replayed later. */
const TOLERANCE_SECONDS = 5 * 60;
// A real receiver keeps the ids it handled in its database, in the same transaction as what it does with them.
const seen = new Set();

/** True when `signature` is `v1=<hex HMAC-SHA256 of "<timestamp>.<body>">` under the secret. */
function verify(secretText, timestamp, body, signature) {
  const expected = Buffer.from(`v1=${createHmac('sha256', secretText).update(`${timestamp}.${body}`).digest('hex')}`);
  // A rotated secret leaves a moment where either may sign: a header may carry several, separated by spaces.
  return String(signature ?? '')
    .split(' ')
    .some((candidate) => {
      const given = Buffer.from(candidate);
      return given.length === expected.length && timingSafeEqual(given, expected);
    });
}

const server = createServer((req, res) => {
  const chunks = [];
  req.on('data', (c) => chunks.push(c));
  req.on('end', () => {
    const body = Buffer.concat(chunks).toString('utf8');
    const id = req.headers['hall-webhook-id'];
    const timestamp = Number(req.headers['hall-webhook-timestamp']);
    if (!Number.isInteger(timestamp) || Math.abs(Date.now() / 1000 - timestamp) > TOLERANCE_SECONDS) {
      res.writeHead(400).end('timestamp missing or too far from now');
      return;
    }
    if (!verify(secret, timestamp, body, req.headers['hall-webhook-signature'])) {
      res.writeHead(401).end('bad signature');
      return;
    }
    let delivery;
    try {
      delivery = JSON.parse(body);
    } catch {
      res.writeHead(400).end('body is not JSON');
      return;
    }
    if (delivery.id !== id) {
      res.writeHead(400).end('Hall-Webhook-Id differs from the body id');
      return;
    }
    const duplicate = seen.has(id);
    seen.add(id);
    // Here an SMS platform would queue its message (once: only when !duplicate).
    process.stdout.write(`${JSON.stringify({ id, type: delivery.type, duplicate, data: delivery.data })}\n`);
    res.writeHead(204).end();
  });
});

server.listen(port, host, () => {
  const address = server.address();
  console.error(`webhook receiver listening on http://${host}:${typeof address === 'object' && address ? address.port : port}`);
});
process.on('SIGTERM', () => server.close(() => process.exit(0)));
