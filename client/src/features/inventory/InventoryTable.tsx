// The inventory table: presentational, fed rows and the cells that just changed (for the flash).
import { Fragment, type ReactNode } from 'react';
import { graphql } from '../../gql';
import type { InventoryRowFragment, InventorySortField } from '../../gql/graphql';
import type { Flashes } from '../../live/useFlash';
import { formatNumber } from '../../lib/format';
import { InventoryDetail } from './InventoryDetail';

export const InventoryRowFragmentDoc = graphql(`
  fragment InventoryRow on InventoryItem {
    id
    sku
    name
    onHand
    fulfillable
    committed
    unfulfillable
    awaiting
    sellable
    updatedAt
    levels {
      warehouseExternalId
      onHand
      fulfillable
      committed
      unfulfillable
      awaiting
    }
  }
`);

/** Quantity fields a live event may change; compared to decide what to highlight. */
export const QUANTITY_FIELDS = ['onHand', 'fulfillable', 'committed', 'unfulfillable', 'awaiting', 'sellable'] as const;

export type Sort = { field: InventorySortField; direction: 'ASC' | 'DESC' };

type Column = { key: (typeof QUANTITY_FIELDS)[number]; label: string; sort?: InventorySortField; narrow?: boolean };
const COLUMNS: Column[] = [
  { key: 'onHand', label: 'On hand', sort: 'ON_HAND' },
  { key: 'fulfillable', label: 'Fulfillable', sort: 'FULFILLABLE' },
  { key: 'committed', label: 'Committed' },
  { key: 'unfulfillable', label: 'Unfulfillable', narrow: true },
  { key: 'awaiting', label: 'Awaiting', narrow: true },
];

type Props = {
  rows: readonly InventoryRowFragment[];
  flashes: Flashes;
  sort: Sort;
  onSort(sort: Sort): void;
  expanded: ReadonlySet<string>;
  onToggle(id: string): void;
  lowStockThreshold: number;
  /** WMS warehouse id → name, for the per-warehouse breakdown. */
  warehouseNames?: ReadonlyMap<string, string>;
  /** A last cell per row (the "Adjust…" write action); absent for people who cannot use it. */
  rowAction?: (item: InventoryRowFragment) => ReactNode;
  /** The brand of each row, shown as a column after the name (the cross-brand inventory page). */
  brandOf?: (item: InventoryRowFragment) => string;
};

export function InventoryTable({ rows, flashes, sort, onSort, expanded, onToggle, lowStockThreshold, warehouseNames, rowAction, brandOf }: Props) {
  const header = (label: string, field: InventorySortField | undefined, className?: string) => {
    if (!field) return <th className={className}>{label}</th>;
    const active = sort.field === field;
    const next: Sort = { field, direction: active && sort.direction === 'DESC' ? 'ASC' : active ? 'DESC' : field === 'SKU' || field === 'NAME' ? 'ASC' : 'DESC' };
    return (
      <th className={`sortable ${className ?? ''}`} aria-sort={active ? (sort.direction === 'ASC' ? 'ascending' : 'descending') : 'none'}>
        <button type="button" onClick={() => onSort(next)}>
          {label}
        </button>
      </th>
    );
  };

  return (
    <table className="table" aria-label="Inventory">
      <thead>
        <tr>
          <th style={{ width: 32 }}>
            <span className="sr-only">Details</span>
          </th>
          {header('SKU', 'SKU')}
          {header('Name', 'NAME')}
          {brandOf && <th>Brand</th>}
          {COLUMNS.map((c) => (
            <Fragment key={c.key}>{header(c.label, c.sort, `num${c.narrow ? ' hide-narrow' : ''}`)}</Fragment>
          ))}
          {rowAction && (
            <th>
              <span className="sr-only">Actions</span>
            </th>
          )}
        </tr>
      </thead>
      <tbody>
        {rows.map((item) => {
          const changed = flashes.get(item.id);
          const open = expanded.has(item.id);
          return (
            <Fragment key={item.id}>
              <tr className={changed ? 'flash' : undefined} data-testid="inventory-row" data-sku={item.sku ?? ''} data-flash={changed ? 'true' : undefined}>
                <td>
                  <button type="button" className="expand-btn" aria-expanded={open} aria-label={`Details for ${item.sku ?? item.name}`} onClick={() => onToggle(item.id)}>
                    ›
                  </button>
                </td>
                <td className="sku">{item.sku ?? '—'}</td>
                <td>{item.name}</td>
                {brandOf && <td>{brandOf(item)}</td>}
                {COLUMNS.map((c) => {
                  const low = c.key === 'fulfillable' && item.fulfillable <= lowStockThreshold;
                  const classes = ['num', c.narrow ? 'hide-narrow' : '', changed?.has(c.key) ? 'changed' : '', low ? 'low' : ''].filter(Boolean).join(' ');
                  return (
                    <td key={c.key} className={classes} data-col={c.key}>
                      {formatNumber(item[c.key])}
                    </td>
                  );
                })}
                {rowAction && <td className="row-action">{rowAction(item)}</td>}
              </tr>
              {open && (
                <tr className="detail-row">
                  <td colSpan={3 + COLUMNS.length + (rowAction ? 1 : 0) + (brandOf ? 1 : 0)}>
                    <InventoryDetail item={item} warehouseNames={warehouseNames} />
                  </td>
                </tr>
              )}
            </Fragment>
          );
        })}
      </tbody>
    </table>
  );
}
