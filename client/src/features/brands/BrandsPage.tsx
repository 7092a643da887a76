import { useState, type FormEvent } from 'react';
import { useMutation, useQuery } from 'urql';
import { graphql } from '../../gql';
import { Link, brandPath } from '../../app/router';
import { Badge, Empty, ErrorState, Loading, errorMessage } from '../../app/ui';
import { formatAge, formatNumber } from '../../lib/format';
import { integrationDisplay, isSyncing } from './integration-status';
import { useBrandEvents } from './useBrandEvents';

const BrandsQuery = graphql(`
  query Brands($includeArchived: Boolean) {
    brands(includeArchived: $includeArchived) {
      id
      name
      archivedAt
      lastSyncedAt
      lowStockCount
      openOrderCount
      integration {
        id
        status
        integrationName
        lastSyncedAt
        lastError
        syncStates {
          id
          status
          inProgress
        }
      }
    }
  }
`);

const CreateBrandMutation = graphql(`
  mutation CreateBrand($input: CreateBrandInput!) {
    createBrand(input: $input) {
      id
      name
    }
  }
`);

export function BrandsPage() {
  // Archived brands (archiveBrand) are hidden unless asked for; their data stays readable.
  const [showArchived, setShowArchived] = useState(false);
  const [{ data, fetching, error }, refetch] = useQuery({ query: BrandsQuery, variables: { includeArchived: showArchived } });
  const brands = data?.brands ?? [];
  const refresh = () => refetch({ requestPolicy: 'network-only' });
  useBrandEvents(brands.map((b) => b.id), refresh);

  return (
    <section>
      <div className="page-header">
        <div>
          <h1>Brands</h1>
          <p className="muted">Every brand your 3PL ships for, with the health of its WMS connection.</p>
        </div>
        <CreateBrand onCreated={refresh} />
      </div>
      <label className="muted" style={{ display: 'inline-flex', gap: 6, marginBottom: 12 }}>
        <input type="checkbox" checked={showArchived} onChange={(e) => setShowArchived(e.target.checked)} /> Show archived brands
      </label>
      {error && !data && <ErrorState error={error} retry={refresh} />}
      {fetching && !data && <Loading label="Loading brands…" />}
      {data && brands.length === 0 && <Empty title="No brands yet">Create a brand, then connect its WMS through Trackstar.</Empty>}
      {brands.length > 0 && (
        <div className="table-wrap">
          <table className="table">
            <thead>
              <tr>
                <th>Brand</th>
                <th>Integration</th>
                <th title="When a sync run of the brand last committed a page">Last sync</th>
                <th className="num">Low stock</th>
                <th className="num">Open orders</th>
              </tr>
            </thead>
            <tbody>
              {brands.map((brand) => {
                const status = integrationDisplay(brand.integration && { status: brand.integration.status, syncing: isSyncing(brand.integration.syncStates) });
                return (
                  <tr key={brand.id} data-testid="brand-row">
                    <td>
                      <Link to={brandPath(brand.id)} className="strong-link">
                        {brand.name}
                      </Link>
                      {brand.archivedAt && (
                        <>
                          {' '}
                          <Badge tone="neutral">Archived</Badge>
                        </>
                      )}
                      {brand.integration?.integrationName && <div className="muted small">{brand.integration.integrationName}</div>}
                    </td>
                    <td>
                      <Badge tone={status.tone}>{status.label}</Badge>
                      {brand.integration?.lastError && <div className="error-text small">{brand.integration.lastError}</div>}
                    </td>
                    <td title={brand.lastSyncedAt ?? undefined}>{brand.integration ? formatAge(brand.lastSyncedAt) : '—'}</td>
                    <td className="num">
                      {brand.lowStockCount > 0 ? (
                        <Link to={`${brandPath(brand.id, 'inventory')}?lowStock=1`} className="low">
                          {formatNumber(brand.lowStockCount)}
                        </Link>
                      ) : (
                        '0'
                      )}
                    </td>
                    <td className="num">{formatNumber(brand.openOrderCount)}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

function CreateBrand({ onCreated }: { onCreated(): void }) {
  const [open, setOpen] = useState(false);
  const [name, setName] = useState('');
  const [{ fetching, error }, create] = useMutation(CreateBrandMutation);

  async function submit(e: FormEvent) {
    e.preventDefault();
    const result = await create({ input: { name } });
    if (!result.error) {
      setName('');
      setOpen(false);
      onCreated();
    }
  }

  if (!open) {
    return (
      <button type="button" className="btn" onClick={() => setOpen(true)}>
        New brand
      </button>
    );
  }
  return (
    <form className="inline-form" onSubmit={submit}>
      <label htmlFor="new-brand" className="sr-only">
        Brand name
      </label>
      <input id="new-brand" value={name} onChange={(e) => setName(e.target.value)} placeholder="Brand name" autoFocus />
      <button type="submit" className="btn btn-primary" disabled={fetching || !name.trim()}>
        Create
      </button>
      <button type="button" className="btn btn-ghost" onClick={() => setOpen(false)}>
        Cancel
      </button>
      {error && <span className="field-error">{errorMessage(error)}</span>}
    </form>
  );
}
