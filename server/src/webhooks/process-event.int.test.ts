import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { db } from '../db.js';
import { makeTenant } from '../../test/fixtures.js';
import { attachConnection, startTestSandbox } from '../../test/support/sync-harness.js';
import { startWebhookServices } from '../../test/support/webhook-services.js';
import { storeDelivery } from './store.js';
import { sweepPendingEvents } from '../jobs/webhook-sweeper.js';
import { connectBrand, envelope, inventoryRecord, serveWebhookReceiver, signDelivery, waitForEvent } from '../../test/support/webhooks.js';

let receiver: Awaited<ReturnType<typeof serveWebhookReceiver>>;
const post = (d: { body: string; headers: Record<string, string> }) => receiver.post(d);

let services: ReturnType<typeof startWebhookServices>;
beforeAll(async () => {
  services = startWebhookServices({ sweepEveryMs: 60_000 });
  receiver = await serveWebhookReceiver();
});
afterAll(async () => {
  await receiver.close();
  await services.close();
});

async function connected(label: string) {
  const t = await makeTenant(label);
  const integration = await connectBrand(t.brandA.id);
  return { t, integration, connectionId: integration.connectionId! };
}

const changesOf = (brandId: string, kind: 'INVENTORY' | 'INTEGRATION_STATUS' | 'SYNC_STATUS') => db.changeLog.findMany({ where: { brandId, kind }, orderBy: { sequence: 'asc' } });

