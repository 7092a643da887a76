// Packr's one written-down Trackstar contract: zod schemas and types for every payload Packr reads
// from Trackstar or its sandbox simulator. Field names are exactly the spec's (snake_case).
//
// Leniency: unknown keys pass through (z.looseObject); nullable descriptive fields accept null or a
// missing key and come out as null; list-like extras (tags, notes, additional_fields) default to
// empty. Strict where Packr relies on values: ids, created/updated dates, statuses, integer counters.
import { z } from 'zod';

/** Trackstar's documented timestamp format: UTC, whole seconds, `Z`. Filters must match it exactly. */
export const TRACKSTAR_DATE_RE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/;

/** Any valid ISO 8601 instant (reads tolerate fractions or offsets; Trackstar sends whole seconds). */
export const DateTime = z.iso.datetime({ offset: true });
const nullable = <T extends z.ZodType>(s: T) => s.nullable().default(null);
const Id = z.string().min(1);
const Int = z.int();
const Json = z.record(z.string(), z.unknown());
const AdditionalFields = Json.default({});
const TrackstarTags = nullable(z.array(z.union([z.string(), Json])));
const Strings = z.array(z.string()).default([]);

// ---- enums ----------------------------------------------------------------------------------

export const ORDER_STATUSES = [
  'open', 'confirmed', 'processing', 'picked', 'packed', 'partially_fulfilled', 'fulfilled',
  'exception', 'cancelled', 'backordered', 'other',
] as const;
export const OrderStatus = z.enum(ORDER_STATUSES);
export type OrderStatus = z.infer<typeof OrderStatus>;

export const SHIPMENT_STATUSES = ['open', 'shipped', 'cancelled', 'other'] as const;
export const ShipmentStatus = z.enum(SHIPMENT_STATUSES);
export type ShipmentStatus = z.infer<typeof ShipmentStatus>;

/** Shared by inbound shipments and returns. Note the hyphen in `in-transit`. */
export const INBOUND_STATUSES = ['open', 'in-transit', 'receiving', 'received', 'cancelled', 'other'] as const;
export const InboundStatus = z.enum(INBOUND_STATUSES);
export type InboundStatus = z.infer<typeof InboundStatus>;
export const ReturnStatus = InboundStatus;
export type ReturnStatus = InboundStatus;

export const ORDER_TYPES = ['d2c', 'b2b', 'dropship', 'transfer'] as const;
const LengthUnit = z.enum(['cm', 'in']);
const WeightUnit = z.enum(['kg', 'oz', 'lb']);

// ---- embedded objects (all keys present in Trackstar's output, values possibly null) --------

export const ShipToAddressSchema = z.looseObject({
  full_name: nullable(z.string()), company: nullable(z.string()),
  address1: nullable(z.string()), address2: nullable(z.string()), address3: nullable(z.string()),
  city: nullable(z.string()), state: nullable(z.string()), postal_code: nullable(z.string()),
  country: nullable(z.string()), phone_number: nullable(z.string()), email_address: nullable(z.string()),
});
export type ShipToAddress = z.infer<typeof ShipToAddressSchema>;

export const ShipFromAddressSchema = z.looseObject({
  address1: nullable(z.string()), address2: nullable(z.string()), address3: nullable(z.string()),
  city: nullable(z.string()), state: nullable(z.string()), postal_code: nullable(z.string()),
  country: nullable(z.string()),
});
export type ShipFromAddress = z.infer<typeof ShipFromAddressSchema>;

/** Package, inventory-item, location and return-shipment measurements share this shape. */
export const MeasurementsSchema = z.looseObject({
  length: nullable(z.number()), width: nullable(z.number()), height: nullable(z.number()),
  unit: nullable(LengthUnit), weight: nullable(z.number()), weight_unit: nullable(WeightUnit),
});
export type Measurements = z.infer<typeof MeasurementsSchema>;

export const OrderLineItemSchema = z.looseObject({
  product_id: Id, sku: nullable(z.string()), quantity: Int, unit_price: nullable(z.number()),
  is_picked: z.boolean().default(false), discount_amount: nullable(z.number()),
});
export type OrderLineItem = z.infer<typeof OrderLineItemSchema>;

