// The stock adjustments CSV: one adjustment per row. The item is named by sku or
// inventory_item_id, the warehouse by its WMS id, its name or its Packr id; the quantity is either
// signed (-3 removes three units) or positive with adjustment_type INCREASE or DECREASE. Reading
// the file (parseAdjustmentsCsv) needs nothing but the text; naming the records
// (resolveAdjustments) needs the brand's items and warehouses.
import type { AdjustInventoryInput, InventoryAdjustmentType } from '../../gql/graphql';
import { adjustmentImportKey } from './idempotency';
import {
  describeValue, idempotencyKeyProblem, parseWholeNumber, quantityProblem, readCsv, templateCsv, textProblem,
  type CsvColumn, type CsvRow, type RowProblem,
} from './csv-table';

export const ADJUSTMENT_COLUMNS: CsvColumn[] = [
  { name: 'sku', description: "The item's SKU in this brand. Give this or inventory_item_id.", example: 'TEE-BLK-M' },
  { name: 'inventory_item_id', description: "The item's Packr id (from the API), instead of sku.", example: '' },
  { name: 'warehouse', required: true, description: "The warehouse: its WMS id, its name, or its Packr id.", example: 'Main warehouse' },
  { name: 'quantity', required: true, description: 'Units: a whole number. Signed (-3 removes three) when adjustment_type is empty; positive when it is given.', example: '5' },
  { name: 'adjustment_type', description: 'INCREASE or DECREASE; may be empty when quantity is signed.', example: 'INCREASE' },
  { name: 'reason', description: "Why, up to 500 characters (kept in Packr's write log).", example: 'Cycle count' },
  { name: 'location_id', description: "The WMS's id of a storage location in that warehouse.", example: '' },
  {
    name: 'idempotency_key',
    description: 'Optional. Packr derives one from the file and the row, so importing the same file again never adjusts twice; the error report carries the key each row was sent with.',
    example: '',
  },
];

export const ADJUSTMENTS_TEMPLATE = templateCsv(ADJUSTMENT_COLUMNS, [
  ['TEE-BLK-M', '', 'Main warehouse', '5', 'INCREASE', 'Cycle count', '', ''],
  ['MUG-WHT', '', 'Main warehouse', '-2', '', 'Damaged in storage', '', ''],
]);

/** A row as read: what it names, not yet resolved to records. */
export type ParsedAdjustment = {
  row: number;
  /** 0-based position among the file's data rows (its key does not move when blank lines do). */
  ordinal: number;
  sku: string;
  inventoryItemId: string;
  warehouse: string;
  quantity: number;
  adjustmentType: InventoryAdjustmentType;
  reason?: string;
  locationId?: string;
  idempotencyKey: string;
};

export type AdjustmentsFile =
  | { ok: true; adjustments: ParsedAdjustment[]; rows: CsvRow[]; header: string[]; ignoredColumns: string[] }
  | { ok: false; problems: RowProblem[]; rows?: CsvRow[]; header?: string[] };

export function parseAdjustmentsCsv(text: string): AdjustmentsFile {
  const table = readCsv(text, ADJUSTMENT_COLUMNS, { anyOf: [['sku', 'inventory_item_id']] });
  if (!table.ok) return table;
  const problems: RowProblem[] = [...table.problems];
  const adjustments: ParsedAdjustment[] = [];
  table.rows.forEach((r, ordinal) => {
    const v = r.values;
    const before = problems.length;
    const problem = (column: string | undefined, message: string) => problems.push({ row: r.row, column, message });
    if (v.sku === '' && v.inventory_item_id === '') problem('sku', 'Required: the sku (or the inventory_item_id) of the item to adjust');
    if (v.sku !== '' && v.inventory_item_id !== '') problem('inventory_item_id', 'Give the sku or the inventory_item_id, not both');
    const skuProblem = v.sku === '' ? null : textProblem(v.sku, 100);
    if (skuProblem) problem('sku', skuProblem);
    if (v.warehouse === '') problem('warehouse', "Required: the warehouse's WMS id, name or Packr id");

    let type: InventoryAdjustmentType | null = null;
    const typed = v.adjustment_type.toUpperCase();
    if (typed === 'INCREASE' || typed === 'DECREASE') type = typed;
    else if (typed !== '') problem('adjustment_type', `Must be INCREASE or DECREASE, or empty with a signed quantity (got ${describeValue(v.adjustment_type)})`);
    const signed = type === null && typed === '';
    const quantity = parseWholeNumber(v.quantity);
    if (v.quantity === '') problem('quantity', 'Required: the units to add or remove');
    else {
      const qp = quantityProblem(v.quantity, { signed });
      if (qp) problem('quantity', type ? `${qp}; with adjustment_type ${type} give a positive quantity` : qp);
    }
    for (const [column, max] of [['reason', 500], ['location_id', 200]] as const) {
      const p = v[column] === '' ? null : textProblem(v[column], max);
      if (p) problem(column, p);
    }
    const keyProblem = v.idempotency_key ? idempotencyKeyProblem(v.idempotency_key) : null;
    if (keyProblem) problem('idempotency_key', keyProblem);
    if (problems.length > before || quantity === null) return;

    adjustments.push({
      row: r.row,
      ordinal,
      sku: v.sku,
      inventoryItemId: v.inventory_item_id,
      warehouse: v.warehouse,
      quantity: Math.abs(quantity),
      adjustmentType: type ?? (quantity < 0 ? 'DECREASE' : 'INCREASE'),
      reason: v.reason || undefined,
      locationId: v.location_id || undefined,
      idempotencyKey: v.idempotency_key || adjustmentImportKey(table.contentHash, ordinal),
    });
  });
  const keys = new Map<string, number>();
  for (const a of adjustments) {
    const earlier = keys.get(a.idempotencyKey);
    if (earlier !== undefined) problems.push({ row: a.row, column: 'idempotency_key', message: `Row ${earlier} has the same idempotency_key; give each row its own` });
    else keys.set(a.idempotencyKey, a.row);
  }
  if (problems.length > 0) return { ok: false, problems: problems.sort((a, b) => (a.row ?? 0) - (b.row ?? 0)), rows: table.rows, header: table.header };
  return { ok: true, adjustments, rows: table.rows, header: table.header, ignoredColumns: table.ignoredColumns };
}

