// Applies one stored webhook event exactly once. The event row is claimed with FOR UPDATE inside
// the same transaction that applies its effect and marks it PROCESSED, so a job that runs twice
// (stall recovery, duplicate enqueue, sweeper) finds it done and does nothing.
import type { PoolClient } from 'pg';
import { logger } from '../lib/logger.js';
import { pool } from '../pg.js';
import { publishChanges, type ChangeNotice } from '../realtime/change-feed.js';
import { applyRecords } from '../sync/apply.js';
import { applyInRounds, lockCompanions } from './companions.js';
import { applyConnectionError, markHistoricalSyncCompleted, type HandlerResult, type IntegrationRef } from './connection-events.js';
import { routeEvent, type EventRoute } from './event-routing.js';
import { resolveEventRecords, TruncatedPayloadError } from './full-payload.js';

export type ProcessOutcome = 'PROCESSED' | 'IGNORED' | 'SKIPPED';

/** An error that retrying cannot fix (bad record): the event fails at once. */
export class PermanentEventError extends Error {}

type ClaimedEvent = { id: string; eventType: string; connectionId: string | null; payload: Record<string, unknown>; sentAt: Date | null };

async function claim(eventId: string): Promise<ClaimedEvent | null> {
  const { rows } = await pool.query<ClaimedEvent>(
    `UPDATE trackstar_webhook_event SET attempts = attempts + 1
      WHERE id = $1 AND status = 'PENDING'
      RETURNING id, "eventType", "connectionId", payload, "sentAt"`,
    [eventId],
  );
  return rows[0] ?? null;
}

async function resolveIntegration(connectionId: string | null): Promise<(IntegrationRef & { status: string }) | null> {
  if (!connectionId) return null;
  const { rows } = await pool.query<IntegrationRef & { status: string }>(
    'SELECT id, "brandId", status::text AS status FROM brand_integration WHERE "connectionId" = $1',
    [connectionId],
  );
  return rows[0] ?? null;
}

async function finishIgnored(eventId: string, reason: string, integration: IntegrationRef | null): Promise<ProcessOutcome> {
  await pool.query(
    `UPDATE trackstar_webhook_event
        SET status = 'IGNORED', error = $2, "processedAt" = now(),
            "integrationId" = COALESCE($3, "integrationId"), "brandId" = COALESCE($4, "brandId")
      WHERE id = $1 AND status = 'PENDING'`,
    [eventId, reason, integration?.id ?? null, integration?.brandId ?? null],
  );
  return 'IGNORED';
}

async function runHandler(tx: PoolClient, route: EventRoute, event: ClaimedEvent, integration: IntegrationRef, records: unknown[]): Promise<HandlerResult> {
  switch (route.kind) {
    case 'apply': {
      const result = await applyRecords({ brandId: integration.brandId, integrationId: integration.id, resource: route.resource, records, source: 'WEBHOOK' }, tx);
      if (result.invalid.length > 0) {
        throw new PermanentEventError(`invalid ${route.resource} record: ${result.invalid.map((i) => `${i.id ?? '?'}: ${i.error}`).join('; ').slice(0, 1_000)}`);
      }
      return { notices: result.notices };
    }
    case 'historical-sync-completed':
      return markHistoricalSyncCompleted(tx, integration, event.payload.data, event.sentAt);
    case 'connection-error':
      return applyConnectionError(tx, integration, event.payload.data, route.resolved);
    case 'ignore':
      return { notices: [], ignored: route.reason };
  }
}

export async function processWebhookEvent(eventId: string): Promise<ProcessOutcome> {
  const event = await claim(eventId);
  if (!event) return 'SKIPPED';
  const route = routeEvent(event.eventType);
  // Re-resolved on every run: a replayed event may now belong to a connection made since.
  const integration = await resolveIntegration(event.connectionId);
  if (!integration) return finishIgnored(eventId, 'unknown connection', null);
  if (integration.status === 'DISCONNECTED') return finishIgnored(eventId, 'connection is disconnected', integration);
  if (route.kind === 'ignore') return finishIgnored(eventId, route.reason, integration);

  // Network reads (truncated payloads) happen before the transaction opens, once.
  let records: unknown[] = [];
  try {
    if (route.kind === 'apply') records = await resolveEventRecords(event.payload, route.resource, integration.id);
  } catch (error) {
    throw error instanceof TruncatedPayloadError ? new PermanentEventError(error.message) : error;
  }

  try {
    return await applyInTransaction(event, route, integration, records, true);
  } catch (error) {
    // Something in the group failed (say, one companion's record is invalid): this event alone
    // decides its own fate; the companions stay PENDING for their own jobs.
    if (!(error instanceof GroupFailed)) throw error;
    return applyInTransaction(event, route, integration, records, false);
  }
}

class GroupFailed extends Error {}

/** Applies the event, together with ready companions of its integration when asked and there are any (companions.ts). */
async function applyInTransaction(
  event: ClaimedEvent, route: EventRoute, integration: IntegrationRef, records: unknown[], withCompanions: boolean,
): Promise<ProcessOutcome> {
  const eventId = event.id;
  const tx = await pool.connect();
  let notices: ChangeNotice[] = [];
  let ignored: string | null = null;
  try {
    await tx.query('BEGIN');
    // The event row is durable since its acknowledgement; this transaction only moves it to
    // PROCESSED together with its effect. If a crash loses the commit, both are lost together:
    // the event is PENDING again and the sweeper replays it. So skip the flush wait, as sync pages do.
    await tx.query('SET LOCAL synchronous_commit = off');
    const locked = await tx.query<{ status: string }>('SELECT status FROM trackstar_webhook_event WHERE id = $1 FOR UPDATE', [eventId]);
    if (locked.rows[0]?.status !== 'PENDING') {
      await tx.query('ROLLBACK');
      return 'SKIPPED';
    }
    const companions = withCompanions && route.kind === 'apply' ? await lockCompanions(tx, integration.id, eventId) : [];
    if (companions.length > 0 && route.kind === 'apply') {
      try {
        const own = records.map((record) => ({ eventId, resource: route.resource, record }));
        notices = await applyInRounds(tx, integration.brandId, integration.id, [...own, ...companions]);
      } catch (error) {
        throw new GroupFailed((error as Error).message);
      }
      await tx.query(
        `UPDATE trackstar_webhook_event
            SET status = 'PROCESSED', error = NULL, "processedAt" = now(), attempts = attempts + 1, "brandId" = $2
          WHERE id = ANY($1::uuid[])`,
        [companions.map((c) => c.eventId), integration.brandId],
      );
    } else {
      const result = await runHandler(tx, route, event, integration, records);
      notices = result.notices;
      ignored = result.ignored ?? null;
    }
    await tx.query(
      `UPDATE trackstar_webhook_event
          SET status = $2::"WebhookEventStatus", error = $3, "processedAt" = now(), "integrationId" = $4, "brandId" = $5
        WHERE id = $1`,
      [eventId, ignored ? 'IGNORED' : 'PROCESSED', ignored, integration.id, integration.brandId],
    );
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
          SET error = $2,
              status = CASE WHEN $3 THEN 'FAILED'::"WebhookEventStatus" ELSE status END,
              "processedAt" = CASE WHEN $3 THEN now() ELSE "processedAt" END
        WHERE id = $1 AND status = 'PENDING'`,
      [eventId, message, final],
    )
    .catch((e) => logger.error('could not record webhook failure', { eventId, error: e }));
}