export const PackageLineItemSchema = z.looseObject({
  inventory_item_id: Id, sku: nullable(z.string()), quantity: Int, lot_id: nullable(z.string()),
  expiration_date: nullable(DateTime), parent_product_id: nullable(z.string()),
});
export type PackageLineItem = z.infer<typeof PackageLineItemSchema>;

export const PackageSchema = z.looseObject({
  package_id: Id, package_name: nullable(z.string()),
  tracking_number: nullable(z.string()), tracking_url: nullable(z.string()),
  shipping_method: nullable(z.string()), carrier: nullable(z.string()),
  shipping_method_id: nullable(z.string()), shipping_method_name: nullable(z.string()),
  carrier_id: nullable(z.string()), carrier_name: nullable(z.string()), scac: nullable(z.string()),
  shipping_cost: nullable(z.number()), measurements: MeasurementsSchema,
  line_items: z.array(PackageLineItemSchema).default([]),
});
export type Package = z.infer<typeof PackageSchema>;

export const ShipmentLineItemSchema = z.looseObject({
  inventory_item_id: Id, sku: nullable(z.string()), quantity: Int, parent_product_id: nullable(z.string()),
});
export type ShipmentLineItem = z.infer<typeof ShipmentLineItemSchema>;

export const OrderShipmentSchema = z.looseObject({
  shipment_id: Id, warehouse_id: z.string(), raw_status: nullable(z.string()), status: ShipmentStatus,
  shipped_date: nullable(DateTime), shipping_method: nullable(z.string()),
  line_items: z.array(ShipmentLineItemSchema).default([]),
  ship_to_address: ShipToAddressSchema, ship_from_address: ShipFromAddressSchema,
  packages: z.array(PackageSchema).default([]),
});
export type OrderShipment = z.infer<typeof OrderShipmentSchema>;

// ---- records -----------------------------------------------------------------------------------

const base = { id: Id, created_date: DateTime, updated_date: DateTime };

export const OrderSchema = z.looseObject({
  ...base,
  warehouse_customer_id: nullable(z.string()), warehouse_id: nullable(z.string()),
  reference_id: z.string(), order_number: z.string(), status: OrderStatus, raw_status: nullable(z.string()),
  channel: nullable(z.string()),
  channel_object: nullable(z.looseObject({ channel_id: z.string(), channel_name: nullable(z.string()) })),
  type: nullable(z.enum(ORDER_TYPES)), trading_partner: nullable(z.string()),
  shipping_method: nullable(z.string()), service_level: nullable(z.string()),
  shipping_method_id: nullable(z.string()), shipping_method_name: nullable(z.string()),
  carrier_id: nullable(z.string()), carrier_name: nullable(z.string()), scac: nullable(z.string()),
  is_third_party_freight: nullable(z.boolean()),
  third_party_freight_account_number: nullable(z.string()),
  first_party_freight_account_number: nullable(z.string()),
  invoice_currency_code: z.string().default('USD'),
  total_price: nullable(z.number()), total_tax: nullable(z.number()),
  total_discount: nullable(z.number()), total_shipping: nullable(z.number()),
  ship_to_address: ShipToAddressSchema,
  line_items: z.array(OrderLineItemSchema),
  tags: Strings,
  required_ship_date: nullable(DateTime), saturday_delivery: nullable(z.boolean()),
  signature_required: nullable(z.boolean()),
  international_duty_paid_by: nullable(z.enum(['sender', 'recipient', 'third_party'])),
  shipments: z.array(OrderShipmentSchema).default([]),
  external_system_url: nullable(z.string()), trackstar_tags: TrackstarTags, additional_fields: AdditionalFields,
});
export type Order = z.infer<typeof OrderSchema>;

export const ProductInventoryItemSchema = z.looseObject({
  inventory_item_id: Id, sku: nullable(z.string()), unit_quantity: Int,
});
export const SupplierObjectSchema = z.looseObject({ supplier_id: z.string(), supplier_name: nullable(z.string()) });

export const ProductSchema = z.looseObject({
  ...base,
  warehouse_customer_id: nullable(z.string()), name: z.string(), sku: nullable(z.string()),
  gtin: nullable(z.string()), unit_price: nullable(z.number()),
  inventory_items: z.array(ProductInventoryItemSchema),
  is_kit: z.boolean(), active: z.boolean(),
  supplier: nullable(z.string()), supplier_object: nullable(SupplierObjectSchema),
  country_of_origin: nullable(z.string()), harmonized_code: nullable(z.string()),
  supplier_products: z.array(z.looseObject({
    supplier_id: z.string(), supplier_name: nullable(z.string()),
    external_id: nullable(z.string()), unit_cost: nullable(z.string()),
  })).default([]),
  external_system_url: nullable(z.string()), trackstar_tags: TrackstarTags, additional_fields: AdditionalFields,
});
export type Product = z.infer<typeof ProductSchema>;

