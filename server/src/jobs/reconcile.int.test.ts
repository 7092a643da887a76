// The sync reconcile against the test Redis DB, with no worker consuming: which schedulers it
// creates, fixes and removes, and which runs it re-enqueues, decided from the database alone.
import { randomUUID } from 'node:crypto';
import { Queue } from 'bullmq';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTenant } from '../../test/fixtures.js';
import { db } from '../db.js';
import type { SyncResource, SyncStatus } from '../generated/prisma/enums.js';
import { createRedis } from '../redis.js';
import { attachConnection, retireSync } from '../../test/support/sync-harness.js';
import { acquireLock } from './lock.js';
import { SYNC_QUEUE, addSyncJob, closeSyncQueue, syncKey, type SyncQueue } from './queues.js';
import { RECONCILED_MARKER, RECONCILE_LOCK, reconcileSyncState } from './reconcile.js';
import { startSyncReconciler } from './reconciler.js';
import { putSyncScheduler } from './schedulers.js';

const redis = createRedis('worker');
let queue: SyncQueue;

const fakeExchange = () => ({ access_token: `tok_${randomUUID()}`, connection_id: randomUUID(), integration_name: 'sandbox', available_actions: [] as string[] });

async function connected(label: string, resources: SyncResource[], config: Record<string, unknown> = {}) {
  const tenant = await makeTenant(label);
  return attachConnection(tenant.brandA.id, fakeExchange(), resources, config);
}

function setState(integrationId: string, resource: SyncResource, data: { status: SyncStatus; runStartedAt?: Date | null; lastStartedAt?: Date | null; pagesFetched?: number; pageToken?: string }) {
  return db.syncState.update({ where: { integrationId_resource: { integrationId, resource } }, data });
}

async function schedulersOf(integrationIds: string[]) {
  const all = await queue.getJobSchedulers(0, -1);
  return new Map(all.filter((s) => integrationIds.some((id) => s.key.startsWith(`sync-${id}-`))).map((s) => [s.key, s]));
}

async function queuedJob(integrationId: string, resource: SyncResource) {
  const jobId = await queue.getDeduplicationJobId(syncKey(integrationId, resource));
  return jobId ? queue.getJob(jobId) : null;
}

beforeAll(() => {
  queue = new Queue(SYNC_QUEUE, { connection: redis });
  queue.on('error', () => {});
});

afterAll(async () => {
  await retireSync();
  await closeSyncQueue();
  await queue.close();
  redis.disconnect();
});

