// The per-attempt sync history (sync_run): one row per sync job attempt, written when it ends,
// kept SYNC_RUN_RETENTION_DAYS (the Integration tab charts it; GraphQL BrandIntegration.syncRuns).
// Pruned in small batches like the change log, so the sweep never holds long locks.
import type { SyncResource, SyncRunOutcome } from '../generated/prisma/enums.js';
import { env } from '../env.js';
import { NOW, pool } from '../pg.js';

export type SyncRunRecord = {
  integrationId: string;
  resource: SyncResource;
  reason: string;
  resumed: boolean;
  startedAt: Date;
  finishedAt: Date;
  outcome: SyncRunOutcome;
  records: number;
  pages: number;
  durationMs: number;
  rateLimitWaitMs: number;
  error: string | null;
};

const INT_MAX = 2_147_483_647;
const clampInt = (n: number) => Math.min(INT_MAX, Math.max(0, Math.round(n)));

export async function recordSyncRun(run: SyncRunRecord): Promise<void> {
  // Timestamps as UTC text into timestamp(3) columns, as sync/state.ts does: Prisma's convention.
  await pool.query(
    `INSERT INTO sync_run ("integrationId", resource, reason, resumed, "startedAt", "finishedAt", outcome, records, pages, "durationMs", "rateLimitWaitMs", error)
     SELECT $1, $2::"SyncResource", $3, $4, $5::timestamptz AT TIME ZONE 'UTC', $6::timestamptz AT TIME ZONE 'UTC', $7::"SyncRunOutcome", $8, $9, $10, $11, $12
      WHERE EXISTS (SELECT 1 FROM brand_integration WHERE id = $1)`,
    [
      run.integrationId, run.resource, run.reason.slice(0, 40), run.resumed, run.startedAt.toISOString(), run.finishedAt.toISOString(), run.outcome,
      clampInt(run.records), clampInt(run.pages), clampInt(run.durationMs), clampInt(run.rateLimitWaitMs), run.error?.slice(0, 500) ?? null,
    ],
  );
}

/** Deletes rows that started before the retention window; returns how many. */
export async function pruneSyncRuns(retentionDays = env.SYNC_RUN_RETENTION_DAYS, batch = 5_000): Promise<number> {
  let total = 0;
  for (;;) {
    const { rowCount } = await pool.query(
      `DELETE FROM sync_run WHERE id IN (
         SELECT id FROM sync_run WHERE "startedAt" < ${NOW} - make_interval(secs => $1) LIMIT $2)`,
      [retentionDays * 86_400, batch],
    );
    total += rowCount ?? 0;
    if ((rowCount ?? 0) < batch) return total;
  }
}
