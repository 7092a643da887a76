// Builds one connection's whole dataset from a seed. Deterministic for a given (seed, now, sizes).
import type { InventoryItem, Product } from '../../../trackstar-contract/contract.js';
import { emptyDataset, type Dataset } from '../dataset.js';
import { applyAwaiting, commitments, recomputeTotals, warehouseEntry } from '../inventory.js';
import { Random } from '../random.js';
import { DAY, iso } from '../time.js';
import { generateCatalog, type Catalog } from './catalog.js';
import { generateInbound, generateReturns } from './inbound.js';
import { generateOrders, type OrderContext } from './orders.js';

export type GenerateOptions = { seed: number; now: number; products: number; orders: number };

export type Generated = { data: Dataset; catalog: Catalog; orderContext: OrderContext };

export function generateDataset(opts: GenerateOptions): Generated {
  const rng = new Random(opts.seed);
  const now = Math.floor(opts.now / 1000) * 1000;
  const catalog = generateCatalog(rng, now, Math.max(10, opts.products));
  const data = emptyDataset();
  catalog.warehouses.forEach((r) => data.warehouses.insert(r));
  catalog.locations.forEach((r) => data.warehouse_locations.insert(r));
  catalog.customers.forEach((r) => data.warehouse_customers.insert(r));
  catalog.shippingMethods.forEach((r) => data.shipping_methods.insert(r));
  catalog.products.forEach((r) => data.products.insert(r));
  catalog.inventory.forEach((r) => data.inventory.insert(r));

  const orderContext: OrderContext = { catalog, productsByCustomer: byCustomer(catalog.products), data };
  const orders = generateOrders(rng, orderContext, now, opts.orders);
  orders.forEach((o) => data.orders.insert(o));
  const inbound = generateInbound(rng, catalog, now, Math.max(12, Math.round(opts.products / 6) + Math.round(opts.orders / 500)));
  inbound.forEach((r) => data.inbound_shipments.insert(r));
  const returns = generateReturns(rng, catalog, orders, now, Math.max(8, Math.min(2000, Math.round(opts.orders * 0.03))));
  returns.forEach((r) => data.returns.insert(r));

  stock(rng, catalog, data, now);
  return { data, catalog, orderContext };
}

function byCustomer(products: Product[]): Map<string, Product[]> {
  const map = new Map<string, Product[]>();
  for (const p of products) {
    if (!p.active || !p.warehouse_customer_id) continue;
    if (!map.has(p.warehouse_customer_id)) map.set(p.warehouse_customer_id, []);
    map.get(p.warehouse_customer_id)!.push(p);
  }
  return map;
}

/** Sets quantities so that committed matches open orders and awaiting matches open ASNs. */
function stock(rng: Random, catalog: Catalog, data: Dataset, now: number): void {
  const committed = new Map<string, number>();
  for (const order of data.orders.all()) {
    for (const [key, units] of commitments(order, data.products)) committed.set(key, (committed.get(key) ?? 0) + units);
  }
  const locationsByWarehouse = new Map(catalog.warehouses.map((w) => [w.id, data.warehouse_locations.all().filter((l) => l.warehouse_id === w.id)]));
  for (const item of data.inventory.all()) {
    const stocked = catalog.warehouses.filter((w, i) => i === 0 || rng.chance(0.6) || committed.has(`${item.id} ${w.id}`));
    const withLots = rng.chance(0.25);
    for (const wh of stocked) {
      const e = warehouseEntry(item, wh.id);
      e.committed = committed.get(`${item.id} ${wh.id}`) ?? 0;
      e.unfulfillable = rng.chance(0.2) ? rng.int(1, 8) : 0;
      e.fulfillable = rng.chance(0.05) ? 0 : Math.floor(20 + rng.next() ** 2 * 600);
      e.onhand = e.committed + e.unfulfillable + e.fulfillable;
      placeStock(rng, item, wh.id, e.onhand, locationsByWarehouse.get(wh.id) ?? [], withLots, now);
    }
    recomputeTotals(item);
  }
  for (const asn of data.inbound_shipments.all()) {
    if (!['open', 'in-transit', 'receiving'].includes(asn.status) || !asn.warehouse_id) continue;
    for (const l of asn.line_items) {
      const item = data.inventory.get(l.inventory_item_id);
      if (item) applyAwaiting(item, asn.warehouse_id, l.expected_quantity - l.received_quantity);
    }
  }
}

function placeStock(rng: Random, item: InventoryItem, warehouseId: string, onhand: number, locations: { id: string }[], withLots: boolean, now: number): void {
  const spots = rng.sample(locations, rng.int(1, 2));
  const first = spots.length > 1 ? Math.floor(onhand * 0.7) : onhand;
  spots.forEach((loc, i) => item.locations.push({ location_id: loc.id, quantity: i === 0 ? first : onhand - first, warehouse_id: warehouseId }));
  if (!withLots) return;
  const lotFirst = Math.floor(onhand * 0.6);
  [lotFirst, onhand - lotFirst].forEach((qty, i) => item.lots.push({
    lot_id: `lot_${rng.hex(8)}`, onhand: qty, expiration_date: iso(now + (120 + i * 90 + rng.int(0, 60)) * DAY), warehouse_id: warehouseId,
  }));
}