describe('reconcileSyncState', () => {
  it('makes the schedulers match the database: missing added, wrong interval fixed, paused and disconnected removed', async () => {
    const active = await connected('ReconcileActive', ['WAREHOUSES', 'PRODUCTS', 'INVENTORY'], { schedules: { WAREHOUSES: 3600 } });
    const lastRun = new Date(Date.now() - 60_000);
    await setState(active.id, 'WAREHOUSES', { status: 'SUCCEEDED', lastStartedAt: lastRun });
    await setState(active.id, 'PRODUCTS', { status: 'PAUSED' });
    const gone = await connected('ReconcileGone', ['WAREHOUSES']);
    await db.brandIntegration.update({ where: { id: gone.id }, data: { status: 'DISCONNECTED' } });

    await putSyncScheduler(queue, active.id, 'WAREHOUSES', 120_000); // the interval before a config change
    await putSyncScheduler(queue, active.id, 'PRODUCTS', 900_000);
    await putSyncScheduler(queue, gone.id, 'WAREHOUSES', 43_200_000);

    const report = await reconcileSyncState(queue, redis);
    expect(report).not.toBeNull();
    expect(report!.schedulersRemoved).toBeGreaterThanOrEqual(2);

    const after = await schedulersOf([active.id, gone.id]);
    expect([...after.keys()].sort()).toEqual([syncKey(active.id, 'INVENTORY'), syncKey(active.id, 'WAREHOUSES')].sort());
    const warehouses = after.get(syncKey(active.id, 'WAREHOUSES'))!;
    expect(warehouses.every).toBe(3_600_000);
    // Re-timed from the last run rather than fired at once.
    expect(warehouses.next).toBe(lastRun.getTime() + 3_600_000);
    expect(after.get(syncKey(active.id, 'INVENTORY'))!.every).toBe(300_000);

    // Idempotent: a second pass finds nothing to do.
    expect(await reconcileSyncState(queue, redis)).toMatchObject({ schedulersCreated: 0, schedulersUpdated: 0, schedulersRemoved: 0, runsResumed: 0 });
  });

  it('re-enqueues the runs nobody runs or has queued, once, and leaves the others alone', async () => {
    const integration = await connected('ReconcileRuns', ['ORDERS', 'PRODUCTS', 'INVENTORY', 'WAREHOUSES', 'RETURNS', 'SHIPPING_METHODS']);
    const runStartedAt = new Date(Date.now() - 600_000);
    const id = integration.id;
    await setState(id, 'ORDERS', { status: 'RUNNING', runStartedAt, pagesFetched: 3, pageToken: 'page-4' }); // its job vanished
    await setState(id, 'PRODUCTS', { status: 'RUNNING', runStartedAt }); // a worker holds its run lock
    await setState(id, 'INVENTORY', { status: 'QUEUED' }); // its job is waiting
    await setState(id, 'WAREHOUSES', { status: 'QUEUED' }); // its job vanished
    await setState(id, 'RETURNS', { status: 'FAILED', runStartedAt }); // retry state lives in Redis
    await setState(id, 'SHIPPING_METHODS', { status: 'SUCCEEDED' });
    const runLock = await acquireLock(redis, syncKey(id, 'PRODUCTS'), 60_000);
    expect(runLock).not.toBeNull();
    await addSyncJob(queue, { integrationId: id, resource: 'INVENTORY', reason: 'manual' });
    const inventoryJob = await queuedJob(id, 'INVENTORY');

    try {
      // Redis kept its data (the marker is there): a failed run is left to its retries and schedule.
      await redis.set(RECONCILED_MARKER, new Date().toISOString());
      const first = await reconcileSyncState(queue, redis);
      expect(first).toMatchObject({ thorough: false, redisDataLost: false });
      expect((await queuedJob(id, 'ORDERS'))?.data).toEqual({ integrationId: id, resource: 'ORDERS', reason: 'resume' });
      expect((await queuedJob(id, 'WAREHOUSES'))?.data).toEqual({ integrationId: id, resource: 'WAREHOUSES', reason: 'resume' });
      expect((await queuedJob(id, 'INVENTORY'))?.id).toBe(inventoryJob!.id);
      expect(await queuedJob(id, 'PRODUCTS')).toBeNull();
      expect(await queuedJob(id, 'RETURNS')).toBeNull();
      expect(await queuedJob(id, 'SHIPPING_METHODS')).toBeNull();

      // Again: nothing is added twice.
      await reconcileSyncState(queue, redis);
      const waiting = (await queue.getJobs(['waiting', 'delayed', 'prioritized'])).filter((j) => j.data.integrationId === id && j.data.reason !== 'schedule');
      expect(waiting.map((j) => j.data.resource).sort()).toEqual(['INVENTORY', 'ORDERS', 'WAREHOUSES']);

      // The marker is gone, so Redis lost its data: the failed run's retry went with it.
      await redis.del(RECONCILED_MARKER);
      const afterLoss = await reconcileSyncState(queue, redis);
      expect(afterLoss).toMatchObject({ thorough: true, redisDataLost: true });
      expect((await queuedJob(id, 'RETURNS'))?.data).toEqual({ integrationId: id, resource: 'RETURNS', reason: 'resume' });
      expect(await queuedJob(id, 'PRODUCTS')).toBeNull();
    } finally {
      await runLock?.release();
    }
  });

  it('steps aside while another process is reconciling', async () => {
    const other = await acquireLock(redis, RECONCILE_LOCK, 60_000);
    expect(other).not.toBeNull();
    try {
      expect(await reconcileSyncState(queue, redis)).toBeNull();
    } finally {
      await other!.release();
    }
    expect(await reconcileSyncState(queue, redis)).not.toBeNull();
  });
});

describe('startSyncReconciler', () => {
  it('restores a scheduler that disappeared from Redis on its next periodic run', async () => {
    const integration = await connected('ReconcileTick', ['INVENTORY']);
    const key = syncKey(integration.id, 'INVENTORY');
    const reconciler = await startSyncReconciler({ everyMs: 200 });
    try {
      expect(await queue.getJobScheduler(key)).toBeTruthy(); // the start-up run
      await queue.removeJobScheduler(key);
      await expect.poll(async () => (await queue.getJobScheduler(key))?.every, { timeout: 15_000, interval: 100 }).toBe(300_000);
    } finally {
      await reconciler.stop();
    }
  });
});
