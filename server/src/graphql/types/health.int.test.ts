import { encodeGlobalID } from '@pothos/plugin-relay';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { db } from '../../db.js';
import { buildApp } from '../../http/app.js';
import { trackstarWebhookRoute, WEBHOOK_PATH } from '../../http/webhooks/trackstar.js';
import { gql, makeTenant } from '../../../test/fixtures.js';
import { closeSyncQueue } from '../../jobs/queues.js';
import { startWebhookServices } from '../../../test/support/webhook-services.js';
import { connectBrand, envelope, inventoryRecord, signDelivery, TEST_WEBHOOK_SECRET, waitForEvent } from '../../../test/support/webhooks.js';

const app = buildApp({ nodeRoutes: [trackstarWebhookRoute({ secrets: [TEST_WEBHOOK_SECRET] })] });
let baseUrl = '';
let services: ReturnType<typeof startWebhookServices>;
beforeAll(async () => {
  services = startWebhookServices({ sweepEveryMs: 60_000 });
  baseUrl = (await app.start(0, '127.0.0.1')).url;
});
afterAll(async () => {
  await services.close();
  await closeSyncQueue();
  await app.stop();
});

const post = (d: { body: string; headers: Record<string, string> }) =>
  fetch(`${baseUrl}${WEBHOOK_PATH}`, { method: 'POST', headers: d.headers, body: d.body });

const HEALTH = `query($brandId: ID!) { health(brandId: $brandId) {
  integrationStatus lastError lastWebhookAt
  resources { resource status records historicalSyncCompleted inProgress dataAgeSeconds }
  queues { webhooks { waiting active delayed failed } sync { waiting } capped }
  recentWebhooks { id eventType status attempts error lagMs }
  webhookLag { samples p50Ms maxMs }
} }`;
const REPLAY = `mutation($id: ID!) { replayWebhookEvent(id: $id) { id status } }`;

describe('health and replay', () => {
  it('reports integration, resources, queue counts, recent webhooks and lag for a visible brand only', async () => {
    const t = await makeTenant('Health');
    const integration = await connectBrand(t.brandA.id);
    const d1 = signDelivery(envelope('inventory.updated', integration.connectionId!, inventoryRecord('inv_h', 4, '2026-04-01T00:00:00Z')));
    const d2 = signDelivery(envelope('connection.historical-sync-completed', integration.connectionId!, { resource: 'inventory', oldest_data_date: '2026-01-01T00:00:00Z', newest_data_date: '2026-04-01T00:00:00Z' }));
    await post(d1);
    await post(d2);
    await waitForEvent(d1.id);
    await waitForEvent(d2.id);
    // lastWebhookAt is advisory and written just after the event's commit (process-event.ts).
    await expect.poll(async () => (await db.brandIntegration.findUniqueOrThrow({ where: { id: integration.id } })).lastWebhookAt, { timeout: 5_000 }).toBeInstanceOf(Date);

    const res = await gql(app.yoga, HEALTH, { brandId: encodeGlobalID('Brand', t.brandA.id) }, t.keys.viewer);
    expect(res.body.errors).toBeUndefined();
    const h = res.body.data.health;
    expect(h.integrationStatus).toBe('ACTIVE');
    expect(h.lastWebhookAt).toEqual(expect.any(String));
    expect(h.resources).toEqual([expect.objectContaining({ resource: 'INVENTORY', records: 1, historicalSyncCompleted: true })]);
    expect(h.queues).toMatchObject({ webhooks: { waiting: 0, active: 0, failed: 0 }, capped: false });
    expect(h.recentWebhooks.map((e: { eventType: string }) => e.eventType).sort()).toEqual(['connection.historical-sync-completed', 'inventory.updated']);
    expect(h.webhookLag.samples).toBe(2);
    expect(h.webhookLag.maxMs).toBeGreaterThanOrEqual(h.webhookLag.p50Ms);

    const other = await makeTenant('Nosy');
    const foreign = await gql(app.yoga, HEALTH, { brandId: encodeGlobalID('Brand', t.brandA.id) }, other.keys.owner);
    expect(foreign.body.errors?.[0]).toMatchObject({ message: 'Brand not found', extensions: { code: 'NOT_FOUND' } });
    const viewerB = await gql(app.yoga, HEALTH, { brandId: encodeGlobalID('Brand', t.brandB.id) }, t.keys.viewer);
    expect(viewerB.body.errors?.[0].message).toBe('Brand not found');
  });

  it('replays an IGNORED event once its connection exists, for managers of the owning 3PL only', async () => {
    const t = await makeTenant('Replay');
    const connectionId = '11111111-2222-4333-8444-555555555555'.replace('5555', String(Date.now() % 10_000).padStart(4, '0'));
    const d = signDelivery(envelope('inventory.updated', connectionId, inventoryRecord('inv_rp', 9, '2026-04-02T00:00:00Z')));
    await post(d);
    const ignored = await db.trackstarWebhookEvent.findUniqueOrThrow({ where: { deliveryId: d.id } });
    expect(ignored).toMatchObject({ status: 'IGNORED', error: 'unknown connection' });
    await db.brandIntegration.create({ data: { brandId: t.brandA.id, connectionId, status: 'ACTIVE' } });
    const id = encodeGlobalID('WebhookEvent', ignored.id);

    const other = await makeTenant('Thief');
    expect((await gql(app.yoga, REPLAY, { id }, other.keys.owner)).body.errors?.[0].extensions?.code).toBe('NOT_FOUND');
    expect((await gql(app.yoga, REPLAY, { id }, t.keys.operator)).body.errors?.[0].extensions?.code).toBe('FORBIDDEN');

    const res = await gql(app.yoga, REPLAY, { id }, t.keys.admin);
    expect(res.body.errors).toBeUndefined();
    expect(res.body.data.replayWebhookEvent).toEqual({ id, status: 'PENDING' });
    expect(await waitForEvent(d.id)).toMatchObject({ status: 'PROCESSED', brandId: t.brandA.id });
    expect((await db.inventoryItem.findFirstOrThrow({ where: { brandId: t.brandA.id, externalId: 'inv_rp' } })).onHand).toBe(9);

    const again = await gql(app.yoga, REPLAY, { id }, t.keys.admin);
    expect(again.body.errors?.[0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT' } });
  });
});
