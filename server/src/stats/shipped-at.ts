// When an order counts as shipped, shared by ordersPerDay and leadTime so both charts agree:
// - the shippedDate of its first shipment (the earliest; cancelled shipments do not count);
// - an order FULFILLED without any shipment date counts as shipped at its updatedAt (the WMS's
//   last change, usually the fulfilment itself). Many WMSs report fulfilment before, or without,
//   shipment rows; leaving those orders out would make a brand look like it never ships. Lead
//   time does NOT use this fallback: a later unrelated update would stretch it.
//
// Per-order checks are scalar subqueries on purpose: PostgreSQL runs them as one probe of the
// shipment ("orderId", ...) index per candidate row, where an EXISTS could be planned as a hash
// anti-join reading every shipment of the 3PL's history.

/** The earliest non-cancelled shipment date of order `orderId`, null if none (one index probe). */
export const firstShippedDate = (orderId: string) =>
  `(SELECT min(x."shippedDate") FROM shipment x WHERE x."orderId" = ${orderId} AND x.status <> 'CANCELLED')`;

/**
 * Orders of `brands` (a uuid[] parameter) whose first shipment's shippedDate lies in [start, end):
 * rows (brandId, orderId, createdAt, shippedAt). The candidates come from the window's shipments
 * (index ("brandId", "shippedDate")); one probe per candidate drops orders that shipped earlier.
 */
export function firstShipmentsIn(brands: string, start: string, end: string): string {
  return `SELECT c."brandId", c."orderId", o."createdAtRemote" AS "createdAt", c."shippedAt"
      FROM (SELECT s."brandId", s."orderId", min(s."shippedDate") AS "shippedAt"
              FROM shipment s
             WHERE s."brandId" = ANY(${brands}) AND s."shippedDate" >= ${start} AND s."shippedDate" < ${end} AND s.status <> 'CANCELLED'
             GROUP BY 1, 2) c
      JOIN "order" o ON o.id = c."orderId" AND o."deletedAt" IS NULL
     WHERE ${firstShippedDate('c."orderId"')} >= ${start}`;
}

/**
 * FULFILLED orders of `brands` without any shipment date whose updatedAt lies in [start, end):
 * rows (brandId, shippedAt). Most such orders do have shipments, and sync writes an order's
 * shipments with the order's updatedAt (sync/upsert/shipments.ts), so a hash anti-join with the
 * window's shipments (index ("brandId", "updatedAtRemote")) drops them cheaply; the few left get
 * the exact per-order probe.
 */
export function fulfilledWithoutShipmentDateIn(brands: string, start: string, end: string): string {
  return `SELECT f."brandId", f."shippedAt" FROM (
      SELECT o.id, o."brandId", o."updatedAtRemote" AS "shippedAt"
        FROM "order" o
       WHERE o."brandId" = ANY(${brands}) AND o.status = 'FULFILLED' AND o."updatedAtRemote" >= ${start} AND o."updatedAtRemote" < ${end}
         AND o."deletedAt" IS NULL
         AND NOT EXISTS (SELECT 1 FROM shipment w
                          WHERE w."brandId" = ANY(${brands}) AND w."updatedAtRemote" >= ${start} AND w."updatedAtRemote" < ${end}
                            AND w."orderId" = o.id AND w."shippedDate" IS NOT NULL AND w.status <> 'CANCELLED')
      OFFSET 0) f
     WHERE ${firstShippedDate('f.id')} IS NULL`;
}