describe('webhook processing', () => {
  it('the same delivery 100 times concurrently: one stored row, one effect', async () => {
    const { t, connectionId } = await connected('Dup');
    const d = signDelivery(envelope('inventory.updated', connectionId, inventoryRecord('inv_dup', 7, '2026-02-01T10:00:00Z')));
    const statuses = await Promise.all(Array.from({ length: 100 }, async () => (await post(d)).status));
    expect(statuses.every((s) => s === 200 || s === 202)).toBe(true);
    expect(statuses.filter((s) => s === 202)).toHaveLength(1);
    const event = await waitForEvent(d.id);
    expect(event).toMatchObject({ status: 'PROCESSED', attempts: 1, error: null });
    expect(event.processedAt).toBeInstanceOf(Date);
    expect(await db.trackstarWebhookEvent.count({ where: { deliveryId: d.id } })).toBe(1);
    const item = await db.inventoryItem.findFirstOrThrow({ where: { brandId: t.brandA.id, externalId: 'inv_dup' } });
    expect(item.onHand).toBe(7);
    const changes = await changesOf(t.brandA.id, 'INVENTORY');
    expect(changes).toHaveLength(1);
    expect(changes[0]).toMatchObject({ entityId: item.id, source: 'WEBHOOK' });
    // lastWebhookAt is written just after the event's transaction commits (see process-event.ts).
    await expect.poll(async () => (await db.brandIntegration.findUniqueOrThrow({ where: { brandId: t.brandA.id } })).lastWebhookAt, { timeout: 5_000 }).toBeInstanceOf(Date);
  });

  it('an older inventory.updated after a newer one leaves the newer quantities', async () => {
    const { t, connectionId } = await connected('Order');
    const newer = signDelivery(envelope('inventory.updated', connectionId, inventoryRecord('inv_o', 10, '2026-02-01T12:00:00Z')));
    const older = signDelivery(envelope('inventory.updated', connectionId, inventoryRecord('inv_o', 5, '2026-02-01T11:00:00Z')));
    await post(newer);
    await waitForEvent(newer.id);
    await post(older);
    expect(await waitForEvent(older.id)).toMatchObject({ status: 'PROCESSED' });
    const item = await db.inventoryItem.findFirstOrThrow({ where: { brandId: t.brandA.id, externalId: 'inv_o' } });
    expect(item.onHand).toBe(10);
    expect(await changesOf(t.brandA.id, 'INVENTORY')).toHaveLength(1);
  });

  it('connection errors move the integration to ERROR and back to ACTIVE, with changes', async () => {
    const { t, integration, connectionId } = await connected('Err');
    const raised = signDelivery(envelope('connection-error.created', connectionId, { error_message: 'Invalid credentials for the WMS', affected_endpoints: [] }));
    await post(raised);
    expect(await waitForEvent(raised.id)).toMatchObject({ status: 'PROCESSED' });
    expect(await db.brandIntegration.findUniqueOrThrow({ where: { id: integration.id } })).toMatchObject({ status: 'ERROR', lastError: 'Invalid credentials for the WMS' });
    const resolved = signDelivery(envelope('connection-error.deleted', connectionId, { error_message: 'Invalid credentials for the WMS' }));
    await post(resolved);
    await waitForEvent(resolved.id);
    expect(await db.brandIntegration.findUniqueOrThrow({ where: { id: integration.id } })).toMatchObject({ status: 'ACTIVE', lastError: null });
    const changes = await changesOf(t.brandA.id, 'INTEGRATION_STATUS');
    expect(changes.map((c) => c.previous)).toEqual([{ status: 'ACTIVE' }, { status: 'ERROR' }]);
  });

  it('historical-sync-completed marks the resource ready', async () => {
    const { integration, connectionId } = await connected('Hist');
    const d = signDelivery(envelope('connection.historical-sync-completed', connectionId, { resource: 'inbound_shipments', oldest_data_date: '2026-01-01T00:00:00Z', newest_data_date: '2026-02-01T00:00:00Z' }));
    await post(d);
    expect(await waitForEvent(d.id)).toMatchObject({ status: 'PROCESSED' });
    const state = await db.syncState.findUniqueOrThrow({ where: { integrationId_resource: { integrationId: integration.id, resource: 'INBOUND_SHIPMENTS' } } });
    expect(state.historicalSyncCompletedAt).toBeInstanceOf(Date);
  });

  it('ignores unhandled types and fails bad records at once, with the reason', async () => {
    const { connectionId } = await connected('Odd');
    const bill = signDelivery(envelope('bill.created', connectionId, { id: 'b1' }));
    const broken = signDelivery(envelope('inventory.updated', connectionId, { id: 'inv_bad', onhand: 'many' }));
    await post(bill);
    await post(broken);
    expect(await waitForEvent(bill.id)).toMatchObject({ status: 'IGNORED', error: expect.stringMatching(/not handled/) });
    expect(await waitForEvent(broken.id)).toMatchObject({ status: 'FAILED', attempts: 1, error: expect.stringMatching(/invalid INVENTORY record/) });
  });

  it('re-reads a truncated payload by id through the Trackstar client before applying it', async () => {
    const sb = await startTestSandbox({ orders: 20, products: 20 });
    try {
      const t = await makeTenant('Trunc');
      const exchange = sb.sandbox.connect();
      const integration = await attachConnection(t.brandA.id, exchange, []);
      const truth = sb.sandbox.connection(exchange.connection_id).data.inventory.all()[0] as { id: string; onhand: number };
      const d = signDelivery(envelope('inventory.updated', exchange.connection_id, { id: truth.id }, { data_truncated: true, data_url: `${sb.url}/sandbox/webhook-events/evt_x` }));
      await post(d);
      expect(await waitForEvent(d.id)).toMatchObject({ status: 'PROCESSED', integrationId: integration.id });
      expect((await db.inventoryItem.findFirstOrThrow({ where: { brandId: t.brandA.id, externalId: truth.id } })).onHand).toBe(truth.onhand);
      expect(sb.requests.some((r) => r.path === '/wms/inventory' && r.query.get('ids[in]') === truth.id)).toBe(true);

      const gone = signDelivery(envelope('inventory.updated', exchange.connection_id, { id: 'inv_missing' }, { data_truncated: true }));
      await post(gone);
      expect(await waitForEvent(gone.id)).toMatchObject({ status: 'FAILED', attempts: 1, error: expect.stringMatching(/no longer in Trackstar/) });
    } finally {
      await sb.stop();
    }
  });

  it('re-reads a truncated warehouse-location payload under the warehouse that holds it', async () => {
    const sb = await startTestSandbox({ orders: 5, products: 5 });
    try {
      const t = await makeTenant('TruncLoc');
      const exchange = sb.sandbox.connect();
      await attachConnection(t.brandA.id, exchange, []);
      const data = sb.sandbox.connection(exchange.connection_id).data;
      const warehouses = data.warehouses.all() as { id: string }[];
      // A location of the last warehouse: found only after asking the others (none stored yet).
      const truth = (data.warehouse_locations.all() as { id: string; name: string; warehouse_id: string }[]).find((l) => l.warehouse_id === warehouses.at(-1)!.id)!;
      const d = signDelivery(envelope('warehouse-location.updated', exchange.connection_id, { id: truth.id }, { data_truncated: true }));
      await post(d);
      expect(await waitForEvent(d.id)).toMatchObject({ status: 'PROCESSED' });
      const stored = await db.warehouseLocation.findFirstOrThrow({ where: { brandId: t.brandA.id, externalId: truth.id } });
      expect(stored).toMatchObject({ name: truth.name, warehouseExternalId: truth.warehouse_id });

      const gone = signDelivery(envelope('warehouse-location.updated', exchange.connection_id, { id: 'loc_missing' }, { data_truncated: true }));
      await post(gone);
      expect(await waitForEvent(gone.id)).toMatchObject({ status: 'FAILED', error: expect.stringMatching(/no longer in Trackstar/) });
    } finally {
      await sb.stop();
    }
  });

  it('the sweeper enqueues events that were stored but never enqueued', async () => {
    const { t, connectionId } = await connected('Sweep');
    const d = signDelivery(envelope('inventory.updated', connectionId, inventoryRecord('inv_sw', 3, '2026-02-03T00:00:00Z')));
    const stored = await storeDelivery({ deliveryId: d.id, eventType: 'inventory.updated', connectionId, payload: d.body, sentAt: new Date() });
    expect(stored.status).toBe('PENDING');
    expect(await sweepPendingEvents({ olderThanMs: 0 })).toBeGreaterThanOrEqual(1);
    expect(await waitForEvent(d.id)).toMatchObject({ status: 'PROCESSED' });
    expect((await db.inventoryItem.findFirstOrThrow({ where: { brandId: t.brandA.id, externalId: 'inv_sw' } })).onHand).toBe(3);
  });
});
