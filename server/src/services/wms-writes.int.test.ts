// WMS writes end to end: GraphQL mutations through the real app, Trackstar played by the sandbox
// over HTTP (its write limit on). Every effect is checked twice: in the sandbox's own state (over
// its HTTP state route) and in Packr's copy, with the change log and the write log.
import { randomUUID } from 'node:crypto';
import { encodeGlobalID } from '@pothos/plugin-relay';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeChangePublisher } from '../changes/change-log.js';
import { db } from '../db.js';
import type { SyncResource } from '../generated/prisma/enums.js';
import { buildApp, type App } from '../http/app.js';
import { applyRecords } from '../sync/apply.js';
import { runSync } from '../sync/runner.js';
import { gql, makeTenant, type TenantFixture } from '../../test/fixtures.js';
import { attachConnection, retireSync, startTestSandbox } from '../../test/support/sync-harness.js';

type Rec = Record<string, any>;
type Conn = { integrationId: string; connectionId: string };

let sb: Awaited<ReturnType<typeof startTestSandbox>>;
let app: App;
let t: TenantFixture;
let other: TenantFixture;
let brandA: Conn;
let brandB: Conn;
let otherConn: Conn;
const address = { fullName: 'Ada Lovelace', address1: '1 Main St', city: 'Austin', state: 'TX', postalCode: '78701', country: 'US' };
const gid = encodeGlobalID;

const RESOURCES: SyncResource[] = ['WAREHOUSES', 'WAREHOUSE_LOCATIONS', 'SHIPPING_METHODS', 'PRODUCTS', 'INVENTORY', 'ORDERS'];

async function connect(brandId: string, integration: string): Promise<Conn> {
  const ex = sb.sandbox.connect(integration);
  const row = await attachConnection(brandId, ex, RESOURCES);
  for (const resource of RESOURCES) await runSync({ integrationId: row.id, resource });
  return { integrationId: row.id, connectionId: ex.connection_id };
}

/** The sandbox's own truth for a connection, over its HTTP state route. */
async function truth(c: Conn): Promise<Rec> {
  const res = await sb.admin('GET', `/sandbox/connections/${c.connectionId}/state`);
  expect(res.status).toBe(200);
  return res.json;
}

const faults = async (c: Conn, body: Rec) => expect((await sb.admin('POST', '/sandbox/faults', { connection_id: c.connectionId, ...body })).status).toBe(200);

/** Write requests (not GET) the sandbox received since `since`. */
const writesSince = (since: number, path?: RegExp) =>
  sb.requests.filter((r) => r.at >= since && r.method !== 'GET' && r.path.startsWith('/wms/') && (!path || path.test(r.path)));

async function call(query: string, variables: Rec, key = t.keys.owner) {
  const res = await gql(app.yoga, query, variables, key);
  return res.body;
}

/** A product of brand A with stock to sell in the first warehouse, with Packr's ids. */
async function stocked(c: Conn, brandId: string, minimum = 30) {
  const state = await truth(c);
  const warehouse = state.warehouses[0];
  for (const product of state.products as Rec[]) {
    if (product.is_kit || !product.active || !product.sku) continue;
    const item = (state.inventory as Rec[]).find((i) => i.id === product.inventory_items[0].inventory_item_id)!;
    if ((item.inventory_by_warehouse_id[warehouse.id]?.fulfillable ?? 0) < minimum) continue;
    const local = await db.product.findUnique({ where: { brandId_externalId: { brandId, externalId: product.id } } });
    const localItem = await db.inventoryItem.findUnique({ where: { brandId_externalId: { brandId, externalId: item.id } } });
    const localWarehouse = await db.warehouse.findUniqueOrThrow({ where: { brandId_externalId: { brandId, externalId: warehouse.id } } });
    if (!local || !localItem) continue;
    return {
      product, item, warehouse,
      productGid: gid('Product', local.id), itemGid: gid('InventoryItem', localItem.id), itemId: localItem.id, warehouseGid: gid('Warehouse', localWarehouse.id),
    };
  }
  throw new Error('no stocked product');
}

const CREATE_ORDER = `mutation ($b: ID!, $input: CreateOrderInput!) { createOrder(brandId: $b, input: $input) {
  order { id externalId orderNumber status lineItems { sku quantity } } idempotencyKey replayed userErrors { field message code } } }`;
const UPDATE_ORDER = `mutation ($id: ID!, $input: UpdateOrderInput!) { updateOrder(orderId: $id, input: $input) {
  order { id externalId status shipTo { city } } idempotencyKey replayed userErrors { field message code } } }`;
