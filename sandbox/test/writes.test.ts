// Each write's effect on state, its answer, and the webhooks it emits.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { InboundShipmentSchema, InventoryItemSchema, OrderSchema, ReturnSchema, writeEnvelope } from '../../trackstar-contract/contract.js';
import { startSandbox, type Api } from './helpers.js';

type Rec = Record<string, any>;
let env: Awaited<ReturnType<typeof startSandbox>>;
let api: Api;
let cid: string;
const address = { full_name: 'Ada Lovelace', address1: '1 Main St', city: 'Austin', state: 'TX', postal_code: '78701', country: 'US' };

beforeAll(async () => {
  env = await startSandbox({ orders: 200 });
  const c = await env.connect();
  api = c.api;
  cid = c.connection_id;
});
afterAll(() => env.stop());

let eventsBefore = 0;
beforeEach(() => {
  eventsBefore = env.sandbox.events.length;
});
const newEvents = () => env.sandbox.events.slice(eventsBefore).filter((e) => e.connection_id === cid);
const inv = async (id: string): Promise<Rec> => (await api.call('GET', `/wms/inventory/${id}`)).json.data;
const SECOND = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/;

function consistent(item: Rec): void {
  expect(item.onhand).toBe(item.committed + item.unfulfillable + item.fulfillable);
  for (const q of ['onhand', 'committed', 'fulfillable', 'awaiting', 'unfulfillable']) {
    const sum = Object.values(item.inventory_by_warehouse_id).reduce((s: number, e: any) => s + e[q], 0);
    expect(sum, q).toBe(item[q]);
  }
}

/** A non-kit product with plenty of fulfillable stock in the first warehouse. */
function stockedProduct(): { product: Rec; item: Rec; warehouseId: string } {
  const conn = env.sandbox.connection(cid);
  const warehouseId = conn.data.warehouses.all()[0].id;
  for (const product of conn.data.products.all()) {
    if (product.is_kit || !product.active) continue;
    const item = conn.data.inventory.get(product.inventory_items[0].inventory_item_id)!;
    if ((item.inventory_by_warehouse_id[warehouseId]?.fulfillable ?? 0) > 20) return { product, item, warehouseId };
  }
  throw new Error('no stocked product');
}

async function createOrder(quantity = 2): Promise<{ order: Rec; item: Rec; warehouseId: string }> {
  const { product, item, warehouseId } = stockedProduct();
  const res = await api.call('POST', '/wms/orders', { body: { order_number: `W-${Date.now()}`, ship_to_address: address, line_items: [{ product_id: product.id, quantity }] } });
  expect(res.status, res.text).toBe(200);
  return { order: writeEnvelope(OrderSchema).parse(res.json).data, item, warehouseId };
}

