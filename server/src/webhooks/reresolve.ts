// Webhooks that beat connectTrackstar: Trackstar may deliver (e.g. a fast
// connection.historical-sync-completed) before Packr has stored the connection, so the receiver
// stores them IGNORED as "unknown connection". Once the integration row exists, recent ones of
// that connection are re-resolved and put back in the queue, so nothing sent at connect is lost.
import { logger } from '../lib/logger.js';
import { enqueueWebhookEvent, jobIdFor } from '../jobs/webhook-queue.js';
import { resetUnknownConnectionEvents } from './store.js';

/** How far back an early delivery is still considered part of the connect (older ones stay for replay). */
export const REPROCESS_WINDOW_MS = 15 * 60_000;

/**
 * Moves IGNORED "unknown connection" events of this connection received in the last 15 minutes
 * back to PENDING with the integration and brand filled in, then enqueues them. Returns how many
 * were reset. An enqueue that fails is harmless: the sweeper picks up PENDING events.
 */
export async function reprocessIgnoredForConnection(connectionId: string): Promise<number> {
  const rows = await resetUnknownConnectionEvents(connectionId, REPROCESS_WINDOW_MS);
  for (const row of rows) {
    // A fresh job id: the original delivery id may still be held by the finished (ignored) job.
    await enqueueWebhookEvent({ eventId: row.id, integrationId: row.integrationId }, jobIdFor(row.deliveryId, `-reresolve-${Date.now()}`)).catch((error) =>
      logger.warn('early webhook left for the sweeper', { eventId: row.id, error }),
    );
  }
  return rows.length;
}
