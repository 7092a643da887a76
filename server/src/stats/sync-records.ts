// Records synced per hour and brand, from the per-attempt sync history (sync_run, kept
// SYNC_RUN_RETENTION_DAYS). An attempt's records count in the hour it started: attempts are
// short and startedAt is indexed. Hours without records are left out (most incremental runs read
// nothing new, and 200 brands × 14 days is already up to 67,200 rows).
import { namedQuery, params, type BrandSet, type StatsWindow } from './scope.js';

export type SyncRecordsRow = { hour: string; brandId: string; records: number };

export function syncRecordsSql(brands: BrandSet, window: StatsWindow) {
  const p = params();
  // Grouped by the raw hour and uuid (cheap to hash and sort), formatted as text only at the end.
  const text = `SELECT to_char(hour, 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS hour, "brandId"::text AS "brandId", records
  FROM (SELECT date_trunc('hour', r."startedAt") AS hour, i."brandId", sum(r.records)::int AS records
          FROM sync_run r JOIN brand_integration i ON i.id = r."integrationId"
         WHERE i."brandId" = ANY(${p.add(brands.ids)}::uuid[]) AND r."startedAt" >= ${p.at(window.start)} AND r."startedAt" < ${p.at(window.end)}
         GROUP BY 1, 2
        HAVING sum(r.records) > 0) x
 ORDER BY x.hour, x."brandId"`;
  return { text, values: p.values };
}

export async function syncRecordsPerHour(brands: BrandSet, window: StatsWindow): Promise<SyncRecordsRow[]> {
  if (brands.ids.length === 0) return [];
  const { text, values } = syncRecordsSql(brands, window);
  return namedQuery<SyncRecordsRow>(text, values);
}
