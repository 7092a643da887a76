// Orders across brands ('/orders'): the brand tab's orders table with a brand column and a brand
// filter (brandIds), live through one orderChanged subscription for the same brands: a changed
// row is patched, a new order goes to the top (live/merge.ts insertInOrder), a deleted one leaves.
import { useState } from 'react';
import { graphql } from '../../gql';
import type { OrderStatus } from '../../gql/graphql';
import { Badge, Empty, ErrorState, Loading } from '../../app/ui';
import { Pager } from '../../app/Pager';
import { StatusChips } from '../../app/StatusChips';
import { useDebounced } from '../../app/useDebounced';
import { useThrottled } from '../../app/useThrottled';
import { formatAge, humanize } from '../../lib/format';
import { useFlash } from '../../live/useFlash';
import { useLiveEvents } from '../../live/useLiveEvents';
import { usePagedConnection } from '../../live/usePagedConnection';
import { matchesOrderFilter, orderOrder } from '../orders/live-order';
import { OrderDrawer } from '../orders/OrderDrawer';
import { statusTone } from '../orders/order-status';
import { BrandFilter } from './BrandFilter';
import { OpsTabs } from './OpsTabs';

const AllOrdersQuery = graphql(`
  query AllOrders($brandIds: [ID!], $first: Int, $after: String, $filter: OrderFilter) {
    orders(brandIds: $brandIds, first: $first, after: $after, filter: $filter) {
      edges {
        node {
          ...OrderRow
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

const AllOrdersChanged = graphql(`
  subscription AllOrdersChanged($brandIds: [ID!]) {
    orderChanged(brandIds: $brandIds) {
      sequence
      deleted
      order {
        ...OrderRow
        brand {
          id
          name
        }
      }
    }
  }
`);

const STATUSES: OrderStatus[] = ['OPEN', 'CONFIRMED', 'PROCESSING', 'PICKED', 'PACKED', 'PARTIALLY_FULFILLED', 'FULFILLED', 'BACKORDERED', 'EXCEPTION', 'CANCELLED'];
const FIELDS = ['status', 'shippingMethodName'] as const;

export function AllOrdersPage() {
  const [search, setSearch] = useState('');
  const [statuses, setStatuses] = useState<OrderStatus[]>([]);
  const [brandIds, setBrandIds] = useState<string[]>([]);
  const [openId, setOpenId] = useState<string | null>(null);
  const term = useDebounced(search.trim());
  const filter = { search: term || null, status: statuses.length ? statuses : null };
  const scope = brandIds.length ? brandIds : null;
  const list = usePagedConnection({ query: AllOrdersQuery, variables: { brandIds: scope, first: 50, filter }, pick: (d) => d.orders });
  const { flashes, flash } = useFlash();
  const refetchFirstPage = useThrottled(() => list.rows.length <= 50 && list.refresh(), 1_000);

  useLiveEvents(AllOrdersChanged, { brandIds: scope }, (data) => {
    const { order, deleted } = data.orderChanged;
    if (!order) return;
    if (deleted) return void list.remove(order.id);
    if (list.rows.some((r) => r.id === order.id)) return flash(order.id, list.patch(order, FIELDS));
    const matches = matchesOrderFilter(order, filter);
    if (matches === null) refetchFirstPage();
    else if (matches && list.insert(order, orderOrder)) flash(order.id, ['new']);
  });
  const open = list.rows.find((o) => o.id === openId);

  return (
    <section>
      <OpsTabs />
      <div className="page-header">
        <div>
          <h1>Orders</h1>
          <p className="muted">Orders of {brandIds.length ? 'the chosen brands' : 'every brand'}, last changed first, live.</p>
        </div>
      </div>
      <div className="toolbar">
        <input type="search" placeholder="Search order number, reference or SKU" value={search} onChange={(e) => setSearch(e.target.value)} aria-label="Search orders" maxLength={200} />
        <BrandFilter selected={brandIds} onChange={setBrandIds} />
        <StatusChips statuses={STATUSES} selected={statuses} onChange={setStatuses} />
      </div>
      {list.error && !list.loaded && <ErrorState error={list.error} retry={list.refresh} />}
      {!list.loaded && !list.error && <Loading label="Loading orders…" />}
      {list.loaded && list.rows.length === 0 && <Empty title={term || statuses.length || brandIds.length ? 'No orders match' : 'No orders yet'} />}
      {list.rows.length > 0 && (
        <div className="table-wrap">
          <table className="table" aria-label="Orders of all brands">
            <thead>
              <tr>
                <th scope="col">Order</th>
                <th scope="col">Brand</th>
                <th scope="col" className="hide-narrow">
                  Reference
                </th>
                <th scope="col">Status</th>
                <th scope="col" className="hide-narrow">
                  Shipping
                </th>
                <th scope="col">Updated</th>
              </tr>
            </thead>
            <tbody>
              {list.rows.map((o) => (
                <tr key={o.id} className={`clickable${flashes.has(o.id) ? ' flash' : ''}`} onClick={() => setOpenId(o.id)} data-testid="order-row" data-order={o.orderNumber} data-status={o.status} data-brand={o.brand.id}>
                  <td>
                    <button type="button" className="btn-link strong-link" onClick={(e) => (e.stopPropagation(), setOpenId(o.id))}>
                      {o.orderNumber}
                    </button>
                  </td>
                  <td>{o.brand.name}</td>
                  <td className="hide-narrow mono">{o.referenceId}</td>
                  <td className={flashes.get(o.id)?.has('status') ? 'changed' : undefined}>
                    <Badge tone={statusTone(o.status)}>{humanize(o.status)}</Badge>
                  </td>
                  <td className="hide-narrow">{o.shippingMethodName ?? '—'}</td>
                  <td title={o.updatedAt}>{formatAge(o.updatedAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <Pager shown={list.rows.length} noun="order" hasNext={list.hasNext} fetching={list.fetching} onLoadMore={list.loadMore} />
        </div>
      )}
      {openId && <OrderDrawer orderId={openId} brandId={open?.brand.id} liveStatus={open?.status} liveUpdatedAt={open?.updatedAt} onClose={() => setOpenId(null)} />}
    </section>
  );
}
