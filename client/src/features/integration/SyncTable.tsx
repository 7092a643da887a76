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
    confirmedAt
    confirmedBy
    newestRecordAt
    lastStalledAt
    reconcileDeleted
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

/** "just now (webhook)": when Packr last confirmed the resource matches Trackstar, and what confirmed it. */
function confirmed(s: SyncStateRowFragment): string {
  if (!s.confirmedAt) return 'not yet';
  return `${formatAge(s.confirmedAt)}${s.confirmedBy ? ` (${s.confirmedBy.toLowerCase()})` : ''}`;
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
            <th title="When Packr last confirmed its copy matches Trackstar's: a complete sync run or an applied webhook">Confirmed</th>
            <th className="hide-narrow" title="The newest change in the WMS among the records Packr holds (how old the newest data is)">Newest record</th>
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
                  {s.lastStalledAt && (!s.lastSucceededAt || s.lastStalledAt > s.lastSucceededAt) && (
                    <div className="warn-text small" data-testid="stalled">Stalled {formatAge(s.lastStalledAt)}; resuming</div>
                  )}
                </td>
                <td title={s.lastSucceededAt ?? undefined}>{formatAge(s.lastSucceededAt)}</td>
                <td data-col="confirmed" title={s.confirmedAt ?? undefined}>{confirmed(s)}</td>
                <td className="hide-narrow" data-col="newest" title={s.newestRecordAt ?? undefined}>{s.newestRecordAt ? formatAge(s.newestRecordAt) : '—'}</td>
                {/* The total Packr holds, then the last complete run's count (0 after a quiet incremental run). */}
                <td className="num" data-col="records">
                  {formatNumber(s.recordsStored)}
                  {s.lastSucceededAt && <span className="muted small"> {formatLastRun(s.recordsSynced, true)}</span>}
                  {s.reconcileDeleted > 0 && (
                    <div className="muted small" title="Records the last complete listing no longer found in the WMS (marked deleted)">
                      {formatNumber(s.reconcileDeleted)} deleted in the WMS
                    </div>
                  )}
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
