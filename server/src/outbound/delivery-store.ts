// The dispatcher's SQL: fan events out into deliveries, claim due deliveries under a lease, and
// record each try with its effect on the delivery (next retry, SUCCEEDED, FAILED) and on the
// endpoint's health. Everything is in PostgreSQL, so a restart of the worker (or Redis, which
// plays no part) loses nothing: an unclaimed delivery waits, a claimed one whose worker died is
// claimed again once its lease has passed.
import type pg from 'pg';
import { NOW } from '../pg.js';
import { TEST_EVENT_TYPE } from './event-types.js';
import type { TryResult } from './send.js';

type Db = Pick<pg.Pool, 'query'>;

/**
 * Creates one delivery per enabled endpoint that wants each unfanned event (its types and brands),
 * oldest events first, in batches; returns how many events it took. SKIP LOCKED lets several
 * workers fan out side by side. A test event has its delivery already and matches no filter.
 */
export async function fanOut(db: Db, batch: number): Promise<number> {
  const { rowCount } = await db.query({
    name: 'outbound-fan-out',
    text: `WITH batch AS (
             SELECT id, "threePLId", "brandId", type FROM outbound_event
              WHERE "fannedOutAt" IS NULL ORDER BY "createdAt" LIMIT $1 FOR UPDATE SKIP LOCKED
           ), created AS (
             INSERT INTO outbound_delivery ("threePLId", "endpointId", "eventId", "nextAttemptAt")
             SELECT b."threePLId", e.id, b.id, ${NOW}
               FROM batch b JOIN webhook_endpoint e ON e."threePLId" = b."threePLId" AND e.enabled
              WHERE b.type <> $2
                AND (coalesce(cardinality(e."eventTypes"), 0) = 0 OR b.type = ANY (e."eventTypes"))
                AND (coalesce(cardinality(e."brandIds"), 0) = 0 OR b."brandId" = ANY (e."brandIds"))
             ON CONFLICT ("endpointId", "eventId") DO NOTHING
           )
           UPDATE outbound_event ev SET "fannedOutAt" = ${NOW} FROM batch WHERE ev.id = batch.id`,
    values: [batch, TEST_EVENT_TYPE],
  });
  return rowCount ?? 0;
}

export type ClaimedDelivery = {
  id: string;
  endpointId: string;
  threePLId: string;
  eventId: string;
  attempts: number;
  /** The stored payload as sent: the same bytes on every try. */
  body: string;
  url: string;
  secretCiphertext: string;
  /** When the event was stored (epoch ms): the delivery latency metric starts there. */
  eventStoredAtMs: number;
};

/**
 * Leases up to `limit` due deliveries of enabled endpoints, oldest due first, never more than
 * `perEndpoint` in flight per endpoint (counting other workers' leases), so a slow receiver holds
 * at most its own few slots while the others keep flowing.
 */
export async function claimDue(db: Db, options: { limit: number; perEndpoint: number; leaseMs: number }): Promise<ClaimedDelivery[]> {
  if (options.limit <= 0) return [];
  const { rows } = await db.query<ClaimedDelivery>({
    name: 'outbound-claim',
    text: `WITH slots AS (
             SELECT e.id AS "endpointId",
                    $2::int - (SELECT count(*) FROM outbound_delivery l
                                WHERE l."endpointId" = e.id AND l.status = 'PENDING' AND l."leaseUntil" IS NOT NULL AND l."leaseUntil" > ${NOW})::int AS free
               FROM webhook_endpoint e WHERE e.enabled
           ), due AS (
             SELECT x.id FROM slots s
             CROSS JOIN LATERAL (
               SELECT d.id, d."nextAttemptAt" FROM outbound_delivery d
                WHERE d."endpointId" = s."endpointId" AND d.status = 'PENDING' AND d."nextAttemptAt" <= ${NOW}
                  AND (d."leaseUntil" IS NULL OR d."leaseUntil" <= ${NOW})
                ORDER BY d."nextAttemptAt" LIMIT greatest(s.free, 0)
             ) x
             ORDER BY x."nextAttemptAt" LIMIT $1
           ), locked AS (
             -- = ANY(ARRAY(...)), not IN (SELECT ...): the planner cannot turn it into a semi join
             -- that reads every pending delivery, which under a backlog made each claim cost more
             -- the further behind delivery was. These are at most $1 primary-key lookups.
             SELECT d.id FROM outbound_delivery d
              WHERE d.id = ANY (ARRAY(SELECT id FROM due)) AND d.status = 'PENDING' AND (d."leaseUntil" IS NULL OR d."leaseUntil" <= ${NOW})
              FOR UPDATE SKIP LOCKED
           )
           UPDATE outbound_delivery d SET "leaseUntil" = ${NOW} + make_interval(secs => $3::float8)
             FROM locked, outbound_event ev, webhook_endpoint e
            WHERE d.id = locked.id AND ev.id = d."eventId" AND e.id = d."endpointId"
           RETURNING d.id, d."endpointId", d."threePLId", d."eventId", d.attempts, ev.payload::text AS body, e.url, e."secretCiphertext",
                     -- Stored as UTC without a zone; epoch milliseconds avoid the driver reading it as local time.
                     (extract(epoch FROM ev."createdAt") * 1000)::float8 AS "eventStoredAtMs"`,
    values: [options.limit, options.perEndpoint, options.leaseMs / 1000],
  });
  return rows;
}

