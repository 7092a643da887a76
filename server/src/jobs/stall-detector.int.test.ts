// A sync run that hangs while its worker keeps renewing every lock (a request that never returns):
// the stall detector marks it, breaks its run lock and queues a resume, which completes; the old
// runner, waking up, commits nothing. Trackstar's own stuck reports reach the health report.
import { encodeGlobalID } from '@pothos/plugin-relay';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gql, makeTenant, type TenantFixture } from '../../test/fixtures.js';
import { compareWithTruth, fetchTruth } from '../../test/support/sync-compare.js';
import { attachConnection, pagesServed, retireSync, startTestSandbox, waitFor } from '../../test/support/sync-harness.js';
import { envelope, signDelivery, TEST_WEBHOOK_SECRET } from '../../test/support/webhooks.js';
import { closeChangePublisher } from '../changes/change-log.js';
import { db } from '../db.js';
import { buildApp, type App } from '../http/app.js';
import { trackstarWebhookRoute, WEBHOOK_PATH } from '../http/webhooks/trackstar.js';
import { loadBrandHealth } from '../services/health-report.js';
import { TrackstarClient } from '../trackstar/client.js';
import { startWorkers, type RunningWorkers } from '../worker.js';
import { closeSyncQueue, enqueueSync, syncQueue } from './queues.js';

const STALL_MS = 1_500;
let sb: Awaited<ReturnType<typeof startTestSandbox>>;
let app: App;
let webhookUrl: string;
let workers: RunningWorkers;
let tenant: TenantFixture;

// The upstream stops answering the second page request of the run until released: the worker
// waits on it with every lock renewed, as a hung socket or a frozen dependency would leave it.
let release!: () => void;
const hung = new Promise<void>((resolve) => (release = resolve));
let calls = 0;
let hungRequestReturned = false;

beforeAll(async () => {
  app = buildApp({ nodeRoutes: [trackstarWebhookRoute({ secrets: [TEST_WEBHOOK_SECRET] })] });
  const { url } = await app.start(0, '127.0.0.1');
  webhookUrl = `${url}${WEBHOOK_PATH}`;
  sb = await startTestSandbox({ orders: 2500, products: 20 });
  const client = new TrackstarClient({ baseUrl: sb.url, apiKey: sb.sandbox.apiKey, timeoutMs: 60_000 });
  const list = client.listPage.bind(client);
  client.listPage = async (...args) => {
    if (++calls === 2) {
      await hung;
      const page = await list(...args);
      hungRequestReturned = true;
      return page;
    }
    return list(...args);
  };
  workers = await startWorkers({ sync: { client, busyRetryMs: 200, lockDurationMs: 5_000 }, stall: { stallMs: STALL_MS, everyMs: 250 } });
  tenant = await makeTenant('Stall');
}, 60_000);

afterAll(async () => {
  release?.();
  await workers?.close();
  await retireSync();
  await closeSyncQueue();
  await sb?.stop();
  await app?.stop();
  await closeChangePublisher();
});

