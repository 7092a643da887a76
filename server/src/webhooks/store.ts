// The webhook inbox (trackstar_webhook_event), and every statement on that table. Every delivery
// is written here before anything else happens: valid ones for processing, rejected ones (capped)
// for audit. The worker, sweeper, replay, re-resolve and health report read and move events only
// through the functions below.
import type { PoolClient } from 'pg';
import { db } from '../db.js';
import { pool } from '../pg.js';
import { SEALED_TOKEN_KEY, sealConnectionCreatedToken } from './connection-token.js';

/** Rejected deliveries keep only this much of their body, so junk cannot fill the database. */
export const REJECTED_PAYLOAD_CAP = 4 * 1024;

export type StoredDelivery = {
  /** null when this delivery id was already stored (a duplicate: acknowledge, do nothing). */
  eventId: string | null;
  status: 'PENDING' | 'IGNORED' | null;
  integrationId: string | null;
};

export type DeliveryInput = {
  deliveryId: string;
  eventType: string;
  connectionId: string | null;
  payload: string;
  sentAt: Date;
};

/** Inserts one verified delivery (see storeDeliveries). */
export async function storeDelivery(input: DeliveryInput): Promise<StoredDelivery> {
  return (await storeDeliveries([input]))[0];
}

const INSERT_DELIVERIES = `
  WITH input AS (
    SELECT u.*,
           -- A new connection's announcement: it may have been installed through a connect link
           -- (webhooks/connection-installed.ts), so it is worked on even though nobody holds it yet.
           (u."eventType" = 'connection.created' AND u."connectionId" IS NOT NULL) AS "mayInstall"
      FROM json_to_recordset($1::json)
      AS u("deliveryId" text, "connectionId" text, "eventType" text, payload text, "sentAt" timestamptz)
  )
  INSERT INTO trackstar_webhook_event
    ("deliveryId", "eventType", "connectionId", "integrationId", "brandId", "signatureValid", payload, status, error, "sentAt", "processedAt")
  SELECT input."deliveryId", input."eventType", input."connectionId", integ.id, integ."brandId", true,
    -- connection.created carries the connection's permanent access token: never kept in the clear
    -- here (storeDeliveries seals it first; this removes any plain copy that got through), and not
    -- even sealed for a connection Packr already holds (its token came from the Link exchange).
    CASE WHEN input."eventType" = 'connection.created'
         THEN (input.payload::jsonb #- '{data,access_token}') #- (CASE WHEN integ.id IS NULL THEN '{}' ELSE ARRAY['data', $2::text] END)::text[]
         ELSE input.payload::jsonb END,
    (CASE WHEN (integ.id IS NULL AND NOT input."mayInstall") OR integ.status = 'DISCONNECTED' THEN 'IGNORED' ELSE 'PENDING' END)::"WebhookEventStatus",
    CASE WHEN input."connectionId" IS NULL THEN 'event has no connection_id'
         WHEN integ.id IS NULL AND NOT input."mayInstall" THEN 'unknown connection'
         WHEN integ.status = 'DISCONNECTED' THEN 'connection is disconnected' END,
    input."sentAt",
    CASE WHEN (integ.id IS NULL AND NOT input."mayInstall") OR integ.status = 'DISCONNECTED' THEN now() END
  FROM input LEFT JOIN brand_integration integ ON integ."connectionId" = input."connectionId"
  ON CONFLICT ("deliveryId") DO NOTHING
  RETURNING id, status, "integrationId", "deliveryId"`;

/**
 * Inserts verified deliveries in one statement and one commit (the commit's fsync is the cost
 * that matters, so concurrent deliveries share it). Each connection is resolved to its integration
 * and brand in the same round trip; unknown or disconnected connections are stored IGNORED.
 * Results are in input order; a delivery id stored before (or earlier in the same call) is a
 * duplicate. Runs on the pool's default synchronous_commit: an answer means the row is durable.
 */
export async function storeDeliveries(inputs: DeliveryInput[]): Promise<StoredDelivery[]> {
  if (inputs.length === 0) return [];
  // One JSON parameter (a single native JSON.stringify) instead of five text[] parameters, whose
  // array-literal escaping in JavaScript cost more than the insert itself; a named statement is
  // parsed and planned once per connection. Together they halve the receiver's CPU per flush.
  const { rows } = await pool.query<{ id: string; status: 'PENDING' | 'IGNORED'; integrationId: string | null; deliveryId: string }>({
    name: 'webhook-inbox-insert',
    text: INSERT_DELIVERIES,
    values: [JSON.stringify(inputs.map((i) => ({
      ...i, eventType: i.eventType.slice(0, 200), payload: i.eventType === 'connection.created' ? sealConnectionCreatedToken(i.payload) : i.payload,
    }))), SEALED_TOKEN_KEY],
  });
  const byId = new Map(rows.map((r) => [r.deliveryId, r]));
  return inputs.map((i) => {
    const row = byId.get(i.deliveryId);
    byId.delete(i.deliveryId); // a repeat of the id within this call is a duplicate
    return row ? { eventId: row.id, status: row.status, integrationId: row.integrationId } : { eventId: null, status: null, integrationId: null };
  });
}

