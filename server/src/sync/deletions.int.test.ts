// Records deleted in the WMS (sandbox hard deletes, which no webhook announces) against Packr's
// deletion reconcile: a complete, unbroken listing marks them deleted and finds restored ones
// again; an incremental run, an interrupted (resumed) listing and a listing with invalid records
// delete nothing; a record a webhook wrote while the listing ran is never taken for deleted.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTenant, type TenantFixture } from '../../test/fixtures.js';
import { compareWithTruth, fetchTruth } from '../../test/support/sync-compare.js';
import { attachConnection, retireSync, startTestSandbox, waitFor } from '../../test/support/sync-harness.js';
import { startWebhookServices } from '../../test/support/webhook-services.js';
import { envelope, signDelivery } from '../../test/support/webhooks.js';
import { closeChangePublisher } from '../changes/change-log.js';
import { db } from '../db.js';
import type { SyncResource } from '../generated/prisma/enums.js';
import { buildApp, type App } from '../http/app.js';
import { trackstarWebhookRoute, WEBHOOK_PATH } from '../http/webhooks/trackstar.js';
import { requestDueCompleteListings } from '../jobs/full-listing-sweep.js';
import { closeSyncQueue, syncQueue } from '../jobs/queues.js';
import { closeTrackstar, TrackstarClient } from '../trackstar/client.js';
import { TEST_WEBHOOK_SECRET } from '../../test/support/webhooks.js';
import { runSync, type RunOutcome } from './runner.js';
import { SYNC_RESOURCES } from './resources.js';

let sb: Awaited<ReturnType<typeof startTestSandbox>>;
let client: TrackstarClient;
let app: App;
let webhookUrl: string;
let webhooks: ReturnType<typeof startWebhookServices>;

beforeAll(async () => {
  app = buildApp({ nodeRoutes: [trackstarWebhookRoute({ secrets: [TEST_WEBHOOK_SECRET] })] });
  const { url } = await app.start(0, '127.0.0.1');
  webhookUrl = `${url}${WEBHOOK_PATH}`;
  webhooks = startWebhookServices();
  // Listings are read 1,000 records a page: 2,500 orders make three pages.
  sb = await startTestSandbox({ orders: 2500, products: 40 });
  client = new TrackstarClient({ baseUrl: sb.url, apiKey: sb.sandbox.apiKey, backoffBaseMs: 10, backoffMaxMs: 50, maxAttempts: 4 });
});

afterAll(async () => {
  await retireSync();
  await closeSyncQueue();
  await webhooks?.close();
  await sb?.stop();
  await app?.stop();
  await closeTrackstar();
  await closeChangePublisher();
});

const sync = (integrationId: string, resource: SyncResource) => runSync({ integrationId, resource, client });
const remove = (connectionId: string, resource: string, id: string) => sb.admin('DELETE', `/sandbox/connections/${connectionId}/records/${resource}/${encodeURIComponent(id)}`);
const restore = (connectionId: string, resource: string, id: string) => sb.admin('POST', `/sandbox/connections/${connectionId}/records/${resource}/${encodeURIComponent(id)}/restore`);
const state = (integrationId: string, resource: SyncResource) => db.syncState.findFirstOrThrow({ where: { integrationId, resource } });
const reconcileChanges = (brandId: string) => db.changeLog.findMany({ where: { brandId, source: 'RECONCILE' }, orderBy: { sequence: 'asc' } });

