// The attention rules: each one SQL SELECT over one brand's rows, through the partial index made
// for it (migration 20261206080000_attention; each WHERE repeats its index's predicate word for
// word so the planner can use it). Every rule yields rows of one shape, the item it wants open:
//   kind, recordType, recordId, reason, rawStatus, since, and the record's typed column.
// Parameters: $1 brand id, $2 late-order window (hours), $3 return restock days, $4 the brand's
// low-stock threshold, $5 freshness window (minutes), $6 stall time (seconds).
//
// Reasons are short sentences; `{ago}` and `{in}` stand for the time since / until `since` and are
// filled in when read (reasons.ts), so the stored text stays the same while the clock moves and a
// refresh only reports real changes.
import { NOW } from '../pg.js';

export const ATTENTION_KINDS = ['LATE_ORDER', 'ORDER_EXCEPTION', 'OVERDUE_INBOUND', 'RETURN_NOT_RESTOCKED', 'LOW_STOCK', 'CONNECTION'] as const;
export type AttentionKindName = (typeof ATTENTION_KINDS)[number];

/**
 * Kinds whose `since` is when Packr first saw the condition (or a time read once when it opened):
 * kept while the item stays open with the same raw status, so a later refresh does not move it.
 * The others' since is a date of the record itself (ship date, expected arrival, receipt).
 */
export const STICKY_SINCE: readonly AttentionKindName[] = ['ORDER_EXCEPTION', 'LOW_STOCK', 'CONNECTION'];

type Typed = 'orderId' | 'inventoryItemId' | 'inboundShipmentId' | 'returnId' | 'integrationId';
const TYPED: Typed[] = ['orderId', 'inventoryItemId', 'inboundShipmentId', 'returnId', 'integrationId'];

/** The typed record columns: the rule's own record id in its column, null in the others. */
const typed = (column: Typed, id: string) => TYPED.map((c) => (c === column ? `${id} AS "${c}"` : `NULL::uuid AS "${c}"`)).join(', ');

/** Human names of the sync resources, for CONNECTION reasons. */
const RESOURCE_LABEL = `lower(replace(s.resource::text, '_', ' '))`;

