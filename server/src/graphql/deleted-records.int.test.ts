// Soft delete through the API: after the REST sync route's complete listing ({ "full": true }) finds
// an order and an inventory item gone from the WMS, they leave lists, counts, filters and the
// response cache at once, subscribers get an event saying so, by-id reads still answer with
// deletedAt, and includeDeleted brings them back into lists. Freshness clocks are served too.
import { encodeGlobalID } from '@pothos/plugin-relay';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gql, makeTenant, type TenantFixture } from '../../test/fixtures.js';
import { validate } from '../../test/support/json-schema-subset.js';
import { record, type Recorded } from '../../test/support/subscription-recorder.js';
import { fetchTruth } from '../../test/support/sync-compare.js';
import { attachConnection, retireSync, startTestSandbox, syncsSettled, waitFor } from '../../test/support/sync-harness.js';
import { closeChangePublisher } from '../changes/change-log.js';
import { db } from '../db.js';
import { buildApp, type App } from '../http/app.js';
import { openApiDocument } from '../http/rest/openapi.js';
import { closeSyncQueue, enqueueSync } from '../jobs/queues.js';
import { startWorkers, type RunningWorkers } from '../worker.js';

let sb: Awaited<ReturnType<typeof startTestSandbox>>;
let app: App;
let url: string;
let workers: RunningWorkers;
let tenant: TenantFixture;
let brandGid: string;
let integrationId: string;
let connectionId: string;
const subscriptions: Recorded[] = [];

const COUNTS = `query($id: ID!) { brand(id: $id) { openOrderCount lowStockCount(threshold: 1000000000) } }`;
const ORDERS = `query($brandId: ID!, $filter: OrderFilter) { orders(brandId: $brandId, first: 250, filter: $filter) { edges { node { id externalId deletedAt } } } }`;
const INVENTORY = `query($brandId: ID!, $filter: InventoryFilter) { inventory(brandId: $brandId, first: 250, filter: $filter) { edges { node { id externalId deletedAt } } } }`;
const SHIPMENTS = `query($brandId: ID!, $filter: ShipmentFilter) { shipments(brandId: $brandId, first: 250, filter: $filter) { edges { node { id order { externalId } } } } }`;

const ids = (res: { body: { data?: any } }, field: string): string[] => res.body.data[field].edges.map((e: { node: { externalId?: string; order?: { externalId: string } } }) => e.node.externalId ?? e.node.order!.externalId);

