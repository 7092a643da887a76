// The daily complete listing of every resource that is not listed in full on every run
// (sync/full-listing.ts): warehouses, locations, shipping methods and products in full; orders,
// returns and inbound shipments over the backfill window. A resource whose last reconcile is older
// than a day gets a request (SyncState.reconcileRequestedAt) and a job; the next fresh run of it,
// this job or any other, lists in full and reconciles deletions. Inventory reconciles on every run.
import { logger } from '../lib/logger.js';
import type { SyncResource } from '../generated/prisma/enums.js';
import { NOW, pool } from '../pg.js';
import { ALWAYS_COMPLETE } from '../sync/full-listing.js';
import { runEvery, type Periodic } from './periodic.js';
import { addSyncJob, syncQueue, type SyncQueue } from './queues.js';

export const RECONCILE_EVERY_MS = 24 * 3600_000;

export type RequestedListing = { integrationId: string; resource: SyncResource };

/** Requests (and queues) the complete listings that are due. Idempotent: a pending request is not made twice. */
export async function requestDueCompleteListings(queue: SyncQueue = syncQueue(), everyMs = RECONCILE_EVERY_MS): Promise<RequestedListing[]> {
  const { rows } = await pool.query<RequestedListing>(
    `UPDATE sync_state s SET "reconcileRequestedAt" = ${NOW}
       FROM brand_integration i
      WHERE i.id = s."integrationId" AND i.status = 'ACTIVE' AND i."accessToken" IS NOT NULL
        AND s.status <> 'PAUSED' AND NOT (s.resource::text = ANY($1::text[]))
        AND s."backfillCompletedAt" IS NOT NULL AND s."reconcileRequestedAt" IS NULL
        AND greatest(s."reconciledAt", s."reconcileSkippedAt", s."backfillCompletedAt") < ${NOW} - make_interval(secs => $2)
      RETURNING s."integrationId", s.resource`,
    [[...ALWAYS_COMPLETE], everyMs / 1000],
  );
  // A job that cannot be queued now is not lost: the request stays, and the resource's next
  // scheduled run lists in full.
  for (const row of rows) await addSyncJob(queue, { integrationId: row.integrationId, resource: row.resource, reason: 'reconcile' });
  if (rows.length > 0) logger.info('complete listings requested (deletion reconcile)', { count: rows.length });
  return rows;
}

export function startFullListingSweep(everyMs = 10 * 60_000): Periodic {
  const sweep = runEvery('complete listing sweep', everyMs, () => requestDueCompleteListings());
  void sweep.runNow();
  return sweep;
}
