// Resolved alerts are history the bell and the alerts page show; they are kept as long as the audit
// trail (AUDIT_RETENTION_DAYS) and then deleted, in batches so one run never holds long locks.
// Open alerts are never pruned, however old.
import { env } from '../env.js';
import { NOW, pool } from '../pg.js';

const BATCH = 5_000;

/** Deletes alerts resolved more than the retention ago; returns how many. */
export async function pruneResolvedAlerts(retentionDays = env.AUDIT_RETENTION_DAYS): Promise<number> {
  let total = 0;
  for (;;) {
    const { rowCount } = await pool.query({
      name: 'alert-prune-resolved',
      text: `DELETE FROM alert WHERE id IN (
               SELECT id FROM alert WHERE "resolvedAt" < ${NOW} - make_interval(days => $1::int) LIMIT ${BATCH})`,
      values: [Math.ceil(retentionDays)],
    });
    total += rowCount ?? 0;
    if ((rowCount ?? 0) < BATCH) return total;
  }
}