async function rest(method: string, path: string, key: string, body?: unknown) {
  const res = await fetch(`${url}${path}`, { method, headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
  return { status: res.status, body: (await res.json()) as any };
}

beforeAll(async () => {
  sb = await startTestSandbox({ orders: 200, products: 40 });
  app = buildApp();
  ({ url } = await app.start(0, '127.0.0.1'));
  workers = await startWorkers({ sync: { busyRetryMs: 200, lockDurationMs: 5_000 } });
  tenant = await makeTenant('SoftDelete');
  brandGid = encodeGlobalID('Brand', tenant.brandA.id);
  const ex = sb.sandbox.connect('sandbox');
  connectionId = ex.connection_id;
  const integration = await attachConnection(tenant.brandA.id, ex, ['ORDERS', 'INVENTORY'], { backfillDays: 120 });
  integrationId = integration.id;
  const since = new Date();
  for (const resource of ['ORDERS', 'INVENTORY'] as const) await enqueueSync({ integrationId, resource, reason: 'backfill' });
  await syncsSettled(integrationId, since);
}, 60_000);

afterAll(async () => {
  for (const s of subscriptions) await s.dispose();
  await workers?.close();
  await retireSync();
  await closeSyncQueue();
  await sb?.stop();
  await app?.stop();
  await closeChangePublisher();
});

describe('records deleted in the WMS', () => {
  it('leave lists, counts, filters and the cache after a full sync, announced live; by-id reads still answer', async () => {
    const truth = await fetchTruth(sb.url, sb.sandbox.apiKey, connectionId);
    const open = truth.orders.find((o) => !['fulfilled', 'cancelled'].includes(o.status))!;
    const shipped = truth.orders.find((o) => o.shipments.length > 0)!;
    const item = truth.inventory.find((i) => i.active)!;
    const before = await gql(app.yoga, COUNTS, { id: brandGid }, tenant.keys.viewer);
    // Cached pages first: the deletions must move them on.
    // (The cache serves a brand once its change channel is subscribed, a moment after the first ask.)
    await waitFor('the orders page to be answered from the cache', async () => {
      const hits = app.responseCache!.stats.hits;
      expect(ids(await gql(app.yoga, ORDERS, { brandId: brandGid }, tenant.keys.viewer), 'orders')).toContain(open.id);
      return app.responseCache!.stats.hits > hits;
    }, 5_000);

    const orderEvents = record(url, tenant.keys.viewer, `subscription($b: ID!) { orderChanged(brandId: $b) { source deleted restored previous { status } order { externalId deletedAt } } }`, { b: brandGid });
    const itemEvents = record(url, tenant.keys.viewer, `subscription($b: ID!) { inventoryChanged(brandId: $b) { source deleted restored previous { onHand } item { externalId deletedAt } } }`, { b: brandGid });
    subscriptions.push(orderEvents, itemEvents);
    await new Promise((r) => setTimeout(r, 300)); // subscribed before the change

    for (const [resource, id] of [['orders', open.id], ['orders', shipped.id], ['inventory', item.id]]) {
      expect((await sb.admin('DELETE', `/sandbox/connections/${connectionId}/records/${resource}/${id}`)).status).toBe(200);
    }

    // An operator asks for a full sync over REST; bad input first.
    const path = `/api/brands/${encodeURIComponent(brandGid)}/integrations/trackstar/sync`;
    const bad = await rest('POST', path, tenant.keys.operator, { full: 'yes' });
    expect(bad).toMatchObject({ status: 400, body: { error: { code: 'BAD_REQUEST', message: 'full must be true or false' } } });
    expect((await rest('POST', path, tenant.keys.viewer, { full: true })).status).toBe(403);
    const requestedAt = Date.now();
    const started = await rest('POST', path, tenant.keys.operator, { functionsToSync: ['get_orders', 'get_inventory'], full: true });
    expect(started.status).toBe(202);
    const doc = openApiDocument() as any;
    expect(validate(doc, doc.paths['/api/brands/{brandId}/integrations/trackstar/sync'].post.responses['202'].content['application/json'].schema, started.body)).toEqual([]);
    expect(started.body.syncStates.map((s: { resource: string; completeListingRequested: boolean }) => [s.resource, s.completeListingRequested])).toEqual([['INVENTORY', true], ['ORDERS', true]]);
    await waitFor('both complete listings to reconcile', async () => {
      const states = await db.syncState.findMany({ where: { integrationId } });
      return states.every((s) => s.reconciledAt && s.reconciledAt.getTime() >= requestedAt - 1_000 && s.runStartedAt === null);
    }, 30_000);

    // Live: one event per deletion, saying so, with the record and its deletedAt.
    const deletedOrders = await waitFor('order deletion events', async () => {
      const found = orderEvents.events.filter((e) => e.deleted);
      return found.length >= 2 ? found : null;
    });
    expect(deletedOrders.map((e) => e.order.externalId).sort()).toEqual([open.id, shipped.id].sort());
    expect(deletedOrders.every((e) => e.source === 'RECONCILE' && e.restored === false && e.previous === null && e.order.deletedAt)).toBe(true);
    const deletedItems = await waitFor('inventory deletion event', async () => itemEvents.events.filter((e) => e.deleted).length === 1 && itemEvents.events.filter((e) => e.deleted));
    expect(deletedItems[0]).toMatchObject({ source: 'RECONCILE', restored: false, previous: null, item: { externalId: item.id, deletedAt: expect.any(String) } });

    // Counts and lists (the same cached query text answers the new state).
    const after = await gql(app.yoga, COUNTS, { id: brandGid }, tenant.keys.viewer);
    expect(after.body.data.brand.openOrderCount).toBe(before.body.data.brand.openOrderCount - 1);
    expect(after.body.data.brand.lowStockCount).toBe(before.body.data.brand.lowStockCount - 1);
    const orders = ids(await gql(app.yoga, ORDERS, { brandId: brandGid }, tenant.keys.viewer), 'orders');
    expect(orders).not.toContain(open.id);
    expect(orders).not.toContain(shipped.id);
    expect(ids(await gql(app.yoga, ORDERS, { brandId: brandGid, filter: { search: open.order_number } }, tenant.keys.viewer), 'orders')).toEqual([]);
    const withDeleted = await gql(app.yoga, ORDERS, { brandId: brandGid, filter: { includeDeleted: true } }, tenant.keys.viewer);
    expect(ids(withDeleted, 'orders')).toEqual(expect.arrayContaining([open.id, shipped.id]));
    expect(withDeleted.body.data.orders.edges.filter((e: { node: { deletedAt: string | null } }) => e.node.deletedAt).length).toBe(2);
    expect(ids(await gql(app.yoga, INVENTORY, { brandId: brandGid }, tenant.keys.viewer), 'inventory')).not.toContain(item.id);
    expect(ids(await gql(app.yoga, INVENTORY, { brandId: brandGid, filter: { search: item.sku } }, tenant.keys.viewer), 'inventory')).not.toContain(item.id);
    expect(ids(await gql(app.yoga, INVENTORY, { brandId: brandGid, filter: { includeDeleted: true } }, tenant.keys.viewer), 'inventory')).toContain(item.id);
    expect(ids(await gql(app.yoga, SHIPMENTS, { brandId: brandGid }, tenant.keys.viewer), 'shipments')).not.toContain(shipped.id);
    expect(ids(await gql(app.yoga, SHIPMENTS, { brandId: brandGid, filter: { includeDeleted: true } }, tenant.keys.viewer), 'shipments')).toContain(shipped.id);

    // By id: still there, with deletedAt; another tenant still reads nothing.
    const row = await db.order.findFirstOrThrow({ where: { brandId: tenant.brandA.id, externalId: open.id } });
    const orderGid = encodeGlobalID('Order', row.id);
    const BY_ID = `query($id: ID!) { order(id: $id) { externalId deletedAt } node(id: $id) { ... on Order { deletedAt } } }`;
    const byId = await gql(app.yoga, BY_ID, { id: orderGid }, tenant.keys.viewer);
    expect(byId.body.data.order).toEqual({ externalId: open.id, deletedAt: row.deletedAt!.toISOString() });
    expect(byId.body.data.node.deletedAt).toBe(row.deletedAt!.toISOString());
    const other = await makeTenant('SoftDeleteOther');
    expect((await gql(app.yoga, BY_ID, { id: orderGid }, other.keys.owner)).body.data).toEqual({ order: null, node: null });
    const itemRow = await db.inventoryItem.findFirstOrThrow({ where: { brandId: tenant.brandA.id, externalId: item.id } });
    const ITEM = `query($id: ID!) { inventoryItem(id: $id) { externalId deletedAt } }`;
    expect((await gql(app.yoga, ITEM, { id: encodeGlobalID('InventoryItem', itemRow.id) }, tenant.keys.viewer)).body.data.inventoryItem).toEqual({ externalId: item.id, deletedAt: itemRow.deletedAt!.toISOString() });
  }, 60_000);

  it('serves both freshness clocks, says what dataAge measures, and keeps the sync state honest', async () => {
    const STATES = `query($brandId: ID!) {
      integration(brandId: $brandId) { syncStates { resource cursor dataAge confirmedAt confirmedBy confirmedAgeSeconds newestRecordAt reconciledAt reconcileDeleted completeListingRequested recordsStored } }
      health(brandId: $brandId) { resources { resource confirmedBy confirmedAgeSeconds newestRecordAt reconcileDeleted records } }
    }`;
    const res = await gql(app.yoga, STATES, { brandId: brandGid }, tenant.keys.viewer);
    expect(res.body.errors).toBeUndefined();
    // What Packr holds, deleted rows aside (the force sync's simulated crawl may have moved the WMS on since).
    const brandId = tenant.brandA.id;
    const held = {
      ORDERS: await db.order.findMany({ where: { brandId, deletedAt: null }, select: { updatedAtRemote: true } }),
      INVENTORY: await db.inventoryItem.findMany({ where: { brandId, deletedAt: null }, select: { updatedAtRemote: true } }),
    };
    const newest = (rows: { updatedAtRemote: Date }[]) => new Date(Math.max(...rows.map((r) => r.updatedAtRemote.getTime()))).toISOString();
    const byResource = Object.fromEntries(res.body.data.integration.syncStates.map((s: { resource: string }) => [s.resource, s]));
    for (const resource of ['ORDERS', 'INVENTORY'] as const) {
      const s = byResource[resource];
      expect(s).toMatchObject({ confirmedBy: 'SYNC', confirmedAt: s.cursor, reconcileDeleted: resource === 'ORDERS' ? 2 : 1, completeListingRequested: false, recordsStored: held[resource].length });
      expect(s.confirmedAgeSeconds).toBeLessThan(120);
      expect(s.newestRecordAt).toBe(newest(held[resource]));
    }
    expect(held.ORDERS.length).toBe(await db.order.count({ where: { brandId } }) - 2);
    const health = Object.fromEntries(res.body.data.health.resources.map((r: { resource: string }) => [r.resource, r]));
    expect(health.ORDERS).toMatchObject({ confirmedBy: 'SYNC', newestRecordAt: newest(held.ORDERS), reconcileDeleted: 2, records: held.ORDERS.length });
    const described = await gql(app.yoga, `{ __type(name: "SyncState") { fields { name description } } }`, {}, tenant.keys.viewer);
    const dataAge = described.body.data.__type.fields.find((f: { name: string }) => f.name === 'dataAge');
    expect(dataAge.description).toMatch(/says nothing about how old the data itself is/);
  });
});
