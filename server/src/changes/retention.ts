// change_log keeps CHANGE_LOG_RETENTION_HOURS of history for subscription resume; older rows are
// deleted in small batches so the prune never holds long locks. A client resuming from a pruned
// sequence gets RESUME_TOO_OLD and refetches.
import { env } from '../env.js';
import { pool } from '../pg.js';

export async function pruneChangeLog(retentionHours = env.CHANGE_LOG_RETENTION_HOURS, batch = 5_000): Promise<number> {
  let total = 0;
  for (;;) {
    const { rowCount } = await pool.query(
      `DELETE FROM change_log WHERE id IN (
         SELECT id FROM change_log WHERE "createdAt" < now() - make_interval(secs => $1) ORDER BY id LIMIT $2)`,
      [retentionHours * 3600, batch],
    );
    total += rowCount ?? 0;
    if ((rowCount ?? 0) < batch) return total;
  }
}
