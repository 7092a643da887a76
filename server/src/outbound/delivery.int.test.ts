// Outbound webhooks end to end: record changes through the real ingestion paths (a Trackstar
// webhook through the receiver and the webhook worker, a sync page through applyRecords) become
// events captured by the audit trigger, which the dispatcher delivers to real HTTP receivers that
// verify every request with the svix library. Then the unhappy paths: 500s, a receiver that
// never answers, exhaustion and replay, sustained failure disabling the endpoint (with its
// alert), events stored while no dispatcher runs, and a claimed delivery whose dispatcher died.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook } from 'svix';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { makeTenant, type TenantFixture } from '../../test/fixtures.js';
import { waitFor } from '../../test/support/sync-harness.js';
import { orderRecord } from '../../test/support/sync-records.js';
import { startWebhookServices } from '../../test/support/webhook-services.js';
import { connectBrand, envelope, inventoryRecord, serveWebhookReceiver, signDelivery, waitForEvent } from '../../test/support/webhooks.js';
import { viewerFromApiKey, type Viewer } from '../auth/viewer.js';
import { db } from '../db.js';
import { outboundDeliverySeconds, outboundTries } from '../lib/worker-metrics.js';
import { closeWebhookQueue } from '../jobs/webhook-queue.js';
import { pool } from '../pg.js';
import { applyRecords } from '../sync/apply.js';
import { claimDue } from './delivery-store.js';
import { startDispatcher, type Dispatcher, type DispatcherOptions } from './dispatcher.js';
import { createEndpoint, replayDelivery, sendTestEvent, updateEndpoint } from './endpoints.js';

type Received = { id: string; headers: Record<string, string>; body: any; at: number };
type Behaviour = (n: number) => number | 'hang';

