// Every BullMQ queue, declared once (STYLE.md R5): its name, its one job kind and payload type in
// the Jobs map, so producers and workers cannot disagree. Payloads carry ids only (never tokens,
// event bodies or secrets). Producers share one lazily opened, fail-fast connection.
//
// The sync queue: manual, backfill and resume jobs share a deduplication id per (integration,
// resource), so repeated clicks while a sync is queued add nothing and clicks while it runs add
// one follow-up run; scheduler ticks are guarded by the run lock.
import { randomUUID } from 'node:crypto';
import { Queue, type Job, type JobsOptions } from 'bullmq';
import type { Redis } from 'ioredis';
import type { SyncResource } from '../generated/prisma/enums.js';
import type { RunOutcome } from '../sync/runner.js';
import type { ProcessOutcome } from '../webhooks/outcome.js';
import { createRedis } from '../redis.js';

export const SYNC_QUEUE = 'sync';
export const SYNC_JOB = 'sync-resource';
export const WEBHOOK_QUEUE = 'webhooks';
export const WEBHOOK_JOB = 'process-trackstar-event';
/** Re-evaluates one brand's attention items (jobs/attention-queue.ts). */
export const ATTENTION_QUEUE = 'attention';
export const ATTENTION_JOB = 'refresh-brand-attention';

/** reconcile: a complete listing asked for (sync/full-listing.ts); the job itself runs like any other. */
export type SyncReason = 'backfill' | 'schedule' | 'manual' | 'resume' | 'reconcile';
export type SyncJobData = { integrationId: string; resource: SyncResource; reason: SyncReason };
export type SyncJobResult = RunOutcome | { status: 'busy' };
export type WebhookJobData = { eventId: string; integrationId: string | null };
export type AttentionJobData = { brandId: string };

/** Queue name -> its job name, payload and result. */
export type Jobs = {
  [SYNC_QUEUE]: { name: typeof SYNC_JOB; data: SyncJobData; result: SyncJobResult };
  [WEBHOOK_QUEUE]: { name: typeof WEBHOOK_JOB; data: WebhookJobData; result: ProcessOutcome };
  [ATTENTION_QUEUE]: { name: typeof ATTENTION_JOB; data: AttentionJobData; result: { events: number } };
};
export type QueueName = keyof Jobs;
export type JobQueue<Q extends QueueName> = Queue<Jobs[Q]['data'], Jobs[Q]['result'], Jobs[Q]['name']>;
/** A job as its queue's worker receives it. */
export type QueueJob<Q extends QueueName> = Job<Jobs[Q]['data'], Jobs[Q]['result'], Jobs[Q]['name']>;
export type SyncQueue = JobQueue<typeof SYNC_QUEUE>;
export type WebhookQueue = JobQueue<typeof WEBHOOK_QUEUE>;

/** A typed queue on the given connection, with the error listener every queue needs. */
export function openQueue<Q extends QueueName>(name: Q, connection: Redis): JobQueue<Q> {
  const queue: JobQueue<Q> = new Queue(name, { connection });
  queue.on('error', () => {
    // Surfaces as rejected calls on this queue, which their callers report or fall back from.
  });
  return queue;
}

// ---- producers: one shared connection, one queue per name, both opened on first use ----

let producerConnection: Redis | null = null;
const producers = new Map<QueueName, Queue>();

function sharedProducerConnection(): Redis {
  // Fail fast on the request path: a mutation answers an error instead of hanging while Redis is
  // down, and the webhook receiver still acknowledges (the sweeper enqueues later).
  producerConnection ??= createRedis('producer', { enableOfflineQueue: false, maxRetriesPerRequest: 0, connectTimeout: 1_000 });
  return producerConnection;
}

export function producerQueue<Q extends QueueName>(name: Q): JobQueue<Q> {
  let queue = producers.get(name);
  if (!queue) {
    queue = openQueue(name, sharedProducerConnection()) as unknown as Queue;
    producers.set(name, queue);
  }
  return queue as unknown as JobQueue<Q>;
}

/** The producers' shared fail-fast connection, for small reads on a request path (the health report). */
export function producerRedis(): Redis {
  return sharedProducerConnection();
}

/** Whether the producer connection is known to be down (between reconnect attempts). */
export function producerConnectionDown(): boolean {
  return producerConnection !== null && ['reconnecting', 'close', 'end'].includes(producerConnection.status);
}

/** Closes one producer queue; the shared connection goes with the last one. */
export async function closeProducerQueue(name: QueueName): Promise<void> {
  const queue = producers.get(name);
  if (!queue) return;
  producers.delete(name);
  await queue.close().catch(() => {});
  if (producers.size > 0 || !producerConnection) return;
  const connection = producerConnection;
  producerConnection = null;
  connection.disconnect();
}

export async function closeProducerQueues(): Promise<void> {
  await Promise.all([...producers.keys()].map(closeProducerQueue));
}

// ---- the sync queue ----

/** Same key for the dedup id, the scheduler id and the run lock. BullMQ ids must avoid ':'. */
export const syncKey = (integrationId: string, resource: SyncResource) => `sync-${integrationId}-${resource}`;

/** Transient failures retry with backoff; a run resumes where the failed attempt stopped. */
export const SYNC_JOB_OPTIONS: JobsOptions = {
  attempts: 4,
  backoff: { type: 'exponential', delay: 5_000 },
  removeOnComplete: { age: 24 * 3600, count: 1000 },
  removeOnFail: { age: 7 * 24 * 3600 },
};

export function syncQueue(): SyncQueue {
  return producerQueue(SYNC_QUEUE);
}

export async function enqueueSync(data: SyncJobData): Promise<void> {
  await addSyncJob(syncQueue(), data);
}

/** enqueueSync on a given queue: the reconciler uses its own, which waits out a Redis reconnect. */
export async function addSyncJob(queue: SyncQueue, data: SyncJobData): Promise<void> {
  // keepLastIfActive: a request arriving while this key's job is already running is kept (once)
  // and queued when that run finishes, since changes made during a run are only seen by the next
  // one. Plain deduplication would swallow it, including a click landing between a run's last
  // commit and its job's completion.
  const key = syncKey(data.integrationId, data.resource);
  await queue.add(SYNC_JOB, data, {
    ...SYNC_JOB_OPTIONS,
    // Not BullMQ's default id: that comes from a counter in Redis, which starts again at 1 when Redis
    // loses its data, and a worker still finishing an old job "5" would take a new job "5" for it
    // (BullMQ keys a worker's job-lock bookkeeping by id).
    jobId: `${key}-${randomUUID()}`,
    deduplication: { id: key, keepLastIfActive: true },
  });
}

const PENDING_STATES = new Set(['waiting', 'active', 'delayed', 'prioritized', 'waiting-children']);

/**
 * Whether a manual/backfill/resume job for this key is queued or running. The deduplication key
 * names the job until it finishes, so a missing key means nothing is pending (scheduler ticks carry
 * no deduplication id; the run lock tells whether one of those is running).
 */
export async function hasPendingSyncJob(queue: SyncQueue, integrationId: string, resource: SyncResource): Promise<boolean> {
  const jobId = await queue.getDeduplicationJobId(syncKey(integrationId, resource));
  if (!jobId) return false;
  return PENDING_STATES.has(await queue.getJobState(jobId));
}

export async function closeSyncQueue(): Promise<void> {
  await closeProducerQueue(SYNC_QUEUE);
}
