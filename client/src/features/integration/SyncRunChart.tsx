// Sync performance on the Integration tab: records per second of every sync attempt over time,
// one series per resource (BrandIntegration.syncRuns, kept 30 days by default). The same figures
// are given as a per-resource summary table and, on demand, a table of every attempt, so nothing
// depends on seeing the chart.
import { useEffect, useMemo, useState } from 'react';
import { CartesianGrid, Legend, ResponsiveContainer, Scatter, ScatterChart, Tooltip, XAxis, YAxis } from 'recharts';
import { useQuery } from 'urql';
import { graphql } from '../../gql';
import type { SyncResource, SyncRunHistoryQuery } from '../../gql/graphql';
import { ErrorState } from '../../app/ui';
import { formatDateTime, formatNumber, humanize } from '../../lib/format';

const SyncRunHistory = graphql(`
  query SyncRunHistory($brandId: ID!, $since: DateTime!) {
    integration(brandId: $brandId) {
      id
      syncRuns(since: $since, first: 250) {
        resource
        reason
        outcome
        startedAt
        durationMs
        records
        pages
        rateLimitWaitMs
        recordsPerSecond
        error
      }
    }
  }
`);

type Run = NonNullable<SyncRunHistoryQuery['integration']>['syncRuns'][number];

const WINDOWS = [
  { key: '24h', label: 'Last 24 hours', ms: 24 * 3600_000 },
  { key: '7d', label: 'Last 7 days', ms: 7 * 86_400_000 },
  { key: '30d', label: 'Last 30 days', ms: 30 * 86_400_000 },
] as const;
type WindowKey = (typeof WINDOWS)[number]['key'];
const LIMIT = 250;

// Each at least 3:1 against white (WCAG 1.4.11), and each series also has its own marker shape.
const SERIES: Record<SyncResource, { color: string; shape: 'circle' | 'square' | 'triangle' | 'diamond' | 'star' | 'cross' | 'wye' }> = {
  ORDERS: { color: '#334fd1', shape: 'circle' },
  INVENTORY: { color: '#1b7f4b', shape: 'square' },
  PRODUCTS: { color: '#b42318', shape: 'triangle' },
  RETURNS: { color: '#9a5b00', shape: 'diamond' },
  INBOUND_SHIPMENTS: { color: '#7a3fb5', shape: 'star' },
  WAREHOUSES: { color: '#0f766e', shape: 'cross' },
  WAREHOUSE_LOCATIONS: { color: '#c2410c', shape: 'wye' },
  SHIPPING_METHODS: { color: '#475569', shape: 'circle' },
};

const rate = (n: number | null | undefined) => (n == null ? '—' : n >= 100 ? formatNumber(Math.round(n)) : n.toFixed(1));
const seconds = (ms: number) => (ms < 1000 ? `${ms} ms` : `${(ms / 1000).toFixed(ms < 10_000 ? 1 : 0)} s`);

