// Hard deletes in the WMS: DELETE /sandbox/connections/{id}/records/{resource}/{id} removes a
// record silently (no webhook), and `state` and every listing omit it from then on, without
// disturbing a listing that was already under way.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type Api } from './helpers.js';

type Env = Awaited<ReturnType<typeof startSandbox>>;
let env: Env;
let api: Api;
let connectionId: string;

beforeAll(async () => {
  env = await startSandbox({ orders: 250 });
  const c = await env.connect();
  api = c.api;
  connectionId = c.connection_id;
});
afterAll(() => env.stop());

const remove = (resource: string, id: string, connection = connectionId) =>
  env.admin.call('DELETE', `/sandbox/connections/${connection}/records/${resource}/${encodeURIComponent(id)}`);

async function listIds(path: string): Promise<string[]> {
  const ids: string[] = [];
  let token: string | null = null;
  do {
    const res: { json: { data: { id: string }[]; next_token: string | null } } =
      await api.call('GET', `${path}?limit=100${token ? `&page_token=${encodeURIComponent(token)}` : ''}`);
    ids.push(...res.json.data.map((r) => r.id));
    token = res.json.next_token;
  } while (token);
  return ids;
}

describe('sandbox hard deletes', () => {
  it('removes a record of every resource from its listing, its single read and state, with no webhook', async () => {
    const state = (await env.admin.call('GET', `/sandbox/connections/${connectionId}/state`)).json;
    const eventsBefore = (await env.admin.call('GET', `/sandbox/events?connection_id=${connectionId}&limit=10000`)).json.data.length;
    const cases: [string, string, string, string][] = [
      ['orders', '/wms/orders', 'orders', state.orders[3].id],
      ['products', '/wms/products', 'products', state.products[2].id],
      ['inventory', '/wms/inventory', 'inventory', state.inventory[1].id],
      ['returns', '/wms/returns', 'returns', state.returns[0].id],
      ['inbound-shipments', '/wms/inbound-shipments', 'inbound_shipments', state.inbound_shipments[0].id],
      ['shipping-methods', '/wms/shipping-methods', 'shipping_methods', state.shipping_methods[0].id],
    ];
    for (const [resource, path, stateKey, id] of cases) {
      expect((await listIds(path)).includes(id), `${resource} listed before`).toBe(true);
      const res = await remove(resource, id);
      expect(res.status, resource).toBe(200);
      expect(res.json).toMatchObject({ resource, id, deleted: true });
      expect((await listIds(path)).includes(id), `${resource} listed after`).toBe(false);
      const after = (await env.admin.call('GET', `/sandbox/connections/${connectionId}/state`)).json;
      expect(after[stateKey].some((r: { id: string }) => r.id === id), `${resource} in state after`).toBe(false);
    }
    expect((await api.call('GET', `/wms/orders/${cases[0][3]}`)).status).toBe(404);
    const eventsAfter = (await env.admin.call('GET', `/sandbox/events?connection_id=${connectionId}&limit=10000`)).json.data.length;
    expect(eventsAfter).toBe(eventsBefore);
  });

  it('deletes warehouses and warehouse locations', async () => {
    const state = (await env.admin.call('GET', `/sandbox/connections/${connectionId}/state`)).json;
    const location = state.locations[0];
    expect((await remove('warehouse-locations', location.id)).status).toBe(200);
    const after = (await env.admin.call('GET', `/sandbox/connections/${connectionId}/state`)).json;
    expect(after.locations.some((l: { id: string }) => l.id === location.id)).toBe(false);
    const warehouse = state.warehouses[state.warehouses.length - 1];
    expect((await remove('warehouses', warehouse.id)).status).toBe(200);
    expect((await listIds('/wms/warehouses')).includes(warehouse.id)).toBe(false);
  });

  it('a listing under way when a record is deleted serves every other record exactly once', async () => {
    const before = await listIds('/wms/orders');
    const first = await api.call('GET', '/wms/orders?limit=100');
    const served: string[] = first.json.data.map((r: { id: string }) => r.id);
    // One record already served and one still ahead of the cursor disappear mid-listing.
    const gone = [served[10], before[150]];
    for (const id of gone) expect((await remove('orders', id)).status).toBe(200);
    let token: string | null = first.json.next_token;
    while (token) {
      const res = await api.call('GET', `/wms/orders?limit=100&page_token=${encodeURIComponent(token)}`);
      served.push(...res.json.data.map((r: { id: string }) => r.id));
      token = res.json.next_token;
    }
    expect(new Set(served).size).toBe(served.length);
    expect(served.includes(before[150])).toBe(false);
    expect(served.filter((id) => id !== gone[0]).sort()).toEqual(before.filter((id) => !gone.includes(id)).sort());
  });

  it('refuses an unknown resource, an unknown record, an unknown connection and a missing key', async () => {
    const state = (await env.admin.call('GET', `/sandbox/connections/${connectionId}/state`)).json;
    const bad = await remove('kits', 'x');
    expect(bad.status).toBe(422);
    expect(bad.json.detail.path.resource[0]).toMatch(/orders, products/);
    expect((await remove('orders', 'no-such-order')).status).toBe(404);
    expect((await remove('orders', state.orders[0].id, '00000000-0000-4000-8000-000000000000')).status).toBe(404);
    const anonymous = await env.admin.call('DELETE', `/sandbox/connections/${connectionId}/records/orders/${state.orders[0].id}`, { key: null });
    expect(anonymous.status).toBe(401);
    expect((await listIds('/wms/orders')).includes(state.orders[0].id)).toBe(true);
  });
});
