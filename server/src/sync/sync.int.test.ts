// End to end against the sandbox over real HTTP: Link flow through GraphQL, backfill, incremental
// sync under activity, auth failure and reinstall, disconnect and reconnect.
import { encodeGlobalID } from '@pothos/plugin-relay';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTenant, gql, type TenantFixture } from '../../test/fixtures.js';
import { tokenBox } from '../crypto/token-box.js';
import { db } from '../db.js';
import { buildApp, type App } from '../http/app.js';
import { acquireLock } from '../jobs/lock.js';
import { closeSyncQueue, enqueueSync, syncKey, syncQueue } from '../jobs/queues.js';
import { createRedis } from '../redis.js';
import { closeChangePublisher } from '../changes/change-log.js';
import { configureTrackstar } from '../trackstar/client.js';
import { startWorkers, type RunningWorkers } from '../worker.js';
import { SYNC_RESOURCES } from './resources.js';
import { compareWithTruth, fetchTruth } from '../../test/support/sync-compare.js';
import { startTestSandbox, syncsSettled, waitFor, retireSync } from '../../test/support/sync-harness.js';

const DAY = 24 * 3600_000;
let sb: Awaited<ReturnType<typeof startTestSandbox>>;
let app: App;
let workers: RunningWorkers;
let tenant: TenantFixture;
let brandGid: string;
let integrationId: string;
let connectionId: string;

const LINK = `mutation($brandId: ID!) { createTrackstarLinkToken(brandId: $brandId) { linkToken } }`;
const CONNECT = `mutation($brandId: ID!, $code: String!) { connectTrackstar(brandId: $brandId, authCode: $code) {
  id status connectionId integrationName syncStates { resource status } } }`;
const TRIGGER = `mutation($brandId: ID!, $resources: [SyncResource!]) { triggerSync(brandId: $brandId, resources: $resources) { resource status inProgress } }`;
const DISCONNECT = `mutation($brandId: ID!) { disconnectTrackstar(brandId: $brandId) { status connectionId } }`;

async function linkAndConnect(key: string) {
  const token = await gql(app.yoga, LINK, { brandId: brandGid }, key);
  expect(token.body.errors).toBeUndefined();
  const code = await sb.authorize(token.body.data.createTrackstarLinkToken.linkToken);
  return gql(app.yoga, CONNECT, { brandId: brandGid, code }, key);
}

async function expectEqualToTruth() {
  const orders = await db.syncState.findFirstOrThrow({ where: { integrationId, resource: 'ORDERS' } });
  // The first run read orders back 30 days from its start (within seconds of its completion).
  const windowStart = new Date(orders.backfillCompletedAt!.getTime() - 30 * DAY);
  const truth = await fetchTruth(sb.url, sb.sandbox.apiKey, connectionId);
  expect(await compareWithTruth(tenant.brandA.id, truth, { windowStart })).toEqual([]);
  return truth;
}

beforeAll(async () => {
  sb = await startTestSandbox({ orders: 900, products: 80 });
  app = buildApp();
  workers = await startWorkers({ sync: { busyRetryMs: 200, lockDurationMs: 5_000 } });
  tenant = await makeTenant('Sync');
  brandGid = encodeGlobalID('Brand', tenant.brandA.id);
});

afterAll(async () => {
  await workers?.close();
  await retireSync(integrationId ? [integrationId] : []);
  await closeSyncQueue();
  await sb?.stop();
  await app?.stop();
  await closeChangePublisher();
});

