// Query.operationsStats: the operations page's charts (orders created / shipped / late per day,
// fulfilment lead time, stock-outs, sync throughput) across the brands the caller may read. Each
// aggregate is one SQL statement in server/src/stats/, run only when its field is selected; the
// caller's brands are resolved once per request (stats/scope.ts) and every statement reads only
// those. Rows get their Brand from one query per request.
import { GraphQLError } from 'graphql';
import { visibleBrands } from '../../auth/viewer.js';
import { db } from '../../db.js';
import type { Brand } from '../../generated/prisma/client.js';
import { leadTime, type LeadTime, type LeadTimeDay } from '../../stats/lead-time.js';
import { ordersPerDay, type OrdersPerDayRow } from '../../stats/orders-per-day.js';
import { MAX_STATS_BRANDS, MAX_STATS_DAYS, resolveBrands, statsWindow, type BrandSet, type StatsWindow } from '../../stats/scope.js';
import { stockOutsPerDay, type StockOutsRow } from '../../stats/stock-outs.js';
import { syncRecordsPerHour, type SyncRecordsRow } from '../../stats/sync-records.js';
import { builder } from '../builder.js';
import { parseGlobalId } from '../ids.js';
import { viewerOf } from '../scope.js';
import { BrandRef } from './brand.js';

/** `brands` resolves the scope once per request, when the first aggregate asks for it; `brandRows` loads those brands once. */
type OperationsStats = { brands: () => Promise<BrandSet>; brandRows: () => Promise<Map<string, Brand>>; window: StatsWindow };

const badInput = (message: string) => new GraphQLError(message, { extensions: { code: 'BAD_USER_INPUT' } });

type WithBrand<T> = T & { brand: Brand };

/**
 * Rows with their brands attached, from one query per request: a list spans up to 200 brands
 * × 2,160 hours, and a per-row loader cost more than the aggregate itself. The brand rows are
 * complete, so Brand's relation fields load through the Prisma plugin like anywhere else.
 */
async function withBrands<T extends { brandId: string }>(stats: OperationsStats, rows: T[]): Promise<WithBrand<T>[]> {
  if (rows.length === 0) return [];
  const brands = await stats.brandRows();
  return rows.map((row) => ({ ...row, brand: brands.get(row.brandId)! }));
}

const DAY_DESCRIPTION = 'The UTC day, as YYYY-MM-DD.';

const OrdersPerDayRef = builder.objectRef<WithBrand<OrdersPerDayRow>>('OrdersPerDay').implement({
  description:
    'Orders of one brand on one UTC day. Only (day, brand) pairs with something to count are listed: a missing day means zeros. Orders the WMS deleted are not counted.',
  fields: (t) => ({
    day: t.exposeString('day', { description: DAY_DESCRIPTION }),
    brand: t.field({ type: BrandRef, description: 'The brand counted.', resolve: (row) => row.brand }),
    created: t.exposeInt('created', { description: "Orders created that day (the WMS's creation time)." }),
    shipped: t.exposeInt('shipped', {
      description:
        "Orders shipped that day: their first shipment's shippedDate (cancelled shipments aside). An order FULFILLED without any shipment date counts on the day of its last update (updatedAt), since many WMSs report fulfilment without shipment rows.",
    }),
    late: t.exposeInt('late', {
      description:
        'Orders whose requiredShipDate fell on that day (and has passed) that were not shipped by then: never shipped, or shipped after it. Cancelled orders are not late. An order shipped late still counts on the day it was due.',
    }),
  }),
});

const LeadTimeDayRef = builder.objectRef<LeadTimeDay>('LeadTimeDay').implement({
  description: 'Fulfilment lead time of the orders whose first shipment shipped on one UTC day. Days without samples are not listed.',
  fields: (t) => ({
    day: t.exposeString('day', { description: DAY_DESCRIPTION }),
    p50Hours: t.float({ nullable: true, description: 'Median hours from order creation to first shipment (continuous percentile, 0.01 h precision).', resolve: (d) => d.p50Hours }),
    p90Hours: t.float({ nullable: true, description: '90th percentile of those hours.', resolve: (d) => d.p90Hours }),
    samples: t.exposeInt('samples', { description: 'Orders measured that day.' }),
  }),
});

const LeadTimeStatsRef = builder.objectRef<LeadTime>('LeadTimeStats').implement({
  description:
    "Fulfilment lead time: hours from an order's creation to its first shipment's shippedDate, over the orders whose first shipment shipped in the window, all selected brands together. Orders FULFILLED without any shipment date are not sampled (their updatedAt is not a ship time), nor shipments dated before their order's creation.",
  fields: (t) => ({
    samples: t.exposeInt('samples', { description: 'Orders measured.' }),
    p50Hours: t.float({ nullable: true, description: 'Median hours (continuous percentile, 0.01 h precision); null without samples.', resolve: (l) => l.p50Hours }),
    p90Hours: t.float({ nullable: true, description: '90th percentile of the hours; null without samples.', resolve: (l) => l.p90Hours }),
    p99Hours: t.float({ nullable: true, description: '99th percentile of the hours; null without samples.', resolve: (l) => l.p99Hours }),
    perDay: t.field({ type: [LeadTimeDayRef], description: 'The same per UTC day of the first shipment, oldest first.', resolve: (l) => l.perDay }),
  }),
});

