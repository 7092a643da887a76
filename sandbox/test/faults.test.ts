// Every fault mode, switched on and off while the sandbox runs.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConnectionListSchema, ConnectionErrorEventDataSchema, InventoryItemSchema, OrderSchema, listEnvelope } from '../../trackstar-contract/contract.js';
import { sleep, startSandbox, webhookReceiver } from './helpers.js';

let env: Awaited<ReturnType<typeof startSandbox>>;
let hooks: Awaited<ReturnType<typeof webhookReceiver>>;

beforeAll(async () => {
  hooks = await webhookReceiver();
  env = await startSandbox({ webhookUrl: hooks.url, webhookReorderWindowMs: 80 });
});
afterAll(async () => {
  await env.stop();
  await hooks.close();
});

const faults = (body: Record<string, unknown>) => env.admin.call('POST', '/sandbox/faults', { body });
const forConn = (id: string) => hooks.received.filter((r) => r.json.connection_id === id);

describe('request faults', () => {
  it('latency_ms delays only the chosen connection', async () => {
    const slow = await env.connect();
    const fast = await env.connect();
    await faults({ connection_id: slow.connection_id, latency_ms: 150 });
    let t = Date.now();
    expect((await slow.api.call('GET', '/wms/warehouses')).status).toBe(200);
    expect(Date.now() - t).toBeGreaterThanOrEqual(145);
    t = Date.now();
    await fast.api.call('GET', '/wms/warehouses');
    expect(Date.now() - t).toBeLessThan(100);
  });

  it('error_rate answers 500s in the given share', async () => {
    const c = await env.connect();
    await faults({ connection_id: c.connection_id, error_rate: 1 });
    const res = await c.api.call('GET', '/wms/orders?limit=1');
    expect(res.status).toBe(500);
    expect(res.json).toEqual({ error: expect.any(String), origin: 'trackstar' });
    await faults({ connection_id: c.connection_id, error_rate: 0.5 });
    const statuses = [];
    for (let i = 0; i < 40; i++) statuses.push((await c.api.call('GET', '/wms/warehouses?limit=1')).status);
    const errors = statuses.filter((s) => s === 500).length;
    expect(errors).toBeGreaterThan(8);
    expect(errors).toBeLessThan(32);
    await faults({ connection_id: c.connection_id, error_rate: 0 });
    expect((await c.api.call('GET', '/wms/orders?limit=1')).status).toBe(200);
  });

  it('next_failures fails the next requests exactly as scripted, then answers normally', async () => {
    const c = await env.connect();
    const other = await env.connect();
    await faults({ connection_id: c.connection_id, next_failures: ['500', '429', 'timeout', '500'], timeout_ms: 50 });
    expect((await other.api.call('GET', '/wms/warehouses')).status).toBe(200); // another connection is untouched
    expect((await c.api.call('GET', '/wms/warehouses')).status).toBe(500);
    expect((await c.api.call('GET', '/wms/warehouses')).status).toBe(429);
    await expect(c.api.call('GET', '/wms/warehouses')).rejects.toThrow();
    expect((await c.api.call('GET', '/wms/warehouses')).status).toBe(500);
    expect((await c.api.call('GET', '/wms/warehouses')).status).toBe(200);
  });

  it('timeout_rate hangs the request, then drops the socket', async () => {
    const c = await env.connect();
    await faults({ connection_id: c.connection_id, timeout_rate: 1, timeout_ms: 120 });
    const t = Date.now();
    await expect(c.api.call('GET', '/wms/orders?limit=1')).rejects.toThrow();
    expect(Date.now() - t).toBeGreaterThanOrEqual(110);
    await faults({ connection_id: c.connection_id, timeout_rate: 0 });
  });

  it('rate_limit_storm: true 429s every request for N seconds; a number 429s that share', async () => {
    const c = await env.connect();
    await faults({ connection_id: c.connection_id, rate_limit_storm: true, rate_limit_storm_seconds: 0.3 });
    const r = await c.api.call('GET', '/wms/orders?limit=1');
    expect(r.status).toBe(429);
    expect(r.headers.get('retry-after')).toBe('1');
    expect(r.headers.get('x-ratelimit-remaining')).toBe('0');
    await sleep(350);
    expect((await c.api.call('GET', '/wms/orders?limit=1')).status).toBe(200);
    await faults({ connection_id: c.connection_id, rate_limit_storm: 1 });
    expect((await c.api.call('PUT', '/wms/orders/x/cancel')).status).toBe(429);
    await faults({ connection_id: c.connection_id, rate_limit_storm: false });
  });

  it('malformed_rate serves records that fail the contract', async () => {
    const c = await env.connect();
    await faults({ connection_id: c.connection_id, malformed_rate: 1 });
    const inv = await c.api.call('GET', '/wms/inventory?limit=5');
    expect(inv.json.data.every((r: { onhand: unknown }) => typeof r.onhand === 'string')).toBe(true);
    expect(listEnvelope(InventoryItemSchema).safeParse(inv.json).success).toBe(false);
    const orders = await c.api.call('GET', '/wms/orders?limit=5');
    for (const o of orders.json.data) expect(OrderSchema.safeParse(o).success).toBe(false);
    await faults({ connection_id: c.connection_id, malformed_rate: 0 });
    expect(listEnvelope(InventoryItemSchema).safeParse((await c.api.call('GET', '/wms/inventory?limit=5')).json).success).toBe(true);
  });
});