/** Per-warehouse stock; only `onhand` is guaranteed non-null. */
export const InventoryInWarehouseSchema = z.looseObject({
  awaiting: nullable(Int), onhand: Int, committed: nullable(Int), unfulfillable: nullable(Int),
  fulfillable: nullable(Int), unsellable: nullable(Int), sellable: nullable(Int),
});
export type InventoryInWarehouse = z.infer<typeof InventoryInWarehouseSchema>;

export const LotSchema = z.looseObject({
  lot_id: Id, onhand: Int, expiration_date: nullable(DateTime), warehouse_id: nullable(z.string()),
});
export type Lot = z.infer<typeof LotSchema>;

export const InventoryLocationSchema = z.looseObject({ location_id: Id, quantity: Int, warehouse_id: z.string() });
export type InventoryLocation = z.infer<typeof InventoryLocationSchema>;

export const InventoryItemSchema = z.looseObject({
  ...base,
  warehouse_customer_id: nullable(z.string()), name: z.string(), sku: nullable(z.string()),
  unit_cost: nullable(z.number()), active: z.boolean(),
  awaiting: Int, onhand: Int, committed: Int, unfulfillable: Int, fulfillable: Int, unsellable: Int, sellable: Int,
  substitute_skus: Strings,
  inventory_by_warehouse_id: z.record(z.string(), InventoryInWarehouseSchema),
  lots: z.array(LotSchema).default([]),
  measurements: MeasurementsSchema,
  locations: z.array(InventoryLocationSchema).default([]),
  external_system_url: nullable(z.string()), trackstar_tags: TrackstarTags, additional_fields: AdditionalFields,
});
export type InventoryItem = z.infer<typeof InventoryItemSchema>;

export const WarehouseSchema = z.looseObject({
  ...base,
  name: z.string(), code: nullable(z.string()), address: ShipFromAddressSchema,
  trackstar_tags: TrackstarTags, additional_fields: AdditionalFields,
});
export type Warehouse = z.infer<typeof WarehouseSchema>;

export const WarehouseLocationSchema = z.looseObject({
  ...base,
  name: nullable(z.string()), warehouse_id: Id, type: nullable(z.string()),
  measurements: MeasurementsSchema, additional_fields: AdditionalFields,
});
export type WarehouseLocation = z.infer<typeof WarehouseLocationSchema>;

export const ShippingMethodSchema = z.looseObject({
  ...base,
  name: z.string(), carrier: nullable(z.string()), carrier_id: nullable(z.string()),
  carrier_name: nullable(z.string()), scac: nullable(z.string()), additional_fields: AdditionalFields,
});
export type ShippingMethod = z.infer<typeof ShippingMethodSchema>;

export const WarehouseCustomerSchema = z.looseObject({
  ...base, name: z.string(), email: nullable(z.string()), additional_fields: AdditionalFields,
});
export type WarehouseCustomer = z.infer<typeof WarehouseCustomerSchema>;

export const ReturnLineItemSchema = z.looseObject({
  inventory_item_id: Id, sku: nullable(z.string()), expected_quantity: Int, received_quantity: Int,
  restocked_quantity: nullable(Int), return_reason: nullable(z.string()),
  quantity: Int.optional(), warehouse_id: nullable(z.string()), returned_date: nullable(DateTime),
});
export type ReturnLineItem = z.infer<typeof ReturnLineItemSchema>;

export const ReturnShipmentSchema = z.looseObject({
  tracking_number: nullable(z.string()), shipped_date: nullable(DateTime), arrived_date: nullable(DateTime),
  warehouse_id: nullable(z.string()), carrier: nullable(z.string()), carrier_id: nullable(z.string()),
  carrier_name: nullable(z.string()), scac: nullable(z.string()), shipping_cost: nullable(z.number()),
  measurements: MeasurementsSchema,
  line_items: z.array(z.looseObject({
    inventory_item_id: Id, sku: nullable(z.string()), quantity: Int,
    receiving_details: z.array(z.looseObject({
      quantity: Int, condition: nullable(z.string()), disposition: nullable(z.string()),
    })).default([]),
  })).default([]),
});
export type ReturnShipment = z.infer<typeof ReturnShipmentSchema>;

