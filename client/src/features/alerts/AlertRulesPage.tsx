// Settings → Alerts ('/settings/alerts'): when Packr opens an alert. Per kind a switch (on or off)
// and its threshold, for the 3PL (next to Packr's default) or for one brand (overriding the 3PL's
// setting, or inheriting it: "Use 3PL setting"). OWNER and ADMIN edit; everyone else reads.
import { useId, useState, type FormEvent } from 'react';
import { useMutation, useQuery } from 'urql';
import { graphql } from '../../gql';
import type { AlertRuleRowFragment, AlertThresholdUnit } from '../../gql/graphql';
import { Badge, ErrorState, Loading, errorMessage, fieldErrorsOf } from '../../app/ui';
import { useBrandOptions } from '../operations/BrandFilter';
import { useTeamViewer } from '../team/shared';
import { ALERT_KIND_LABELS, thresholdUnitLabel } from './alerts';
import './alerts.css';

graphql(`
  fragment AlertRuleRow on AlertRuleSetting {
    kind
    description
    enabled
    threshold
    thresholdUnit
    defaultEnabled
    defaultThreshold
    overridden
    brand {
      id
      name
    }
  }
`);

const AlertRulesQuery = graphql(`
  query AlertRules($brandId: ID) {
    alertRules(brandId: $brandId) {
      ...AlertRuleRow
    }
  }
`);

const UpdateAlertRule = graphql(`
  mutation UpdateAlertRule($input: UpdateAlertRuleInput!) {
    updateAlertRule(input: $input) {
      ...AlertRuleRow
    }
  }
`);