const attemptInsert = `INSERT INTO outbound_attempt ("deliveryId", "endpointId", at, "statusCode", error, "durationMs", "responseBody")
                       SELECT $1, d."endpointId", ${NOW}, $2, $3, $4, $5 FROM d`;

/**
 * 2xx answers: each delivery SUCCEEDED with its try logged, and their endpoints are healthy again.
 * One statement for a whole batch (the dispatcher gathers the successes of a few milliseconds), so
 * all or nothing, and one round trip instead of one per delivery. The endpoint row, which every
 * success of that endpoint would otherwise rewrite (and lock), is written only when it was failing
 * or its lastSuccessAt is more than a second old: lastSuccessAt is exact to a second.
 */
export async function recordSuccesses(db: Db, successes: readonly { deliveryId: string; result: TryResult }[]): Promise<void> {
  if (successes.length === 0) return;
  await db.query({
    name: 'outbound-record-successes',
    text: `WITH r AS (
             SELECT * FROM unnest($1::uuid[], $2::int[], $3::int[], $4::text[]) AS r(id, code, ms, body)
           ), d AS (
             UPDATE outbound_delivery d SET status = 'SUCCEEDED', attempts = attempts + 1, "lastAttemptAt" = ${NOW}, "lastStatusCode" = r.code,
                    "lastError" = NULL, "deliveredAt" = ${NOW}, "nextAttemptAt" = NULL, "leaseUntil" = NULL
               FROM r WHERE d.id = r.id RETURNING d.id, d."endpointId"
           ), a AS (
             INSERT INTO outbound_attempt ("deliveryId", "endpointId", at, "statusCode", error, "durationMs", "responseBody")
             SELECT r.id, d."endpointId", ${NOW}, r.code, NULL, r.ms, r.body FROM r JOIN d ON d.id = r.id
           )
           UPDATE webhook_endpoint w SET "lastSuccessAt" = ${NOW}, "failingSince" = NULL
            WHERE w.id IN (SELECT "endpointId" FROM d)
              AND (w."failingSince" IS NOT NULL OR w."lastSuccessAt" IS NULL OR w."lastSuccessAt" < ${NOW} - interval '1 second')`,
    values: [
      successes.map((s) => s.deliveryId),
      successes.map((s) => s.result.statusCode),
      successes.map((s) => s.result.durationMs),
      successes.map((s) => s.result.responseBody),
    ],
  });
}

/**
 * A failed try: the next one after the schedule's wait for this many failures, or FAILED after
 * the last. The endpoint's failure streak starts at its first failure after a success. Returns
 * the endpoint to disable when it has now been failing for `disableAfterMs` (null otherwise).
 */
export async function recordFailure(
  db: Db,
  deliveryId: string,
  result: TryResult,
  options: { scheduleSeconds: readonly number[]; disableAfterMs: number },
): Promise<{ id: string; threePLId: string; url: string } | null> {
  const { rows } = await db.query<{ endpointId: string }>({
    name: 'outbound-record-failure',
    text: `WITH d AS (
             UPDATE outbound_delivery SET attempts = attempts + 1, "lastAttemptAt" = ${NOW}, "lastStatusCode" = $2, "lastError" = $3, "leaseUntil" = NULL,
                    status = (CASE WHEN attempts >= cardinality($6::float8[]) THEN 'FAILED' ELSE 'PENDING' END)::"OutboundDeliveryStatus",
                    "nextAttemptAt" = CASE WHEN attempts >= cardinality($6::float8[]) THEN NULL
                                           ELSE ${NOW} + make_interval(secs => ($6::float8[])[attempts + 1]) END
              WHERE id = $1 RETURNING "endpointId"
           ), a AS (${attemptInsert})
           UPDATE webhook_endpoint w SET "lastFailureAt" = ${NOW}, "failingSince" = coalesce(w."failingSince", ${NOW})
             FROM d WHERE w.id = d."endpointId" RETURNING w.id AS "endpointId"`,
    values: [deliveryId, result.statusCode, result.error, result.durationMs, result.responseBody, options.scheduleSeconds],
  });
  if (rows.length === 0) return null;
  const disabled = await db.query<{ id: string; threePLId: string; url: string }>({
    name: 'outbound-disable-failing',
    text: `UPDATE webhook_endpoint SET enabled = false, "disabledAt" = ${NOW}, "disabledReason" = $3
            WHERE id = $1 AND enabled AND "failingSince" <= ${NOW} - make_interval(secs => $2::float8)
           RETURNING id, "threePLId", url`,
    values: [rows[0].endpointId, options.disableAfterMs / 1000, `Every try failed for ${describeSpan(options.disableAfterMs)}`],
  });
  return disabled.rows[0] ?? null;
}

function describeSpan(ms: number): string {
  const hours = ms / 3_600_000;
  if (hours >= 48) return `${Math.round(hours / 24)} days`;
  if (hours >= 1) return `${Math.round(hours * 10) / 10} hours`;
  return `${Math.max(1, Math.round(ms / 1000))} seconds`;
}