export const ReturnSchema = z.looseObject({
  ...base,
  warehouse_customer_id: nullable(z.string()), status: ReturnStatus, raw_status: nullable(z.string()),
  order_id: nullable(z.string()), notes: Strings,
  line_items: z.array(ReturnLineItemSchema), shipments: z.array(ReturnShipmentSchema).default([]),
  external_system_url: nullable(z.string()), trackstar_tags: TrackstarTags, additional_fields: AdditionalFields,
});
export type Return = z.infer<typeof ReturnSchema>;

export const InboundLineItemSchema = z.looseObject({
  inventory_item_id: Id, sku: nullable(z.string()), expected_quantity: Int, received_quantity: Int,
  unit_cost: nullable(z.number()), external_id: nullable(z.string()),
});
export type InboundLineItem = z.infer<typeof InboundLineItemSchema>;

export const InboundReceiptSchema = z.looseObject({
  id: Id, arrived_date: DateTime,
  line_items: z.array(z.looseObject({ inventory_item_id: Id, sku: nullable(z.string()), quantity: Int })),
});
export type InboundReceipt = z.infer<typeof InboundReceiptSchema>;

export const InboundShipmentSchema = z.looseObject({
  ...base,
  warehouse_customer_id: nullable(z.string()), purchase_order_number: nullable(z.string()),
  status: InboundStatus, raw_status: nullable(z.string()),
  supplier: nullable(z.string()), supplier_object: nullable(SupplierObjectSchema),
  expected_arrival_date: nullable(DateTime), warehouse_id: nullable(z.string()),
  line_items: z.array(InboundLineItemSchema), receipts: z.array(InboundReceiptSchema).default([]),
  ship_from_address: ShipFromAddressSchema, tracking_numbers: Strings, notes: Strings,
  external_system_url: nullable(z.string()), trackstar_tags: TrackstarTags, additional_fields: AdditionalFields,
});
export type InboundShipment = z.infer<typeof InboundShipmentSchema>;

// ---- envelopes ---------------------------------------------------------------------------------

/** `total_count` is the number of items in this page, not a grand total. */
export const listEnvelope = <T extends z.ZodType>(item: T) =>
  z.looseObject({ data: z.array(item), next_token: z.string().nullable(), total_count: Int });
export const singleEnvelope = <T extends z.ZodType>(item: T) => z.looseObject({ data: item });
export const writeEnvelope = <T extends z.ZodType>(item: T) =>
  z.looseObject({ data: item, id: Id, unused_fields: z.array(z.string()).default([]) });
export type ListEnvelope<T> = { data: T[]; next_token: string | null; total_count: number };
export type SingleEnvelope<T> = { data: T };
export type WriteEnvelope<T> = { data: T; id: string; unused_fields: string[] };

// ---- connections, link, management -------------------------------------------------------------

export const ExchangeResponseSchema = z.looseObject({
  access_token: z.string().min(1), connection_id: Id, integration_name: z.string(),
  customer_id: nullable(z.string()), available_actions: z.array(z.string()),
  /** Deprecated alias of available_actions. */
  available_endpoints: z.array(z.string()).default([]),
});
export type ExchangeResponse = z.infer<typeof ExchangeResponseSchema>;

export const LinkTokenResponseSchema = z.looseObject({ link_token: z.string().min(1) });
export type LinkTokenResponse = z.infer<typeof LinkTokenResponseSchema>;

export const SYNC_STATUSES = ['enabled', 'disabled', 'sync_in_progress', 'first_sync_in_progress', 'error'] as const;
export const SyncScheduleSchema = z.looseObject({
  function_name: z.string(), latest_sync: nullable(DateTime), last_crawl_start: nullable(DateTime),
  last_crawl_end: nullable(DateTime), sync_frequency: Int, in_progress: z.boolean().default(false),
  sync_status: nullable(z.enum(SYNC_STATUSES)),
});
export type SyncSchedule = z.infer<typeof SyncScheduleSchema>;

