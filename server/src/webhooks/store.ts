// The webhook inbox (trackstar_webhook_event). Every delivery is written here before anything
// else happens: valid ones for processing, rejected ones (capped) for audit.
import { pool } from '../pg.js';

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
    SELECT * FROM json_to_recordset($1::json)
      AS u("deliveryId" text, "connectionId" text, "eventType" text, payload text, "sentAt" timestamptz)
  )
  INSERT INTO trackstar_webhook_event
    ("deliveryId", "eventType", "connectionId", "integrationId", "brandId", "signatureValid", payload, status, error, "sentAt", "processedAt")
  SELECT input."deliveryId", input."eventType", input."connectionId", integ.id, integ."brandId", true, input.payload::jsonb,
    (CASE WHEN integ.id IS NULL OR integ.status = 'DISCONNECTED' THEN 'IGNORED' ELSE 'PENDING' END)::"WebhookEventStatus",
    CASE WHEN input."connectionId" IS NULL THEN 'event has no connection_id'
         WHEN integ.id IS NULL THEN 'unknown connection'
         WHEN integ.status = 'DISCONNECTED' THEN 'connection is disconnected' END,
    input."sentAt",
    CASE WHEN integ.id IS NULL OR integ.status = 'DISCONNECTED' THEN now() END
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
    values: [JSON.stringify(inputs.map((i) => ({ ...i, eventType: i.eventType.slice(0, 200) })))],
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
