// Applies one stored webhook event exactly once. The event row is locked and moved to PROCESSED
// inside the same transaction that applies its effect, so a job that runs twice (stall recovery,
// duplicate enqueue, sweeper, or an event already applied as another job's companion) finds it
// done and does nothing.
import type { PoolClient } from 'pg';
import { logger } from '../lib/logger.js';
import { pool } from '../pg.js';
import { publishChanges, type ChangeNotice } from '../changes/change-log.js';
import { InvalidEventRecord, lockCompanions } from './companions.js';
import { applyConnectionError, markHistoricalSyncCompleted, type HandlerResult, type IntegrationRef } from './connection-events.js';
import { routeEvent, type EventRoute } from './event-routing.js';
import { isTruncated, readTruncatedRecord, TruncatedPayloadError } from './full-payload.js';
import { applyEventsAndReads, CurrentReads, SameSecondTies } from './same-second.js';

export type ProcessOutcome = 'PROCESSED' | 'IGNORED' | 'SKIPPED';

/** An error that retrying cannot fix (bad record): the event fails at once. */
export class PermanentEventError extends Error {}

type PeekedEvent = {
  id: string; eventType: string; connectionId: string | null; status: string;
  /** Only read while PENDING: a finished event's body is not needed. */
  payload: Record<string, unknown> | null; sentAt: Date | null;
  /** The integration of the event's connection as it is now (a replay may find a newer one). */
  integrationId: string | null; brandId: string | null; integrationStatus: string | null;
};
type ClaimedEvent = PeekedEvent & { payload: Record<string, unknown> };

/**
 * Reads the event and its connection's integration in one round trip, without a lock or a write.
 * Under a burst most jobs find their event already applied as a companion of another job's
 * transaction; for them this SELECT is all the work there is.
 */
async function peek(eventId: string): Promise<PeekedEvent | null> {
  const { rows } = await pool.query<PeekedEvent>({
    name: 'webhook-event-peek',
    text: `SELECT e.id, e."eventType", e."connectionId", e.status::text AS status, e."sentAt",
                  CASE WHEN e.status = 'PENDING' THEN e.payload END AS payload,
                  i.id AS "integrationId", i."brandId", i.status::text AS "integrationStatus"
             FROM trackstar_webhook_event e
             LEFT JOIN brand_integration i ON i."connectionId" = e."connectionId"
            WHERE e.id = $1`,
    values: [eventId],
  });
  return rows[0] ?? null;
}

async function finishIgnored(eventId: string, reason: string, integration: IntegrationRef | null): Promise<ProcessOutcome> {
  await pool.query(
    `UPDATE trackstar_webhook_event
        SET status = 'IGNORED', error = $2, "processedAt" = now(), attempts = attempts + 1,
            "integrationId" = COALESCE($3, "integrationId"), "brandId" = COALESCE($4, "brandId")
      WHERE id = $1 AND status = 'PENDING'`,
    [eventId, reason, integration?.id ?? null, integration?.brandId ?? null],
  );
  return 'IGNORED';
}

/** Events that change no synced record (records go through applyEventsAndReads). */
async function runHandler(tx: PoolClient, route: Exclude<EventRoute, { kind: 'apply' }>, event: ClaimedEvent, integration: IntegrationRef): Promise<HandlerResult> {
  switch (route.kind) {
    case 'historical-sync-completed':
      return markHistoricalSyncCompleted(tx, integration, event.payload.data, event.sentAt);
    case 'connection-error':
      return applyConnectionError(tx, integration, event.payload.data, route.resolved);
    case 'ignore':
      return { notices: [], ignored: route.reason };
  }
}

export async function processWebhookEvent(eventId: string): Promise<ProcessOutcome> {
  const peeked = await peek(eventId);
  if (!peeked || peeked.status !== 'PENDING' || !peeked.payload) return 'SKIPPED';
  const event = peeked as ClaimedEvent;
  const route = routeEvent(event.eventType);
  // Re-resolved on every run: a replayed event may now belong to a connection made since.
  const integration = event.integrationId && event.brandId ? { id: event.integrationId, brandId: event.brandId } : null;
  if (!integration) return finishIgnored(eventId, 'unknown connection', null);
  if (event.integrationStatus === 'DISCONNECTED') return finishIgnored(eventId, 'connection is disconnected', integration);
  if (route.kind === 'ignore') return finishIgnored(eventId, route.reason, integration);

  // Network reads (a truncated payload's record, same-second ties) happen between transactions,
  // never while one holds the brand's rows; each record is read at most once per job.
  const reads = new CurrentReads(integration.id);
  let carried: unknown[] = [];
  if (route.kind === 'apply') {
    if (!isTruncated(event.payload)) carried = [event.payload.data];
    else {
      try {
        const { id, record } = await readTruncatedRecord(event.payload, route.resource, integration.id);
        reads.add(route.resource, id, record);
      } catch (error) {
        throw error instanceof TruncatedPayloadError ? new PermanentEventError(error.message) : error;
      }
    }
  }

  for (let round = 1; ; round++) {
    try {
      return await applyAloneIfGroupFails(event, route, integration, carried, reads);
    } catch (error) {
      // Copies tied with stored rows (same-second.ts): read those records, then apply again. A
      // burst that keeps producing new ties is left to the job's retry after a few rounds.
      if (!(error instanceof SameSecondTies) || round > TIE_READ_ROUNDS) throw error;
      await reads.load(error.records);
    }
  }
}

/** Rounds of reading tied records one run makes before leaving the rest to a retry. */
const TIE_READ_ROUNDS = 3;

