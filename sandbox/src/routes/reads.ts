// WMS reads: list and by-id for every synced resource, straight from the connection's records.
import { RESOURCES, type ResourceKey } from '../../../trackstar-contract/contract.js';
import type { Core } from '../core.js';
import { parseFilters } from '../filters.js';
import { conn, fail, type Ctx, type Result, type Route } from '../http.js';
import { PageTokens, parseLimit } from '../pagination.js';

const NAMES: Record<ResourceKey, string> = {
  orders: 'Order', products: 'Product', inventory: 'Inventory item', warehouses: 'Warehouse',
  warehouse_locations: 'Warehouse location', shipping_methods: 'Shipping method', returns: 'Return',
  inbound_shipments: 'Inbound shipment', warehouse_customers: 'Warehouse customer',
};

export function readRoutes(core: Core, tokens: PageTokens): Route[] {
  function list(key: ResourceKey, ctx: Ctx, warehouseId?: string): Result {
    const c = conn(ctx);
    const limit = parseLimit(ctx.query.get('limit'));
    const filters = parseFilters(ctx.query, key);
    const scope = `${c.id}:${key}:${warehouseId ?? ''}`;
    const after = tokens.read(ctx.query.get('page_token'), scope, filters.canonical);
    if (core.options.hideDataUntilHistoricalSync && !c.historicalSyncDone) {
      return { body: { data: [], next_token: null, total_count: 0 } };
    }
    const data: unknown[] = [];
    let lastSeq = after;
    let more = false;
    for (const { seq, record } of c.data[key].after(after)) {
      const r = record as unknown as Record<string, unknown>;
      if (warehouseId && r.warehouse_id !== warehouseId) continue;
      if (!filters.predicate(r)) continue;
      if (data.length === limit) {
        more = true;
        break;
      }
      data.push(record);
      lastSeq = seq;
    }
    return { body: { data, next_token: more ? tokens.issue(lastSeq, scope, filters.canonical) : null, total_count: data.length } };
  }

  function one(key: ResourceKey, ctx: Ctx, id: string, warehouseId?: string): Result {
    const record = conn(ctx).data[key].get(id) as unknown as Record<string, unknown> | undefined;
    if (!record || (warehouseId && record.warehouse_id !== warehouseId)) throw fail.notFound(id, NAMES[key]);
    return { body: { data: record } };
  }

  function warehouse(ctx: Ctx): string {
    const id = ctx.params.warehouse_id;
    if (!conn(ctx).data.warehouses.has(id)) throw fail.notFound(id, 'Warehouse');
    return id;
  }

  const routes: Route[] = [];
  for (const spec of Object.values(RESOURCES)) {
    const key = spec.key;
    const fn = spec.functionName;
    const listPattern = spec.listPath.replace(/\{(\w+)\}/g, ':$1');
    const itemPattern = spec.itemPath.replace(/\{(\w+)\}/g, ':$1');
    const idParam = /\{(\w+)\}$/.exec(spec.itemPath)![1];
    const nested = key === 'warehouse_locations';
    routes.push(
      { method: 'GET', pattern: listPattern, auth: 'token', fn, list: true, handler: (ctx) => list(key, ctx, nested ? warehouse(ctx) : undefined) },
      { method: 'GET', pattern: itemPattern, auth: 'token', fn, handler: (ctx) => one(key, ctx, ctx.params[idParam], nested ? warehouse(ctx) : undefined) },
    );
  }
  return routes;
}
