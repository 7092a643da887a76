import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { db } from '../../db.js';
import { makeTenant } from '../../../test/fixtures.js';
import { closeWebhookQueue, webhookQueue } from '../../jobs/webhook-queue.js';
import { connectBrand, envelope, serveWebhookReceiver, signDelivery } from '../../../test/support/webhooks.js';

// The route alone on a real HTTP server, so this file does not depend on the rest of the API.
let receiver: Awaited<ReturnType<typeof serveWebhookReceiver>>;
beforeAll(async () => {
  receiver = await serveWebhookReceiver();
});
afterAll(async () => {
  await receiver.close();
  await closeWebhookQueue();
});

const post = (body: string, headers: Record<string, string>) => receiver.post({ body, headers });

async function setup() {
  const t = await makeTenant('Hook');
  const integration = await connectBrand(t.brandA.id);
  return { t, integration };
}

describe('POST /api/webhooks/trackstar', () => {
  it('stores a valid delivery, enqueues it under its delivery id and answers 202', async () => {
    const { t, integration } = await setup();
    const d = signDelivery(envelope('inventory.updated', integration.connectionId!, { id: 'inv_1' }));
    const res = await post(d.body, d.headers);
    expect(res.status).toBe(202);
    const row = await db.trackstarWebhookEvent.findUniqueOrThrow({ where: { deliveryId: d.id } });
    expect(row).toMatchObject({ eventType: 'inventory.updated', brandId: t.brandA.id, integrationId: integration.id, signatureValid: true, status: 'PENDING' });
    expect(row.sentAt).toBeInstanceOf(Date);
    const job = await webhookQueue().getJob(d.id);
    expect(job?.data).toEqual({ eventId: row.id, integrationId: integration.id });
  });

  it('acknowledges a repeated delivery without storing it twice', async () => {
    const { integration } = await setup();
    const d = signDelivery(envelope('order.updated', integration.connectionId!, { id: 'ord_1' }));
    const first = await post(d.body, d.headers);
    const again = await post(d.body, d.headers);
    expect(first.status).toBe(202);
    expect(again.status).toBe(200);
    expect(await again.json()).toMatchObject({ duplicate: true });
    expect(await db.trackstarWebhookEvent.count({ where: { deliveryId: d.id } })).toBe(1);
  });

  it('refuses a bad signature with 401 and records it without a delivery id', async () => {
    const { integration } = await setup();
    const d = signDelivery(envelope('order.updated', integration.connectionId!, { id: 'forged-marker-401' }));
    const res = await post(d.body.replace('forged', 'FORGED'), d.headers);
    expect(res.status).toBe(401);
    expect(await res.json()).toEqual({ error: { code: 'INVALID_SIGNATURE', message: expect.any(String) } });
    const rows = await db.$queryRaw<{ n: bigint }[]>`SELECT count(*) AS n FROM trackstar_webhook_event WHERE payload::text LIKE '%FORGED-marker-401%' AND "signatureValid" = false AND "deliveryId" IS NULL AND status = 'FAILED'`;
    expect(Number(rows[0].n)).toBe(1);
  });

  it('answers 400 for missing headers and for a non-JSON body after a valid signature', async () => {
    const missing = await post('{}', { 'content-type': 'application/json' });
    expect(missing.status).toBe(400);
    expect((await missing.json()).error.code).toBe('MISSING_SIGNATURE_HEADERS');
    const d = signDelivery('this is not json');
    const res = await post(d.body, d.headers);
    expect(res.status).toBe(400);
    expect((await res.json()).error.code).toBe('INVALID_PAYLOAD');
    expect(await db.trackstarWebhookEvent.findUnique({ where: { deliveryId: d.id } })).toMatchObject({ status: 'FAILED', signatureValid: true });
  });

  it('caps what a refused delivery may store', async () => {
    const d = signDelivery({ event_type: 'order.updated', junk: 'x'.repeat(200_000) });
    const res = await post(d.body, { ...d.headers, 'svix-signature': 'v1,AAAA' });
    expect(res.status).toBe(401);
    const rows = await db.$queryRaw<{ len: number }[]>`SELECT max(length(payload::text))::int AS len FROM trackstar_webhook_event WHERE "signatureValid" = false`;
    expect(rows[0].len).toBeLessThan(5_000);
  });

  it('answers 413 for bodies over 1 MiB, declared or streamed', async () => {
    const big = 'x'.repeat(1024 * 1024 + 10);
    const declared = await post(big, { 'content-type': 'application/json' });
    expect(declared.status).toBe(413);
    // No Content-Length: the bytes are counted while reading.
    const stream = new ReadableStream({
      start(c) {
        for (let i = 0; i < 20; i++) c.enqueue(new TextEncoder().encode('y'.repeat(64 * 1024)));
        c.close();
      },
    });
    const streamed = await receiver.post({ body: stream }, { duplex: 'half' } as RequestInit);
    expect(streamed.status).toBe(413);
    expect((await streamed.json()).error.code).toBe('PAYLOAD_TOO_LARGE');
  });

  it('stores events of unknown or disconnected connections as IGNORED, with the reason', async () => {
    const t = await makeTenant('Gone');
    const gone = await connectBrand(t.brandA.id, 'DISCONNECTED');
    const unknown = signDelivery(envelope('order.updated', '00000000-0000-4000-8000-000000000000', { id: 'o' }));
    const disconnected = signDelivery(envelope('order.updated', gone.connectionId!, { id: 'o' }));
    expect((await post(unknown.body, unknown.headers)).status).toBe(202);
    expect((await post(disconnected.body, disconnected.headers)).status).toBe(202);
    expect(await db.trackstarWebhookEvent.findUnique({ where: { deliveryId: unknown.id } })).toMatchObject({ status: 'IGNORED', error: 'unknown connection' });
    expect(await db.trackstarWebhookEvent.findUnique({ where: { deliveryId: disconnected.id } })).toMatchObject({ status: 'IGNORED', error: 'connection is disconnected' });
  });

  it('answers 503 when no secret is configured', async () => {
    const bare = await serveWebhookReceiver([]);
    try {
      const d = signDelivery(envelope('order.updated', 'x', {}));
      const res = await bare.post(d);
      expect(res.status).toBe(503);
      expect((await res.json()).error.code).toBe('WEBHOOKS_NOT_CONFIGURED');
    } finally {
      await bare.close();
    }
  });

  it('answers other methods with 405, echoes a safe x-request-id and ignores the query string', async () => {
    const get = await fetch(receiver.url, { method: 'GET', headers: { 'x-request-id': 'trace-123' } });
    expect(get.status).toBe(405);
    expect(get.headers.get('allow')).toBe('POST');
    expect(get.headers.get('x-request-id')).toBe('trace-123');
    expect((await get.json()).error.code).toBe('METHOD_NOT_ALLOWED');
    const unsafe = await fetch(`${receiver.url}?from=svix`, { method: 'POST', headers: { 'x-request-id': 'not a safe id; <script>' }, body: '{}' });
    expect(unsafe.status).toBe(400);
    expect(unsafe.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });
});
