// What a Trackstar event type means to Packr. Pure, so the whole table is unit-tested.
import type { SyncResource } from '../generated/prisma/enums.js';
import { normalizeEventType } from '../../../trackstar-contract/contract.js';
import { RESOURCE_INFO, listPathOf } from '../sync/resources.js';

export type EventRoute =
  | { kind: 'apply'; resource: SyncResource }
  | { kind: 'historical-sync-completed' }
  | { kind: 'connection-error'; resolved: boolean }
  | { kind: 'connection-created' }
  | { kind: 'connection-deleted' }
  /** Trackstar's own sync job or schedule for the connection is stuck (payload not in SPEC): kept, logged, shown in the health report. */
  | { kind: 'upstream-stuck' }
  | { kind: 'ignore'; reason: string };

// Resource events by prefix (before the first dot). `order.*` is limited to the documented three.
const RESOURCE_PREFIXES: Record<string, SyncResource> = {
  product: 'PRODUCTS',
  inventory: 'INVENTORY',
  warehouse: 'WAREHOUSES',
  'warehouse-location': 'WAREHOUSE_LOCATIONS',
  'inbound-shipment': 'INBOUND_SHIPMENTS',
  return: 'RETURNS',
  'shipping-method': 'SHIPPING_METHODS',
};
const ORDER_EVENTS = new Set(['order.created', 'order.updated', 'order.shipment.created']);

export function routeEvent(eventType: string): EventRoute {
  const type = normalizeEventType(eventType.trim());
  if (ORDER_EVENTS.has(type)) return { kind: 'apply', resource: 'ORDERS' };
  const dot = type.indexOf('.');
  const prefix = dot < 0 ? type : type.slice(0, dot);
  // There are no *.deleted resource events upstream; Packr reconciles deletions itself.
  if (prefix in RESOURCE_PREFIXES && !type.endsWith('.deleted')) return { kind: 'apply', resource: RESOURCE_PREFIXES[prefix] };
  if (type === 'connection.historical-sync-completed') return { kind: 'historical-sync-completed' };
  if (type === 'connection.created') return { kind: 'connection-created' };
  if (type === 'connection.deleted') return { kind: 'connection-deleted' };
  if (type === 'connection-error.created' || type === 'connection-error.updated') return { kind: 'connection-error', resolved: false };
  if (type === 'connection-error.deleted') return { kind: 'connection-error', resolved: true };
  if (type === 'connection.sync-job-stuck' || type === 'connection.schedule-stuck') return { kind: 'upstream-stuck' };
  return { kind: 'ignore', reason: `event type ${eventType.slice(0, 100)} is not handled by Packr` };
}

// `resource` in connection.historical-sync-completed: "orders", "inventory", "inbound_shipments",
// "warehouse-locations"... Normalized to underscores, singular or plural.
const HISTORICAL_RESOURCES: Record<string, SyncResource> = {
  orders: 'ORDERS',
  products: 'PRODUCTS',
  inventory: 'INVENTORY',
  inventory_items: 'INVENTORY',
  warehouses: 'WAREHOUSES',
  warehouse_locations: 'WAREHOUSE_LOCATIONS',
  locations: 'WAREHOUSE_LOCATIONS',
  shipping_methods: 'SHIPPING_METHODS',
  returns: 'RETURNS',
  inbound_shipments: 'INBOUND_SHIPMENTS',
};

export function historicalResource(value: unknown): SyncResource | null {
  if (typeof value !== 'string') return null;
  let key = value.trim().toLowerCase().replace(/^get_/, '').replaceAll('-', '_');
  if (!(key in HISTORICAL_RESOURCES) && !key.endsWith('s')) key = `${key}s`;
  return HISTORICAL_RESOURCES[key] ?? null;
}

// ---- connection-error affected_endpoints -> Packr resources -----------------------------------
// SPEC shape: `{endpoint: "GET /wms/orders", preventing_sync}`; connection-issues.mdx shows
// `{error_type, resource, message}`; a bare function name ("get_orders") is accepted too.

export type AffectedResources = {
  /** Synced resources whose reads the error stops (preventing_sync not false), in SYNC order. */
  stopped: SyncResource[];
  /** Synced resources the error names but says it does not stop (preventing_sync: false). */
  notStopped: SyncResource[];
};

const BY_FUNCTION = new Map(Object.entries(RESOURCE_INFO).map(([resource, info]) => [info.functionName, resource as SyncResource]));
const BY_PATH: [RegExp, SyncResource][] = Object.keys(RESOURCE_INFO).map((resource) => {
  const path = listPathOf(resource as SyncResource).replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\\?\{[^}]+\\?\}/g, '[^/]+');
  return [new RegExp(`^${path}/?$`), resource as SyncResource];
});

/** The synced resource a read endpoint, function or resource name means; null for anything else (writes, unsynced functions). */
function resourceOfEndpoint(value: string): SyncResource | null {
  const text = value.trim();
  const fn = BY_FUNCTION.get(text.toLowerCase() as never);
  if (fn) return fn;
  const m = /^(?:([A-Za-z]+)\s+)?(\/\S*)$/.exec(text);
  if (m) {
    if (m[1] && m[1].toUpperCase() !== 'GET') return null;
    const path = m[2].split('?')[0];
    return BY_PATH.find(([re]) => re.test(path))?.[1] ?? null;
  }
  return historicalResource(text);
}

export function affectedResources(data: unknown): AffectedResources {
  const list = data && typeof data === 'object' ? (data as Record<string, unknown>).affected_endpoints : undefined;
  const stopped = new Set<SyncResource>();
  const notStopped = new Set<SyncResource>();
  for (const entry of Array.isArray(list) ? list : []) {
    const e = entry && typeof entry === 'object' ? (entry as Record<string, unknown>) : null;
    const name = typeof entry === 'string' ? entry : [e?.endpoint, e?.function_name, e?.resource].find((v) => typeof v === 'string');
    const resource = typeof name === 'string' ? resourceOfEndpoint(name) : null;
    if (!resource) continue;
    (e?.preventing_sync === false ? notStopped : stopped).add(resource);
  }
  const order = Object.keys(RESOURCE_INFO) as SyncResource[];
  return { stopped: order.filter((r) => stopped.has(r)), notStopped: order.filter((r) => notStopped.has(r) && !stopped.has(r)) };
}