const CANCEL_ORDER = `mutation ($id: ID!, $key: String) { cancelOrder(orderId: $id, idempotencyKey: $key) {
  order { id status } idempotencyKey replayed userErrors { field message code } } }`;
const SHIP_ORDER = `mutation ($id: ID!, $input: ShipOrderInput!) { shipOrder(orderId: $id, input: $input) {
  order { id status shipments { trackingNumbers } } idempotencyKey replayed userErrors { field message code } } }`;
const ADJUST = `mutation ($input: AdjustInventoryInput!) { adjustInventory(input: $input) {
  inventoryItem { id externalId onHand fulfillable } idempotencyKey replayed userErrors { field message code } } }`;
const CREATE_INBOUND = `mutation ($b: ID!, $input: CreateInboundShipmentInput!) { createInboundShipment(brandId: $b, input: $input) {
  inboundShipment { id externalId purchaseOrderNumber status } idempotencyKey replayed userErrors { field message code } } }`;
const CREATE_RETURN = `mutation ($b: ID!, $input: CreateReturnInput!) { createReturn(brandId: $b, input: $input) {
  return { id externalId orderExternalId status } idempotencyKey replayed userErrors { field message code } } }`;
const CREATE_ORDERS = `mutation ($b: ID!, $inputs: [CreateOrderInput!]!) { createOrders(brandId: $b, inputs: $inputs) {
  succeeded failed userErrors { field message code }
  results { index order { id externalId orderNumber } idempotencyKey replayed userErrors { field message code } } } }`;
const ADJUST_BATCH = `mutation ($inputs: [AdjustInventoryInput!]!) { adjustInventoryBatch(inputs: $inputs) {
  succeeded failed userErrors { field message code }
  results { index inventoryItem { id onHand } idempotencyKey replayed userErrors { field message code } } } }`;

const orderInput = (s: Awaited<ReturnType<typeof stocked>>, extra: Rec = {}) => ({
  orderNumber: `W-${randomUUID().slice(0, 8)}`, shipToAddress: address, lineItems: [{ productId: s.productGid, quantity: 1 }], ...extra,
});

beforeAll(async () => {
  sb = await startTestSandbox({ orders: 40, products: 30 });
  app = buildApp();
  t = await makeTenant('Writes');
  other = await makeTenant('WritesOther');
  brandA = await connect(t.brandA.id, 'sandbox');
  brandB = await connect(t.brandB.id, 'shipbob-sim');
  otherConn = await connect(other.brandA.id, 'sandbox');
}, 120_000);

afterAll(async () => {
  await retireSync();
  await sb?.stop();
  await app?.stop();
  await closeChangePublisher();
});