function median(values: number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

type Summary = { resource: SyncResource; attempts: number; failed: number; records: number; medianRate: number | null; peakRate: number | null; waitShare: number | null };

/** Per resource: attempts, records, median and peak records/s of attempts that read something, share of time spent waiting for the rate limit. */
export function summarizeRuns(runs: readonly Run[]): Summary[] {
  const byResource = new Map<SyncResource, Run[]>();
  for (const run of runs) byResource.set(run.resource, [...(byResource.get(run.resource) ?? []), run]);
  return [...byResource.entries()]
    .map(([resource, list]) => {
      const rates = list.filter((r) => r.records > 0 && r.recordsPerSecond != null).map((r) => r.recordsPerSecond!);
      const duration = list.reduce((n, r) => n + r.durationMs, 0);
      return {
        resource,
        attempts: list.length,
        failed: list.filter((r) => r.outcome !== 'COMPLETED').length,
        records: list.reduce((n, r) => n + r.records, 0),
        medianRate: median(rates),
        peakRate: rates.length ? Math.max(...rates) : null,
        waitShare: duration > 0 ? list.reduce((n, r) => n + r.rateLimitWaitMs, 0) / duration : null,
      };
    })
    .sort((a, b) => a.resource.localeCompare(b.resource));
}

type Point = { t: number; rate: number; run: Run };

function RunTooltip({ active, payload }: { active?: boolean; payload?: readonly { payload?: Point }[] }) {
  const point = active ? payload?.[0]?.payload : undefined;
  if (!point) return null;
  const { run } = point;
  return (
    <div className="card chart-tooltip">
      <strong>{humanize(run.resource)}</strong> · {formatDateTime(run.startedAt)}
      <div>
        {rate(run.recordsPerSecond)} records/s · {formatNumber(run.records)} records in {formatNumber(run.pages)} pages
      </div>
      <div className="muted">
        {seconds(run.durationMs)}, rate-limit waits {seconds(run.rateLimitWaitMs)} · {humanize(run.reason)} · {humanize(run.outcome)}
      </div>
    </div>
  );
}

/** `version` changes on every live event of the brand (sync status included), so new runs appear. */
export function SyncRunChart({ brandId, version }: { brandId: string; version: number }) {
  const [windowKey, setWindowKey] = useState<WindowKey>('7d');
  const span = WINDOWS.find((w) => w.key === windowKey)!;
  // Fixed per chosen window, so a live refetch keeps the same variables (and the chart its data).
  const since = useMemo(() => new Date(Date.now() - span.ms).toISOString(), [span.ms]);
  const [{ data, error, fetching }, refetch] = useQuery({ query: SyncRunHistory, variables: { brandId, since }, requestPolicy: 'cache-and-network' });
  useEffect(() => {
    if (version > 0) refetch({ requestPolicy: 'network-only' });
  }, [version, refetch]);
  const now = Date.now();
  const runs = useMemo(() => data?.integration?.syncRuns ?? [], [data]);
  const summary = useMemo(() => summarizeRuns(runs), [runs]);
  const series = useMemo(() => {
    const groups = new Map<SyncResource, Point[]>();
    for (const run of runs) {
      if (run.recordsPerSecond == null) continue;
      groups.set(run.resource, [...(groups.get(run.resource) ?? []), { t: Date.parse(run.startedAt), rate: run.recordsPerSecond, run }]);
    }
    return [...groups.entries()].sort(([a], [b]) => a.localeCompare(b));
  }, [runs]);

  // The axis spans the runs shown (up to now), not the whole period: a week with runs only in
  // its last hour would otherwise squeeze every point against the right edge.
  const first = runs.length ? Math.min(...runs.map((r) => Date.parse(r.startedAt))) : now - span.ms;
  const pad = Math.max(2_000, (now - first) * 0.04);
  const domain: [number, number] = [Math.max(Date.parse(since), first - pad), now + pad];
  const shown = domain[1] - domain[0];
  const tickFormat: Intl.DateTimeFormatOptions =
    shown < 15 * 60_000 ? { hour: 'numeric', minute: '2-digit', second: '2-digit' } : shown < 2 * 86_400_000 ? { hour: 'numeric', minute: '2-digit' } : { month: 'short', day: 'numeric' };
  const tick = (t: number) => new Date(t).toLocaleString('en-US', tickFormat);
  const tickRate = (v: number) => (v >= 10 ? formatNumber(Math.round(v)) : v.toFixed(1));
  const describedBy = 'sync-run-summary';

  return (
    <div className="card" data-testid="sync-run-chart">
      <div className="section-head">
        <h2 id="sync-performance-title">Sync performance</h2>
        <label className="inline-form small">
          <span>Period</span>
          <select value={windowKey} onChange={(e) => setWindowKey(e.target.value as WindowKey)}>
            {WINDOWS.map((w) => (
              <option key={w.key} value={w.key}>
                {w.label}
              </option>
            ))}
          </select>
        </label>
      </div>
      <div className="card-body">
        {error && !data ? (
          <ErrorState error={error} retry={() => refetch({ requestPolicy: 'network-only' })} />
        ) : runs.length === 0 ? (
          <p className="muted">{fetching ? 'Loading sync runs…' : `No sync runs in the ${span.label.toLowerCase()}.`}</p>
        ) : (
          <>
            <p id={describedBy} className="muted small" style={{ marginBottom: 8 }}>
              Records per second of each sync attempt ({formatNumber(runs.length)} {runs.length === 1 ? 'attempt' : 'attempts'}
              {runs.length >= LIMIT ? `, the latest ${LIMIT} shown` : ''}). Incremental runs that found nothing new sit at 0.
            </p>
            <div role="img" aria-labelledby="sync-performance-title" aria-describedby={describedBy} style={{ width: '100%', height: 260 }}>
              <ResponsiveContainer width="100%" height="100%">
                <ScatterChart margin={{ top: 8, right: 16, bottom: 8, left: 8 }} accessibilityLayer={false}>
                  <CartesianGrid stroke="#e3e6eb" />
                  <XAxis type="number" dataKey="t" domain={domain} scale="time" tickCount={6} tickFormatter={tick} tick={{ fontSize: 11, fill: '#5d6678' }} name="Started" />
                  <YAxis type="number" dataKey="rate" tick={{ fontSize: 11, fill: '#5d6678' }} width={56} tickFormatter={tickRate} label={{ value: 'records/s', angle: -90, position: 'insideLeft', fontSize: 11, fill: '#5d6678' }} />
                  <Tooltip content={<RunTooltip />} cursor={{ strokeDasharray: '3 3' }} />
                  <Legend formatter={(value: string) => <span style={{ color: '#1a1f2b' }}>{humanize(value)}</span>} wrapperStyle={{ fontSize: 12 }} />
                  {series.map(([resource, points]) => (
                    <Scatter key={resource} name={resource} data={points} fill={SERIES[resource].color} shape={SERIES[resource].shape} line={{ stroke: SERIES[resource].color, strokeOpacity: 0.35 }} isAnimationActive={false} />
                  ))}
                </ScatterChart>
              </ResponsiveContainer>
            </div>
            <table className="table" aria-label="Sync performance per resource" style={{ marginTop: 12 }}>
              <thead>
                <tr>
                  <th scope="col">Resource</th>
                  <th scope="col" className="num">Attempts</th>
                  <th scope="col" className="num">Records</th>
                  <th scope="col" className="num">Median records/s</th>
                  <th scope="col" className="num">Peak records/s</th>
                  <th scope="col" className="num">Rate-limit waits</th>
                </tr>
              </thead>
              <tbody>
                {summary.map((s) => (
                  <tr key={s.resource} data-testid="sync-run-summary-row">
                    <th scope="row" className="row-head">
                      <span aria-hidden="true" style={{ color: SERIES[s.resource].color }}>●</span> {humanize(s.resource)}
                    </th>
                    <td className="num">
                      {formatNumber(s.attempts)}
                      {s.failed > 0 && <span className="muted small"> ({formatNumber(s.failed)} not completed)</span>}
                    </td>
                    <td className="num">{formatNumber(s.records)}</td>
                    <td className="num">{rate(s.medianRate)}</td>
                    <td className="num">{rate(s.peakRate)}</td>
                    <td className="num">{s.waitShare == null ? '—' : `${Math.round(s.waitShare * 100)}% of the time`}</td>
                  </tr>
                ))}
              </tbody>
            </table>
            <details style={{ marginTop: 12 }}>
              <summary>Every attempt as a table</summary>
              <div style={{ overflowX: 'auto', maxHeight: 360 }}>
                <table className="table" aria-label="Sync attempts">
                  <thead>
                    <tr>
                      <th scope="col">Started</th>
                      <th scope="col">Resource</th>
                      <th scope="col">Why</th>
                      <th scope="col">Outcome</th>
                      <th scope="col" className="num">Records</th>
                      <th scope="col" className="num">Pages</th>
                      <th scope="col" className="num">Duration</th>
                      <th scope="col" className="num">Records/s</th>
                      <th scope="col" className="num">Waits</th>
                    </tr>
                  </thead>
                  <tbody>
                    {runs.map((run, i) => (
                      <tr key={`${run.startedAt}-${run.resource}-${i}`}>
                        <td className="nowrap">{formatDateTime(run.startedAt)}</td>
                        <td>{humanize(run.resource)}</td>
                        <td>{humanize(run.reason)}</td>
                        <td title={run.error ?? undefined}>{humanize(run.outcome)}</td>
                        <td className="num">{formatNumber(run.records)}</td>
                        <td className="num">{formatNumber(run.pages)}</td>
                        <td className="num">{seconds(run.durationMs)}</td>
                        <td className="num">{rate(run.recordsPerSecond)}</td>
                        <td className="num">{seconds(run.rateLimitWaitMs)}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            </details>
          </>
        )}
      </div>
    </div>
  );
}
