// Fulfilment lead time: hours from an order's creation to its first shipment's shippedDate
// (shipped-at.ts), for the orders whose first shipment falls in the window, overall and per UTC
// day of that shipment. Percentiles are continuous (percentile_cont), computed in PostgreSQL over
// every sample. Orders FULFILLED without any shipment date are not sampled, and neither is a
// shipment dated before its order's creation (a clock or data error would drag the percentiles).
import { firstShipmentsIn } from './shipped-at.js';
import { dayOf, dayText, namedQuery, params, type BrandSet, type StatsWindow } from './scope.js';

export type LeadTimeDay = { day: string; samples: number; p50Hours: number | null; p90Hours: number | null };
export type LeadTime = { samples: number; p50Hours: number | null; p90Hours: number | null; p99Hours: number | null; perDay: LeadTimeDay[] };

type Row = { total: boolean; day: string | null; samples: number; p50: number | null; p90: number | null; p99: number | null };

export function leadTimeSql(brandSet: BrandSet, window: StatsWindow) {
  const p = params();
  const brands = `${p.add(brandSet.ids)}::uuid[]`;
  const text = `WITH samples AS (
    SELECT ${dayOf('"shippedAt"')} AS day, extract(epoch FROM "shippedAt" - "createdAt") / 3600 AS hours
      FROM (${firstShipmentsIn(brands, p.at(window.start), p.at(window.end))}) f
     WHERE "shippedAt" >= "createdAt")
SELECT GROUPING(day) = 1 AS total, ${dayText('day')} AS day, count(*)::int AS samples,
       percentile_cont(0.5) WITHIN GROUP (ORDER BY hours)::float8 AS p50,
       percentile_cont(0.9) WITHIN GROUP (ORDER BY hours)::float8 AS p90,
       percentile_cont(0.99) WITHIN GROUP (ORDER BY hours)::float8 AS p99
  FROM samples
 GROUP BY GROUPING SETS ((day), ())
 ORDER BY samples.day NULLS FIRST`;
  return { text, values: p.values };
}

const round = (hours: number | null) => (hours === null ? null : Math.round(hours * 100) / 100);

/** Hours rounded to 0.01; percentiles are null without samples. perDay lists only days with samples. */
export async function leadTime(brands: BrandSet, window: StatsWindow): Promise<LeadTime> {
  const { text, values } = leadTimeSql(brands, window);
  const rows = brands.ids.length === 0 ? [] : await namedQuery<Row>(text, values);
  // The grand total is the row GROUPING SETS adds for (); with no samples at all it still comes
  // back (count 0, null percentiles).
  const total = rows.find((r) => r.total);
  return {
    samples: total?.samples ?? 0,
    p50Hours: round(total?.p50 ?? null),
    p90Hours: round(total?.p90 ?? null),
    p99Hours: round(total?.p99 ?? null),
    perDay: rows.filter((r) => !r.total).map((r) => ({ day: r.day!, samples: r.samples, p50Hours: round(r.p50), p90Hours: round(r.p90) })),
  };
}
