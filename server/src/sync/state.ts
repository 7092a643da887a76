// SyncState transitions, written inside the caller's transaction together with a SYNC_STATUS
// change so dashboards see progress live. Timestamps are written as UTC (the columns are
// `timestamp(3)` holding UTC, Prisma's convention) whatever the session time zone.
import type { PoolClient } from 'pg';
import { NOW, pool } from '../pg.js';
import { appendChanges, type ChangeNotice } from '../changes/change-log.js';
import type { Query } from '../trackstar/client.js';

const utc = (d: Date) => d.toISOString();

/** What a run in progress keeps between pages (SyncState.runFilters). */
export type RunPlan = {
  query: Query;
  /** One listing pass per warehouse (locations; inbound shipments filtered by warehouse): the warehouses and which one the run is on. */
  warehouseIds?: string[];
  warehouseIndex?: number;
};

export async function touch(tx: PoolClient, brandId: string, stateId: string): Promise<ChangeNotice[]> {
  return appendChanges(tx, brandId, [{ kind: 'SYNC_STATUS', entityId: stateId, source: 'SYNC' }]);
}

/**
 * A resource paused while its run was under way (a connection error for its function, a
 * disconnect) stays paused when that run ends: the run's data is kept, its outcome does not
 * override the pause; whatever paused it also resumes it. Likewise a run that starts just after
 * its resource was paused (the runner checked before the pause committed) runs, but stays PAUSED.
 */
const STAY_PAUSED_OR = (status: 'RUNNING' | 'SUCCEEDED' | 'FAILED') => `CASE WHEN status = 'PAUSED' THEN status ELSE '${status}'::"SyncStatus" END`;

export async function startRun(tx: PoolClient, brandId: string, stateId: string, runStartedAt: Date, plan: RunPlan) {
  await tx.query(
    `UPDATE sync_state SET status = ${STAY_PAUSED_OR('RUNNING')}, "runStartedAt" = $2::timestamptz AT TIME ZONE 'UTC', "runFilters" = $3::jsonb,
       "pageToken" = NULL, "pagesFetched" = 0, "runRecords" = 0, "recordsSkipped" = 0,
       "lastError" = CASE WHEN status = 'PAUSED' THEN "lastError" END, "lastStartedAt" = ${NOW}, "updatedAt" = ${NOW}
     WHERE id = $1`,
    [stateId, utc(runStartedAt), JSON.stringify(plan)],
  );
  return touch(tx, brandId, stateId);
}

export async function markRunning(tx: PoolClient, brandId: string, stateId: string) {
  await tx.query(`UPDATE sync_state SET status = ${STAY_PAUSED_OR('RUNNING')}, "lastStartedAt" = ${NOW}, "updatedAt" = ${NOW} WHERE id = $1`, [stateId]);
  return touch(tx, brandId, stateId);
}

export type PageClaim = {
  /** The position this page was fetched from; the claim only succeeds if nobody moved past it. */
  expect: { pageToken: string | null; pagesFetched: number };
  nextToken: string | null;
  plan: RunPlan;
};

/**
 * First statement of a page's transaction: moves the run past this page, compare-and-set on
 * (pageToken, pagesFetched). If another runner already committed this page (a lost lock, a stalled
 * job run twice) nothing matches and the caller must roll back, so no page is applied twice.
 *
 * Lock order, shared by every transaction of the sync engine and the webhook worker:
 * brand_integration -> sync_state -> brand -> synced rows. Claiming before applyRecords (which locks
 * the brand) keeps a page transaction in that order.
 */
export async function claimPage(tx: PoolClient, stateId: string, c: PageClaim): Promise<boolean> {
  const res = await tx.query(
    `UPDATE sync_state SET "pageToken" = $4, "runFilters" = $5::jsonb, "pagesFetched" = "pagesFetched" + 1, "updatedAt" = ${NOW}
     WHERE id = $1 AND "pageToken" IS NOT DISTINCT FROM $2 AND "pagesFetched" = $3 AND "runStartedAt" IS NOT NULL`,
    [stateId, c.expect.pageToken, c.expect.pagesFetched, c.nextToken, JSON.stringify(c.plan)],
  );
  return res.rowCount === 1;
}

