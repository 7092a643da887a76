// Applies one stored webhook event exactly once. The event row is locked and moved to PROCESSED
// inside the same transaction that applies its effect, so a job that runs twice (stall recovery,
// duplicate enqueue, sweeper, or an event already applied as another job's companion) finds it
// done and does nothing.
import type { PoolClient } from 'pg';
import { logger } from '../lib/logger.js';
import { pool } from '../pg.js';
import type { ChangeNotice } from '../changes/change-log.js';
import { runWriteTransaction, type WriteOutcome } from '../changes/write-transaction.js';
import { InvalidEventRecord, lockCompanions } from './companions.js';
import { applyConnectionDeleted, applyConnectionError, connectionCreated, markHistoricalSyncCompleted, type HandlerResult, type IntegrationRef } from './connection-events.js';
import { routeEvent, type EventRoute } from './event-routing.js';
import { isTruncated, readTruncatedRecord, TruncatedPayloadError } from './full-payload.js';
import { applyEventsAndReads, CurrentReads, SameSecondTies } from './same-second.js';
import { forgetSealedToken, markCompanionsProcessed, markPendingIgnored, markTakenIgnored, peekEvent, recordAttemptFailure, takeEvent, type PeekedEvent } from './store.js';
import { installFromConnectLink } from './connection-installed.js';
import type { ProcessOutcome } from './outcome.js';
import { confirmByWebhook } from '../sync/freshness.js';


/** An error that retrying cannot fix (bad record): the event fails at once. */
export class PermanentEventError extends Error {}

type ClaimedEvent = PeekedEvent & { payload: Record<string, unknown> };
type ApplyRoute = Extract<EventRoute, { kind: 'apply' }>;

/** One job's event and what it has gathered outside any transaction. */
type EventWork = {
  event: ClaimedEvent;
  route: EventRoute;
  integration: IntegrationRef;
  /** The records the event carries (none when truncated: its record is among `reads`). */
  carried: unknown[];
  /** Records read from Trackstar this run (truncated payloads, same-second ties). */
  reads: CurrentReads;
  /** Set by a handler whose effect needs Redis work once committed (connection-events.ts). */
  afterCommit?: () => Promise<void>;
};

async function finishIgnored(eventId: string, reason: string, integration: IntegrationRef | null): Promise<ProcessOutcome> {
  await markPendingIgnored(eventId, reason, integration);
  return 'IGNORED';
}

/** Events that change no synced record (records go through applyEventsAndReads). */
async function runHandler(tx: PoolClient, route: Exclude<EventRoute, { kind: 'apply' }>, event: ClaimedEvent, integration: IntegrationRef): Promise<HandlerResult> {
  switch (route.kind) {
    case 'historical-sync-completed':
      return markHistoricalSyncCompleted(tx, integration, event.payload.data, event.sentAt);
    case 'connection-error':
      return applyConnectionError(tx, integration, event.payload.data, route.resolved);
    case 'connection-deleted':
      return applyConnectionDeleted(tx, integration, event.payload.data, event.sentAt);
    case 'connection-created':
      await forgetSealedToken(tx, event.id);
      return connectionCreated();
    case 'upstream-stuck':
      // Nothing to change in Packr: the event stays in the inbox, where the health report shows it.
      logger.warn('trackstar reports a stuck sync job or schedule for the connection', { eventId: event.id, eventType: event.eventType, integrationId: integration.id });
      return { notices: [] };
    case 'ignore':
      return { notices: [], ignored: route.reason };
  }
}

export async function processWebhookEvent(eventId: string): Promise<ProcessOutcome> {
  const peeked = await peekEvent(eventId);
  if (!peeked || peeked.status !== 'PENDING' || !peeked.payload) return 'SKIPPED';
  const event = peeked as ClaimedEvent;
  const route = routeEvent(event.eventType);
  // Re-resolved on every run: a replayed event may now belong to a connection made since.
  const integration = event.integrationId && event.brandId ? { id: event.integrationId, brandId: event.brandId } : null;
  if (!integration) {
    // A new connection nobody holds yet may have come from a brand's connect link.
    if (route.kind === 'connection-created' && event.connectionId) return installFromConnectLink({ id: eventId, connectionId: event.connectionId, payload: event.payload });
    return finishIgnored(eventId, 'unknown connection', null);
  }
  if (event.integrationStatus === 'DISCONNECTED') return finishIgnored(eventId, 'connection is disconnected', integration);
  if (route.kind === 'ignore') return finishIgnored(eventId, route.reason, integration);

  // Network reads (a truncated payload's record, same-second ties) happen between transactions,
  // never while one holds the brand's rows; each record is read at most once per job.
  const reads = new CurrentReads(integration.id);
  const carried = route.kind === 'apply' ? await carriedRecords(event, route, integration.id, reads) : [];
  const work: EventWork = { event, route, integration, carried, reads };

  for (let round = 1; ; round++) {
    try {
      return await applyAloneIfGroupFails(work);
    } catch (error) {
      // Copies tied with stored rows (same-second.ts): read those records, then apply again. A
      // burst that keeps producing new ties is left to the job's retry after a few rounds.
      if (!(error instanceof SameSecondTies) || round > TIE_READ_ROUNDS) throw error;
      await reads.load(error.records);
    }
  }
}

