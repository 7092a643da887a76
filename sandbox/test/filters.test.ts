// Every filter, compared against the sandbox's own truth (GET /sandbox/connections/{id}/state).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type Api } from './helpers.js';

type Rec = Record<string, any>;
let env: Awaited<ReturnType<typeof startSandbox>>;
let api: Api;
let state: Record<string, Rec[]>;

beforeAll(async () => {
  env = await startSandbox({ orders: 400 });
  const c = await env.connect();
  api = c.api;
  state = (await env.admin.call('GET', `/sandbox/connections/${c.connection_id}/state`)).json;
});
afterAll(() => env.stop());

async function ids(path: string): Promise<string[]> {
  const res = await api.call('GET', path);
  expect(res.status, `${path}: ${res.text}`).toBe(200);
  return res.json.data.map((r: Rec) => r.id).sort();
}
const truth = (rows: Rec[], pred: (r: Rec) => boolean) => rows.filter(pred).map((r) => r.id).sort();
const q = encodeURIComponent;

describe('date filters', () => {
  it('created_date and updated_date with every operator', async () => {
    const orders = state.orders;
    const pivot = orders[Math.floor(orders.length / 2)];
    for (const field of ['created_date', 'updated_date']) {
      const at = pivot[field] as string;
      const ms = Date.parse(at);
      const ops: Record<string, (v: number) => boolean> = {
        eq: (v) => v === ms, neq: (v) => v !== ms, gt: (v) => v > ms, gte: (v) => v >= ms, lt: (v) => v < ms, lte: (v) => v <= ms,
      };
      for (const [op, test] of Object.entries(ops)) {
        expect(await ids(`/wms/orders?${field}[${op}]=${q(at)}`), `${field}[${op}]`).toEqual(truth(orders, (o) => test(Date.parse(o[field]))));
      }
      expect(await ids(`/wms/orders?${field}=${q(at)}`)).toEqual(truth(orders, (o) => o[field] === at));
      const other = orders[3][field] as string;
      expect(await ids(`/wms/orders?${field}[in]=${q(`${at},${other}`)}`)).toEqual(truth(orders, (o) => o[field] === at || o[field] === other));
      expect(await ids(`/wms/orders?${field}[nin]=${q(`${at},${other}`)}`)).toEqual(truth(orders, (o) => o[field] !== at && o[field] !== other));
    }
  });

  it('a gte + lte range', async () => {
    const from = state.orders[100].created_date;
    const to = state.orders[200].created_date;
    expect(await ids(`/wms/orders?created_date[gte]=${q(from)}&created_date[lte]=${q(to)}`))
      .toEqual(truth(state.orders, (o) => o.created_date >= from && o.created_date <= to));
  });

  it('refuses any other date format with a 422 naming the parameter', async () => {
    for (const bad of ['2024-01-01', '2024-01-01T00:00:00.000Z', '2024-01-01T00:00:00+00:00', '2024-13-01T00:00:00Z', 'yesterday']) {
      const res = await api.call('GET', `/wms/orders?updated_date[gt]=${q(bad)}`);
      expect(res.status, bad).toBe(422);
      expect(res.json).toMatchObject({ error: expect.any(String), detail: { query: { 'updated_date[gt]': [expect.any(String)] } } });
    }
  });
});

describe('ids[in]', () => {
  it('fetches by id and ignores every other filter', async () => {
    const picked = [state.orders[0], state.orders[5], state.orders[9]].map((o) => o.id).sort();
    expect(await ids(`/wms/orders?ids[in]=${picked.join(',')}`)).toEqual(picked);
    expect(await ids(`/wms/orders?ids[in]=${picked.join(',')}&status=open&updated_date[gte]=2999-01-01T00:00:00Z`)).toEqual(picked);
  });

  it('refuses more than 100 values', async () => {
    const many = Array.from({ length: 101 }, (_, i) => `id${i}`).join(',');
    const res = await api.call('GET', `/wms/orders?ids[in]=${many}`);
    expect(res.status).toBe(422);
    expect(res.json.detail.query['ids[in]']).toBeDefined();
    expect((await api.call('GET', `/wms/orders?status[in]=${Array(101).fill('open').join(',')}`)).status).toBe(422);
  });
});