export const AffectedEndpointSchema = z.looseObject({ endpoint: z.string(), preventing_sync: z.boolean() });
/** SPEC shape first; connection-issues.mdx documents another (error_type/resource/message). Both parse. */
export const ConnectionErrorSchema = z.union([
  z.looseObject({
    error_message: z.string(), affected_endpoints: z.array(AffectedEndpointSchema),
    first_seen: DateTime, last_seen: DateTime,
  }),
  z.looseObject({ error_type: z.string(), resource: nullable(z.string()), message: nullable(z.string()) }),
]);
export type ConnectionError = z.infer<typeof ConnectionErrorSchema>;

export const INTEGRATION_TYPES = ['wms', 'freight', 'cart'] as const;
export const ConnectionSchema = z.looseObject({
  connection_id: Id, integration_name: z.string(), customer_id: nullable(z.string()), created_at: DateTime,
  last_used: nullable(DateTime), times_used: nullable(Int), latest_sync: nullable(DateTime),
  sync_schedules: z.array(SyncScheduleSchema).default([]), errors: z.array(ConnectionErrorSchema).default([]),
  available_actions: z.array(z.string()), available_endpoints: z.array(z.string()).default([]),
  integration_type: z.enum(INTEGRATION_TYPES), webhooks_disabled: nullable(z.boolean()),
});
export type Connection = z.infer<typeof ConnectionSchema>;
export const ConnectionListSchema = listEnvelope(ConnectionSchema);
/** SPEC: a one-item list envelope; DOCS prose: `data` as an object. Accept both. */
export const ConnectionResponseSchema = z.union([ConnectionListSchema, singleEnvelope(ConnectionSchema)]);

export const UpdateConnectionResponseSchema = z.looseObject({ id: Id, object: z.string(), updated: z.boolean() });
export const DeleteConnectionResponseSchema = z.looseObject({ id: Id, object: z.string(), deleted: z.boolean() });
export const SyncConnectionResponseSchema = z.looseObject({
  id: Id, syncing: z.boolean(), functions_to_sync: z.array(z.string()),
});
export type SyncConnectionResponse = z.infer<typeof SyncConnectionResponseSchema>;

// ---- errors --------------------------------------------------------------------------------------

export const ERROR_ORIGINS = ['trackstar', 'integration'] as const;
/** Every error body carries `error`; `origin` is usual but not guaranteed (501s historically lack it). */
export const ErrorBodySchema = z.looseObject({ error: z.string(), origin: z.enum(ERROR_ORIGINS).optional() });
export type ErrorBody = z.infer<typeof ErrorBodySchema>;
export const NotFoundErrorSchema = z.looseObject({ error: z.string(), id: z.string() });
/** 422: `detail` is `{ query | json: { <field>: [message] } }`. */
export const ValidationErrorSchema = z.looseObject({
  error: z.string(),
  detail: z.record(z.string(), z.record(z.string(), z.array(z.string()))),
});
export type ValidationError = z.infer<typeof ValidationErrorSchema>;

// ---- webhooks ---------------------------------------------------------------------------------------

export const WMS_EVENT_TYPES = [
  'order.created', 'order.updated', 'order.shipment.created',
  'inventory.created', 'inventory.updated', 'product.created', 'product.updated',
  'inbound-shipment.created', 'inbound-shipment.updated', 'inbound-shipment.receipt.created',
  'return.created', 'return.updated', 'shipping-method.created', 'shipping-method.updated',
  'warehouse.created', 'warehouse.updated', 'warehouse-location.created', 'warehouse-location.updated',
  'warehouse-customer.created', 'warehouse-customer.updated', 'bill.created', 'bill.updated',
  'inventory_ledger.created', 'inventory_ledger.updated',
] as const;
export const CONNECTION_EVENT_TYPES = [
  'connection.created', 'connection.deleted', 'connection.historical-sync-completed',
  'connection-error.created', 'connection-error.updated', 'connection-error.deleted',
  // Newer [M]; payloads not in SPEC.
  'connection.force-sync-completed', 'connection.sync-job-completed', 'connection.sync-job-stuck',
  'connection.schedule-stuck', 'install.failed',
] as const;
export const EVENT_TYPES = [...WMS_EVENT_TYPES, ...CONNECTION_EVENT_TYPES] as const;
export type EventType = (typeof EVENT_TYPES)[number];

