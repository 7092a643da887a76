// Order writes and lifecycle moves, shared by the write endpoints, the fulfil simulation and the
// activity clock. Each runs in one Tx: stock moves with the order and every change is announced.
import type {
  CreateOrderBody, CreateShipmentBody, Order, OrderStatus, UpdateOrderBody,
} from '../../../trackstar-contract/contract.js';
import type { Core } from '../core.js';
import { RAW_STATUS } from '../generate/orders.js';
import { fail } from '../http.js';
import { applyOnhand, canCommit, reconcileCommitments } from '../inventory.js';
import * as build from '../records.js';
import { makeShipment, unitsToShip, type ShipLine } from '../shipping.js';
import type { ConnectionState } from '../store.js';
import type { Tx } from '../tx.js';

function lineItems(conn: ConnectionState, lines: { product_id: string; quantity: number; sku?: string; unit_price?: number; discount_amount?: number }[]) {
  return lines.map((l, i) => {
    const p = conn.data.products.get(l.product_id);
    if (!p) throw fail.invalid('json', `line_items.${i}.product_id`, `Unknown product ${l.product_id}`);
    return {
      product_id: p.id, sku: l.sku ?? p.sku, quantity: l.quantity, unit_price: l.unit_price ?? p.unit_price,
      is_picked: false, discount_amount: l.discount_amount ?? null,
    };
  });
}

function shippingMethod(conn: ConnectionState, id: string | undefined) {
  if (id === undefined) return undefined;
  const m = conn.data.shipping_methods.get(id);
  if (!m) throw fail.invalid('json', 'shipping_method_id', `Unknown shipping method ${id}`);
  return m;
}

function setMethod(order: Order, conn: ConnectionState, id: string | undefined): void {
  const m = shippingMethod(conn, id);
  if (!m) return;
  Object.assign(order, {
    shipping_method_id: m.id, shipping_method_name: m.name, shipping_method: m.name,
    carrier_id: m.carrier_id, carrier_name: m.carrier_name, scac: m.scac,
  });
}

function setStatus(order: Order, status: OrderStatus): void {
  order.status = status;
  order.raw_status = RAW_STATUS[status];
  if (['picked', 'packed', 'fulfilled'].includes(status)) for (const l of order.line_items) l.is_picked = true;
}

/** Commits or releases stock for the difference between two versions of an order. */
export function moveStock(tx: Tx, before: Order | null, after: Order): void {
  reconcileCommitments(before, after, tx.conn.data, (id) => tx.touch('inventory', id));
}

export function createOrder(core: Core, conn: ConnectionState, body: CreateOrderBody): Order {
  const tx = core.tx(conn);
  const lines = lineItems(conn, body.line_items);
  const first = conn.data.products.get(lines[0].product_id)!;
  const id = `ord_${conn.rng.hex(12)}`;
  const { ship_to_address: address, line_items: _l, order_number, channel, shipping_method_id, ...rest } = body;
  const order = build.order({
    ...rest, id, created_date: tx.nowIso, updated_date: tx.nowIso, order_number, reference_id: body.reference_id ?? order_number,
    status: 'open', raw_status: RAW_STATUS.open, line_items: lines, ship_to_address: build.shipToAddress(address),
    warehouse_customer_id: first.warehouse_customer_id, warehouse_id: conn.data.warehouses.all()[0]?.id ?? null,
    type: 'd2c', trackstar_tags: body.trackstar_tags ?? [],
    ...(channel ? { channel, channel_object: { channel_id: channel, channel_name: channel } } : {}),
  });
  setMethod(order, conn, shipping_method_id);
  if (!canCommit(order, conn.data)) setStatus(order, 'backordered');
  tx.create('orders', order);
  moveStock(tx, null, order);
  tx.commit();
  return conn.data.orders.get(id)!;
}

function editable(order: Order): void {
  if (order.status === 'cancelled' || order.status === 'fulfilled') {
    throw fail.integration(422, `Order ${order.id} is ${order.status} and can no longer be changed`);
  }
}

export function updateOrder(core: Core, conn: ConnectionState, id: string, body: UpdateOrderBody): Order {
  const tx = core.tx(conn);
  const order = tx.touch('orders', id);
  if (!order) throw fail.notFound(id, 'Order');
  const before = conn.data.orders.get(id)!;
  const { ship_to_address, line_items, status, channel, shipping_method_id, trackstar_tags, ...simple } = body;
  if (Object.keys(body).some((k) => k !== 'trackstar_tags')) editable(order);
  Object.assign(order, simple);
  if (trackstar_tags) order.trackstar_tags = trackstar_tags;
  if (ship_to_address) order.ship_to_address = { ...order.ship_to_address, ...ship_to_address };
  if (line_items) order.line_items = lineItems(conn, line_items.map((l) => ({ ...l })));
  if (channel) Object.assign(order, { channel, channel_object: { channel_id: channel, channel_name: channel } });
  setMethod(order, conn, shipping_method_id);
  if (status) setStatus(order, status);
  moveStock(tx, before, order);
  tx.commit();
  return conn.data.orders.get(id)!;
}

