import { useQuery } from 'urql';
import { graphql } from '../../gql';
import { BRAND_TABS, Link, brandPath, type BrandTab } from '../../app/router';
import { Badge, Empty, ErrorState } from '../../app/ui';
import { formatAge, humanize } from '../../lib/format';
import { integrationDisplay, isSyncing } from './integration-status';
import { InventoryPage } from '../inventory/InventoryPage';
import { OrdersPage } from '../orders/OrdersPage';
import { ReceivingPage } from '../receiving/ReceivingPage';
import { IntegrationPage } from '../integration/IntegrationPage';
import { useBrandEvents } from './useBrandEvents';
import { BrandSettings } from '../team/BrandSettings';

const BrandQuery = graphql(`
  query Brand($id: ID!) {
    brand(id: $id) {
      id
      name
      archivedAt
      integration {
        id
        status
        integrationName
        syncStates {
          id
          resource
          status
          inProgress
          confirmedAt
          confirmedBy
        }
      }
    }
  }
`);

const TAB_LABELS: Record<BrandTab, string> = {
  inventory: 'Inventory',
  orders: 'Orders',
  returns: 'Returns',
  inbound: 'Inbound',
  integration: 'Integration',
};

export function BrandPage({ brandId, tab }: { brandId: string; tab: BrandTab }) {
  const [{ data, fetching, error }, refetch] = useQuery({ query: BrandQuery, variables: { id: brandId } });
  useBrandEvents([brandId], () => refetch({ requestPolicy: 'network-only' }));
  if (error && !data) return <ErrorState error={error} retry={() => refetch({ requestPolicy: 'network-only' })} />;
  const brand = data?.brand;
  if (data && !brand) {
    return (
      <Empty title="Brand not found">
        It does not exist or your key may not see it. <Link to="/brands">Back to brands</Link>
      </Empty>
    );
  }
  // The tab renders while the brand header loads: its query runs in parallel, not after.
  const status = integrationDisplay(brand?.integration && { status: brand.integration.status, syncing: isSyncing(brand.integration.syncStates) });
  return (
    <section>
      <div className="crumbs">
        <Link to="/brands">Brands</Link> <span aria-hidden="true">/</span> {brand?.name ?? '…'}
      </div>
      <div className="page-header">
        <div>
          <h1>{brand?.name ?? (fetching ? 'Loading…' : 'Brand')}</h1>
          {brand && (
            <p className="muted">
              <Badge tone={status.tone}>{status.label}</Badge>
              {brand.integration?.integrationName && <> · {humanize(brand.integration.integrationName)}</>}
              {brand.integration?.syncStates
                .filter((s) => s.resource === 'ORDERS' || s.resource === 'INVENTORY')
                .map((s) => (
                  <span key={s.id} data-testid="confirmed" title="When Packr last confirmed its copy matches Trackstar's (a complete sync run or an applied webhook)">
                    {' '}
                    · {s.resource === 'ORDERS' ? 'orders' : 'inventory'} confirmed {s.confirmedAt ? `${formatAge(s.confirmedAt)}${s.confirmedBy ? ` (${s.confirmedBy.toLowerCase()})` : ''}` : 'not yet'}
                  </span>
                ))}
            </p>
          )}
        </div>
        {brand && <BrandSettings brandId={brandId} name={brand.name} archivedAt={brand.archivedAt} onChanged={() => refetch({ requestPolicy: 'network-only' })} />}
      </div>
      <nav className="tabs" aria-label="Brand sections">
        {BRAND_TABS.map((t) => (
          <Link key={t} to={brandPath(brandId, t)} className="tab" aria-current={t === tab ? 'page' : undefined}>
            {TAB_LABELS[t]}
          </Link>
        ))}
      </nav>
      <div className="tab-panel">
        {tab === 'inventory' && <InventoryPage brandId={brandId} />}
        {tab === 'orders' && <OrdersPage brandId={brandId} />}
        {tab === 'returns' && <ReceivingPage brandId={brandId} kind="returns" />}
        {tab === 'inbound' && <ReceivingPage brandId={brandId} kind="inbound" />}
        {tab === 'integration' && <IntegrationPage brandId={brandId} />}
      </div>
    </section>
  );
}
