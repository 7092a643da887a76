// Builders for complete records: every key the spec lists is present, unset values are null.
// The generator, the write endpoints and the activity clock all build records through these.
import type {
  InboundShipment, InventoryItem, Measurements, Order, OrderShipment, Package, Product, Return,
  ShipFromAddress, ShipToAddress,
} from '../../trackstar-contract/contract.js';

export const WMS_URL = 'https://wms.sandbox.example.com';

export function shipToAddress(a: Partial<ShipToAddress> = {}): ShipToAddress {
  return {
    full_name: null, company: null, address1: null, address2: null, address3: null, city: null, state: null,
    postal_code: null, country: null, phone_number: null, email_address: null, ...a,
  };
}

export function shipFromAddress(a: Partial<ShipFromAddress> = {}): ShipFromAddress {
  return { address1: null, address2: null, address3: null, city: null, state: null, postal_code: null, country: null, ...a };
}

export function measurements(m: Partial<Measurements> = {}): Measurements {
  return { length: null, width: null, height: null, unit: null, weight: null, weight_unit: null, ...m };
}

type Base = { id: string; created_date: string; updated_date: string };

export function order(o: Base & Pick<Order, 'order_number' | 'status' | 'line_items' | 'ship_to_address'> & Partial<Order>): Order {
  return {
    warehouse_customer_id: null, warehouse_id: null, reference_id: o.order_number, raw_status: null,
    channel: null, channel_object: null, type: null, trading_partner: null, shipping_method: null, service_level: null,
    shipping_method_id: null, shipping_method_name: null, carrier_id: null, carrier_name: null, scac: null,
    is_third_party_freight: false, third_party_freight_account_number: null, first_party_freight_account_number: null,
    invoice_currency_code: 'USD', total_price: null, total_tax: null, total_discount: null, total_shipping: null,
    tags: [], required_ship_date: null, saturday_delivery: false, signature_required: false,
    international_duty_paid_by: null, shipments: [], external_system_url: `${WMS_URL}/orders/${o.id}`,
    trackstar_tags: [], additional_fields: {}, ...o,
  };
}

export function shipment(s: Pick<OrderShipment, 'shipment_id' | 'warehouse_id' | 'status'> & Partial<OrderShipment>): OrderShipment {
  return {
    raw_status: null, shipped_date: null, shipping_method: null, line_items: [], ship_to_address: shipToAddress(),
    ship_from_address: shipFromAddress(), packages: [], ...s,
  };
}

export function pkg(p: Pick<Package, 'package_id'> & Partial<Package>): Package {
  return {
    package_name: null, tracking_number: null, tracking_url: null, shipping_method: null, carrier: null,
    shipping_method_id: null, shipping_method_name: null, carrier_id: null, carrier_name: null, scac: null,
    shipping_cost: null, measurements: measurements(), line_items: [], ...p,
  };
}

export function product(p: Base & Pick<Product, 'name' | 'inventory_items'> & Partial<Product>): Product {
  return {
    warehouse_customer_id: null, sku: null, gtin: null, unit_price: null, is_kit: false, active: true,
    supplier: null, supplier_object: null, country_of_origin: null, harmonized_code: null, supplier_products: [],
    external_system_url: `${WMS_URL}/products/${p.id}`, trackstar_tags: [], additional_fields: {}, ...p,
  };
}

export function inventoryItem(i: Base & Pick<InventoryItem, 'name'> & Partial<InventoryItem>): InventoryItem {
  return {
    warehouse_customer_id: null, sku: null, unit_cost: null, active: true,
    awaiting: 0, onhand: 0, committed: 0, unfulfillable: 0, fulfillable: 0, unsellable: 0, sellable: 0,
    substitute_skus: [], inventory_by_warehouse_id: {}, lots: [], measurements: measurements(), locations: [],
    external_system_url: `${WMS_URL}/inventory/${i.id}`, trackstar_tags: [], additional_fields: {}, ...i,
  };
}

export function inbound(s: Base & Pick<InboundShipment, 'status' | 'line_items'> & Partial<InboundShipment>): InboundShipment {
  return {
    warehouse_customer_id: null, purchase_order_number: null, raw_status: null, supplier: null, supplier_object: null,
    expected_arrival_date: null, warehouse_id: null, receipts: [], ship_from_address: shipFromAddress(),
    tracking_numbers: [], notes: [], external_system_url: `${WMS_URL}/receiving/${s.id}`, trackstar_tags: [],
    additional_fields: {}, ...s,
  };
}

export function returnRecord(r: Base & Pick<Return, 'status' | 'line_items'> & Partial<Return>): Return {
  return {
    warehouse_customer_id: null, raw_status: null, order_id: null, notes: [], shipments: [],
    external_system_url: `${WMS_URL}/returns/${r.id}`, trackstar_tags: [], additional_fields: {}, ...r,
  };
}
