// The REST routes of the WMS writes over real HTTP, the sandbox as Trackstar: each route's effect
// upstream, its statuses (200, 400, 401, 403, 404, 409, 422, 502), the Idempotency-Key header, and
// every answer checked against the OpenAPI document (a documented status, a valid body).
import { randomUUID } from 'node:crypto';
import { encodeGlobalID } from '@pothos/plugin-relay';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeChangePublisher } from '../../changes/change-log.js';
import { db } from '../../db.js';
import type { SyncResource } from '../../generated/prisma/enums.js';
import { runSync } from '../../sync/runner.js';
import { makeTenant, type TenantFixture } from '../../../test/fixtures.js';
import { validate } from '../../../test/support/json-schema-subset.js';
import { attachConnection, retireSync, startTestSandbox } from '../../../test/support/sync-harness.js';
import { buildApp, type App } from '../app.js';
import { openApiDocument } from './openapi.js';

type Rec = Record<string, any>;
const doc = JSON.parse(JSON.stringify(openApiDocument())) as any;
const RESOURCES: SyncResource[] = ['WAREHOUSES', 'SHIPPING_METHODS', 'PRODUCTS', 'INVENTORY', 'ORDERS'];
const address = { address1: '1 Main St', city: 'Austin', state: 'TX', postalCode: '78701', country: 'US' };

let sb: Awaited<ReturnType<typeof startTestSandbox>>;
let app: App;
let url = '';
let t: TenantFixture;
let other: TenantFixture;
let connectionId = '';
let otherConnectionId = '';

