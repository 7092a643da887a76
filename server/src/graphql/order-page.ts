// The orders page in plain SQL: one scoped statement for the page (tenant scope, filters and keyset
// continuation in its WHERE), then the requested children for all orders of the page at once
// (line items, shipments, packages: one `= ANY($ids)` statement each, run in parallel). This is
// the dashboard's hottest read; through Prisma it cost most of the CPU of a request
// (bench/graphql.bench.ts). Correlated JSON subqueries were tried and cost PostgreSQL more than
// these per-child statements. Column names follow prisma/schema.prisma, which the migration drift
// test keeps equal to the database. Statements are named, so each connection plans them once.
import { createHash } from 'node:crypto';
import type { Viewer } from '../auth/viewer.js';
import type { OrderStatus } from '../generated/prisma/enums.js';
import { pool } from '../pg.js';
import type { BrandIdList } from './brand-scope.js';
import { crossBrandPageSql } from './cross-brand-page.js';
import { NEWEST_CHANGE_FIRST } from './pagination.js';

/** includeDeleted: also orders a deletion reconcile marked deleted (sync/deletions.ts); they are left out by default. */
export type OrderPageFilter = { status?: OrderStatus[]; updatedSince?: Date; searchPattern?: string; includeDeleted?: boolean };

export type OrderPageRequest = {
  viewer: Viewer;
  /**
   * One brand (`brandId`), or several already checked by resolveBrandScope (`brandIds`); `everyBrand`
   * when those are every unarchived brand of the viewer's 3PL (BrandScope.everyBrand).
   */
  brands: { brandId: string } | { brandIds: BrandIdList; everyBrand?: boolean };
  filter: OrderPageFilter;
  after?: { updatedAt: string; id: string };
  take: number;
  with: { lineItems: boolean; shipments: boolean; packages: boolean; brand: boolean };
};

type Row = Record<string, any>;

// timestamp columns hold UTC without a zone. They are read as ISO-8601 text in exactly the form the
// DateTime scalar prints (which passes such strings through): parsing a Date per column and
// printing it again was a visible share of the page's CPU. Columns are timestamp(3), so MS is exact.
const utc = (column: string) => `to_char(${column}, 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS "${column.replace(/^\w+\.|"/g, '')}"`;

const ORDER_COLUMNS = `o.id, o."brandId", o."externalId", o."warehouseCustomerId", o."warehouseExternalId", o."orderNumber",
  o."referenceId", o.status::text AS status, o."rawStatus", o.channel, o.type, o."shippingMethodName", o."carrierName",
  o.currency, o."totalPrice"::text AS "totalPrice", o."totalTax"::text AS "totalTax", o."totalDiscount"::text AS "totalDiscount",
  o."totalShipping"::text AS "totalShipping", o."shipTo", o.tags, ${utc('o."requiredShipDate"')}, ${utc('o."createdAtRemote"')},
  ${utc('o."updatedAtRemote"')}, ${utc('o."syncedAt"')}, ${utc('o."deletedAt"')}`;

const LINE_ITEMS = `SELECT id, "brandId", "orderId", position, sku, "productExternalId", quantity, "unitPrice"::text AS "unitPrice",
  "discountAmount"::text AS "discountAmount", "isPicked"
  FROM order_line_item WHERE "orderId" = ANY($1::uuid[]) ORDER BY "orderId", position, id`;

const SHIPMENTS = `SELECT id, "brandId", "orderId", "externalId", status::text AS status, "rawStatus", "warehouseExternalId",
  ${utc('"shippedDate"')}, "carrierName", "serviceName", "trackingNumbers", "lineItems", "shipFrom", "shipTo", ${utc('"updatedAtRemote"')}
  FROM shipment WHERE "orderId" = ANY($1::uuid[]) ORDER BY "orderId", "shippedDate" ASC NULLS LAST, id`;

