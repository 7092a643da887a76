// The BullMQ worker for sync jobs. Thin (R5): take the run lock, call runSync (measured, through
// metered-sync.ts), react to the outcome (auth failure -> stop the integration's schedulers;
// unsupported -> stop that one).
import { DelayedError, Worker } from 'bullmq';
import { db } from '../db.js';
import type { SyncResource } from '../generated/prisma/enums.js';
import { logger } from '../lib/logger.js';
import { createRedis } from '../redis.js';
import type { RunOutcome } from '../sync/runner.js';
import type { TrackstarClient } from '../trackstar/client.js';
import { acquireLock } from './lock.js';
import { runMeteredSync } from './metered-sync.js';
import { SYNC_QUEUE, syncKey, type QueueJob, type SyncJobResult } from './queues.js';
import { removeSyncScheduler, removeSyncSchedulers } from './schedulers.js';

export type SyncWorkerOptions = {
  /** Jobs in flight per process; they share each connection's rate limit, so this mostly overlaps I/O. */
  concurrency?: number;
  /** BullMQ job lock and the run lock's TTL; a killed worker's job is recovered after about this long. */
  lockDurationMs?: number;
  stalledIntervalMs?: number;
  /** When the run lock is busy, manual/backfill/resume jobs come back after this delay. */
  busyRetryMs?: number;
  /** Tests and benchmarks: a client for their own sandbox. */
  client?: TrackstarClient;
};

/** A run is in progress in the database (started, not finished, not paused). */
async function runIsOpen(integrationId: string, resource: SyncResource): Promise<boolean> {
  const state = await db.syncState.findUnique({ where: { integrationId_resource: { integrationId, resource } }, select: { status: true, runStartedAt: true } });
  return state !== null && state.runStartedAt !== null && state.status !== 'PAUSED';
}

export function startSyncWorker(options: SyncWorkerOptions = {}) {
  const connection = createRedis('worker');
  const lockRedis = createRedis('worker');
  const lockMs = options.lockDurationMs ?? 30_000;
  const log = logger.child({ worker: SYNC_QUEUE });
  let closing = false;

  const worker = new Worker(
    SYNC_QUEUE,
    async (job: QueueJob<typeof SYNC_QUEUE>, token?: string): Promise<SyncJobResult> => {
      const { integrationId, resource, reason } = job.data;
      const lock = await acquireLock(lockRedis, syncKey(integrationId, resource), lockMs);
      if (!lock) {
        // A scheduler tick has nothing to add to a running sync; anything else runs after it.
        if (reason === 'schedule' || !token) return { status: 'busy' };
        await job.moveToDelayed(Date.now() + (options.busyRetryMs ?? 5_000), token);
        throw new DelayedError();
      }
      try {
        const run = () => runMeteredSync({ integrationId, resource, reason, client: options.client, shouldStop: () => closing || lock.lost() });
        // A runner whose run lock vanished with Redis's data still commits the page it was writing,
        // then stops. The lock holder, having fetched that same page, loses the race for it and
        // yields; the run would sit orphaned until the next reconcile. Holding the lock, it resumes.
        const yieldedToStoppedRunner = async (o: RunOutcome) =>
          o.status === 'skipped' && !closing && !lock.lost() && (await runIsOpen(integrationId, resource));
        let outcome = await run();
        for (let retry = 0; retry < 2 && (await yieldedToStoppedRunner(outcome)); retry++) outcome = await run();
        if (outcome.status === 'auth-failed') await removeSyncSchedulers(integrationId);
        if (outcome.status === 'unsupported') await removeSyncScheduler(integrationId, resource);
        return outcome;
      } finally {
        await lock.release();
      }
    },
    {
      connection,
      concurrency: options.concurrency ?? 4,
      lockDuration: lockMs,
      stalledInterval: options.stalledIntervalMs ?? lockMs,
      // A worker killed twice in a row mid-backfill must not turn the job into a failure.
      maxStalledCount: 3,
    },
  );
  worker.on('error', (error) => log.error('sync worker error', { error }));
  worker.on('completed', (job, result) => log.debug('sync job completed', { jobId: job.id, data: job.data, status: result?.status }));
  worker.on('failed', (job, error) => log.warn('sync job failed', { jobId: job?.id, data: job?.data, attempt: job?.attemptsMade, error: error.message }));

  return {
    worker,
    async close() {
      closing = true;
      // Runs stop between pages (their progress is committed); stalled jobs are recovered by the next worker.
      const deadline = new Promise<void>((resolve) => setTimeout(resolve, 10_000).unref());
      await Promise.race([worker.close(), deadline]);
      await worker.close(true).catch(() => {});
      connection.disconnect();
      lockRedis.disconnect();
    },
  };
}
