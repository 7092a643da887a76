// Group commit of the webhook inbox: concurrent deliveries are stored together, each caller gets
// its own outcome (stored, duplicate, IGNORED, or an error for a row PostgreSQL refuses).
import { randomUUID } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { db } from '../db.js';
import { makeTenant } from '../../test/fixtures.js';
import { acceptDelivery } from './inbox-batch.js';
import { closeWebhookQueue, jobIdFor, webhookQueue } from '../jobs/webhook-queue.js';
import { connectBrand, envelope } from '../../test/support/webhooks.js';

afterAll(async () => {
  await closeWebhookQueue();
});

const delivery = (connectionId: string | null, body: string = JSON.stringify(envelope('inventory.updated', connectionId ?? '', { id: 'x' }))) => {
  const deliveryId = `msg_${randomUUID().replaceAll('-', '')}`;
  return { input: { deliveryId, eventType: 'inventory.updated', connectionId, payload: body, sentAt: new Date() }, jobId: jobIdFor(deliveryId) };
};

describe('webhook inbox group commit', () => {
  it('answers every concurrent delivery with its own outcome', async () => {
    const t = await makeTenant('Batch');
    const { connectionId } = await connectBrand(t.brandA.id);
    const fresh = Array.from({ length: 10 }, () => delivery(connectionId));
    const repeat = { ...fresh[0] };
    const unknown = delivery(randomUUID());
    // JSON.parse accepts \u0000 but jsonb refuses it: that row fails alone.
    const refused = delivery(connectionId, '{"event_type":"inventory.updated","data":"\\u0000"}');

    const outcomes = await Promise.allSettled([...fresh, repeat, unknown, refused].map((d) => acceptDelivery(d.input, d.jobId)));
    const value = (i: number) => (outcomes[i] as PromiseFulfilledResult<Awaited<ReturnType<typeof acceptDelivery>>>).value;

    for (let i = 0; i < 10; i++) expect(value(i)).toMatchObject({ status: 'PENDING', queued: true, eventId: expect.any(String) });
    expect(value(10)).toMatchObject({ eventId: null }); // the same delivery id again: a duplicate
    expect(value(11)).toMatchObject({ status: 'IGNORED', queued: null });
    expect(outcomes[12].status).toBe('rejected');

    const rows = await db.trackstarWebhookEvent.findMany({ where: { deliveryId: { in: [...fresh, unknown, refused].map((d) => d.input.deliveryId) } } });
    expect(rows).toHaveLength(11);
    expect(rows.find((r) => r.deliveryId === unknown.input.deliveryId)).toMatchObject({ status: 'IGNORED', error: 'unknown connection' });
    const jobs = await Promise.all(fresh.map((d) => webhookQueue().getJob(d.jobId)));
    expect(jobs.map((j) => j?.data.eventId)).toEqual(fresh.map((_, i) => value(i).eventId));
  });
});
