// Paging: complete, no repeats, stable under concurrent writes, tokens bound to their filters.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type Api, type Res } from './helpers.js';

type Env = Awaited<ReturnType<typeof startSandbox>>;
let env: Env;
let api: Api;
let connectionId: string;

beforeAll(async () => {
  env = await startSandbox({ orders: 1200 });
  const c = await env.connect();
  api = c.api;
  connectionId = c.connection_id;
});
afterAll(() => env.stop());

async function pageAll(path: string, limit: number, between?: (page: number) => Promise<void>) {
  const ids: string[] = [];
  let token: string | null = null;
  let pages = 0;
  do {
    const sep = path.includes('?') ? '&' : '?';
    const res: Res = await api.call('GET', `${path}${sep}limit=${limit}${token ? `&page_token=${encodeURIComponent(token)}` : ''}`);
    expect(res.status).toBe(200);
    expect(res.json.total_count).toBe(res.json.data.length);
    ids.push(...res.json.data.map((r: { id: string }) => r.id));
    token = res.json.next_token;
    pages++;
    if (token && between) await between(pages);
  } while (token);
  return { ids, pages };
}

describe('pagination', () => {
  it('visits every order exactly once', async () => {
    const { ids, pages } = await pageAll('/wms/orders', 100);
    expect(pages).toBe(12);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.length).toBe(env.sandbox.connection(connectionId).data.orders.size);
  });

  it('limit defaults to 1000 and refuses more than 1000 or nonsense', async () => {
    const res = await api.call('GET', '/wms/orders');
    expect(res.json.data).toHaveLength(1000);
    expect(res.json.next_token).toBeTruthy();
    for (const bad of ['1001', '0', 'ten', '-5']) {
      const r = await api.call('GET', `/wms/orders?limit=${bad}`);
      expect(r.status).toBe(422);
      expect(r.json.detail.query.limit).toBeDefined();
    }
  });

  it('the last page has next_token null (no empty trailing page)', async () => {
    const total = env.sandbox.connection(connectionId).data.warehouses.size;
    const res = await api.call('GET', `/wms/warehouses?limit=${total}`);
    expect(res.json.data).toHaveLength(total);
    expect(res.json.next_token).toBeNull();
  });

  it('a token sent without its filters, with other filters, or tampered with is refused', async () => {
    const first = await api.call('GET', '/wms/orders?status=fulfilled&limit=10');
    const token = encodeURIComponent(first.json.next_token);
    const same = await api.call('GET', `/wms/orders?status=fulfilled&limit=10&page_token=${token}`);
    expect(same.status).toBe(200);
    const without = await api.call('GET', `/wms/orders?limit=10&page_token=${token}`);
    expect(without.status).toBe(422);
    expect(without.json.detail.query.page_token[0]).toMatch(/filters/);
    const other = await api.call('GET', `/wms/orders?status=open&limit=10&page_token=${token}`);
    expect(other.status).toBe(422);
    const otherResource = await api.call('GET', `/wms/returns?status=fulfilled&limit=10&page_token=${token}`);
    expect(otherResource.status).toBe(422);
    const forged = await api.call('GET', `/wms/orders?status=fulfilled&page_token=${token.slice(0, -3)}abc`);
    expect(forged.status).toBe(422);
  });

  it('incremental paging under concurrent writes loses and repeats nothing', async () => {
    const conn = env.sandbox.connection(connectionId);
    const runStart = new Date(Date.now() - 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');
    const cursor = '2000-01-01T00:00:00Z';
    const seen: string[] = [];
    const touchedBehind: string[] = [];
    const { ids } = await pageAll(`/wms/orders?updated_date[gte]=${cursor}`, 100, async (page) => {
      const all = conn.data.orders.all();
      // Update one record already served and one still ahead, and create a new order.
      const behind = all[page * 100 - 50];
      const ahead = all[Math.min(all.length - 1, page * 100 + 150)];
      for (const o of [behind, ahead]) {
        const r = await api.call('PUT', `/wms/orders/${o.id}`, { body: { trackstar_tags: [`page-${page}`] } });
        if (r.status === 200) touchedBehind.push(o.id);
      }
      env.sandbox.tick(1, connectionId);
    });
    seen.push(...ids);
    expect(new Set(seen).size).toBe(seen.length);
    // Every record that existed when the run started was served or changed after the run started.
    const served = new Set(seen);
    const next = await api.call('GET', `/wms/orders?updated_date[gte]=${runStart}&limit=1000`);
    const caughtNext = new Set(next.json.data.map((o: { id: string }) => o.id));
    for (const o of conn.data.orders.all()) expect(served.has(o.id) || caughtNext.has(o.id)).toBe(true);
    expect(touchedBehind.length).toBeGreaterThan(10);
  });

  it('records updated while paging keep their position (ordered by insertion, not by updated_date)', async () => {
    const first = await api.call('GET', '/wms/orders?limit=5');
    const second = first.json.data[1].id;
    expect((await api.call('PUT', `/wms/orders/${second}`, { body: { trackstar_tags: ['moved?'] } })).status).toBe(200);
    const again = await api.call('GET', '/wms/orders?limit=5');
    expect(again.json.data.map((o: { id: string }) => o.id)).toEqual(first.json.data.map((o: { id: string }) => o.id));
  });
});