describe('orders', () => {
  it('create commits stock and emits order.created and inventory.updated', async () => {
    const { item, warehouseId } = stockedProduct();
    const before = await inv(item.id);
    const { order } = await createOrder(3);
    expect(order).toMatchObject({ status: 'open', warehouse_id: warehouseId, ship_to_address: { full_name: 'Ada Lovelace', address3: null } });
    expect(order.created_date).toMatch(SECOND);
    const after = await inv(item.id);
    expect(after.committed).toBe(before.committed + 3);
    expect(after.fulfillable).toBe(before.fulfillable - 3);
    expect(after.onhand).toBe(before.onhand);
    expect(after.inventory_by_warehouse_id[warehouseId].committed).toBe(before.inventory_by_warehouse_id[warehouseId].committed + 3);
    consistent(after);
    const types = newEvents().map((e) => e.event_type);
    expect(types).toEqual(['order.created', 'inventory.updated']);
    expect(newEvents()[1].previous_attributes).toMatchObject({ committed: before.committed, fulfillable: before.fulfillable });
  });

  it('refuses null, empty and null-like values, unknown products and missing fields with 422', async () => {
    const { product } = stockedProduct();
    const good = { order_number: 'X', ship_to_address: address, line_items: [{ product_id: product.id, quantity: 1 }] };
    for (const [body, field] of [
      [{ ...good, reference_id: null }, 'reference_id'],
      [{ ...good, ship_to_address: { ...address, company: '' } }, 'ship_to_address.company'],
      [{ ...good, service_level: 'null' }, 'service_level'],
      [{ ...good, line_items: [{ product_id: 'nope', quantity: 1 }] }, 'line_items.0.product_id'],
      [{ ...good, order_number: undefined }, 'order_number'],
      [{ ...good, line_items: [{ product_id: product.id, quantity: 1.5 }] }, 'line_items.0.quantity'],
    ] as const) {
      const res = await api.call('POST', '/wms/orders', { body });
      expect(res.status, field).toBe(422);
      expect(Object.keys(res.json.detail.json), field).toContain(field);
    }
    expect(newEvents()).toEqual([]);
  });

  it('update changes fields, bumps updated_date and sends previous_attributes', async () => {
    const { order } = await createOrder();
    const res = await api.call('PUT', `/wms/orders/${order.id}`, { body: { service_level: 'Overnight', ship_to_address: { city: 'Dallas' }, status: 'confirmed' } });
    expect(res.status).toBe(200);
    expect(res.json.data).toMatchObject({ service_level: 'Overnight', status: 'confirmed', ship_to_address: { city: 'Dallas', address1: '1 Main St' } });
    const updated = newEvents().find((e) => e.event_type === 'order.updated')!;
    expect(updated.previous_attributes).toMatchObject({ service_level: order.service_level, status: 'open', 'ship_to_address.city': 'Austin' });
    expect(updated.data).toEqual(res.json.data);
  });

  it('cancel releases the committed stock', async () => {
    const { order, item } = await createOrder(4);
    const before = await inv(item.id);
    const res = await api.call('PUT', `/wms/orders/${order.id}/cancel`);
    expect(res.json.data.status).toBe('cancelled');
    const after = await inv(item.id);
    expect(after.committed).toBe(before.committed - 4);
    expect(after.fulfillable).toBe(before.fulfillable + 4);
    expect((await api.call('PUT', `/wms/orders/${order.id}`, { body: { service_level: 'x' } })).status).toBe(422);
  });

  it('a shipment ships packages with tracking and takes stock out of the building', async () => {
    const { order, item, warehouseId } = await createOrder(2);
    const before = await inv(item.id);
    const res = await api.call('POST', `/wms/orders/${order.id}/shipments`, {
      body: {
        shipped_date: '2025-06-01T12:00:00Z', tracking_number: '1ZTEST', shipping_cost: 7.5, warehouse_id: warehouseId,
        measurements: { length: 10, width: 8, height: 4, unit: 'in', weight: 2, weight_unit: 'lb' }, carrier_id: 'ups',
      },
    });
    expect(res.status, res.text).toBe(200);
    const o = writeEnvelope(OrderSchema).parse(res.json).data;
    expect(o.status).toBe('fulfilled');
    const s = o.shipments.at(-1)!;
    expect(s).toMatchObject({ status: 'shipped', shipped_date: '2025-06-01T12:00:00Z', warehouse_id: warehouseId });
    expect(s.packages[0]).toMatchObject({ tracking_number: '1ZTEST', carrier_name: 'UPS', shipping_cost: 7.5, tracking_url: expect.stringContaining('1ZTEST') });
    const after = await inv(item.id);
    expect(after.onhand).toBe(before.onhand - 2);
    expect(after.committed).toBe(before.committed - 2);
    expect(after.fulfillable).toBe(before.fulfillable);
    consistent(after);
    const ev = newEvents().find((e) => e.event_type === 'order.shipment.created')!;
    expect(ev.previous_attributes).toMatchObject({ shipments: [], status: 'open' });
    expect((await api.call('POST', `/wms/orders/${order.id}/shipments`, { body: { shipped_date: '2025-06-01T12:00:00Z', tracking_number: 'x', shipping_cost: 1, warehouse_id: warehouseId, measurements: {} } })).status).toBe(422);
  });

  it('simulate fulfil: partial, then the rest; by token or by order id alone', async () => {
    const conn = env.sandbox.connection(cid);
    const products = conn.data.products.all().filter((p) => !p.is_kit).slice(0, 2);
    const created = await api.call('POST', '/wms/orders', { body: { order_number: 'P-1', ship_to_address: address, line_items: products.map((p) => ({ product_id: p.id, quantity: 1 })) } });
    const id = created.json.data.id;
    const partial = await api.call('PUT', `/sandbox/simulate/orders/${id}/fulfill?partial=true`);
    expect(partial.status).toBe(200);
    expect(partial.json.data.status).toBe('partially_fulfilled');
    expect(partial.json.data.shipments[0].packages[0].tracking_url).toMatch(/^https:\/\//);
    const rest = await env.admin.call('PUT', `/sandbox/simulate/orders/${id}/fulfill`);
    expect(rest.status).toBe(200);
    expect(rest.json.data.status).toBe('fulfilled');
    expect(rest.json.data.shipments).toHaveLength(2);
    expect((await env.admin.call('PUT', `/sandbox/simulate/orders/${id}/fulfill`)).status).toBe(422);
    expect((await env.admin.call('PUT', '/sandbox/simulate/orders/nope/fulfill')).status).toBe(404);
  });

  it('Idempotency-Key replays the first answer', async () => {
    const { product } = stockedProduct();
    const body = { order_number: 'IDEM-1', ship_to_address: address, line_items: [{ product_id: product.id, quantity: 1 }] };
    const headers = { 'idempotency-key': 'abc-123' };
    const a = await api.call('POST', '/wms/orders', { body, headers });
    const b = await api.call('POST', '/wms/orders', { body, headers });
    expect(b.json.id).toBe(a.json.id);
    expect(b.headers.get('idempotent-replayed')).toBe('true');
    expect((await api.call('POST', '/wms/orders', { body: { ...body, order_number: 'IDEM-2' }, headers })).status).toBe(400);
  });

  it('Idempotency-Key: 409 while the first request is in flight, the key freed by a refused first attempt', async () => {
    const { product } = stockedProduct();
    const body = { order_number: 'IDEM-FLIGHT', ship_to_address: address, line_items: [{ product_id: product.id, quantity: 1 }] };
    const headers = { 'idempotency-key': 'in-flight-1' };
    await env.admin.call('POST', '/sandbox/faults', { body: { connection_id: cid, latency_ms: 200 } });
    try {
      const [a, b] = await Promise.all([
        api.call('POST', '/wms/orders', { body, headers }),
        new Promise((r) => setTimeout(r, 50)).then(() => api.call('POST', '/wms/orders', { body, headers })),
      ]);
      expect([a.status, b.status]).toEqual([200, 409]);
      expect(b.json).toMatchObject({ error: expect.stringMatching(/in progress/), origin: 'trackstar' });
    } finally {
      await env.admin.call('POST', '/sandbox/faults', { body: { connection_id: cid, latency_ms: 0 } });
    }
    const replayed = await api.call('POST', '/wms/orders', { body, headers });
    expect(replayed.headers.get('idempotent-replayed')).toBe('true');
    expect(env.sandbox.connection(cid).data.orders.all().filter((o) => o.order_number === 'IDEM-FLIGHT')).toHaveLength(1);

    const refusedBody = { ...body, order_number: 'IDEM-REFUSED', line_items: [{ product_id: 'nope', quantity: 1 }] };
    const refusedHeaders = { 'idempotency-key': 'refused-first' };
    expect((await api.call('POST', '/wms/orders', { body: refusedBody, headers: refusedHeaders })).status).toBe(422);
    const fixed = await api.call('POST', '/wms/orders', { body: { ...refusedBody, line_items: body.line_items }, headers: refusedHeaders });
    expect(fixed.status).toBe(200);
    expect(fixed.headers.get('idempotent-replayed')).toBeNull();
    expect((await api.call('POST', '/wms/orders', { body, headers: { 'idempotency-key': 'x'.repeat(256) } })).status).toBe(400);
  });

  it('next_failures timeout_after_write / 500_after_write act, lose the answer, and a retry with the key replays it', async () => {
    const { item, warehouseId } = stockedProduct();
    const adjust = (key: string) => api.call('PUT', `/wms/inventory/${item.id}/adjust`, {
      body: { quantity: 3, adjustment_type: 'increase', warehouse_id: warehouseId }, headers: { 'idempotency-key': key },
    });
    const before = (await inv(item.id)).onhand;
    await env.admin.call('POST', '/sandbox/faults', { body: { connection_id: cid, next_failures: ['500_after_write', 'timeout_after_write'], timeout_ms: 50 } });
    expect((await adjust('lost-500')).status).toBe(500);
    await expect(adjust('lost-timeout')).rejects.toThrow();
    expect((await inv(item.id)).onhand).toBe(before + 6);
    for (const key of ['lost-500', 'lost-timeout']) {
      const retry = await adjust(key);
      expect(retry.status).toBe(200);
      expect(retry.headers.get('idempotent-replayed')).toBe('true');
    }
    expect((await inv(item.id)).onhand).toBe(before + 6);
  });
});

describe('trackstar tags', () => {
  it('PUT .../trackstar-tags replaces the list on any tagged resource, even a shipped order', async () => {
    const conn = env.sandbox.connection(cid);
    const shipped = conn.data.orders.all().find((o) => o.status === 'fulfilled')!;
    const res = await api.call('PUT', `/wms/orders/${shipped.id}/trackstar-tags`, { body: { trackstar_tags: ['vip', { tier: 'gold' }] } });
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ id: shipped.id, data: { trackstar_tags: ['vip', { tier: 'gold' }] }, unused_fields: [] });
    const item = conn.data.inventory.all()[0];
    expect((await api.call('PUT', `/wms/inventory/${item.id}/trackstar-tags`, { body: { trackstar_tags: ['x'] } })).json.data.trackstar_tags).toEqual(['x']);
    expect(newEvents().map((e) => e.event_type)).toEqual(['order.updated', 'inventory.updated']);
    expect((await api.call('PUT', `/wms/orders/${shipped.id}/trackstar-tags`, { body: {} })).status).toBe(422);
    expect((await api.call('PUT', '/wms/orders/nope/trackstar-tags', { body: { trackstar_tags: [] } })).status).toBe(404);
  });
});