/**
 * Records a delivery that was refused (bad signature, bad headers, bad JSON). deliveryId stays null
 * for unauthenticated ones: an attacker must not be able to occupy a real delivery id.
 */
export async function recordRejected(input: {
  deliveryId: string | null;
  signatureValid: boolean;
  eventType?: string;
  status: 'FAILED' | 'IGNORED';
  reason: string;
  raw: string;
  sentAt?: Date | null;
}): Promise<void> {
  const capped = input.raw.slice(0, REJECTED_PAYLOAD_CAP);
  await pool.query(
    `INSERT INTO trackstar_webhook_event ("deliveryId", "eventType", "signatureValid", payload, status, error, "sentAt", "processedAt")
     VALUES ($1, $2, $3, $4::jsonb, $5::"WebhookEventStatus", $6, $7, now())
     ON CONFLICT ("deliveryId") DO NOTHING`,
    [input.deliveryId, (input.eventType ?? 'unknown').slice(0, 200), input.signatureValid, JSON.stringify({ raw: capped, truncated: capped.length < input.raw.length }), input.status, input.reason, input.sentAt ?? null],
  );
}

/**
 * Keeps only the newest `keep` unauthenticated refusals (signature did not verify): anyone can send
 * those, so their audit sample must have a fixed size. Walks the (status, receivedAt) index from
 * the newest FAILED row, so the cost follows `keep`, not the size of the inbox.
 */
export async function pruneUnauthenticatedRejections(keep: number): Promise<number> {
  const { rowCount } = await pool.query(
    `DELETE FROM trackstar_webhook_event WHERE id IN (
       SELECT id FROM trackstar_webhook_event
        WHERE status = 'FAILED' AND "signatureValid" = false
        ORDER BY "receivedAt" DESC
        OFFSET $1)`,
    [keep],
  );
  return rowCount ?? 0;
}

// ---- Processing (webhooks/process-event.ts, companions.ts) ----

/** An event with its connection's integration as it is now (a replay may find a newer one). */
export type PeekedEvent = {
  id: string; eventType: string; connectionId: string | null; status: string;
  /** Only read while PENDING: a finished event's body is not needed. */
  payload: Record<string, unknown> | null; sentAt: Date | null;
  integrationId: string | null; brandId: string | null; integrationStatus: string | null;
};

/**
 * Reads the event and its connection's integration in one round trip, without a lock or a write.
 * Under a burst most jobs find their event already applied as a companion of another job's
 * transaction; for them this SELECT is all the work there is.
 */
