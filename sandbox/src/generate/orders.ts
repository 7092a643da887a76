// Order history: `count` orders over the last 90 days, every one of the 11 statuses represented,
// shipped ones with shipments, packages, carriers and tracking.
import { ORDER_STATUSES, type Order, type OrderStatus, type Product } from '../../../trackstar-contract/contract.js';
import type { Dataset } from '../dataset.js';
import type { Random } from '../random.js';
import * as build from '../records.js';
import { makeShipment, unitsToShip } from '../shipping.js';
import { DAY, HOUR, MINUTE, iso } from '../time.js';
import type { Catalog } from './catalog.js';
import { CHANNELS, CITIES, FIRST_NAMES, LAST_NAMES, STREETS, TRADING_PARTNERS } from './words.js';

type Weights = Partial<Record<OrderStatus, number>>;
const OLD: Weights = { fulfilled: 93, cancelled: 4, partially_fulfilled: 1, other: 1, exception: 0.5, backordered: 0.5 };
const RECENT: Weights = {
  fulfilled: 70, packed: 3, picked: 3, processing: 4, confirmed: 3, partially_fulfilled: 3, backordered: 5,
  exception: 3, cancelled: 5, other: 1,
};
const FRESH: Weights = {
  open: 20, confirmed: 15, processing: 15, picked: 10, packed: 8, fulfilled: 20, partially_fulfilled: 3,
  backordered: 4, exception: 2, cancelled: 2, other: 1,
};
const ORDER_TYPES_W = { d2c: 85, b2b: 8, dropship: 4, transfer: 3 } as const;
const LINE_COUNTS = { 1: 55, 2: 28, 3: 12, 4: 5 } as const;
const UNIT_QTY = { 1: 70, 2: 20, 3: 10 } as const;

export const RAW_STATUS: Record<OrderStatus, string> = {
  open: 'Awaiting Processing', confirmed: 'Confirmed', processing: 'In Process', picked: 'Picked', packed: 'Packed',
  partially_fulfilled: 'Partially Shipped', fulfilled: 'Shipped', exception: 'Exception - Address Invalid',
  cancelled: 'Canceled', backordered: 'Backorder', other: 'On Hold',
};

export function randomAddress(rng: Random) {
  const [city, state, zip] = rng.pick(CITIES);
  const first = rng.pick(FIRST_NAMES);
  const last = rng.pick(LAST_NAMES);
  return build.shipToAddress({
    full_name: `${first} ${last}`, company: rng.chance(0.1) ? `${last} LLC` : null,
    address1: `${rng.int(1, 9999)} ${rng.pick(STREETS)}`, address2: rng.chance(0.2) ? `Apt ${rng.int(1, 40)}` : null,
    city, state, postal_code: `${zip}${rng.digits(2)}`, country: 'US',
    phone_number: `555-${rng.digits(3)}-${rng.digits(4)}`,
    email_address: `${first}.${last}${rng.int(1, 99)}@example.com`.toLowerCase(),
  });
}

export type OrderContext = {
  catalog: Catalog;
  productsByCustomer: Map<string, Product[]>;
  data: Pick<Dataset, 'products' | 'inventory'>;
};

