// Same-second events: Trackstar dates have one-second precision, so two events for one record can
// carry the same updated_date (an order opened and cancelled within a second, two stock
// adjustments in one second). Applied in the wrong order, Packr must still end on the WMS's
// current state at once, not at the next scheduled sync: a tie is resolved by re-reading the
// record from Trackstar (here the sandbox, over real HTTP).
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WebhookEnvelope } from '../../../trackstar-contract/contract.js';
import { db } from '../db.js';
import { makeTenant } from '../../test/fixtures.js';
import { applyRecords } from '../sync/apply.js';
import { attachConnection, startTestSandbox, waitFor } from '../../test/support/sync-harness.js';
import { processWebhookEvent } from './process-event.js';
import { startWebhookServices } from '../../test/support/webhook-services.js';
import { storeDelivery } from './store.js';
import { serveWebhookReceiver, TEST_WEBHOOK_SECRET } from '../../test/support/webhooks.js';

// The sandbox's clock, pinned to one instant while a test makes its same-second changes.
let pinnedAt: number | null = null;
const pinSecond = () => {
  pinnedAt = Math.floor(Date.now() / 1000) * 1000 + 500;
};
const unpin = () => {
  pinnedAt = null;
};

let sb: Awaited<ReturnType<typeof startTestSandbox>>;
let receiver: Awaited<ReturnType<typeof serveWebhookReceiver>>;
let services: ReturnType<typeof startWebhookServices>;

beforeAll(async () => {
  receiver = await serveWebhookReceiver();
  // No default webhook URL: the deterministic tests feed the sandbox's events in by hand; the
  // delivery test points its own connection at the receiver.
  sb = await startTestSandbox({ orders: 20, products: 20, now: () => pinnedAt ?? Date.now(), webhookSecret: TEST_WEBHOOK_SECRET, webhookRetryScheduleMs: [200, 500, 1_000] });
  services = startWebhookServices({ sweepEveryMs: 60_000 });
});

afterAll(async () => {
  await services?.close();
  await sb?.stop();
  await receiver?.close();
});

type Connected = { brandId: string; integrationId: string; connectionId: string; token: string };

async function connected(label: string): Promise<Connected> {
  const t = await makeTenant(label);
  const exchange = sb.sandbox.connect();
  const integration = await attachConnection(t.brandA.id, exchange, []);
  // The connection's own announcements (historical-sync-completed) come first, so a test's window
  // of events holds only the changes it makes.
  await waitFor('historical sync', async () => sb.sandbox.connection(exchange.connection_id).historicalSyncDone, 5_000, 10);
  return { brandId: t.brandA.id, integrationId: integration.id, connectionId: exchange.connection_id, token: exchange.access_token };
}