describe('single writes', () => {
  it('createOrder: the order is in the sandbox and in Packr at once, with the change log and the write log; the later webhook changes nothing', async () => {
    const s = await stocked(brandA, t.brandA.id);
    const key = `create-${randomUUID()}`;
    const input = { ...orderInput(s), idempotencyKey: key, lineItems: [{ sku: s.product.sku, quantity: 2 }, { productId: s.productGid, quantity: 1 }], serviceLevel: 'Express' };
    const res = await call(CREATE_ORDER, { b: gid('Brand', t.brandA.id), input }, t.keys.operator);
    expect(res.errors).toBeUndefined();
    const payload = res.data.createOrder;
    expect(payload).toMatchObject({ idempotencyKey: key, replayed: false, userErrors: [] });
    expect(payload.order).toMatchObject({ orderNumber: input.orderNumber, lineItems: [{ sku: s.product.sku, quantity: 2 }, { quantity: 1 }] });

    const upstream = (await truth(brandA)).orders.find((o: Rec) => o.order_number === input.orderNumber);
    expect(upstream).toMatchObject({ id: payload.order.externalId, service_level: 'Express', ship_to_address: { full_name: 'Ada Lovelace', postal_code: '78701' } });
    expect(upstream.line_items.map((l: Rec) => l.product_id)).toEqual([s.product.id, s.product.id]);
    const local = await db.order.findFirstOrThrow({ where: { brandId: t.brandA.id, externalId: upstream.id } });
    expect(local.status).toBe(upstream.status.toUpperCase());
    expect(local.updatedAtRemote.toISOString().replace('.000Z', 'Z')).toBe(upstream.updated_date);
    expect(await db.changeLog.count({ where: { brandId: t.brandA.id, kind: 'ORDER', entityId: local.id, source: 'MANUAL' } })).toBe(1);

    const logged = await db.wmsWrite.findMany({ where: { brandId: t.brandA.id, idempotencyKey: key } });
    const operator = await db.apiKey.findFirstOrThrow({ where: { threePLId: t.threePLId, user: { email: { startsWith: 'operator-' } } } });
    expect(logged).toEqual([expect.objectContaining({
      threePLId: t.threePLId, action: 'CREATE_ORDER', outcome: 'SUCCEEDED', replayed: false, userId: operator.userId, apiKeyId: operator.id,
      upstreamRecordId: upstream.id, upstreamStatus: null, error: null,
    })]);
    expect(JSON.stringify(logged[0].request)).not.toContain('trackstar_');

    // The webhook Trackstar sends for this write carries the record just stored: applying it the
    // way the webhook worker does changes nothing.
    const event = sb.sandbox.events.find((e) => e.event_type === 'order.created' && (e.data as Rec).id === upstream.id)!;
    const replay = await applyRecords({ brandId: t.brandA.id, integrationId: brandA.integrationId, resource: 'ORDERS', records: [event.data], source: 'WEBHOOK', sameSecond: 'keep-and-report' });
    expect(replay).toMatchObject({ applied: 0, unchanged: 1, stale: 0, tied: [] });
  });

  it('the same key twice acts once, sequentially and concurrently (409 waited out); the key with another request is refused', async () => {
    const s = await stocked(brandA, t.brandA.id);
    const b = gid('Brand', t.brandA.id);
    const key = `twice-${randomUUID()}`;
    const input = { ...orderInput(s), idempotencyKey: key };
    const since = Date.now();
    const first = (await call(CREATE_ORDER, { b, input })).data.createOrder;
    const second = (await call(CREATE_ORDER, { b, input })).data.createOrder;
    expect(second).toMatchObject({ replayed: true, idempotencyKey: key, userErrors: [], order: { id: first.order.id } });
    expect(writesSince(since, /^\/wms\/orders$/)).toHaveLength(1);
    const reused = (await call(CREATE_ORDER, { b, input: { ...input, orderNumber: `${input.orderNumber}-other` } })).data.createOrder;
    expect(reused).toMatchObject({ order: null, userErrors: [{ field: ['idempotencyKey'], code: 'IDEMPOTENCY_KEY_REUSED' }] });
    expect(writesSince(since, /^\/wms\/orders$/)).toHaveLength(1);

    // Two calls at once: both find no success in the log and go upstream; the sandbox holds the
    // first for 300 ms and answers the second 409 until the first is done, then replays it.
    const concurrent = { ...orderInput(s), idempotencyKey: `concurrent-${randomUUID()}` };
    await faults(brandA, { latency_ms: 300 });
    const t0 = Date.now();
    try {
      const [x, y] = await Promise.all([call(CREATE_ORDER, { b, input: concurrent }), call(CREATE_ORDER, { b, input: concurrent })]);
      expect(x.data.createOrder.userErrors).toEqual([]);
      expect(y.data.createOrder.userErrors).toEqual([]);
      expect(y.data.createOrder.order.id).toBe(x.data.createOrder.order.id);
      expect([x.data.createOrder.replayed, y.data.createOrder.replayed].sort()).toEqual([false, true]);
    } finally {
      await faults(brandA, { latency_ms: 0 });
    }
    expect(writesSince(t0, /^\/wms\/orders$/).map((r) => r.status)).toContain(409);
    expect((await truth(brandA)).orders.filter((o: Rec) => o.order_number === concurrent.orderNumber)).toHaveLength(1);
    expect(await db.order.count({ where: { brandId: t.brandA.id, orderNumber: concurrent.orderNumber } })).toBe(1);
  });

  it('updateOrder, shipOrder and cancelOrder change the order upstream and in Packr', async () => {
    const s = await stocked(brandA, t.brandA.id);
    const b = gid('Brand', t.brandA.id);
    const created = (await call(CREATE_ORDER, { b, input: orderInput(s, { lineItems: [{ productId: s.productGid, quantity: 2 }] }) })).data.createOrder.order;

    const updated = (await call(UPDATE_ORDER, { id: created.id, input: { serviceLevel: 'Overnight', shipToAddress: { city: 'Dallas' } } })).data.updateOrder;
    expect(updated).toMatchObject({ userErrors: [], order: { id: created.id, shipTo: { city: 'Dallas' } } });
    let upstream = (await truth(brandA)).orders.find((o: Rec) => o.id === created.externalId);
    expect(upstream).toMatchObject({ service_level: 'Overnight', ship_to_address: { city: 'Dallas', address1: '1 Main St' } });

    const shipped = (await call(SHIP_ORDER, {
      id: created.id,
      input: { warehouseId: s.warehouseGid, shippedDate: '2026-03-01T10:00:00.250Z', trackingNumber: '1ZWRITE1', shippingCost: 7.5, measurements: { weight: 2, weightUnit: 'LB' } },
    })).data.shipOrder;
    expect(shipped.userErrors).toEqual([]);
    expect(shipped.order.status).toBe('FULFILLED');
    upstream = (await truth(brandA)).orders.find((o: Rec) => o.id === created.externalId);
    expect(upstream.status).toBe('fulfilled');
    expect(upstream.shipments.at(-1)).toMatchObject({ shipped_date: '2026-03-01T10:00:00Z', packages: [expect.objectContaining({ tracking_number: '1ZWRITE1' })] });
    expect(await db.shipment.count({ where: { order: { brandId: t.brandA.id, externalId: created.externalId } } })).toBe(upstream.shipments.length);

    const refused = (await call(CANCEL_ORDER, { id: created.id })).data.cancelOrder;
    expect(refused).toMatchObject({ order: null, userErrors: [{ field: null, code: 'REJECTED', message: expect.stringMatching(/^The WMS \(sandbox\) refused the write: Order \S+ has shipped and cannot be cancelled$/) }] });

    const another = (await call(CREATE_ORDER, { b, input: orderInput(s) })).data.createOrder.order;
    const cancelled = (await call(CANCEL_ORDER, { id: another.id, key: `cancel-${randomUUID()}` })).data.cancelOrder;
    expect(cancelled).toMatchObject({ userErrors: [], order: { id: another.id, status: 'CANCELLED' } });
    expect((await truth(brandA)).orders.find((o: Rec) => o.id === another.externalId).status).toBe('cancelled');
    expect((await db.wmsWrite.findMany({ where: { brandId: t.brandA.id, upstreamRecordId: another.externalId }, orderBy: { id: 'asc' } })).map((w) => [w.action, w.outcome]))
      .toEqual([['CREATE_ORDER', 'SUCCEEDED'], ['CANCEL_ORDER', 'SUCCEEDED']]);
  });

  it('adjustInventory moves stock upstream and in Packr (history, change log); WMS refusals come back verbatim and on their field', async () => {
    const s = await stocked(brandA, t.brandA.id);
    const before = (await truth(brandA)).inventory.find((i: Rec) => i.id === s.item.id);
    const res = (await call(ADJUST, { input: { inventoryItemId: s.itemGid, warehouseId: s.warehouseGid, quantity: 7, adjustmentType: 'INCREASE', reason: 'cycle count' } })).data.adjustInventory;
    expect(res).toMatchObject({ userErrors: [], replayed: false, inventoryItem: { id: s.itemGid, onHand: before.onhand + 7, fulfillable: before.fulfillable + 7 } });
    const after = (await truth(brandA)).inventory.find((i: Rec) => i.id === s.item.id);
    expect(after.onhand).toBe(before.onhand + 7);
    const local = await db.inventoryItem.findUniqueOrThrow({ where: { id: s.itemId }, include: { levels: true, snapshots: { orderBy: { id: 'desc' }, take: 1 } } });
    expect(local.onHand).toBe(after.onhand);
    expect(local.levels.find((l) => l.warehouseExternalId === s.warehouse.id)?.onHand).toBe(after.inventory_by_warehouse_id[s.warehouse.id].onhand);
    expect(local.snapshots[0].onHand).toBe(after.onhand);
    expect(await db.changeLog.count({ where: { brandId: t.brandA.id, kind: 'INVENTORY', entityId: s.itemId, source: 'MANUAL' } })).toBeGreaterThanOrEqual(1);
    const logged = await db.wmsWrite.findFirstOrThrow({ where: { idempotencyKey: res.idempotencyKey } });
    expect(logged.request).toMatchObject({ inventoryItemId: s.item.id, reason: 'cycle count', body: { quantity: 7, adjustment_type: 'increase', warehouse_id: s.warehouse.id } });
    expect(res.idempotencyKey).toMatch(/^packr_/);

    const tooMany = (await call(ADJUST, { input: { inventoryItemId: s.itemGid, warehouseId: s.warehouseGid, quantity: 999_999, adjustmentType: 'DECREASE' } })).data.adjustInventory;
    expect(tooMany).toMatchObject({ inventoryItem: null, userErrors: [{ code: 'REJECTED', field: null, message: expect.stringMatching(/^The WMS \(sandbox\) refused the write: Cannot decrease .+ by 999999: only \d+ fulfillable in /) }] });
    const badLocation = (await call(ADJUST, { input: { inventoryItemId: s.itemGid, warehouseId: s.warehouseGid, quantity: 1, adjustmentType: 'INCREASE', locationId: '<b>nope</b>' } })).data.adjustInventory;
    expect(badLocation.userErrors).toEqual([
      { field: null, code: 'REJECTED', message: 'Trackstar refused the write: Validation error' },
      { field: ['locationId'], code: 'REJECTED', message: 'Unknown location <b>nope</b> in this warehouse' },
    ]);
    expect((await truth(brandA)).inventory.find((i: Rec) => i.id === s.item.id).onhand).toBe(after.onhand);
    expect(await db.wmsWrite.count({ where: { brandId: t.brandA.id, action: 'ADJUST_INVENTORY', outcome: 'REJECTED' } })).toBe(2);
  });

  it('createInboundShipment and createReturn appear upstream and in Packr', async () => {
    const s = await stocked(brandA, t.brandA.id);
    const b = gid('Brand', t.brandA.id);
    const po = `PO-${randomUUID().slice(0, 8)}`;
    const inbound = (await call(CREATE_INBOUND, {
      b, input: { purchaseOrderNumber: po, supplier: 'Acme Supply', expectedArrivalDate: '2026-04-01T00:00:00Z', warehouseId: s.warehouseGid, trackingNumber: 'TRK-1', lineItems: [{ sku: s.item.sku, expectedQuantity: 12 }] },
    })).data.createInboundShipment;
    expect(inbound).toMatchObject({ userErrors: [], inboundShipment: { purchaseOrderNumber: po, status: 'OPEN' } });
    const asn = (await truth(brandA)).inbound_shipments.find((x: Rec) => x.purchase_order_number === po);
    expect(asn).toMatchObject({ id: inbound.inboundShipment.externalId, warehouse_id: s.warehouse.id, line_items: [expect.objectContaining({ sku: s.item.sku, expected_quantity: 12 })] });
    expect(await db.inboundShipment.count({ where: { brandId: t.brandA.id, externalId: asn.id } })).toBe(1);

    const order = await db.order.findFirstOrThrow({ where: { brandId: t.brandA.id }, orderBy: { updatedAtRemote: 'desc' } });
    const ret = (await call(CREATE_RETURN, { b, input: { orderId: gid('Order', order.id), lineItems: [{ sku: s.item.sku, quantity: 1 }] } })).data.createReturn;
    expect(ret).toMatchObject({ userErrors: [], return: { orderExternalId: order.externalId, status: 'OPEN' } });
    expect((await truth(brandA)).returns.find((r: Rec) => r.id === ret.return.externalId)).toMatchObject({ order_id: order.externalId });

    const unknownSku = (await call(CREATE_RETURN, { b, input: { lineItems: [{ sku: 'NO-SUCH-SKU', quantity: 1 }] } })).data.createReturn;
    expect(unknownSku.userErrors).toContainEqual({ field: ['lineItems', '0', 'sku'], code: 'REJECTED', message: 'Unknown SKU NO-SUCH-SKU' });
  });
});

