// Packr's sync resources (the Prisma enum) and what each one means upstream: the contract's
// resource spec, the read function that must be in available_actions, whether a backfill is
// bounded by a date window, and the default incremental schedule.
import type { SyncResource } from '../generated/prisma/enums.js';
import { RESOURCES, type ReadFunction, type ResourceKey } from '../../../trackstar-contract/contract.js';

export const SYNC_RESOURCES = [
  'WAREHOUSES', 'WAREHOUSE_LOCATIONS', 'SHIPPING_METHODS', 'PRODUCTS',
  'INVENTORY', 'ORDERS', 'RETURNS', 'INBOUND_SHIPMENTS',
] as const satisfies readonly SyncResource[];

const MINUTE = 60;
const HOUR = 60 * MINUTE;

type ResourceInfo = {
  key: ResourceKey;
  functionName: ReadFunction;
  /** Orders, returns and inbound shipments backfill only the last N days; the rest is current state. */
  windowedBackfill: boolean;
  /** Default incremental sync interval, seconds (overridable per integration: config.schedules). */
  everySeconds: number;
};

export const RESOURCE_INFO: Record<SyncResource, ResourceInfo> = {
  WAREHOUSES: { key: 'warehouses', functionName: 'get_warehouses', windowedBackfill: false, everySeconds: 12 * HOUR },
  WAREHOUSE_LOCATIONS: { key: 'warehouse_locations', functionName: 'get_warehouse_locations', windowedBackfill: false, everySeconds: 12 * HOUR },
  SHIPPING_METHODS: { key: 'shipping_methods', functionName: 'get_shipping_methods', windowedBackfill: false, everySeconds: 12 * HOUR },
  PRODUCTS: { key: 'products', functionName: 'get_products', windowedBackfill: false, everySeconds: 15 * MINUTE },
  INVENTORY: { key: 'inventory', functionName: 'get_inventory', windowedBackfill: false, everySeconds: 5 * MINUTE },
  ORDERS: { key: 'orders', functionName: 'get_orders', windowedBackfill: true, everySeconds: 5 * MINUTE },
  RETURNS: { key: 'returns', functionName: 'get_returns', windowedBackfill: true, everySeconds: 15 * MINUTE },
  INBOUND_SHIPMENTS: { key: 'inbound_shipments', functionName: 'get_inbound_shipments', windowedBackfill: true, everySeconds: 15 * MINUTE },
};

export const schemaOf = (resource: SyncResource) => RESOURCES[RESOURCE_INFO[resource].key].schema;
export const listPathOf = (resource: SyncResource) => RESOURCES[RESOURCE_INFO[resource].key].listPath;

export function isSyncResource(value: unknown): value is SyncResource {
  return typeof value === 'string' && (SYNC_RESOURCES as readonly string[]).includes(value);
}

/** The resources a connection can read, in dependency-friendly order (warehouses before locations). */
export function readableResources(availableActions: readonly string[]): SyncResource[] {
  return SYNC_RESOURCES.filter((r) => availableActions.includes(RESOURCE_INFO[r].functionName));
}