/** A call to the sandbox's WMS API as a Trackstar client makes it. */
async function wms<T = any>(c: Connected, method: string, path: string, body?: unknown): Promise<T> {
  const res = await fetch(`${sb.url}${path}`, {
    method,
    headers: { 'x-trackstar-api-key': sb.sandbox.apiKey, 'x-trackstar-access-token': c.token, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const json = (await res.json()) as { data: T };
  if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${JSON.stringify(json)}`);
  return json.data;
}

/** Opens an order and cancels it within the same second: order.created (open) and order.updated (cancelled) share updated_date. */
async function openThenCancel(c: Connected, extraStatus?: 'confirmed') {
  // A product in stock in the warehouse new orders go to, so the order opens (not backordered).
  const data = sb.sandbox.connection(c.connectionId).data;
  const warehouseId = (data.warehouses.all()[0] as { id: string }).id;
  const inStock = (itemId: string) => ((data.inventory.get(itemId) as { inventory_by_warehouse_id: Record<string, { fulfillable: number | null }> } | undefined)?.inventory_by_warehouse_id[warehouseId]?.fulfillable ?? 0) >= 1;
  const product = (data.products.all() as { id: string; is_kit: boolean; inventory_items: { inventory_item_id: string }[] }[])
    .find((p) => !p.is_kit && p.inventory_items.length > 0 && p.inventory_items.every((i) => inStock(i.inventory_item_id)))!;
  pinSecond();
  try {
    const order = await wms<{ id: string }>(c, 'POST', '/wms/orders', {
      order_number: `SS-${randomUUID().slice(0, 8)}`,
      ship_to_address: { address1: '1 Main St', city: 'Springfield', state: 'IL', postal_code: '62701', country: 'US' },
      line_items: [{ product_id: product.id, quantity: 1 }],
    });
    if (extraStatus) await wms(c, 'PUT', `/wms/orders/${order.id}`, { status: extraStatus });
    await wms(c, 'PUT', `/wms/orders/${order.id}/cancel`, {});
    return order.id;
  } finally {
    unpin();
  }
}

/** The sandbox's events for one connection emitted since `from` (an index into its event log). */
const eventsSince = (c: Connected, from: number): WebhookEnvelope[] => sb.sandbox.events.slice(from).filter((e) => e.connection_id === c.connectionId);

async function store(c: Connected, e: WebhookEnvelope): Promise<string> {
  const stored = await storeDelivery({ deliveryId: `msg_${randomUUID()}`, eventType: e.event_type, connectionId: c.connectionId, payload: JSON.stringify(e), sentAt: new Date() });
  return stored.eventId!;
}

const recordId = (e: WebhookEnvelope) => (e.data as { id: string }).id;
const orderRow = (c: Connected, id: string) => db.order.findFirstOrThrow({ where: { brandId: c.brandId, externalId: id } });
const inventoryRow = (c: Connected, id: string) => db.inventoryItem.findFirstOrThrow({ where: { brandId: c.brandId, externalId: id } });
const reReadsOf = (id: string) => sb.requests.filter((r) => r.method === 'GET' && (r.query.get('ids[in]') ?? '').split(',').includes(id));

/** Packr's copy of every record the events named equals the sandbox's current record. */
async function expectCurrent(c: Connected, events: WebhookEnvelope[]) {
  for (const e of events) {
    const id = recordId(e);
    if (e.event_type.startsWith('order.')) {
      const truth = await wms<Record<string, unknown>>(c, 'GET', `/wms/orders/${id}`);
      const row = await orderRow(c, id);
      expect({ id, status: row.status, raw: row.rawData }).toEqual({ id, status: String(truth.status).toUpperCase(), raw: truth });
    } else {
      const truth = await wms<Record<string, unknown>>(c, 'GET', `/wms/inventory/${id}`);
      const row = await inventoryRow(c, id);
      expect({ id, onHand: row.onHand, committed: row.committed, raw: row.rawData }).toEqual({ id, onHand: truth.onhand, committed: truth.committed, raw: truth });
    }
  }
}

describe('same-second events resolve to the WMS current state', () => {
  it('open then cancelled in one second, applied cancelled-first one by one, ends cancelled with one change', async () => {
    const c = await connected('SameSecOrder');
    const from = sb.sandbox.events.length;
    const orderId = await openThenCancel(c);
    const events = eventsSince(c, from);
    const orderEvents = events.filter((e) => recordId(e) === orderId);
    expect(orderEvents.map((e) => (e.data as { status: string }).status)).toEqual(['open', 'cancelled']);
    expect(new Set(orderEvents.map((e) => (e.data as { updated_date: string }).updated_date)).size).toBe(1);

    // Delivered newest first, each applied in its own transaction (as after an outage, or on Svix retries).
    for (const e of [...events].reverse()) expect(await processWebhookEvent(await store(c, e))).toBe('PROCESSED');

    expect((await orderRow(c, orderId)).status).toBe('CANCELLED');
    await expectCurrent(c, events);
    expect(reReadsOf(orderId).length).toBeGreaterThan(0);
    // The stale copy that lost the tie changed nothing: one change for the order, its insert.
    const changes = await db.changeLog.findMany({ where: { brandId: c.brandId, kind: 'ORDER', entityId: (await orderRow(c, orderId)).id } });
    expect(changes.map((ch) => ch.previous)).toEqual([null]);
  });

  it('two stock adjustments in one second, applied reversed as one group, end on the current on-hand', async () => {
    const c = await connected('SameSecStock');
    const item = (sb.sandbox.connection(c.connectionId).data.inventory.all() as { id: string; inventory_by_warehouse_id: Record<string, unknown> }[])
      .find((i) => Object.keys(i.inventory_by_warehouse_id).length > 0)!;
    const warehouseId = Object.keys(item.inventory_by_warehouse_id)[0];
    // Packr holds the item as a sync read it, before the adjustments.
    const before = await wms<{ onhand: number }>(c, 'GET', `/wms/inventory/${item.id}`);
    await applyRecords({ brandId: c.brandId, integrationId: c.integrationId, resource: 'INVENTORY', records: [before], source: 'SYNC' });

    const from = sb.sandbox.events.length;
    pinSecond();
    try {
      await wms(c, 'PUT', `/wms/inventory/${item.id}/adjust`, { quantity: 1, adjustment_type: 'increase', warehouse_id: warehouseId });
      await wms(c, 'PUT', `/wms/inventory/${item.id}/adjust`, { quantity: 1, adjustment_type: 'increase', warehouse_id: warehouseId });
    } finally {
      unpin();
    }
    const events = eventsSince(c, from);
    expect(events.map((e) => (e.data as { onhand: number }).onhand)).toEqual([before.onhand + 1, before.onhand + 2]);

    // Both stored before either is applied: one job applies them together, newest first.
    const ids = [];
    for (const e of [...events].reverse()) ids.push(await store(c, e));
    expect(await processWebhookEvent(ids[0])).toBe('PROCESSED');
    expect(await db.trackstarWebhookEvent.findMany({ where: { id: { in: ids } }, select: { status: true } })).toEqual([{ status: 'PROCESSED' }, { status: 'PROCESSED' }]);

    const row = await inventoryRow(c, item.id);
    expect(row.onHand).toBe(before.onhand + 2);
    await expectCurrent(c, events);
    // The history holds states Packr knows were current, never the stale one.
    const history = await db.inventorySnapshot.findMany({ where: { inventoryItemId: row.id }, orderBy: { recordedAt: 'asc' } });
    expect(history.map((h) => h.onHand)).toEqual([before.onhand, before.onhand + 2]);
    expect(await db.changeLog.count({ where: { brandId: c.brandId, kind: 'INVENTORY', source: 'WEBHOOK' } })).toBe(1);
  });

  it('a re-read that moves the record on logs one change; the overlapping event after it logs none', async () => {
    const c = await connected('SameSecChange');
    const from = sb.sandbox.events.length;
    const orderId = await openThenCancel(c, 'confirmed');
    const events = eventsSince(c, from);
    const orderEvents = events.filter((e) => recordId(e) === orderId);
    expect(orderEvents.map((e) => (e.data as { status: string }).status)).toEqual(['open', 'confirmed', 'cancelled']);

    // In order, one by one: open is stored; confirmed ties with it and the re-read finds the order
    // already cancelled; the cancelled event then matches what is stored.
    for (const e of orderEvents) expect(await processWebhookEvent(await store(c, e))).toBe('PROCESSED');

    const row = await orderRow(c, orderId);
    expect(row.status).toBe('CANCELLED');
    const changes = await db.changeLog.findMany({ where: { brandId: c.brandId, kind: 'ORDER', entityId: row.id }, orderBy: { sequence: 'asc' } });
    expect(changes.map((ch) => ch.previous)).toEqual([null, { status: 'OPEN' }]);
  });

  it('reordered deliveries (webhook_reorder fault) converge at once, without a sync', async () => {
    const c = await connected('SameSecReorder');
    // Only the order's and the stock's events go out: the connection's own announcements are done (connected()).
    sb.sandbox.setWebhookUrl(receiver.url, c.connectionId);
    sb.sandbox.setFaults({ connection_id: c.connectionId, webhook_reorder: true });
    const from = sb.sandbox.events.length;
    const requestsFrom = sb.requests.length;
    const orderId = await openThenCancel(c);
    const events = eventsSince(c, from);
    await sb.sandbox.webhooksIdle();
    const deliveries = sb.sandbox.deliveries.filter((d) => d.connectionId === c.connectionId);
    expect(deliveries.length).toBe(events.length);
    expect(deliveries.every((d) => d.state === 'delivered')).toBe(true);
    await waitFor('webhook inbox drained', async () => {
      const stored = await db.trackstarWebhookEvent.findMany({ where: { brandId: c.brandId }, select: { status: true } });
      return stored.length === events.length && stored.every((e) => e.status === 'PROCESSED');
    }, 15_000, 50);

    expect((await orderRow(c, orderId)).status).toBe('CANCELLED');
    await expectCurrent(c, events);
    // Converged through re-reads by id, not through a sync listing the resource.
    expect(reReadsOf(orderId).length).toBeGreaterThan(0);
    const lists = sb.requests.slice(requestsFrom).filter((r) => r.method === 'GET' && ['/wms/orders', '/wms/inventory'].includes(r.path));
    expect(lists.every((r) => r.query.has('ids[in]'))).toBe(true);
  });
});
