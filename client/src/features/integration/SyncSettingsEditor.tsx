// Brand → Integration → Sync settings (OWNER/ADMIN): per resource a schedule (preset or custom
// interval), a pause switch and the filters Trackstar supports for it, plus the backfill window.
// Saving applies at once on the server (schedulers replaced, syncs paused or restarted); refused
// values come back per field and are shown next to their input.
import { useEffect, useMemo, useState, type FormEvent } from 'react';
import { useMutation, useQuery } from 'urql';
import { graphql } from '../../gql';
import type { SyncFilterKind, SyncResource, SyncSchedulePreset, SyncSettingsEditorQuery } from '../../gql/graphql';
import { Badge, ErrorState, Loading, errorMessage, fieldErrorsOf } from '../../app/ui';
import { humanize } from '../../lib/format';

const SettingsQuery = graphql(`
  query SyncSettingsEditor($brandId: ID!) {
    integration(brandId: $brandId) {
      id
      syncSettings {
        backfillDays
        resources {
          resource
          preset
          everySeconds
          customEverySeconds
          nearRealTimeSeconds
          trackstarDefaultSeconds
          paused
          status
          pausedBy
          nextRunAt
          supportedFilters
          filters {
            warehouseIds
            channels
            orderTypes
            warehouseCustomerIds
          }
        }
        filterChoices {
          warehouses {
            id
            name
          }
          channels {
            id
            name
          }
          warehouseCustomerIds
        }
      }
    }
  }
`);

const UpdateSettings = graphql(`
  mutation UpdateSyncSettings($brandId: ID!, $input: SyncSettingsInput!) {
    updateSyncSettings(brandId: $brandId, input: $input) {
      backfillDays
      resources {
        resource
        preset
        everySeconds
        customEverySeconds
        paused
        status
        pausedBy
        nextRunAt
        filters {
          warehouseIds
          channels
          orderTypes
          warehouseCustomerIds
        }
      }
    }
  }
`);

type Settings = NonNullable<NonNullable<SyncSettingsEditorQuery['integration']>['syncSettings']>;
type ResourceSettings = Settings['resources'][number];
type FilterName = 'warehouseIds' | 'channels' | 'orderTypes' | 'warehouseCustomerIds';

const FILTER_OF: Record<SyncFilterKind, FilterName> = {
  WAREHOUSE_IDS: 'warehouseIds', CHANNELS: 'channels', ORDER_TYPES: 'orderTypes', WAREHOUSE_CUSTOMER_IDS: 'warehouseCustomerIds',
};
const FILTER_LABEL: Record<FilterName, string> = {
  warehouseIds: 'Warehouses', channels: 'Order channels', orderTypes: 'Order types', warehouseCustomerIds: 'Warehouse customers',
};
const ORDER_TYPES: Option[] = [
  { value: 'd2c', label: 'D2C' }, { value: 'b2b', label: 'B2B' }, { value: 'dropship', label: 'Dropship' }, { value: 'transfer', label: 'Transfer' },
];

/** A row header that reads like the cells (the table's th style is for column headers). */
const ROW_HEADER = { fontSize: 14, fontWeight: 500, color: 'var(--text)', textTransform: 'none', letterSpacing: 'normal', background: 'transparent', whiteSpace: 'normal' } as const;

type ResourceDraft = { preset: SyncSchedulePreset; minutes: string; paused: boolean; filters: Record<FilterName, string[]> };
type Draft = { backfillDays: string; resources: Record<string, ResourceDraft> };

const MAX_MINUTES = 7 * 24 * 60;

/** Seconds → "5 min", "1 h", "12 h", "90 s". */
export function formatInterval(seconds: number): string {
  if (seconds % 3600 === 0) return `${seconds / 3600} h`;
  if (seconds % 60 === 0) return `${seconds / 60} min`;
  return `${seconds} s`;
}

/** "in 4 min", "in 2 h", "due now" from an ISO time in the future. */
function formatNextRun(iso: string | null | undefined, now = Date.now()): string {
  if (!iso) return '—';
  const s = Math.round((Date.parse(iso) - now) / 1000);
  if (s < 30) return 'due now';
  if (s < 3600) return `in ${Math.round(s / 60)} min`;
  if (s < 172_800) return `in ${Math.round(s / 3600)} h`;
  return `in ${Math.round(s / 86_400)} d`;
}

