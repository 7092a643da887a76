// The audit trail keeps AUDIT_RETENTION_DAYS; older entries are deleted in small batches, each in
// its own short transaction, so the prune never holds long locks. The table refuses DELETE unless
// the transaction sets packr.audit_prune (the migration's trigger): nothing else removes entries.
// The old entries are found through a BRIN index on `at`, which a table appended in time order
// keeps almost for free (a btree would cost every sync page another index write).
import { env } from '../env.js';
import { NOW, pool } from '../pg.js';

/** Deletes entries older than the window; returns how many. */
export async function pruneAuditLog(retentionDays = env.AUDIT_RETENTION_DAYS, batch = 5_000): Promise<number> {
  let total = 0;
  for (;;) {
    const deleted = await pruneBatch(retentionDays, batch);
    total += deleted;
    if (deleted < batch) return total;
  }
}

async function pruneBatch(retentionDays: number, batch: number): Promise<number> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    await client.query("SET LOCAL packr.audit_prune = 'on'");
    const { rowCount } = await client.query(
      `DELETE FROM audit_log WHERE id IN (
         SELECT id FROM audit_log WHERE at < ${NOW} - make_interval(secs => $1) LIMIT $2)`,
      [retentionDays * 86_400, batch],
    );
    await client.query('COMMIT');
    return rowCount ?? 0;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => {});
    throw error;
  } finally {
    client.release();
  }
}
