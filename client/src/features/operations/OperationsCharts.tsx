// The operations room's charts (recharts): orders shipped and late per day (stacked bars), lead
// time p50/p90 per day (lines), SKUs out of stock per day (bars). Each chart is a labelled image
// with a one-sentence summary (aria-describedby) and the same figures in a visually hidden table,
// so nothing depends on seeing it.
import { useId, type ReactNode } from 'react';
import { Bar, BarChart, CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { useQuery } from 'urql';
import { graphql } from '../../gql';
import type { OperationsStatsQuery } from '../../gql/graphql';
import { ErrorState, Loading } from '../../app/ui';
import { formatNumber } from '../../lib/format';

export const OperationsStatsQueryDoc = graphql(`
  query OperationsStats($brandIds: [ID!], $days: Int) {
    operationsStats(brandIds: $brandIds, days: $days) {
      ordersPerDay {
        day
        brand {
          id
        }
        created
        shipped
        late
      }
      leadTime {
        samples
        p50Hours
        p90Hours
        perDay {
          day
          p50Hours
          p90Hours
          samples
        }
      }
      stockOutsPerDay {
        day
        brand {
          id
        }
        skus
      }
    }
  }
`);

type Stats = OperationsStatsQuery['operationsStats'];

// Each at least 3:1 against white (WCAG 1.4.11); series also differ by pattern (bars vs dashes).
const COLORS = { shipped: '#1b7f4b', late: '#b42318', p50: '#334fd1', p90: '#9a5b00', stockOuts: '#7a3fb5' };

/** Every day of the window, oldest first, as YYYY-MM-DD (UTC), so missing days show as zeros. */
export function windowDays(days: number, now = new Date()): string[] {
  const out: string[] = [];
  for (let i = days - 1; i >= 0; i--) out.push(new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() - i)).toISOString().slice(0, 10));
  return out;
}

/** Per-brand rows summed per day over the window. */
export function perDay<K extends string>(rows: readonly ({ day: string } & Record<K, number>)[], keys: readonly K[], days: readonly string[]): ({ day: string } & Record<K, number>)[] {
  const byDay = new Map(days.map((d) => [d, Object.fromEntries(keys.map((k) => [k, 0])) as Record<K, number>]));
  for (const row of rows) {
    const sums = byDay.get(row.day);
    if (sums) for (const k of keys) sums[k] += row[k];
  }
  return days.map((day) => ({ day, ...byDay.get(day)! }));
}

const shortDay = (day: string) => new Date(`${day}T00:00:00Z`).toLocaleDateString('en-US', { month: 'short', day: 'numeric', timeZone: 'UTC' });
const hours = (h: number | null | undefined) => (h == null ? '—' : `${h.toFixed(1)} h`);

function ChartCard({ title, summary, table, children }: { title: string; summary: string; table: ReactNode; children: ReactNode }) {
  const id = useId();
  return (
    <figure className="card card-body chart-card">
      <figcaption>
        <h3 id={`${id}-title`}>{title}</h3>
        <p className="muted small" id={`${id}-summary`}>
          {summary}
        </p>
      </figcaption>
      <div role="img" aria-labelledby={`${id}-title`} aria-describedby={`${id}-summary`} style={{ width: '100%', height: 220 }}>
        <ResponsiveContainer width="100%" height="100%">
          {children as never}
        </ResponsiveContainer>
      </div>
      <div className="sr-only">{table}</div>
    </figure>
  );
}

export function OperationsCharts({ brandIds, days = 14 }: { brandIds: readonly string[] | null; days?: number }) {
  const [{ data, error, fetching }, refetch] = useQuery({ query: OperationsStatsQueryDoc, variables: { brandIds: brandIds && brandIds.length ? [...brandIds] : null, days } });
  if (error && !data) return <ErrorState error={error} retry={() => refetch({ requestPolicy: 'network-only' })} />;
  if (!data) return fetching ? <Loading label="Loading charts…" /> : null;
  return <Charts stats={data.operationsStats} days={days} />;
}