function draftOf(settings: Settings): Draft {
  return {
    backfillDays: String(settings.backfillDays),
    resources: Object.fromEntries(
      settings.resources.map((r) => [
        r.resource,
        {
          preset: r.preset,
          minutes: r.customEverySeconds != null ? String(r.customEverySeconds / 60) : '',
          paused: r.paused,
          filters: { warehouseIds: [...r.filters.warehouseIds], channels: [...r.filters.channels], orderTypes: [...r.filters.orderTypes], warehouseCustomerIds: [...r.filters.warehouseCustomerIds] },
        },
      ]),
    ),
  };
}

const sameList = (a: readonly string[], b: readonly string[]) => a.length === b.length && [...a].sort().every((v, i) => v === [...b].sort()[i]);

/** What to send: only what differs from the server's settings. Local problems (not a number) are reported instead. */
function changesOf(settings: Settings, draft: Draft): { input: Record<string, unknown>; problems: Record<string, string> } {
  const problems: Record<string, string> = {};
  const input: Record<string, unknown> = {};
  if (draft.backfillDays.trim() !== String(settings.backfillDays)) {
    const days = Number(draft.backfillDays);
    if (draft.backfillDays.trim() === '' || !Number.isInteger(days)) problems.backfillDays = 'Enter the backfill window in whole days.';
    else input.backfillDays = days;
  }
  const resources: Record<string, unknown>[] = [];
  for (const r of settings.resources) {
    const d = draft.resources[r.resource];
    const change: Record<string, unknown> = {};
    if (d.preset !== r.preset) change.preset = d.preset;
    if (d.preset === 'CUSTOM') {
      const minutes = Number(d.minutes);
      // Checked here because the input is in minutes; the server still checks the seconds it receives.
      if (d.minutes.trim() === '' || !Number.isInteger(minutes) || minutes < 1 || minutes > MAX_MINUTES) {
        problems[`resources.${r.resource}.everySeconds`] = `Enter whole minutes from 1 to ${MAX_MINUTES.toLocaleString('en-US')} (7 days).`;
      }
      else if (minutes * 60 !== r.customEverySeconds || r.preset !== 'CUSTOM') change.everySeconds = minutes * 60;
    }
    if (d.paused !== r.paused) change.paused = d.paused;
    const names = Object.keys(d.filters) as FilterName[];
    if (names.some((n) => !sameList(d.filters[n], r.filters[n]))) change.filters = Object.fromEntries(names.map((n) => [n, d.filters[n]]));
    if (Object.keys(change).length > 0) resources.push({ resource: r.resource, ...change });
  }
  if (resources.length > 0) input.resources = resources;
  return { input, problems };
}

