// Events stored while Redis was down (or whose enqueue was lost) are still PENDING in PostgreSQL;
// the sweeper re-enqueues them under their delivery id. Re-adding a job that exists is a no-op, so
// sweeping an event that is merely waiting in the queue is harmless.
import { listOverduePending } from '../webhooks/store.js';
import { runEvery, type Periodic } from './periodic.js';
import { enqueueWebhookEvent, jobIdFor } from './webhook-queue.js';

export type SweeperOptions = { everyMs?: number; olderThanMs?: number; batch?: number };

export async function sweepPendingEvents(options: SweeperOptions = {}): Promise<number> {
  const rows = await listOverduePending(options.olderThanMs ?? 5_000, options.batch ?? 500);
  for (const row of rows) await enqueueWebhookEvent({ eventId: row.id, integrationId: row.integrationId }, jobIdFor(row.deliveryId));
  return rows.length;
}

export function startSweeper(options: SweeperOptions = {}): Periodic {
  return runEvery('webhook sweeper', options.everyMs ?? 3_000, () => sweepPendingEvents(options));
}
