import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { db } from '../db.js';
import { makeTenant } from '../../test/fixtures.js';
import { reprocessIgnoredForConnection } from './reresolve.js';
import { startWebhookServices } from '../../test/support/webhook-services.js';
import { storeDelivery } from './store.js';
import { envelope, signDelivery, waitForEvent } from '../../test/support/webhooks.js';

let services: ReturnType<typeof startWebhookServices>;
beforeAll(() => {
  services = startWebhookServices({ sweepEveryMs: 60_000 });
});
afterAll(async () => {
  await services.close();
});

/** Stores a delivery the way the receiver does, before any integration holds the connection. */
async function storeEarly(connectionId: string) {
  const d = signDelivery(envelope('connection.historical-sync-completed', connectionId, { resource: 'orders', oldest_data_date: '2026-01-01T00:00:00Z', newest_data_date: '2026-02-01T00:00:00Z' }));
  const stored = await storeDelivery({ deliveryId: d.id, eventType: 'connection.historical-sync-completed', connectionId, payload: d.body, sentAt: new Date() });
  expect(stored).toMatchObject({ status: 'IGNORED', integrationId: null });
  return d.id;
}

describe('reprocessIgnoredForConnection', () => {
  it('processes an event that arrived before the connection was stored', async () => {
    const t = await makeTenant('Early');
    const connectionId = randomUUID();
    const deliveryId = await storeEarly(connectionId);
    expect(await db.trackstarWebhookEvent.findUniqueOrThrow({ where: { deliveryId } })).toMatchObject({ status: 'IGNORED', error: 'unknown connection' });

    const integration = await db.brandIntegration.create({ data: { brandId: t.brandA.id, connectionId, status: 'ACTIVE', integrationName: 'sandbox', connectedAt: new Date() } });
    expect(await reprocessIgnoredForConnection(connectionId)).toBe(1);

    expect(await waitForEvent(deliveryId)).toMatchObject({ status: 'PROCESSED', error: null, integrationId: integration.id, brandId: t.brandA.id });
    const state = await db.syncState.findUniqueOrThrow({ where: { integrationId_resource: { integrationId: integration.id, resource: 'ORDERS' } } });
    expect(state.historicalSyncCompletedAt).toBeInstanceOf(Date);
    // Done once: a second call finds nothing left to reset.
    expect(await reprocessIgnoredForConnection(connectionId)).toBe(0);
  });

  it('leaves old, other-reason and disconnected events alone', async () => {
    const t = await makeTenant('Late');
    const connectionId = randomUUID();
    const old = await storeEarly(connectionId);
    await db.trackstarWebhookEvent.update({ where: { deliveryId: old }, data: { receivedAt: new Date(Date.now() - 16 * 60_000) } });
    const other = await storeEarly(connectionId);
    await db.trackstarWebhookEvent.update({ where: { deliveryId: other }, data: { error: 'event type x is not handled by Packr' } });
    await db.brandIntegration.create({ data: { brandId: t.brandA.id, connectionId, status: 'ACTIVE', integrationName: 'sandbox', connectedAt: new Date() } });
    expect(await reprocessIgnoredForConnection(connectionId)).toBe(0);

    const gone = randomUUID();
    await storeEarly(gone);
    await db.brandIntegration.create({ data: { brandId: t.brandB.id, connectionId: gone, status: 'DISCONNECTED', integrationName: 'sandbox', connectedAt: new Date() } });
    expect(await reprocessIgnoredForConnection(gone)).toBe(0);
  });
});
