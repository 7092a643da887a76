// Retention of outbound webhooks: events older than OUTBOUND_RETENTION_DAYS go, with their
// deliveries and tries (foreign keys cascade), and so do tries older than that of deliveries
// replayed since. In batches, so a large prune never holds long locks.
import { env } from '../env.js';
import { NOW, pool } from '../pg.js';

const BATCH = 5_000;

export async function pruneOutbound(retentionDays = env.OUTBOUND_RETENTION_DAYS): Promise<{ events: number; attempts: number }> {
  const cutoff = `${NOW} - make_interval(secs => $1::float8)`;
  const seconds = retentionDays * 86_400;
  let events = 0;
  let attempts = 0;
  for (;;) {
    const { rowCount } = await pool.query({
      name: 'outbound-prune-events',
      text: `DELETE FROM outbound_event WHERE id IN (SELECT id FROM outbound_event WHERE "createdAt" < ${cutoff} LIMIT ${BATCH})`,
      values: [seconds],
    });
    events += rowCount ?? 0;
    if ((rowCount ?? 0) < BATCH) break;
  }
  for (;;) {
    const { rowCount } = await pool.query({
      name: 'outbound-prune-attempts',
      text: `DELETE FROM outbound_attempt WHERE id IN (SELECT id FROM outbound_attempt WHERE at < ${cutoff} LIMIT ${BATCH})`,
      values: [seconds],
    });
    attempts += rowCount ?? 0;
    if ((rowCount ?? 0) < BATCH) break;
  }
  return { events, attempts };
}
