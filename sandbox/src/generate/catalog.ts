// Warehouses, locations, warehouse customers (brands), shipping methods, products and inventory items.
import type {
  InventoryItem, Product, ShippingMethod, Warehouse, WarehouseCustomer, WarehouseLocation,
} from '../../../trackstar-contract/contract.js';
import type { Random } from '../random.js';
import * as build from '../records.js';
import { DAY, iso } from '../time.js';
import { CARRIERS, SERVICES } from './carriers.js';
import { ADJECTIVES, BRANDS, NOUNS, SUPPLIERS, VARIANTS, WAREHOUSE_SITES } from './words.js';

export type Catalog = {
  warehouses: Warehouse[];
  locations: WarehouseLocation[];
  customers: WarehouseCustomer[];
  shippingMethods: ShippingMethod[];
  products: Product[];
  inventory: InventoryItem[];
};

/** A created/updated pair well in the past (catalog records predate the order history). */
function oldDates(rng: Random, now: number): { created_date: string; updated_date: string } {
  const created = now - rng.int(200, 720) * DAY - rng.int(0, DAY);
  return { created_date: iso(created), updated_date: iso(created + rng.int(1, 150) * DAY) };
}

export function generateCatalog(rng: Random, now: number, productCount: number): Catalog {
  const warehouses = WAREHOUSE_SITES.slice(0, rng.int(2, 3)).map(([name, code, city, state, postal]) =>
    ({
      id: `wh_${rng.hex(8)}`, ...oldDates(rng, now), name, code,
      address: build.shipFromAddress({ address1: `${rng.int(100, 9999)} Logistics Pkwy`, city, state, postal_code: postal, country: 'US' }),
      trackstar_tags: [], additional_fields: {},
    }) satisfies Warehouse);

  const locations: WarehouseLocation[] = [];
  for (const wh of warehouses) {
    for (let aisle = 1; aisle <= 4; aisle++) {
      for (let bay = 1; bay <= 5; bay++) {
        const pallet = bay === 5;
        locations.push({
          id: `loc_${rng.hex(10)}`, created_date: wh.created_date, updated_date: wh.created_date,
          name: `${wh.code}-${String.fromCharCode(64 + aisle)}-${String(bay).padStart(2, '0')}`,
          warehouse_id: wh.id, type: pallet ? 'pallet' : 'bin',
          measurements: build.measurements(pallet
            ? { length: 48, width: 40, height: 60, unit: 'in', weight: 2000, weight_unit: 'lb' }
            : { length: 24, width: 18, height: 12, unit: 'in', weight: 80, weight_unit: 'lb' }),
          additional_fields: {},
        });
      }
    }
  }

  const customers = rng.sample(BRANDS, rng.int(3, 5)).map((name) => ({
    id: `wc_${rng.hex(8)}`, ...oldDates(rng, now), name,
    email: `ops@${name.toLowerCase().replace(/[^a-z]+/g, '')}.example.com`, additional_fields: {},
  }) satisfies WarehouseCustomer);

  const shippingMethods = SERVICES.map(([carrierId, name]) => {
    const carrier = CARRIERS.find((c) => c.id === carrierId)!;
    return {
      id: `sm_${rng.hex(8)}`, ...oldDates(rng, now), name, carrier: carrier.name, carrier_id: carrier.id,
      carrier_name: carrier.name, scac: carrier.scac, additional_fields: {},
    } satisfies ShippingMethod;
  });

  const products: Product[] = [];
  const inventory: InventoryItem[] = [];
  const kitCount = Math.floor(productCount * 0.05);
  for (let i = 0; i < productCount - kitCount; i++) {
    const customer = customers[i % customers.length];
    const name = `${rng.pick(ADJECTIVES)} ${rng.pick(NOUNS)} - ${rng.pick(VARIANTS)}`;
    const sku = `${customer.name.slice(0, 3).toUpperCase()}-${String(1000 + i)}`;
    const dates = oldDates(rng, now);
    const unitCost = rng.money(2, 60);
    const supplier = rng.pick(SUPPLIERS);
    const item = build.inventoryItem({
      id: `inv_${rng.hex(12)}`, ...dates, name, sku, warehouse_customer_id: customer.id, unit_cost: unitCost,
      active: rng.chance(0.96),
      measurements: build.measurements({
        length: rng.int(2, 20), width: rng.int(2, 16), height: rng.int(1, 10), unit: 'in',
        weight: rng.money(0.1, 12), weight_unit: 'lb',
      }),
    });
    inventory.push(item);
    products.push(build.product({
      id: `prod_${rng.hex(12)}`, ...dates, name, sku, warehouse_customer_id: customer.id,
      gtin: `0${rng.digits(11)}`, unit_price: Math.round(unitCost * rng.int(18, 35)) / 10,
      inventory_items: [{ inventory_item_id: item.id, sku, unit_quantity: 1 }], active: item.active,
      supplier, supplier_object: { supplier_id: `sup_${supplier.slice(0, 4).toLowerCase()}`, supplier_name: supplier },
      country_of_origin: rng.pick(['US', 'CN', 'MX', 'VN', 'PT']), harmonized_code: `6109.10.${rng.digits(4)}`,
      supplier_products: [{
        supplier_id: `sup_${supplier.slice(0, 4).toLowerCase()}`, supplier_name: supplier,
        external_id: `SP-${rng.digits(6)}`, unit_cost: unitCost.toFixed(2),
      }],
    }));
  }
  for (let k = 0; k < kitCount; k++) {
    const customer = customers[k % customers.length];
    const parts = rng.sample(inventory.filter((i) => i.warehouse_customer_id === customer.id), rng.int(2, 3));
    if (parts.length < 2) continue;
    const sku = `${customer.name.slice(0, 3).toUpperCase()}-KIT-${100 + k}`;
    products.push(build.product({
      id: `prod_${rng.hex(12)}`, ...oldDates(rng, now), name: `${rng.pick(ADJECTIVES)} Gift Set`, sku,
      warehouse_customer_id: customer.id, is_kit: true, unit_price: rng.money(30, 120),
      inventory_items: parts.map((p) => ({ inventory_item_id: p.id, sku: p.sku, unit_quantity: rng.int(1, 2) })),
    }));
  }
  return { warehouses, locations, customers, shippingMethods, products, inventory };
}