/** Older docs spelled `inbound_shipment.*`/`shipping_method.*`: treat `_` and `-` alike before the first dot. */
export function normalizeEventType(eventType: string): string {
  const dot = eventType.indexOf('.');
  if (dot < 0) return eventType;
  const head = eventType.slice(0, dot);
  if (head === 'inventory_ledger' || head === 'labor_activity') return eventType;
  return head.replaceAll('_', '-') + eventType.slice(dot);
}

export const WebhookEnvelopeSchema = z.looseObject({
  event_type: z.string(), connection_id: Id, integration_name: z.string(), integration_type: z.string(),
  data: Json,
  /** Old values of changed fields only, flattened to dot paths (`line_items.1.received_quantity`). */
  previous_attributes: Json.optional(),
  data_truncated: z.boolean().optional(),
  /** Present when data_truncated: GET with the API key for the full event (or a download_url). */
  data_url: z.string().optional(),
  customer_id: z.string().nullable().optional(),
});
export type WebhookEnvelope = z.infer<typeof WebhookEnvelopeSchema>;

export const HistoricalSyncCompletedDataSchema = z.looseObject({
  resource: z.string(), oldest_data_date: DateTime, newest_data_date: DateTime,
});
export const ConnectionErrorEventDataSchema = z.looseObject({
  failed_url: z.string(), affected_endpoints: z.array(AffectedEndpointSchema), integration_name: z.string(),
  error_message: z.string(), created_date: DateTime, updated_date: DateTime, last_seen: DateTime,
});
export const ConnectionCreatedDataSchema = z.looseObject({ created_date: DateTime, access_token: z.string() });
export const ConnectionDeletedDataSchema = z.looseObject({ deleted_date: DateTime });

// ---- functions and resources ---------------------------------------------------------------------

export const READ_FUNCTIONS = [
  'get_orders', 'get_products', 'get_inventory', 'get_warehouses', 'get_warehouse_locations',
  'get_shipping_methods', 'get_returns', 'get_inbound_shipments', 'get_warehouse_customers',
] as const;
export type ReadFunction = (typeof READ_FUNCTIONS)[number];
/** Spec-listed `functions_to_sync` values (includes ones Packr does not sync). */
export const SYNC_FUNCTIONS = [
  ...READ_FUNCTIONS, 'get_bills', 'get_inventory_ledger', 'get_shipments',
] as const;
/** Write function names as they appear in `available_actions` [L: only create_order is in SPEC]. */
export const WRITE_FUNCTIONS = [
  'create_order', 'update_order', 'cancel_order', 'create_shipment', 'adjust_inventory',
  'create_inbound_shipment', 'receive_inbound_shipment', 'create_return',
] as const;
export type WriteFunction = (typeof WRITE_FUNCTIONS)[number];

export type ResourceKey =
  | 'orders' | 'products' | 'inventory' | 'warehouses' | 'warehouse_locations'
  | 'shipping_methods' | 'returns' | 'inbound_shipments' | 'warehouse_customers';

export type ResourceSpec = {
  key: ResourceKey;
  /** List path; `{warehouse_id}` is a path parameter for locations. */
  listPath: string;
  itemPath: string;
  functionName: ReadFunction;
  /** Webhook prefix: `${eventPrefix}.created` / `.updated`. */
  eventPrefix: string;
  /**
   * `resource` value in connection.historical-sync-completed. SPEC only shows "orders"; the others
   * are guesses [L], so match incoming values with historicalResourceKey() rather than by equality.
   */
  historicalResource: string;
  /** Default Trackstar sync frequency, seconds. */
  syncFrequency: number;
  schema: z.ZodType;
};

