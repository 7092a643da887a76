// Live alert notices: one Redis channel per 3PL (the bell spans its brands), ids only, published
// after COMMIT. Each alert row carries the 3PL's sequence of its latest change (three_pl.alertSeq);
// there is no event log: a resuming subscriber gets the alerts changed since, as they are now
// (alertsChangedAfter), and the bell's unread mark compares notifiedSequence.
import { channelPublisher } from '../lib/channel-hub.js';
import { pool } from '../pg.js';

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

const publisher = channelPublisher<AlertNotice>(alertChannel);

/** After COMMIT. Never throws: a lost notice only delays the bell until its next read or resume. */
export const publishAlerts = (threePLId: string, notices: AlertNotice[]): Promise<void> => publisher.publish(threePLId, notices);

export const closeAlertPublisher = (): Promise<void> => publisher.close();

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