/** Fills the path, sends, and checks the answer is a documented status whose schema it validates. */
async function api(method: string, template: string, o: { params: Record<string, string>; key?: string | null; body?: unknown; raw?: string; headers?: Record<string, string> }) {
  const path = template.replace(/\{(\w+)\}/g, (_, name: string) => encodeURIComponent(o.params[name]));
  const headers: Record<string, string> = { ...o.headers };
  const key = o.key === undefined ? t.keys.owner : o.key;
  if (key) headers.authorization = `Bearer ${key}`;
  const payload = o.raw ?? (o.body === undefined ? undefined : JSON.stringify(o.body));
  if (payload !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(`${url}${path}`, { method, headers, body: payload });
  const text = await res.text();
  const body = JSON.parse(text);
  const response = doc.paths[template]?.[method.toLowerCase()]?.responses[String(res.status)];
  expect(response, `${method} ${template} answered an undocumented ${res.status}: ${text}`).toBeDefined();
  expect(validate(doc, response.content['application/json'].schema, body), `${method} ${template} ${res.status}: ${text}`).toEqual([]);
  return { status: res.status, body };
}

async function truth(cid = connectionId): Promise<Rec> {
  return (await sb.admin('GET', `/sandbox/connections/${cid}/state`)).json;
}

async function stocked(brandId: string, cid = connectionId) {
  const state = await truth(cid);
  const warehouse = state.warehouses[0];
  const product = (state.products as Rec[]).find((p) => !p.is_kit && p.active && p.sku &&
    (state.inventory as Rec[]).find((i) => i.id === p.inventory_items[0].inventory_item_id)!.inventory_by_warehouse_id[warehouse.id]?.fulfillable > 20)!;
  const item = await db.inventoryItem.findUniqueOrThrow({ where: { brandId_externalId: { brandId, externalId: product.inventory_items[0].inventory_item_id } } });
  const localWarehouse = await db.warehouse.findUniqueOrThrow({ where: { brandId_externalId: { brandId, externalId: warehouse.id } } });
  return { product, item, warehouseId: encodeGlobalID('Warehouse', localWarehouse.id), warehouseUuid: localWarehouse.id };
}

const ORDERS = '/api/brands/{brandId}/orders';
const ORDER = '/api/brands/{brandId}/orders/{orderId}';
const CANCEL = '/api/brands/{brandId}/orders/{orderId}/cancel';
const SHIP = '/api/brands/{brandId}/orders/{orderId}/shipments';
const ADJUST = '/api/brands/{brandId}/inventory/{inventoryItemId}/adjustments';
const ORDER_BATCH = '/api/brands/{brandId}/batches/orders';
const ADJUST_BATCH = '/api/brands/{brandId}/batches/inventory-adjustments';
const INBOUND = '/api/brands/{brandId}/inbound-shipments';
const RETURNS = '/api/brands/{brandId}/returns';

beforeAll(async () => {
  sb = await startTestSandbox({ orders: 30, products: 25 });
  app = buildApp();
  url = (await app.start(0, '127.0.0.1')).url;
  t = await makeTenant('RestWrites');
  other = await makeTenant('RestWritesOther');
  for (const [brandId, set] of [[t.brandA.id, (id: string) => (connectionId = id)], [other.brandA.id, (id: string) => (otherConnectionId = id)]] as const) {
    const ex = sb.sandbox.connect('sandbox');
    set(ex.connection_id);
    const integration = await attachConnection(brandId, ex, RESOURCES);
    for (const resource of RESOURCES) await runSync({ integrationId: integration.id, resource });
  }
}, 120_000);

afterAll(async () => {
  await retireSync();
  await sb?.stop();
  await app?.stop();
  await closeChangePublisher();
});

describe('REST: WMS writes', () => {
  it('every route acts upstream and answers the record as stored; the Idempotency-Key header makes a retry a replay', async () => {
    const s = await stocked(t.brandA.id);
    const brandId = encodeGlobalID('Brand', t.brandA.id);
    const orderNumber = `R-${randomUUID().slice(0, 8)}`;
    const key = `rest-${randomUUID()}`;
    const order = { orderNumber, shipToAddress: address, lineItems: [{ sku: s.product.sku, quantity: 1 }] };
    const created = await api('POST', ORDERS, { params: { brandId }, body: order, headers: { 'idempotency-key': key } });
    expect(created).toMatchObject({ status: 200, body: { idempotencyKey: key, replayed: false, userErrors: [], order: { data: { order_number: orderNumber, status: 'open' } } } });
    const again = await api('POST', ORDERS, { params: { brandId: t.brandA.id }, body: { ...order, idempotencyKey: key } });
    expect(again).toMatchObject({ status: 200, body: { replayed: true, order: { id: created.body.order.id } } });
    expect((await truth()).orders.filter((o: Rec) => o.order_number === orderNumber)).toHaveLength(1);

    const orderId = created.body.order.id as string;
    const updated = await api('PUT', ORDER, { params: { brandId, orderId }, body: { serviceLevel: 'Overnight' } });
    expect(updated.body.order.data.service_level).toBe('Overnight');
    const shipped = await api('POST', SHIP, { params: { brandId, orderId: created.body.order.globalId }, body: { warehouseId: s.warehouseUuid, shippedDate: '2026-05-01T09:00:00Z', trackingNumber: '1ZREST', shippingCost: 4 } });
    expect(shipped).toMatchObject({ status: 200, body: { userErrors: [], order: { data: { status: 'fulfilled' } } } });
    const second = await api('POST', ORDERS, { params: { brandId }, body: { ...order, orderNumber: `${orderNumber}-2` } });
    const cancelled = await api('POST', CANCEL, { params: { brandId, orderId: second.body.order.id } });
    expect(cancelled).toMatchObject({ status: 200, body: { order: { data: { status: 'cancelled' } } } });
    expect((await truth()).orders.find((o: Rec) => o.id === second.body.order.externalId).status).toBe('cancelled');

    const before = (await truth()).inventory.find((i: Rec) => i.id === s.item.externalId).onhand;
    const adjusted = await api('POST', ADJUST, { params: { brandId, inventoryItemId: s.item.id }, body: { warehouseId: s.warehouseId, quantity: 3, adjustmentType: 'INCREASE', reason: 'recount' } });
    expect(adjusted).toMatchObject({ status: 200, body: { inventoryItem: { id: s.item.id, data: { onhand: before + 3 } } } });
    expect((await truth()).inventory.find((i: Rec) => i.id === s.item.externalId).onhand).toBe(before + 3);

    const asn = await api('POST', INBOUND, { params: { brandId }, body: { purchaseOrderNumber: 'PO-REST', supplier: 'Acme', expectedArrivalDate: '2026-06-01T00:00:00Z', warehouseId: s.warehouseId, trackingNumber: 'T1', lineItems: [{ sku: s.product.sku, expectedQuantity: 5 }] } });
    expect(asn).toMatchObject({ status: 200, body: { inboundShipment: { data: { purchase_order_number: 'PO-REST' } } } });
    const ret = await api('POST', RETURNS, { params: { brandId }, body: { orderId, lineItems: [{ sku: s.product.sku, quantity: 1 }] } });
    expect(ret).toMatchObject({ status: 200, body: { return: { data: { order_id: created.body.order.externalId } } } });

    const batch = await api('POST', ORDER_BATCH, { params: { brandId }, body: { inputs: [{ ...order, orderNumber: `${orderNumber}-b` }, { ...order, lineItems: [] }] } });
    expect(batch.body).toMatchObject({ succeeded: 1, failed: 1, results: [{ index: 0, order: { data: { order_number: `${orderNumber}-b` } } }, { index: 1, order: null, userErrors: [{ field: ['lineItems'], code: 'INVALID' }] }] });
    const foreign = await stocked(other.brandA.id, otherConnectionId);
    const adjustments = await api('POST', ADJUST_BATCH, {
      params: { brandId },
      body: { inputs: [{ inventoryItemId: s.item.id, warehouseId: s.warehouseId, quantity: 1, adjustmentType: 'DECREASE' }, { inventoryItemId: foreign.item.id, warehouseId: foreign.warehouseId, quantity: 1, adjustmentType: 'DECREASE' }] },
    });
    expect(adjustments.body).toMatchObject({ succeeded: 1, failed: 1, results: [{ inventoryItem: { data: { onhand: before + 2 } } }, { inventoryItem: null, userErrors: [{ code: 'NOT_FOUND', field: ['inventoryItemId'] }] }] });
  });

  it('refusals: 422 field by field, 409 when the connection cannot write, 502 with the key to retry, 400 bad bodies, 404, 403, 401', async () => {
    const s = await stocked(t.brandA.id);
    const brandId = encodeGlobalID('Brand', t.brandA.id);
    const order = await db.order.findFirstOrThrow({ where: { brandId: t.brandA.id } });
    const adjust = { warehouseId: s.warehouseId, quantity: 1, adjustmentType: 'INCREASE' };

    const invalid = await api('POST', ORDERS, { params: { brandId }, body: { orderNumber: 'X', shipToAddress: { ...address, city: '' }, lineItems: [{ sku: s.product.sku, quantity: 0 }], extra: true } });
    expect(invalid.status).toBe(422);
    expect(invalid.body.userErrors).toEqual(expect.arrayContaining([
      { field: ['shipToAddress', 'city'], code: 'INVALID', message: expect.any(String) },
      { field: ['lineItems', '0', 'quantity'], code: 'INVALID', message: 'Must be at least 1' },
      { field: ['extra'], code: 'INVALID', message: 'Unknown field' },
    ]));
    const refused = await api('POST', ADJUST, { params: { brandId, inventoryItemId: s.item.id }, body: { ...adjust, quantity: 999_999, adjustmentType: 'DECREASE' } });
    expect(refused).toMatchObject({ status: 422, body: { inventoryItem: null, userErrors: [{ code: 'REJECTED', message: expect.stringMatching(/^The WMS \(sandbox\) refused the write: Cannot decrease/) }] } });
    const notConnected = await api('POST', ORDERS, { params: { brandId: t.brandB.id }, body: { orderNumber: 'X', shipToAddress: address, lineItems: [{ sku: 'A', quantity: 1 }] } });
    expect(notConnected).toMatchObject({ status: 409, body: { order: null, userErrors: [{ code: 'NOT_CONNECTED', field: null, message: 'This brand is not connected to Trackstar' }] } });

    await sb.admin('POST', '/sandbox/faults', { connection_id: connectionId, next_failures: ['500', '500', '500', '500', '500'] });
    const failing = await api('POST', ADJUST, { params: { brandId, inventoryItemId: s.item.id }, body: adjust, headers: { 'idempotency-key': 'rest-flaky' } });
    expect(failing).toMatchObject({ status: 502, body: { idempotencyKey: 'rest-flaky', userErrors: [{ code: 'UNAVAILABLE' }] } });
    expect((await api('POST', ADJUST, { params: { brandId, inventoryItemId: s.item.id }, body: adjust, headers: { 'idempotency-key': 'rest-flaky' } })).status).toBe(200);

    for (const [body, raw, headers, message] of [
      [undefined, '[1]', {}, /must be a JSON object/],
      [undefined, '{nope', {}, /not valid JSON/],
      [{ ...adjust, idempotencyKey: 'a' }, undefined, { 'idempotency-key': 'b' }, /differ/],
      [{ ...adjust, inventoryItemId: 'other' }, undefined, {}, /given by the path/],
    ] as const) {
      const res = await api('POST', ADJUST, { params: { brandId, inventoryItemId: s.item.id }, body, raw, headers });
      expect(res.status).toBe(400);
      expect(res.body.error.message).toMatch(message);
    }
    expect((await api('POST', ORDER_BATCH, { params: { brandId }, body: { rows: [] } })).status).toBe(400);
    const tooMany = await api('POST', ADJUST_BATCH, { params: { brandId }, body: { inputs: [] } });
    expect(tooMany).toMatchObject({ status: 422, body: { results: [], userErrors: [{ field: ['inputs'], code: 'INVALID' }] } });

    const since = Date.now();
    const foreign = await db.order.findFirstOrThrow({ where: { brandId: other.brandA.id } });
    for (const [template, params] of [
      [CANCEL, { brandId, orderId: foreign.id }], [CANCEL, { brandId, orderId: 'nope' }], [CANCEL, { brandId: t.brandB.id, orderId: order.id }],
      [ADJUST, { brandId: other.brandA.id, inventoryItemId: s.item.id }],
    ] as const) {
      const res = await api('POST', template, { params, body: template === ADJUST ? adjust : undefined });
      expect(res.status, JSON.stringify(params)).toBe(404);
    }
    expect((await api('POST', CANCEL, { params: { brandId, orderId: order.id }, key: t.keys.viewer })).status).toBe(403);
    expect((await api('POST', CANCEL, { params: { brandId, orderId: order.id }, key: null })).status).toBe(401);
    expect(sb.requests.filter((r) => r.at >= since && r.method !== 'GET' && r.path.startsWith('/wms/'))).toEqual([]);
  });
});
