// Honest freshness: per brand and resource, when Packr last confirmed its copy matches Trackstar
// (SyncState.confirmedAt/confirmedBy), kept next to the newest updated_date it holds (read on
// demand: services/sync-status.ts).
// - A complete sync run confirms everything Trackstar had updated before the run started, so it
//   confirms as of its start (its cursor).
// - An applied webhook confirms as of the moment it was applied: Trackstar pushes every change it
//   notices, so while events for a resource flow, Packr is as current as Trackstar for it.
// The later of the two wins; neither ever moves the clock back.
import type { PoolClient } from 'pg';
import type { SyncResource } from '../generated/prisma/enums.js';
import { NOW, pool } from '../pg.js';

/** Inside the transaction that finished a run (after finishRun moved the cursor to the run's start). */
export async function confirmBySync(tx: PoolClient, stateId: string): Promise<void> {
  await tx.query(
    `UPDATE sync_state SET "confirmedAt" = cursor, "confirmedBy" = 'SYNC'
      WHERE id = $1 AND cursor IS NOT NULL AND ("confirmedAt" IS NULL OR "confirmedAt" < cursor)`,
    [stateId],
  );
}

// At hundreds of events per second one write per event would be a visible share of the worker's
// database work: written at most once a second per (integration, resource) and process.
const CONFIRM_EVERY_MS = 1_000;
const lastConfirmed = new Map<string, number>();

/**
 * After a webhook for the resource was applied and committed. Outside any transaction: the
 * sync_state row comes before the brand's rows in the lock order, and the event's transaction
 * already held those.
 */
export async function confirmByWebhook(integrationId: string, resource: SyncResource): Promise<void> {
  const key = `${integrationId}:${resource}`;
  const now = Date.now();
  if (now - (lastConfirmed.get(key) ?? 0) < CONFIRM_EVERY_MS) return;
  if (lastConfirmed.size > 10_000) lastConfirmed.clear();
  lastConfirmed.set(key, now);
  await pool
    .query(
      `UPDATE sync_state SET "confirmedAt" = ${NOW}, "confirmedBy" = 'WEBHOOK'
        WHERE "integrationId" = $1 AND resource = $2::"SyncResource" AND ("confirmedAt" IS NULL OR "confirmedAt" < ${NOW})`,
      [integrationId, resource],
    )
    .catch(() => {
      // Advisory: the next sync run confirms again.
    });
}

/** Whole seconds from `at` to now; null when `at` is null. */
export function ageSeconds(at: Date | null | undefined, nowMs = Date.now()): number | null {
  return at ? Math.max(0, Math.round((nowMs - at.getTime()) / 1000)) : null;
}