describe('webhook faults', () => {
  it('webhook_drop_rate drops deliveries (the event still happened)', async () => {
    const c = await env.connect();
    await env.sandbox.webhooksIdle();
    await faults({ connection_id: c.connection_id, webhook_drop_rate: 1 });
    const before = forConn(c.connection_id).length;
    env.sandbox.tick(3, c.connection_id);
    await env.sandbox.webhooksIdle();
    expect(forConn(c.connection_id).length).toBe(before);
    expect(env.sandbox.deliveries.filter((d) => d.connectionId === c.connection_id && d.state === 'dropped').length).toBeGreaterThanOrEqual(3);
  });

  it('webhook_duplicate_rate delivers the same svix-id twice', async () => {
    const c = await env.connect();
    await env.sandbox.webhooksIdle();
    await faults({ connection_id: c.connection_id, webhook_duplicate_rate: 1 });
    const before = forConn(c.connection_id).length;
    env.sandbox.tick(1, c.connection_id);
    await env.sandbox.webhooksIdle();
    const got = forConn(c.connection_id).slice(before);
    const ids = got.map((r) => r.headers['svix-id']);
    expect(got.length).toBe(2 * new Set(ids).size);
  });

  it('webhook_reorder delivers a burst in reverse order', async () => {
    const c = await env.connect();
    await env.sandbox.webhooksIdle();
    await faults({ connection_id: c.connection_id, webhook_reorder: true });
    const emittedFrom = env.sandbox.events.length;
    env.sandbox.tick(4, c.connection_id);
    await env.sandbox.webhooksIdle();
    const emitted = env.sandbox.events.slice(emittedFrom).filter((e) => e.connection_id === c.connection_id).map((e) => JSON.stringify(e.data));
    const received = forConn(c.connection_id).slice(-emitted.length).map((r) => JSON.stringify(r.json.data));
    expect(emitted.length).toBeGreaterThan(2);
    expect(received).toEqual([...emitted].reverse());
  });

  it('webhook_delay_ms holds deliveries back', async () => {
    const c = await env.connect();
    await env.sandbox.webhooksIdle();
    await faults({ connection_id: c.connection_id, webhook_delay_ms: 200 });
    const t = Date.now();
    env.sandbox.tick(1, c.connection_id);
    await hooks.waitFor(() => forConn(c.connection_id).some((r) => r.at >= t && !r.json.event_type.startsWith('connection')));
    expect(Date.now() - t).toBeGreaterThanOrEqual(190);
  });
});

describe('invalid_credentials', () => {
  it('raises a connection error, refuses writes and pauses activity; switching it off resolves the error', async () => {
    const c = await env.connect();
    await faults({ connection_id: c.connection_id, invalid_credentials: true });
    await env.sandbox.webhooksIdle();
    const created = forConn(c.connection_id).find((r) => r.json.event_type === 'connection-error.created')!;
    expect(ConnectionErrorEventDataSchema.parse(created.json.data).affected_endpoints[0].preventing_sync).toBe(true);
    const view = ConnectionListSchema.parse((await env.admin.call('GET', `/connections/${c.connection_id}`)).json).data[0];
    expect(view.errors).toHaveLength(1);
    expect(view.sync_schedules.every((s) => s.sync_status === 'error')).toBe(true);
    expect((await c.api.call('GET', '/wms/orders?limit=1')).status).toBe(200);
    const write = await c.api.call('PUT', `/wms/orders/${(await c.api.call('GET', '/wms/orders?limit=1')).json.data[0].id}/cancel`);
    expect(write.status).toBe(400);
    expect(write.json.origin).toBe('integration');
    expect(env.sandbox.tick(3, c.connection_id)).toEqual([]);

    await faults({ connection_id: c.connection_id, invalid_credentials: false });
    await env.sandbox.webhooksIdle();
    expect(forConn(c.connection_id).at(-1)!.json.event_type).toBe('connection-error.deleted');
    expect((await env.admin.call('GET', `/connections/${c.connection_id}`)).json.data[0].errors).toEqual([]);
  });

  it('reinstalling through Link clears broken credentials and keeps the connection id and token', async () => {
    const c = await env.connect();
    await faults({ connection_id: c.connection_id, invalid_credentials: true });
    const lt = await env.admin.call('POST', '/link/token', { body: { connection_id: c.connection_id } });
    const code = await env.admin.call('POST', '/sandbox/link/authorize', { key: null, body: { link_token: lt.json.link_token, integration_name: 'sandbox' } });
    const ex = await env.admin.call('POST', '/link/exchange', { body: { auth_code: code.json.auth_code } });
    expect(ex.json).toMatchObject({ connection_id: c.connection_id, access_token: c.access_token });
    expect(env.sandbox.connection(c.connection_id).errors).toEqual([]);
    expect((await env.admin.call('GET', '/sandbox/faults')).json.connections[c.connection_id].invalid_credentials).toBe(false);
  });
});

describe('fault settings', () => {
  it('GET shows them; global settings apply to every connection; reset clears; bad input is 422', async () => {
    const a = await env.connect();
    expect((await faults({ error_rate: 1 })).status).toBe(200);
    expect((await env.admin.call('GET', '/sandbox/faults')).json.global).toEqual({ error_rate: 1 });
    expect((await a.api.call('GET', '/wms/warehouses')).status).toBe(500);
    await faults({ reset: true });
    expect((await env.admin.call('GET', '/sandbox/faults')).json.global).toEqual({});
    expect((await a.api.call('GET', '/wms/warehouses')).status).toBe(200);
    expect((await faults({ error_rate: 2 })).status).toBe(422);
    expect((await faults({ surprise: true })).status).toBe(422);
    expect((await faults({ connection_id: 'nope', error_rate: 1 })).status).toBe(404);
  });

  it('initial faults come from the options (SANDBOX_FAULTS in npm run sandbox)', async () => {
    const s = await startSandbox({ faults: { error_rate: 1 } });
    try {
      const c = await s.connect();
      expect((await c.api.call('GET', '/wms/warehouses')).status).toBe(500);
    } finally {
      await s.stop();
    }
  });
});
