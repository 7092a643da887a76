// Inbound shipments (ASNs, with receipts) and returns.
import type { InboundShipment, InboundStatus, InventoryItem, Order, Return } from '../../../trackstar-contract/contract.js';
import type { Random } from '../random.js';
import * as build from '../records.js';
import { DAY, HOUR, iso } from '../time.js';
import { CARRIERS } from './carriers.js';
import type { Catalog } from './catalog.js';
import { RETURN_REASONS, SUPPLIERS } from './words.js';

export const INBOUND_RAW: Record<InboundStatus, string> = {
  open: 'Pending', 'in-transit': 'In Transit', receiving: 'Arrived', received: 'Completed', cancelled: 'Cancelled', other: 'On Hold',
};

export function randomInbound(rng: Random, catalog: Catalog, createdMs: number, status: InboundStatus, items?: InventoryItem[]): InboundShipment {
  const customer = rng.pick(catalog.customers);
  const pool = items ?? catalog.inventory.filter((i) => i.warehouse_customer_id === customer.id);
  const warehouse = rng.pick(catalog.warehouses);
  const supplier = rng.pick(SUPPLIERS);
  const lines = rng.sample(pool, rng.int(1, 6)).map((i) => ({
    inventory_item_id: i.id, sku: i.sku, expected_quantity: rng.int(2, 50) * 12, received_quantity: 0,
    unit_cost: i.unit_cost, external_id: `POL-${rng.digits(6)}`,
  }));
  const carrier = rng.pick(CARRIERS);
  return build.inbound({
    id: `asn_${rng.hex(12)}`, created_date: iso(createdMs), updated_date: iso(createdMs), status,
    raw_status: INBOUND_RAW[status], warehouse_customer_id: pool[0]?.warehouse_customer_id ?? customer.id,
    purchase_order_number: `PO-${rng.digits(7)}`, supplier,
    supplier_object: { supplier_id: `sup_${supplier.slice(0, 4).toLowerCase()}`, supplier_name: supplier },
    expected_arrival_date: iso(createdMs + rng.int(5, 30) * DAY), warehouse_id: warehouse.id, line_items: lines,
    ship_from_address: build.shipFromAddress({ address1: `${rng.int(1, 999)} Harbor Rd`, city: 'Long Beach', state: 'CA', postal_code: '90802', country: 'US' }),
    tracking_numbers: [carrier.track(rng)], notes: rng.chance(0.2) ? ['Palletized, 2 pallets'] : [],
  });
}

export function generateInbound(rng: Random, catalog: Catalog, now: number, count: number): InboundShipment[] {
  const times = Array.from({ length: count }, () => now - rng.int(0, 120 * DAY)).sort((a, b) => a - b);
  return times.map((created, n) => {
    const age = now - created;
    const status = rng.weighted<InboundStatus>(age > 30 * DAY
      ? { received: 85, cancelled: 8, other: 4, receiving: 3, open: 0, 'in-transit': 0 }
      : { open: 25, 'in-transit': 30, receiving: 15, received: 22, cancelled: 5, other: 3 });
    // The newest few cover every status so filters always have something to find.
    const forced = (['open', 'in-transit', 'receiving', 'received', 'cancelled', 'other'] as const)[count - 1 - n];
    const asn = randomInbound(rng, catalog, created, forced ?? status);
    if (asn.status === 'received' || asn.status === 'receiving') receiveHistory(rng, asn, created, now);
    return asn;
  });
}

function receiveHistory(rng: Random, asn: InboundShipment, created: number, now: number): void {
  const arrived = Math.min(now, created + rng.int(3, 20) * DAY);
  const complete = asn.status === 'received';
  const lines = asn.line_items.map((l, i) => {
    const qty = complete ? l.expected_quantity : i === 0 ? Math.floor(l.expected_quantity / 2) : 0;
    l.received_quantity = qty;
    return { inventory_item_id: l.inventory_item_id, sku: l.sku, quantity: qty };
  }).filter((l) => l.quantity > 0);
  asn.receipts.push({ id: `rcpt_${rng.hex(10)}`, arrived_date: iso(arrived), line_items: lines });
  asn.updated_date = iso(Math.min(now, arrived + rng.int(1, 6) * HOUR));
}

export function generateReturns(rng: Random, catalog: Catalog, orders: Order[], now: number, count: number): Return[] {
  const shipped = orders.filter((o) => o.status === 'fulfilled');
  const chosen = rng.sample(shipped, count).sort((a, b) => a.created_date.localeCompare(b.created_date));
  return chosen.map((order, n) => {
    const shippedMs = Date.parse(order.shipments[0]?.shipped_date ?? order.updated_date);
    const created = Math.min(now, shippedMs + rng.int(2, 20) * DAY);
    const age = now - created;
    const forced = (['open', 'in-transit', 'receiving', 'received', 'cancelled', 'other'] as const)[count - 1 - n];
    const status = forced ?? rng.weighted<InboundStatus>(age > 14 * DAY
      ? { received: 80, cancelled: 10, other: 5, receiving: 5, open: 0, 'in-transit': 0 }
      : { open: 20, 'in-transit': 35, receiving: 15, received: 25, cancelled: 5, other: 0 });
    return randomReturn(rng, catalog, order, created, status, now);
  });
}

export function randomReturn(rng: Random, catalog: Catalog, order: Order, createdMs: number, status: InboundStatus, now: number): Return {
  const shipLines = order.shipments.flatMap((s) => s.line_items);
  const warehouseId = order.shipments[0]?.warehouse_id ?? order.warehouse_id ?? catalog.warehouses[0].id;
  const received = status === 'received' || status === 'receiving';
  const lines = rng.sample(shipLines, rng.int(1, Math.max(1, shipLines.length))).map((l) => ({
    inventory_item_id: l.inventory_item_id, sku: l.sku, expected_quantity: l.quantity,
    received_quantity: received ? l.quantity : 0, restocked_quantity: status === 'received' ? l.quantity : null,
    return_reason: rng.pick(RETURN_REASONS), quantity: l.quantity, warehouse_id: warehouseId,
    returned_date: received ? iso(Math.min(now, createdMs + 5 * DAY)) : null,
  }));
  const carrier = rng.pick(CARRIERS);
  const inTransit = status !== 'open' && status !== 'cancelled';
  const tracking = carrier.track(rng);
  return build.returnRecord({
    id: `ret_${rng.hex(12)}`, created_date: iso(createdMs), updated_date: iso(Math.min(now, createdMs + (received ? 5 * DAY : HOUR))),
    status, raw_status: INBOUND_RAW[status], warehouse_customer_id: order.warehouse_customer_id, order_id: order.id,
    notes: [], line_items: lines,
    shipments: inTransit ? [{
      tracking_number: tracking, shipped_date: iso(createdMs + HOUR), arrived_date: received ? iso(Math.min(now, createdMs + 5 * DAY)) : null,
      warehouse_id: warehouseId, carrier: carrier.name, carrier_id: carrier.id, carrier_name: carrier.name, scac: carrier.scac,
      shipping_cost: rng.money(5, 15), measurements: build.measurements(),
      line_items: lines.map((l) => ({
        inventory_item_id: l.inventory_item_id, sku: l.sku, quantity: l.expected_quantity,
        receiving_details: received ? [{ quantity: l.received_quantity, condition: 'good', disposition: 'restock' }] : [],
      })),
    }] : [],
  });
}
