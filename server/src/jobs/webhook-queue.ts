// The webhook queue: one BullMQ queue, one job kind, payload = ids only (never the event body
// or secrets). The job id is the svix delivery id, so a duplicate enqueue is a no-op in Redis.
import { createHash } from 'node:crypto';
import { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import { createRedis } from '../redis.js';

export const WEBHOOK_QUEUE = 'webhooks';
export const WEBHOOK_JOB = 'process-trackstar-event';
export type WebhookJobData = { eventId: string; integrationId: string | null };

/** Bounded retries with exponential backoff; after the last one the event is marked FAILED. */
export const WEBHOOK_ATTEMPTS = 5;
const ENQUEUE_TIMEOUT_MS = 1_000;

let producer: { queue: Queue<WebhookJobData>; connection: Redis } | null = null;

function queue(): Queue<WebhookJobData> {
  if (!producer) {
    // Fail fast: with Redis down the receiver must still acknowledge (the sweeper enqueues later).
    const connection = createRedis('producer', { enableOfflineQueue: false, maxRetriesPerRequest: 0, connectTimeout: 1_000 });
    const q = new Queue<WebhookJobData>(WEBHOOK_QUEUE, { connection });
    q.on('error', () => {
      // Redis outages surface as rejected add() calls; the stored event is swept later.
    });
    producer = { queue: q, connection };
  }
  return producer.queue;
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
  await queue().add(WEBHOOK_JOB, data, jobOptions(jobId));
}

export type WebhookJob = { data: WebhookJobData; jobId: string };

/**
 * Below this many jobs, separate add() calls cost less CPU than one addBulk: every addBulk builds
 * an ioredis MULTI pipeline, which binds all of BullMQ's scripts to it first (measured: ~0.3 ms
 * per add() against ~0.7 ms per addBulk of one job). Each add is idempotent by job id, so losing
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
  await queue().addBulk(jobs.map((j) => ({ name: WEBHOOK_JOB, data: j.data, opts: jobOptions(j.jobId) })));
}

/** Tries to enqueue; false when Redis is unavailable (the event stays PENDING for the sweeper). */
export async function tryEnqueueWebhookEvent(data: WebhookJobData, jobId: string): Promise<boolean> {
  return tryEnqueueWebhookEvents([{ data, jobId }]);
}

/** tryEnqueueWebhookEvent for a group of events: all queued (true) or left to the sweeper (false). */
export async function tryEnqueueWebhookEvents(jobs: WebhookJob[]): Promise<boolean> {
  queue();
  // Known to be down (between reconnect attempts): do not make the sender wait for the timeout.
  if (producer && ['reconnecting', 'close', 'end'].includes(producer.connection.status)) return false;
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

export function webhookQueue(): Queue<WebhookJobData> {
  return queue();
}

export async function closeWebhookQueue(): Promise<void> {
  if (!producer) return;
  const { queue: q, connection } = producer;
  producer = null;
  await q.close().catch(() => {});
  connection.disconnect();
}
