-- Outbound webhooks (server/src/outbound/): record changes become outbound events, captured from
-- the audit trail; audit entries for endpoint management; the dispatcher's per-endpoint indexes.

-- User actions on webhook endpoints (create, update, delete, rotate, replays) in the audit trail.
ALTER TYPE "AuditRecordType" ADD VALUE 'WEBHOOK_ENDPOINT';

-- The dispatcher claims the due deliveries of each endpoint (at most a few per endpoint, so one
-- slow receiver cannot take every slot) and counts each endpoint's deliveries in flight (leased).
CREATE INDEX "outbound_delivery_endpoint_due_idx" ON "outbound_delivery"("endpointId", "nextAttemptAt") WHERE "status" = 'PENDING';
CREATE INDEX "outbound_delivery_leased_idx" ON "outbound_delivery"("endpointId") WHERE "status" = 'PENDING' AND "leaseUntil" IS NOT NULL;

-- Why a trigger on audit_log: every write path of a synced record (sync pages, webhooks,
-- deletion reconciles, a user's WMS write applied locally) already writes one audit entry per
-- changed record, with { field: [before, after] }, in the transaction of the change. Capturing
-- there covers every path at once, present and future, and the event commits or rolls back with
-- the change itself: nothing is lost between the change and the event, whatever crashes
-- afterwards (the dispatcher delivers from this table; Redis plays no part).
--
-- Cost: one statement-level firing per INSERT statement (a sync page of 1,000 records fires it
-- once, not 1,000 times). A 3PL without an enabled endpoint pays one semi-join of the new rows
-- against webhook_endpoint (an empty index probe) and nothing else. With endpoints, one
-- set-based INSERT ... SELECT stores an event per row that some enabled endpoint of the 3PL wants
-- (type and brand, as outbound_enqueue decides), and NOTIFY wakes the dispatcher at COMMIT.
--
-- What becomes an event (creations are not events: a brand's first backfill would flood every
-- receiver with its whole history):
--   order.status_changed       an ORDER entry whose status changed from a previous status;
--   inventory.changed          an INVENTORY_ITEM entry where a quantity changed from a previous value;
--   inbound_shipment.received  an INBOUND_SHIPMENT entry whose status became RECEIVED from another.
CREATE FUNCTION outbound_capture_audit() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
  stored integer;
BEGIN
  IF NOT EXISTS (
    SELECT 1 FROM webhook_endpoint e
     WHERE e.enabled
       AND e."threePLId" IN (SELECT n."threePLId" FROM new_rows n
                              WHERE n."recordType" IN ('ORDER', 'INVENTORY_ITEM', 'INBOUND_SHIPMENT') AND n.changes IS NOT NULL)
  ) THEN
    RETURN NULL;
  END IF;

  WITH candidate AS (
    SELECT n.*,
           CASE
             WHEN n."recordType" = 'ORDER' AND n.changes ? 'status' AND (n.changes -> 'status' ->> 0) IS NOT NULL
               THEN 'order.status_changed'
             WHEN n."recordType" = 'INVENTORY_ITEM' AND EXISTS (
                    SELECT 1 FROM jsonb_each(n.changes) c
                     WHERE c.key IN ('onHand', 'fulfillable', 'committed', 'unfulfillable', 'awaiting', 'sellable')
                       AND (c.value ->> 0) IS NOT NULL)
               THEN 'inventory.changed'
             WHEN n."recordType" = 'INBOUND_SHIPMENT' AND (n.changes -> 'status' ->> 1) = 'RECEIVED'
                  AND (n.changes -> 'status' ->> 0) IS NOT NULL
               THEN 'inbound_shipment.received'
           END AS event_type
      FROM new_rows n
     WHERE n."recordType" IN ('ORDER', 'INVENTORY_ITEM', 'INBOUND_SHIPMENT')
       AND n.changes IS NOT NULL AND n."recordId" IS NOT NULL AND n."brandId" IS NOT NULL
  ), wanted AS (
    SELECT c.* FROM candidate c
     WHERE c.event_type IS NOT NULL
       AND EXISTS (
         SELECT 1 FROM webhook_endpoint e
          WHERE e."threePLId" = c."threePLId" AND e.enabled
            AND (coalesce(cardinality(e."eventTypes"), 0) = 0 OR c.event_type = ANY (e."eventTypes"))
            AND (coalesce(cardinality(e."brandIds"), 0) = 0 OR c."brandId" = ANY (e."brandIds")))
  ), described AS (
    SELECT w."threePLId", w."brandId", w.event_type, w.at,
           jsonb_build_object('brandId', w."brandId", 'brandName', b.name) ||
           CASE w.event_type
             WHEN 'order.status_changed' THEN jsonb_build_object(
               'orderId', w."recordId",
               'orderGlobalId', replace(encode(convert_to('Order:' || w."recordId", 'UTF8'), 'base64'), E'\n', ''),
               'externalId', w."externalId",
               'orderNumber', coalesce(o."orderNumber", w.changes -> 'orderNumber' ->> 1),
               'previousStatus', w.changes -> 'status' -> 0,
               'status', w.changes -> 'status' -> 1)
             WHEN 'inventory.changed' THEN jsonb_build_object(
               'inventoryItemId', w."recordId",
               'inventoryItemGlobalId', replace(encode(convert_to('InventoryItem:' || w."recordId", 'UTF8'), 'base64'), E'\n', ''),
               'externalId', w."externalId",
               'sku', coalesce(i.sku, w.changes -> 'sku' ->> 1),
               'changes', (SELECT jsonb_object_agg(c.key, c.value) FROM jsonb_each(w.changes) c
                            WHERE c.key IN ('onHand', 'fulfillable', 'committed', 'unfulfillable', 'awaiting', 'sellable')))
             ELSE jsonb_build_object(
               'inboundShipmentId', w."recordId",
               'inboundShipmentGlobalId', replace(encode(convert_to('InboundShipment:' || w."recordId", 'UTF8'), 'base64'), E'\n', ''),
               'externalId', w."externalId",
               'purchaseOrderNumber', coalesce(s."purchaseOrderNumber", w.changes -> 'purchaseOrderNumber' ->> 1),
               'previousStatus', w.changes -> 'status' -> 0,
               'status', w.changes -> 'status' -> 1)
           END ||
           jsonb_build_object('source', w.source, 'changedAt', to_char(w.at, 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')) AS data
      FROM wanted w
      JOIN brand b ON b.id = w."brandId"
      LEFT JOIN "order" o ON w.event_type = 'order.status_changed' AND o.id = w."recordId"
      LEFT JOIN inventory_item i ON w.event_type = 'inventory.changed' AND i.id = w."recordId"
      LEFT JOIN inbound_shipment s ON w.event_type = 'inbound_shipment.received' AND s.id = w."recordId"
  )
  INSERT INTO outbound_event ("threePLId", "brandId", type, payload)
  SELECT d."threePLId", d."brandId", d.event_type,
         jsonb_build_object('type', d.event_type, 'timestamp', to_char(d.at, 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'), 'data', d.data)
    FROM described d;

  GET DIAGNOSTICS stored = ROW_COUNT;
  IF stored > 0 THEN
    PERFORM pg_notify('packr_outbound', '');
  END IF;
  RETURN NULL;
END
$$;

CREATE TRIGGER audit_log_outbound_capture
  AFTER INSERT ON audit_log
  REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION outbound_capture_audit();
