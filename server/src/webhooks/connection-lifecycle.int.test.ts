// Connection lifecycle webhooks end to end: the sandbox (over real HTTP) deletes a connection or
// raises a connection error for one function, and sends the Svix-signed webhook to Packr's real
// receiver; the real webhook and sync workers act on it. A connection deleted upstream is
// DISCONNECTED at once (no sync, no 401 needed); an error naming get_orders stops ORDERS only, and
// its resolution resumes it; a late delete older than a reinstall is ignored.
import { encodeGlobalID } from '@pothos/plugin-relay';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLiveStack, type LiveStack } from '../../test/support/live-stack.js';
import { gql, makeTenant } from '../../test/fixtures.js';
import { db } from '../db.js';
import type { App } from '../http/app.js';
import { syncQueue } from '../jobs/queues.js';
import { syncsSettled, waitFor } from '../../test/support/sync-harness.js';

const LINK = `mutation($brandId: ID!) { createTrackstarLinkToken(brandId: $brandId) { linkToken } }`;
const CONNECT = `mutation($brandId: ID!, $code: String!) { connectTrackstar(brandId: $brandId, authCode: $code) { connectionId status } }`;
const TRIGGER = `mutation($brandId: ID!) { triggerSync(brandId: $brandId) { resource status } }`;

let stack: LiveStack;
let app: App;
let sb: LiveStack['sb'];
let integrations: string[];

beforeAll(async () => {
  stack = await startLiveStack({ orders: 60, products: 20 });
  ({ app, sb, integrations } = stack);
}, 60_000);

afterAll(() => stack?.stop());

type Linked = { brandId: string; brandGid: string; key: string; integrationId: string; connectionId: string };

/** The Link flow through GraphQL (reinstalling when the brand already has a connection id), then its backfill settles. */
async function linkAndConnect(brandId: string, key: string): Promise<Linked> {
  const brandGid = encodeGlobalID('Brand', brandId);
  const token = await gql(app.yoga, LINK, { brandId: brandGid }, key);
  expect(token.body.errors).toBeUndefined();
  const code = await sb.authorize(token.body.data.createTrackstarLinkToken.linkToken);
  const since = new Date();
  const connected = await gql(app.yoga, CONNECT, { brandId: brandGid, code }, key);
  expect(connected.body.errors).toBeUndefined();
  const integration = await db.brandIntegration.findUniqueOrThrow({ where: { brandId } });
  integrations.push(integration.id);
  await syncsSettled(integration.id, since);
  return { brandId, brandGid, key, integrationId: integration.id, connectionId: connected.body.data.connectTrackstar.connectionId };
}

async function newBrand(label: string): Promise<Linked> {
  const t = await makeTenant(label);
  return linkAndConnect(t.brandA.id, t.keys.owner);
}

/** Resources with a BullMQ scheduler for this integration. */
async function scheduled(integrationId: string): Promise<string[]> {
  const all = await syncQueue().getJobSchedulers(0, -1);
  return all.map((s) => s.key).filter((k) => k.startsWith(`sync-${integrationId}-`)).map((k) => k.slice(`sync-${integrationId}-`.length)).sort();
}

/**
 * No sync job waiting or running, twice 300 ms apart (connecting queues a backfill and fires each
 * new scheduler once; a scheduler's next tick, minutes away, is the only delayed job left).
 */
const syncQueueIdle = async () => {
  const idle = async () => Object.values(await syncQueue().getJobCounts('active', 'waiting', 'prioritized')).every((n) => n === 0);
  await waitFor('sync queue idle', async () => (await idle()) && (await new Promise((r) => setTimeout(r, 300))) === undefined && (await idle()), 30_000, 50);
};

const accessToken = (connectionId: string) => sb.sandbox.connection(connectionId).accessToken;

/** DELETE /connections as a Trackstar client (or the Trackstar dashboard) does it: API key + the connection's token. */
async function deleteUpstream(connectionId: string) {
  const res = await fetch(`${sb.url}/connections`, {
    method: 'DELETE', headers: { 'x-trackstar-api-key': sb.sandbox.apiKey, 'x-trackstar-access-token': accessToken(connectionId) },
  });
  expect(res.status).toBe(200);
  expect(await res.json()).toMatchObject({ id: connectionId, deleted: true });
}

const wmsRequestsSince = (at: number, path?: string) => sb.requests.filter((r) => r.at >= at && r.path.startsWith(path ?? '/wms/'));
const stateOf = (integrationId: string, resource: 'ORDERS' | 'INVENTORY') =>
  db.syncState.findUniqueOrThrow({ where: { integrationId_resource: { integrationId, resource } } });