export const RULES: Record<AttentionKindName, string> = {
  // Open orders whose required ship date has passed or falls within the window.
  LATE_ORDER: `
    SELECT 'LATE_ORDER'::"AttentionKind" AS kind, 'Order' AS "recordType", o.id AS "recordId",
           CASE WHEN o."requiredShipDate" <= ${NOW} THEN 'Required ship date passed {ago}' ELSE 'Required ship date {in}' END AS reason,
           coalesce(o."rawStatus", o.status::text) AS "rawStatus", o."requiredShipDate" AS since, ${typed('orderId', 'o.id')}
      FROM "order" o
     WHERE o."brandId" = $1
       AND o."deletedAt" IS NULL AND o."requiredShipDate" IS NOT NULL AND o."status" NOT IN ('FULFILLED', 'CANCELLED')
       AND o."requiredShipDate" <= ${NOW} + make_interval(hours => $2::int)`,

  // Exception, backordered or on hold (OTHER with a raw status naming a hold). Since: when Packr saw
  // the status change to it (the audit trail's latest status change that had a before value), else
  // the order's last change in the WMS.
  ORDER_EXCEPTION: `
    SELECT 'ORDER_EXCEPTION'::"AttentionKind", 'Order', o.id,
           CASE o.status WHEN 'EXCEPTION' THEN 'In exception' WHEN 'BACKORDERED' THEN 'Backordered' ELSE 'On hold' END
             || coalesce(' (WMS status "' || o."rawStatus" || '")', '') || ' since {ago}',
           coalesce(o."rawStatus", o.status::text),
           coalesce((SELECT max(a.at) FROM audit_log a
                      WHERE a."brandId" = o."brandId" AND a."recordId" = o.id AND a.changes -> 'status' ->> 0 IS NOT NULL),
                    o."updatedAtRemote"),
           ${typed('orderId', 'o.id')}
      FROM "order" o
     WHERE o."brandId" = $1
       AND o."deletedAt" IS NULL AND (o."status" IN ('EXCEPTION', 'BACKORDERED') OR (o."status" = 'OTHER' AND o."rawStatus" ILIKE '%hold%'))`,

  // Inbound shipments past their expected arrival and not received (or cancelled).
  OVERDUE_INBOUND: `
    SELECT 'OVERDUE_INBOUND'::"AttentionKind", 'InboundShipment', s.id, 'Expected arrival passed {ago}, not received',
           coalesce(s."rawStatus", s.status::text), s."expectedArrivalDate", ${typed('inboundShipmentId', 's.id')}
      FROM inbound_shipment s
     WHERE s."brandId" = $1
       AND s."deletedAt" IS NULL AND s."expectedArrivalDate" IS NOT NULL AND s."status" NOT IN ('RECEIVED', 'CANCELLED')
       AND s."expectedArrivalDate" < ${NOW}`,

  // Returns with received units not restocked, received more than N days ago. Received: the latest
  // returned_date of its lines, else the latest arrival of its shipments, else its last change.
  RETURN_NOT_RESTOCKED: `
    SELECT 'RETURN_NOT_RESTOCKED'::"AttentionKind", 'Return', r.id, 'Received {ago}, not restocked',
           coalesce(r."rawStatus", r.status::text), got.at, ${typed('returnId', 'r.id')}
      FROM "return" r
      CROSS JOIN LATERAL (
        SELECT coalesce(
          (SELECT max((l ->> 'returned_date')::timestamptz AT TIME ZONE 'UTC') FROM jsonb_array_elements(r."lineItems") l
            WHERE jsonb_typeof(r."lineItems") = 'array' AND l ->> 'returned_date' ~ '^\\d{4}-\\d\\d-\\d\\dT'),
          (SELECT max((x ->> 'arrived_date')::timestamptz AT TIME ZONE 'UTC') FROM jsonb_array_elements(r.shipments) x
            WHERE jsonb_typeof(r.shipments) = 'array' AND x ->> 'arrived_date' ~ '^\\d{4}-\\d\\d-\\d\\dT'),
          r."updatedAtRemote") AS at
      ) got
     WHERE r."brandId" = $1
       AND r."deletedAt" IS NULL AND r."status" IN ('RECEIVING', 'RECEIVED') AND attention_return_unrestocked(r."lineItems")
       AND got.at <= ${NOW} - make_interval(days => $3::int)`,

  // Active items at or below their threshold: the item's own, else the brand's (or 3PL's) $4. Two
  // arms so each reads its own index: the brand-wide one by (brandId, fulfillable), the few items
  // with an override through their partial index.
  LOW_STOCK: `
    SELECT 'LOW_STOCK'::"AttentionKind", 'InventoryItem', i.id,
           'Fulfillable ' || i.fulfillable || ' ≤ threshold ' || coalesce(i."lowStockThreshold", $4::int),
           NULL::text, ${NOW}, ${typed('inventoryItemId', 'i.id')}
      FROM inventory_item i
     WHERE i."brandId" = $1
       AND i."deletedAt" IS NULL AND i."active"
       AND ((i."lowStockThreshold" IS NULL AND i.fulfillable <= $4::int) OR (i."lowStockThreshold" IS NOT NULL AND i.fulfillable <= i."lowStockThreshold"))`,

  // The brand's connection: in error, or a resource's sync stalled or failed, or its data not
  // confirmed (SyncState.confirmedAt, else the connection's start) within the freshness window.
  // Paused resources are left out (paused on purpose, or by a connection error, which the
  // integration's own status reports). One item per integration; the reason names every problem.
  CONNECTION: `
    SELECT 'CONNECTION'::"AttentionKind", 'BrandIntegration', i.id,
           CASE WHEN i.status = 'ERROR' THEN 'Connection error: ' || left(coalesce(i."lastError", 'Trackstar reports the connection in error'), 200)
                ELSE concat_ws('; ',
                  'Sync stalled: ' || st.stalled, 'Sync failed: ' || st.failed,
                  'No data confirmed for ' || $5::int || ' min: ' || st.stale) END,
           i.status::text,
           CASE WHEN i.status = 'ERROR' THEN ${NOW} ELSE coalesce(st.since, ${NOW}) END,
           ${typed('integrationId', 'i.id')}
      FROM brand_integration i
      CROSS JOIN LATERAL (
        SELECT string_agg(${RESOURCE_LABEL}, ', ' ORDER BY s.resource) FILTER (WHERE p.stalled) AS stalled,
               string_agg(${RESOURCE_LABEL}, ', ' ORDER BY s.resource) FILTER (WHERE p.failed AND NOT p.stalled) AS failed,
               string_agg(${RESOURCE_LABEL}, ', ' ORDER BY s.resource) FILTER (WHERE p.stale) AS stale,
               min(p.since) AS since
          FROM sync_state s
          CROSS JOIN LATERAL (
            SELECT (s.status = 'RUNNING' AND s."updatedAt" < ${NOW} - make_interval(secs => $6::int))
                     OR (s."lastStalledAt" IS NOT NULL AND s."lastStalledAt" > coalesce(s."lastSucceededAt", '-infinity')) AS stalled,
                   s.status = 'FAILED' AS failed,
                   coalesce(s."confirmedAt", i."connectedAt") < ${NOW} - make_interval(mins => $5::int) AS stale,
                   least(
                     CASE WHEN s.status = 'FAILED' THEN s."lastFailedAt" END,
                     CASE WHEN s."lastStalledAt" > coalesce(s."lastSucceededAt", '-infinity') THEN s."lastStalledAt"
                          WHEN s.status = 'RUNNING' AND s."updatedAt" < ${NOW} - make_interval(secs => $6::int) THEN s."updatedAt" END,
                     coalesce(s."confirmedAt", i."connectedAt") + make_interval(mins => $5::int)) AS since
          ) p
         WHERE s."integrationId" = i.id AND s.status <> 'PAUSED' AND (p.stalled OR p.failed OR p.stale)
      ) st
     WHERE i."brandId" = $1 AND i.status IN ('ACTIVE', 'ERROR')
       AND (i.status = 'ERROR' OR st.stalled IS NOT NULL OR st.failed IS NOT NULL OR st.stale IS NOT NULL)`,
};

/** Every rule's rows, one statement (each arm is one rule). */
export const DESIRED_SQL = ATTENTION_KINDS.map((k) => `(${RULES[k]})`).join('\nUNION ALL\n');
