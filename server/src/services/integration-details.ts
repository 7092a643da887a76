// A brand's Trackstar integration as plain data for callers outside GraphQL (the REST routes):
// the connection with its sync state per resource, and the health report with completed-job
// counts added. The access token is never selected.
import type { Queue } from 'bullmq';
import { db } from '../db.js';
import { syncQueue } from '../jobs/queues.js';
import type { JobCounts } from '../jobs/queue-counts.js';
import { webhookQueue } from '../jobs/webhook-queue.js';
import { ServiceError } from './errors.js';
import { loadBrandHealth, type BrandHealth } from './health-report.js';
import { storedCounts } from './sync-status.js';

const INTEGRATION_FIELDS = {
  id: true, brandId: true, provider: true, status: true, connectionId: true, integrationName: true, availableActions: true,
  lastError: true, lastSyncedAt: true, lastWebhookAt: true, connectedAt: true, disconnectedAt: true,
} as const;

/** The integration of a brand with its sync states (by resource) and rows stored per resource. */
export async function describeIntegration(brandId: string) {
  const integration = await db.brandIntegration.findUnique({
    where: { brandId },
    select: { ...INTEGRATION_FIELDS, syncStates: { orderBy: { resource: 'asc' } } },
  });
  if (!integration) throw new ServiceError('NOT_FOUND', 'This brand has never been connected to Trackstar');
  const counts = await storedCounts(brandId);
  return { ...integration, syncStates: integration.syncStates.map((s) => ({ ...s, recordsStored: counts[s.resource] ?? 0 })) };
}

export type IntegrationDetails = Awaited<ReturnType<typeof describeIntegration>>;

export type QueueCountsWithCompleted = JobCounts & { completed: number };
export type IntegrationHealth = Omit<BrandHealth, 'queues'> & {
  queues: { sync: QueueCountsWithCompleted; webhooks: QueueCountsWithCompleted; capped: boolean } | null;
};

// As in jobs/queue-counts.ts: a bounded scan, and no answer rather than a slow one.
const SCAN_LIMIT = 1_000;
const TIMEOUT_MS = 1_500;

async function completedFor(queue: Queue, integrationId: string): Promise<{ completed: number; capped: boolean }> {
  const jobs = await queue.getJobs(['completed'], 0, SCAN_LIMIT - 1);
  const completed = jobs.filter((j) => (j?.data as { integrationId?: string } | undefined)?.integrationId === integrationId).length;
  return { completed, capped: jobs.length >= SCAN_LIMIT };
}

/** Completed jobs of the integration per queue (kept for a while after they finish); null when Redis is slow or down. */
async function completedCounts(integrationId: string) {
  const work = Promise.all([completedFor(syncQueue() as unknown as Queue, integrationId), completedFor(webhookQueue() as unknown as Queue, integrationId)]);
  const timeout = new Promise<null>((resolve) => setTimeout(() => resolve(null), TIMEOUT_MS).unref());
  try {
    const result = await Promise.race([work, timeout]);
    return result ? { sync: result[0], webhooks: result[1] } : null;
  } catch {
    return null;
  }
}

/** loadBrandHealth (services/health-report.ts) with each queue's completed jobs counted too. */
export async function loadIntegrationHealth(brandId: string): Promise<IntegrationHealth> {
  const health = await loadBrandHealth(brandId);
  const completed = health.integration && health.queues ? await completedCounts(health.integration.id) : null;
  const queues = health.queues && completed
    ? {
        sync: { ...health.queues.sync, completed: completed.sync.completed },
        webhooks: { ...health.queues.webhooks, completed: completed.webhooks.completed },
        capped: health.queues.capped || completed.sync.capped || completed.webhooks.capped,
      }
    : null;
  return { ...health, queues };
}
