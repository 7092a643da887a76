// Incremental syncs as BullMQ job schedulers (v6: upsertJobScheduler; repeatable jobs are gone),
// one per (integration, resource), at the resource's interval or the integration's override.
import { db } from '../db.js';
import type { SyncResource } from '../generated/prisma/enums.js';
import { logger } from '../lib/logger.js';
import { parseIntegrationConfig } from '../sync/config.js';
import { SYNC_RESOURCES } from '../sync/resources.js';
import { SYNC_JOB, SYNC_JOB_OPTIONS, enqueueSync, syncKey, syncQueue } from './queues.js';

/** Creates or updates the schedulers; an unchanged one is left alone (upserting fires it at once). */
export async function upsertSyncSchedulers(integrationId: string, resources: SyncResource[], rawConfig: unknown): Promise<void> {
  const queue = syncQueue();
  const config = parseIntegrationConfig(rawConfig);
  for (const resource of resources) {
    const id = syncKey(integrationId, resource);
    const every = config.everySeconds(resource) * 1000;
    const existing = await queue.getJobScheduler(id);
    if (existing && Number(existing.every) === every) continue;
    // BullMQ 6 types the scheduler id as the job-name type; it is any string at run time.
    await queue.upsertJobScheduler(id as typeof SYNC_JOB, { every }, {
      name: SYNC_JOB,
      data: { integrationId, resource, reason: 'schedule' },
      opts: SYNC_JOB_OPTIONS,
    });
  }
}

export async function removeSyncScheduler(integrationId: string, resource: SyncResource): Promise<void> {
  await syncQueue().removeJobScheduler(syncKey(integrationId, resource));
}

export async function removeSyncSchedulers(integrationId: string): Promise<void> {
  for (const resource of SYNC_RESOURCES) await removeSyncScheduler(integrationId, resource);
}

/**
 * At worker start: schedulers for every ACTIVE integration (except resources paused as
 * unsupported), and a resume job for every run a stopped or killed worker left in progress.
 */
export async function restoreSchedulers(): Promise<{ integrations: number; resumed: number }> {
  const integrations = await db.brandIntegration.findMany({
    where: { status: 'ACTIVE', accessToken: { not: null } },
    select: { id: true, config: true, syncStates: { select: { resource: true, status: true, runStartedAt: true } } },
  });
  let resumed = 0;
  for (const integration of integrations) {
    const active = integration.syncStates.filter((s) => s.status !== 'PAUSED');
    await upsertSyncSchedulers(integration.id, active.map((s) => s.resource), integration.config);
    for (const state of active.filter((s) => s.runStartedAt !== null)) {
      await enqueueSync({ integrationId: integration.id, resource: state.resource, reason: 'resume' });
      resumed++;
    }
  }
  logger.info('sync schedulers restored', { integrations: integrations.length, resumed });
  return { integrations: integrations.length, resumed };
}