/** A new order record (no shipments yet) for `customerId`, created at `createdMs`. */
export function randomOrder(rng: Random, ctx: OrderContext, createdMs: number, number: number, status: OrderStatus): Order {
  const { catalog } = ctx;
  const customer = rng.pick(catalog.customers);
  const pool = ctx.productsByCustomer.get(customer.id) ?? catalog.products;
  const type = rng.weighted(ORDER_TYPES_W);
  const bulk = type === 'b2b' || type === 'transfer';
  const lines = rng.sample(pool, Number(rng.weighted(LINE_COUNTS))).map((p) => ({
    product_id: p.id, sku: p.sku, quantity: bulk ? rng.int(1, 20) * 6 : Number(rng.weighted(UNIT_QTY)),
    unit_price: p.unit_price, is_picked: false, discount_amount: rng.chance(0.15) ? rng.money(1, 10) : 0,
  }));
  const method = rng.pick(catalog.shippingMethods);
  const channel = rng.pick(CHANNELS);
  const subtotal = lines.reduce((s, l) => s + (l.unit_price ?? 0) * l.quantity - (l.discount_amount ?? 0), 0);
  const shippingFee = subtotal > 75 ? 0 : rng.money(4, 12);
  const id = `ord_${rng.hex(12)}`;
  const orderNumber = `#${100000 + number}`;
  return build.order({
    id, created_date: iso(createdMs), updated_date: iso(createdMs), order_number: orderNumber,
    reference_id: `${channel.slice(0, 2).toUpperCase()}-${rng.digits(10)}`, status, raw_status: RAW_STATUS[status],
    warehouse_customer_id: customer.id, warehouse_id: rng.pick(catalog.warehouses).id,
    channel: `ch_${channel.toLowerCase()}`, channel_object: { channel_id: `ch_${channel.toLowerCase()}`, channel_name: channel },
    type, trading_partner: type === 'b2b' ? rng.pick(TRADING_PARTNERS) : null,
    shipping_method: method.name, service_level: rng.pick(['Standard', 'Expedited', 'Economy']),
    shipping_method_id: method.id, shipping_method_name: method.name, carrier_id: method.carrier_id,
    carrier_name: method.carrier_name, scac: method.scac,
    total_price: Math.round((subtotal + shippingFee) * 108) / 100, total_tax: Math.round(subtotal * 8) / 100,
    total_discount: lines.reduce((s, l) => s + (l.discount_amount ?? 0), 0), total_shipping: shippingFee,
    ship_to_address: randomAddress(rng), line_items: lines,
    tags: rng.chance(0.2) ? [rng.pick(['vip', 'gift', 'priority:high', 'subscription'])] : [],
    required_ship_date: iso(createdMs + 2 * DAY), signature_required: rng.chance(0.05),
  });
}

export function generateOrders(rng: Random, ctx: OrderContext, now: number, count: number): Order[] {
  const times = Array.from({ length: count }, () => now - Math.floor(rng.next() ** 0.9 * 90 * DAY));
  times.sort((a, b) => a - b);
  const statuses = times.map((t) => {
    const age = now - t;
    return rng.weighted((age > 5 * DAY ? OLD : age > 2 * DAY ? RECENT : FRESH) as Record<OrderStatus, number>);
  });
  // Every status appears at least once: the newest orders take any missing ones.
  const missing = ORDER_STATUSES.filter((s) => !statuses.includes(s));
  missing.forEach((s, i) => (statuses[count - 1 - i] = s));

  const orders: Order[] = new Array(count);
  for (let i = 0; i < count; i++) {
    const created = times[i];
    const order = randomOrder(rng, ctx, created, i + 1, statuses[i]);
    finishHistory(rng, ctx, order, created, now);
    orders[i] = order;
  }
  return orders;
}

/** Gives a generated order the shipments and updated_date its status implies. */
function finishHistory(rng: Random, ctx: OrderContext, order: Order, created: number, now: number): void {
  let updated = Math.min(now, created + rng.int(1, 90) * MINUTE);
  if (order.status === 'fulfilled' || order.status === 'partially_fulfilled') {
    const shippedMs = Math.min(now, created + rng.int(4 * HOUR, 3 * DAY));
    const partial = order.status === 'partially_fulfilled';
    // A single unit cannot ship partially: give such orders a second unit.
    if (partial && order.line_items.length === 1 && order.line_items[0].quantity < 2) order.line_items[0].quantity = 2;
    const lines = unitsToShip(order, ctx.data, partial);
    const method = ctx.catalog.shippingMethods.find((m) => m.id === order.shipping_method_id);
    const warehouse = ctx.catalog.warehouses.find((w) => w.id === order.warehouse_id);
    order.shipments.push(makeShipment({ rng, order, lines, shippedMs, warehouse, method }));
    updated = Math.min(now, shippedMs + rng.int(1, 30) * MINUTE);
  }
  if (['picked', 'packed', 'fulfilled', 'partially_fulfilled'].includes(order.status)) {
    for (const l of order.line_items) l.is_picked = true;
  }
  order.updated_date = iso(updated);
}
