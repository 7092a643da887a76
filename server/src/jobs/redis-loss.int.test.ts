// Redis loses all its data (killed and restarted empty, as after a restart without persistence or
// a failover) while a worker keeps running: the sync schedulers come back, a due sync runs, and a
// backfill that was in progress resumes from its committed page. The worker is its own process
// on a private redis-server, so the machine's shared Redis is never touched. Periodic reconciling
// is set to an hour here: only the reconnect can bring the state back within the test.
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, beforeEach, expect, it } from 'vitest';
import { makeTenant } from '../../test/fixtures.js';
import { db } from '../db.js';
import type { SyncResource } from '../generated/prisma/enums.js';
import { closeChangePublisher } from '../changes/change-log.js';
import { RESOURCE_INFO } from '../sync/resources.js';
import { attachConnection, pagesServed, retireSync, startTestSandbox, syncsSettled, waitFor } from '../../test/support/sync-harness.js';
import { closeTrackstar } from '../trackstar/client.js';
import { freePort, startNodeService, startRedis, type Child } from '../../test/support/child-services.js';
import { SYNC_QUEUE, addSyncJob, closeSyncQueue, syncKey, type SyncQueue } from './queues.js';

const ORDERS = 8_000; // eight pages of 1,000
const PAGE_LATENCY_MS = 300; // slows the backfill enough to lose Redis in the middle of it
const A_RESOURCES: SyncResource[] = ['WAREHOUSES', 'PRODUCTS', 'INVENTORY'];

let sb: Awaited<ReturnType<typeof startTestSandbox>>;
let redisPort: number;
let redis: Child;
let worker: Child;
let probe: Redis;
let queue: SyncQueue;
let integrationA: { id: string };
let workerStartedAt: Date;

const schedulers = () => queue.getJobSchedulers(0, -1);
// The shared test database may hold other files' integrations, which the worker schedules too:
// these tests judge their own.
const ownIntegrations = new Set<string>();
const schedulerKeys = async () => (await schedulers()).map((s) => s.key).filter((key) => [...ownIntegrations].some((id) => key.includes(id))).sort();
const stateOf = (integrationId: string, resource: SyncResource) =>
  db.syncState.findUniqueOrThrow({ where: { integrationId_resource: { integrationId, resource } } });

/** kill -9, then a fresh redis-server on the same port: no data survives (no RDB, no AOF). */
async function loseRedis(): Promise<Date> {
  const exited = new Promise((resolve) => redis.process.once('exit', resolve));
  redis.process.kill('SIGKILL');
  await exited;
  const lostAt = new Date();
  redis = await startRedis(redisPort);
  return lostAt;
}

beforeAll(async () => {
  redisPort = await freePort();
  redis = await startRedis(redisPort);
  const redisUrl = `redis://127.0.0.1:${redisPort}`;
  probe = new Redis(redisUrl, { maxRetriesPerRequest: null, retryStrategy: () => 200 });
  queue = new Queue(SYNC_QUEUE, { connection: probe });
  queue.on('error', () => {});

  sb = await startTestSandbox({ orders: ORDERS, products: 30, rateLimit: false });
  const tenant = await makeTenant('RedisLossA');
  integrationA = await attachConnection(tenant.brandA.id, sb.sandbox.connect('sandbox'), A_RESOURCES);
  ownIntegrations.add(integrationA.id);
  workerStartedAt = new Date(Date.now() - 1_000);
  worker = await startNodeService('server/test/support/worker-process.ts', {
    REDIS_URL: redisUrl,
    TRACKSTAR_BASE_URL: sb.url,
    TRACKSTAR_API_KEY: sb.sandbox.apiKey,
    SCHEDULER_RECONCILE_SECONDS: '3600',
  }, /"msg":"worker ready"/);
  worker.process.stdout!.on('data', (c: Buffer) => worker.output.push(c.toString()));
}, 60_000);

// The worker's log says what it reconciled and resumed: shown when a test fails.
beforeEach(({ onTestFailed }) => {
  onTestFailed(() => console.log(`worker log (last lines):\n${worker.output.join('').split('\n').slice(-60).join('\n')}`));
});

afterAll(async () => {
  await worker?.stop();
  await queue?.close().catch(() => {});
  probe?.disconnect();
  await redis?.stop();
  await retireSync();
  await closeSyncQueue();
  await sb?.stop();
  await closeTrackstar();
  await closeChangePublisher();
});

