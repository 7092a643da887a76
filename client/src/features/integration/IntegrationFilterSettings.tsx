// The 3PL's Link filter (integrationsWithEndpoints), for OWNER and ADMIN: which Trackstar functions
// every brand's WMS must support. Link, here and behind connect links, then offers only the WMSs
// that implement all of them; Trackstar's catalogue below shows which those are.
import { useEffect, useId, useState } from 'react';
import { useMutation, useQuery } from 'urql';
import { graphql } from '../../gql';
import { Badge, errorMessage } from '../../app/ui';

const FilterQuery = graphql(`
  query IntegrationFilterSettings {
    integrationFilter {
      integrationsWithEndpoints
      isDefault
      defaultFunctions
      availableFunctions
    }
  }
`);

const CatalogueQuery = graphql(`
  query WmsIntegrationCatalogue {
    wmsIntegrations {
      fetchedAt
      stale
      integrations {
        name
        displayName
        offered
        missingFunctions
      }
    }
  }
`);

const UpdateFilter = graphql(`
  mutation UpdateIntegrationFilter($functions: [String!]) {
    updateIntegrationFilter(integrationsWithEndpoints: $functions) {
      integrationsWithEndpoints
      isDefault
      defaultFunctions
      availableFunctions
    }
  }
`);

export function IntegrationFilterSettings() {
  const [open, setOpen] = useState(false);
  const [{ data, error }] = useQuery({ query: FilterQuery });
  // Trackstar allows one catalogue call a minute: asked for only when someone looks.
  const [catalogue, refetchCatalogue] = useQuery({ query: CatalogueQuery, pause: !open });
  const [saving, save] = useMutation(UpdateFilter);
  const [chosen, setChosen] = useState<ReadonlySet<string> | null>(null);
  const [notice, setNotice] = useState('');
  const ids = { heading: useId(), legend: useId() };
  const filter = data?.integrationFilter;

  useEffect(() => {
    if (filter) setChosen(new Set(filter.integrationsWithEndpoints));
  }, [filter]);

  async function submit(functions: string[] | null) {
    setNotice('');
    const result = await save({ functions });
    if (!result.error) {
      setNotice(functions === null ? 'Back to the default: what Packr syncs.' : 'Saved. New Link sessions and connect links use it.');
      refetchCatalogue({ requestPolicy: 'cache-and-network' });
    }
  }

  const changed = filter && chosen && (chosen.size !== filter.integrationsWithEndpoints.length || filter.integrationsWithEndpoints.some((f) => !chosen.has(f)));

  return (
    <section className="card" aria-labelledby={ids.heading} data-testid="integration-filter">
      <div className="section-head">
        <h2 id={ids.heading}>WMS requirements (all brands)</h2>
        {filter && <Badge tone="neutral">{filter.isDefault ? 'Default' : `${filter.integrationsWithEndpoints.length} required`}</Badge>}
      </div>
      <details className="card-body" onToggle={(e) => setOpen((e.target as HTMLDetailsElement).open)}>
        <summary style={{ cursor: 'pointer', fontWeight: 500 }}>Which WMSs brands may connect</summary>
        <div style={{ display: 'flex', flexDirection: 'column', gap: 12, marginTop: 12 }}>
          {error && <p className="field-error" role="alert">{errorMessage(error)}</p>}
          {filter && chosen && (
            <form
              onSubmit={(e) => {
                e.preventDefault();
                void submit(filter.availableFunctions.filter((f) => chosen.has(f)));
              }}
            >
              <fieldset style={{ border: 0, padding: 0, margin: 0 }} aria-describedby={ids.legend}>
                <legend style={{ fontWeight: 600, marginBottom: 6 }}>Trackstar functions every brand's WMS must support</legend>
                <p id={ids.legend} className="muted small" style={{ marginBottom: 8 }}>
                  Connecting (here or from a connect link) offers only WMSs that implement all checked functions. The default is what Packr syncs.
                </p>
                <div style={{ display: 'grid', gridTemplateColumns: 'repeat(auto-fill, minmax(230px, 1fr))', gap: '4px 16px' }}>
                  {filter.availableFunctions.map((fn) => (
                    <label key={fn} style={{ display: 'flex', gap: 6, alignItems: 'center', fontWeight: 400 }}>
                      <input
                        type="checkbox"
                        checked={chosen.has(fn)}
                        onChange={(e) => {
                          const next = new Set(chosen);
                          if (e.target.checked) next.add(fn);
                          else next.delete(fn);
                          setChosen(next);
                        }}
                      />
                      <code>{fn}</code>
                    </label>
                  ))}
                </div>
              </fieldset>
              <div className="inline-form" style={{ marginTop: 12 }}>
                <button type="submit" className="btn btn-primary" disabled={!changed || saving.fetching}>
                  {saving.fetching ? 'Saving…' : 'Save requirements'}
                </button>
                <button type="button" className="btn" onClick={() => submit(null)} disabled={filter.isDefault || saving.fetching}>
                  Use the default
                </button>
              </div>
            </form>
          )}
          <p role="status" aria-live="polite" className="muted" style={{ minHeight: '1.45em' }}>
            {notice}
          </p>
          {saving.error && <p className="field-error" role="alert">{errorMessage(saving.error)}</p>}

          <h3>Trackstar WMSs with the saved requirements</h3>
          {catalogue.error && <p className="field-error" role="alert">{errorMessage(catalogue.error)}</p>}
          {catalogue.fetching && !catalogue.data && <p className="muted">Asking Trackstar…</p>}
          {catalogue.data && (
            <ul style={{ margin: 0, paddingLeft: 18 }} aria-label="Trackstar WMS integrations">
              {catalogue.data.wmsIntegrations.integrations.map((i) => (
                <li key={i.name} data-testid="wms-integration" data-offered={i.offered}>
                  <strong>{i.displayName}</strong>{' '}
                  {i.offered ? <Badge tone="ok">Offered</Badge> : <Badge tone="warn">Not offered</Badge>}
                  {!i.offered && <span className="muted small"> lacks {i.missingFunctions.join(', ')}</span>}
                </li>
              ))}
            </ul>
          )}
          {catalogue.data?.wmsIntegrations.stale && <p className="muted small">Trackstar could not be asked just now: this is the last list Packr received.</p>}
        </div>
      </details>
    </section>
  );
}