describe('deletion reconcile', () => {
  let tenant: TenantFixture;
  beforeAll(async () => {
    tenant = await makeTenant('Deletions');
  });

  it('marks what the WMS deleted after a complete listing only, and finds restored records again', async () => {
    const ex = sb.sandbox.connect('sandbox');
    const brandId = tenant.brandA.id;
    const integration = await attachConnection(brandId, ex, [...SYNC_RESOURCES], { backfillDays: 120 });
    // The backfill is a complete listing of each resource: it reconciles (nothing to delete yet).
    for (const resource of SYNC_RESOURCES) expect((await sync(integration.id, resource)).status).toBe('completed');
    for (const resource of SYNC_RESOURCES) expect(await state(integration.id, resource)).toMatchObject({ reconcileDeleted: 0, reconcileRequestedAt: null, reconciledAt: expect.any(Date) });

    const truth = await fetchTruth(sb.url, sb.sandbox.apiKey, ex.connection_id);
    const warehouse = truth.warehouses[truth.warehouses.length - 1];
    const gone = {
      orders: truth.orders[7].id, products: truth.products[3].id, inventory: truth.inventory[5].id, returns: truth.returns[0].id,
      'inbound-shipments': truth.inbound_shipments[0].id, 'shipping-methods': truth.shipping_methods[0].id,
      'warehouse-locations': truth.locations.find((l) => l.warehouse_id !== warehouse.id)!.id, warehouses: warehouse.id,
    };
    for (const [resource, id] of Object.entries(gone)) expect((await remove(ex.connection_id, resource, id)).status).toBe(200);
    // A deleted warehouse takes its locations with it.
    for (const l of truth.locations.filter((l) => l.warehouse_id === warehouse.id)) expect((await remove(ex.connection_id, 'warehouse-locations', l.id)).status).toBe(200);

    // An incremental run lists only what changed: it cannot tell a deleted order from a quiet one.
    const incremental = await sync(integration.id, 'ORDERS');
    expect(incremental).toMatchObject({ status: 'completed' });
    expect(incremental.deleted).toBeUndefined();
    expect((await db.order.findFirstOrThrow({ where: { brandId, externalId: gone.orders } })).deletedAt).toBeNull();

    // Inventory is a full snapshot: every inventory run is a complete listing and reconciles.
    const before = new Date(Date.now() - 1_000);
    const inventory = await sync(integration.id, 'INVENTORY');
    expect(inventory).toMatchObject({ status: 'completed', deleted: 1, restored: 0 });
    const item = await db.inventoryItem.findFirstOrThrow({ where: { brandId, externalId: gone.inventory } });
    expect(item.deletedAt!.getTime()).toBeGreaterThanOrEqual(before.getTime());
    expect((await state(integration.id, 'INVENTORY')).reconcileDeleted).toBe(1);
    expect(sb.requests.filter((r) => r.path === '/wms/inventory' && r.at >= before.getTime()).every((r) => !r.query.has('updated_date[gte]'))).toBe(true);

    // The daily sweep asks for complete listings of everything else; their next runs reconcile.
    const requested = await requestDueCompleteListings(syncQueue(), 0);
    const mine = requested.filter((r) => r.integrationId === integration.id).map((r) => r.resource).sort();
    expect(mine).toEqual(SYNC_RESOURCES.filter((r) => r !== 'INVENTORY').sort());
    const deleted: Partial<Record<SyncResource, number>> = {};
    for (const resource of mine) {
      const outcome = await sync(integration.id, resource);
      expect(outcome.status).toBe('completed');
      deleted[resource] = outcome.deleted;
      expect(await state(integration.id, resource)).toMatchObject({ reconcileRequestedAt: null });
    }
    const locationsOfWarehouse = truth.locations.filter((l) => l.warehouse_id === warehouse.id).length;
    expect(deleted).toEqual({ ORDERS: 1, PRODUCTS: 1, RETURNS: 1, INBOUND_SHIPMENTS: 1, SHIPPING_METHODS: 1, WAREHOUSES: 1, WAREHOUSE_LOCATIONS: 1 + locationsOfWarehouse });
    expect(await compareWithTruth(brandId, await fetchTruth(sb.url, sb.sandbox.apiKey, ex.connection_id))).toEqual([]);

    // Change log: one RECONCILE entry per deleted row of a resource with a change stream (not
    // warehouses, locations, shipping methods).
    const changes = await reconcileChanges(brandId);
    expect(changes.map((c) => [c.kind, c.previous]).sort()).toEqual(
      [['INBOUND_SHIPMENT', { deletedAt: null }], ['INVENTORY', { deletedAt: null }], ['ORDER', { deletedAt: null }], ['PRODUCT', { deletedAt: null }], ['RETURN', { deletedAt: null }]],
    );

    // The WMS undoes two deletes (no webhook, dates unchanged). The inventory run finds the item;
    // the order, older than the incremental window, comes back with the next complete listing.
    for (const [resource, id] of [['inventory', gone.inventory], ['orders', gone.orders]]) expect((await restore(ex.connection_id, resource, id)).status).toBe(200);
    expect(await sync(integration.id, 'INVENTORY')).toMatchObject({ status: 'completed', deleted: 0 });
    expect((await db.inventoryItem.findFirstOrThrow({ where: { brandId, externalId: gone.inventory } })).deletedAt).toBeNull();
    await sync(integration.id, 'ORDERS');
    expect((await db.order.findFirstOrThrow({ where: { brandId, externalId: gone.orders } })).deletedAt).not.toBeNull();
    await db.syncState.update({ where: { id: (await state(integration.id, 'ORDERS')).id }, data: { reconcileRequestedAt: new Date(Date.now() - 60_000) } });
    expect(await sync(integration.id, 'ORDERS')).toMatchObject({ status: 'completed', deleted: 0 });
    const order = await db.order.findFirstOrThrow({ where: { brandId, externalId: gone.orders } });
    expect(order.deletedAt).toBeNull();
    // Each restore is a change whose previous names the deletedAt it clears.
    const restores = (await db.changeLog.findMany({ where: { brandId, entityId: { in: [item.id, order.id] } }, orderBy: { sequence: 'asc' } }))
      .filter((c) => (c.previous as Record<string, unknown> | null)?.deletedAt);
    expect(restores.map((c) => c.kind).sort()).toEqual(['INVENTORY', 'ORDER']);
    expect(await compareWithTruth(brandId, await fetchTruth(sb.url, sb.sandbox.apiKey, ex.connection_id))).toEqual([]);
  }, 120_000);

  it('an interrupted listing deletes nothing: the resumed run does not reconcile, a fresh complete listing does', async () => {
    const ex = sb.sandbox.connect('sandbox');
    const brandId = tenant.brandB.id;
    const integration = await attachConnection(brandId, ex, ['ORDERS'], { backfillDays: 120 });
    expect((await sync(integration.id, 'ORDERS')).status).toBe('completed');
    const truth = await fetchTruth(sb.url, sb.sandbox.apiKey, ex.connection_id);
    const gone = [truth.orders[20].id, truth.orders[1200].id, truth.orders[2400].id];
    for (const id of gone) await remove(ex.connection_id, 'orders', id);
    const orders = await state(integration.id, 'ORDERS');
    await db.syncState.update({ where: { id: orders.id }, data: { reconcileRequestedAt: new Date(Date.now() - 60_000) } });

    // The complete listing breaks after two pages (the upstream goes down hard) and fails.
    let served = 0;
    const failing = new TrackstarClient({ baseUrl: sb.url, apiKey: sb.sandbox.apiKey, backoffBaseMs: 5, backoffMaxMs: 10, maxAttempts: 2 });
    const list = failing.listPage.bind(failing);
    failing.listPage = async (...args) => {
      if (++served > 2) await sb.admin('POST', '/sandbox/faults', { connection_id: ex.connection_id, error_rate: 1 });
      return list(...args);
    };
    await expect(runSync({ integrationId: integration.id, resource: 'ORDERS', client: failing })).rejects.toThrow(/Trackstar 500/);
    expect((await state(integration.id, 'ORDERS')).pageToken).not.toBeNull();
    expect(await db.order.count({ where: { brandId, deletedAt: { not: null } } })).toBe(0);

    // The next attempt resumes from the stored page: it has not seen the pages before it, so it must
    // not reconcile. The request stays, and a fresh complete listing follows in the same job.
    await sb.admin('POST', '/sandbox/faults', { connection_id: ex.connection_id, reset: true });
    const resumedAt = Date.now();
    const outcome = await runSync({ integrationId: integration.id, resource: 'ORDERS', client });
    expect(outcome).toMatchObject({ status: 'completed', deleted: 3, restored: 0 });
    const listed = sb.requests.filter((r) => r.path === '/wms/orders' && r.at >= resumedAt && r.status === 200);
    expect(listed[0].query.has('page_token')).toBe(true); // the resume
    const fresh = listed.findIndex((r) => !r.query.has('page_token'));
    expect(fresh).toBeGreaterThan(0); // then the complete listing from its first page
    // Had the resumed run reconciled, it would have marked the earlier pages' orders deleted and the
    // fresh listing restored them: no RECONCILE change other than the three deletions exists.
    const changes = await reconcileChanges(brandId);
    expect(changes.map((c) => c.previous)).toEqual([{ deletedAt: null }, { deletedAt: null }, { deletedAt: null }]);
    const deletedAt = (await db.order.findMany({ where: { brandId, deletedAt: { not: null } } })).map((o) => o.deletedAt!.getTime());
    expect(deletedAt).toHaveLength(3);
    expect(Math.min(...deletedAt)).toBeGreaterThanOrEqual(listed[fresh].at - 1_000);
    expect((await state(integration.id, 'ORDERS')).reconcileRequestedAt).toBeNull();
  }, 60_000);

  it('a complete listing with invalid records does not reconcile, and says so', async () => {
    const other = await makeTenant('Deletions2');
    const ex = sb.sandbox.connect('sandbox');
    const integration = await attachConnection(other.brandA.id, ex, ['INVENTORY']);
    expect((await sync(integration.id, 'INVENTORY')).status).toBe('completed');
    const truth = await fetchTruth(sb.url, sb.sandbox.apiKey, ex.connection_id);
    await remove(ex.connection_id, 'inventory', truth.inventory[2].id);

    await sb.admin('POST', '/sandbox/faults', { connection_id: ex.connection_id, malformed_rate: 0.2 });
    const outcome = await sync(integration.id, 'INVENTORY');
    expect(outcome.status).toBe('completed');
    expect(outcome.deleted).toBeUndefined();
    const skipped = await state(integration.id, 'INVENTORY');
    expect(skipped.recordsSkipped).toBeGreaterThan(0);
    expect(skipped.reconcileSkippedAt).not.toBeNull();
    expect(await db.inventoryItem.count({ where: { brandId: other.brandA.id, deletedAt: { not: null } } })).toBe(0);

    await sb.admin('POST', '/sandbox/faults', { connection_id: ex.connection_id, reset: true });
    expect(await sync(integration.id, 'INVENTORY')).toMatchObject({ status: 'completed', deleted: 1 });
    expect(await compareWithTruth(other.brandA.id, await fetchTruth(sb.url, sb.sandbox.apiKey, ex.connection_id), { skip: ['warehouses', 'locations', 'shipping_methods', 'products', 'orders', 'returns', 'inbound_shipments'] })).toEqual([]);
  }, 60_000);

  it('a record a webhook wrote while the listing ran is not deleted by it; the next complete listing settles it', async () => {
    const other = await makeTenant('Deletions3');
    const brandId = other.brandA.id;
    const ex = sb.sandbox.connect('sandbox');
    const integration = await attachConnection(brandId, ex, ['ORDERS'], { backfillDays: 120 });
    expect((await sync(integration.id, 'ORDERS')).status).toBe('completed');
    const orders = await state(integration.id, 'ORDERS');
    expect(orders.confirmedBy).toBe('SYNC');
    expect(orders.confirmedAt).toEqual(orders.cursor);

    // The listing pauses on its second page while a webhook brings an order the WMS created (and
    // removed again before the listing got there): Packr stores it, the listing never returns it.
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let pages = 0;
    const paused = new TrackstarClient({ baseUrl: sb.url, apiKey: sb.sandbox.apiKey });
    const list = paused.listPage.bind(paused);
    paused.listPage = async (...args) => {
      if (++pages === 2) await gate;
      return list(...args);
    };
    await db.syncState.update({ where: { id: orders.id }, data: { reconcileRequestedAt: new Date(Date.now() - 60_000) } });
    const running = runSync({ integrationId: integration.id, resource: 'ORDERS', client: paused });
    await waitFor('the listing to reach its second page', async () => pages >= 2);

    const template = (await fetchTruth(sb.url, sb.sandbox.apiKey, ex.connection_id)).orders[0];
    const secondsAgo = (s: number) => new Date(Date.now() - s * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');
    const created = { ...template, id: `ord_${randomUUID()}`, order_number: `WEBHOOK-${Date.now()}`, created_date: secondsAgo(30), updated_date: secondsAgo(30) };
    const delivery = signDelivery(envelope('order.created', ex.connection_id, created));
    const res = await fetch(webhookUrl, { method: 'POST', headers: delivery.headers, body: delivery.body });
    expect(res.status).toBe(202);
    await waitFor('the webhook to be applied', () => db.order.findFirst({ where: { brandId, externalId: created.id } }));
    release();
    const outcome: RunOutcome = await running;
    expect(outcome).toMatchObject({ status: 'completed', deleted: 0 });
    expect((await db.order.findFirstOrThrow({ where: { brandId, externalId: created.id } })).deletedAt).toBeNull();

    // Webhooks confirm freshness too: the applied event moved the orders' clock past the run's start.
    const afterWebhook = await state(integration.id, 'ORDERS');
    expect(afterWebhook.confirmedBy).toBe('WEBHOOK');
    expect(afterWebhook.confirmedAt!.getTime()).toBeGreaterThan(afterWebhook.cursor!.getTime());

    await db.syncState.update({ where: { id: orders.id }, data: { reconcileRequestedAt: new Date(Date.now() - 1_000) } });
    expect(await sync(integration.id, 'ORDERS')).toMatchObject({ status: 'completed', deleted: 1 });
    expect((await db.order.findFirstOrThrow({ where: { brandId, externalId: created.id } })).deletedAt).not.toBeNull();
    // A late event about a change from before the listing that missed the order (newer than the
    // stored copy, older than deletedAt) does not bring it back; a change after it does.
    const deliver = async (updatedDate: string) => {
      const d = signDelivery(envelope('order.updated', ex.connection_id, { ...created, updated_date: updatedDate }));
      expect((await fetch(webhookUrl, { method: 'POST', headers: d.headers, body: d.body })).status).toBe(202);
      await waitFor('the webhook to be handled', async () => (await db.trackstarWebhookEvent.findFirst({ where: { deliveryId: d.id, status: { not: 'PENDING' } } })) !== null);
      return db.order.findFirstOrThrow({ where: { brandId, externalId: created.id } });
    };
    expect((await deliver(secondsAgo(20))).deletedAt).not.toBeNull();
    const revived = await deliver(secondsAgo(-2));
    expect(revived.deletedAt).toBeNull();
    expect(revived.updatedAtRemote.getTime()).toBeGreaterThan(Date.now() - 5_000);
  }, 60_000);
});