export async function peekEvent(eventId: string): Promise<PeekedEvent | null> {
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

type IntegrationIds = { id: string; brandId: string };

/** A PENDING event that needs no transaction to finish: IGNORED, with why. */
export async function markPendingIgnored(eventId: string, reason: string, integration: IntegrationIds | null): Promise<void> {
  await pool.query(
    `UPDATE trackstar_webhook_event
        SET status = 'IGNORED', error = $2, "processedAt" = now(), attempts = attempts + 1,
            "integrationId" = COALESCE($3, "integrationId"), "brandId" = COALESCE($4, "brandId"),
            -- A connection.created left unused keeps no token, not even sealed (connection-token.ts).
            payload = CASE WHEN "eventType" = 'connection.created' THEN payload #- ARRAY['data', $5::text] ELSE payload END
      WHERE id = $1 AND status = 'PENDING'`,
    [eventId, reason, integration?.id ?? null, integration?.brandId ?? null, SEALED_TOKEN_KEY],
  );
}

/**
 * Finishes a connection.created worked on without an integration (connection-installed.ts): PROCESSED
 * for the integration it was attached to, or IGNORED with why. Either way its sealed token goes:
 * an attached connection's token now lives on the integration.
 */
export async function finishConnectionCreated(eventId: string, outcome: { integration: IntegrationIds } | { ignored: string }): Promise<boolean> {
  const integration = 'integration' in outcome ? outcome.integration : null;
  const { rowCount } = await pool.query(
    `UPDATE trackstar_webhook_event
        SET status = $2::"WebhookEventStatus", error = $3, "processedAt" = now(), attempts = attempts + 1,
            "integrationId" = COALESCE($4, "integrationId"), "brandId" = COALESCE($5, "brandId"),
            payload = payload #- ARRAY['data', $6::text]
      WHERE id = $1 AND status = 'PENDING'`,
    [eventId, integration ? 'PROCESSED' : 'IGNORED', 'ignored' in outcome ? outcome.ignored : null, integration?.id ?? null, integration?.brandId ?? null, SEALED_TOKEN_KEY],
  );
  return rowCount !== 0;
}

/** A connection.created applied for a connection Packr already holds: its sealed token is not needed. */
export async function forgetSealedToken(tx: PoolClient, eventId: string): Promise<void> {
  await tx.query(`UPDATE trackstar_webhook_event SET payload = payload #- ARRAY['data', $2::text] WHERE id = $1`, [eventId, SEALED_TOKEN_KEY]);
}

/**
 * Locks the event and marks it PROCESSED in one statement; a rollback undoes both. It waits while
 * another job's transaction holds the row as a companion, then finds it PROCESSED (false), or
 * PENDING again if that transaction rolled back.
 */
export async function takeEvent(tx: PoolClient, eventId: string, integration: IntegrationIds): Promise<boolean> {
  const taken = await tx.query({
    name: 'webhook-event-take',
    text: `UPDATE trackstar_webhook_event
              SET status = 'PROCESSED', error = NULL, "processedAt" = now(), attempts = attempts + 1,
                  "integrationId" = $2, "brandId" = $3
            WHERE id = $1 AND status = 'PENDING'
            RETURNING id`,
    values: [eventId, integration.id, integration.brandId],
  });
  return taken.rowCount !== 0;
}

/** A taken event whose handler decided it changes nothing: IGNORED, with why. */
export async function markTakenIgnored(tx: PoolClient, eventId: string, reason: string): Promise<void> {
  await tx.query(`UPDATE trackstar_webhook_event SET status = 'IGNORED', error = $2 WHERE id = $1`, [eventId, reason]);
}

export type CompanionRow = { id: string; eventType: string; data: unknown };

/**
 * Locks (SKIP LOCKED: never waits for another job's events) up to `limit` other PENDING events of
 * the integration with full payloads, oldest first.
 */
export async function lockPendingWithFullPayload(tx: PoolClient, integrationId: string, excludeEventId: string, limit: number): Promise<CompanionRow[]> {
  const { rows } = await tx.query<CompanionRow>({
    name: 'webhook-lock-companions',
    text: `SELECT id, "eventType", payload->'data' AS data
       FROM trackstar_webhook_event
      WHERE status = 'PENDING' AND "integrationId" = $1 AND id <> $2
        AND (payload->>'data_truncated') IS DISTINCT FROM 'true'
      ORDER BY "receivedAt"
      LIMIT $3
      FOR UPDATE SKIP LOCKED`,
    values: [integrationId, excludeEventId, limit],
  });
  return rows;
}

/** Companions applied in the taking event's transaction are done with it. */
export async function markCompanionsProcessed(tx: PoolClient, eventIds: string[], brandId: string): Promise<void> {
  await tx.query({
    name: 'webhook-companions-done',
    text: `UPDATE trackstar_webhook_event
              SET status = 'PROCESSED', error = NULL, "processedAt" = now(), attempts = attempts + 1, "brandId" = $2
            WHERE id = ANY($1::uuid[])`,
    values: [eventIds, brandId],
  });
}

/** Counts a failed attempt; `final` makes the event FAILED. */
export async function recordAttemptFailure(eventId: string, message: string, final: boolean): Promise<void> {
  await pool.query(
    `UPDATE trackstar_webhook_event
        SET error = $2, attempts = attempts + 1,
            status = CASE WHEN $3 THEN 'FAILED'::"WebhookEventStatus" ELSE status END,
            "processedAt" = CASE WHEN $3 THEN now() ELSE "processedAt" END
      WHERE id = $1 AND status = 'PENDING'`,
    [eventId, message, final],
  );
}

// ---- Sweeping, replay and re-resolve ----

export type QueueableEvent = { id: string; deliveryId: string; integrationId: string | null };

/** PENDING events received more than `olderThanMs` ago, oldest first (jobs/webhook-sweeper.ts). */
export async function listOverduePending(olderThanMs: number, limit: number): Promise<QueueableEvent[]> {
  const { rows } = await pool.query<QueueableEvent>(
    `SELECT id, "deliveryId", "integrationId" FROM trackstar_webhook_event
      WHERE status = 'PENDING' AND "deliveryId" IS NOT NULL AND "receivedAt" < now() - make_interval(secs => $1)
      ORDER BY "receivedAt" LIMIT $2`,
    [olderThanMs / 1000, limit],
  );
  return rows;
}

export type ReplayableEvent = { status: string; deliveryId: string | null; integrationId: string | null; brandId: string; eventType: string; error: string | null; processedAt: Date | null };

/** The event if it belongs to the 3PL (null for events of other tenants). */
export async function findEventOfThreePL(eventId: string, threePLId: string): Promise<ReplayableEvent | null> {
  const { rows } = await pool.query<ReplayableEvent>(
    `SELECT e.status::text AS status, e."deliveryId", e."integrationId", b.id AS "brandId", e."eventType", e.error, e."processedAt"
       FROM trackstar_webhook_event e
       -- An event of a then-unknown connection belongs to whoever holds that connection now.
       LEFT JOIN brand_integration i ON i."connectionId" = e."connectionId"
       JOIN brand b ON b.id = COALESCE(e."brandId", i."brandId")
      WHERE e.id = $1 AND b."threePLId" = $2`,
    [eventId, threePLId],
  );
  return rows[0] ?? null;
}

/** Back to PENDING if still in `status`; false when it changed meanwhile. */
export async function resetToPending(eventId: string, status: string): Promise<boolean> {
  const reset = await pool.query(
    `UPDATE trackstar_webhook_event SET status = 'PENDING', error = NULL, "processedAt" = NULL
      WHERE id = $1 AND status = $2::"WebhookEventStatus"`,
    [eventId, status],
  );
  return reset.rowCount !== 0;
}

/** Undoes resetToPending while the event is still PENDING. */
export async function restoreFinished(eventId: string, before: Pick<ReplayableEvent, 'status' | 'error' | 'processedAt'>): Promise<void> {
  await pool.query(
    `UPDATE trackstar_webhook_event SET status = $2::"WebhookEventStatus", error = $3, "processedAt" = $4 WHERE id = $1 AND status = 'PENDING'`,
    [eventId, before.status, before.error, before.processedAt],
  );
}

/**
 * Moves IGNORED "unknown connection" events of the connection received in the last `windowMs`
 * back to PENDING with its integration and brand. One statement: the integration is resolved and
 * the rows are claimed atomically, so a concurrent call (or a disconnected integration) cannot
 * reset an event twice or wrongly.
 */
export async function resetUnknownConnectionEvents(connectionId: string, windowMs: number): Promise<{ id: string; deliveryId: string; integrationId: string }[]> {
  const { rows } = await pool.query<{ id: string; deliveryId: string; integrationId: string }>(
    `UPDATE trackstar_webhook_event e
        SET status = 'PENDING', error = NULL, "processedAt" = NULL, "integrationId" = i.id, "brandId" = i."brandId"
       FROM brand_integration i
      WHERE i."connectionId" = $1 AND i.status <> 'DISCONNECTED'
        AND e."connectionId" = $1 AND e.status = 'IGNORED' AND e.error = 'unknown connection'
        AND e."deliveryId" IS NOT NULL AND e."receivedAt" > now() - make_interval(secs => $2)
      RETURNING e.id, e."deliveryId", e."integrationId"`,
    [connectionId, windowMs / 1000],
  );
  return rows;
}

// ---- Reads for the health report ----

/** The brand's newest events, newest first. */
/** Event types in which Trackstar reports its own sync of the connection stuck (event-routing.ts). */
export const UPSTREAM_STUCK_EVENTS = ['connection.sync-job-stuck', 'connection.schedule-stuck'] as const;

/** The brand's latest such reports since `since`, newest first (a partial index holds only these). */
export function stuckReportsOfBrand(brandId: string, since: Date, limit: number) {
  return db.trackstarWebhookEvent.findMany({
    where: { brandId, eventType: { in: [...UPSTREAM_STUCK_EVENTS] }, receivedAt: { gte: since } },
    orderBy: { receivedAt: 'desc' },
    take: limit,
    select: { id: true, eventType: true, sentAt: true, receivedAt: true, payload: true },
  });
}

export function recentEventsOfBrand(brandId: string, limit: number) {
  return db.trackstarWebhookEvent.findMany({
    where: { brandId },
    orderBy: { receivedAt: 'desc' },
    take: limit,
    select: { id: true, deliveryId: true, eventType: true, status: true, attempts: true, error: true, sentAt: true, receivedAt: true, processedAt: true },
  });
}
