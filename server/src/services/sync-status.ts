// What Packr holds per sync resource of a brand: read by SyncState.recordsStored and the health report.
import type { SyncResource } from '../generated/prisma/enums.js';
import { pool } from '../pg.js';
import { RESOURCE_TABLES } from '../sync/upsert/tables.js';

/** Rows per resource of one brand, in one statement (a screen shows all resources at once). */
export async function storedCounts(brandId: string): Promise<Record<SyncResource, number>> {
  const selects = Object.entries(RESOURCE_TABLES).map(([resource, table]) => `(SELECT count(*) FROM "${table}" WHERE "brandId" = $1)::int AS "${resource}"`);
  const { rows } = await pool.query<Record<SyncResource, number>>(`SELECT ${selects.join(', ')}`, [brandId]);
  return rows[0];
}
