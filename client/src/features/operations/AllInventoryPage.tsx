// Inventory across brands ('/inventory'): the brand tab's inventory table with a brand column and
// a brand filter (brandIds), live through one inventoryChanged subscription for the same brands: a
// changed row is patched and flashed, a new SKU goes where the sort puts it, a deleted one leaves.
import { useState } from 'react';
import { graphql } from '../../gql';
import { Empty, ErrorState, Loading } from '../../app/ui';
import { Pager } from '../../app/Pager';
import { useDebounced } from '../../app/useDebounced';
import { useFlash } from '../../live/useFlash';
import { useLiveEvents } from '../../live/useLiveEvents';
import { usePagedConnection } from '../../live/usePagedConnection';
import { InventoryTable, QUANTITY_FIELDS, type Sort } from '../inventory/InventoryTable';
import { inventoryOrder, matchesInventoryFilter } from '../inventory/live-order';
import { BrandFilter } from './BrandFilter';
import { OpsTabs } from './OpsTabs';

const AllInventoryQuery = graphql(`
  query AllInventory($brandIds: [ID!], $first: Int, $after: String, $filter: InventoryFilter, $sort: InventorySort) {
    inventory(brandIds: $brandIds, first: $first, after: $after, filter: $filter, sort: $sort) {
      edges {
        node {
          ...InventoryRow
          brand {
            id
            name
          }
        }
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
  }
`);

const AllInventoryChanged = graphql(`
  subscription AllInventoryChanged($brandIds: [ID!]) {
    inventoryChanged(brandIds: $brandIds) {
      sequence
      deleted
      item {
        ...InventoryRow
        brand {
          id
          name
        }
      }
    }
  }
`);

const THRESHOLD = 10;

export function AllInventoryPage() {
  const [search, setSearch] = useState('');
  const [lowOnly, setLowOnly] = useState(false);
  const [brandIds, setBrandIds] = useState<string[]>([]);
  const [sort, setSort] = useState<Sort>({ field: 'SKU', direction: 'ASC' });
  const [expanded, setExpanded] = useState<ReadonlySet<string>>(new Set());
  const term = useDebounced(search.trim());
  const filter = { search: term || null, warehouseId: null, lowStock: lowOnly ? { threshold: THRESHOLD } : null };
  const scope = brandIds.length ? brandIds : null;
  const list = usePagedConnection({ query: AllInventoryQuery, variables: { brandIds: scope, first: 50, filter, sort }, pick: (d) => d.inventory });
  const { flashes, flash } = useFlash();

  useLiveEvents(AllInventoryChanged, { brandIds: scope }, (data) => {
    const { item, deleted } = data.inventoryChanged;
    if (!item) return;
    if (deleted) return void list.remove(item.id);
    if (list.rows.some((r) => r.id === item.id)) return flash(item.id, list.patch(item, QUANTITY_FIELDS));
    if (matchesInventoryFilter(item, filter) && list.insert(item, inventoryOrder(sort))) flash(item.id, ['new']);
  });
  const brandNames = new Map(list.rows.map((r) => [r.id, r.brand.name]));
  const toggle = (id: string) =>
    setExpanded((prev) => {
      const next = new Set(prev);
      if (!next.delete(id)) next.add(id);
      return next;
    });

  return (
    <section>
      <OpsTabs />
      <div className="page-header">
        <div>
          <h1>Inventory</h1>
          <p className="muted">Stock of {brandIds.length ? 'the chosen brands' : 'every brand'}, live.</p>
        </div>
      </div>
      <div className="toolbar">
        <input type="search" placeholder="Search SKU or name" value={search} onChange={(e) => setSearch(e.target.value)} aria-label="Search inventory" maxLength={200} />
        <BrandFilter selected={brandIds} onChange={setBrandIds} />
        <label className="check">
          <input type="checkbox" checked={lowOnly} onChange={(e) => setLowOnly(e.target.checked)} /> Low stock only (≤ {THRESHOLD} fulfillable)
        </label>
      </div>
      {list.error && !list.loaded && <ErrorState error={list.error} retry={list.refresh} />}
      {!list.loaded && !list.error && <Loading label="Loading inventory…" />}
      {list.loaded && list.rows.length === 0 && <Empty title={term || lowOnly || brandIds.length ? 'No items match' : 'No inventory yet'} />}
      {list.rows.length > 0 && (
        <div className="table-wrap">
          <InventoryTable
            rows={list.rows}
            flashes={flashes}
            sort={sort}
            onSort={setSort}
            expanded={expanded}
            onToggle={toggle}
            lowStockThreshold={THRESHOLD}
            brandOf={(item) => brandNames.get(item.id) ?? ''}
          />
          <Pager shown={list.rows.length} noun="item" hasNext={list.hasNext} fetching={list.fetching} onLoadMore={list.loadMore} />
        </div>
      )}
    </section>
  );
}
