// An undone hard delete: POST /sandbox/connections/{id}/records/{resource}/{id}/restore brings the
// record back as it was, listed after every other record, with no webhook.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type Api } from './helpers.js';

type Env = Awaited<ReturnType<typeof startSandbox>>;
let env: Env;
let api: Api;
let connectionId: string;

beforeAll(async () => {
  env = await startSandbox({ orders: 120 });
  const c = await env.connect();
  api = c.api;
  connectionId = c.connection_id;
});
afterAll(() => env.stop());

const record = (resource: string, id: string, action = '') =>
  `/sandbox/connections/${connectionId}/records/${resource}/${encodeURIComponent(id)}${action}`;

async function listIds(path: string): Promise<string[]> {
  const ids: string[] = [];
  let token: string | null = null;
  do {
    const res: { json: { data: { id: string }[]; next_token: string | null } } =
      await api.call('GET', `${path}?limit=50${token ? `&page_token=${encodeURIComponent(token)}` : ''}`);
    ids.push(...res.json.data.map((r) => r.id));
    token = res.json.next_token;
  } while (token);
  return ids;
}

describe('sandbox restore of a deleted record', () => {
  it('lists the record again, unchanged and last, without a webhook', async () => {
    const state = (await env.admin.call('GET', `/sandbox/connections/${connectionId}/state`)).json;
    const order = state.orders[5];
    const events = (await env.admin.call('GET', `/sandbox/events?connection_id=${connectionId}&limit=10000`)).json.data.length;
    expect((await env.admin.call('DELETE', record('orders', order.id))).status).toBe(200);
    expect((await listIds('/wms/orders')).includes(order.id)).toBe(false);

    const restored = await env.admin.call('POST', record('orders', order.id, '/restore'));
    expect(restored.status).toBe(200);
    expect(restored.json).toMatchObject({ resource: 'orders', id: order.id, restored: true });
    const ids = await listIds('/wms/orders');
    expect(ids[ids.length - 1]).toBe(order.id);
    expect((await api.call('GET', `/wms/orders/${order.id}`)).json.data).toEqual(order);
    expect((await env.admin.call('GET', `/sandbox/events?connection_id=${connectionId}&limit=10000`)).json.data.length).toBe(events);
  });

  it('answers 404 for a record that was not deleted (or was restored already) and 422 for an unknown resource', async () => {
    const state = (await env.admin.call('GET', `/sandbox/connections/${connectionId}/state`)).json;
    const product = state.products[0];
    expect((await env.admin.call('POST', record('products', product.id, '/restore'))).status).toBe(404);
    expect((await env.admin.call('DELETE', record('products', product.id))).status).toBe(200);
    expect((await env.admin.call('POST', record('products', product.id, '/restore'))).status).toBe(200);
    expect((await env.admin.call('POST', record('products', product.id, '/restore'))).status).toBe(404);
    expect((await env.admin.call('POST', record('kits', 'x', '/restore'))).status).toBe(422);
  });
});

describe('activity around deleted records', () => {
  it('skips a step the deletions made impossible instead of stopping the clock', async () => {
    const state = (await env.admin.call('GET', `/sandbox/connections/${connectionId}/state`)).json;
    // Every product gone: no order can ship, yet the activity keeps running.
    for (const p of state.products) await env.admin.call('DELETE', record('products', p.id));
    const ticked = await env.admin.call('POST', '/sandbox/activity/tick', { body: { connection_id: connectionId, steps: 200 } });
    expect(ticked.status).toBe(200);
    expect(ticked.json.steps).toHaveLength(200);
    expect(ticked.json.steps.some((s: string) => s.startsWith('skipped: '))).toBe(true);
  });
});