class GroupFailed extends Error {}

async function applyAloneIfGroupFails(
  event: ClaimedEvent, route: EventRoute, integration: IntegrationRef, carried: unknown[], reads: CurrentReads,
): Promise<ProcessOutcome> {
  try {
    return await applyInTransaction(event, route, integration, carried, reads, true);
  } catch (error) {
    // Something in the group failed (say, one companion's record is invalid): this event alone
    // decides its own fate; the companions stay PENDING for their own jobs.
    if (!(error instanceof GroupFailed)) throw error;
    return applyInTransaction(event, route, integration, carried, reads, false);
  }
}

/**
 * Applies the event, together with ready companions of its integration when asked and there are
 * any (companions.ts), and the records this run read from Trackstar (same-second.ts).
 */
async function applyInTransaction(
  event: ClaimedEvent, route: EventRoute, integration: IntegrationRef, carried: unknown[], reads: CurrentReads, withCompanions: boolean,
): Promise<ProcessOutcome> {
  const eventId = event.id;
  const tx = await pool.connect();
  let notices: ChangeNotice[] = [];
  let ignored: string | null = null;
  try {
    // The event row is durable since its acknowledgement; this transaction only moves it to
    // PROCESSED together with its effect. If a crash loses the commit, both are lost together:
    // the event is PENDING again and the sweeper replays it. So skip the flush wait, as sync pages
    // do. (Both statements in one round trip: the simple protocol takes a list without parameters.)
    await tx.query('BEGIN; SET LOCAL synchronous_commit = off');
    // Locks the event and marks it done in one statement; a rollback undoes both. It waits while
    // another job's transaction holds the row as a companion, then finds it PROCESSED (0 rows),
    // or PENDING again if that transaction rolled back.
    const taken = await tx.query({
      name: 'webhook-event-take',
      text: `UPDATE trackstar_webhook_event
                SET status = 'PROCESSED', error = NULL, "processedAt" = now(), attempts = attempts + 1,
                    "integrationId" = $2, "brandId" = $3
              WHERE id = $1 AND status = 'PENDING'
              RETURNING id`,
      values: [eventId, integration.id, integration.brandId],
    });
    if (taken.rowCount === 0) {
      await tx.query('ROLLBACK');
      return 'SKIPPED';
    }
    if (route.kind === 'apply') {
      const companions = withCompanions ? await lockCompanions(tx, integration.id, eventId) : [];
      const own = carried.map((record) => ({ eventId, resource: route.resource, record }));
      try {
        notices = await applyEventsAndReads(tx, integration.brandId, integration.id, [...own, ...companions], reads);
      } catch (error) {
        if (error instanceof SameSecondTies) throw error;
        if (companions.length > 0) throw new GroupFailed((error as Error).message);
        throw error instanceof InvalidEventRecord ? new PermanentEventError(error.message) : error;
      }
      if (companions.length > 0) {
        await tx.query({
          name: 'webhook-companions-done',
          text: `UPDATE trackstar_webhook_event
                    SET status = 'PROCESSED', error = NULL, "processedAt" = now(), attempts = attempts + 1, "brandId" = $2
                  WHERE id = ANY($1::uuid[])`,
          values: [companions.map((c) => c.eventId), integration.brandId],
        });
      }
    } else {
      const result = await runHandler(tx, route, event, integration);
      notices = result.notices;
      ignored = result.ignored ?? null;
    }
    // A handler may decide the event changes nothing (say, an unsupported resource): IGNORED, with why.
    if (ignored) await tx.query(`UPDATE trackstar_webhook_event SET status = 'IGNORED', error = $2 WHERE id = $1`, [eventId, ignored]);
    await tx.query('COMMIT');
  } catch (error) {
    await tx.query('ROLLBACK').catch(() => {});
    throw error;
  } finally {
    tx.release();
  }
  await publishChanges(notices);
  await touchLastWebhookAt(integration.id);
  return ignored ? 'IGNORED' : 'PROCESSED';
}

// lastWebhookAt is advisory ("webhooks are arriving"): written at most once a second per
// integration and process, not once per event (at hundreds of events per second that write was
// a measurable share of the worker's database work).
const LAST_WEBHOOK_EVERY_MS = 1_000;
const lastWebhookWrites = new Map<string, number>();

async function touchLastWebhookAt(integrationId: string): Promise<void> {
  const now = Date.now();
  if (now - (lastWebhookWrites.get(integrationId) ?? 0) < LAST_WEBHOOK_EVERY_MS) return;
  if (lastWebhookWrites.size > 10_000) lastWebhookWrites.clear();
  lastWebhookWrites.set(integrationId, now);
  // Outside the transaction: taking this row lock after the brand's could deadlock.
  await pool.query('UPDATE brand_integration SET "lastWebhookAt" = now() WHERE id = $1', [integrationId]).catch(() => {});
}

/** Records a failed attempt; on the last one (or a permanent error) the event becomes FAILED. */
export async function recordEventFailure(eventId: string, error: unknown, final: boolean): Promise<void> {
  const message = (error instanceof Error ? error.message : String(error)).slice(0, 2_000);
  await pool
    .query(
      `UPDATE trackstar_webhook_event
          SET error = $2, attempts = attempts + 1,
              status = CASE WHEN $3 THEN 'FAILED'::"WebhookEventStatus" ELSE status END,
              "processedAt" = CASE WHEN $3 THEN now() ELSE "processedAt" END
        WHERE id = $1 AND status = 'PENDING'`,
      [eventId, message, final],
    )
    .catch((e) => logger.error('could not record webhook failure', { eventId, error: e }));
}