export function SyncSettingsEditor({ brandId, version }: { brandId: string; version: number }) {
  const [{ data, fetching, error }, refetch] = useQuery({ query: SettingsQuery, variables: { brandId }, requestPolicy: 'cache-and-network' });
  const [saveState, save] = useMutation(UpdateSettings);
  const settings = data?.integration?.syncSettings ?? null;
  const [draft, setDraft] = useState<Draft | null>(null);
  const [localProblems, setLocalProblems] = useState<Record<string, string>>({});
  const [saved, setSaved] = useState(false);
  const [open, setOpen] = useState<ReadonlySet<string>>(new Set());
  // The server's messages describe the values that were sent: hidden once the user edits again.
  const [showServerErrors, setShowServerErrors] = useState(false);

  useEffect(() => {
    if (version > 0) refetch({ requestPolicy: 'network-only' });
  }, [version, refetch]);

  const pending = useMemo(() => (settings && draft ? changesOf(settings, draft) : null), [settings, draft]);
  const dirty = !!pending && (Object.keys(pending.input).length > 0 || Object.keys(pending.problems).length > 0);
  // Fresh server data replaces the draft unless someone is editing it.
  useEffect(() => {
    if (settings && !dirty) setDraft(draftOf(settings));
  }, [settings]); // `dirty` is read, not watched: only new server data may replace the draft

  if (error && !data) return <ErrorState error={error} retry={() => refetch({ requestPolicy: 'network-only' })} />;
  if (fetching && !data) return <Loading label="Loading sync settings…" />;
  if (!settings || !draft) return null;

  const serverProblems = showServerErrors ? fieldErrorsOf(saveState.error) : {};
  const problems = { ...serverProblems, ...localProblems };
  const problemOf = (field: string) => problems[field];
  const choices = settings.filterChoices;

  const edited = () => {
    setSaved(false);
    setShowServerErrors(false);
    setLocalProblems({});
  };
  const setResource = (resource: SyncResource, change: Partial<ResourceDraft>) => {
    edited();
    setDraft((d) => (d ? { ...d, resources: { ...d.resources, [resource]: { ...d.resources[resource], ...change } } } : d));
  };
  const toggleValue = (resource: SyncResource, name: FilterName, value: string, on: boolean) => {
    const current = draft.resources[resource].filters[name];
    const next = on ? [...new Set([...current, value])] : current.filter((v) => v !== value);
    setResource(resource, { filters: { ...draft.resources[resource].filters, [name]: next } });
  };

  async function onSave(event: FormEvent) {
    event.preventDefault();
    if (!settings || !draft) return;
    const { input, problems: local } = changesOf(settings, draft);
    setLocalProblems(local);
    if (Object.keys(local).length > 0 || Object.keys(input).length === 0) return;
    const result = await save({ brandId, input });
    setShowServerErrors(true);
    if (!result.error) {
      setSaved(true);
      refetch({ requestPolicy: 'network-only' });
    }
  }

  function discard() {
    if (!settings) return;
    setDraft(draftOf(settings));
    setLocalProblems({});
    setSaved(false);
  }

  const problemCount = Object.keys(problems).length;

  return (
    <form className="card" aria-labelledby="sync-settings-title" onSubmit={onSave} noValidate>
      <div className="section-head">
        <h2 id="sync-settings-title">Sync settings</h2>
        <span className="muted small">Changes apply as soon as you save; no restart.</span>
      </div>
      {problemCount > 0 && (
        <div className="banner banner-bad" role="alert" style={{ margin: '0 16px 12px' }}>
          {problemCount === 1 ? 'One setting needs attention' : `${problemCount} settings need attention`}: see the messages below.
        </div>
      )}
      {showServerErrors && saveState.error && problemCount === 0 && (
        <p className="banner banner-bad" role="alert" style={{ margin: '0 16px 12px' }}>
          {errorMessage(saveState.error)}
        </p>
      )}
      <div className="card-body" style={{ paddingTop: 0 }}>
        <div className="inline-form">
          <label htmlFor="backfill-days">Backfill window (days)</label>
          <input
            id="backfill-days"
            type="number"
            min={1}
            max={1098}
            step={1}
            style={{ width: 96 }}
            value={draft.backfillDays}
            aria-invalid={problemOf('backfillDays') ? true : undefined}
            aria-describedby="backfill-days-help backfill-days-error"
            onChange={(e) => {
              edited();
              setDraft({ ...draft, backfillDays: e.target.value });
            }}
          />
          <span id="backfill-days-help" className="muted small">
            How far back orders, returns and inbound shipments are loaded. A longer window loads the older ones now.
          </span>
        </div>
        <p id="backfill-days-error" className="field-error" hidden={!problemOf('backfillDays')}>
          {problemOf('backfillDays')}
        </p>
      </div>
      <div style={{ overflowX: 'auto' }}>
        <table className="table" aria-label="Sync settings per resource">
          <thead>
            <tr>
              <th scope="col">Resource</th>
              <th scope="col">Schedule</th>
              <th scope="col">Paused</th>
              <th scope="col">Filters</th>
              <th scope="col">Next run</th>
            </tr>
          </thead>
          <tbody>
            {settings.resources.map((r) => {
              const d = draft.resources[r.resource];
              const label = humanize(r.resource);
              const id = `sync-${r.resource}`;
              const intervalError = problemOf(`resources.${r.resource}.everySeconds`);
              const rowError = problemOf(`resources.${r.resource}`);
              const filterNames = r.supportedFilters.map((k) => FILTER_OF[k]);
              const activeFilters = filterNames.filter((n) => d.filters[n].length > 0).length;
              const expanded = open.has(r.resource);
              const filterErrors = filterNames.map((n) => problemOf(`resources.${r.resource}.filters.${n}`)).filter(Boolean);
              return [
                <tr key={r.resource} data-testid="sync-settings-row" data-resource={r.resource}>
                  <th scope="row" style={ROW_HEADER}>
                    {label}
                    {r.pausedBy && (
                      <div className="small" style={{ color: 'var(--warn)', fontWeight: 400 }}>
                        Also paused: {r.pausedBy}
                      </div>
                    )}
                    {rowError && <div className="field-error">{rowError}</div>}
                  </th>
                  <td>
                    <div className="inline-form" style={{ flexWrap: 'nowrap' }}>
                      <select
                        id={`${id}-preset`}
                        aria-label={`${label} schedule`}
                        value={d.preset}
                        onChange={(e) => setResource(r.resource, { preset: e.target.value as SyncSchedulePreset, minutes: d.minutes || String(r.everySeconds / 60) })}
                      >
                        <option value="NEAR_REAL_TIME">Near real time (every {formatInterval(r.nearRealTimeSeconds)})</option>
                        <option value="TRACKSTAR_DEFAULTS">Trackstar defaults (every {formatInterval(r.trackstarDefaultSeconds)})</option>
                        <option value="CUSTOM">Custom</option>
                      </select>
                      {d.preset === 'CUSTOM' && (
                        <span className="check">
                          <label htmlFor={`${id}-minutes`}>every</label>
                          <input
                            id={`${id}-minutes`}
                            type="number"
                            min={1}
                            max={MAX_MINUTES}
                            step={1}
                            style={{ width: 80 }}
                            value={d.minutes}
                            aria-label={`${label}: minutes between syncs`}
                            aria-invalid={intervalError ? true : undefined}
                            aria-describedby={intervalError ? `${id}-minutes-error` : undefined}
                            onChange={(e) => setResource(r.resource, { minutes: e.target.value })}
                          />
                          <span aria-hidden="true">min</span>
                        </span>
                      )}
                    </div>
                    {intervalError && (
                      <p id={`${id}-minutes-error`} className="field-error">
                        {intervalError}
                      </p>
                    )}
                  </td>
                  <td>
                    <label className="check">
                      <input type="checkbox" role="switch" checked={d.paused} aria-label={`Pause ${label}`} onChange={(e) => setResource(r.resource, { paused: e.target.checked })} />
                      <span aria-hidden="true">{d.paused ? 'Paused' : 'Syncing'}</span>
                    </label>
                  </td>
                  <td>
                    {filterNames.length === 0 ? (
                      <span className="muted small">None available</span>
                    ) : (
                      <button
                        type="button"
                        className="btn btn-small"
                        aria-expanded={expanded}
                        aria-controls={`${id}-filters`}
                        onClick={() => setOpen((s) => {
                          const next = new Set(s);
                          if (next.has(r.resource)) next.delete(r.resource);
                          else next.add(r.resource);
                          return next;
                        })}
                      >
                        {activeFilters === 0 ? 'All records' : `${activeFilters} filter${activeFilters > 1 ? 's' : ''}`}
                        <span className="sr-only"> for {label}; {expanded ? 'hide' : 'edit'}</span>
                      </button>
                    )}
                    {filterErrors.length > 0 && !expanded && <div className="field-error">{filterErrors[0]}</div>}
                  </td>
                  <td className="nowrap" data-col="next-run">
                    {/* What is in force (saved), not the draft. */}
                    {r.paused || r.status === 'PAUSED' ? <Badge tone="warn">Paused</Badge> : <span title={r.nextRunAt ?? undefined}>{formatNextRun(r.nextRunAt)}</span>}
                  </td>
                </tr>,
                expanded && filterNames.length > 0 && (
                  <tr key={`${r.resource}-filters`} className="detail-row" id={`${id}-filters`}>
                    <td colSpan={5}>
                      <div style={{ display: 'flex', gap: 24, flexWrap: 'wrap', padding: '4px 0' }}>
                        {filterNames.map((name) => (
                          <FilterPicker
                            key={name}
                            id={`${id}-${name}`}
                            legend={`${FILTER_LABEL[name]} (${label})`}
                            selected={d.filters[name]}
                            options={optionsFor(name, choices, d.filters[name])}
                            allowOther={name !== 'orderTypes' && name !== 'warehouseIds'}
                            error={problemOf(`resources.${r.resource}.filters.${name}`)}
                            onToggle={(value, on) => toggleValue(r.resource, name, value, on)}
                          />
                        ))}
                      </div>
                      <p className="muted small" style={{ marginTop: 6 }}>
                        Nothing ticked means every record. Adding values to a filter (or clearing it) loads the newly included records again from the start; narrowing keeps what was already synced. Webhooks still deliver changes to records outside the filters.
                      </p>
                    </td>
                  </tr>
                ),
              ];
            })}
          </tbody>
        </table>
      </div>
      <div className="card-body inline-form" style={{ borderTop: '1px solid var(--border)' }}>
        <button type="submit" className="btn btn-primary" disabled={!dirty || saveState.fetching}>
          {saveState.fetching ? 'Saving…' : 'Save changes'}
        </button>
        <button type="button" className="btn" onClick={discard} disabled={!dirty || saveState.fetching}>
          Discard
        </button>
        <span role="status" className="muted small">
          {saved && !dirty ? 'Saved. The new settings are in effect.' : dirty ? 'Unsaved changes.' : ''}
        </span>
      </div>
    </form>
  );
}

