// Incremental syncs as BullMQ job schedulers (v6: upsertJobScheduler; repeatable jobs are gone),
// one per (integration, resource), at the resource's interval or the integration's override.
// Schedulers live only in Redis: reconcile.ts rebuilds them from the database when Redis loses them.
import type { SyncResource } from '../generated/prisma/enums.js';
import { parseIntegrationConfig } from '../sync/config.js';
import { SYNC_RESOURCES } from '../sync/resources.js';
import { SYNC_JOB, SYNC_JOB_OPTIONS, syncKey, syncQueue, type SyncQueue } from './queues.js';

/** The interval a resource's scheduler should have, from the integration's stored config. */
export function scheduleEveryMs(rawConfig: unknown, resource: SyncResource): number {
  return parseIntegrationConfig(rawConfig).everySeconds(resource) * 1000;
}

/**
 * Creates or replaces one scheduler. A new scheduler fires at once unless `lastStartedAt` says
 * when the previous run began: then it first fires one interval after that, so rebuilding every
 * scheduler after a Redis loss runs only the syncs that are due instead of all of them at once.
 */
export async function putSyncScheduler(
  queue: SyncQueue,
  integrationId: string,
  resource: SyncResource,
  everyMs: number,
  lastStartedAt: Date | null = null,
): Promise<void> {
  const repeat = lastStartedAt ? { every: everyMs, startDate: lastStartedAt.getTime() + everyMs } : { every: everyMs };
  // BullMQ 6 types the scheduler id as the job-name type; it is any string at run time.
  await queue.upsertJobScheduler(syncKey(integrationId, resource) as typeof SYNC_JOB, repeat, {
    name: SYNC_JOB,
    data: { integrationId, resource, reason: 'schedule' },
    opts: SYNC_JOB_OPTIONS,
  });
}

/**
 * Creates or updates the schedulers; an unchanged one is left alone (upserting fires it at once).
 * `runStartingNow`: the caller queues a run of each resource itself (a connect's backfill), so a
 * new scheduler first fires one interval from now instead of at once, beside that run.
 */
export async function upsertSyncSchedulers(integrationId: string, resources: SyncResource[], rawConfig: unknown, runStartingNow = false): Promise<void> {
  const queue = syncQueue();
  for (const resource of resources) {
    const every = scheduleEveryMs(rawConfig, resource);
    const existing = await queue.getJobScheduler(syncKey(integrationId, resource));
    if (existing && Number(existing.every) === every) continue;
    await putSyncScheduler(queue, integrationId, resource, every, runStartingNow ? new Date() : null);
  }
}

export async function removeSyncScheduler(integrationId: string, resource: SyncResource): Promise<void> {
  await syncQueue().removeJobScheduler(syncKey(integrationId, resource));
}

export async function removeSyncSchedulers(integrationId: string): Promise<void> {
  for (const resource of SYNC_RESOURCES) await removeSyncScheduler(integrationId, resource);
}
