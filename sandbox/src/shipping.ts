// Building outbound shipments (with packages, carriers, tracking) for an order's unshipped units.
import type { Order, OrderShipment, ShippingMethod, Warehouse } from '../../trackstar-contract/contract.js';
import type { Dataset } from './dataset.js';
import { carrierById } from './generate/carriers.js';
import { remainingUnits } from './inventory.js';
import type { Random } from './random.js';
import * as build from './records.js';
import { iso } from './time.js';

export type ShipLine = { inventory_item_id: string; sku: string | null; quantity: number; parent_product_id: string | null };

/** Unshipped units of an order as shipment lines; `partial` keeps roughly half of them back. */
export function unitsToShip(order: Order, data: Pick<Dataset, 'products' | 'inventory'>, partial: boolean): ShipLine[] {
  const remaining = [...remainingUnits(order, data.products)];
  const parentOf = new Map<string, string>();
  for (const line of order.line_items) {
    const p = data.products.get(line.product_id);
    if (p?.is_kit) for (const c of p.inventory_items) parentOf.set(c.inventory_item_id, p.id);
  }
  let chosen = remaining;
  if (partial) {
    if (remaining.length >= 2) chosen = remaining.slice(0, Math.ceil(remaining.length / 2));
    else if (remaining.length === 1 && remaining[0][1] >= 2) chosen = [[remaining[0][0], Math.floor(remaining[0][1] / 2)]];
  }
  return chosen.map(([id, quantity]) => ({
    inventory_item_id: id, sku: data.inventory.get(id)?.sku ?? null, quantity, parent_product_id: parentOf.get(id) ?? null,
  }));
}

export type ShipmentInput = {
  rng: Random;
  order: Order;
  lines: ShipLine[];
  shippedMs: number;
  warehouse: Warehouse | undefined;
  method: ShippingMethod | undefined;
  /** Overrides from a write request. */
  carrierId?: string;
  trackingNumber?: string;
  trackingUrl?: string;
  shippingCost?: number;
  packageMeasurements?: OrderShipment['packages'][number]['measurements'];
  packages?: { package_id: string; tracking_number: string }[];
};

export function makeShipment(input: ShipmentInput): OrderShipment {
  const { rng, order, lines, method } = input;
  const carrier = carrierById(input.carrierId ?? method?.carrier_id ?? order.carrier_id);
  const split = lines.length >= 2 && rng.chance(0.25) ? 2 : 1;
  const requested = input.packages?.length ? input.packages : null;
  const count = requested ? requested.length : split;
  const packages = Array.from({ length: count }, (_, i) => {
    const tracking = requested?.[i].tracking_number ?? (i === 0 ? input.trackingNumber : undefined) ?? carrier.track(rng);
    const dims = [rng.int(6, 18), rng.int(6, 14), rng.int(2, 10)] as const;
    return build.pkg({
      package_id: requested?.[i].package_id ?? `pkg_${rng.hex(12)}`,
      package_name: `${dims[0]}x${dims[1]}x${dims[2]}`,
      tracking_number: tracking,
      tracking_url: (i === 0 && input.trackingUrl) || carrier.url(tracking),
      shipping_method: method?.name ?? null, carrier: carrier.name,
      shipping_method_id: method?.id ?? null, shipping_method_name: method?.name ?? null,
      carrier_id: carrier.id, carrier_name: carrier.name, scac: carrier.scac,
      shipping_cost: i === 0 && input.shippingCost !== undefined ? input.shippingCost : rng.money(4, 28),
      measurements: input.packageMeasurements ?? build.measurements({
        length: dims[0], width: dims[1], height: dims[2], unit: 'in', weight: rng.money(0.3, 15), weight_unit: 'lb',
      }),
      line_items: lines
        .filter((_, j) => j % count === i)
        .map((l) => ({ ...l, lot_id: null, expiration_date: null })),
    });
  });
  const wh = input.warehouse;
  return build.shipment({
    shipment_id: `shp_${rng.hex(12)}`, warehouse_id: wh?.id ?? order.warehouse_id ?? '', status: 'shipped',
    raw_status: 'Shipped', shipped_date: iso(input.shippedMs), shipping_method: method?.name ?? null,
    line_items: lines.map((l) => ({ ...l })),
    ship_to_address: { ...order.ship_to_address },
    ship_from_address: build.shipFromAddress(wh ? { ...wh.address } : {}),
    packages,
  });
}
