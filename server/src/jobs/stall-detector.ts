// Stalled sync runs. A worker whose run hangs (a request or a wait that never ends, a process that
// stops making progress without dying) keeps renewing its run lock and its BullMQ job lock, so
// neither expiry nor BullMQ's stalled-job check notices, and the run would stay RUNNING for good.
// A RUNNING run whose sync state has not moved for SYNC_STALL_MINUTES (every committed page
// updates it) is marked stalled: back to QUEUED with lastStalledAt and a lastError saying so, its
// run lock broken and a resume job queued. The resume continues from the stored page, merging into
// what is there (it never reconciles deletions: sync/full-listing.ts).
//
// The old runner cannot corrupt anything if it wakes up: its run lock is gone, so it stops after
// the page in hand, and that page's commit is a compare-and-set on the stored position
// (sync/state.ts claimPage), which fails once the new runner has moved on; it then yields.
import type { Redis } from 'ioredis';
import { appendChanges, type ChangeNotice } from '../changes/change-log.js';
import { runWriteTransaction } from '../changes/write-transaction.js';
import type { SyncResource } from '../generated/prisma/enums.js';
import { logger } from '../lib/logger.js';
import { NOW } from '../pg.js';
import { createRedis } from '../redis.js';
import { breakLock } from './lock.js';
import { runEvery, type Periodic } from './periodic.js';
import { addSyncJob, openQueue, SYNC_QUEUE, syncKey, type SyncQueue } from './queues.js';

export type StalledRun = { stateId: string; integrationId: string; resource: SyncResource; brandId: string };

export const stallMessage = (stallMs: number) =>
  `Stalled: no page progress for ${Math.round(stallMs / 60_000) >= 1 ? `${Math.round(stallMs / 60_000)} min` : `${Math.round(stallMs / 1000)} s`}; re-queued to resume at its last committed page`;

/** One pass: marks the stalled runs, then hands each to a new job. Safe from any number of workers at once. */
export async function requeueStalledRuns(queue: SyncQueue, redis: Redis, stallMs: number): Promise<StalledRun[]> {
  const stalled = await runWriteTransaction(async (tx) => {
    // SKIP LOCKED: a row locked right now belongs to a page being committed, which is progress.
    const { rows } = await tx.query<StalledRun>(
      `WITH stuck AS (
         SELECT s.id FROM sync_state s JOIN brand_integration i ON i.id = s."integrationId"
          WHERE s.status = 'RUNNING' AND s."updatedAt" < ${NOW} - make_interval(secs => $1) AND i.status = 'ACTIVE'
          ORDER BY s.id FOR UPDATE OF s SKIP LOCKED
       )
       UPDATE sync_state s SET status = 'QUEUED', "lastStalledAt" = ${NOW}, "lastFailedAt" = ${NOW}, "lastError" = $2, "updatedAt" = ${NOW}
         FROM stuck, brand_integration i
        WHERE s.id = stuck.id AND i.id = s."integrationId"
        RETURNING s.id AS "stateId", s."integrationId", s.resource, i."brandId"`,
      [stallMs / 1000, stallMessage(stallMs)],
    );
    const notices: ChangeNotice[] = [];
    for (const run of rows) notices.push(...(await appendChanges(tx, run.brandId, [{ kind: 'SYNC_STATUS', entityId: run.stateId, source: 'SYNC' }])));
    return { value: rows, notices };
  });
  for (const run of stalled) {
    const key = syncKey(run.integrationId, run.resource);
    logger.warn('sync run stalled; re-queued to resume at its last committed page', { integrationId: run.integrationId, resource: run.resource, stallMs });
    await breakLock(redis, key);
    // The stalled job still holds the deduplication id, which would keep the new job waiting for it.
    await queue.removeDeduplicationKey(key);
    await addSyncJob(queue, { integrationId: run.integrationId, resource: run.resource, reason: 'resume' });
  }
  return stalled;
}

export type StallDetectorOptions = {
  /** No page progress for this long marks a run stalled (default SYNC_STALL_MINUTES). */
  stallMs: number;
  /** How often to look (default: a fifth of stallMs, at most a minute). */
  everyMs?: number;
};

export function startStallDetector(options: StallDetectorOptions): Periodic & { close(): Promise<void> } {
  // Its own worker-role connection: commands wait through a Redis outage rather than failing fast.
  const connection = createRedis('worker');
  const queue = openQueue(SYNC_QUEUE, connection);
  const everyMs = options.everyMs ?? Math.min(60_000, Math.max(1_000, Math.floor(options.stallMs / 5)));
  const detector = runEvery('stalled sync run check', everyMs, () => requeueStalledRuns(queue, connection, options.stallMs));
  return {
    ...detector,
    async close() {
      await detector.stop();
      await queue.close().catch(() => {});
      connection.disconnect();
    },
  };
}
