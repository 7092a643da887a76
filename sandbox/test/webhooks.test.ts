// Webhooks: Svix signatures, retries, the initial-sync rule, truncation, per-connection routing.
import { Webhook } from 'svix';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  HistoricalSyncCompletedDataSchema, OrderSchema, READ_FUNCTIONS, RESOURCES, WebhookEnvelopeSchema,
} from '../../trackstar-contract/contract.js';
import { startSandbox, webhookReceiver } from './helpers.js';

type Receiver = Awaited<ReturnType<typeof webhookReceiver>>;
let env: Awaited<ReturnType<typeof startSandbox>>;
let hooks: Receiver;
const SECRET = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';

beforeAll(async () => {
  hooks = await webhookReceiver();
  env = await startSandbox({ webhookUrl: hooks.url, webhookSecret: SECRET });
});
afterAll(async () => {
  await env.stop();
  await hooks.close();
});

const forConn = (id: string) => hooks.received.filter((r) => r.json.connection_id === id);

describe('delivery', () => {
  it('signs every webhook so the svix library verifies it, with unique svix-ids', async () => {
    const c = await env.connect();
    env.sandbox.tick(5, c.connection_id);
    await env.sandbox.webhooksIdle();
    const got = forConn(c.connection_id);
    expect(got.length).toBeGreaterThan(5);
    const verifier = new Webhook(SECRET);
    for (const r of got) {
      expect(() => verifier.verify(r.body, r.headers as Record<string, string>)).not.toThrow();
      expect(r.headers['svix-signature']).toMatch(/^v1,[A-Za-z0-9+/=]+$/);
      expect(r.headers['content-type']).toBe('application/json');
      const env2 = WebhookEnvelopeSchema.parse(r.json);
      expect(env2.integration_name).toBe('sandbox');
      if (env2.event_type.startsWith('order.')) OrderSchema.parse(env2.data);
    }
    expect(new Set(got.map((r) => r.headers['svix-id'])).size).toBe(got.length);
    // A tampered body or another secret does not verify.
    const r = got[0];
    expect(() => verifier.verify(r.body.replace('"', ' "'), r.headers as Record<string, string>)).toThrow();
    expect(() => new Webhook('whsec_' + Buffer.from('other-secret-other-secret').toString('base64')).verify(r.body, r.headers as Record<string, string>)).toThrow();
  });

  it('retries non-2xx answers with the same svix-id until one succeeds, and gives up after the schedule', async () => {
    let failures = 2;
    const flaky = await webhookReceiver(() => (failures-- > 0 ? 500 : 200));
    const dead = await webhookReceiver(() => 503);
    try {
      const a = await env.connect();
      const b = await env.connect();
      env.sandbox.setWebhookUrl(flaky.url, a.connection_id);
      env.sandbox.setWebhookUrl(dead.url, b.connection_id);
      await a.api.call('PATCH', '/connections', { body: { customer_id: 'x' } });
      await env.admin.call('POST', '/sandbox/faults', { body: { connection_id: a.connection_id, invalid_credentials: true } });
      await env.admin.call('POST', '/sandbox/faults', { body: { connection_id: b.connection_id, invalid_credentials: true } });
      await env.sandbox.webhooksIdle();
      expect(flaky.received).toHaveLength(3);
      expect(new Set(flaky.received.map((r) => r.headers['svix-id'])).size).toBe(1);
      const da = env.sandbox.deliveries.find((d) => d.url === flaky.url)!;
      expect(da.state).toBe('delivered');
      expect(da.attempts.map((x) => x.status)).toEqual([500, 500, 200]);
      expect(dead.received).toHaveLength(3);
      expect(env.sandbox.deliveries.find((d) => d.url === dead.url)!.state).toBe('failed');
    } finally {
      await flaky.close();
      await dead.close();
    }
  });
});

describe('initial sync', () => {
  it('sends connection.created and one historical-sync-completed per function, and no resource webhooks', async () => {
    const c = await env.connect('shiphero-sim', { waitForHistoricalSync: false });
    await hooks.waitFor(() => forConn(c.connection_id).filter((r) => r.json.event_type === 'connection.historical-sync-completed').length === READ_FUNCTIONS.length);
    await env.sandbox.webhooksIdle();
    const types = forConn(c.connection_id).map((r) => r.json.event_type);
    expect(types[0]).toBe('connection.created');
    expect(types.filter((t) => !t.startsWith('connection'))).toEqual([]);
    const resources = forConn(c.connection_id).filter((r) => r.json.event_type === 'connection.historical-sync-completed')
      .map((r) => HistoricalSyncCompletedDataSchema.parse(r.json.data));
    expect(resources.map((r) => r.resource).sort()).toEqual(Object.values(RESOURCES).map((r) => r.historicalResource).sort());
    const orders = resources.find((r) => r.resource === 'orders')!;
    expect(orders.oldest_data_date < orders.newest_data_date).toBe(true);
    // The sync state is visible on the connection too.
    const view = (await env.admin.call('GET', `/connections/${c.connection_id}`)).json.data[0];
    expect(view.sync_schedules.every((s: { sync_status: string; last_crawl_end: string }) => s.sync_status === 'enabled' && s.last_crawl_end)).toBe(true);
  });

  it('shipbob-sim gets no historical sync for functions it lacks', async () => {
    const c = await env.connect('shipbob-sim');
    await env.sandbox.webhooksIdle();
    const resources = forConn(c.connection_id).filter((r) => r.json.event_type === 'connection.historical-sync-completed').map((r) => r.json.data.resource);
    expect(resources).not.toContain('returns');
    expect(resources).toContain('orders');
  });
});

