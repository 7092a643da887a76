import { useState } from 'react';
import { useQuery } from 'urql';
import { graphql } from '../../gql';
import { Empty, ErrorState, Loading } from '../../app/ui';
import { Pager } from '../../app/Pager';
import { useDebounced } from '../../app/useDebounced';
import { usePagedConnection } from '../../live/usePagedConnection';
import { useChangeCursor } from '../../live/useChangeCursor';
import { useFlash } from '../../live/useFlash';
import { InventoryTable, QUANTITY_FIELDS, type Sort } from './InventoryTable';
import { useInventoryEvents } from './useInventoryEvents';
import { useBrandEvents } from '../brands/useBrandEvents';
import { useThrottled } from '../../app/useThrottled';
import { useRemovedNotice } from '../../live/useRemovedNotice';
import { useInventoryWriteActions } from '../writes/InventoryWriteActions';
import { inventoryOrder, matchesInventoryFilter } from './live-order';

export const InventoryQuery = graphql(`
  query Inventory($brandId: ID!, $first: Int, $after: String, $filter: InventoryFilter, $sort: InventorySort) {
    inventory(brandId: $brandId, first: $first, after: $after, filter: $filter, sort: $sort) {
      edges {
        node {
          ...InventoryRow
        }
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
  }
`);

const WarehousesQuery = graphql(`
  query Warehouses($brandId: ID!) {
    warehouses(brandId: $brandId) {
      id
      externalId
      name
    }
  }
`);

const PAGE_SIZE = 50;
const DEFAULT_THRESHOLD = 10;

export function InventoryPage({ brandId }: { brandId: string }) {
  const [search, setSearch] = useState('');
  // Deep link from the brands list's low-stock count: /brands/:id/inventory?lowStock=1
  const [lowOnly, setLowOnly] = useState(() => new URLSearchParams(window.location.search).has('lowStock'));
  const [threshold, setThreshold] = useState(DEFAULT_THRESHOLD);
  const [sort, setSort] = useState<Sort>({ field: 'SKU', direction: 'ASC' });
  const [expanded, setExpanded] = useState<ReadonlySet<string>>(new Set());
  const [warehouseId, setWarehouseId] = useState('');
  const [{ data: warehouseData }] = useQuery({ query: WarehousesQuery, variables: { brandId } });
  const warehouses = warehouseData?.warehouses ?? [];
  const warehouseNames = new Map(warehouses.map((w) => [w.externalId, w.name]));
  const term = useDebounced(search.trim());
  const settledThreshold = useDebounced(threshold, 300);

  const filter = { search: term || null, warehouseId: warehouseId || null, lowStock: lowOnly ? { threshold: settledThreshold } : null };
  // The list waits for the live cursor, so the subscription replays whatever lands in between.
  const cursor = useChangeCursor(brandId);
  const list = usePagedConnection({ query: InventoryQuery, variables: { brandId, first: PAGE_SIZE, filter, sort }, pick: (d) => d.inventory, pause: !cursor.ready });
  const { flashes, flash } = useFlash();
  const writes = useInventoryWriteActions(brandId);

  // After a sync (brand events), a table that is not full may be missing rows: refetch it, throttled.
  const refillIfShort = useThrottled(() => {
    if (list.rows.length < PAGE_SIZE) list.refresh();
  }, 1_000);
  const removed = useRemovedNotice();
  useInventoryEvents(brandId, cursor, (record) => {
    const known = list.rows.some((r) => r.id === record.id);
    if (known) flash(record.id, list.patch(record, QUANTITY_FIELDS));
    // A record not on screen (a new SKU, or one the backfill just stored) goes where the sort puts
    // it, on a full page or a later one too, when it passes the filter (live/merge.ts insertInOrder).
    else if (matchesInventoryFilter(record, filter) && list.insert(record, inventoryOrder(sort))) flash(record.id, ['new']);
  }, (record) => {
    if (list.remove(record.id)) removed.announce(`SKU ${record.sku ?? record.name}`);
  });
  useBrandEvents([brandId], refillIfShort);

  const toggle = (id: string) =>
    setExpanded((prev) => {
      const next = new Set(prev);
      if (!next.delete(id)) next.add(id);
      return next;
    });
  const filtered = Boolean(term) || lowOnly || Boolean(warehouseId);

  return (
    <div>
      <div className="toolbar">
        <input type="search" placeholder="Search SKU or name" value={search} onChange={(e) => setSearch(e.target.value)} aria-label="Search inventory" maxLength={200} />
        {warehouses.length > 1 && (
          <select value={warehouseId} onChange={(e) => setWarehouseId(e.target.value)} aria-label="Warehouse">
            <option value="">All warehouses</option>
            {warehouses.map((w) => (
              <option key={w.id} value={w.externalId}>
                {w.name}
              </option>
            ))}
          </select>
        )}
        <label className="check">
          <input type="checkbox" checked={lowOnly} onChange={(e) => setLowOnly(e.target.checked)} /> Low stock only
        </label>
        <label className="check">
          at or below
          <input
            type="number"
            min={0}
            max={1_000_000}
            value={threshold}
            aria-label="Low-stock threshold"
            onChange={(e) => setThreshold(Math.max(0, Math.min(1_000_000, Math.floor(Number(e.target.value) || 0))))}
          />
          fulfillable
        </label>
        <span className="spacer" />
        {list.fetching && list.loaded && <span className="muted small">Updating…</span>}
        {writes.toolbar}
      </div>
      {removed.notice}
      {list.error && !list.loaded && <ErrorState error={list.error} retry={list.refresh} />}
      {!list.loaded && !list.error && <Loading label="Loading inventory…" />}
      {list.loaded && list.rows.length === 0 && (
        <Empty title={filtered ? 'No items match' : 'No inventory yet'}>
          {filtered ? 'Try another search or a higher threshold.' : 'Items appear here as soon as the WMS connection has synced.'}
        </Empty>
      )}
      {list.rows.length > 0 && (
        <div className="table-wrap">
          <InventoryTable rows={list.rows} flashes={flashes} sort={sort} onSort={setSort} expanded={expanded} onToggle={toggle} lowStockThreshold={threshold} warehouseNames={warehouseNames} rowAction={writes.rowAction} />
          <Pager shown={list.rows.length} noun="item" hasNext={list.hasNext} fetching={list.fetching} onLoadMore={list.loadMore} />
        </div>
      )}
      {writes.dialog}
    </div>
  );
}