describe('refusals before Trackstar', () => {
  it('invalid input is refused field by field, and nothing is sent', async () => {
    const s = await stocked(brandA, t.brandA.id);
    const since = Date.now();
    const res = (await call(CREATE_ORDER, {
      b: gid('Brand', t.brandA.id),
      input: {
        orderNumber: ' ', idempotencyKey: 'bad key ', shipToAddress: { ...address, address1: 'null' },
        lineItems: [{ quantity: 0, productId: s.productGid }, { sku: 'NO-SUCH-SKU', quantity: 1 }, { quantity: 1 }, { productId: 'bogus', quantity: 1 }], totalPrice: -1,
      },
    })).data.createOrder;
    expect(res.order).toBeNull();
    expect(res.idempotencyKey).toMatch(/^packr_/);
    expect(res.userErrors).toEqual(expect.arrayContaining([
      { field: ['orderNumber'], code: 'INVALID', message: 'Must not be empty; leave the field out instead' },
      { field: ['idempotencyKey'], code: 'INVALID', message: expect.stringMatching(/^Printable ASCII/) },
      { field: ['shipToAddress', 'address1'], code: 'INVALID', message: expect.stringMatching(/null-like/) },
      { field: ['lineItems', '0', 'quantity'], code: 'INVALID', message: 'Must be at least 1' },
      { field: ['lineItems', '2'], code: 'INVALID', message: 'Give the productId or the sku of the product' },
      { field: ['lineItems', '3', 'productId'], code: 'INVALID', message: 'Not a valid Product ID' },
      { field: ['totalPrice'], code: 'INVALID', message: 'Must not be negative' },
    ]));
    // References are checked once the values are valid: an unknown SKU, a warehouse of another brand.
    const unknown = (await call(CREATE_ORDER, { b: gid('Brand', t.brandA.id), input: orderInput(s, { lineItems: [{ sku: 'NO-SUCH-SKU', quantity: 1 }] }) })).data.createOrder;
    expect(unknown.userErrors).toEqual([{ field: ['lineItems', '0', 'sku'], code: 'NOT_FOUND', message: 'No product with SKU NO-SUCH-SKU in this brand' }]);
    const foreignWarehouse = await db.warehouse.findFirstOrThrow({ where: { brandId: other.brandA.id } });
    const wrongWarehouse = (await call(ADJUST, { input: { inventoryItemId: s.itemGid, warehouseId: gid('Warehouse', foreignWarehouse.id), quantity: 1, adjustmentType: 'INCREASE' } })).data.adjustInventory;
    expect(wrongWarehouse.userErrors).toEqual([{ field: ['warehouseId'], code: 'NOT_FOUND', message: 'No such warehouse in this brand' }]);
    expect(writesSince(since)).toEqual([]);
    expect(await db.wmsWrite.count({ where: { brandId: t.brandA.id, outcome: 'REFUSED', startedAt: { gte: new Date(since) } } })).toBe(3);
  });

  it('an action missing from the connection is refused naming the WMS; an order of another brand is not a reference', async () => {
    const s = await stocked(brandB, t.brandB.id, 1);
    const since = Date.now();
    const adjust = (await call(ADJUST, { input: { inventoryItemId: s.itemGid, warehouseId: s.warehouseGid, quantity: 1, adjustmentType: 'INCREASE' } })).data.adjustInventory;
    expect(adjust.userErrors).toEqual([{
      field: null, code: 'ACTION_NOT_AVAILABLE',
      message: "The brand's WMS (shipbob-sim) does not offer adjust_inventory through Trackstar, so Packr cannot adjust inventory for this brand",
    }]);
    const ret = (await call(CREATE_RETURN, { b: gid('Brand', t.brandB.id), input: { lineItems: [{ sku: s.item.sku, quantity: 1 }] } })).data.createReturn;
    expect(ret.userErrors).toEqual([expect.objectContaining({ code: 'ACTION_NOT_AVAILABLE', message: expect.stringContaining('(shipbob-sim) does not offer create_return') })]);
    const order = await db.order.findFirstOrThrow({ where: { brandId: t.brandB.id } });
    const update = (await call(UPDATE_ORDER, { id: gid('Order', order.id), input: { serviceLevel: 'x' } })).data.updateOrder;
    expect(update.userErrors[0]).toMatchObject({ code: 'ACTION_NOT_AVAILABLE', message: expect.stringContaining('shipbob-sim') });
    expect(writesSince(since)).toEqual([]);
    expect(await db.wmsWrite.count({ where: { brandId: t.brandB.id, outcome: 'REFUSED', startedAt: { gte: new Date(since) } } })).toBe(3);
  });

  it('brand viewers are refused (FORBIDDEN); another tenant gets NOT_FOUND for the brand, order and item; nothing is sent', async () => {
    const s = await stocked(brandA, t.brandA.id);
    const order = await db.order.findFirstOrThrow({ where: { brandId: t.brandA.id } });
    const since = Date.now();
    const adjust = { input: { inventoryItemId: s.itemGid, warehouseId: s.warehouseGid, quantity: 1, adjustmentType: 'INCREASE' } };
    for (const [query, variables] of [
      [ADJUST, adjust], [CREATE_ORDER, { b: gid('Brand', t.brandA.id), input: orderInput(s) }], [CANCEL_ORDER, { id: gid('Order', order.id) }],
      [ADJUST_BATCH, { inputs: [adjust.input] }],
    ] as const) {
      const asViewer = await call(query, variables, t.keys.viewer);
      expect(asViewer.errors?.[0].extensions?.code, query).toBe('FORBIDDEN');
      const asOther = await call(query, variables, other.keys.owner);
      if (query === ADJUST_BATCH) expect(asOther.data.adjustInventoryBatch.results[0].userErrors).toEqual([{ field: ['inventoryItemId'], code: 'NOT_FOUND', message: 'Inventory item not found' }]);
      else expect(asOther.errors?.[0].extensions?.code, query).toBe('NOT_FOUND');
    }
    expect(writesSince(since)).toEqual([]);
    expect(await db.wmsWrite.count({ where: { startedAt: { gte: new Date(since) } } })).toBe(0);
  });
});

