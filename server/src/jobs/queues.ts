// The sync queue (STYLE.md R5): one typed job kind, payload = ids only (never tokens). Manual,
// backfill and resume jobs share a deduplication id per (integration, resource), so repeated
// clicks while a sync is queued add nothing and clicks while it runs add one follow-up run; scheduler ticks are guarded by the run lock.
import { randomUUID } from 'node:crypto';
import { Queue, type JobsOptions } from 'bullmq';
import type { Redis } from 'ioredis';
import type { SyncResource } from '../generated/prisma/enums.js';
import type { RunOutcome } from '../sync/runner.js';
import { createRedis } from '../redis.js';

export const SYNC_QUEUE = 'sync';
export const SYNC_JOB = 'sync-resource';

export type SyncReason = 'backfill' | 'schedule' | 'manual' | 'resume';
export type SyncJobData = { integrationId: string; resource: SyncResource; reason: SyncReason };
export type SyncJobResult = RunOutcome | { status: 'busy' };
export type Jobs = { sync: { name: typeof SYNC_JOB; data: SyncJobData; result: SyncJobResult } };

export type SyncQueue = Queue<SyncJobData, SyncJobResult, typeof SYNC_JOB>;

/** Same key for the dedup id, the scheduler id and the run lock. BullMQ ids must avoid ':'. */
export const syncKey = (integrationId: string, resource: SyncResource) => `sync-${integrationId}-${resource}`;

/** Transient failures retry with backoff; a run resumes where the failed attempt stopped. */
export const SYNC_JOB_OPTIONS: JobsOptions = {
  attempts: 4,
  backoff: { type: 'exponential', delay: 5_000 },
  removeOnComplete: { age: 24 * 3600, count: 1000 },
  removeOnFail: { age: 7 * 24 * 3600 },
};

let producer: { queue: SyncQueue; connection: Redis } | null = null;

export function syncQueue(): SyncQueue {
  if (!producer) {
    // Fail fast on the request path: a mutation answers an error instead of hanging while Redis is down.
    const connection = createRedis('producer', { enableOfflineQueue: false, connectTimeout: 2_000 });
    const queue: SyncQueue = new Queue(SYNC_QUEUE, { connection });
    queue.on('error', () => {
      // Surfaces as rejected add()/upsert calls, which callers report.
    });
    producer = { queue, connection };
  }
  return producer.queue;
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
  if (!producer) return;
  const { queue, connection } = producer;
  producer = null;
  await queue.close().catch(() => {});
  connection.disconnect();
}
