// Live alert notices: one Redis channel per 3PL (the bell spans its brands), ids only, published
// after COMMIT. Each alert row carries the 3PL's sequence of its latest change (three_pl.alertSeq),
// which is what the bell's unread mark compares with; there is no replay log (a client that was
// away re-reads `alerts`).
import type { Redis } from 'ioredis';
import { pool } from '../pg.js';
import { createRedis } from '../redis.js';

export type AlertChangeName = 'OPENED' | 'UPDATED' | 'RESOLVED';

export type AlertNotice = {
  threePLId: string;
  sequence: string;
  alertId: string;
  /** null for 3PL-level alerts (an outbound endpoint disabled). */
  brandId: string | null;
  change: AlertChangeName;
};

export const alertChannel = (threePLId: string) => `packr:alerts:${threePLId}`;

let publisher: Redis | null = null;

/** After COMMIT. Never throws: a lost notice only delays the bell until the next read of `alerts`. */
export async function publishAlerts(threePLId: string, notices: AlertNotice[]): Promise<void> {
  if (notices.length === 0) return;
  publisher ??= createRedis('producer', { enableOfflineQueue: true, maxRetriesPerRequest: 1 });
  await publisher.publish(alertChannel(threePLId), JSON.stringify(notices)).catch(() => {});
}

export async function closeAlertPublisher(): Promise<void> {
  await publisher?.quit().catch(() => {});
  publisher = null;
}

/** The 3PL's latest alert sequence (0 before any alert); null when the 3PL is gone. */
export async function alertHead(threePLId: string): Promise<bigint | null> {
  const { rows } = await pool.query<{ seq: string }>({ name: 'alert-head', text: 'SELECT "alertSeq"::text AS seq FROM three_pl WHERE id = $1', values: [threePLId] });
  return rows[0] ? BigInt(rows[0].seq) : null;
}

/** At most this many alerts are replayed to a resuming subscriber; further behind, it re-reads `alerts`. */
export const ALERT_REPLAY_MAX = 1_000;

/**
 * The 3PL's alerts changed after `after`, oldest change first, each once as it is now (alert rows
 * keep only their latest change, so intermediate revisions fold into one): RESOLVED when resolved,
 * OPENED when its latest change was its opening, else UPDATED. null when more than
 * ALERT_REPLAY_MAX changed.
 */
export async function alertsChangedAfter(threePLId: string, after: bigint): Promise<AlertNotice[] | null> {
  const { rows } = await pool.query<{ id: string; brandId: string | null; sequence: string; change: AlertChangeName }>({
    name: 'alert-changed-after',
    text: `SELECT id, "brandId", sequence::text AS sequence,
                  CASE WHEN "resolvedAt" IS NOT NULL THEN 'RESOLVED' WHEN "notifiedSequence" = sequence THEN 'OPENED' ELSE 'UPDATED' END AS change
             FROM alert WHERE "threePLId" = $1 AND sequence > $2 ORDER BY sequence LIMIT $3`,
    values: [threePLId, after.toString(), ALERT_REPLAY_MAX + 1],
  });
  if (rows.length > ALERT_REPLAY_MAX) return null;
  return rows.map((r) => ({ threePLId, sequence: r.sequence, alertId: r.id, brandId: r.brandId, change: r.change }));
}
