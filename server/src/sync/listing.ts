// What a run lists: its query (the sync window plus the brand's sync filters, sync/settings.ts)
// and, where a filter or the API's shape needs several listings, one pass per warehouse.
// Locations are listed per warehouse (the warehouse is in the path); inbound shipments filtered
// by warehouse take `warehouse_id` with eq only, so each chosen warehouse is its own pass.
import type { SyncResource } from '../generated/prisma/enums.js';
import { warehouseLocationsPath, type Query, type TrackstarClient } from '../trackstar/client.js';
import { parseIntegrationConfig } from './config.js';
import { windowFilters } from './cursor.js';
import { listPathOf } from './resources.js';
import { filterQuery } from './settings.js';
import type { RunPlan } from './state.js';

export type PlanInput = {
  resource: SyncResource;
  client: TrackstarClient;
  accessToken: string;
  cursor: Date | null;
  /** BrandIntegration.config: backfill window and filters. */
  config: unknown;
  nowMs: number;
};

/** The plan of a new run, fixed for the whole run (stored with each page), so every page of it lists the same scope. */
export async function planRun({ resource, client, accessToken, cursor, config, nowMs }: PlanInput): Promise<RunPlan> {
  const { backfillDays, settings } = parseIntegrationConfig(config);
  const { filters } = settings.resources[resource];
  const plan: RunPlan = { query: { ...windowFilters(resource, cursor, backfillDays, nowMs), ...filterQuery(resource, filters) } };
  const onlyWarehouses = filters.warehouseIds?.length ? filters.warehouseIds : null;
  if (resource === 'WAREHOUSE_LOCATIONS') {
    // Listed from Trackstar rather than taken from the filter: a chosen warehouse that no longer
    // exists upstream would answer 404 for its locations.
    const warehouses = await client.listAll(accessToken, '/wms/warehouses');
    const ids = warehouses.map((w) => (w as { id?: unknown }).id).filter((id): id is string => typeof id === 'string');
    plan.warehouseIds = onlyWarehouses ? ids.filter((id) => onlyWarehouses.includes(id)) : ids;
    plan.warehouseIndex = 0;
  } else if (resource === 'INBOUND_SHIPMENTS' && onlyWarehouses) {
    plan.warehouseIds = [...onlyWarehouses];
    plan.warehouseIndex = 0;
  }
  return plan;
}

/** The list request of the plan's current pass; null when there is nothing to list (no warehouse chosen or left). */
export function listingFor(resource: SyncResource, plan: RunPlan): { path: string; query: Query } | null {
  if (!plan.warehouseIds) return { path: listPathOf(resource), query: plan.query };
  const warehouseId = plan.warehouseIds[plan.warehouseIndex ?? 0];
  if (warehouseId === undefined) return null;
  if (resource === 'WAREHOUSE_LOCATIONS') return { path: warehouseLocationsPath(warehouseId), query: plan.query };
  return { path: listPathOf(resource), query: { ...plan.query, warehouse_id: warehouseId } };
}

/** The plan for the next pass once the current one has no more pages; null when the run is done. */
export function nextPass(plan: RunPlan): RunPlan | null {
  if (!plan.warehouseIds) return null;
  const index = (plan.warehouseIndex ?? 0) + 1;
  return index < plan.warehouseIds.length ? { ...plan, warehouseIndex: index } : null;
}