describe('payloads and routing', () => {
  it('oversized payloads arrive truncated with a data_url that returns the full event', async () => {
    const small = await webhookReceiver();
    const s = await startSandbox({ webhookUrl: small.url, webhookMaxPayloadBytes: 1500 });
    try {
      const c = await s.connect();
      const order = (await c.api.call('GET', '/wms/orders?limit=1')).json.data[0];
      await c.api.call('PUT', `/wms/orders/${order.id}`, { body: { trackstar_tags: ['big'] } });
      await s.sandbox.webhooksIdle();
      const ev = small.received.find((r) => r.json.event_type === 'order.updated')!.json;
      expect(ev).toMatchObject({ data_truncated: true, data: { id: order.id } });
      expect(ev.data_url).toMatch(new RegExp(`^${s.url}/sandbox/webhook-events/`));
      const path = ev.data_url.slice(s.url.length);
      expect((await s.admin.call('GET', path, { key: null })).status).toBe(401);
      const full = await s.admin.call('GET', path);
      expect(full.status).toBe(200);
      expect(OrderSchema.parse(full.json.data).trackstar_tags).toEqual(['big']);
      expect(full.json.previous_attributes).toMatchObject({ trackstar_tags: [] });
      // Small events are not truncated.
      expect(small.received.find((r) => r.json.event_type === 'connection.created')!.json.data_truncated).toBeUndefined();
    } finally {
      await s.stop();
      await small.close();
    }
  });

  it('webhooks_disabled stops resource webhooks but not connection webhooks', async () => {
    const c = await env.connect();
    await c.api.call('PATCH', '/connections', { body: { webhooks_disabled: true } });
    await env.sandbox.webhooksIdle();
    const before = forConn(c.connection_id).length;
    env.sandbox.tick(5, c.connection_id);
    env.sandbox.setFaults({ connection_id: c.connection_id, invalid_credentials: true });
    await env.sandbox.webhooksIdle();
    expect(forConn(c.connection_id).slice(before).map((r) => r.json.event_type)).toEqual(['connection-error.created']);
    expect(env.sandbox.events.filter((e) => e.connection_id === c.connection_id && !e.event_type.startsWith('connection')).length).toBeGreaterThan(0);
  });

  it('POST /sandbox/webhooks routes one connection elsewhere', async () => {
    const other = await webhookReceiver();
    try {
      const c = await env.connect();
      const res = await env.admin.call('POST', '/sandbox/webhooks', { body: { connection_id: c.connection_id, url: other.url } });
      expect(res.status).toBe(200);
      env.sandbox.tick(3, c.connection_id);
      await env.sandbox.webhooksIdle();
      expect(other.received.length).toBeGreaterThan(0);
      expect(other.received.every((r) => r.json.connection_id === c.connection_id)).toBe(true);
    } finally {
      await other.close();
    }
  });

  it('force sync touches records, fires their webhooks, then connection.force-sync-completed; delete sends connection.deleted', async () => {
    const c = await env.connect();
    await env.sandbox.webhooksIdle();
    const before = forConn(c.connection_id).length;
    await c.api.call('POST', '/connections/sync', { body: { functions_to_sync: ['get_orders', 'get_products'] } });
    await hooks.waitFor(() => forConn(c.connection_id).some((r) => r.json.event_type === 'connection.force-sync-completed'));
    const types = forConn(c.connection_id).slice(before).map((r) => r.json.event_type);
    expect(types).toContain('order.updated');
    expect(types).toContain('product.updated');
    expect(types.at(-1)).toBe('connection.force-sync-completed');
    await c.api.call('DELETE', '/connections');
    await env.sandbox.webhooksIdle();
    expect(forConn(c.connection_id).at(-1)!.json).toMatchObject({ event_type: 'connection.deleted', data: { deleted_date: expect.any(String) } });
  });
});