/** Adds the page's counts (same row, already locked by claimPage). */
export async function countPage(tx: PoolClient, stateId: string, records: number, skipped: number, problem: string | null) {
  await tx.query(
    `UPDATE sync_state SET "runRecords" = "runRecords" + $2, "recordsSkipped" = "recordsSkipped" + $3, "lastError" = coalesce($4, "lastError")
     WHERE id = $1`,
    [stateId, records, skipped, problem],
  );
}

/**
 * Closes a run: the cursor becomes the run's start, the in-progress fields are cleared. lastError
 * keeps only this run's record problems (`problem`), so a SUCCEEDED state shows no stale failure.
 */
export async function finishRun(tx: PoolClient, brandId: string, stateId: string, problem: string | null) {
  await tx.query(
    `UPDATE sync_state SET status = ${STAY_PAUSED_OR('SUCCEEDED')}, cursor = "runStartedAt", "runStartedAt" = NULL, "runFilters" = NULL,
       "pageToken" = NULL, "recordsSynced" = "runRecords", "lastSucceededAt" = ${NOW},
       "lastDurationMs" = LEAST(2147483647, GREATEST(0, (extract(epoch FROM (${NOW} - "lastStartedAt")) * 1000)::bigint))::int,
       "backfillCompletedAt" = coalesce("backfillCompletedAt", ${NOW}),
       "lastError" = CASE WHEN status = 'PAUSED' THEN "lastError" ELSE $2 END, "updatedAt" = ${NOW}
     WHERE id = $1`,
    [stateId, problem],
  );
  return touch(tx, brandId, stateId);
}

/** A failed attempt: progress is kept (the next attempt resumes), the error is recorded. */
export async function failRun(tx: PoolClient, brandId: string, stateId: string, error: string) {
  await tx.query(
    `UPDATE sync_state SET status = ${STAY_PAUSED_OR('FAILED')}, "lastError" = CASE WHEN status = 'PAUSED' THEN "lastError" ELSE $2 END,
       "lastFailedAt" = ${NOW}, "updatedAt" = ${NOW} WHERE id = $1`,
    [stateId, error.slice(0, 1000)],
  );
  return touch(tx, brandId, stateId);
}

/** Not supported upstream (501) or waiting for a reconnect: no more scheduled attempts. */
/** The lastError prefix of a resource paused because Trackstar reported an error for its function. */
export const CONNECTION_ERROR_PAUSE = 'Paused by a Trackstar connection error: ';
/**
 * The lastError of a resource the brand paused in its sync settings (services/sync-settings.ts).
 * The setting itself lives in the integration's config; this status only shows it while no other
 * pause applies, and whatever lifts another pause re-applies it (connection-events.ts, connecting).
 */
export const SETTINGS_PAUSE = 'Paused in the sync settings';

export async function pauseResource(tx: PoolClient, brandId: string, stateId: string, reason: string, clearRun: boolean) {
  await tx.query(
    `UPDATE sync_state SET status = 'PAUSED', "lastError" = $2, "lastFailedAt" = ${NOW}, "updatedAt" = ${NOW}
       ${clearRun ? `, "runStartedAt" = NULL, "runFilters" = NULL, "pageToken" = NULL` : ''}
     WHERE id = $1`,
    [stateId, reason.slice(0, 1000)],
  );
  return touch(tx, brandId, stateId);
}

/** After a commit, outside any transaction: the integration row is not part of the page lock order. */
export async function markIntegrationSynced(integrationId: string): Promise<void> {
  await pool.query(`UPDATE brand_integration SET "lastSyncedAt" = ${NOW}, "updatedAt" = ${NOW} WHERE id = $1`, [integrationId]);
}

/** Restarts the current run's listing from its first page (the stored page token was refused). */
export async function rewindRun(tx: PoolClient, stateId: string, plan: RunPlan) {
  await tx.query(`UPDATE sync_state SET "pageToken" = NULL, "runFilters" = $2::jsonb, "updatedAt" = ${NOW} WHERE id = $1`, [stateId, JSON.stringify(plan)]);
}
