// The webhook receiver's limits over real HTTP: 413 that a sender actually receives, the per-address
// limit on refused deliveries, and the bounded sample of refusals kept in the inbox.
import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sendThenRead } from '../../../test/support/raw-http.js';
import { db } from '../../db.js';
import { closeLimiterRedis } from '../../lib/failure-limiter.js';
import { payloadTooLarge, rateLimited, webhookRefusals } from '../../lib/metrics.js';
import { closeWebhookQueue } from '../../jobs/webhook-queue.js';
import { envelope, signDelivery, TEST_WEBHOOK_SECRET } from '../../../test/support/webhooks.js';
import { MAX_WEBHOOK_BYTES, trackstarWebhookRoute, WEBHOOK_PATH, type TrackstarWebhookOptions } from './trackstar.js';

/** The route alone on a real server, behind one trusted proxy so each test can speak for its own address. */
async function serve(options: TrackstarWebhookOptions = {}) {
  const route = trackstarWebhookRoute({ secrets: [TEST_WEBHOOK_SECRET], trustedProxyHops: 1, limiterName: `test-webhook-${randomUUID()}`, ...options });
  const server = createServer((req, res) => {
    if (!route(req, res)) res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  servers.push(server);
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}${WEBHOOK_PATH}`;
  const post = (body: string, headers: Record<string, string>, address: string) =>
    fetch(url, { method: 'POST', headers: { ...headers, 'x-forwarded-for': address }, body });
  return { url, post };
}

const servers: Server[] = [];
let receiver: Awaited<ReturnType<typeof serve>>;
beforeAll(async () => {
  receiver = await serve();
});
afterAll(async () => {
  for (const server of servers) {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
  await closeWebhookQueue();
  await closeLimiterRedis();
});

let nextAddress = 0;
const freshAddress = () => `192.0.2.${++nextAddress}`;

const count = async (counter: typeof webhookRefusals | typeof rateLimited | typeof payloadTooLarge, labels: Record<string, string>) =>
  (await counter.get()).values.find((v) => Object.entries(labels).every(([k, l]) => v.labels[k as never] === l))?.value ?? 0;

/** A signed delivery whose body is exactly `size` bytes of valid JSON (the connection is unknown: stored IGNORED). */
function signedOfSize(size: number) {
  const base = envelope('order.updated', randomUUID(), { pad: '' });
  const pad = size - JSON.stringify(base).length;
  return signDelivery(envelope('order.updated', base.connection_id, { pad: 'x'.repeat(pad) }));
}

/** A delivery whose signature does not verify, with a marker to find its stored row. */
function forged(marker: string) {
  const d = signDelivery(envelope('order.updated', randomUUID(), { marker }));
  return { body: d.body, headers: { ...d.headers, 'svix-signature': 'v1,AAAA' } };
}
const storedMarkers = async (prefix: string) =>
  (await db.$queryRaw<{ m: string }[]>`SELECT (payload->>'raw')::jsonb->'data'->>'marker' AS m FROM trackstar_webhook_event
     WHERE "signatureValid" = false AND payload->>'raw' LIKE ${`%${prefix}%`} ORDER BY "receivedAt"`).map((r) => r.m);

describe('webhook body limit', () => {
  it('accepts a signed body of exactly 1 MiB from a sender that writes it all before reading', async () => {
    const d = signedOfSize(MAX_WEBHOOK_BYTES);
    expect(Buffer.byteLength(d.body)).toBe(MAX_WEBHOOK_BYTES);
    const declared = await sendThenRead(receiver.url, { headers: { ...d.headers, 'x-forwarded-for': freshAddress() }, body: d.body });
    expect(declared.status).toBe(202);
    const again = signedOfSize(MAX_WEBHOOK_BYTES);
    const chunked = await sendThenRead(receiver.url, { headers: { ...again.headers, 'x-forwarded-for': freshAddress() }, body: again.body, chunked: true });
    expect(chunked.status).toBe(202);
  });

  it('answers 1 MiB + 1 byte with a 413 the sender receives, declared or chunked (no connection reset)', async () => {
    const before = await count(payloadTooLarge, { route: 'webhook' });
    const ways = [
      { chunked: false, connection: 'keep-alive' },
      { chunked: true, connection: 'keep-alive' },
      // Node closes these connections after the answer: the answer must wait for the body.
      { chunked: false, connection: 'close' },
      { chunked: true, connection: 'close' },
    ];
    for (const way of ways) {
      const d = signedOfSize(MAX_WEBHOOK_BYTES + 1);
      const res = await sendThenRead(receiver.url, { headers: { ...d.headers, 'x-forwarded-for': freshAddress(), connection: way.connection }, body: d.body, chunked: way.chunked });
      expect(res.status, JSON.stringify(way)).toBe(413);
      expect(JSON.parse(res.body).error.code).toBe('PAYLOAD_TOO_LARGE');
      expect(await db.trackstarWebhookEvent.findUnique({ where: { deliveryId: d.id } })).toBeNull();
    }
    expect(await count(payloadTooLarge, { route: 'webhook' })).toBe(before + ways.length);
  });

  it('answers a body well past the limit with 413 too (read and discarded within the bound)', async () => {
    const res = await sendThenRead(receiver.url, { headers: { 'content-type': 'application/json', 'x-forwarded-for': freshAddress() }, body: Buffer.alloc(3 * MAX_WEBHOOK_BYTES, 'x') });
    expect(res.status).toBe(413);
  });
});

describe('refused deliveries per source address', () => {
  it('answers 401 up to the limit, then 429 with retry-after, and stores only the first few', async () => {
    const limited = await serve({ refusalsPerMinute: 4, refusalsStoredPerMinute: 2 });
    const address = freshAddress();
    const prefix = `limit-${randomUUID()}`;
    const refusedBefore = await count(webhookRefusals, { reason: 'INVALID_SIGNATURE' });
    const limitedBefore = await count(rateLimited, { limit: 'webhook' });

    const answers = [];
    for (let i = 1; i <= 6; i++) {
      const d = forged(`${prefix}-${i}`);
      answers.push(await limited.post(d.body, d.headers, address));
    }
    expect(answers.map((r) => r.status)).toEqual([401, 401, 401, 401, 429, 429]);
    const over = answers[4];
    expect(Number(over.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(Number(over.headers.get('retry-after'))).toBeLessThanOrEqual(60);
    expect((await over.json()).error.code).toBe('RATE_LIMITED');

    expect(await storedMarkers(prefix)).toEqual([`${prefix}-1`, `${prefix}-2`]);
    expect(await count(webhookRefusals, { reason: 'INVALID_SIGNATURE' })).toBe(refusedBefore + 6);
    expect(await count(rateLimited, { limit: 'webhook' })).toBe(limitedBefore + 2);
  });

  it('still accepts a genuine delivery from a limited address, and limits each address on its own', async () => {
    const limited = await serve({ refusalsPerMinute: 2 });
    const noisy = freshAddress();
    for (let i = 0; i < 3; i++) {
      const d = forged('noise');
      await limited.post(d.body, d.headers, noisy);
    }
    const junk = forged('noise');
    expect((await limited.post(junk.body, junk.headers, noisy)).status).toBe(429);

    const genuine = signDelivery(envelope('order.updated', randomUUID(), { id: 'o' }));
    expect((await limited.post(genuine.body, genuine.headers, noisy)).status).toBe(202);

    const other = forged('other');
    expect((await limited.post(other.body, other.headers, freshAddress())).status).toBe(401);
  });

  it('counts missing signature headers as refusals too', async () => {
    const limited = await serve({ refusalsPerMinute: 1 });
    const address = freshAddress();
    const bare = () => limited.post('{}', { 'content-type': 'application/json' }, address);
    expect((await bare()).status).toBe(400);
    expect((await bare()).status).toBe(429);
  });

  it('keeps only the newest refused rows overall', async () => {
    const capped = await serve({ refusedRowsKept: 3, refusalsStoredPerMinute: 10 });
    const prefix = `cap-${randomUUID()}`;
    for (let i = 1; i <= 5; i++) {
      const d = forged(`${prefix}-${i}`);
      expect((await capped.post(d.body, d.headers, freshAddress())).status).toBe(401);
    }
    expect(await storedMarkers(prefix)).toEqual([`${prefix}-3`, `${prefix}-4`, `${prefix}-5`]);
    const rows = await db.trackstarWebhookEvent.count({ where: { signatureValid: false, status: 'FAILED' } });
    expect(rows).toBe(3);
  });
});
