// The stock adjustments CSV: signed or typed quantities, naming items and warehouses, and keys that
// tie a row to its file so importing the same file twice adjusts once.
import { describe, expect, it } from 'vitest';
import { ADJUSTMENTS_TEMPLATE, parseAdjustmentsCsv, resolveAdjustments, type ParsedAdjustment } from './csv-adjustments';

function parsed(text: string): ParsedAdjustment[] {
  const file = parseAdjustmentsCsv(text);
  if (!file.ok) throw new Error(JSON.stringify(file.problems));
  return file.adjustments;
}

function problemsOf(text: string) {
  const file = parseAdjustmentsCsv(text);
  if (file.ok) throw new Error('expected problems');
  return file.problems;
}

const ITEMS = [
  { id: 'item-a', sku: 'TEE-M' },
  { id: 'item-b', sku: 'MUG' },
  { id: 'item-c', sku: 'DUP' },
  { id: 'item-d', sku: 'DUP' },
];
const WAREHOUSES = [
  { id: 'wh-1', externalId: 'WH-EAST', name: 'East' },
  { id: 'wh-2', externalId: 'WH-WEST', name: 'West' },
];

describe('parseAdjustmentsCsv', () => {
  it('takes signed quantities, or positive ones with INCREASE/DECREASE in any case', () => {
    const rows = parsed('sku,warehouse,quantity,adjustment_type,reason\nTEE-M,East,5,,Count\nMUG,East,-2,,\nTEE-M,WH-WEST,3,decrease,Damaged\nMUG,West,+4,,\n');
    expect(rows.map((r) => [r.row, r.sku, r.quantity, r.adjustmentType, r.reason])).toEqual([
      [2, 'TEE-M', 5, 'INCREASE', 'Count'],
      [3, 'MUG', 2, 'DECREASE', undefined],
      [4, 'TEE-M', 3, 'DECREASE', 'Damaged'],
      [5, 'MUG', 4, 'INCREASE', undefined],
    ]);
  });

  it('refuses bad rows with their row and column', () => {
    const problems = problemsOf(
      'sku,inventory_item_id,warehouse,quantity,adjustment_type\n' +
        'TEE-M,,East,ten,\n' + // 2
        'TEE-M,,East,0,\n' + // 3
        'TEE-M,,East,-3,INCREASE\n' + // 4
        ',,East,1,\n' + // 5
        'TEE-M,item-a,East,1,\n' + // 6
        'TEE-M,,,1,\n' + // 7
        'TEE-M,,East,1,SIDEWAYS\n' + // 8
        'TEE-M,,East,2000000,\n', // 9
    );
    expect(problems.map((p) => [p.row, p.column])).toEqual([
      [2, 'quantity'], [3, 'quantity'], [4, 'quantity'], [5, 'sku'], [6, 'inventory_item_id'], [7, 'warehouse'], [8, 'adjustment_type'], [9, 'quantity'],
    ]);
    expect(problems[0].message).toBe('Must be a whole number from 1 to 1,000,000, with - to decrease (got "ten")');
    expect(problems[2].message).toMatch(/with adjustment_type INCREASE give a positive quantity/);
    expect(problems[7].message).toBe('At most 1,000,000 (got "2000000")');
  });

  it('needs a sku or inventory_item_id column, and the warehouse and quantity columns', () => {
    expect(problemsOf('warehouse,quantity\nEast,1\n')[0].message).toMatch(/^Missing column: sku or inventory_item_id\./);
    expect(problemsOf('sku,amount\nA,1\n')[0].message).toMatch(/^Missing columns: warehouse, quantity\./);
  });

  it('keys rows by file content and position: stable across re-saves, new for another file', () => {
    const a = parsed('sku,warehouse,quantity\nTEE-M,East,5\nMUG,East,-2\n');
    const resaved = parsed('\uFEFF"quantity";"warehouse";"sku"\r\n5;East;TEE-M\r\n\r\n-2;East;MUG\r\n');
    const other = parsed('sku,warehouse,quantity\nTEE-M,East,5\nMUG,East,-3\n');
    expect(a[0].idempotencyKey).toMatch(/^packr-csv-adjust-[0-9a-f]{32}-r0$/);
    expect(resaved.map((r) => r.idempotencyKey)).toEqual(a.map((r) => r.idempotencyKey));
    expect(new Set(a.map((r) => r.idempotencyKey)).size).toBe(2);
    expect(other[0].idempotencyKey).not.toBe(a[0].idempotencyKey);
  });

  it('keeps keys the file gives (an error report read back) and refuses duplicates', () => {
    expect(parsed('sku,warehouse,quantity,idempotency_key\nTEE-M,East,5,k-1\n')[0].idempotencyKey).toBe('k-1');
    expect(problemsOf('sku,warehouse,quantity,idempotency_key\nTEE-M,East,5,k-1\nMUG,East,5,k-1\n')).toEqual([
      { row: 3, column: 'idempotency_key', message: 'Row 2 has the same idempotency_key; give each row its own' },
    ]);
  });

  it('parses its own template', () => {
    expect(parsed(ADJUSTMENTS_TEMPLATE).map((r) => r.adjustmentType)).toEqual(['INCREASE', 'DECREASE']);
  });
});