export function cancelOrder(core: Core, conn: ConnectionState, id: string): Order {
  const tx = core.tx(conn);
  const order = tx.touch('orders', id);
  if (!order) throw fail.notFound(id, 'Order');
  if (order.status === 'fulfilled') throw fail.integration(422, `Order ${id} has shipped and cannot be cancelled`);
  const before = conn.data.orders.get(id)!;
  setStatus(order, 'cancelled');
  moveStock(tx, before, order);
  tx.commit();
  return conn.data.orders.get(id)!;
}

/** Moves an order one status along (open → confirmed → ... → packed) or to a side status. */
export function setOrderStatus(core: Core, conn: ConnectionState, id: string, status: OrderStatus): Order {
  const tx = core.tx(conn);
  const order = tx.touch('orders', id)!;
  const before = conn.data.orders.get(id)!;
  setStatus(order, status);
  moveStock(tx, before, order);
  tx.commit();
  return conn.data.orders.get(id)!;
}

type ShipOverrides = Partial<Pick<Parameters<typeof makeShipment>[0],
  'carrierId' | 'trackingNumber' | 'trackingUrl' | 'shippingCost' | 'packageMeasurements' | 'packages'>> & {
  shippedMs?: number; warehouseId?: string; methodId?: string;
};

/** Ships `lines` of an order: a new shipped shipment, order status, stock out of the building. */
export function shipOrder(core: Core, conn: ConnectionState, id: string, lines: ShipLine[] | 'all' | 'partial', o: ShipOverrides = {}): Order {
  const tx = core.tx(conn);
  const order = tx.touch('orders', id, 'order.shipment.created');
  if (!order) throw fail.notFound(id, 'Order');
  if (order.status === 'cancelled') throw fail.integration(422, `Order ${id} is cancelled`);
  const before = conn.data.orders.get(id)!;
  const toShip = Array.isArray(lines) ? lines : unitsToShip(order, conn.data, lines === 'partial');
  if (toShip.length === 0) throw fail.integration(422, `Order ${id} has nothing left to ship`);
  const warehouse = conn.data.warehouses.get(o.warehouseId ?? order.warehouse_id ?? '') ?? conn.data.warehouses.all()[0];
  const method = shippingMethod(conn, o.methodId) ?? conn.data.shipping_methods.get(order.shipping_method_id ?? '');
  const shipment = makeShipment({ ...o, rng: conn.rng, order, lines: toShip, shippedMs: o.shippedMs ?? core.now(), warehouse, method });
  order.shipments.push(shipment);
  setStatus(order, unitsToShip(order, conn.data, false).length === 0 ? 'fulfilled' : 'partially_fulfilled');
  for (const l of order.line_items) l.is_picked = true;
  moveStock(tx, before, order);
  for (const l of toShip) {
    const item = tx.touch('inventory', l.inventory_item_id);
    if (item) applyOnhand(item, shipment.warehouse_id, -l.quantity);
  }
  tx.commit();
  return conn.data.orders.get(id)!;
}

/** POST /wms/orders/{id}/shipments: the client reports a shipment. */
export function createShipment(core: Core, conn: ConnectionState, id: string, body: CreateShipmentBody): Order {
  const order = conn.data.orders.get(id);
  if (!order) throw fail.notFound(id, 'Order');
  if (!conn.data.warehouses.has(body.warehouse_id)) throw fail.invalid('json', 'warehouse_id', `Unknown warehouse ${body.warehouse_id}`);
  let lines: ShipLine[] | 'all' = 'all';
  if (body.line_items) {
    const remaining = unitsToShip(order, conn.data, false);
    lines = body.line_items.map((l, i) => {
      const r = remaining.find((x) => x.sku === l.sku);
      if (!r) throw fail.invalid('json', `line_items.${i}.sku`, `SKU ${l.sku} has nothing left to ship on this order`);
      if (l.quantity > r.quantity) throw fail.invalid('json', `line_items.${i}.quantity`, `Only ${r.quantity} left to ship`);
      return { ...r, quantity: l.quantity };
    });
  }
  return shipOrder(core, conn, id, lines, {
    shippedMs: Date.parse(body.shipped_date), warehouseId: body.warehouse_id, methodId: body.shipping_method_id,
    carrierId: body.carrier_id, trackingNumber: body.tracking_number, trackingUrl: body.tracking_url,
    shippingCost: body.shipping_cost, packageMeasurements: build.measurements(body.measurements), packages: body.packages,
  });
}
