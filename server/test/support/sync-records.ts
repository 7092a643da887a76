// Hand-made Trackstar records for tests that do not need the sandbox (mappers, applyRecords).
const address = { full_name: 'Ada Lovelace', company: null, address1: '1 Main St', address2: null, address3: null, city: 'Austin', state: 'TX', postal_code: '78701', country: 'US', phone_number: null, email_address: null };
const from = { address1: '9 Dock Rd', address2: null, address3: null, city: 'Reno', state: 'NV', postal_code: '89501', country: 'US' };
const measurements = { length: 10, width: 8, height: 4, unit: 'in', weight: 2, weight_unit: 'lb' };

export function orderRecord(id: string, updated: string, over: Record<string, unknown> = {}) {
  return {
    id, warehouse_customer_id: 'wc-1', warehouse_id: 'wh-1', created_date: '2026-01-01T00:00:00Z', updated_date: updated,
    reference_id: `ref-${id}`, order_number: `#${id}`, status: 'open', raw_status: 'Open', channel: null,
    channel_object: { channel_id: 'ch-1', channel_name: 'Shopify' }, type: 'd2c', trading_partner: null,
    shipping_method: null, service_level: null, shipping_method_id: 'sm-1', shipping_method_name: 'Ground',
    carrier_id: 'c-1', carrier_name: 'UPS', scac: null, is_third_party_freight: null,
    third_party_freight_account_number: null, first_party_freight_account_number: null,
    invoice_currency_code: 'USD', total_price: 42.5, total_tax: 3.4, total_discount: 0, total_shipping: 5.99,
    ship_to_address: address,
    line_items: [
      { product_id: 'p-1', sku: 'SKU-1', quantity: 2, unit_price: 10.25, is_picked: false, discount_amount: null },
      { product_id: 'p-2', sku: 'SKU-2', quantity: 1, unit_price: 22, is_picked: true, discount_amount: 1.5 },
    ],
    tags: ['vip', 'rush:yes'], required_ship_date: null, saturday_delivery: null, signature_required: null,
    international_duty_paid_by: null,
    shipments: [{
      shipment_id: `s-${id}`, warehouse_id: 'wh-1', raw_status: 'Shipped', status: 'shipped', shipped_date: updated,
      shipping_method: 'Ground', line_items: [{ inventory_item_id: 'i-1', sku: 'SKU-1', quantity: 2, parent_product_id: null }],
      ship_to_address: address, ship_from_address: from,
      packages: [{
        package_id: `pk-${id}`, package_name: 'Box 1', tracking_number: `1Z${id}`, tracking_url: null, shipping_method: null,
        carrier: null, shipping_method_id: null, shipping_method_name: 'Ground', carrier_id: 'c-1', carrier_name: 'UPS',
        scac: null, shipping_cost: 7.1, measurements,
        line_items: [{ inventory_item_id: 'i-1', sku: 'SKU-1', quantity: 2, lot_id: null, expiration_date: null, parent_product_id: null }],
      }],
    }],
    external_system_url: null, trackstar_tags: null, additional_fields: {},
    ...over,
  };
}

export function inventoryRecord(id: string, updated: string, onhand: number, over: Record<string, unknown> = {}) {
  return {
    id, warehouse_customer_id: 'wc-1', created_date: '2026-01-01T00:00:00Z', updated_date: updated, name: `Item ${id}`,
    sku: `SKU-${id}`, unit_cost: 3.25, active: true, awaiting: 0, onhand, committed: 1, unfulfillable: 0,
    fulfillable: onhand - 1, unsellable: 0, sellable: onhand - 1, substitute_skus: [],
    inventory_by_warehouse_id: { 'wh-1': { awaiting: 0, onhand, committed: 1, unfulfillable: 0, fulfillable: onhand - 1, unsellable: 0, sellable: onhand - 1 } },
    lots: [], measurements, locations: [], external_system_url: null, trackstar_tags: null, additional_fields: {},
    ...over,
  };
}

export function returnRecord(id: string, updated: string, status: string) {
  return {
    id, warehouse_customer_id: 'wc-1', created_date: '2026-01-01T00:00:00Z', updated_date: updated, status,
    raw_status: status, order_id: 'o-1', notes: ['damaged box'],
    line_items: [{ inventory_item_id: 'i-1', sku: 'SKU-1', expected_quantity: 1, received_quantity: 0, restocked_quantity: null, return_reason: null, warehouse_id: 'wh-1', returned_date: null }],
    shipments: [], external_system_url: null, trackstar_tags: null, additional_fields: {},
  };
}

export function productRecord(id: string, updated: string, over: Record<string, unknown> = {}) {
  return {
    id, warehouse_customer_id: 'wc-1', created_date: '2026-01-01T00:00:00Z', updated_date: updated, name: `Product ${id}`,
    sku: `SKU-${id}`, gtin: null, unit_price: 12.5, inventory_items: [{ inventory_item_id: `i-${id}`, sku: `SKU-${id}`, unit_quantity: 1 }],
    is_kit: false, active: true, supplier: null, supplier_object: null, country_of_origin: null, harmonized_code: null,
    supplier_products: [], external_system_url: null, trackstar_tags: null, additional_fields: {},
    ...over,
  };
}

export function inboundShipmentRecord(id: string, updated: string, status: string) {
  return {
    id, warehouse_customer_id: 'wc-1', created_date: '2026-01-01T00:00:00Z', updated_date: updated, purchase_order_number: `PO-${id}`,
    status, raw_status: status, supplier: null, supplier_object: { supplier_id: 'sup-1', supplier_name: 'Acme Supplies' },
    expected_arrival_date: '2026-02-03T00:00:00Z', warehouse_id: 'wh-1',
    line_items: [{ inventory_item_id: 'i-1', sku: 'SKU-1', expected_quantity: 10, received_quantity: 0, unit_cost: null, external_id: null }],
    receipts: [], ship_from_address: { address1: null, address2: null, address3: null, city: null, state: null, postal_code: null, country: null }, tracking_numbers: [], notes: [], external_system_url: null, trackstar_tags: null, additional_fields: {},
  };
}