it('brings back every scheduler after Redis restarts empty, and a due sync runs', async () => {
  // The worker's start-up reconcile created the schedulers, which fire at once for a new connection.
  await syncsSettled(integrationA.id, workerStartedAt, 60_000);
  const keys = A_RESOURCES.map((r) => syncKey(integrationA.id, r)).sort();
  expect(await schedulerKeys()).toEqual(keys);

  // INVENTORY's last run is made an hour old, so it is due; the others ran a moment ago.
  const hourAgo = new Date(Date.now() - 3600_000);
  await db.syncState.update({ where: { integrationId_resource: { integrationId: integrationA.id, resource: 'INVENTORY' } }, data: { lastStartedAt: hourAgo } });

  const lostAt = await loseRedis();

  await expect.poll(schedulerKeys, { timeout: 30_000, interval: 250 }).toEqual(keys);
  const restored = new Map((await schedulers()).map((s) => [s.key, s]));
  for (const resource of A_RESOURCES) {
    expect(restored.get(syncKey(integrationA.id, resource))?.every).toBe(RESOURCE_INFO[resource].everySeconds * 1000);
  }
  // The due sync runs now...
  await expect
    .poll(async () => {
      const s = await stateOf(integrationA.id, 'INVENTORY');
      return s.status === 'SUCCEEDED' && s.lastSucceededAt !== null && s.lastSucceededAt > lostAt;
    }, { timeout: 30_000, interval: 250 })
    .toBe(true);
  // ...the others first fire one interval after their last run, not all at once.
  for (const resource of ['WAREHOUSES', 'PRODUCTS'] as const) {
    const state = await stateOf(integrationA.id, resource);
    expect(restored.get(syncKey(integrationA.id, resource))?.next).toBe(state.lastStartedAt!.getTime() + RESOURCE_INFO[resource].everySeconds * 1000);
  }
}, 120_000);

it('resumes a backfill whose job Redis lost, from its committed page', async () => {
  const tenant = await makeTenant('RedisLossB');
  const ex = sb.sandbox.connect('sandbox');
  const integration = await attachConnection(tenant.brandA.id, ex, ['ORDERS'], { backfillDays: 120 });
  ownIntegrations.add(integration.id);
  expect((await sb.admin('POST', '/sandbox/faults', { connection_id: ex.connection_id, latency_ms: PAGE_LATENCY_MS })).status).toBe(200);
  const state = () => stateOf(integration.id, 'ORDERS');

  await addSyncJob(queue, { integrationId: integration.id, resource: 'ORDERS', reason: 'backfill' });
  await waitFor('two committed pages', async () => {
    const s = await state();
    return s.runStartedAt !== null && s.pagesFetched >= 2;
  }, 60_000);
  await loseRedis();
  const atLoss = await state();
  expect(atLoss.runStartedAt).not.toBeNull();
  expect(atLoss.pagesFetched).toBeLessThan(ORDERS / 1000);

  const done = await waitFor('the backfill to finish', async () => {
    const s = await state();
    return s.status === 'SUCCEEDED' && s.runStartedAt === null ? s : null;
  }, 120_000);
  expect(done).toMatchObject({ pagesFetched: ORDERS / 1000, recordsSynced: ORDERS, recordsSkipped: 0 });
  expect(done.runStartedAt).toBeNull();
  const brandId = tenant.brandA.id;
  expect(await db.order.count({ where: { brandId } })).toBe(ORDERS);
  // Each order inserted exactly once: one ORDER change per order.
  expect(await db.changeLog.count({ where: { brandId, kind: 'ORDER' } })).toBe(ORDERS);

  // Resumed, not restarted: the pages committed before the loss were served once. Pages after them
  // may be served twice: the old runner keeps fetching until its next lock renewal finds the lock
  // gone (how many pages that is depends on the machine's speed), and the resumed runner fetches
  // them too; the page compare-and-set lets only one commit each (one ORDER change per order above).
  const served = pagesServed(sb.requests, '/wms/orders');
  const sequence = [...served.keys()];
  expect(sequence).toHaveLength(ORDERS / 1000);
  for (const page of sequence.slice(0, atLoss.pagesFetched)) expect(served.get(page)).toBe(1);

  // The new Redis has this integration's scheduler too, next to the first one's.
  expect(await schedulerKeys()).toContain(syncKey(integration.id, 'ORDERS'));
}, 180_000);