describe('faults on writes', () => {
  it('500, timeout and 429 are retried under the key; answers lost after the write are replayed, never acted on twice', async () => {
    const s = await stocked(brandA, t.brandA.id);
    const adjust = async () => (await call(ADJUST, { input: { inventoryItemId: s.itemGid, warehouseId: s.warehouseGid, quantity: 5, adjustmentType: 'INCREASE' } })).data.adjustInventory;
    const onhand = async () => (await truth(brandA)).inventory.find((i: Rec) => i.id === s.item.id).onhand;
    const start = await onhand();
    const since = Date.now();
    await faults(brandA, { next_failures: ['500', 'timeout', '429'], timeout_ms: 150 });
    const retried = await adjust();
    expect(retried).toMatchObject({ userErrors: [], replayed: false, inventoryItem: { onHand: start + 5 } });
    expect(writesSince(since, /\/adjust$/).map((r) => r.status)).toEqual([500, 'timeout', 429, 200]);

    for (const lost of ['500_after_write', 'timeout_after_write']) {
      await faults(brandA, { next_failures: [lost], timeout_ms: 150 });
      const res = await adjust();
      expect(res, lost).toMatchObject({ userErrors: [], replayed: true });
    }
    expect(await onhand()).toBe(start + 15);
    expect((await db.inventoryItem.findUniqueOrThrow({ where: { id: s.itemId } })).onHand).toBe(start + 15);

    // An order whose answer is lost exists once.
    const input = orderInput(s);
    await faults(brandA, { next_failures: ['timeout_after_write'], timeout_ms: 150 });
    const created = (await call(CREATE_ORDER, { b: gid('Brand', t.brandA.id), input })).data.createOrder;
    expect(created).toMatchObject({ userErrors: [], replayed: true });
    expect((await truth(brandA)).orders.filter((o: Rec) => o.order_number === input.orderNumber)).toHaveLength(1);
  });

  it('a write Trackstar keeps failing is reported UNAVAILABLE with its key, and retrying with the key acts once', async () => {
    const s = await stocked(brandA, t.brandA.id);
    const start = (await truth(brandA)).inventory.find((i: Rec) => i.id === s.item.id).onhand;
    await faults(brandA, { next_failures: ['500_after_write', '500', '500', '500', '500'] });
    const input = { inventoryItemId: s.itemGid, warehouseId: s.warehouseGid, quantity: 4, adjustmentType: 'INCREASE', idempotencyKey: `flaky-${randomUUID()}` };
    const failed = (await call(ADJUST, { input })).data.adjustInventory;
    expect(failed).toMatchObject({ inventoryItem: null, idempotencyKey: input.idempotencyKey, userErrors: [{ field: null, code: 'UNAVAILABLE', message: expect.stringMatching(/may or may not have been carried out.*same idempotency key/) }] });
    const logged = await db.wmsWrite.findFirstOrThrow({ where: { idempotencyKey: input.idempotencyKey } });
    expect(logged).toMatchObject({ outcome: 'FAILED', upstreamStatus: 500 });
    const retried = (await call(ADJUST, { input })).data.adjustInventory;
    expect(retried).toMatchObject({ userErrors: [], replayed: true, inventoryItem: { onHand: start + 4 } });
    expect((await truth(brandA)).inventory.find((i: Rec) => i.id === s.item.id).onhand).toBe(start + 4);
  });
});