export type InventoryIndexItem = { id: string; sku: string | null };
export type WarehouseRef = { id: string; externalId: string; name: string };

export type ResolvedAdjustment = { row: number; input: AdjustInventoryInput; label: string };

/**
 * Names each row's item and warehouse by id. A SKU two items share, an unknown SKU, warehouse or
 * id is a problem on that row; warehouses match by WMS id first, then by name (any case), then by id.
 */
export function resolveAdjustments(
  adjustments: readonly ParsedAdjustment[],
  items: readonly InventoryIndexItem[],
  warehouses: readonly WarehouseRef[],
): { resolved: ResolvedAdjustment[]; problems: RowProblem[] } {
  const bySku = new Map<string, string[]>();
  for (const item of items) if (item.sku) bySku.set(item.sku, [...(bySku.get(item.sku) ?? []), item.id]);
  const itemIds = new Set(items.map((i) => i.id));
  const warehouseOf = (name: string): WarehouseRef | string => {
    const byExternal = warehouses.find((w) => w.externalId === name);
    if (byExternal) return byExternal;
    const byName = warehouses.filter((w) => w.name.toLowerCase() === name.toLowerCase());
    if (byName.length === 1) return byName[0];
    if (byName.length > 1) return `Several warehouses are named ${describeValue(name)}; use the WMS id (${byName.map((w) => w.externalId).join(', ')})`;
    const byId = warehouses.find((w) => w.id === name);
    if (byId) return byId;
    const known = warehouses.map((w) => `${w.name} (${w.externalId})`).join(', ') || 'none synced yet';
    return `No warehouse ${describeValue(name)} in this brand. Known: ${known}`;
  };

  const resolved: ResolvedAdjustment[] = [];
  const problems: RowProblem[] = [];
  for (const a of adjustments) {
    let itemId: string | null = null;
    if (a.inventoryItemId) {
      if (itemIds.has(a.inventoryItemId)) itemId = a.inventoryItemId;
      else problems.push({ row: a.row, column: 'inventory_item_id', message: `No inventory item ${describeValue(a.inventoryItemId)} in this brand` });
    } else {
      const ids = bySku.get(a.sku) ?? [];
      if (ids.length === 1) itemId = ids[0];
      else if (ids.length === 0) problems.push({ row: a.row, column: 'sku', message: `No inventory item with SKU ${describeValue(a.sku)} in this brand (SKUs match exactly, including case)` });
      else problems.push({ row: a.row, column: 'sku', message: `${ids.length} items share SKU ${describeValue(a.sku)}; name the item by inventory_item_id instead` });
    }
    const warehouse = warehouseOf(a.warehouse);
    if (typeof warehouse === 'string') problems.push({ row: a.row, column: 'warehouse', message: warehouse });
    if (!itemId || typeof warehouse === 'string') continue;
    const input: AdjustInventoryInput = {
      idempotencyKey: a.idempotencyKey,
      inventoryItemId: itemId,
      warehouseId: warehouse.id,
      quantity: a.quantity,
      adjustmentType: a.adjustmentType,
      ...(a.reason ? { reason: a.reason } : {}),
      ...(a.locationId ? { locationId: a.locationId } : {}),
    };
    const sign = a.adjustmentType === 'DECREASE' ? '−' : '+';
    resolved.push({ row: a.row, input, label: `${a.sku || a.inventoryItemId} ${sign}${a.quantity} @ ${warehouse.name}` });
  }
  return { resolved, problems };
}
