// Re-runs a FAILED or IGNORED webhook event (an operator fixed the cause: reconnected the brand,
// deployed a fix). The event goes back to PENDING and is enqueued under a new job id, because the
// old id is still held by the finished job.
import type { Actor } from '../audit/entries.js';
import { recordUserAction } from '../audit/user-actions.js';
import { enqueueWebhookEvent, jobIdFor } from '../jobs/webhook-queue.js';
import { findEventOfThreePL, resetToPending, restoreFinished } from './store.js';

export class ReplayError extends Error {
  constructor(
    readonly code: 'NOT_FOUND' | 'BAD_USER_INPUT' | 'SERVICE_UNAVAILABLE',
    message: string,
  ) {
    super(message);
  }
}

/** Replays an event of the given 3PL; events of other tenants read as not found. `actor`: who asked (audit trail). */
export async function replayWebhookEvent(eventId: string, threePLId: string, actor?: Actor): Promise<void> {
  const event = await findEventOfThreePL(eventId, threePLId);
  if (!event) throw new ReplayError('NOT_FOUND', 'Webhook event not found');
  if (!event.deliveryId) throw new ReplayError('BAD_USER_INPUT', 'This delivery failed verification and cannot be replayed');
  if (event.status !== 'FAILED' && event.status !== 'IGNORED') throw new ReplayError('BAD_USER_INPUT', `Only FAILED or IGNORED events can be replayed (this one is ${event.status})`);

  if (!(await resetToPending(eventId, event.status))) throw new ReplayError('BAD_USER_INPUT', 'The event changed meanwhile; try again');
  try {
    await enqueueWebhookEvent({ eventId, integrationId: event.integrationId }, jobIdFor(event.deliveryId, `-replay-${Date.now()}`));
  } catch {
    // Put it back as it was: a PENDING event whose job id is taken would never be picked up.
    await restoreFinished(eventId, event);
    throw new ReplayError('SERVICE_UNAVAILABLE', 'The queue is unavailable; try again shortly');
  }
  if (actor) {
    await recordUserAction({
      actor, brandId: event.brandId, action: 'replayWebhookEvent', recordType: 'WEBHOOK_EVENT', recordId: eventId, externalId: event.deliveryId,
      changes: { status: [event.status, 'PENDING'] }, detail: { eventType: event.eventType },
    });
  }
}
