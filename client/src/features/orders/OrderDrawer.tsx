import { useEffect, useRef } from 'react';
import { useQuery } from 'urql';
import { graphql } from '../../gql';
import { Badge, ErrorState, Loading } from '../../app/ui';
import { formatDateTime, humanize } from '../../lib/format';
import { statusTone } from './order-status';
import { RecordHistory } from '../audit/HistoryTimeline';
import { CancelOrderButton } from '../writes/CancelOrderButton';
import { useFocusTrap } from '../../app/useFocusTrap';

const OrderQuery = graphql(`
  query OrderDetail($id: ID!) {
    order(id: $id) {
      id
      orderNumber
      deletedAt
      referenceId
      status
      rawStatus
      channel
      shippingMethodName
      carrierName
      createdAt
      updatedAt
      requiredShipDate
      tags
      totalPrice {
        amount
        currency
      }
      lineItems {
        position
        sku
        quantity
        isPicked
        unitPrice {
          amount
          currency
        }
      }
      shipments {
        id
        status
        carrierName
        serviceName
        shippedDate
        trackingNumbers
        packages {
          externalId
          packageName
          carrierName
          trackingNumber
          trackingUrl
        }
      }
    }
  }
`);

const money = (m: { amount: string; currency: string } | null | undefined) =>
  m ? new Intl.NumberFormat('en-US', { style: 'currency', currency: m.currency }).format(Number(m.amount)) : '—';

/** Only http(s) links from upstream data become clickable (no javascript: URLs). */
const safeUrl = (url: string | null | undefined) => (url && /^https?:\/\//i.test(url) ? url : null);

export function OrderDrawer({ orderId, brandId, liveStatus, liveUpdatedAt, liveDeleted, onClose }: {
  orderId: string;
  brandId?: string;
  liveStatus?: string;
  /** The row's updatedAt as live events patch it: any change refreshes the history. */
  liveUpdatedAt?: string;
  /** A live event said the WMS deleted the order while it is open. */
  liveDeleted?: boolean;
  onClose(): void;
}) {
  const [{ data, fetching, error }, refetch] = useQuery({ query: OrderQuery, variables: { id: orderId }, requestPolicy: 'cache-and-network' });
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => e.key === 'Escape' && onClose();
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [onClose]);
  // Focus goes into the drawer, stays there while it is open, and returns to the row's button after.
  const drawer = useRef<HTMLElement>(null);
  useFocusTrap(drawer);
  const order = data?.order;
  // The row changed live (orderChanged): reload the details so shipments and tracking follow.
  const seenStatus = useRef(liveStatus);
  useEffect(() => {
    if (seenStatus.current === liveStatus) return;
    seenStatus.current = liveStatus;
    refetch({ requestPolicy: 'network-only' });
  }, [liveStatus, refetch]);

  return (
    <>
      <div className="drawer-backdrop" onClick={onClose} />
      <aside ref={drawer} tabIndex={-1} className="drawer" role="dialog" aria-modal="true" aria-label={order ? `Order ${order.orderNumber}` : 'Order'}>
        <div className="drawer-head">
          <div>
            <h2>{order ? `Order ${order.orderNumber}` : 'Order'}</h2>
            {order && (
              <p className="muted small">
                <Badge tone={statusTone(order.status)}>{humanize(order.status)}</Badge> {order.rawStatus && order.rawStatus !== order.status ? `(${order.rawStatus})` : ''}
              </p>
            )}
          </div>
          <button type="button" className="btn btn-ghost btn-small" onClick={onClose} aria-label="Close" data-autofocus>
            ✕
          </button>
        </div>
        <div className="drawer-body">
          {error && !data && <ErrorState error={error} />}
          {fetching && !data && <Loading />}
          {data && !order && <p className="muted">This order is no longer available.</p>}
          {order && (
            <>
              {(liveDeleted || order.deletedAt) && (
                <p className="banner banner-warn" role="status" data-testid="order-deleted">
                  Deleted in the WMS{order.deletedAt ? ` (found ${formatDateTime(order.deletedAt)})` : ''}: the order is no longer in lists or counts.
                </p>
              )}
              {brandId && <CancelOrderButton brandId={brandId} order={order} />}
              <dl className="kv">
                <dt>Reference</dt>
                <dd className="mono">{order.referenceId}</dd>
                <dt>Channel</dt>
                <dd>{order.channel ?? '—'}</dd>
                <dt>Shipping</dt>
                <dd>{[order.carrierName, order.shippingMethodName].filter(Boolean).join(' · ') || '—'}</dd>
                <dt>Created</dt>
                <dd>{formatDateTime(order.createdAt)}</dd>
                <dt>Updated</dt>
                <dd>{formatDateTime(order.updatedAt)}</dd>
                <dt>Ship by</dt>
                <dd>{formatDateTime(order.requiredShipDate)}</dd>
                <dt>Total</dt>
                <dd>{money(order.totalPrice)}</dd>
                {order.tags.length > 0 && (
                  <>
                    <dt>Tags</dt>
                    <dd>{order.tags.join(', ')}</dd>
                  </>
                )}
              </dl>
              <section>
                <h3>Line items</h3>
                <table className="subtable">
                  <thead>
                    <tr>
                      <th>SKU</th>
                      <th className="num">Qty</th>
                      <th className="num">Unit price</th>
                      <th>Picked</th>
                    </tr>
                  </thead>
                  <tbody>
                    {order.lineItems.map((li) => (
                      <tr key={li.position}>
                        <td className="sku">{li.sku ?? '—'}</td>
                        <td className="num">{li.quantity}</td>
                        <td className="num">{money(li.unitPrice)}</td>
                        <td>{li.isPicked ? 'Yes' : 'No'}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </section>
              <section>
                <h3>Shipments</h3>
                {order.shipments.length === 0 && <p className="muted small">Not shipped yet.</p>}
                {order.shipments.map((s) => (
                  <div key={s.id} className="card card-body" data-testid="shipment">
                    <p>
                      <Badge tone={statusTone(s.status)}>{humanize(s.status)}</Badge> {[s.carrierName, s.serviceName].filter(Boolean).join(' · ')}
                      {s.shippedDate && <span className="muted small"> · shipped {formatDateTime(s.shippedDate)}</span>}
                    </p>
                    <ul className="small" style={{ margin: '8px 0 0', paddingLeft: 18 }}>
                      {s.packages.map((p) => (
                        <li key={p.externalId}>
                          {p.packageName ?? 'Package'} · {p.carrierName ?? '—'} ·{' '}
                          {safeUrl(p.trackingUrl) ? (
                            <a href={safeUrl(p.trackingUrl)!} target="_blank" rel="noreferrer noopener">
                              {p.trackingNumber ?? 'Track'} ↗
                            </a>
                          ) : (
                            <span className="mono">{p.trackingNumber ?? 'no tracking'}</span>
                          )}
                        </li>
                      ))}
                      {s.packages.length === 0 && s.trackingNumbers.map((t) => <li key={t} className="mono">{t}</li>)}
                    </ul>
                  </div>
                ))}
              </section>
              <section>
                <h3 id="order-history-heading">History</h3>
                <RecordHistory kind="order" id={order.id} version={`${liveStatus ?? ''} ${liveUpdatedAt ?? ''}`} labelledBy="order-history-heading" />
              </section>
            </>
          )}
        </div>
      </aside>
    </>
  );
}
