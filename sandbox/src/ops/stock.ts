// Inventory adjustments, inbound shipments (ASNs) with receipts, and returns.
import type {
  AdjustInventoryBody, CreateInboundShipmentBody, CreateReturnBody, InboundShipment, InventoryItem,
  ReceiveInboundShipmentBody, Return,
} from '../../../trackstar-contract/contract.js';
import type { Core } from '../core.js';
import { INBOUND_RAW } from '../generate/inbound.js';
import { fail } from '../http.js';
import { applyAwaiting, applyOnhand } from '../inventory.js';
import * as build from '../records.js';
import type { ConnectionState } from '../store.js';

function itemBySku(conn: ConnectionState, sku: string, field: string): InventoryItem {
  const item = conn.data.inventory.all().find((i) => i.sku === sku);
  if (!item) throw fail.invalid('json', field, `Unknown SKU ${sku}`);
  return item;
}

function warehouse(conn: ConnectionState, id: string, field = 'warehouse_id'): string {
  if (!conn.data.warehouses.has(id)) throw fail.invalid('json', field, `Unknown warehouse ${id}`);
  return id;
}

function location(conn: ConnectionState, id: string, warehouseId: string | null, field: string): string {
  const loc = conn.data.warehouse_locations.get(id);
  if (!loc || (warehouseId && loc.warehouse_id !== warehouseId)) throw fail.invalid('json', field, `Unknown location ${id} in this warehouse`);
  return id;
}

export function adjustInventory(core: Core, conn: ConnectionState, id: string, body: AdjustInventoryBody): InventoryItem {
  const tx = core.tx(conn);
  const item = tx.touch('inventory', id);
  if (!item) throw fail.notFound(id, 'Inventory item');
  const wh = warehouse(conn, body.warehouse_id);
  if (body.location_id) location(conn, body.location_id, wh, 'location_id');
  const available = item.inventory_by_warehouse_id[wh]?.fulfillable ?? 0;
  if (body.adjustment_type === 'decrease' && available < body.quantity) {
    throw fail.integration(422, `Cannot decrease ${item.sku} by ${body.quantity}: only ${available} fulfillable in ${wh}`);
  }
  applyOnhand(item, wh, body.adjustment_type === 'increase' ? body.quantity : -body.quantity, body.location_id);
  tx.commit();
  return conn.data.inventory.get(id)!;
}

export function createInbound(core: Core, conn: ConnectionState, body: CreateInboundShipmentBody): InboundShipment {
  const tx = core.tx(conn);
  const wh = warehouse(conn, body.warehouse_id);
  const items = body.line_items.map((l, i) => ({ item: itemBySku(conn, l.sku, `line_items.${i}.sku`), qty: l.expected_quantity }));
  const supplierId = `sup_${body.supplier.slice(0, 4).toLowerCase().replace(/[^a-z0-9]/g, '')}`;
  const asn = build.inbound({
    id: `asn_${conn.rng.hex(12)}`, created_date: tx.nowIso, updated_date: tx.nowIso, status: 'open', raw_status: INBOUND_RAW.open,
    warehouse_customer_id: items[0].item.warehouse_customer_id, purchase_order_number: body.purchase_order_number,
    supplier: body.supplier, supplier_object: { supplier_id: supplierId, supplier_name: body.supplier },
    expected_arrival_date: body.expected_arrival_date, warehouse_id: wh, tracking_numbers: [body.tracking_number],
    trackstar_tags: body.trackstar_tags ?? [],
    line_items: items.map(({ item, qty }) => ({
      inventory_item_id: item.id, sku: item.sku, expected_quantity: qty, received_quantity: 0, unit_cost: item.unit_cost, external_id: null,
    })),
  });
  tx.create('inbound_shipments', asn);
  for (const { item, qty } of items) applyAwaiting(tx.touch('inventory', item.id)!, wh, qty);
  tx.commit();
  return conn.data.inbound_shipments.get(asn.id)!;
}

