// The activity clock and persistence.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InboundShipmentSchema, InventoryItemSchema, OrderSchema, ReturnSchema } from '../../trackstar-contract/contract.js';
import { checkStock, sleep, startSandbox } from './helpers.js';

let env: Awaited<ReturnType<typeof startSandbox>>;
beforeAll(async () => {
  env = await startSandbox({ orders: 400 });
});
afterAll(() => env.stop());

const schemaOf: Record<string, { parse(v: unknown): unknown }> = {
  order: OrderSchema, inventory: InventoryItemSchema, 'inbound-shipment': InboundShipmentSchema, return: ReturnSchema,
};

describe('activity', () => {
  it('makes the warehouse live: each step changes records, bumps updated_date and emits its webhook', async () => {
    const c = await env.connect();
    const conn = env.sandbox.connection(c.connection_id);
    const ordersBefore = conn.data.orders.size;
    const from = env.sandbox.events.length;
    const steps = env.sandbox.tick(400, c.connection_id);
    expect(steps).toHaveLength(400);
    const events = env.sandbox.events.slice(from);
    const types = new Set(events.map((e) => e.event_type));
    for (const t of ['order.created', 'order.updated', 'order.shipment.created', 'inventory.updated', 'inbound-shipment.receipt.created', 'return.created']) {
      expect(types, t).toContain(t);
    }
    expect(conn.data.orders.size).toBeGreaterThan(ordersBefore);
    const nowSec = Math.floor(Date.now() / 1000) * 1000;
    for (const e of events) {
      const data = e.data as { updated_date: string };
      expect(Date.parse(data.updated_date)).toBeGreaterThanOrEqual(nowSec - 5000);
      schemaOf[e.event_type.split('.')[0]]?.parse(e.data);
      if (e.event_type.endsWith('.updated') || e.event_type.includes('.shipment.') || e.event_type.includes('.receipt.')) {
        expect(Object.keys(e.previous_attributes ?? {}).length).toBeGreaterThan(0);
      }
    }
    checkStock(conn.data);
  });

  it('discontinues SKUs and revives some: product and its inventory items turn active false (and back), with updated webhooks', async () => {
    const c = await env.connect();
    const conn = env.sandbox.connection(c.connection_id);
    const from = env.sandbox.events.length;
    const steps = env.sandbox.tick(2500, c.connection_id).filter((s) => /^(discontinued|revived) /.test(s));
    expect(steps.some((s) => s.startsWith('discontinued'))).toBe(true);
    const inactive = conn.data.products.all().filter((p) => !p.active);
    expect(inactive.length).toBeGreaterThan(0);
    for (const product of inactive) {
      for (const item of product.inventory_items) expect(conn.data.inventory.get(item.inventory_item_id)?.active).toBe(false);
    }
    const productEvents = env.sandbox.events.slice(from).filter((e) => e.event_type === 'product.updated');
    expect(productEvents.some((e) => (e.data as { active: boolean }).active === false && (e.previous_attributes as { active?: boolean })?.active === true)).toBe(true);
  });

  it('leaves connections alone until their historical sync completed', async () => {
    const s = await startSandbox({ historicalSyncDelayMs: 300 });
    try {
      const c = await s.connect('sandbox', { waitForHistoricalSync: false });
      expect(s.sandbox.tick(5, c.connection_id)).toEqual([]);
      await sleep(350);
      expect(s.sandbox.tick(5, c.connection_id)).toHaveLength(5);
    } finally {
      await s.stop();
    }
  });

  it('runs on its own clock when enabled', async () => {
    const s = await startSandbox({ activity: { intervalMs: 20, steps: 2 } });
    try {
      const c = await s.connect();
      const from = s.sandbox.events.length;
      await sleep(200);
      expect(s.sandbox.events.slice(from).filter((e) => e.connection_id === c.connection_id).length).toBeGreaterThan(5);
    } finally {
      await s.stop();
    }
  });

  it('POST /sandbox/activity/tick runs steps over HTTP', async () => {
    const c = await env.connect();
    const res = await env.admin.call('POST', '/sandbox/activity/tick', { body: { connection_id: c.connection_id, steps: 3 } });
    expect(res.json.steps).toHaveLength(3);
  });

  it('hideDataUntilHistoricalSync reads empty until the backfill is done', async () => {
    const s = await startSandbox({ historicalSyncDelayMs: 150, hideDataUntilHistoricalSync: true });
    try {
      const c = await s.connect('sandbox', { waitForHistoricalSync: false });
      expect((await c.api.call('GET', '/wms/orders')).json.data).toEqual([]);
      await sleep(200);
      expect((await c.api.call('GET', '/wms/orders?limit=5')).json.data).toHaveLength(5);
    } finally {
      await s.stop();
    }
  });
});

describe('state file', () => {
  it('connections, tokens and changes survive a restart', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'packr-sandbox-'));
    const stateFile = join(dir, 'state.json');
    try {
      const a = await startSandbox({ stateFile });
      const c = await a.connect();
      const order = (await c.api.call('GET', '/wms/orders?status=open&limit=1')).json.data[0];
      await c.api.call('PUT', `/wms/orders/${order.id}/cancel`);
      const count = a.sandbox.connection(c.connection_id).data.orders.size;
      await a.stop();

      const b = await startSandbox({ stateFile });
      try {
        const api = (path: string) => b.admin.call('GET', path, { token: c.access_token });
        expect((await api(`/wms/orders/${order.id}`)).json.data.status).toBe('cancelled');
        expect(b.sandbox.connection(c.connection_id).data.orders.size).toBe(count);
        // New records continue the sequence after the restored ones.
        b.sandbox.tick(20, c.connection_id);
        const all = (await api('/wms/orders?limit=1000')).json.data;
        expect(new Set(all.map((o: { id: string }) => o.id)).size).toBe(all.length);
      } finally {
        await b.stop();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
