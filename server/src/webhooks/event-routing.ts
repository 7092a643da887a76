// What a Trackstar event type means to Packr. Pure, so the whole table is unit-tested.
import type { SyncResource } from '../generated/prisma/enums.js';
import { normalizeEventType } from '../../../trackstar-contract/contract.js';

export type EventRoute =
  | { kind: 'apply'; resource: SyncResource }
  | { kind: 'historical-sync-completed' }
  | { kind: 'connection-error'; resolved: boolean }
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
  if (type === 'connection-error.created' || type === 'connection-error.updated') return { kind: 'connection-error', resolved: false };
  if (type === 'connection-error.deleted') return { kind: 'connection-error', resolved: true };
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
