// What Packr holds per sync resource of a brand: read by SyncState.recordsStored, the health
// report and the REST integration view. Deleted rows (sync/deletions.ts) are not counted.
import type { SyncResource } from '../generated/prisma/enums.js';
import { pool } from '../pg.js';
import { RESOURCE_TABLES } from '../sync/upsert/tables.js';

/**
 * Live rows per resource of one brand, in one statement (a screen shows all resources at once): all
 * rows minus the deleted ones, so both counts stay index-only (the brand's rows through any index
 * led by "brandId", the few deleted ones through their partial index).
 */
export async function storedCounts(brandId: string): Promise<Record<SyncResource, number>> {
  const selects = Object.entries(RESOURCE_TABLES).map(
    ([resource, table]) =>
      `((SELECT count(*) FROM "${table}" WHERE "brandId" = $1) - (SELECT count(*) FROM "${table}" WHERE "brandId" = $1 AND "deletedAt" IS NOT NULL))::int AS "${resource}"`,
  );
  const { rows } = await pool.query<Record<SyncResource, number>>(`SELECT ${selects.join(', ')}`, [brandId]);
  return rows[0];
}

/**
 * The newest updated_date among the live rows Packr holds, per resource (null when it holds none):
 * the second freshness clock, how old the newest data is, next to SyncState.confirmedAt. Each is
 * one step down the ("brandId", "updatedAtRemote") index.
 */
export async function newestRecordTimes(brandId: string): Promise<Record<SyncResource, Date | null>> {
  const selects = Object.entries(RESOURCE_TABLES).map(
    ([resource, table]) =>
      `(SELECT to_char("updatedAtRemote", 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') FROM "${table}" WHERE "brandId" = $1 AND "deletedAt" IS NULL ORDER BY "updatedAtRemote" DESC LIMIT 1) AS "${resource}"`,
  );
  const { rows } = await pool.query<Record<SyncResource, string | null>>(`SELECT ${selects.join(', ')}`, [brandId]);
  return Object.fromEntries(Object.entries(rows[0]).map(([resource, at]) => [resource, at ? new Date(at) : null])) as Record<SyncResource, Date | null>;
}
