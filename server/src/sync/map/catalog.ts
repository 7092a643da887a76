// Reference data: warehouses, warehouse locations, shipping methods and products.
import type { Product, ShippingMethod, Warehouse, WarehouseLocation } from '../../../../trackstar-contract/contract.js';
import { decimal, utc } from './values.js';

const remoteDates = (r: { created_date: string; updated_date: string }) => ({
  createdAtRemote: utc(r.created_date)!,
  updatedAtRemote: utc(r.updated_date)!,
});

export function mapWarehouse(w: Warehouse, raw: unknown) {
  return { externalId: w.id, name: w.name, code: w.code, address: w.address, rawData: raw, ...remoteDates(w) };
}

export function mapWarehouseLocation(l: WarehouseLocation, raw: unknown) {
  return { externalId: l.id, warehouseExternalId: l.warehouse_id, name: l.name, type: l.type, rawData: raw, ...remoteDates(l) };
}

export function mapShippingMethod(m: ShippingMethod, raw: unknown) {
  return {
    externalId: m.id,
    name: m.name,
    carrierId: m.carrier_id,
    carrierName: m.carrier_name ?? m.carrier,
    scac: m.scac,
    rawData: raw,
    ...remoteDates(m),
  };
}

export function mapProduct(p: Product, raw: unknown) {
  return {
    externalId: p.id,
    warehouseCustomerId: p.warehouse_customer_id,
    sku: p.sku,
    name: p.name,
    gtin: p.gtin,
    unitPrice: decimal(p.unit_price),
    isKit: p.is_kit,
    active: p.active,
    rawData: raw,
    ...remoteDates(p),
  };
}

export function mapProductInventoryItems(p: Product) {
  return p.inventory_items.map((i) => ({ inventoryItemExternalId: i.inventory_item_id, sku: i.sku, unitQuantity: i.unit_quantity }));
}