describe('connection lifecycle webhooks', () => {
  it('a connection deleted upstream disconnects the integration within seconds, without a sync; data and history kept, schedulers gone', async () => {
    const c = await newBrand('ConnDeleted');
    const orders = await db.order.count({ where: { brandId: c.brandId } });
    expect(orders).toBeGreaterThan(0);
    expect(await scheduled(c.integrationId)).toContain('ORDERS');
    await sb.sandbox.webhooksIdle();
    await syncQueueIdle();

    const deletedAt = Date.now();
    await deleteUpstream(c.connectionId);
    const integration = await waitFor('integration DISCONNECTED', async () => {
      const row = await db.brandIntegration.findUniqueOrThrow({ where: { id: c.integrationId } });
      return row.status === 'DISCONNECTED' ? row : null;
    }, 5_000, 50);
    expect(Date.now() - deletedAt).toBeLessThan(5_000);
    expect(integration).toMatchObject({ accessToken: null, connectionId: c.connectionId, lastError: expect.stringMatching(/deleted in Trackstar/) });
    expect(integration.disconnectedAt).toBeInstanceOf(Date);

    // The webhook did it, not a sync meeting a 401: no WMS request since the delete, and no
    // auth-failure status change from the sync engine.
    expect(wmsRequestsSince(deletedAt)).toEqual([]);
    expect(await db.changeLog.count({ where: { brandId: c.brandId, kind: 'INTEGRATION_STATUS', source: 'SYNC' } })).toBe(0);
    const event = await db.trackstarWebhookEvent.findFirstOrThrow({ where: { connectionId: c.connectionId, eventType: 'connection.deleted' } });
    expect(event).toMatchObject({ status: 'PROCESSED', brandId: c.brandId });

    // Subscribers of integrationStatusChanged see it: one change from the webhook, previous ACTIVE.
    const changes = await db.changeLog.findMany({ where: { brandId: c.brandId, kind: 'INTEGRATION_STATUS', source: 'WEBHOOK' } });
    expect(changes.map((ch) => ch.previous)).toEqual([{ status: 'ACTIVE' }]);

    // Schedulers removed right away (the reconciler's period is far longer than this test). The
    // worker removes them just after the status commit, so they may outlive it by a moment.
    await waitFor('schedulers removed', async () => (await scheduled(c.integrationId)).length === 0, 3_000, 25);
    const states = await db.syncState.findMany({ where: { integrationId: c.integrationId } });
    expect(states.every((s) => s.status === 'PAUSED')).toBe(true);
    expect(await db.order.count({ where: { brandId: c.brandId } })).toBe(orders);
  }, 60_000);

  it('a connection error naming get_orders stops ORDERS syncs only; its resolution resumes them', async () => {
    const c = await newBrand('ConnErrOrders');
    expect(await scheduled(c.integrationId)).toContain('ORDERS');

    sb.sandbox.setFaults({ connection_id: c.connectionId, missing_permissions: ['get_orders'] });
    const paused = await waitFor('ORDERS paused', async () => {
      const s = await stateOf(c.integrationId, 'ORDERS');
      return s.status === 'PAUSED' ? s : null;
    }, 5_000, 50);
    expect(paused.lastError).toMatch(/connection error: Missing .* permissions for get_orders/);
    expect(await db.brandIntegration.findUniqueOrThrow({ where: { id: c.integrationId } })).toMatchObject({ status: 'ACTIVE', lastError: null });
    const left = await scheduled(c.integrationId);
    expect(left).not.toContain('ORDERS');
    expect(left).toContain('INVENTORY');

    // A sync of everything runs INVENTORY (and the rest) but not ORDERS.
    const since = new Date();
    const triggered = await gql(app.yoga, TRIGGER, { brandId: c.brandGid }, c.key);
    expect(triggered.body.errors).toBeUndefined();
    const started: string[] = triggered.body.data.triggerSync.map((s: { resource: string }) => s.resource);
    expect(started).toContain('INVENTORY');
    expect(started).not.toContain('ORDERS');
    await waitFor('INVENTORY synced', async () => {
      const s = await stateOf(c.integrationId, 'INVENTORY');
      return s.status === 'SUCCEEDED' && s.lastSucceededAt !== null && s.lastSucceededAt >= since;
    }, 30_000);
    expect(wmsRequestsSince(since.getTime(), '/wms/inventory').length).toBeGreaterThan(0);
    expect(wmsRequestsSince(since.getTime(), '/wms/orders')).toEqual([]);
    expect(await stateOf(c.integrationId, 'ORDERS')).toMatchObject({ status: 'PAUSED' });

    // Resolved upstream (connection-error.deleted): ORDERS resumes, its scheduler is back and runs.
    const resolvedAt = new Date();
    sb.sandbox.setFaults({ connection_id: c.connectionId, missing_permissions: [] });
    await waitFor('ORDERS synced again', async () => {
      const s = await stateOf(c.integrationId, 'ORDERS');
      return s.status === 'SUCCEEDED' && s.lastSucceededAt !== null && s.lastSucceededAt >= resolvedAt;
    }, 30_000);
    expect(await scheduled(c.integrationId)).toContain('ORDERS');
    expect(wmsRequestsSince(resolvedAt.getTime(), '/wms/orders').length).toBeGreaterThan(0);
    expect(await db.brandIntegration.findUniqueOrThrow({ where: { id: c.integrationId } })).toMatchObject({ status: 'ACTIVE' });
    const events = await db.trackstarWebhookEvent.findMany({ where: { connectionId: c.connectionId, eventType: { startsWith: 'connection-error' } }, orderBy: { receivedAt: 'asc' } });
    expect(events.map((e) => [e.eventType, e.status])).toEqual([['connection-error.created', 'PROCESSED'], ['connection-error.deleted', 'PROCESSED']]);
  }, 60_000);

  it('an error on every function (rejected credentials) still marks the whole integration ERROR', async () => {
    const c = await newBrand('ConnErrAll');
    sb.sandbox.setFaults({ connection_id: c.connectionId, invalid_credentials: true });
    await waitFor('integration ERROR', async () => (await db.brandIntegration.findUniqueOrThrow({ where: { id: c.integrationId } })).status === 'ERROR', 5_000, 50);
    sb.sandbox.setFaults({ connection_id: c.connectionId, invalid_credentials: false });
    await waitFor('integration ACTIVE', async () => (await db.brandIntegration.findUniqueOrThrow({ where: { id: c.integrationId } })).status === 'ACTIVE', 5_000, 50);
  }, 60_000);

  it('a late connection.deleted older than a reinstall of the same connection does not disconnect it', async () => {
    const c = await newBrand('ConnStaleDelete');
    await sb.sandbox.webhooksIdle();
    // The delete's webhook is held back (Svix retries, a slow queue) while the brand reinstalls.
    sb.sandbox.setFaults({ connection_id: c.connectionId, webhook_delay_ms: 2_500 });
    await deleteUpstream(c.connectionId);
    const reinstalled = await linkAndConnect(c.brandId, c.key);
    expect(reinstalled.connectionId).toBe(c.connectionId);

    const event = await waitFor('late connection.deleted handled', async () => {
      const row = await db.trackstarWebhookEvent.findFirst({ where: { connectionId: c.connectionId, eventType: 'connection.deleted' } });
      return row && row.status !== 'PENDING' ? row : null;
    }, 15_000, 50);
    const integration = await db.brandIntegration.findUniqueOrThrow({ where: { id: c.integrationId } });
    expect(event).toMatchObject({ status: 'IGNORED', error: 'the connection was reinstalled after this deletion' });
    expect(new Date((event.payload as { data: { deleted_date: string } }).data.deleted_date).getTime()).toBeLessThan(integration.connectedAt!.getTime());
    expect(integration).toMatchObject({ status: 'ACTIVE', accessToken: expect.any(String) });
    expect(await scheduled(c.integrationId)).toContain('ORDERS');
  }, 60_000);

  it('connection.created for a linked connection changes nothing and its access token is not stored', async () => {
    const c = await newBrand('ConnCreated');
    const before = await db.brandIntegration.findUniqueOrThrow({ where: { id: c.integrationId } });
    const event = await waitFor('connection.created stored', async () => {
      const row = await db.trackstarWebhookEvent.findFirst({ where: { connectionId: c.connectionId, eventType: 'connection.created' } });
      return row && row.status !== 'PENDING' ? row : null;
    }, 15_000, 50);
    // Sent before the exchange stored the connection: IGNORED as unknown, then re-resolved and processed.
    expect(event.status).toBe('PROCESSED');
    expect((event.payload as { data: Record<string, unknown> }).data).not.toHaveProperty('access_token');
    expect(JSON.stringify(event.payload)).not.toContain(accessToken(c.connectionId));
    const after = await db.brandIntegration.findUniqueOrThrow({ where: { id: c.integrationId } });
    expect(after).toMatchObject({ status: 'ACTIVE', accessToken: before.accessToken, connectedAt: before.connectedAt });
  }, 60_000);
});