describe('bulk writes', () => {
  it('createOrders answers row by row; sent again with the same keys it resends only what had not succeeded', async () => {
    const s = await stocked(brandA, t.brandA.id);
    const b = gid('Brand', t.brandA.id);
    const tag = randomUUID().slice(0, 6);
    const rows = [
      orderInput(s, { orderNumber: `B-${tag}-0`, idempotencyKey: `${tag}-0` }),
      orderInput(s, { orderNumber: `B-${tag}-1`, idempotencyKey: `${tag}-1`, lineItems: [{ productId: s.productGid, quantity: 0 }] }),
      orderInput(s, { orderNumber: `B-${tag}-2`, idempotencyKey: `${tag}-2`, lineItems: [{ sku: 'NO-SUCH-SKU', quantity: 1 }] }),
      orderInput(s, { orderNumber: `B-${tag}-3`, idempotencyKey: `${tag}-0` }),
      orderInput(s, { orderNumber: `B-${tag}-4`, idempotencyKey: `${tag}-4` }),
    ];
    const since = Date.now();
    const first = (await call(CREATE_ORDERS, { b, inputs: rows })).data.createOrders;
    expect(first).toMatchObject({ succeeded: 2, failed: 3, userErrors: [] });
    expect(first.results.map((r: Rec) => [r.index, r.order?.orderNumber ?? null, r.userErrors.map((e: Rec) => e.code)])).toEqual([
      [0, `B-${tag}-0`, []], [1, null, ['INVALID']], [2, null, ['NOT_FOUND']], [3, null, ['IDEMPOTENCY_KEY_REUSED']], [4, `B-${tag}-4`, []],
    ]);
    expect(first.results[3].userErrors[0].message).toBe('Row 0 uses the same idempotency key; give each row its own key');
    expect(writesSince(since, /^\/wms\/orders$/)).toHaveLength(2);

    rows[1] = { ...rows[1], lineItems: [{ productId: s.productGid, quantity: 1 }] };
    const resumed = (await call(CREATE_ORDERS, { b, inputs: [rows[0], rows[1], rows[4]] })).data.createOrders;
    expect(resumed.results.map((r: Rec) => [r.order?.orderNumber, r.replayed, r.userErrors])).toEqual([
      [`B-${tag}-0`, true, []], [`B-${tag}-1`, false, []], [`B-${tag}-4`, true, []],
    ]);
    expect(resumed.results[0].order.id).toBe(first.results[0].order.id);
    expect(writesSince(since, /^\/wms\/orders$/)).toHaveLength(3);
    const upstream = (await truth(brandA)).orders.filter((o: Rec) => o.order_number.startsWith(`B-${tag}-`)).map((o: Rec) => o.order_number).sort();
    expect(upstream).toEqual([`B-${tag}-0`, `B-${tag}-1`, `B-${tag}-4`]);

    const none = (await call(CREATE_ORDERS, { b, inputs: [] })).data.createOrders;
    expect(none).toMatchObject({ results: [], succeeded: 0, failed: 0, userErrors: [{ field: ['inputs'], code: 'INVALID', message: 'Give at least one row' }] });
    const tooMany = (await call(CREATE_ORDERS, { b, inputs: Array.from({ length: 501 }, () => rows[0]) })).data.createOrders;
    expect(tooMany.userErrors).toEqual([{ field: ['inputs'], code: 'INVALID', message: 'At most 500 rows per call; split the rest into further calls' }]);
  });

  it('adjustInventoryBatch: each row acts once, rows of several brands and tenants each get their own answer', async () => {
    const a = await stocked(brandA, t.brandA.id);
    const b = await stocked(brandB, t.brandB.id, 1);
    const foreign = await stocked(otherConn, other.brandA.id);
    const items = await db.inventoryItem.findMany({ where: { brandId: t.brandA.id }, orderBy: { externalId: 'asc' }, take: 6 });
    const before = new Map<string, number>((await truth(brandA)).inventory.map((i: Rec) => [i.id, i.onhand]));
    const rows = items.map((item, n) => ({ inventoryItemId: gid('InventoryItem', item.id), warehouseId: a.warehouseGid, quantity: n + 1, adjustmentType: 'INCREASE', idempotencyKey: `batch-${item.id}` }));
    const mixed = [
      ...rows,
      { ...rows[0], quantity: 0, idempotencyKey: undefined },
      { inventoryItemId: b.itemGid, warehouseId: b.warehouseGid, quantity: 1, adjustmentType: 'INCREASE' },
      { inventoryItemId: foreign.itemGid, warehouseId: foreign.warehouseGid, quantity: 1, adjustmentType: 'INCREASE' },
    ];
    const res = (await call(ADJUST_BATCH, { inputs: mixed })).data.adjustInventoryBatch;
    expect(res).toMatchObject({ succeeded: 6, failed: 3, userErrors: [] });
    expect(res.results.slice(6).map((r: Rec) => r.userErrors.map((e: Rec) => [e.code, e.field]))).toEqual([
      [['INVALID', ['quantity']]], [['ACTION_NOT_AVAILABLE', null]], [['NOT_FOUND', ['inventoryItemId']]],
    ]);
    const after = await truth(brandA);
    for (const [n, item] of items.entries()) {
      const upstream = after.inventory.find((i: Rec) => i.id === item.externalId);
      expect(upstream.onhand, item.externalId).toBe(before.get(item.externalId)! + n + 1);
      expect(res.results[n].inventoryItem.onHand).toBe(upstream.onhand);
      expect((await db.inventoryItem.findUniqueOrThrow({ where: { id: item.id } })).onHand).toBe(upstream.onhand);
    }
    const again = (await call(ADJUST_BATCH, { inputs: rows })).data.adjustInventoryBatch;
    expect(again.results.every((r: Rec) => r.replayed && r.userErrors.length === 0)).toBe(true);
    const final = await truth(brandA);
    expect(items.map((x) => final.inventory.find((i: Rec) => i.id === x.externalId).onhand))
      .toEqual(items.map((x) => after.inventory.find((i: Rec) => i.id === x.externalId).onhand));
  });
});
