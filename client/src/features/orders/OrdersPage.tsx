import { useState } from 'react';
import { graphql } from '../../gql';
import type { OrderStatus } from '../../gql/graphql';
import { Badge, Empty, ErrorState, Loading } from '../../app/ui';
import { Pager } from '../../app/Pager';
import { StatusChips } from '../../app/StatusChips';
import { useDebounced } from '../../app/useDebounced';
import { formatAge, humanize } from '../../lib/format';
import { useChangeCursor } from '../../live/useChangeCursor';
import { usePagedConnection } from '../../live/usePagedConnection';
import { statusTone } from './order-status';
import { OrderDrawer } from './OrderDrawer';
import { useOrderEvents } from './useOrderEvents';
import { useRemovedNotice } from '../../live/useRemovedNotice';
import { useThrottled } from '../../app/useThrottled';
import { OrderWriteActions } from '../writes/OrderWriteActions';
import { matchesOrderFilter, orderOrder } from './live-order';

graphql(`
  fragment OrderRow on Order {
    id
    orderNumber
    referenceId
    status
    channel
    shippingMethodName
    updatedAt
  }
`);

const OrdersQuery = graphql(`
  query Orders($brandId: ID!, $first: Int, $after: String, $filter: OrderFilter) {
    orders(brandId: $brandId, first: $first, after: $after, filter: $filter) {
      edges {
        node {
          ...OrderRow
        }
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
  }
`);

const STATUSES: OrderStatus[] = ['OPEN', 'CONFIRMED', 'PROCESSING', 'PICKED', 'PACKED', 'PARTIALLY_FULFILLED', 'FULFILLED', 'BACKORDERED', 'EXCEPTION', 'CANCELLED'];
export const ORDER_FIELDS = ['status', 'shippingMethodName', 'updatedAt'] as const;

export function OrdersPage({ brandId }: { brandId: string }) {
  const [search, setSearch] = useState('');
  const [statuses, setStatuses] = useState<OrderStatus[]>([]);
  const [openId, setOpenId] = useState<string | null>(null);
  const term = useDebounced(search.trim());
  const filter = { search: term || null, status: statuses.length ? statuses : null };
  // The list waits for the live cursor, so the subscription replays whatever lands in between.
  const cursor = useChangeCursor(brandId);
  const list = usePagedConnection({ query: OrdersQuery, variables: { brandId, first: 50, filter }, pick: (d) => d.orders, pause: !cursor.ready });
  // An order not on screen (created just now, by the dashboard or the WMS) goes where the list's
  // order puts it (the top), also below a full page or with later pages loaded. Only when the row
  // cannot tell whether it matches the search (a line-item SKU) is the first page refetched.
  const refetchFirstPage = useThrottled(() => list.rows.length <= 50 && list.refresh(), 1_000);
  const removed = useRemovedNotice();
  const [deletedIds, setDeletedIds] = useState<ReadonlySet<string>>(new Set());
  const flashes = useOrderEvents(brandId, cursor, (record, fields) => {
    if (!list.rows.some((r) => r.id === record.id)) {
      const matches = matchesOrderFilter(record, filter);
      if (matches === null) refetchFirstPage();
      else if (matches && list.insert(record, orderOrder)) return ['new'];
      return [];
    }
    return list.patch(record, fields);
  }, (order) => {
    setDeletedIds((ids) => new Set(ids).add(order.id));
    if (list.remove(order.id)) removed.announce(`Order ${order.orderNumber}`);
  });

  return (
    <div>
      <div className="toolbar">
        <input type="search" placeholder="Search order number, reference or SKU" value={search} onChange={(e) => setSearch(e.target.value)} aria-label="Search orders" maxLength={200} />
        <StatusChips statuses={STATUSES} selected={statuses} onChange={setStatuses} />
        <OrderWriteActions brandId={brandId} onOpenOrder={setOpenId} />
      </div>
      {removed.notice}
      {list.error && !list.loaded && <ErrorState error={list.error} retry={list.refresh} />}
      {!list.loaded && !list.error && <Loading label="Loading orders…" />}
      {list.loaded && list.rows.length === 0 && (
        <Empty title={term || statuses.length ? 'No orders match' : 'No orders yet'}>{term || statuses.length ? 'Try another search or status.' : 'Orders appear here once the WMS is connected and synced.'}</Empty>
      )}
      {list.rows.length > 0 && (
        <div className="table-wrap">
          <table className="table">
            <thead>
              <tr>
                <th>Order</th>
                <th className="hide-narrow">Reference</th>
                <th>Status</th>
                <th className="hide-narrow">Channel</th>
                <th className="hide-narrow">Shipping</th>
                <th>Updated</th>
              </tr>
            </thead>
            <tbody>
              {list.rows.map((o) => (
                <tr key={o.id} className={`clickable${flashes.has(o.id) ? ' flash' : ''}`} onClick={() => setOpenId(o.id)} data-testid="order-row" data-order={o.orderNumber} data-status={o.status}>
                  <td>
                    <button type="button" className="btn-link strong-link" onClick={() => setOpenId(o.id)}>
                      {o.orderNumber}
                    </button>
                  </td>
                  <td className="hide-narrow mono">{o.referenceId}</td>
                  <td className={flashes.get(o.id)?.has('status') ? 'changed' : undefined}>
                    <Badge tone={statusTone(o.status)}>{humanize(o.status)}</Badge>
                  </td>
                  <td className="hide-narrow">{o.channel ?? '—'}</td>
                  <td className="hide-narrow">{o.shippingMethodName ?? '—'}</td>
                  <td title={o.updatedAt}>{formatAge(o.updatedAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <Pager shown={list.rows.length} hasNext={list.hasNext} fetching={list.fetching} onLoadMore={list.loadMore} />
        </div>
      )}
      {openId && (
        <OrderDrawer
          orderId={openId}
          brandId={brandId}
          liveStatus={list.rows.find((o) => o.id === openId)?.status}
          liveUpdatedAt={list.rows.find((o) => o.id === openId)?.updatedAt}
          liveDeleted={deletedIds.has(openId)}
          onClose={() => setOpenId(null)}
        />
      )}
    </div>
  );
}
