// Returns and inbound shipments: the same list shape (status + dates + line items), two queries.
import { useState } from 'react';
import { graphql } from '../../gql';
import type { ReceivingStatus } from '../../gql/graphql';
import { Badge, Empty, ErrorState, Loading } from '../../app/ui';
import { Pager } from '../../app/Pager';
import { StatusChips } from '../../app/StatusChips';
import { formatAge, formatDate, humanize } from '../../lib/format';
import { usePagedConnection } from '../../live/usePagedConnection';
import { statusTone } from '../orders/order-status';
import { ReceivingWriteActions } from '../writes/ReceivingWriteActions';

const ReturnsQuery = graphql(`
  query Returns($brandId: ID!, $first: Int, $after: String, $filter: ReceivingFilter) {
    returns(brandId: $brandId, first: $first, after: $after, filter: $filter) {
      edges {
        node {
          id
          externalId
          orderExternalId
          status
          rawStatus
          lineItems {
            expectedQuantity
          }
          createdAt
          updatedAt
        }
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
  }
`);

const InboundQuery = graphql(`
  query InboundShipments($brandId: ID!, $first: Int, $after: String, $filter: ReceivingFilter) {
    inboundShipments(brandId: $brandId, first: $first, after: $after, filter: $filter) {
      edges {
        node {
          id
          externalId
          purchaseOrderNumber
          supplierName
          status
          rawStatus
          expectedArrivalDate
          lineItems {
            expectedQuantity
          }
          updatedAt
        }
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
  }
`);

const STATUSES: ReceivingStatus[] = ['OPEN', 'IN_TRANSIT', 'RECEIVING', 'RECEIVED', 'CANCELLED'];

/** Units announced over all lines (what the warehouse expects to receive). */
function units(lineItems: readonly { expectedQuantity: number }[]): number {
  return lineItems.reduce((sum, li) => sum + li.expectedQuantity, 0);
}

type Row = { id: string; primary: string; secondary: string | null; status: ReceivingStatus; date: string | null; lines: number; units: number; updatedAt: string };

export function ReceivingPage({ brandId, kind }: { brandId: string; kind: 'returns' | 'inbound' }) {
  const [statuses, setStatuses] = useState<ReceivingStatus[]>([]);
  const filter = { status: statuses.length ? statuses : null };
  const variables = { brandId, first: 50, filter };
  const returns = usePagedConnection({ query: ReturnsQuery, variables, pick: (d) => d.returns, pause: kind !== 'returns' });
  const inbound = usePagedConnection({ query: InboundQuery, variables, pick: (d) => d.inboundShipments, pause: kind !== 'inbound' });
  const list = kind === 'returns' ? returns : inbound;
  const rows: Row[] =
    kind === 'returns'
      ? returns.rows.map((r) => ({ id: r.id, primary: r.externalId, secondary: r.orderExternalId ? `Order ${r.orderExternalId}` : null, status: r.status, date: r.createdAt, lines: r.lineItems.length, units: units(r.lineItems), updatedAt: r.updatedAt }))
      : inbound.rows.map((s) => ({ id: s.id, primary: s.purchaseOrderNumber ?? s.externalId, secondary: s.supplierName, status: s.status, date: s.expectedArrivalDate, lines: s.lineItems.length, units: units(s.lineItems), updatedAt: s.updatedAt }));
  const noun = kind === 'returns' ? 'returns' : 'inbound shipments';

  return (
    <div>
      <div className="toolbar">
        <StatusChips statuses={STATUSES} selected={statuses} onChange={setStatuses} />
        <ReceivingWriteActions brandId={brandId} kind={kind} onWritten={list.refresh} />
      </div>
      {list.error && !list.loaded && <ErrorState error={list.error} retry={list.refresh} />}
      {!list.loaded && !list.error && <Loading label={`Loading ${noun}…`} />}
      {list.loaded && rows.length === 0 && <Empty title={statuses.length ? `No ${noun} match` : `No ${noun} yet`} />}
      {rows.length > 0 && (
        <div className="table-wrap">
          <table className="table">
            <thead>
              <tr>
                <th>{kind === 'returns' ? 'Return' : 'Purchase order'}</th>
                <th className="hide-narrow">{kind === 'returns' ? 'Order' : 'Supplier'}</th>
                <th>Status</th>
                <th>{kind === 'returns' ? 'Created' : 'Expected'}</th>
                <th className="num">Lines</th>
                <th className="num">Units</th>
                <th>Updated</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr key={r.id}>
                  <td className="mono">{r.primary}</td>
                  <td className="hide-narrow">{r.secondary ?? '—'}</td>
                  <td>
                    <Badge tone={statusTone(r.status)}>{humanize(r.status)}</Badge>
                  </td>
                  <td>{formatDate(r.date)}</td>
                  <td className="num">{r.lines}</td>
                  <td className="num">{r.units}</td>
                  <td title={r.updatedAt}>{formatAge(r.updatedAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <Pager shown={rows.length} hasNext={list.hasNext} fetching={list.fetching} onLoadMore={list.loadMore} />
        </div>
      )}
    </div>
  );
}