function Charts({ stats, days }: { stats: Stats; days: number }) {
  const dayList = windowDays(days);
  const orders = perDay(stats.ordersPerDay, ['created', 'shipped', 'late'] as const, dayList).map((d) => ({ ...d, label: shortDay(d.day) }));
  const stockOuts = perDay(stats.stockOutsPerDay, ['skus'] as const, dayList).map((d) => ({ ...d, label: shortDay(d.day) }));
  const leadByDay = new Map(stats.leadTime.perDay.map((d) => [d.day, d]));
  const lead = dayList.map((day) => ({ day, label: shortDay(day), p50: leadByDay.get(day)?.p50Hours ?? null, p90: leadByDay.get(day)?.p90Hours ?? null, samples: leadByDay.get(day)?.samples ?? 0 }));
  const total = (k: 'shipped' | 'late' | 'created') => orders.reduce((s, d) => s + d[k], 0);
  const peakStockOuts = stockOuts.reduce((m, d) => Math.max(m, d.skus), 0);

  return (
    <div className="charts-grid" data-testid="operations-charts">
      <ChartCard
        title="Orders per day: shipped and late"
        summary={`Last ${days} days: ${formatNumber(total('shipped'))} orders shipped and ${formatNumber(total('late'))} late, of ${formatNumber(total('created'))} created.`}
        table={
          <table>
            <caption>Orders per day</caption>
            <thead>
              <tr>
                <th scope="col">Day</th>
                <th scope="col">Created</th>
                <th scope="col">Shipped</th>
                <th scope="col">Late</th>
              </tr>
            </thead>
            <tbody>
              {orders.map((d) => (
                <tr key={d.day}>
                  <th scope="row">{d.day}</th>
                  <td>{d.created}</td>
                  <td>{d.shipped}</td>
                  <td>{d.late}</td>
                </tr>
              ))}
            </tbody>
          </table>
        }
      >
        <BarChart data={orders} margin={{ top: 8, right: 8, bottom: 0, left: -16 }}>
          <CartesianGrid strokeDasharray="3 3" vertical={false} />
          <XAxis dataKey="label" tick={{ fontSize: 11 }} interval="preserveStartEnd" />
          <YAxis allowDecimals={false} tick={{ fontSize: 11 }} />
          <Tooltip />
          <Legend wrapperStyle={{ fontSize: 12 }} />
          <Bar dataKey="shipped" name="Shipped" stackId="orders" fill={COLORS.shipped} isAnimationActive={false} />
          <Bar dataKey="late" name="Late" stackId="orders" fill={COLORS.late} isAnimationActive={false} />
        </BarChart>
      </ChartCard>

      <ChartCard
        title="Fulfilment lead time"
        summary={
          stats.leadTime.samples === 0
            ? `No order shipped in the last ${days} days.`
            : `Over ${formatNumber(stats.leadTime.samples)} shipped orders: median ${hours(stats.leadTime.p50Hours)}, 90th percentile ${hours(stats.leadTime.p90Hours)} from order to first shipment.`
        }
        table={
          <table>
            <caption>Lead time per day, in hours</caption>
            <thead>
              <tr>
                <th scope="col">Day</th>
                <th scope="col">Median</th>
                <th scope="col">90th percentile</th>
                <th scope="col">Orders</th>
              </tr>
            </thead>
            <tbody>
              {lead.map((d) => (
                <tr key={d.day}>
                  <th scope="row">{d.day}</th>
                  <td>{hours(d.p50)}</td>
                  <td>{hours(d.p90)}</td>
                  <td>{d.samples}</td>
                </tr>
              ))}
            </tbody>
          </table>
        }
      >
        <LineChart data={lead} margin={{ top: 8, right: 8, bottom: 0, left: -16 }}>
          <CartesianGrid strokeDasharray="3 3" vertical={false} />
          <XAxis dataKey="label" tick={{ fontSize: 11 }} interval="preserveStartEnd" />
          <YAxis tick={{ fontSize: 11 }} unit=" h" />
          <Tooltip formatter={(v) => (typeof v === 'number' ? hours(v) : String(v))} />
          <Legend wrapperStyle={{ fontSize: 12 }} />
          <Line dataKey="p50" name="Median" stroke={COLORS.p50} strokeWidth={2} connectNulls dot={{ r: 2 }} isAnimationActive={false} />
          <Line dataKey="p90" name="90th percentile" stroke={COLORS.p90} strokeWidth={2} strokeDasharray="5 3" connectNulls dot={{ r: 2 }} isAnimationActive={false} />
        </LineChart>
      </ChartCard>

      <ChartCard
        title="SKUs out of stock per day"
        summary={peakStockOuts === 0 ? `No SKU ran out of stock in the last ${days} days.` : `Up to ${formatNumber(peakStockOuts)} SKUs out of stock on one day; ${formatNumber(stockOuts[stockOuts.length - 1]?.skus ?? 0)} today.`}
        table={
          <table>
            <caption>SKUs out of stock per day</caption>
            <thead>
              <tr>
                <th scope="col">Day</th>
                <th scope="col">SKUs</th>
              </tr>
            </thead>
            <tbody>
              {stockOuts.map((d) => (
                <tr key={d.day}>
                  <th scope="row">{d.day}</th>
                  <td>{d.skus}</td>
                </tr>
              ))}
            </tbody>
          </table>
        }
      >
        <BarChart data={stockOuts} margin={{ top: 8, right: 8, bottom: 0, left: -16 }}>
          <CartesianGrid strokeDasharray="3 3" vertical={false} />
          <XAxis dataKey="label" tick={{ fontSize: 11 }} interval="preserveStartEnd" />
          <YAxis allowDecimals={false} tick={{ fontSize: 11 }} />
          <Tooltip />
          <Bar dataKey="skus" name="SKUs out of stock" fill={COLORS.stockOuts} isAnimationActive={false} />
        </BarChart>
      </ChartCard>
    </div>
  );
}
