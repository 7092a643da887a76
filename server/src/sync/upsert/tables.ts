// Column specs of every synced table, in the order the bulk statements bind them. Keep them in step
// with prisma/schema.prisma (the int tests compare the synced rows with the sandbox field by field).
import type { SyncResource } from '../../generated/prisma/enums.js';
import { enumCast, textArray, type ChildSpec, type Column, type ParentSpec } from './bulk.js';

const text = (name: string): Column => ({ name, type: 'text' });
const int = (name: string): Column => ({ name, type: 'int4' });
const num = (name: string): Column => ({ name, type: 'numeric' });
const json = (name: string): Column => ({ name, type: 'jsonb' });
const time = (name: string): Column => ({ name, type: 'timestamp' });
const bool = (name: string): Column => ({ name, type: 'bool' });
const uuid = (name: string): Column => ({ name, type: 'uuid' });
const texts = (name: string): Column => ({ name, type: 'jsonb', expr: textArray });
const enumOf = (name: string, enumName: string): Column => ({ name, type: 'text', expr: enumCast(enumName) });

const remote = [json('rawData'), time('createdAtRemote'), time('updatedAtRemote')];

export const WAREHOUSE: ParentSpec = {
  table: 'warehouse',
  columns: [text('externalId'), text('name'), text('code'), json('address'), ...remote],
};

export const WAREHOUSE_LOCATION: ParentSpec = {
  table: 'warehouse_location',
  columns: [text('externalId'), text('warehouseExternalId'), text('name'), text('type'), ...remote],
};

export const SHIPPING_METHOD: ParentSpec = {
  table: 'shipping_method',
  columns: [text('externalId'), text('name'), text('carrierId'), text('carrierName'), text('scac'), ...remote],
};

export const PRODUCT: ParentSpec = {
  table: 'product',
  columns: [
    text('externalId'), text('warehouseCustomerId'), text('sku'), text('name'), text('gtin'),
    num('unitPrice'), bool('isKit'), bool('active'), ...remote,
  ],
};

export const PRODUCT_INVENTORY_ITEM: ChildSpec = {
  table: 'product_inventory_item',
  parentColumn: 'productId',
  columns: [uuid('productId'), text('inventoryItemExternalId'), text('sku'), int('unitQuantity')],
};

export const INVENTORY_ITEM: ParentSpec = {
  table: 'inventory_item',
  columns: [
    text('externalId'), text('warehouseCustomerId'), text('sku'), text('name'), num('unitCost'), bool('active'),
    int('awaiting'), int('onHand'), int('committed'), int('unfulfillable'), int('fulfillable'), int('sellable'),
    ...remote,
  ],
  previous: ['awaiting', 'onHand', 'committed', 'unfulfillable', 'fulfillable', 'sellable'],
};

export const INVENTORY_LEVEL: ChildSpec = {
  table: 'inventory_level',
  parentColumn: 'inventoryItemId',
  columns: [
    uuid('brandId'), uuid('inventoryItemId'), text('warehouseExternalId'),
    int('awaiting'), int('onHand'), int('committed'), int('unfulfillable'), int('fulfillable'), int('sellable'),
  ],
};

export const INVENTORY_SNAPSHOT_COLUMNS: Column[] = [
  uuid('brandId'), uuid('inventoryItemId'),
  int('awaiting'), int('onHand'), int('committed'), int('unfulfillable'), int('fulfillable'), int('sellable'),
  time('updatedAtRemote'),
];

export const ORDER: ParentSpec = {
  table: 'order',
  columns: [
    text('externalId'), text('warehouseCustomerId'), text('warehouseExternalId'), text('orderNumber'), text('referenceId'),
    enumOf('status', 'OrderStatus'), text('rawStatus'), text('channel'), text('type'), text('shippingMethodName'),
    text('carrierName'), text('currency'), num('totalPrice'), num('totalTax'), num('totalDiscount'), num('totalShipping'),
    json('shipTo'), texts('tags'), time('requiredShipDate'), ...remote,
  ],
  previous: ['status'],
};

export const ORDER_LINE_ITEM: ChildSpec = {
  table: 'order_line_item',
  parentColumn: 'orderId',
  columns: [
    uuid('brandId'), uuid('orderId'), int('position'), text('productExternalId'), text('sku'), int('quantity'),
    num('unitPrice'), num('discountAmount'), bool('isPicked'),
  ],
};

// Packages reference shipments with ON DELETE CASCADE: replacing an order's shipments drops its packages.
export const SHIPMENT: ChildSpec = {
  table: 'shipment',
  parentColumn: 'orderId',
  columns: [
    uuid('id'), uuid('brandId'), uuid('orderId'), text('externalId'), enumOf('status', 'ShipmentStatus'), text('rawStatus'),
    text('warehouseExternalId'), time('shippedDate'), text('carrierName'), text('serviceName'), texts('trackingNumbers'),
    json('lineItems'), json('shipFrom'), json('shipTo'), time('updatedAtRemote'),
  ],
};

export const PACKAGE_COLUMNS: Column[] = [
  uuid('brandId'), uuid('shipmentId'), text('externalId'), text('packageName'), text('trackingNumber'), text('trackingUrl'),
  text('carrierName'), text('shippingMethodName'), num('shippingCost'), json('measurements'), json('lineItems'),
];

export const RETURN: ParentSpec = {
  table: 'return',
  columns: [
    text('externalId'), text('warehouseCustomerId'), text('orderExternalId'), enumOf('status', 'ReceivingStatus'),
    text('rawStatus'), json('lineItems'), json('shipments'), texts('notes'), ...remote,
  ],
  previous: ['status'],
};

export const INBOUND_SHIPMENT: ParentSpec = {
  table: 'inbound_shipment',
  columns: [
    text('externalId'), text('warehouseCustomerId'), text('warehouseExternalId'), text('purchaseOrderNumber'),
    enumOf('status', 'ReceivingStatus'), text('rawStatus'), text('supplierName'), time('expectedArrivalDate'),
    texts('trackingNumbers'), json('lineItems'), json('receipts'), ...remote,
  ],
  previous: ['status'],
};

/** The table holding each sync resource's rows (all keyed by "brandId", each with a ("brandId", ...) index). */
export const RESOURCE_TABLES: Record<SyncResource, string> = {
  WAREHOUSES: WAREHOUSE.table, WAREHOUSE_LOCATIONS: WAREHOUSE_LOCATION.table, SHIPPING_METHODS: SHIPPING_METHOD.table, PRODUCTS: PRODUCT.table,
  INVENTORY: INVENTORY_ITEM.table, ORDERS: ORDER.table, RETURNS: RETURN.table, INBOUND_SHIPMENTS: INBOUND_SHIPMENT.table,
};