const PACKAGES = `SELECT p.id, p."brandId", p."shipmentId", p."externalId", p."packageName", p."trackingNumber", p."trackingUrl",
  p."carrierName", p."shippingMethodName", p."shippingCost"::text AS "shippingCost", p.measurements, p."lineItems"
  FROM package p JOIN shipment s ON s.id = p."shipmentId" WHERE s."orderId" = ANY($1::uuid[]) ORDER BY p."shipmentId", p.id`;

// Brand rows for Order.brand, preloaded like the children (one statement per page, see row-brand.ts):
// the Brand type's plain fields read these columns directly (types/brand.ts uses include mode).
const BRANDS = `SELECT id, "threePLId", name, ${utc('"createdAt"')}, ${utc('"updatedAt"')}, ${utc('"archivedAt"')} FROM brand WHERE id = ANY($1::uuid[])`;

function query(text: string, values: unknown[]): Promise<Row[]> {
  const name = `packr_${createHash('sha1').update(text).digest('hex').slice(0, 20)}`;
  return pool.query({ name, text, values }).then((r) => r.rows);
}

function groupBy(rows: Row[], key: string): Map<string, Row[]> {
  const groups = new Map<string, Row[]>();
  for (const row of rows) {
    const list = groups.get(row[key]);
    if (list) list.push(row);
    else groups.set(row[key], [row]);
  }
  return groups;
}

/** The filter and keyset conditions of the page, on the orders table aliased `a`. */
function orderConditions(a: string, request: OrderPageRequest, param: (value: unknown) => string): string[] {
  const where: string[] = [];
  const { status, updatedSince, searchPattern, includeDeleted } = request.filter;
  if (!includeDeleted) where.push(`${a}."deletedAt" IS NULL`);
  if (status?.length) where.push(`${a}.status = ANY(${param(status)}::"OrderStatus"[])`);
  if (updatedSince) where.push(`${a}."updatedAtRemote" >= (${param(updatedSince.toISOString())}::timestamptz AT TIME ZONE 'UTC')`);
  if (searchPattern) {
    const p = param(searchPattern);
    where.push(`(${a}."orderNumber" ILIKE ${p} OR ${a}."referenceId" ILIKE ${p}
      OR EXISTS (SELECT 1 FROM order_line_item li WHERE li."orderId" = ${a}.id AND li.sku ILIKE ${p}))`);
  }
  return where;
}

async function pageOfOneBrand(request: OrderPageRequest, brandId: string): Promise<Row[]> {
  const params: unknown[] = [];
  const param = (value: unknown) => `$${params.push(value)}`;
  const where = [`o."brandId" = ${param(brandId)}::uuid`, `b."threePLId" = ${param(request.viewer.threePLId)}::uuid`];
  if (request.viewer.brandIds !== null) where.push(`b.id = ANY(${param(request.viewer.brandIds)}::uuid[])`);
  where.push(...orderConditions('o', request, param));
  if (request.after) {
    where.push(`(o."updatedAtRemote", o.id) < ((${param(request.after.updatedAt)}::timestamptz AT TIME ZONE 'UTC'), ${param(request.after.id)}::uuid)`);
  }
  return query(
    `SELECT ${ORDER_COLUMNS} FROM "order" o JOIN brand b ON b.id = o."brandId"
      WHERE ${where.join(' AND ')} ORDER BY o."updatedAtRemote" DESC, o.id DESC LIMIT ${param(request.take)}`,
    params,
  );
}

/**
 * Every brand of the viewer's 3PL without a filter that needs a per-brand index (the operator's
 * default view): one range of the partial index ("threePLId", "updatedAtRemote" DESC, id DESC)
 * WHERE "deletedAt" IS NULL (migration 20261206090000_order_tenant_page), so a page reads about
 * `take` index entries and rows at any table size. The per-brand merge below probes every brand's
 * index twice (400 probes for 200 brands): at 1M orders 8.5 ms against 1.1 ms for this statement
 * (median, EXPLAIN ANALYZE of both in the orders-perf note). Only for a viewer whose scope is the
 * whole 3PL: "threePLId" alone is then the tenant scope. Archived brands are left out by an
 * anti-join: the planner reads the (few) archived brands once and the scan stays in index order.
 * LIMIT is a literal (an integer from keysetConnection): with a bound parameter the generic plan
 * assumes a tenth of the 3PL's rows, and past jit_above_cost each execution would pay for JIT.
 */