/** The event's own record: as carried, or (truncated payload) read now and added to `reads`. */
async function carriedRecords(event: ClaimedEvent, route: ApplyRoute, integrationId: string, reads: CurrentReads): Promise<unknown[]> {
  if (!isTruncated(event.payload)) return [event.payload.data];
  try {
    const { id, record } = await readTruncatedRecord(event.payload, route.resource, integrationId);
    reads.add(route.resource, id, record);
    return [];
  } catch (error) {
    throw error instanceof TruncatedPayloadError ? new PermanentEventError(error.message) : error;
  }
}

/** Rounds of reading tied records one run makes before leaving the rest to a retry. */
const TIE_READ_ROUNDS = 3;

class GroupFailed extends Error {}

async function applyAloneIfGroupFails(work: EventWork): Promise<ProcessOutcome> {
  try {
    return await applyEvent(work, true);
  } catch (error) {
    // Something in the group failed (say, one companion's record is invalid): this event alone
    // decides its own fate; the companions stay PENDING for their own jobs.
    if (!(error instanceof GroupFailed)) throw error;
    return applyEvent(work, false);
  }
}

/**
 * Applies the event, together with ready companions of its integration when asked and there are
 * any (companions.ts), and the records this run read from Trackstar (same-second.ts).
 */
async function applyEvent(work: EventWork, withCompanions: boolean): Promise<ProcessOutcome> {
  // The event row is durable since its acknowledgement; this transaction only moves it to
  // PROCESSED together with its effect. If a crash loses the commit, both are lost together:
  // the event is PENDING again and the sweeper replays it. So skip the flush wait, as sync pages do.
  work.afterCommit = undefined;
  const outcome = await runWriteTransaction((tx) => applyEventIn(tx, work, withCompanions), { synchronousCommit: false });
  if (outcome !== 'SKIPPED') await touchLastWebhookAt(work.integration.id);
  // An applied event confirms Packr's copy of its resource is as current as Trackstar's (sync/freshness.ts).
  if (outcome === 'PROCESSED' && work.route.kind === 'apply') await confirmByWebhook(work.integration.id, work.route.resource);
  const afterCommit = work.afterCommit as (() => Promise<void>) | undefined;
  if (outcome === 'PROCESSED' && afterCommit) {
    await afterCommit().catch((error) => logger.warn('after-commit work of a webhook event failed; the reconciler will catch up', { eventId: work.event.id, error }));
  }
  return outcome;
}

async function applyEventIn(tx: PoolClient, work: EventWork, withCompanions: boolean): Promise<WriteOutcome<ProcessOutcome>> {
  const { event, route, integration } = work;
  // Already done by another job (or as its companion): nothing to keep.
  if (!(await takeEvent(tx, event.id, integration))) return { value: 'SKIPPED', notices: [], rollback: true };
  const { notices, ignored, afterCommit }: HandlerResult =
    route.kind === 'apply' ? { notices: await applyRecordsWithCompanions(tx, work, route, withCompanions) } : await runHandler(tx, route, event, integration);
  work.afterCommit = afterCommit;
  // A handler may decide the event changes nothing (say, an unsupported resource): IGNORED, with why.
  if (ignored) await markTakenIgnored(tx, event.id, ignored);
  return { value: ignored ? 'IGNORED' : 'PROCESSED', notices };
}

async function applyRecordsWithCompanions(tx: PoolClient, work: EventWork, route: ApplyRoute, withCompanions: boolean): Promise<ChangeNotice[]> {
  const { event, integration } = work;
  const companions = withCompanions ? await lockCompanions(tx, integration.id, event.id) : [];
  const own = work.carried.map((record) => ({ eventId: event.id, eventType: event.eventType, resource: route.resource, record }));
  let notices: ChangeNotice[];
  try {
    notices = await applyEventsAndReads(tx, integration.brandId, integration.id, [...own, ...companions], work.reads);
  } catch (error) {
    if (error instanceof SameSecondTies) throw error;
    if (companions.length > 0) throw new GroupFailed((error as Error).message);
    throw error instanceof InvalidEventRecord ? new PermanentEventError(error.message) : error;
  }
  if (companions.length > 0) await markCompanionsProcessed(tx, companions.map((c) => c.eventId), integration.brandId);
  return notices;
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
  await recordAttemptFailure(eventId, message, final).catch((e) => logger.error('could not record webhook failure', { eventId, error: e }));
}
