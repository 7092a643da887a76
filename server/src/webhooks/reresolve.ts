// Webhooks that beat connectTrackstar: Trackstar may deliver (e.g. a fast
// connection.historical-sync-completed) before Packr has stored the connection, so the receiver
// stores them IGNORED as "unknown connection". Once the integration row exists, recent ones of
// that connection are re-resolved and put back in the queue, so nothing sent at connect is lost.
import { logger } from '../lib/logger.js';
import { pool } from '../pg.js';
import { enqueueWebhookEvent, jobIdFor } from '../jobs/webhook-queue.js';

/** How far back an early delivery is still considered part of the connect (older ones stay for replay). */
export const REPROCESS_WINDOW_MS = 15 * 60_000;

/**
 * Moves IGNORED "unknown connection" events of this connection received in the last 15 minutes
 * back to PENDING with the integration and brand filled in, then enqueues them. Returns how many
 * were reset. An enqueue that fails is harmless: the sweeper picks up PENDING events.
 */
export async function reprocessIgnoredForConnection(connectionId: string): Promise<number> {
  // One statement: the integration is resolved and the rows are claimed atomically, so a
  // concurrent call (or a disconnected integration) cannot reset an event twice or wrongly.
  const { rows } = await pool.query<{ id: string; deliveryId: string; integrationId: string }>(
    `UPDATE trackstar_webhook_event e
        SET status = 'PENDING', error = NULL, "processedAt" = NULL, "integrationId" = i.id, "brandId" = i."brandId"
       FROM brand_integration i
      WHERE i."connectionId" = $1 AND i.status <> 'DISCONNECTED'
        AND e."connectionId" = $1 AND e.status = 'IGNORED' AND e.error = 'unknown connection'
        AND e."deliveryId" IS NOT NULL AND e."receivedAt" > now() - make_interval(secs => $2)
      RETURNING e.id, e."deliveryId", e."integrationId"`,
    [connectionId, REPROCESS_WINDOW_MS / 1000],
  );
  for (const row of rows) {
    // A fresh job id: the original delivery id may still be held by the finished (ignored) job.
    await enqueueWebhookEvent({ eventId: row.id, integrationId: row.integrationId }, jobIdFor(row.deliveryId, `-reresolve-${Date.now()}`)).catch((error) =>
      logger.warn('early webhook left for the sweeper', { eventId: row.id, error }),
    );
  }
  return rows.length;
}
