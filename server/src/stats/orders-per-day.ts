// Orders created, shipped and late per UTC day and brand, for the operations charts. One SQL
// statement; each part reads only the window through a ("brandId", <date column>) index.
// - created: createdAt (the WMS's) on that day; orders the WMS deleted are left out everywhere.
// - shipped: the order's shipped time (shipped-at.ts) on that day.
// - late: requiredShipDate on that day, already passed, the order not cancelled and not shipped by
//   then (never shipped, or shipped after it). An order shipped late still counts as late on the
//   day it was due.
import { firstShipmentsIn, firstShippedDate, fulfilledWithoutShipmentDateIn } from './shipped-at.js';
import { dayOf, dayText, namedQuery, params, type BrandSet, type StatsWindow } from './scope.js';

export type OrdersPerDayRow = { day: string; brandId: string; created: number; shipped: number; late: number };

export function ordersPerDaySql(brandSet: BrandSet, window: StatsWindow) {
  const p = params();
  const brands = `${p.add(brandSet.ids)}::uuid[]`;
  const start = p.at(window.start);
  const end = p.at(window.end);
  const now = p.at(window.now);
  const text = `WITH created AS (
    SELECT o."brandId", ${dayOf('o."createdAtRemote"')} AS day, count(*)::int AS n
      FROM "order" o
     WHERE o."brandId" = ANY(${brands}) AND o."createdAtRemote" >= ${start} AND o."createdAtRemote" < ${end} AND o."deletedAt" IS NULL
     GROUP BY 1, 2),
  shipped AS (
    SELECT "brandId", ${dayOf('"shippedAt"')} AS day, count(*)::int AS n
      FROM (SELECT "brandId", "shippedAt" FROM (${firstShipmentsIn(brands, start, end)}) f
            UNION ALL ${fulfilledWithoutShipmentDateIn(brands, start, end)}) x
     GROUP BY 1, 2),
  late AS (
    SELECT o."brandId", ${dayOf('o."requiredShipDate"')} AS day, count(*)::int AS n
      FROM "order" o
     WHERE o."brandId" = ANY(${brands}) AND o."requiredShipDate" >= ${start} AND o."requiredShipDate" < ${now}
       AND o.status <> 'CANCELLED' AND o."deletedAt" IS NULL
       AND COALESCE(${firstShippedDate('o.id')}, CASE WHEN o.status = 'FULFILLED' THEN o."updatedAtRemote" END, 'infinity') > o."requiredShipDate"
     GROUP BY 1, 2)
SELECT ${dayText('day')} AS day, "brandId"::text AS "brandId", COALESCE(c.n, 0) AS created, COALESCE(s.n, 0) AS shipped, COALESCE(l.n, 0) AS late
  FROM created c FULL JOIN shipped s USING ("brandId", day) FULL JOIN late l USING ("brandId", day)
 ORDER BY day, "brandId"`;
  return { text, values: p.values };
}

/** One row per (day, brand) with anything to count; days without any are left out (read them as zeros). */
export async function ordersPerDay(brands: BrandSet, window: StatsWindow): Promise<OrdersPerDayRow[]> {
  if (brands.ids.length === 0) return [];
  const { text, values } = ordersPerDaySql(brands, window);
  return namedQuery<OrdersPerDayRow>(text, values);
}