type Option = { value: string; label: string };

function optionsFor(name: FilterName, choices: Settings['filterChoices'], selected: readonly string[]): Option[] {
  const known: Option[] =
    name === 'warehouseIds'
      ? choices.warehouses.map((w) => ({ value: w.id, label: w.name ?? w.id }))
      : name === 'channels'
        ? choices.channels.map((c) => ({ value: c.id, label: c.name ?? c.id }))
        : name === 'orderTypes'
          ? ORDER_TYPES
          : choices.warehouseCustomerIds.map((id) => ({ value: id, label: id }));
  // A chosen value no longer among the choices (filtered out of the synced data) stays visible.
  const extra = selected.filter((v) => !known.some((o) => o.value === v)).map((v) => ({ value: v, label: v }));
  return [...known, ...extra];
}

function FilterPicker(props: {
  id: string;
  legend: string;
  selected: readonly string[];
  options: Option[];
  allowOther: boolean;
  error: string | undefined;
  onToggle(value: string, on: boolean): void;
}) {
  const [other, setOther] = useState('');
  const add = () => {
    for (const value of other.split(/[\s,]+/).map((v) => v.trim()).filter(Boolean)) props.onToggle(value, true);
    setOther('');
  };
  return (
    <fieldset style={{ border: 0, padding: 0, margin: 0, minWidth: 200 }} aria-describedby={props.error ? `${props.id}-error` : undefined}>
      <legend style={{ fontWeight: 600, marginBottom: 6 }}>{props.legend}</legend>
      {props.options.length === 0 && <p className="muted small">None synced yet.</p>}
      <div style={{ display: 'flex', flexDirection: 'column', gap: 4 }}>
        {props.options.map((o) => (
          <label key={o.value} className="check" style={{ fontWeight: 400 }}>
            <input type="checkbox" checked={props.selected.includes(o.value)} onChange={(e) => props.onToggle(o.value, e.target.checked)} />
            {o.label}
            {o.label !== o.value && <span className="muted small mono">{o.value}</span>}
          </label>
        ))}
      </div>
      {props.allowOther && (
        <div className="inline-form" style={{ marginTop: 6 }}>
          <label htmlFor={`${props.id}-other`} className="sr-only">
            Add other ids to {props.legend}
          </label>
          <input
            id={`${props.id}-other`}
            type="text"
            placeholder="Other ids"
            value={other}
            style={{ width: 150 }}
            onChange={(e) => setOther(e.target.value)}
            onKeyDown={(e) => {
              if (e.key === 'Enter') {
                e.preventDefault();
                add();
              }
            }}
          />
          <button type="button" className="btn btn-small" onClick={add} disabled={!other.trim()}>
            Add
          </button>
        </div>
      )}
      {props.error && (
        <p id={`${props.id}-error`} className="field-error">
          {props.error}
        </p>
      )}
    </fieldset>
  );
}