const HOUR = 3600;
export const RESOURCES = {
  orders: { key: 'orders', listPath: '/wms/orders', itemPath: '/wms/orders/{order_id}', functionName: 'get_orders', eventPrefix: 'order', historicalResource: 'orders', syncFrequency: HOUR, schema: OrderSchema },
  products: { key: 'products', listPath: '/wms/products', itemPath: '/wms/products/{product_id}', functionName: 'get_products', eventPrefix: 'product', historicalResource: 'products', syncFrequency: HOUR, schema: ProductSchema },
  inventory: { key: 'inventory', listPath: '/wms/inventory', itemPath: '/wms/inventory/{inventory_id}', functionName: 'get_inventory', eventPrefix: 'inventory', historicalResource: 'inventory', syncFrequency: HOUR, schema: InventoryItemSchema },
  warehouses: { key: 'warehouses', listPath: '/wms/warehouses', itemPath: '/wms/warehouses/{warehouse_id}', functionName: 'get_warehouses', eventPrefix: 'warehouse', historicalResource: 'warehouses', syncFrequency: 12 * HOUR, schema: WarehouseSchema },
  warehouse_locations: { key: 'warehouse_locations', listPath: '/wms/warehouses/{warehouse_id}/locations', itemPath: '/wms/warehouses/{warehouse_id}/locations/{location_id}', functionName: 'get_warehouse_locations', eventPrefix: 'warehouse-location', historicalResource: 'warehouse-locations', syncFrequency: 12 * HOUR, schema: WarehouseLocationSchema },
  shipping_methods: { key: 'shipping_methods', listPath: '/wms/shipping-methods', itemPath: '/wms/shipping-methods/{shipping_method_id}', functionName: 'get_shipping_methods', eventPrefix: 'shipping-method', historicalResource: 'shipping-methods', syncFrequency: 12 * HOUR, schema: ShippingMethodSchema },
  returns: { key: 'returns', listPath: '/wms/returns', itemPath: '/wms/returns/{return_id}', functionName: 'get_returns', eventPrefix: 'return', historicalResource: 'returns', syncFrequency: HOUR, schema: ReturnSchema },
  inbound_shipments: { key: 'inbound_shipments', listPath: '/wms/inbound-shipments', itemPath: '/wms/inbound-shipments/{inbound_shipment_id}', functionName: 'get_inbound_shipments', eventPrefix: 'inbound-shipment', historicalResource: 'inbound-shipments', syncFrequency: HOUR, schema: InboundShipmentSchema },
  warehouse_customers: { key: 'warehouse_customers', listPath: '/wms/warehouse-customers', itemPath: '/wms/warehouse-customers/{warehouse_customer_id}', functionName: 'get_warehouse_customers', eventPrefix: 'warehouse-customer', historicalResource: 'warehouse-customers', syncFrequency: 12 * HOUR, schema: WarehouseCustomerSchema },
} as const satisfies Record<ResourceKey, ResourceSpec>;
export const RESOURCE_KEYS = Object.keys(RESOURCES) as ResourceKey[];

const loose = (s: string) => s.toLowerCase().replace(/^get_/, '').replace(/[-_\s]/g, '').replace(/s$/, '');

/** The resource a historical-sync-completed `resource` names, tolerant of plural/underscore/hyphen spellings. */
export function historicalResourceKey(resource: string): ResourceKey | undefined {
  const want = loose(resource);
  return RESOURCE_KEYS.find((k) => [k, RESOURCES[k].historicalResource, RESOURCES[k].functionName].some((n) => loose(n) === want));
}

/** Resource record types by key, for generic code over RESOURCES. */
export type ResourceRecord = {
  orders: Order; products: Product; inventory: InventoryItem; warehouses: Warehouse;
  warehouse_locations: WarehouseLocation; shipping_methods: ShippingMethod; returns: Return;
  inbound_shipments: InboundShipment; warehouse_customers: WarehouseCustomer;
};

// ---- rate limits ------------------------------------------------------------------------------------

/** Per access token: 10 GET/s, 50 writes/s. Header spellings: current first, legacy (2025) second. */
export const RATE_LIMITS = { read: 10, write: 50 } as const;
export const RATE_LIMIT_HEADERS = {
  current: { limit: 'x-ratelimit-limit', remaining: 'x-ratelimit-remaining', reset: 'x-ratelimit-reset', retryAfter: 'retry-after' },
  legacy: { limit: 'x-rate-limit-limit', remaining: 'x-rate-limit-remaining', reset: 'x-rate-limit-reset', retryAfter: 'x-rate-limit-retry-after' },
} as const;

// ---- write bodies (the --WMS_Sandbox-- variants; real integrations differ, see write-info) ----------
// Trackstar rejects null, "" and null-like strings in any write field (422): omit unset fields.
// Unknown keys are ignored and reported back in the response's `unused_fields`.

