// Where a live inventory record belongs in the table on screen: the API's sort (column, then id in
// the same direction) and filter, reproduced for one row, so a new SKU can be inserted without a
// refetch (live/merge.ts insertInOrder).
import type { InventoryRowFragment } from '../../gql/graphql';
import { compareValues, type RowOrder } from '../../live/merge';
import type { Sort } from './InventoryTable';

type Filter = { search: string | null; warehouseId: string | null; lowStock: { threshold: number } | null };

const SORT_VALUE: Record<Sort['field'], (i: InventoryRowFragment) => string | number | null> = {
  UPDATED_AT: (i) => i.updatedAt as string,
  SKU: (i) => i.sku ?? null,
  NAME: (i) => i.name,
  ON_HAND: (i) => i.onHand,
  FULFILLABLE: (i) => i.fulfillable,
};

export function inventoryOrder(sort: Sort): RowOrder<InventoryRowFragment> {
  const value = SORT_VALUE[sort.field];
  const sign = sort.direction === 'DESC' ? -1 : 1;
  return (a, b) => sign * (compareValues(value(a), value(b)) || compareValues(a.id, b.id));
}

/** Whether the item passes the table's filter, as Query.inventory's InventoryFilter decides it. */
export function matchesInventoryFilter(item: InventoryRowFragment, filter: Filter): boolean {
  if (filter.search) {
    const term = filter.search.toLowerCase();
    if (!(item.sku ?? '').toLowerCase().includes(term) && !item.name.toLowerCase().includes(term)) return false;
  }
  if (filter.warehouseId && !item.levels.some((l) => l.warehouseExternalId === filter.warehouseId)) return false;
  if (filter.lowStock && item.fulfillable > filter.lowStock.threshold) return false;
  return true;
}
