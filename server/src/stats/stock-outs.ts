// Stock-outs per UTC day and brand: how many inventory items were at fulfillable <= 0 at the END
// of each past day of the window (the state after that day's last change, so an item that ran
// out three days ago and stayed out counts on each of those days, and one that ran out and was
// restocked within a day does not), plus today's row from the items' current state.
//
// inventory_snapshot is append-only and written only when an item's quantities change (and when
// it is new), so an item's state at an instant is its last snapshot before it, and an item with
// no snapshot in the window kept its current state for the whole window. That bounds the work
// to the window's snapshots (index ("brandId", "recordedAt")) plus, for the items changed in
// it, one index probe for the state they entered the window with. Days use recordedAt (when
// Packr learnt of the change): it is monotonic and indexed; the WMS's own clock is not.
// Items deleted in the WMS or inactive now are left out of every day.
import { dayText, namedQuery, params, type BrandSet, type StatsWindow } from './scope.js';

export type StockOutsRow = { day: string; brandId: string; skus: number };

export function stockOutsSql(brandSet: BrandSet, window: StatsWindow) {
  const p = params();
  const brands = `${p.add(brandSet.ids)}::uuid[]`;
  const start = p.at(window.start);
  const today = p.at(window.today);
  const text = `WITH scope AS (SELECT unnest(${brands}) AS id),
  out_now AS MATERIALIZED (
    SELECT i.id, i."brandId" FROM inventory_item i
     WHERE i."brandId" = ANY(${brands}) AND i.fulfillable <= 0 AND i.active AND i."deletedAt" IS NULL),
  moves AS MATERIALIZED (
    SELECT s."inventoryItemId" AS item, s."brandId", s.fulfillable, s."recordedAt" AS at, s.id
      FROM inventory_snapshot s
     WHERE s."brandId" = ANY(${brands}) AND s."recordedAt" >= ${start}),
  moved AS MATERIALIZED (SELECT DISTINCT item, "brandId" FROM moves),
  entered AS (
    SELECT m.item, m."brandId", p.fulfillable, ${start} AS at, 0::bigint AS id
      FROM moved m
      JOIN LATERAL (SELECT fulfillable FROM inventory_snapshot p WHERE p."inventoryItemId" = m.item AND p."recordedAt" < ${start}
                     ORDER BY p."recordedAt" DESC, p.id DESC LIMIT 1) p ON true),
  spans AS (
    SELECT item, "brandId", fulfillable, at, lead(at) OVER (PARTITION BY item ORDER BY at, id) AS until
      FROM (SELECT * FROM moves UNION ALL SELECT * FROM entered) t),
  -- A span [at, until) at <= 0 covers the end of day d when at < d + 1 day <= until.
  out_days AS (
    SELECT s."brandId", d AS day, count(DISTINCT s.item)::int AS n
      FROM spans s JOIN inventory_item i ON i.id = s.item AND i.active AND i."deletedAt" IS NULL
     CROSS JOIN LATERAL generate_series(date_trunc('day', s.at), date_trunc('day', LEAST(COALESCE(s.until, ${today}), ${today}) - interval '1 day'), interval '1 day') d
     WHERE s.fulfillable <= 0
     GROUP BY 1, 2),
  -- Items without a move since the window began were in their current state all along.
  steady AS (
    SELECT o."brandId", count(*)::int AS n FROM out_now o
     WHERE NOT EXISTS (SELECT 1 FROM moved m WHERE m.item = o.id)
     GROUP BY 1),
  past AS (
    SELECT b.id AS "brandId", d.day, COALESCE(o.n, 0) + COALESCE(st.n, 0) AS n
      FROM scope b
     CROSS JOIN generate_series(${start}, ${today} - interval '1 day', interval '1 day') d(day)
      LEFT JOIN out_days o ON o."brandId" = b.id AND o.day = d.day
      LEFT JOIN steady st ON st."brandId" = b.id),
  current_out AS (SELECT "brandId", ${today} AS day, count(*)::int AS n FROM out_now GROUP BY 1)
SELECT ${dayText('day')} AS day, "brandId"::text AS "brandId", n AS skus
  FROM (SELECT * FROM past UNION ALL SELECT * FROM current_out) x
 WHERE n > 0
 ORDER BY day, "brandId"`;
  return { text, values: p.values };
}

/** One row per (day, brand) with at least one item out of stock; other days are zero. */
export async function stockOutsPerDay(brands: BrandSet, window: StatsWindow): Promise<StockOutsRow[]> {
  if (brands.ids.length === 0) return [];
  const { text, values } = stockOutsSql(brands, window);
  return namedQuery<StockOutsRow>(text, values);
}
