// Producing to the attention queue (declared in queues.ts): one debounced refresh per brand. The
// deduplication id is the brand, and the job waits REFRESH_DELAY_MS, so a burst of changes (a sync
// page after another, a storm of webhooks) costs one evaluation; a change landing while the
// brand's refresh runs keeps one follow-up (keepLastIfActive), since that run may have read
// before it.
import { randomUUID } from 'node:crypto';
import { ATTENTION_JOB, ATTENTION_QUEUE, producerQueue, type JobQueue } from './queues.js';

export const REFRESH_DELAY_MS = 2_000;

export const attentionKey = (brandId: string) => `attention-${brandId}`;

export function attentionQueue(): JobQueue<typeof ATTENTION_QUEUE> {
  return producerQueue(ATTENTION_QUEUE);
}

const jobFor = (brandId: string) => ({
  name: ATTENTION_JOB as typeof ATTENTION_JOB,
  data: { brandId },
  opts: {
    // Random id, like sync jobs: BullMQ's counter restarts when Redis loses its data.
    jobId: `${attentionKey(brandId)}-${randomUUID()}`,
    delay: REFRESH_DELAY_MS,
    deduplication: { id: attentionKey(brandId), keepLastIfActive: true },
    attempts: 3,
    backoff: { type: 'exponential' as const, delay: 2_000 },
    removeOnComplete: { age: 3_600, count: 1_000 },
    removeOnFail: { age: 24 * 3_600 },
  },
});

/** Asks for a refresh of each brand (a brand already waiting for one is not queued twice). */
export async function enqueueAttentionRefresh(brandIds: string[], queue: JobQueue<typeof ATTENTION_QUEUE> = attentionQueue()): Promise<void> {
  // One add() each: deduplication is decided per add, and these are few (a brand per change burst,
  // every brand once a minute).
  await Promise.all(brandIds.map((brandId) => {
    const job = jobFor(brandId);
    return queue.add(job.name, job.data, job.opts);
  }));
}
