// Per-integration job counts for the health query. BullMQ counts whole queues only, so jobs are
// listed per state and filtered by integration; the scan is capped so a huge backlog cannot make a
// health check expensive (`capped` says the numbers are lower bounds).
import type { Queue } from 'bullmq';
import { syncQueue } from './queues.js';
import { webhookQueue } from './webhook-queue.js';

export const COUNTED_STATES = ['waiting', 'active', 'delayed', 'failed'] as const;
/** `completed` (jobs finished and still kept by the queue) only when asked for: it is one more scan. */
export type JobCounts = Record<(typeof COUNTED_STATES)[number], number> & { completed?: number };
export type CountOptions = { completed?: boolean };
export type IntegrationQueueCounts = { sync: JobCounts; webhooks: JobCounts; capped: boolean };

const SCAN_LIMIT = 1_000;
const TIMEOUT_MS = 1_500;

async function countFor(queue: Queue, integrationId: string, options: CountOptions): Promise<{ counts: JobCounts; capped: boolean }> {
  const counts: JobCounts = { waiting: 0, active: 0, delayed: 0, failed: 0 };
  let capped = false;
  for (const state of options.completed ? [...COUNTED_STATES, 'completed' as const] : COUNTED_STATES) {
    const jobs = await queue.getJobs([state], 0, SCAN_LIMIT - 1);
    if (jobs.length >= SCAN_LIMIT) capped = true;
    counts[state] = jobs.filter((j) => (j?.data as { integrationId?: string } | undefined)?.integrationId === integrationId).length;
  }
  return { counts, capped };
}

/** null when Redis cannot answer in time (the rest of the health report still renders). */
export async function integrationQueueCounts(integrationId: string, options: CountOptions = {}): Promise<IntegrationQueueCounts | null> {
  const work = Promise.all([countFor(syncQueue() as unknown as Queue, integrationId, options), countFor(webhookQueue() as unknown as Queue, integrationId, options)]);
  const timeout = new Promise<null>((resolve) => setTimeout(() => resolve(null), TIMEOUT_MS).unref());
  try {
    const result = await Promise.race([work, timeout]);
    if (!result) return null;
    const [sync, webhooks] = result;
    return { sync: sync.counts, webhooks: webhooks.counts, capped: sync.capped || webhooks.capped };
  } catch {
    return null;
  }
}