describe('stalled sync runs', () => {
  it('are marked, handed to a new job that resumes and completes, and the old runner changes nothing', async () => {
    const ex = sb.sandbox.connect('sandbox');
    const integration = await attachConnection(tenant.brandA.id, ex, ['ORDERS'], { backfillDays: 120 });
    const enqueuedAt = Date.now();
    await enqueueSync({ integrationId: integration.id, resource: 'ORDERS', reason: 'manual' });

    const stalled = await waitFor('the run to be found stalled', async () => {
      const s = await db.syncState.findFirstOrThrow({ where: { integrationId: integration.id } });
      return s.lastStalledAt ? s : null;
    }, 20_000);
    // It stalled after its first page, and was handed on no sooner than the stall threshold allows.
    expect(stalled.lastError).toMatch(/^Stalled: no page progress for 2 s; re-queued/);
    expect(stalled.lastStalledAt!.getTime() - enqueuedAt).toBeGreaterThanOrEqual(STALL_MS);
    const health = await loadBrandHealth(tenant.brandA.id);
    expect(health.resources[0].lastStalledAt).toEqual(stalled.lastStalledAt);

    const done = await waitFor('the resumed run to complete', async () => {
      const s = await db.syncState.findFirstOrThrow({ where: { integrationId: integration.id } });
      return s.status === 'SUCCEEDED' ? s : null;
    }, 30_000);
    expect(done).toMatchObject({ lastError: null, runStartedAt: null, pagesFetched: 3 });
    // The resume went on from the stored page: the first page was served once.
    const served = [...pagesServed(sb.requests, '/wms/orders').values()];
    expect(served[0]).toBe(1);

    // The hung request returns now; its runner finds its page taken and yields without a write.
    const changesBefore = await db.changeLog.count({ where: { brandId: tenant.brandA.id } });
    release();
    await waitFor('the old runner to yield', async () => {
      const jobs = await syncQueue().getCompleted();
      return jobs.some((j) => j.data.integrationId === integration.id && (j.returnvalue as { reason?: string })?.reason === 'another runner owns this sync');
    }, 20_000);
    expect(hungRequestReturned).toBe(true);
    expect(await db.changeLog.count({ where: { brandId: tenant.brandA.id } })).toBe(changesBefore);
    expect(await db.syncState.findFirstOrThrow({ where: { integrationId: integration.id } })).toMatchObject({ status: 'SUCCEEDED', pagesFetched: 3, lastError: null });
    const truth = await fetchTruth(sb.url, sb.sandbox.apiKey, ex.connection_id);
    expect(await compareWithTruth(tenant.brandA.id, truth, { skip: ['warehouses', 'locations', 'shipping_methods', 'products', 'inventory', 'returns', 'inbound_shipments'] })).toEqual([]);
    // The history shows the attempt that resumed it.
    const runs = await db.syncRun.findMany({ where: { integrationId: integration.id }, orderBy: { startedAt: 'asc' } });
    expect(runs.some((r) => r.reason === 'resume' && r.resumed && r.outcome === 'COMPLETED')).toBe(true);
  }, 60_000);

  it("shows Trackstar's own stuck reports in the health report", async () => {
    const ex = sb.sandbox.connect('sandbox');
    await attachConnection(tenant.brandB.id, ex, ['INVENTORY']);
    const stuck = signDelivery(envelope('connection.sync-job-stuck', ex.connection_id, { resource: 'inventory', error_message: 'Sync job running for 3 hours' }));
    expect((await fetch(webhookUrl, { method: 'POST', headers: stuck.headers, body: stuck.body })).status).toBe(202);
    const schedule = signDelivery(envelope('connection.schedule-stuck', ex.connection_id, {}));
    expect((await fetch(webhookUrl, { method: 'POST', headers: schedule.headers, body: schedule.body })).status).toBe(202);
    await waitFor('both reports processed', async () => (await db.trackstarWebhookEvent.count({ where: { deliveryId: { in: [stuck.id, schedule.id] }, status: 'PROCESSED' } })) === 2);

    const HEALTH = `query($brandId: ID!) { health(brandId: $brandId) { upstreamStuck { eventType reportedAt resource message } } }`;
    const res = await gql(app.yoga, HEALTH, { brandId: encodeGlobalID('Brand', tenant.brandB.id) }, tenant.keys.operator);
    expect(res.body.errors).toBeUndefined();
    const reports = res.body.data.health.upstreamStuck;
    expect(reports).toHaveLength(2);
    expect(reports).toEqual(expect.arrayContaining([
      { eventType: 'connection.sync-job-stuck', reportedAt: expect.any(String), resource: 'INVENTORY', message: 'Sync job running for 3 hours' },
      { eventType: 'connection.schedule-stuck', reportedAt: expect.any(String), resource: null, message: null },
    ]));
    // Another tenant sees nothing of it.
    const other = await makeTenant('Stall2');
    const foreign = await gql(app.yoga, HEALTH, { brandId: encodeGlobalID('Brand', tenant.brandB.id) }, other.keys.owner);
    expect(foreign.body.errors?.[0].extensions?.code).toBe('NOT_FOUND');
  });
});
