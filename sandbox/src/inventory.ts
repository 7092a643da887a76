// Stock arithmetic shared by the generator, the write endpoints and the activity clock.
// Invariants kept for every inventory item and every warehouse entry:
//   onhand = committed + unfulfillable + fulfillable;  totals = sum of inventory_by_warehouse_id;
//   sellable = max(fulfillable, 0); unsellable = unfulfillable; location and lot quantities of a
//   warehouse sum to its onhand (when the item has locations / lots there).
import type { InventoryInWarehouse, InventoryItem, Order, Product } from '../../trackstar-contract/contract.js';
import type { Dataset } from './dataset.js';

type Qty = 'awaiting' | 'onhand' | 'committed' | 'unfulfillable' | 'fulfillable' | 'sellable' | 'unsellable';
const QTY: Qty[] = ['awaiting', 'onhand', 'committed', 'unfulfillable', 'fulfillable', 'sellable', 'unsellable'];

export function emptyWarehouseEntry(): InventoryInWarehouse {
  return { awaiting: 0, onhand: 0, committed: 0, unfulfillable: 0, fulfillable: 0, unsellable: 0, sellable: 0 };
}

export function warehouseEntry(item: InventoryItem, warehouseId: string): Required<Record<Qty, number>> {
  item.inventory_by_warehouse_id[warehouseId] ??= emptyWarehouseEntry();
  return item.inventory_by_warehouse_id[warehouseId] as Required<Record<Qty, number>>;
}

export function recomputeTotals(item: InventoryItem): void {
  for (const q of QTY) item[q] = 0;
  for (const e of Object.values(item.inventory_by_warehouse_id)) {
    e.sellable = Math.max(e.fulfillable ?? 0, 0);
    e.unsellable = e.unfulfillable ?? 0;
    for (const q of QTY) item[q] += e[q] ?? 0;
  }
}

/** Moves `delta` units between fulfillable and committed in one warehouse (positive = commit). */
export function applyCommit(item: InventoryItem, warehouseId: string, delta: number): void {
  const e = warehouseEntry(item, warehouseId);
  e.committed += delta;
  e.fulfillable -= delta;
  recomputeTotals(item);
}

export function applyAwaiting(item: InventoryItem, warehouseId: string, delta: number): void {
  const e = warehouseEntry(item, warehouseId);
  e.awaiting = Math.max(0, e.awaiting + delta);
  recomputeTotals(item);
}

/**
 * Adds `delta` (may be negative) to onhand and fulfillable in a warehouse, and to the matching
 * location (the given one, else the item's first location there) and lots (first lot absorbs).
 */
export function applyOnhand(item: InventoryItem, warehouseId: string, delta: number, locationId?: string): void {
  const e = warehouseEntry(item, warehouseId);
  const rows = item.locations.filter((l) => l.warehouse_id === warehouseId);
  if (locationId && !rows.some((l) => l.location_id === locationId)) {
    // A first location in this warehouse holds the stock already there; another one starts empty.
    const row = { location_id: locationId, quantity: rows.length === 0 ? Math.max(0, e.onhand) : 0, warehouse_id: warehouseId };
    item.locations.push(row);
    rows.push(row);
  }
  e.onhand += delta;
  e.fulfillable += delta;
  spread(rows, delta, locationId, 'quantity');
  spread(item.lots.filter((l) => l.warehouse_id === warehouseId), delta, undefined, 'onhand');
  recomputeTotals(item);
}

function spread<T extends Record<string, unknown>>(rows: T[], delta: number, preferId: string | undefined, key: keyof T): void {
  if (delta === 0 || rows.length === 0) return;
  const target = rows.find((r) => preferId !== undefined && r.location_id === preferId);
  const ordered = target ? [target, ...rows.filter((r) => r !== target)] : rows;
  let left = delta;
  for (const row of ordered) {
    const cur = row[key] as unknown as number;
    const next = left > 0 ? cur + left : Math.max(0, cur + left);
    left -= next - cur;
    (row[key] as unknown as number) = next;
    if (left === 0) return;
  }
}

/** Statuses in which an order holds stock for its unshipped quantities. */
export const COMMITTING_STATUSES = new Set(['open', 'confirmed', 'processing', 'picked', 'packed', 'partially_fulfilled', 'exception']);

/** Units of each inventory item an order still needs (ordered minus shipped), keyed by item id. */
export function remainingUnits(order: Order, products: Dataset['products']): Map<string, number> {
  const need = new Map<string, number>();
  for (const line of order.line_items) {
    const product = products.get(line.product_id);
    for (const c of product?.inventory_items ?? []) {
      need.set(c.inventory_item_id, (need.get(c.inventory_item_id) ?? 0) + line.quantity * c.unit_quantity);
    }
  }
  for (const s of order.shipments) {
    if (s.status !== 'shipped') continue;
    for (const l of s.line_items) need.set(l.inventory_item_id, (need.get(l.inventory_item_id) ?? 0) - l.quantity);
  }
  for (const [k, v] of need) if (v <= 0) need.delete(k);
  return need;
}

/** What an order commits, as "itemId warehouseId" -> units. */
export function commitments(order: Order | null, products: Dataset['products']): Map<string, number> {
  const out = new Map<string, number>();
  if (!order || !COMMITTING_STATUSES.has(order.status) || !order.warehouse_id) return out;
  for (const [item, units] of remainingUnits(order, products)) out.set(`${item} ${order.warehouse_id}`, units);
  return out;
}

/**
 * Applies the change in an order's commitments to inventory; returns the ids of the inventory items
 * whose numbers changed. `item` hands out the (working copies of) items to mutate.
 */
export function reconcileCommitments(
  before: Order | null, after: Order | null, data: Dataset, item: (id: string) => InventoryItem | undefined,
): Set<string> {
  const a = commitments(before, data.products);
  const b = commitments(after, data.products);
  const changed = new Set<string>();
  for (const key of new Set([...a.keys(), ...b.keys()])) {
    const delta = (b.get(key) ?? 0) - (a.get(key) ?? 0);
    if (delta === 0) continue;
    const [itemId, warehouseId] = key.split(' ');
    const target = item(itemId);
    if (!target) continue;
    applyCommit(target, warehouseId, delta);
    changed.add(itemId);
  }
  return changed;
}

/** True when the warehouse has enough fulfillable stock for everything the order still needs. */
export function canCommit(order: Order, data: Dataset): boolean {
  if (!order.warehouse_id) return true;
  for (const [itemId, units] of remainingUnits(order, data.products)) {
    const e = data.inventory.get(itemId)?.inventory_by_warehouse_id[order.warehouse_id];
    if (!e || (e.fulfillable ?? 0) < units) return false;
  }
  return true;
}

export function productsOf(order: Order, products: Dataset['products']): Product[] {
  return order.line_items.map((l) => products.get(l.product_id)).filter((p): p is Product => !!p);
}
