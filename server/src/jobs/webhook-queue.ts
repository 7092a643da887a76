// Producing to the webhook queue (declared in queues.ts): one job per stored event, payload = ids
// only. The job id is the svix delivery id, so a duplicate enqueue is a no-op in Redis.
import { createHash } from 'node:crypto';
import { closeProducerQueue, producerConnectionDown, producerQueue, WEBHOOK_JOB, WEBHOOK_QUEUE, type WebhookJobData, type WebhookQueue } from './queues.js';

/** Bounded retries with exponential backoff; after the last one the event is marked FAILED. */
export const WEBHOOK_ATTEMPTS = 5;
const ENQUEUE_TIMEOUT_MS = 1_000;

export function webhookQueue(): WebhookQueue {
  return producerQueue(WEBHOOK_QUEUE);
}

/** BullMQ rejects integer-looking ids and most ids containing ':'; hash those instead. */
export function jobIdFor(deliveryId: string, suffix = ''): string {
  const id = `${deliveryId}${suffix}`;
  if (/^[A-Za-z0-9_.-]{1,200}$/.test(id) && !/^\d+$/.test(id)) return id;
  return `h_${createHash('sha256').update(id).digest('hex')}`;
}

const jobOptions = (jobId: string) => ({
  jobId,
  attempts: WEBHOOK_ATTEMPTS,
  backoff: { type: 'exponential' as const, delay: 1_000 },
  // Completed jobs are kept for a while so a re-add with the same id stays a no-op.
  removeOnComplete: { age: 3_600, count: 50_000 },
  removeOnFail: { age: 7 * 24 * 3_600 },
});

export async function enqueueWebhookEvent(data: WebhookJobData, jobId: string): Promise<void> {
  await webhookQueue().add(WEBHOOK_JOB, data, jobOptions(jobId));
}

export type WebhookJob = { data: WebhookJobData; jobId: string };

/**
 * Below this many jobs, separate add() calls cost less CPU than one addBulk: every addBulk builds
 * an ioredis MULTI pipeline, which binds all of BullMQ's scripts to it first, a fixed cost that
 * only pays off once it is shared by a few jobs. Each add is idempotent by job id, so losing
 * addBulk's all-or-nothing MULTI costs nothing: a partly enqueued group is completed by the sweeper.
 */
const BULK_FROM = 4;

/** Enqueues several events: one add() each for small groups, one addBulk (one MULTI) for larger ones. */
export async function enqueueWebhookEvents(jobs: WebhookJob[]): Promise<void> {
  if (jobs.length === 0) return;
  if (jobs.length < BULK_FROM) {
    await Promise.all(jobs.map((j) => enqueueWebhookEvent(j.data, j.jobId)));
    return;
  }
  await webhookQueue().addBulk(jobs.map((j) => ({ name: WEBHOOK_JOB, data: j.data, opts: jobOptions(j.jobId) })));
}

/** Tries to enqueue; false when Redis is unavailable (the event stays PENDING for the sweeper). */
export async function tryEnqueueWebhookEvent(data: WebhookJobData, jobId: string): Promise<boolean> {
  return tryEnqueueWebhookEvents([{ data, jobId }]);
}

/** tryEnqueueWebhookEvent for a group of events: all queued (true) or left to the sweeper (false). */
export async function tryEnqueueWebhookEvents(jobs: WebhookJob[]): Promise<boolean> {
  webhookQueue();
  // Known to be down (between reconnect attempts): do not make the sender wait for the timeout.
  if (producerConnectionDown()) return false;
  let timer: NodeJS.Timeout | undefined;
  // Bounded: a half-open Redis connection must not hold the acknowledgement hostage.
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error('enqueue timed out')), ENQUEUE_TIMEOUT_MS);
  });
  try {
    await Promise.race([enqueueWebhookEvents(jobs), deadline]);
    return true;
  } catch {
    return false;
  } finally {
    clearTimeout(timer);
  }
}

export async function closeWebhookQueue(): Promise<void> {
  await closeProducerQueue(WEBHOOK_QUEUE);
}