const WriteAddress = z.object({
  full_name: z.string(), company: z.string(), address1: z.string(), address2: z.string(),
  city: z.string(), state: z.string(), postal_code: z.string(), country: z.string(),
});
const WriteOrderLine = z.object({
  product_id: z.string(), sku: z.string().optional(), quantity: z.int().positive(),
  unit_price: z.number().optional(), discount_amount: z.number().optional(),
});
const orderWriteFields = {
  trackstar_tags: z.array(z.union([z.string(), Json])).optional(),
  reference_id: z.string().optional(), order_number: z.string().optional(), channel: z.string().optional(),
  trading_partner: z.string().optional(), shipping_method_id: z.string().optional(),
  shipping_method: z.string().optional(), service_level: z.string().optional(),
  invoice_currency_code: z.string().optional(), total_price: z.number().optional(), total_tax: z.number().optional(),
  total_discount: z.number().optional(), total_shipping: z.number().optional(),
};
export const CreateOrderBodySchema = z.object({
  ...orderWriteFields,
  order_number: z.string(),
  ship_to_address: WriteAddress.partial().required({ address1: true, city: true, state: true, postal_code: true, country: true }),
  line_items: z.array(WriteOrderLine).min(1),
});
export type CreateOrderBody = z.infer<typeof CreateOrderBodySchema>;
export const UpdateOrderBodySchema = z.object({
  ...orderWriteFields,
  ship_to_address: WriteAddress.partial().optional(),
  line_items: z.array(WriteOrderLine.partial().required({ product_id: true, quantity: true })).min(1).optional(),
  status: OrderStatus.optional(),
});
export type UpdateOrderBody = z.infer<typeof UpdateOrderBodySchema>;
export const CreateShipmentBodySchema = z.object({
  shipped_date: DateTime, tracking_number: z.string(), tracking_url: z.string().optional(),
  carrier_id: z.string().optional(), carrier: z.string().optional(), shipping_method_id: z.string().optional(),
  shipping_method: z.string().optional(), shipping_cost: z.number(),
  measurements: z.object({
    length: z.number().optional(), width: z.number().optional(), height: z.number().optional(),
    unit: LengthUnit.optional(), weight: z.number().optional(), weight_unit: WeightUnit.optional(),
  }),
  warehouse_id: z.string(),
  packages: z.array(z.object({ package_id: z.string(), tracking_number: z.string() })).optional(),
  line_items: z.array(z.object({ sku: z.string(), quantity: z.int().positive() })).optional(),
});
export type CreateShipmentBody = z.infer<typeof CreateShipmentBodySchema>;
export const AdjustInventoryBodySchema = z.object({
  quantity: z.int().positive(), adjustment_type: z.enum(['increase', 'decrease']),
  warehouse_id: z.string(), location_id: z.string().optional(),
});
export type AdjustInventoryBody = z.infer<typeof AdjustInventoryBodySchema>;
export const CreateInboundShipmentBodySchema = z.object({
  trackstar_tags: z.array(z.union([z.string(), Json])).optional(),
  supplier: z.string(), purchase_order_number: z.string(), expected_arrival_date: DateTime,
  warehouse_id: z.string(), tracking_number: z.string(),
  line_items: z.array(z.object({ sku: z.string(), expected_quantity: z.int().positive() })).min(1),
});
export type CreateInboundShipmentBody = z.infer<typeof CreateInboundShipmentBodySchema>;
export const ReceiveInboundShipmentBodySchema = z.object({
  line_items: z.array(z.object({ sku: z.string(), quantity: z.int().positive() })).min(1),
  warehouse_location_id: z.string(), warehouse_id: z.string().optional(),
});
export type ReceiveInboundShipmentBody = z.infer<typeof ReceiveInboundShipmentBodySchema>;
export const CreateReturnBodySchema = z.object({
  trackstar_tags: z.array(z.union([z.string(), Json])).optional(),
  warehouse_id: z.string().optional(), order_id: z.string().optional(),
  line_items: z.array(z.object({ sku: z.string(), quantity: z.int().positive() })).min(1),
});
export type CreateReturnBody = z.infer<typeof CreateReturnBodySchema>;
/** PUT /wms/{resource}/{id}/trackstar-tags: replaces the tag list; nothing is written to the WMS. */
export const TrackstarTagsBodySchema = z.object({ trackstar_tags: z.array(z.union([z.string(), Json])) });
export type TrackstarTagsBody = z.infer<typeof TrackstarTagsBodySchema>;