describe('resolveAdjustments', () => {
  it('names items by SKU or id and warehouses by WMS id, name (any case) or id', () => {
    const rows = parsed('sku,inventory_item_id,warehouse,quantity,reason,location_id\nTEE-M,,east,5,Count,\n,item-b,WH-WEST,-1,,BIN-4\nMUG,,wh-1,2,,\n');
    const { resolved, problems } = resolveAdjustments(rows, ITEMS, WAREHOUSES);
    expect(problems).toEqual([]);
    expect(resolved.map((r) => r.input)).toEqual([
      { idempotencyKey: rows[0].idempotencyKey, inventoryItemId: 'item-a', warehouseId: 'wh-1', quantity: 5, adjustmentType: 'INCREASE', reason: 'Count' },
      { idempotencyKey: rows[1].idempotencyKey, inventoryItemId: 'item-b', warehouseId: 'wh-2', quantity: 1, adjustmentType: 'DECREASE', locationId: 'BIN-4' },
      { idempotencyKey: rows[2].idempotencyKey, inventoryItemId: 'item-b', warehouseId: 'wh-1', quantity: 2, adjustmentType: 'INCREASE' },
    ]);
    expect(resolved[1].label).toBe('item-b −1 @ West');
  });

  it('reports unknown and ambiguous names on their rows', () => {
    const rows = parsed('sku,inventory_item_id,warehouse,quantity\ntee-m,,East,1\nDUP,,East,1\n,item-z,East,1\nMUG,,North,1\n');
    const { resolved, problems } = resolveAdjustments(rows, ITEMS, [...WAREHOUSES, { id: 'wh-3', externalId: 'WH-E2', name: 'EAST' }]);
    expect(resolved).toEqual([]);
    expect(problems.map((p) => [p.row, p.column])).toEqual([
      [2, 'sku'], [2, 'warehouse'], [3, 'sku'], [3, 'warehouse'], [4, 'inventory_item_id'], [4, 'warehouse'], [5, 'warehouse'],
    ]);
    expect(problems[0].message).toMatch(/No inventory item with SKU "tee-m".*including case/);
    expect(problems[1].message).toBe('Several warehouses are named "East"; use the WMS id (WH-EAST, WH-E2)');
    expect(problems[2].message).toBe('2 items share SKU "DUP"; name the item by inventory_item_id instead');
    expect(problems[6].message).toMatch(/^No warehouse "North" in this brand\. Known: East \(WH-EAST\), West \(WH-WEST\)/);
  });
});
