// Applies one stored webhook event exactly once. The event row is claimed with FOR UPDATE inside
// the same transaction that applies its effect and marks it PROCESSED, so a job that runs twice
// (stall recovery, duplicate enqueue, sweeper) finds it done and does nothing.
import type { PoolClient } from 'pg';
import { logger } from '../lib/logger.js';
import { pool } from '../pg.js';
import { publishChanges, type ChangeNotice } from '../realtime/change-feed.js';
import { applyRecords } from '../sync/apply.js';
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

  // Network reads (truncated payloads) happen before the transaction opens.
  let records: unknown[] = [];
  try {
    if (route.kind === 'apply') records = await resolveEventRecords(event.payload, route.resource, integration.id);
  } catch (error) {
    throw error instanceof TruncatedPayloadError ? new PermanentEventError(error.message) : error;
  }

  const tx = await pool.connect();
  let notices: ChangeNotice[] = [];
  let outcome: ProcessOutcome = 'PROCESSED';
  try {
    await tx.query('BEGIN');
    const locked = await tx.query<{ status: string }>('SELECT status FROM trackstar_webhook_event WHERE id = $1 FOR UPDATE', [eventId]);
    if (locked.rows[0]?.status !== 'PENDING') {
      await tx.query('ROLLBACK');
      return 'SKIPPED';
    }
    const result = await runHandler(tx, route, event, integration, records);
    notices = result.notices;
    outcome = result.ignored ? 'IGNORED' : 'PROCESSED';
    await tx.query(
      `UPDATE trackstar_webhook_event
          SET status = $2::"WebhookEventStatus", error = $3, "processedAt" = now(), "integrationId" = $4, "brandId" = $5
        WHERE id = $1`,
      [eventId, outcome, result.ignored ?? null, integration.id, integration.brandId],
    );
    await tx.query('COMMIT');
  } catch (error) {
    await tx.query('ROLLBACK').catch(() => {});
    throw error;
  } finally {
    tx.release();
  }
  await publishChanges(notices);
  // Outside the transaction: advisory, and taking this row lock after the brand's could deadlock.
  await pool.query('UPDATE brand_integration SET "lastWebhookAt" = now() WHERE id = $1', [integration.id]).catch(() => {});
  return outcome;
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
