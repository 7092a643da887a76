// The 3PL's operations room ('/'): what needs attention now across every brand the key may read,
// live. Counts per kind (tiles that double as the kind filter) and per brand, the attention list
// (attentionChanged: opened items appear, resolved ones leave, no reload), and charts of the last
// two weeks. A row opens its record: an order's drawer, an inventory item's drawer, otherwise the
// brand page's tab where the record lives.
import { useEffect, useRef, useState } from 'react';
import { useQuery } from 'urql';
import type { AttentionItemRowFragment, AttentionKind } from '../../gql/graphql';
import { Empty, ErrorState, Loading } from '../../app/ui';
import { Pager } from '../../app/Pager';
import { brandPath, useRouter, type BrandTab } from '../../app/router';
import { useThrottled } from '../../app/useThrottled';
import { formatAge, formatNumber, humanize } from '../../lib/format';
import { useLiveEvents } from '../../live/useLiveEvents';
import { usePagedConnection } from '../../live/usePagedConnection';
import { OrderDrawer } from '../orders/OrderDrawer';
import { ATTENTION_KINDS, AttentionChangedSubscription, AttentionCountsQuery, AttentionListQuery, KIND_LABELS, applyAttentionEvent } from './attention';
import { BrandFilter } from './BrandFilter';
import { InventoryDrawer } from './InventoryDrawer';
import { OperationsCharts } from './OperationsCharts';
import { OpsTabs } from './OpsTabs';

const PAGE_SIZE = 50;

/** The brand tab where a record without a drawer of its own is shown. */
const TAB_OF: Record<string, BrandTab> = { InboundShipment: 'inbound', Return: 'returns', BrandIntegration: 'integration', Order: 'orders', InventoryItem: 'inventory' };

/** The record's own name in the list: order number, SKU, purchase order, return id. */
function recordLabel(item: AttentionItemRowFragment): string {
  if (item.order) return `Order ${item.order.orderNumber}`;
  if (item.inventoryItem) return `SKU ${item.inventoryItem.sku ?? item.inventoryItem.name}`;
  if (item.inboundShipment) return `Inbound ${item.inboundShipment.purchaseOrderNumber ?? item.inboundShipment.externalId}`;
  if (item.return) return `Return ${item.return.externalId}`;
  if (item.recordType === 'BrandIntegration') return 'WMS connection';
  return item.recordType;
}

/** "3 d ago", or "in 10 h" for a late order not yet due (its since is the required ship date). */
function sinceLabel(iso: string, now = Date.now()): string {
  const ahead = Math.round((Date.parse(iso) - now) / 60_000);
  if (!(ahead > 0)) return formatAge(iso, now);
  if (ahead < 60) return `in ${ahead} min`;
  const h = Math.round(ahead / 60);
  return h < 48 ? `in ${h} h` : `in ${Math.round(h / 24)} d`;
}