/** A receiver on a real port that verifies every request with svix; a bad signature is a test failure. */
async function startReceiver(behaviour: Behaviour = () => 200) {
  const received: Received[] = [];
  const invalid: string[] = [];
  let secret = '';
  let calls = 0;
  const hanging: ServerResponse[] = [];
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      const raw = Buffer.concat(chunks).toString('utf8');
      const headers = Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k, String(v)]));
      try {
        new Webhook(secret).verify(raw, headers);
        received.push({ id: headers['svix-id'], headers, body: JSON.parse(raw), at: Date.now() });
      } catch (error) {
        invalid.push((error as Error).message);
        res.writeHead(400).end();
        return;
      }
      const answer = behaviour(++calls);
      if (answer === 'hang') {
        hanging.push(res);
        return;
      }
      res.writeHead(answer, { 'content-type': 'text/plain' }).end(`answer ${calls}`);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks`,
    received,
    invalid,
    setSecret: (s: string) => void (secret = s),
    close: () => new Promise<void>((resolve) => {
      for (const res of hanging) res.destroy();
      server.close(() => resolve());
      server.closeAllConnections();
    }),
  };
}
type Receiver = Awaited<ReturnType<typeof startReceiver>>;

const receivers: Receiver[] = [];
async function receiver(behaviour?: Behaviour) {
  const r = await startReceiver(behaviour);
  receivers.push(r);
  return r;
}

async function endpointFor(viewer: Viewer, r: Receiver, input: { eventTypes?: string[]; brandIds?: string[] } = {}) {
  const { endpoint, secret } = await createEndpoint(viewer, { url: r.url, ...input });
  r.setSecret(secret);
  return endpoint;
}

let dispatcher: Dispatcher | null = null;
const FAST: DispatcherOptions = { pollMs: 100, retryScheduleSeconds: [0.3, 0.3, 0.3], timeoutMs: 2000, dbPoolMax: 2 };
function dispatch(options: DispatcherOptions = {}) {
  dispatcher = startDispatcher({ ...FAST, ...options });
  return dispatcher;
}

const deliveryOf = (endpointId: string) => db.outboundDelivery.findFirstOrThrow({ where: { endpointId }, include: { tries: { orderBy: { at: 'asc' } } } });
const settled = (deliveryId: string, status: 'SUCCEEDED' | 'FAILED', timeoutMs = 20_000) =>
  waitFor(`delivery ${status}`, async () => {
    const d = await db.outboundDelivery.findUniqueOrThrow({ where: { id: deliveryId }, include: { tries: { orderBy: { at: 'asc' } } } });
    return d.status === status ? d : null;
  }, timeoutMs, 50);

let t: TenantFixture;
let other: TenantFixture;
let owner: Viewer;
let otherOwner: Viewer;

beforeAll(async () => {
  t = await makeTenant('Outbound');
  other = await makeTenant('OutboundOther');
  owner = (await viewerFromApiKey(t.keys.owner))!;
  otherOwner = (await viewerFromApiKey(other.keys.owner))!;
});

afterEach(async () => {
  await dispatcher?.stop();
  dispatcher = null;
  // Each test's endpoints are its own: later tests must not deliver to earlier receivers.
  await db.webhookEndpoint.deleteMany({ where: { threePLId: { in: [t.threePLId, other.threePLId] } } });
});

afterAll(async () => {
  await Promise.all(receivers.map((r) => r.close()));
});

describe('record changes become verified deliveries', () => {
  let services: ReturnType<typeof startWebhookServices>;
  let inbound: Awaited<ReturnType<typeof serveWebhookReceiver>>;

  beforeAll(async () => {
    services = startWebhookServices({ sweepEveryMs: 60_000 });
    inbound = await serveWebhookReceiver();
  });
  afterAll(async () => {
    await inbound.close();
    await services.close();
    await closeWebhookQueue();
  });

  it('an inventory change from a Trackstar webhook reaches the subscribed endpoint once, and no one else', async () => {
    const inventory = await receiver();
    const ordersOnly = await receiver();
    const otherTenant = await receiver();
    const inv = await endpointFor(owner, inventory, { eventTypes: ['inventory.changed'] });
    await endpointFor(owner, ordersOnly, { eventTypes: ['order.status_changed'] });
    await endpointFor(otherOwner, otherTenant);
    dispatch();

    const { connectionId } = await connectBrand(t.brandA.id);
    const created = signDelivery(envelope('inventory.created', connectionId!, inventoryRecord('inv_out', 120, '2026-03-01T14:00:00Z', 'SKU-OUT')));
    expect((await inbound.post(created)).status).toBeLessThan(300);
    await waitForEvent(created.id);
    const updated = signDelivery(envelope('inventory.updated', connectionId!, inventoryRecord('inv_out', 96, '2026-03-01T14:02:11Z', 'SKU-OUT')));
    expect((await inbound.post(updated)).status).toBeLessThan(300);
    expect((await waitForEvent(updated.id)).status).toBe('PROCESSED');

    await waitFor('inventory delivery', async () => inventory.received.length >= 1, 15_000, 50);
    await new Promise((r) => setTimeout(r, 500)); // room for a wrong extra delivery to show up
    expect(inventory.invalid).toEqual([]);
    expect(inventory.received).toHaveLength(1); // the creation is not an event; the change is, once
    const item = await db.inventoryItem.findFirstOrThrow({ where: { brandId: t.brandA.id, externalId: 'inv_out' } });
    const { body, headers } = inventory.received[0];
    expect(body).toMatchObject({
      type: 'inventory.changed',
      data: {
        brandId: t.brandA.id, brandName: t.brandA.name, inventoryItemId: item.id, externalId: 'inv_out', sku: 'SKU-OUT', source: 'WEBHOOK',
        inventoryItemGlobalId: Buffer.from(`InventoryItem:${item.id}`).toString('base64'),
        changes: { onHand: [120, 96], fulfillable: [120, 96] },
      },
    });
    expect(Date.parse(body.timestamp)).not.toBeNaN();
    // svix-id is the event id, with the Standard Webhooks aliases alongside.
    const delivery = await deliveryOf(inv.id);
    expect(headers['svix-id']).toBe(delivery.eventId);
    expect(headers['webhook-id']).toBe(delivery.eventId);
    expect(delivery).toMatchObject({ status: 'SUCCEEDED', attempts: 1, lastStatusCode: 200 });
    expect(delivery.tries).toHaveLength(1);
    expect(ordersOnly.received).toEqual([]);
    expect(otherTenant.received).toEqual([]);
  });

  it('an order status change from a sync page is order.status_changed with both statuses', async () => {
    const orders = await receiver();
    const ep = await endpointFor(owner, orders, { eventTypes: ['order.status_changed'], brandIds: [t.brandB.id] });
    const brandAOnly = await receiver();
    await endpointFor(owner, brandAOnly, { brandIds: [t.brandA.id] });
    dispatch();

    const integration = await connectBrand(t.brandB.id);
    const apply = (status: string, updated: string) =>
      applyRecords({ brandId: t.brandB.id, integrationId: integration.id, resource: 'ORDERS', records: [orderRecord('ord_out', updated, { status })], source: 'SYNC' });
    await apply('open', '2026-03-02T10:00:00Z');
    await apply('shipped', '2026-03-02T11:00:00Z');

    await waitFor('order delivery', async () => orders.received.length >= 1, 15_000, 50);
    await new Promise((r) => setTimeout(r, 500));
    expect(orders.invalid).toEqual([]);
    expect(orders.received).toHaveLength(1);
    const order = await db.order.findFirstOrThrow({ where: { brandId: t.brandB.id, externalId: 'ord_out' } });
    expect(orders.received[0].body).toMatchObject({
      type: 'order.status_changed',
      data: { brandId: t.brandB.id, orderId: order.id, orderNumber: '#ord_out', externalId: 'ord_out', source: 'SYNC', previousStatus: 'OPEN', status: order.status },
    });
    expect(order.status).not.toBe('OPEN');
    expect((await deliveryOf(ep.id)).status).toBe('SUCCEEDED');
    expect(brandAOnly.received).toEqual([]);
  });
});

describe('retries, timeouts, exhaustion and replay', () => {
  it('500 twice, then 200: delivered on the third try, three tries logged, the same svix-id each time; counted in the worker metrics', async () => {
    const [successBefore, failureBefore, latenciesBefore] = [await tries('success'), await tries('failure'), await deliveryLatencies()];
    const r = await receiver((n) => (n <= 2 ? 500 : 200));
    const ep = await endpointFor(owner, r);
    dispatch();
    const id = await sendTestEvent(owner, ep.id);
    const d = await settled(id, 'SUCCEEDED');
    expect(r.invalid).toEqual([]);
    expect(d.attempts).toBe(3);
    expect(d.tries.map((x) => x.statusCode)).toEqual([500, 500, 200]);
    expect(d.tries[0].error).toBe('HTTP 500');
    expect(d.tries[0].responseBody).toBe('answer 1');
    expect(new Set(r.received.map((x) => x.id))).toEqual(new Set([d.eventId]));
    expect(r.received[0].body).toMatchObject({ type: 'endpoint.test', data: { endpointId: ep.id } });
    const endpoint = await db.webhookEndpoint.findUniqueOrThrow({ where: { id: ep.id } });
    expect(endpoint.failingSince).toBeNull(); // cleared by the success
    expect(endpoint.lastSuccessAt).not.toBeNull();
    // packr_outbound_tries_total and packr_outbound_delivery_seconds (the worker's /metrics snapshot).
    expect(await tries('failure')).toBe(failureBefore + 2);
    expect(await tries('success')).toBe(successBefore + 1);
    expect(await deliveryLatencies()).toBe(latenciesBefore + 1);
  });

  it('a receiver that never answers: every try times out, the delivery FAILS after the schedule, and a replay delivers it', async () => {
    let answering = false;
    const r = await receiver(() => (answering ? 204 : 'hang'));
    const ep = await endpointFor(owner, r);
    dispatch({ timeoutMs: 300, retryScheduleSeconds: [0.2, 0.2] });
    const id = await sendTestEvent(owner, ep.id);
    const failed = await settled(id, 'FAILED');
    expect(failed.attempts).toBe(3);
    expect(failed.tries).toHaveLength(3);
    for (const x of failed.tries) {
      expect(x.statusCode).toBeNull();
      expect(x.error).toMatch(/timeout/i);
      expect(x.durationMs).toBeGreaterThanOrEqual(250);
    }
    expect(failed.nextAttemptAt).toBeNull();

    answering = true;
    await replayDelivery(owner, id);
    const replayed = await settled(id, 'SUCCEEDED');
    expect(replayed.tries.map((x) => x.statusCode)).toEqual([null, null, null, 204]);
    expect(replayed.deliveredAt).not.toBeNull();
  });

  it('sustained failure disables the endpoint and opens ENDPOINT_DISABLED; enabling resolves it and resumes', async () => {
    let healthy = false;
    const r = await receiver(() => (healthy ? 200 : 503));
    const ep = await endpointFor(owner, r);
    dispatch({ retryScheduleSeconds: Array(30).fill(0.2), disableAfterMs: 1200 });
    const id = await sendTestEvent(owner, ep.id);
    const disabled = await waitFor('endpoint disabled', async () => {
      const e = await db.webhookEndpoint.findUniqueOrThrow({ where: { id: ep.id } });
      return e.enabled ? null : e;
    }, 20_000, 50);
    expect(disabled.disabledReason).toMatch(/failed/);
    expect(disabled.failingSince).not.toBeNull();
    const alert = await waitFor('alert', () => db.alert.findFirst({ where: { threePLId: t.threePLId, kind: 'ENDPOINT_DISABLED', subject: ep.id, resolvedAt: null } }), 5_000, 50);
    expect(alert.brandId).toBeNull();

    // Paused: no tries while disabled.
    const tries = await db.outboundAttempt.count({ where: { deliveryId: id } });
    await new Promise((res) => setTimeout(res, 600));
    expect(await db.outboundAttempt.count({ where: { deliveryId: id } })).toBe(tries);
    expect((await db.outboundDelivery.findUniqueOrThrow({ where: { id } })).status).toBe('PENDING');

    healthy = true;
    await updateEndpoint(owner, ep.id, { enabled: true });
    expect(await db.alert.findUniqueOrThrow({ where: { id: alert.id } })).toMatchObject({ resolvedAt: expect.any(Date) });
    await settled(id, 'SUCCEEDED');
  });
});

describe('nothing is lost', () => {
  it('events stored while no dispatcher runs are delivered once one starts', async () => {
    const r = await receiver();
    const ep = await endpointFor(owner, r);
    const ids = [await sendTestEvent(owner, ep.id), await sendTestEvent(owner, ep.id)];
    // A record change captured while nothing delivers: stored in the change's transaction.
    await pool.query(`SELECT outbound_enqueue($1, NULL, 'alert.opened', '{"type":"alert.opened","data":{}}'::jsonb)`, [t.threePLId]);
    await new Promise((res) => setTimeout(res, 300));
    expect(r.received).toEqual([]);
    dispatch();
    for (const id of ids) await settled(id, 'SUCCEEDED');
    await waitFor('all three', async () => r.received.length === 3, 10_000, 50);
    expect(r.received.map((x) => x.body.type).sort()).toEqual(['alert.opened', 'endpoint.test', 'endpoint.test']);
    expect(r.invalid).toEqual([]);
  });

  it('a delivery claimed by a dispatcher that died is delivered by another after the lease', async () => {
    const r = await receiver();
    const ep = await endpointFor(owner, r);
    const id = await sendTestEvent(owner, ep.id);
    // The dead dispatcher: it claimed the delivery (with a 1.5 s lease) and never sent it.
    const claimedAt = Date.now();
    const claimed = await claimDue(pool, { limit: 10, perEndpoint: 4, leaseMs: 1500 });
    expect(claimed.map((c) => c.id)).toContain(id);
    dispatch();
    const d = await settled(id, 'SUCCEEDED', 15_000);
    expect(d.attempts).toBe(1);
    expect(r.received).toHaveLength(1);
    expect(r.received[0].at - claimedAt).toBeGreaterThanOrEqual(1300);
  });
});

/** packr_outbound_tries_total for one outcome, in this process's worker registry. */
async function tries(outcome: 'success' | 'failure'): Promise<number> {
  return (await outboundTries.get()).values.find((v) => v.labels.outcome === outcome)?.value ?? 0;
}

/** How many deliveries packr_outbound_delivery_seconds has observed. */
async function deliveryLatencies(): Promise<number> {
  return (await outboundDeliverySeconds.get()).values.find((v) => v.metricName === 'packr_outbound_delivery_seconds_count')?.value ?? 0;
}