function pageOfThreePL(request: OrderPageRequest): Promise<Row[]> {
  const params: unknown[] = [];
  const param = (value: unknown) => `$${params.push(value)}`;
  const where = [`o."threePLId" = ${param(request.viewer.threePLId)}::uuid`, ...orderConditions('o', request, param)];
  where.push(`NOT EXISTS (SELECT 1 FROM brand b WHERE b.id = o."brandId" AND b."archivedAt" IS NOT NULL)`);
  if (request.after) {
    where.push(`(o."updatedAtRemote", o.id) < ((${param(request.after.updatedAt)}::timestamptz AT TIME ZONE 'UTC'), ${param(request.after.id)}::uuid)`);
  }
  const limit = Math.max(0, Math.trunc(request.take));
  return query(`SELECT ${ORDER_COLUMNS} FROM "order" o WHERE ${where.join(' AND ')} ORDER BY o."updatedAtRemote" DESC, o.id DESC LIMIT ${limit}`, params);
}

/** Whether pageOfThreePL serves the request: its index holds live orders only and has no status or search column. */
function readsWholeThreePL(request: OrderPageRequest): boolean {
  const { status, searchPattern, includeDeleted } = request.filter;
  return 'everyBrand' in request.brands && request.brands.everyBrand === true && request.viewer.brandIds === null
    && !status?.length && !searchPattern && !includeDeleted;
}

/** Several brands: the bounded per-brand merge of cross-brand-page.ts, then the page's columns. */
async function pageOfBrands(request: OrderPageRequest, brandIds: string[]): Promise<Row[]> {
  if (brandIds.length === 0) return [];
  const page = crossBrandPageSql({
    table: '"order"',
    alias: 't',
    brandIds,
    viewer: request.viewer,
    sort: NEWEST_CHANGE_FIRST,
    cursor: request.after && { value: request.after.updatedAt, id: request.after.id },
    take: request.take,
    where: (param) => orderConditions('t', request, param),
  });
  return query(
    `WITH page AS (${page.text}) SELECT ${ORDER_COLUMNS} FROM page JOIN "order" o ON o.id = page.id ORDER BY page.v DESC, page.id DESC`,
    page.values,
  );
}

export async function loadOrderPage(request: OrderPageRequest): Promise<Row[]> {
  const orders = await ('brandId' in request.brands
    ? pageOfOneBrand(request, request.brands.brandId)
    : readsWholeThreePL(request) ? pageOfThreePL(request) : pageOfBrands(request, await request.brands.brandIds()));
  if (orders.length === 0) return orders;

  // Children of exactly these orders: they are already scoped by the page query above.
  const ids = [orders.map((o) => o.id)];
  const none = Promise.resolve([] as Row[]);
  const [lineItems, shipments, packages, brands] = await Promise.all([
    request.with.lineItems ? query(LINE_ITEMS, ids) : none,
    request.with.shipments ? query(SHIPMENTS, ids) : none,
    request.with.shipments && request.with.packages ? query(PACKAGES, ids) : none,
    request.with.brand ? query(BRANDS, [[...new Set(orders.map((o) => o.brandId))]]) : none,
  ]);
  const brandById = new Map(brands.map((b) => [b.id, b]));
  const itemsByOrder = groupBy(lineItems, 'orderId');
  const shipmentsByOrder = groupBy(shipments, 'orderId');
  const packagesByShipment = groupBy(packages, 'shipmentId');
  for (const order of orders) {
    if (request.with.brand) order.brand = brandById.get(order.brandId);
    if (request.with.lineItems) order.lineItems = itemsByOrder.get(order.id) ?? [];
    if (request.with.shipments) {
      order.shipments = shipmentsByOrder.get(order.id) ?? [];
      if (request.with.packages) for (const s of order.shipments) s.packages = packagesByShipment.get(s.id) ?? [];
    }
  }
  return orders;
}