export function AlertRulesPage() {
  const brands = useBrandOptions();
  const viewer = useTeamViewer();
  // A brand viewer has no 3PL rules to read: their page opens on their first brand.
  const brandViewer = !viewer.fetching && viewer.role === null;
  const [chosen, setChosen] = useState('');
  const brandId = brandViewer ? chosen || brands[0]?.id || '' : chosen;
  const [{ data, fetching, error }, refetch] = useQuery({
    query: AlertRulesQuery,
    variables: { brandId: brandId || null },
    requestPolicy: 'cache-and-network',
    pause: viewer.fetching || (brandViewer && !brandId),
  });
  const canEdit = viewer.manager;
  const rules = data?.alertRules;
  // A brand's page compares with the 3PL's rules (members only may read them; a brand viewer sees the defaults).
  const [threePL] = useQuery({ query: AlertRulesQuery, variables: { brandId: null }, pause: !brandId || viewer.fetching || brandViewer });
  const inherited = brandId ? threePL.data?.alertRules : undefined;
  const scopeBrand = brands.find((b) => b.id === brandId);
  const headingId = useId();

  return (
    <section>
      <div className="page-header">
        <div>
          <h1>Alert rules</h1>
          <p className="muted">When Packr opens an alert in the bell and sends it to your webhooks. The 3PL's rules apply to every brand that does not set its own.</p>
        </div>
      </div>
      <div className="toolbar">
        <label htmlFor="alert-scope">Rules for</label>
        <select id="alert-scope" value={brandId} onChange={(e) => setChosen(e.target.value)}>
          {!brandViewer && <option value="">The 3PL (every brand)</option>}
          {brands.map((b) => (
            <option key={b.id} value={b.id}>
              {b.name}
            </option>
          ))}
        </select>
      </div>
      {!viewer.fetching && !canEdit && (
        <p className="banner banner-info" data-testid="rules-read-only" style={{ marginBottom: 12 }}>
          Only owners and admins of the 3PL change alert rules; you can read them.
        </p>
      )}
      {error && !data && <ErrorState error={error} retry={() => refetch({ requestPolicy: 'network-only' })} />}
      {fetching && !data && <Loading />}
      {rules && (
        <div className="table-wrap">
          <table className="table" aria-labelledby={headingId} data-testid="alert-rules">
            <caption id={headingId} className="sr-only">
              {scopeBrand ? `Alert rules of ${scopeBrand.name}` : "The 3PL's alert rules"}
            </caption>
            <thead>
              <tr>
                <th scope="col">Rule</th>
                <th scope="col">On</th>
                <th scope="col">Threshold</th>
                <th scope="col">{brandId && inherited ? '3PL setting' : 'Default'}</th>
                <th scope="col">{brandId ? 'Source' : 'State'}</th>
              </tr>
            </thead>
            <tbody>
              {rules.map((rule) => (
                <RuleRow key={`${brandId}:${rule.kind}`} rule={rule} base={inherited?.find((r) => r.kind === rule.kind) ?? null} brandId={brandId || null} canEdit={canEdit} />
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}


/** The allowed threshold range of each unit (AlertThresholdUnit's contract). */
const RANGES: Record<AlertThresholdUnit, [number, number]> = { COUNT: [1, 100_000], MINUTES: [5, 10_080], PERCENT: [1, 100] };

/** "On, 60 minutes" / "Off". */
/** "On, 10 orders"; one of a plural unit reads singular ("On, 1 SKU"). */
const describeRule = (enabled: boolean, threshold: number | null | undefined, unit: string | null) =>
  `${enabled ? 'On' : 'Off'}${threshold != null && unit ? `, ${threshold} ${threshold === 1 && /[a-z]s$/i.test(unit) ? unit.slice(0, -1) : unit}` : ''}`;

function RuleRow({ rule, base, brandId, canEdit }: { rule: AlertRuleRowFragment; base: AlertRuleRowFragment | null; brandId: string | null; canEdit: boolean }) {
  const [{ fetching, error }, update] = useMutation(UpdateAlertRule);
  const [threshold, setThreshold] = useState(rule.threshold == null ? '' : String(rule.threshold));
  const [status, setStatus] = useState('');
  // A saved or inherited value from the server replaces the draft (derived state, React's pattern).
  const [held, setHeld] = useState(rule.threshold);
  if (held !== rule.threshold) {
    setHeld(rule.threshold);
    setThreshold(rule.threshold == null ? '' : String(rule.threshold));
  }
  const ids = { threshold: useId(), desc: useId(), error: useId(), enabled: useId() };
  const label = ALERT_KIND_LABELS[rule.kind];
  const unit = rule.thresholdUnit ? thresholdUnitLabel(rule.kind, rule.thresholdUnit) : null;
  // Keyed by the field's own name ("threshold"), whatever path the server gives it.
  const fieldErrors = fieldErrorsOf(error, (field) => field.split('.').pop()!);
  const thresholdError = fieldErrors.threshold ?? (error && !fieldErrors.enabled && !fieldErrors.inherit ? errorMessage(error) : undefined);
  const dirty = threshold.trim() !== (rule.threshold == null ? '' : String(rule.threshold));

  const range = rule.thresholdUnit ? RANGES[rule.thresholdUnit] : null;
  // A 3PL rule is "changed" when it differs from Packr's default; a brand's when it overrides the 3PL's.
  const changed = brandId ? rule.overridden : rule.enabled !== rule.defaultEnabled || (rule.thresholdUnit != null && rule.threshold !== rule.defaultThreshold);

  async function send(input: { enabled?: boolean | null; threshold?: number | null; inherit?: boolean }, done: string) {
    setStatus('');
    const result = await update({ input: { kind: rule.kind, brandId, ...input } });
    if (!result.error) setStatus(done);
  }

  function saveThreshold(e: FormEvent) {
    e.preventDefault();
    const value = Number(threshold);
    // Out-of-range numbers go to the server, whose per-field message is shown; only non-numbers stop here.
    if (threshold.trim() === '' || !Number.isInteger(value)) return;
    void send({ threshold: value }, `${label}: threshold saved.`);
  }

  const source = brandId ? (rule.overridden ? 'Overridden' : 'Inherited') : changed ? 'Changed' : 'Default';
  return (
    <tr data-testid="alert-rule" data-kind={rule.kind} data-enabled={rule.enabled} data-overridden={rule.overridden}>
      <th scope="row" className="row-head rule-desc">
        {label}
        <div id={ids.desc} className="muted small">
          {rule.description}
        </div>
      </th>
      <td>
        <label className="check">
          <input
            id={ids.enabled}
            type="checkbox"
            role="switch"
            aria-label={`${label}: alert on`}
            checked={rule.enabled}
            disabled={!canEdit || fetching}
            aria-describedby={ids.desc}
            onChange={(e) => void send({ enabled: e.target.checked }, `${label}: ${e.target.checked ? 'on' : 'off'}.`)}
          />
          <span aria-hidden="true">{rule.enabled ? 'On' : 'Off'}</span>
        </label>
      </td>
      <td>
        {unit ? (
          <form className="rule-threshold" onSubmit={saveThreshold} aria-label={`${label} threshold`} noValidate>
            <label htmlFor={ids.threshold} className="sr-only">
              {label} threshold ({unit})
            </label>
            <input
              id={ids.threshold}
              type="number"
              step={1}
              min={range?.[0]}
              max={range?.[1]}
              value={threshold}
              disabled={!canEdit}
              required
              aria-invalid={thresholdError ? true : undefined}
              aria-describedby={thresholdError ? ids.error : undefined}
              onChange={(e) => setThreshold(e.target.value)}
            />
            <span className="muted">{unit}</span>
            {canEdit && dirty && (
              <button type="submit" className="btn btn-small btn-primary" disabled={fetching}>
                Save<span className="sr-only"> {label} threshold</span>
              </button>
            )}
          </form>
        ) : (
          <span className="muted">No threshold</span>
        )}
        {thresholdError && (
          <p id={ids.error} className="field-error" role="alert">
            {thresholdError}
          </p>
        )}
        {(fieldErrors.enabled || fieldErrors.inherit) && (
          <p className="field-error" role="alert">
            {fieldErrors.enabled ?? fieldErrors.inherit}
          </p>
        )}
      </td>
      <td className="nowrap muted">{base ? describeRule(base.enabled, base.threshold, unit) : describeRule(rule.defaultEnabled, rule.defaultThreshold, unit)}</td>
      <td>
        <div className="inline-form">
          <Badge tone={changed ? 'info' : 'neutral'}>{source}</Badge>
          {canEdit && changed && (
            <button
              type="button"
              className="btn btn-small"
              disabled={fetching}
              // A brand drops its override; the 3PL clears its values (null: Packr's default).
              onClick={() => void send(brandId ? { inherit: true } : { enabled: null, ...(rule.thresholdUnit ? { threshold: null } : {}) }, `${label}: ${brandId ? 'the 3PL setting applies' : 'back to the default'}.`)}
            >
              {brandId ? 'Use 3PL setting' : 'Use default'}
              <span className="sr-only"> for {label}</span>
            </button>
          )}
        </div>
        <span role="status" className="muted small">
          {status}
        </span>
      </td>
    </tr>
  );
}
