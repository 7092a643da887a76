// Two workers against one connection at once: together they stay under Trackstar's 10 GET/s for
// the token (the Redis token bucket is shared), and no (integration, resource) runs twice at once.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { makeTenant } from '../../test/fixtures.js';
import { db } from '../db.js';
import { SYNC_JOB, SYNC_JOB_OPTIONS, closeSyncQueue, syncQueue } from '../jobs/queues.js';
import { startSyncWorker } from '../jobs/sync.worker.js';
import { closeChangePublisher } from '../changes/change-log.js';
import { closeTrackstar } from '../trackstar/client.js';
import { SYNC_RESOURCES } from './resources.js';
import { compareWithTruth, fetchTruth } from '../../test/support/sync-compare.js';
import { attachConnection, peakPerSecond, startTestSandbox, syncsSettled, retireSync } from '../../test/support/sync-harness.js';

let sb: Awaited<ReturnType<typeof startTestSandbox>>;
let workers: ReturnType<typeof startSyncWorker>[] = [];

beforeAll(async () => {
  // Trackstar's real limit (10 GET/s per token) is on.
  sb = await startTestSandbox({ orders: 5000, products: 200 });
});

afterAll(async () => {
  await Promise.all(workers.map((w) => w.close()));
  await retireSync();
  await closeSyncQueue();
  await sb?.stop();
  await closeTrackstar();
  await closeChangePublisher();
});

it('two workers share the rate limit and never run one sync twice at the same time', async () => {
  const tenant = await makeTenant('Two');
  const ex = sb.sandbox.connect('sandbox');
  const integration = await attachConnection(tenant.brandA.id, ex, [...SYNC_RESOURCES], { backfillDays: 120 });
  workers = [startSyncWorker({ concurrency: 4, busyRetryMs: 200 }), startSyncWorker({ concurrency: 4, busyRetryMs: 200 })];
  const ran = workers.map(() => 0);
  workers.forEach((w, i) => w.worker.on('active', () => ran[i]++));

  const since = new Date();
  // Two jobs per resource with different ids (as a scheduler tick and a click would be), so both
  // workers get one of each: only the run lock keeps them apart.
  for (const resource of SYNC_RESOURCES) {
    for (const copy of [1, 2]) {
      await syncQueue().add(SYNC_JOB, { integrationId: integration.id, resource, reason: 'manual' }, { ...SYNC_JOB_OPTIONS, jobId: `two-${resource}-${copy}` });
    }
  }
  await syncsSettled(integration.id, since, 120_000);
  // Both workers took jobs.
  expect(ran.every((n) => n > 0)).toBe(true);

  const reads = sb.requests.filter((r) => r.method === 'GET' && r.path.startsWith('/wms/') && r.at >= since.getTime());
  // The sandbox enforces Trackstar's 10 GET/s per token: no 429 means the two workers shared it.
  expect(reads.filter((r) => r.status === 429)).toEqual([]);
  // And they stayed at that rate over time. Measured where the requests arrive, so over 3 s: on a
  // loaded machine a request the limiter released on time can arrive late, next to the following
  // second's, which a 1 s window counts as 11 or 12; two workers not sharing would make ~54.
  expect(peakPerSecond(reads, 3000)).toBeLessThanOrEqual(30);

  // No page was fetched by two runners: every request (filters + page token) was served once.
  // (The warehouse list is read by both the warehouses run and the locations run. Inventory runs
  // are complete listings of a snapshot, so the second job's run, after the first one ended,
  // rightly reads the same pages again: for inventory the run history must show no overlap.)
  const pages = reads.filter((r) => r.status === 200 && r.path !== '/wms/warehouses' && r.path !== '/wms/inventory').map((r) => `${r.path}?${r.query.toString()}`);
  expect(pages.filter((p, i) => pages.indexOf(p) !== i)).toEqual([]);
  for (const resource of SYNC_RESOURCES) {
    const runs = await db.syncRun.findMany({ where: { integrationId: integration.id, resource, pages: { gt: 0 } }, orderBy: { startedAt: 'asc' } });
    for (let i = 1; i < runs.length; i++) {
      expect(runs[i].startedAt.getTime(), `${resource} runs overlap`).toBeGreaterThanOrEqual(runs[i - 1].finishedAt.getTime());
    }
  }
  expect(await db.syncRun.count({ where: { integrationId: integration.id, resource: 'INVENTORY', pages: { gt: 0 } } })).toBeGreaterThan(0);

  const truth = await fetchTruth(sb.url, sb.sandbox.apiKey, ex.connection_id);
  expect(await compareWithTruth(tenant.brandA.id, truth)).toEqual([]);
  // Never double-written: each order inserted once, and later runs found nothing newer to write.
  expect(await db.changeLog.count({ where: { brandId: tenant.brandA.id, kind: 'ORDER' } })).toBe(truth.orders.length);
}, 180_000);