export function OperationsPage() {
  const { navigate } = useRouter();
  const [kinds, setKinds] = useState<AttentionKind[]>([]);
  const [brandIds, setBrandIds] = useState<string[]>([]);
  const [open, setOpen] = useState<AttentionItemRowFragment | null>(null);
  const scope = brandIds.length ? brandIds : null;

  const [counts, refetchCounts] = useQuery({ query: AttentionCountsQuery, variables: { brandIds: scope } });
  const list = usePagedConnection({ query: AttentionListQuery, variables: { brandIds: scope, kinds: kinds.length ? kinds : null, first: PAGE_SIZE }, pick: (d) => d.attention });
  const [rows, setRows] = useState<AttentionItemRowFragment[]>([]);
  // The page's rows, then live events on top (applyAttentionEvent), until the next page or filter change.
  useEffect(() => setRows(list.rows), [list.rows]);
  const hasNextRef = useRef(list.hasNext);
  hasNextRef.current = list.hasNext;

  const refreshCounts = useThrottled(() => refetchCounts({ requestPolicy: 'network-only' }), 1_000);
  const [flashes, setFlashes] = useState<ReadonlySet<string>>(new Set());
  // Every brand in scope, whatever the kind filter: counts move for any kind.
  useLiveEvents(AttentionChangedSubscription, { brandIds: scope }, (data) => {
    const event = data.attentionChanged;
    setRows((current) => applyAttentionEvent(current, event, { kinds, brandIds }, hasNextRef.current));
    if (event.change === 'OPENED') setFlashes((f) => new Set(f).add(event.itemId));
    refreshCounts();
  });

  const openItem = (item: AttentionItemRowFragment) => {
    if (item.order || item.inventoryItem) setOpen(item);
    else navigate(brandPath(item.brand.id, TAB_OF[item.recordType] ?? 'inventory'));
  };
  const toggleKind = (kind: AttentionKind) => setKinds((ks) => (ks.includes(kind) ? ks.filter((k) => k !== kind) : [...ks, kind]));
  const c = counts.data?.attentionCounts;
  const countOf = (kind: AttentionKind) => c?.byKind.find((k) => k.kind === kind)?.count ?? 0;

  return (
    <section>
      <OpsTabs />
      <div className="page-header">
        <div>
          <h1>Operations</h1>
          <p className="muted">What needs attention now, across {brandIds.length ? 'the chosen brands' : 'every brand'}, live.</p>
        </div>
        <BrandFilter selected={brandIds} onChange={setBrandIds} />
      </div>

      {counts.error && !c && <ErrorState error={counts.error} retry={() => refetchCounts({ requestPolicy: 'network-only' })} />}
      <div className="tiles" role="group" aria-label="Filter by kind" data-testid="attention-counts">
        {ATTENTION_KINDS.map((kind) => (
          <button key={kind} type="button" className="tile" aria-pressed={kinds.includes(kind)} onClick={() => toggleKind(kind)} data-kind={kind} data-count={countOf(kind)}>
            <span className="tile-value">{c ? formatNumber(countOf(kind)) : '…'}</span>
            <span className="tile-label">{KIND_LABELS[kind]}</span>
          </button>
        ))}
      </div>

      <div className="ops-grid">
        <div>
          <h2 id="attention-heading">
            Needs attention{' '}
            <span className="muted small" data-testid="attention-total">
              {c ? `${formatNumber(kinds.length ? kinds.reduce((s, k) => s + countOf(k), 0) : c.total)} open` : ''}
            </span>
          </h2>
          {list.error && !list.loaded && <ErrorState error={list.error} retry={list.refresh} />}
          {!list.loaded && !list.error && <Loading label="Loading the attention list…" />}
          {list.loaded && rows.length === 0 && <Empty title="Nothing needs attention">New problems appear here as soon as Packr sees them.</Empty>}
          {rows.length > 0 && (
            <div className="table-wrap">
              <table className="table" aria-labelledby="attention-heading">
                <thead>
                  <tr>
                    <th scope="col">Record</th>
                    <th scope="col">Kind</th>
                    <th scope="col">Brand</th>
                    <th scope="col">Why</th>
                    <th scope="col">Since</th>
                  </tr>
                </thead>
                <tbody>
                  {rows.map((item) => (
                    <tr key={item.id} className={`clickable${flashes.has(item.id) ? ' flash' : ''}`} onClick={() => openItem(item)} data-testid="attention-row" data-kind={item.kind} data-record={item.recordId}>
                      <td>
                        <button type="button" className="btn-link strong-link" onClick={(e) => (e.stopPropagation(), openItem(item))}>
                          {recordLabel(item)}
                        </button>
                      </td>
                      <td>{KIND_LABELS[item.kind]}</td>
                      <td>{item.brand.name}</td>
                      <td>
                        {item.reason}
                        {item.rawStatus && item.kind !== 'LOW_STOCK' && <span className="muted small"> ({humanize(item.rawStatus)})</span>}
                      </td>
                      <td className="nowrap" title={item.since as string}>
                        {sinceLabel(item.since as string)}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
              <Pager shown={rows.length} noun="item" hasNext={list.hasNext} fetching={list.fetching} onLoadMore={list.loadMore} />
            </div>
          )}
        </div>
        <aside aria-labelledby="by-brand-heading">
          <h2 id="by-brand-heading">By brand</h2>
          {c && c.byBrand.length === 0 && <p className="muted small">No brand has open items.</p>}
          {c && c.byBrand.length > 0 && (
            <div className="table-wrap">
              <table className="table" aria-labelledby="by-brand-heading" data-testid="attention-by-brand">
                <thead>
                  <tr>
                    <th scope="col">Brand</th>
                    <th scope="col" className="num">
                      Open
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {c.byBrand.map((b) => (
                    <tr key={b.brand.id}>
                      <th scope="row" className="row-head">
                        <button type="button" className="btn-link" aria-pressed={brandIds.length === 1 && brandIds[0] === b.brand.id} onClick={() => setBrandIds(brandIds.length === 1 && brandIds[0] === b.brand.id ? [] : [b.brand.id])}>
                          {b.brand.name}
                        </button>
                        <div className="muted small">
                          {b.byKind
                            .filter((k) => k.count > 0)
                            .map((k) => `${KIND_LABELS[k.kind].toLowerCase()} ${k.count}`)
                            .join(' · ')}
                        </div>
                      </th>
                      <td className="num">{formatNumber(b.count)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </aside>
      </div>

      <h2 className="section-title">Last 14 days</h2>
      <OperationsCharts brandIds={scope} />

      {open?.order && <OrderDrawer orderId={open.order.id} brandId={open.brand.id} onClose={() => setOpen(null)} />}
      {open?.inventoryItem && <InventoryDrawer item={open.inventoryItem} brandName={open.brand.name} onClose={() => setOpen(null)} />}
    </section>
  );
}