export function receiveInbound(core: Core, conn: ConnectionState, id: string, body: ReceiveInboundShipmentBody): InboundShipment {
  const tx = core.tx(conn);
  const asn = tx.touch('inbound_shipments', id, 'inbound-shipment.receipt.created');
  if (!asn) throw fail.notFound(id, 'Inbound shipment');
  if (asn.status === 'cancelled' || asn.status === 'received') throw fail.integration(422, `Inbound shipment ${id} is ${asn.status}`);
  const wh = body.warehouse_id ? warehouse(conn, body.warehouse_id) : asn.warehouse_id ?? conn.data.warehouses.all()[0].id;
  const loc = location(conn, body.warehouse_location_id, wh, 'warehouse_location_id');
  const received = body.line_items.map((l, i) => {
    const line = asn.line_items.find((x) => x.sku === l.sku);
    if (!line) throw fail.invalid('json', `line_items.${i}.sku`, `SKU ${l.sku} is not on inbound shipment ${id}`);
    return { line, qty: l.quantity };
  });
  for (const { line, qty } of received) {
    const outstanding = Math.max(0, line.expected_quantity - line.received_quantity);
    line.received_quantity += qty;
    const item = tx.touch('inventory', line.inventory_item_id);
    if (!item) continue;
    applyAwaiting(item, wh, -Math.min(qty, outstanding));
    applyOnhand(item, wh, qty, loc);
  }
  asn.receipts.push({
    id: `rcpt_${conn.rng.hex(10)}`, arrived_date: tx.nowIso,
    line_items: received.map(({ line, qty }) => ({ inventory_item_id: line.inventory_item_id, sku: line.sku, quantity: qty })),
  });
  asn.status = asn.line_items.every((l) => l.received_quantity >= l.expected_quantity) ? 'received' : 'receiving';
  asn.raw_status = INBOUND_RAW[asn.status];
  tx.commit();
  return conn.data.inbound_shipments.get(id)!;
}

export function createReturn(core: Core, conn: ConnectionState, body: CreateReturnBody): Return {
  const tx = core.tx(conn);
  const order = body.order_id ? conn.data.orders.get(body.order_id) : undefined;
  if (body.order_id && !order) throw fail.invalid('json', 'order_id', `Unknown order ${body.order_id}`);
  const wh = body.warehouse_id ? warehouse(conn, body.warehouse_id) : order?.warehouse_id ?? null;
  const lines = body.line_items.map((l, i) => {
    const item = itemBySku(conn, l.sku, `line_items.${i}.sku`);
    return {
      inventory_item_id: item.id, sku: item.sku, expected_quantity: l.quantity, received_quantity: 0, restocked_quantity: null,
      return_reason: null, quantity: l.quantity, warehouse_id: wh, returned_date: null,
    };
  });
  const ret = build.returnRecord({
    id: `ret_${conn.rng.hex(12)}`, created_date: tx.nowIso, updated_date: tx.nowIso, status: 'open', raw_status: INBOUND_RAW.open,
    warehouse_customer_id: order?.warehouse_customer_id ?? conn.data.inventory.get(lines[0].inventory_item_id)?.warehouse_customer_id ?? null,
    order_id: order?.id ?? null, line_items: lines, trackstar_tags: body.trackstar_tags ?? [],
  });
  tx.create('returns', ret);
  tx.commit();
  return conn.data.returns.get(ret.id)!;
}

/** The warehouse receives a return in full and restocks it. */
export function receiveReturn(core: Core, conn: ConnectionState, id: string): Return {
  const tx = core.tx(conn);
  const ret = tx.touch('returns', id);
  if (!ret) throw fail.notFound(id, 'Return');
  if (ret.status === 'received' || ret.status === 'cancelled') throw fail.integration(422, `Return ${id} is ${ret.status}`);
  const wh = ret.line_items[0]?.warehouse_id ?? conn.data.warehouses.all()[0].id;
  for (const l of ret.line_items) {
    const add = l.expected_quantity - l.received_quantity;
    l.received_quantity = l.expected_quantity;
    l.restocked_quantity = l.expected_quantity;
    l.returned_date = tx.nowIso;
    const item = tx.touch('inventory', l.inventory_item_id);
    if (item && add > 0) applyOnhand(item, l.warehouse_id ?? wh, add);
  }
  for (const s of ret.shipments) s.arrived_date ??= tx.nowIso;
  ret.status = 'received';
  ret.raw_status = INBOUND_RAW.received;
  tx.commit();
  return conn.data.returns.get(id)!;
}

/** Moves a return or ASN one step along without stock effects (open → in-transit → receiving). */
export function advanceInbound(core: Core, conn: ConnectionState, key: 'returns' | 'inbound_shipments', id: string, status: 'in-transit' | 'receiving' | 'cancelled'): void {
  const tx = core.tx(conn);
  const rec = tx.touch(key, id);
  if (!rec) return;
  rec.status = status;
  rec.raw_status = INBOUND_RAW[status];
  if (key === 'inbound_shipments' && status === 'cancelled') {
    const asn = rec as InboundShipment;
    for (const l of asn.line_items) {
      const item = tx.touch('inventory', l.inventory_item_id);
      if (item && asn.warehouse_id) applyAwaiting(item, asn.warehouse_id, -(l.expected_quantity - l.received_quantity));
    }
  }
  tx.commit();
}
