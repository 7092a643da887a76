// Re-runs a FAILED or IGNORED webhook event (an operator fixed the cause: reconnected the brand,
// deployed a fix). The event goes back to PENDING and is enqueued under a new job id, because the
// old id is still held by the finished job.
import { pool } from '../pg.js';
import { enqueueWebhookEvent, jobIdFor } from '../jobs/webhook-queue.js';

export class ReplayError extends Error {
  constructor(
    readonly code: 'NOT_FOUND' | 'BAD_USER_INPUT' | 'SERVICE_UNAVAILABLE',
    message: string,
  ) {
    super(message);
  }
}

/** Replays an event of the given 3PL; events of other tenants read as not found. */
export async function replayWebhookEvent(eventId: string, threePLId: string): Promise<void> {
  const { rows } = await pool.query<{ status: string; deliveryId: string | null; integrationId: string | null; error: string | null; processedAt: Date | null }>(
    `SELECT e.status::text AS status, e."deliveryId", e."integrationId", e.error, e."processedAt"
       FROM trackstar_webhook_event e
       -- An event of a then-unknown connection belongs to whoever holds that connection now.
       LEFT JOIN brand_integration i ON i."connectionId" = e."connectionId"
       JOIN brand b ON b.id = COALESCE(e."brandId", i."brandId")
      WHERE e.id = $1 AND b."threePLId" = $2`,
    [eventId, threePLId],
  );
  const event = rows[0];
  if (!event) throw new ReplayError('NOT_FOUND', 'Webhook event not found');
  if (!event.deliveryId) throw new ReplayError('BAD_USER_INPUT', 'This delivery failed verification and cannot be replayed');
  if (event.status !== 'FAILED' && event.status !== 'IGNORED') throw new ReplayError('BAD_USER_INPUT', `Only FAILED or IGNORED events can be replayed (this one is ${event.status})`);

  const reset = await pool.query(
    `UPDATE trackstar_webhook_event SET status = 'PENDING', error = NULL, "processedAt" = NULL
      WHERE id = $1 AND status = $2::"WebhookEventStatus"`,
    [eventId, event.status],
  );
  if (reset.rowCount === 0) throw new ReplayError('BAD_USER_INPUT', 'The event changed meanwhile; try again');
  try {
    await enqueueWebhookEvent({ eventId, integrationId: event.integrationId }, jobIdFor(event.deliveryId, `-replay-${Date.now()}`));
  } catch {
    // Put it back as it was: a PENDING event whose job id is taken would never be picked up.
    await pool.query(
      `UPDATE trackstar_webhook_event SET status = $2::"WebhookEventStatus", error = $3, "processedAt" = $4 WHERE id = $1 AND status = 'PENDING'`,
      [eventId, event.status, event.error, event.processedAt],
    );
    throw new ReplayError('SERVICE_UNAVAILABLE', 'The queue is unavailable; try again shortly');
  }
}
