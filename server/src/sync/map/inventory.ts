// Trackstar inventory item -> inventory_item row and one inventory_level per warehouse.
import type { InventoryItem } from '../../../../trackstar-contract/contract.js';
import { decimal, utc } from './values.js';

export type InventoryRow = ReturnType<typeof mapInventoryItem>;
export type InventoryLevelRow = ReturnType<typeof mapInventoryLevels>[number];

/** The quantities whose change appends an InventorySnapshot and a change-log entry. */
export const QUANTITY_FIELDS = ['awaiting', 'onHand', 'committed', 'unfulfillable', 'fulfillable', 'sellable'] as const;
export type Quantities = Record<(typeof QUANTITY_FIELDS)[number], number>;

export function mapInventoryItem(i: InventoryItem, raw: unknown) {
  return {
    externalId: i.id,
    warehouseCustomerId: i.warehouse_customer_id,
    sku: i.sku,
    name: i.name,
    unitCost: decimal(i.unit_cost),
    active: i.active,
    awaiting: i.awaiting,
    onHand: i.onhand,
    committed: i.committed,
    unfulfillable: i.unfulfillable,
    fulfillable: i.fulfillable,
    sellable: i.sellable,
    rawData: raw,
    createdAtRemote: utc(i.created_date)!,
    updatedAtRemote: utc(i.updated_date)!,
  };
}

export function mapInventoryLevels(i: InventoryItem) {
  return Object.entries(i.inventory_by_warehouse_id).map(([warehouseExternalId, q]) => ({
    warehouseExternalId,
    awaiting: q.awaiting,
    onHand: q.onhand,
    committed: q.committed,
    unfulfillable: q.unfulfillable,
    fulfillable: q.fulfillable,
    sellable: q.sellable,
  }));
}

export function quantitiesOf(row: Quantities): Quantities {
  return Object.fromEntries(QUANTITY_FIELDS.map((f) => [f, row[f]])) as Quantities;
}

export function quantitiesDiffer(a: Quantities, b: Quantities): boolean {
  return QUANTITY_FIELDS.some((f) => a[f] !== b[f]);
}