describe('resource filters', () => {
  it('order status, status[in], status[neq] and invalid statuses', async () => {
    expect(await ids('/wms/orders?status=open')).toEqual(truth(state.orders, (o) => o.status === 'open'));
    expect(await ids('/wms/orders?status[eq]=fulfilled')).toEqual(truth(state.orders, (o) => o.status === 'fulfilled'));
    expect(await ids('/wms/orders?status[in]=packed,picked')).toEqual(truth(state.orders, (o) => ['packed', 'picked'].includes(o.status)));
    expect(await ids('/wms/orders?status[neq]=fulfilled')).toEqual(truth(state.orders, (o) => o.status !== 'fulfilled'));
    expect(await ids('/wms/orders?status[nin]=fulfilled,cancelled')).toEqual(truth(state.orders, (o) => !['fulfilled', 'cancelled'].includes(o.status)));
    const bad = await api.call('GET', '/wms/orders?status=shipped');
    expect(bad.status).toBe(422);
    expect(bad.json.detail.query.status).toBeDefined();
  });

  it('warehouse_customer_id on orders, products, inventory, returns and inbound shipments', async () => {
    const wc = state.warehouse_customers[0].id;
    for (const [path, rows] of [['orders', state.orders], ['products', state.products], ['inventory', state.inventory], ['returns', state.returns], ['inbound-shipments', state.inbound_shipments]] as const) {
      expect(await ids(`/wms/${path}?warehouse_customer_id=${wc}`), path).toEqual(truth(rows, (r) => r.warehouse_customer_id === wc));
    }
  });

  it('order_number and reference_id, including the -insensitive operators', async () => {
    const o = state.orders[42];
    expect(await ids(`/wms/orders?order_number=${q(o.order_number)}`)).toEqual([o.id]);
    expect(await ids(`/wms/orders?reference_id=${q(o.reference_id)}`)).toEqual([o.id]);
    const lower = o.reference_id.toLowerCase();
    expect(await ids(`/wms/orders?reference_id[eq-insensitive]=${q(lower)}`)).toEqual([o.id]);
    expect(await ids(`/wms/orders?reference_id[in-insensitive]=${q(`${lower},x`)}`)).toEqual([o.id]);
    expect(await ids(`/wms/orders?order_number[contains]=${q('#1000')}`)).toEqual(truth(state.orders, (r) => r.order_number.includes('#1000')));
    expect(await ids(`/wms/orders?reference_id[contains-insensitive]=${q(lower.slice(0, 5))}`))
      .toEqual(truth(state.orders, (r) => r.reference_id.toLowerCase().includes(lower.slice(0, 5))));
    expect((await api.call('GET', '/wms/orders?order_number[gt]=1')).status).toBe(422);
  });

  it('order channel and type', async () => {
    expect(await ids('/wms/orders?type=b2b')).toEqual(truth(state.orders, (o) => o.type === 'b2b'));
    expect(await ids('/wms/orders?channel=ch_amazon')).toEqual(truth(state.orders, (o) => o.channel_object?.channel_id === 'ch_amazon'));
  });

  it('sku on products and inventory; active on inventory', async () => {
    const sku = state.products[3].sku;
    expect(await ids(`/wms/products?sku=${q(sku)}`)).toEqual(truth(state.products, (p) => p.sku === sku));
    expect(await ids(`/wms/inventory?sku[in]=${q(`${sku},nope`)}`)).toEqual(truth(state.inventory, (i) => i.sku === sku));
    expect(await ids('/wms/inventory?active=false')).toEqual(truth(state.inventory, (i) => i.active === false));
    expect((await api.call('GET', '/wms/inventory?active=maybe')).status).toBe(422);
  });

  it('inbound status (with in-transit), warehouse_id, purchase_order_number and expected_arrival_date', async () => {
    const rows = state.inbound_shipments;
    expect(await ids('/wms/inbound-shipments?status=in-transit')).toEqual(truth(rows, (r) => r.status === 'in-transit'));
    expect(truth(rows, (r) => r.status === 'in-transit').length).toBeGreaterThan(0);
    const wh = state.warehouses[0].id;
    expect(await ids(`/wms/inbound-shipments?warehouse_id=${wh}`)).toEqual(truth(rows, (r) => r.warehouse_id === wh));
    expect(await ids(`/wms/inbound-shipments?purchase_order_number=${q(rows[0].purchase_order_number)}`)).toEqual([rows[0].id]);
    const at = rows[5].expected_arrival_date;
    expect(await ids(`/wms/inbound-shipments?expected_arrival_date[lt]=${q(at)}`)).toEqual(truth(rows, (r) => r.expected_arrival_date < at));
    expect(await ids('/wms/returns?status[in]=in-transit,received')).toEqual(truth(state.returns, (r) => ['in-transit', 'received'].includes(r.status)));
  });

  it('location type under a warehouse', async () => {
    const wh = state.warehouses[0].id;
    expect(await ids(`/wms/warehouses/${wh}/locations?type=pallet`))
      .toEqual(truth(state.locations, (l) => l.warehouse_id === wh && l.type === 'pallet'));
  });

  it('unknown parameters and operators are refused with 422 naming them', async () => {
    for (const [path, param] of [
      ['/wms/orders?colour=red', 'colour'], ['/wms/orders?status[gt]=open', 'status[gt]'], ['/wms/warehouses?status=open', 'status'],
      ['/wms/products?sku[neq]=x', 'sku[neq]'], ['/wms/orders?updated_date[after]=2024-01-01T00:00:00Z', 'updated_date[after]'],
    ]) {
      const res = await api.call('GET', path);
      expect(res.status, path).toBe(422);
      expect(Object.keys(res.json.detail.query)).toEqual([param]);
    }
  });
});