describe('inventory, inbound shipments and returns', () => {
  it('adjust moves onhand and fulfillable in the warehouse and location', async () => {
    const { item, warehouseId } = stockedProduct();
    const location = item.locations.find((l: Rec) => l.warehouse_id === warehouseId).location_id;
    const before = await inv(item.id);
    const up = await api.call('PUT', `/wms/inventory/${item.id}/adjust`, { body: { quantity: 5, adjustment_type: 'increase', warehouse_id: warehouseId, location_id: location } });
    const u = writeEnvelope(InventoryItemSchema).parse(up.json).data;
    expect(u.onhand).toBe(before.onhand + 5);
    expect(u.fulfillable).toBe(before.fulfillable + 5);
    expect(u.inventory_by_warehouse_id[warehouseId].onhand).toBe(before.inventory_by_warehouse_id[warehouseId].onhand + 5);
    expect(u.locations.find((l) => l.location_id === location)!.quantity).toBe(before.locations.find((l: Rec) => l.location_id === location).quantity + 5);
    consistent(u);
    const down = await api.call('PUT', `/wms/inventory/${item.id}/adjust`, { body: { quantity: 2, adjustment_type: 'decrease', warehouse_id: warehouseId } });
    expect(down.json.data.onhand).toBe(before.onhand + 3);
    const ev = newEvents().filter((e) => e.event_type === 'inventory.updated');
    expect(ev).toHaveLength(2);
    expect(ev[0].previous_attributes).toMatchObject({ onhand: before.onhand });
    const tooMuch = await api.call('PUT', `/wms/inventory/${item.id}/adjust`, { body: { quantity: 1_000_000, adjustment_type: 'decrease', warehouse_id: warehouseId } });
    expect(tooMuch.status).toBe(422);
    expect(tooMuch.json.origin).toBe('integration');
    expect((await api.call('PUT', `/wms/inventory/${item.id}/adjust`, { body: { quantity: 1, adjustment_type: 'sideways', warehouse_id: warehouseId } })).status).toBe(422);
    expect((await api.call('PUT', `/wms/inventory/${item.id}/adjust`, { body: { quantity: 1, adjustment_type: 'increase', warehouse_id: 'nope' } })).status).toBe(422);
  });

  it('an ASN raises awaiting; receiving moves awaiting to onhand and appends a receipt', async () => {
    const { item, warehouseId } = stockedProduct();
    const before = await inv(item.id);
    const created = await api.call('POST', '/wms/inbound-shipments', {
      body: { purchase_order_number: 'PO-1', expected_arrival_date: '2030-01-01T00:00:00Z', warehouse_id: warehouseId, tracking_number: 'T1', supplier: 'Acme', line_items: [{ sku: item.sku, expected_quantity: 10 }] },
    });
    expect(created.status, created.text).toBe(200);
    const asn = writeEnvelope(InboundShipmentSchema).parse(created.json).data;
    expect(asn).toMatchObject({ status: 'open', tracking_numbers: ['T1'], purchase_order_number: 'PO-1' });
    expect((await inv(item.id)).awaiting).toBe(before.awaiting + 10);
    const location = env.sandbox.connection(cid).data.warehouse_locations.all().find((l) => l.warehouse_id === warehouseId)!.id;
    const r1 = await api.call('PUT', `/wms/inbound-shipments/${asn.id}/receive`, { body: { warehouse_location_id: location, line_items: [{ sku: item.sku, quantity: 4 }] } });
    expect(r1.status, r1.text).toBe(200);
    expect(r1.json.data).toMatchObject({ status: 'receiving', line_items: [{ received_quantity: 4 }] });
    expect(r1.json.data.receipts).toHaveLength(1);
    const mid = await inv(item.id);
    expect(mid.awaiting).toBe(before.awaiting + 6);
    expect(mid.onhand).toBe(before.onhand + 4);
    consistent(mid);
    const r2 = await api.call('PUT', `/wms/inbound-shipments/${asn.id}/receive`, { body: { warehouse_location_id: location, line_items: [{ sku: item.sku, quantity: 6 }] } });
    expect(r2.json.data.status).toBe('received');
    expect((await inv(item.id)).awaiting).toBe(before.awaiting);
    const receipt = newEvents().filter((e) => e.event_type === 'inbound-shipment.receipt.created');
    expect(receipt).toHaveLength(2);
    expect(receipt[1].previous_attributes).toMatchObject({ 'line_items.0.received_quantity': 4, status: 'receiving' });
    expect(newEvents().map((e) => e.event_type)).toContain('inbound-shipment.created');
    expect((await api.call('PUT', `/wms/inbound-shipments/${asn.id}/receive`, { body: { warehouse_location_id: location, line_items: [{ sku: item.sku, quantity: 1 }] } })).status).toBe(422);
  });

  it('a return is created open and, once received, restocks', async () => {
    const { item, warehouseId } = stockedProduct();
    const created = await api.call('POST', '/wms/returns', { body: { warehouse_id: warehouseId, line_items: [{ sku: item.sku, quantity: 2 }] } });
    expect(created.status, created.text).toBe(200);
    const ret = writeEnvelope(ReturnSchema).parse(created.json).data;
    expect(ret).toMatchObject({ status: 'open', line_items: [{ expected_quantity: 2, received_quantity: 0 }] });
    expect(newEvents().map((e) => e.event_type)).toEqual(['return.created']);
    const before = await inv(item.id);
    const received = await env.admin.call('PUT', `/sandbox/simulate/returns/${ret.id}/receive`);
    expect(received.json.data.status).toBe('received');
    expect((await inv(item.id)).onhand).toBe(before.onhand + 2);
    expect((await api.call('POST', '/wms/returns', { body: { order_id: 'nope', line_items: [{ sku: item.sku, quantity: 1 }] } })).status).toBe(422);
  });
});
