// Trackstar order -> order row, its line items, shipments and their packages.
import { randomUUID } from 'node:crypto';
import type { Order, OrderShipment, Package } from '../../../../trackstar-contract/contract.js';
import { decimal, toEnum, utc } from './values.js';

const ORDER_STATUSES = ['OPEN', 'CONFIRMED', 'PROCESSING', 'PICKED', 'PACKED', 'PARTIALLY_FULFILLED', 'FULFILLED', 'BACKORDERED', 'EXCEPTION', 'CANCELLED'] as const;
const SHIPMENT_STATUSES = ['OPEN', 'SHIPPED', 'CANCELLED'] as const;

export type OrderRow = ReturnType<typeof mapOrder>;
export type OrderLineItemRow = ReturnType<typeof mapOrderLineItems>[number];
export type ShipmentRow = ReturnType<typeof mapShipment>;
export type PackageRow = ReturnType<typeof mapPackage>;

/** `raw` is the record exactly as received (rawData); `o` is its validated form. */
export function mapOrder(o: Order, raw: unknown) {
  return {
    externalId: o.id,
    warehouseCustomerId: o.warehouse_customer_id,
    warehouseExternalId: o.warehouse_id,
    orderNumber: o.order_number,
    referenceId: o.reference_id,
    // The raw word matters when the contract did not know it (validation parsed it as `other`).
    status: toEnum(rawStatusWord(raw) ?? o.status, ORDER_STATUSES),
    rawStatus: o.raw_status,
    channel: o.channel_object?.channel_name ?? o.channel,
    type: o.type,
    shippingMethodName: o.shipping_method_name ?? o.shipping_method,
    carrierName: o.carrier_name,
    currency: o.invoice_currency_code,
    totalPrice: decimal(o.total_price),
    totalTax: decimal(o.total_tax),
    totalDiscount: decimal(o.total_discount),
    totalShipping: decimal(o.total_shipping),
    shipTo: o.ship_to_address,
    tags: o.tags,
    requiredShipDate: utc(o.required_ship_date),
    rawData: raw,
    createdAtRemote: utc(o.created_date)!,
    updatedAtRemote: utc(o.updated_date)!,
  };
}

function rawStatusWord(raw: unknown): string | null {
  const s = (raw as { status?: unknown } | null)?.status;
  return typeof s === 'string' ? s : null;
}

export function mapOrderLineItems(o: Order) {
  return o.line_items.map((li, position) => ({
    position,
    productExternalId: li.product_id,
    sku: li.sku,
    quantity: li.quantity,
    unitPrice: decimal(li.unit_price),
    discountAmount: decimal(li.discount_amount),
    isPicked: li.is_picked,
  }));
}

/** Shipment ids are generated here so packages can point at them without a round trip. */
export function mapShipment(s: OrderShipment, o: Order, rawShipment: unknown) {
  return {
    id: randomUUID(),
    externalId: s.shipment_id,
    status: toEnum(rawStatusWord(rawShipment) ?? s.status, SHIPMENT_STATUSES),
    rawStatus: s.raw_status,
    warehouseExternalId: s.warehouse_id,
    shippedDate: utc(s.shipped_date),
    carrierName: s.packages.map((p) => p.carrier_name ?? p.carrier).find((c): c is string => !!c) ?? null,
    serviceName: s.shipping_method,
    trackingNumbers: s.packages.map((p) => p.tracking_number).filter((t): t is string => !!t),
    lineItems: s.line_items,
    shipFrom: s.ship_from_address,
    shipTo: s.ship_to_address,
    updatedAtRemote: utc(o.updated_date)!,
  };
}

export function mapPackage(p: Package, shipmentId: string) {
  return {
    shipmentId,
    externalId: p.package_id,
    packageName: p.package_name,
    trackingNumber: p.tracking_number,
    trackingUrl: p.tracking_url,
    carrierName: p.carrier_name ?? p.carrier,
    shippingMethodName: p.shipping_method_name ?? p.shipping_method,
    shippingCost: decimal(p.shipping_cost),
    measurements: p.measurements,
    lineItems: p.line_items,
  };
}

/** All child rows of one order; a shipment id repeated upstream is kept once (its unique key). */
export function mapOrderChildren(o: Order, raw: unknown) {
  const rawShipments = ((raw as { shipments?: unknown[] } | null)?.shipments ?? []) as unknown[];
  const seen = new Set<string>();
  const shipments: ShipmentRow[] = [];
  const packages: PackageRow[] = [];
  o.shipments.forEach((s, i) => {
    if (seen.has(s.shipment_id)) return;
    seen.add(s.shipment_id);
    const shipment = mapShipment(s, o, rawShipments[i]);
    shipments.push(shipment);
    for (const p of s.packages) packages.push(mapPackage(p, shipment.id));
  });
  return { lineItems: mapOrderLineItems(o), shipments, packages };
}
