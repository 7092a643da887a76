// Settings → Attention thresholds ('/settings/attention'): the 3PL's defaults and each brand's
// overrides of the four thresholds the attention board uses. OWNER and ADMIN edit; others read.
// A brand field left empty inherits the 3PL default (sent as null).
import { useState, type FormEvent } from 'react';
import { useMutation, useQuery } from 'urql';
import { graphql } from '../../gql';
import type { AttentionSettingsFieldsFragment } from '../../gql/graphql';
import { ErrorState, Loading, errorMessage } from '../../app/ui';
import { useBrandOptions } from '../operations/BrandFilter';

graphql(`
  fragment AttentionSettingsFields on AttentionSettings {
    lateOrderWindowHours
    returnRestockDays
    lowStockThreshold
    freshnessWindowMinutes
    overrides
    brand {
      id
      name
    }
  }
`);

const AttentionSettingsQuery = graphql(`
  query AttentionSettings($brandId: ID) {
    viewer {
      role
    }
    attentionSettings(brandId: $brandId) {
      ...AttentionSettingsFields
    }
  }
`);

const UpdateAttentionSettings = graphql(`
  mutation UpdateAttentionSettings($brandId: ID, $input: AttentionSettingsInput!) {
    updateAttentionSettings(brandId: $brandId, input: $input) {
      ...AttentionSettingsFields
    }
  }
`);

type Field = 'lateOrderWindowHours' | 'returnRestockDays' | 'lowStockThreshold' | 'freshnessWindowMinutes';

const FIELDS: { key: Field; label: string; unit: string; min: number; max: number; hint: string }[] = [
  { key: 'lateOrderWindowHours', label: 'Late order window', unit: 'hours', min: 0, max: 720, hint: 'An open order counts as late this long before its required ship date.' },
  { key: 'returnRestockDays', label: 'Return restock time', unit: 'days', min: 1, max: 365, hint: 'A received return not restocked after this long needs attention.' },
  { key: 'lowStockThreshold', label: 'Low-stock threshold', unit: 'units', min: 0, max: 1_000_000, hint: 'Items at or below this many fulfillable units are low (an item may set its own).' },
  { key: 'freshnessWindowMinutes', label: 'Freshness window', unit: 'minutes', min: 5, max: 10_080, hint: 'Data not confirmed for this long makes the connection need attention.' },
];

export function AttentionSettingsPage() {
  const brands = useBrandOptions();
  const [brandId, setBrandId] = useState('');
  const [{ data, fetching, error }, refetch] = useQuery({ query: AttentionSettingsQuery, variables: { brandId: brandId || null }, requestPolicy: 'cache-and-network' });
  const role = data?.viewer.role;
  const canEdit = role === 'OWNER' || role === 'ADMIN';
  const settings = data?.attentionSettings;

  return (
    <section>
      <div className="page-header">
        <div>
          <h1>Attention thresholds</h1>
          <p className="muted">When a record shows up on the operations board. The 3PL's defaults apply to every brand that does not set its own.</p>
        </div>
      </div>
      <div className="toolbar">
        <label htmlFor="settings-scope">Settings for</label>
        <select id="settings-scope" value={brandId} onChange={(e) => setBrandId(e.target.value)}>
          <option value="">The 3PL (defaults)</option>
          {brands.map((b) => (
            <option key={b.id} value={b.id}>
              {b.name}
            </option>
          ))}
        </select>
      </div>
      {error && !data && <ErrorState error={error} retry={() => refetch({ requestPolicy: 'network-only' })} />}
      {fetching && !data && <Loading />}
      {/* One form per scope, mounted once that scope's settings are in (a refetch must not reset what is being typed). */}
      {settings && (settings.brand?.id ?? '') === brandId && <SettingsForm key={brandId} brandId={brandId || null} settings={settings} canEdit={canEdit} />}
    </section>
  );
}

function SettingsForm({ brandId, settings, canEdit }: { brandId: string | null; settings: AttentionSettingsFieldsFragment; canEdit: boolean }) {
  // For a brand, an inherited field starts empty (placeholder: the default); for the 3PL, every field has a value.
  const initial = Object.fromEntries(FIELDS.map((f) => [f.key, brandId && !settings.overrides.includes(f.key) ? '' : String(settings[f.key])])) as Record<Field, string>;
  const [values, setValues] = useState(initial);
  const [saved, setSaved] = useState(false);
  const [{ fetching, error }, update] = useMutation(UpdateAttentionSettings);

  async function submit(e: FormEvent) {
    e.preventDefault();
    setSaved(false);
    const input = Object.fromEntries(FIELDS.map((f) => [f.key, values[f.key].trim() === '' ? null : Number(values[f.key])]));
    const result = await update({ brandId, input });
    if (!result.error) setSaved(true);
  }

  return (
    <form className="card card-body settings-form" onSubmit={submit} aria-label={brandId ? `Thresholds of ${settings.brand?.name ?? 'the brand'}` : "The 3PL's default thresholds"}>
      {FIELDS.map((f) => {
        const id = `attention-${f.key}`;
        const inherited = Boolean(brandId) && values[f.key].trim() === '';
        return (
          <div key={f.key} className="settings-field">
            <label htmlFor={id}>
              {f.label} ({f.unit})
            </label>
            <input
              id={id}
              type="number"
              min={f.min}
              max={f.max}
              step={1}
              value={values[f.key]}
              placeholder={brandId ? `${settings[f.key]} (3PL default)` : undefined}
              required={!brandId}
              disabled={!canEdit}
              aria-describedby={`${id}-hint`}
              onChange={(e) => setValues((v) => ({ ...v, [f.key]: e.target.value }))}
            />
            <p id={`${id}-hint`} className="muted small">
              {f.hint} {f.min} to {f.max.toLocaleString('en-US')}.{inherited ? ' Empty: the 3PL default applies.' : ''}
            </p>
          </div>
        );
      })}
      {canEdit ? (
        <div className="inline-form">
          <button type="submit" className="btn btn-primary" disabled={fetching}>
            {fetching ? 'Saving…' : 'Save thresholds'}
          </button>
          <span role="status" className="muted small">
            {saved ? 'Saved. The board follows within a minute.' : ''}
          </span>
          {error && (
            <p role="alert" className="field-error">
              {errorMessage(error)}
            </p>
          )}
        </div>
      ) : (
        <p className="muted small">Only owners and admins of the 3PL change thresholds.</p>
      )}
    </form>
  );
}