const StockOutsPerDayRef = builder.objectRef<WithBrand<StockOutsRow>>('StockOutsPerDay').implement({
  description:
    "Inventory items of one brand out of stock (fulfillable ≤ 0) on one UTC day, from the inventory history: for a past day, the items' state at the end of that day (after its last change); for today, their current state. Only pairs with at least one item are listed. Items deleted in the WMS or inactive now are not counted.",
  fields: (t) => ({
    day: t.exposeString('day', { description: DAY_DESCRIPTION }),
    brand: t.field({ type: BrandRef, description: 'The brand counted.', resolve: (row) => row.brand }),
    skus: t.exposeInt('skus', { description: 'Distinct inventory items at fulfillable ≤ 0.' }),
  }),
});

const SyncRecordsPerHourRef = builder.objectRef<WithBrand<SyncRecordsRow>>('SyncRecordsPerHour').implement({
  description:
    "Records one brand's sync runs read in one hour, from the sync history (kept SYNC_RUN_RETENTION_DAYS). An attempt counts in the hour it started. Hours without records are not listed (read them as 0). Across many brands and days this list is long (up to 24 × days rows per brand): ask for fewer brands or days when charting it.",
  fields: (t) => ({
    hour: t.field({ type: 'DateTime', description: 'Start of the UTC hour.', resolve: (row) => row.hour }),
    brand: t.field({ type: BrandRef, description: 'The brand synced.', resolve: (row) => row.brand }),
    records: t.exposeInt('records', { description: 'Valid records committed by the attempts started in that hour.' }),
  }),
});

const OperationsStatsRef = builder.objectRef<OperationsStats>('OperationsStats').implement({
  description:
    'Aggregates for the operations charts over whole UTC days: the window is `days` days ending with today (today so far). Each field is computed only when selected.',
  fields: (t) => ({
    ordersPerDay: t.field({ type: [OrdersPerDayRef], description: 'Orders created, shipped and late per day and brand, oldest day first.', resolve: async (s) => withBrands(s, await ordersPerDay(await s.brands(), s.window)) }),
    leadTime: t.field({ type: LeadTimeStatsRef, description: 'Fulfilment lead time percentiles, overall and per day.', resolve: async (s) => leadTime(await s.brands(), s.window) }),
    stockOutsPerDay: t.field({ type: [StockOutsPerDayRef], description: 'Out-of-stock items per day and brand, oldest day first.', resolve: async (s) => withBrands(s, await stockOutsPerDay(await s.brands(), s.window)) }),
    syncRecordsPerHour: t.field({ type: [SyncRecordsPerHourRef], description: 'Records synced per hour and brand, oldest hour first.', resolve: async (s) => withBrands(s, await syncRecordsPerHour(await s.brands(), s.window)) }),
  }),
});

builder.queryField('operationsStats', (t) =>
  t.field({
    type: OperationsStatsRef,
    authScopes: { authenticated: true },
    description:
      'Aggregates for the operations charts across brands: 3PL members see every brand of their 3PL, brand viewers only theirs. Another brand than those reads as having no data.',
    args: {
      brandIds: t.arg.idList({
        required: false,
        description: `Only these brands (Brand global IDs, at most ${MAX_STATS_BRANDS}); omitted: every brand the caller may read. An id the caller may not read contributes nothing.`,
      }),
      days: t.arg.int({ required: false, defaultValue: 14, description: `How many UTC days, ending with today (1 to ${MAX_STATS_DAYS}, default 14).` }),
    },
    resolve: (_root, args, ctx) => {
      const viewer = viewerOf(ctx);
      const days = args.days ?? 14;
      if (!Number.isInteger(days) || days < 1 || days > MAX_STATS_DAYS) throw badInput(`days must be between 1 and ${MAX_STATS_DAYS}`);
      if (args.brandIds && args.brandIds.length > MAX_STATS_BRANDS) throw badInput(`brandIds takes at most ${MAX_STATS_BRANDS} ids`);
      const brandIds = args.brandIds ? [...new Set(args.brandIds.map((id) => parseGlobalId(id, 'Brand')))] : null;
      let set: Promise<BrandSet> | undefined;
      let rows: Promise<Map<string, Brand>> | undefined;
      const brands = () => (set ??= resolveBrands({ threePLId: viewer.threePLId, visibleBrandIds: viewer.brandIds, brandIds }));
      // Ids from the scoped statement; the viewer's scope is applied again all the same.
      const brandRows = () =>
        (rows ??= brands()
          .then((b) => db.brand.findMany({ where: { AND: [{ id: { in: [...b.ids] } }, visibleBrands(viewer)] } }))
          .then((found) => new Map(found.map((b) => [b.id, b]))));
      return { brands, brandRows, window: statsWindow(days) };
    },
  }),
);