describe('connect through Trackstar Link and backfill', () => {
  it('refuses operators and other tenants', async () => {
    const asOperator = await gql(app.yoga, LINK, { brandId: brandGid }, tenant.keys.operator);
    expect(asOperator.body.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    const other = await makeTenant('Other');
    const foreign = await gql(app.yoga, LINK, { brandId: brandGid }, other.keys.owner);
    expect(foreign.body.errors?.[0]).toMatchObject({ message: 'Brand not found' });
    const bad = await gql(app.yoga, CONNECT, { brandId: brandGid, code: 'nope' }, tenant.keys.owner);
    expect(bad.body.errors?.[0].message).toMatch(/Trackstar code exchange failed: Trackstar 422/);
    configureTrackstar(null);
    try {
      const unconfigured = await gql(app.yoga, LINK, { brandId: brandGid }, tenant.keys.owner);
      expect(unconfigured.body.errors?.[0]).toMatchObject({ message: 'Trackstar is not configured', extensions: { code: 'NOT_CONFIGURED' } });
    } finally {
      configureTrackstar({ baseUrl: sb.url, apiKey: sb.sandbox.apiKey });
    }
  });

  it('connects, backfills every readable resource, and equals the sandbox truth', async () => {
    const since = new Date();
    const res = await linkAndConnect(tenant.keys.owner);
    expect(res.body.errors).toBeUndefined();
    const integration = res.body.data.connectTrackstar;
    expect(integration).toMatchObject({ status: 'ACTIVE', integrationName: 'sandbox' });
    expect(integration.syncStates).toHaveLength(8);
    connectionId = integration.connectionId;
    const row = await db.brandIntegration.findUniqueOrThrow({ where: { brandId: tenant.brandA.id } });
    integrationId = row.id;
    // Stored encrypted, never as the raw token.
    const truthToken = (await sb.admin('GET', `/sandbox/connections/${connectionId}/state`)).json.access_token;
    expect(row.accessToken).not.toContain(truthToken);
    expect(tokenBox().open(row.accessToken!)).toBe(truthToken);

    const states = await syncsSettled(integrationId, since);
    expect(states.every((s) => s.status === 'SUCCEEDED' && s.backfillCompletedAt && s.cursor)).toBe(true);
    const truth = await expectEqualToTruth();
    expect(await db.order.count({ where: { brandId: tenant.brandA.id } })).toBeGreaterThan(100);
    expect(await db.order.count({ where: { brandId: tenant.brandA.id } })).toBeLessThan(truth.orders.length);
  });
});

describe('incremental sync', () => {
  it('with activity upstream, an incremental sync brings the copy back to the truth', async () => {
    sb.sandbox.tick(60);
    const before = await fetchTruth(sb.url, sb.sandbox.apiKey, connectionId);
    expect(await compareWithTruth(tenant.brandA.id, before, { windowStart: new Date(Date.now() - 29 * DAY) })).not.toEqual([]);
    const since = new Date();
    // The queue path alone (no upstream force-sync, whose simulated crawl would change the truth meanwhile).
    for (const resource of SYNC_RESOURCES) await enqueueSync({ integrationId, resource, reason: 'manual' });
    await syncsSettled(integrationId, since);
    await expectEqualToTruth();
    // The incremental window starts two minutes before the previous run's start, not at the beginning.
    const fetched = sb.requests.filter((r) => r.path === '/wms/orders' && r.at >= since.getTime());
    expect(fetched.length).toBeGreaterThan(0);
    for (const r of fetched) expect(Date.parse(r.query.get('updated_date[gte]')!)).toBeGreaterThan(Date.now() - DAY);
  });

  it('triggerSync syncs now and asks Trackstar to crawl the same functions', async () => {
    const since = new Date();
    const res = await gql(app.yoga, TRIGGER, { brandId: brandGid, resources: ['ORDERS', 'INVENTORY'] }, tenant.keys.operator);
    expect(res.body.errors).toBeUndefined();
    expect(res.body.data.triggerSync.map((s: { resource: string }) => s.resource)).toEqual(['INVENTORY', 'ORDERS']);
    const crawl = await waitFor('force sync', async () => sb.requests.find((r) => r.method === 'POST' && r.path === '/connections/sync' && r.at >= since.getTime()));
    expect(crawl.status).toBe(200);
    await waitFor('orders and inventory synced', async () =>
      (await db.syncState.count({ where: { integrationId, resource: { in: ['ORDERS', 'INVENTORY'] }, status: 'SUCCEEDED', lastSucceededAt: { gte: since } } })) === 2);
    // Trackstar's crawl lands after Packr's run: the next incremental picks it up.
    await waitFor('crawl completed', async () => sb.sandbox.events.some((e) => e.event_type === 'connection.force-sync-completed'));
    const again = new Date();
    for (const resource of SYNC_RESOURCES) await enqueueSync({ integrationId, resource, reason: 'manual' });
    await syncsSettled(integrationId, again);
    await expectEqualToTruth();
  });

  it('clicking sync twice while one runs queues one job per resource', async () => {
    // Hold the run lock as a running sync would: the first click's job waits behind it.
    const redis = createRedis('worker');
    const lock = await acquireLock(redis, syncKey(integrationId, 'ORDERS'), 20_000);
    expect(lock).not.toBeNull();
    try {
      const since = new Date();
      await gql(app.yoga, TRIGGER, { brandId: brandGid, resources: ['ORDERS'] }, tenant.keys.operator);
      await gql(app.yoga, TRIGGER, { brandId: brandGid, resources: ['ORDERS'] }, tenant.keys.operator);
      const jobs = await syncQueue().getJobs(['waiting', 'active', 'delayed', 'prioritized']);
      const manual = jobs.filter((j) => j.data.integrationId === integrationId && j.data.resource === 'ORDERS' && j.data.reason === 'manual');
      expect(manual).toHaveLength(1);
      expect(await syncQueue().getDeduplicationJobId(syncKey(integrationId, 'ORDERS'))).toBe(manual[0].id);
      await lock!.release();
      await waitFor('orders sync', () => db.syncState.findFirst({ where: { integrationId, resource: 'ORDERS', status: 'SUCCEEDED', lastSucceededAt: { gte: since } } }));
    } finally {
      await lock?.release();
      redis.disconnect();
    }
  });

  it('clicks while a run is in progress queue exactly one follow-up run, which runs after it', async () => {
    // Slow upstream answers keep the run in progress long enough to click during it.
    await sb.admin('POST', '/sandbox/faults', { connection_id: connectionId, latency_ms: 1500 });
    try {
      const since = new Date();
      await gql(app.yoga, TRIGGER, { brandId: brandGid, resources: ['ORDERS'] }, tenant.keys.operator);
      const running = await waitFor('orders run in progress', () =>
        db.syncState.findFirst({ where: { integrationId, resource: 'ORDERS', status: 'RUNNING', runStartedAt: { not: null }, lastStartedAt: { gte: since } } }));
      // Together: each click also waits for the (slowed) upstream crawl request after enqueueing.
      const click = () => gql(app.yoga, TRIGGER, { brandId: brandGid, resources: ['ORDERS'] }, tenant.keys.operator);
      await Promise.all([click(), click()]);
      await sb.admin('POST', '/sandbox/faults', { connection_id: connectionId, latency_ms: 0 });
      await waitFor('the follow-up run', () => db.syncState.findFirst({
        where: { integrationId, resource: 'ORDERS', status: 'SUCCEEDED', runStartedAt: null, lastStartedAt: { gt: running.lastStartedAt! } },
      }));
      const jobs = await syncQueue().getJobs(['waiting', 'active', 'delayed', 'prioritized', 'completed']);
      const runs = jobs.filter((j) => j.data.integrationId === integrationId && j.data.resource === 'ORDERS' && j.data.reason === 'manual' && j.timestamp >= since.getTime());
      expect(runs).toHaveLength(2);
    } finally {
      await sb.admin('POST', '/sandbox/faults', { connection_id: connectionId, latency_ms: 0 });
    }
  });
});

describe('credentials and reconnecting', () => {
  it('a 401 marks the integration ERROR and pauses it; reinstalling keeps the connection id and the data', async () => {
    const ordersBefore = await db.order.count({ where: { brandId: tenant.brandA.id } });
    await db.brandIntegration.update({ where: { id: integrationId }, data: { accessToken: tokenBox().seal('trackstar_revoked') } });
    await gql(app.yoga, TRIGGER, { brandId: brandGid, resources: ['INVENTORY'] }, tenant.keys.operator);
    const failed = await waitFor('integration error', () => db.brandIntegration.findFirst({ where: { id: integrationId, status: 'ERROR' } }));
    expect(failed.lastError).toMatch(/Trackstar 401/);
    expect((await db.syncState.findMany({ where: { integrationId } })).every((s) => s.status === 'PAUSED')).toBe(true);
    await waitFor('schedulers removed', async () => (await syncQueue().getJobScheduler(syncKey(integrationId, 'ORDERS'))) === undefined);
    const refused = await gql(app.yoga, TRIGGER, { brandId: brandGid }, tenant.keys.operator);
    expect(refused.body.errors?.[0].message).toMatch(/needs attention/);

    const since = new Date();
    const res = await linkAndConnect(tenant.keys.admin);
    expect(res.body.data.connectTrackstar).toMatchObject({ status: 'ACTIVE', connectionId });
    expect(await syncQueue().getJobScheduler(syncKey(integrationId, 'ORDERS'))).toBeDefined();
    await syncsSettled(integrationId, since);
    expect(await db.order.count({ where: { brandId: tenant.brandA.id } })).toBeGreaterThanOrEqual(ordersBefore);
    await expectEqualToTruth();
  });

  it('disconnect keeps the data readable; reconnecting brings the brand back', async () => {
    const orders = await db.order.count({ where: { brandId: tenant.brandA.id } });
    const res = await gql(app.yoga, DISCONNECT, { brandId: brandGid }, tenant.keys.owner);
    expect(res.body.data.disconnectTrackstar).toMatchObject({ status: 'DISCONNECTED', connectionId });
    expect((await sb.admin('GET', `/sandbox/connections/${connectionId}/state`)).status).toBe(404);
    expect(await db.order.count({ where: { brandId: tenant.brandA.id } })).toBe(orders);
    expect(await syncQueue().getJobScheduler(syncKey(integrationId, 'ORDERS'))).toBeUndefined();
    const again = await gql(app.yoga, DISCONNECT, { brandId: brandGid }, tenant.keys.owner);
    expect(again.body.errors?.[0].message).toBe('This brand is not connected to Trackstar');

    // Link reinstalls the deleted connection: the same connection id, and Packr keeps every row it had.
    const back = await linkAndConnect(tenant.keys.owner);
    expect(back.body.data.connectTrackstar).toMatchObject({ status: 'ACTIVE', connectionId });
    expect((await sb.admin('GET', `/sandbox/connections/${connectionId}/state`)).status).toBe(200);
    expect((await db.brandIntegration.findUniqueOrThrow({ where: { id: integrationId } })).id).toBe(integrationId);
    expect(await db.order.count({ where: { brandId: tenant.brandA.id } })).toBeGreaterThanOrEqual(orders);
  });
});
