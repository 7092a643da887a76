// Every endpoint's answer parses with Packr's contract schemas, carries every key, and uses
// second-precision UTC dates.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ConnectionListSchema, ConnectionSchema, DeleteConnectionResponseSchema, ExchangeResponseSchema,
  InboundShipmentSchema, InventoryItemSchema, LinkTokenResponseSchema, NotFoundErrorSchema, OrderSchema, ProductSchema,
  RESOURCES, ReturnSchema, ShippingMethodSchema, SyncConnectionResponseSchema, UpdateConnectionResponseSchema,
  ValidationErrorSchema, WarehouseCustomerSchema, WarehouseLocationSchema, WarehouseSchema, listEnvelope,
  singleEnvelope, writeEnvelope,
} from '../../trackstar-contract/contract.js';
import { SECOND_DATE, dateValues, missingKeys, startSandbox } from './helpers.js';

type Env = Awaited<ReturnType<typeof startSandbox>>;
let env: Env;
let c: Awaited<ReturnType<Env['connect']>>;

beforeAll(async () => {
  env = await startSandbox();
  c = await env.connect();
});
afterAll(() => env.stop());

const schemas = {
  orders: OrderSchema, products: ProductSchema, inventory: InventoryItemSchema, warehouses: WarehouseSchema,
  warehouse_locations: WarehouseLocationSchema, shipping_methods: ShippingMethodSchema, returns: ReturnSchema,
  inbound_shipments: InboundShipmentSchema, warehouse_customers: WarehouseCustomerSchema,
};

