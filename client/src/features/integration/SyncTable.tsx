import { graphql } from '../../gql';
import type { SyncResource, SyncStateRowFragment } from '../../gql/graphql';
import { Badge, type Tone } from '../../app/ui';
import { formatAge, formatLastRun, formatNumber, humanize } from '../../lib/format';

graphql(`
  fragment SyncStateRow on SyncState {
    id
    resource
    status
    inProgress
    dataAge
    lastSucceededAt
    lastFailedAt
    lastError
    recordsStored
    recordsSynced
    pagesFetched
    historicalSyncCompletedAt
    backfillCompletedAt
  }
`);

const TONE: Record<string, Tone> = { SUCCEEDED: 'ok', RUNNING: 'info', QUEUED: 'info', FAILED: 'bad', PAUSED: 'warn', IDLE: 'neutral' };

/** Seconds → "42 s", "5 min", "3 h". */
function age(seconds: number | null | undefined): string {
  if (seconds == null) return '—';
  if (seconds < 60) return `${seconds} s`;
  if (seconds < 3600) return `${Math.round(seconds / 60)} min`;
  if (seconds < 172_800) return `${Math.round(seconds / 3600)} h`;
  return `${Math.round(seconds / 86_400)} d`;
}

type Props = { states: readonly SyncStateRowFragment[]; disabled: boolean; busy: ReadonlySet<string>; onSync(resource: SyncResource): void };

export function SyncTable({ states, disabled, busy, onSync }: Props) {
  return (
    <div style={{ overflowX: 'auto' }}>
      <table className="table" aria-label="Sync state per resource">
        <thead>
          <tr>
            <th>Resource</th>
            <th>Status</th>
            <th>Last success</th>
            <th>Data age</th>
            <th className="num" title="Records Packr holds (records read by the last complete run)">Records</th>
            <th className="hide-narrow">Historical sync</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {states.map((s) => {
            const running = s.inProgress || s.status === 'RUNNING';
            return (
              <tr key={s.id} data-testid="sync-row" data-resource={s.resource} data-status={s.status}>
                <td>{humanize(s.resource)}</td>
                <td>
                  <Badge tone={running ? 'info' : (TONE[s.status] ?? 'neutral')}>{running ? `Running${s.pagesFetched ? ` · page ${s.pagesFetched}` : ''}` : humanize(s.status)}</Badge>
                  {s.lastError && s.status === 'FAILED' && <div className="error-text small">{s.lastError}</div>}
                </td>
                <td title={s.lastSucceededAt ?? undefined}>{formatAge(s.lastSucceededAt)}</td>
                <td>{age(s.dataAge)}</td>
                {/* The total Packr holds, then the last complete run's count (0 after a quiet incremental run). */}
                <td className="num" data-col="records">
                  {formatNumber(s.recordsStored)}
                  {s.lastSucceededAt && <span className="muted small"> {formatLastRun(s.recordsSynced, true)}</span>}
                </td>
                <td className="hide-narrow">{s.historicalSyncCompletedAt ? 'Done' : s.backfillCompletedAt ? 'Backfilled' : 'In progress'}</td>
                <td className="num">
                  <button type="button" className="btn btn-small" disabled={disabled || busy.has(s.resource)} onClick={() => onSync(s.resource)}>
                    Sync now
                  </button>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