describe('WMS reads', () => {
  for (const spec of Object.values(RESOURCES)) {
    it(`${spec.listPath} list and item match ${spec.key}'s schema`, async () => {
      const schema = schemas[spec.key];
      let list: string = spec.listPath;
      let item: string = spec.itemPath;
      if (spec.key === 'warehouse_locations') {
        const wh = (await c.api.call('GET', '/wms/warehouses')).json.data[0].id;
        list = list.replace('{warehouse_id}', wh);
        item = item.replace('{warehouse_id}', wh);
      }
      const res = await c.api.call('GET', `${list}?limit=50`);
      expect(res.status).toBe(200);
      const page = listEnvelope(schema).parse(res.json);
      expect(page.data.length).toBeGreaterThan(0);
      expect(page.total_count).toBe(page.data.length);
      for (const record of res.json.data) expect(missingKeys(schema, record)).toEqual([]);
      for (const d of dateValues(res.json.data)) expect(d).toMatch(SECOND_DATE);

      const id = page.data[0].id;
      const one = await c.api.call('GET', item.replace(/\{\w+\}$/, encodeURIComponent(id)));
      expect(one.status).toBe(200);
      expect(singleEnvelope(schema).parse(one.json).data.id).toBe(id);

      const missing = await c.api.call('GET', item.replace(/\{\w+\}$/, 'nope'));
      expect(missing.status).toBe(404);
      expect(NotFoundErrorSchema.parse(missing.json).id).toBe('nope');
    });
  }

  it('orders embed shipments, packages, carriers and tracking', async () => {
    const res = await c.api.call('GET', '/wms/orders?status=fulfilled&limit=20');
    const orders = listEnvelope(OrderSchema).parse(res.json).data;
    for (const o of orders) {
      expect(o.shipments.length).toBeGreaterThan(0);
      for (const s of o.shipments) {
        expect(s.status).toBe('shipped');
        for (const p of s.packages) {
          expect(p.tracking_number).toBeTruthy();
          expect(p.tracking_url).toMatch(/^https:\/\//);
          expect(['UPS', 'FedEx', 'USPS', 'DHL']).toContain(p.carrier_name);
        }
      }
    }
  });

  it('a malformed date filter is a ValidationError naming the parameter', async () => {
    const res = await c.api.call('GET', '/wms/orders?updated_date[gte]=yesterday');
    expect(res.status).toBe(422);
    expect(ValidationErrorSchema.parse(res.json).detail.query['updated_date[gte]']).toHaveLength(1);
  });
});

describe('management and link endpoints', () => {
  it('link token, exchange and generate-sandbox answer the spec shapes', async () => {
    const lt = await env.admin.call('POST', '/link/token', { body: {} });
    expect(LinkTokenResponseSchema.parse(lt.json).link_token).toBeTruthy();
    const code = await env.admin.call('POST', '/sandbox/link/authorize', { key: null, body: { link_token: lt.json.link_token, integration_name: 'shiphero-sim' } });
    const ex = await env.admin.call('POST', '/link/exchange', { body: { auth_code: code.json.auth_code, customer_id: 'cust-1' } });
    expect(ex.status).toBe(200);
    const parsed = ExchangeResponseSchema.parse(ex.json);
    expect(missingKeys(ExchangeResponseSchema, ex.json)).toEqual([]);
    expect(parsed).toMatchObject({ integration_name: 'shiphero-sim', customer_id: 'cust-1' });
    expect(parsed.available_actions).toContain('get_orders');
    const gen = await env.admin.call('POST', '/sandbox/generate-sandbox/wms');
    expect(ExchangeResponseSchema.parse(gen.json).integration_name).toBe('sandbox');
  });

  it('connections list, single, patch, sync and delete', async () => {
    const list = await env.admin.call('GET', '/connections');
    const conns = ConnectionListSchema.parse(list.json).data;
    expect(conns.map((x) => x.connection_id)).toContain(c.connection_id);
    for (const raw of list.json.data) expect(missingKeys(ConnectionSchema, raw)).toEqual([]);
    for (const d of dateValues(list.json.data)) expect(d).toMatch(SECOND_DATE);

    const one = await env.admin.call('GET', `/connections/${c.connection_id}`);
    const single = ConnectionListSchema.parse(one.json);
    expect(single.data).toHaveLength(1);
    expect(single.data[0].sync_schedules.map((s) => s.function_name)).toContain('get_orders');

    const patch = await c.api.call('PATCH', '/connections', { body: { customer_id: 'acme', webhooks_disabled: false } });
    expect(UpdateConnectionResponseSchema.parse(patch.json)).toEqual({ id: c.connection_id, object: 'connection', updated: true });
    const after = ConnectionListSchema.parse((await env.admin.call('GET', `/connections/${c.connection_id}`)).json);
    expect(after.data[0].customer_id).toBe('acme');

    const sync = await c.api.call('POST', '/connections/sync', { body: { functions_to_sync: ['get_orders'] } });
    expect(SyncConnectionResponseSchema.parse(sync.json)).toEqual({ id: c.connection_id, syncing: true, functions_to_sync: ['get_orders'] });
    const all = await c.api.call('POST', '/connections/sync', { body: {} });
    expect(all.json.functions_to_sync).toContain('get_inventory');

    const other = await env.connect();
    const del = await other.api.call('DELETE', '/connections');
    expect(DeleteConnectionResponseSchema.parse(del.json)).toEqual({ id: other.connection_id, object: 'connection', deleted: true });
    expect((await env.admin.call('GET', `/connections/${other.connection_id}`)).status).toBe(404);
  });

  it('write answers are write envelopes of the stored record', async () => {
    const product = (await c.api.call('GET', '/wms/products?limit=1')).json.data[0];
    const res = await c.api.call('POST', '/wms/orders', {
      body: {
        order_number: 'T-1', ship_to_address: { address1: '1 Main St', city: 'Austin', state: 'TX', postal_code: '78701', country: 'US' },
        line_items: [{ product_id: product.id, quantity: 1 }], gift_message: 'hi',
      },
    });
    expect(res.status).toBe(200);
    const w = writeEnvelope(OrderSchema).parse(res.json);
    expect(w.id).toBe(w.data.id);
    expect(w.unused_fields).toEqual(['gift_message']);
    expect(missingKeys(OrderSchema, res.json.data)).toEqual([]);
    const stored = await c.api.call('GET', `/wms/orders/${w.id}`);
    expect(stored.json.data).toEqual(res.json.data);
  });
});
